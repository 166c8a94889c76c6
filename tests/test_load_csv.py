"""load_csv: the learner's own rows, and every fault in the file named by line and column."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

import npnn
import purenn
from purenn.errors import DataError, ParameterError
from tests.parity import assert_same

PACKAGES = [purenn, npnn]
FEATURES = ["CRIM", "TAX", "PTRATIO"]


def write(tmp_path: Path, text: str | bytes, name: str = "rows.csv") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8", newline="")
    return path


@pytest.mark.parametrize("nn", PACKAGES, ids=lambda m: m.__name__)
def test_columns_in_any_order_extra_ignored(nn: ModuleType, tmp_path: Path) -> None:
    """The header decides where each feature is; other columns (even text) are ignored."""
    path = write(
        tmp_path,
        "note,PTRATIO,CRIM,extra,TAX\nfirst,15.3,0.00632,x,296\nsecond,17.8,0.02731,,242\n",
    )
    X, t = nn.load_csv(path, FEATURES)
    assert_same("X", [[0.00632, 296.0, 15.3], [0.02731, 242.0, 17.8]], X)
    assert t is None


@pytest.mark.parametrize("nn", PACKAGES, ids=lambda m: m.__name__)
def test_the_target_is_read_when_present(nn: ModuleType, tmp_path: Path) -> None:
    """With a target named: t is (N, 1) if the file has the column, else None."""
    with_target = write(tmp_path, "MEDV,CRIM,TAX,PTRATIO\n24,0.00632,296,15.3\n", "a.csv")
    X, t = nn.load_csv(with_target, FEATURES, "MEDV")
    assert_same("t", [[24.0]], t)
    without = write(tmp_path, "CRIM,TAX,PTRATIO\n0.00632,296,15.3\n", "b.csv")
    X, t = nn.load_csv(without, FEATURES, "MEDV")
    assert t is None
    assert_same("X", [[0.00632, 296.0, 15.3]], X)


@pytest.mark.parametrize("nn", PACKAGES, ids=lambda m: m.__name__)
def test_spreadsheet_habits_are_accepted(nn: ModuleType, tmp_path: Path) -> None:
    """A byte-order mark, CRLF line ends, spaces around values, quotes, blank lines."""
    path = write(
        tmp_path,
        '\ufeff"CRIM", TAX ,PTRATIO\r\n\r\n 0.5 ,"296", 15\r\n\r\n1e-3,1E2,+7\r\n\r\n',
    )
    X, _ = nn.load_csv(path, FEATURES)
    assert_same("X", [[0.5, 296.0, 15.0], [0.001, 100.0, 7.0]], X)


def test_npnn_returns_float64_arrays(tmp_path: Path) -> None:
    """npnn's X and t are 2-D float64 arrays, purenn's lists of rows: the same numbers."""
    path = write(tmp_path, "CRIM,TAX,PTRATIO,MEDV\n1,2,3,4\n5,6,7,8\n")
    X, t = npnn.load_csv(path, FEATURES, "MEDV")
    assert isinstance(X, np.ndarray)
    assert (str(X.dtype), X.shape) == ("float64", (2, 3))
    assert isinstance(t, np.ndarray)
    assert (str(t.dtype), t.shape) == ("float64", (2, 1))
    assert purenn.load_csv(path, FEATURES, "MEDV") == (X.tolist(), t.tolist())


# Each case: an id, the file's contents, and the message after "load_csv: FILE".
BAD_FILES: list[tuple[str, str | bytes, str]] = [
    ("empty", "", " is empty; expected a header line naming the columns, then rows"),
    ("blank-lines-only", "\n\n  \n", " is empty; expected a header line naming the columns, "
     "then rows"),
    ("header-only", "CRIM,TAX,PTRATIO\n", " has a header (line 1) but no rows"),
    ("no-header", "0.1,296,15.3\n0.2,242,17.8\n",
     ", line 1: no header: the first line holds numbers, not column names; the file must "
     "start with a line naming its columns"),
    ("missing-column", "CRIM,PTRATIO\n0.1,15.3\n",
     ", line 1: no column 'TAX'; the header names 'CRIM', 'PTRATIO'"),
    ("column-twice", "CRIM,TAX,PTRATIO,TAX\n0.1,296,15.3,1\n",
     ", line 1: column 'TAX' appears twice in the header (columns 2 and 4)"),
    ("not-a-number", "CRIM,TAX,PTRATIO\n0.1,296,15.3\n0.2,abc,17.8\n",
     ", line 3, column 2 ('TAX'): 'abc' is not a number"),
    ("empty-value", "CRIM,TAX,PTRATIO\n0.1,,15.3\n", ", line 2, column 2 ('TAX'): empty; "
     "expected a number"),
    ("nan", "CRIM,TAX,PTRATIO\n0.1,296,nan\n",
     ", line 2, column 3 ('PTRATIO'): 'nan' is not a finite number"),
    ("infinity", "CRIM,TAX,PTRATIO\n-inf,296,15.3\n",
     ", line 2, column 1 ('CRIM'): '-inf' is not a finite number"),
    ("overflow", "CRIM,TAX,PTRATIO\n1e999,296,15.3\n",
     ", line 2, column 1 ('CRIM'): '1e999' is not a finite number"),
    ("short-row", "CRIM,TAX,PTRATIO\n0.1,296,15.3\n0.2,242\n",
     ", line 3: 2 fields but the header names 3 columns; column 3 ('PTRATIO') is missing"),
    ("long-row", "CRIM,TAX,PTRATIO\n0.1,296,15.3,9\n",
     ", line 2: 4 fields but the header names 3 columns; column 4 has no name"),
    ("ragged-after-a-blank-line", "CRIM,TAX,PTRATIO\n\n0.1,296,15.3\n\n7\n",
     ", line 5: 1 field but the header names 3 columns; column 2 ('TAX') is missing"),
    ("bad-target", "CRIM,TAX,PTRATIO,MEDV\n0.1,296,15.3,high\n",
     ", line 2, column 4 ('MEDV'): 'high' is not a number"),
    ("not-utf8", b"CRIM,TAX,PTRATIO\n0.1,296,15.3\n0.2,\xe9,1\n",
     ", line 3: not UTF-8 text (byte 34)"),
    ("multi-line-quote", 'CRIM,TAX,PTRATIO\n0.1,"29\n6",15.3\n',
     ", line 3, column 2 ('TAX'): '29\\n6' is not a number"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "message"), [case[1:] for case in BAD_FILES], ids=[case[0] for case in BAD_FILES]
)
@pytest.mark.parametrize("nn", PACKAGES, ids=lambda m: m.__name__)
def test_a_bad_file_names_the_line_and_the_column(
    nn: ModuleType, text: str | bytes, message: str, tmp_path: Path
) -> None:
    """Exactly a DataError with exactly the message, the same in both packages."""
    path = write(tmp_path, text)
    with pytest.raises(DataError) as caught:
        nn.load_csv(path, FEATURES, "MEDV")
    assert type(caught.value) is DataError
    assert str(caught.value) == f"load_csv: {path}{message}"


BAD_ARGUMENTS = [
    ("path-a-number", (3, FEATURES), "load_csv: path must be a file name, got 3"),
    ("path-empty", ("", FEATURES), "load_csv: path must be a file name, got ''"),
    ("features-a-string", ("x.csv", "CRIM"),
     "load_csv: features must be a list of column names, got 'CRIM'"),
    ("features-empty", ("x.csv", []), "load_csv: features is empty; name at least one column"),
    ("feature-a-number", ("x.csv", ["CRIM", 3]),
     "load_csv: features[1] must be a column name, got 3"),
    ("feature-twice", ("x.csv", ["CRIM", "CRIM"]), "load_csv: features names 'CRIM' twice"),
    ("target-a-number", ("x.csv", FEATURES, 1),
     "load_csv: target must be a column name or None, got 1"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("args", "message"), [c[1:] for c in BAD_ARGUMENTS], ids=[c[0] for c in BAD_ARGUMENTS]
)
@pytest.mark.parametrize("nn", PACKAGES, ids=lambda m: m.__name__)
def test_bad_arguments_are_refused_before_reading(
    nn: ModuleType, args: tuple[object, ...], message: str
) -> None:
    """The path and the names are checked first: a ParameterError, no file opened."""
    with pytest.raises(ParameterError) as caught:
        nn.load_csv(*args)
    assert str(caught.value) == message


@pytest.mark.parametrize("nn", PACKAGES, ids=lambda m: m.__name__)
def test_a_missing_file_is_an_os_error(nn: ModuleType, tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        nn.load_csv(tmp_path / "missing.csv", FEATURES)
