r"""Layers: each a forward that returns a cache and a backward that takes it.

A **dense layer** multiplies its input by a weight matrix and, optionally,
adds a bias row:

    Z  = X W + b          (N, n_out) = (N, n_in) (n_in, n_out) + (1, n_out)
    dX = dZ W^T           (N, n_in)
    dW = X^T dZ           (n_in, n_out)
    db = 1^T dZ           (1, n_out): the column sums of dZ

The write-up's layers have no bias. With **DropConnect** (a mask ``M`` over
the weights, see :mod:`purenn.dropconnect`) the forward pass uses ``W * M``
and so does the backward pass, and ``dW`` is multiplied by ``M``: a dropped
weight gets no gradient. The bias is never dropped.

**Dropout** (Srivastava et al., 2014) drops *units* instead: in training mode
each entry of the layer's output is kept where a uniform ``u >= p`` and the
survivors are scaled by ``1 / (1 - p)`` ("inverted" dropout), so the expected
output equals the input and evaluation mode is simply the identity:

    Y  = X * M * s        s = 1 / (1 - p), M = [u >= p]    (N, n)
    dX = dY * M * s

Every sum starts at ``0.0`` and adds its terms in order, as in
:mod:`purenn.matrix`; npnn's exact mode adds in the same order.
"""

from __future__ import annotations

from dataclasses import dataclass

from purenn.errors import ParameterError, ShapeError
from purenn.matrix import Matrix, MatrixLike, _matmul, _multiply, _transpose
from purenn.random import Generator
from purenn.support import checks
from purenn.support.records import record_repr

__all__ = [
    "DenseCache",
    "DenseGradients",
    "DropoutCache",
    "dense_backward",
    "dense_forward",
    "dropout_backward",
    "dropout_forward",
    "dropout_mask",
]


@dataclass(frozen=True, repr=False)
class DenseCache:
    """What :func:`dense_forward` keeps for the backward pass.

    ``X`` is the input ``(N, n_in)``; ``W`` the weights the forward pass used
    ``(n_in, n_out)`` (with DropConnect, ``W * M``); ``M`` the DropConnect
    mask or ``None``; ``bias`` whether a bias was added.
    """

    X: Matrix
    W: Matrix
    M: Matrix | None
    bias: bool

    __repr__ = record_repr


@dataclass(frozen=True, repr=False)
class DenseGradients:
    """The gradients of a dense layer: ``dX (N, n_in)``, ``dW (n_in, n_out)``, ``db (1, n_out)``.

    ``db`` is ``None`` for a layer without bias. With DropConnect ``dW`` is
    already multiplied by the mask.
    """

    dX: Matrix
    dW: Matrix
    db: Matrix | None

    __repr__ = record_repr


@dataclass(frozen=True, repr=False)
class DropoutCache:
    """What :func:`dropout_forward` keeps: the mask ``M (N, n)`` and the scale ``1 / (1 - p)``.

    ``M`` is ``None`` when nothing was dropped (evaluation mode, or ``p == 0``).
    """

    M: Matrix | None
    scale: float

    __repr__ = record_repr


# --8<-- [start:dense]
def _add_row(Z: Matrix, b: Matrix) -> Matrix:
    b_row = b[0]
    columns = range(len(b_row))
    return [[Z_row[j] + b_row[j] for j in columns] for Z_row in Z]  # (N, n_out)


# --8<-- [start:column-sums]
def _column_sums(dZ: Matrix) -> Matrix:
    sums = [0.0] * len(dZ[0])  # each sum starts at 0.0 ...
    columns = range(len(sums))
    for row in dZ:
        for j in columns:
            sums[j] += row[j]  # ... and adds the rows top to bottom
    return [sums]  # (1, n_out)


# --8<-- [end:column-sums]


