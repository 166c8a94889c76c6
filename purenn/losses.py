r"""Losses: one number that says how far the outputs are from the targets, and its gradient.

For outputs ``y`` and targets ``t`` of shape ``(N, K)``, with ``n = N * K``
entries and ``d = y - t``:

    half_sum       L = 1/2 sum(d * d)         dL/dy = d             (the write-up's)
    mse            L = sum(d * d) / n         dL/dy = (2 d) / n
    cross_entropy  L = sum(l) / n             dL/dz = (sigmoid(z) - t) / n

The write-up's loss is half the *sum* of squares, so it and its gradient grow
with ``N``; the mean squared error does not. Binary cross-entropy takes the
logits ``z`` (the output layer without a sigmoid) and targets 0 or 1; each
entry's term is

    l = -t log(sigmoid(z)) - (1 - t) log(1 - sigmoid(z))
      = max(z, 0) - z t + log1p(exp(-|z|))

where the second line never overflows and loses nothing to rounding when
``sigmoid(z)`` is near 0 or 1. Every sum starts at ``0.0`` and adds the
entries row by row, left to right.
"""

from __future__ import annotations

import math

from purenn.activations import _sigmoid
from purenn.matrix import Matrix, MatrixLike, _multiply, _subtract, _total
from purenn.support import checks

__all__ = [
    "LOSSES",
    "cross_entropy",
    "cross_entropy_gradient",
    "half_sum",
    "half_sum_gradient",
    "loss_gradient",
    "loss_value",
    "mse",
    "mse_gradient",
]

LOSSES = ("half_sum", "mse", "cross_entropy")
"""The losses a network can train on, by name."""


# --8<-- [start:kernels]
def _half_sum(y: Matrix, t: Matrix) -> float:
    d = _subtract(y, t)  # (N, K)
    return 0.5 * _total(_multiply(d, d))


def _half_sum_gradient(y: Matrix, t: Matrix) -> Matrix:
    return _subtract(y, t)  # (N, K)


def _mse(y: Matrix, t: Matrix) -> float:
    d = _subtract(y, t)  # (N, K)
    return _total(_multiply(d, d)) / (len(d) * len(d[0]))


def _mse_gradient(y: Matrix, t: Matrix) -> Matrix:
    n = len(y) * len(y[0])
    return [[(2.0 * d) / n for d in row] for row in _subtract(y, t)]  # (N, K)


# --8<-- [start:cross-entropy]
def _cross_entropy(z: Matrix, t: Matrix) -> float:
    terms = []
    for z_row, t_row in zip(z, t):
        terms_row = []
        for z_i, t_i in zip(z_row, t_row):
            # max(z, 0) - z t + log1p(exp(-|z|)): no overflow, no log(0)
            terms_row.append(
                (z_i if z_i > 0.0 else 0.0) - z_i * t_i + math.log1p(math.exp(-abs(z_i)))
            )
        terms.append(terms_row)
    return _total(terms) / (len(z) * len(z[0]))


def _cross_entropy_gradient(z: Matrix, t: Matrix) -> Matrix:
    n = len(z) * len(z[0])
    return [[d / n for d in row] for row in _subtract(_sigmoid(z), t)]  # (N, K)


# --8<-- [end:cross-entropy]

_LOSSES = {
    "half_sum": (_half_sum, _half_sum_gradient),
    "mse": (_mse, _mse_gradient),
    "cross_entropy": (_cross_entropy, _cross_entropy_gradient),
}


def _loss_value(name: str, y: Matrix, t: Matrix) -> float:
    return _LOSSES[name][0](y, t)


def _loss_gradient(name: str, y: Matrix, t: Matrix) -> Matrix:
    return _LOSSES[name][1](y, t)


# --8<-- [end:kernels]


def _check_pair(
    op: str, y: object, t: object, *, binary: bool, y_name: str = "y"
) -> tuple[Matrix, Matrix]:
    """Check outputs and targets: two finite matrices of one shape; 0 or 1 if ``binary``."""
    y = checks.list_matrix(y, op, y_name, finite=True)
    t = checks.list_matrix(t, op, "t", finite=True)
    checks.same_shape(op, (len(y), len(y[0])), (len(t), len(t[0])), y_name, "t")
    if binary:
        where = checks.first_non_binary(t)
        if where is not None:
            raise checks.non_binary_error(op, "t", where)
    return y, t


