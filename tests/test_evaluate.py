"""Held-out error, cross-validation and tuning, in both packages.

Splits and folds are disjoint and cover every row, the same rows in both
packages for the same seed; the scaling is fitted on the training rows alone;
exact mode gives purenn's bits for every score, mean and spread; tuning picks
the setting with the lowest cross-validation error.
"""

from __future__ import annotations

import math
import statistics
from types import ModuleType
from typing import Any

import numpy as np
import pytest

import npnn
import purenn
from tests.parity import assert_same, assert_within

PACKAGES = [purenn, npnn]


@pytest.fixture(scope="module")
def housing() -> tuple[list[list[float]], list[list[float]]]:
    """The write-up's inputs, unscaled, and its target: (506, 3) and (506, 1)."""
    return purenn.load_housing()


def _rows(indices: Any) -> list[int]:
    return [int(i) for i in indices]


# --- splits ---


@pytest.mark.parametrize("nn", PACKAGES, ids=lambda m: m.__name__)
@pytest.mark.parametrize(
    ("N", "test_fraction", "seed"),
    [(506, 0.2, 0), (506, 0.5, 3), (10, 0.3, 1), (2, 0.5, 7), (7, 0.9, 2), (40, 0.05, 11)],
)
def test_split_is_disjoint_and_covering(
    nn: ModuleType, N: int, test_fraction: float, seed: int
) -> None:
    """Every row is on exactly one side; round(test_fraction * N) are held out."""
    X = [[float(i + 1), float(2 * i + 1)] for i in range(N)]
    t = [[float(i)] for i in range(N)]
    part = nn.split(X, t, test_fraction=test_fraction, seed=seed)
    train, test = _rows(part.train_rows), _rows(part.test_rows)
    assert len(test) == round(test_fraction * N)
    assert set(train).isdisjoint(test)
    assert sorted(train + test) == list(range(N))
    assert train == sorted(train)
    assert test == sorted(test)
    # Each side carries its own rows: t[i] == i marks row i.
    assert [row[0] for row in np.asarray(part.t_train).tolist()] == train
    assert [row[0] for row in np.asarray(part.t_test).tolist()] == test


@pytest.mark.parametrize("seed", [0, 1, 2, 12345, -7, 2**70])
def test_split_is_the_same_in_both_packages(
    housing: tuple[list[list[float]], list[list[float]]], seed: int
) -> None:
    """The same seed holds out the same rows, scaled to the same bits."""
    X, t = housing
    ours, theirs = purenn.split(X, t, seed=seed), npnn.split(X, t, seed=seed)
    assert _rows(theirs.test_rows) == ours.test_rows
    assert _rows(theirs.train_rows) == ours.train_rows
    for name in ("X0_train", "t_train", "X0_test", "t_test", "scale"):
        assert_same(name, getattr(ours, name), getattr(theirs, name))


def test_split_order_is_the_stream_s_order() -> None:
    """The held-out rows are those of the smallest uniforms drawn from generator(seed)."""
    N, seed = 30, 4
    rng = purenn.generator(seed)
    u = [rng.random() for _ in range(N)]
    expected = sorted(sorted(range(N), key=u.__getitem__)[: round(0.2 * N)])
    X = [[float(i + 1)] for i in range(N)]
    assert purenn.split(X, X, seed=seed).test_rows == expected


def test_split_changes_with_the_seed(housing: tuple[list[list[float]], list[list[float]]]) -> None:
    X, t = housing
    assert purenn.split(X, t, seed=0).test_rows != purenn.split(X, t, seed=1).test_rows


@pytest.mark.parametrize("nn", PACKAGES, ids=lambda m: m.__name__)
def test_scaling_is_fitted_on_the_training_rows_only(
    nn: ModuleType, housing: tuple[list[list[float]], list[list[float]]]
) -> None:
    """A test row's value cannot move the scaling: make it a column's maximum, nothing changes.

    The scale is the training rows' column maxima; the training inputs are the
    same bits whatever the test rows hold, while the write-up's scaling (the
    maximum of every row) would change.
    """
    X, t = housing
    before = nn.split(X, t, seed=5)
    row = _rows(before.test_rows)[0]
    X_changed = [list(r) for r in X]
    X_changed[row] = [2.0 * m for m in purenn.fit_scale(X)[0]]  # every column's maximum now
    after = nn.split(X_changed, t, seed=5)

    training = [X[i] for i in _rows(before.train_rows)]
    assert_same("scale", before.scale, purenn.fit_scale(training))
    assert_same("scale", after.scale, before.scale)
    assert_same("X0_train", after.X0_train, before.X0_train)
    assert not np.array_equal(nn.fit_scale(X_changed), nn.fit_scale(X))  # all rows would leak
    position = _rows(before.test_rows).index(row)
    assert_same(
        "the changed test row, scaled by the training maxima",
        np.asarray(after.X0_test)[position],
        np.asarray(X_changed[row]) / np.asarray(before.scale)[0],
    )
    assert np.asarray(after.X0_test)[position].min() >= 2.0  # beyond the training maxima


