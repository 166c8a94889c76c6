"""Training the general network in numpy: batches, one step, and the loop over epochs.

See :mod:`npnn.mlp` for the order of the random stream and the workspace.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from npnn.losses import _loss_value
from npnn.matrix import Matrix, MatrixLike
from npnn.mlp.passes import (
    ARRAYS,
    _backward,
    _dead,
    _draw_masks,
    _forward,
    _init_params,
    _Workspace,
)
from npnn.mlp.records import WRITE_UP_OPTIMIZER, Callback, Config, FitResult, Masks, Params
from npnn.optim import OptimizerState, _initial_state, _optimizer_step
from npnn.random import Generator, Indices, _choose, generator
from purenn.optim import Optimizer
from purenn.support import bounds, checks
from purenn.support import mlp_checks as check
from purenn.support.loop import check_divergence, guarded
from purenn.support.settings import WRITE_UP

__all__ = ["batches", "fit"]


# --8<-- [start:batches]
def _batches(rng: Generator, N: int, batch_size: int) -> list[Indices]:
    if batch_size >= N:
        return [np.arange(N)]  # the whole data set, in order: nothing drawn
    order = _choose(rng, N, N)  # the rows sorted by N fresh uniforms: a shuffle
    return [order[start : start + batch_size] for start in range(0, N, batch_size)]


# --8<-- [end:batches]


def _flatten(W: Sequence[Matrix], b: Sequence[Matrix] | None) -> list[Matrix]:
    """``[W1, b1, W2, b2, ...]``, or ``[W1, W2, ...]`` without biases: the optimizer's order."""
    if b is None:
        return list(W)
    return [A for pair in zip(W, b) for A in pair]


def _unflatten(flat: list[Matrix], bias: bool) -> Params:
    if not bias:
        return Params(tuple(flat), None)
    return Params(tuple(flat[0::2]), tuple(flat[1::2]))


def _copy_params(params: Params) -> Params:
    b = None if params.b is None else tuple(A.copy() for A in params.b)
    return Params(tuple(A.copy() for A in params.W), b)


def _mean(values: list[float]) -> float:
    """From 0.0, left to right, then divided: the same float in both packages."""
    s = 0.0
    for v in values:
        s += v
    return s / len(values)


def _all_finite(params: Params) -> bool:
    return all(bool(np.isfinite(A).all()) for A in _flatten(params.W, params.b))


def _check_weights(result: FitResult, n_epochs: int, alpha: float) -> None:
    """The weights once, as the loop ends: an infinite one can hide behind a relu giving 0."""
    if result.errors:
        where = "by " + _at(len(result.errors) - 1, n_epochs - 1).removeprefix("at ")
        check_divergence("fit", 0.0, alpha, where, weights_finite=_all_finite(result.params))


def _at(step: int, epoch: int) -> str:
    return f"at step {step} (epoch {epoch})"


# --8<-- [start:step]
def _step(
    config: Config,
    optimizer: Optimizer,
    params: Params,
    state: OptimizerState,
    X: Matrix,
    t: Matrix,
    masks: Masks,
    exact: bool,
    ws: _Workspace | None = None,
) -> tuple[Params, OptimizerState, float]:
    """One step on a batch: forward, the loss, backward, the optimizer's update."""
    cache = _forward(config, params, X, masks, exact, ws)
    error = _loss_value(config.loss, cache.y, t, exact)
    grads = _backward(config, t, cache, exact, False, ws)  # no dX0: training does not need it
    flat, state = _optimizer_step(
        optimizer, _flatten(params.W, params.b), _flatten(grads.dW, grads.db), state, exact
    )
    return _unflatten(flat, config.bias), state, error


# --8<-- [end:step]


