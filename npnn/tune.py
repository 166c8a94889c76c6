"""Hyperparameter search in numpy (see :mod:`purenn.tune`).

The write-up fixes ``alpha = 1e-6``, ``n_h = 4``, ``p = 0.2`` and
``n_iter = 1000`` without saying why. :func:`tune` tries every combination of
the values given for each, runs :func:`~npnn.evaluate.cross_validate` on the
same folds for each (same ``seed``, so the settings are compared on the same
rows from the same initial weights where the shapes allow), and ranks them by
the mean held-out RMSE over the folds.

A setting whose training diverges on some fold (``alpha`` too large for the
data) is kept in the table, marked as diverged, and cannot be the best.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from npnn.evaluate import CVResult, Progress, _cross_validate, _data, _network, _Steps
from npnn.matrix import MatrixLike
from purenn.errors import DivergenceError
from purenn.support import checks
from purenn.support.records import record_repr

__all__ = ["Trial", "TuneResult", "tune"]


@dataclass(frozen=True, repr=False)
class Trial:
    """One setting of the grid and its cross-validation.

    ``cv`` is ``None`` when the training diverged on a fold.
    """

    alpha: float
    n_h: int
    p: float
    n_iter: int
    cv: CVResult | None

    @property
    def diverged(self) -> bool:
        """The training diverged on some fold: the setting has no score."""
        return self.cv is None

    __repr__ = record_repr


@dataclass(frozen=True, repr=False)
class TuneResult:
    """Every trial, in grid order (``alpha``, then ``n_h``, ``p``, ``n_iter``), and the best.

    ``best`` has the lowest mean held-out RMSE; of equal ones, the first in grid order.
    """

    trials: list[Trial]
    best: Trial

    __repr__ = record_repr


def tune(
    X: MatrixLike,
    t: MatrixLike,
    *,
    alpha: Sequence[float] = (1e-6, 1e-5),
    n_h: Sequence[int] = (4, 8),
    p: Sequence[float] = (0.0, 0.2),
    n_iter: Sequence[int] = (1000,),
    k: int = 5,
    seed: int = 0,
    exact: bool = False,
    progress: Progress | None = None,
) -> TuneResult:
    """Cross-validate the network for every setting of the grid; return the table and the best.

    Args:
        X: inputs, unscaled, shape ``(N, D)``.
        t: targets, shape ``(N, 1)``.
        alpha: learning rates to try, each above zero.
        n_h: hidden-unit counts to try, each at least 1.
        p: DropConnect rates to try, each in [0, 1).
        n_iter: step counts to try, each at least 0.
        k: number of folds, from 2 to ``N``.
        seed: seeds the folds and every training.
        exact: add in purenn's order, so every score and the choice of the best
            are bit-for-bit purenn's.
        progress: called as ``progress(done, total)`` after each gradient step,
            ``total`` being every step of every fold of every setting.

    Returns:
        ``TuneResult(trials, best)``: one ``Trial`` per setting, in grid order.

    Raises:
        ShapeError, DataError: as :func:`~npnn.evaluate.cross_validate`.
        ParameterError: an empty grid, a repeated or out-of-range value, or ``k``
            out of range.
        DivergenceError: the training diverged for every setting.
    """
    op = "tune"
    X, t = _data(op, X, t)
    alphas = checks.grid(alpha, op, "alpha", lambda v: checks.step_size(v, op))
    n_hs = checks.grid(n_h, op, "n_h", lambda v: checks.count(v, op, "n_h", 1))
    ps = checks.grid(p, op, "p", lambda v: checks.rate(v, op))
    n_iters = checks.grid(n_iter, op, "n_iter", lambda v: checks.count(v, op, "n_iter", 0))
    k = checks.folds(k, op, len(X))
    seed = checks.whole_seed(seed, op)
    checks.callable_or_none(progress, op, "progress")

    # --8<-- [start:grid]
    grid = list(itertools.product(alphas, n_hs, ps, n_iters))  # alpha slowest, n_iter fastest
    steps = _Steps(progress, sum(k * setting[3] for setting in grid))
    trials = []
    for a, h, q, n in grid:
        start = steps.done
        fit, predict = _network(h, n, a, q, seed, steps, exact)
        try:
            cv: CVResult | None = _cross_validate(X, t, k, seed, fit, predict, exact)
        except DivergenceError:
            cv = None
            steps.skip(k * n - (steps.done - start))  # the steps this setting did not take
        trials.append(Trial(a, h, q, n, cv))
    scored = [(trial.cv.mean_rmse, i) for i, trial in enumerate(trials) if trial.cv is not None]
    if not scored:
        raise DivergenceError(
            f"{op}: the training diverged for every setting of the grid; try smaller alpha values"
        )
    _, best = min(scored)  # the lowest mean RMSE; of equal ones, the first in grid order
    return TuneResult(trials, trials[best])
    # --8<-- [end:grid]
