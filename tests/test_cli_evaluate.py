"""The evaluation commands end to end: ``evaluate``, ``cv``, ``baseline``, ``tune``.

Each runs in this process (the ``cli`` fixture) for both packages. ``--json`` prints one
JSON object and nothing else; its numbers are the library's, to the bit;
npnn in exact mode prints what purenn prints. Progress goes to stderr only
when stderr is a terminal; misuse is one line on stderr and status 2.
"""

from __future__ import annotations

import inspect
import io
import json
import re
import sys
from typing import Any

import numpy as np
import pytest

import npnn
import purenn
from npnn.cli import main as npnn_main
from purenn.cli import main as purenn_main
from purenn.support.settings import TUNE_GRID as GRID
from tests.cli import Cli

PACKAGES = ["purenn", "npnn"]

# Small runs: a few steps, few folds.
QUICK = {
    "evaluate": ["--n-iter", "8", "--seed", "2"],
    "cv": ["--n-iter", "5", "--k", "3", "--seed", "1"],
    "baseline": ["--seed", "3", "--test-fraction", "0.3"],
    "tune": ["--alpha", "1e-6,1e-5", "--n-h", "2,4", "--p", "0", "--n-iter", "4", "--k", "2"],
}


def run_json(cli: Cli, package: str, command: str, *extra: str) -> dict[str, Any]:
    done = cli(package, command, *QUICK[command], *extra, "--json")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""  # not a terminal (captured): no progress
    report = json.loads(done.stdout)  # the whole of stdout is one JSON value
    assert isinstance(report, dict)
    return report


@pytest.mark.parametrize("package", PACKAGES)
def test_evaluate_json_is_the_library_s_numbers(package: str, cli: Cli) -> None:
    report = run_json(cli, package, "evaluate")
    nn = purenn if package == "purenn" else npnn
    X, t = nn.load_housing()
    network = nn.holdout(X, t, seed=2, n_iter=8)
    linear = nn.holdout_linear(X, t, seed=2)
    assert report["command"] == "evaluate"
    assert report["package"] == package
    assert report["rows"] == {"train": 405, "test": 101}
    assert report["test_rows"] == [int(i) for i in network.split.test_rows]
    assert report["network"]["test"] == {
        "rows": 101,
        "loss": network.test.loss,
        "rmse": network.test.rmse,
    }
    assert report["network"]["n_iter"] == 8
    assert report["linear"]["test"]["rmse"] == linear.test.rmse
    assert report["linear"]["train"]["rows"] == 405
    assert set(report) >= {"linear_no_intercept", "features", "target", "seed", "units"}


@pytest.mark.parametrize("package", PACKAGES)
def test_cv_json_has_every_fold_and_the_summary(package: str, cli: Cli) -> None:
    report = run_json(cli, package, "cv")
    nn = purenn if package == "purenn" else npnn
    X, t = nn.load_housing()
    result = nn.cross_validate(X, t, k=3, seed=1, n_iter=5)
    network = report["network"]
    assert [f["fold"] for f in network["folds"]] == [0, 1, 2]
    assert [f["rmse"] for f in network["folds"]] == [s.rmse for s in result.scores]
    assert [f["rows"] for f in network["folds"]] == [168, 169, 169]
    assert network["mean"] == {"loss": result.mean_loss, "rmse": result.mean_rmse}
    assert network["sd"] == {"loss": result.sd_loss, "rmse": result.sd_rmse}
    assert "sample standard deviation" in report["spread"]
    linear = nn.cross_validate_linear(X, t, k=3, seed=1, intercept=False)
    assert report["linear_no_intercept"]["mean"]["rmse"] == linear.mean_rmse


@pytest.mark.parametrize("package", PACKAGES)
def test_baseline_json_has_the_weights_in_both_units(package: str, cli: Cli) -> None:
    report = run_json(cli, package, "baseline")
    nn = purenn if package == "purenn" else npnn
    X, t = nn.load_housing()
    result = nn.holdout_linear(X, t, seed=3, test_fraction=0.3)
    linear = report["linear"]
    assert linear["intercept"] == result.model.b
    assert list(linear["weights"]) == ["CRIM", "TAX", "PTRATIO"]
    assert list(linear["weights"].values()) == [float(v) for v in np.ravel(result.model.w)]
    for feature, scale in report["scale"].items():
        assert linear["weights_per_unit"][feature] == linear["weights"][feature] / scale
    assert report["linear_no_intercept"]["intercept"] is None
    assert report["linear"]["test"]["rmse"] == result.test.rmse
    expected = "Householder QR" if package == "purenn" else "numpy's lstsq"
    assert report["solver"] == expected


