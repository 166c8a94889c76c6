r"""The write-up's network: 3 inputs, 4 hidden ReLU units, 1 output, no biases.

Forward, with ``N`` rows of ``D`` features and ``n_h`` hidden units:

    Z1 = X0 W1        (N, n_h)
    X1 = relu(Z1)     (N, n_h)
    y  = X1 W2        (N, 1)
    L  = 1/2 sum((y - t)^2)

Backward, where ``dQ`` is dL/dQ and has the shape of ``Q``:

    dy  = y - t              (N, 1)
    dX1 = dy W2^T            (N, n_h)
    dW2 = X1^T dy            (n_h, 1)
    dZ1 = [Z1 > 0] * dX1     (N, n_h)
    dX0 = dZ1 W1^T           (N, D)
    dW1 = X0^T dZ1           (D, n_h)

Each public function checks its arguments in one line, then calls its
underscore twin, which holds only the math: the twins are what the site shows
and what a training step runs. In a debugger, ``break purenn.forward``, then
``next`` over the check and ``step`` into ``_forward``: the next line is the
first equation.

Every function that adds up takes ``exact=False``. purenn always adds left to
right, which is what npnn's exact mode reproduces; the keyword is there so
that both packages share one signature, and changes nothing here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from purenn.matrix import (
    Matrix,
    MatrixLike,
    _matmul,
    _multiply,
    _relu,
    _relu_mask,
    _scale,
    _subtract,
    _total,
    _transpose,
)
from purenn.random import Generator, uniform
from purenn.support import checks
from purenn.support.checks import list_matrix
from purenn.support.network_checks import NetworkChecks
from purenn.support.records import record_repr

__all__ = [
    "Forward",
    "Gradients",
    "Weights",
    "backward",
    "forward",
    "init_weights",
    "loss",
    "predict",
    "rmse",
    "update",
]

check = NetworkChecks(list_matrix)
"""The argument checks of the network's functions, over this package's matrices."""


@dataclass(frozen=True, repr=False)
class Weights:
    """The network's weights: ``W1`` is ``(D, n_h)``, ``W2`` is ``(n_h, 1)``."""

    W1: Matrix
    W2: Matrix

    __repr__ = record_repr


@dataclass(frozen=True, repr=False)
class Forward:
    """What the forward pass computes, kept for the backward pass.

    ``Z1`` and ``X1`` are ``(N, n_h)``; ``y`` is ``(N, 1)``.
    """

    Z1: Matrix
    X1: Matrix
    y: Matrix

    __repr__ = record_repr


@dataclass(frozen=True, repr=False)
class Gradients:
    """Every derivative of the loss that the backward pass computes.

    Each ``dQ`` is dL/dQ and has the shape of ``Q``. :func:`backward` always
    computes ``dX0``; the training step does not need it and leaves it ``[]``.
    """

    dy: Matrix
    dX1: Matrix
    dW2: Matrix
    dZ1: Matrix
    dX0: Matrix
    dW1: Matrix

    __repr__ = record_repr


# --8<-- [start:init]
def _init_weights(rng: Generator, D: int, n_h: int) -> Weights:
    W1 = _subtract(_scale(2.0, uniform(rng, D, n_h)), [[1.0] * n_h] * D)  # (D, n_h)
    W2 = _subtract(_scale(2.0, uniform(rng, n_h, 1)), [[1.0]] * n_h)  # (n_h, 1)
    return Weights(W1, W2)


# --8<-- [end:init]


# --8<-- [start:forward]
def _forward(X0: Matrix, W1: Matrix, W2: Matrix) -> Forward:
    Z1 = _matmul(X0, W1)  # (N, D) @ (D, n_h) -> (N, n_h)
    X1 = _relu(Z1)  # (N, n_h)
    y = _matmul(X1, W2)  # (N, n_h) @ (n_h, 1) -> (N, 1)
    return Forward(Z1, X1, y)


# --8<-- [end:forward]


