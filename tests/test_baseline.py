"""The linear-regression baseline: known answers, the exact solution, and npnn against purenn.

purenn solves least squares by Householder QR; npnn's exact mode runs the
same algorithm in numpy and must give the same bits; its default mode calls
``np.linalg.lstsq`` on columns scaled to unit length and must agree within
the error bound of least squares, also when a column is badly scaled.
"""

from __future__ import annotations

import functools
from fractions import Fraction
from types import ModuleType
from typing import Any

import numpy as np
import pytest

import npnn
import purenn
from tests.parity import EPS, assert_same

U = EPS / 2  # unit roundoff of float64

Matrix = list[list[float]]


def _solvers() -> list[tuple[str, Any]]:
    return [
        ("purenn", purenn.least_squares),
        ("npnn exact", lambda A, b: npnn.least_squares(A, b, exact=True)),
        ("npnn default", npnn.least_squares),
    ]


def _column(w: Any) -> list[float]:
    return [float(v) for v in np.asarray(w, dtype=np.float64).ravel()]


def exact_least_squares(A: Matrix, b: Matrix) -> list[Fraction]:
    """The exact least-squares solution of the float data: normal equations in fractions.

    The normal equations square the condition number in floating point, not in
    exact arithmetic: solved with fractions, they give the true minimizer of
    ||A w - b|| for the very doubles in ``A`` and ``b``.
    """
    Af = [[Fraction(a) for a in row] for row in A]
    bf = [Fraction(row[0]) for row in b]
    D = len(A[0])
    M = [[sum((row[p] * row[q] for row in Af), Fraction(0)) for q in range(D)] for p in range(D)]
    v = [sum((row[p] * bi for row, bi in zip(Af, bf)), Fraction(0)) for p in range(D)]
    for c in range(D):  # Gauss-Jordan; M is positive definite, so no pivot is zero
        for r in range(D):
            if r != c:
                f = M[r][c] / M[c][c]
                M[r] = [m_r - f * m_c for m_r, m_c in zip(M[r], M[c])]
                v[r] -= f * v[c]
    return [v[i] / M[i][i] for i in range(D)]


def _housing_design(features: list[str], intercept: bool) -> tuple[Matrix, Matrix]:
    X, t = purenn.load_housing(features)
    X0 = purenn.apply_scale(X, purenn.fit_scale(X))
    return ([[1.0, *row] for row in X0] if intercept else X0), t


def _generated(seed: int, N: int, D: int) -> tuple[Matrix, Matrix]:
    rng = purenn.generator(seed)
    A = purenn.uniform(rng, N, D)
    b = purenn.scale(50.0, purenn.uniform(rng, N, 1))
    return A, b


PROBLEMS = {
    "write-up features, intercept": _housing_design(["CRIM", "TAX", "PTRATIO"], True),
    "write-up features, no intercept": _housing_design(["CRIM", "TAX", "PTRATIO"], False),
    "all 13 features, intercept": _housing_design(list(purenn.COLUMNS[:-1]), True),
    "generated 40 x 5": _generated(1, 40, 5),
    "generated 7 x 7 (square)": _generated(2, 7, 7),
    "generated 3 x 1": _generated(3, 3, 1),
}


@functools.cache
def _exact(problem: str) -> list[Fraction]:
    return exact_least_squares(*PROBLEMS[problem])


@pytest.mark.parametrize(("name", "solve"), _solvers(), ids=[n for n, _ in _solvers()])
def test_a_consistent_system_is_solved(name: str, solve: Any) -> None:
    """A = [[1, 0], [0, 1], [1, 1]], b = A [1, 2]^T: the residual is zero and w = [1, 2]."""
    w = _column(solve([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]], [[1.0], [2.0], [3.0]]))
    assert w == pytest.approx([1.0, 2.0], rel=4 * EPS)


