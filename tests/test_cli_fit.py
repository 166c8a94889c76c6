"""The ``fit`` command, in both packages, run in this process (the ``cli`` fixture).

``python -m purenn fit`` with no option is the write-up's run; ``--data
moons`` trains the deeper classification example, which must reach the
stated accuracy: at least 99% of the held-out points (measured: 100%).
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from typing import Any

import pytest

import npnn
import npnn.mlp
import npnn.moons
import purenn
import purenn.mlp
import purenn.moons
from purenn.mlp import Config
from purenn.optim import Optimizer
from tests.cli import Cli

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
EPOCH_LINE = re.compile(r"^epoch +(\d+) +loss +(\S+)(?: +accuracy +(\S+)%)?$")
STATED_ACCURACY = 0.99
"""The classification example's promise: at least this share of held-out points right."""
HAS_MATPLOTLIB = importlib.util.find_spec("matplotlib") is not None


def fit(cli: Cli, package: Any, *args: str) -> str:
    """What ``PACKAGE fit ARGS`` prints, having checked that it succeeded."""
    done = cli(package.__name__, "fit", *args)
    assert done.returncode == 0, done.stderr
    return done.stdout


def value(out: str, label: str) -> float:
    """The number after ``label`` on the line that starts with it (a trailing % is dropped)."""
    [line] = [line for line in out.splitlines() if line.startswith(label)]
    return float(line[len(label) :].split()[0].rstrip("%"))


def epochs(out: str) -> list[tuple[int, float]]:
    return [(int(m[1]), float(m[2])) for m in map(EPOCH_LINE.match, out.splitlines()) if m]


def housing() -> tuple[Any, Any]:
    X, t = purenn.load_housing()
    return purenn.apply_scale(X, purenn.fit_scale(X)), t


def test_housing_defaults_are_the_write_up_s_run(cli: Cli) -> None:
    """With no option, fit prints train's errors (every 10th epoch and the last), then RMSE."""
    out = fit(cli, purenn, "--epochs", "25")
    X0, t = housing()
    errors = purenn.train(X0, t, n_iter=25).errors
    printed = epochs(out)
    assert [e for e, _ in printed] == [0, 10, 20, 24]
    for epoch, loss in printed:
        assert loss == float(f"{errors[epoch]:.8g}")
    result = purenn.mlp.fit(X0, t, Config((3, 4, 1)), n_epochs=25)
    y = purenn.mlp.predict(Config((3, 4, 1)), result.params, X0)
    assert value(out, "final loss") == float(f"{purenn.mlp.loss(Config((3, 4, 1)), y, t):.8g}")
    assert abs(value(out, "RMSE") - purenn.rmse(y, t)) <= 0.5e-4
    assert "3-4-1 network (hidden relu, output identity, no biases, init uniform)" in out
    assert "DropConnect p 0.2; full batch (506 rows, in order); gd alpha 1e-06" in out


def test_npnn_exact_prints_what_purenn_prints(cli: Cli) -> None:
    """The same command in both packages: with --exact, the same report, digit for digit."""
    args = ["--data", "moons", "--epochs", "12", "--n-points", "60", "--dropout", "units"]
    args += ["--p", "0.1", "--print-every", "3"]
    ours, theirs = cli("purenn", "fit", *args), cli("npnn", "fit", *args, "--exact")
    assert ours.returncode == theirs.returncode == 0, ours.stderr + theirs.stderr
    assert ours.stdout.splitlines()[0].startswith("purenn: ")
    assert theirs.stdout.splitlines()[0].startswith("npnn (exact mode): ")
    assert ours.stdout.splitlines()[1:] == theirs.stdout.splitlines()[1:]
    assert len(epochs(ours.stdout)) == 5  # epochs 0, 3, 6, 9 and the last, 11


def test_moons_reach_the_stated_accuracy(cli: Cli) -> None:
    """npnn, every moons default (100 epochs): at least 99% of the held-out points right."""
    out = fit(cli, npnn, "--data", "moons", "-q")
    assert value(out, "test accuracy") >= 100 * STATED_ACCURACY
    assert value(out, "accuracy") >= 100 * STATED_ACCURACY
    assert "2-16-16-1 network (hidden relu, output identity, biases, init he)" in out
    assert "400 training points and 400 held out (noise 0.1, data seed 1)" in out
    assert epochs(out) == []  # -q: only the summary


