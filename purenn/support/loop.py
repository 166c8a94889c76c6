"""What a training loop needs besides the math, written once for every loop.

- :func:`collector_paused`: the cycle collector off while the steps run;
- :func:`check_divergence`: a :class:`~purenn.errors.DivergenceError` when the
  error, or the weights, stop being finite numbers.
"""

from __future__ import annotations

import contextlib
import gc
import math
from collections.abc import Iterator

from purenn.errors import DivergenceError

__all__ = ["check_divergence", "collector_paused"]


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while the block runs; restore it as it was.

    The steps of a training loop make no reference cycles, yet their thousands
    of small lists set off the cycle collector, whose passes walk every object
    of the process (a fifth of purenn's training time). Memory is freed as
    usual; only reference cycles made inside the block (by a callback, say)
    wait for the collector until the block ends. The switch is process-wide.
    It is restored also when the block raises.
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def check_divergence(
    op: str,
    error: float,
    alpha: float,
    step: str,
    *,
    weights_finite: bool = True,
) -> None:
    """Raise :class:`~purenn.errors.DivergenceError` if training has diverged.

    Args:
        op: the function training, named in the message.
        error: the latest error; diverged when it is not a finite number.
        alpha: the learning rate, named in the message.
        step: where training was, as the message says it (``"iteration 12"``).
        weights_finite: whether every weight is still a finite number (the
            loops check this once, when they end: a weight of infinity can
            hide behind a ReLU that outputs 0 and leave the error finite).
    """
    if math.isfinite(error) and weights_finite:
        return
    what = (
        f"the error became {error!r} at {step}"
        if not math.isfinite(error)
        else f"the weights stopped being finite numbers by {step}"
    )
    raise DivergenceError(
        f"{op}: {what}: alpha={alpha!r} is too large for this data; try a smaller alpha"
    )
