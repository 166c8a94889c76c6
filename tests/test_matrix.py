"""The matrix operations: hand-computed examples, and properties checked with hypothesis."""

from __future__ import annotations

import copy
import math
from collections.abc import Callable

from hypothesis import given, settings
from hypothesis import strategies as st

from purenn import (
    Matrix,
    add,
    matmul,
    multiply,
    relu,
    relu_mask,
    scale,
    shape,
    subtract,
    total,
    transpose,
    zeros,
)
from tests.parity import bits

# Entries small enough that no product or sum of a few products overflows, so
# every result is a finite number and exact comparisons mean something.
entries = st.floats(min_value=-1e100, max_value=1e100, allow_nan=False, allow_infinity=False)
sizes = st.integers(min_value=1, max_value=5)


def matrices(rows: int, cols: int) -> st.SearchStrategy[Matrix]:
    """Matrices of exactly ``(rows, cols)`` finite floats."""
    return st.lists(st.lists(entries, min_size=cols, max_size=cols), min_size=rows, max_size=rows)


@st.composite
def any_matrix(draw: st.DrawFn) -> Matrix:
    return draw(matrices(draw(sizes), draw(sizes)))


@st.composite
def chained_pair(draw: st.DrawFn) -> tuple[Matrix, Matrix]:
    """``A (n, k)`` and ``B (k, m)``: a pair that can be multiplied."""
    n, k, m = draw(sizes), draw(sizes), draw(sizes)
    return draw(matrices(n, k)), draw(matrices(k, m))


@st.composite
def same_shape_pair(draw: st.DrawFn) -> tuple[Matrix, Matrix]:
    rows, cols = draw(sizes), draw(sizes)
    return draw(matrices(rows, cols)), draw(matrices(rows, cols))


# Hand-computed examples.


def test_shape() -> None:
    """``shape`` is (rows, columns)."""
    assert shape([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]) == (2, 3)
    assert shape([[7.0]]) == (1, 1)
    assert shape([[1.0], [2.0], [3.0]]) == (3, 1)


def test_zeros() -> None:
    """``zeros`` gives float zeros, and each row is its own list."""
    Z = zeros(2, 3)
    assert bits(Z) == bits([[0.0, 0.0, 0.0], [0.0, 0.0, 0.0]])
    Z[0][0] = 5.0
    assert Z[1][0] == 0.0  # rows are not one list repeated


