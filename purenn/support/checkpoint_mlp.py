"""The fields of a general network's checkpoint, checked one by one, as a file and a record are.

Shared by purenn and npnn, as :mod:`purenn.support.checkpoint_fields` is for
the write-up's network: both packages refuse the same general checkpoints
with the same :class:`~purenn.errors.CheckpointError`, naming the field (and
the file, if any). A general checkpoint holds the network's
:class:`~purenn.mlp.Config`, the :class:`~purenn.optim.Optimizer` and the
training settings of :func:`~purenn.mlp.fit`, the parameters ``W`` and ``b``
of every layer, the input scaling (or none), the feature and target names and
the mean loss of every epoch done (as ``fit``'s callback reports it: fewer
than ``n_epochs`` when the training was stopped). The file's text is
:mod:`purenn.support.checkpoint_file`.

- :func:`mlp_contents`: a parsed document's fields checked, as :class:`MLPContents`;
- :func:`check_mlp_record`: an ``MLPCheckpoint`` record checked the same way.

Every matrix here is a list of rows of Python floats; npnn hands its arrays
over as lists and turns the results back into arrays.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from purenn.errors import CheckpointError, NNError
from purenn.matrix import Matrix
from purenn.mlp.records import Config
from purenn.optim import Optimizer
from purenn.support import checks
from purenn.support.checkpoint_fields import (
    SEED_DIGITS,
    describe,
    json_object,
    kind_of,
    matrix,
    names,
    package,
)
from purenn.support.records import record_repr

__all__ = [
    "CONFIG",
    "MLP_FIELDS",
    "NETWORKS",
    "TRAINING",
    "MLPContents",
    "check_mlp_record",
    "mlp_contents",
]

NETWORKS = ("write-up", "mlp")
"""The kinds of network a checkpoint of version 2 holds, in its ``network`` field."""

MLP_FIELDS = (
    "format",
    "version",
    "network",
    "package",
    "config",
    "training",
    "shapes",
    "params",
    "data",
    "errors",
)
"""The fields of a general network's checkpoint, in the order they are written."""

CONFIG = ("sizes", "activation", "output", "loss", "bias", "init", "dropout", "p")
"""The fields of ``config``: those of :class:`~purenn.mlp.Config`."""

TRAINING = (
    "optimizer",
    "alpha",
    "momentum",
    "beta1",
    "beta2",
    "eps",
    "batch_size",
    "n_epochs",
    "seed",
    "exact",
)
"""The fields of ``training``: the optimizer's settings, then :func:`~purenn.mlp.fit`'s."""


@dataclass(frozen=True, repr=False)
class MLPContents:
    """What a general checkpoint holds, checked; matrices as lists of rows.

    ``W[k]`` is ``(sizes[k], sizes[k + 1])``, ``b[k]`` ``(1, sizes[k + 1])``
    (``b`` is ``None`` without biases), ``scale`` ``(1, sizes[0])`` or ``None``.
    """

    config: Config
    W: list[Matrix]
    b: list[Matrix] | None
    optimizer: Optimizer
    batch_size: int | None
    n_epochs: int
    seed: int
    exact: bool
    scale: Matrix | None
    features: tuple[str, ...]
    targets: tuple[str, ...]
    errors: list[float]
    package: str

    __repr__ = record_repr


def _config(where: str, value: object) -> Config:
    c = json_object(where, value, "config", CONFIG)
    if not isinstance(c["sizes"], list):
        raise CheckpointError(
            f"{where}: config.sizes must be a list of whole numbers, got {describe(c['sizes'])}"
        )
    try:
        return Config(tuple(c["sizes"]), **{k: c[k] for k in CONFIG[1:]})
    except NNError as error:
        raise CheckpointError(f"{where}: config: {error}") from None


def _training(where: str, value: object) -> tuple[Optimizer, int | None, int, int, bool]:
    """Check the training settings; return ``(optimizer, batch_size, n_epochs, seed, exact)``."""
    s = json_object(where, value, "training", TRAINING)
    try:
        optimizer = Optimizer(s["optimizer"], **{k: s[k] for k in TRAINING[1:6]})
    except NNError as error:
        raise CheckpointError(f"{where}: training: {error}") from None
    batch_size = s["batch_size"]
    if batch_size is not None:
        batch_size = checks.count(batch_size, where, "training.batch_size", 1)
    n_epochs = checks.count(s["n_epochs"], where, "training.n_epochs", 0)
    seed = s["seed"]
    if not isinstance(seed, int) or isinstance(seed, bool):
        raise CheckpointError(
            f"{where}: training.seed must be a whole number, got {describe(seed)}"
        )
    if abs(seed) >= 10**SEED_DIGITS:
        raise CheckpointError(
            f"{where}: training.seed has more than {SEED_DIGITS} digits; too long to store"
        )
    return optimizer, batch_size, n_epochs, seed, checks.flag(s["exact"], where, "training.exact")


def _matrices(where: str, value: object, name: str, shapes: list[tuple[int, int]]) -> list[Matrix]:
    if not isinstance(value, list):
        raise CheckpointError(f"{where}: {name} must be a list of matrices, got {describe(value)}")
    if len(value) != len(shapes):
        raise CheckpointError(
            f"{where}: {name} holds {len(value)} matrices but config.sizes makes "
            f"{len(shapes)} layers"
        )
    return [
        matrix(where, A, f"{name}[{k}]", want) for k, (A, want) in enumerate(zip(value, shapes))
    ]


