"""The checkpoint file: the JSON text written, and the text read back and checked.

Shared by purenn and npnn, so that a checkpoint saved by either package is
the same file, byte for byte, and loads in either. The chapter, with the
format described, is :mod:`purenn.checkpoint`; the checks of each field are
:mod:`purenn.support.checkpoint_fields`.

- :func:`text`: the JSON text of checked :class:`~purenn.support.checkpoint_fields.Contents`
  (the write-up's network) or :class:`~purenn.support.checkpoint_mlp.MLPContents`
  (a general network), fields in a fixed order, a matrix row to a line;
- :func:`read`: a file read (at most :data:`~purenn.support.bounds.CHECKPOINT`
  bytes), parsed (refusing text that is not UTF-8 or not JSON, NaN and infinity,
  a field given twice, nesting too deep) and checked.

Version 2 adds the field ``network``: ``"write-up"`` (the fields of version 1
otherwise) or ``"mlp"`` (a general network, :data:`~purenn.support.checkpoint_mlp.MLP_FIELDS`).
Files of version 1 still load: they hold the write-up's network.
"""

from __future__ import annotations

import json
from typing import Any

from purenn.errors import CheckpointError
from purenn.matrix import Matrix
from purenn.support import bounds, checks
from purenn.support.checkpoint_fields import (
    Contents,
    contents,
    declared_shape,
    describe,
    json_object,
    refusing,
)
from purenn.support.checkpoint_mlp import MLP_FIELDS, NETWORKS, MLPContents, mlp_contents
from purenn.support.checkpoint_mlp import check_declared as check_mlp_shapes

__all__ = ["FIELDS", "FIELDS_V1", "FORMAT", "VERSION", "VERSIONS", "read", "text"]

FORMAT = "twinnets checkpoint"
"""The value of the ``format`` field: says what the file is."""

VERSION = 2
"""The version of the format the packages write."""

VERSIONS = (1, 2)
"""The versions the packages read: version 1 holds the write-up's network only."""

FIELDS_V1 = ("format", "version", "package", "shapes", "weights", "data", "settings", "errors")
"""The fields of a version-1 checkpoint, in the order they were written."""

FIELDS = (*FIELDS_V1[:2], "network", *FIELDS_V1[2:])
"""The fields of a checkpoint of the write-up's network, in the order they are written."""


# --- From checked contents to text ---


