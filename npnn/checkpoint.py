r"""Checkpoints with arrays: purenn's JSON format, read, written and checked by purenn's code.

The format and its checks are not numerics, so they live once, shared with
purenn (:mod:`purenn.support.checkpoint_file` and
:mod:`purenn.support.checkpoint_fields`), and a checkpoint saved by either
package loads in either. This module hands that code the arrays as lists of
floats (``tolist`` gives the very doubles, so nothing is rounded on the way)
and turns what it loads back into float64 arrays.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import numpy as np

from npnn.data import _apply_scale
from npnn.matrix import Matrix, MatrixLike, _as_matrix
from npnn.mlp import Config, Params
from npnn.mlp import predict as mlp_predict
from npnn.network import Weights, _forward
from npnn.optim import Optimizer
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

    The fields of :class:`purenn.checkpoint.Checkpoint`, with the matrices as
    arrays: ``weights`` holds ``W1 (D, n_h)`` and ``W2 (n_h, 1)``, ``scale``
    is ``(1, D)``.
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
        return int(np.shape(self.weights.W1)[1])

    @property
    def sizes(self) -> tuple[int, ...]:
        """The layer sizes ``(D, n_h, 1)``, as a general network's ``Config`` names them."""
        return (int(np.shape(self.weights.W1)[0]), self.n_h, 1)

    __repr__ = record_repr


@dataclass(frozen=True, repr=False)
class MLPCheckpoint:
    """A trained general network (:mod:`npnn.mlp`), how its inputs were scaled, how it was fit.

    The fields of :class:`purenn.checkpoint.MLPCheckpoint`, with the matrices
    as arrays: ``params.W[k]`` is ``(sizes[k], sizes[k + 1])``, ``scale``
    ``(1, sizes[0])`` or ``None``.
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


def _plain(A: object) -> object:
    """An array as lists of Python floats, for purenn's checks and for JSON."""
    return A.tolist() if isinstance(A, np.ndarray) else A


def _checked(
    op: str, checkpoint: object
) -> checkpoint_fields.Contents | checkpoint_mlp.MLPContents:
    """Check either kind of record as a loaded file is checked; return what it holds, as lists."""
    if isinstance(checkpoint, MLPCheckpoint):
        return checkpoint_mlp.check_mlp_record(op, checkpoint, MLPCheckpoint, Params, _plain)
    return checkpoint_fields.check_record(op, checkpoint, Checkpoint, Weights, _plain)


def _array(A: list[list[float]]) -> Matrix:
    return np.array(A, dtype=np.float64)


