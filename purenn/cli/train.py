"""The commands ``train`` and ``predict``: the write-up's run, its checkpoint, and using it.

``train`` is the write-up's run: the error printed every :data:`PRINT_EVERY`
iterations, then a summary. ``train --save FILE`` writes a checkpoint, and
``predict`` loads one to predict for the rows of a CSV file. Ctrl-C stops
``train`` cleanly: with ``--save`` the weights reached so far and their error
history are saved, and the exit status is 130.
"""

from __future__ import annotations

import argparse
import csv
import io
import math
from collections.abc import Iterator, Sequence
from typing import Any

from purenn.cli.fit_save import check_names, predicted
from purenn.cli.output import Out, features, heading, report_dead, write_history, write_plot
from purenn.cli.paths import Outputs, check_outputs, check_plot
from purenn.cli.stopping import interrupt_status, stop_word, warn
from purenn.data import FEATURES, TARGET
from purenn.support import bounds, checks, tables
from purenn.support.files import write_atomic
from purenn.support.interface import CheckpointRecord, Own, Package
from purenn.support.settings import WRITE_UP

__all__ = ["PRINT_EVERY", "add_predict_command", "add_train_command", "run_predict", "run_train"]

PRINT_EVERY = 10
"""Print the error every this many iterations, as the write-up does."""


