"""Session-wide hooks: the fuzz suite's tally, printed at the end of the run."""

from __future__ import annotations

import sys

import pytest


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
