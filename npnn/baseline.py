r"""A linear-regression baseline in numpy (see :mod:`purenn.baseline`).

Fits \(y = X_0 w + b\), or \(y = X_0 w\), by least squares.

- ``exact=False`` (the default): ``np.linalg.lstsq``, as a practitioner
  writes it (LAPACK, through the singular value decomposition), on the
  columns scaled to unit length, the solution scaled back. Alone, lstsq's
  error grows with the condition number of ``A``, which a badly scaled
  column inflates: one column times 1e-12 cost it four digits (1.25e-4
  relative) where QR, insensitive to the scale of the columns, stayed exact
  to 5e-15. Scaled first, it is within a few units of roundoff of QR's.
- ``exact=True``: purenn's Householder QR, written with numpy, every dot
  product added in purenn's order, so ``w`` is bit-for-bit purenn's.

Both modes judge the rank the same way as purenn, on the diagonal of ``R``
from Householder QR (in default mode LAPACK's ``np.linalg.qr``): column ``j``
is redundant when \(|R_{jj}| \le N \varepsilon \lVert a_j \rVert\). A problem
that passes is then solved without any further cut, so the two packages refuse
the same problems with the same message.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from npnn.matrix import Matrix, MatrixLike, _as_matrix, _matmul
from purenn.errors import ShapeError
from purenn.support import checks
from purenn.support.network_checks import NetworkChecks
from purenn.support.records import record_repr

__all__ = ["Linear", "fit_linear", "least_squares", "predict_linear"]

check = NetworkChecks(_as_matrix)
"""The argument checks of the network's functions, over this package's matrices."""

EPS = 2.0**-52
"""The gap between 1.0 and the next double."""


@dataclass(frozen=True, repr=False)
class Linear:
    r"""A fitted linear model \(y = X_0 w + b\): ``w`` is ``(D, 1)``, ``b`` a number.

    Without an intercept, ``b`` is ``0.0`` and ``intercept`` is ``False``.
    """

    w: Matrix
    b: float
    intercept: bool

    __repr__ = record_repr


# --8<-- [start:qr]
def _dot(u: Matrix, v: Matrix) -> float:
    return float(_matmul(u.T, v, True)[0, 0])  # (1, m) @ (m, 1): in order, from 0.0


def _reflect(v: Matrix, vv: float, Y: Matrix) -> Matrix:
    f = 2.0 * _matmul(v.T, Y, True) / vv  # (1, r): one factor per column of Y
    return Y - v * f  # H y = y - 2 v (v.y) / (v.v), for every column y of Y


def _householder(A: Matrix, b: Matrix) -> tuple[Matrix, int | None]:
    """purenn's Householder QR and back substitution, in purenn's order.

    Returns ``(w, None)``, or ``(empty, j)`` when column ``j`` is redundant.
    """
    N, D = A.shape
    work = A.copy()  # (N, D): reflected column block by column block
    c = b.copy()  # (N, 1): b, reflected along with A into Q^T b
    norms = [math.sqrt(_dot(A[:, [j]], A[:, [j]])) for j in range(D)]  # ||a_j||
    R = np.zeros((D, D))  # (D, D), upper triangular
    for j in range(D):
        x = work[j:, [j]]  # (N - j, 1): column j below the rows already done
        norm_x = math.sqrt(_dot(x, x))
        if norm_x <= N * EPS * norms[j]:
            return np.empty((0, 1)), j  # column j lies (to rounding) in the span of 0 .. j-1
        R_jj = -norm_x if x[0, 0] >= 0.0 else norm_x  # opposite sign to x[0]: no cancellation
        v = x.copy()  # (N - j, 1): the reflection with H x = R_jj e_1
        v[0, 0] -= R_jj
        vv = _dot(v, v)
        work[j:, j + 1 :] = _reflect(v, vv, work[j:, j + 1 :])
        c[j:] = _reflect(v, vv, c[j:])
        R[j, j] = R_jj
        R[j, j + 1 :] = work[j, j + 1 :]
    w = np.zeros((D, 1))  # back substitution, last unknown first: R w = c[:D]
    for i in reversed(range(D)):
        w[i, 0] = (c[i, 0] - _dot(R[[i], i + 1 :].T, w[i + 1 :])) / R[i, i]
    return w, None  # (D, 1)


# --8<-- [end:qr]


# --8<-- [start:lstsq]
def _lstsq(A: Matrix, b: Matrix) -> tuple[Matrix, int | None]:
    N, _ = A.shape
    R = np.linalg.qr(A, mode="r")  # (D, D): LAPACK's Householder QR, for the rank test
    norms = np.sqrt(np.sum(A * A, axis=0))  # (D,): ||a_j||
    redundant = np.abs(np.diag(R)) <= N * EPS * norms
    if redundant.any():
        return np.empty((0, 1)), int(np.argmax(redundant))  # the first redundant column
    v = np.linalg.lstsq(A / norms, b, rcond=0.0)[0]  # (D, 1): columns of length 1, no cut
    w = v / norms[:, None]  # (D, 1): A w = (A / norms) v
    return w.astype(np.float64, copy=False), None


# --8<-- [end:lstsq]


def _solve(op: str, name: str, A: Matrix, b: Matrix, intercept: bool, exact: bool) -> Matrix:
    w, redundant = _householder(A, b) if exact else _lstsq(A, b)
    if redundant is not None:
        column = redundant - 1 if intercept else redundant  # the column as the caller counts it
        zero = not A[:, redundant].any()
        raise checks.rank_deficient(op, name, column, zero=zero, intercept=intercept)
    return w


def _fit_linear(X0: Matrix, t: Matrix, intercept: bool, op: str, exact: bool) -> Linear:
    D = X0.shape[1]
    what = f"{D} weights and the intercept" if intercept else f"{D} weights"
    checks.enough_rows(op, "X0", len(X0), D + 1 if intercept else D, what)
    if not intercept:
        return Linear(_solve(op, "X0", X0, t, False, exact), 0.0, False)
    A = np.hstack([np.ones((len(X0), 1)), X0])  # (N, D + 1): a column of ones, then X0
    w = _solve(op, "X0", A, t, True, exact)  # (D + 1, 1): b first, then w
    return Linear(w[1:], float(w[0, 0]), True)


def _predict_linear(model: Linear, X0: Matrix, exact: bool) -> Matrix:
    y = _matmul(X0, model.w, exact)  # (N, D) @ (D, 1) -> (N, 1)
    return y + model.b if model.intercept else y  # (N, 1)


def least_squares(A: MatrixLike, b: MatrixLike, *, exact: bool = False) -> Matrix:
    r"""Return the \(w\) that minimizes \(\lVert A w - b \rVert\).

    Args:
        A: shape ``(N, D)`` with ``N >= D``, columns linearly independent.
        b: shape ``(N, 1)``.
        exact: purenn's Householder QR, bit-for-bit; otherwise ``np.linalg.lstsq``
            on the columns scaled to unit length.

    Returns:
        ``w``, shape ``(D, 1)``.

    Raises:
        ShapeError: ``b`` is not ``(N, 1)``, or ``A`` has fewer rows than columns.
        DataError: a value is not finite, or ``A`` is rank-deficient.
    """
    op = "least_squares"
    A = _as_matrix(A, op, "A", finite=True)
    b = _as_matrix(b, op, "b", finite=True)
    N, D = A.shape
    checks.expect_shape(op, "b", b.shape, (N, 1), ("A", (N, D)))
    checks.enough_rows(op, "A", N, D, f"{D} weights")
    return _solve(op, "A", A, b, False, exact)


def fit_linear(
    X0: MatrixLike, t: MatrixLike, *, intercept: bool = True, exact: bool = False
) -> Linear:
    r"""Fit \(y = X_0 w + b\) by least squares: the baseline the network should beat.

    Args:
        X0: inputs, shape ``(N, D)``, scaled as for the network.
        t: targets, shape ``(N, 1)``.
        intercept: fit ``b`` as well (a column of ones before ``X0``); without
            it the line passes through the origin, as the network does (it has
            no biases).
        exact: as in :func:`least_squares`.

    Returns:
        ``Linear(w, b, intercept)``: ``w`` is ``(D, 1)``.

    Raises:
        ShapeError: ``t`` is not ``(N, 1)``, or fewer rows than unknowns.
        DataError: a value is not finite, or a column of ``X0`` is (nearly) a
            combination of the others (and of the intercept).
    """
    op = "fit_linear"
    X0 = _as_matrix(X0, op, "X0", finite=True)
    t = check.targets(op, t, ("X0", X0.shape))
    intercept = checks.flag(intercept, op, "intercept")
    return _finite_model(op, lambda: _fit_linear(X0, t, intercept, op, exact))


def predict_linear(model: Linear, X0: MatrixLike, *, exact: bool = False) -> Matrix:
    r"""Return the baseline's predictions \(y = X_0 w + b\), shape ``(N, 1)``.

    Args:
        model: what :func:`fit_linear` returned.
        X0: inputs, shape ``(N, D)``, scaled as for the fit.
        exact: add in purenn's order instead of BLAS's.

    Raises:
        ShapeError: ``X0`` does not have ``D`` columns, or ``model`` is not a ``Linear``.
        DataError: a value is not finite.
    """
    op = "predict_linear"
    if not isinstance(model, Linear):
        raise ShapeError(
            f"{op}: model must be the Linear record that fit_linear returned, "
            f"got {type(model).__name__}"
        )
    X0 = _as_matrix(X0, op, "X0", finite=True)
    w = _as_matrix(model.w, op, "w", finite=True)
    checks.expect_shape(op, "w", w.shape, (None, 1))
    checks.expect_shape(op, "X0", X0.shape, (None, len(w)))
    b = checks.scalar(model.b, op, "b")
    return _predict_linear(Linear(w, b, model.intercept), X0, exact)


def _finite_model(op: str, fit: Callable[[], Linear]) -> Linear:
    """``fit()``, if finite: a solution that overflowed from finite inputs is a DataError."""
    with np.errstate(over="ignore", invalid="ignore"):  # refused below, as in purenn
        model = fit()
    for v in (*model.w[:, 0].tolist(), model.b):
        checks.finite_result(op, "the least-squares solution", float(v))
    return model
