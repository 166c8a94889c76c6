"""The records of the general network: its configuration, parameters, caches and results.

See :mod:`purenn.mlp` for the network they describe.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from purenn.activations import ACTIVATIONS, ActivationCache
from purenn.errors import ParameterError
from purenn.init import INITS
from purenn.layers import DenseCache, DropoutCache
from purenn.losses import LOSSES
from purenn.matrix import Matrix
from purenn.optim import Optimizer
from purenn.support import checks
from purenn.support.records import record_repr
from purenn.support.settings import WRITE_UP

__all__ = [
    "DROPOUTS",
    "WRITE_UP_OPTIMIZER",
    "Callback",
    "Config",
    "FitResult",
    "Forward",
    "Gradients",
    "LayerCache",
    "Masks",
    "Params",
]

DROPOUTS = ("connect", "units")
"""Kinds of dropout: of weights (DropConnect, the write-up's) or of units."""


@dataclass(frozen=True)
class Config:
    """A network's architecture and loss; checked when made.

    ``Config(sizes=(3, 4, 1))`` is the write-up's network: every default is its choice.

    Raises:
        ParameterError: a size below 1, fewer than two sizes, an unknown
            name, ``p`` outside [0, 1), or cross-entropy on an output that is
            not ``identity``.
    """

    sizes: tuple[int, ...]  # (D, n_1, ..., n_L): inputs first, outputs last
    activation: str = "relu"  # of the hidden layers: one of ACTIVATIONS
    output: str = "identity"  # of the last layer
    loss: str = "half_sum"  # one of LOSSES; cross_entropy takes logits
    bias: bool = False  # add a bias row to every layer
    init: str = "uniform"  # one of INITS
    dropout: str = "connect"  # one of DROPOUTS
    p: float = WRITE_UP.p  # the dropout rate, in [0, 1); 0 turns dropout off

    def __post_init__(self) -> None:
        op = "Config"
        object.__setattr__(self, "sizes", checks.layer_sizes(self.sizes, op))
        checks.one_of(self.activation, op, "activation", ACTIVATIONS)
        checks.one_of(self.output, op, "activation", ACTIVATIONS)
        checks.one_of(self.loss, op, "loss", LOSSES)
        if self.loss == "cross_entropy" and self.output != "identity":
            raise ParameterError(
                f"{op}: loss 'cross_entropy' takes logits, so output must be 'identity', "
                f"got {self.output!r}"
            )
        checks.flag(self.bias, op, "bias")
        checks.one_of(self.init, op, "initialisation", INITS)
        checks.one_of(self.dropout, op, "dropout", DROPOUTS)
        object.__setattr__(self, "p", checks.rate(self.p, op))


@dataclass(frozen=True, repr=False)
class Params:
    """The weights and biases of every layer.

    ``W[k]`` is ``(sizes[k], sizes[k + 1])``: ``W[0]`` is the write-up's ``W1``.
    ``b[k]`` is ``(1, sizes[k + 1])``; ``b`` is ``None`` without biases.
    """

    W: tuple[Matrix, ...]
    b: tuple[Matrix, ...] | None

    __repr__ = record_repr


Masks = tuple[Matrix | None, ...]
"""One step's masks, one entry per layer: DropConnect masks of the weights, or
unit-dropout masks of the hidden layers' outputs (``None`` for the last layer),
or all ``None`` when nothing is dropped."""


@dataclass(frozen=True, repr=False)
class LayerCache:
    """What one layer's forward pass keeps: its dense, activation and dropout caches."""

    dense: DenseCache
    activation: ActivationCache
    dropout: DropoutCache | None

    __repr__ = record_repr


@dataclass(frozen=True, repr=False)
class Forward:
    """What :func:`forward` computes: each layer's cache and the output ``y (N, sizes[-1])``.

    ``layers[k].activation.Z`` is ``Z_{k+1}``: ``layers[0].activation.Z`` is the write-up's ``Z1``.
    """

    layers: tuple[LayerCache, ...]
    y: Matrix

    __repr__ = record_repr


@dataclass(frozen=True, repr=False)
class Gradients:
    """Every gradient of the backward pass; each ``dQ`` is dL/dQ and has ``Q``'s shape.

    Index ``k`` is layer ``k + 1``: ``dW[0]`` is the write-up's ``dW1``,
    ``dZ[0]`` its ``dZ1``, and ``dX[0]`` its ``dX0``, the gradient with
    respect to the inputs. ``db`` is ``None`` without biases.
    """

    dy: Matrix
    dZ: tuple[Matrix, ...]
    dW: tuple[Matrix, ...]
    db: tuple[Matrix, ...] | None
    dX: tuple[Matrix, ...]

    __repr__ = record_repr


@dataclass(frozen=True, repr=False)
class FitResult:
    """What :func:`fit` returns: the final parameters, the loss of every step, whether it died.

    ``errors[k]`` is the loss of step ``k`` on its batch, computed by the
    forward pass before that step's update (with dropout, if any).
    ``steps_per_epoch`` batches make an epoch. ``dead`` is ``True`` when, with
    the final parameters and no dropout, some hidden layer outputs 0 in every
    unit on every training row: the layers after it see only zeros (and
    their biases), the output no longer depends on the input, and no
    gradient reaches the layers before it.
    """

    params: Params
    errors: list[float]
    steps_per_epoch: int
    dead: bool

    __repr__ = record_repr


Callback = Callable[[int, float, Params], None]
"""Called after each epoch with the epoch (from 0), the mean of its steps' losses, and a
copy of the parameters. With one batch per epoch (the write-up's), the mean is that
step's loss, as :func:`~purenn.train.train` reports it."""


WRITE_UP_OPTIMIZER = Optimizer("gd", WRITE_UP.alpha)
"""The write-up's optimizer: plain gradient descent with ``alpha = 1e-6``."""