# --8<-- [start:loss]
def _loss(y: Matrix, t: Matrix) -> float:
    d = _subtract(y, t)  # (N, 1)
    return 0.5 * _total(_multiply(d, d))  # half the sum of squares


# --8<-- [end:loss]


def _rmse(y: Matrix, t: Matrix) -> float:
    d = _subtract(y, t)  # (N, 1)
    return math.sqrt(_total(_multiply(d, d)) / len(d))


# --8<-- [start:backward]
def _backward(
    X0: Matrix, t: Matrix, W1: Matrix, W2: Matrix, cache: Forward, input_gradient: bool = True
) -> Gradients:
    dy = _subtract(cache.y, t)  # (N, 1)
    dX1 = _matmul(dy, _transpose(W2))  # (N, 1) @ (1, n_h) -> (N, n_h)
    dW2 = _matmul(_transpose(cache.X1), dy)  # (n_h, N) @ (N, 1) -> (n_h, 1)
    dZ1 = _multiply(_relu_mask(cache.Z1), dX1)  # (N, n_h)
    dX0 = _matmul(dZ1, _transpose(W1)) if input_gradient else []  # (N, n_h) @ (n_h, D) -> (N, D)
    dW1 = _matmul(_transpose(X0), dZ1)  # (D, N) @ (N, n_h) -> (D, n_h)
    return Gradients(dy, dX1, dW2, dZ1, dX0, dW1)


# --8<-- [end:backward]


# --8<-- [start:update]
def _update(W: Matrix, dW: Matrix, alpha: float) -> Matrix:
    return _subtract(W, _scale(alpha, dW))  # W - alpha dW, same shape as W


# --8<-- [end:update]


# --8<-- [start:dead]
def _dead(X0: Matrix, W1: Matrix) -> bool:
    """A dead network: every hidden unit outputs 0 on every row, so ``y`` is 0 for every input."""
    Z1_final = _matmul(X0, W1)  # (N, D) @ (D, n_h) -> (N, n_h): the full weights, no DropConnect
    return not any(z > 0.0 for row in Z1_final for z in row)  # relu(Z1) is all zeros


# --8<-- [end:dead]


def init_weights(rng: Generator, D: int, n_h: int) -> Weights:
    r"""Draw the initial weights, uniform in [-1, 1): \(W = 2u - 1\).

    ``W1`` is drawn first, row by row, then ``W2``, from the same generator.

    Args:
        rng: the generator to draw from (see :func:`purenn.random.generator`).
        D: number of input features.
        n_h: number of hidden units.

    Returns:
        ``Weights(W1, W2)``: ``W1`` is ``(D, n_h)``, ``W2`` is ``(n_h, 1)``.

    Raises:
        ParameterError: ``rng`` is not a generator, or ``D`` or ``n_h`` below 1.
    """
    checks.generator_of(rng, "init_weights", Generator)
    checks.count(D, "init_weights", "D", 1)
    checks.count(n_h, "init_weights", "n_h", 1)
    return _init_weights(rng, D, n_h)


def forward(X0: MatrixLike, W1: MatrixLike, W2: MatrixLike, *, exact: bool = False) -> Forward:
    r"""Run the forward pass: \(Z_1 = X_0 W_1\), \(X_1 = \mathrm{relu}(Z_1)\), \(y = X_1 W_2\).

    Args:
        X0: inputs, shape ``(N, D)``.
        W1: first weights, shape ``(D, n_h)``.
        W2: second weights, shape ``(n_h, 1)``.

    Returns:
        ``Forward(Z1, X1, y)``: ``Z1`` and ``X1`` are ``(N, n_h)``, ``y`` is ``(N, 1)``.

    Raises:
        ShapeError: the shapes do not chain.
        DataError: a value is not a finite number.
    """
    return _forward(*check.network("forward", X0, W1, W2))


