"""What a training loop needs besides the math, written once for every loop.

- :func:`collector_paused`: the cycle collector off while the steps run;
- :func:`check_divergence`: a :class:`~purenn.errors.DivergenceError` when the
  error, or the weights, stop being finite numbers;
- :func:`guarded`: a user's callback, handed a copy of weights known to be finite.
"""

from __future__ import annotations

import contextlib
import gc
import math
from collections.abc import Callable, Iterator
from typing import TypeVar

from purenn.errors import DivergenceError

__all__ = ["check_divergence", "collector_paused", "guarded"]

W = TypeVar("W")


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
    where: str,
    *,
    weights_finite: bool = True,
) -> None:
    """Raise :class:`~purenn.errors.DivergenceError` if training has diverged.

    Args:
        op: the function training, named in the message.
        error: the latest error; diverged when it is not a finite number.
        alpha: the learning rate, named in the message.
        where: where training was, as the message says it (``"at iteration 12"``).
        weights_finite: whether every weight is still a finite number (the
            loops check this once, when they end: a weight of infinity can
            hide behind a ReLU that outputs 0 and leave the error finite).
    """
    if math.isfinite(error) and weights_finite:
        return
    what = (
        f"the error became {error!r} {where}"
        if not math.isfinite(error)
        else f"the weights stopped being finite numbers {where}"
    )
    raise DivergenceError(
        f"{op}: {what}: alpha={alpha!r} is too large for this data; try a smaller alpha"
    )


def guarded(
    op: str,
    alpha: float,
    callback: Callable[[int, float, W], None] | None,
    copy: Callable[[W], W],
    finite: Callable[[W], bool],
    unit: str = "iteration",
) -> Callable[[int, float, W], None] | None:
    """Wrap a training loop's callback: weights checked, then handed on as a copy.

    ``None`` (no callback) stays ``None``. ``unit`` names what the callback's
    first argument counts, in the message (``"iteration"``, ``"epoch"``).

    The loop itself checks only its error each step; the weights' finiteness
    costs a scan, paid here only when there is a callback to protect. The
    callback never sees a weight that is not a finite number, and what it does
    to its copy cannot change the training.
    """

    if callback is None:
        return None
    user_callback = callback  # bound here, so that the closure's type is known

    def guarded_callback(step: int, error: float, weights: W) -> None:
        check_divergence(op, error, alpha, f"at {unit} {step}", weights_finite=finite(weights))
        user_callback(step, error, copy(weights))

    return guarded_callback
