"""A dead network is reported where the result is, and never chosen by tune.

Dead: with the final weights and no DropConnect, every hidden unit outputs 0
on every training row (for the general network: some hidden layer does), so
the network predicts 0 (or a constant) for every input and no gradient
reaches the weights before that layer again. ``alpha = 1e-3`` for 30 steps
does this to the write-up's network on the housing data, without any number
overflowing: only a non-finite value raises ``DivergenceError``.
"""

from __future__ import annotations

import json
from types import ModuleType
from typing import Any

import numpy as np
import pytest

import npnn
import npnn.mlp
import npnn.mlp.passes as npnn_passes
import purenn
import purenn.mlp
import purenn.mlp.passes as purenn_passes
from purenn.optim import Optimizer
from tests.cli import Cli

DYING = {"alpha": 1e-3, "n_iter": 30}
"""The issue's setting: every hidden unit inactive on every row after 30 steps."""

LIVING = {"alpha": 1e-6, "n_iter": 30}

MODES: list[tuple[str, ModuleType, dict[str, Any]]] = [
    ("purenn", purenn, {}),
    ("npnn", npnn, {}),
    ("npnn-exact", npnn, {"exact": True}),
]
IDS = [m[0] for m in MODES]


def _housing(nn: ModuleType) -> tuple[Any, Any]:
    X, t = nn.load_housing()
    return nn.apply_scale(X, nn.fit_scale(X)), t


@pytest.mark.parametrize(("name", "nn", "mode"), MODES, ids=IDS)
def test_train_reports_the_dead_network(name: str, nn: ModuleType, mode: dict[str, Any]) -> None:
    X0, t = _housing(nn)
    dead = nn.train(X0, t, **DYING, **mode)
    assert dead.dead is True
    assert "dead=True" in repr(dead)
    y = nn.predict(X0, dead.weights.W1, dead.weights.W2, **mode)
    assert all(float(v) == 0.0 for row in y for v in row)  # what dead means
    assert nn.train(X0, t, **LIVING, **mode).dead is False


@pytest.mark.parametrize(("name", "nn", "mode"), MODES, ids=IDS)
def test_fit_reports_the_dead_network(name: str, nn: ModuleType, mode: dict[str, Any]) -> None:
    """The write-up's configuration: the same verdict as train, step for step."""
    mlp = npnn.mlp if nn is npnn else purenn.mlp
    X0, t = _housing(nn)
    config = purenn.mlp.Config((3, 4, 1))
    for setting, expected in ((DYING, True), (LIVING, False)):
        optimizer = Optimizer("gd", setting["alpha"])
        result = mlp.fit(X0, t, config, optimizer=optimizer, n_epochs=setting["n_iter"], **mode)
        assert result.dead is expected


@pytest.mark.parametrize("exact", [False, True])
def test_a_deeper_network_is_dead_when_one_hidden_layer_is(exact: bool) -> None:
    """Any hidden layer all 0 kills the network; the same verdict in both packages."""
    X0, _ = _housing(purenn)
    config = purenn.mlp.Config((3, 4, 4, 1), p=0.0)
    W = list(purenn.mlp.init_params(config, purenn.generator(0)).W)
    verdicts = []
    for second in (W[1], [[-abs(v) for v in row] for row in W[1]]):  # X1 >= 0, so Z2 <= 0
        params = purenn.mlp.Params((W[0], second, W[2]), None)
        twin = npnn.mlp.Params(tuple(np.array(A) for A in params.W), None)
        ours = purenn_passes._dead(config, params, X0)
        assert npnn_passes._dead(config, twin, np.array(X0), exact) is ours
        verdicts.append(ours)
    assert verdicts == [False, True]


