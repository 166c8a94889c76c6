"""Fuzzing: generated bad inputs through every public function of both packages.

For each function in ``purenn.__all__`` a strategy draws a valid call
(matrices whose shapes chain, settings in range, a well-formed checkpoint or
CSV file), then breaks up to two of its arguments: a wrong type, a wrong
shape, an empty or ragged list, NaN or infinity, an integer too large for a
float or for an index, a bool, a string, a corrupted record field or a
corrupted file. The very same values go to purenn and to npnn (in exact mode
where the function takes ``exact``, and in default mode as well). Each case
must end in one of two ways:

- both packages raise the same documented error: a project error
  (:mod:`purenn.errors`) of the same class with the same message (for a
  path that names no file, the same ``OSError``, as the file functions
  document);
- both return, the same values (to the bit in exact mode) and no NaN or
  infinity that the inputs did not hold.

Anything else (another exception, a numpy warning, which the suite's
warnings-as-errors turns into one, a different message, a mutated argument, a
silent NaN) fails the case, and hypothesis shrinks it to a minimal example.
A second suite sends npnn arrays of the wrong ndim, dtype or shape and checks
that only documented errors come out.

The values are kept to ordinary magnitudes (|x| <= 1e3 for well-formed
numbers, besides the large integers among the bad values): products of
numbers near 1e308 overflow in IEEE arithmetic in either package, which is
not what this suite is about.

The run is reproducible: the ``fuzz`` profile is derandomized with a fixed
number of examples per function, and the tally of cases is printed at the end
of the session (see ``conftest.py``). The same command draws the same cases;
a different selection of tests may draw others, since Hypothesis also takes
constants from the project's modules that the session has imported.
"""

from __future__ import annotations

import contextlib
import inspect
import json
import math
import random
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, fields, is_dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import npnn
import purenn
from purenn.errors import CheckpointError, NNError, ParameterError
from tests.parity import bits

