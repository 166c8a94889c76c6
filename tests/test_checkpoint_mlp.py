"""Checkpoints of the general network: saved, loaded and predicted with, in both packages.

Also: files of version 1 still load, broken general checkpoints are refused in
the same words by both packages, ``fit --save`` then ``predict`` through both
command lines, and Ctrl-C during ``fit`` keeps the epochs reached.
"""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import npnn
import purenn
from purenn.errors import CheckpointError
from purenn.optim import Optimizer
from tests.cli import Cli
from tests.parity import bits

PACKAGES = [purenn, npnn]
NAMES = ["purenn", "npnn"]
V1 = Path(__file__).resolve().parent / "data" / "checkpoint_v1.json"


def fitted(nn: ModuleType, *, exact: bool = True, bias: bool = True, scaled: bool = True) -> Any:
    """An ``MLPCheckpoint`` of a short 3-5-4-1 run on the housing data, made by package ``nn``."""
    X, t = nn.load_housing()
    scale = nn.fit_scale(X)
    config = nn.mlp.Config((3, 5, 4, 1), bias=bias)
    optimizer = Optimizer("adam", 0.01)
    errors: list[float] = []  # the mean loss of each epoch, as fit's callback reports it
    result = nn.mlp.fit(
        nn.apply_scale(X, scale) if scaled else X,
        t,
        config,
        optimizer=optimizer,
        batch_size=64,
        n_epochs=3,
        seed=2,
        exact=exact,
        callback=lambda epoch, loss, params: errors.append(loss),
    )
    return nn.MLPCheckpoint(
        config=config,
        params=result.params,
        optimizer=optimizer,
        batch_size=64,
        n_epochs=3,
        seed=2,
        exact=exact,
        scale=scale if scaled else None,
        features=tuple(nn.FEATURES),
        targets=(nn.TARGET,),
        errors=errors,
        package=nn.__name__,
    )


def assert_same(a: Any, b: Any) -> None:
    """The same numbers to the bit, the same names and settings."""
    assert len(a.params.W) == len(b.params.W)
    for A, B in zip(a.params.W, b.params.W):
        assert bits(A) == bits(B)
    assert (a.params.b is None) == (b.params.b is None)
    if a.params.b is not None:
        for A, B in zip(a.params.b, b.params.b):
            assert bits(A) == bits(B)
    assert (a.scale is None) == (b.scale is None)
    if a.scale is not None:
        assert bits(a.scale) == bits(b.scale)
    assert bits(a.errors) == bits(b.errors)
    for field in ("config", "optimizer", "batch_size", "n_epochs", "seed", "exact"):
        assert getattr(a, field) == getattr(b, field), field
    for field in ("features", "targets", "package"):
        assert getattr(a, field) == getattr(b, field), field


# --- The library ---


@pytest.mark.parametrize("nn", PACKAGES, ids=NAMES)
@pytest.mark.parametrize("exact", [False, True])
@pytest.mark.parametrize(("bias", "scaled"), [(True, True), (False, False)])
def test_round_trip(nn: ModuleType, exact: bool, bias: bool, scaled: bool, tmp_path: Path) -> None:
    original = fitted(nn, exact=exact, bias=bias, scaled=scaled)
    nn.save_checkpoint(tmp_path / "net.json", original)
    loaded = nn.load_checkpoint(tmp_path / "net.json")
    assert isinstance(loaded, nn.MLPCheckpoint)
    assert_same(loaded, original)
    assert loaded.sizes == (3, 5, 4, 1)


