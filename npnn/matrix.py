"""Matrices as 2-D float64 numpy arrays, and the operations the network needs.

The same names as :mod:`purenn.matrix`, with the same checks and the same
error messages. Lists of rows are accepted and converted. A 1-D array is
refused rather than broadcast: ``(N, 1) - (N,)`` would silently become an
``(N, N)`` matrix.

Two ways to add up, chosen by the caller with ``exact``:

- ``exact=False`` (the default): numpy as a practitioner writes it, ``A @ B``
  and ``np.sum``. BLAS adds the products in its own order, with fused
  multiply-adds, so the last bits can differ from purenn's.
- ``exact=True``: every sum starts at ``0.0`` and adds its terms in purenn's
  order, left to right, so every result is bit-for-bit purenn's.

Elementwise operations round each entry once, whatever the order, so they
are the same in both modes.
"""

from __future__ import annotations

import sys

import numpy as np
from numpy.typing import ArrayLike, NDArray

from purenn.errors import DataError, ShapeError
from purenn.support.checks import (
    Shape,
    describe,
    inner_sizes,
    is_whole,
    list_matrix,
    non_finite_message,
    same_shape,
    scalar,
)

__all__ = [
    "Matrix",
    "MatrixLike",
    "add",
    "matmul",
    "multiply",
    "relu",
    "relu_mask",
    "scale",
    "shape",
    "subtract",
    "total",
    "transpose",
    "zeros",
]

Matrix = NDArray[np.float64]
"""A matrix: a 2-D float64 array."""

MatrixLike = ArrayLike
"""What a public function accepts as a matrix: a 2-D array, or a list of rows."""

_FEW = 16
"""Up to this many terms per sum, the exact product loops over them in Python."""

_BLOCK = 1 << 20
"""Products held at once by the exact product over more terms: 8 MiB of memory."""


def _as_matrix(A: object, op: str, name: str, *, finite: bool = False) -> Matrix:
    """Check ``A`` as purenn checks it, and return it as a 2-D float64 array."""
    if not isinstance(A, np.ndarray):
        return np.array(list_matrix(A, op, name, finite=finite), dtype=np.float64)
    if isinstance(A, np.matrix):  # `*` is a product there, and a row of it is 2-D
        raise ShapeError(
            f"{op}: {name} must be a 2-D array, got a numpy.matrix; pass np.asarray({name})"
        )
    if isinstance(A, np.ma.MaskedArray):  # its masked entries would be used, or NaN let through
        raise DataError(
            f"{op}: {name} is a masked array; drop the masked rows or fill them "
            f"({name}.filled(value)) first"
        )
    if A.ndim != 2:
        raise ShapeError(f"{op}: {name} must be a 2-D matrix, got an array of shape {A.shape}")
    if A.shape[0] == 0:
        raise ShapeError(f"{op}: {name} is empty; a matrix needs at least one row")
    if A.shape[1] == 0:
        raise ShapeError(f"{op}: {name} is empty; a matrix needs at least one column")
    if A.dtype == np.bool_ or A.dtype.kind not in "iuf":
        raise DataError(f"{op}: {name} must hold real numbers, got an array of dtype {A.dtype}")
    A = A.astype(np.float64, copy=False)
    if finite and not np.isfinite(A).all():
        i, j = (int(k) for k in np.argwhere(~np.isfinite(A))[0])
        raise DataError(non_finite_message(op, name, (i, j, float(A[i, j]))))
    return A


