"""How the records of both packages show themselves: matrices by their shape.

``print(weights)`` or a debugger's variable view shows
``Weights(W1=(3, 4), W2=(4, 1))`` rather than hundreds of numbers. Every
record of purenn and npnn (a frozen dataclass) takes its ``__repr__`` from
:func:`record_repr`, which reads the record's fields.
"""

from __future__ import annotations

import dataclasses
from typing import Any

__all__ = ["record_repr", "shape_of", "shown"]


def shape_of(value: object) -> tuple[int, int] | None:
    """``(rows, columns)`` of a matrix (rows of lists, or a 2-D array), else ``None``."""
    shape = getattr(value, "shape", None)  # a numpy array, without importing numpy
    if isinstance(shape, tuple) and len(shape) == 2:
        return int(shape[0]), int(shape[1])
    if isinstance(value, list) and value and isinstance(value[0], list):
        return len(value), len(value[0])
    return None


def shown(name: str, value: object) -> str:
    """One field as a record shows it.

    A matrix by its shape, ``(3, 4)``; a sequence of matrices (or ``None``)
    by their shapes, ``[(3, 4), (4, 1)]`` (``[]`` for none); numbers, in a list or a 1-D array,
    by how many there are, ``<1000 values>``; a sequence of records by how many
    there are and the field's name, ``<2 layers>``; anything else by ``repr``.
    """
    shape = shape_of(value)
    if shape is not None:
        return f"({shape[0]}, {shape[1]})"
    vector = getattr(value, "shape", None)
    if isinstance(vector, tuple) and len(vector) == 1:
        return f"<{vector[0]} values>"
    if isinstance(value, tuple) or (isinstance(value, list) and value):
        if all(v is None or shape_of(v) is not None for v in value):
            return "[" + ", ".join(shown(name, v) for v in value) + "]"
        if all(dataclasses.is_dataclass(v) for v in value):
            return f"<{len(value)} {name}>"
    if isinstance(value, list) and all(isinstance(v, int | float) for v in value):
        return f"<{len(value)} values>"
    return repr(value)


def record_repr(record: Any) -> str:
    """``Name(field=shown, ...)`` for a dataclass, over its fields with ``repr=True``."""
    inner = ", ".join(
        f"{f.name}={shown(f.name, getattr(record, f.name))}"
        for f in dataclasses.fields(record)
        if f.repr
    )
    return f"{type(record).__name__}({inner})"
