"""Hyperparameter search over a grid, written once for purenn and npnn.

:func:`search` is orchestration, no numerics: it checks the grid, runs the
package's own ``cross_validate`` for every setting on the same folds, counts
the steps for a ``progress`` callback, and ranks the settings by their mean
held-out RMSE. A setting that diverged, or whose network ended dead on some
fold (every hidden unit 0 on every row: it predicts 0 for every input), is
kept in the table, marked, and never ranked. ``purenn.tune.tune`` and
``npnn.tune.tune`` hand it their package's ``cross_validate``, so every score
is that package's.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from purenn.errors import DivergenceError
from purenn.support import checks
from purenn.support.progress import Progress, Steps
from purenn.support.records import record_repr

__all__ = ["Scored", "Trial", "TuneResult", "search"]


class Scored(Protocol):
    """What the search reads of a cross-validation: its mean held-out RMSE and dead folds."""

    @property
    def mean_rmse(self) -> float: ...
    @property
    def dead_folds(self) -> list[int]: ...


CV = TypeVar("CV", bound=Scored)


@dataclass(frozen=True, repr=False)
class Trial(Generic[CV]):
    """One setting of the grid and its cross-validation.

    ``cv`` is ``None`` when the training diverged on a fold.
    """

    alpha: float
    n_h: int
    p: float
    n_iter: int
    cv: CV | None

    @property
    def diverged(self) -> bool:
        """The training diverged on some fold: the setting has no score."""
        return self.cv is None

    @property
    def dead(self) -> bool:
        """The network ended dead on some fold: scored, but never ranked."""
        return self.cv is not None and bool(self.cv.dead_folds)

    __repr__ = record_repr


@dataclass(frozen=True, repr=False)
class TuneResult(Generic[CV]):
    """Every trial, in grid order (``alpha``, then ``n_h``, ``p``, ``n_iter``), and the best.

    ``best`` has the lowest mean held-out RMSE of the trials neither diverged
    nor dead; of equal ones, the first in grid order.
    """

    trials: list[Trial[CV]]
    best: Trial[CV]

    __repr__ = record_repr


def _listener(steps: Steps, start: int) -> Progress:
    """A ``progress`` for one setting's cross-validation that counts into ``steps``."""
    return lambda done, _: steps.skip(start + done - steps.done)


# --8<-- [start:grid]
def search(
    op: str,
    N: int,
    cross_validate: Callable[..., CV],
    *,
    alpha: object,
    n_h: object,
    p: object,
    n_iter: object,
    k: object,
    seed: object,
    progress: object,
    **data: Any,
) -> TuneResult[CV]:
    """Cross-validate every setting of the grid with ``cross_validate(**data, ...)``; rank them.

    ``data`` holds the checked ``X`` and ``t`` (``N`` rows) and ``exact``,
    passed on to ``cross_validate`` unchanged.
    """
    alphas = checks.grid(alpha, op, "alpha", lambda v: checks.step_size(v, op))
    n_hs = checks.grid(n_h, op, "n_h", lambda v: checks.count(v, op, "n_h", 1))
    ps = checks.grid(p, op, "p", lambda v: checks.rate(v, op))
    n_iters = checks.grid(n_iter, op, "n_iter", lambda v: checks.count(v, op, "n_iter", 0))
    k = checks.folds(k, op, N)
    seed = checks.whole_seed(seed, op)
    checks.callable_or_none(progress, op, "progress")
    grid = list(itertools.product(alphas, n_hs, ps, n_iters))  # alpha slowest, n_iter fastest
    steps = Steps(progress, sum(k * setting[3] for setting in grid))  # type: ignore[arg-type]
    trials: list[Trial[CV]] = []
    for a, h, q, n in grid:
        start = steps.done
        listen = None if progress is None else _listener(steps, start)
        try:
            cv: CV | None = cross_validate(
                **data, k=k, seed=seed, n_h=h, n_iter=n, alpha=a, p=q, progress=listen
            )
        except DivergenceError:
            cv = None
            steps.skip(k * n - (steps.done - start))  # the steps this setting did not take
        trials.append(Trial(a, h, q, n, cv))
    scored = [
        (trial.cv.mean_rmse, i)
        for i, trial in enumerate(trials)
        if trial.cv is not None and not trial.dead
    ]
    if not scored:
        died = "" if all(trial.diverged for trial in trials) else " or left the network dead"
        raise DivergenceError(
            f"{op}: the training diverged{died} for every setting of the grid; "
            "try smaller alpha values"
        )
    _, best = min(scored)  # the lowest mean RMSE; of equal ones, the first in grid order
    return TuneResult(trials, trials[best])


# --8<-- [end:grid]
