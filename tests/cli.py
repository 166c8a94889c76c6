"""Running the command line in a test: in this process, or in a fresh interpreter.

Most tests call ``purenn.cli.main(argv)`` or ``npnn.cli.main(argv)`` in this
process through the ``cli`` fixture (see ``conftest.py``): no interpreter
start, no numpy import, the same status and the same text on stdout and
stderr. ``tests/test_cli_smoke.py`` runs each command once as
``python -m purenn`` or ``python -m npnn`` to prove the whole path works.
"""

from __future__ import annotations

import importlib
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

__all__ = ["Cli", "Ran", "exit_status", "in_fresh_interpreter", "in_process"]


@dataclass(frozen=True)
class Ran:
    """A finished command: its exit status and what it printed (as ``subprocess.run`` says)."""

    returncode: int
    stdout: str
    stderr: str


Cli = Callable[..., Ran]
"""``cli(package, *args)``: the ``cli`` fixture's type."""


def exit_status(exit: SystemExit) -> tuple[int, str]:
    """The status and stderr text of an interpreter ending on ``exit``, as CPython does it.

    No code is 0; a number is the status; anything else is printed on stderr
    and the status is 1.
    """
    if exit.code is None:
        return 0, ""
    if isinstance(exit.code, int):
        return exit.code, ""
    return 1, f"{exit.code}\n"


def in_process(capsys: pytest.CaptureFixture[str], package: str, *args: str) -> Ran:
    """``PACKAGE ARGS`` run by ``PACKAGE.cli.main`` in this process, its output captured."""
    main = importlib.import_module(f"{package}.cli").main
    capsys.readouterr()  # what came before is not this command's
    try:
        status, ended = main(list(args)), ""
    except SystemExit as exit:  # argparse's misuse and --help, a missing extra
        status, ended = exit_status(exit)
    captured = capsys.readouterr()
    return Ran(status, captured.out, captured.err + ended)


def in_fresh_interpreter(
    package: str, *args: str, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """``python -m PACKAGE ARGS`` in a new interpreter, its output captured."""
    return subprocess.run(
        [sys.executable, "-m", package, *args],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        cwd=cwd,
    )
