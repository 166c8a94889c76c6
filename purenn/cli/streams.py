"""The standard streams of the command line: closed, or unable to show a character.

- stderr closed (``2>&-``): Python sets ``sys.stderr`` to ``None``, and
  ``print(..., file=None)`` prints to stdout, so a report would land in the
  predictions; it is sent to the null device instead.
- stdout closed (``>&-``): ``sys.stdout`` is ``None`` and every line would
  vanish with status 0; the command is refused with status 1.
- A character the stream's encoding lacks (``±`` on an ASCII terminal, a file
  name that is not UTF-8) is written escaped, not raised as an error.
"""

from __future__ import annotations

import os
import sys

__all__ = ["plus_minus", "prepare"]


def prepare() -> str | None:
    """Make the streams safe to print to; return why the command cannot run, or ``None``."""
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 (for the process)
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    if sys.stdout is None:
        return "stdout is closed; the output has nowhere to go (redirect it to a file)"
    return None


def plus_minus() -> str:
    """``±``, or ``+/-`` where stdout cannot show it (an ASCII terminal)."""
    try:
        "±".encode(getattr(sys.stdout, "encoding", None) or "utf-8")
    except (UnicodeEncodeError, LookupError):
        return "+/-"
    return "±"
