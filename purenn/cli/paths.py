"""A command's output files: every path checked before any work, each written after it.

:func:`check_outputs` refuses, before a command starts, an output path that
could not be written (:func:`purenn.support.files.problem`: an empty name, a
folder, a device or a FIFO, a missing or read-only folder, a name too long),
two outputs naming one file, and an output naming one of the command's
inputs. :func:`check_plot` refuses a plot whose format matplotlib cannot
write. :class:`Outputs` writes the files once the work is done, each on its
own: one that fails is reported on stderr and the others are still written.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import Any

from purenn.cli.output import Out, require_matplotlib
from purenn.cli.stopping import warn
from purenn.errors import NNError
from purenn.support import files

__all__ = ["Outputs", "check_outputs", "check_plot"]


def check_outputs(
    outputs: Sequence[tuple[str, str | None]], inputs: Sequence[tuple[str, str]] = ()
) -> None:
    """Refuse an output that cannot be written, or that names another output or an input.

    Args:
        outputs: ``(option, path)`` pairs; a path of ``None`` was not asked for.
        inputs: ``(what, path)`` pairs of the files the command reads.

    Raises:
        NNError: one line, naming the option and the path.
    """
    given = [(option, path) for option, path in outputs if path is not None]
    for option, path in given:
        why = files.problem(path)
        if why is not None:
            raise NNError(f"{option}: {why}")
    for i, (option, path) in enumerate(given):
        for other, other_path in given[:i]:
            if files.same_file(path, other_path):
                raise NNError(f"{other} and {option} both name {path!r}; give each its own file")
        for what, input_path in inputs:
            if files.same_file(path, input_path):
                raise NNError(
                    f"{option}: {path!r} is the {what} this command reads; writing the output "
                    "there would destroy it"
                )


def check_plot(prog: str, path: str) -> Any:
    """matplotlib's ``pyplot`` for ``--plot path``, once its format, from the suffix, is known.

    Raises:
        NNError: matplotlib is not installed, or the name has no suffix or one
            that names no format matplotlib writes.
    """
    pyplot = require_matplotlib(prog)
    formats = pyplot.Figure().canvas.get_supported_filetypes()  # {"png": "Portable Network...}
    suffix = os.path.splitext(path)[1][1:].lower()
    if suffix not in formats:
        said = f"ends in .{suffix}, not a format" if suffix else "has no suffix to name the format"
        raise NNError(
            f"--plot: {path!r} {said} matplotlib writes; use one of "
            + ", ".join(f".{name}" for name in sorted(formats))
        )
    return pyplot


class Outputs:
    """The files of a command whose work is done: each written, a failure reported, none skipped.

    ``write(option, path, writer, done)`` calls ``writer()``; if it raises, one
    line on stderr names the option, the file and the error, and the next
    file is still written. :attr:`failed` lists the options not written.
    """

    def __init__(self, prog: str, out: Out) -> None:
        self.prog, self.out = prog, out
        self.failed: list[str] = []

    def write(self, option: str, path: str, writer: Callable[[], None], done: str) -> bool:
        """Write one file; print ``done`` (through ``out``) once it is written. True if it was."""
        try:
            writer()
        except Exception as error:  # whatever went wrong, the other files are still written
            warn(f"{self.prog}: error: {option}: {path!r} was not written: {error}")
            self.failed.append(option)
            return False
        self.out(done)
        return True

    @property
    def status(self) -> int | None:
        """1 if a file could not be written, else ``None`` (the command's own status)."""
        return 1 if self.failed else None
