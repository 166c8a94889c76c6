"""Bounded reads, no tracebacks, and the library's edges: one test per defect class.

Through both packages and both command lines (in process, with the ``cli``
fixture); a fresh interpreter only where a standard stream must be closed or
its encoding changed.
"""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
import warnings
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import pytest

import npnn
import purenn
from purenn.errors import CheckpointError, DataError, ParameterError, ShapeError
from purenn.support import bounds, tables
from tests.cli import Cli

PACKAGES = [purenn, npnn]
NAMES = ["purenn", "npnn"]
FEATURES = ["CRIM", "TAX", "PTRATIO"]


@pytest.fixture(scope="module")
def saved(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A checkpoint of a short run."""
    folder = tmp_path_factory.mktemp("edges")
    assert (
        importlib.import_module("npnn.cli").main(
            ["train", "-q", "--n-iter", "5", "--save", str(folder / "f.json")]
        )
        == 0
    )
    return folder / "f.json"


def rows_csv(path: Path, n: int) -> Path:
    lines = ["CRIM,TAX,PTRATIO,MEDV"] + [
        f"{i % 7 + 0.5},{200 + i % 300},{15 + i % 5},{i % 40}" for i in range(n)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# --- 5. Reads without bounds ---


@pytest.mark.parametrize("package", NAMES)
def test_predict_refuses_a_line_without_end(cli: Cli, saved: Path, package: str) -> None:
    """``/dev/zero`` (or any endless line) is refused after one bounded line, not read to OOM."""
    source = "/dev/zero" if os.path.exists("/dev/zero") else None
    if source is None:
        pytest.skip("no /dev/zero")
    done = cli(package, "predict", str(saved), source)
    assert done.returncode == 2
    assert done.stderr == (
        f"{package}: error: load_csv: /dev/zero, line 1: longer than {bounds.LINE} characters; "
        f"a row of a table is not that long\n"
    )
    assert done.stdout == ""


@pytest.mark.parametrize("package", NAMES)
def test_predict_streams_the_same_numbers(
    cli: Cli, saved: Path, package: str, tmp_path: Path
) -> None:
    """Chunks of rows give the predictions and the RMSE of the whole matrix, bit for bit."""
    path = rows_csv(tmp_path / "rows.csv", 2 * tables.CHUNK + 17)
    done = cli(package, "predict", str(saved), str(path))
    assert done.returncode == 0, done.stderr
    nn = importlib.import_module(package)
    c = nn.load_checkpoint(saved)
    X, t = nn.load_csv(path, c.features, c.target)
    y = nn.predict_checkpoint(c, X, exact=package == "npnn")
    exact = cli(package, "predict", "--exact", str(saved), str(path)) if package == "npnn" else done
    lines = exact.stdout.splitlines()
    assert lines[0] == "predicted_MEDV"
    assert [float(v) for v in lines[1:]] == [float(row[0]) for row in y]
    rmse = nn.rmse(y, t, exact=True) if package == "npnn" else nn.rmse(y, t)
    assert f"RMSE {rmse:.4f}" in exact.stderr
    assert f"for {2 * tables.CHUNK + 17} rows" in exact.stderr


@pytest.mark.parametrize("package", NAMES)
def test_predict_reads_a_pipe(saved: Path, package: str, tmp_path: Path) -> None:
    """A pipe is a legitimate input: ``predict f.json <(cut ...)``."""
    path = rows_csv(tmp_path / "rows.csv", 10)
    read, write = os.pipe()
    with os.fdopen(write, "wb") as w:
        w.write(path.read_bytes())
    main = importlib.import_module(f"{package}.cli").main
    out = tmp_path / "out.csv"
    assert main(["predict", "-q", str(saved), f"/dev/fd/{read}", "-o", str(out)]) == 0
    os.close(read)
    assert len(out.read_text().splitlines()) == 11


@pytest.mark.parametrize("nn", PACKAGES, ids=NAMES)
def test_a_checkpoint_is_read_up_to_a_limit(
    nn: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file larger than the limit is refused with the limit named, without reading it all."""
    monkeypatch.setattr(bounds, "CHECKPOINT", 1 << 20)
    path = tmp_path / "big.json"
    path.write_bytes(b" " * ((1 << 20) + 1))
    with pytest.raises(CheckpointError) as caught:
        nn.load_checkpoint(path)
    assert str(caught.value) == (
        f"load_checkpoint: {path}: not a checkpoint: larger than 1 MiB, the largest checkpoint read"
    )


# --- 7. Tracebacks instead of messages ---


@pytest.mark.parametrize("package", NAMES)
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["train", "--n-h", "1000000000"], "train: a network of layer sizes (3, 1000000000, 1)"),
        (["fit", "--hidden", "1000000000"], "fit: a network of layer sizes (3, 1000000000, 1)"),
        (["fit", "--data", "moons", "--n-points", "1000000000"], "make_moons: 1000000000 rows"),
        (["cv", "--n-h", "100000000"], "cross_validate: a network of layer sizes"),
        (["evaluate", "--n-h", "100000000"], "holdout: a network of layer sizes"),
        (["tune", "--n-h", "4,100000000"], "tune: a network of layer sizes"),
    ],
)
def test_a_network_too_large_is_one_line(
    cli: Cli, package: str, args: list[str], message: str
) -> None:
    done = cli(package, *args)
    assert done.returncode == 2
    assert done.stderr.startswith(f"{package}: error: {message}")
    assert done.stderr.endswith("; choose fewer units\n") or "choose fewer rows" in done.stderr
    assert done.stderr.count("\n") == 1