settings.register_profile(
    "fuzz",
    derandomize=True,
    max_examples=50,
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
FUZZ = settings.get_profile("fuzz")
"""Every fuzz test runs under this profile: the same cases on every run and every machine."""

TALLY: Counter[str] = Counter()
"""Outcomes so far: ``cases``, ``same error``, ``both returned``, ``failures``, ``arrays``."""

FILE_FUNCTIONS = {"load_csv", "load_checkpoint", "save_checkpoint"}
"""Functions documented to raise OSError for a file that cannot be read or written."""


# --- Placeholders: values each package builds its own way ---


@dataclass(frozen=True)
class Rng:
    """Stands for ``generator(seed)`` of the package under test."""

    seed: int


@dataclass(frozen=True, eq=False)
class Record:
    """Stands for the package's record ``cls`` (``Forward``, ``Linear``, ...) with ``values``."""

    cls: str
    values: dict[str, object]


@dataclass(frozen=True)
class File:
    """Stands for a file holding ``content``, written to a folder of its own; its path is given."""

    content: bytes
    name: str = "data"


@dataclass(frozen=True)
class NewFile:
    """Stands for the name of a file to write; taken away after each package's call."""

    name: str = "net.json"

    def take(self, folder: Path) -> bytes | None:
        """What the call wrote, if anything; the file is removed for the next call."""
        path = folder / "out" / self.name
        if not path.exists():
            return None
        written = path.read_bytes()
        path.unlink()
        return written


class Opaque:
    """Something that is nothing the functions expect, with a repr that does not change."""

    def __repr__(self) -> str:
        return "Opaque()"


def resolve(value: object, nn: ModuleType, folder: Path) -> Any:
    """Build the package's own value for a placeholder; anything else goes as it is."""
    if isinstance(value, Rng):
        return nn.generator(value.seed)
    if isinstance(value, Record):
        return getattr(nn, value.cls)(
            **{k: resolve(v, nn, folder) for k, v in value.values.items()}
        )
    if isinstance(value, File):
        path = folder / "in" / value.name
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(value.content)
        return str(path)
    if isinstance(value, NewFile):
        path = folder / "out" / value.name
        path.parent.mkdir(exist_ok=True)
        return str(path)
    return value


# --- Strategies: well-formed values ---

GOOD = st.one_of(
    st.just(0.0),
    st.floats(1e-3, 1e3),
    st.floats(-1e3, -1e-3),
    st.integers(-1000, 1000),
)
"""A well-formed number: ordinary magnitudes, ints and floats, zero."""

POSITIVE = st.floats(1e-3, 1e3)
SIZE = st.integers(1, 4)
SEED = st.one_of(st.integers(-1000, 1000), st.just(2**70))


def matrix(rows: int, cols: int, entries: st.SearchStrategy[Any] = GOOD) -> Any:
    return st.lists(st.lists(entries, min_size=cols, max_size=cols), min_size=rows, max_size=rows)


Draw = Callable[[st.SearchStrategy[Any]], Any]
Values = dict[str, object]


# --- Strategies: bad values ---

BAD_SCALARS: list[object] = [
    None, True, False, "", "1.0", "abc", b"1", 1j, [], (), {}, set(), Opaque(),
    math.nan, math.inf, -math.inf, -0.0, 0, -1, 3.5, -2.5,
    2**63, 2**64, -(2**63) - 1, 10**400, -(10**400),
]  # fmt: skip
"""Wrong types, non-finite numbers, integers too large for a float or an index."""


@st.composite
def bad_matrix(draw: Draw) -> object:
    """A matrix that is not one, or one with a bad entry, or of an arbitrary shape."""
    kind = draw(st.sampled_from(["empty", "ragged", "entry", "flat", "deep", "row", "shape"]))
    if kind == "empty":
        return draw(st.sampled_from([[], [[]], [[], []], ((),)]))
    if kind == "ragged":
        lengths = draw(st.lists(st.integers(0, 3), min_size=2, max_size=4).filter(
            lambda n: len(set(n)) > 1))  # fmt: skip
        return [draw(st.lists(GOOD, min_size=n, max_size=n)) for n in lengths]
    if kind == "flat":
        return draw(st.lists(GOOD, min_size=1, max_size=4))
    if kind == "deep":
        return draw(st.sampled_from([[[[1.0]]], [[[1.0], [2.0]]], [[1.0, [2.0]]]]))
    if kind == "row":
        return [[1.0], draw(st.sampled_from(["ab", 3.0, None, {"a": 1}, (1.0,)]))]
    rows, cols = draw(SIZE), draw(SIZE)
    A: list[list[Any]] = draw(matrix(rows, cols))
    if kind == "entry":
        A[draw(st.integers(0, rows - 1))][draw(st.integers(0, cols - 1))] = draw(
            st.sampled_from(BAD_SCALARS)
        )
    if draw(st.booleans()):
        return tuple(tuple(row) for row in A)  # rows as tuples: MatrixLike too
    return A


BAD = st.one_of(st.sampled_from(BAD_SCALARS), bad_matrix())
"""Any bad value, for any argument."""

JSON_BAD: list[object] = [
    None, True, False, "", "x", 0, -1, 1.5, 0.0, [], {}, [[]], [[1.0, "a"]], [1.0],
    2**64, 10**400, -(10**30), math.nan, math.inf,
]  # fmt: skip
"""Bad values that JSON can hold (NaN and Infinity as the non-standard literals)."""


# --- Strategies: valid calls, one per public function ---


def dims(draw: Draw) -> tuple[int, int, int]:
    """``N`` rows, ``D`` features, ``n_h`` hidden units."""
    return draw(SIZE), draw(st.integers(1, 3)), draw(st.integers(1, 3))


def network(draw: Draw) -> Values:
    N, D, n_h = dims(draw)
    return {"X0": draw(matrix(N, D)), "W1": draw(matrix(D, n_h)), "W2": draw(matrix(n_h, 1))}


def table(draw: Draw, least: int = 2) -> Values:
    """Unscaled data for the evaluation functions: positive inputs, any targets."""
    N, D = draw(st.integers(least, 6)), draw(st.integers(1, 2))
    return {"X": draw(matrix(N, D, POSITIVE)), "t": draw(matrix(N, 1))}


def training(draw: Draw) -> Values:
    return {
        "n_h": draw(st.integers(1, 3)),
        "n_iter": draw(st.integers(0, 2)),
        "alpha": draw(st.floats(1e-6, 1e-2)),
        "p": draw(st.sampled_from([0.0, 0.2, 0.5])),
    }


def checkpoint_record(draw: Draw) -> Record:
    D, n_h = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    n_iter = draw(st.integers(0, 4))
    return Record(
        "Checkpoint",
        {
            "weights": Record("Weights", {"W1": draw(matrix(D, n_h)), "W2": draw(matrix(n_h, 1))}),
            "scale": draw(matrix(1, D, POSITIVE)),
            "features": tuple(f"x{j}" for j in range(D)),
            "target": "y",
            "errors": draw(st.lists(POSITIVE, max_size=n_iter)),
            "n_iter": n_iter,
            "alpha": draw(POSITIVE),
            "p": draw(st.sampled_from([0.0, 0.5])),
            "seed": draw(SEED),
            "exact": draw(st.booleans()),
            "package": draw(st.sampled_from(["purenn", "npnn"])),
        },
    )


def checkpoint_document(draw: Draw) -> dict[str, Any]:
    record: Any = checkpoint_record(draw).values
    weights: Any = record["weights"]
    W1, W2 = weights.values["W1"], weights.values["W2"]
    return {
        "format": "twinnets checkpoint",
        "version": 1,
        "package": record["package"],
        "shapes": {"W1": [len(W1), len(W1[0])], "W2": [len(W2), 1]},
        "weights": {"W1": W1, "W2": W2},
        "data": {"features": list(record["features"]), "target": "y", "scale": record["scale"]},
        "settings": {
            "n_h": len(W1[0]),
            "n_iter": record["n_iter"],
            "alpha": record["alpha"],
            "p": record["p"],
            "seed": record["seed"],
            "exact": record["exact"],
        },
        "errors": record["errors"],
    }


def csv_rows(draw: Draw) -> Values:
    """A CSV file with a header, its columns in a random order, one column more than asked."""
    D = draw(st.integers(1, 3))
    features = [f"x{j}" for j in range(D)]
    columns = draw(st.permutations([*features, "y", "note"]))
    rows = [[repr(float(draw(GOOD))) if c != "note" else "n" for c in columns]
            for _ in range(draw(SIZE))]  # fmt: skip
    lines = [list(columns), *rows]
    return {
        "path": File(("\n".join(",".join(line) for line in lines) + "\n").encode(), "rows.csv"),
        "features": features,
        "target": draw(st.sampled_from(["y", None, "absent"])),
    }


def square_enough(draw: Draw) -> Values:
    D = draw(st.integers(1, 3))
    N = draw(st.sampled_from([D, D + 1, 5, 20]))  # 20: past npnn's few-terms product
    return {"A": draw(matrix(N, D)), "b": draw(matrix(N, 1))}


def same_shape(draw: Draw) -> Values:
    rows, cols = draw(SIZE), draw(SIZE)
    return {"A": draw(matrix(rows, cols)), "B": draw(matrix(rows, cols))}


def one_matrix(name: str) -> Callable[[Draw], Values]:
    return lambda draw: {name: draw(matrix(draw(SIZE), draw(SIZE)))}


def columns(draw: Draw) -> Values:
    N = draw(SIZE)
    return {"y": draw(matrix(N, 1)), "t": draw(matrix(N, 1))}


def product(draw: Draw) -> Values:
    n, k, m = draw(SIZE), draw(SIZE), draw(SIZE)
    return {"A": draw(matrix(n, k)), "B": draw(matrix(k, m))}


def scaling(draw: Draw) -> Values:
    N, D = draw(SIZE), draw(SIZE)
    return {"X": draw(matrix(N, D)), "scale": draw(matrix(1, D, POSITIVE))}


def choice(draw: Draw) -> Values:
    n = draw(st.integers(1, 6))
    return {"rng": Rng(draw(SEED)), "k": draw(st.integers(0, n)), "n": n}


def mask(draw: Draw) -> Values:
    p = draw(st.floats(0.0, 0.99))
    return {"rng": Rng(draw(SEED)), "rows": draw(SIZE), "cols": draw(SIZE), "p": p}


def step(draw: Draw) -> Values:
    rows, cols = draw(SIZE), draw(SIZE)
    return {"W": draw(matrix(rows, cols)), "dW": draw(matrix(rows, cols)), "alpha": draw(POSITIVE)}


def forward_cache(draw: Draw) -> Values:
    N, D, n_h = dims(draw)
    cache = {"Z1": draw(matrix(N, n_h)), "X1": draw(matrix(N, n_h)), "y": draw(matrix(N, 1))}
    return {
        "X0": draw(matrix(N, D)),
        "t": draw(matrix(N, 1)),
        "W1": draw(matrix(D, n_h)),
        "W2": draw(matrix(n_h, 1)),
        "cache": Record("Forward", cache),
    }


def fit(draw: Draw) -> Values:
    N, D, _ = dims(draw)
    X0, t = draw(matrix(N, D)), draw(matrix(N, 1))
    return {"X0": X0, "t": t, **training(draw), "seed": draw(SEED), "callback": None}


def linear_fit(draw: Draw) -> Values:
    values = square_enough(draw)
    return {"X0": values["A"], "t": values["b"], "intercept": draw(st.booleans())}


def linear_model(draw: Draw) -> Values:
    N, D = draw(SIZE), draw(st.integers(1, 3))
    model = {"w": draw(matrix(D, 1)), "b": draw(GOOD), "intercept": draw(st.booleans())}
    return {"model": Record("Linear", model), "X0": draw(matrix(N, D))}


def splitting(draw: Draw) -> Values:
    return {**table(draw), "test_fraction": draw(st.floats(0.1, 0.9)), "seed": draw(SEED)}


def folds(draw: Draw) -> Values:
    N = draw(st.integers(2, 8))
    return {"N": N, "k": draw(st.integers(2, N)), "seed": draw(SEED)}


def held_out(draw: Draw) -> Values:
    values = {**table(draw, 3), "test_fraction": draw(st.floats(0.2, 0.8)), "seed": draw(SEED)}
    return {**values, **training(draw), "progress": None}


def held_out_linear(draw: Draw) -> Values:
    values = {**table(draw, 3), "test_fraction": draw(st.floats(0.2, 0.8)), "seed": draw(SEED)}
    return {**values, "intercept": draw(st.booleans())}


def cross_validated(draw: Draw) -> Values:
    values = table(draw, 3)
    k = draw(st.integers(2, len(values["X"])))  # type: ignore[arg-type]
    return {**values, "k": k, "seed": draw(SEED), **training(draw), "progress": None}


def cross_validated_linear(draw: Draw) -> Values:
    values = table(draw, 3)
    k = draw(st.integers(2, len(values["X"])))  # type: ignore[arg-type]
    return {**values, "k": k, "seed": draw(SEED), "intercept": draw(st.booleans())}


def grid_of(values: st.SearchStrategy[Any]) -> Any:
    return st.lists(values, min_size=1, max_size=2, unique=True)


def tuning(draw: Draw) -> Values:
    return {
        **table(draw, 3),
        "alpha": draw(grid_of(st.floats(1e-6, 1e-3))),
        "n_h": draw(grid_of(st.integers(1, 2))),
        "p": draw(grid_of(st.sampled_from([0.0, 0.5]))),
        "n_iter": draw(grid_of(st.integers(0, 1))),
        "k": 2,
        "seed": draw(SEED),
        "progress": None,
    }


def housing(draw: Draw) -> Values:
    features = draw(st.lists(st.sampled_from(purenn.COLUMNS), min_size=1, max_size=3))
    return {"features": features, "target": draw(st.sampled_from(purenn.COLUMNS))}


def saving(draw: Draw) -> Values:
    return {"path": NewFile(), "checkpoint": checkpoint_record(draw)}


def loading(draw: Draw) -> Values:
    return {"path": File(json.dumps(checkpoint_document(draw)).encode(), "net.json")}


def predicting(draw: Draw) -> Values:
    c = checkpoint_record(draw)
    D = len(c.values["features"])  # type: ignore[arg-type]
    return {"checkpoint": c, "X": draw(matrix(draw(SIZE), D))}


SPECS: dict[str, Callable[[Draw], Values]] = {
    # matrix
    "shape": one_matrix("A"),
    "zeros": lambda draw: {"rows": draw(SIZE), "cols": draw(SIZE)},
    "transpose": one_matrix("A"),
    "matmul": product,
    "add": same_shape,
    "subtract": same_shape,
    "multiply": same_shape,
    "scale": lambda draw: {"c": draw(GOOD), **one_matrix("A")(draw)},
    "relu": one_matrix("A"),
    "relu_mask": one_matrix("A"),
    "total": one_matrix("A"),
    # random
    "generator": lambda draw: {"seed": draw(SEED)},
    "uniform": lambda draw: {"rng": Rng(draw(SEED)), "rows": draw(SIZE), "cols": draw(SIZE)},
    "choose": choice,
    # data
    "load_housing": housing,
    "fit_scale": one_matrix("X"),
    "apply_scale": scaling,
    "load_csv": csv_rows,
    # network
    "init_weights": lambda draw: {"rng": Rng(draw(SEED)), "D": draw(SIZE), "n_h": draw(SIZE)},
    "forward": network,
    "predict": network,
    "loss": columns,
    "rmse": columns,
    "backward": forward_cache,
    "update": step,
    # dropconnect
    "dropconnect_mask": mask,
    "drop_connect": lambda draw: dict(zip(("W", "M"), same_shape(draw).values())),
    # train
    "train": fit,
    # baseline
    "least_squares": square_enough,
    "fit_linear": linear_fit,
    "predict_linear": linear_model,
    # evaluate
    "split": splitting,
    "kfold": folds,
    "score": columns,
    "holdout": held_out,
    "holdout_linear": held_out_linear,
    "cross_validate": cross_validated,
    "cross_validate_linear": cross_validated_linear,
    # tune
    "tune": tuning,
    # checkpoint
    "save_checkpoint": saving,
    "load_checkpoint": loading,
    "predict_checkpoint": predicting,
}
"""How to draw a valid call of each public function, as keyword arguments."""


# --- Breaking a valid call ---


def corrupt_json(draw: Draw, doc: Any) -> bytes:
    """Break a checkpoint: a field replaced, removed or added, or the text itself damaged."""
    how = draw(st.sampled_from(["replace", "remove", "add", "text"]))
    if how == "text":
        text = json.dumps(doc).encode()
        damage = draw(st.sampled_from(["cut", "byte", "empty", "nan", "list"]))
        if damage == "cut":
            return text[: draw(st.integers(0, len(text) - 1))]
        if damage == "byte":
            at = draw(st.integers(0, len(text)))
            extra: bytes = draw(st.sampled_from([b"\xff", b"\x00", b"}", b"[", b","]))
            return text[:at] + extra + text[at:]
        if damage == "nan":
            return text.replace(b'"alpha": ', b'"alpha": NaN, "x": ', 1)
        return b"[]" if damage == "list" else b""
    # walk down to a random field
    parent, key = doc, None
    while True:
        keys = list(parent) if isinstance(parent, dict) else list(range(len(parent)))
        if not keys:
            break
        key = draw(st.sampled_from(keys))
        child = parent[key]
        if not isinstance(child, dict | list) or not child or draw(st.booleans()):
            break
        parent = child
    if key is not None and how == "replace":
        parent[key] = draw(st.sampled_from(JSON_BAD))
    elif key is not None and how == "remove":
        del parent[key]
    elif isinstance(parent, dict):
        parent["unknown"] = 1
    else:
        parent.append(draw(st.sampled_from(JSON_BAD)))
    return json.dumps(doc).encode()


def corrupt_csv(draw: Draw, content: bytes) -> bytes:
    """Break a CSV file: a cell, a row's length, the header, the encoding, the whole file."""
    lines = content.decode().splitlines()
    how = draw(st.sampled_from(["cell", "short", "long", "no-header", "header-only", "empty",
                                "drop-column", "twice", "bytes", "blank"]))  # fmt: skip
    if how == "empty":
        return b""
    if how == "bytes":
        return content[:5] + b"\xe9\xff" + content[5:]
    if how == "no-header":
        lines = lines[1:] or ["1,2"]
    elif how == "header-only":
        lines = lines[:1]
    elif how == "blank":
        lines.insert(draw(st.integers(0, len(lines))), "")
    elif how == "twice":
        lines[0] = lines[0] + "," + lines[0].split(",")[0]
    elif how == "drop-column":
        j = draw(st.integers(0, lines[0].count(",")))
        lines = [",".join(c for i, c in enumerate(line.split(",")) if i != j) for line in lines]
    else:
        i = draw(st.integers(1, len(lines) - 1)) if len(lines) > 1 else 0
        cells = lines[i].split(",")
        if how == "cell":
            cells[draw(st.integers(0, len(cells) - 1))] = draw(
                st.sampled_from(
                    ["", "abc", "nan", "-inf", "1e999", " ", '"1"', "1_0", "0x1", "1,5"]
                )
            )
        elif how == "short":
            cells = cells[:-1]
        else:
            cells.append("7")
        lines[i] = ",".join(cells)
    return ("\n".join(lines) + "\n").encode()


def corrupt_value(draw: Draw, value: object) -> object:
    """A bad replacement for ``value``: any bad value, or, for a record or file, a broken part."""
    if isinstance(value, Record) and draw(st.booleans()):
        field = draw(st.sampled_from(sorted(value.values)))
        return Record(value.cls, {**value.values, field: corrupt_value(draw, value.values[field])})
    if isinstance(value, File) and draw(st.integers(0, 3)) > 0:
        if value.name.endswith(".json"):
            return File(corrupt_json(draw, json.loads(value.content)), value.name)
        return File(corrupt_csv(draw, value.content), value.name)
    return draw(BAD)


# --- Calling both packages ---


@dataclass
class Outcome:
    """How a call ended: a returned value, or an exception."""

    value: Any = None
    error: BaseException | None = None

    def describe(self) -> str:
        if self.error is None:
            return "returned"
        return f"{type(self.error).__name__}: {self.error}"


def call(nn: ModuleType, name: str, values: Values, folder: Path, **extra: object) -> Outcome:
    kwargs = {key: resolve(value, nn, folder) for key, value in values.items()}
    try:
        return Outcome(value=getattr(nn, name)(**kwargs, **extra))
    except Exception as error:  # every exception is an outcome, to be judged
        return Outcome(error=error)


def documented(outcome: Outcome, name: str) -> bool:
    """A project error, or, for the file functions, the operating system's."""
    if isinstance(outcome.error, NNError):
        return True
    return name in FILE_FUNCTIONS and isinstance(outcome.error, OSError)


def plain(value: Any) -> Any:
    """A result as lists, ints, strings and the exact bits of every float."""
    if isinstance(value, np.ndarray):
        return plain(value.tolist())
    if isinstance(value, float | np.floating):
        return ("float", bits(value))
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, random.Random | np.random.Generator):
        return "generator"
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def non_finite(value: Any) -> bool:
    """Some float in ``value`` (a result or an argument, to any depth) is NaN or infinite."""
    if isinstance(value, Record):
        return any(non_finite(v) for v in value.values.values())
    if isinstance(value, dict):
        return any(non_finite(v) for v in value.values())
    if isinstance(value, np.ndarray):
        return value.dtype.kind == "f" and not np.isfinite(value).all()
    if isinstance(value, float | np.floating):
        return not math.isfinite(value)
    if is_dataclass(value) and not isinstance(value, type):
        return any(non_finite(getattr(value, f.name)) for f in fields(value))
    if isinstance(value, list | tuple):
        return any(non_finite(v) for v in value)
    return False


