r"""Checkpoints: a trained network in a JSON file, to predict with later, in either package.

A checkpoint holds what a prediction needs and what says where it came from:

- the format's name and version;
- the shapes, and the weights ``W1 (D, n_h)`` and ``W2 (n_h, 1)``;
- the data: the ``features`` (the names of ``W1``'s rows, in order), the
  ``target``, and ``scale (1, D)``, the column maxima the training inputs
  were divided by, so that raw rows are scaled as training scaled them;
- the settings and seed of the training run, and the package that ran it;
- the error history, one error per step done (fewer than ``n_iter`` when the
  training was interrupted).

The file is JSON, never pickle: unpickling runs whatever code the file names,
and a checkpoint is a file people pass around. Floats are written by
``repr``, the shortest text that reads back as the same double, so a network
saved by one package and loaded by the other predicts the same bits (in
npnn's exact mode). Version 1 looks like this (the ``errors`` are wrapped,
five to a line, and a matrix is written one row to a line)::

    {
      "format": "twinnets checkpoint",
      "version": 1,
      "package": "purenn",
      "shapes": {"W1": [3, 4], "W2": [4, 1]},
      "weights": {"W1": [[...], ...], "W2": [[...], ...]},
      "data": {"features": ["CRIM", "TAX", "PTRATIO"], "target": "MEDV",
               "scale": [[88.9762, 711.0, 22.0]]},
      "settings": {"n_h": 4, "n_iter": 1000, "alpha": 1e-06, "p": 0.2,
                   "seed": 0, "exact": false},
      "errors": [...]
    }

**Saving is atomic.** The text goes to a new file beside the target, is
flushed and synced to the disk, and only then renamed over the target
(``os.replace``, atomic on POSIX and Windows). A save that is interrupted,
even by a kill or a power cut, leaves the old file as it was (and, at worst,
a stray ``.NAME.*.tmp`` file beside it).

**Loading checks everything** and refuses, with a
:class:`~purenn.errors.CheckpointError` that names the file and the field:
text that is not JSON, another format or version, a missing or unknown
field, a value of the wrong type, shapes that do not fit, and numbers that
are not finite. npnn reads and writes through this very code and turns the
matrices into arrays.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from purenn.data import _apply_scale
from purenn.errors import CheckpointError, DataError, NNError
from purenn.matrix import Matrix, MatrixLike
from purenn.network import Weights, _forward
from purenn.support import checks
from purenn.support.files import write_atomic
from purenn.support.records import record_repr

__all__ = [
    "FORMAT",
    "VERSION",
    "Checkpoint",
    "load_checkpoint",
    "predict_checkpoint",
    "save_checkpoint",
]

FORMAT = "twinnets checkpoint"
"""The value of the ``format`` field: says what the file is."""

VERSION = 1
"""The version of the format this package writes, and the only one it reads."""

PACKAGES = ("purenn", "npnn")
"""The packages that write checkpoints: the ``package`` field names one."""

SEED_DIGITS = 1000
"""The most digits a seed may have in a checkpoint (JSON readers limit long integers)."""


@dataclass(frozen=True, repr=False)
class Checkpoint:
    """A trained network, how its inputs were scaled, and how it was trained.

    ``weights`` holds ``W1 (D, n_h)`` and ``W2 (n_h, 1)``. ``scale (1, D)``
    holds the column maxima that raw inputs are divided by; ``features`` names
    the ``D`` input columns in the order of ``W1``'s rows and ``target`` the
    column predicted. ``errors`` is the error of every step done: fewer than
    ``n_iter`` if the training was stopped early. ``n_iter``, ``alpha``,
    ``p``, ``seed`` and ``exact`` are the settings of :func:`~purenn.train.train`
    that produced the weights (``n_h`` is the width of ``W1``), and
    ``package`` names the package that ran it: ``"purenn"`` or ``"npnn"``.
    """

    weights: Weights
    scale: Matrix
    features: tuple[str, ...]
    target: str
    errors: list[float]
    n_iter: int
    alpha: float
    p: float
    seed: int
    exact: bool
    package: str

    @property
    def n_h(self) -> int:
        """Hidden units: the number of columns of ``W1``."""
        return len(self.weights.W1[0])

    __repr__ = record_repr


# --- Reading and checking a document: what the JSON holds, field by field ---

_FIELDS = ("format", "version", "package", "shapes", "weights", "data", "settings", "errors")
_SETTINGS = ("n_h", "n_iter", "alpha", "p", "seed", "exact")


def _object(where: str, value: object, name: str, keys: tuple[str, ...]) -> dict[str, Any]:
    """A JSON object with exactly the fields ``keys``: none missing, none unknown."""
    if not isinstance(value, dict):
        raise CheckpointError(f"{where}: {name} must be a JSON object, got {_describe(value)}")
    for key in keys:
        if key not in value:
            raise CheckpointError(f"{where}: field {_dotted(name, key)} is missing")
    for key in value:
        if key not in keys:
            raise CheckpointError(
                f"{where}: unknown field {_dotted(name, str(key))}; {name} holds {', '.join(keys)}"
            )
    return value


def _dotted(name: str, key: str) -> str:
    return key if name == "the checkpoint" else f"{name}.{key}"


def _describe(value: object) -> str:
    """A short description of a JSON value for a message: its text or its kind."""
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    return checks.describe(value)


def _shape(where: str, value: object, name: str) -> tuple[int, int]:
    if not isinstance(value, list) or len(value) != 2:
        raise CheckpointError(
            f"{where}: {name} must be a list of two whole numbers, got {_describe(value)}"
        )
    rows = checks.count(value[0], where, f"{name}[0]", 1)
    cols = checks.count(value[1], where, f"{name}[1]", 1)
    return rows, cols


def _matrix(where: str, value: object, name: str, want: tuple[int, int]) -> Matrix:
    A = checks.list_matrix(value, where, name, finite=True)
    checks.expect_shape(where, name, (len(A), len(A[0])), want)
    return A


def _names(where: str, value: object, name: str, D: int) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise CheckpointError(f"{where}: {name} must be a list of names, got {_describe(value)}")
    for i, v in enumerate(value):
        if not isinstance(v, str) or v == "":
            raise CheckpointError(f"{where}: {name}[{i}] must be a name, got {_describe(v)}")
        if v in value[:i]:
            raise CheckpointError(f"{where}: {name} lists {v!r} twice")
    if len(value) != D:
        raise CheckpointError(
            f"{where}: {name} names {len(value)} columns but weights.W1 has {D} rows, one per input"
        )
    return tuple(value)


def _settings(where: str, value: object, n_h: int) -> tuple[int, float, float, int, bool]:
    """Check the training settings; return ``(n_iter, alpha, p, seed, exact)``."""
    s = _object(where, value, "settings", _SETTINGS)
    if checks.count(s["n_h"], where, "settings.n_h", 1) != n_h:
        raise CheckpointError(
            f"{where}: settings.n_h is {s['n_h']} but weights.W1 has {n_h} columns, one per unit"
        )
    n_iter = checks.count(s["n_iter"], where, "settings.n_iter", 0)
    alpha = checks.scalar(s["alpha"], where, "settings.alpha")
    if alpha <= 0.0:
        raise CheckpointError(f"{where}: settings.alpha must be positive, got {s['alpha']!r}")
    p = checks.scalar(s["p"], where, "settings.p")
    if not 0.0 <= p < 1.0:
        raise CheckpointError(f"{where}: settings.p must be in [0, 1), got {s['p']!r}")
    seed = s["seed"]
    if not isinstance(seed, int) or isinstance(seed, bool):
        raise CheckpointError(
            f"{where}: settings.seed must be a whole number, got {_describe(seed)}"
        )
    if abs(seed) >= 10**SEED_DIGITS:
        raise CheckpointError(
            f"{where}: settings.seed has more than {SEED_DIGITS} digits; too long to store"
        )
    exact = checks.flag(s["exact"], where, "settings.exact")
    return n_iter, alpha, p, seed, exact


def _history(where: str, value: object, n_iter: int) -> list[float]:
    if not isinstance(value, list):
        raise CheckpointError(f"{where}: errors must be a list of numbers, got {_describe(value)}")
    errors = [checks.scalar(e, where, f"errors[{i}]") for i, e in enumerate(value)]
    if len(errors) > n_iter:
        raise CheckpointError(
            f"{where}: errors holds {len(errors)} values but settings.n_iter is {n_iter}; "
            f"a step records one error"
        )
    return errors


def _content(where: str, doc: dict[str, Any]) -> Checkpoint:
    """Check every field but ``format``, ``version`` and ``shapes``; build the record.

    ``where`` begins every message: the operation, and the file if any.
    """
    package = doc["package"]
    if not isinstance(package, str) or package not in PACKAGES:
        raise CheckpointError(
            f"{where}: package must be one of {', '.join(PACKAGES)}, got {_describe(package)}"
        )
    weights = _object(where, doc["weights"], "weights", ("W1", "W2"))
    W1 = checks.list_matrix(weights["W1"], where, "weights.W1", finite=True)
    D, n_h = len(W1), len(W1[0])
    W2 = _matrix(where, weights["W2"], "weights.W2", (n_h, 1))
    data = _object(where, doc["data"], "data", ("features", "target", "scale"))
    features = _names(where, data["features"], "data.features", D)
    target = data["target"]
    if not isinstance(target, str) or target == "":
        raise CheckpointError(f"{where}: data.target must be a name, got {_describe(target)}")
    scale = _matrix(where, data["scale"], "data.scale", (1, D))
    for j, m in enumerate(scale[0]):
        if m <= 0.0:
            raise CheckpointError(f"{where}: data.scale[0][{j}] is {m!r}; it must be positive")
    n_iter, alpha, p, seed, exact = _settings(where, doc["settings"], n_h)
    errors = _history(where, doc["errors"], n_iter)
    return Checkpoint(
        Weights(W1, W2), scale, features, target, errors, n_iter, alpha, p, seed, exact, package
    )


@contextlib.contextmanager
def _refusing() -> Iterator[None]:
    """Raise any project error from the checks as a CheckpointError, with its message."""
    try:
        yield
    except CheckpointError:
        raise
    except NNError as error:
        raise CheckpointError(str(error)) from None


def _kind(value: object) -> str:
    """The type of ``value`` for a message: ``list``, or ``purenn.network.Weights``."""
    kind = type(value)
    return kind.__name__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__name__}"


# --- From a record to a document, and a document to text ---


def _document(
    op: str,
    checkpoint: object,
    record: type[Any],
    weights: type[Any],
    plain: Callable[[object], object],
) -> dict[str, Any]:
    """What a ``Checkpoint`` record would be as JSON, not yet checked.

    ``record`` and ``weights`` are the package's own classes; ``plain`` turns
    one of its matrices into lists (npnn's turns arrays into lists).
    """
    if not isinstance(checkpoint, record):
        raise CheckpointError(
            f"{op}: checkpoint must be a Checkpoint record, got {_kind(checkpoint)}"
        )
    c: Any = checkpoint
    w: Any = c.weights
    if not isinstance(w, weights):
        raise CheckpointError(f"{op}: checkpoint.weights must be a Weights record, got {_kind(w)}")
    W1 = plain(w.W1)
    # n_h as the width of W1; should W1 be no matrix, its own check fails first.
    matrix = isinstance(W1, list | tuple) and len(W1) > 0 and isinstance(W1[0], list | tuple)
    n_h = len(W1[0]) if matrix else 1  # type: ignore[index]
    features = list(c.features) if isinstance(c.features, list | tuple) else c.features
    return {
        "package": c.package,
        "weights": {"W1": W1, "W2": plain(w.W2)},
        "data": {"features": features, "target": c.target, "scale": plain(c.scale)},
        "settings": {
            "n_h": n_h,
            "n_iter": c.n_iter,
            "alpha": c.alpha,
            "p": c.p,
            "seed": c.seed,
            "exact": c.exact,
        },
        "errors": list(c.errors) if isinstance(c.errors, list | tuple) else plain(c.errors),
    }


def _record_content(
    op: str,
    checkpoint: object,
    record: type[Any],
    weights: type[Any],
    plain: Callable[[object], object],
) -> Checkpoint:
    """Check a ``Checkpoint`` record as a loaded file is checked; return purenn's record."""
    doc = _document(op, checkpoint, record, weights, plain)
    with _refusing():
        c = _content(op, doc)
    return c


def _text(c: Checkpoint) -> str:
    """The checkpoint as JSON text: fields in a fixed order, a matrix row to a line."""
    D, n_h = len(c.weights.W1), c.n_h
    fields: list[tuple[str, str]] = [
        ("format", json.dumps(FORMAT)),
        ("version", json.dumps(VERSION)),
        ("package", json.dumps(c.package)),
        ("shapes", json.dumps({"W1": [D, n_h], "W2": [n_h, 1]})),
        (
            "weights",
            _block([("W1", _rows(c.weights.W1, 4)), ("W2", _rows(c.weights.W2, 4))], 2),
        ),
        (
            "data",
            _block(
                [
                    ("features", json.dumps(list(c.features))),
                    ("target", json.dumps(c.target)),
                    ("scale", json.dumps(c.scale, allow_nan=False)),
                ],
                2,
            ),
        ),
        (
            "settings",
            json.dumps(
                {
                    "n_h": n_h,
                    "n_iter": c.n_iter,
                    "alpha": c.alpha,
                    "p": c.p,
                    "seed": c.seed,
                    "exact": c.exact,
                },
                allow_nan=False,
            ),
        ),
        ("errors", _wrapped(c.errors, 2)),
    ]
    return _block(fields, 0) + "\n"


def _block(fields: list[tuple[str, str]], indent: int) -> str:
    pad = " " * (indent + 2)
    inner = ",\n".join(f"{pad}{json.dumps(key)}: {value}" for key, value in fields)
    return "{\n" + inner + "\n" + " " * indent + "}"


def _rows(A: Matrix, indent: int) -> str:
    pad = " " * (indent + 2)
    inner = ",\n".join(pad + json.dumps(row, allow_nan=False) for row in A)
    return "[\n" + inner + "\n" + " " * indent + "]"


def _wrapped(values: list[float], indent: int, per_line: int = 5) -> str:
    if len(values) <= per_line:
        return json.dumps(values, allow_nan=False)
    pad = " " * (indent + 2)
    lines = [
        pad + ", ".join(json.dumps(v, allow_nan=False) for v in values[i : i + per_line])
        for i in range(0, len(values), per_line)
    ]
    return "[\n" + ",\n".join(lines) + "\n" + " " * indent + "]"


# --- Reading text back into a document ---


class _RefusedError(Exception):
    """Raised by the JSON parser's hooks; turned into a CheckpointError."""


def _no_constants(name: str) -> object:
    raise _RefusedError(
        f"holds {name}, which is not a JSON number; a checkpoint holds finite numbers"
    )


def _no_repeats(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj: dict[str, Any] = {}
    for key, value in pairs:
        if key in obj:
            raise _RefusedError(f"holds the field {key!r} twice in one object")
        obj[key] = value
    return obj


def _parse(where: str, raw: bytes) -> object:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise CheckpointError(
            f"{where}: not a checkpoint: line {line} is not UTF-8 text (byte {error.start})"
        ) from None
    if text.strip() == "":
        raise CheckpointError(f"{where}: not a checkpoint: the file is empty")
    try:
        return json.loads(text, parse_constant=_no_constants, object_pairs_hook=_no_repeats)
    except _RefusedError as error:
        raise CheckpointError(f"{where}: not a checkpoint: it {error}") from None
    except json.JSONDecodeError as error:
        raise CheckpointError(
            f"{where}: not a checkpoint: not valid JSON: {error.msg} "
            f"(line {error.lineno}, column {error.colno})"
        ) from None
    except RecursionError:
        raise CheckpointError(f"{where}: not a checkpoint: nested too deeply") from None
    except ValueError as error:  # for instance an integer of too many digits
        raise CheckpointError(f"{where}: not a checkpoint: not valid JSON: {error}") from None


def _read(path: str) -> Checkpoint:
    """Read, parse and check the file ``path``; return purenn's record."""
    where = f"load_checkpoint: {path}"
    with open(path, "rb") as f:
        raw = f.read()
    doc = _parse(where, raw)
    if not isinstance(doc, dict):
        raise CheckpointError(
            f"{where}: not a checkpoint: it holds {_describe(doc)}, not a JSON object"
        )
    if "format" not in doc:
        raise CheckpointError(f"{where}: not a checkpoint: field format is missing")
    if doc["format"] != FORMAT:
        raise CheckpointError(
            f"{where}: not a checkpoint: format is {_describe(doc['format'])}, not {FORMAT!r}"
        )
    if "version" not in doc:
        raise CheckpointError(f"{where}: field version is missing")
    version = doc["version"]
    if not isinstance(version, int) or isinstance(version, bool):
        raise CheckpointError(f"{where}: version must be a whole number, got {_describe(version)}")
    if version != VERSION:
        raise CheckpointError(
            f"{where}: version {checks.describe(version)} is not one this package reads "
            f"(it reads version {VERSION}); a newer release may read it"
        )
    doc = _object(where, doc, "the checkpoint", _FIELDS)
    shapes = _object(where, doc["shapes"], "shapes", ("W1", "W2"))
    with _refusing():
        declared = {name: _shape(where, shapes[name], f"shapes.{name}") for name in ("W1", "W2")}
        c = _content(where, doc)
    for name, A in (("W1", c.weights.W1), ("W2", c.weights.W2)):
        actual = (len(A), len(A[0]))
        if declared[name] != actual:
            raise CheckpointError(
                f"{where}: shapes.{name} is {list(declared[name])} but weights.{name} "
                f"has shape {actual}"
            )
    return c


# --- The public functions ---


def _plain(A: object) -> object:
    return A


def save_checkpoint(path: str | os.PathLike[str], checkpoint: Checkpoint) -> None:
    """Write ``checkpoint`` to the file ``path`` as JSON, atomically.

    The record is checked as :func:`load_checkpoint` checks a file, so what
    is saved can be loaded. The old file, if any, is replaced only once the
    new one is wholly on the disk.

    Args:
        path: the file to write; its folder must exist.
        checkpoint: the record to save.

    Raises:
        ParameterError: ``path`` is not a file name.
        CheckpointError: the record is not a valid checkpoint (the message
            names the field).
        OSError: the file cannot be written.
    """
    op = "save_checkpoint"
    path = checks.file_name(path, op)
    c = _record_content(f"{op}: {path}", checkpoint, Checkpoint, Weights, _plain)
    write_atomic(path, _text(c))


def load_checkpoint(path: str | os.PathLike[str]) -> Checkpoint:
    """Read a checkpoint that :func:`save_checkpoint` wrote, in this package or in npnn.

    Args:
        path: the file to read.

    Returns:
        The ``Checkpoint``, its matrices as lists of rows.

    Raises:
        ParameterError: ``path`` is not a file name.
        CheckpointError: the file is not a valid checkpoint: not JSON,
            another format or version, a field missing, unknown or of the
            wrong type, shapes that do not fit, a number that is not finite.
            The message names the file and the field.
        OSError: the file cannot be read.
    """
    return _read(checks.file_name(path, "load_checkpoint"))


def _check_inputs(op: str, c: Checkpoint, X: object) -> Matrix:
    X = checks.list_matrix(X, op, "X", finite=True)
    D = len(c.features)
    checks.expect_shape(op, "X", (len(X), len(X[0])), (None, D), ("scale", (1, D)))
    return X


def _overflow(op: str, i: int) -> DataError:
    """The error for a row whose prediction overflowed: inputs far beyond the training rows'."""
    return DataError(
        f"{op}: the prediction for row {i} overflows: its inputs are too large for these "
        f"weights and this scale"
    )


def predict_checkpoint(checkpoint: Checkpoint, X: MatrixLike, *, exact: bool = False) -> Matrix:
    r"""Predict from raw rows: scale them as training did, then \(y = \mathrm{relu}(X_0 W_1) W_2\).

    Args:
        checkpoint: what :func:`load_checkpoint` returned.
        X: raw inputs, unscaled, shape ``(N, D)``, in the order of
            ``checkpoint.features``.
        exact: accepted so that purenn and npnn share one signature. purenn
            always adds in order, which is what npnn's exact mode reproduces.

    Returns:
        ``y``, shape ``(N, 1)``.

    Raises:
        CheckpointError: ``checkpoint`` is not a valid checkpoint.
        ShapeError: ``X`` is not a matrix of ``D`` columns.
        DataError: a value of ``X`` is not a finite number, or a prediction
            overflows.
    """
    op = "predict_checkpoint"
    c = _record_content(op, checkpoint, Checkpoint, Weights, _plain)
    X = _check_inputs(op, c, X)
    X0 = _apply_scale(X, c.scale)  # (N, D): divided by the training rows' maxima
    cache = _forward(X0, c.weights.W1, c.weights.W2)  # Z1, X1 (N, n_h); y (N, 1)
    # An infinity in X0 or Z1 can vanish in relu (as a NaN does): check each step.
    for i, (X0_i, Z1_i, y_i) in enumerate(zip(X0, cache.Z1, cache.y)):
        if not all(math.isfinite(v) for v in (*X0_i, *Z1_i, *y_i)):
            raise _overflow(op, i)
    return cache.y