@pytest.mark.parametrize("nn", [purenn, npnn], ids=lambda m: m.__name__)
@pytest.mark.parametrize("exact", [False, True])
def test_a_line_through_three_points(nn: ModuleType, exact: bool) -> None:
    """Points (0, 0), (1, 1), (2, 1): the line y = x/2 + 1/6; through the origin, y = 3x/5."""
    X0, t = [[0.0], [1.0], [2.0]], [[0.0], [1.0], [1.0]]
    line = nn.fit_linear(X0, t, exact=exact)
    assert _column(line.w) == pytest.approx([0.5], rel=4 * EPS)
    assert line.b == pytest.approx(1 / 6, rel=4 * EPS)
    assert line.intercept is True
    through_origin = nn.fit_linear(X0, t, intercept=False, exact=exact)
    assert _column(through_origin.w) == pytest.approx([0.6], rel=4 * EPS)
    assert (through_origin.b, through_origin.intercept) == (0.0, False)
    y = _column(nn.predict_linear(line, [[4.0]], exact=exact))
    assert y == pytest.approx([2 + 1 / 6], rel=4 * EPS)


def _forward_error_bound(A: Matrix, b: Matrix, w: list[Fraction]) -> float:
    r"""How far a backward-stable least-squares solver may land from the true ``w``.

    Householder QR, and LAPACK's SVD-based lstsq, return the exact solution of
    a problem perturbed by a relative ``eps`` <= gamma(N D) = N D u (Higham,
    *Accuracy and Stability of Numerical Algorithms*, Thm 20.3, taking its
    small constant as 1). Such a perturbation moves the solution by at most
    (Higham Thm 20.1, Wedin)

        ||dw|| / ||w|| <= kappa eps (2 + (kappa + 1) ||r|| / (||A|| ||w||))

    where kappa is the condition number of ``A`` and ``r`` the residual: the
    kappa^2 term is why a large residual makes least squares sensitive.
    """
    An, bn = np.array(A), np.array(b).ravel()
    w_true = np.array([float(v) for v in w])
    kappa = float(np.linalg.cond(An))
    eps = len(A) * len(A[0]) * U
    r = float(np.linalg.norm(bn - An @ w_true))
    ratio = r / (float(np.linalg.norm(An, 2)) * float(np.linalg.norm(w_true)))
    return kappa * eps * (2 + (kappa + 1) * ratio)


@pytest.mark.parametrize("problem", PROBLEMS.keys())
def test_every_solver_is_near_the_exact_solution(problem: str) -> None:
    """Both packages, both modes, within the forward-error bound of the exact minimizer.

    Measured on these problems the errors are about 1e-15 relative, thousands
    of times inside the bound.
    """
    A, b = PROBLEMS[problem]
    w_true = _exact(problem)
    bound = _forward_error_bound(A, b, w_true)
    reference = np.array([float(v) for v in w_true])
    for name, solve in _solvers():
        w = np.array(_column(solve(A, b)))
        error = float(np.linalg.norm(w - reference) / np.linalg.norm(reference))
        assert error <= bound, f"{name}: relative error {error:.3g} above the bound {bound:.3g}"


@pytest.mark.parametrize("problem", PROBLEMS.keys())
def test_exact_mode_is_bit_equal(problem: str) -> None:
    """npnn's exact mode runs purenn's Householder QR in purenn's order: the same bits."""
    A, b = PROBLEMS[problem]
    assert_same("w", purenn.least_squares(A, b), npnn.least_squares(A, b, exact=True))


@pytest.mark.parametrize("intercept", [True, False])
@pytest.mark.parametrize("features", [["CRIM", "TAX", "PTRATIO"], list(purenn.COLUMNS[:-1])])
def test_fit_and_predict_are_bit_equal_in_exact_mode(intercept: bool, features: list[str]) -> None:
    X0, t = _housing_design(features, False)
    ours = purenn.fit_linear(X0, t, intercept=intercept)
    theirs = npnn.fit_linear(X0, t, intercept=intercept, exact=True)
    assert_same("w", ours.w, theirs.w)
    assert_same("b", ours.b, theirs.b)
    assert_same("y", purenn.predict_linear(ours, X0), npnn.predict_linear(theirs, X0, exact=True))
    assert repr(ours) == repr(theirs)


@pytest.mark.parametrize("problem", PROBLEMS.keys())
def test_default_mode_is_within_the_bound_of_purenn(problem: str) -> None:
    """npnn's lstsq against purenn's QR: each within the bound of the truth, so within twice."""
    A, b = PROBLEMS[problem]
    bound = 2 * _forward_error_bound(A, b, _exact(problem))
    ours = np.array(_column(purenn.least_squares(A, b)))
    theirs = np.array(_column(npnn.least_squares(A, b)))
    assert float(np.linalg.norm(theirs - ours) / np.linalg.norm(ours)) <= bound


