"""Each operation the network uses, purenn against npnn, on generated matrices.

Exact mode must give the same 64 bits. Default mode adds in BLAS's or
pairwise order; it must stay within the classic error bound of a sum, stated
with each test.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import npnn
import purenn
from tests.parity import EPS, TINY, assert_same, assert_within

# Magnitudes up to 1e150 keep every product and every sum of a few products
# finite; subnormals, tiny values and signed zeros are all drawn.
SPECIAL = [0.0, -0.0, 5e-324, -5e-324, 2.2250738585072014e-308, 1e-300, -1.0, 1.0, 1e150]
VALUE = st.one_of(
    st.floats(min_value=-1e150, max_value=1e150, allow_nan=False, allow_subnormal=True),
    st.sampled_from(SPECIAL),
)

Matrix = list[list[float]]


def matrices(rows: int, cols: int) -> st.SearchStrategy[Matrix]:
    return st.lists(st.lists(VALUE, min_size=cols, max_size=cols), min_size=rows, max_size=rows)


sizes = st.integers(min_value=1, max_value=7)


@st.composite
def product_pairs(draw: st.DrawFn) -> tuple[Matrix, Matrix]:
    n, k, m = draw(sizes), draw(sizes), draw(sizes)
    return draw(matrices(n, k)), draw(matrices(k, m))


@st.composite
def same_shape_pairs(draw: st.DrawFn) -> tuple[Matrix, Matrix]:
    n, m = draw(sizes), draw(sizes)
    return draw(matrices(n, m)), draw(matrices(n, m))


@st.composite
def any_matrix(draw: st.DrawFn) -> Matrix:
    return draw(matrices(draw(sizes), draw(sizes)))


U = EPS / 2  # unit roundoff of float64


@settings(max_examples=200, deadline=None)
@given(product_pairs())
def test_matmul(pair: tuple[Matrix, Matrix]) -> None:
    """matmul: exact mode bit-equal; default mode within the bound of a K-term sum.

    Any order of adding K products (BLAS's blocked order, with or without fused
    multiply-adds) is within gamma_K * sum_k |a_ik b_kj| of the true sum, where
    gamma_K = K u / (1 - K u) and u = 2**-53 (Higham, Accuracy and Stability of
    Numerical Algorithms, 3.1). purenn's left-to-right sum is too, so the two
    differ by at most 2 gamma_K times that sum of magnitudes (1% slack for the
    rounding of the magnitudes themselves), plus K smallest subnormals for
    products that underflow. The bound is per entry, not in ULPs of the result:
    when the products cancel, the result is small and its ULPs are fine-grained.
    """
    A, B = pair
    reference = purenn.matmul(A, B)
    assert_same("matmul exact", reference, npnn.matmul(A, B, exact=True))
    K = len(B)
    magnitude = np.abs(np.array(A)) @ np.abs(np.array(B))
    bound = 2.02 * K * U / (1 - K * U) * magnitude + 2 * K * TINY
    assert_within("matmul default", reference, npnn.matmul(A, B), bound)


@settings(max_examples=200, deadline=None)
@given(any_matrix())
def test_total(A: Matrix) -> None:
    """total: exact mode bit-equal; default (pairwise np.sum) within 2 gamma_n sum |a|."""
    reference = purenn.total(A)
    assert_same("total exact", reference, npnn.total(A, exact=True))
    n = len(A) * len(A[0])
    bound = 2.02 * n * U / (1 - n * U) * float(np.abs(np.array(A)).sum()) + 2 * n * TINY
    assert_within("total default", reference, npnn.total(A), bound)


ELEMENTWISE: list[tuple[str, Callable[..., Any], Callable[..., Any]]] = [
    ("add", purenn.add, npnn.add),
    ("subtract", purenn.subtract, npnn.subtract),
    ("multiply", purenn.multiply, npnn.multiply),
]


@settings(max_examples=150, deadline=None)
@given(same_shape_pairs())
def test_elementwise_pairs(pair: tuple[Matrix, Matrix]) -> None:
    """add, subtract, multiply round each entry once: bit-equal, no mode needed."""
    A, B = pair
    for name, ours, theirs in ELEMENTWISE:
        assert_same(name, ours(A, B), theirs(A, B))


@settings(max_examples=150, deadline=None)
@given(any_matrix(), VALUE)
def test_elementwise_single(A: Matrix, c: float) -> None:
    """scale, relu, relu_mask, transpose and shape: bit-equal."""
    assert_same("scale", purenn.scale(c, A), npnn.scale(c, A))
    assert_same("relu", purenn.relu(A), npnn.relu(A))
    assert_same("relu_mask", purenn.relu_mask(A), npnn.relu_mask(A))
    assert_same("transpose", purenn.transpose(A), npnn.transpose(A))
    assert purenn.shape(A) == npnn.shape(A)


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=-(2**70), max_value=2**70), sizes, sizes)
def test_random_stream(seed: int, rows: int, cols: int) -> None:
    """uniform, then choose, then a mask, then weights: the same draws in order."""
    r1, r2 = purenn.generator(seed), npnn.generator(seed)
    assert_same("uniform", purenn.uniform(r1, rows, cols), npnn.uniform(r2, rows, cols))
    n = rows * cols
    k = n // 2
    assert list(npnn.choose(r2, k, n)) == purenn.choose(r1, k, n)
    for p in (0.2, 0.5, 0.9):
        assert_same(
            f"dropconnect_mask p={p}",
            purenn.dropconnect_mask(r1, rows, cols, p),
            npnn.dropconnect_mask(r2, rows, cols, p),
        )
    w1, w2 = purenn.init_weights(r1, rows, cols), npnn.init_weights(r2, rows, cols)
    assert_same("W1", w1.W1, w2.W1)
    assert_same("W2", w1.W2, w2.W2)
    assert r1.random() == float(r2.random())  # both streams at the same place


def test_choose_breaks_ties_by_position() -> None:
    """Equal uniforms keep their order in both packages (a stable sort)."""

    class Constant:
        def random(self, size: int | None = None) -> Any:
            return 0.5 if size is None else np.full(size, 0.5)

    # The kernels behind choose, fed a stream of equal uniforms.
    assert purenn.random._choose(Constant(), 3, 5) == [0, 1, 2]  # type: ignore[arg-type]
    assert list(npnn.random._choose(Constant(), 3, 5)) == [0, 1, 2]  # type: ignore[arg-type]


@settings(max_examples=40, deadline=None)
@given(st.sampled_from([15, 16, 17, 40, 300]), st.integers(1, 4), st.integers(1, 4), st.data())
def test_matmul_exact_both_ways_of_adding(K: int, n: int, m: int, data: st.DataObject) -> None:
    """npnn's exact product loops over few terms and reduces over many: both are purenn's."""
    A = data.draw(matrices(n, K))
    B = data.draw(matrices(K, m))
    assert_same(f"matmul exact, K={K}", purenn.matmul(A, B), npnn.matmul(A, B, exact=True))


@settings(max_examples=30, deadline=None)
@given(
    st.sampled_from([17, 100, 506]),
    st.sampled_from([(1, 1), (1, 3), (4, 1), (3, 4), (40, 30)]),
    st.sampled_from([1, 7, 1 << 20]),
    st.data(),
)
def test_matmul_exact_in_blocks_and_on_views(
    K: int, nm: tuple[int, int], block: int, data: st.DataObject
) -> None:
    """The products of many terms, made a block at a time and carried across blocks, and
    taken from transposed views (as the backward pass passes ``X0.T``), are purenn's."""
    n, m = nm
    A = data.draw(matrices(K, n))  # given transposed: A.T is an (n, K) view
    B = data.draw(matrices(K, m))
    expected = purenn.matmul(purenn.transpose(A), B)
    saved = npnn.matrix._BLOCK
    npnn.matrix._BLOCK = block
    try:
        got = npnn.matrix._matmul(np.array(A).T, np.array(B), True)
    finally:
        npnn.matrix._BLOCK = saved
    assert_same(f"matmul exact, K={K}, block={block}", expected, got)