def _arrays(
    c: checkpoint_fields.Contents | checkpoint_mlp.MLPContents,
) -> Checkpoint | MLPCheckpoint:
    """The record of what a checked checkpoint holds, its matrices as float64 arrays."""
    if isinstance(c, checkpoint_mlp.MLPContents):
        return MLPCheckpoint(
            c.config,
            Params(
                tuple(_array(A) for A in c.W),  # W[k] (sizes[k], sizes[k + 1])
                None if c.b is None else tuple(_array(A) for A in c.b),  # b[k] (1, sizes[k + 1])
            ),
            c.optimizer,
            c.batch_size,
            c.n_epochs,
            c.seed,
            c.exact,
            None if c.scale is None else _array(c.scale),  # (1, D)
            c.features,
            c.targets,
            c.errors,
            c.package,
        )
    W1 = np.array(c.W1, dtype=np.float64)  # (D, n_h)
    W2 = np.array(c.W2, dtype=np.float64)  # (n_h, 1)
    scale = np.array(c.scale, dtype=np.float64)  # (1, D)
    return Checkpoint(
        Weights(W1, W2),
        scale,
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


def save_checkpoint(path: str | os.PathLike[str], checkpoint: Checkpoint | MLPCheckpoint) -> None:
    """Write ``checkpoint`` (either network's) to the file ``path`` as JSON, atomically.

    The same file, byte for byte, as :func:`purenn.checkpoint.save_checkpoint`
    writes for the same numbers.

    Raises:
        ParameterError: ``path`` is not a file name.
        CheckpointError: the record is not a valid checkpoint (the message
            names the field).
        OSError: the file cannot be written.
    """
    op = "save_checkpoint"
    path = checks.file_name(path, op)
    c = _checked(f"{op}: {path}", checkpoint)
    write_atomic(path, checkpoint_file.text(c))


def load_checkpoint(path: str | os.PathLike[str]) -> Checkpoint | MLPCheckpoint:
    """Read a checkpoint that either package saved; its matrices as float64 arrays.

    The write-up's network is a :class:`Checkpoint`, a general one an :class:`MLPCheckpoint`.

    Raises:
        ParameterError: ``path`` is not a file name.
        CheckpointError: the file is not a valid checkpoint; the message names
            the file and the field (see :func:`purenn.checkpoint.load_checkpoint`).
        OSError: the file cannot be read.
    """
    return _arrays(checkpoint_file.read(checks.file_name(path, "load_checkpoint")))


def predict_checkpoint(
    checkpoint: Checkpoint | MLPCheckpoint, X: MatrixLike, *, exact: bool = False
) -> Matrix:
    r"""Predict from raw rows: scale them as training did, then \(y = \mathrm{relu}(X_0 W_1) W_2\).

    For an :class:`MLPCheckpoint`, the rows are scaled if the training's were,
    then :func:`npnn.mlp.predict` runs the network, nothing dropped.

    Args:
        checkpoint: what :func:`load_checkpoint` returned.
        X: raw inputs, unscaled, shape ``(N, D)``, in the order of
            ``checkpoint.features``.
        exact: add in purenn's order (bit-for-bit purenn's predictions)
            instead of BLAS's.

    Returns:
        ``y``, shape ``(N, 1)`` (``(N, sizes[-1])`` for a general network).

    Raises:
        CheckpointError: ``checkpoint`` is not a valid checkpoint.
        ShapeError: ``X`` is not a matrix of ``D`` columns.
        DataError: a value of ``X`` is not a finite number, or a prediction
            overflows.
    """
    op = "predict_checkpoint"
    c = _arrays(_checked(op, checkpoint))
    X = _as_matrix(X, op, "X", finite=True)
    if isinstance(c, MLPCheckpoint):
        return _predict_mlp(op, c, X, exact)
    checkpoint_fields.expect_columns(op, X.shape, len(c.features))
    with np.errstate(over="ignore", invalid="ignore"):  # an overflow is refused below
        X0 = _apply_scale(X, c.scale)  # (N, D): divided by the training rows' maxima
        cache = _forward(X0, c.weights.W1, c.weights.W2, exact)  # Z1, X1 (N, n_h); y (N, 1)
    # An infinity in X0 or Z1 can vanish in relu (as a NaN does): check each step.
    finite = np.isfinite(np.hstack([X0, cache.Z1, cache.y])).all(axis=1)  # (N,)
    if not finite.all():
        raise checkpoint_fields.overflow(
            op, int(np.argmin(finite))
        )  # the first row that overflowed
    return cache.y


def _predict_mlp(op: str, c: MLPCheckpoint, X: Matrix, exact: bool) -> Matrix:
    """A general network's prediction for raw rows ``X``, scaled as its training's were."""
    checkpoint_fields.expect_columns(op, X.shape, len(c.features))
    with np.errstate(over="ignore", invalid="ignore"):  # an overflow is refused below
        X0 = X if c.scale is None else _apply_scale(X, c.scale)  # (N, D)
    _refuse_overflow(op, X0)
    with np.errstate(over="ignore", invalid="ignore"):
        y = mlp_predict(c.config, c.params, X0, exact=exact)  # (N, sizes[-1])
    _refuse_overflow(op, y)
    return y


def _refuse_overflow(op: str, A: Matrix) -> None:
    finite = np.isfinite(A).all(axis=1)  # (N,)
    if not finite.all():
        raise checkpoint_fields.overflow(op, int(np.argmin(finite)))  # the first such row
