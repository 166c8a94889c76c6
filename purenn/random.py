"""The one random stream that both packages draw from.

All randomness in the project is uniform doubles ``u`` in [0, 1) from the
Mersenne Twister (MT19937) as ``random.Random(seed)`` seeds it, drawn in
row-major order. There is no global random state: every function that draws
takes the generator it draws from. npnn loads this generator's internal state
into numpy's ``MT19937``, which then yields exactly the same doubles.

Every random choice is built from those uniforms, so that numpy can draw the
same choice in one vectorized call:

- a matrix of weights in [-1, 1) is ``2u - 1``;
- ``k`` of ``n`` positions without replacement are the positions of the ``k``
  smallest of ``n`` uniforms (a stable sort breaks ties by position).
"""

from __future__ import annotations

import random

from purenn.errors import ParameterError
from purenn.matrix import Matrix
from purenn.support import checks

__all__ = ["Generator", "Indices", "choose", "generator", "uniform"]

Generator = random.Random
"""The generator type: the standard library's Mersenne Twister."""

Indices = list[int]
"""Positions, as :func:`choose` returns them."""


def generator(seed: int) -> Generator:
    """Return a new generator for ``seed``: ``random.Random(seed)``.

    Raises:
        ParameterError: ``seed`` is not a whole number.
    """
    return random.Random(checks.whole_seed(seed, "generator"))


# --8<-- [start:uniform]
def uniform(rng: Generator, rows: int, cols: int) -> Matrix:
    """Return a ``(rows, cols)`` matrix of uniforms in [0, 1), drawn row by row."""
    checks.generator_of(rng, "uniform", Generator)
    checks.count(rows, "uniform", "rows", 1)
    checks.count(cols, "uniform", "cols", 1)
    return [[rng.random() for _ in range(cols)] for _ in range(rows)]


# --8<-- [end:uniform]


# --8<-- [start:choose]
def _choose(rng: Generator, k: int, n: int) -> Indices:
    u = [rng.random() for _ in range(n)]  # n uniforms
    return sorted(range(n), key=u.__getitem__)[:k]  # positions of the k smallest


def choose(rng: Generator, k: int, n: int) -> Indices:
    """Return ``k`` of the positions ``0 .. n-1``, without replacement.

    Draws ``n`` uniforms and returns the positions of the ``k`` smallest,
    smallest first. Python's sort is stable, so equal uniforms keep their order.

    Raises:
        ParameterError: ``rng`` is not a generator, ``n`` below 1, or ``k``
            outside ``0 .. n``.
    """
    checks.generator_of(rng, "choose", Generator)
    checks.count(n, "choose", "n", 1)
    checks.count(k, "choose", "k", 0)
    if k > n:
        raise ParameterError(f"choose: cannot choose k={k} of n={n} positions")
    return _choose(rng, k, n)


# --8<-- [end:choose]
