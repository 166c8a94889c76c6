"""``train --save``, ``predict`` and Ctrl-C, in both packages.

The commands run in this process through the ``cli`` fixture; Ctrl-C is a
real SIGINT sent to a trainer in a fresh interpreter.
"""

from __future__ import annotations

import contextlib
import csv
import gc
import io
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

import npnn
import purenn
from npnn.cli import main as npnn_main
from tests.cli import Cli
from tests.parity import assert_same

PACKAGES = ["purenn", "npnn"]
ROWS = (
    "PTRATIO,note,CRIM,TAX,MEDV\n15.3,a,0.00632,296,24\n17.8,b,0.02731,242,21.6\n18.7,,0.2,300,30\n"
)
RAW = [[0.00632, 296.0, 15.3], [0.02731, 242.0, 17.8], [0.2, 300.0, 18.7]]  # CRIM, TAX, PTRATIO


def predictions(text: str) -> list[float]:
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["predicted_MEDV"]
    return [float(value) for (value,) in rows[1:]]


@pytest.fixture(scope="module")
def saved(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A checkpoint of 20 steps, written by ``npnn train --exact --save``."""
    folder = tmp_path_factory.mktemp("saved")
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = npnn_main(["train", "--n-iter", "20", "--seed", "5", "-q", "--exact", "--save",
                            str(folder / "net.json")])  # fmt: skip
    assert status == 0, err.getvalue()
    assert out.getvalue().splitlines()[-1] == f"checkpoint written to {folder / 'net.json'}"
    (folder / "rows.csv").write_text(ROWS, encoding="utf-8")
    return folder


@pytest.mark.parametrize("package", PACKAGES)
def test_train_save_holds_the_run(package: str, tmp_path: Path, cli: Cli) -> None:
    """--save writes the weights train() returns, the maxima, the settings and every error."""
    path = tmp_path / "net.json"
    done = cli(package, "train", "--n-iter", "12", "--seed", "2", "--p", "0.5", "-q",
               "--save", str(path))  # fmt: skip
    assert done.returncode == 0, done.stderr
    nn = purenn if package == "purenn" else npnn
    c = nn.load_checkpoint(path)
    X, t = nn.load_housing()
    scale = nn.fit_scale(X)
    result = nn.train(nn.apply_scale(X, scale), t, n_iter=12, seed=2, p=0.5)
    assert_same("W1", result.weights.W1, c.weights.W1)
    assert_same("W2", result.weights.W2, c.weights.W2)
    assert_same("scale", scale, c.scale)
    assert c.errors == result.errors
    assert (c.n_iter, c.alpha, c.p, c.seed, c.exact, c.package) == (
        12, 1e-6, 0.5, 2, False, package,
    )  # fmt: skip
    assert (c.features, c.target) == (("CRIM", "TAX", "PTRATIO"), "MEDV")


@pytest.mark.parametrize("package", PACKAGES)
def test_predict_writes_csv_to_stdout_and_reports_on_stderr(
    package: str, saved: Path, cli: Cli
) -> None:
    """Columns in any order, extra ones ignored; the RMSE since the file has MEDV."""
    done = cli(package, "predict", str(saved / "net.json"), str(saved / "rows.csv"), "--exact")
    assert done.returncode == 0, done.stderr
    c = purenn.load_checkpoint(saved / "net.json")
    expected = purenn.predict_checkpoint(c, RAW)
    assert predictions(done.stdout) == [row[0] for row in expected]  # exact to the bit
    report = done.stderr.splitlines()
    assert report[0] == (
        f"{package}{' (exact mode)' if package == 'npnn' else ''}: predicted MEDV for 3 rows of "
        f"{saved / 'rows.csv'} with the 3-4-1 network of {saved / 'net.json'} "
        f"(trained by npnn, 20 steps)"
    )
    rmse = purenn.rmse(expected, [[24.0], [21.6], [30.0]])
    assert report[1] == f"RMSE {rmse:.4f} against the MEDV column (in its units)"


def test_both_packages_predict_the_same_bits(saved: Path, cli: Cli) -> None:
    """purenn, and npnn in exact mode, print the very same CSV; npnn's default mode is close."""
    args = ["predict", str(saved / "net.json"), str(saved / "rows.csv"), "-q"]
    pure, exact, default = cli("purenn", *args), cli("npnn", *args, "--exact"), cli("npnn", *args)
    assert pure.returncode == exact.returncode == default.returncode == 0
    assert pure.stdout == exact.stdout
    assert pure.stderr == exact.stderr == ""
    for a, b in zip(predictions(pure.stdout), predictions(default.stdout)):
        assert abs(a - b) <= 1e-12 * abs(a)


@pytest.mark.parametrize("package", PACKAGES)
def test_predict_output_file_and_no_target(
    package: str, saved: Path, tmp_path: Path, cli: Cli
) -> None:
    """--output FILE: the CSV goes there and the report to stdout; no target, no RMSE."""
    rows = tmp_path / "no_target.csv"
    rows.write_text("CRIM,TAX,PTRATIO\n0.00632,296,15.3\n", encoding="utf-8")
    out = tmp_path / "y.csv"
    done = cli(package, "predict", str(saved / "net.json"), str(rows), "--output", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert len(predictions(out.read_text(encoding="utf-8"))) == 1
    lines = done.stdout.splitlines()
    assert len(lines) == 2
    assert lines[-1] == f"predictions written to {out}"
    assert "RMSE" not in done.stdout


PREDICT_MISUSE = {
    "missing-column": ("CRIM,PTRATIO\n1,2\n", 2, "no column 'TAX'"),
    "not-a-number": ("CRIM,TAX,PTRATIO\n1,2,x\n", 2,
                     "line 2, column 3 ('PTRATIO'): 'x' is not a number"),
    "ragged-row": ("CRIM,TAX,PTRATIO\n1,2,3\n1,2\n", 2, "line 3: 2 fields but the header names 3"),
    "empty-file": ("", 2, "is empty; expected a header line"),
}  # fmt: skip


@pytest.mark.parametrize(("text", "status", "words"), PREDICT_MISUSE.values(),
                         ids=PREDICT_MISUSE.keys())  # fmt: skip
@pytest.mark.parametrize("package", PACKAGES)
def test_predict_on_a_bad_csv_is_one_line(
    package: str, saved: Path, tmp_path: Path, text: str, status: int, words: str, cli: Cli
) -> None:
    """A bad CSV: status 2, one line on stderr naming the file, line and column; no output."""
    rows = tmp_path / "bad.csv"
    rows.write_text(text, encoding="utf-8")
    done = cli(package, "predict", str(saved / "net.json"), str(rows))
    assert done.returncode == status
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1
    assert done.stderr.startswith(f"{package}: error: load_csv: {rows}")
    assert words in done.stderr


@pytest.mark.parametrize("package", PACKAGES)
def test_predict_with_a_bad_checkpoint_is_one_line(package: str, tmp_path: Path, cli: Cli) -> None:
    """A corrupt checkpoint: status 2, the loader's message; a missing one: status 1."""
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "twinnets checkpoint", "version": 9}', encoding="utf-8")
    rows = tmp_path / "rows.csv"
    rows.write_text(ROWS, encoding="utf-8")
    done = cli(package, "predict", str(bad), str(rows))
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        f"{package}: error: load_checkpoint: {bad}: version 9 is not one this package reads "
        "(it reads versions 1, 2); a newer release may read it\n"
    )
    missing = cli(package, "predict", str(tmp_path / "none.json"), str(rows))
    assert missing.returncode == 1
    assert missing.stderr.count("\n") == 1
    assert "No such file" in missing.stderr


