"""Tables read from text: the bundled housing file, a learner's CSV file, and the column names.

Shared by purenn and npnn: both load the same file through :func:`read_bundled`
and the learner's rows through :func:`read_csv`, after checking the column
names asked for with :func:`column_indices` (the bundled table) or
:func:`column_names` (a CSV file). Any fault in a file is a
:class:`~purenn.errors.DataError` that names the file, the line and the
column; a bad list of names is a :class:`~purenn.errors.ParameterError`.
The chapter that uses them is :mod:`purenn.data`.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Sequence
from importlib import resources

from purenn.errors import DataError, ParameterError
from purenn.matrix import Matrix
from purenn.support import checks

__all__ = ["BUNDLED", "column_indices", "column_names", "feature_list", "read_bundled", "read_csv"]

BUNDLED = "boston_house_prices.csv"
"""The bundled table's file name, in the package's ``data`` folder."""


def read_bundled(columns: Sequence[str]) -> tuple[list[str], Matrix]:
    """Parse the bundled file: its column names (which must be ``columns``) and its rows."""
    text = resources.files("purenn").joinpath("data", BUNDLED).read_text(encoding="utf-8")
    lines = list(csv.reader(io.StringIO(text)))
    # Line 1 counts rows and features ("506,13,..."); line 2 names the columns.
    n_rows, header, body = int(lines[0][0]), lines[1], lines[2:]
    if tuple(header) != tuple(columns) or len(body) != n_rows:
        raise DataError(f"{BUNDLED}: the bundled file is damaged; reinstall the package")
    return header, [[float(v) for v in row] for row in body]


# --- The column names asked for ---


def feature_list(op: str, features: object) -> Sequence[object]:
    """Check that ``features`` is a list (not a string) of at least one item; return it."""
    if isinstance(features, str) or not isinstance(features, Sequence):
        raise ParameterError(
            f"{op}: features must be a list of column names, got {checks.describe(features)}"
        )
    if len(features) == 0:
        raise ParameterError(f"{op}: features is empty; name at least one column")
    return features


def column_indices(op: str, features: object, target: object, columns: Sequence[str]) -> list[int]:
    """The positions in ``columns`` of the features, then of the target."""
    indices = []
    for name in [*feature_list(op, features), target]:
        if not isinstance(name, str) or name not in columns:  # a str first: `in` compares
            raise ParameterError(
                f"{op}: unknown column {checks.describe(name)}; "
                f"the columns are {', '.join(columns)}"
            )
        indices.append(columns.index(name))
    return indices


def column_names(op: str, features: object, target: object) -> tuple[list[str], str | None]:
    """Check the column names asked for: a non-empty list of distinct names, and a name or None.

    Names are stripped of surrounding blanks, as a CSV header's are.
    """
    names = []
    for i, name in enumerate(feature_list(op, features)):
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


# --- The learner's own rows, from a CSV file with a header ---


# --8<-- [start:read-csv]
def read_csv(
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