@pytest.mark.parametrize("package", PACKAGES)
def test_tune_json_has_the_table_and_the_best(package: str, cli: Cli) -> None:
    report = run_json(cli, package, "tune")
    trials = report["trials"]
    assert [(tr["alpha"], tr["n_h"]) for tr in trials] == [
        (1e-6, 2),
        (1e-6, 4),
        (1e-5, 2),
        (1e-5, 4),
    ]
    best = min(trials, key=lambda tr: tr["mean"]["rmse"])
    assert best["rank"] == 1
    assert report["best"]["mean"] == best["mean"]
    assert {k: report["best"][k] for k in ("alpha", "n_h", "p", "n_iter")} == {
        k: best[k] for k in ("alpha", "n_h", "p", "n_iter")
    }
    assert sorted(tr["rank"] for tr in trials) == [1, 2, 3, 4]
    assert report["grid"] == {"alpha": [1e-6, 1e-5], "n_h": [2, 4], "p": [0.0], "n_iter": [4]}


def test_a_diverged_setting_is_null_in_json(cli: Cli) -> None:
    done = cli(
        "npnn", "tune", "--alpha", "1e300,1e-6", "--n-h", "2", "--p", "0", "--n-iter", "2",
        "--k", "2", "--json",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    trials = json.loads(done.stdout)["trials"]
    assert trials[0]["diverged"] is True
    assert (trials[0]["mean"], trials[0]["rank"]) == (None, None)
    assert trials[1]["rank"] == 1


@pytest.mark.parametrize("command", QUICK.keys())
def test_npnn_exact_prints_what_purenn_prints(command: str, cli: Cli) -> None:
    """The same tables, digit for digit, but for the package's name."""
    ours = cli("purenn", command, *QUICK[command])
    theirs = cli("npnn", command, *QUICK[command], "--exact")
    assert ours.returncode == theirs.returncode == 0, ours.stderr + theirs.stderr
    assert ours.stdout.startswith("purenn: ")
    assert theirs.stdout.startswith("npnn (exact mode): ")
    assert ours.stdout.split(": ", 1)[1] == theirs.stdout.split(": ", 1)[1]


@pytest.mark.parametrize("command", QUICK.keys())
def test_npnn_exact_json_is_purenn_s(command: str, cli: Cli) -> None:
    """--json: the same object, every number to the bit, but for the package's name."""
    reports = []
    for package, extra in (("purenn", []), ("npnn", ["--exact"])):
        done = cli(package, command, *QUICK[command], *extra, "--json")
        assert done.returncode == 0
        report = json.loads(done.stdout)
        assert report.pop("package") == package
        assert report.pop("exact") is bool(extra)
        reports.append(report)
    assert reports[0] == reports[1]


def test_evaluate_prints_a_table_with_rmse_beside_the_loss(cli: Cli) -> None:
    done = cli("purenn", "evaluate", *QUICK["evaluate"])
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert "405 rows to train on, 101 held out" in lines[0]
    [head] = [line for line in lines if line.startswith("model")]
    assert head.split() == ["model", "side", "rows", "loss", "RMSE", "($1000s)"]
    rows = [line for line in lines if re.match(r"^(network|linear)", line) and "  " in line]
    assert len(rows) == 6
    X, t = purenn.load_housing()
    result = purenn.holdout(X, t, seed=2, n_iter=8)
    [test_row] = [line for line in rows if line.startswith("network") and " test " in line]
    assert test_row.split()[-2:] == [f"{result.test.loss:.4f}", f"{result.test.rmse:.4f}"]
    assert "$1000s" in done.stdout


def test_cv_prints_every_fold_then_mean_and_sd(cli: Cli) -> None:
    done = cli("npnn", "cv", *QUICK["cv"])
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    firsts = [line.split()[0] for line in lines if line.split()]
    for name in ["0", "1", "2", "mean", "sd"]:
        assert name in firsts
    assert any("sample standard deviation over the 3 folds" in line for line in lines)
    [labels] = [line for line in lines if "linear, no intercept" in line]
    assert labels.split("  ")[-1].strip() == "linear, no intercept"


def test_tune_prints_the_best_setting(cli: Cli) -> None:
    done = cli("npnn", "tune", *QUICK["tune"])
    assert done.returncode == 0, done.stderr
    [best] = [line for line in done.stdout.splitlines() if line.startswith("best: ")]
    X, t = npnn.load_housing()
    result = npnn.tune(X, t, alpha=[1e-6, 1e-5], n_h=[2, 4], p=[0.0], n_iter=[4], k=2)
    assert result.best.cv is not None
    assert best.startswith(
        f"best: alpha {result.best.alpha!r}, n_h {result.best.n_h}, p {result.best.p!r}"
    )
    assert f"{result.best.cv.mean_rmse:.4f}" in best


class _Terminal(io.StringIO):
    """A stderr that says it is a terminal."""

    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("main", [purenn_main, npnn_main], ids=PACKAGES)
@pytest.mark.parametrize("command", ["evaluate", "cv", "tune"])
def test_progress_shows_on_a_terminal_and_is_wiped(
    command: str,
    main: Any,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """On a terminal: percentages on stderr, rewritten in place, then wiped; stdout untouched."""
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main([command, *QUICK[command]]) == 0
    shown = terminal.getvalue()
    assert "100% of" in shown
    assert "\n" not in shown
    assert shown.endswith("\r")  # the last write clears the line
    quiet_terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", quiet_terminal)
    out = capsys.readouterr().out
    assert main([command, *QUICK[command], "--quiet"]) == 0
    assert quiet_terminal.getvalue() == ""
    assert capsys.readouterr().out == out  # progress never touches stdout


MISUSE = {
    "k-one": (["cv", "--k", "1"], "cross_validate: k must be at least 2, got 1"),
    "k-above-rows": (["cv", "--k", "507"], "cross_validate: k=507 folds need at least 507 rows"),
    "fraction-one": (
        ["evaluate", "--test-fraction", "1"],
        "holdout: test_fraction must be in (0, 1), got 1.0",
    ),
    "fraction-leaves-no-test-rows": (
        ["baseline", "--test-fraction", "0.0001"],
        "leaves 0 test rows and 506 training rows",
    ),
    "empty-grid": (["tune", "--alpha", ""], "tune: the grid for alpha is empty"),
    "bad-grid-value": (["tune", "--p", "0.2,1"], "tune: p must be in [0, 1), got 1.0"),
    "repeated-grid-value": (["tune", "--n-h", "4,4"], "tune: the grid for n_h lists 4 twice"),
    "grid-not-numbers": (["tune", "--n-h", "four"], "expected comma-separated whole numbers"),
    "dependent-features": (
        ["baseline", "--features", "CRIM,CRIM"],
        "holdout_linear: X0 is rank-deficient: column 1 is (nearly) a linear combination",
    ),
    "unknown-feature": (["cv", "--features", "NOPE"], "unknown column 'NOPE'"),
    "n-h-zero": (["evaluate", "--n-h", "0"], "holdout: n_h must be at least 1, got 0"),
}


@pytest.mark.parametrize(("args", "message"), MISUSE.values(), ids=MISUSE.keys())
def test_misuse_is_one_line_and_status_2(args: list[str], message: str, cli: Cli) -> None:
    """Status 2, one line on stderr in the library's words, the same in both packages."""
    said = {}
    for package in PACKAGES:
        done = cli(package, *args, "--json")
        assert done.returncode == 2
        assert done.stdout == ""  # even with --json: nothing on stdout
        assert done.stderr.count("\n") == 1
        assert done.stderr.startswith(package)
        assert message in done.stderr
        said[package] = done.stderr.removeprefix(package)
    assert said["purenn"] == said["npnn"]


@pytest.mark.parametrize("package", PACKAGES)
def test_misuse_end_to_end(package: str, cli: Cli) -> None:
    """A library error and a parser error, each one line, status 2, no traceback."""
    for args in (["cv", "--k", "1", "--json"], ["tune", "--alpha", "x"]):
        done = cli(package, *args)
        assert done.returncode == 2
        assert done.stdout == ""
        assert done.stderr.count("\n") == 1
        assert done.stderr.startswith(package)
        assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("command", "options"),
    [
        ("evaluate", ["--test-fraction", "--n-h", "--n-iter", "--alpha", "--p"]),
        ("cv", ["--k", "--n-h", "--n-iter", "--alpha", "--p"]),
        ("baseline", ["--test-fraction"]),
        ("tune", ["--alpha", "--n-h", "--p", "--n-iter", "--k"]),
    ],
)
def test_help_lists_the_options(command: str, options: list[str], cli: Cli) -> None:
    done = cli("purenn", command, "--help")
    assert done.returncode == 0
    common = ["--seed", "--features", "--target", "--exact", "--quiet", "--json"]
    for option in options + common:
        assert re.search(rf"(^|[\s\[,]){re.escape(option)}\b", done.stdout), option


def test_the_default_grid_is_tune_s() -> None:
    """The command line's default grid is the tune() function's, in both packages."""
    for nn in (purenn, npnn):
        defaults = inspect.signature(nn.tune).parameters
        assert {name: defaults[name].default for name in GRID} == GRID


@pytest.mark.slow
def test_the_write_up_s_network_on_held_out_rows(cli: Cli) -> None:
    """The write-up's settings (1000 steps): purenn and npnn's exact mode print the same table."""
    ours = cli("purenn", "evaluate", "--json")
    theirs = cli("npnn", "evaluate", "--json", "--exact")
    ours_json, theirs_json = json.loads(ours.stdout), json.loads(theirs.stdout)
    assert ours_json["network"] == theirs_json["network"]
    assert ours_json["network"]["n_iter"] == 1000
    # The baseline wins on the write-up's features: it is the bar the network must clear.
    assert ours_json["linear"]["test"]["rmse"] < ours_json["network"]["test"]["rmse"]
