"""The command line's ``train``: what it prints and writes, its options, its misuse.

Each command runs in this process through the ``cli`` fixture; tests/test_cli_smoke.py
runs it once in a fresh interpreter.
"""

from __future__ import annotations

import csv
import importlib.util
import re
import sys
from pathlib import Path
from typing import Any

import pytest

from purenn import Matrix, apply_scale, fit_scale, load_housing, predict, rmse, train
from purenn.cli import main
from tests.cli import Cli
from tests.parity import bits

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
ITERATION_LINE = re.compile(r"^iteration +(\d+) +error +(\S+)$")


def summary_value(out: str, label: str) -> float:
    """The number after ``label`` on the summary line that starts with it."""
    [line] = [line for line in out.splitlines() if line.startswith(label)]
    return float(line[len(label) :].split()[0])


def scaled_housing(
    features: list[str] | None = None, target: str = "MEDV"
) -> tuple[Matrix, Matrix]:
    X, t = load_housing(features or ["CRIM", "TAX", "PTRATIO"], target)
    return apply_scale(X, fit_scale(X)), t


# The printed numbers have 4 decimals: they agree with the library to half a unit there.
HALF_LAST_DIGIT = 0.5e-4 + 1e-9


def test_train_prints_every_tenth_error_and_a_summary(cli: Cli) -> None:
    """The error at iterations 0, 10, 20, then first and final error and RMSE, as computed."""
    done = cli("purenn", "train", "--n-iter", "25")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    X0, t = scaled_housing()
    result = train(X0, t, n_iter=25)
    printed = [ITERATION_LINE.match(line) for line in done.stdout.splitlines()]
    rows = [(int(m[1]), float(m[2])) for m in printed if m]
    assert [i for i, _ in rows] == [0, 10, 20]
    for i, error in rows:
        assert abs(error - result.errors[i]) <= HALF_LAST_DIGIT
    assert abs(summary_value(done.stdout, "first error") - result.errors[0]) <= HALF_LAST_DIGIT
    assert abs(summary_value(done.stdout, "final error") - result.errors[-1]) <= HALF_LAST_DIGIT
    y = predict(X0, result.weights.W1, result.weights.W2)
    assert abs(summary_value(done.stdout, "RMSE") - rmse(y, t)) <= HALF_LAST_DIGIT
    assert "(iteration 24)" in done.stdout
    assert "$1000s" in done.stdout


def test_quiet_prints_only_the_summary(cli: Cli) -> None:
    """--quiet: no per-iteration lines, the summary still there."""
    done = cli("purenn", "train", "--n-iter", "25", "--quiet")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert not any(ITERATION_LINE.match(line) for line in lines)
    assert [line.split()[0] for line in lines[-3:]] == ["first", "final", "RMSE"]
    loud = cli("purenn", "train", "--n-iter", "25").stdout.splitlines()
    assert lines == [line for line in loud if not ITERATION_LINE.match(line)]


def test_history_is_every_error_exactly(tmp_path: Path, cli: Cli) -> None:
    """--history FILE: a CSV 'iteration,error' with n_iter rows, equal to train()'s errors."""
    path = tmp_path / "history.csv"
    done = cli("purenn", "train", "--n-iter", "12", "--seed", "2", "-q", "--history", str(path))
    assert done.returncode == 0, done.stderr
    with path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["iteration", "error"]
    X0, t = scaled_housing()
    errors = train(X0, t, n_iter=12, seed=2).errors
    assert [int(i) for i, _ in rows[1:]] == list(range(12))
    assert bits([float(e) for _, e in rows[1:]]) == bits(errors)


@pytest.mark.skipif(
    importlib.util.find_spec("matplotlib") is None, reason="matplotlib is not installed"
)
def test_plot_writes_a_png(tmp_path: Path, cli: Cli) -> None:
    """--plot FILE writes a PNG image."""
    path = tmp_path / "errors.png"
    done = cli("purenn", "train", "--n-iter", "5", "-q", "--plot", str(path))
    assert done.returncode == 0, done.stderr
    assert path.read_bytes()[:8] == PNG_SIGNATURE


