"""The command line, shared by ``python -m purenn`` and ``python -m npnn``.

Both packages expose the same functions, so one command-line program serves
both: it is handed the package to run (purenn or npnn) and calls the same
names on it. This module imports only the standard library; matplotlib is
imported only when ``--plot`` asks for it.

``train`` is the write-up's run. ``evaluate``, ``cv``, ``baseline`` and
``tune`` go beyond it: the error on held-out rows, K-fold cross-validation,
the linear-regression baseline, and a grid search. They print tables, or one
JSON object with ``--json``, and show their progress on stderr only when
stderr is a terminal (and ``--quiet`` is not given).

``train --save FILE`` writes a checkpoint, and ``predict`` loads one to
predict for the rows of a CSV file. Ctrl-C stops ``train`` cleanly: with
``--save`` the weights reached so far and their error history are saved,
and the exit status is 130.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import sys
from collections.abc import Callable, Sequence
from types import ModuleType
from typing import Any, NoReturn

from purenn.cli_fit import add_fit_command, run_fit
from purenn.data import FEATURES, TARGET
from purenn.errors import NNError
from purenn.support import checks
from purenn.support.files import write_atomic

__all__ = ["COMMANDS", "Command", "build_parser", "main", "run"]

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
            "data, by full-batch gradient descent with DropConnect; measure it on "
            "held-out rows, cross-validate it, compare it with linear regression "
            "and tune its settings."
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
    train.add_argument(
        "--save",
        metavar="FILE",
        help="write a checkpoint to FILE (JSON): the weights, the scaling, the settings and "
        "the error history; on Ctrl-C, the weights reached so far",
    )
    _add_evaluation_commands(commands)
    add_fit_command(commands)  # a network of any depth: purenn.cli_fit
    _add_predict_command(commands)
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


def _write_plot(
    pyplot: Any,
    path: str,
    errors: Sequence[float],
    title: str,
    xlabel: str = "iteration",
    ylabel: str = "error: half the sum of squared errors",
) -> None:
    figure, axes = pyplot.subplots(figsize=(7, 4), layout="constrained")
    axes.plot(range(len(errors)), errors, linewidth=1)
    axes.set_xlabel(xlabel)
    axes.set_ylabel(ylabel)
    axes.set_title(title)
    figure.savefig(path, dpi=120)
    pyplot.close(figure)


def run_train(args: argparse.Namespace, nn: ModuleType, out: Callable[[str], None]) -> int | None:
    """Run the ``train`` command with the package ``nn`` (purenn or npnn).

    Returns 130 if Ctrl-C stopped the training (see :func:`_stopped`).
    """
    name = nn.__name__
    pyplot = _require_matplotlib(name) if args.plot else None
    _check_writable(args.history, "--history")
    _check_writable(args.plot, "--plot")
    _check_writable(args.save, "--save")
    checks.settings(
        "train",
        n_h=args.n_h,
        n_iter=args.n_iter,
        alpha=args.alpha,
        p=args.p,
        seed=args.seed,
    )
    features = [f.strip() for f in args.features.split(",") if f.strip()]
    if args.save:
        _check_save(args.save, features)
    X, t = nn.load_housing(features, args.target)
    scale = nn.fit_scale(X)  # (1, D): kept in the checkpoint, to scale new rows alike
    X0 = nn.apply_scale(X, scale)
    N, D = nn.shape(X0)
    mode = " (exact mode)" if args.exact and name == "npnn" else ""
    out(
        f"{name}{mode}: {D}-{args.n_h}-1 network, {N} rows; inputs "
        f"{', '.join(features)}; target {args.target}"
    )
    out(f"seed {args.seed}, n_iter {args.n_iter}, alpha {args.alpha!r}, p {args.p!r}")

    errors: list[float] = []  # the history so far, should Ctrl-C stop the training
    reached: tuple[int, Any] | None = None  # (steps done, the weights after them)

    def report(iteration: int, error: float, weights: Any) -> None:
        nonlocal reached
        errors.append(error)
        reached = (iteration + 1, weights)  # one assignment: an interrupt sees both or neither
        if not args.quiet and iteration % PRINT_EVERY == 0:
            out(f"iteration {iteration:5d}   error {error:14.4f}")

    try:
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
    except KeyboardInterrupt:
        if reached is None:  # stopped before the first step: the initial weights
            reached = (0, nn.init_weights(nn.generator(args.seed), D, args.n_h))
        steps, weights = reached
        return _stopped(args, nn, _checkpoint(args, nn, weights, scale, features, errors[:steps]))
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
    if args.save:
        nn.save_checkpoint(args.save, _checkpoint(args, nn, W, scale, features, result.errors))
        out(f"checkpoint written to {args.save}")
    return None


# --- Checkpoints: train --save, Ctrl-C, and predict ---


def _check_save(path: str, features: Sequence[str]) -> None:
    """Refuse, before training, a checkpoint that could not be written."""
    if os.path.isdir(path):
        raise NNError(f"--save: {path!r} is a folder; give the name of a file")
    for i, name in enumerate(features):
        if name in features[:i]:
            raise NNError(f"--save: the features name {name!r} twice; a checkpoint names each once")


def _checkpoint(
    args: argparse.Namespace,
    nn: ModuleType,
    weights: Any,
    scale: Any,
    features: Sequence[str],
    errors: Sequence[float],
) -> Any:
    """The ``Checkpoint`` of a ``train`` run: its weights, scaling, settings and history."""
    return nn.Checkpoint(
        weights=weights,
        scale=scale,
        features=tuple(features),
        target=args.target,
        errors=[float(e) for e in errors],
        n_iter=args.n_iter,
        alpha=float(args.alpha),
        p=float(args.p),
        seed=args.seed,
        exact=bool(args.exact),
        package=nn.__name__,
    )


def _stopped(args: argparse.Namespace, nn: ModuleType, checkpoint: Any) -> int:
    """Ctrl-C stopped ``train``: keep what was reached, say so on stderr, return 130.

    The checkpoint holds the weights after the last step completed and the
    error of every step up to it; ``--history`` gets the same errors.
    """
    steps = len(checkpoint.errors)
    kept = []
    if args.save:
        nn.save_checkpoint(args.save, checkpoint)
        kept.append(
            f"saved the weights and the error history of those {steps} steps to {args.save}"
        )
    if args.history:
        _write_history(args.history, checkpoint.errors)
        kept.append(f"history written to {args.history}")
    if not kept:
        kept.append("nothing saved (train --save FILE keeps the weights reached)")
    print(
        f"{nn.__name__} train: interrupted after {steps} of {args.n_iter} steps; "
        + "; ".join(kept),
        file=sys.stderr,
    )
    return 130


def _add_predict_command(commands: Any) -> None:
    predict = commands.add_parser(
        "predict",
        help="predict with a checkpoint for the rows of a CSV file",
        description=(
            "Load a checkpoint written by train --save and a CSV file whose header names "
            "the checkpoint's features (in any order; other columns are ignored). Scale "
            "each row by the training rows' maxima, as training did, and write one "
            "prediction per row as CSV. If the file has the target column too, report "
            "the RMSE. With the predictions on stdout, the report goes to stderr."
        ),
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    predict.add_argument("checkpoint", metavar="CHECKPOINT", help="a file written by train --save")
    predict.add_argument("data", metavar="CSV", help="the rows to predict for")
    predict.add_argument(
        "-o", "--output", metavar="FILE", help="write the predictions to FILE, not to stdout"
    )
    predict.add_argument(
        "--exact",
        action="store_true",
        help="npnn: add in purenn's order, so every prediction is "
        "bit-for-bit purenn's (purenn always does)",
    )
    predict.add_argument(
        "-q", "--quiet", action="store_true", help="print the predictions only, no report"
    )


def run_predict(args: argparse.Namespace, nn: ModuleType, out: Callable[[str], None]) -> None:
    """Run the ``predict`` command: a checkpoint's predictions for the rows of a CSV file."""
    _check_writable(args.output, "--output")
    c = nn.load_checkpoint(args.checkpoint)
    X, t = nn.load_csv(args.data, c.features, c.target)
    y = nn.predict_checkpoint(c, X, exact=args.exact)  # (N, 1)
    table = io.StringIO()
    writer = csv.writer(table, lineterminator="\n")
    writer.writerow([f"predicted_{c.target}"])
    writer.writerows([repr(float(row[0]))] for row in y)  # repr: the exact double
    if args.output:
        write_atomic(args.output, table.getvalue())
        report = out
    else:
        for line in table.getvalue().splitlines():
            out(line)

        def report(text: str) -> None:
            print(text, file=sys.stderr)

    if args.quiet:
        return
    N, D = len(X), len(c.features)
    report(
        f"{_heading(args, nn)}: predicted {c.target} for {N} rows of {args.data} with the "
        f"{D}-{c.n_h}-1 network of {args.checkpoint} (trained by {c.package}, "
        f"{len(c.errors)} steps)"
    )
    if t is not None:
        rmse = nn.rmse(y, t, exact=args.exact)
        report(f"RMSE {rmse:.4f} against the {c.target} column (in its units)")
    if args.output:
        report(f"predictions written to {args.output}")


