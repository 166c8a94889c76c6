"""The project's exceptions: the very classes purenn raises (see :mod:`purenn.errors`).

npnn raises the same classes with the same messages, so one ``except`` clause
catches an error from either package.
"""

from purenn.errors import (
    CheckpointError,
    DataError,
    DivergenceError,
    NNError,
    ParameterError,
    ShapeError,
)

__all__ = [
    "CheckpointError",
    "DataError",
    "DivergenceError",
    "NNError",
    "ParameterError",
    "ShapeError",
]
