"""Matrices as lists of rows, and the operations the network needs.

A matrix is a ``list[list[float]]``: ``A[i][j]`` is row ``i``, column ``j``.
Every public function checks its arguments (a non-empty, rectangular list of
rows of numbers; shapes that fit the operation), raises
:class:`~purenn.errors.ShapeError` naming the operation and the shapes if not,
and returns a new matrix: nothing is changed in place.

Each public function hands the checked arguments to an underscore twin that
does only the arithmetic. The network calls those twins directly, once its
own arguments are checked, so a training step does not check the same
matrices a thousand times. Step into any of them in a debugger to see the loop.

The order of additions is part of the contract with npnn: a sum starts at
``0.0`` and adds terms left to right (``s = 0.0; s += a * b``). The builtin
``sum()`` is not used for floats, because from Python 3.12 on it compensates
rounding errors and would give different last bits on different interpreters.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from purenn.errors import ShapeError
from purenn.support.checks import (
    Shape,
    describe,
    inner_sizes,
    is_whole,
    list_matrix,
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

Matrix = list[list[float]]
"""A matrix: a list of rows, each a list of floats of the same length."""

MatrixLike = Sequence[Sequence[float]]
"""What a public function accepts as a matrix: rows of numbers (lists or tuples)."""


# The kernels are plain loops, not nested list comprehensions: before Python
# 3.12 every comprehension is a function call, made once per row, and a row
# here often holds a single number. Indexing with a range made once per call
# (``for j in columns``) is cheaper than a ``zip`` made once per row or entry.
# --8<-- [start:kernels]
def _shape(A: Matrix) -> Shape:
    return len(A), len(A[0])


def _zeros(rows: int, cols: int) -> Matrix:
    return [[0.0] * cols for _ in range(rows)]


def _transpose(A: Matrix) -> Matrix:
    return [list(column) for column in zip(*A)]


# --8<-- [start:matmul]
def _matmul(A: Matrix, B: Matrix) -> Matrix:
    B_columns = list(zip(*B))  # B_columns[j] is column j of B
    inner = range(len(B))  # k = 0, 1, ...: A's columns, B's rows
    C = []
    for A_row in A:
        C_row = []
        for B_column in B_columns:
            s = 0.0
            for k in inner:
                s += A_row[k] * B_column[k]  # left to right, from 0.0: the parity contract
            C_row.append(s)
        C.append(C_row)
    return C


# --8<-- [end:matmul]


def _add(A: Matrix, B: Matrix) -> Matrix:
    columns = range(len(A[0]))
    C = []
    for A_row, B_row in zip(A, B):
        C_row = []
        for j in columns:
            C_row.append(A_row[j] + B_row[j])
        C.append(C_row)
    return C


def _subtract(A: Matrix, B: Matrix) -> Matrix:
    columns = range(len(A[0]))
    C = []
    for A_row, B_row in zip(A, B):
        C_row = []
        for j in columns:
            C_row.append(A_row[j] - B_row[j])
        C.append(C_row)
    return C


def _multiply(A: Matrix, B: Matrix) -> Matrix:
    columns = range(len(A[0]))
    C = []
    for A_row, B_row in zip(A, B):
        C_row = []
        for j in columns:
            C_row.append(A_row[j] * B_row[j])
        C.append(C_row)
    return C


def _scale(c: float, A: Matrix) -> Matrix:
    C = []
    for A_row in A:
        C_row = []
        for a in A_row:
            C_row.append(c * a)
        C.append(C_row)
    return C


# --8<-- [start:relu]
def _relu(A: Matrix) -> Matrix:
    C = []
    for A_row in A:
        C_row = []
        for a in A_row:
            C_row.append(a if a > 0.0 else 0.0)
        C.append(C_row)
    return C


def _relu_mask(A: Matrix) -> Matrix:
    C = []
    for A_row in A:
        C_row = []
        for a in A_row:
            C_row.append(1.0 if a > 0.0 else 0.0)
        C.append(C_row)
    return C


# --8<-- [end:relu]


# --8<-- [start:total]
def _total(A: Matrix) -> float:
    s = 0.0
    for A_row in A:
        for a in A_row:
            s += a  # row by row, left to right, from 0.0
    return s


# --8<-- [end:total]
# --8<-- [end:kernels]


def shape(A: MatrixLike) -> Shape:
    """Return ``(rows, columns)`` of ``A``.

    Raises:
        ShapeError: ``A`` is not a non-empty list of rows of equal length.
    """
    return _shape(list_matrix(A, "shape", "A"))


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
    return _zeros(rows, cols)


def transpose(A: MatrixLike) -> Matrix:
    r"""Return \(A^T\): ``transpose(A)[j][i] == A[i][j]``, shape ``(cols, rows)``."""
    return _transpose(list_matrix(A, "transpose", "A"))


def matmul(A: MatrixLike, B: MatrixLike, *, exact: bool = False) -> Matrix:
    r"""Return the product \(C = A B\), \(C_{ij} = \sum_k A_{ik} B_{kj}\).

    Each sum starts at ``0.0`` and adds the products for ``k = 0, 1, ...`` in
    turn; npnn's exact mode adds in the same order.

    Args:
        A: shape ``(n, k)``.
        B: shape ``(k, m)``.

    Returns:
        ``C``, shape ``(n, m)``.

    Raises:
        ShapeError: ``A`` has a different number of columns than ``B`` has rows.
    """
    A, B = list_matrix(A, "matmul", "A"), list_matrix(B, "matmul", "B")
    inner_sizes("matmul", _shape(A), _shape(B))
    return _matmul(A, B)


def _elementwise_args(op: str, A: object, B: object) -> tuple[Matrix, Matrix]:
    A_checked, B_checked = list_matrix(A, op, "A"), list_matrix(B, op, "B")
    same_shape(op, _shape(A_checked), _shape(B_checked))
    return A_checked, B_checked


def add(A: MatrixLike, B: MatrixLike) -> Matrix:
    """Return ``A + B``, entry by entry. Both have the same shape."""
    return _add(*_elementwise_args("add", A, B))


def subtract(A: MatrixLike, B: MatrixLike) -> Matrix:
    """Return ``A - B``, entry by entry. Both have the same shape."""
    return _subtract(*_elementwise_args("subtract", A, B))


def multiply(A: MatrixLike, B: MatrixLike) -> Matrix:
    """Return ``A * B``, entry by entry (the Hadamard product). Same shapes."""
    return _multiply(*_elementwise_args("multiply", A, B))


def scale(c: float, A: MatrixLike) -> Matrix:
    """Return ``c * A``: every entry of ``A`` multiplied by the number ``c``."""
    return _scale(scalar(c, "scale", "c"), list_matrix(A, "scale", "A"))


def relu(A: MatrixLike) -> Matrix:
    r"""Return \(\max(A, 0)\), entry by entry: negatives (and zeros) become ``0.0``."""
    return _relu(list_matrix(A, "relu", "A"))


def relu_mask(A: MatrixLike) -> Matrix:
    r"""Return the indicator \([A > 0]\): ``1.0`` where an entry is positive, else ``0.0``.

    This is the derivative of :func:`relu`, taken as 0 at 0.
    """
    return _relu_mask(list_matrix(A, "relu_mask", "A"))


def total(A: MatrixLike, *, exact: bool = False) -> float:
    """Return the sum of every entry, row by row, left to right, from ``0.0``."""
    return _total(list_matrix(A, "total", "A"))
