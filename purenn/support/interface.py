"""The interface the command line relies on, declared once as protocols.

The command line (:mod:`purenn.cli`) is one program for both packages: it is
handed purenn or npnn and calls the same names on it. :class:`Package` states
every name it calls, with the signature both packages give it, so that mypy
checks each call; :class:`MLP`, :class:`Moons`, :class:`Activations` and
:class:`Optim` state the parts of the general network that ``fit`` uses.
``tests/test_interface_cli.py`` proves that purenn and npnn satisfy them,
statically (mypy) and at run time (the same signatures). The general network's
protocols, and the aliases :data:`Matrix` and :data:`Own`, are declared in
:mod:`purenn.support.interface_mlp` and importable from here.

A matrix is a list of rows in purenn and an array in npnn: here it is
:data:`Matrix`, which the command line only counts, indexes and iterates. The
records a package returns are protocols of the fields the command line
reads. What it only hands back to the package that made it (weights, a
generator, a network's parameters) is that package's own type, so it is
declared as such: ``Any`` here, checked in each package by its own signature.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import Any, Protocol

import purenn.mlp
import purenn.optim
from purenn.data import FEATURES, TARGET
from purenn.errors import NNError
from purenn.support.interface_mlp import (
    MLP,
    Activations,
    Callback,
    FitResult,
    Indices,
    Matrix,
    Moons,
    Optim,
    Own,
)
from purenn.support.settings import TUNE_GRID, WRITE_UP

__all__ = [
    "MLP",
    "Activations",
    "CVResult",
    "CheckpointRecord",
    "FitResult",
    "HoldoutResult",
    "Indices",
    "MLPCheckpointRecord",
    "Matrix",
    "Moons",
    "Optim",
    "Own",
    "Package",
    "Score",
    "Split",
    "TrainResult",
    "Trial",
    "TuneResult",
    "Weights",
]

# --- The records the command line reads: the fields it uses, read-only ---


class Weights(Protocol):
    """The write-up's weights: ``W1`` (D, n_h) and ``W2`` (n_h, 1)."""

    @property
    def W1(self) -> Matrix: ...
    @property
    def W2(self) -> Matrix: ...


class TrainResult(Protocol):
    """What :func:`purenn.train.train` returns."""

    @property
    def weights(self) -> Weights: ...
    @property
    def errors(self) -> list[float]: ...
    @property
    def dead(self) -> bool: ...  # every hidden unit 0 on every training row


class CheckpointRecord(Protocol):
    """A trained network saved with its scaling, settings and error history."""

    @property
    def features(self) -> tuple[str, ...]: ...
    @property
    def target(self) -> str: ...
    @property
    def errors(self) -> list[float]: ...
    @property
    def package(self) -> str: ...
    @property
    def n_h(self) -> int: ...
    @property
    def sizes(self) -> tuple[int, ...]: ...  # (D, n_h, 1)


class MLPCheckpointRecord(Protocol):
    """A trained general network saved with its scaling, settings and loss history."""

    @property
    def features(self) -> tuple[str, ...]: ...
    @property
    def targets(self) -> tuple[str, ...]: ...
    @property
    def errors(self) -> list[float]: ...
    @property
    def package(self) -> str: ...
    @property
    def sizes(self) -> tuple[int, ...]: ...  # config.sizes
    @property
    def n_epochs(self) -> int: ...


class Score(Protocol):
    """Rows scored: their count, the loss (half the sum of squares) and the RMSE."""

    @property
    def rows(self) -> int: ...
    @property
    def loss(self) -> float: ...
    @property
    def rmse(self) -> float: ...


class Split(Protocol):
    """A train/test split: which rows are on each side, and the training rows' maxima."""

    @property
    def train_rows(self) -> Indices: ...
    @property
    def test_rows(self) -> Indices: ...
    @property
    def scale(self) -> Matrix: ...  # (1, D)


class HoldoutResult(Protocol):
    """The held-out error of a model: the split, the model and both sides' scores."""

    @property
    def split(self) -> Split: ...
    @property
    def model(self) -> Any: ...  # the network's Weights or the baseline's Linear (w, b)
    @property
    def train(self) -> Score: ...
    @property
    def test(self) -> Score: ...
    @property
    def dead(self) -> bool: ...  # the network ended dead (never the baseline)


class CVResult(Protocol):
    """K-fold cross-validation: each fold's rows and score, their mean and sd."""

    @property
    def folds(self) -> Sequence[Indices]: ...
    @property
    def scores(self) -> Sequence[Score]: ...
    @property
    def mean_loss(self) -> float: ...
    @property
    def sd_loss(self) -> float: ...
    @property
    def mean_rmse(self) -> float: ...
    @property
    def sd_rmse(self) -> float: ...
    @property
    def dead_folds(self) -> list[int]: ...  # the folds whose network ended dead


class Trial(Protocol):
    """One setting of a grid search and its cross-validation (``None``: it diverged)."""

    @property
    def alpha(self) -> float: ...
    @property
    def n_h(self) -> int: ...
    @property
    def p(self) -> float: ...
    @property
    def n_iter(self) -> int: ...
    @property
    def cv(self) -> CVResult | None: ...
    @property
    def dead(self) -> bool: ...  # scored, but dead on some fold: never ranked


