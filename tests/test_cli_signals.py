"""SIGTERM, a closed pipe and Ctrl-C at start-up, in both packages.

In process where it can be (a real SIGTERM raised in this process, a stdout
whose reader is gone); in a fresh interpreter where it must be, written so
that timing cannot change the outcome: the test reads the child's stdout
through one reader and signals only once the child has printed, stderr goes
to a file, and the child is killed in a ``finally`` should an assertion fail.
"""

from __future__ import annotations

import csv
import importlib
import io
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

import npnn
import purenn
from purenn.support.startup import program
from tests.cli import Cli
from tests.parity import assert_same

PACKAGES = ["purenn", "npnn"]
TERMINATED = re.compile(
    r"^(?P<package>\w+) train: terminated \(SIGTERM\) after (?P<steps>\d+) of 100000 steps; "
    r"saved the weights and the error history of those (?P=steps) steps to (?P<net>.+); "
    r"history written to (?P<history>.+)$"
)


def history_errors(path: Path) -> list[float]:
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert rows[0] == ["iteration", "error"]
    return [float(e) for _, e in rows[1:]]


@pytest.mark.parametrize("package", PACKAGES)
def test_sigterm_keeps_what_was_reached_and_exits_143(package: str, tmp_path: Path) -> None:
    """A real SIGTERM mid-training: the checkpoint and history of the steps done, status 143."""
    net, history, err = tmp_path / "net.json", tmp_path / "h.csv", tmp_path / "stderr"
    args = ["train", "--n-iter", "100000", "--save", str(net), "--history", str(history)]
    with err.open("w", encoding="utf-8") as stderr:
        child = subprocess.Popen(
            [sys.executable, "-u", "-m", package, *args],
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
        )
    assert child.stdout is not None
    try:
        seen = 0
        while seen < 3:  # iterations 0, 10, 20 printed: training is under way
            line = child.stdout.readline()
            assert line, "the training ended before it was stopped"
            seen += line.startswith("iteration")
        child.send_signal(signal.SIGTERM)
        child.stdout.read()  # the same reader, to the end
        child.wait(timeout=120)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        child.stdout.close()
    assert child.returncode == 143
    text = err.read_text(encoding="utf-8")
    assert "Traceback" not in text
    match = TERMINATED.match(text.strip())
    assert match, text
    assert (match["package"], match["net"], match["history"]) == (package, str(net), str(history))
    steps = int(match["steps"])
    assert steps >= 21
    nn = purenn if package == "purenn" else npnn
    c = nn.load_checkpoint(net)
    X, t = nn.load_housing()
    result = nn.train(nn.apply_scale(X, nn.fit_scale(X)), t, n_iter=steps)
    assert_same("W1", result.weights.W1, c.weights.W1)
    assert c.errors == result.errors == history_errors(history)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["h.csv", "net.json", "stderr"]


