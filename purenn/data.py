"""The Boston housing data, bundled, and scaling by the column maximum.

The table (Harrison and Rubinfeld, 1978; 506 rows, 13 features and the
target ``MEDV``, the median home value in $1000s) ships inside the package
and is read with ``importlib.resources``, so it works from an installed wheel
as well as from a checkout.

Scaling is two steps, so that it can be fitted on some rows (the training
rows) and applied to others: :func:`fit_scale` finds each column's maximum,
:func:`apply_scale` divides by it.

:func:`load_csv` reads the learner's own rows from a CSV file whose header
names the columns; any fault in the file is a :class:`~purenn.errors.DataError`
that names the file, the line and the column.

The reading itself (the files' layout, the CSV parser and its messages, the
checks of the column names asked for) is plumbing that npnn shares:
:mod:`purenn.support.tables`. This module chooses the columns and scales them.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from purenn.errors import DataError
from purenn.matrix import Matrix, MatrixLike
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

FEATURES = ("CRIM", "TAX", "PTRATIO")
"""The write-up's inputs: crime rate, property-tax rate, pupil-teacher ratio."""

TARGET = "MEDV"
"""The target: median value of owner-occupied homes, in $1000s."""

COLUMNS = (
    "CRIM", "ZN", "INDUS", "CHAS", "NOX", "RM", "AGE",
    "DIS", "RAD", "TAX", "PTRATIO", "B", "LSTAT", "MEDV",
)  # fmt: skip
"""Every column of the bundled table, in file order."""


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
    X = [[row[j] for j in inputs] for row in rows]  # (N, D)
    t = [[row[target_index]] for row in rows]  # (N, 1)
    return X, t


# --8<-- [start:scale]
def _fit_scale(X: Matrix) -> Matrix:
    maxima = list(X[0])
    for row in X[1:]:
        maxima = [m if m >= x else x for m, x in zip(maxima, row)]
    return [maxima]  # (1, D)


def _apply_scale(X: Matrix, scale: Matrix) -> Matrix:
    return [[x / m for x, m in zip(row, scale[0])] for row in X]  # (N, D)


# --8<-- [end:scale]


def fit_scale(X: MatrixLike) -> Matrix:
    """Return each column's maximum as a ``(1, D)`` row, to divide by.

    Fit it on the training rows only: a maximum taken over every row lets the
    rows held out for testing shape the inputs the network trains on.

    Raises:
        ShapeError: ``X`` is not a matrix.
        DataError: a value is not finite, or a column's maximum is not positive.
    """
    X = checks.list_matrix(X, "fit_scale", "X", finite=True)
    scale = _fit_scale(X)
    for j, m in enumerate(scale[0]):
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
    X = checks.list_matrix(X, "apply_scale", "X", finite=True)
    scale = checks.list_matrix(scale, "apply_scale", "scale", finite=True)
    checks.expect_shape(
        "apply_scale",
        "scale",
        (len(scale), len(scale[0])),
        (1, len(X[0])),
        ("X", (len(X), len(X[0]))),
    )
    for j, m in enumerate(scale[0]):
        if m <= 0.0:
            raise DataError(f"apply_scale: scale[0][{j}] is {m!r}; it must be positive")
    return _apply_scale(X, scale)


# --- The learner's own rows, from a CSV file with a header ---


def load_csv(
    path: str | os.PathLike[str], features: Sequence[str], target: str | None = None
) -> tuple[Matrix, Matrix | None]:
    """Read rows from a CSV file whose first line names the columns.

    The columns may come in any order and the file may hold others, which are
    ignored. Blank lines are skipped.

    Args:
        path: the file to read (UTF-8).
        features: the columns to read as inputs, in the order wanted.
        target: a column to read as the target, if the file has it; ``None``
            reads no target.

    Returns:
        ``(X, t)``: ``X`` is ``(N, len(features))``; ``t`` is ``(N, 1)``, or
        ``None`` when ``target`` is ``None`` or the file has no such column.

    Raises:
        ParameterError: ``path`` is not a file name, or a column name is not a
            name.
        DataError: the file is empty, has no header, lacks a column, holds a
            row of the wrong length, or a value (in a column read) that is not
            a finite number. The message names the file, the line and the column.
        OSError: the file cannot be read.
    """
    op = "load_csv"
    path = checks.file_name(path, op)
    names, target = tables.column_names(op, features, target)
    return tables.read_csv(op, path, names, target)