def test_both_packages_write_the_same_bytes_and_predict_the_same_bits(tmp_path: Path) -> None:
    """In exact mode: the same file but for the package's name, the same predictions."""
    paths = {}
    for nn in PACKAGES:
        paths[nn.__name__] = tmp_path / f"{nn.__name__}.json"
        nn.save_checkpoint(paths[nn.__name__], fitted(nn))
    pure = paths["purenn"].read_text(encoding="utf-8")
    numpy_twin = paths["npnn"].read_text(encoding="utf-8")
    assert numpy_twin == pure.replace('"package": "purenn"', '"package": "npnn"')
    X, _ = purenn.load_housing()
    predictions = [
        bits(nn.predict_checkpoint(nn.load_checkpoint(path), X, exact=True))
        for nn in PACKAGES
        for path in paths.values()
    ]
    assert all(p == predictions[0] for p in predictions)


def test_the_file_is_plain_json(tmp_path: Path) -> None:
    purenn.save_checkpoint(tmp_path / "net.json", fitted(purenn))
    doc = json.loads((tmp_path / "net.json").read_text(encoding="utf-8"))
    assert (doc["version"], doc["network"]) == (2, "mlp")
    assert doc["config"]["sizes"] == [3, 5, 4, 1]
    assert doc["shapes"] == {"W": [[3, 5], [5, 4], [4, 1]], "b": [[1, 5], [1, 4], [1, 1]]}
    assert doc["training"]["optimizer"] == "adam"
    assert doc["data"]["targets"] == ["MEDV"]
    assert len(doc["errors"]) == 3


@pytest.mark.parametrize("nn", PACKAGES, ids=NAMES)
def test_predict_scales_raw_rows_as_training_did(nn: ModuleType) -> None:
    c = fitted(nn)
    X, _ = nn.load_housing()
    y = nn.predict_checkpoint(c, X, exact=True)
    expected = nn.mlp.predict(c.config, c.params, nn.apply_scale(X, c.scale), exact=True)
    assert bits(y) == bits(expected)


@pytest.mark.parametrize("nn", PACKAGES, ids=NAMES)
def test_a_version_1_file_still_loads(nn: ModuleType) -> None:
    """A file written by train --save before version 2: the write-up's network."""
    c = nn.load_checkpoint(V1)
    assert isinstance(c, nn.Checkpoint)
    assert (c.sizes, c.n_iter, c.seed, len(c.errors)) == ((3, 4, 1), 5, 3, 5)
    X, _ = nn.load_housing()
    assert nn.shape(nn.predict_checkpoint(c, X)) == (506, 1)


def test_a_version_1_file_predicts_the_same_bits_in_both() -> None:
    X, _ = purenn.load_housing()
    pure = purenn.predict_checkpoint(purenn.load_checkpoint(V1), X)
    exact = npnn.predict_checkpoint(npnn.load_checkpoint(V1), X, exact=True)
    assert bits(pure) == bits(exact)


# --- Broken general checkpoints: refused in the same words by both packages ---


def _doc(tmp_path: Path) -> dict[str, Any]:
    purenn.save_checkpoint(tmp_path / "good.json", fitted(purenn))
    doc: dict[str, Any] = json.loads((tmp_path / "good.json").read_text(encoding="utf-8"))
    return doc