@pytest.mark.parametrize("package", PACKAGES)
def test_sigterm_in_process_is_handled_like_ctrl_c(
    package: str, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SIGTERM raised at the third step: status 143, one line; the handler is put back after."""
    nn = purenn if package == "purenn" else npnn
    real_train = nn.train

    def terminated_train(*args: object, **kwargs: object) -> object:
        callback = kwargs["callback"]

        def at_three(iteration: int, error: float, weights: object) -> None:
            if iteration == 2:
                signal.raise_signal(signal.SIGTERM)
            callback(iteration, error, weights)  # type: ignore[operator]

        return real_train(*args, **{**kwargs, "callback": at_three})

    monkeypatch.setattr(nn, "train", terminated_train)
    before = signal.getsignal(signal.SIGTERM)
    done = cli(package, "train", "--n-iter", "50", "-q")
    assert signal.getsignal(signal.SIGTERM) == before
    assert done.returncode == 143
    assert done.stderr == (
        f"{package} train: terminated (SIGTERM) after 2 of 50 steps; "
        "nothing saved (train --save FILE keeps the weights reached)\n"
    )


def test_a_closed_pipe_stops_the_printing_not_the_work(tmp_path: Path) -> None:
    """``npnn train ... | head -3``: status 0, both files whole, no traceback.

    30000 steps print 3000 lines, about 120 kB, more than a pipe holds, so the child is
    still printing when the reader goes away, whatever the timing.
    """
    net, history, err = tmp_path / "net.json", tmp_path / "h.csv", tmp_path / "stderr"
    args = ["train", "--n-iter", "30000", "--save", str(net), "--history", str(history)]
    with err.open("w", encoding="utf-8") as stderr:
        child = subprocess.Popen(
            [sys.executable, "-m", "npnn", *args], stdout=subprocess.PIPE, stderr=stderr
        )
    assert child.stdout is not None
    try:
        head = [child.stdout.readline() for _ in range(3)]
        child.stdout.close()  # the reader goes away, as head does
        child.wait(timeout=300)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert head[0].startswith(b"npnn: 3-4-1 network")
    assert child.returncode == 0
    assert err.read_text(encoding="utf-8") == ""
    assert len(npnn.load_checkpoint(net).errors) == 30000
    assert len(history_errors(history)) == 30000


@pytest.mark.parametrize("package", PACKAGES)
def test_a_closed_pipe_in_process(
    package: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A stdout whose reader is gone after two lines: the rest unprinted, the file written."""
    main = importlib.import_module(f"{package}.cli").main

    class GoneAfterTwo(io.StringIO):
        lines = 0

        def write(self, text: str) -> int:
            if self.lines >= 2:
                raise BrokenPipeError(32, "Broken pipe")
            self.lines += text.count("\n")
            return super().write(text)

    stdout = GoneAfterTwo()
    monkeypatch.setattr(sys, "stdout", stdout)
    net = tmp_path / "net.json"
    assert main(["train", "--n-iter", "30", "--save", str(net)]) == 0
    assert stdout.getvalue().count("\n") == 2
    assert len(purenn.load_checkpoint(net).errors) == 30
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize("package", PACKAGES)
def test_ctrl_c_while_parsing_is_one_line(
    package: str, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An interrupt before the command starts: ``PACKAGE: interrupted``, status 130."""
    import argparse

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(argparse.ArgumentParser, "parse_args", interrupted)
    done = cli(package, "train")
    assert (done.returncode, done.stdout, done.stderr) == (130, "", f"{package}: interrupted\n")


@pytest.mark.parametrize("package", PACKAGES)
def test_ctrl_c_while_the_package_imports_is_one_line(package: str) -> None:
    """Ctrl-C as ``python -m PACKAGE`` starts, after the package's first line: no traceback.

    The child sets ``sys.argv`` as ``python -m`` has it while the package
    imports, imports the package, and raises KeyboardInterrupt at top level,
    as Ctrl-C during the rest of the start-up would; no timing is involved.
    """
    code = (
        "import sys\n"
        f"sys.argv[:] = ['-m']; sys.orig_argv = [sys.executable, '-m', {package!r}, 'train']\n"
        f"import {package}\n"
        "raise KeyboardInterrupt\n"
    )
    child = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert child.stderr == f"{package}: interrupted\n"
    assert child.returncode in (-signal.SIGINT, 128 + signal.SIGINT)


def test_the_start_up_hook_applies_to_the_command_lines_only() -> None:
    python = "/usr/bin/python3"
    assert program(["-m"], [python, "-m", "npnn", "train"]) == "npnn"
    assert program(["-m"], [python, "-X", "dev", "-mpurenn"]) == "purenn"
    assert program(["-m"], [python, "-m", "npnn.cli"]) == "npnn"
    assert program(["-m"], [python, "-m", "pytest"]) is None
    assert program(["/venv/bin/purenn", "train"], [python, "/venv/bin/purenn"]) == "purenn"
    assert program(["script.py", "-m", "npnn"], [python, "script.py", "-m", "npnn"]) is None
    assert program([], [python]) is None