@pytest.mark.parametrize("nn", PACKAGES, ids=lambda m: m.__name__)
def test_holdout_trains_on_the_training_rows_only(
    nn: ModuleType, housing: tuple[list[list[float]], list[list[float]]]
) -> None:
    """holdout is split, then train on the training side, then score both sides."""
    X, t = housing
    result = nn.holdout(X, t, test_fraction=0.25, seed=2, n_iter=12, n_h=3, p=0.0, exact=True)
    part = nn.split(X, t, test_fraction=0.25, seed=2)
    trained = nn.train(part.X0_train, part.t_train, n_iter=12, n_h=3, p=0.0, seed=2, exact=True)
    assert_same("W1", result.model.W1, trained.weights.W1)
    assert_same("W2", result.model.W2, trained.weights.W2)
    y = nn.predict(part.X0_test, trained.weights.W1, trained.weights.W2, exact=True)
    assert (result.train.rows, result.test.rows) == (len(X) - round(0.25 * len(X)), 126)
    assert_same("test loss", result.test.loss, nn.loss(y, part.t_test, exact=True))
    assert_same("test RMSE", result.test.rmse, nn.rmse(y, part.t_test, exact=True))


def test_holdout_is_bit_equal_in_exact_mode(
    housing: tuple[list[list[float]], list[list[float]]],
) -> None:
    """The network's and the baseline's held-out scores: purenn's bits in exact mode."""
    X, t = housing
    ours = purenn.holdout(X, t, seed=1, n_iter=20)
    theirs = npnn.holdout(X, t, seed=1, n_iter=20, exact=True)
    for side in ("train", "test"):
        a, b = getattr(ours, side), getattr(theirs, side)
        assert a.rows == b.rows
        assert_same(f"{side} loss and RMSE", [a.loss, a.rmse], [b.loss, b.rmse])
    assert isinstance(ours.model, purenn.Weights)
    assert isinstance(theirs.model, npnn.Weights)
    assert_same("W1", ours.model.W1, theirs.model.W1)
    for intercept in (True, False):
        line = purenn.holdout_linear(X, t, seed=1, intercept=intercept)
        twin = npnn.holdout_linear(X, t, seed=1, intercept=intercept, exact=True)
        assert isinstance(line.model, purenn.Linear)
        assert isinstance(twin.model, npnn.Linear)
        assert_same("w", line.model.w, twin.model.w)
        assert_same("b", line.model.b, twin.model.b)
        assert_same("test RMSE", line.test.rmse, twin.test.rmse)
    assert repr(ours) == repr(theirs)


# --- folds and cross-validation ---


@pytest.mark.parametrize(("N", "k", "seed"), [(506, 5, 0), (10, 3, 1), (7, 7, 2), (2, 2, 3)])
def test_folds_partition_the_rows(N: int, k: int, seed: int) -> None:
    """k folds, disjoint, covering, sizes within one of each other; the same in both packages."""
    folds = purenn.kfold(N, k, seed=seed)
    assert [_rows(f) for f in npnn.kfold(N, k, seed=seed)] == folds
    assert len(folds) == k
    every = [i for fold in folds for i in fold]
    assert sorted(every) == list(range(N))
    sizes = [len(fold) for fold in folds]
    assert max(sizes) - min(sizes) <= 1
    assert all(fold == sorted(fold) for fold in folds)


def test_cross_validation_holds_out_each_fold(
    housing: tuple[list[list[float]], list[list[float]]],
) -> None:
    """Each fold's score is the network trained and scaled on the other folds, scored on it."""
    X, t = housing
    result = purenn.cross_validate(X, t, k=4, seed=3, n_iter=8)
    assert result.folds == purenn.kfold(len(X), 4, seed=3)
    for held_out, score in zip(result.folds, result.scores):
        rows = [i for i in range(len(X)) if i not in set(held_out)]
        scale = purenn.fit_scale([X[i] for i in rows])
        X0 = purenn.apply_scale([X[i] for i in rows], scale)
        weights = purenn.train(X0, [t[i] for i in rows], n_iter=8, seed=3).weights
        X0_held_out = purenn.apply_scale([X[i] for i in held_out], scale)
        y = purenn.predict(X0_held_out, weights.W1, weights.W2)
        expected = purenn.score(y, [t[i] for i in held_out])
        assert (score.rows, score.loss, score.rmse) == (expected.rows, expected.loss, expected.rmse)