def takes_exact(name: str) -> bool:
    return "exact" in inspect.signature(getattr(purenn, name)).parameters


def judge(name: str, values: Values, folder: Path) -> None:
    """Call both packages with ``values``; fail unless both agree as the module docstring says."""
    TALLY["cases"] += 1
    before = repr(values)
    exact = {"exact": True} if takes_exact(name) else {}
    new_file = next((v for v in values.values() if isinstance(v, NewFile)), None)
    pure = call(purenn, name, values, folder)
    pure_wrote = new_file.take(folder) if new_file else None
    twin = call(npnn, name, values, folder, **exact)
    twin_wrote = new_file.take(folder) if new_file else None
    default = call(npnn, name, values, folder) if exact else twin
    assert repr(values) == before, f"{name} changed its arguments"
    problems = []
    for label, outcome in (("purenn", pure), ("npnn", twin), ("npnn default", default)):
        if outcome.error is not None and not documented(outcome, name):
            problems.append(f"{label} raised {outcome.describe()}")
        if outcome.error is None and non_finite(outcome.value) and not non_finite(values):
            problems.append(f"{label} returned a NaN or an infinity from finite inputs")
    same_ending = (pure.error is None) == (twin.error is None)
    if not same_ending or (pure.error is not None and pure.describe() != twin.describe()):
        problems.append(f"purenn {pure.describe()}; npnn {twin.describe()}")
    elif pure.error is None and plain(pure.value) != plain(twin.value):
        problems.append("the two packages returned different values")
    if pure_wrote != twin_wrote:
        problems.append("the two packages wrote different files")
    if default is not twin and (default.error is None) != (twin.error is None):
        problems.append(f"npnn default mode {default.describe()}; exact mode {twin.describe()}")
    if problems:
        TALLY["failures"] += 1
        raise AssertionError(f"{name}: " + "; ".join(problems))
    if pure.error is None:
        TALLY["both returned"] += 1
    else:
        TALLY["same error"] += 1
        TALLY[f"same error: {type(pure.error).__name__}"] += 1