# --8<-- [start:kernels]
# --8<-- [start:matmul]
def _matmul(A: Matrix, B: Matrix, exact: bool) -> Matrix:
    if not exact:
        return A @ B  # BLAS: its own order of additions, fused multiply-adds
    n, K = A.shape
    if K <= _FEW:  # few terms: add the k-th products to every sum at once
        CT = np.zeros((B.shape[1], n))  # C's transpose: long rows, fast loops; sums from 0.0
        for k in range(K):
            CT += B[k, :, None] * A[:, k]  # (m, 1) * (n,) -> (m, n)
        return CT.T
    C = np.zeros((n, B.shape[1]))  # every sum starts at 0.0, as in purenn
    step = max(1, _BLOCK // max(1, C.size))  # many terms: products made a block at a time
    for k in range(0, K, step):
        P = np.empty((min(step, K - k), *C.shape))  # (terms, n, m): k slowest in memory
        np.multiply(A.T[k : k + step, :, None], B[k : k + step, None, :], out=P)
        P[0] += C  # carry the sum so far in front of the next products
        # Across an axis slower than another, numpy adds term by term, in order;
        # a lone sum has only the fast axis, which it adds pairwise: cumsum then.
        C = np.add.reduce(P, axis=0) if C.size > 1 else np.cumsum(P, axis=0)[-1]
    return C


# --8<-- [end:matmul]


# --8<-- [start:total]
def _total(A: Matrix, exact: bool) -> float:
    if not exact:
        return float(A.sum())  # pairwise summation: another order than purenn's
    terms = np.concatenate(([0.0], A.ravel()))  # from 0.0, row by row
    return float(np.cumsum(terms)[-1])  # added one at a time, in order


# --8<-- [end:total]


# --8<-- [start:relu]
def _relu(A: Matrix) -> Matrix:
    return np.where(A > 0.0, A, 0.0)


def _relu_mask(A: Matrix) -> Matrix:
    return (A > 0.0).astype(np.float64)


# --8<-- [end:relu]
# --8<-- [end:kernels]


def shape(A: MatrixLike) -> Shape:
    """Return ``(rows, columns)`` of ``A``.

    Raises:
        ShapeError: ``A`` is not a non-empty 2-D matrix.
    """
    rows, cols = _as_matrix(A, "shape", "A").shape
    return rows, cols


def zeros(rows: int, cols: int) -> Matrix:
    """Return a ``(rows, cols)`` matrix of zeros.

    Raises:
        ShapeError: ``rows`` or ``cols`` is not a whole number of at least 1, or
            is larger than any index can be.
    """
    for name, value in (("rows", rows), ("cols", cols)):
        if not is_whole(value) or value < 1:
            raise ShapeError(
                f"zeros: {name} must be a whole number of at least 1, got {describe(value)}"
            )
        if value > sys.maxsize:
            raise ShapeError(
                f"zeros: {name} must be at most {sys.maxsize} (the largest index), "
                f"got {describe(value)}"
            )
    return np.zeros((rows, cols))


def transpose(A: MatrixLike) -> Matrix:
    r"""Return \(A^T\), shape ``(cols, rows)``: a new array, not a view."""
    return _as_matrix(A, "transpose", "A").T.copy()


def matmul(A: MatrixLike, B: MatrixLike, *, exact: bool = False) -> Matrix:
    r"""Return the product \(C = A B\), \(C_{ij} = \sum_k A_{ik} B_{kj}\).

    Args:
        A: shape ``(n, k)``.
        B: shape ``(k, m)``.
        exact: add the products for ``k = 0, 1, ...`` in turn from ``0.0``,
            as purenn does, instead of in BLAS's order.

    Returns:
        ``C``, shape ``(n, m)``.

    Raises:
        ShapeError: ``A`` has a different number of columns than ``B`` has rows.
    """
    A, B = _as_matrix(A, "matmul", "A"), _as_matrix(B, "matmul", "B")
    inner_sizes("matmul", A.shape, B.shape)
    return _matmul(A, B, exact)


def _elementwise_args(op: str, A: object, B: object) -> tuple[Matrix, Matrix]:
    A_checked, B_checked = _as_matrix(A, op, "A"), _as_matrix(B, op, "B")
    same_shape(op, A_checked.shape, B_checked.shape)
    return A_checked, B_checked


def add(A: MatrixLike, B: MatrixLike) -> Matrix:
    """Return ``A + B``, entry by entry. Both have the same shape."""
    A, B = _elementwise_args("add", A, B)
    return A + B


def subtract(A: MatrixLike, B: MatrixLike) -> Matrix:
    """Return ``A - B``, entry by entry. Both have the same shape."""
    A, B = _elementwise_args("subtract", A, B)
    return A - B


def multiply(A: MatrixLike, B: MatrixLike) -> Matrix:
    """Return ``A * B``, entry by entry (the Hadamard product). Same shapes."""
    A, B = _elementwise_args("multiply", A, B)
    return A * B


def scale(c: float, A: MatrixLike) -> Matrix:
    """Return ``c * A``: every entry of ``A`` multiplied by the number ``c``."""
    return scalar(c, "scale", "c") * _as_matrix(A, "scale", "A")


def relu(A: MatrixLike) -> Matrix:
    r"""Return \(\max(A, 0)\), entry by entry: negatives (and zeros) become ``0.0``."""
    return _relu(_as_matrix(A, "relu", "A"))


def relu_mask(A: MatrixLike) -> Matrix:
    r"""Return the indicator \([A > 0]\): ``1.0`` where an entry is positive, else ``0.0``.

    This is the derivative of :func:`relu`, taken as 0 at 0.
    """
    return _relu_mask(_as_matrix(A, "relu_mask", "A"))


def total(A: MatrixLike, *, exact: bool = False) -> float:
    """Return the sum of every entry.

    With ``exact``, row by row, left to right, from ``0.0``, as purenn adds;
    otherwise ``np.sum``'s pairwise order.
    """
    return _total(_as_matrix(A, "total", "A"), exact)
