"""The command line, shared by ``python -m purenn`` and ``python -m npnn``.

Both packages expose the same functions, so one command-line program serves
both: it is handed the package to run (purenn or npnn) and calls the same
names on it. This module imports only the standard library; matplotlib is
imported only when ``--plot`` asks for it.
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
from collections.abc import Callable, Sequence
from types import ModuleType
from typing import Any, NoReturn

from purenn import _checks
from purenn.data import FEATURES, TARGET
from purenn.errors import NNError

__all__ = ["build_parser", "main", "run"]

PRINT_EVERY = 10
"""Print the error every this many iterations, as the write-up does."""


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
            "data, by full-batch gradient descent with DropConnect."
        ),
    )
    commands = parser.add_subparsers(
        dest="command", required=True, metavar="COMMAND", parser_class=_Parser
    )
    train = commands.add_parser(
        "train",
        help="train the network and print the error as it falls",
        description=(
            "Train on the bundled data: inputs scaled by their column maximum, "
            "weights drawn from the seeded stream, the error printed every "
            f"{PRINT_EVERY} iterations, then a summary."
        ),
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    train.add_argument("--seed", type=int, default=0, help="seed of the random stream")
    train.add_argument("--n-h", type=int, default=4, metavar="N", help="hidden units")
    train.add_argument("--n-iter", type=int, default=1000, metavar="N", help="gradient steps")
    train.add_argument("--alpha", type=float, default=1e-6, help="learning rate")
    train.add_argument(
        "--p",
        type=float,
        default=0.2,
        help="DropConnect rate: share of each weight matrix zeroed per step (0 turns it off)",
    )
    train.add_argument(
        "--features",
        default=",".join(FEATURES),
        metavar="NAMES",
        help="comma-separated input columns of the table",
    )
    train.add_argument("--target", default=TARGET, metavar="NAME", help="column to predict")
    train.add_argument(
        "--exact",
        action="store_true",
        help="npnn: add in purenn's order, so every number is "
        "bit-for-bit purenn's (purenn always does)",
    )
    train.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help=f"print only the summary, not the error every {PRINT_EVERY} iterations",
    )
    train.add_argument(
        "--history", metavar="FILE", help="write every iteration's error to FILE as CSV"
    )
    train.add_argument(
        "--plot",
        metavar="FILE",
        help="draw the error per iteration to FILE (PNG); needs matplotlib",
    )
    return parser, commands


def _require_matplotlib(prog: str) -> Any:
    try:
        import matplotlib

        matplotlib.use("Agg")
        from matplotlib import pyplot
    except ImportError:
        raise SystemExit(f"{prog}: --plot needs matplotlib: pip install 'twinnets[plot]'") from None
    return pyplot


def _check_writable(path: str | None, option: str) -> None:
    if path is None:
        return
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise NNError(f"{option}: folder {folder!r} does not exist")


def _write_history(path: str, errors: Sequence[float]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["iteration", "error"])
        writer.writerows((i, repr(e)) for i, e in enumerate(errors))


def _write_plot(pyplot: Any, path: str, errors: Sequence[float], title: str) -> None:
    figure, axes = pyplot.subplots(figsize=(7, 4), layout="constrained")
    axes.plot(range(len(errors)), errors, linewidth=1)
    axes.set_xlabel("iteration")
    axes.set_ylabel("error: half the sum of squared errors")
    axes.set_title(title)
    figure.savefig(path, dpi=120)
    pyplot.close(figure)


def run_train(args: argparse.Namespace, nn: ModuleType, out: Callable[[str], None]) -> None:
    """Run the ``train`` command with the package ``nn`` (purenn or npnn)."""
    name = nn.__name__
    pyplot = _require_matplotlib(name) if args.plot else None
    _check_writable(args.history, "--history")
    _check_writable(args.plot, "--plot")
    _checks.settings(
        "train",
        n_h=args.n_h,
        n_iter=args.n_iter,
        alpha=args.alpha,
        p=args.p,
        seed=args.seed,
    )
    features = [f.strip() for f in args.features.split(",") if f.strip()]
    X, t = nn.load_housing(features, args.target)
    X0 = nn.apply_scale(X, nn.fit_scale(X))
    N, D = nn.shape(X0)
    mode = " (exact mode)" if args.exact and name == "npnn" else ""
    out(
        f"{name}{mode}: {D}-{args.n_h}-1 network, {N} rows; inputs "
        f"{', '.join(features)}; target {args.target}"
    )
    out(f"seed {args.seed}, n_iter {args.n_iter}, alpha {args.alpha!r}, p {args.p!r}")

    def report(iteration: int, error: float, weights: Any) -> None:
        if not args.quiet and iteration % PRINT_EVERY == 0:
            out(f"iteration {iteration:5d}   error {error:14.4f}")

    result = nn.train(
        X0,
        t,
        n_h=args.n_h,
        n_iter=args.n_iter,
        alpha=args.alpha,
        p=args.p,
        seed=args.seed,
        callback=report,
        exact=args.exact,
    )
    W = result.weights
    if result.errors:
        out(f"first error {result.errors[0]:14.4f}   (iteration 0)")
        out(f"final error {result.errors[-1]:14.4f}   (iteration {len(result.errors) - 1})")
    y = nn.predict(X0, W.W1, W.W2, exact=args.exact)
    out(
        f"RMSE        {nn.rmse(y, t, exact=args.exact):14.4f}   "
        f"($1000s; final weights without DropConnect, on the training rows)"
    )
    if args.history:
        _write_history(args.history, result.errors)
        out(f"history written to {args.history}")
    if pyplot is not None:
        _write_plot(
            pyplot,
            args.plot,
            result.errors,
            f"{name}: {D}-{args.n_h}-1, alpha {args.alpha!r}, p {args.p!r}",
        )
        out(f"plot written to {args.plot}")


def run(
    argv: Sequence[str] | None,
    nn: ModuleType,
    parser: argparse.ArgumentParser,
    commands: dict[
        str,
        Callable[[argparse.Namespace, ModuleType, Callable[[str], None]], int | None],
    ],
) -> int:
    """Parse ``argv``, run the chosen command, and turn user errors into one line."""
    args = parser.parse_args(argv)
    try:
        status = commands[args.command](args, nn, print)
    except NNError as error:
        print(f"{parser.prog}: error: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"{parser.prog}: error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"{parser.prog} {args.command}: interrupted", file=sys.stderr)
        return 130
    return status or 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``python -m purenn``."""
    import purenn

    parser, _ = build_parser("purenn")
    return run(argv, purenn, parser, {"train": run_train})
