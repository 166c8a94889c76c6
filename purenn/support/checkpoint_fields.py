"""The fields of a checkpoint, checked one by one, as a loaded file and a saved record are.

Shared by purenn and npnn, so that both refuse the same checkpoints with the
same :class:`~purenn.errors.CheckpointError`, naming the field (and the file,
if any). The chapter, with the format described, is :mod:`purenn.checkpoint`;
the file's text is :mod:`purenn.support.checkpoint_file`.

- :func:`contents`: a parsed document's fields checked, as :class:`Contents`;
- :func:`check_record`: a ``Checkpoint`` record (of either package) checked
  the same way, as :class:`Contents`;
- :func:`expect_columns` and :func:`overflow`: the checks of a prediction's
  inputs and outputs.

Every matrix here is a list of rows of Python floats; npnn hands its arrays
over as lists (``tolist`` gives the very doubles) and turns the results back
into arrays.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from purenn.errors import CheckpointError, DataError, NNError
from purenn.matrix import Matrix
from purenn.support import checks
from purenn.support.records import record_repr

__all__ = [
    "PACKAGES",
    "SEED_DIGITS",
    "Contents",
    "check_record",
    "contents",
    "declared_shape",
    "describe",
    "expect_columns",
    "json_object",
    "kind_of",
    "matrix",
    "names",
    "overflow",
    "package",
    "refusing",
]

PACKAGES = ("purenn", "npnn")
"""The packages that write checkpoints: the ``package`` field names one."""

SEED_DIGITS = 1000
"""The most digits a seed may have in a checkpoint (JSON readers limit long integers)."""

_SETTINGS = ("n_h", "n_iter", "alpha", "p", "seed", "exact")


@dataclass(frozen=True, repr=False)
class Contents:
    """What a checkpoint holds, checked: the fields of a ``Checkpoint``, matrices as lists.

    ``W1 (D, n_h)``, ``W2 (n_h, 1)`` and ``scale (1, D)`` are lists of rows;
    the other fields are those of :class:`purenn.checkpoint.Checkpoint`.
    """

    W1: Matrix
    W2: Matrix
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

    __repr__ = record_repr


# --- A document, field by field ---


def json_object(where: str, value: object, name: str, keys: tuple[str, ...]) -> dict[str, Any]:
    """A JSON object with exactly the fields ``keys``: none missing, none unknown."""
    if not isinstance(value, dict):
        raise CheckpointError(f"{where}: {name} must be a JSON object, got {describe(value)}")
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


def describe(value: object) -> str:
    """A short description of a JSON value for a message: its text or its kind."""
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    return checks.describe(value)


def declared_shape(where: str, value: object, name: str) -> tuple[int, int]:
    """A shape as the ``shapes`` field declares it: a list of two whole numbers, each at least 1."""
    if not isinstance(value, list) or len(value) != 2:
        raise CheckpointError(
            f"{where}: {name} must be a list of two whole numbers, got {describe(value)}"
        )
    rows = checks.count(value[0], where, f"{name}[0]", 1)
    cols = checks.count(value[1], where, f"{name}[1]", 1)
    return rows, cols


def matrix(where: str, value: object, name: str, want: tuple[int, int]) -> Matrix:
    """A matrix of finite numbers of shape ``want``, or a CheckpointError naming ``name``."""
    A = checks.list_matrix(value, where, name, finite=True)
    checks.expect_shape(where, name, (len(A), len(A[0])), want)
    return A


def names(where: str, value: object, name: str, n: int, mismatch: str) -> tuple[str, ...]:
    """``n`` distinct, non-empty names; ``mismatch`` ends the message when there are not ``n``."""
    if not isinstance(value, list):
        raise CheckpointError(f"{where}: {name} must be a list of names, got {describe(value)}")
    for i, v in enumerate(value):
        if not isinstance(v, str) or v == "":
            raise CheckpointError(f"{where}: {name}[{i}] must be a name, got {describe(v)}")
        if v in value[:i]:
            raise CheckpointError(f"{where}: {name} lists {describe(v)} twice")
    if len(value) != n:
        raise CheckpointError(f"{where}: {name} names {len(value)} columns but {mismatch}")
    return tuple(value)


def package(where: str, value: object) -> str:
    """The name of the package that wrote a checkpoint: one of :data:`PACKAGES`."""
    if not isinstance(value, str) or value not in PACKAGES:
        raise CheckpointError(
            f"{where}: package must be one of {', '.join(PACKAGES)}, got {describe(value)}"
        )
    return value


def _settings(where: str, value: object, n_h: int) -> tuple[int, float, float, int, bool]:
    """Check the training settings; return ``(n_iter, alpha, p, seed, exact)``."""
    s = json_object(where, value, "settings", _SETTINGS)
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
            f"{where}: settings.seed must be a whole number, got {describe(seed)}"
        )
    if abs(seed) >= 10**SEED_DIGITS:
        raise CheckpointError(
            f"{where}: settings.seed has more than {SEED_DIGITS} digits; too long to store"
        )
    exact = checks.flag(s["exact"], where, "settings.exact")
    return n_iter, alpha, p, seed, exact


def _history(where: str, value: object, n_iter: int) -> list[float]:
    if not isinstance(value, list):
        raise CheckpointError(f"{where}: errors must be a list of numbers, got {describe(value)}")
    errors = [checks.scalar(e, where, f"errors[{i}]") for i, e in enumerate(value)]
    if len(errors) > n_iter:
        raise CheckpointError(
            f"{where}: errors holds {len(errors)} values but settings.n_iter is {n_iter}; "
            f"a step records one error"
        )
    return errors


def contents(where: str, doc: dict[str, Any]) -> Contents:
    """Check every field but ``format``, ``version`` and ``shapes``; return what they hold.

    ``where`` begins every message: the operation, and the file if any.
    """
    package_name = package(where, doc["package"])
    weights = json_object(where, doc["weights"], "weights", ("W1", "W2"))
    W1 = checks.list_matrix(weights["W1"], where, "weights.W1", finite=True)
    D, n_h = len(W1), len(W1[0])
    W2 = matrix(where, weights["W2"], "weights.W2", (n_h, 1))
    data = json_object(where, doc["data"], "data", ("features", "target", "scale"))
    features = names(
        where, data["features"], "data.features", D, f"weights.W1 has {D} rows, one per input"
    )
    target = data["target"]
    if not isinstance(target, str) or target == "":
        raise CheckpointError(f"{where}: data.target must be a name, got {describe(target)}")
    scale = matrix(where, data["scale"], "data.scale", (1, D))
    for j, m in enumerate(scale[0]):
        if m <= 0.0:
            raise CheckpointError(f"{where}: data.scale[0][{j}] is {m!r}; it must be positive")
    n_iter, alpha, p, seed, exact = _settings(where, doc["settings"], n_h)
    errors = _history(where, doc["errors"], n_iter)
    return Contents(
        W1, W2, scale, features, target, errors, n_iter, alpha, p, seed, exact, package_name
    )


@contextlib.contextmanager
def refusing() -> Iterator[None]:
    """Raise any project error from the checks as a CheckpointError, with its message."""
    try:
        yield
    except CheckpointError:
        raise
    except NNError as error:
        raise CheckpointError(str(error)) from None


def kind_of(value: object) -> str:
    """The type of ``value`` for a message: ``list``, or ``purenn.network.Weights``."""
    kind = type(value)
    return kind.__name__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__name__}"


# --- A record, as the document it would be saved as ---


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
            f"{op}: checkpoint must be a Checkpoint record, got {kind_of(checkpoint)}"
        )
    c: Any = checkpoint
    w: Any = c.weights
    if not isinstance(w, weights):
        raise CheckpointError(
            f"{op}: checkpoint.weights must be a Weights record, got {kind_of(w)}"
        )
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


def check_record(
    op: str,
    checkpoint: object,
    record: type[Any],
    weights: type[Any],
    plain: Callable[[object], object],
) -> Contents:
    """Check a ``Checkpoint`` record as a loaded file is checked; return what it holds.

    ``record`` and ``weights`` are the package's own ``Checkpoint`` and
    ``Weights`` classes; ``plain`` turns one of its matrices into lists of rows.
    ``op`` begins every message: the operation, and the file if any.
    """
    doc = _document(op, checkpoint, record, weights, plain)
    with refusing():
        return contents(op, doc)


# --- A prediction's inputs and outputs ---


def expect_columns(op: str, shape: tuple[int, int], D: int) -> None:
    """Check that the inputs ``X`` of a prediction have the ``D`` columns of the checkpoint."""
    checks.expect_shape(op, "X", shape, (None, D), ("scale", (1, D)))


def overflow(op: str, i: int) -> DataError:
    """The error for a row whose prediction overflowed: inputs far beyond the training rows'."""
    return DataError(
        f"{op}: the prediction for row {i} overflows: its inputs are too large for these "
        f"weights and this scale"
    )