# --8<-- [start:dense-forward]
def _dense_forward(
    X: Matrix, W: Matrix, b: Matrix | None, M: Matrix | None
) -> tuple[Matrix, DenseCache]:
    W_used = W if M is None else _multiply(W, M)  # (n_in, n_out): DropConnect
    Z = _matmul(X, W_used)  # (N, n_in) @ (n_in, n_out) -> (N, n_out)
    if b is not None:
        Z = _add_row(Z, b)  # + (1, n_out), row by row
    return Z, DenseCache(X, W_used, M, b is not None)


# --8<-- [end:dense-forward]


# --8<-- [start:dense-backward]
def _dense_backward(dZ: Matrix, cache: DenseCache, input_gradient: bool = True) -> DenseGradients:
    # The first layer's dX is not needed to train; fit skips it (input_gradient=False).
    dX = _matmul(dZ, _transpose(cache.W)) if input_gradient else []  # (N, n_in)
    dW = _matmul(_transpose(cache.X), dZ)  # (n_in, N) @ (N, n_out) -> (n_in, n_out)
    if cache.M is not None:
        dW = _multiply(dW, cache.M)  # a dropped weight gets no gradient
    db = _column_sums(dZ) if cache.bias else None  # (1, n_out)
    return DenseGradients(dX, dW, db)


# --8<-- [end:dense-backward]


# --8<-- [end:dense]


# --8<-- [start:dropout]
def _dropout_mask(rng: Generator, rows: int, cols: int, p: float) -> Matrix:
    M = []
    for _ in range(rows):
        M_row = []
        for _ in range(cols):
            M_row.append(1.0 if rng.random() >= p else 0.0)  # keep where u >= p
        M.append(M_row)
    return M  # (rows, cols)


def _dropout(X: Matrix, M: Matrix, scale: float) -> Matrix:
    columns = range(len(M[0]))
    return [[X_row[j] * M_row[j] * scale for j in columns] for X_row, M_row in zip(X, M)]


# --8<-- [end:dropout]


def _check_matrix(op: str, A: object, name: str) -> Matrix:
    return checks.list_matrix(A, op, name, finite=True)


def _shape(A: Matrix) -> tuple[int, int]:
    return len(A), len(A[0])


def dense_forward(
    X: MatrixLike,
    W: MatrixLike,
    b: MatrixLike | None = None,
    M: MatrixLike | None = None,
    *,
    exact: bool = False,
) -> tuple[Matrix, DenseCache]:
    r"""Run a dense layer: \(Z = X (W \odot M) + b\).

    Args:
        X: the input, shape ``(N, n_in)``.
        W: the weights, shape ``(n_in, n_out)``.
        b: the bias row, shape ``(1, n_out)``, or ``None`` for none (the write-up's).
        M: a DropConnect mask of ``W``'s shape (see
            :func:`~purenn.dropconnect.dropconnect_mask`), or ``None``.

    Returns:
        ``(Z, cache)``: ``Z`` is ``(N, n_out)``.

    Raises:
        ShapeError: the shapes do not fit.
        DataError: a value is not a finite number.
    """
    op = "dense_forward"
    X, W = _check_matrix(op, X, "X"), _check_matrix(op, W, "W")
    checks.inner_sizes(op, _shape(X), _shape(W), "X", "W")
    if b is not None:
        b = _check_matrix(op, b, "b")
        checks.expect_shape(op, "b", _shape(b), (1, len(W[0])), ("W", _shape(W)))
    if M is not None:
        M = _check_matrix(op, M, "M")
        checks.same_shape(op, _shape(W), _shape(M), "W", "M")
    return _dense_forward(X, W, b, M)


