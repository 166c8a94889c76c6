"""``fit --save``: a general network's checkpoint, when ``fit`` ends and when it is stopped.

``fit --save FILE`` writes an ``MLPCheckpoint`` (the network, the optimizer
and training settings, the parameters, the inputs' scaling if any, the
feature and target names, the mean loss of every epoch). On the moons, the
features are ``x1`` and ``x2`` and the target ``label`` (the network's output
is the logit of class 1), so ``predict`` takes a CSV with the columns ``x1,x2``.
Ctrl-C or SIGTERM during ``fit`` saves the parameters after the last epoch
completed (the initial ones if none was), as ``train`` does; the exit status is
130 (Ctrl-C) or 143 (SIGTERM). :func:`predicted` tells ``predict`` the column a
checkpoint of either network predicts.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import Any

from purenn.cli.paths import Outputs
from purenn.cli.stopping import interrupt_status, stop_word, warn
from purenn.errors import NNError
from purenn.mlp import Config
from purenn.optim import Optimizer
from purenn.support.interface import Matrix, MLPCheckpointRecord, Own, Package

__all__ = [
    "MOONS_FEATURES",
    "MOONS_TARGET",
    "add_save_option",
    "check_names",
    "checkpoint",
    "predicted",
    "save",
    "stopped",
]

MOONS_FEATURES = ("x1", "x2")
"""The names of the moons' two input columns, in a checkpoint and in predict's CSV."""

MOONS_TARGET = "label"
"""The name of the moons' target column: the class, 0 or 1."""


def add_save_option(group: Any) -> None:
    """Add ``--save FILE`` to ``fit``'s output options."""
    group.add_argument(
        "--save",
        metavar="FILE",
        help="write a checkpoint to FILE (JSON): the network, its parameters, the scaling, "
        "the settings and the loss of every epoch; on Ctrl-C, the epochs reached so far",
    )


def check_names(features: Sequence[str]) -> None:
    """Refuse, before `train --save` or `fit --save` trains, names a checkpoint cannot hold."""
    for i, name in enumerate(features):
        if name in features[:i]:
            raise NNError(f"--save: the features name {name!r} twice; a checkpoint names each once")


def checkpoint(
    args: argparse.Namespace,
    nn: Package,
    config: Config,
    optimizer: Optimizer,
    settings: dict[str, Any],
    params: Own,
    scale: Matrix | None,
    names: tuple[tuple[str, ...], tuple[str, ...]],
    errors: Sequence[float],
) -> MLPCheckpointRecord:
    """The ``MLPCheckpoint`` of a ``fit`` run; ``names`` are its features and targets."""
    return nn.MLPCheckpoint(
        config=config,
        params=params,
        optimizer=optimizer,
        batch_size=settings["batch_size"],
        n_epochs=settings["epochs"],
        seed=args.seed,
        exact=bool(args.exact),
        scale=scale,
        features=names[0],
        targets=names[1],
        errors=[float(e) for e in errors],
        package=nn.__name__,
    )


def save(outputs: Outputs, args: argparse.Namespace, nn: Package, c: MLPCheckpointRecord) -> None:
    """Write ``fit --save``'s checkpoint through ``outputs`` (a failure is reported there)."""
    outputs.write(
        "--save",
        args.save,
        lambda: nn.save_checkpoint(args.save, c),
        f"checkpoint written to {args.save}",
    )


def stopped(
    args: argparse.Namespace, nn: Package, c: MLPCheckpointRecord, stop: KeyboardInterrupt
) -> int:
    """Ctrl-C or SIGTERM stopped ``fit``: save what was reached, say so on stderr.

    Returns 130 after Ctrl-C, 143 after SIGTERM.
    """
    epochs = len(c.errors)
    kept: list[str] = []
    if args.save is not None:
        Outputs(nn.__name__, kept.append).write(
            "--save",
            args.save,
            lambda: nn.save_checkpoint(args.save, c),
            f"saved the parameters and the losses of those {epochs} epochs to {args.save}",
        )
        if not kept:
            kept.append("nothing saved")
    else:
        kept.append("nothing saved (fit --save FILE keeps the parameters reached)")
    warn(
        f"{nn.__name__} fit: {stop_word(stop)} after {epochs} of {c.n_epochs} epochs; "
        + "; ".join(kept)
    )
    return interrupt_status(stop)


def predicted(op: str, c: Any) -> tuple[str, str, str]:
    """The column a checkpoint predicts, its network as ``D-...-1``, and what its errors count.

    Raises:
        NNError: a general network with more than one output (``predict``
            writes one column).
    """
    sizes = "-".join(map(str, c.sizes))
    targets = getattr(c, "targets", None)
    if targets is None:  # the write-up's network
        return str(c.target), sizes, "steps"
    if len(targets) != 1:
        raise NNError(
            f"{op}: the {sizes} network predicts {len(targets)} columns; predict writes one"
        )
    return str(targets[0]), sizes, "epochs"
