r"""A linear-regression baseline, solved by Householder QR.

The write-up never asks whether a straight line would do as well as its
network. This module answers: it fits \(y = X_0 w + b\) (or \(y = X_0 w\)
without an intercept) to the same scaled features by least squares, the
``w`` and ``b`` that minimize \(\sum_i (y_i - t_i)^2\), which is the
write-up's loss up to its factor 1/2.

Least squares is solved by Householder QR rather than by the normal equations
\(A^T A w = A^T t\). Forming \(A^T A\) squares the condition number: a
problem with condition number \(\kappa\) loses about \(\log_{10} \kappa^2\)
digits by the normal equations but about \(\log_{10} \kappa\) by QR (for a
small residual; Golub and Van Loan, *Matrix Computations*, 5.3). The housing
features are of one sign and correlated (tax rate and crime rate rise
together), and with the intercept every column leans towards the column of
ones, so the columns are far from orthogonal; QR keeps the digits that the
normal equations would throw away, for a handful of extra lines.

QR: reflections \(H_j = I - 2 v v^T / (v^T v)\) turn ``A`` into \(R\), upper
triangular, one column at a time; the same reflections turn ``t`` into
\(Q^T t\). Then \(R w = (Q^T t)_{0..D-1}\) is solved by back substitution.

A column that the columns before it (nearly) reproduce makes the solution
not unique. The test is on the diagonal of ``R``: \(|R_{jj}|\) is the length
of what is left of column ``j`` once its parts along columns ``0 .. j-1`` are
taken out, so \(|R_{jj}| \le N \varepsilon \lVert a_j \rVert\) (\(\varepsilon =
2^{-52}\)) means column ``j`` is, to rounding, a combination of the columns
before it. Such a problem raises :class:`~purenn.errors.DataError`.

npnn's exact mode runs this very algorithm, adding in the same order.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from purenn.errors import ShapeError
from purenn.matrix import Matrix, MatrixLike, _matmul, _transpose, _zeros
from purenn.support import checks
from purenn.support.checks import list_matrix
from purenn.support.network_checks import NetworkChecks
from purenn.support.records import record_repr

__all__ = ["Linear", "fit_linear", "least_squares", "predict_linear"]

check = NetworkChecks(list_matrix)
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
def _dot(u: list[float], v: list[float]) -> float:
    s = 0.0
    for a, b in zip(u, v):
        s += a * b  # left to right, from 0.0: the parity contract
    return s


def _reflect(v: list[float], vv: float, y: list[float]) -> list[float]:
    f = 2.0 * _dot(v, y) / vv
    return [y_i - f * v_i for y_i, v_i in zip(y, v)]  # H y = y - 2 v (v.y) / (v.v)


def _least_squares(A: Matrix, b: Matrix) -> tuple[Matrix, int | None]:
    """Householder QR, then back substitution.

    Returns ``(w, None)``, or ``([], j)`` when column ``j`` is redundant.
    """
    N, D = len(A), len(A[0])
    columns = _transpose(A)  # (D, N): each reflection acts on the columns
    c = [row[0] for row in b]  # (N,): b, reflected along with A into Q^T b
    norms = [math.sqrt(_dot(a, a)) for a in columns]  # ||a_j||, for the rank test
    R = _zeros(D, D)  # (D, D), upper triangular
    for j in range(D):
        x = columns[j][j:]  # (N - j,): column j below the rows already done
        norm_x = math.sqrt(_dot(x, x))
        if norm_x <= N * EPS * norms[j]:
            return [], j  # column j lies (to rounding) in the span of columns 0 .. j-1
        R_jj = -norm_x if x[0] >= 0.0 else norm_x  # opposite sign to x[0]: no cancellation
        v = [x[0] - R_jj, *x[1:]]  # (N - j,): the reflection with H x = R_jj e_1
        vv = _dot(v, v)
        for k in range(j + 1, D):
            columns[k][j:] = _reflect(v, vv, columns[k][j:])
        c[j:] = _reflect(v, vv, c[j:])
        R[j][j] = R_jj
        for k in range(j + 1, D):
            R[j][k] = columns[k][j]
    w = [0.0] * D  # back substitution, last unknown first: R w = c[:D]
    for i in reversed(range(D)):
        w[i] = (c[i] - _dot(R[i][i + 1 :], w[i + 1 :])) / R[i][i]
    return [[w_i] for w_i in w], None  # (D, 1)


# --8<-- [end:qr]


def _zero_column(A: Matrix, j: int) -> bool:
    return all(row[j] == 0.0 for row in A)


def _solve(op: str, name: str, A: Matrix, b: Matrix, intercept: bool) -> Matrix:
    w, redundant = _least_squares(A, b)
    if redundant is not None:
        column = redundant - 1 if intercept else redundant  # the column as the caller counts it
        raise checks.rank_deficient(
            op, name, column, zero=_zero_column(A, redundant), intercept=intercept
        )
    return w


def _design(X0: Matrix) -> Matrix:
    return [[1.0, *row] for row in X0]  # (N, D + 1): a column of ones, then X0


def _fit_linear(X0: Matrix, t: Matrix, intercept: bool, op: str) -> Linear:
    D = len(X0[0])
    what = f"{D} weights and the intercept" if intercept else f"{D} weights"
    checks.enough_rows(op, "X0", len(X0), D + 1 if intercept else D, what)
    if not intercept:
        return Linear(_solve(op, "X0", X0, t, False), 0.0, False)
    w = _solve(op, "X0", _design(X0), t, True)  # (D + 1, 1): b first, then w
    return Linear(w[1:], w[0][0], True)


def _predict_linear(model: Linear, X0: Matrix) -> Matrix:
    y = _matmul(X0, model.w)  # (N, D) @ (D, 1) -> (N, 1)
    return [[y_i + model.b] for (y_i,) in y] if model.intercept else y  # (N, 1)


def least_squares(A: MatrixLike, b: MatrixLike, *, exact: bool = False) -> Matrix:
    r"""Return the \(w\) that minimizes \(\lVert A w - b \rVert\), by Householder QR.

    Args:
        A: shape ``(N, D)`` with ``N >= D``, columns linearly independent.
        b: shape ``(N, 1)``.

    Returns:
        ``w``, shape ``(D, 1)``.

    Raises:
        ShapeError: ``b`` is not ``(N, 1)``, or ``A`` has fewer rows than columns.
        DataError: a value is not finite, or ``A`` is rank-deficient.
    """
    op = "least_squares"
    A = checks.list_matrix(A, op, "A", finite=True)
    b = checks.list_matrix(b, op, "b", finite=True)
    N, D = len(A), len(A[0])
    checks.expect_shape(op, "b", (len(b), len(b[0])), (N, 1), ("A", (N, D)))
    checks.enough_rows(op, "A", N, D, f"{D} weights")
    return _solve(op, "A", A, b, False)


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

    Returns:
        ``Linear(w, b, intercept)``: ``w`` is ``(D, 1)``.

    Raises:
        ShapeError: ``t`` is not ``(N, 1)``, or fewer rows than unknowns.
        DataError: a value is not finite, or a column of ``X0`` is (nearly) a
            combination of the others (and of the intercept).
    """
    op = "fit_linear"
    X0 = checks.list_matrix(X0, op, "X0", finite=True)
    t = check.targets(op, t, ("X0", (len(X0), len(X0[0]))))
    intercept = checks.flag(intercept, op, "intercept")
    return _finite_model(op, _fit_linear(X0, t, intercept, op))


def predict_linear(model: Linear, X0: MatrixLike, *, exact: bool = False) -> Matrix:
    r"""Return the baseline's predictions \(y = X_0 w + b\), shape ``(N, 1)``.

    Args:
        model: what :func:`fit_linear` returned.
        X0: inputs, shape ``(N, D)``, scaled as for the fit.

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
    X0 = checks.list_matrix(X0, op, "X0", finite=True)
    w = checks.list_matrix(model.w, op, "w", finite=True)
    checks.expect_shape(op, "w", (len(w), len(w[0])), (None, 1))
    checks.expect_shape(op, "X0", (len(X0), len(X0[0])), (None, len(w)))
    b = checks.scalar(model.b, op, "b")
    return _predict_linear(Linear(w, b, model.intercept), X0)


def _finite_model(op: str, model: Linear) -> Linear:
    """``model``, if finite: a solution that overflowed from finite inputs is a DataError."""
    for v in (*(row[0] for row in model.w), model.b):
        checks.finite_result(op, "the least-squares solution", v)
    return model