@st.composite
def calls(draw: Draw, name: str) -> Values:
    """A call of ``name``: valid, then up to two of its arguments broken (or none, at times)."""
    values = SPECS[name](draw)
    broken = draw(st.lists(st.sampled_from(sorted(values)), max_size=2, unique=True))
    if not broken and draw(st.integers(0, 4)) > 0:
        broken = [draw(st.sampled_from(sorted(values)))]  # mostly at least one
    for key in broken:
        values[key] = corrupt_value(draw, values[key])
    return values


def public_functions() -> list[str]:
    return sorted(n for n in purenn.__all__ if inspect.isfunction(getattr(purenn, n)))


def test_every_public_function_is_fuzzed() -> None:
    """A strategy for each function of the interface, and for nothing else."""
    assert sorted(SPECS) == public_functions()


@pytest.mark.parametrize("name", public_functions())
@settings(FUZZ, max_examples=3)
@given(data=st.data())
def test_each_strategy_draws_the_function_s_arguments(name: str, data: st.DataObject) -> None:
    """Each strategy draws keyword arguments that the function has, by name."""
    parameters = set(inspect.signature(getattr(purenn, name)).parameters) - {"exact"}
    assert set(SPECS[name](data.draw)) <= parameters


@pytest.mark.parametrize("name", public_functions())
@FUZZ
@given(data=st.data())
def test_bad_inputs_raise_the_same_documented_error_in_both(name: str, data: st.DataObject) -> None:
    """The same generated call, in purenn and in npnn: the same documented error, or no NaN."""
    values = data.draw(calls(name), label="call")
    with tempfile.TemporaryDirectory() as folder, contextlib.chdir(folder):
        judge(name, values, Path(folder))