# --- Beyond the write-up: held-out error, cross-validation, the baseline, tuning ---

Command = Callable[[argparse.Namespace, ModuleType, Callable[[str], None]], int | None]
"""A command: ``command(args, nn, out)`` runs with package ``nn`` and prints through ``out``."""

LOSS_NOTE = (
    "loss: half the sum of squared errors over the rows (the write-up's error; it grows\n"
    "with the number of rows); RMSE: the root-mean-square error, in $1000s"
)

GRID = {"alpha": (1e-6, 1e-5), "n_h": (4, 8), "p": (0.0, 0.2), "n_iter": (1000,)}
"""The default grid of ``tune``: the defaults of the ``tune()`` function."""


def _add_common_options(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--seed", type=int, default=0, help="seed of the random stream: rows' order and weights"
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


def _add_network_options(command: argparse.ArgumentParser) -> None:
    command.add_argument("--n-h", type=int, default=4, metavar="N", help="hidden units")
    command.add_argument("--n-iter", type=int, default=1000, metavar="N", help="gradient steps")
    command.add_argument("--alpha", type=float, default=1e-6, help="learning rate")
    command.add_argument(
        "--p",
        type=float,
        default=0.2,
        help="DropConnect rate: share of each weight matrix zeroed per step (0 turns it off)",
    )


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


def _add_evaluation_commands(commands: Any) -> None:
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
    _add_network_options(evaluate)
    _add_common_options(evaluate)

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
    _add_network_options(cv)
    _add_common_options(cv)

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
    _add_common_options(baseline)

    tune = commands.add_parser(
        "tune",
        help="grid search over alpha, n_h, p and n_iter, scored by cross-validation",
        description=(
            "Cross-validate the network for every combination of the values given "
            "(comma-separated lists), on the same folds, and rank the settings by "
            "their mean held-out RMSE."
        ),
        formatter_class=formatter,
    )
    numbers, whole = _list_of(float, "numbers"), _list_of(int, "whole numbers")
    tune.add_argument(
        "--alpha", type=numbers, default=list(GRID["alpha"]), metavar="A,..", help="learning rates"
    )
    tune.add_argument(
        "--n-h", type=whole, default=list(GRID["n_h"]), metavar="N,..", help="hidden units"
    )
    tune.add_argument(
        "--p", type=numbers, default=list(GRID["p"]), metavar="P,..", help="DropConnect rates"
    )
    tune.add_argument(
        "--n-iter",
        type=whole,
        default=list(GRID["n_iter"]),
        metavar="N,..",
        help="gradient steps",
    )
    tune.add_argument("--k", type=int, default=5, metavar="K", help="number of folds")
    _add_common_options(tune)


class _Progress:
    """The share of gradient steps done, on one line of stderr, rewritten in place.

    Shown only when stderr is a terminal and ``--quiet`` is not given; the
    line is wiped when the work ends, so stdout's tables are left alone.
    """

    def __init__(self, args: argparse.Namespace, label: str) -> None:
        self.label, self.percent, self.width = label, -1, 0
        shown = not args.quiet and sys.stderr is not None and sys.stderr.isatty()
        self.callback: Callable[[int, int], None] | None = self.show if shown else None

    def show(self, done: int, total: int) -> None:
        percent = 100 * done // max(total, 1)
        if percent != self.percent:
            self.percent = percent
            text = f"\r{self.label}: {percent:3d}% of {total} gradient steps"
            self.width = max(self.width, len(text))
            sys.stderr.write(text)
            sys.stderr.flush()

    def __enter__(self) -> _Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.width:
            sys.stderr.write("\r" + " " * self.width + "\r")
            sys.stderr.flush()


def _features(args: argparse.Namespace) -> list[str]:
    return [f.strip() for f in args.features.split(",") if f.strip()]


def _heading(args: argparse.Namespace, nn: ModuleType) -> str:
    mode = " (exact mode)" if args.exact and nn.__name__ == "npnn" else ""
    return f"{nn.__name__}{mode}"


def _score(s: Any) -> dict[str, Any]:
    return {"rows": int(s.rows), "loss": float(s.loss), "rmse": float(s.rmse)}


def _cv(result: Any) -> dict[str, Any]:
    return {
        "folds": [{"fold": f, **_score(s)} for f, s in enumerate(result.scores)],
        "mean": {"loss": float(result.mean_loss), "rmse": float(result.mean_rmse)},
        "sd": {"loss": float(result.sd_loss), "rmse": float(result.sd_rmse)},
    }


def _network_settings(args: argparse.Namespace) -> dict[str, Any]:
    return {"n_h": args.n_h, "n_iter": args.n_iter, "alpha": args.alpha, "p": args.p}


def _about(args: argparse.Namespace, nn: ModuleType, command: str) -> dict[str, Any]:
    return {
        "command": command,
        "package": nn.__name__,
        "exact": args.exact,
        "features": _features(args),
        "target": args.target,
        "seed": args.seed,
        "units": "loss: half the sum of squared errors; rmse: root-mean-square error in $1000s",
    }


def _json(value: dict[str, Any]) -> str:
    return json.dumps(value, indent=2, allow_nan=False)


def _table(head: Sequence[str], rows: Sequence[Sequence[str]], left: int = 1) -> list[str]:
    """Lines of a table: the first ``left`` columns left-aligned, the others right-aligned."""
    widths = [max(len(row[i]) for row in [head, *rows]) for i in range(len(head))]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(
            cell.ljust(width) if i < left else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(cells, widths))
        ).rstrip()

    return [line(head), *(line(row) for row in rows)]