def test_transpose() -> None:
    """Rows become columns, and the result is a list of lists."""
    T = transpose([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    assert T == [[1.0, 4.0], [2.0, 5.0], [3.0, 6.0]]
    assert all(type(row) is list for row in T)
    assert transpose([[1.0, 2.0]]) == [[1.0], [2.0]]


def test_matmul() -> None:
    """Small products worked out by hand."""
    assert matmul([[1.0, 2.0], [3.0, 4.0]], [[5.0, 6.0], [7.0, 8.0]]) == [
        [19.0, 22.0],
        [43.0, 50.0],
    ]
    # (2, 3) @ (3, 1): 1*1 + 2*0 + 3*(-1) = -2 and 4*1 + 5*0 + 6*(-1) = -2.
    assert matmul([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], [[1.0], [0.0], [-1.0]]) == [[-2.0], [-2.0]]
    # (1, 2) @ (2, 3): an outer shape larger than the inputs.
    assert matmul([[2.0], [3.0]], [[1.0, -1.0, 0.5]]) == [[2.0, -2.0, 1.0], [3.0, -3.0, 1.5]]


def test_matmul_converts_ints_to_floats() -> None:
    """Whole numbers are accepted and the result is floats."""
    C = matmul([[1, 2]], [[3], [4]])
    assert C == [[11.0]]
    assert type(C[0][0]) is float


def test_matmul_adds_left_to_right_from_zero() -> None:
    """The order of additions is the contract: ((0 + 1e16) + 1) - 1e16 rounds to 0, not 1."""
    # Exactly, or with a compensated sum, the answer would be 1.0.
    assert matmul([[1e16, 1.0, -1e16]], [[1.0], [1.0], [1.0]]) == [[0.0]]
    # The same three terms in another order: (1e16 - 1e16) + 1 keeps the 1.
    assert matmul([[1e16, -1e16, 1.0]], [[1.0], [1.0], [1.0]]) == [[1.0]]


def test_matmul_starts_from_positive_zero() -> None:
    """A sum of negative zeros is +0.0, because it starts from 0.0 (0.0 + -0.0 == +0.0)."""
    C = matmul([[-0.0, 1.0]], [[1.0], [-0.0]])
    assert math.copysign(1.0, C[0][0]) == 1.0


def test_add_subtract_multiply() -> None:
    """Entry by entry."""
    A = [[1.0, 2.0], [3.0, 4.0]]
    B = [[0.5, -1.0], [2.0, 0.25]]
    assert add(A, B) == [[1.5, 1.0], [5.0, 4.25]]
    assert subtract(A, B) == [[0.5, 3.0], [1.0, 3.75]]
    assert multiply(A, B) == [[0.5, -2.0], [6.0, 1.0]]


def test_scale() -> None:
    """Every entry times the number."""
    assert scale(2.0, [[1.0, -2.0], [0.5, 0.0]]) == [[2.0, -4.0], [1.0, 0.0]]
    assert scale(-1, [[3.0]]) == [[-3.0]]


def test_relu() -> None:
    """Negatives and zeros become +0.0; positives stay."""
    R = relu([[-1.0, 0.0, 2.5], [-0.0, 3.0, -1e-300]])
    assert bits(R) == bits([[0.0, 0.0, 2.5], [0.0, 3.0, 0.0]])


def test_relu_mask() -> None:
    """1.0 where the entry is positive, 0.0 elsewhere (the derivative is taken as 0 at 0)."""
    assert relu_mask([[-1.0, 0.0, 2.5], [-0.0, 3.0, 1e-300]]) == [[0.0, 0.0, 1.0], [0.0, 1.0, 1.0]]


def test_total() -> None:
    """The sum of every entry, row by row, left to right, from 0.0."""
    assert total([[1.0, 2.0], [3.0, 4.0]]) == 10.0
    # ((((0 + 1e16) + 1) - 1e16) + 1): the first 1 is lost, the second kept.
    assert total([[1e16, 1.0], [-1e16, 1.0]]) == 1.0
    assert math.copysign(1.0, total([[-0.0]])) == 1.0


# Properties.


@given(any_matrix())
def test_transpose_twice_is_the_identity(A: Matrix) -> None:
    """(A^T)^T == A, bit for bit."""
    assert bits(transpose(transpose(A))) == bits(A)


@given(any_matrix())
def test_transpose_swaps_indices(A: Matrix) -> None:
    """transpose(A)[j][i] is A[i][j], and the shape is swapped."""
    T = transpose(A)
    rows, cols = shape(A)
    assert shape(T) == (cols, rows)
    assert all(T[j][i] == A[i][j] for i in range(rows) for j in range(cols))


@given(chained_pair())
def test_transpose_of_a_product(pair: tuple[Matrix, Matrix]) -> None:
    """(A B)^T == B^T A^T exactly: the same products are added in the same order."""
    A, B = pair
    assert bits(transpose(matmul(A, B))) == bits(matmul(transpose(B), transpose(A)))


@given(chained_pair())
def test_matmul_is_a_left_to_right_fold(pair: tuple[Matrix, Matrix]) -> None:
    """Each entry is 0.0 + A[i][0]*B[0][j] + A[i][1]*B[1][j] + ..., in that order."""
    A, B = pair
    n, k = shape(A)
    m = shape(B)[1]
    expected = []
    for i in range(n):
        row = []
        for j in range(m):
            s = 0.0
            for p in range(k):
                s = s + A[i][p] * B[p][j]
            row.append(s)
        expected.append(row)
    assert bits(matmul(A, B)) == bits(expected)


@given(any_matrix())
def test_total_is_a_left_to_right_fold(A: Matrix) -> None:
    """total adds row by row, left to right, starting from 0.0."""
    s = 0.0
    for row in A:
        for a in row:
            s = s + a
    assert bits(total(A)) == bits(s)


@given(same_shape_pair())
def test_elementwise_operations(pair: tuple[Matrix, Matrix]) -> None:
    """add, subtract and multiply compute a+b, a-b and a*b entry by entry."""
    A, B = pair
    pairs = [list(zip(ra, rb)) for ra, rb in zip(A, B)]
    assert bits(add(A, B)) == bits([[a + b for a, b in row] for row in pairs])
    assert bits(subtract(A, B)) == bits([[a - b for a, b in row] for row in pairs])
    assert bits(multiply(A, B)) == bits([[a * b for a, b in row] for row in pairs])


@given(any_matrix(), st.floats(min_value=-1e100, max_value=1e100))
def test_scale_relu_and_mask(A: Matrix, c: float) -> None:
    """scale is c*a; relu keeps exactly the positive entries; the mask marks them."""
    assert bits(scale(c, A)) == bits([[c * a for a in row] for row in A])
    assert bits(relu(A)) == bits([[a if a > 0.0 else 0.0 for a in row] for row in A])
    assert relu_mask(A) == [[1.0 if a > 0.0 else 0.0 for a in row] for row in A]


def _unary_calls(A: Matrix) -> list[Callable[[], object]]:
    return [
        lambda: shape(A),
        lambda: transpose(A),
        lambda: scale(2.0, A),
        lambda: relu(A),
        lambda: relu_mask(A),
        lambda: total(A),
    ]


@settings(max_examples=50)
@given(chained_pair(), same_shape_pair())
def test_nothing_is_mutated_or_shared(
    chained: tuple[Matrix, Matrix], same: tuple[Matrix, Matrix]
) -> None:
    """No operation changes its inputs, and no result shares a row with an input."""
    A, B = chained
    C, D = same
    before = [copy.deepcopy(M) for M in (A, B, C, D)]
    results: list[object] = [matmul(A, B), add(C, D), subtract(C, D), multiply(C, D)]
    results += [call() for call in _unary_calls(A)]
    assert [bits(M) for M in (A, B, C, D)] == [bits(M) for M in before]
    input_rows = {id(row) for M in (A, B, C, D) for row in M} | {id(M) for M in (A, B, C, D)}
    for result in results:
        if isinstance(result, list):
            assert id(result) not in input_rows
            assert all(id(row) not in input_rows for row in result)
    # Changing a result leaves the inputs as they were.
    T = transpose(A)
    T[0][0] = math.pi
    S = scale(1.0, A)
    S[0][0] = math.e
    assert bits(A) == bits(before[0])
