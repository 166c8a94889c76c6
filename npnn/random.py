"""The one random stream, drawn with numpy.

numpy's ``MT19937`` is loaded with the internal state of
``random.Random(seed)`` (its 624 words and position), so
``Generator.random()`` returns exactly the doubles that purenn's generator
returns, in the same order, and can draw many at once. Seeding numpy with the
integer itself would not do: numpy seeds the twister by another routine.
"""

from __future__ import annotations

import random

import numpy as np
from numpy.typing import NDArray

from npnn.matrix import Matrix
from purenn.errors import ParameterError
from purenn.support import checks

__all__ = ["Generator", "Indices", "choose", "generator", "uniform"]

Generator = np.random.Generator
"""The generator type: numpy's, driven by the Mersenne Twister."""

Indices = NDArray[np.intp]
"""Positions, as :func:`choose` returns them."""


# --8<-- [start:generator]
def generator(seed: int) -> Generator:
    """Return a numpy generator that draws what ``random.Random(seed)`` draws.

    Raises:
        ParameterError: ``seed`` is not a whole number.
    """
    _, internal, _ = random.Random(checks.whole_seed(seed, "generator")).getstate()
    twister = np.random.MT19937()
    twister.state = {
        "bit_generator": "MT19937",
        "state": {"key": np.array(internal[:624], dtype=np.uint32), "pos": internal[624]},
    }
    return np.random.Generator(twister)


# --8<-- [end:generator]


# --8<-- [start:uniform]
def uniform(rng: Generator, rows: int, cols: int) -> Matrix:
    """Return a ``(rows, cols)`` matrix of uniforms in [0, 1), drawn row by row."""
    checks.generator_of(rng, "uniform", Generator)
    checks.count(rows, "uniform", "rows", 1)
    checks.count(cols, "uniform", "cols", 1)
    return rng.random((rows, cols))  # C order: row by row, like purenn


# --8<-- [end:uniform]


# --8<-- [start:choose]
def _choose(rng: Generator, k: int, n: int) -> Indices:
    u = rng.random(n)  # n uniforms
    return np.argsort(u, kind="stable")[:k]  # positions of the k smallest


def choose(rng: Generator, k: int, n: int) -> Indices:
    """Return ``k`` of the positions ``0 .. n-1``, without replacement.

    Draws ``n`` uniforms and returns the positions of the ``k`` smallest,
    smallest first; a stable sort keeps equal uniforms in their order.

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
