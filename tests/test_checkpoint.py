"""Checkpoints: round trips in each package and across them, atomic saves, every corrupt file."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import pytest

import npnn
import purenn
from purenn.errors import CheckpointError, DataError, ParameterError, ShapeError
from tests.parity import assert_same, bits

PACKAGES = [purenn, npnn]
ROOT = Path(__file__).resolve().parents[1]


def trained(nn: ModuleType, *, n_iter: int = 7, exact: bool = False, seed: int = 3) -> Any:
    """A checkpoint of a short training run on the housing data, made by package ``nn``."""
    X, t = nn.load_housing()
    scale = nn.fit_scale(X)
    result = nn.train(nn.apply_scale(X, scale), t, n_iter=n_iter, seed=seed, exact=exact)
    return nn.Checkpoint(
        weights=result.weights,
        scale=scale,
        features=nn.FEATURES,
        target=nn.TARGET,
        errors=result.errors,
        n_iter=n_iter,
        alpha=1e-6,
        p=0.2,
        seed=seed,
        exact=exact,
        package=nn.__name__,
    )


def assert_same_checkpoint(a: Any, b: Any) -> None:
    """The same numbers to the bit, the same names and settings."""
    for name in ("W1", "W2"):
        assert bits(getattr(a.weights, name)) == bits(getattr(b.weights, name)), name
    assert bits(a.scale) == bits(b.scale)
    assert bits(a.errors) == bits(b.errors)
    for field in ("features", "target", "n_iter", "alpha", "p", "seed", "exact", "package"):
        assert getattr(a, field) == getattr(b, field), field


# --- Round trips ---


@pytest.mark.parametrize("exact", [False, True])
@pytest.mark.parametrize("nn", PACKAGES, ids=lambda m: m.__name__)
def test_round_trip_in_one_package(nn: ModuleType, exact: bool, tmp_path: Path) -> None:
    """Saved and loaded by the same package: every number and setting comes back, bit for bit."""
    original = trained(nn, exact=exact)
    path = tmp_path / "net.json"
    nn.save_checkpoint(path, original)
    loaded = nn.load_checkpoint(path)
    assert type(loaded) is nn.Checkpoint
    assert_same_checkpoint(loaded, original)
    X, _ = nn.load_housing()
    assert_same(
        "y",
        nn.predict_checkpoint(original, X, exact=exact),
        nn.predict_checkpoint(loaded, X, exact=exact),
    )


@pytest.mark.parametrize(("writer", "reader"), [(npnn, purenn), (purenn, npnn)])
def test_round_trip_across_packages(writer: ModuleType, reader: ModuleType, tmp_path: Path) -> None:
    """Trained by one package, loaded by the other: bit-identical predictions in exact mode."""
    original = trained(writer, exact=True, n_iter=15)
    path = tmp_path / "net.json"
    writer.save_checkpoint(str(path), original)
    loaded = reader.load_checkpoint(str(path))
    assert_same_checkpoint(loaded, original)
    X, _ = purenn.load_housing()  # lists: both packages take them
    y_writer = writer.predict_checkpoint(original, X, exact=True)
    y_reader = reader.predict_checkpoint(loaded, X, exact=True)
    assert_same("y", y_writer, y_reader)


def test_both_packages_write_the_same_bytes(tmp_path: Path) -> None:
    """The same training in exact mode saves to the same file, byte for byte, but the package."""
    pure, twin = trained(purenn, exact=True), trained(npnn, exact=True)
    purenn.save_checkpoint(tmp_path / "pure.json", pure)
    npnn.save_checkpoint(tmp_path / "twin.json", twin)
    pure_text = (tmp_path / "pure.json").read_text(encoding="utf-8")
    twin_text = (tmp_path / "twin.json").read_text(encoding="utf-8")
    assert pure_text.replace('"package": "purenn"', '"package": "npnn"') == twin_text


def test_the_file_is_plain_json_with_every_field(tmp_path: Path) -> None:
    """Any JSON reader sees the format, version, shapes, weights, data, settings and errors."""
    original = trained(purenn, n_iter=12)
    path = tmp_path / "net.json"
    purenn.save_checkpoint(path, original)
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["format"] == "twinnets checkpoint"
    assert doc["version"] == 2
    assert doc["network"] == "write-up"
    assert doc["package"] == "purenn"
    assert doc["shapes"] == {"W1": [3, 4], "W2": [4, 1]}
    assert doc["weights"]["W1"] == original.weights.W1
    assert doc["data"] == {
        "features": ["CRIM", "TAX", "PTRATIO"],
        "target": "MEDV",
        "scale": [[88.9762, 711.0, 22.0]],
    }
    assert doc["settings"] == {
        "n_h": 4, "n_iter": 12, "alpha": 1e-6, "p": 0.2, "seed": 3, "exact": False,
    }  # fmt: skip
    assert doc["errors"] == original.errors
    assert max(len(line) for line in path.read_text(encoding="utf-8").splitlines()) <= 120


EDGE_FLOATS = [0.0, -0.0, 5e-324, -2.2250738585072014e-308, 1.7976931348623157e308, 0.1, -1 / 3]


@pytest.mark.parametrize("nn", PACKAGES, ids=lambda m: m.__name__)
def test_every_double_round_trips(nn: ModuleType, tmp_path: Path) -> None:
    """Signed zeros, subnormals, the largest double: each comes back as the same 64 bits."""
    W1 = [EDGE_FLOATS]  # (1, 7)
    W2 = [[v] for v in EDGE_FLOATS]  # (7, 1)
    c = nn.Checkpoint(
        nn.Weights(np.array(W1) if nn is npnn else W1, np.array(W2) if nn is npnn else W2),
        np.array([[5e-324]]) if nn is npnn else [[5e-324]],
        ("x",), "y", [*EDGE_FLOATS], 7, 5e-324, 0.0, -(2**70), True, nn.__name__,
    )  # fmt: skip
    nn.save_checkpoint(tmp_path / "edge.json", c)
    loaded = nn.load_checkpoint(tmp_path / "edge.json")
    assert_same_checkpoint(loaded, c)
    assert loaded.n_h == 7


def test_interrupted_history_is_kept(tmp_path: Path) -> None:
    """A checkpoint may hold fewer errors than n_iter: the steps done before a stop."""
    c = trained(purenn, n_iter=5)
    short = purenn.Checkpoint(**{**c.__dict__, "n_iter": 1000})
    purenn.save_checkpoint(tmp_path / "short.json", short)
    loaded = purenn.load_checkpoint(tmp_path / "short.json")
    assert isinstance(loaded, purenn.Checkpoint)
    assert (len(loaded.errors), loaded.n_iter) == (5, 1000)
    assert "errors=<5 values>, n_iter=1000," in repr(loaded)


def test_repr_shows_shapes() -> None:
    """A checkpoint's repr shows shapes, names and progress, the same in both packages."""
    for nn in PACKAGES:
        assert repr(trained(nn)) == (
            "Checkpoint(weights=Weights(W1=(3, 4), W2=(4, 1)), scale=(1, 3), "
            "features=('CRIM', 'TAX', 'PTRATIO'), target='MEDV', errors=<7 values>, n_iter=7, "
            f"alpha=1e-06, p=0.2, seed=3, exact=False, package='{nn.__name__}')"
        )


