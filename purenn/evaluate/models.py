"""The network and the linear baseline, trained and scored on held-out rows.

See :mod:`purenn.evaluate`: a train/test split and K-fold cross-validation.
"""

from __future__ import annotations

import math

from purenn.baseline import Linear, _fit_linear, _predict_linear
from purenn.evaluate.records import CVResult, Fit, HoldoutResult, Model, Predict
from purenn.evaluate.rows import _data, _kfold, _score, _split_at, _split_rows
from purenn.matrix import Matrix, MatrixLike
from purenn.network import Weights, _forward
from purenn.support import checks
from purenn.support.progress import Progress, Steps
from purenn.support.settings import WRITE_UP
from purenn.train import train

__all__ = ["cross_validate", "cross_validate_linear", "holdout", "holdout_linear"]


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
    scores, dead_folds = [], []
    for f, held_out in enumerate(folds):
        held = set(held_out)
        train_rows = [i for i in range(len(X)) if i not in held]  # the other k - 1 folds
        part = _split_at(X, t, train_rows, held_out)  # scaled by the training rows only
        model, dead = fit(part.X0_train, part.t_train)
        scores.append(_score(predict(model, part.X0_test), part.t_test))
        if dead:
            dead_folds.append(f)
    mean_loss, sd_loss = _mean_sd([s.loss for s in scores])
    mean_rmse, sd_rmse = _mean_sd([s.rmse for s in scores])
    return CVResult(folds, scores, mean_loss, sd_loss, mean_rmse, sd_rmse, dead_folds)


# --8<-- [end:cv]


# --8<-- [start:holdout]
def _holdout(
    X: Matrix, t: Matrix, n_test: int, seed: int, fit: Fit, predict: Predict
) -> HoldoutResult:
    train_rows, test_rows = _split_rows(len(X), n_test, seed)
    part = _split_at(X, t, train_rows, test_rows)
    model, dead = fit(part.X0_train, part.t_train)
    train_score = _score(predict(model, part.X0_train), part.t_train)
    test_score = _score(predict(model, part.X0_test), part.t_test)
    return HoldoutResult(part, model, train_score, test_score, dead)


# --8<-- [end:holdout]


def _network(
    n_h: int, n_iter: int, alpha: float, p: float, seed: int, steps: Steps
) -> tuple[Fit, Predict]:
    """The network as ``fit(X0, t) -> (Weights, dead)`` and ``predict(Weights, X0) -> y``."""

    def fit(X0: Matrix, t: Matrix) -> tuple[Model, bool]:
        result = train(
            X0, t, n_h=n_h, n_iter=n_iter, alpha=alpha, p=p, seed=seed, callback=steps.callback()
        )
        return result.weights, result.dead

    def predict(model: Model, X0: Matrix) -> Matrix:
        assert isinstance(model, Weights)
        return _forward(X0, model.W1, model.W2).y  # (N, 1), the full weights: no DropConnect

    return fit, predict


def _linear(intercept: bool, op: str) -> tuple[Fit, Predict]:
    """The baseline as ``fit(X0, t) -> (Linear, False)`` and ``predict(Linear, X0) -> y``."""

    def fit(X0: Matrix, t: Matrix) -> tuple[Model, bool]:
        return _fit_linear(X0, t, intercept, op), False  # a line has no units to die

    def predict(model: Model, X0: Matrix) -> Matrix:
        assert isinstance(model, Linear)
        return _predict_linear(model, X0)  # (N, 1)

    return fit, predict


def holdout(
    X: MatrixLike,
    t: MatrixLike,
    *,
    test_fraction: float = 0.2,
    seed: int = WRITE_UP.seed,
    n_h: int = WRITE_UP.n_h,
    n_iter: int = WRITE_UP.n_iter,
    alpha: float = WRITE_UP.alpha,
    p: float = WRITE_UP.p,
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
    fit, predict = _network(n_h, n_iter, alpha, p, seed, Steps(progress, n_iter))
    return _holdout(X, t, n_test, seed, fit, predict)


def holdout_linear(
    X: MatrixLike,
    t: MatrixLike,
    *,
    test_fraction: float = 0.2,
    seed: int = WRITE_UP.seed,
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
    seed: int = WRITE_UP.seed,
    n_h: int = WRITE_UP.n_h,
    n_iter: int = WRITE_UP.n_iter,
    alpha: float = WRITE_UP.alpha,
    p: float = WRITE_UP.p,
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
    fit, predict = _network(n_h, n_iter, alpha, p, seed, Steps(progress, k * n_iter))
    return _cross_validate(X, t, k, seed, fit, predict)


def cross_validate_linear(
    X: MatrixLike,
    t: MatrixLike,
    *,
    k: int = 5,
    seed: int = WRITE_UP.seed,
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
