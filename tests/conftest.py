"""Session-wide hooks and fixtures: the command line in process, the fuzz suite's tally."""

from __future__ import annotations

import functools
import sys

import pytest

from tests.cli import Cli, in_process


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Cli:
    """``cli(package, *args)``: run ``package``'s command line in this process (tests/cli.py)."""
    return functools.partial(in_process, capsys)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Print how many fuzz cases ran and how they ended (see tests/test_fuzz.py)."""
    fuzz = sys.modules.get("tests.test_fuzz")
    tally = getattr(fuzz, "TALLY", None)
    if not tally:
        return
    terminalreporter.section("fuzzing")
    terminalreporter.write_line(
        f"{tally['cases']} cases through purenn and npnn: {tally['same error']} raised the same "
        f"documented error in both, {tally['both returned']} returned in both (the same values, "
        f"no NaN); {tally['failures']} failures of any other kind"
    )
    kinds = sorted((k.split(": ")[1], n) for k, n in tally.items() if k.startswith("same error: "))
    terminalreporter.write_line("the errors: " + ", ".join(f"{name} {n}" for name, n in kinds))
    terminalreporter.write_line(
        f"{tally['arrays']} cases of npnn alone with arrays of a wrong ndim, dtype or shape"
    )