def _number(x: float) -> str:
    return f"{x:.4f}"


def _network_label(D: int, n_h: int) -> str:
    return f"network {D}-{n_h}-1"


LINEAR_LABELS = {True: "linear, intercept", False: "linear, no intercept"}


def run_evaluate(args: argparse.Namespace, nn: ModuleType, out: Callable[[str], None]) -> None:
    """Run the ``evaluate`` command: held-out error of the network and of the baseline."""
    op = "holdout"
    checks.fraction(args.test_fraction, op, "test_fraction")
    checks.settings(
        op, n_h=args.n_h, n_iter=args.n_iter, alpha=args.alpha, p=args.p, seed=args.seed
    )
    X, t = nn.load_housing(_features(args), args.target)
    common = {"test_fraction": args.test_fraction, "seed": args.seed, "exact": args.exact}
    linear = {i: nn.holdout_linear(X, t, intercept=i, **common) for i in (True, False)}
    with _Progress(args, f"{nn.__name__} evaluate") as progress:
        network = nn.holdout(X, t, **_network_settings(args), progress=progress.callback, **common)
    part = network.split
    N_train, N_test, D = len(part.train_rows), len(part.test_rows), nn.shape(X)[1]
    results = {"network": network, "linear": linear[True], "linear_no_intercept": linear[False]}
    if args.json:
        report = _about(args, nn, "evaluate")
        report |= {
            "test_fraction": args.test_fraction,
            "rows": {"train": N_train, "test": N_test},
            "test_rows": [int(i) for i in part.test_rows],
            "network": _network_settings(args),
        }
        for key, result in results.items():
            report.setdefault(key, {})
            report[key] |= {"train": _score(result.train), "test": _score(result.test)}
        out(_json(report))
        return
    labels = {
        "network": _network_label(D, args.n_h),
        "linear": LINEAR_LABELS[True],
        "linear_no_intercept": LINEAR_LABELS[False],
    }
    rows = []
    for key, result in results.items():
        for side, s in (("train", result.train), ("test", result.test)):
            rows.append([labels[key], side, str(s.rows), _number(s.loss), _number(s.rmse)])
    out(
        f"{_heading(args, nn)}: held-out error: {N_train} rows to train on, {N_test} held out "
        f"(test fraction {args.test_fraction!r}, seed {args.seed})"
    )
    out(
        f"inputs {', '.join(_features(args))}, scaled by the maxima of the training rows "
        f"only; target {args.target}"
    )
    out(
        f"{labels['network']}: n_iter {args.n_iter}, alpha {args.alpha!r}, p {args.p!r}; "
        f"scored with its final weights, without DropConnect"
    )
    out("")
    for line in _table(["model", "side", "rows", "loss", "RMSE ($1000s)"], rows, left=2):
        out(line)
    out("")
    out(LOSS_NOTE)


