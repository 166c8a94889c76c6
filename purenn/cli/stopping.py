"""How a command stops early without losing its work: SIGTERM, Ctrl-C and a closed pipe.

- SIGTERM (what ``kill``, a container's stop and a batch scheduler send) is
  turned into :class:`Terminated`, a ``KeyboardInterrupt``, so a command
  handles it as it handles Ctrl-C: ``train`` keeps the weights reached. The
  exit status is 143 (128 + 15) instead of Ctrl-C's 130 (128 + 2).
- :class:`Printer` prints a command's lines on stdout; when the reader of a
  pipe goes away (``... | head -3``), it stops printing and the command goes
  on, so the files it was asked for are still written.
- :func:`warn` prints a line on stderr, and never fails on a closed pipe.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from collections.abc import Iterator
from types import FrameType

__all__ = [
    "Printer",
    "Terminated",
    "interrupt_status",
    "stop_word",
    "terminate_as_interrupt",
    "warn",
]


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where the program was, as Ctrl-C raises ``KeyboardInterrupt``."""


def _raise_terminated(signum: int, frame: FrameType | None) -> None:
    raise Terminated


@contextlib.contextmanager
def terminate_as_interrupt() -> Iterator[None]:
    """While the block runs, SIGTERM raises :class:`Terminated` (in the main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _raise_terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def interrupt_status(stop: KeyboardInterrupt) -> int:
    """The exit status of a command stopped by ``stop``: 143 for SIGTERM, 130 for Ctrl-C."""
    return 128 + (signal.SIGTERM if isinstance(stop, Terminated) else signal.SIGINT)


def stop_word(stop: KeyboardInterrupt) -> str:
    """How a message says what stopped the command."""
    return "terminated (SIGTERM)" if isinstance(stop, Terminated) else "interrupted"


def warn(line: str) -> None:
    """Print ``line`` on stderr; a closed or missing stderr is not an error."""
    if sys.stderr is None:
        return
    with contextlib.suppress(BrokenPipeError):
        print(line, file=sys.stderr, flush=True)


class Printer:
    """``print`` for a command's lines, that stops printing when stdout's reader goes away."""

    def __init__(self) -> None:
        self.closed = False

    def __call__(self, line: str) -> None:
        if self.closed:
            return
        try:
            print(line)
        except BrokenPipeError:
            self._reader_gone()

    def flush(self) -> None:
        """Push out what is buffered, so that a closed pipe is found here and not at exit."""
        if self.closed or sys.stdout is None:
            return
        try:
            sys.stdout.flush()
        except BrokenPipeError:
            self._reader_gone()

    def _reader_gone(self) -> None:
        """Send the rest of stdout, its buffer included, to the null device."""
        self.closed = True
        try:
            fd = sys.stdout.fileno()
        except (AttributeError, OSError, ValueError):  # not a real file: nothing to redirect
            return
        null = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(null, fd)
        finally:
            os.close(null)
