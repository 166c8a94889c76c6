"""The command line, shared by ``python -m purenn`` and ``python -m npnn``.

Both packages expose the same functions, so one command-line program serves
both: it is handed the package to run (purenn or npnn) and calls the same
names on it, as :class:`~purenn.support.interface.Package` declares them.
The commands live by family:

- :mod:`~purenn.cli.train`: ``train``, the write-up's run (``--save`` writes a
  checkpoint), and ``predict``, with a checkpoint, for the rows of a CSV file;
- :mod:`~purenn.cli.evaluate`: ``evaluate``, ``cv`` and ``baseline``: the
  error on held-out rows, K-fold cross-validation, linear regression;
- :mod:`~purenn.cli.tune`: ``tune``, a grid search;
- :mod:`~purenn.cli.fit`: ``fit``, a network of any depth, on housing or moons;
- :mod:`~purenn.cli.output`: what they share to write files, plots, tables,
  JSON and progress;
- :mod:`~purenn.cli.paths`: every output path checked before the work, and
  written after it whatever fails;
- :mod:`~purenn.cli.stopping`: SIGTERM handled as Ctrl-C, a closed pipe.

Only the standard library is imported; matplotlib only when ``--plot`` asks
for it.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

from purenn.cli import streams
from purenn.cli.evaluate import add_evaluation_commands, run_baseline, run_cv, run_evaluate
from purenn.cli.fit import add_fit_command, run_fit
from purenn.cli.output import Out
from purenn.cli.stopping import Printer, interrupt_status, stop_word, terminate_as_interrupt, warn
from purenn.cli.train import add_predict_command, add_train_command, run_predict, run_train
from purenn.cli.tune import add_tune_command, run_tune
from purenn.errors import NNError
from purenn.support.interface import Package

__all__ = ["COMMANDS", "Command", "build_parser", "main", "run"]

Command = Callable[[argparse.Namespace, Package, Out], int | None]
"""A command: ``command(args, nn, out)`` runs with package ``nn`` and prints through ``out``."""


class _Parser(argparse.ArgumentParser):
    """An argument parser whose misuse message is one line on stderr."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (try --help)\n")


def build_parser(prog: str) -> tuple[argparse.ArgumentParser, Any]:
    """Return the parser and its sub-command collection, for a package to extend."""
    parser = _Parser(
        prog=prog,
        description=(
            "Train the write-up's 3-4-1 ReLU network on the bundled Boston housing "
            "data, by full-batch gradient descent with DropConnect; measure it on "
            "held-out rows, cross-validate it, compare it with linear regression "
            "and tune its settings."
        ),
    )
    commands = parser.add_subparsers(
        dest="command", required=True, metavar="COMMAND", parser_class=_Parser
    )
    add_train_command(commands)
    add_evaluation_commands(commands)
    add_tune_command(commands)
    add_fit_command(commands)
    add_predict_command(commands)
    return parser, commands


COMMANDS: dict[str, Command] = {
    "train": run_train,
    "evaluate": run_evaluate,
    "cv": run_cv,
    "baseline": run_baseline,
    "tune": run_tune,
    "fit": run_fit,
    "predict": run_predict,
}
"""The commands both packages run (npnn adds ``parity``)."""


def run(
    argv: Sequence[str] | None,
    nn: Package,
    parser: argparse.ArgumentParser,
    commands: dict[str, Command],
) -> int:
    """Parse ``argv``, run the chosen command, and turn user errors into one line.

    SIGTERM stops a command as Ctrl-C does (:mod:`~purenn.cli.stopping`); a
    closed stdout pipe stops the printing, not the work. A closed stderr is
    not stdout (the report stays out of the output); a closed stdout is an
    error (status 1); text the terminal cannot show is escaped
    (:mod:`~purenn.cli.streams`).
    """
    label = parser.prog
    out = Printer()
    closed = streams.prepare()
    try:
        with terminate_as_interrupt():
            args = parser.parse_args(argv)
            label = f"{parser.prog} {args.command}"
            if closed:
                warn(f"{parser.prog}: error: {closed}")
                return 1
            status = commands[args.command](args, nn, out)
            out.flush()
    except MemoryError:
        warn(f"{label}: error: out of memory")
        return 1
    except NNError as error:
        warn(f"{parser.prog}: error: {error}")
        return 2
    except OSError as error:
        warn(f"{parser.prog}: error: {error}")
        return 1
    except KeyboardInterrupt as stop:
        warn(f"{label}: {stop_word(stop)}")
        return interrupt_status(stop)
    return status or 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``python -m purenn``."""
    import purenn

    parser, _ = build_parser("purenn")
    return run(argv, purenn, parser, COMMANDS)
