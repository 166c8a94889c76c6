"""Training in numpy: the same loop as :mod:`purenn.train`, step for step.

1. draw fresh DropConnect masks ``M1``, ``M2`` (skipped when ``p == 0``);
2. forward with the masked weights ``W1 * M1``, ``W2 * M2``; record the loss;
3. backward with the same masked weights;
4. ``W <- W - alpha * (dW * M)``: a dropped weight gets zero gradient.

The arguments are checked once, before the loop; the loop runs the unchecked
kernels.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from npnn.dropconnect import _dropconnect_mask
from npnn.matrix import Matrix, MatrixLike, _as_matrix
from npnn.network import Weights, _backward, _check_targets, _forward, _init_weights, _loss, _update
from npnn.random import generator
from purenn.errors import DivergenceError
from purenn.support import checks
from purenn.support.records import record_repr

__all__ = ["Callback", "TrainResult", "train"]

Callback = Callable[[int, float, Weights], None]
"""Called after each step with the iteration, its error and the updated weights."""


@dataclass(frozen=True, repr=False)
class TrainResult:
    """What :func:`train` returns: the final weights and the error of every step.

    ``errors[i]`` is the loss computed by the forward pass of iteration ``i``,
    before that iteration's update (with DropConnect, on the masked weights).
    """

    weights: Weights
    errors: list[float]

    __repr__ = record_repr


# --8<-- [start:step]
def _step(
    X0: Matrix,
    t: Matrix,
    W1: Matrix,
    W2: Matrix,
    alpha: float,
    M1: Matrix,
    M2: Matrix,
    exact: bool,
) -> tuple[Matrix, Matrix, float]:
    W1_used = W1 * M1  # (D, n_h): DropConnect, the same weights
    W2_used = W2 * M2  # (n_h, 1): forward and backward
    cache = _forward(X0, W1_used, W2_used, exact)
    error = _loss(cache.y, t, exact)
    grads = _backward(X0, t, W1_used, W2_used, cache, exact)
    W1 = _update(W1, grads.dW1 * M1, alpha)  # (D, n_h)
    W2 = _update(W2, grads.dW2 * M2, alpha)  # (n_h, 1)
    return W1, W2, error


# --8<-- [end:step]


def _check_divergence(error: float, W1: Matrix, W2: Matrix, iteration: int, alpha: float) -> None:
    if not math.isfinite(error):
        what = f"the error became {error!r}"
    elif not (np.isfinite(W1).all() and np.isfinite(W2).all()):
        what = "the weights stopped being finite numbers"
    else:
        return
    raise DivergenceError(
        f"train: {what} at iteration {iteration}: alpha={alpha!r} is too large "
        f"for this data; try a smaller alpha"
    )


def train(
    X0: MatrixLike,
    t: MatrixLike,
    *,
    n_h: int = 4,
    n_iter: int = 1000,
    alpha: float = 1e-6,
    p: float = 0.2,
    seed: int = 0,
    callback: Callback | None = None,
    exact: bool = False,
) -> TrainResult:
    """Train the network by full-batch gradient descent with DropConnect.

    Args:
        X0: inputs, shape ``(N, D)``, already scaled.
        t: targets, shape ``(N, 1)``.
        n_h: hidden units.
        n_iter: gradient steps (0 returns the initial weights).
        alpha: learning rate. The loss is a sum over rows, so its gradient
            grows with ``N``; the write-up's 1e-6 suits ``N = 506``.
        p: DropConnect rate: the share of each weight matrix zeroed on each
            step, rounded down. 0 turns DropConnect off.
        seed: seeds the one generator behind the initial weights and the masks.
        callback: called as ``callback(iteration, error, weights)`` after each
            step, with the weights after that step's update.
        exact: add in purenn's order, so that every error and weight is
            bit-for-bit purenn's; otherwise numpy's own (BLAS) order.

    Returns:
        ``TrainResult(weights, errors)`` with ``n_iter`` errors.

    Raises:
        ShapeError: ``X0`` or ``t`` has the wrong shape.
        DataError: ``X0`` or ``t`` holds a value that is not a finite number.
        ParameterError: a setting is out of range.
        DivergenceError: the error stopped being a finite number; ``alpha``
            is too large.
    """
    op = "train"
    X0 = _as_matrix(X0, op, "X0", finite=True)
    t = _check_targets(op, t, ("X0", X0.shape))
    n_h, n_iter, alpha, p, seed = checks.settings(
        op, n_h=n_h, n_iter=n_iter, alpha=alpha, p=p, seed=seed
    )
    checks.callable_or_none(callback, op, "callback")
    # --8<-- [start:loop]
    rng = generator(seed)

    D = X0.shape[1]
    initial = _init_weights(rng, D, n_h)
    W1, W2 = initial.W1, initial.W2  # (D, n_h), (n_h, 1)
    ones1, ones2 = np.ones((D, n_h)), np.ones((n_h, 1))
    errors: list[float] = []
    for iteration in range(n_iter):
        if p > 0.0:
            M1 = _dropconnect_mask(rng, D, n_h, p)  # (D, n_h)
            M2 = _dropconnect_mask(rng, n_h, 1, p)  # (n_h, 1)
        else:
            M1, M2 = ones1, ones2
        # An overflow is reported by the DivergenceError just below, as in
        # purenn; numpy's warning about it would only say the same thing first.
        with np.errstate(over="ignore", invalid="ignore"):
            W1, W2, error = _step(X0, t, W1, W2, alpha, M1, M2, exact)
        _check_divergence(error, W1, W2, iteration, alpha)
        errors.append(error)
        if callback is not None:
            callback(iteration, error, Weights(W1.copy(), W2.copy()))
    # --8<-- [end:loop]
    return TrainResult(Weights(W1, W2), errors)