@pytest.mark.parametrize("package", NAMES)
def test_out_of_memory_is_one_line(cli: Cli, package: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A MemoryError that the size checks did not foresee is still one line, status 1."""
    nn = importlib.import_module(package)

    def exhausted(*args: object, **kwargs: object) -> None:
        raise MemoryError

    monkeypatch.setattr(nn, "train", exhausted)
    done = cli(package, "train", "-q", "--n-iter", "1")
    assert (done.returncode, done.stderr) == (1, f"{package} train: error: out of memory\n")


def fresh(package: str, *args: str, **kw: object) -> subprocess.CompletedProcess[bytes]:
    """``python -m PACKAGE ARGS``, stdout and stderr piped unless ``kw`` says otherwise."""
    streams = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, **kw}
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-m", package, *args], check=False, timeout=300, **streams
    )


@pytest.mark.parametrize("package", NAMES)
def test_tune_on_an_ascii_terminal(package: str) -> None:
    """No ``±`` crash after the search: ``+/-`` where stdout cannot show it."""
    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    done = fresh(
        package, "tune", "--n-iter", "2", "--n-h", "2", "--alpha", "1e-6", "--p", "0", "--k", "2",
        env=env,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert b"+/-" in done.stdout
    assert b"Traceback" not in done.stderr


@pytest.mark.parametrize("package", NAMES)
def test_a_file_name_not_utf8(package: str, tmp_path: Path) -> None:
    """A file name of bytes that are not UTF-8 is saved and reported, escaped, status 0."""
    name = os.fsdecode(b"\xff.json")
    done = fresh(package, "train", "-q", "--n-iter", "2", "--save", name, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert b"Traceback" not in done.stderr
    assert os.path.exists(tmp_path / name)


@pytest.mark.parametrize("package", NAMES)
def test_closed_stderr_keeps_the_report_out_of_stdout(
    package: str, saved: Path, tmp_path: Path
) -> None:
    path = rows_csv(tmp_path / "rows.csv", 3)
    done = fresh(package, "predict", str(saved), str(path), preexec_fn=lambda: os.close(2))
    assert done.returncode == 0
    assert done.stdout.decode().splitlines()[0] == "predicted_MEDV"
    assert len(done.stdout.decode().splitlines()) == 4  # the header and 3 rows, no report


@pytest.mark.parametrize("package", NAMES)
def test_closed_stdout_is_a_failure(package: str) -> None:
    done = fresh(package, "train", "-q", "--n-iter", "2", preexec_fn=lambda: os.close(1))
    assert done.returncode == 1
    assert done.stderr.decode() == (
        f"{package}: error: stdout is closed; the output has nowhere to go "
        f"(redirect it to a file)\n"
    )


# --- 8. The library's edges ---


def test_overflow_is_the_same_error_without_a_warning() -> None:
    """purenn and npnn (both modes) refuse an overflowing fit alike; npnn warns of nothing."""
    X, t = [[1.0], [2.0], [3.0]], [[1e308], [-1e308], [1e308]]
    for nn, exact in [(purenn, False), (npnn, True)]:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            with pytest.raises(DataError) as caught:
                nn.fit_linear(X, t, exact=exact)
        assert str(caught.value).startswith("fit_linear: the least-squares solution overflows")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for exact in (False, True):
            with pytest.raises(DataError):
                npnn.rmse(np.array([[1e308]]), np.array([[-1e308]]), exact=exact)


@pytest.mark.parametrize("nn", PACKAGES, ids=NAMES)
def test_numpy_scalars_are_numbers(nn: ModuleType) -> None:
    """np.int64 where a whole number is wanted, numpy floats where a number is: the same run."""
    X, t = purenn.load_housing()
    X0 = purenn.apply_scale(X, purenn.fit_scale(X))
    plain = nn.train(X0, t, n_h=4, n_iter=5, seed=0, alpha=1e-6, p=0.2)
    numpy = nn.train(
        X0, t, n_h=np.int64(4), n_iter=np.int32(5), seed=np.uint8(0), alpha=np.float64(1e-6),
        p=np.float32(0.25),
    )  # fmt: skip
    assert len(numpy.errors) == len(plain.errors) == 5
    assert nn.rmse([[np.float32(1.0)]], [[np.int64(3)]]) == 2.0
    with pytest.raises(ParameterError):
        nn.train(X0, t, n_iter=np.bool_(True))


@pytest.mark.parametrize(
    ("A", "error", "message"),
    [
        (lambda: np.matrix([[1.0, 2.0]]), ShapeError,
         "fit_scale: X must be a 2-D array, got a numpy.matrix; pass np.asarray(X)"),
        (lambda: np.ma.masked_invalid([[1.0, np.nan]]), DataError,
         "fit_scale: X is a masked array; drop the masked rows or fill them "
         "(X.filled(value)) first"),
    ],
)  # fmt: skip
def test_npnn_refuses_matrix_and_masked_arrays(
    A: Callable[[], Any], error: type, message: str
) -> None:
    """A NaN under a mask never passes the finiteness check: the masked array is refused."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PendingDeprecationWarning)  # np.matrix's own
        value = A()
    with pytest.raises(error) as caught:
        npnn.fit_scale(value)
    assert str(caught.value) == message


@pytest.mark.parametrize("nn", PACKAGES, ids=NAMES)
def test_a_huge_name_in_a_checkpoint_is_quoted_short(
    nn: ModuleType, saved: Path, tmp_path: Path
) -> None:
    """A 1 MB feature name prints an excerpt, not the name."""
    text = saved.read_text().replace('"CRIM"', '"' + "C" * 1_000_000 + '"')
    big = tmp_path / "big.json"
    big.write_text(text)
    c = nn.load_checkpoint(big)
    rows = rows_csv(tmp_path / "rows.csv", 2)
    with pytest.raises(DataError) as caught:
        nn.load_csv(rows, c.features, c.target)
    assert len(str(caught.value)) < 400


def test_a_full_disk_names_the_file() -> None:
    """An OSError without a file name gets the name of the file being written."""
    import errno

    with pytest.raises(OSError, match="No space") as caught, bounds.naming("out.csv"):
        raise OSError(errno.ENOSPC, "No space left on device")
    assert str(caught.value) == "[Errno 28] No space left on device: 'out.csv'"


@pytest.mark.parametrize("nn", PACKAGES, ids=NAMES)
@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('CRIM,TAX,PTRATIO\n0.1,"296,15\n', ", line 2: not valid CSV: unexpected end of data"),
        ("CRIM,TAX,PTRATIO\n0.1,1_000,15\n", ", line 2, column 2 ('TAX'): '1_000' is not a number"),
        ("CRIM,TAX,PTRATIO\n0.1,\u0663\u0660\u0660,15\n",
         ", line 2, column 2 ('TAX'): '\u0663\u0660\u0660' is not a number"),
    ],
)  # fmt: skip
def test_csv_edges(nn: ModuleType, text: str, message: str, tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as caught:
        nn.load_csv(path, FEATURES)
    assert str(caught.value) == f"load_csv: {path}{message}"
