"""The command ``tune``: a grid search, every setting scored by cross-validation.

Like ``evaluate`` and ``cv`` (:mod:`purenn.cli.evaluate`), it prints a table,
or one JSON object with ``--json``, and its progress on a terminal's stderr.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from purenn.cli import streams
from purenn.cli.evaluate import add_common_options
from purenn.cli.output import (
    Out,
    ProgressLine,
    about,
    cv_json,
    features,
    heading,
    json_text,
    number,
    table,
)
from purenn.support import bounds
from purenn.support.interface import Package, Trial
from purenn.support.settings import TUNE_GRID

__all__ = ["add_tune_command", "run_tune"]


def _list_of(kind: type[float] | type[int], what: str) -> Callable[[str], list[Any]]:
    """An argparse type: comma-separated values of ``kind``."""

    def parse(text: str) -> list[Any]:
        try:
            return [kind(v) for v in text.split(",") if v.strip()]
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"expected comma-separated {what}, got {text!r}"
            ) from None

    return parse


def add_tune_command(commands: Any) -> None:
    """Add ``tune`` to a parser's sub-commands."""
    tune = commands.add_parser(
        "tune",
        help="grid search over alpha, n_h, p and n_iter, scored by cross-validation",
        description=(
            "Cross-validate the network for every combination of the values given "
            "(comma-separated lists), on the same folds, and rank the settings by "
            "their mean held-out RMSE."
        ),
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    numbers, whole = _list_of(float, "numbers"), _list_of(int, "whole numbers")
    tune.add_argument(
        "--alpha",
        type=numbers,
        default=list(TUNE_GRID["alpha"]),
        metavar="A,..",
        help="learning rates",
    )
    tune.add_argument(
        "--n-h", type=whole, default=list(TUNE_GRID["n_h"]), metavar="N,..", help="hidden units"
    )
    tune.add_argument(
        "--p", type=numbers, default=list(TUNE_GRID["p"]), metavar="P,..", help="DropConnect rates"
    )
    tune.add_argument(
        "--n-iter",
        type=whole,
        default=list(TUNE_GRID["n_iter"]),
        metavar="N,..",
        help="gradient steps",
    )
    tune.add_argument("--k", type=int, default=5, metavar="K", help="number of folds")
    add_common_options(tune)


def _setting(trial: Trial) -> dict[str, Any]:
    return {"alpha": trial.alpha, "n_h": trial.n_h, "p": trial.p, "n_iter": trial.n_iter}


def run_tune(args: argparse.Namespace, nn: Package, out: Out) -> None:
    """Run the ``tune`` command: cross-validate every setting of the grid, rank them."""
    X, t = nn.load_housing(features(args), args.target)
    N, D = nn.shape(X)
    bounds.network_size("tune", N, (D, max(args.n_h, default=1), 1))
    grid = {"alpha": args.alpha, "n_h": args.n_h, "p": args.p, "n_iter": args.n_iter}
    with ProgressLine(args, f"{nn.__name__} tune") as progress:
        result = nn.tune(
            X,
            t,
            alpha=args.alpha,
            n_h=args.n_h,
            p=args.p,
            n_iter=args.n_iter,
            k=args.k,
            seed=args.seed,
            exact=args.exact,
            progress=progress.callback,
        )
    scored = {
        i: trial.cv
        for i, trial in enumerate(result.trials)
        if trial.cv is not None and not trial.dead  # dead: scored, never ranked
    }
    order = sorted(scored, key=lambda i: (scored[i].mean_rmse, i))
    rank = {i: r + 1 for r, i in enumerate(order)}
    best = result.best
    assert best.cv is not None  # the best trial is a scored one
    if args.json:
        report = about(args, nn, "tune") | {"k": args.k, "rows": N, "grid": grid}
        report["score"] = "mean held-out RMSE over the folds ($1000s); lowest is best"
        report["spread"] = "sample standard deviation over the folds (divided by k - 1)"
        report["trials"] = [
            _setting(trial)
            | {"rank": rank.get(i), "diverged": trial.cv is None, "dead": trial.dead}
            | (
                cv_json(trial.cv)
                if trial.cv is not None
                else {"folds": None, "mean": None, "sd": None}
            )
            for i, trial in enumerate(result.trials)
        ]
        report["best"] = _setting(best) | cv_json(best.cv)
        out(json_text(report))
        return
    rows = []
    for i, trial in enumerate(result.trials):
        cv = trial.cv
        scores = (
            ["diverged", "", ""]
            if cv is None
            else [number(cv.mean_rmse), number(cv.sd_rmse), number(cv.mean_loss)]
        )
        rows.append(
            [
                repr(trial.alpha),
                str(trial.n_h),
                repr(trial.p),
                str(trial.n_iter),
                *scores,
                str(rank[i]) if i in rank else "dead" if trial.dead else "-",
            ]
        )
    head = ["alpha", "n_h", "p", "n_iter", "CV RMSE", "sd RMSE", "CV loss", "rank"]
    out(
        f"{heading(args, nn)}: grid search over {len(result.trials)} settings, each scored "
        f"by {args.k}-fold cross-validation (seed {args.seed}), {N} rows"
    )
    out(f"inputs {', '.join(features(args))}; target {args.target}; network {D}-n_h-1")
    out("")
    for line in table(head, rows, left=0):
        out(line)
    out("")
    out(
        f"best: alpha {best.alpha!r}, n_h {best.n_h}, p {best.p!r}, n_iter {best.n_iter}: "
        f"CV RMSE {number(best.cv.mean_rmse)} {streams.plus_minus()} {number(best.cv.sd_rmse)} "
        "($1000s)"
    )
    out(f"CV RMSE: the mean held-out RMSE over the {args.k} folds; sd RMSE: their sample")
    out("standard deviation (divided by k - 1); CV loss: the mean held-out loss")
    if any(trial.dead for trial in result.trials):
        out("dead: on some fold every hidden unit outputs 0 on every training row, so the")
        out("network predicts 0 for every input; such a setting is never ranked")