# --- predict_checkpoint: raw rows, scaled as training scaled them ---


@pytest.mark.parametrize("nn", PACKAGES, ids=lambda m: m.__name__)
def test_predict_scales_raw_rows_as_training_did(nn: ModuleType) -> None:
    """predict_checkpoint(c, X) is predict(X / scale, W1, W2), to the bit."""
    c = trained(nn)
    X, _ = nn.load_housing()
    expected = nn.predict(nn.apply_scale(X, c.scale), c.weights.W1, c.weights.W2, exact=True)
    assert_same("y", expected, nn.predict_checkpoint(c, X, exact=True))


PREDICT_ERRORS = [
    ("too-few-columns", [[1.0, 2.0]], ShapeError,
     "predict_checkpoint: X has shape (1, 2), expected (any, 3) to fit scale (1, 3)"),
    ("nan", [[1.0, float("nan"), 3.0]], DataError,
     "predict_checkpoint: X[0][1] is nan; values must be finite numbers"),
    ("text", [[1.0, "2", 3.0]], DataError,
     "predict_checkpoint: X[0][1] must be a number, got '2'"),
]  # fmt: skip


@pytest.mark.parametrize(("X", "error", "message"), [c[1:] for c in PREDICT_ERRORS],
                         ids=[c[0] for c in PREDICT_ERRORS])  # fmt: skip
