"""Progress of long runs: gradient steps counted across several trainings.

Shared by purenn and npnn: :mod:`~purenn.evaluate` trains once per fold,
:mod:`~purenn.tune` once per fold of every setting, and a ``progress``
callback hears of every step of all of them.
"""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["Progress", "Steps"]

Progress = Callable[[int, int], None]
"""Called as ``progress(steps_done, steps_in_all)`` after each gradient step."""


class Steps:
    """Counts gradient steps across several trainings, for a ``progress`` callback."""

    def __init__(self, progress: Progress | None, total: int) -> None:
        self.progress, self.total, self.done = progress, total, 0

    def callback(self) -> Callable[[int, float, object], None] | None:
        """A training's per-step callback that counts the step, or ``None`` if nobody listens."""
        return None if self.progress is None else self._step

    def _step(self, iteration: int, error: float, weights: object) -> None:
        self.skip(1)

    def skip(self, steps: int) -> None:
        """Count ``steps`` more (steps done, or steps a diverged training will not take)."""
        self.done += steps
        if self.progress is not None and steps > 0:
            self.progress(self.done, self.total)
