"""Session-wide hooks and fixtures: the command line in process, the fuzz suite's tally."""

from __future__ import annotations

import functools
import shutil
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import settings

import npnn
import purenn
from tests import test_docs_build
from tests.cli import Cli, in_process

settings.register_profile("twinnets", derandomize=True, database=None, deadline=None)
settings.load_profile("twinnets")
"""Every hypothesis test draws the same examples on every run and machine, with no deadline
to miss on a busy machine; each keeps its own ``max_examples``."""

DOCS_TESTS = (
    "tests/test_docs_build.py",
    "tests/test_docs_browser.py",
    "tests/test_docs_pyodide.py",
    "tests/test_docs_stepper.py",
)
_docs_folder: Path | None = None


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the documentation tests last, and start building the site now, in the background.

    The strict build takes about a minute in its own process; started here, it
    runs while the other tests do, and ``test_docs_build.built_site`` waits for it.
    """
    global _docs_folder
    docs = [item for item in items if item.nodeid.startswith(DOCS_TESTS)]
    if not docs or test_docs_build.tools_missing():
        return
    items[:] = [item for item in items if not item.nodeid.startswith(DOCS_TESTS)] + docs
    _docs_folder = Path(tempfile.mkdtemp(prefix="twinnets-docs-"))
    test_docs_build.start_build(_docs_folder)


def pytest_sessionfinish() -> None:
    """Stop a build nobody waited for, and remove its folder."""
    test_docs_build.stop_build()
    if _docs_folder is not None:
        shutil.rmtree(_docs_folder, ignore_errors=True)


@pytest.fixture(scope="session")
def write_up_run() -> purenn.TrainResult:
    """purenn's ``train`` with every default on the write-up's data: 1000 steps, once a session."""
    X, t = purenn.load_housing()
    return purenn.train(purenn.apply_scale(X, purenn.fit_scale(X)), t)


@pytest.fixture(scope="session")
def write_up_run_exact() -> npnn.TrainResult:
    """The same run by npnn in exact mode, from npnn's own data: once a session."""
    X, t = npnn.load_housing()
    return npnn.train(npnn.apply_scale(X, npnn.fit_scale(X)), t, exact=True)


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Cli:
    """``cli(package, *args)``: run ``package``'s command line in this process (tests/cli.py)."""
    return functools.partial(in_process, capsys)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Print how many fuzz cases ran and how they ended (tests/test_fuzz.py, test_fuzz_cli.py)."""
    commands = getattr(sys.modules.get("tests.test_fuzz_cli"), "CLI_TALLY", None)
    if commands:
        terminalreporter.section("fuzzing the command line")
        statuses = sorted((k, n) for k, n in commands.items() if k.startswith("status "))
        terminalreporter.write_line(
            f"{commands['cases']} generated command lines through purenn and npnn: "
            + ", ".join(f"{k} {n}" for k, n in statuses)
            + f"; {commands['tracebacks']} tracebacks"
        )
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