@pytest.mark.parametrize("nn", PACKAGES, ids=lambda m: m.__name__)
def test_predict_refuses_bad_rows(
    nn: ModuleType, X: Any, error: type[Exception], message: str
) -> None:
    """Wrong columns, a NaN, an overflowing prediction: the same error in both packages."""
    with pytest.raises(error) as caught:
        nn.predict_checkpoint(trained(nn), X, exact=True)
    assert type(caught.value) is error
    assert str(caught.value) == message


def test_an_overflowing_prediction_is_refused_not_returned() -> None:
    """Rows far beyond the training rows' scale overflow: a DataError naming the row, no NaN."""
    messages = []
    for nn in PACKAGES:
        c = trained(nn)
        tiny = nn.Checkpoint(**{**c.__dict__, "scale": [[1e-300, 1e-300, 1e-300]]})
        with pytest.raises(DataError) as caught:
            nn.predict_checkpoint(tiny, [[1.0, 2.0, 3.0], [1e10, 1e10, 1e10]], exact=True)
        messages.append(str(caught.value))
    assert (
        messages[0]
        == messages[1]
        == (
            "predict_checkpoint: the prediction for row 1 overflows: its inputs are too large "
            "for these weights and this scale"
        )
    )


# --- Saving: checked, atomic ---


@pytest.mark.parametrize("nn", PACKAGES, ids=lambda m: m.__name__)
def test_save_refuses_what_load_would_refuse(nn: ModuleType, tmp_path: Path) -> None:
    """A record with a NaN weight is not written, and the message names the file and field."""
    c = trained(nn)
    W1 = np.array(c.weights.W1, dtype=np.float64)
    W1[1, 2] = np.nan
    W1_given = W1 if nn is npnn else W1.tolist()
    bad = nn.Checkpoint(**{**c.__dict__, "weights": nn.Weights(W1_given, c.weights.W2)})
    path = tmp_path / "net.json"
    with pytest.raises(CheckpointError) as caught:
        nn.save_checkpoint(path, bad)
    assert str(caught.value) == (
        f"save_checkpoint: {path}: weights.W1[1][2] is nan; values must be finite numbers"
    )
    assert list(tmp_path.iterdir()) == []  # nothing written, no temporary file left


@pytest.mark.parametrize("nn", PACKAGES, ids=lambda m: m.__name__)
def test_save_refuses_a_bad_path_or_record(nn: ModuleType, tmp_path: Path) -> None:
    """A path that is not a file name, a record that is not a Checkpoint: one clear line."""
    with pytest.raises(ParameterError, match=r"^save_checkpoint: path must be a file name, got 3$"):
        nn.save_checkpoint(3, trained(nn))
    with pytest.raises(CheckpointError) as caught:
        nn.save_checkpoint(tmp_path / "n.json", {})
    assert str(caught.value) == (
        f"save_checkpoint: {tmp_path / 'n.json'}: checkpoint must be a Checkpoint record, got dict"
    )
    other = npnn if nn is purenn else purenn
    with pytest.raises(CheckpointError) as caught:
        nn.predict_checkpoint(trained(other), [[1.0, 2.0, 3.0]])
    assert str(caught.value) == (
        f"predict_checkpoint: checkpoint must be a Checkpoint record, "
        f"got {other.__name__}.checkpoint.Checkpoint"
    )


