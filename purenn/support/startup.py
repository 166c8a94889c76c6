"""Ctrl-C while the command line starts: one line on stderr, not a traceback.

``python -m npnn`` (or the ``npnn`` script) imports the package, numpy
included, before the command line's own handling of Ctrl-C begins; an
interrupt then would end in a traceback through the import machinery.
:func:`quiet_interrupts`, called first thing by ``purenn/__init__.py`` and
``npnn/__init__.py``, makes an interrupt that reaches the top of such a
program print ``npnn: interrupted`` instead. The exit status stays the
interpreter's for Ctrl-C (130 in a shell). A program that merely imports
purenn or npnn is left alone. Standard library only, and no import of
purenn: it runs before the rest of the package is loaded.
"""

from __future__ import annotations

import contextlib
import os
import sys
from types import TracebackType

__all__ = ["PROGRAMS", "program", "quiet_interrupts"]

PROGRAMS = ("purenn", "npnn")
"""The command lines this applies to."""

_installed = False


def program(argv: list[str], orig_argv: list[str]) -> str | None:
    """``'purenn'`` or ``'npnn'`` if this process is that command line, starting; else ``None``.

    ``argv`` is ``sys.argv``: ``['-m']`` while ``python -m`` imports the
    package (the interpreter documents this), the script's path for the
    installed script. ``orig_argv`` is the interpreter's own command line.
    """
    if argv[:1] == ["-m"]:
        for i, arg in enumerate(orig_argv[1:], start=1):
            module = orig_argv[i + 1] if arg == "-m" and i + 1 < len(orig_argv) else None
            if arg.startswith("-m") and arg != "-m":
                module = arg[2:]
            if module is not None:
                name = module.split(".")[0]
                return name if name in PROGRAMS else None
        return None
    if argv:
        name = os.path.splitext(os.path.basename(argv[0]))[0].removesuffix("-script")
        return name if name in PROGRAMS else None
    return None


def quiet_interrupts() -> None:
    """When this process is ``purenn`` or ``npnn`` starting, report Ctrl-C in one line."""
    global _installed
    name = program(sys.argv, getattr(sys, "orig_argv", []))
    if name is None or _installed:
        return
    _installed = True
    previous = sys.excepthook

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            with contextlib.suppress(Exception):
                print(f"{name}: interrupted", file=sys.stderr, flush=True)
        else:
            previous(kind, value, tb)

    sys.excepthook = hook