@pytest.mark.parametrize("factor", [1e-12, 1e12, 1e-150])
@pytest.mark.parametrize("exact", [False, True])
def test_a_badly_scaled_column_costs_no_digits(factor: float, exact: bool) -> None:
    """A column times ``factor``: every solver within 1e-13 of the exact solution, per weight.

    Scaling column ``j`` by ``c`` divides the true ``w_j`` by ``c`` and changes
    nothing else, but it multiplies the condition number of ``A`` by up to
    ``1 / c``. QR does not mind; ``np.linalg.lstsq`` alone lost four digits
    at ``c = 1e-12`` (1.25e-4 relative). npnn's default mode scales the columns
    to unit length first, so it stays within a few units of roundoff of QR.
    """
    X0, t = _housing_design(["CRIM", "TAX", "PTRATIO"], True)
    A = [[*row[:2], row[2] * factor, row[3]] for row in X0]  # column 2 (TAX) times factor
    truth = exact_least_squares(A, t)
    for name, w in [
        ("purenn", purenn.least_squares(A, t)),
        ("npnn", npnn.least_squares(A, t, exact=exact)),
    ]:
        for j, (got, true) in enumerate(zip(_column(w), truth)):
            relative = abs((Fraction(got) - true) / true)
            assert relative <= 1e-13, f"{name} w[{j}]: relative error {float(relative):.3g}"


def test_qr_keeps_the_digits_the_normal_equations_lose() -> None:
    r"""Läuchli's matrix: QR solves it to rounding; the normal equations lose most digits.

    A = [[1, 1], [d, 0], [0, d]] with d = 1e-7 has condition number about
    1.4e7, so A^T A has about 2e14: formed in floating point,
    A^T A = [[1 + d^2, 1], [1, 1 + d^2]] keeps only two digits of d^2 = 1e-14.
    """
    d = 1e-7
    A, b = [[1.0, 1.0], [d, 0.0], [0.0, d]], [[3.0], [d], [2 * d]]  # b = A [1, 2]^T
    w = _column(purenn.least_squares(A, b))
    assert w == pytest.approx([1.0, 2.0], rel=8 * EPS)
    # The normal equations A^T A w = A^T b in floating point, by Cramer's rule.
    a11 = a22 = 1.0 + d * d
    c1, c2 = 3.0 + d * d, 3.0 + 2 * d * d
    det = a11 * a22 - 1.0
    normal = [(c1 * a22 - c2) / det, (a11 * c2 - c1) / det]
    assert abs(normal[0] - 1.0) > 1e-2  # wrong in the second digit


@pytest.mark.parametrize("nn", [purenn, npnn], ids=lambda m: m.__name__)
@pytest.mark.parametrize("exact", [False, True])
def test_a_nearly_dependent_column_is_refused_and_a_merely_close_one_is_not(
    nn: ModuleType, exact: bool
) -> None:
    """A column equal to another up to rounding is redundant; one that differs by 1e-6 is not."""
    X0, t = _housing_design(["CRIM", "TAX"], False)
    rng = purenn.generator(8)
    noise = purenn.uniform(rng, len(X0), 1)
    rounding = [[*row, row[0] * (1.0 + 1e-16 * e[0])] for row, e in zip(X0, noise)]
    with pytest.raises(purenn.DataError, match="column 2 is \\(nearly\\) a linear combination"):
        nn.fit_linear(rounding, t, exact=exact)
    close = [[*row, row[0] * (1.0 + 1e-6 * e[0])] for row, e in zip(X0, noise)]
    assert np.all(np.isfinite(np.asarray(nn.fit_linear(close, t, exact=exact).w)))


def test_the_baseline_beats_the_origin_line_on_the_housing_data() -> None:
    """The intercept helps: y = X0 w + b fits better than y = X0 w (training rows)."""
    X0, t = _housing_design(["CRIM", "TAX", "PTRATIO"], False)
    with_b = purenn.fit_linear(X0, t)
    without = purenn.fit_linear(X0, t, intercept=False)
    assert purenn.rmse(purenn.predict_linear(with_b, X0), t) < purenn.rmse(
        purenn.predict_linear(without, X0), t
    )
