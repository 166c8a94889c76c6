r"""Layers in numpy: a forward that returns a cache, a backward that takes it.

The same layers as :mod:`purenn.layers`:

    dense     Z = X (W * M) + b      dX = dZ (W * M)^T   dW = (X^T dZ) * M   db = 1^T dZ
    dropout   Y = X * D * s          dX = dY * D * s      s = 1 / (1 - p), D = [u >= p]

``exact=False``: products by BLAS (``@``) and column sums by ``np.sum``.
``exact=True``: every sum from ``0.0``, in purenn's order, so every value is
purenn's. Elementwise products round each entry once, in the same order, in
both modes.

The kernels take an optional ``out``: in default mode, :func:`npnn.mlp.fit`
hands them preallocated arrays to write into, which gives the same numbers
as fresh arrays without allocating hundreds of megabytes on every step.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from npnn.matrix import Matrix, MatrixLike, _as_matrix, _matmul
from npnn.random import Generator
from purenn.errors import ParameterError, ShapeError
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
def _product(A: Matrix, B: Matrix, exact: bool, out: Matrix | None = None) -> Matrix:
    """``A @ B``; in default mode written into ``out`` when it is given (the same numbers).

    When ``A`` has one column (the gradient flowing back from a single output)
    each entry is one product, no sum: default mode multiplies ``(n, 1)`` by
    ``(1, m)`` entry by entry, which numpy does faster than BLAS's product.
    """
    if exact:
        return _matmul(A, B, exact)
    if A.shape[1] == 1:
        return np.multiply(A, B, out=out)  # (n, 1) * (1, m) -> (n, m): an outer product
    if out is None:
        return _matmul(A, B, exact)
    np.matmul(A, B, out=out)
    return out


def _weight_gradient(X: Matrix, dZ: Matrix, exact: bool) -> Matrix:
    """``X^T dZ``. In default mode computed as ``(dZ^T X)^T``: the same sums, which
    OpenBLAS runs about three times faster when ``N`` is large and ``n_in`` small."""
    if exact:
        return _matmul(X.T, dZ, exact)
    return np.ascontiguousarray((dZ.T @ X).T)


# --8<-- [start:column-sums]
def _column_sums(dZ: Matrix, exact: bool) -> Matrix:
    if not exact:
        pairwise: Matrix = np.sum(dZ, axis=0, keepdims=True)  # (1, n_out), numpy's order
        return pairwise
    from_zero = np.concatenate((np.zeros((1, dZ.shape[1])), dZ))  # each sum starts at 0.0 ...
    sums: Matrix = np.cumsum(from_zero, axis=0)[-1:]  # ... and adds the rows top to bottom
    return sums  # (1, n_out)


# --8<-- [end:column-sums]


# --8<-- [start:dense-forward]
def _dense_forward(
    X: Matrix,
    W: Matrix,
    b: Matrix | None,
    M: Matrix | None,
    exact: bool,
    out: Matrix | None = None,
) -> tuple[Matrix, DenseCache]:
    W_used = W if M is None else W * M  # (n_in, n_out): DropConnect
    Z = _product(X, W_used, exact, out)  # (N, n_in) @ (n_in, n_out) -> (N, n_out)
    if b is not None:
        Z = Z + b if out is None else np.add(Z, b, out=Z)  # + (1, n_out), row by row
    return Z, DenseCache(X, W_used, M, b is not None)


# --8<-- [end:dense-forward]


# --8<-- [start:dense-backward]
def _dense_backward(
    dZ: Matrix,
    cache: DenseCache,
    exact: bool,
    input_gradient: bool = True,
    out: Matrix | None = None,
) -> DenseGradients:
    # The first layer's dX is not needed to train; fit skips it (input_gradient=False).
    dX = _product(dZ, cache.W.T, exact, out) if input_gradient else np.empty((0, 0))  # (N, n_in)
    dW = _weight_gradient(cache.X, dZ, exact)  # (n_in, N) @ (N, n_out) -> (n_in, n_out)
    if cache.M is not None:
        dW = dW * cache.M  # a dropped weight gets no gradient
    db = _column_sums(dZ, exact) if cache.bias else None  # (1, n_out)
    return DenseGradients(dX, dW, db)


# --8<-- [end:dense-backward]


# --8<-- [end:dense]


# --8<-- [start:dropout]
def _dropout_mask(rng: Generator, rows: int, cols: int, p: float) -> Matrix:
    return (rng.random((rows, cols)) >= p).astype(np.float64)  # keep where u >= p


def _dropout(X: Matrix, M: Matrix, scale: float, out: Matrix | None = None) -> Matrix:
    if out is None:
        return X * M * scale  # (N, n)
    np.multiply(X, M, out=out)
    np.multiply(out, scale, out=out)
    return out


# --8<-- [end:dropout]


def _check_matrix(op: str, A: object, name: str) -> Matrix:
    return _as_matrix(A, op, name, finite=True)


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
            :func:`~npnn.dropconnect.dropconnect_mask`), or ``None``.
        exact: add in purenn's order (purenn's bits) instead of BLAS's.

    Returns:
        ``(Z, cache)``: ``Z`` is ``(N, n_out)``.

    Raises:
        ShapeError: the shapes do not fit.
        DataError: a value is not a finite number.
    """
    op = "dense_forward"
    X, W = _check_matrix(op, X, "X"), _check_matrix(op, W, "W")
    checks.inner_sizes(op, X.shape, W.shape, "X", "W")
    b_checked = M_checked = None
    if b is not None:
        b_checked = _check_matrix(op, b, "b")
        checks.expect_shape(op, "b", b_checked.shape, (1, W.shape[1]), ("W", W.shape))
    if M is not None:
        M_checked = _check_matrix(op, M, "M")
        checks.same_shape(op, W.shape, M_checked.shape, "W", "M")
    return _dense_forward(X, W, b_checked, M_checked, exact)


def dense_backward(dZ: MatrixLike, cache: DenseCache, *, exact: bool = False) -> DenseGradients:
    r"""Return the gradients of a dense layer: \(dX = dZ\,W^T\), \(dW = X^T dZ\), \(db = 1^T dZ\).

    Args:
        dZ: the gradient with respect to the layer's output, shape ``(N, n_out)``.
        cache: what :func:`dense_forward` returned.
        exact: add in purenn's order (purenn's bits) instead of BLAS's.

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
    checks.expect_shape(op, "dZ", dZ.shape, (X.shape[0], W.shape[1]), ("X", X.shape))
    M = None if cache.M is None else _check_matrix(op, cache.M, "M")
    return _dense_backward(dZ, DenseCache(X, W, M, bool(cache.bias)), exact)


def dropout_mask(rng: Generator, rows: int, cols: int, p: float) -> Matrix:
    """Return a ``(rows, cols)`` dropout mask: ``1.0`` where a uniform ``u >= p``, else ``0.0``.

    Draws ``rows * cols`` uniforms, row by row, in one call. Each unit is kept
    with probability ``1 - p``, independently.

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
        ``(Y, cache)``: ``Y`` is ``(N, n)``, a new array.

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
        return X.copy(), DropoutCache(None, scale)
    if rng is None:
        raise ParameterError(f"{op}: training mode with p={p!r} needs a generator")
    M = _dropout_mask(rng, X.shape[0], X.shape[1], p)  # (N, n)
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
        return dY.copy()
    M = _check_matrix(op, cache.M, "M")
    checks.same_shape(op, dY.shape, M.shape, "dY", "M")
    return _dropout(dY, M, cache.scale)