@pytest.mark.parametrize(("name", "nn", "mode"), MODES, ids=IDS)
def test_holdout_and_cv_carry_the_fact(name: str, nn: ModuleType, mode: dict[str, Any]) -> None:
    X, t = nn.load_housing()
    assert nn.holdout(X, t, **DYING, **mode).dead is True
    assert nn.holdout(X, t, **LIVING, **mode).dead is False
    assert nn.holdout_linear(X, t, **mode).dead is False
    assert nn.cross_validate(X, t, k=3, **DYING, **mode).dead_folds == [0, 1, 2]
    assert nn.cross_validate(X, t, k=3, **LIVING, **mode).dead_folds == []
    assert nn.cross_validate_linear(X, t, k=3, **mode).dead_folds == []


@pytest.mark.parametrize(("name", "nn", "mode"), MODES, ids=IDS)
def test_tune_never_chooses_a_dead_setting(name: str, nn: ModuleType, mode: dict[str, Any]) -> None:
    """The dead setting scores best here (predicting 0 beats the untrained network), yet loses."""
    X, t = nn.load_housing()
    result = nn.tune(X, t, alpha=[1e-3], n_h=[8], p=[0.2], n_iter=[0, 30], k=3, **mode)
    untrained, dead = result.trials
    assert dead.dead is True
    assert untrained.dead is False
    assert dead.cv.mean_rmse < untrained.cv.mean_rmse  # the old ranking would have picked it
    assert result.best is untrained


def test_tune_refuses_a_grid_where_every_setting_died() -> None:
    X, t = npnn.load_housing()
    with pytest.raises(purenn.DivergenceError, match="diverged or left the network dead"):
        npnn.tune(X, t, alpha=[1e-3], n_h=[4], p=[0.2], n_iter=[30], k=3)


PACKAGES = ["purenn", "npnn"]


@pytest.mark.parametrize("package", PACKAGES)
def test_train_and_fit_commands_say_so(package: str, cli: Cli) -> None:
    """A summary line on stdout, a warning on stderr; the status stays 0 (the work was done)."""
    for command in (
        ["train", "-q", "--alpha", "1e-3", "--n-iter", "30"],
        ["fit", "-q", "--alpha", "1e-3", "--epochs", "30"],
    ):
        ran = cli(package, *command)
        assert ran.returncode == 0
        assert "dead network:" in ran.stdout
        assert f"{package} {command[0]}: warning: the trained network is dead" in ran.stderr
        alive = cli(package, *command[:2], "--alpha", "1e-6", *command[4:])
        assert alive.returncode == 0
        assert "dead" not in alive.stdout + alive.stderr


@pytest.mark.parametrize("package", PACKAGES)
def test_evaluate_cv_and_tune_commands_show_it(package: str, cli: Cli) -> None:
    dying = ["--alpha", "1e-3", "--n-iter", "30"]
    ran = cli(package, "evaluate", "-q", *dying)
    assert "(dead)" in ran.stdout
    assert "dead network:" in ran.stdout
    report = json.loads(cli(package, "evaluate", "--json", *dying).stdout)
    assert report["network"]["dead"] is True
    assert report["linear"]["dead"] is False
    ran = cli(package, "cv", "-q", "--k", "3", *dying)
    assert "dead network on folds 0, 1, 2" in ran.stdout
    report = json.loads(cli(package, "cv", "--json", "--k", "3", *dying).stdout)
    assert report["network"]["dead_folds"] == [0, 1, 2]
    assert report["linear"]["dead_folds"] == []
    grid = ["--alpha", "1e-3", "--n-h", "8", "--p", "0.2", "--n-iter", "0,30", "--k", "3"]
    report = json.loads(cli(package, "tune", "--json", *grid).stdout)
    assert [(tr["dead"], tr["rank"]) for tr in report["trials"]] == [(False, 1), (True, None)]
    assert report["best"]["n_iter"] == 0
    ran = cli(package, "tune", "-q", *grid)
    assert [line.split()[-1] for line in ran.stdout.splitlines()[4:6]] == ["1", "dead"]