def test_purenn_moons_reach_the_stated_accuracy_in_30_epochs(
    cli: Cli,
) -> None:
    """purenn trains the same example; 30 epochs are enough to pass 99% on held-out points."""
    out = fit(cli, purenn, "--data", "moons", "--epochs", "30")
    assert value(out, "test accuracy") >= 100 * STATED_ACCURACY
    printed = epochs(out)
    assert [e for e, _ in printed] == [0, 10, 20, 29]
    assert printed[-1][1] < printed[0][1]  # the loss fell


@pytest.mark.slow
def test_moons_defaults_agree_in_both_packages(cli: Cli) -> None:
    """The whole default moons run: purenn and npnn --exact print the same, at 100% held out."""
    ours = cli("purenn", "fit", "--data", "moons")
    theirs = cli("npnn", "fit", "--data", "moons", "--exact")
    assert ours.returncode == theirs.returncode == 0
    assert ours.stdout.splitlines()[1:] == theirs.stdout.splitlines()[1:]
    assert value(ours.stdout, "test accuracy") >= 100 * STATED_ACCURACY


def test_a_linear_model_does_not_reach_it(cli: Cli) -> None:
    """--hidden '': logistic regression stays below 90% on the held-out moons."""
    out = fit(cli, npnn, "--data", "moons", "--hidden", "", "-q")
    assert "2-1 network (output identity" in out
    assert value(out, "test accuracy") < 90.0


def test_options_reach_the_library(cli: Cli) -> None:
    """Every setting of the network and the training changes the run as the library's does."""
    args = ["--hidden", "5,3", "--activation", "tanh", "--output", "identity", "--loss", "mse"]
    args += ["--bias", "--init", "glorot", "--dropout", "units", "--p", "0.1"]
    args += ["--batch-size", "50", "--optimizer", "momentum", "--alpha", "0.01"]
    args += ["--momentum", "0.5", "--epochs", "3", "--seed", "4", "--features", "RM,LSTAT"]
    out = fit(cli, purenn, *args)
    X, t = purenn.load_housing(["RM", "LSTAT"])
    X0 = purenn.apply_scale(X, purenn.fit_scale(X))
    config = Config((2, 5, 3, 1), activation="tanh", loss="mse", bias=True, init="glorot",
                    dropout="units", p=0.1)  # fmt: skip
    result = purenn.mlp.fit(
        X0, t, config, optimizer=Optimizer("momentum", 0.01, momentum=0.5), batch_size=50,
        n_epochs=3, seed=4,
    )  # fmt: skip
    loss = purenn.mlp.loss(config, purenn.mlp.predict(config, result.params, X0), t)
    assert value(out, "final loss") == float(f"{loss:.8g}")
    assert "unit dropout p 0.1; batches of 50, shuffled every epoch; momentum alpha 0.01" in out


def test_adam_settings_reach_the_library(cli: Cli) -> None:
    """--beta1, --beta2 and --eps are Adam's."""
    args = ["--data", "moons", "--n-points", "40", "--epochs", "2", "-q"]
    out = fit(cli, npnn, *args, "--beta1", "0.5", "--beta2", "0.9", "--eps", "1e-6")
    X, t = npnn.moons.make_moons(npnn.generator(1), 40)
    config = Config((2, 16, 16, 1), loss="cross_entropy", bias=True, init="he", p=0.0)
    optimizer = Optimizer("adam", 0.01, beta1=0.5, beta2=0.9, eps=1e-6)
    result = npnn.mlp.fit(X, t, config, optimizer=optimizer, batch_size=32, n_epochs=2)
    loss = npnn.mlp.loss(config, npnn.mlp.predict(config, result.params, X), t)
    assert value(out, "final loss") == float(f"{loss:.8g}")
    assert "adam alpha 0.01 (beta1 0.5, beta2 0.9, eps 1e-06)" in out


@pytest.mark.skipif(not HAS_MATPLOTLIB, reason="matplotlib is not installed")
@pytest.mark.parametrize("data", ["moons", "housing"])
def test_plot_writes_a_png(tmp_path: Path, cli: Cli, data: str) -> None:
    """--plot FILE writes a PNG: the decision boundary (moons) or the loss per step (housing)."""
    path = tmp_path / f"{data}.png"
    out = fit(cli, npnn, "--data", data, "--epochs", "3", "-q", "--plot", str(path))
    assert path.read_bytes()[:8] == PNG_SIGNATURE
    assert f"plot written to {path}" in out