def test_a_failed_rename_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If the rename fails, the error comes out, the old file is intact, the new one removed."""
    path = tmp_path / "net.json"
    purenn.save_checkpoint(path, trained(purenn, n_iter=3))
    before = path.read_bytes()

    def refuse(src: str, dst: str) -> None:
        raise PermissionError(13, "Permission denied", dst)

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(PermissionError):
        purenn.save_checkpoint(path, trained(purenn, n_iter=9))
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["net.json"]


def test_an_interrupted_save_leaves_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C while the new file is synced: the old file stays, the temporary file goes."""
    path = tmp_path / "net.json"
    npnn.save_checkpoint(path, trained(npnn, n_iter=3))
    before = path.read_bytes()

    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        npnn.save_checkpoint(path, trained(npnn, n_iter=9))
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["net.json"]


KILLED_WRITER = """
import os, sys, time
import purenn
from purenn import checkpoint

path, hang_in = sys.argv[1], sys.argv[2]
X, t = purenn.load_housing()
scale = purenn.fit_scale(X)
W = purenn.init_weights(purenn.generator(1), 3, 4)
errors = [float(i) + 0.5 for i in range(400_000)]  # a large file: about 8 MB of text
big = purenn.Checkpoint(W, scale, purenn.FEATURES, "MEDV", errors, 400_000, 1e-6, 0.2, 1, False,
                        "purenn")

real = getattr(os, hang_in)

def hang(*args):
    print("writing", flush=True)  # the new file is written; now wait to be killed
    time.sleep(600)

setattr(os, hang_in, hang)
checkpoint.save_checkpoint(path, big)
print("saved", flush=True)
"""


@pytest.mark.parametrize("hang_in", ["fsync", "replace"])
def test_a_writer_killed_mid_save_leaves_the_old_file_intact(tmp_path: Path, hang_in: str) -> None:
    """SIGKILL a process in the middle of saving a large checkpoint: the old one still loads.

    The writer is stopped after writing the new file and before syncing it, or
    after syncing it and before the rename: the two places a kill can land
    once the file is open. The target is never the half-written file.
    """
    path = tmp_path / "net.json"
    old = trained(purenn, n_iter=4)
    purenn.save_checkpoint(path, old)
    before = path.read_bytes()
    writer = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(KILLED_WRITER), str(path), hang_in],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        assert writer.stdout is not None
        assert writer.stdout.readline() == "writing\n", (
            writer.stderr.read() if writer.stderr else ""
        )
        temporaries = [p for p in tmp_path.iterdir() if p.name != "net.json"]
        assert len(temporaries) == 1  # the new file, beside the target
        assert temporaries[0].name.startswith(".net.json.")
        assert temporaries[0].stat().st_size > 1_000_000
    finally:
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=60)
        for stream in (writer.stdout, writer.stderr):
            if stream is not None:
                stream.close()
    assert writer.returncode == -signal.SIGKILL
    assert path.read_bytes() == before
    assert_same_checkpoint(purenn.load_checkpoint(path), old)


# --- Loading: every corrupt file, refused in the same words by both packages ---


def valid_document() -> dict[str, Any]:
    """A small valid checkpoint as JSON holds it: W1 (2, 3), W2 (3, 1)."""
    return {
        "format": "twinnets checkpoint",
        "version": 1,
        "package": "npnn",
        "shapes": {"W1": [2, 3], "W2": [3, 1]},
        "weights": {
            "W1": [[0.5, -0.25, 1.0], [0.125, 0.75, -1.0]],
            "W2": [[1.0], [-0.5], [0.25]],
        },
        "data": {"features": ["A", "B"], "target": "T", "scale": [[2.0, 4.0]]},
        "settings": {"n_h": 3, "n_iter": 5, "alpha": 0.01, "p": 0.0, "seed": 7, "exact": False},
        "errors": [3.0, 2.5],
    }


