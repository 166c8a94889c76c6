r"""Error on rows the model has not seen, in numpy (see :mod:`purenn.evaluate`).

A train/test split and K-fold cross-validation, for the network and for the
linear baseline, with the scaling fitted on the training rows only. The rows
are ordered by the same uniforms as in purenn (numpy's stable ``argsort``), so
the same seed holds out the same rows in both packages.

``exact=True`` trains, predicts and adds up in purenn's order, so every score,
mean and standard deviation is bit-for-bit purenn's; ``exact=False`` uses
BLAS, ``np.mean`` and ``np.std``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from npnn.baseline import Linear, _fit_linear, _predict_linear
from npnn.data import apply_scale, fit_scale
from npnn.matrix import Matrix, MatrixLike, _as_matrix, _total
from npnn.network import Weights, _forward, _loss, _rmse
from npnn.random import Indices, _choose, generator
from npnn.train import Callback, train
from purenn.support import checks
from purenn.support.network_checks import NetworkChecks
from purenn.support.records import record_repr

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

check = NetworkChecks(_as_matrix)
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
    return np.sort(order[n_test:]), np.sort(order[:n_test])  # training rows, test rows


def _kfold(N: int, k: int, seed: int) -> list[Indices]:
    order = _order(N, seed)
    return [np.sort(order[f * N // k : (f + 1) * N // k]) for f in range(k)]  # k folds


# --8<-- [end:rows]


# --8<-- [start:split]
def _split_at(X: Matrix, t: Matrix, train_rows: Indices, test_rows: Indices) -> Split:
    scale = fit_scale(X[train_rows])  # (1, D): the maxima of the training rows, and only theirs
    return Split(
        apply_scale(X[train_rows], scale),  # (N_train, D)
        t[train_rows],  # (N_train, 1)
        apply_scale(X[test_rows], scale),  # (N_test, D): scaled as the training rows were
        t[test_rows],  # (N_test, 1)
        scale,
        train_rows,
        test_rows,
    )


# --8<-- [end:split]


# --8<-- [start:score]
def _score(y: Matrix, t: Matrix, exact: bool) -> Score:
    return Score(len(t), _loss(y, t, exact), _rmse(y, t, exact))


# --8<-- [end:score]


# --8<-- [start:cv]
def _mean_sd(values: list[float], exact: bool) -> tuple[float, float]:
    v = np.array(values)  # (k,)
    if not exact:
        return float(np.mean(v)), float(np.std(v, ddof=1))  # sample standard deviation
    mean = _total(v[None, :], True) / len(v)  # added left to right, from 0.0
    d = v - mean
    return mean, math.sqrt(_total((d * d)[None, :], True) / (len(v) - 1))


def _cross_validate(
    X: Matrix, t: Matrix, k: int, seed: int, fit: Fit, predict: Predict, exact: bool
) -> CVResult:
    folds = _kfold(len(X), k, seed)
    scores = []
    for held_out in folds:
        train_rows = np.setdiff1d(np.arange(len(X)), held_out)  # the other k - 1 folds
        part = _split_at(X, t, train_rows, held_out)  # scaled by the training rows only
        model = fit(part.X0_train, part.t_train)
        scores.append(_score(predict(model, part.X0_test), part.t_test, exact))
    mean_loss, sd_loss = _mean_sd([s.loss for s in scores], exact)
    mean_rmse, sd_rmse = _mean_sd([s.rmse for s in scores], exact)
    return CVResult(folds, scores, mean_loss, sd_loss, mean_rmse, sd_rmse)


# --8<-- [end:cv]


# --8<-- [start:holdout]
def _holdout(
    X: Matrix, t: Matrix, n_test: int, seed: int, fit: Fit, predict: Predict, exact: bool
) -> HoldoutResult:
    train_rows, test_rows = _split_rows(len(X), n_test, seed)
    part = _split_at(X, t, train_rows, test_rows)
    model = fit(part.X0_train, part.t_train)
    train_score = _score(predict(model, part.X0_train), part.t_train, exact)
    test_score = _score(predict(model, part.X0_test), part.t_test, exact)
    return HoldoutResult(part, model, train_score, test_score)


# --8<-- [end:holdout]


def _network(
    n_h: int, n_iter: int, alpha: float, p: float, seed: int, steps: _Steps, exact: bool
) -> tuple[Fit, Predict]:
    """The network as ``fit(X0, t) -> Weights`` and ``predict(Weights, X0) -> y``."""

    def fit(X0: Matrix, t: Matrix) -> Model:
        # An overflow ends the training with train's DivergenceError, as in
        # purenn; numpy's warning about it would only say the same thing first.
        with np.errstate(over="ignore", invalid="ignore"):
            result = train(
                X0,
                t,
                n_h=n_h,
                n_iter=n_iter,
                alpha=alpha,
                p=p,
                seed=seed,
                callback=steps.callback(),
                exact=exact,
            )
        return result.weights

    def predict(model: Model, X0: Matrix) -> Matrix:
        assert isinstance(model, Weights)
        return _forward(X0, model.W1, model.W2, exact).y  # (N, 1), the full weights

    return fit, predict


def _linear(intercept: bool, op: str, exact: bool) -> tuple[Fit, Predict]:
    """The baseline as ``fit(X0, t) -> Linear`` and ``predict(Linear, X0) -> y``."""

    def fit(X0: Matrix, t: Matrix) -> Model:
        return _fit_linear(X0, t, intercept, op, exact)

    def predict(model: Model, X0: Matrix) -> Matrix:
        assert isinstance(model, Linear)
        return _predict_linear(model, X0, exact)  # (N, 1)

    return fit, predict


def _data(op: str, X: object, t: object) -> tuple[Matrix, Matrix]:
    X = _as_matrix(X, op, "X", finite=True)
    return X, check.targets(op, t, ("X", X.shape))


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
        ``k`` arrays of row positions.

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
        exact: add in purenn's order, so every number is bit-for-bit purenn's.

    Returns:
        ``Score(rows, loss, rmse)``.

    Raises:
        ShapeError: ``y`` is not ``(N, 1)`` or ``t`` does not match it.
        DataError: a value is not a finite number.
    """
    op = "score"
    y = _as_matrix(y, op, "y", finite=True)
    checks.expect_shape(op, "y", y.shape, (None, 1))
    return _score(y, check.targets(op, t, ("y", y.shape)), exact)


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
    network is :func:`~npnn.train.train`'s with the settings given, seeded
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
        exact: add in purenn's order, so every number is bit-for-bit purenn's.
        progress: called as ``progress(done, n_iter)`` after each step.

    Returns:
        ``HoldoutResult(split, model, train, test)``: ``model`` is the trained
        ``Weights``; ``train`` and ``test`` are the ``Score`` on each side.

    Raises:
        ShapeError, DataError, ParameterError: as :func:`split` and
            :func:`~npnn.train.train`.
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
    fit, predict = _network(n_h, n_iter, alpha, p, seed, _Steps(progress, n_iter), exact)
    return _holdout(X, t, n_test, seed, fit, predict, exact)


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
        exact: add in purenn's order, so every number is bit-for-bit purenn's.

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
    return _holdout(X, t, n_test, seed, *_linear(intercept, op, exact), exact)


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
        exact: add in purenn's order, so every number is bit-for-bit purenn's.
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
    fit, predict = _network(n_h, n_iter, alpha, p, seed, _Steps(progress, k * n_iter), exact)
    return _cross_validate(X, t, k, seed, fit, predict, exact)


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
        exact: add in purenn's order, so every number is bit-for-bit purenn's.

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
    return _cross_validate(X, t, k, seed, *_linear(intercept, op, exact), exact)