def _shapes(config: Config) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """The shapes of ``W`` and of ``b``, layer by layer."""
    s = config.sizes
    return [(s[k], s[k + 1]) for k in range(len(s) - 1)], [(1, n) for n in s[1:]]


def mlp_contents(where: str, doc: dict[str, Any]) -> MLPContents:
    """Check every field but ``format``, ``version``, ``network`` and ``shapes``.

    ``where`` begins every message: the operation, and the file if any.
    """
    package_name = package(where, doc["package"])
    config = _config(where, doc["config"])
    optimizer, batch_size, n_epochs, seed, exact = _training(where, doc["training"])
    W_shapes, b_shapes = _shapes(config)
    params = json_object(where, doc["params"], "params", ("W", "b"))
    W = _matrices(where, params["W"], "params.W", W_shapes)
    if config.bias != (params["b"] is not None):
        having = "holds biases" if params["b"] is not None else "holds no biases (null)"
        raise CheckpointError(f"{where}: params.b {having} but config.bias is {config.bias}")
    b = None if params["b"] is None else _matrices(where, params["b"], "params.b", b_shapes)
    data = json_object(where, doc["data"], "data", ("features", "targets", "scale"))
    D, n_out = config.sizes[0], config.sizes[-1]
    features = names(where, data["features"], "data.features", D, f"the network has {D} inputs")
    targets = names(
        where, data["targets"], "data.targets", n_out, f"the network has {n_out} outputs"
    )
    scale = None
    if data["scale"] is not None:
        scale = matrix(where, data["scale"], "data.scale", (1, D))
        for j, m in enumerate(scale[0]):
            if m <= 0.0:
                raise CheckpointError(f"{where}: data.scale[0][{j}] is {m!r}; it must be positive")
    if not isinstance(doc["errors"], list):
        raise CheckpointError(
            f"{where}: errors must be a list of numbers, got {describe(doc['errors'])}"
        )
    errors = [checks.scalar(e, where, f"errors[{i}]") for i, e in enumerate(doc["errors"])]
    if len(errors) > n_epochs:
        raise CheckpointError(
            f"{where}: errors holds {len(errors)} values but training.n_epochs is {n_epochs}; "
            f"an epoch records one loss"
        )
    return MLPContents(
        config,
        W,
        b,
        optimizer,
        batch_size,
        n_epochs,
        seed,
        exact,
        scale,
        features,
        targets,
        errors,
        package_name,
    )


def check_declared(where: str, doc: dict[str, Any], c: MLPContents) -> None:
    """Check the ``shapes`` field against the parameters that were read."""
    bias = c.b is not None
    shapes = json_object(where, doc["shapes"], "shapes", ("W", "b"))
    W_shapes, b_shapes = _shapes(c.config)
    for name, declared, actual in (
        ("W", shapes["W"], W_shapes),
        ("b", shapes["b"], b_shapes if bias else None),
    ):
        want = None if actual is None else [list(s) for s in actual]
        if declared != want:
            raise CheckpointError(
                f"{where}: shapes.{name} is {describe(declared)} but params.{name} "
                f"has shapes {describe(want)}"
            )


def check_mlp_record(
    op: str,
    checkpoint: object,
    record: type[Any],
    params: type[Any],
    plain: Callable[[object], object],
) -> MLPContents:
    """Check an ``MLPCheckpoint`` record as a loaded file is checked; return what it holds.

    ``record`` and ``params`` are the package's own ``MLPCheckpoint`` and
    ``Params`` classes; ``plain`` turns one of its matrices into lists of rows.
    """
    if not isinstance(checkpoint, record):
        raise CheckpointError(
            f"{op}: checkpoint must be an MLPCheckpoint record, got {kind_of(checkpoint)}"
        )
    c: Any = checkpoint
    if not isinstance(c.params, params):
        raise CheckpointError(f"{op}: checkpoint.params must be a Params record, got {kind_of(c)}")
    if not isinstance(c.config, Config):
        raise CheckpointError(
            f"{op}: checkpoint.config must be a Config record, got {kind_of(c.config)}"
        )
    if not isinstance(c.optimizer, Optimizer):
        raise CheckpointError(
            f"{op}: checkpoint.optimizer must be an Optimizer record, got {kind_of(c.optimizer)}"
        )
    config, o = c.config, c.optimizer

    def names(value: object) -> object:
        return list(value) if isinstance(value, list | tuple) else value

    b = c.params.b
    doc = {
        "package": c.package,
        "config": {k: getattr(config, k) for k in CONFIG} | {"sizes": list(config.sizes)},
        "training": {"optimizer": o.name}
        | {k: getattr(o, k) for k in TRAINING[1:6]}
        | {
            "batch_size": c.batch_size,
            "n_epochs": c.n_epochs,
            "seed": c.seed,
            "exact": c.exact,
        },
        "params": {
            "W": [plain(A) for A in c.params.W],
            "b": None if b is None else [plain(A) for A in b],
        },
        "data": {
            "features": names(c.features),
            "targets": names(c.targets),
            "scale": None if c.scale is None else plain(c.scale),
        },
        "errors": list(c.errors) if isinstance(c.errors, list | tuple) else plain(c.errors),
    }
    return mlp_contents(op, doc)