@pytest.mark.parametrize("nn", PACKAGES, ids=lambda m: m.__name__)
def test_cross_validation_reports_the_mean_and_sample_sd(
    nn: ModuleType, housing: tuple[list[list[float]], list[list[float]]]
) -> None:
    """mean_* is the mean over the folds and sd_* the sample standard deviation (k - 1)."""
    X, t = housing
    result = nn.cross_validate_linear(X, t, k=6, seed=4)
    rmses = [s.rmse for s in result.scores]
    losses = [s.loss for s in result.scores]
    assert math.isclose(result.mean_rmse, statistics.fmean(rmses), rel_tol=1e-14)
    assert math.isclose(result.sd_rmse, statistics.stdev(rmses), rel_tol=1e-12)
    assert math.isclose(result.mean_loss, statistics.fmean(losses), rel_tol=1e-14)
    assert math.isclose(result.sd_loss, statistics.stdev(losses), rel_tol=1e-12)
    assert [s.rows for s in result.scores] == [84, 84, 85, 84, 84, 85]


def _cv_numbers(result: Any) -> list[float]:
    numbers = [result.mean_loss, result.sd_loss, result.mean_rmse, result.sd_rmse]
    for s in result.scores:
        numbers += [s.loss, s.rmse]
    return numbers


@pytest.mark.parametrize(
    ("k", "seed", "n_h", "p"), [(3, 0, 4, 0.2), (5, 1, 2, 0.0), (2, 9, 6, 0.5)]
)
def test_cross_validation_is_bit_equal_in_exact_mode(
    housing: tuple[list[list[float]], list[list[float]]], k: int, seed: int, n_h: int, p: float
) -> None:
    """Folds, every fold's loss and RMSE, their means and spreads: purenn's bits."""
    X, t = housing
    ours = purenn.cross_validate(X, t, k=k, seed=seed, n_h=n_h, p=p, n_iter=10)
    theirs = npnn.cross_validate(X, t, k=k, seed=seed, n_h=n_h, p=p, n_iter=10, exact=True)
    assert [_rows(f) for f in theirs.folds] == ours.folds
    assert_same("network CV", _cv_numbers(ours), _cv_numbers(theirs))
    for intercept in (True, False):
        a = purenn.cross_validate_linear(X, t, k=k, seed=seed, intercept=intercept)
        b = npnn.cross_validate_linear(X, t, k=k, seed=seed, intercept=intercept, exact=True)
        assert_same(f"linear CV, intercept {intercept}", _cv_numbers(a), _cv_numbers(b))
    assert repr(ours) == repr(theirs)


def test_cross_validation_default_mode_is_close(
    housing: tuple[list[list[float]], list[list[float]]],
) -> None:
    """Default mode (BLAS, np.mean, np.std) differs from purenn only in the last bits.

    One step differs by a few units in the last place (tests/test_parity_network.py
    bounds it); 10 steps of gradient descent with a small alpha carry such
    differences along without amplifying them much. Measured here: at most
    3e-14 relative, on a standard deviation (a difference of nearly equal
    numbers loses the most). The bound, 1e-11 relative, leaves a factor of a
    few hundred for other platforms' BLAS, and still fails on any real change.
    """
    X, t = housing
    ours = purenn.cross_validate(X, t, k=3, seed=2, n_iter=10)
    theirs = npnn.cross_validate(X, t, k=3, seed=2, n_iter=10)
    reference = np.array(_cv_numbers(ours))
    assert_within("network CV", reference, _cv_numbers(theirs), 1e-11 * np.abs(reference))
    a = purenn.cross_validate_linear(X, t, k=3, seed=2)
    b = npnn.cross_validate_linear(X, t, k=3, seed=2)
    reference = np.array(_cv_numbers(a))
    assert_within("linear CV", reference, _cv_numbers(b), 1e-11 * np.abs(reference))


@pytest.mark.parametrize("nn", PACKAGES, ids=lambda m: m.__name__)
def test_progress_counts_every_step(
    nn: ModuleType, housing: tuple[list[list[float]], list[list[float]]]
) -> None:
    """progress(done, total) after each gradient step of each fold, up to k * n_iter."""
    X, t = housing
    calls: list[tuple[int, int]] = []
    nn.cross_validate(X, t, k=3, n_iter=4, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(i, 12) for i in range(1, 13)]
    calls.clear()
    nn.holdout(X, t, n_iter=3, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(1, 3), (2, 3), (3, 3)]


# --- tuning ---

GRID: dict[str, Any] = {"alpha": [1e-6, 1e-5], "n_h": [2, 4], "p": [0.0, 0.2], "n_iter": [6]}


