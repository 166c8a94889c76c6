"""The command line of ``python -m npnn``: purenn's, plus the parity report.

``train``, ``evaluate``, ``cv``, ``baseline``, ``tune`` and ``predict`` are the
very code of :mod:`purenn.cli`, run with npnn's functions. ``parity`` runs both
packages from one seed and prints how they differ.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence

from purenn.cli import COMMANDS, build_parser, run
from purenn.support import checks
from purenn.support.interface import Package
from purenn.support.settings import WRITE_UP

__all__ = ["main", "run_parity"]


def run_parity(args: argparse.Namespace, nn: Package, out: Callable[[str], None]) -> int:
    """Print the parity report; return 1 unless exact mode is bit-equal everywhere."""
    from npnn.parity import parity_report

    checks.whole_seed(args.seed, "parity")
    checks.count(args.n_iter, "parity", "n_iter", 1)
    text, held = parity_report(seed=args.seed, n_iter=args.n_iter)
    out(text)
    return 0 if held else 1


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``python -m npnn``."""
    import npnn

    parser, commands = build_parser("npnn")
    parity = commands.add_parser(
        "parity",
        help="compare purenn and npnn tensor by tensor, in ULPs",
        description=(
            "Run purenn and npnn (exact and default mode) from the same seed and "
            "print, for every tensor of the first step and of a training run, how "
            "many entries are bit-equal and the largest difference in ULPs. Exits "
            "with status 1 if exact mode is not bit-equal everywhere."
        ),
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parity.add_argument("--seed", type=int, default=WRITE_UP.seed, help="seed of the random stream")
    parity.add_argument(
        "--n-iter", type=int, default=WRITE_UP.n_iter, metavar="K", help="training steps to compare"
    )
    return run(argv, npnn, parser, {**COMMANDS, "parity": run_parity})
