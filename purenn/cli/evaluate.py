"""The commands ``evaluate``, ``cv`` and ``baseline``: the error on rows not trained on.

``evaluate`` holds out a share of the rows, ``cv`` cross-validates over K
folds, both beside the linear-regression baseline; ``baseline`` fits that
baseline and prints its weights. They print tables, or one JSON object with
``--json``, and show their progress on stderr only when stderr is a terminal
(and ``--quiet`` is not given).
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import Any

from purenn.cli.output import (
    Out,
    ProgressLine,
    about,
    cv_json,
    dead_names,
    features,
    heading,
    json_text,
    number,
    score_json,
    table,
)
from purenn.data import FEATURES, TARGET
from purenn.support import bounds, checks
from purenn.support.interface import CVResult, HoldoutResult, Matrix, Package
from purenn.support.settings import WRITE_UP

__all__ = [
    "LOSS_NOTE",
    "add_common_options",
    "add_evaluation_commands",
    "run_baseline",
    "run_cv",
    "run_evaluate",
]

LOSS_NOTE = (
    "loss: half the sum of squared errors over the rows (the write-up's error; it grows\n"
    "with the number of rows); RMSE: the root-mean-square error, in $1000s"
)

LINEAR_LABELS = {True: "linear, intercept", False: "linear, no intercept"}


def add_common_options(command: argparse.ArgumentParser) -> None:
    """The options of every evaluation command: seed, data, mode, output."""
    command.add_argument(
        "--seed",
        type=int,
        default=WRITE_UP.seed,
        help="seed of the random stream: rows' order and weights",
    )
    command.add_argument(
        "--features",
        default=",".join(FEATURES),
        metavar="NAMES",
        help="comma-separated input columns of the table",
    )
    command.add_argument("--target", default=TARGET, metavar="NAME", help="column to predict")
    command.add_argument(
        "--exact",
        action="store_true",
        help="npnn: add in purenn's order, so every number is "
        "bit-for-bit purenn's (purenn always does)",
    )
    command.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="no progress on stderr (it is shown only when stderr is a terminal)",
    )
    command.add_argument(
        "--json", action="store_true", help="print one JSON object on stdout, for scripts"
    )


def add_network_options(command: argparse.ArgumentParser) -> None:
    """The write-up's network and training, its settings the defaults."""
    command.add_argument("--n-h", type=int, default=WRITE_UP.n_h, metavar="N", help="hidden units")
    command.add_argument(
        "--n-iter", type=int, default=WRITE_UP.n_iter, metavar="N", help="gradient steps"
    )
    command.add_argument("--alpha", type=float, default=WRITE_UP.alpha, help="learning rate")
    command.add_argument(
        "--p",
        type=float,
        default=WRITE_UP.p,
        help="DropConnect rate: share of each weight matrix zeroed per step (0 turns it off)",
    )


def add_evaluation_commands(commands: Any) -> None:
    """Add ``evaluate``, ``cv`` and ``baseline`` to a parser's sub-commands."""
    formatter = argparse.ArgumentDefaultsHelpFormatter
    evaluate = commands.add_parser(
        "evaluate",
        help="train on some rows, score on held-out rows, beside the linear baseline",
        description=(
            "Hold out a seeded share of the rows, fit the scaling and train the network "
            "on the rest, and print the loss and RMSE on both sides, beside the linear "
            "baseline (with and without an intercept) on the same split."
        ),
        formatter_class=formatter,
    )
    evaluate.add_argument(
        "--test-fraction", type=float, default=0.2, metavar="F", help="share of rows held out"
    )
    add_network_options(evaluate)
    add_common_options(evaluate)

    cv = commands.add_parser(
        "cv",
        help="K-fold cross-validation of the network and the linear baseline",
        description=(
            "Cut the rows into K seeded folds; hold out each in turn, fit the scaling "
            "and train on the others, and score the held-out fold. Prints each fold's "
            "loss and RMSE, their mean and sample standard deviation, for the network "
            "and the linear baseline on the same folds."
        ),
        formatter_class=formatter,
    )
    cv.add_argument("--k", type=int, default=5, metavar="K", help="number of folds")
    add_network_options(cv)
    add_common_options(cv)

    baseline = commands.add_parser(
        "baseline",
        help="fit linear regression by least squares and score it on held-out rows",
        description=(
            "Fit y = X0 w + b, and y = X0 w, by least squares (Householder QR; npnn's "
            "default mode uses numpy's lstsq) on the training rows of the same split "
            "as evaluate; print the weights and the loss and RMSE on both sides."
        ),
        formatter_class=formatter,
    )
    baseline.add_argument(
        "--test-fraction", type=float, default=0.2, metavar="F", help="share of rows held out"
    )
    add_common_options(baseline)


def _network_settings(args: argparse.Namespace) -> dict[str, Any]:
    return {"n_h": args.n_h, "n_iter": args.n_iter, "alpha": args.alpha, "p": args.p}


