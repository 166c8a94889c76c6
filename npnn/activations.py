r"""Activation functions in numpy, each with its derivative (see :mod:`purenn.activations`).

    relu      A = max(Z, 0)                            f'(Z) = [Z > 0]
    tanh      A = tanh(Z)                              f'(Z) = (2 e / (1 + e e))^2,  e = exp(-|Z|)
    sigmoid   A = 1 / (1 + exp(-Z)), computed stably   f'(Z) = e / ((1 + e) (1 + e)), e = exp(-|Z|)
    identity  A = Z                                    f'(Z) = 1

The sigmoid is ``1 / (1 + e)`` for ``z >= 0`` and ``e / (1 + e)`` below, with
``e = exp(-|z|)``. The derivatives are computed from ``Z``, accurate to a few
units in the last place at every ``z``, where ``A * (1 - A)`` and
``1 - A * A`` lose every digit as ``A`` rounds to 1 (see :mod:`purenn.activations`).

``exact=False``: ``np.tanh`` and ``np.exp``, which may differ from
:mod:`math`'s in the last bit. ``exact=True``: the very :mod:`math` routines
purenn calls, entry by entry, so every value is purenn's. The arithmetic
around them (``2 e / (1 + e e)`` ...) rounds each entry once, in the same
order, in both modes.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from npnn.matrix import Matrix, MatrixLike, _as_matrix, _relu
from purenn.activations import ACTIVATIONS
from purenn.errors import ShapeError
from purenn.support import checks
from purenn.support.records import record_repr

__all__ = [
    "ACTIVATIONS",
    "ActivationCache",
    "activation_backward",
    "activation_forward",
    "identity",
    "identity_derivative",
    "relu",
    "relu_derivative",
    "sigmoid",
    "sigmoid_derivative",
    "tanh",
    "tanh_derivative",
]


@dataclass(frozen=True, repr=False)
class ActivationCache:
    """What :func:`activation_forward` keeps for the backward pass.

    ``Z`` is the input and ``A = f(Z)`` the output, both ``(N, n)``.
    """

    name: str
    Z: Matrix
    A: Matrix

    __repr__ = record_repr


# --8<-- [start:math]
def _math(f: Callable[[float], float], A: Matrix) -> Matrix:
    """``f`` of every entry, with Python's :mod:`math` routine: purenn's bits."""
    return np.array(np.frompyfunc(f, 1, 1)(A), dtype=np.float64)  # one Python call per entry


# --8<-- [end:math]


# --8<-- [start:kernels]
def _tanh(Z: Matrix, exact: bool, out: Matrix | None = None) -> Matrix:
    if exact:
        return _math(math.tanh, Z)
    return np.tanh(Z, out=out)


# --8<-- [start:sigmoid]
def _sigmoid(Z: Matrix, exact: bool, out: Matrix | None = None) -> Matrix:
    e = _math(math.exp, -np.abs(Z)) if exact else np.exp(-np.abs(Z))  # in (0, 1]
    return np.where(Z >= 0.0, 1.0 / (1.0 + e), e / (1.0 + e))


# --8<-- [end:sigmoid]


def _relu_derivative(Z: Matrix, exact: bool = False) -> Matrix:
    return (Z > 0.0).astype(np.float64)


# --8<-- [start:derivatives]
def _exp_minus_abs(Z: Matrix, exact: bool) -> Matrix:
    return _math(math.exp, -np.abs(Z)) if exact else np.exp(-np.abs(Z))  # in (0, 1]


def _tanh_derivative(Z: Matrix, exact: bool) -> Matrix:
    e = _exp_minus_abs(Z, exact)
    sech = 2.0 * e / (1.0 + e * e)  # 1 / cosh(z) = 2 / (e^z + e^-z)
    return sech * sech  # 1 - tanh(z)^2, without subtracting from 1


def _sigmoid_derivative(Z: Matrix, exact: bool) -> Matrix:
    e = _exp_minus_abs(Z, exact)
    return e / ((1.0 + e) * (1.0 + e))  # sigma(z) sigma(-z), without 1 - A


# --8<-- [end:derivatives]


def _identity_derivative(Z: Matrix, exact: bool = False) -> Matrix:
    return np.ones_like(Z)


_DERIVATIVES: dict[str, Callable[[Matrix, bool], Matrix]] = {
    "relu": _relu_derivative,  # f'(Z), from Z
    "tanh": _tanh_derivative,
    "sigmoid": _sigmoid_derivative,
    "identity": _identity_derivative,
}


# --8<-- [start:forward-backward]
def _activate(name: str, Z: Matrix, exact: bool, out: Matrix | None = None) -> Matrix:
    """``f(Z)``; into ``out`` when it is given (npnn's training workspace)."""
    if name == "relu":
        if exact:
            return _relu(Z)  # 0.0 wherever Z > 0 fails, as purenn: -0.0 becomes 0.0
        return np.maximum(Z, 0.0, out=out)  # faster; may keep a -0.0, the same number
    if name == "tanh":
        return _tanh(Z, exact, out)
    if name == "sigmoid":
        return _sigmoid(Z, exact)
    if out is None:
        return Z.copy()  # identity
    np.copyto(out, Z)
    return out


def _activation_forward(
    name: str, Z: Matrix, exact: bool, out: Matrix | None = None
) -> tuple[Matrix, ActivationCache]:
    A = _activate(name, Z, exact, out)  # (N, n)
    return A, ActivationCache(name, Z, A)


def _activation_backward(
    dA: Matrix, cache: ActivationCache, exact: bool, keep: np.ndarray | None = None
) -> Matrix:
    """``dZ = f'(Z) * dA``. With ``keep`` (a boolean workspace), relu's is computed in place."""
    if cache.name == "identity":
        return dA.copy()  # dZ = dA
    if cache.name == "relu" and keep is not None:
        np.greater(cache.Z, 0.0, out=keep)  # [Z > 0], as booleans
        np.multiply(dA, keep, out=dA)  # the same products as with 1.0 and 0.0
        return dA
    return _DERIVATIVES[cache.name](cache.Z, exact) * dA  # (N, n)


# --8<-- [end:forward-backward]
# --8<-- [end:kernels]


def _check(op: str, Z: object, name: str = "Z") -> Matrix:
    return _as_matrix(Z, op, name, finite=True)


def relu(Z: MatrixLike, *, exact: bool = False) -> Matrix:
    r"""Return \(\max(Z, 0)\), entry by entry.

    Args:
        Z: shape ``(N, n)``.
        exact: accepted for one signature with purenn; relu rounds nothing.

    Raises:
        ShapeError: ``Z`` is not a matrix.
        DataError: a value is not a finite number.
    """
    return _relu(_check("relu", Z))


def relu_derivative(Z: MatrixLike, *, exact: bool = False) -> Matrix:
    r"""Return \([Z > 0]\): 1 where an entry is positive, else 0 (0 at 0)."""
    return _relu_derivative(_check("relu_derivative", Z))


def tanh(Z: MatrixLike, *, exact: bool = False) -> Matrix:
    r"""Return \(\tanh(Z)\): ``np.tanh``, or with ``exact`` :func:`math.tanh` entry by entry."""
    return _tanh(_check("tanh", Z), exact)


def tanh_derivative(Z: MatrixLike, *, exact: bool = False) -> Matrix:
    r"""Return \(1 - \tanh(Z)^2 = 1 / \cosh(Z)^2\), computed from ``e = exp(-|Z|)``.

    As ``(2 e / (1 + e * e))^2``; ``exp`` is ``np.exp``, or with ``exact`` :func:`math.exp`.
    """
    return _tanh_derivative(_check("tanh_derivative", Z), exact)


def sigmoid(Z: MatrixLike, *, exact: bool = False) -> Matrix:
    r"""Return \(\sigma(Z) = 1 / (1 + e^{-Z})\), entry by entry, without overflow.

    With ``e = exp(-|z|)``: ``1 / (1 + e)`` for ``z >= 0``, ``e / (1 + e)`` below;
    ``exp`` is ``np.exp``, or with ``exact`` :func:`math.exp`.
    """
    return _sigmoid(_check("sigmoid", Z), exact)


def sigmoid_derivative(Z: MatrixLike, *, exact: bool = False) -> Matrix:
    r"""Return \(\sigma'(Z) = \sigma(Z)\,\sigma(-Z)\), computed from ``e = exp(-|Z|)``.

    As ``e / ((1 + e) * (1 + e))``; ``exp`` is ``np.exp``, or with ``exact`` :func:`math.exp`.
    """
    return _sigmoid_derivative(_check("sigmoid_derivative", Z), exact)


def identity(Z: MatrixLike, *, exact: bool = False) -> Matrix:
    r"""Return a copy of ``Z``: the output layer of a regression, or logits."""
    return _check("identity", Z).copy()


def identity_derivative(Z: MatrixLike, *, exact: bool = False) -> Matrix:
    r"""Return a matrix of ones, the shape of ``Z``."""
    return _identity_derivative(_check("identity_derivative", Z))


def activation_forward(
    name: str, Z: MatrixLike, *, exact: bool = False
) -> tuple[Matrix, ActivationCache]:
    r"""Apply the activation ``name`` to ``Z``: return \(A = f(Z)\) and the cache.

    Args:
        name: one of :data:`ACTIVATIONS`.
        Z: the pre-activation, shape ``(N, n)``.
        exact: take ``exp`` and ``tanh`` from :mod:`math`, as purenn does,
            instead of numpy's.

    Returns:
        ``(A, cache)``: ``A`` is ``(N, n)``; the cache holds ``Z`` and ``A``.

    Raises:
        ParameterError: an unknown activation.
        ShapeError: ``Z`` is not a matrix.
        DataError: a value is not a finite number.
    """
    name = checks.one_of(name, "activation_forward", "activation", ACTIVATIONS)
    return _activation_forward(name, _check("activation_forward", Z), exact)


def activation_backward(dA: MatrixLike, cache: ActivationCache, *, exact: bool = False) -> Matrix:
    r"""Return \(dZ = f'(Z) \odot dA\), with \(f'\) computed from the cached ``Z``.

    Args:
        dA: the gradient with respect to the output, shape ``(N, n)``.
        cache: what :func:`activation_forward` returned.
        exact: take ``exp`` from :mod:`math`, as purenn does, instead of numpy's.

    Returns:
        ``dZ``, shape ``(N, n)``.

    Raises:
        ShapeError: ``dA`` is not the shape of the cached ``A`` and ``Z``, or
            ``cache`` is not an :class:`ActivationCache`.
        DataError: a value is not a finite number.
    """
    op = "activation_backward"
    if not isinstance(cache, ActivationCache):
        raise ShapeError(
            f"{op}: cache must be the ActivationCache that activation_forward returned, "
            f"got {type(cache).__name__}"
        )
    name = checks.one_of(cache.name, op, "activation", ACTIVATIONS)
    dA = _check(op, dA, "dA")
    A = _check(op, cache.A, "A")
    Z = _check(op, cache.Z, "Z")
    checks.same_shape(op, dA.shape, A.shape, "dA", "A")
    checks.same_shape(op, dA.shape, Z.shape, "dA", "Z")
    return _activation_backward(dA, ActivationCache(name, Z, A), exact)
