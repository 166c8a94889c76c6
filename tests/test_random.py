"""The one random stream: MT19937 uniforms as random.Random(seed) draws them, row-major."""

from __future__ import annotations

import math
import random

from hypothesis import given
from hypothesis import strategies as st

from purenn import choose, dropconnect_mask, generator, init_weights, uniform

seeds = st.integers(min_value=0, max_value=2**64)
sizes = st.integers(min_value=1, max_value=6)


def _same_next_draw(rng: random.Random, reference: random.Random) -> bool:
    """Both generators are at the same position of the same stream."""
    return rng.random() == reference.random() and rng.getstate() == reference.getstate()


@given(seeds)
def test_generator_is_random_Random(seed: int) -> None:
    """generator(seed) yields exactly the doubles random.Random(seed) yields."""
    rng, reference = generator(seed), random.Random(seed)
    assert [rng.random() for _ in range(20)] == [reference.random() for _ in range(20)]


def test_generators_are_independent_and_global_state_is_untouched() -> None:
    """Two generators of one seed do not share state, and the random module is not used."""
    random.seed(12345)
    global_state = random.getstate()
    a, b = generator(7), generator(7)
    first = [a.random() for _ in range(5)]
    assert [b.random() for _ in range(5)] == first
    uniform(a, 3, 3)
    choose(a, 2, 5)
    dropconnect_mask(a, 3, 4, 0.5)
    init_weights(a, 3, 4)
    assert random.getstate() == global_state
    assert generator(7).random() == first[0]


@given(seeds, sizes, sizes)
def test_uniform_draws_row_by_row(seed: int, rows: int, cols: int) -> None:
    """uniform(rng, r, c)[i][j] is draw number i*c + j, and exactly r*c draws are used."""
    rng, reference = generator(seed), random.Random(seed)
    drawn = uniform(rng, rows, cols)
    flat = [reference.random() for _ in range(rows * cols)]
    assert drawn == [flat[i * cols : (i + 1) * cols] for i in range(rows)]
    assert _same_next_draw(rng, reference)


@given(seeds, sizes, sizes)
def test_init_weights_are_2u_minus_1_W1_then_W2(seed: int, D: int, n_h: int) -> None:
    """W1 (D, n_h) then W2 (n_h, 1), row by row, each weight 2u - 1, in [-1, 1)."""
    rng, reference = generator(seed), random.Random(seed)
    weights = init_weights(rng, D, n_h)
    W1 = [[2.0 * reference.random() - 1.0 for _ in range(n_h)] for _ in range(D)]
    W2 = [[2.0 * reference.random() - 1.0] for _ in range(n_h)]
    assert weights.W1 == W1
    assert weights.W2 == W2
    assert all(-1.0 <= w < 1.0 for row in W1 + W2 for w in row)
    assert _same_next_draw(rng, reference)


@st.composite
def k_of_n(draw: st.DrawFn) -> tuple[int, int]:
    n = draw(st.integers(min_value=1, max_value=60))
    return draw(st.integers(min_value=0, max_value=n)), n


@given(seeds, k_of_n())
def test_choose_is_the_k_smallest_of_n_uniforms(seed: int, kn: tuple[int, int]) -> None:
    """choose returns the positions of the k smallest of n uniforms, smallest first."""
    k, n = kn
    rng, reference = generator(seed), random.Random(seed)
    chosen = choose(rng, k, n)
    u = [reference.random() for _ in range(n)]
    by_value = sorted(range(n), key=lambda i: (u[i], i))
    assert list(chosen) == by_value[:k]
    assert len(set(chosen)) == k
    assert all(0 <= i < n for i in chosen)
    assert _same_next_draw(rng, reference)  # n uniforms used, whatever k is


def test_choose_worked_example() -> None:
    """Seed 3 draws 0.238, 0.544, 0.370, 0.604, 0.626: the three smallest sit at 0, 2, 1."""
    reference = random.Random(3)
    assert [round(reference.random(), 3) for _ in range(5)] == [0.238, 0.544, 0.37, 0.604, 0.626]
    assert list(choose(generator(3), 3, 5)) == [0, 2, 1]
    assert list(choose(generator(3), 5, 5)) == [0, 2, 1, 3, 4]
    assert list(choose(generator(3), 0, 5)) == []


class _Scripted(random.Random):
    """A generator whose uniforms are given in advance, to force ties."""

    def __init__(self, values: list[float]) -> None:
        super().__init__(0)
        self.values = list(values)

    def random(self) -> float:
        return self.values.pop(0)


def test_choose_breaks_ties_by_position() -> None:
    """Equal uniforms keep their order (a stable sort), as numpy's stable argsort does."""
    assert list(choose(_Scripted([0.5, 0.1, 0.5, 0.1, 0.9]), 4, 5)) == [1, 3, 0, 2]


@given(seeds, sizes, sizes, st.floats(min_value=0.0, max_value=1.0, exclude_max=True))
def test_dropconnect_mask(seed: int, rows: int, cols: int, p: float) -> None:
    """floor(p*n) zeros at the chosen positions (row-major), ones elsewhere; n draws used."""
    n = rows * cols
    rng, reference = generator(seed), random.Random(seed)
    M = dropconnect_mask(rng, rows, cols, p)
    flat = [m for row in M for m in row]
    assert len(M) == rows
    assert all(len(row) == cols for row in M)
    assert set(flat) <= {0.0, 1.0}
    assert flat.count(0.0) == math.floor(p * n)
    u = [reference.random() for _ in range(n)]
    dropped = sorted(range(n), key=lambda i: (u[i], i))[: math.floor(p * n)]
    assert sorted(i for i, m in enumerate(flat) if m == 0.0) == sorted(dropped)
    assert _same_next_draw(rng, reference)


def test_dropconnect_mask_of_the_write_up() -> None:
    """p = 0.2 drops floor(2.4) = 2 of W1's 12 weights and floor(0.8) = 0 of W2's 4."""
    rng = generator(0)
    M1 = dropconnect_mask(rng, 3, 4, 0.2)
    M2 = dropconnect_mask(rng, 4, 1, 0.2)
    assert sum(row.count(0.0) for row in M1) == 2
    assert M2 == [[1.0], [1.0], [1.0], [1.0]]
