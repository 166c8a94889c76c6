"""The parts of the general network that ``fit`` uses, declared as protocols.

Part of :mod:`purenn.support.interface` (which imports every name here): the
modules ``mlp``, ``moons``, ``activations`` and ``optim`` of either package,
the record :class:`FitResult`, and the aliases for each package's own types.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, TypeAlias

import purenn.mlp
import purenn.optim
from purenn.support.settings import WRITE_UP

__all__ = [
    "MLP",
    "Activations",
    "Callback",
    "FitResult",
    "Indices",
    "Matrix",
    "Moons",
    "Optim",
    "Own",
]

Matrix: TypeAlias = Any
"""A matrix of either package: ``list[list[float]]`` (purenn) or a 2-D float array (npnn)."""

Indices: TypeAlias = Any
"""Row numbers: ``list[int]`` (purenn) or a 1-D integer array (npnn)."""

Own: TypeAlias = Any
"""A value of the package's own type that the command line hands back to the same package:
a generator, weights, a checkpoint, a network's parameters."""


class FitResult(Protocol):
    """What :func:`purenn.mlp.fit` returns."""

    @property
    def params(self) -> Own: ...
    @property
    def errors(self) -> list[float]: ...
    @property
    def dead(self) -> bool: ...  # some hidden layer 0 on every training row


Callback = Callable[[int, float, Own], None]
"""A training callback: the step or epoch, its loss, a copy of the weights or parameters."""


# --- The general network's parts that ``fit`` uses (``purenn.mlp``, ``npnn.mlp``...) ---


class MLP(Protocol):
    """The module ``mlp``: a network of any depth (its ``Config`` is purenn's in both)."""

    def Config(
        self,
        sizes: tuple[int, ...],
        activation: str = "relu",
        output: str = "identity",
        loss: str = "half_sum",
        bias: bool = False,
        init: str = "uniform",
        dropout: str = "connect",
        p: float = WRITE_UP.p,
    ) -> purenn.mlp.Config: ...
    def init_params(self, config: purenn.mlp.Config, rng: Own) -> Own: ...
    def fit(
        self,
        X0: Matrix,
        t: Matrix,
        config: purenn.mlp.Config,
        *,
        optimizer: purenn.optim.Optimizer = purenn.mlp.WRITE_UP_OPTIMIZER,
        batch_size: int | None = None,
        n_epochs: int = WRITE_UP.n_iter,
        seed: int = WRITE_UP.seed,
        callback: Callback | None = None,
        exact: bool = False,
    ) -> FitResult: ...
    def predict(
        self, config: purenn.mlp.Config, params: Own, X0: Matrix, *, exact: bool = False
    ) -> Matrix: ...
    def loss(
        self, config: purenn.mlp.Config, y: Matrix, t: Matrix, *, exact: bool = False
    ) -> float: ...


class Moons(Protocol):
    """The module ``moons``: two interleaved half-moons, and the share classified right."""

    def make_moons(self, rng: Own, n: int, *, noise: float = 0.1) -> tuple[Matrix, Matrix]: ...
    def accuracy(self, y: Matrix, t: Matrix, *, threshold: float = 0.0) -> float: ...


class Activations(Protocol):
    """The module ``activations``: the sigmoid turns logits into probabilities."""

    def sigmoid(self, Z: Matrix, *, exact: bool = False) -> Matrix: ...


class Optim(Protocol):
    """The module ``optim``: an optimizer and its settings (purenn's class in both)."""

    def Optimizer(
        self,
        name: str,
        alpha: float,
        momentum: float = 0.9,
        beta1: float = 0.9,
        beta2: float = 0.999,
        eps: float = 1e-8,
    ) -> purenn.optim.Optimizer: ...
