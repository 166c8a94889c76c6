"""The records of evaluation: scores, splits and the results of holdout and cross-validation.

See :mod:`npnn.evaluate`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from npnn.baseline import Linear
from npnn.matrix import Matrix
from npnn.network import Weights
from npnn.random import Indices
from purenn.support.progress import Progress
from purenn.support.records import record_repr

__all__ = ["CVResult", "HoldoutResult", "Progress", "Score", "Split"]

Model = Weights | Linear
Fit = Callable[[Matrix, Matrix], tuple[Model, bool]]  # fit(X0_train, t_train) -> model, dead
Predict = Callable[[Model, Matrix], Matrix]  # predict(model, X0) -> y


@dataclass(frozen=True, repr=False)
class Score:
    """How far the predictions are from the targets, on ``rows`` rows.

    ``loss`` is half the sum of squared errors (the write-up's error; it grows
    with the number of rows). ``rmse`` is the root-mean-square error, in the
    units of ``t`` ($1000s for the housing data).
    """

    rows: int
    loss: float
    rmse: float

    __repr__ = record_repr


@dataclass(frozen=True, repr=False)
class Split:
    """Rows split into training and held-out (test) rows, scaled by the training rows.

    ``X0_train`` is ``(N_train, D)`` and ``X0_test`` is ``(N_test, D)``, both
    divided by ``scale`` ``(1, D)``: the column maxima of the training rows
    alone. ``t_train`` ``(N_train, 1)`` and ``t_test`` ``(N_test, 1)`` are their
    targets; ``train_rows`` and ``test_rows`` their positions in the table, in
    increasing order.
    """

    X0_train: Matrix
    t_train: Matrix
    X0_test: Matrix
    t_test: Matrix
    scale: Matrix
    train_rows: Indices
    test_rows: Indices

    __repr__ = record_repr


@dataclass(frozen=True, repr=False)
class HoldoutResult:
    """A model trained on a split's training rows, scored on both sides.

    ``model`` is the network's ``Weights`` or the baseline's ``Linear``.
    ``dead`` is ``True`` when the network ended dead (every hidden unit
    outputs 0 on every training row: it predicts 0 for every input; see
    ``TrainResult.dead``); always ``False`` for the baseline.
    """

    split: Split
    model: Weights | Linear
    train: Score
    test: Score
    dead: bool

    __repr__ = record_repr


@dataclass(frozen=True, repr=False)
class CVResult:
    """K-fold cross-validation: each fold's held-out score, their mean and spread.

    ``folds[f]`` are the rows fold ``f`` held out and ``scores[f]`` their score.
    ``mean_loss`` and ``mean_rmse`` are means over the ``k`` folds (the mean of
    the folds' RMSEs, not one RMSE of the rows pooled). ``sd_loss`` and
    ``sd_rmse`` are the sample standard deviations over the folds (the sum of
    squared deviations divided by ``k - 1``). ``dead_folds`` are the folds
    (positions in ``folds``) whose network ended dead (see
    :class:`HoldoutResult`); empty for the baseline.
    """

    folds: list[Indices] = field(repr=False)
    scores: list[Score]
    mean_loss: float
    sd_loss: float
    mean_rmse: float
    sd_rmse: float
    dead_folds: list[int]

    __repr__ = record_repr