class TuneResult(Protocol):
    """A grid search: every trial, and the best one."""

    @property
    def trials(self) -> Sequence[Trial]: ...
    @property
    def best(self) -> Trial: ...


Progress = Callable[[int, int], None]


# --- The packages ---


class Package(Protocol):
    """What the command line calls on purenn or npnn (``import purenn`` or ``import npnn``)."""

    @property
    def __name__(self) -> str: ...
    @property
    def NNError(self) -> type[NNError]: ...  # every error of the package derives from it

    # the data
    def load_housing(
        self, features: Sequence[str] = FEATURES, target: str = TARGET
    ) -> tuple[Matrix, Matrix]: ...
    def load_csv(
        self, path: str | os.PathLike[str], features: Sequence[str], target: str | None = None
    ) -> tuple[Matrix, Matrix | None]: ...
    def fit_scale(self, X: Matrix) -> Matrix: ...
    def apply_scale(self, X: Matrix, scale: Matrix) -> Matrix: ...
    def shape(self, A: Matrix) -> tuple[int, int]: ...

    # the write-up's network and its training
    def generator(self, seed: int) -> Own: ...
    def init_weights(self, rng: Own, D: int, n_h: int) -> Own: ...
    def train(
        self,
        X0: Matrix,
        t: Matrix,
        *,
        n_h: int = WRITE_UP.n_h,
        n_iter: int = WRITE_UP.n_iter,
        alpha: float = WRITE_UP.alpha,
        p: float = WRITE_UP.p,
        seed: int = WRITE_UP.seed,
        callback: Callback | None = None,
        exact: bool = False,
    ) -> TrainResult: ...
    def predict(self, X0: Matrix, W1: Matrix, W2: Matrix, *, exact: bool = False) -> Matrix: ...
    def rmse(self, y: Matrix, t: Matrix, *, exact: bool = False) -> float: ...

    # checkpoints
    def Checkpoint(
        self,
        weights: Own,
        scale: Matrix,
        features: tuple[str, ...],
        target: str,
        errors: list[float],
        n_iter: int,
        alpha: float,
        p: float,
        seed: int,
        exact: bool,
        package: str,
    ) -> CheckpointRecord: ...
    def MLPCheckpoint(
        self,
        config: purenn.mlp.Config,
        params: Own,
        optimizer: purenn.optim.Optimizer,
        batch_size: int | None,
        n_epochs: int,
        seed: int,
        exact: bool,
        scale: Matrix | None,
        features: tuple[str, ...],
        targets: tuple[str, ...],
        errors: list[float],
        package: str,
    ) -> MLPCheckpointRecord: ...
    def save_checkpoint(self, path: str | os.PathLike[str], checkpoint: Own) -> None: ...
    def load_checkpoint(
        self, path: str | os.PathLike[str]
    ) -> CheckpointRecord | MLPCheckpointRecord: ...
    def predict_checkpoint(self, checkpoint: Own, X: Matrix, *, exact: bool = False) -> Matrix: ...

    # held-out error, cross-validation, tuning
    def holdout(
        self,
        X: Matrix,
        t: Matrix,
        *,
        test_fraction: float = 0.2,
        seed: int = WRITE_UP.seed,
        n_h: int = WRITE_UP.n_h,
        n_iter: int = WRITE_UP.n_iter,
        alpha: float = WRITE_UP.alpha,
        p: float = WRITE_UP.p,
        exact: bool = False,
        progress: Progress | None = None,
    ) -> HoldoutResult: ...
    def holdout_linear(
        self,
        X: Matrix,
        t: Matrix,
        *,
        test_fraction: float = 0.2,
        seed: int = WRITE_UP.seed,
        intercept: bool = True,
        exact: bool = False,
    ) -> HoldoutResult: ...
    def cross_validate(
        self,
        X: Matrix,
        t: Matrix,
        *,
        k: int = 5,
        seed: int = WRITE_UP.seed,
        n_h: int = WRITE_UP.n_h,
        n_iter: int = WRITE_UP.n_iter,
        alpha: float = WRITE_UP.alpha,
        p: float = WRITE_UP.p,
        exact: bool = False,
        progress: Progress | None = None,
    ) -> CVResult: ...
    def cross_validate_linear(
        self,
        X: Matrix,
        t: Matrix,
        *,
        k: int = 5,
        seed: int = WRITE_UP.seed,
        intercept: bool = True,
        exact: bool = False,
    ) -> CVResult: ...
    def tune(
        self,
        X: Matrix,
        t: Matrix,
        *,
        alpha: Sequence[float] = TUNE_GRID["alpha"],
        n_h: Sequence[int] = TUNE_GRID["n_h"],
        p: Sequence[float] = TUNE_GRID["p"],
        n_iter: Sequence[int] = TUNE_GRID["n_iter"],
        k: int = 5,
        seed: int = WRITE_UP.seed,
        exact: bool = False,
        progress: Progress | None = None,
    ) -> TuneResult: ...