BROKEN = [
    ("network-unknown", lambda d: d.update(network="cnn"),
     "network must be one of write-up, mlp, got 'cnn'"),
    ("config-missing", lambda d: d.pop("config"), "field config is missing"),
    ("sizes-too-short", lambda d: d["config"].update(sizes=[3]),
     "config: Config: sizes must list at least two layer sizes (inputs and outputs), got [3]"),
    ("activation-unknown", lambda d: d["config"].update(activation="swish"),
     "config: Config: unknown activation 'swish'; choose one of relu, tanh, sigmoid, identity"),
    ("optimizer-unknown", lambda d: d["training"].update(optimizer="sgd"),
     "training: Optimizer: unknown optimizer 'sgd'; choose one of gd, momentum, adam"),
    ("too-few-layers", lambda d: d["params"]["W"].pop(),
     "params.W holds 2 matrices but config.sizes makes 3 layers"),
    ("wrong-shape", lambda d: d["params"]["W"][1].pop(),
     "params.W[1] has shape (4, 4), expected (5, 4)"),
    ("biases-without-bias", lambda d: d["config"].update(bias=False),
     "params.b holds biases but config.bias is False"),
    ("non-finite", lambda d: d["params"]["b"][0][0].__setitem__(0, 1e999),
     "not a checkpoint: it holds Infinity, which is not a JSON number; a checkpoint holds "
     "finite numbers"),
    ("targets-count", lambda d: d["data"].update(targets=["A", "B"]),
     "data.targets names 2 columns but the network has 1 outputs"),
    ("scale-negative", lambda d: d["data"]["scale"][0].__setitem__(1, -1.0),
     "data.scale[0][1] is -1.0; it must be positive"),
    ("too-many-errors", lambda d: d["errors"].extend([1.0]),
     "errors holds 4 values but training.n_epochs is 3; an epoch records one loss"),
    ("shapes-disagree", lambda d: d["shapes"].update(b=None),
     "shapes.b is None but params.b has shapes a list"),
]  # fmt: skip


@pytest.mark.parametrize("nn", PACKAGES, ids=NAMES)
@pytest.mark.parametrize("case", BROKEN, ids=[c[0] for c in BROKEN])
def test_a_broken_general_checkpoint_is_refused(
    nn: ModuleType, case: tuple[str, Any, str], tmp_path: Path
) -> None:
    _, change, message = case
    doc = _doc(tmp_path)
    change(doc)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc).replace("1e999", "Infinity"), encoding="utf-8")
    with pytest.raises(CheckpointError) as refused:
        nn.load_checkpoint(bad)
    assert str(refused.value) == f"load_checkpoint: {bad}: {message}"


@pytest.mark.parametrize("nn", PACKAGES, ids=NAMES)
def test_save_refuses_a_broken_record(nn: ModuleType, tmp_path: Path) -> None:
    c = fitted(nn)
    broken = nn.MLPCheckpoint(**{**c.__dict__, "targets": ("A", "B")})
    path = tmp_path / "net.json"
    with pytest.raises(CheckpointError, match=r"data\.targets names 2 columns"):
        nn.save_checkpoint(path, broken)
    assert not path.exists()


# --- The command line: fit --save, predict, Ctrl-C ---


def housing_rows(tmp_path: Path) -> Path:
    """The bundled table as a plain CSV: its header, then its 506 rows."""
    bundled = Path(purenn.__file__).parent / "data" / "boston_house_prices.csv"
    rows = tmp_path / "rows.csv"
    rows.write_text("".join(bundled.read_text(encoding="utf-8").splitlines(True)[1:]), "utf-8")
    return rows


@pytest.mark.parametrize("package", NAMES)
def test_fit_save_then_predict(package: str, tmp_path: Path, cli: Cli) -> None:
    """A 3-6-4-1 network fit on housing, saved, then used by predict: the RMSE reported."""
    path = tmp_path / "net.json"
    done = cli(
        package, "fit", "-q", "--hidden", "6,4", "--epochs", "5", "--exact", "--save", str(path)
    )
    assert done.returncode == 0, done.stderr
    assert f"checkpoint written to {path}" in done.stdout
    rows = housing_rows(tmp_path)
    predicted = cli(package, "predict", "--exact", str(path), str(rows))
    assert predicted.returncode == 0, predicted.stderr
    assert predicted.stdout.splitlines()[0] == "predicted_MEDV"
    assert len(predicted.stdout.splitlines()) == 507
    assert "with the 3-6-4-1 network" in predicted.stderr
    assert "5 epochs" in predicted.stderr
    assert "RMSE" in predicted.stderr