def add_train_command(commands: Any) -> None:
    """Add ``train`` to a parser's sub-commands."""
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
    train.add_argument("--seed", type=int, default=WRITE_UP.seed, help="seed of the random stream")
    train.add_argument("--n-h", type=int, default=WRITE_UP.n_h, metavar="N", help="hidden units")
    train.add_argument(
        "--n-iter", type=int, default=WRITE_UP.n_iter, metavar="N", help="gradient steps"
    )
    train.add_argument("--alpha", type=float, default=WRITE_UP.alpha, help="learning rate")
    train.add_argument(
        "--p",
        type=float,
        default=WRITE_UP.p,
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


def run_train(args: argparse.Namespace, nn: Package, out: Out) -> int | None:
    """Run the ``train`` command with the package ``nn`` (purenn or npnn).

    Returns 130 if Ctrl-C stopped the training (see :func:`_stopped`).
    """
    name = nn.__name__
    check_outputs([("--save", args.save), ("--history", args.history), ("--plot", args.plot)])
    pyplot = check_plot(name, args.plot) if args.plot is not None else None
    checks.settings(
        "train",
        n_h=args.n_h,
        n_iter=args.n_iter,
        alpha=args.alpha,
        p=args.p,
        seed=args.seed,
    )
    inputs = features(args)
    if args.save is not None:
        check_names(inputs)
    X, t = nn.load_housing(inputs, args.target)
    scale = nn.fit_scale(X)  # (1, D): kept in the checkpoint, to scale new rows alike
    X0 = nn.apply_scale(X, scale)
    N, D = nn.shape(X0)
    bounds.network_size("train", N, (D, args.n_h, 1))
    out(
        f"{heading(args, nn)}: {D}-{args.n_h}-1 network, {N} rows; inputs "
        f"{', '.join(inputs)}; target {args.target}"
    )
    out(f"seed {args.seed}, n_iter {args.n_iter}, alpha {args.alpha!r}, p {args.p!r}")

    errors: list[float] = []  # the history so far, should Ctrl-C stop the training
    reached: tuple[int, Own] | None = None  # (steps done, the weights after them)

    def report(iteration: int, error: float, weights: Own) -> None:
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
    except KeyboardInterrupt as stop:
        if reached is None:  # stopped before the first step: the initial weights
            reached = (0, nn.init_weights(nn.generator(args.seed), D, args.n_h))
        steps, weights = reached
        checkpoint = _checkpoint(args, nn, weights, scale, inputs, errors[:steps])
        return _stopped(args, nn, checkpoint, stop)
    W = result.weights
    if result.errors:
        out(f"first error {result.errors[0]:14.4f}   (iteration 0)")
        out(f"final error {result.errors[-1]:14.4f}   (iteration {len(result.errors) - 1})")
    y = nn.predict(X0, W.W1, W.W2, exact=args.exact)
    out(
        f"RMSE        {nn.rmse(y, t, exact=args.exact):14.4f}   "
        f"($1000s; final weights without DropConnect, on the training rows)"
    )
    if result.dead:
        report_dead(out, f"{name} train", "every hidden unit")
    # What was computed is kept whatever fails now: the checkpoint first, then the rest.
    outputs = Outputs(name, out)
    if args.save is not None:
        checkpoint = _checkpoint(args, nn, W, scale, inputs, result.errors)
        outputs.write(
            "--save",
            args.save,
            lambda: nn.save_checkpoint(args.save, checkpoint),
            f"checkpoint written to {args.save}",
        )
    if args.history is not None:
        outputs.write(
            "--history",
            args.history,
            lambda: write_history(args.history, result.errors),
            f"history written to {args.history}",
        )
    if pyplot is not None:
        title = f"{name}: {D}-{args.n_h}-1, alpha {args.alpha!r}, p {args.p!r}"
        outputs.write(
            "--plot",
            args.plot,
            lambda: write_plot(pyplot, args.plot, result.errors, title),
            f"plot written to {args.plot}",
        )
    return outputs.status


# --- Checkpoints: train --save, Ctrl-C, and predict ---


def _checkpoint(
    args: argparse.Namespace,
    nn: Package,
    weights: Own,
    scale: Own,
    features: Sequence[str],
    errors: Sequence[float],
) -> CheckpointRecord:
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


def _stopped(
    args: argparse.Namespace, nn: Package, checkpoint: CheckpointRecord, stop: KeyboardInterrupt
) -> int:
    """Ctrl-C or SIGTERM stopped ``train``: keep what was reached, say so on stderr.

    The checkpoint holds the weights after the last step completed and the
    error of every step up to it; ``--history`` gets the same errors. Returns
    130 after Ctrl-C, 143 after SIGTERM.
    """
    steps = len(checkpoint.errors)
    kept: list[str] = []
    outputs = Outputs(nn.__name__, kept.append)
    if args.save is not None:
        outputs.write(
            "--save",
            args.save,
            lambda: nn.save_checkpoint(args.save, checkpoint),
            f"saved the weights and the error history of those {steps} steps to {args.save}",
        )
    if args.history is not None:
        outputs.write(
            "--history",
            args.history,
            lambda: write_history(args.history, checkpoint.errors),
            f"history written to {args.history}",
        )
    if args.save is None and args.history is None:
        kept.append("nothing saved (train --save FILE keeps the weights reached)")
    elif not kept:
        kept.append("nothing saved")
    warn(
        f"{nn.__name__} train: {stop_word(stop)} after {steps} of {args.n_iter} steps; "
        + "; ".join(kept)
    )
    return interrupt_status(stop)


def add_predict_command(commands: Any) -> None:
    """Add ``predict`` to a parser's sub-commands."""
    predict = commands.add_parser(
        "predict",
        help="predict with a checkpoint for the rows of a CSV file",
        description=(
            "Load a checkpoint written by train --save or fit --save and a CSV file whose "
            "header names the checkpoint's features (in any order; other columns are "
            "ignored). Scale each row by the training rows' maxima, as training did, and write one "
            "prediction per row as CSV. If the file has the target column too, report "
            "the RMSE. With the predictions on stdout, the report goes to stderr."
        ),
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    predict.add_argument(
        "checkpoint", metavar="CHECKPOINT", help="a file written by train --save or fit --save"
    )
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


def run_predict(args: argparse.Namespace, nn: Package, out: Out) -> int | None:
    """Run the ``predict`` command: a checkpoint's predictions for the rows of a CSV file.

    The rows are read and predicted a chunk at a time
    (:func:`~purenn.support.tables.csv_chunks`), so memory for the rows stays
    flat however long the file; the RMSE adds the squared errors in row
    order, as ``rmse`` does.
    """
    check_outputs(
        [("--output", args.output)], [("checkpoint", args.checkpoint), ("CSV file", args.data)]
    )
    c = nn.load_checkpoint(args.checkpoint)
    target, sizes, done = predicted("predict", c)  # either network's: train's or fit's
    N, squares, has_target = 0, 0.0, False

    def lines() -> Iterator[str]:
        """The output's text a chunk of rows at a time: the header, then one line per row."""
        nonlocal N, squares, has_target
        for X, t in tables.csv_chunks(args.data, c.features, target):
            y = nn.predict_checkpoint(c, X, exact=args.exact)  # (rows, 1)
            if N == 0:  # the header, once the first rows are known to be good
                yield _csv_line(f"predicted_{target}") + "\n"
            predictions = [float(row[0]) for row in y]
            if t is not None:
                has_target = True
                for y_i, (t_i,) in zip(predictions, t):
                    squares += (y_i - t_i) * (y_i - t_i)  # from 0.0, in row order, as rmse adds
            N += len(predictions)
            yield "".join(f"{y_i!r}\n" for y_i in predictions)  # repr: the exact double
        if not args.quiet and has_target and not math.isfinite(math.sqrt(squares / N)):
            raise checks.overflow("rmse", "the sum of squared errors")

    if args.output is None:
        for text in lines():
            out(text[:-1])
        written: Exception | None = None
    else:
        # Streamed into the new file; the old one is replaced only once every row is
        # written. A bad row or an unreadable CSV is raised as it is (the file untouched).
        reading: list[BaseException] = []
        written = None
        try:
            write_atomic(args.output, _noting(lines(), reading))
        except Exception as error:
            if reading:
                raise
            written = error
    report = out if args.output is not None else warn
    if not args.quiet:
        report(
            f"{heading(args, nn)}: predicted {target} for {N} rows of {args.data} with the "
            f"{sizes} network of {args.checkpoint} (trained by {c.package}, "
            f"{len(c.errors)} {done})"
        )
        if has_target:
            report(f"RMSE {math.sqrt(squares / N):.4f} against the {target} column (in its units)")
    if args.output is None:
        return None

    def write() -> None:  # done above, as the rows came: its outcome, said after the report
        if written is not None:
            with bounds.naming(args.output):  # a full disk names the file it could not finish
                raise written

    outputs = Outputs(nn.__name__, report if not args.quiet else lambda line: None)
    outputs.write("--output", args.output, write, f"predictions written to {args.output}")
    return outputs.status


def _noting(pieces: Iterator[str], errors: list[BaseException]) -> Iterator[str]:
    """The ``pieces``; an error raised while making one is noted in ``errors``."""
    try:
        yield from pieces
    except BaseException as error:
        errors.append(error)
        raise


def _csv_line(field: str) -> str:
    """``field`` as one CSV line without its line ending (quoted if it must be)."""
    text = io.StringIO()
    csv.writer(text, lineterminator="").writerow([field])
    return text.getvalue()