# --- npnn alone: arrays of the wrong ndim, dtype or shape ---

BAD_ARRAYS = [
    np.float64(1.0),  # a numpy scalar
    np.zeros(()),
    np.zeros(3),
    np.zeros((2, 2, 2)),
    np.zeros((0, 3)),
    np.zeros((3, 0)),
    np.ones((2, 2), dtype=bool),
    np.ones((2, 2), dtype=complex),
    np.array([["a", "b"]]),
    np.array([[1.0, None]], dtype=object),
    np.array([[np.datetime64("2020-01-01")]]),
    np.array([[1.0, np.nan]]),
    np.array([[np.inf], [1.0]]),
    np.ones((2, 2), dtype=np.float32),  # converted, not refused
    np.arange(6, dtype=np.int64).reshape(3, 2),  # converted, not refused
    np.ones((5, 4)),  # a shape that fits nothing drawn here
]
"""Arrays npnn must refuse, or convert, but never crash on."""


def array_arguments(values: Values) -> list[str]:
    """The arguments that are matrices (lists of rows), which an array may replace."""
    return [k for k, v in values.items() if isinstance(v, list) and v and isinstance(v[0], list)]


@pytest.mark.parametrize(
    "name", [n for n in public_functions() if n not in {"generator", "zeros", "kfold"}]
)
@settings(FUZZ, max_examples=12)
@given(data=st.data())
def test_npnn_refuses_bad_arrays_with_documented_errors(name: str, data: st.DataObject) -> None:
    """An array of the wrong ndim, dtype or shape: npnn raises a project error or converts it."""
    values = SPECS[name](data.draw)
    targets = array_arguments(values) or sorted(values)
    key = data.draw(st.sampled_from(targets), label="argument")
    values[key] = data.draw(st.sampled_from(BAD_ARRAYS), label="array")
    TALLY["arrays"] += 1
    with tempfile.TemporaryDirectory() as folder, contextlib.chdir(folder):
        for exact in [True, False] if takes_exact(name) else [None]:
            extra = {} if exact is None else {"exact": exact}
            outcome = call(npnn, name, values, Path(folder), **extra)
            if outcome.error is not None and not documented(outcome, name):
                TALLY["failures"] += 1
                raise AssertionError(f"{name}({key}=array): npnn raised {outcome.describe()}")
            if outcome.error is None and non_finite(outcome.value) and not non_finite(values):
                TALLY["failures"] += 1
                raise AssertionError(f"{name}({key}=array): a NaN or an infinity came back")


