"""Hyperparameter search in numpy (see :mod:`purenn.tune`).

The write-up fixes ``alpha = 1e-6``, ``n_h = 4``, ``p = 0.2`` and
``n_iter = 1000`` without saying why. :func:`tune` tries every combination of
the values given for each, runs :func:`~npnn.evaluate.cross_validate` on the
same folds for each (same ``seed``, so the settings are compared on the same
rows from the same initial weights where the shapes allow), and ranks them by
the mean held-out RMSE over the folds.

A setting whose training diverges on some fold (``alpha`` too large for the
data) is kept in the table, marked as diverged, and cannot be the best; so is
a setting whose network ended dead on some fold (every hidden unit 0 on
every training row, so that it predicts 0 for every input), marked as dead.
"""

from __future__ import annotations

from collections.abc import Sequence

from npnn.evaluate import CVResult, Progress, cross_validate
from npnn.evaluate.rows import _data
from npnn.matrix import MatrixLike
from purenn.support.search import Trial, TuneResult, search
from purenn.support.settings import TUNE_GRID, WRITE_UP

__all__ = ["Trial", "TuneResult", "tune"]


def tune(
    X: MatrixLike,
    t: MatrixLike,
    *,
    alpha: Sequence[float] = TUNE_GRID["alpha"],
    n_h: Sequence[int] = TUNE_GRID["n_h"],
    p: Sequence[float] = TUNE_GRID["p"],
    n_iter: Sequence[int] = TUNE_GRID["n_iter"],
    k: int = 5,
    seed: int = WRITE_UP.seed,
    exact: bool = False,
    progress: Progress | None = None,
) -> TuneResult[CVResult]:
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
        The loop is :func:`purenn.support.search.search`, shared with the other package.

    Raises:
        ShapeError, DataError: as :func:`~npnn.evaluate.cross_validate`.
        ParameterError: an empty grid, a repeated or out-of-range value, or ``k``
            out of range.
        DivergenceError: the training diverged, or left the network dead, for
            every setting.
    """
    X, t = _data("tune", X, t)
    return search(
        "tune", len(X), cross_validate, X=X, t=t, exact=exact,
        alpha=alpha, n_h=n_h, p=p, n_iter=n_iter, k=k, seed=seed, progress=progress,
    )  # fmt: skip