@pytest.mark.parametrize("nn", PACKAGES, ids=lambda m: m.__name__)
def test_tune_returns_the_setting_with_the_lowest_cv_error(
    nn: ModuleType, housing: tuple[list[list[float]], list[list[float]]]
) -> None:
    """Every setting in grid order, each its own cross_validate; best has the lowest mean RMSE."""
    X, t = housing
    result = nn.tune(X, t, **GRID, k=3, seed=1)
    settings = [(tr.alpha, tr.n_h, tr.p, tr.n_iter) for tr in result.trials]
    assert settings == [
        (a, h, q, n) for a in GRID["alpha"] for h in GRID["n_h"] for q in GRID["p"] for n in [6]
    ]
    for trial in result.trials[:3]:
        alone = nn.cross_validate(
            X, t, k=3, seed=1, alpha=trial.alpha, n_h=trial.n_h, p=trial.p, n_iter=trial.n_iter
        )
        assert _cv_numbers(alone) == _cv_numbers(trial.cv)
    lowest = min(trial.cv.mean_rmse for trial in result.trials)
    assert result.best.cv.mean_rmse == lowest
    assert result.best is next(tr for tr in result.trials if tr.cv.mean_rmse == lowest)


def test_tune_is_bit_equal_in_exact_mode(
    housing: tuple[list[list[float]], list[list[float]]],
) -> None:
    """Every trial's scores, and so the best setting: purenn's bits."""
    X, t = housing
    ours = purenn.tune(X, t, **GRID, k=2, seed=3)
    theirs = npnn.tune(X, t, **GRID, k=2, seed=3, exact=True)
    for a, b in zip(ours.trials, theirs.trials, strict=True):
        assert_same(repr(a), _cv_numbers(a.cv), _cv_numbers(b.cv))
    assert repr(ours.best) == repr(theirs.best)
    assert repr(ours) == repr(theirs)


@pytest.mark.parametrize("nn", PACKAGES, ids=lambda m: m.__name__)
def test_tune_keeps_a_diverged_setting_but_never_picks_it(
    nn: ModuleType, housing: tuple[list[list[float]], list[list[float]]]
) -> None:
    """alpha = 1e300 overflows at once: the trial is marked diverged, the other is best."""
    X, t = housing
    steps: list[int] = []
    result = nn.tune(
        X,
        t,
        alpha=[1e300, 1e-6],
        n_h=[4],
        p=[0.0],
        n_iter=[3],
        k=2,
        progress=lambda done, total: steps.append(done),
    )
    assert [trial.diverged for trial in result.trials] == [True, False]
    assert result.trials[0].cv is None
    assert result.best is result.trials[1]
    assert steps[-1] == 2 * 2 * 3  # the skipped steps still count: the bar reaches its end
    assert repr(result.trials[0]).endswith(", cv=None)")


@pytest.mark.parametrize("nn", PACKAGES, ids=lambda m: m.__name__)
def test_tune_breaks_ties_by_grid_order(
    nn: ModuleType, housing: tuple[list[list[float]], list[list[float]]]
) -> None:
    """With n_iter = 0 alpha changes nothing: equal scores, and the first setting is best."""
    X, t = housing
    result = nn.tune(X, t, alpha=[1e-5, 1e-6], n_h=[3], p=[0.0], n_iter=[0], k=2)
    assert result.trials[0].cv.mean_rmse == result.trials[1].cv.mean_rmse
    assert result.best is result.trials[0]


@pytest.mark.parametrize("nn", PACKAGES, ids=lambda m: m.__name__)
def test_tune_raises_when_every_setting_diverges(
    nn: ModuleType, housing: tuple[list[list[float]], list[list[float]]]
) -> None:
    X, t = housing
    with pytest.raises(purenn.DivergenceError) as caught:
        nn.tune(X, t, alpha=[1e300], n_h=[4], p=[0.0], n_iter=[2], k=2)
    assert str(caught.value) == (
        "tune: the training diverged for every setting of the grid; try smaller alpha values"
    )


@pytest.mark.parametrize("nn", PACKAGES, ids=lambda m: m.__name__)
def test_records_show_shapes_and_scores(
    nn: ModuleType, housing: tuple[list[list[float]], list[list[float]]]
) -> None:
    X, t = housing
    assert repr(nn.split(X, t)) == (
        "Split(X0_train=(405, 3), t_train=(405, 1), X0_test=(101, 3), t_test=(101, 1), "
        "scale=(1, 3), train_rows=<405 values>, test_rows=<101 values>)"
    )
    score = nn.score([[1.0], [2.0]], [[1.0], [4.0]])
    assert repr(score) == "Score(rows=2, loss=2.0, rmse=1.4142135623730951)"
    assert repr(nn.cross_validate_linear(X, t)).startswith("CVResult(scores=<5 scores>, mean_loss=")