# --- What the fuzzer found, kept as plain cases ---

FOUND = [
    # npnn.load_housing compared an array with the column names (ValueError from numpy).
    (npnn, "load_housing", {"features": ["CRIM"], "target": np.zeros(3)}, ParameterError,
     "load_housing: unknown column array([0., 0., 0.]); the columns are "
     + ", ".join(purenn.COLUMNS)),
    (npnn, "load_housing", {"features": np.zeros(3)}, ParameterError,
     "load_housing: features must be a list of column names, got array([0., 0., 0.])"),
    # The message named each package's own class, so the two differed for the same value.
    (purenn, "predict_checkpoint", {"checkpoint": None, "X": [[1.0]]}, CheckpointError,
     "predict_checkpoint: checkpoint must be a Checkpoint record, got NoneType"),
    (npnn, "predict_checkpoint", {"checkpoint": None, "X": [[1.0]]}, CheckpointError,
     "predict_checkpoint: checkpoint must be a Checkpoint record, got NoneType"),
    # Bad generators (AttributeError) and sizes beyond any index (a hang in purenn,
    # numpy's ValueError in npnn): see FOUND_BY_FUZZING in tests/bad_inputs/network.py.
]  # fmt: skip


@pytest.mark.parametrize(
    ("nn", "name", "kwargs", "error", "message"),
    FOUND,
    ids=[f"{case[0].__name__}-{case[1]}-{i}" for i, case in enumerate(FOUND)],
)
def test_what_the_fuzzer_found_stays_fixed(
    nn: ModuleType, name: str, kwargs: dict[str, Any], error: type[NNError], message: str
) -> None:
    """Each case the fuzzer shrank to, with the error and message it must raise now."""
    with pytest.raises(NNError) as caught:
        getattr(nn, name)(**kwargs)
    assert type(caught.value) is error
    assert str(caught.value) == message
