r"""Losses in numpy, and their gradients (see :mod:`purenn.losses`).

For outputs ``y`` and targets ``t`` of shape ``(N, K)``, ``n = N * K`` and
``d = y - t``:

    half_sum       L = 1/2 sum(d * d)         dL/dy = d             (the write-up's)
    mse            L = sum(d * d) / n         dL/dy = (2 d) / n
    cross_entropy  L = sum(l) / n             dL/dz = (sigmoid(z) - t) / n,
                   l = max(z, 0) - z t + log1p(exp(-|z|))

``exact=False``: ``np.sum``'s order and numpy's ``exp`` and ``log1p``.
``exact=True``: sums in purenn's order and :mod:`math`'s ``exp`` and
``log1p``, entry by entry, so every loss and gradient is purenn's, bit for bit.
"""

from __future__ import annotations

import math

import numpy as np

from npnn.activations import _math, _sigmoid
from npnn.matrix import Matrix, MatrixLike, _as_matrix, _relu, _total
from purenn.losses import LOSSES
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


# --8<-- [start:kernels]
def _half_sum(y: Matrix, t: Matrix, exact: bool) -> float:
    d = y - t  # (N, K)
    return 0.5 * _total(d * d, exact)


def _half_sum_gradient(y: Matrix, t: Matrix, exact: bool) -> Matrix:
    return y - t  # (N, K)


def _mse(y: Matrix, t: Matrix, exact: bool) -> float:
    d = y - t  # (N, K)
    return _total(d * d, exact) / int(d.size)


def _mse_gradient(y: Matrix, t: Matrix, exact: bool) -> Matrix:
    return (2.0 * (y - t)) / int(y.size)  # (N, K)


# --8<-- [start:cross-entropy]
def _cross_entropy(z: Matrix, t: Matrix, exact: bool) -> float:
    e = _math(math.exp, -np.abs(z)) if exact else np.exp(-np.abs(z))  # in (0, 1]
    log_term = _math(math.log1p, e) if exact else np.log1p(e)
    terms = _relu(z) - z * t + log_term  # max(z, 0) - z t + log1p(exp(-|z|)), (N, K)
    return _total(terms, exact) / int(z.size)


def _cross_entropy_gradient(z: Matrix, t: Matrix, exact: bool) -> Matrix:
    return (_sigmoid(z, exact) - t) / int(z.size)  # (N, K)


# --8<-- [end:cross-entropy]

_LOSSES = {
    "half_sum": (_half_sum, _half_sum_gradient),
    "mse": (_mse, _mse_gradient),
    "cross_entropy": (_cross_entropy, _cross_entropy_gradient),
}


def _loss_value(name: str, y: Matrix, t: Matrix, exact: bool) -> float:
    return _LOSSES[name][0](y, t, exact)


def _loss_gradient(name: str, y: Matrix, t: Matrix, exact: bool) -> Matrix:
    return _LOSSES[name][1](y, t, exact)


# --8<-- [end:kernels]


def _check_binary(op: str, t: Matrix) -> None:
    """Refuse a target that is neither 0 nor 1, naming the first (row-major) as purenn does."""
    bad = (t != 0.0) & (t != 1.0)
    if bad.any():
        i, j = (int(k) for k in np.argwhere(bad)[0])
        raise checks.non_binary_error(op, "t", (i, j, float(t[i, j])))


def _check_pair(
    op: str, y: object, t: object, *, binary: bool, y_name: str = "y"
) -> tuple[Matrix, Matrix]:
    """Check outputs and targets: two finite matrices of one shape; 0 or 1 if ``binary``."""
    y = _as_matrix(y, op, y_name, finite=True)
    t = _as_matrix(t, op, "t", finite=True)
    checks.same_shape(op, y.shape, t.shape, y_name, "t")
    if binary:
        _check_binary(op, t)
    return y, t