# --8<-- [start:fit]
def _fit(
    X0: Matrix,
    t: Matrix,
    config: Config,
    optimizer: Optimizer,
    batch_size: int,
    n_epochs: int,
    seed: int,
    callback: Callback | None,
    exact: bool,
    workspace: bool = True,
) -> FitResult:
    rng = generator(seed)
    params = _init_params(config, rng)
    state: OptimizerState = _initial_state(optimizer, _flatten(params.W, params.b))
    N = X0.shape[0]
    ws = _Workspace(config, batch_size) if workspace and not exact and n_epochs > 0 else None
    errors: list[float] = []
    steps_per_epoch = 0
    for epoch in range(n_epochs):
        rows_of_batches = _batches(rng, N, batch_size)
        steps_per_epoch = len(rows_of_batches)
        for rows in rows_of_batches:
            n = len(rows)
            if batch_size >= N:
                X, t_batch = X0, t  # the whole data set, as given
            elif ws is not None:
                X = np.take(X0, rows, axis=0, out=ws.X0[:n])  # (B, D)
                t_batch = np.take(t, rows, axis=0, out=ws.t[:n])  # (B, K)
            else:
                X, t_batch = X0[rows], t[rows]  # (B, D), (B, K)
            masks = _draw_masks(config, rng, n)
            params, state, error = _step(
                config, optimizer, params, state, X, t_batch, masks, exact, ws
            )
            check_divergence("fit", error, optimizer.alpha, _at(len(errors), epoch))
            errors.append(error)
        if callback is not None:
            callback(epoch, _mean(errors[-steps_per_epoch:]), params)
    return FitResult(params, errors, steps_per_epoch, _dead(config, params, X0, exact))


# --8<-- [end:fit]


def batches(rng: Generator, N: int, batch_size: int | None) -> list[Indices]:
    """Return one epoch's batches: arrays of row positions that use every row once.

    A ``batch_size`` of ``None`` or of ``N`` or more is the whole data set,
    rows in order, and draws nothing. Otherwise ``N`` uniforms put the rows in
    a random order (as :func:`~npnn.random.choose` does), which is cut into
    batches of ``batch_size``; the last is smaller when ``batch_size`` does not
    divide ``N``.

    Raises:
        ParameterError: ``N`` or ``batch_size`` below 1.
    """
    N = checks.count(N, "batches", "N", 1)
    size = checks.batch_size(batch_size, "batches")
    return _batches(rng, N, N if size is None else size)


def fit(
    X0: MatrixLike,
    t: MatrixLike,
    config: Config,
    *,
    optimizer: Optimizer = WRITE_UP_OPTIMIZER,
    batch_size: int | None = None,
    n_epochs: int = WRITE_UP.n_iter,
    seed: int = WRITE_UP.seed,
    callback: Callback | None = None,
    exact: bool = False,
) -> FitResult:
    """Train the network by mini-batch gradient descent, shuffling the rows every epoch.

    Each step: draw the batch's masks, run forward and record the loss, run
    backward, and let the optimizer update every parameter. In default mode
    the steps write into a workspace made once (see the module docstring);
    the results are the same as without it.

    Args:
        X0: inputs, shape ``(N, sizes[0])``, already scaled.
        t: targets, shape ``(N, sizes[-1])``.
        config: the network (the write-up's is ``Config(sizes=(3, 4, 1))``).
        optimizer: the optimizer and its settings.
        batch_size: rows per step; ``None`` (or ``N`` or more) is the whole
            data set, in order, with nothing drawn for shuffling.
        n_epochs: passes over the data (0 returns the initial parameters).
        seed: seeds the one generator behind the weights, the shuffles and the masks.
        callback: called as ``callback(epoch, error, params)`` after each
            epoch, with the mean of its steps' losses and a copy of the parameters.
        exact: purenn's order of addition and :mod:`math`'s functions, so
            every error and weight is purenn's, bit for bit.

    Returns:
        ``FitResult(params, errors, steps_per_epoch, dead)``.

    Raises:
        ShapeError: ``X0`` or ``t`` does not fit ``config.sizes``.
        DataError: a value is not finite; for cross-entropy, a target not 0 or 1.
        ParameterError: a setting is out of range.
        DivergenceError: the loss or a weight stopped being a finite number.
    """
    op = "fit"
    config = check.record(op, "config", config, Config)
    X0 = ARRAYS.inputs(op, config, X0)
    t = ARRAYS.targets(op, config, t, X0.shape[0])
    optimizer, size, n_epochs, seed = check.training(
        op, optimizer, Optimizer, batch_size, n_epochs, seed, callback
    )
    bounds.network_size(op, X0.shape[0], config.sizes)  # before any matrix of that size is made
    N = X0.shape[0]
    # A diverging run overflows; the divergence check reports it, so numpy need not warn.
    watched = guarded(op, optimizer.alpha, callback, _copy_params, _all_finite, "epoch")
    with np.errstate(over="ignore", invalid="ignore"):
        result = _fit(X0, t, config, optimizer, min(N, size or N), n_epochs, seed, watched, exact)
    _check_weights(result, n_epochs, optimizer.alpha)
    return result