def _network_label(D: int, n_h: int) -> str:
    return f"network {D}-{n_h}-1"


def _holdout_linear(
    args: argparse.Namespace, nn: Package, X: Matrix, t: Matrix
) -> dict[bool, HoldoutResult]:
    """The baseline on evaluate's split: with an intercept (``True``) and without."""
    return {
        i: nn.holdout_linear(
            X, t, test_fraction=args.test_fraction, seed=args.seed, intercept=i, exact=args.exact
        )
        for i in (True, False)
    }


def run_evaluate(args: argparse.Namespace, nn: Package, out: Out) -> None:
    """Run the ``evaluate`` command: held-out error of the network and of the baseline."""
    op = "holdout"
    checks.fraction(args.test_fraction, op, "test_fraction")
    checks.settings(
        op, n_h=args.n_h, n_iter=args.n_iter, alpha=args.alpha, p=args.p, seed=args.seed
    )
    X, t = nn.load_housing(features(args), args.target)
    bounds.network_size(op, len(X), (len(X[0]), args.n_h, 1))
    linear = _holdout_linear(args, nn, X, t)
    with ProgressLine(args, f"{nn.__name__} evaluate") as progress:
        network = nn.holdout(
            X,
            t,
            test_fraction=args.test_fraction,
            seed=args.seed,
            n_h=args.n_h,
            n_iter=args.n_iter,
            alpha=args.alpha,
            p=args.p,
            exact=args.exact,
            progress=progress.callback,
        )
    part = network.split
    N_train, N_test, D = len(part.train_rows), len(part.test_rows), nn.shape(X)[1]
    results = {"network": network, "linear": linear[True], "linear_no_intercept": linear[False]}
    if args.json:
        report = about(args, nn, "evaluate")
        report |= {
            "test_fraction": args.test_fraction,
            "rows": {"train": N_train, "test": N_test},
            "test_rows": [int(i) for i in part.test_rows],
            "network": _network_settings(args),
        }
        for key, result in results.items():
            report.setdefault(key, {})
            report[key] |= {"train": score_json(result.train), "test": score_json(result.test)}
            report[key]["dead"] = bool(result.dead)
        out(json_text(report))
        return
    labels = {
        "network": _network_label(D, args.n_h) + (" (dead)" if network.dead else ""),
        "linear": LINEAR_LABELS[True],
        "linear_no_intercept": LINEAR_LABELS[False],
    }
    rows = []
    for key, result in results.items():
        for side, s in (("train", result.train), ("test", result.test)):
            rows.append([labels[key], side, str(s.rows), number(s.loss), number(s.rmse)])
    out(
        f"{heading(args, nn)}: held-out error: {N_train} rows to train on, {N_test} held out "
        f"(test fraction {args.test_fraction!r}, seed {args.seed})"
    )
    out(
        f"inputs {', '.join(features(args))}, scaled by the maxima of the training rows "
        f"only; target {args.target}"
    )
    out(
        f"{labels['network']}: n_iter {args.n_iter}, alpha {args.alpha!r}, p {args.p!r}; "
        f"scored with its final weights, without DropConnect"
    )
    out("")
    for line in table(["model", "side", "rows", "loss", "RMSE ($1000s)"], rows, left=2):
        out(line)
    out("")
    if network.dead:
        out("dead network: every hidden unit outputs 0 on every training row, so it predicts 0")
        out("for every input; try a smaller alpha")
    out(LOSS_NOTE)


def _cv_columns(result: CVResult) -> list[list[str]]:
    """Per fold, then mean and sd: ``[loss, RMSE]`` as text."""
    cells = [[number(s.loss), number(s.rmse)] for s in result.scores]
    cells.append([number(result.mean_loss), number(result.mean_rmse)])
    cells.append([number(result.sd_loss), number(result.sd_rmse)])
    return cells