def loss(y: MatrixLike, t: MatrixLike, *, exact: bool = False) -> float:
    r"""Return half the sum of squared errors, \(L = \frac{1}{2}\sum_i (y_i - t_i)^2\).

    This is the write-up's loss. It is a sum, not a mean, so it and its
    gradient grow with ``N``.

    Args:
        y: predictions, shape ``(N, 1)``.
        t: targets, shape ``(N, 1)``.

    Raises:
        ShapeError: ``y`` is not ``(N, 1)`` or ``t`` does not match it.
        DataError: a value is not a finite number.
    """
    y = check.column("loss", y)
    value = _loss(y, check.targets("loss", t, ("y", (len(y), 1))))
    return checks.finite_result("loss", "the sum of squared errors", value)


def rmse(y: MatrixLike, t: MatrixLike, *, exact: bool = False) -> float:
    r"""Return the root-mean-square error \(\sqrt{\frac{1}{N}\sum_i (y_i - t_i)^2}\).

    In the units of ``t`` (for the housing data, thousands of dollars), so a
    reader can judge it, unlike the loss.

    Args:
        y: predictions, shape ``(N, 1)``.
        t: targets, shape ``(N, 1)``.

    Raises:
        ShapeError: ``y`` is not ``(N, 1)`` or ``t`` does not match it.
        DataError: a value is not a finite number.
    """
    y = check.column("rmse", y)
    value = _rmse(y, check.targets("rmse", t, ("y", (len(y), 1))))
    return checks.finite_result("rmse", "the sum of squared errors", value)


def backward(
    X0: MatrixLike,
    t: MatrixLike,
    W1: MatrixLike,
    W2: MatrixLike,
    cache: Forward,
    *,
    exact: bool = False,
) -> Gradients:
    r"""Run the backward pass: every derivative of the loss, by the chain rule.

    ``W1`` and ``W2`` must be the weights the forward pass used (with
    DropConnect, the masked ones), or the result is not the gradient of the
    loss that was computed.

    Args:
        X0: inputs, shape ``(N, D)``.
        t: targets, shape ``(N, 1)``.
        W1: weights used by the forward pass, shape ``(D, n_h)``.
        W2: weights used by the forward pass, shape ``(n_h, 1)``.
        cache: what :func:`forward` returned for these ``X0``, ``W1``, ``W2``.

    Returns:
        ``Gradients(dy, dX1, dW2, dZ1, dX0, dW1)``, each the shape of its variable.

    Raises:
        ShapeError: the shapes do not chain.
        DataError: a value is not a finite number.
    """
    X0, W1, W2 = check.network("backward", X0, W1, W2)
    X0_shape = (len(X0), len(X0[0]))
    t = check.targets("backward", t, ("X0", X0_shape))
    Z1, X1, y = check.cache("backward", cache, Forward, X0_shape, len(W1[0]))
    return _backward(X0, t, W1, W2, Forward(Z1, X1, y))


def update(W: MatrixLike, dW: MatrixLike, alpha: float) -> Matrix:
    r"""Take one gradient-descent step: return \(W - \alpha\, dW\).

    Raises:
        ShapeError: ``W`` and ``dW`` differ in shape.
        DataError: a value is not a finite number.
        ParameterError: ``alpha`` is not a finite number above zero.
    """
    alpha = checks.step_size(alpha, "update")
    W = checks.list_matrix(W, "update", "W", finite=True)
    dW = checks.list_matrix(dW, "update", "dW", finite=True)
    checks.same_shape("update", (len(W), len(W[0])), (len(dW), len(dW[0])), "W", "dW")
    return _update(W, dW, alpha)


def predict(X0: MatrixLike, W1: MatrixLike, W2: MatrixLike, *, exact: bool = False) -> Matrix:
    r"""Return the predictions \(y = \mathrm{relu}(X_0 W_1) W_2\), shape ``(N, 1)``.

    Uses the weights as given: no DropConnect at prediction time.

    Raises:
        ShapeError: the shapes do not chain.
        DataError: a value is not a finite number.
    """
    return _forward(*check.network("predict", X0, W1, W2)).y
