"""Generated arguments for every subcommand: never a traceback, always a known exit status.

Hypothesis (derandomized, see ``conftest.py``) draws a command, a few options
with values that are sometimes right and often not (huge, negative, empty,
not numbers, not UTF-8), and runs it in this process through ``main(argv)``.
Whatever the arguments, the command ends with status 0, 1, 2 or 130 and
prints no traceback. The tally is printed after the run (``CLI_TALLY``).
"""

from __future__ import annotations

import contextlib
import importlib
import os
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.cli import exit_status

CLI_TALLY: Counter[str] = Counter()
"""Outcomes: ``cases``, ``status N``, ``tracebacks``."""

OPTIONS: dict[str, list[str]] = {
    "train": ["--n-h", "--n-iter", "--alpha", "--p", "--seed", "--features", "--target"],
    "evaluate": ["--n-h", "--n-iter", "--alpha", "--p", "--seed", "--test-fraction"],
    "cv": ["--n-h", "--n-iter", "--alpha", "--p", "--seed", "--k"],
    "baseline": ["--features", "--target", "--seed"],
    "tune": ["--n-h", "--n-iter", "--alpha", "--p", "--k"],
    "fit": ["--hidden", "--epochs", "--data", "--n-points", "--activation", "--features"],
    "predict": [],
}
"""Each subcommand and the options drawn for it."""

VALUES = st.one_of(
    st.sampled_from(
        [
            "0", "1", "2", "-1", "3", "1e-6", "0.5", "1.5", "nan", "inf", "-inf", "1e308",
            "1000000000", "99999999999999999999999", "", " ", "1_000", "\u0661", "abc",
            "CRIM", "TAX,CRIM", "CRIM,CRIM", "MEDV", "moons", "housing", "relu", "4,4", ",",
            os.fsdecode(b"\xff"), "x" * 5000,
        ]
    ),
    st.text(max_size=8),
)  # fmt: skip
"""Option values: the right kind, the edges, and anything."""


@st.composite
def argvs(draw: st.DrawFn) -> list[str]:
    command = draw(st.sampled_from(sorted(OPTIONS)))
    argv = [command]
    if command == "predict":
        argv += draw(
            st.sampled_from(
                [["f.json", "rows.csv"], ["rows.csv", "f.json"], ["f.json", "missing.csv"],
                 ["f.json", "bad.csv"], ["missing.json", "rows.csv"], ["f.json"]]
            )
        )  # fmt: skip
    else:
        argv += _small(command)
        for option in draw(st.lists(st.sampled_from(OPTIONS[command]), max_size=3)):
            argv += [option, draw(VALUES)]
    if command in ("train", "predict") and draw(st.booleans()):
        argv.append("-q")
    return argv


def _small(command: str) -> list[str]:
    """``--n-iter 2`` for commands that take it, ``--epochs 2`` for ``fit``."""
    if command == "fit":
        return ["--epochs", "2"]
    if command in ("train", "evaluate", "cv", "tune"):
        return ["--n-iter", "2"]
    return []


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with a checkpoint, a good CSV and a bad one."""
    where = tmp_path_factory.mktemp("fuzz-cli")
    main = importlib.import_module("npnn.cli").main
    assert main(["train", "-q", "--n-iter", "3", "--save", str(where / "f.json")]) == 0
    (where / "rows.csv").write_text("CRIM,TAX,PTRATIO,MEDV\n0.1,296,15.3,24\n", encoding="utf-8")
    (where / "bad.csv").write_text('CRIM,TAX,PTRATIO\n0.1,"296\n', encoding="utf-8")
    return where


@pytest.mark.parametrize("package", ["purenn", "npnn"])
@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(argv=argvs())
def test_no_traceback_for_any_arguments(
    package: str, argv: list[str], folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Status 0, 1, 2 or 130, and one line on stderr for an error: never a traceback."""
    main = importlib.import_module(f"{package}.cli").main
    CLI_TALLY["cases"] += 1
    with contextlib.chdir(folder):
        try:
            status = main(argv)
        except SystemExit as exit:  # argparse's misuse
            status, _ = exit_status(exit)
        except BaseException:
            CLI_TALLY["tracebacks"] += 1
            raise
    err = capsys.readouterr().err
    CLI_TALLY[f"status {status}"] += 1
    assert status in (0, 1, 2, 130), (argv, status, err)
    assert "Traceback" not in err
