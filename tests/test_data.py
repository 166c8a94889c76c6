"""The bundled Boston housing table, the loader, and scaling by the column maximum."""

from __future__ import annotations

import csv
import hashlib
import io
from importlib import resources

import pytest

from purenn import (
    COLUMNS,
    FEATURES,
    TARGET,
    Matrix,
    ParameterError,
    apply_scale,
    fit_scale,
    load_housing,
)

SHA256 = "d98212636026544fc9b9c0f372e5f819872e6fa6fa757ab025efdda22180f2d6"
"""The checksum of the published file (see the data's README)."""


def _bundled_bytes() -> bytes:
    return resources.files("purenn").joinpath("data", "boston_house_prices.csv").read_bytes()


def _columns_by_name() -> dict[str, list[float]]:
    """The table parsed here, independently of the loader: name -> column."""
    lines = list(csv.reader(io.StringIO(_bundled_bytes().decode("utf-8"))))
    header, body = lines[1], lines[2:]
    return {name: [float(row[j]) for row in body] for j, name in enumerate(header)}


def test_bundled_file_is_the_published_one() -> None:
    """The file read through importlib.resources has the published sha256."""
    assert hashlib.sha256(_bundled_bytes()).hexdigest() == SHA256


def test_bundled_file_layout() -> None:
    """A count line (506 rows, 13 features), then the column names the package lists."""
    lines = list(csv.reader(io.StringIO(_bundled_bytes().decode("utf-8"))))
    assert lines[0][:2] == ["506", "13"]
    assert tuple(lines[1]) == COLUMNS
    assert len(lines) == 2 + 506


def test_default_load_is_the_write_up_data() -> None:
    """X is (506, 3): CRIM, TAX, PTRATIO; t is the (506, 1) column MEDV."""
    assert FEATURES == ("CRIM", "TAX", "PTRATIO")
    assert TARGET == "MEDV"
    X, t = load_housing()
    assert (len(X), len(t)) == (506, 506)
    assert all(len(row) == 3 for row in X)
    assert all(len(row) == 1 for row in t)
    # The first row of the file, read by eye: CRIM 0.00632, TAX 296, PTRATIO 15.3, MEDV 24.
    assert X[0] == [0.00632, 296.0, 15.3]
    assert t[0] == [24.0]
    columns = _columns_by_name()
    assert [row[0] for row in X] == columns["CRIM"]
    assert [row[1] for row in X] == columns["TAX"]
    assert [row[2] for row in X] == columns["PTRATIO"]
    assert [row[0] for row in t] == columns["MEDV"]
    assert all(type(v) is float for row in X + t for v in row)


def test_other_columns_by_name() -> None:
    """Any columns of the header can be the inputs, in the order given, and any the target."""
    X, t = load_housing(["LSTAT", "RM", "CHAS"], "CRIM")
    columns = _columns_by_name()
    assert [list(row) for row in zip(columns["LSTAT"], columns["RM"], columns["CHAS"])] == X
    assert t == [[v] for v in columns["CRIM"]]
    X1, _ = load_housing(("B",))
    assert [[v] for v in columns["B"]] == X1


def test_unknown_column_is_refused() -> None:
    """A name that is not in the header is a ParameterError that names it."""
    with pytest.raises(ParameterError, match="unknown column 'NOPE'"):
        load_housing(["CRIM", "NOPE"])


def test_each_load_is_a_fresh_copy() -> None:
    """Changing what one call returned does not change what the next call returns."""
    X, t = load_housing()
    X[0][0] = -1.0
    t[0][0] = -1.0
    X2, t2 = load_housing()
    assert X2[0][0] == 0.00632
    assert t2[0][0] == 24.0


def test_scaling_makes_each_column_maximum_one() -> None:
    """fit_scale finds each column's maximum; dividing by it makes every maximum exactly 1.0."""
    X, _ = load_housing()
    scale = fit_scale(X)
    assert scale == [[max(row[j] for row in X) for j in range(3)]]
    X0 = apply_scale(X, scale)
    for j in range(3):
        assert max(row[j] for row in X0) == 1.0
        assert all(0.0 < row[j] <= 1.0 for row in X0)
    assert [[x / m for x, m in zip(row, scale[0])] for row in X] == X0


def test_scaling_fitted_on_some_rows_applies_those_maxima_to_others() -> None:
    """apply_scale divides by the fitted maxima, never by the maxima of the rows it scales."""
    fitted = fit_scale([[2.0, 4.0], [1.0, 8.0]])
    assert fitted == [[2.0, 8.0]]
    # Refitting on [[1.0, 16.0]] would give [[1.0, 1.0]].
    assert apply_scale([[1.0, 16.0]], fitted) == [[0.5, 2.0]]


def test_train_and_test_rows_of_the_housing_data() -> None:
    """Scaled with the first 400 rows' maxima, the last 106 rows are not refitted."""
    X, _ = load_housing()
    train_rows, test_rows = X[:400], X[400:]
    fitted = fit_scale(train_rows)
    own = fit_scale(test_rows)
    assert fitted != own  # otherwise this test could not tell the two apart
    scaled = apply_scale(test_rows, fitted)
    assert scaled == [[x / m for x, m in zip(row, fitted[0])] for row in test_rows]
    assert scaled != apply_scale(test_rows, own)


def _deep_copy(A: Matrix) -> Matrix:
    return [list(row) for row in A]


def test_scaling_does_not_change_its_inputs() -> None:
    """fit_scale and apply_scale return new matrices and leave their arguments alone."""
    X = [[1.0, 2.0], [3.0, 0.5]]
    before = _deep_copy(X)
    scale = fit_scale(X)
    scale_before = _deep_copy(scale)
    X0 = apply_scale(X, scale)
    assert before == X
    assert scale == scale_before
    X0[0][0] = 99.0
    scale[0][0] = 99.0
    assert before == X
