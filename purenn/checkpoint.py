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
are not finite. Writing the text, parsing it and checking each field is
plumbing that npnn shares (:mod:`purenn.support.checkpoint_file` and
:mod:`purenn.support.checkpoint_fields`), so both packages write the same
bytes and refuse the same files with the same words; this module builds the
record and predicts with it.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass

from purenn.data import _apply_scale
from purenn.matrix import Matrix, MatrixLike
from purenn.mlp import Config, Params
from purenn.mlp import predict as mlp_predict
from purenn.network import Weights, _forward
from purenn.optim import Optimizer
from purenn.support import checkpoint_fields, checkpoint_file, checkpoint_mlp, checks
from purenn.support.checkpoint_file import FORMAT, VERSION
from purenn.support.files import write_atomic
from purenn.support.records import record_repr

__all__ = [
    "FORMAT",
    "VERSION",
    "Checkpoint",
    "MLPCheckpoint",
    "load_checkpoint",
    "predict_checkpoint",
    "save_checkpoint",
]


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

    @property
    def sizes(self) -> tuple[int, ...]:
        """The layer sizes ``(D, n_h, 1)``, as a general network's ``Config`` names them."""
        return (len(self.weights.W1), self.n_h, 1)

    __repr__ = record_repr


@dataclass(frozen=True, repr=False)
class MLPCheckpoint:
    """A trained general network (:mod:`purenn.mlp`), how its inputs were scaled, how it was fit.

    ``config`` and ``params`` are the network; ``optimizer``, ``batch_size``,
    ``n_epochs``, ``seed`` and ``exact`` the settings of :func:`~purenn.mlp.fit`
    that produced it. ``scale (1, sizes[0])`` holds the column maxima raw inputs
    are divided by, or is ``None`` when the inputs were not scaled. ``features``
    names the input columns, ``targets`` the outputs (one per unit of the last
    layer). ``errors`` is the mean loss of every epoch done, as ``fit``'s
    callback reports it (fewer than ``n_epochs`` if the training was stopped),
    and ``package`` names the package that ran it.
    """

    config: Config
    params: Params
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

    @property
    def sizes(self) -> tuple[int, ...]:
        """The layer sizes, inputs first: ``config.sizes``."""
        return self.config.sizes

    __repr__ = record_repr


def _mlp_record(c: checkpoint_mlp.MLPContents) -> MLPCheckpoint:
    """The record of what a checked general checkpoint holds."""
    return MLPCheckpoint(
        c.config,
        Params(tuple(c.W), None if c.b is None else tuple(c.b)),
        c.optimizer,
        c.batch_size,
        c.n_epochs,
        c.seed,
        c.exact,
        c.scale,
        c.features,
        c.targets,
        c.errors,
        c.package,
    )


def _record(
    c: checkpoint_fields.Contents | checkpoint_mlp.MLPContents,
) -> Checkpoint | MLPCheckpoint:
    """The record of what a checked checkpoint holds."""
    if isinstance(c, checkpoint_mlp.MLPContents):
        return _mlp_record(c)
    return Checkpoint(
        Weights(c.W1, c.W2),
        c.scale,
        c.features,
        c.target,
        c.errors,
        c.n_iter,
        c.alpha,
        c.p,
        c.seed,
        c.exact,
        c.package,
    )


def _plain(A: object) -> object:
    return A  # purenn's matrices are lists already


def _checked(
    op: str, checkpoint: object
) -> checkpoint_fields.Contents | checkpoint_mlp.MLPContents:
    """Check either kind of record as a loaded file is checked; return what it holds."""
    if isinstance(checkpoint, MLPCheckpoint):
        return checkpoint_mlp.check_mlp_record(op, checkpoint, MLPCheckpoint, Params, _plain)
    return checkpoint_fields.check_record(op, checkpoint, Checkpoint, Weights, _plain)


