"""The one place tests compare floats: bit for bit, or in units in the last place.

Every parity test goes through :func:`assert_same` (bit-for-bit) or
:func:`assert_within` (a stated tolerance), so a failure always says which
tensor differed, where, and by how many units in the last place. A test of
one package compares :func:`bits`, every float as its exact hexadecimal text,
and counts distances with :func:`ulps` (npnn's, re-exported here).
"""

from __future__ import annotations

from typing import Any, TypeAlias

import numpy as np

from npnn.parity import compare, ulps

__all__ = ["EPS", "TINY", "Bits", "assert_same", "assert_within", "bits", "ulps"]

EPS = float(np.finfo(np.float64).eps)
"""2**-52: the gap between 1.0 and the next double."""
TINY = 2.0**-1074
"""The smallest subnormal double: the absolute error of one underflowing product."""


Bits: TypeAlias = "str | list[Bits]"
"""A float as ``float.hex`` text, or a list of them nested as the values were."""


def bits(values: Any) -> Bits:
    """Every float as its exact hexadecimal text, nested as ``values`` is.

    Takes a number, a list or tuple (of lists...) or a numpy array. Two results
    have equal bits when they have the same shape and the same 64 bits in every
    entry: ``-0.0`` and ``0.0`` differ, and so does a NaN from a number.
    """
    if isinstance(values, np.ndarray):
        values = values.tolist()
    if isinstance(values, list | tuple):
        return [bits(v) for v in values]
    return float.hex(float(values))


def _where(reference: Any, candidate: Any) -> str:
    a = np.atleast_1d(np.asarray(reference, dtype=np.float64))
    b = np.atleast_1d(np.asarray(candidate, dtype=np.float64))
    distance = ulps(a, b)
    index = np.unravel_index(int(np.argmax(distance)), a.shape)
    return (
        f"largest difference at {tuple(int(i) for i in index)}: "
        f"{a[index]!r} against {b[index]!r} ({int(distance[index])} ULPs)"
    )


def assert_same(name: str, reference: Any, candidate: Any) -> None:
    """Assert the same shape and the same 64 bits in every entry (``-0.0 != 0.0``)."""
    c = compare(name, reference, candidate)
    assert c.identical, (
        f"{name}: {c.size - c.bit_equal} of {c.size} entries differ; {_where(reference, candidate)}"
    )


def assert_within(name: str, reference: Any, candidate: Any, bound: Any) -> None:
    """Assert the same shape and ``|candidate - reference| <= bound`` entry by entry.

    ``bound`` is a number or an array of the reference's shape.
    """
    c = compare(name, reference, candidate)  # checks the shapes
    a = np.asarray(reference, dtype=np.float64)
    b = np.asarray(candidate, dtype=np.float64)
    with np.errstate(invalid="ignore", over="ignore"):
        diff = np.where(a == b, 0.0, np.abs(a - b))
    over = diff > np.asarray(bound, dtype=np.float64)
    assert not over.any(), (
        f"{name}: {int(over.sum())} of {c.size} entries exceed the bound; "
        f"max ULPs {c.max_ulps}, max |diff| {c.max_abs:.3g}; {_where(reference, candidate)}"
    )
