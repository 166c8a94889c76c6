"""What the commands share to write their results: files, plots, tables, JSON, progress.

Every command prints through an :data:`Out` (``print``, or a test's list);
the helpers here write the error history as CSV, draw with matplotlib
(imported only when ``--plot`` asks for it), lay out tables, turn records
into JSON, and show the share of work done on stderr.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

from purenn.cli.stopping import warn
from purenn.errors import NNError
from purenn.support.files import write_atomic
from purenn.support.interface import CVResult, Matrix, Package, Score

__all__ = [
    "Out",
    "ProgressLine",
    "about",
    "cv_json",
    "dead_names",
    "features",
    "heading",
    "json_text",
    "number",
    "report_dead",
    "require_matplotlib",
    "score_json",
    "table",
    "write_boundary",
    "write_history",
    "write_plot",
]

Out = Callable[[str], None]
"""Where a command prints its lines: ``print`` on the command line."""


# --- Files and plots ---


def require_matplotlib(prog: str) -> Any:
    """matplotlib's ``pyplot``, drawing to files; a one-line refusal if it is not installed."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        from matplotlib import pyplot
    except ImportError:
        raise NNError("--plot needs matplotlib: pip install 'twinnets[plot]'") from None
    return pyplot


def write_history(path: str, errors: Sequence[float]) -> None:
    """Write every iteration's error to ``path`` as CSV, ``iteration,error``, atomically."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(["iteration", "error"])
    writer.writerows((i, repr(e)) for i, e in enumerate(errors))
    write_atomic(path, text.getvalue())


def _save_figure(pyplot: Any, figure: Any, path: str) -> None:
    """Draw ``figure`` in the format its suffix names, then write the file atomically."""
    image = io.BytesIO()
    try:
        figure.savefig(image, dpi=120, format=os.path.splitext(path)[1][1:].lower())
    finally:
        pyplot.close(figure)
    write_atomic(path, image.getvalue())


def write_plot(
    pyplot: Any,
    path: str,
    errors: Sequence[float],
    title: str,
    xlabel: str = "iteration",
    ylabel: str = "error: half the sum of squared errors",
) -> None:
    """Draw the error per iteration (or per step) to ``path``, in the format its suffix names."""
    figure, axes = pyplot.subplots(figsize=(7, 4), layout="constrained")
    axes.plot(range(len(errors)), errors, linewidth=1)
    axes.set_xlabel(xlabel)
    axes.set_ylabel(ylabel)
    axes.set_title(title)
    _save_figure(pyplot, figure, path)


GRID = 100
"""Points per side of the grid a decision boundary is drawn on."""


def write_boundary(
    pyplot: Any,
    path: str,
    X0: Matrix,
    t: Matrix,
    probability: Callable[[list[list[float]]], Matrix],
    title: str,
) -> None:
    """Draw a two-class network's output over a grid, its class boundary, and the points.

    ``probability`` maps grid points ``(G, 2)`` to the probability of class 1 ``(G, 1)``.
    """
    points = [[float(v) for v in row] for row in X0]
    labels = [float(row[0]) for row in t]
    x_low, x_high = min(p[0] for p in points) - 0.3, max(p[0] for p in points) + 0.3
    y_low, y_high = min(p[1] for p in points) - 0.3, max(p[1] for p in points) + 0.3
    xs = [x_low + (x_high - x_low) * i / (GRID - 1) for i in range(GRID)]
    ys = [y_low + (y_high - y_low) * j / (GRID - 1) for j in range(GRID)]
    grid = [[x, y] for y in ys for x in xs]  # (GRID * GRID, 2), row by row
    out = probability(grid)
    z = [[float(out[j * GRID + i][0]) for i in range(GRID)] for j in range(GRID)]
    figure, axes = pyplot.subplots(figsize=(6, 4.5), layout="constrained")
    filled = axes.contourf(xs, ys, z, levels=20, cmap="RdBu_r", vmin=0.0, vmax=1.0, alpha=0.7)
    axes.contour(xs, ys, z, levels=[0.5], colors="black", linewidths=1.5)
    for label, color in ((0.0, "tab:blue"), (1.0, "tab:red")):
        chosen = [p for p, c in zip(points, labels) if c == label]
        axes.scatter(
            [p[0] for p in chosen],
            [p[1] for p in chosen],
            s=10,
            c=color,
            edgecolors="white",
            linewidths=0.3,
            label=f"class {int(label)}",
        )
    figure.colorbar(filled, ax=axes, label="output: probability of class 1")
    axes.set_xlabel("x1")
    axes.set_ylabel("x2")
    axes.set_title(f"{title}: decision boundary (black)")
    axes.legend(loc="lower left")
    _save_figure(pyplot, figure, path)


# --- Progress on stderr ---


class ProgressLine:
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

    def __enter__(self) -> ProgressLine:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.width:
            sys.stderr.write("\r" + " " * self.width + "\r")
            sys.stderr.flush()


# --- Text: headings, tables, numbers ---


def features(args: argparse.Namespace) -> list[str]:
    """The input columns of ``--features``, comma-separated, blanks dropped."""
    return [f.strip() for f in args.features.split(",") if f.strip()]


def heading(args: argparse.Namespace, nn: Package) -> str:
    """The package's name, and ``(exact mode)`` for npnn's ``--exact``."""
    mode = " (exact mode)" if args.exact and nn.__name__ == "npnn" else ""
    return f"{nn.__name__}{mode}"


def table(head: Sequence[str], rows: Sequence[Sequence[str]], left: int = 1) -> list[str]:
    """Lines of a table: the first ``left`` columns left-aligned, the others right-aligned."""
    widths = [max(len(row[i]) for row in [head, *rows]) for i in range(len(head))]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(
            cell.ljust(width) if i < left else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(cells, widths))
        ).rstrip()

    return [line(head), *(line(row) for row in rows)]


def number(x: float) -> str:
    """A loss or an RMSE as the tables show it: four decimals."""
    return f"{x:.4f}"


# --- JSON, for scripts ---


def json_text(value: dict[str, Any]) -> str:
    """One JSON object, indented; NaN and infinity refused (JSON has neither)."""
    return json.dumps(value, indent=2, allow_nan=False)


def score_json(s: Score) -> dict[str, Any]:
    return {"rows": int(s.rows), "loss": float(s.loss), "rmse": float(s.rmse)}


def cv_json(result: CVResult) -> dict[str, Any]:
    return {
        "folds": [{"fold": f, **score_json(s)} for f, s in enumerate(result.scores)],
        "mean": {"loss": float(result.mean_loss), "rmse": float(result.mean_rmse)},
        "sd": {"loss": float(result.sd_loss), "rmse": float(result.sd_rmse)},
        "dead_folds": [int(f) for f in result.dead_folds],
    }


def about(args: argparse.Namespace, nn: Package, command: str) -> dict[str, Any]:
    """What every JSON report starts with: the command, the package and the data."""
    return {
        "command": command,
        "package": nn.__name__,
        "exact": args.exact,
        "features": features(args),
        "target": args.target,
        "seed": args.seed,
        "units": "loss: half the sum of squared errors; rmse: root-mean-square error in $1000s",
    }


# --- A dead network ---


def report_dead(out: Out, prog: str, what: str) -> None:
    """Say that the trained network ended dead: a line of the summary, and a warning on stderr.

    ``what`` names what is 0 on every training row (``"every hidden unit"``).
    The exit status stays 0: the run did what it was asked and kept its
    outputs; a dead network is a result, to be read and acted on, not a
    failure to run (statuses other than 0 mean the work was not done).
    """
    out(f"dead network: {what} outputs 0 on every training row: the output no longer")
    out("depends on the input, and no gradient flows back through it; try a smaller alpha")
    warn(f"{prog}: warning: the trained network is dead (see the summary)")


def dead_names(folds: Sequence[int]) -> str:
    """``"fold 2"``, ``"folds 0, 3"``: the folds whose network ended dead, as the reports say it."""
    return ("fold " if len(folds) == 1 else "folds ") + ", ".join(str(f) for f in folds)