def half_sum(y: MatrixLike, t: MatrixLike, *, exact: bool = False) -> float:
    r"""Return half the sum of squared errors, \(L = \frac{1}{2}\sum (y - t)^2\): the write-up's.

    Args:
        y: outputs, shape ``(N, K)``.
        t: targets, the shape of ``y``.

    Raises:
        ShapeError: ``y`` and ``t`` differ in shape.
        DataError: a value is not a finite number.
    """
    return checks.finite_result(
        "half_sum", "the loss", _half_sum(*_check_pair("half_sum", y, t, binary=False))
    )


def half_sum_gradient(y: MatrixLike, t: MatrixLike, *, exact: bool = False) -> Matrix:
    r"""Return \(\partial L / \partial y = y - t\) for :func:`half_sum`, shape ``(N, K)``."""
    return _half_sum_gradient(*_check_pair("half_sum_gradient", y, t, binary=False))


def mse(y: MatrixLike, t: MatrixLike, *, exact: bool = False) -> float:
    r"""Return the mean squared error \(L = \frac{1}{n}\sum (y - t)^2\), ``n = N * K``.

    Raises:
        ShapeError: ``y`` and ``t`` differ in shape.
        DataError: a value is not a finite number.
    """
    return checks.finite_result("mse", "the loss", _mse(*_check_pair("mse", y, t, binary=False)))


def mse_gradient(y: MatrixLike, t: MatrixLike, *, exact: bool = False) -> Matrix:
    r"""Return \(\partial L / \partial y = 2 (y - t) / n\) for :func:`mse`, shape ``(N, K)``."""
    return _mse_gradient(*_check_pair("mse_gradient", y, t, binary=False))


def cross_entropy(z: MatrixLike, t: MatrixLike, *, exact: bool = False) -> float:
    r"""Return the binary cross-entropy of logits ``z`` against labels ``t``, averaged.

    \(L = \frac{1}{n}\sum \max(z, 0) - z t + \log(1 + e^{-|z|})\), which equals
    \(-\frac{1}{n}\sum t \log\sigma(z) + (1 - t)\log(1 - \sigma(z))\) but never
    overflows.

    Args:
        z: logits, shape ``(N, K)``: the output layer, without a sigmoid.
        t: targets, each 0 or 1, the shape of ``z``.

    Raises:
        ShapeError: ``z`` and ``t`` differ in shape.
        DataError: a value is not a finite number, or a target is neither 0 nor 1.
    """
    return checks.finite_result(
        "cross_entropy",
        "the loss",
        _cross_entropy(*_check_pair("cross_entropy", z, t, binary=True, y_name="z")),
    )


def cross_entropy_gradient(z: MatrixLike, t: MatrixLike, *, exact: bool = False) -> Matrix:
    r"""Return \(\partial L / \partial z = (\sigma(z) - t) / n\) for :func:`cross_entropy`."""
    op = "cross_entropy_gradient"
    return _cross_entropy_gradient(*_check_pair(op, z, t, binary=True, y_name="z"))


def loss_value(name: str, y: MatrixLike, t: MatrixLike, *, exact: bool = False) -> float:
    """Return the loss ``name`` (one of :data:`LOSSES`) of outputs ``y`` against targets ``t``.

    Raises:
        ParameterError: an unknown loss.
        ShapeError: ``y`` and ``t`` differ in shape.
        DataError: a value is not a finite number; for cross-entropy, a
            target that is neither 0 nor 1.
    """
    name = checks.one_of(name, "loss_value", "loss", LOSSES)
    y, t = _check_pair("loss_value", y, t, binary=name == "cross_entropy")
    return checks.finite_result("loss_value", "the loss", _loss_value(name, y, t))


def loss_gradient(name: str, y: MatrixLike, t: MatrixLike, *, exact: bool = False) -> Matrix:
    """Return the gradient of the loss ``name`` with respect to ``y``, shape ``(N, K)``.

    Raises:
        ParameterError: an unknown loss.
        ShapeError: ``y`` and ``t`` differ in shape.
        DataError: as for :func:`loss_value`.
    """
    name = checks.one_of(name, "loss_gradient", "loss", LOSSES)
    y, t = _check_pair("loss_gradient", y, t, binary=name == "cross_entropy")
    return _loss_gradient(name, y, t)
