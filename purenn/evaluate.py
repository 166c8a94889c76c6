r"""Error on rows the model has not seen: a held-out split and K-fold cross-validation.

The write-up trains and reports its error on the same 506 rows, which says
how well the network fits them, not how well it predicts a house it has not
seen. Two standard answers, for the network and for the linear baseline:

- a **train/test split**: hold out a share of the rows (20% by default),
  train on the rest, score on the held-out rows;
- **K-fold cross-validation**: cut the rows into ``k`` folds; each fold in
  turn is held out while the model trains on the other ``k - 1``. The spread
  of the ``k`` held-out errors shows how much one split's answer depends on
  which rows it happened to hold out.

Rows are assigned from the one random stream: ``N`` uniforms from
``generator(seed)``, and the positions sorted by them (a stable sort, as
:func:`~purenn.random.choose` does) put the rows in a random order. A split
holds out the first ``round(test_fraction * N)`` rows of that order; fold
``f`` of ``k`` holds out the stretch from ``f N // k`` to ``(f + 1) N // k``.
Each side keeps its rows in the table's order.

**The scaling is fitted on the training rows only.** The write-up divides
each column by its maximum over all rows. If a held-out row holds a column's
maximum, that row has shaped the inputs the model trained on: the test rows
leak into training and the held-out error comes out optimistic. Here each
training set gets its own maxima (:func:`~purenn.data.fit_scale`) and the
held-out rows are divided by those (:func:`~purenn.data.apply_scale`), so a
held-out entry may exceed 1.

Every score is the loss (half the sum of squares, the write-up's error) and,
beside it, the root-mean-square error in the units of ``t``: for the housing
data, thousands of dollars.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

from purenn.baseline import Linear, _fit_linear, _predict_linear
from purenn.data import apply_scale, fit_scale
from purenn.matrix import Matrix, MatrixLike
from purenn.network import Weights, _forward, _loss, _rmse
from purenn.random import Indices, _choose, generator
from purenn.support import checks
from purenn.support.checks import list_matrix
from purenn.support.network_checks import NetworkChecks
from purenn.support.records import record_repr
from purenn.train import Callback, train

__all__ = [
    "CVResult",
    "HoldoutResult",
    "Progress",
    "Score",
    "Split",
    "cross_validate",
    "cross_validate_linear",
    "holdout",
    "holdout_linear",
    "kfold",
    "score",
    "split",
]

check = NetworkChecks(list_matrix)
"""The argument checks of the network's functions, over this package's matrices."""

Progress = Callable[[int, int], None]
"""Called as ``progress(steps_done, steps_in_all)`` after each gradient step."""

Model = Weights | Linear
Fit = Callable[[Matrix, Matrix], Model]  # fit(X0_train, t_train) -> model
Predict = Callable[[Model, Matrix], Matrix]  # predict(model, X0) -> y


@dataclass(frozen=True, repr=False)
class Score:
    """How far the predictions are from the targets, on ``rows`` rows.

    ``loss`` is half the sum of squared errors (the write-up's error; it grows
    with the number of rows). ``rmse`` is the root-mean-square error, in the
    units of ``t`` ($1000s for the housing data).
    """

    rows: int
    loss: float
    rmse: float

    __repr__ = record_repr


@dataclass(frozen=True, repr=False)
class Split:
    """Rows split into training and held-out (test) rows, scaled by the training rows.

    ``X0_train`` is ``(N_train, D)`` and ``X0_test`` is ``(N_test, D)``, both
    divided by ``scale`` ``(1, D)``: the column maxima of the training rows
    alone. ``t_train`` ``(N_train, 1)`` and ``t_test`` ``(N_test, 1)`` are their
    targets; ``train_rows`` and ``test_rows`` their positions in the table, in
    increasing order.
    """

    X0_train: Matrix
    t_train: Matrix
    X0_test: Matrix
    t_test: Matrix
    scale: Matrix
    train_rows: Indices
    test_rows: Indices

    __repr__ = record_repr


@dataclass(frozen=True, repr=False)
class HoldoutResult:
    """A model trained on a split's training rows, scored on both sides.

    ``model`` is the network's ``Weights`` or the baseline's ``Linear``.
    """

    split: Split
    model: Weights | Linear
    train: Score
    test: Score

    __repr__ = record_repr


@dataclass(frozen=True, repr=False)
class CVResult:
    """K-fold cross-validation: each fold's held-out score, their mean and spread.

    ``folds[f]`` are the rows fold ``f`` held out and ``scores[f]`` their score.
    ``mean_loss`` and ``mean_rmse`` are means over the ``k`` folds (the mean of
    the folds' RMSEs, not one RMSE of the rows pooled). ``sd_loss`` and
    ``sd_rmse`` are the sample standard deviations over the folds (the sum of
    squared deviations divided by ``k - 1``).
    """

    folds: list[Indices] = field(repr=False)
    scores: list[Score]
    mean_loss: float
    sd_loss: float
    mean_rmse: float
    sd_rmse: float

    __repr__ = record_repr


class _Steps:
    """Counts gradient steps across several trainings, for a ``progress`` callback."""

    def __init__(self, progress: Progress | None, total: int) -> None:
        self.progress, self.total, self.done = progress, total, 0

    def callback(self) -> Callback | None:
        return None if self.progress is None else self._step

    def _step(self, iteration: int, error: float, weights: Weights) -> None:
        self.skip(1)

    def skip(self, steps: int) -> None:
        self.done += steps
        if self.progress is not None and steps > 0:
            self.progress(self.done, self.total)


# --8<-- [start:rows]
def _order(N: int, seed: int) -> Indices:
    return _choose(generator(seed), N, N)  # (N,): the positions sorted by N uniforms


def _split_rows(N: int, n_test: int, seed: int) -> tuple[Indices, Indices]:
    order = _order(N, seed)
    return sorted(order[n_test:]), sorted(order[:n_test])  # training rows, test rows


def _kfold(N: int, k: int, seed: int) -> list[Indices]:
    order = _order(N, seed)
    return [sorted(order[f * N // k : (f + 1) * N // k]) for f in range(k)]  # k folds


# --8<-- [end:rows]


# --8<-- [start:split]
def _split_at(X: Matrix, t: Matrix, train_rows: Indices, test_rows: Indices) -> Split:
    X_train = [X[i] for i in train_rows]  # (N_train, D), unscaled
    X_test = [X[i] for i in test_rows]  # (N_test, D), unscaled
    scale = fit_scale(X_train)  # (1, D): the maxima of the training rows, and only theirs
    return Split(
        apply_scale(X_train, scale),  # (N_train, D)
        [list(t[i]) for i in train_rows],  # (N_train, 1)
        apply_scale(X_test, scale),  # (N_test, D): scaled as the training rows were
        [list(t[i]) for i in test_rows],  # (N_test, 1)
        scale,
        train_rows,
        test_rows,
    )


# --8<-- [end:split]


# --8<-- [start:score]
def _score(y: Matrix, t: Matrix) -> Score:
    return Score(len(t), _loss(y, t), _rmse(y, t))


# --8<-- [end:score]


# --8<-- [start:cv]
def _mean_sd(values: list[float]) -> tuple[float, float]:
    s = 0.0
    for v in values:
        s += v  # left to right, from 0.0
    mean = s / len(values)
    ss = 0.0
    for v in values:
        d = v - mean
        ss += d * d
    return mean, math.sqrt(ss / (len(values) - 1))  # sample standard deviation


def _cross_validate(
    X: Matrix, t: Matrix, k: int, seed: int, fit: Fit, predict: Predict
) -> CVResult:
    folds = _kfold(len(X), k, seed)
    scores = []
    for held_out in folds:
        held = set(held_out)
        train_rows = [i for i in range(len(X)) if i not in held]  # the other k - 1 folds
        part = _split_at(X, t, train_rows, held_out)  # scaled by the training rows only
        model = fit(part.X0_train, part.t_train)
        scores.append(_score(predict(model, part.X0_test), part.t_test))
    mean_loss, sd_loss = _mean_sd([s.loss for s in scores])
    mean_rmse, sd_rmse = _mean_sd([s.rmse for s in scores])
    return CVResult(folds, scores, mean_loss, sd_loss, mean_rmse, sd_rmse)


# --8<-- [end:cv]


# --8<-- [start:holdout]
def _holdout(
    X: Matrix, t: Matrix, n_test: int, seed: int, fit: Fit, predict: Predict
) -> HoldoutResult:
    train_rows, test_rows = _split_rows(len(X), n_test, seed)
    part = _split_at(X, t, train_rows, test_rows)
    model = fit(part.X0_train, part.t_train)
    train_score = _score(predict(model, part.X0_train), part.t_train)
    test_score = _score(predict(model, part.X0_test), part.t_test)
    return HoldoutResult(part, model, train_score, test_score)


# --8<-- [end:holdout]


def _network(
    n_h: int, n_iter: int, alpha: float, p: float, seed: int, steps: _Steps
) -> tuple[Fit, Predict]:
    """The network as ``fit(X0, t) -> Weights`` and ``predict(Weights, X0) -> y``."""

    def fit(X0: Matrix, t: Matrix) -> Model:
        result = train(
            X0, t, n_h=n_h, n_iter=n_iter, alpha=alpha, p=p, seed=seed, callback=steps.callback()
        )
        return result.weights

    def predict(model: Model, X0: Matrix) -> Matrix:
        assert isinstance(model, Weights)
        return _forward(X0, model.W1, model.W2).y  # (N, 1), the full weights: no DropConnect

    return fit, predict


def _linear(intercept: bool, op: str) -> tuple[Fit, Predict]:
    """The baseline as ``fit(X0, t) -> Linear`` and ``predict(Linear, X0) -> y``."""

    def fit(X0: Matrix, t: Matrix) -> Model:
        return _fit_linear(X0, t, intercept, op)

    def predict(model: Model, X0: Matrix) -> Matrix:
        assert isinstance(model, Linear)
        return _predict_linear(model, X0)  # (N, 1)

    return fit, predict


def _data(op: str, X: object, t: object) -> tuple[Matrix, Matrix]:
    X = checks.list_matrix(X, op, "X", finite=True)
    return X, check.targets(op, t, ("X", (len(X), len(X[0]))))


def split(X: MatrixLike, t: MatrixLike, *, test_fraction: float = 0.2, seed: int = 0) -> Split:
    """Split the rows into training and test rows, and scale both by the training rows.

    The test rows are the first ``round(test_fraction * N)`` of a random order
    of the rows drawn from ``generator(seed)``. Scaling fitted on every row
    would let the test rows shape the training inputs; see the module's notes.

    Args:
        X: inputs, unscaled, shape ``(N, D)``.
        t: targets, shape ``(N, 1)``.
        test_fraction: the share of rows held out, in (0, 1).
        seed: seeds the order of the rows.

    Returns:
        ``Split``: ``X0_train`` ``(N_train, D)``, ``t_train`` ``(N_train, 1)``,
        ``X0_test`` ``(N_test, D)``, ``t_test`` ``(N_test, 1)``, ``scale``
        ``(1, D)``, and the row positions of each side.

    Raises:
        ShapeError: ``t`` is not ``(N, 1)``.
        DataError: a value is not finite, or a training column's maximum is not positive.
        ParameterError: ``test_fraction`` outside (0, 1), or a split that leaves
            a side without rows.
    """
    op = "split"
    X, t = _data(op, X, t)
    test_fraction = checks.fraction(test_fraction, op, "test_fraction")
    seed = checks.whole_seed(seed, op)
    n_test = checks.held_out_rows(op, len(X), test_fraction)
    return _split_at(X, t, *_split_rows(len(X), n_test, seed))


def kfold(N: int, k: int = 5, *, seed: int = 0) -> list[Indices]:
    """Assign ``N`` rows to ``k`` folds: the rows each fold holds out.

    The rows in a random order drawn from ``generator(seed)``, cut into ``k``
    stretches whose sizes differ by at most one; each fold's rows in
    increasing order. Every row is in exactly one fold.

    Args:
        N: number of rows.
        k: number of folds, from 2 to ``N``.
        seed: seeds the order of the rows.

    Returns:
        ``k`` lists of row positions.

    Raises:
        ParameterError: ``N`` below 1, ``k`` below 2 or above ``N``.
    """
    op = "kfold"
    N = checks.count(N, op, "N", 1)
    k = checks.folds(k, op, N)
    return _kfold(N, k, checks.whole_seed(seed, op))


def score(y: MatrixLike, t: MatrixLike, *, exact: bool = False) -> Score:
    r"""Return the loss \(\frac{1}{2}\sum_i (y_i - t_i)^2\) and the RMSE of ``y`` against ``t``.

    Args:
        y: predictions, shape ``(N, 1)``.
        t: targets, shape ``(N, 1)``.
        exact: accepted so that purenn and npnn share one signature.

    Returns:
        ``Score(rows, loss, rmse)``.

    Raises:
        ShapeError: ``y`` is not ``(N, 1)`` or ``t`` does not match it.
        DataError: a value is not a finite number.
    """
    op = "score"
    y = checks.list_matrix(y, op, "y", finite=True)
    checks.expect_shape(op, "y", (len(y), len(y[0])), (None, 1))
    return _score(y, check.targets(op, t, ("y", (len(y), 1))))


def holdout(
    X: MatrixLike,
    t: MatrixLike,
    *,
    test_fraction: float = 0.2,
    seed: int = 0,
    n_h: int = 4,
    n_iter: int = 1000,
    alpha: float = 1e-6,
    p: float = 0.2,
    exact: bool = False,
    progress: Progress | None = None,
) -> HoldoutResult:
    """Train the network on a split's training rows; score it on both sides.

    The split is :func:`split`'s for ``test_fraction`` and ``seed``; the
    network is :func:`~purenn.train.train`'s with the settings given, seeded
    with the same ``seed`` (the split's order and the initial weights are
    drawn from two generators started from it). Scores use the trained
    weights without DropConnect.

    Args:
        X: inputs, unscaled, shape ``(N, D)``.
        t: targets, shape ``(N, 1)``.
        test_fraction: the share of rows held out, in (0, 1).
        seed: seeds the split and the training.
        n_h: hidden units.
        n_iter: gradient steps.
        alpha: learning rate.
        p: DropConnect rate.
        exact: accepted so that purenn and npnn share one signature.
        progress: called as ``progress(done, n_iter)`` after each step.

    Returns:
        ``HoldoutResult(split, model, train, test)``: ``model`` is the trained
        ``Weights``; ``train`` and ``test`` are the ``Score`` on each side.

    Raises:
        ShapeError, DataError, ParameterError: as :func:`split` and
            :func:`~purenn.train.train`.
        DivergenceError: the training diverged; ``alpha`` is too large.
    """
    op = "holdout"
    X, t = _data(op, X, t)
    test_fraction = checks.fraction(test_fraction, op, "test_fraction")
    n_h, n_iter, alpha, p, seed = checks.settings(
        op, n_h=n_h, n_iter=n_iter, alpha=alpha, p=p, seed=seed
    )
    checks.callable_or_none(progress, op, "progress")
    n_test = checks.held_out_rows(op, len(X), test_fraction)
    fit, predict = _network(n_h, n_iter, alpha, p, seed, _Steps(progress, n_iter))
    return _holdout(X, t, n_test, seed, fit, predict)


def holdout_linear(
    X: MatrixLike,
    t: MatrixLike,
    *,
    test_fraction: float = 0.2,
    seed: int = 0,
    intercept: bool = True,
    exact: bool = False,
) -> HoldoutResult:
    """Fit the linear baseline on a split's training rows; score it on both sides.

    The same split as :func:`holdout` for the same ``test_fraction`` and
    ``seed``, so the two are compared on the same held-out rows.

    Args:
        X: inputs, unscaled, shape ``(N, D)``.
        t: targets, shape ``(N, 1)``.
        test_fraction: the share of rows held out, in (0, 1).
        seed: seeds the split.
        intercept: fit ``y = X0 w + b`` rather than ``y = X0 w``.
        exact: accepted so that purenn and npnn share one signature.

    Returns:
        ``HoldoutResult(split, model, train, test)``: ``model`` is the ``Linear`` fit.

    Raises:
        ShapeError, ParameterError: as :func:`split`; too few training rows.
        DataError: a value is not finite, or the training rows' columns are
            linearly dependent.
    """
    op = "holdout_linear"
    X, t = _data(op, X, t)
    test_fraction = checks.fraction(test_fraction, op, "test_fraction")
    seed = checks.whole_seed(seed, op)
    intercept = checks.flag(intercept, op, "intercept")
    n_test = checks.held_out_rows(op, len(X), test_fraction)
    return _holdout(X, t, n_test, seed, *_linear(intercept, op))


def cross_validate(
    X: MatrixLike,
    t: MatrixLike,
    *,
    k: int = 5,
    seed: int = 0,
    n_h: int = 4,
    n_iter: int = 1000,
    alpha: float = 1e-6,
    p: float = 0.2,
    exact: bool = False,
    progress: Progress | None = None,
) -> CVResult:
    """Estimate the network's error on unseen rows by K-fold cross-validation.

    The folds are :func:`kfold`'s for ``seed``. For each fold the scaling is
    fitted on the other ``k - 1`` folds, the network trained on them from the
    same ``seed`` (the same initial weights every time), and scored on the
    fold.

    Args:
        X: inputs, unscaled, shape ``(N, D)``.
        t: targets, shape ``(N, 1)``.
        k: number of folds, from 2 to ``N``.
        seed: seeds the folds and the training.
        n_h: hidden units.
        n_iter: gradient steps.
        alpha: learning rate.
        p: DropConnect rate.
        exact: accepted so that purenn and npnn share one signature.
        progress: called as ``progress(done, k * n_iter)`` after each step.

    Returns:
        ``CVResult``: each fold's held-out rows and ``Score``, and the mean and
        sample standard deviation of the loss and of the RMSE over the folds.

    Raises:
        ShapeError, DataError: as :func:`split`.
        ParameterError: ``k`` below 2 or above ``N``, or a setting out of range.
        DivergenceError: the training diverged; ``alpha`` is too large.
    """
    op = "cross_validate"
    X, t = _data(op, X, t)
    k = checks.folds(k, op, len(X))
    n_h, n_iter, alpha, p, seed = checks.settings(
        op, n_h=n_h, n_iter=n_iter, alpha=alpha, p=p, seed=seed
    )
    checks.callable_or_none(progress, op, "progress")
    fit, predict = _network(n_h, n_iter, alpha, p, seed, _Steps(progress, k * n_iter))
    return _cross_validate(X, t, k, seed, fit, predict)


def cross_validate_linear(
    X: MatrixLike,
    t: MatrixLike,
    *,
    k: int = 5,
    seed: int = 0,
    intercept: bool = True,
    exact: bool = False,
) -> CVResult:
    """Estimate the linear baseline's error on unseen rows, on :func:`cross_validate`'s folds.

    Args:
        X: inputs, unscaled, shape ``(N, D)``.
        t: targets, shape ``(N, 1)``.
        k: number of folds, from 2 to ``N``.
        seed: seeds the folds.
        intercept: fit ``y = X0 w + b`` rather than ``y = X0 w``.
        exact: accepted so that purenn and npnn share one signature.

    Returns:
        ``CVResult``, as :func:`cross_validate`.

    Raises:
        ShapeError: too few training rows for the unknowns.
        DataError: a value is not finite, or a fold's training columns are
            linearly dependent.
        ParameterError: ``k`` below 2 or above ``N``.
    """
    op = "cross_validate_linear"
    X, t = _data(op, X, t)
    k = checks.folds(k, op, len(X))
    seed = checks.whole_seed(seed, op)
    intercept = checks.flag(intercept, op, "intercept")
    return _cross_validate(X, t, k, seed, *_linear(intercept, op))