def setting(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    """A change to the document: set the field at the dotted ``path`` (``[i]`` for items)."""

    def change(doc: dict[str, Any]) -> None:
        keys = path.replace("[", ".").replace("]", "").split(".")
        target: Any = doc
        for key in keys[:-1]:
            target = target[int(key)] if isinstance(target, list) else target[key]
        last = keys[-1]
        if isinstance(target, list):
            target[int(last)] = value
        else:
            target[last] = value

    return change


def removing(path: str) -> Callable[[dict[str, Any]], None]:
    def change(doc: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        target = doc
        for key in parents:
            target = target[key]
        del target[last]

    return change


DELETE = object()

# Each case: an id, a change to a valid document (or the whole text of the
# file), and the message after "load_checkpoint: FILE: ".
CORRUPT: list[tuple[str, Callable[[dict[str, Any]], None] | bytes, str]] = [
    # Not a checkpoint at all
    ("empty-file", b"", "not a checkpoint: the file is empty"),
    ("blank-file", b" \n\n", "not a checkpoint: the file is empty"),
    ("not-utf8", b'{"format": "\xff"}', "not a checkpoint: line 1 is not UTF-8 text (byte 12)"),
    ("not-json", b"{format: 1}",
     "not a checkpoint: not valid JSON: Expecting property name enclosed in double quotes "
     "(line 1, column 2)"),
    ("truncated", b'{"format": "twinnets checkpoint", "version": 1, "weights": {"W1": [[0.5,',
     "not a checkpoint: not valid JSON: Expecting value (line 1, column 73)"),
    ("trailing-garbage", b'{"format": "twinnets checkpoint"} x',
     "not a checkpoint: not valid JSON: Extra data (line 1, column 35)"),
    ("pickle", b"\x80\x04\x95\x00\x00", "not a checkpoint: line 1 is not UTF-8 text (byte 0)"),
    ("nested-too-deeply", b"[" * 200_000, "not a checkpoint: nested too deeply"),
    ("a-list", b"[1, 2]", "not a checkpoint: it holds a list, not a JSON object"),
    ("a-number", b"3.5", "not a checkpoint: it holds 3.5, not a JSON object"),
    ("nan-literal", b'{"format": NaN}',
     "not a checkpoint: it holds NaN, which is not a JSON number; a checkpoint holds finite "
     "numbers"),
    ("infinity-literal", b'{"errors": [-Infinity]}',
     "not a checkpoint: it holds -Infinity, which is not a JSON number; a checkpoint holds "
     "finite numbers"),
    ("repeated-field", b'{"format": "twinnets checkpoint", "format": "twinnets checkpoint"}',
     "not a checkpoint: it holds the field 'format' twice in one object"),
    ("no-format", removing("format"), "not a checkpoint: field format is missing"),
    ("other-format", setting("format", "keras"),
     "not a checkpoint: format is 'keras', not 'twinnets checkpoint'"),
    # The version
    ("no-version", removing("version"), "field version is missing"),
    ("version-3", setting("version", 3),
     "version 3 is not one this package reads (it reads versions 1, 2); a newer release may "
     "read it"),
    ("version-0", setting("version", 0),
     "version 0 is not one this package reads (it reads versions 1, 2); a newer release may "
     "read it"),
    ("version-2-no-network", setting("version", 2), "field network is missing"),
    ("version-text", setting("version", "1"), "version must be a whole number, got '1'"),
    ("version-float", setting("version", 1.0), "version must be a whole number, got 1.0"),
    ("version-true", setting("version", True), "version must be a whole number, got True"),
    # Fields missing or unknown
    *[(f"no-{field}", removing(field), f"field {field} is missing")
      for field in ("package", "shapes", "weights", "data", "settings", "errors")],
    ("unknown-field", setting("note", "my run"),
     "unknown field note; the checkpoint holds format, version, package, shapes, weights, "
     "data, settings, errors"),
    ("no-W2", removing("weights.W2"), "field weights.W2 is missing"),
    ("unknown-weights", setting("weights.b1", [[0.0]]),
     "unknown field weights.b1; weights holds W1, W2"),
    ("no-scale", removing("data.scale"), "field data.scale is missing"),
    ("no-alpha", removing("settings.alpha"), "field settings.alpha is missing"),
    ("unknown-setting", setting("settings.momentum", 0.9),
     "unknown field settings.momentum; settings holds n_h, n_iter, alpha, p, seed, exact"),
    # The package
    ("unknown-package", setting("package", "torch"),
     "package must be one of purenn, npnn, got 'torch'"),
    ("package-null", setting("package", None), "package must be one of purenn, npnn, got None"),
    # Shapes
    ("shapes-a-list", setting("shapes", [[2, 3], [3, 1]]),
     "shapes must be a JSON object, got a list"),
    ("shape-too-long", setting("shapes.W1", [2, 3, 1]),
     "shapes.W1 must be a list of two whole numbers, got a list"),
    ("shape-text", setting("shapes.W1", "2x3"),
     "shapes.W1 must be a list of two whole numbers, got '2x3'"),
    ("shape-float", setting("shapes.W1", [2, 3.0]),
     "shapes.W1[1] must be a whole number, got 3.0"),
    ("shape-zero", setting("shapes.W2", [3, 0]), "shapes.W2[1] must be at least 1, got 0"),
    ("shapes-disagree", setting("shapes.W1", [3, 3]),
     "shapes.W1 is [3, 3] but weights.W1 has shape (2, 3)"),
    # Weights
    ("weights-a-list", setting("weights", []), "weights must be a JSON object, got a list"),
    ("W1-a-number", setting("weights.W1", 1.0),
     "weights.W1 must be a matrix (a list of rows), got float"),
    ("W1-empty", setting("weights.W1", []),
     "weights.W1 is empty; a matrix needs at least one row"),
    ("W1-empty-row", setting("weights.W1", [[]]),
     "weights.W1 is empty; a matrix needs at least one column"),
    ("W1-ragged", setting("weights.W1[1]", [0.5]),
     "weights.W1 has ragged rows: row 0 has 3 entries but row 1 has 1"),
    ("W1-row-a-number", setting("weights.W1[1]", 0.5),
     "weights.W1 row 1 must be a list of numbers, got float"),
    ("W1-text", setting("weights.W1[0][2]", "1.0"),
     "weights.W1[0][2] must be a number, got '1.0'"),
    ("W1-null", setting("weights.W1[0][0]", None), "weights.W1[0][0] must be a number, got None"),
    ("W1-true", setting("weights.W1[1][1]", True), "weights.W1[1][1] must be a number, got True"),
    ("W1-overflow", b"1e999",
     "weights.W1[0][1] is inf; values must be finite numbers"),
    ("W1-huge-integer", setting("weights.W1[0][0]", 10**400),
     "weights.W1[0][0] is too large for a float, got 1000000000000000000000000000000000000..."),
    ("W2-wrong-shape", setting("weights.W2", [[1.0], [-0.5]]),
     "weights.W2 has shape (2, 1), expected (3, 1)"),
    ("W2-two-columns", setting("weights.W2", [[1.0, 0.0], [-0.5, 0.0], [0.25, 0.0]]),
     "weights.W2 has shape (3, 2), expected (3, 1)"),
    # Data
    ("features-text", setting("data.features", "A,B"),
     "data.features must be a list of names, got 'A,B'"),
    ("feature-empty", setting("data.features[1]", ""), "data.features[1] must be a name, got ''"),
    ("feature-number", setting("data.features[0]", 3), "data.features[0] must be a name, got 3"),
    ("feature-twice", setting("data.features", ["A", "A"]), "data.features lists 'A' twice"),
    ("features-too-few", setting("data.features", ["A"]),
     "data.features names 1 columns but weights.W1 has 2 rows, one per input"),
    ("target-null", setting("data.target", None), "data.target must be a name, got None"),
    ("scale-wrong-shape", setting("data.scale", [[2.0], [4.0]]),
     "data.scale has shape (2, 1), expected (1, 2)"),
    ("scale-zero", setting("data.scale[0][1]", 0.0),
     "data.scale[0][1] is 0.0; it must be positive"),
    ("scale-negative", setting("data.scale[0][0]", -2.0),
     "data.scale[0][0] is -2.0; it must be positive"),
    # Settings
    ("settings-null", setting("settings", None), "settings must be a JSON object, got None"),
    ("n_h-disagrees", setting("settings.n_h", 4),
     "settings.n_h is 4 but weights.W1 has 3 columns, one per unit"),
    ("n_iter-negative", setting("settings.n_iter", -1),
     "settings.n_iter must be at least 0, got -1"),
    ("n_iter-float", setting("settings.n_iter", 5.0),
     "settings.n_iter must be a whole number, got 5.0"),
    ("alpha-zero", setting("settings.alpha", 0.0), "settings.alpha must be positive, got 0.0"),
    ("alpha-text", setting("settings.alpha", "1e-6"),
     "settings.alpha must be a number, got '1e-6'"),
    ("p-one", setting("settings.p", 1.0), "settings.p must be in [0, 1), got 1.0"),
    ("seed-float", setting("settings.seed", 7.5),
     "settings.seed must be a whole number, got 7.5"),
    ("seed-false", setting("settings.seed", False),
     "settings.seed must be a whole number, got False"),
    ("exact-text", setting("settings.exact", "yes"),
     "settings.exact must be True or False, got 'yes'"),
    # The history
    ("errors-an-object", setting("errors", {}), "errors must be a list of numbers, got an object"),
    ("error-text", setting("errors[1]", "2.5"), "errors[1] must be a number, got '2.5'"),
    ("error-null", setting("errors[0]", None), "errors[0] must be a number, got None"),
    ("errors-too-many", setting("errors", [1.0] * 6),
     "errors holds 6 values but settings.n_iter is 5; a step records one error"),
]  # fmt: skip


def corrupt_file(path: Path, change: Callable[[dict[str, Any]], None] | bytes) -> None:
    if isinstance(change, bytes):
        if change == b"1e999":  # a number too large for a double, in the text itself
            text = json.dumps(valid_document()).replace("-0.25", "1e999")
            path.write_text(text, encoding="utf-8")
        else:
            path.write_bytes(change)
        return
    doc = valid_document()
    change(doc)
    path.write_text(json.dumps(doc), encoding="utf-8")


@pytest.mark.parametrize("nn", PACKAGES, ids=lambda m: m.__name__)
def test_the_valid_document_loads(nn: ModuleType, tmp_path: Path) -> None:
    """The base of the corrupt cases is itself a valid checkpoint."""
    path = tmp_path / "ok.json"
    path.write_text(json.dumps(valid_document()), encoding="utf-8")
    c = nn.load_checkpoint(path)
    assert (c.n_h, c.features, c.errors) == (3, ("A", "B"), [3.0, 2.5])


@pytest.mark.parametrize(
    ("change", "message"), [case[1:] for case in CORRUPT], ids=[case[0] for case in CORRUPT]
)
@pytest.mark.parametrize("nn", PACKAGES, ids=lambda m: m.__name__)
def test_a_corrupt_checkpoint_is_refused_naming_file_and_field(
    nn: ModuleType, change: Callable[[dict[str, Any]], None] | bytes, message: str, tmp_path: Path
) -> None:
    """Exactly a CheckpointError, with exactly the message, in both packages."""
    path = tmp_path / "bad.json"
    corrupt_file(path, change)
    with pytest.raises(CheckpointError) as caught:
        nn.load_checkpoint(path)
    assert type(caught.value) is CheckpointError
    assert str(caught.value) == f"load_checkpoint: {path}: {message}"


def test_the_corrupt_cases_are_distinct() -> None:
    """Every case has its own id, and the table covers each way a file can be wrong."""
    ids = [case[0] for case in CORRUPT]
    assert len(ids) == len(set(ids))
    assert len(CORRUPT) >= 60


@pytest.mark.parametrize("nn", PACKAGES, ids=lambda m: m.__name__)
def test_an_integer_of_too_many_digits_is_refused(nn: ModuleType, tmp_path: Path) -> None:
    """A seed of 5000 digits (JSON readers refuse it) is a CheckpointError, not a ValueError."""
    path = tmp_path / "bad.json"
    path.write_text(
        json.dumps(valid_document()).replace('"seed": 7', '"seed": ' + "7" * 5000),
        encoding="utf-8",
    )
    with pytest.raises(CheckpointError, match=r"^load_checkpoint: .*: not valid JSON: "):
        nn.load_checkpoint(path)


@pytest.mark.parametrize("nn", PACKAGES, ids=lambda m: m.__name__)
def test_a_missing_file_is_an_os_error(nn: ModuleType, tmp_path: Path) -> None:
    """No such file: the operating system's error, as open() raises it."""
    with pytest.raises(FileNotFoundError):
        nn.load_checkpoint(tmp_path / "missing.json")