def text(c: Contents | MLPContents) -> str:
    """The checkpoint as JSON text: fields in a fixed order, a matrix row to a line."""
    if isinstance(c, MLPContents):
        return _mlp_text(c)
    D, n_h = len(c.W1), len(c.W1[0])
    fields: list[tuple[str, str]] = [
        ("format", json.dumps(FORMAT)),
        ("version", json.dumps(VERSION)),
        ("network", json.dumps("write-up")),
        ("package", json.dumps(c.package)),
        ("shapes", json.dumps({"W1": [D, n_h], "W2": [n_h, 1]})),
        ("weights", _block([("W1", _rows(c.W1, 4)), ("W2", _rows(c.W2, 4))], 2)),
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


def _mlp_text(c: MLPContents) -> str:
    """A general network's checkpoint as JSON text."""
    config, o = c.config, c.optimizer
    W_shapes = [[len(A), len(A[0])] for A in c.W]
    b_shapes = None if c.b is None else [[1, len(A[0])] for A in c.b]

    def matrices(As: list[Matrix] | None) -> str:
        if As is None:
            return "null"
        pad = " " * 6
        return "[\n" + ",\n".join(pad + _rows(A, 6) for A in As) + "\n    ]"

    settings = {
        "sizes": list(config.sizes),
        "activation": config.activation,
        "output": config.output,
        "loss": config.loss,
        "bias": config.bias,
        "init": config.init,
        "dropout": config.dropout,
        "p": config.p,
    }
    training = {
        "optimizer": o.name,
        "alpha": o.alpha,
        "momentum": o.momentum,
        "beta1": o.beta1,
        "beta2": o.beta2,
        "eps": o.eps,
        "batch_size": c.batch_size,
        "n_epochs": c.n_epochs,
        "seed": c.seed,
        "exact": c.exact,
    }
    scale = "null" if c.scale is None else json.dumps(c.scale, allow_nan=False)
    fields: list[tuple[str, str]] = [
        ("format", json.dumps(FORMAT)),
        ("version", json.dumps(VERSION)),
        ("network", json.dumps("mlp")),
        ("package", json.dumps(c.package)),
        ("config", json.dumps(settings, allow_nan=False)),
        ("training", json.dumps(training, allow_nan=False)),
        ("shapes", json.dumps({"W": W_shapes, "b": b_shapes})),
        ("params", _block([("W", matrices(c.W)), ("b", matrices(c.b))], 2)),
        (
            "data",
            _block(
                [
                    ("features", json.dumps(list(c.features))),
                    ("targets", json.dumps(list(c.targets))),
                    ("scale", scale),
                ],
                2,
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


# --- From text back to checked contents ---


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
        decoded = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise CheckpointError(
            f"{where}: not a checkpoint: line {line} is not UTF-8 text (byte {error.start})"
        ) from None
    if decoded.strip() == "":
        raise CheckpointError(f"{where}: not a checkpoint: the file is empty")
    try:
        return json.loads(decoded, parse_constant=_no_constants, object_pairs_hook=_no_repeats)
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


def read(path: str) -> Contents | MLPContents:
    """Read, parse and check the file ``path`` for ``load_checkpoint``; return what it holds.

    Raises:
        CheckpointError: the file is not a valid checkpoint; the message names
            the file and the field.
        OSError: the file cannot be read.
    """
    where = f"load_checkpoint: {path}"
    try:
        raw = bounds.read_file(path, bounds.CHECKPOINT, "checkpoint")
    except OverflowError as error:
        raise CheckpointError(f"{where}: not a checkpoint: {error}") from None
    doc = _parse(where, raw)
    if not isinstance(doc, dict):
        raise CheckpointError(
            f"{where}: not a checkpoint: it holds {describe(doc)}, not a JSON object"
        )
    if "format" not in doc:
        raise CheckpointError(f"{where}: not a checkpoint: field format is missing")
    if doc["format"] != FORMAT:
        raise CheckpointError(
            f"{where}: not a checkpoint: format is {describe(doc['format'])}, not {FORMAT!r}"
        )
    if "version" not in doc:
        raise CheckpointError(f"{where}: field version is missing")
    version = doc["version"]
    if not isinstance(version, int) or isinstance(version, bool):
        raise CheckpointError(f"{where}: version must be a whole number, got {describe(version)}")
    if version not in VERSIONS:
        raise CheckpointError(
            f"{where}: version {checks.describe(version)} is not one this package reads "
            f"(it reads versions {', '.join(map(str, VERSIONS))}); a newer release may read it"
        )
    if version == 1:
        doc = json_object(where, doc, "the checkpoint", FIELDS_V1)
    else:
        if "network" not in doc:
            raise CheckpointError(f"{where}: field network is missing")
        if doc["network"] not in NETWORKS:
            raise CheckpointError(
                f"{where}: network must be one of {', '.join(NETWORKS)}, "
                f"got {describe(doc['network'])}"
            )
        if doc["network"] == "mlp":
            doc = json_object(where, doc, "the checkpoint", MLP_FIELDS)
            with refusing():
                m = mlp_contents(where, doc)
            check_mlp_shapes(where, doc, m)
            return m
        doc = json_object(where, doc, "the checkpoint", FIELDS)
    shapes = json_object(where, doc["shapes"], "shapes", ("W1", "W2"))
    with refusing():
        declared = {
            name: declared_shape(where, shapes[name], f"shapes.{name}") for name in ("W1", "W2")
        }
        c = contents(where, doc)
    for name, A in (("W1", c.W1), ("W2", c.W2)):
        actual = (len(A), len(A[0]))
        if declared[name] != actual:
            raise CheckpointError(
                f"{where}: shapes.{name} is {list(declared[name])} but weights.{name} "
                f"has shape {actual}"
            )
    return c