def test_plot_without_matplotlib_says_which_extra(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without matplotlib, --plot prints one line naming the plot extra, before training."""
    path = tmp_path / "moons.png"
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # "import matplotlib" now fails
    done = cli("purenn", "fit", "--data", "moons", "--plot", str(path))
    assert done.returncode != 0
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1
    assert "[plot]" in done.stderr
    assert "matplotlib" in done.stderr
    assert "Traceback" not in done.stderr
    assert not path.exists()


MISUSE = {
    "unknown-activation": (["--activation", "softmax"],
                           "Config: unknown activation 'softmax'; choose one of relu, tanh"),
    "unknown-loss": (["--loss", "hinge"], "Config: unknown loss 'hinge'"),
    "unknown-optimizer": (["--optimizer", "sgd"], "Optimizer: unknown optimizer 'sgd'"),
    "unknown-dropout": (["--dropout", "weights"], "Config: unknown dropout 'weights'"),
    "batch-size-zero": (["--batch-size", "0"], "fit: batch_size must be at least 1, got 0"),
    "p-one": (["--p", "1"], "Config: p must be in [0, 1), got 1.0"),
    "hidden-zero": (["--hidden", "4,0"], "Config: sizes[2] must be at least 1, got 0"),
    "hidden-not-numbers": (["--hidden", "4,x"], "expected comma-separated layer sizes"),
    "cross-entropy-on-housing": (["--loss", "cross_entropy"],
                                 "fit: t[0][0] is 24.0; class labels must be 0 or 1"),
    "moons-option-on-housing": (["--noise", "0.2"], "fit: --noise applies to --data moons only"),
    "housing-option-on-moons": (["--data", "moons", "--features", "RM"],
                                "fit: --features applies to --data housing only"),
    "unknown-data": (["--data", "iris"], "invalid choice: 'iris'"),
    "epochs-negative": (["--epochs", "-1"], "fit: n_epochs must be at least 0, got -1"),
    "print-every-zero": (["--print-every", "0"], "fit: print_every must be at least 1, got 0"),
    "alpha-zero": (["--alpha", "0"], "Optimizer: alpha must be positive, got 0.0"),
    "momentum-one": (["--optimizer", "momentum", "--momentum", "1"],
                     "Optimizer: momentum must be in [0, 1), got 1.0"),
    "plot-in-a-missing-folder": (["--plot", "no/such/folder/p.png"], "--plot: folder"),
}  # fmt: skip


@pytest.mark.parametrize("package", ["purenn", "npnn"])
@pytest.mark.parametrize(("args", "message"), MISUSE.values(), ids=MISUSE.keys())
def test_misuse_is_one_line_and_status_2(
    cli: Cli, package: str, args: list[str], message: str
) -> None:
    """Exit status 2, one line on stderr naming the program and what is wrong, nothing on stdout."""
    done = cli(package, "fit", *args)  # argparse's own misuse too: the same status, one line
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1
    assert done.stderr.startswith(f"{package}")
    assert message in done.stderr
    assert "Traceback" not in done.stderr


OPTIONS = [
    "--data", "--hidden", "--activation", "--output", "--loss", "--bias", "--no-bias", "--init",
    "--dropout", "--p", "--batch-size", "--optimizer", "--alpha", "--momentum", "--beta1",
    "--beta2", "--eps", "--epochs", "--seed", "--features", "--target", "--n-points", "--noise",
    "--data-seed", "--exact", "--print-every", "--quiet", "-q", "--plot", "--save",
]  # fmt: skip


def test_help_mentions_every_option(cli: Cli) -> None:
    """``fit --help`` documents every option, with each data set's defaults, and no other."""
    done = cli("purenn", "fit", "--help")
    assert done.returncode == 0
    for option in OPTIONS:
        assert re.search(rf"(^|[\s\[,]){re.escape(option)}\b", done.stdout), option
    found = set(re.findall(r"(?<![\w-])(--?[a-z][\w-]*)", done.stdout)) - {"-h", "--help"}
    assert found == set(OPTIONS)
    text = " ".join(done.stdout.split())  # as argparse wraps it, on one line
    assert "[housing: 4; moons: 16,16]" in text
    assert "[housing: every row; moons: 32]" in text
    assert "[housing: off; moons: on]" in text
    assert "of the hidden layers: relu, tanh, sigmoid, identity [relu]" in text