def run_cv(args: argparse.Namespace, nn: Package, out: Out) -> None:
    """Run the ``cv`` command: K-fold cross-validation of the network and the baseline."""
    op = "cross_validate"
    checks.settings(
        op, n_h=args.n_h, n_iter=args.n_iter, alpha=args.alpha, p=args.p, seed=args.seed
    )
    X, t = nn.load_housing(features(args), args.target)
    N, D = nn.shape(X)
    bounds.network_size(op, N, (D, args.n_h, 1))
    checks.folds(args.k, op, N)
    linear = {
        i: nn.cross_validate_linear(X, t, k=args.k, seed=args.seed, intercept=i, exact=args.exact)
        for i in (True, False)
    }
    with ProgressLine(args, f"{nn.__name__} cv") as progress:
        network = nn.cross_validate(
            X,
            t,
            k=args.k,
            seed=args.seed,
            n_h=args.n_h,
            n_iter=args.n_iter,
            alpha=args.alpha,
            p=args.p,
            exact=args.exact,
            progress=progress.callback,
        )
    results = {"network": network, "linear": linear[True], "linear_no_intercept": linear[False]}
    if args.json:
        report = about(args, nn, "cv") | {"k": args.k, "rows": N}
        report["spread"] = "sample standard deviation over the folds (divided by k - 1)"
        report["network"] = _network_settings(args)
        for key, result in results.items():
            report.setdefault(key, {})
            report[key] |= cv_json(result)
        out(json_text(report))
        return
    columns = [_cv_columns(result) for result in results.values()]
    names = [*(str(f) for f in range(args.k)), "mean", "sd"]
    sizes = [*(str(len(fold)) for fold in network.folds), "", ""]
    cells = [[cell for column in columns for cell in column[i]] for i in range(args.k + 2)]
    rows = [[name, size, *row] for name, size, row in zip(names, sizes, cells)]
    head = ["fold", "rows"] + ["loss", "RMSE ($1000s)"] * len(columns)
    lines = table(head, rows, left=1)
    out(
        f"{heading(args, nn)}: {args.k}-fold cross-validation, {N} rows (seed {args.seed}); "
        f"inputs {', '.join(features(args))}; target {args.target}"
    )
    out("each fold held out in turn; the scaling fitted on the other folds only")
    out(f"{_network_label(D, args.n_h)}: n_iter {args.n_iter}, alpha {args.alpha!r}, p {args.p!r}")
    out("")
    labels = [_network_label(D, args.n_h), LINEAR_LABELS[True], LINEAR_LABELS[False]]
    out(_group_heading(lines[0], labels))
    for line in lines:
        out(line)
    out("")
    out(f"sd: sample standard deviation over the {args.k} folds (divided by k - 1)")
    if network.dead_folds:
        out(f"dead network on {dead_names(network.dead_folds)}: every hidden unit outputs 0 on")
        out("every training row of the fold, so it predicts 0 for every input; try a smaller alpha")
    out(LOSS_NOTE)


def _group_heading(head: str, labels: Sequence[str]) -> str:
    """A line naming each ``loss  RMSE ($1000s)`` pair of ``head``, right-aligned over it."""
    column = "RMSE ($1000s)"
    line, start = "", head.find(column)
    for label in labels:
        line = line.ljust(start + len(column) - len(label)) + label
        start = head.find(column, start + 1)
    return line


def run_baseline(args: argparse.Namespace, nn: Package, out: Out) -> None:
    """Run the ``baseline`` command: linear regression, its weights and its held-out error."""
    X, t = nn.load_housing(features(args), args.target)
    results = _holdout_linear(args, nn, X, t)
    part = results[True].split
    N_train, N_test = len(part.train_rows), len(part.test_rows)
    names = features(args)
    scale = [float(m) for m in part.scale[0]]  # (D,): the training rows' maxima

    solver = "Householder QR" if args.exact or nn.__name__ == "purenn" else "numpy's lstsq"

    def weights(model: Any) -> list[float]:
        return [float(row[0]) for row in model.w]  # per unit of the scaled input

    if args.json:
        report = about(args, nn, "baseline") | {
            "test_fraction": args.test_fraction,
            "rows": {"train": N_train, "test": N_test},
            "solver": solver,
            "scale": dict(zip(names, scale)),
        }
        for intercept, result in results.items():
            w = weights(result.model)
            report["linear" if intercept else "linear_no_intercept"] = {
                "intercept": float(result.model.b) if intercept else None,
                "weights": dict(zip(names, w)),
                "weights_per_unit": {f: w_j / m for f, w_j, m in zip(names, w, scale)},
                "train": score_json(result.train),
                "test": score_json(result.test),
            }
        out(json_text(report))
        return
    out(f"{heading(args, nn)}: linear regression, least squares by {solver}")
    out(
        f"fitted on {N_train} training rows, {N_test} held out (test fraction "
        f"{args.test_fraction!r}, seed {args.seed})"
    )
    out(
        f"inputs {', '.join(names)}, scaled by the maxima of the training rows only; "
        f"target {args.target}"
    )
    out("")
    out("weights, in $1000s per unit of each input as the table gives it")
    rows = []
    for intercept, result in results.items():
        b = f"{float(result.model.b):.6g}" if intercept else "-"
        w = weights(result.model)
        rows.append([LINEAR_LABELS[intercept], b, *(f"{w_j / m:.6g}" for w_j, m in zip(w, scale))])
    for line in table(["model", "intercept", *names], rows):
        out(line)
    out("")
    rows = []
    for intercept, result in results.items():
        for side, s in (("train", result.train), ("test", result.test)):
            rows.append(
                [LINEAR_LABELS[intercept], side, str(s.rows), number(s.loss), number(s.rmse)]
            )
    for line in table(["model", "side", "rows", "loss", "RMSE ($1000s)"], rows, left=2):
        out(line)
    out("")
    out(LOSS_NOTE)
