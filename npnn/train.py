"""Training in numpy: the same loop as :mod:`purenn.train`, step for step.

One step, as in the write-up but with the backward pass consistent with the
forward pass:

1. draw fresh DropConnect masks ``M1``, ``M2`` (none when ``p == 0``);
2. forward with the masked weights ``W1 * M1``, ``W2 * M2``; record the loss;
3. backward with the same masked weights;
4. ``W <- W - alpha * (dW * M)``: a dropped weight gets zero gradient.

The generator seeded with ``seed`` first draws the initial weights, then the
masks of every step in turn. :func:`train` checks its arguments, then runs
``_train``, the loop, which runs ``_step``: the two functions the site shows.
Overflow warnings are off while the loop runs: a weight that overflows is
reported by a :class:`~purenn.errors.DivergenceError`, as in purenn.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from npnn.dropconnect import _dropconnect_mask, _masked
from npnn.matrix import Matrix, MatrixLike, _as_matrix
from npnn.network import Weights, _backward, _dead, _forward, _init_weights, _loss, _update
from npnn.random import generator
from purenn.support.loop import check_divergence, guarded
from purenn.support.network_checks import NetworkChecks
from purenn.support.records import record_repr
from purenn.support.settings import WRITE_UP

__all__ = ["Callback", "TrainResult", "train"]

check = NetworkChecks(_as_matrix)

Callback = Callable[[int, float, Weights], None]
"""Called after each step with the iteration, its error and the updated weights."""


@dataclass(frozen=True, repr=False)
class TrainResult:
    """What :func:`train` returns: the final weights, the error of every step, and whether it died.

    ``errors[i]`` is the loss computed by the forward pass of iteration ``i``,
    before that iteration's update (with DropConnect, on the masked weights).
    ``dead`` is ``True`` when the network ended dead: with the final weights
    and no DropConnect, every hidden unit outputs 0 on every training row, so
    the network predicts 0 for every input and no gradient reaches ``W1``
    again (a too large ``alpha`` does this without any number overflowing).
    """

    weights: Weights
    errors: list[float]
    dead: bool

    __repr__ = record_repr


# --8<-- [start:step]
def _step(
    X0: Matrix,
    t: Matrix,
    W1: Matrix,
    W2: Matrix,
    alpha: float,
    M1: Matrix | None,
    M2: Matrix | None,
    exact: bool,
) -> tuple[Matrix, Matrix, float]:
    W1_used = _masked(W1, M1)  # (D, n_h): DropConnect, the same weights
    W2_used = _masked(W2, M2)  # (n_h, 1): forward and backward
    cache = _forward(X0, W1_used, W2_used, exact)
    error = _loss(cache.y, t, exact)
    grads = _backward(X0, t, W1_used, W2_used, cache, exact, input_gradient=False)  # no dX0
    W1 = _update(W1, _masked(grads.dW1, M1), alpha)  # (D, n_h)
    W2 = _update(W2, _masked(grads.dW2, M2), alpha)  # (n_h, 1)
    return W1, W2, error


# --8<-- [end:step]


# --8<-- [start:loop]
def _train(
    X0: Matrix,
    t: Matrix,
    n_h: int,
    n_iter: int,
    alpha: float,
    p: float,
    seed: int,
    callback: Callback | None,
    exact: bool,
) -> TrainResult:
    rng = generator(seed)  # one stream: the weights, then each step's masks
    D = X0.shape[1]
    initial = _init_weights(rng, D, n_h)
    W1, W2 = initial.W1, initial.W2  # (D, n_h), (n_h, 1)
    errors: list[float] = []
    for iteration in range(n_iter):
        M1 = _dropconnect_mask(rng, D, n_h, p) if p > 0.0 else None  # (D, n_h)
        M2 = _dropconnect_mask(rng, n_h, 1, p) if p > 0.0 else None  # (n_h, 1)
        W1, W2, error = _step(X0, t, W1, W2, alpha, M1, M2, exact)
        check_divergence("train", error, alpha, f"at iteration {iteration}")
        errors.append(error)
        if callback is not None:
            callback(
                iteration, error, Weights(W1.copy(), W2.copy())
            )  # copies: the loop's are its own
    return TrainResult(Weights(W1, W2), errors, _dead(X0, W1, exact))


# --8<-- [end:loop]


def _copy(w: Weights) -> Weights:
    return Weights(w.W1.copy(), w.W2.copy())


def _finite(w: Weights) -> bool:
    return bool(np.isfinite(w.W1).all() and np.isfinite(w.W2).all())


def train(
    X0: MatrixLike,
    t: MatrixLike,
    *,
    n_h: int = WRITE_UP.n_h,
    n_iter: int = WRITE_UP.n_iter,
    alpha: float = WRITE_UP.alpha,
    p: float = WRITE_UP.p,
    seed: int = WRITE_UP.seed,
    callback: Callback | None = None,
    exact: bool = False,
) -> TrainResult:
    """Train the network by full-batch gradient descent with DropConnect.

    The defaults are the write-up's settings
    (:data:`~purenn.support.settings.WRITE_UP`).

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
            step, with a copy of the weights after that step's update.
        exact: add in purenn's order, so that every error and weight is
            bit-for-bit purenn's; otherwise numpy's own (BLAS) order.

    Returns:
        ``TrainResult(weights, errors, dead)`` with ``n_iter`` errors.

    Raises:
        ShapeError: ``X0`` or ``t`` has the wrong shape.
        DataError: ``X0`` or ``t`` holds a value that is not a finite number.
        ParameterError: a setting is out of range.
        DivergenceError: the error or the weights stopped being finite
            numbers; ``alpha`` is too large.
    """
    settings = {"n_h": n_h, "n_iter": n_iter, "alpha": alpha, "p": p, "seed": seed}
    X0, t, n_h, n_iter, alpha, p, seed = check.training("train", X0, t, settings, callback)
    with np.errstate(over="ignore", invalid="ignore"):
        watched = guarded("train", alpha, callback, _copy, _finite)
        result = _train(X0, t, n_h, n_iter, alpha, p, seed, watched, exact)
    finite = _finite(result.weights)
    check_divergence("train", 0.0, alpha, f"by iteration {n_iter - 1}", weights_finite=finite)
    return result
