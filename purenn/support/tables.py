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
import re
from collections.abc import Iterator, Sequence
from importlib import resources

from purenn.errors import DataError, ParameterError
from purenn.matrix import Matrix
from purenn.support import bounds, checks

__all__ = [
    "BUNDLED",
    "CHUNK",
    "column_indices",
    "column_names",
    "csv_chunks",
    "feature_list",
    "read_bundled",
    "read_csv",
    "read_csv_chunks",
]

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
            raise ParameterError(f"{op}: features names {checks.describe(name.strip())} twice")
        names.append(name.strip())
    if target is not None and (not isinstance(target, str) or target.strip() == ""):
        raise ParameterError(
            f"{op}: target must be a column name or None, got {checks.describe(target)}"
        )
    return names, None if target is None else target.strip()


# --- The learner's own rows, from a CSV file with a header ---


CHUNK = 4096
"""Rows per chunk that :func:`read_csv_chunks` yields: memory stays flat as the file grows."""


# --8<-- [start:read-csv]
def read_csv_chunks(
    op: str, path: str, features: list[str], target: str | None, rows: int = CHUNK
) -> Iterator[tuple[Matrix, Matrix | None]]:
    """Read the columns ``features`` (and ``target``, if the file has it) from ``path``.

    Yields ``(X, t)`` for up to ``rows`` rows at a time, reading the file as it
    goes (a pipe works too); ``t`` is ``None`` when the file has no ``target``.
    """
    with open(path, "rb") as raw:
        text = io.TextIOWrapper(raw, "utf-8-sig", "surrogateescape", newline="")
        reader = csv.reader(_lines(op, path, text), strict=True)
        header: list[str] | None = None
        header_line, columns = 0, []  # columns[j]: the position in a row of the j-th value read
        X: Matrix = []  # (rows, D)
        t: Matrix = []  # (rows, 1)
        try:
            for fields in reader:
                line = reader.line_num
                if len(fields) <= 1 and "".join(fields).strip() == "":
                    continue  # a blank line
                if header is None:
                    header, header_line = [name.strip() for name in fields], line
                    columns = _header(op, f"{path}, line {line}", header, features, target)
                    has_target = len(columns) > len(features)
                    continue
                if len(fields) != len(header):
                    raise DataError(f"{op}: {path}, line {line}: {_ragged(fields, header)}")
                values = [
                    _number(
                        op,
                        f"{path}, line {line}, column {j + 1} ({checks.describe(header[j])})",
                        fields[j],
                    )
                    for j in columns
                ]
                X.append(values[: len(features)])  # (D,)
                if has_target:
                    t.append(values[len(features) :])  # (1,)
                if len(X) == rows:
                    yield X, (t if has_target else None)
                    X, t, header_line = [], [], -1  # -1: rows were read
        except csv.Error as error:
            raise DataError(
                f"{op}: {path}, line {reader.line_num}: not valid CSV: {error}"
            ) from None
    if header is None:
        raise DataError(
            f"{op}: {path} is empty; expected a header line naming the columns, then rows"
        )
    if X:
        yield X, (t if has_target else None)
    elif header_line > 0:
        raise DataError(f"{op}: {path} has a header (line {header_line}) but no rows")


# --8<-- [end:read-csv]


def csv_chunks(
    path: object, features: object, target: object, rows: int = CHUNK
) -> Iterator[tuple[Matrix, Matrix | None]]:
    """:func:`read_csv_chunks` for ``load_csv``'s arguments, checked as ``load_csv`` checks them.

    The command line's ``predict`` reads its file through this: a chunk of rows
    at a time, so that its memory stays flat however long the file.
    """
    op = "load_csv"
    file = checks.file_name(path, op)
    names, wanted = column_names(op, features, target)
    return read_csv_chunks(op, file, names, wanted, rows)


def read_csv(
    op: str, path: str, features: list[str], target: str | None
) -> tuple[Matrix, Matrix | None]:
    """Every row of :func:`read_csv_chunks`, in one ``(X, t)``."""
    X: Matrix = []  # (N, D)
    t: Matrix | None = None  # (N, 1)
    for X_part, t_part in read_csv_chunks(op, path, features, target):
        X += X_part
        if t_part is not None:
            t = t_part if t is None else t + t_part
    return X, t


def _lines(op: str, path: str, text: io.TextIOWrapper) -> Iterator[str]:
    """The lines of ``text``, each at most :data:`bounds.LINE` characters; refuse bytes not UTF-8.

    Bytes that are not UTF-8 arrive as lone surrogates (``surrogateescape``);
    the first is reported with its line and its byte offset in the file.
    """
    line_number, offset = 1, 0  # the line (counted by line feeds) and byte where `line` starts
    while line := text.readline(bounds.LINE + 1):
        try:
            offset += len(line.encode("utf-8"))
        except UnicodeEncodeError as error:
            before = line[: error.start]
            where = line_number + before.count("\n")
            byte = offset + len(before.encode("utf-8"))
            raise DataError(f"{op}: {path}, line {where}: not UTF-8 text (byte {byte})") from None
        if len(line) > bounds.LINE:
            raise DataError(
                f"{op}: {path}, line {line_number}: longer than {bounds.LINE} characters; "
                f"a row of a table is not that long"
            )
        line_number += line.count("\n")
        yield line


def _number(op: str, where: str, cell: str) -> float:
    text = cell.strip()
    if text == "":
        raise DataError(f"{op}: {where}: empty; expected a number")
    if not _is_float(text):
        raise DataError(f"{op}: {where}: {checks.describe(text)} is not a number")
    value = float(text)
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
                f"{op}: {where}: no column {checks.describe(name)}; the header names "
                f"{bounds.listed(header)}"
            )
        j = header.index(name)
        if name in header[j + 1 :]:
            k = header.index(name, j + 1)
            raise DataError(
                f"{op}: {where}: column {checks.describe(name)} appears twice in the header "
                f"(columns {j + 1} and {k + 1})"
            )
        positions.append(j)
    return positions


_NUMBER = re.compile(
    r"[+-]?(?:(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:e[+-]?[0-9]+)?|inf|infinity|nan)",
    re.ASCII | re.IGNORECASE,
)
"""A number as a table writes it: ASCII digits, no ``_`` between them (``float`` takes both)."""


def _is_float(text: str) -> bool:
    return _NUMBER.fullmatch(text) is not None


def _ragged(fields: list[str], header: list[str]) -> str:
    n, m = len(fields), len(header)
    if n < m:
        return (
            f"{checks.several(n, 'field')} but the header names {checks.several(m, 'column')}; "
            f"column {n + 1} ({checks.describe(header[n])}) is missing"
        )
    return (
        f"{checks.several(n, 'field')} but the header names {checks.several(m, 'column')}; "
        f"column {m + 1} has no name"
    )