def test_fit_save_is_the_same_file_and_predictions_in_both(tmp_path: Path, cli: Cli) -> None:
    rows = housing_rows(tmp_path)
    out = {}
    for package in NAMES:
        path = tmp_path / f"{package}.json"
        args = ("fit", "-q", "--hidden", "5,3", "--bias", "--epochs", "4", "--exact")
        assert cli(package, *args, "--save", str(path)).returncode == 0
        text = path.read_text(encoding="utf-8").replace('"package": "npnn"', '"package": "purenn"')
        out[package] = (text, cli(package, "predict", "--exact", str(path), str(rows)).stdout)
    assert out["purenn"] == out["npnn"]


@pytest.mark.parametrize("package", NAMES)
def test_predict_on_a_moons_checkpoint_takes_x1_x2(package: str, tmp_path: Path, cli: Cli) -> None:
    path = tmp_path / "moons.json"
    done = cli(package, "fit", "-q", "--data", "moons", "--epochs", "2", "--save", str(path))
    assert done.returncode == 0, done.stderr
    rows = tmp_path / "points.csv"
    rows.write_text("x1,x2,label\n0.0,1.0,0\n1.0,-0.5,1\n", encoding="utf-8")
    predicted = cli(package, "predict", str(path), str(rows))
    assert predicted.returncode == 0, predicted.stderr
    assert predicted.stdout.splitlines()[0] == "predicted_label"
    assert len(predicted.stdout.splitlines()) == 3
    assert "2-16-16-1 network" in predicted.stderr
    missing = tmp_path / "no_x2.csv"
    missing.write_text("x1\n0.0\n", encoding="utf-8")
    assert cli(package, "predict", str(path), str(missing)).returncode == 2


@pytest.mark.parametrize("package", NAMES)
def test_fit_save_is_checked_before_training(package: str, tmp_path: Path, cli: Cli) -> None:
    done = cli(package, "fit", "--save", str(tmp_path))
    assert done.returncode == 2
    assert done.stdout == ""
    assert "--save" in done.stderr


@pytest.mark.parametrize("package", NAMES)
def test_ctrl_c_in_fit_keeps_the_epochs_reached(
    package: str, tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A KeyboardInterrupt from the step of epoch 3 (full batch: one step an epoch)."""
    training = importlib.import_module(f"{package}.mlp.training")
    real_step = training._step
    steps: list[int] = []

    def step(*args: Any, **kwargs: Any) -> Any:
        steps.append(1)
        if len(steps) == 4:
            raise KeyboardInterrupt
        return real_step(*args, **kwargs)

    monkeypatch.setattr(training, "_step", step)
    path = tmp_path / "net.json"
    done = cli(package, "fit", "-q", "--epochs", "50", "--exact", "--save", str(path))
    assert done.returncode == 130
    assert done.stderr == (
        f"{package} fit: interrupted after 3 of 50 epochs; saved the parameters and the "
        f"losses of those 3 epochs to {path}\n"
    )
    nn = importlib.import_module(package)
    c = nn.load_checkpoint(path)
    assert isinstance(c, nn.MLPCheckpoint)
    assert (len(c.errors), c.n_epochs) == (3, 50)
    monkeypatch.setattr(training, "_step", real_step)
    X, t = nn.load_housing()
    config = nn.mlp.Config((3, 4, 1))
    three = nn.mlp.fit(nn.apply_scale(X, nn.fit_scale(X)), t, config, n_epochs=3, exact=True)
    for A, B in zip(c.params.W, three.params.W):
        assert bits(A) == bits(B)


@pytest.mark.parametrize("package", NAMES)
def test_ctrl_c_in_fit_without_save(
    package: str, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    training = importlib.import_module(f"{package}.mlp.training")

    def step(*args: Any, **kwargs: Any) -> Any:
        raise KeyboardInterrupt

    monkeypatch.setattr(training, "_step", step)
    done = cli(package, "fit", "-q")
    assert done.returncode == 130
    assert done.stderr == (
        f"{package} fit: interrupted after 0 of 1000 epochs; nothing saved "
        "(fit --save FILE keeps the parameters reached)\n"
    )
