"""Each command once from the shell: ``python -m purenn ...`` and ``python -m npnn ...``.

Every other command-line test calls ``main(argv)`` in this process (the
``cli`` fixture). Here each command runs as a user runs it, in a fresh
interpreter, and must exit 0 and print exactly what ``main`` prints in
process: the module's entry point adds nothing and loses nothing. The
commands alternate between the two packages, so both entry points run.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from purenn.cli import COMMANDS
from tests.cli import Cli, in_fresh_interpreter

ROWS = "CRIM,TAX,PTRATIO,MEDV\n0.00632,296,15.3,24\n0.02731,242,17.8,21.6\n"

SMOKE = {
    "train": ("purenn", ["train", "--n-iter", "12", "--seed", "1"]),
    "predict": ("npnn", ["predict", "{net}", "{rows}", "--exact"]),
    "evaluate": ("purenn", ["evaluate", "--n-iter", "8", "--seed", "2"]),
    "cv": ("npnn", ["cv", "--n-iter", "5", "--k", "3", "--json"]),
    "baseline": ("purenn", ["baseline", "--seed", "3", "--json"]),
    "tune": ("npnn", ["tune", "--alpha", "1e-6,1e-5", "--n-h", "2", "--p", "0", "--n-iter", "4",
                      "--k", "2"]),
    "fit": ("purenn", ["fit", "--data", "moons", "--epochs", "3", "--n-points", "40"]),
    "parity": ("npnn", ["parity", "--n-iter", "3"]),
}  # fmt: skip
"""For each command: the package that runs it, and its arguments."""


def test_every_command_has_its_smoke_test() -> None:
    """The table names each command of both packages once (npnn's parity included)."""
    assert set(SMOKE) == {*COMMANDS, "parity"}


@pytest.mark.parametrize("command", SMOKE)
def test_the_command_runs_from_the_shell(command: str, cli: Cli, tmp_path: Path) -> None:
    """Status 0, and the same stdout and stderr as ``main`` in this process."""
    package, template = SMOKE[command]
    net, rows = tmp_path / "net.json", tmp_path / "rows.csv"
    if command == "predict":
        assert cli("purenn", "train", "--n-iter", "5", "-q", "--save", str(net)).returncode == 0
        rows.write_text(ROWS, encoding="utf-8")
    args = [arg.format(net=net, rows=rows) for arg in template]
    shell = in_fresh_interpreter(package, *args)
    assert shell.returncode == 0, shell.stderr
    assert shell.stdout != ""
    here = cli(package, *args)
    assert (shell.returncode, shell.stdout, shell.stderr) == (
        here.returncode,
        here.stdout,
        here.stderr,
    )