def half_sum(y: MatrixLike, t: MatrixLike, *, exact: bool = False) -> float:
    r"""Return half the sum of squared errors, \(L = \frac{1}{2}\sum (y - t)^2\): the write-up's.

    Args:
        y: outputs, shape ``(N, K)``.
        t: targets, the shape of ``y``.
        exact: add in purenn's order instead of ``np.sum``'s.

    Raises:
        ShapeError: ``y`` and ``t`` differ in shape.
        DataError: a value is not a finite number.
    """
    pair = _check_pair("half_sum", y, t, binary=False)
    with np.errstate(over="ignore", invalid="ignore"):  # an overflow is refused, as in purenn
        value = _half_sum(*pair, exact)
    return checks.finite_result("half_sum", "the loss", value)


def half_sum_gradient(y: MatrixLike, t: MatrixLike, *, exact: bool = False) -> Matrix:
    r"""Return \(\partial L / \partial y = y - t\) for :func:`half_sum`, shape ``(N, K)``."""
    return _half_sum_gradient(*_check_pair("half_sum_gradient", y, t, binary=False), exact)


def mse(y: MatrixLike, t: MatrixLike, *, exact: bool = False) -> float:
    r"""Return the mean squared error \(L = \frac{1}{n}\sum (y - t)^2\), ``n = N * K``.

    Raises:
        ShapeError: ``y`` and ``t`` differ in shape.
        DataError: a value is not a finite number.
    """
    pair = _check_pair("mse", y, t, binary=False)
    with np.errstate(over="ignore", invalid="ignore"):  # an overflow is refused, as in purenn
        value = _mse(*pair, exact)
    return checks.finite_result("mse", "the loss", value)


def mse_gradient(y: MatrixLike, t: MatrixLike, *, exact: bool = False) -> Matrix:
    r"""Return \(\partial L / \partial y = 2 (y - t) / n\) for :func:`mse`, shape ``(N, K)``."""
    return _mse_gradient(*_check_pair("mse_gradient", y, t, binary=False), exact)


def cross_entropy(z: MatrixLike, t: MatrixLike, *, exact: bool = False) -> float:
    r"""Return the binary cross-entropy of logits ``z`` against labels ``t``, averaged.

    \(L = \frac{1}{n}\sum \max(z, 0) - z t + \log(1 + e^{-|z|})\), which equals
    \(-\frac{1}{n}\sum t \log\sigma(z) + (1 - t)\log(1 - \sigma(z))\) but never
    overflows.

    Args:
        z: logits, shape ``(N, K)``: the output layer, without a sigmoid.
        t: targets, each 0 or 1, the shape of ``z``.
        exact: :mod:`math`'s ``exp`` and ``log1p`` and purenn's order of
            addition, instead of numpy's.

    Raises:
        ShapeError: ``z`` and ``t`` differ in shape.
        DataError: a value is not a finite number, or a target is neither 0 nor 1.
    """
    pair = _check_pair("cross_entropy", z, t, binary=True, y_name="z")
    with np.errstate(over="ignore", invalid="ignore"):  # an overflow is refused, as in purenn
        value = _cross_entropy(*pair, exact)
    return checks.finite_result("cross_entropy", "the loss", value)


def cross_entropy_gradient(z: MatrixLike, t: MatrixLike, *, exact: bool = False) -> Matrix:
    r"""Return \(\partial L / \partial z = (\sigma(z) - t) / n\) for :func:`cross_entropy`."""
    op = "cross_entropy_gradient"
    return _cross_entropy_gradient(*_check_pair(op, z, t, binary=True, y_name="z"), exact)


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
    with np.errstate(over="ignore", invalid="ignore"):  # an overflow is refused, as in purenn
        value = _loss_value(name, y, t, exact)
    return checks.finite_result("loss_value", "the loss", value)


def loss_gradient(name: str, y: MatrixLike, t: MatrixLike, *, exact: bool = False) -> Matrix:
    """Return the gradient of the loss ``name`` with respect to ``y``, shape ``(N, K)``.

    Raises:
        ParameterError: an unknown loss.
        ShapeError: ``y`` and ``t`` differ in shape.
        DataError: as for :func:`loss_value`.
    """
    name = checks.one_of(name, "loss_gradient", "loss", LOSSES)
    y, t = _check_pair("loss_gradient", y, t, binary=name == "cross_entropy")
    return _loss_gradient(name, y, t, exact)