def test_save_into_a_folder_is_refused_before_training(tmp_path: Path, cli: Cli) -> None:
    """--save naming a folder, or a missing folder: status 2 at once, nothing trained."""
    for target in (tmp_path, tmp_path / "no" / "such.json"):
        done = cli("purenn", "train", "--n-iter", "100000", "--save", str(target))
        assert done.returncode == 2
        assert done.stdout == ""
        assert done.stderr.startswith("purenn: error: --save: ")


INTERRUPTED = re.compile(
    r"^(?P<package>\w+) train: interrupted after (?P<steps>\d+) of 100000 steps; saved the weights "
    r"and the error history of those (?P=steps) steps to (?P<path>.+)$"
)


@pytest.mark.parametrize("package", PACKAGES)
def test_ctrl_c_saves_the_weights_reached_and_exits_130(package: str, tmp_path: Path) -> None:
    """SIGINT mid-training: status 130, a message on stderr, a checkpoint of the steps done.

    The saved weights are those train() reaches after exactly that many steps,
    and the history holds one error per step.
    """
    path = tmp_path / "net.json"
    trainer = subprocess.Popen(
        [sys.executable, "-u", "-m", package, "train", "--n-iter", "100000", "--save", str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert trainer.stdout is not None
    assert trainer.stderr is not None
    try:
        printed: list[str] = []
        while len([line for line in printed if line.startswith("iteration")]) < 3:  # 0, 10, 20
            line = trainer.stdout.readline()
            assert line, "the training ended before it was interrupted"
            printed.append(line)
        trainer.send_signal(signal.SIGINT)
        # One reader for stdout to the end: lines that readline() already took
        # into its buffer are read from that buffer, not lost under it.
        out = trainer.stdout.read()
        err = trainer.stderr.read()
        trainer.wait(timeout=120)
    finally:
        if trainer.poll() is None:  # an assertion failed above: do not leave it running
            trainer.kill()
            trainer.wait()
        trainer.stdout.close()
        trainer.stderr.close()
    assert trainer.returncode == 130
    assert "Traceback" not in err
    match = INTERRUPTED.match(err.strip())
    assert match, err
    assert (match["package"], match["path"]) == (package, str(path))
    steps = int(match["steps"])
    assert steps >= 21  # at least the steps whose lines were printed
    nn = purenn if package == "purenn" else npnn
    c = nn.load_checkpoint(path)
    assert len(c.errors) == steps
    assert c.n_iter == 100000
    X, t = nn.load_housing()
    result = nn.train(nn.apply_scale(X, nn.fit_scale(X)), t, n_iter=steps)
    assert_same("W1", result.weights.W1, c.weights.W1)
    assert_same("W2", result.weights.W2, c.weights.W2)
    assert c.errors == result.errors
    assert f"iteration {10 * ((steps - 1) // 10):5d}" in "".join(printed) + out


def test_ctrl_c_without_save_says_nothing_was_saved(capsys: pytest.CaptureFixture[str]) -> None:
    """An interrupt at the third step, in process: status 130, and the collector back on."""
    from purenn.cli import main

    calls = []
    real_train = purenn.train

    def interrupted_train(*args: object, **kwargs: object) -> object:
        callback = kwargs["callback"]

        def stop_at_three(iteration: int, error: float, weights: object) -> None:
            calls.append(iteration)
            if iteration == 2:
                raise KeyboardInterrupt
            callback(iteration, error, weights)  # type: ignore[operator]

        return real_train(*args, **{**kwargs, "callback": stop_at_three})  # type: ignore[arg-type]

    assert gc.isenabled()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(purenn, "train", interrupted_train)
        assert main(["train", "--n-iter", "50", "-q"]) == 130
    assert gc.isenabled()  # train's finally clause turned the cycle collector back on
    captured = capsys.readouterr()
    assert captured.err == (
        "purenn train: interrupted after 2 of 50 steps; "
        "nothing saved (train --save FILE keeps the weights reached)\n"
    )
    assert calls == [0, 1, 2]