def dense_backward(dZ: MatrixLike, cache: DenseCache, *, exact: bool = False) -> DenseGradients:
    r"""Return the gradients of a dense layer: \(dX = dZ\,W^T\), \(dW = X^T dZ\), \(db = 1^T dZ\).

    Args:
        dZ: the gradient with respect to the layer's output, shape ``(N, n_out)``.
        cache: what :func:`dense_forward` returned.

    Returns:
        ``DenseGradients(dX, dW, db)``.

    Raises:
        ShapeError: ``dZ`` does not fit the cache, or ``cache`` is not a
            :class:`DenseCache`.
        DataError: a value is not a finite number.
    """
    op = "dense_backward"
    if not isinstance(cache, DenseCache):
        raise ShapeError(
            f"{op}: cache must be the DenseCache that dense_forward returned, "
            f"got {type(cache).__name__}"
        )
    dZ = _check_matrix(op, dZ, "dZ")
    X, W = _check_matrix(op, cache.X, "X"), _check_matrix(op, cache.W, "W")
    checks.expect_shape(op, "dZ", _shape(dZ), (len(X), len(W[0])), ("X", _shape(X)))
    M = None if cache.M is None else _check_matrix(op, cache.M, "M")
    return _dense_backward(dZ, DenseCache(X, W, M, bool(cache.bias)))


def dropout_mask(rng: Generator, rows: int, cols: int, p: float) -> Matrix:
    """Return a ``(rows, cols)`` dropout mask: ``1.0`` where a uniform ``u >= p``, else ``0.0``.

    Draws ``rows * cols`` uniforms, row by row. Each unit is kept with
    probability ``1 - p``, independently.

    Raises:
        ParameterError: ``p`` outside [0, 1), or ``rows``/``cols`` below 1.
    """
    p = checks.rate(p, "dropout_mask")
    checks.count(rows, "dropout_mask", "rows", 1)
    checks.count(cols, "dropout_mask", "cols", 1)
    return _dropout_mask(rng, rows, cols, p)


def dropout_forward(
    X: MatrixLike, p: float, rng: Generator | None, *, training: bool = True
) -> tuple[Matrix, DropoutCache]:
    r"""Drop units: \(Y = X \odot M / (1 - p)\) in training mode, \(Y = X\) in evaluation mode.

    Args:
        X: the layer's output, shape ``(N, n)``.
        p: the share of units dropped, in [0, 1).
        rng: the generator the mask is drawn from (``N * n`` uniforms, row by
            row). Nothing is drawn in evaluation mode or when ``p == 0``; it
            may then be ``None``.
        training: ``True`` to drop, ``False`` to pass ``X`` through unchanged.

    Returns:
        ``(Y, cache)``: ``Y`` is ``(N, n)``, a new matrix.

    Raises:
        ParameterError: ``p`` outside [0, 1), or no generator in training mode.
        ShapeError: ``X`` is not a matrix.
        DataError: a value is not a finite number.
    """
    op = "dropout_forward"
    X = _check_matrix(op, X, "X")
    p = checks.rate(p, op)
    training = checks.flag(training, op, "training")
    scale = 1.0 / (1.0 - p)
    if not training or p == 0.0:
        return [list(row) for row in X], DropoutCache(None, scale)
    if rng is None:
        raise ParameterError(f"{op}: training mode with p={p!r} needs a generator")
    M = _dropout_mask(rng, len(X), len(X[0]), p)  # (N, n)
    return _dropout(X, M, scale), DropoutCache(M, scale)


def dropout_backward(dY: MatrixLike, cache: DropoutCache) -> Matrix:
    r"""Return \(dX = dY \odot M / (1 - p)\): the gradient flows only through kept units.

    Raises:
        ShapeError: ``dY`` is not the shape of the mask, or ``cache`` is not a
            :class:`DropoutCache`.
        DataError: a value is not a finite number.
    """
    op = "dropout_backward"
    if not isinstance(cache, DropoutCache):
        raise ShapeError(
            f"{op}: cache must be the DropoutCache that dropout_forward returned, "
            f"got {type(cache).__name__}"
        )
    dY = _check_matrix(op, dY, "dY")
    if cache.M is None:
        return [list(row) for row in dY]
    M = _check_matrix(op, cache.M, "M")
    checks.same_shape(op, _shape(dY), _shape(M), "dY", "M")
    return _dropout(dY, M, cache.scale)
