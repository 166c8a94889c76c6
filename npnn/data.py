"""The Boston housing data as arrays, and scaling by the column maximum.

The table and its parser are shared with purenn (:mod:`purenn.support.tables`):
one bundled file, one reader; so is the reader of the learner's own CSV files,
with its messages. This module turns the chosen columns into float64 arrays and
scales them with numpy.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

import numpy as np

from npnn.matrix import Matrix, MatrixLike, _as_matrix
from purenn.data import COLUMNS, FEATURES, TARGET
from purenn.errors import DataError
from purenn.support import checks, tables

__all__ = [
    "COLUMNS",
    "FEATURES",
    "TARGET",
    "apply_scale",
    "fit_scale",
    "load_csv",
    "load_housing",
]


def load_housing(features: Sequence[str] = FEATURES, target: str = TARGET) -> tuple[Matrix, Matrix]:
    """Return the chosen columns of the bundled table, unscaled.

    Args:
        features: column names to use as inputs, in order (see ``COLUMNS``).
        target: column name to predict.

    Returns:
        ``(X, t)``: ``X`` is ``(506, len(features))``, ``t`` is ``(506, 1)``.

    Raises:
        ParameterError: an unknown column name, or no features.
    """
    *inputs, target_index = tables.column_indices("load_housing", features, target, COLUMNS)
    _, rows = tables.read_bundled(COLUMNS)
    table = np.array(rows)  # (506, 14)
    return table[:, inputs], table[:, [target_index]]


# --8<-- [start:scale]
def _fit_scale(X: Matrix) -> Matrix:
    maxima: Matrix = np.max(X, axis=0, keepdims=True)  # (1, D)
    return maxima


def _apply_scale(X: Matrix, scale: Matrix) -> Matrix:
    return X / scale  # (N, D) / (1, D): each column by its own maximum


# --8<-- [end:scale]


def fit_scale(X: MatrixLike) -> Matrix:
    """Return each column's maximum as a ``(1, D)`` row, to divide by.

    Fit it on the training rows only: a maximum taken over every row lets the
    rows held out for testing shape the inputs the network trains on.

    Raises:
        ShapeError: ``X`` is not a matrix.
        DataError: a value is not finite, or a column's maximum is not positive.
    """
    scale = _fit_scale(_as_matrix(X, "fit_scale", "X", finite=True))
    for j, m in enumerate(scale[0].tolist()):
        if m <= 0.0:
            raise DataError(
                f"fit_scale: column {j} has maximum {m!r}; scaling by the column "
                f"maximum needs a positive maximum"
            )
    return scale


def apply_scale(X: MatrixLike, scale: MatrixLike) -> Matrix:
    """Return ``X`` with each column divided by the matching entry of ``scale``.

    Args:
        X: shape ``(N, D)``.
        scale: shape ``(1, D)``, from :func:`fit_scale`.

    Raises:
        ShapeError: ``scale`` is not ``(1, D)``.
        DataError: a value is not finite, or a scale entry is not positive.
    """
    X = _as_matrix(X, "apply_scale", "X", finite=True)
    scale = _as_matrix(scale, "apply_scale", "scale", finite=True)
    checks.expect_shape("apply_scale", "scale", scale.shape, (1, X.shape[1]), ("X", X.shape))
    for j, m in enumerate(scale[0].tolist()):
        if m <= 0.0:
            raise DataError(f"apply_scale: scale[0][{j}] is {m!r}; it must be positive")
    return _apply_scale(X, scale)


def load_csv(
    path: str | os.PathLike[str], features: Sequence[str], target: str | None = None
) -> tuple[Matrix, Matrix | None]:
    """Read rows from a CSV file whose first line names the columns, as float64 arrays.

    purenn's reader (:func:`purenn.data.load_csv`): the same columns, the same
    checks, the same messages naming the file, the line and the column.

    Returns:
        ``(X, t)``: ``X`` is ``(N, len(features))``; ``t`` is ``(N, 1)``, or
        ``None`` when ``target`` is ``None`` or the file has no such column.

    Raises:
        ParameterError: ``path`` is not a file name, or a column name is not a
            name.
        DataError: the file is empty, has no header, lacks a column, holds a
            row of the wrong length, or a value that is not a finite number.
        OSError: the file cannot be read.
    """
    op = "load_csv"
    path = checks.file_name(path, op)
    names, target = tables.column_names(op, features, target)
    X, t = tables.read_csv(op, path, names, target)
    return np.array(X, dtype=np.float64), None if t is None else np.array(t, dtype=np.float64)
