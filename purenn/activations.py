r"""Activation functions, each with its derivative.

A layer computes ``Z`` and hands on ``A = f(Z)``, entry by entry:

    relu      A = max(Z, 0)                            f'(Z) = [Z > 0]
    tanh      A = tanh(Z)                              f'(Z) = (2 e / (1 + e e))^2,  e = exp(-|Z|)
    sigmoid   A = 1 / (1 + exp(-Z)), computed stably   f'(Z) = e / ((1 + e) (1 + e)), e = exp(-|Z|)
    identity  A = Z                                    f'(Z) = 1

The sigmoid never overflows: with ``e = exp(-|z|)``, which lies in (0, 1], it
is ``1 / (1 + e)`` for ``z >= 0`` and ``e / (1 + e)`` for ``z < 0``.

The derivatives are computed from ``Z``, not from ``A``. The textbook forms
``A * (1 - A)`` and ``1 - A * A`` subtract from 1 a number that rounds to 1
as ``z`` grows: ``1 - A`` keeps few digits, and none once ``A`` is exactly 1,
so the sigmoid's had a relative error of 1e-3 at ``z = 30`` and the tanh's
was exactly 0 from ``z = 20``. Written with ``e = exp(-|z|)``, both are
products and quotients of numbers in (0, 2] (``sigma'(z) = sigma(z) sigma(-z)``
and ``tanh'(z) = 1 / cosh(z)^2 = (2 e / (1 + e^2))^2``): accurate to a few
units in the last place at every ``z``, never overflowing. The price is a
second ``exp`` per entry in the backward pass. For relu, ``Z > 0`` exactly
where ``A > 0``, and the derivative is taken as 0 at 0, as the write-up does.

Transcendental functions come from :mod:`math`; npnn's exact mode calls the
very same routines, entry by entry, so both packages give the same bits.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from purenn.errors import ShapeError
from purenn.matrix import Matrix, MatrixLike, _multiply, _relu, _relu_mask
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

ACTIVATIONS = ("relu", "tanh", "sigmoid", "identity")
"""The activations a layer can use, by name."""


@dataclass(frozen=True, repr=False)
class ActivationCache:
    """What :func:`activation_forward` keeps for the backward pass.

    ``Z`` is the input and ``A = f(Z)`` the output, both ``(N, n)``.
    """

    name: str
    Z: Matrix
    A: Matrix

    __repr__ = record_repr


# --8<-- [start:kernels]
def _map(f: Callable[[float], float], Z: Matrix) -> Matrix:
    A = []
    for Z_row in Z:
        A_row = []
        for z in Z_row:
            A_row.append(f(z))
        A.append(A_row)
    return A


# --8<-- [start:sigmoid]
def _sigmoid_of(z: float) -> float:
    e = math.exp(-abs(z))  # in (0, 1]: never overflows
    return 1.0 / (1.0 + e) if z >= 0.0 else e / (1.0 + e)


# --8<-- [end:sigmoid]


def _tanh(Z: Matrix) -> Matrix:
    return _map(math.tanh, Z)


def _sigmoid(Z: Matrix) -> Matrix:
    return _map(_sigmoid_of, Z)


def _identity(Z: Matrix) -> Matrix:
    return [list(row) for row in Z]


# --8<-- [start:derivatives]
def _tanh_slope(z: float) -> float:
    e = math.exp(-abs(z))  # in (0, 1]: never overflows
    sech = 2.0 * e / (1.0 + e * e)  # 1 / cosh(z) = 2 / (e^z + e^-z)
    return sech * sech  # 1 - tanh(z)^2, without subtracting from 1


def _sigmoid_slope(z: float) -> float:
    e = math.exp(-abs(z))  # in (0, 1]: never overflows
    return e / ((1.0 + e) * (1.0 + e))  # sigma(z) sigma(-z), without 1 - A


# --8<-- [end:derivatives]


def _tanh_derivative(Z: Matrix) -> Matrix:
    return _map(_tanh_slope, Z)


def _sigmoid_derivative(Z: Matrix) -> Matrix:
    return _map(_sigmoid_slope, Z)


def _identity_derivative(Z: Matrix) -> Matrix:
    return [[1.0] * len(row) for row in Z]


# --8<-- [start:table]
_FUNCTIONS: dict[str, tuple[Callable[[Matrix], Matrix], Callable[[Matrix], Matrix]]] = {
    "relu": (_relu, _relu_mask),  # f(Z), and f'(Z): both from Z
    "tanh": (_tanh, _tanh_derivative),
    "sigmoid": (_sigmoid, _sigmoid_derivative),
    "identity": (_identity, _identity_derivative),
}
# --8<-- [end:table]


# --8<-- [start:forward-backward]
def _activation_forward(name: str, Z: Matrix) -> tuple[Matrix, ActivationCache]:
    A = _FUNCTIONS[name][0](Z)  # (N, n)
    return A, ActivationCache(name, Z, A)


def _activation_backward(dA: Matrix, cache: ActivationCache) -> Matrix:
    if cache.name == "identity":
        return [list(row) for row in dA]  # dZ = dA
    return _multiply(_FUNCTIONS[cache.name][1](cache.Z), dA)  # dZ = f'(Z) * dA, (N, n)


# --8<-- [end:forward-backward]
# --8<-- [end:kernels]


def _check(op: str, Z: object, name: str = "Z") -> Matrix:
    return checks.list_matrix(Z, op, name, finite=True)


def relu(Z: MatrixLike, *, exact: bool = False) -> Matrix:
    r"""Return \(\max(Z, 0)\), entry by entry.

    Args:
        Z: shape ``(N, n)``.

    Raises:
        ShapeError: ``Z`` is not a matrix.
        DataError: a value is not a finite number.
    """
    return _relu(_check("relu", Z))


def relu_derivative(Z: MatrixLike, *, exact: bool = False) -> Matrix:
    r"""Return \([Z > 0]\): 1 where an entry is positive, else 0 (0 at 0)."""
    return _relu_mask(_check("relu_derivative", Z))


def tanh(Z: MatrixLike, *, exact: bool = False) -> Matrix:
    r"""Return \(\tanh(Z)\), entry by entry, with :func:`math.tanh`."""
    return _tanh(_check("tanh", Z))


def tanh_derivative(Z: MatrixLike, *, exact: bool = False) -> Matrix:
    r"""Return \(1 - \tanh(Z)^2 = 1 / \cosh(Z)^2\), computed from ``e = exp(-|Z|)``.

    As ``(2 e / (1 + e * e))^2``: accurate to a few units in the last place at
    every ``z``, where ``1 - A * A`` is exactly 0 from ``z = 20``.
    """
    return _tanh_derivative(_check("tanh_derivative", Z))


def sigmoid(Z: MatrixLike, *, exact: bool = False) -> Matrix:
    r"""Return \(\sigma(Z) = 1 / (1 + e^{-Z})\), entry by entry, without overflow.

    With ``e = exp(-|z|)``: ``1 / (1 + e)`` for ``z >= 0``, ``e / (1 + e)`` below.
    """
    return _sigmoid(_check("sigmoid", Z))


def sigmoid_derivative(Z: MatrixLike, *, exact: bool = False) -> Matrix:
    r"""Return \(\sigma'(Z) = \sigma(Z)\,\sigma(-Z)\), computed from ``e = exp(-|Z|)``.

    As ``e / ((1 + e) * (1 + e))``: accurate to a few units in the last place at
    every ``z``, where ``A * (1 - A)`` is off by 1e-3 relative at ``z = 30``.
    """
    return _sigmoid_derivative(_check("sigmoid_derivative", Z))


def identity(Z: MatrixLike, *, exact: bool = False) -> Matrix:
    r"""Return a copy of ``Z``: the output layer of a regression, or logits."""
    return _identity(_check("identity", Z))


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

    Returns:
        ``(A, cache)``: ``A`` is ``(N, n)``; the cache holds ``Z`` and ``A``.

    Raises:
        ParameterError: an unknown activation.
        ShapeError: ``Z`` is not a matrix.
        DataError: a value is not a finite number.
    """
    name = checks.one_of(name, "activation_forward", "activation", ACTIVATIONS)
    return _activation_forward(name, _check("activation_forward", Z))


def activation_backward(dA: MatrixLike, cache: ActivationCache, *, exact: bool = False) -> Matrix:
    r"""Return \(dZ = f'(Z) \odot dA\), with \(f'\) computed from the cached ``Z``.

    Args:
        dA: the gradient with respect to the output, shape ``(N, n)``.
        cache: what :func:`activation_forward` returned.

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
    checks.same_shape(op, (len(dA), len(dA[0])), (len(A), len(A[0])), "dA", "A")
    checks.same_shape(op, (len(dA), len(dA[0])), (len(Z), len(Z[0])), "dA", "Z")
    return _activation_backward(dA, ActivationCache(name, Z, A))
