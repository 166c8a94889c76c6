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
"""

from __future__ import annotations

import csv
import io
import math
import os
from collections.abc import Sequence
from importlib import resources

from purenn.errors import DataError, ParameterError
from purenn.matrix import Matrix, MatrixLike
from purenn.support import checks

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
        raise ParameterError(
            f"{op}: features must be a list of column names, got {checks.describe(features)}"
        )
    if len(features) == 0:
        raise ParameterError(f"{op}: features is empty; name at least one column")
    indices = []
    for name in [*features, target]:
        if not isinstance(name, str) or name not in COLUMNS:  # a str first: `in` compares
            raise ParameterError(
                f"{op}: unknown column {checks.describe(name)}; "
                f"the columns are {', '.join(COLUMNS)}"
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


def _names(op: str, features: object, target: object) -> tuple[list[str], str | None]:
    """Check the column names asked for: a non-empty list of distinct names, and a name or None."""
    if isinstance(features, str) or not isinstance(features, Sequence):
        raise ParameterError(
            f"{op}: features must be a list of column names, got {checks.describe(features)}"
        )
    if len(features) == 0:
        raise ParameterError(f"{op}: features is empty; name at least one column")
    names = []
    for i, name in enumerate(features):
        if not isinstance(name, str) or name.strip() == "":
            raise ParameterError(
                f"{op}: features[{i}] must be a column name, got {checks.describe(name)}"
            )
        if name.strip() in names:
            raise ParameterError(f"{op}: features names {name.strip()!r} twice")
        names.append(name.strip())
    if target is not None and (not isinstance(target, str) or target.strip() == ""):
        raise ParameterError(
            f"{op}: target must be a column name or None, got {checks.describe(target)}"
        )
    return names, None if target is None else target.strip()


def _text_of(op: str, path: str, raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")  # a byte-order mark, as spreadsheets write, is dropped
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise DataError(f"{op}: {path}, line {line}: not UTF-8 text (byte {error.start})") from None


def _number(op: str, where: str, cell: str) -> float:
    text = cell.strip()
    if text == "":
        raise DataError(f"{op}: {where}: empty; expected a number")
    try:
        value = float(text)
    except ValueError:
        raise DataError(f"{op}: {where}: {checks.describe(text)} is not a number") from None
    if not math.isfinite(value):
        raise DataError(f"{op}: {where}: {checks.describe(text)} is not a finite number")
    return value


# --8<-- [start:read-csv]
def _read_csv(
    op: str, path: str, features: list[str], target: str | None
) -> tuple[Matrix, Matrix | None]:
    """Read the columns ``features`` (and ``target``, if the file has it) from ``path``."""
    with open(path, "rb") as f:
        text = _text_of(op, path, f.read())
    reader = csv.reader(io.StringIO(text, newline=""))
    header: list[str] | None = None
    header_line, columns = 0, []  # columns[j]: the position in a row of the j-th value read
    X: Matrix = []  # (N, D)
    t: Matrix = []  # (N, 1)
    try:
        for fields in reader:
            line = reader.line_num
            if len(fields) <= 1 and "".join(fields).strip() == "":
                continue  # a blank line
            if header is None:
                header, header_line = [name.strip() for name in fields], line
                columns = _header(op, f"{path}, line {line}", header, features, target)
                continue
            if len(fields) != len(header):
                raise DataError(f"{op}: {path}, line {line}: {_ragged(fields, header)}")
            values = [
                _number(op, f"{path}, line {line}, column {j + 1} ({header[j]!r})", fields[j])
                for j in columns
            ]
            X.append(values[: len(features)])  # (D,)
            if len(values) > len(features):
                t.append(values[len(features) :])  # (1,)
    except csv.Error as error:
        raise DataError(f"{op}: {path}, line {reader.line_num}: not valid CSV: {error}") from None
    if header is None:
        raise DataError(
            f"{op}: {path} is empty; expected a header line naming the columns, then rows"
        )
    if not X:
        raise DataError(f"{op}: {path} has a header (line {header_line}) but no rows")
    return X, (t if t else None)


# --8<-- [end:read-csv]


def _header(
    op: str, where: str, header: list[str], features: list[str], target: str | None
) -> list[int]:
    """The positions of the features (then of the target, if present) in the header."""
    wanted = [*features, *([target] if target is not None and target in header else [])]
    positions = []
    for name in wanted:
        if name not in header and all(_is_float(h) for h in header):
            raise DataError(
                f"{op}: {where}: no header: the first line holds numbers, not column "
                f"names; the file must start with a line naming its columns"
            )
        if name not in header:
            raise DataError(
                f"{op}: {where}: no column {name!r}; the header names "
                f"{', '.join(repr(h) for h in header)}"
            )
        j = header.index(name)
        if name in header[j + 1 :]:
            k = header.index(name, j + 1)
            raise DataError(
                f"{op}: {where}: column {name!r} appears twice in the header "
                f"(columns {j + 1} and {k + 1})"
            )
        positions.append(j)
    return positions


def _is_float(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _ragged(fields: list[str], header: list[str]) -> str:
    n, m = len(fields), len(header)
    if n < m:
        return (
            f"{checks.several(n, 'field')} but the header names {checks.several(m, 'column')}; "
            f"column {n + 1} ({header[n]!r}) is missing"
        )
    return (
        f"{checks.several(n, 'field')} but the header names {checks.several(m, 'column')}; "
        f"column {m + 1} has no name"
    )


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
    names, target = _names(op, features, target)
    return _read_csv(op, path, names, target)