def save_checkpoint(path: str | os.PathLike[str], checkpoint: Checkpoint | MLPCheckpoint) -> None:
    """Write ``checkpoint`` (either network's) to the file ``path`` as JSON, atomically.

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
    write_atomic(path, checkpoint_file.text(_checked(f"{op}: {path}", checkpoint)))


def load_checkpoint(path: str | os.PathLike[str]) -> Checkpoint | MLPCheckpoint:
    """Read a checkpoint that :func:`save_checkpoint` wrote, in this package or in npnn.

    A file of version 1, or of version 2 with ``network`` ``"write-up"``, is a
    :class:`Checkpoint`; ``network`` ``"mlp"`` is an :class:`MLPCheckpoint`.

    Args:
        path: the file to read.

    Returns:
        The ``Checkpoint`` or ``MLPCheckpoint``, its matrices as lists of rows.

    Raises:
        ParameterError: ``path`` is not a file name.
        CheckpointError: the file is not a valid checkpoint: not JSON,
            another format or version, a field missing, unknown or of the
            wrong type, shapes that do not fit, a number that is not finite.
            The message names the file and the field.
        OSError: the file cannot be read.
    """
    return _record(checkpoint_file.read(checks.file_name(path, "load_checkpoint")))


def predict_checkpoint(
    checkpoint: Checkpoint | MLPCheckpoint, X: MatrixLike, *, exact: bool = False
) -> Matrix:
    r"""Predict from raw rows: scale them as training did, then \(y = \mathrm{relu}(X_0 W_1) W_2\).

    For an :class:`MLPCheckpoint`, the rows are scaled if the training's were,
    then :func:`purenn.mlp.predict` runs the network, nothing dropped.

    Args:
        checkpoint: what :func:`load_checkpoint` returned.
        X: raw inputs, unscaled, shape ``(N, D)``, in the order of
            ``checkpoint.features``.

    Returns:
        ``y``, shape ``(N, 1)`` (``(N, sizes[-1])`` for a general network).

    Raises:
        CheckpointError: ``checkpoint`` is not a valid checkpoint.
        ShapeError: ``X`` is not a matrix of ``D`` columns.
        DataError: a value of ``X`` is not a finite number, or a prediction
            overflows.
    """
    op = "predict_checkpoint"
    c = _checked(op, checkpoint)
    X = checks.list_matrix(X, op, "X", finite=True)
    if isinstance(c, checkpoint_mlp.MLPContents):
        return _predict_mlp(op, c, X)
    checkpoint_fields.expect_columns(op, (len(X), len(X[0])), len(c.features))
    X0 = _apply_scale(X, c.scale)  # (N, D): divided by the training rows' maxima
    cache = _forward(X0, c.W1, c.W2)  # Z1, X1 (N, n_h); y (N, 1)
    # An infinity in X0 or Z1 can vanish in relu (as a NaN does): check each step.
    for i, (X0_i, Z1_i, y_i) in enumerate(zip(X0, cache.Z1, cache.y)):
        if not all(math.isfinite(v) for v in (*X0_i, *Z1_i, *y_i)):
            raise checkpoint_fields.overflow(op, i)
    return cache.y


def _predict_mlp(op: str, c: checkpoint_mlp.MLPContents, X: Matrix) -> Matrix:
    """A general network's prediction for raw rows ``X``, scaled as its training's were."""
    checkpoint_fields.expect_columns(op, (len(X), len(X[0])), len(c.features))
    X0 = X if c.scale is None else _apply_scale(X, c.scale)  # (N, D)
    for i, X0_i in enumerate(X0):
        if not all(math.isfinite(v) for v in X0_i):
            raise checkpoint_fields.overflow(op, i)
    params = Params(tuple(c.W), None if c.b is None else tuple(c.b))
    y = mlp_predict(c.config, params, X0)  # (N, sizes[-1])
    for i, y_i in enumerate(y):
        if not all(math.isfinite(v) for v in y_i):
            raise checkpoint_fields.overflow(op, i)
    return y