def test_plot_without_matplotlib_says_which_extra(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With matplotlib unimportable, --plot prints one line naming the plot extra."""
    path = tmp_path / "errors.png"
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # "import matplotlib" now fails
    done = cli("purenn", "train", "--n-iter", "2", "--plot", str(path))
    assert done.returncode != 0
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1
    assert "[plot]" in done.stderr
    assert "matplotlib" in done.stderr
    assert "Traceback" not in done.stderr
    assert not path.exists()


MISUSE = {
    "unknown-option": ["train", "--bogus"],
    "no-command": [],
    "unknown-command": ["fly"],
    "n-h-zero": ["train", "--n-h", "0"],
    "n-iter-negative": ["train", "--n-iter", "-1"],
    "n-iter-not-a-number": ["train", "--n-iter", "ten"],
    "alpha-nan": ["train", "--alpha", "nan"],
    "alpha-zero": ["train", "--alpha", "0"],
    "p-one": ["train", "--p", "1"],
    "unknown-feature": ["train", "--features", "NOPE"],
    "unknown-target": ["train", "--target", "PRICE"],
    "no-features": ["train", "--features", ","],
    "history-in-a-missing-folder": ["train", "--history", "no/such/folder/h.csv"],
}


@pytest.mark.parametrize("args", MISUSE.values(), ids=MISUSE.keys())
def test_misuse_is_one_line_and_status_2(args: list[str], cli: Cli) -> None:
    """Exit status 2, exactly one line on stderr naming the program, nothing else, no traceback."""
    done = cli("purenn", *args)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1
    assert done.stderr.startswith("purenn")
    assert "error" in done.stderr
    assert "Traceback" not in done.stderr


def test_misuse_message_says_what_is_wrong(cli: Cli) -> None:
    """The one line carries the library's message, so it says what was given."""
    assert "p must be in [0, 1), got 1.0" in cli("purenn", "train", "--p", "1").stderr
    assert "unknown column 'NOPE'" in cli("purenn", "train", "--features", "NOPE").stderr
    assert "alpha must be finite, got nan" in cli("purenn", "train", "--alpha", "nan").stderr


OPTIONS = [
    "--seed",
    "--n-h",
    "--n-iter",
    "--alpha",
    "--p",
    "--features",
    "--target",
    "--exact",
    "--quiet",
    "-q",
    "--history",
    "--plot",
    "--save",
]


def test_help_mentions_every_option(cli: Cli) -> None:
    """``train --help`` documents every option, and nothing the parser has is left out."""
    done = cli("purenn", "train", "--help")
    assert done.returncode == 0
    for option in OPTIONS:
        assert re.search(rf"(^|[\s\[,]){re.escape(option)}\b", done.stdout), option
    # Every option the parser knows is one the list above expects.
    assert set(re.findall(r"(?<![\w-])(--?[a-z][\w-]*)", done.stdout)) - {"-h", "--help"} == set(
        OPTIONS
    )
    top = cli("purenn", "--help")
    assert top.returncode == 0
    assert "train" in top.stdout


@pytest.mark.parametrize(
    ("args", "settings", "features", "target"),
    [
        (["--seed", "7"], {"seed": 7}, None, "MEDV"),
        (["--n-h", "2"], {"n_h": 2}, None, "MEDV"),
        (["--alpha", "3e-6"], {"alpha": 3e-6}, None, "MEDV"),
        (["--p", "0"], {"p": 0.0}, None, "MEDV"),
        (["--p", "0.5"], {"p": 0.5}, None, "MEDV"),
        (["--features", "RM,LSTAT"], {}, ["RM", "LSTAT"], "MEDV"),
        (["--features", "RM", "--target", "LSTAT"], {}, ["RM"], "LSTAT"),
    ],
)
def test_options_reach_the_training(
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    settings: dict[str, Any],
    features: list[str] | None,
    target: str,
) -> None:
    """Each option changes the run exactly as the same keyword of train() does."""
    assert main(["train", "--n-iter", "3", "-q", *args]) == 0
    out = capsys.readouterr().out
    X0, t = scaled_housing(features, target)
    result = train(X0, t, n_iter=3, **settings)
    assert abs(summary_value(out, "first error") - result.errors[0]) <= HALF_LAST_DIGIT
    assert abs(summary_value(out, "final error") - result.errors[-1]) <= HALF_LAST_DIGIT
    default = train(*scaled_housing(), n_iter=3)
    assert result.errors != default.errors  # the option made a difference
