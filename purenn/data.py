"""The Boston housing data, bundled, and scaling by the column maximum.

The table (Harrison and Rubinfeld, 1978; 506 rows, 13 features and the
target ``MEDV``, the median home value in $1000s) ships inside the package
and is read with ``importlib.resources``, so it works from an installed wheel
as well as from a checkout.

Scaling is two steps, so that it can be fitted on some rows (the training
rows) and applied to others: :func:`fit_scale` finds each column's maximum,
:func:`apply_scale` divides by it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from importlib import resources

from purenn import _checks
from purenn.errors import DataError, ParameterError
from purenn.matrix import Matrix, MatrixLike

__all__ = [
    "COLUMNS",
    "FEATURES",
    "TARGET",
    "apply_scale",
    "fit_scale",
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

_FILE = "boston_house_prices.csv"


def _read_bundled() -> tuple[list[str], Matrix]:
    """Parse the bundled file: its column names and its rows of numbers."""
    text = resources.files("purenn").joinpath("data", _FILE).read_text(encoding="utf-8")
    lines = list(csv.reader(io.StringIO(text)))
    # Line 1 counts rows and features ("506,13,..."); line 2 names the columns.
    n_rows, header, body = int(lines[0][0]), lines[1], lines[2:]
    if tuple(header) != COLUMNS or len(body) != n_rows:
        raise DataError(f"{_FILE}: the bundled file is damaged; reinstall the package")
    return header, [[float(v) for v in row] for row in body]


def _column_indices(op: str, features: Sequence[str], target: str) -> list[int]:
    if isinstance(features, str) or not isinstance(features, Sequence):
        raise ParameterError(f"{op}: features must be a list of column names, got {features!r}")
    if len(features) == 0:
        raise ParameterError(f"{op}: features is empty; name at least one column")
    indices = []
    for name in [*features, target]:
        if name not in COLUMNS:
            raise ParameterError(
                f"{op}: unknown column {name!r}; the columns are {', '.join(COLUMNS)}"
            )
        indices.append(COLUMNS.index(name))
    return indices


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
    indices = _column_indices("load_housing", features, target)
    _, rows = _read_bundled()
    *inputs, target_index = indices
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
    X = _checks.list_matrix(X, "fit_scale", "X", finite=True)
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
    X = _checks.list_matrix(X, "apply_scale", "X", finite=True)
    scale = _checks.list_matrix(scale, "apply_scale", "scale", finite=True)
    _checks.expect_shape(
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