def _cv_columns(result: Any) -> list[list[str]]:
    """Per fold, then mean and sd: ``[loss, RMSE]`` as text."""
    cells = [[_number(s.loss), _number(s.rmse)] for s in result.scores]
    cells.append([_number(result.mean_loss), _number(result.mean_rmse)])
    cells.append([_number(result.sd_loss), _number(result.sd_rmse)])
    return cells


def run_cv(args: argparse.Namespace, nn: ModuleType, out: Callable[[str], None]) -> None:
    """Run the ``cv`` command: K-fold cross-validation of the network and the baseline."""
    op = "cross_validate"
    checks.settings(
        op, n_h=args.n_h, n_iter=args.n_iter, alpha=args.alpha, p=args.p, seed=args.seed
    )
    X, t = nn.load_housing(_features(args), args.target)
    N, D = nn.shape(X)
    checks.folds(args.k, op, N)
    common = {"k": args.k, "seed": args.seed, "exact": args.exact}
    linear = {i: nn.cross_validate_linear(X, t, intercept=i, **common) for i in (True, False)}
    with _Progress(args, f"{nn.__name__} cv") as progress:
        network = nn.cross_validate(
            X, t, **_network_settings(args), progress=progress.callback, **common
        )
    results = {"network": network, "linear": linear[True], "linear_no_intercept": linear[False]}
    if args.json:
        report = _about(args, nn, "cv") | {"k": args.k, "rows": N}
        report["spread"] = "sample standard deviation over the folds (divided by k - 1)"
        report["network"] = _network_settings(args)
        for key, result in results.items():
            report.setdefault(key, {})
            report[key] |= _cv(result)
        out(_json(report))
        return
    columns = [_cv_columns(result) for result in results.values()]
    names = [*(str(f) for f in range(args.k)), "mean", "sd"]
    sizes = [*(str(len(fold)) for fold in network.folds), "", ""]
    cells = [[cell for column in columns for cell in column[i]] for i in range(args.k + 2)]
    rows = [[name, size, *row] for name, size, row in zip(names, sizes, cells)]
    head = ["fold", "rows"] + ["loss", "RMSE ($1000s)"] * len(columns)
    lines = _table(head, rows, left=1)
    out(
        f"{_heading(args, nn)}: {args.k}-fold cross-validation, {N} rows (seed {args.seed}); "
        f"inputs {', '.join(_features(args))}; target {args.target}"
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
    out(LOSS_NOTE)


def _group_heading(head: str, labels: Sequence[str]) -> str:
    """A line naming each ``loss  RMSE ($1000s)`` pair of ``head``, right-aligned over it."""
    column = "RMSE ($1000s)"
    line, start = "", head.find(column)
    for label in labels:
        line = line.ljust(start + len(column) - len(label)) + label
        start = head.find(column, start + 1)
    return line


def run_baseline(args: argparse.Namespace, nn: ModuleType, out: Callable[[str], None]) -> None:
    """Run the ``baseline`` command: linear regression, its weights and its held-out error."""
    X, t = nn.load_housing(_features(args), args.target)
    common = {"test_fraction": args.test_fraction, "seed": args.seed, "exact": args.exact}
    results = {i: nn.holdout_linear(X, t, intercept=i, **common) for i in (True, False)}
    part = results[True].split
    N_train, N_test = len(part.train_rows), len(part.test_rows)
    features = _features(args)
    scale = [float(m) for m in part.scale[0]]  # (D,): the training rows' maxima

    solver = "Householder QR" if args.exact or nn.__name__ == "purenn" else "numpy's lstsq"

    def weights(model: Any) -> list[float]:
        return [float(row[0]) for row in model.w]  # per unit of the scaled input

    if args.json:
        report = _about(args, nn, "baseline") | {
            "test_fraction": args.test_fraction,
            "rows": {"train": N_train, "test": N_test},
            "solver": solver,
            "scale": dict(zip(features, scale)),
        }
        for intercept, result in results.items():
            w = weights(result.model)
            report["linear" if intercept else "linear_no_intercept"] = {
                "intercept": float(result.model.b) if intercept else None,
                "weights": dict(zip(features, w)),
                "weights_per_unit": {f: w_j / m for f, w_j, m in zip(features, w, scale)},
                "train": _score(result.train),
                "test": _score(result.test),
            }
        out(_json(report))
        return
    out(f"{_heading(args, nn)}: linear regression, least squares by {solver}")
    out(
        f"fitted on {N_train} training rows, {N_test} held out (test fraction "
        f"{args.test_fraction!r}, seed {args.seed})"
    )
    out(
        f"inputs {', '.join(features)}, scaled by the maxima of the training rows only; "
        f"target {args.target}"
    )
    out("")
    out("weights, in $1000s per unit of each input as the table gives it")
    rows = []
    for intercept, result in results.items():
        b = f"{float(result.model.b):.6g}" if intercept else "-"
        w = weights(result.model)
        rows.append([LINEAR_LABELS[intercept], b, *(f"{w_j / m:.6g}" for w_j, m in zip(w, scale))])
    for line in _table(["model", "intercept", *features], rows):
        out(line)
    out("")
    rows = []
    for intercept, result in results.items():
        for side, s in (("train", result.train), ("test", result.test)):
            rows.append(
                [LINEAR_LABELS[intercept], side, str(s.rows), _number(s.loss), _number(s.rmse)]
            )
    for line in _table(["model", "side", "rows", "loss", "RMSE ($1000s)"], rows, left=2):
        out(line)
    out("")
    out(LOSS_NOTE)


def run_tune(args: argparse.Namespace, nn: ModuleType, out: Callable[[str], None]) -> None:
    """Run the ``tune`` command: cross-validate every setting of the grid, rank them."""
    X, t = nn.load_housing(_features(args), args.target)
    N, D = nn.shape(X)
    grid = {"alpha": args.alpha, "n_h": args.n_h, "p": args.p, "n_iter": args.n_iter}
    with _Progress(args, f"{nn.__name__} tune") as progress:
        result = nn.tune(
            X, t, **grid, k=args.k, seed=args.seed, exact=args.exact, progress=progress.callback
        )
    order = sorted(
        (i for i, trial in enumerate(result.trials) if trial.cv is not None),
        key=lambda i: (result.trials[i].cv.mean_rmse, i),
    )
    rank = {i: r + 1 for r, i in enumerate(order)}

    def setting(trial: Any) -> dict[str, Any]:
        return {"alpha": trial.alpha, "n_h": trial.n_h, "p": trial.p, "n_iter": trial.n_iter}

    if args.json:
        report = _about(args, nn, "tune") | {"k": args.k, "rows": N, "grid": grid}
        report["score"] = "mean held-out RMSE over the folds ($1000s); lowest is best"
        report["spread"] = "sample standard deviation over the folds (divided by k - 1)"
        report["trials"] = [
            setting(trial)
            | {"rank": rank.get(i), "diverged": trial.cv is None}
            | (_cv(trial.cv) if trial.cv is not None else {"folds": None, "mean": None, "sd": None})
            for i, trial in enumerate(result.trials)
        ]
        report["best"] = setting(result.best) | _cv(result.best.cv)
        out(_json(report))
        return
    rows = []
    for i, trial in enumerate(result.trials):
        cv = trial.cv
        scores = (
            ["diverged", "", ""]
            if cv is None
            else [_number(cv.mean_rmse), _number(cv.sd_rmse), _number(cv.mean_loss)]
        )
        rows.append(
            [
                repr(trial.alpha),
                str(trial.n_h),
                repr(trial.p),
                str(trial.n_iter),
                *scores,
                str(rank[i]) if i in rank else "-",
            ]
        )
    head = ["alpha", "n_h", "p", "n_iter", "CV RMSE", "sd RMSE", "CV loss", "rank"]
    out(
        f"{_heading(args, nn)}: grid search over {len(result.trials)} settings, each scored "
        f"by {args.k}-fold cross-validation (seed {args.seed}), {N} rows"
    )
    out(f"inputs {', '.join(_features(args))}; target {args.target}; network {D}-n_h-1")
    out("")
    for line in _table(head, rows, left=0):
        out(line)
    out("")
    best = result.best
    out(
        f"best: alpha {best.alpha!r}, n_h {best.n_h}, p {best.p!r}, n_iter {best.n_iter}: "
        f"CV RMSE {_number(best.cv.mean_rmse)} ± {_number(best.cv.sd_rmse)} ($1000s)"
    )
    out(f"CV RMSE: the mean held-out RMSE over the {args.k} folds; sd RMSE: their sample")
    out("standard deviation (divided by k - 1); CV loss: the mean held-out loss")


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
    nn: ModuleType,
    parser: argparse.ArgumentParser,
    commands: dict[str, Command],
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
    return run(argv, purenn, parser, COMMANDS)
