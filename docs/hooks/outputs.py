"""Build-time outputs: the site shows what the real code prints, run as it builds.

A page asks for output in one of two ways.

- A fenced block whose info string is ``pycon run``: each ``>>>`` statement
  (with its ``...`` continuation lines) is run in a namespace shared by the
  whole page, and the block is replaced by a ``pycon`` block with what Python
  printed. A statement may raise one of the project's errors (an ``NNError``),
  shown as a shortened traceback; any other exception fails the build.
- A line ``<!-- output: NAME -->``: replaced by the output called NAME (see
  ``_SECTIONS``, ``_EVALUATION`` and ``_jobs``). An unknown name fails the build.

A claim that depends on a seed or a run is checked against the run the page
shows: a line ``<!-- check: EXPRESSION -->`` below it is evaluated in the
page's namespace, after the ``pycon run`` blocks above it, and the build
fails unless it is true (the line is not shown). The claims about the long
runs are checked where their outputs are read (``_check_training_run``,
``_check_parity_report``, ``_alpha_table``, ``_moons_table``, the pdb checks).

The long runs (the training with its plot, the parity report, the debugger
sessions, the learning-rate sweep, the two half-moon classifiers with their
decision-boundary plots, and the evaluation page's held-out error,
cross-validation and small grid search, whose JSON is drawn as tables, and
the checkpoint page's session of ``train --save`` and ``predict``, and the
worked example's one row through both passes by hand) are
commands started in parallel when the configuration is loaded, and waited
for when a page needs them. Their outputs
are kept in the system's temporary folder under a key made of every file they
depend on (both packages, the data, this file) and of the Python and library
versions, so ``mkdocs serve`` does not train again on every edit of a page,
while any change to the code runs them afresh. Nothing is written into
``docs/``: the plots are added with ``File.generated``.

Run as a script (``python outputs.py alpha-sweep``) it computes one output
and prints it as JSON; the build runs it that way, in a subprocess.
"""

from __future__ import annotations

import ast
import contextlib
import hashlib
import io
import itertools
import json
import math
import os
import pprint
import re
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

HOOK_FILE = Path(__file__).resolve()
PLOT = "training-error.svg"
PLOT_URI = f"generated/{PLOT}"
# The classification example: a network with two hidden layers and one with
# none (logistic regression), each trained by `fit` on the half-moons; the
# output named on the left draws the plot named on the right.
MOONS_PLOTS = {"moons-deep": "moons-deep.svg", "moons-linear": "moons-linear.svg"}

MOONS_RUNS = {"moons-deep": [], "moons-linear": ["--hidden", "none"]}
CACHE_ROOT = Path(tempfile.gettempdir()) / "twinnets-docs-cache"

# How the commands draw their plots for the site (a matplotlibrc, read through
# $MATPLOTLIBRC). The plots are SVG, shown at most 358 CSS px wide on a phone
# (a 390 px screen less the page's margins): a 7-inch figure (504 SVG units)
# is shown at 0.71 px a unit there, so text of 13 units is 9.2 px tall. Text
# stays text (svg.fonttype none: smaller files, drawn in the reader's sans-
# serif font). The ids of clip paths come from svg.hashsalt and the date in
# the metadata from $SOURCE_DATE_EPOCH: a build draws the same bytes each time.
PLOT_STYLE = {
    "font.size": "13",
    "axes.titlesize": "13",
    "axes.labelsize": "12",
    "xtick.labelsize": "13",
    "ytick.labelsize": "13",
    "legend.fontsize": "12",
    "lines.linewidth": "1.2",
    "svg.fonttype": "none",
    "svg.hashsalt": "twinnets-docs",
}

# The debugger sessions: commands fed to pdb on standard input, one a line. A
# learner types public names only: a breakpoint on `purenn.train` or
# `purenn.forward`, then `next` and `step` into the underscore functions they
# call. Fields in braces are filled in from the source when the site is built
# (see `_pdb_fields`): `{line:NAME}` is the number of a line of PDB_LINES, and
# `{into:NAME}` the commands that go from the first line of a public function
# into the underscore function it calls (PDB_ROUTES): a `next` per line before
# the call, then `step`, with a `step` and a `return` first for each call that
# runs before it on its line (a check).
PDB_LINES = {
    "Z1": ("purenn/network.py", "Z1 = _matmul(X0, W1)"),
    "np-Z1": ("npnn/network.py", "Z1 = _matmul(X0, W1"),
    "sum": ("purenn/matrix.py", "s += A_row[k] * B_column[k]"),
    "loop": ("purenn/train.py", "W1, W2, error = _step("),
}
PDB_ROUTES = {
    "train": ("purenn/train.py", "train", "_train"),
    "np-train": ("npnn/train.py", "train", "_train"),
    "forward": ("purenn/network.py", "forward", "_forward"),
}
PDB_PURENN = [
    "import purenn",
    "break purenn.train",
    "continue",
    "{into:train}",
    "break purenn/network.py:{line:Z1}",
    "continue",
    "p len(X0), len(X0[0])",
    "p len(W1), len(W1[0])",
    "next",
    "p len(Z1), len(Z1[0])",
    "p Z1[0]",
    "p _relu_mask(Z1)[:3]",
    "up",
    "p M1",
    "pp W1_used",
    "where",
    "clear 2",
    "continue",
    "quit",
]
PDB_SCRIPT = [
    "next",
    "break purenn.forward",
    "continue",
    "{into:forward}",
    "next",
    "step",
    "until {line:sum}",
    "p A_row",
    "p B_column",
    "display s",
    "next",
    "next",
    "next",
    "next",
    "next",
    "next",
    "quit",
]
PDB_CONDITION = [
    "break purenn/train.py:{line:loop}, iteration == 3",
    "continue",
    "p iteration",
    "p errors",
    "quit",
]
PDB_NPNN = [
    "import npnn",
    "break npnn.train",
    "continue",
    "{into:np-train}",
    "break npnn/network.py:{line:np-Z1}",
    "continue",
    "p X0.shape, W1.shape, W2.shape, exact",
    "next",
    "p Z1.shape",
    "p Z1[:3]",
    "p (Z1 > 0)[:3]",
    "up",
    "p M1",
    "quit",
]
PDB_SCRIPT_FILE = "docs/examples/first_forward.py"
PDB_WIDTH = 120
"""A transcript line longer than this is cut, and marked so."""

ALPHAS = (1e-6, 1e-5, 1e-4, 1e-3)
# The held-out error, the cross-validation and a small grid search of the
# evaluation page: npnn in exact mode (purenn's bits, in a fraction of the time),
# each run with --json so that the tables and the claims around them are read
# from what the command printed.
EVALUATION_RUNS = {
    "evaluate-json": ["evaluate", "--exact"],
    "cv-json": ["cv", "--exact"],
    "tune-json": [
        "tune",
        "--exact",
        *("--alpha", "1e-6,1e-5", "--n-h", "4", "--p", "0,0.2", "--n-iter", "1000"),
    ],
}
WRITE_UP_SETTING = {"alpha": 1e-6, "n_h": 4, "p": 0.2, "n_iter": 1000}


def _fail(message: str) -> PluginError:
    """The error that stops the build with ``message`` (mkdocs prints it on one line)."""
    return PluginError(message)


# ---------------------------------------------------------------------------
# Commands run in subprocesses
# ---------------------------------------------------------------------------


@dataclass
class Job:
    """One command whose output a page shows."""

    name: str
    argv: list[str]
    shown: str
    """The command as the page shows it."""
    cwd: str = "root"
    """``root`` (the repository) or ``out`` (the output folder)."""
    stdin: list[str] = field(default_factory=list)
    ok_codes: tuple[int, ...] = (0,)
    process: subprocess.Popen[bytes] | None = None

    def start(self, root: Path, out: Path) -> None:
        path = os.environ.get("PYTHONPATH")
        env = dict(
            os.environ,
            PYTHONPATH=os.pathsep.join([str(root), *([path] if path else [])]),
            PYTHONUNBUFFERED="1",
            PYTHONDONTWRITEBYTECODE="1",  # nothing written into the watched packages
            MPLBACKEND="Agg",
            MATPLOTLIBRC=str(out / "matplotlibrc"),
            SOURCE_DATE_EPOCH="0",
            COLUMNS="100",
        )
        (out / f"{self.name}.stdin").write_text("".join(c + "\n" for c in self.stdin))
        with (
            open(out / f"{self.name}.stdin", "rb") as stdin,
            open(out / f"{self.name}.out", "wb") as stdout,
            open(out / f"{self.name}.err", "wb") as stderr,
        ):
            self.process = subprocess.Popen(
                self.argv,
                cwd=root if self.cwd == "root" else out,
                stdin=stdin,
                stdout=stdout,
                stderr=subprocess.STDOUT if self.stdin else stderr,
                env=env,
            )

    def wait(self, out: Path) -> str:
        if self.process is not None:
            code = self.process.wait()
            self.process = None
            if code not in self.ok_codes:
                err = (out / f"{self.name}.err").read_text(errors="replace")
                text = (out / f"{self.name}.out").read_text(errors="replace")
                raise _fail(
                    f"docs output {self.name!r}: `{self.shown}` exited with status {code}\n"
                    + (err or text)[-3000:]
                )
        return (out / f"{self.name}.out").read_text(encoding="utf-8")


def _jobs(root: Path) -> dict[str, Job]:
    py = sys.executable
    fields = _pdb_fields(root)
    return {
        job.name: job
        for job in [
            Job(
                "train-output",
                [py, "-m", "purenn", "train", "--plot", PLOT],
                f"python -m purenn train --plot {PLOT}",
                cwd="out",
            ),
            Job("parity-report", [py, "-m", "npnn", "parity"], "python -m npnn parity"),
            *(
                Job(
                    name,
                    [py, "-m", "npnn", "fit", "--data", "moons", *args, "-q", "--plot", plot],
                    " ".join(["python -m npnn fit --data moons", *args, "-q --plot", plot]),
                    cwd="out",
                )
                for name, args in MOONS_RUNS.items()
                for plot in [MOONS_PLOTS[name]]
            ),
            Job(
                "pdb-purenn",
                [py, "-m", "pdb", "-m", "purenn", "train", "--n-iter", "2", "-q"],
                "python -m pdb -m purenn train --n-iter 2 -q",
                stdin=_pdb_commands(PDB_PURENN, fields),
            ),
            Job(
                "pdb-script",
                [py, "-m", "pdb", PDB_SCRIPT_FILE],
                f"python -m pdb {PDB_SCRIPT_FILE}",
                stdin=_pdb_commands(PDB_SCRIPT, fields),
            ),
            Job(
                "pdb-condition",
                [py, "-m", "pdb", "-m", "purenn", "train", "--n-iter", "6", "-q"],
                "python -m pdb -m purenn train --n-iter 6 -q",
                stdin=_pdb_commands(PDB_CONDITION, fields),
            ),
            Job(
                "pdb-npnn",
                [py, "-m", "pdb", "-m", "npnn", "train", "--n-iter", "2", "-q"],
                "python -m pdb -m npnn train --n-iter 2 -q",
                stdin=_pdb_commands(PDB_NPNN, fields),
            ),
            Job("alpha-sweep", [py, str(HOOK_FILE), "alpha-sweep"], "alpha sweep"),
            Job(
                "checkpoint-session",
                [py, str(HOOK_FILE), "checkpoint-session"],
                "train --save, then predict",
            ),
            Job(
                "worked-example",
                [py, str(HOOK_FILE), "worked-example"],
                "one row by hand",
            ),
            *(
                Job(name, [py, "-m", "npnn", *args, "--json"], f"python -m npnn {' '.join(args)}")
                for name, args in EVALUATION_RUNS.items()
            ),
        ]
    }


def _cache_key(root: Path) -> str:
    """A digest of everything the outputs depend on, the checkout's folder included.

    The folder is part of it because the raw outputs name it (the debugger
    prints paths); they are shortened only when a page shows them.
    """
    digest = hashlib.sha256(str(root).encode())
    files = [HOOK_FILE]
    for package in ("purenn", "npnn"):
        files += sorted((root / package).rglob("*.py"))
    files += sorted((root / "purenn" / "data").glob("*.csv"))
    files.append(root / PDB_SCRIPT_FILE)
    for path in files:
        name = path.relative_to(root) if path.is_relative_to(root) else path.name
        digest.update(str(name).encode())
        digest.update(path.read_bytes())
    import matplotlib
    import numpy

    digest.update(f"{sys.version} {numpy.__version__} {matplotlib.__version__}".encode())
    return digest.hexdigest()[:20]


def _sanitize(text: str, root: Path) -> str:
    """Shorten machine paths: the repository root and the standard library."""
    text = text.replace(str(root) + os.sep, "")
    stdlib = sysconfig.get_paths()["stdlib"]
    return text.replace(stdlib + os.sep, "<stdlib>/")


def _source_line(root: Path, path: str, text: str) -> int:
    """The number of the one line of ``path`` that holds ``text``."""
    lines = (root / path).read_text(encoding="utf-8").splitlines()
    found = [i + 1 for i, line in enumerate(lines) if text in line]
    if len(found) != 1:
        raise _fail(f"debugging.md: {len(found)} lines of {path} hold {text!r}, not one")
    return found[0]


def _calls(node: ast.AST, name: str) -> list[ast.Call]:
    return [
        n
        for n in ast.walk(node)
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == name
    ]


def _route(root: Path, path: str, function: str, callee: str) -> list[str]:
    """The pdb commands from the first line of ``function`` into its call of ``callee``.

    One ``next`` per line run before the line of the call (a ``with`` line
    counts, then its body); on that line, a ``step`` and a ``return`` for each
    call evaluated before ``callee`` (the check in ``_forward(*check(...))``),
    then the ``step`` into ``callee``.
    """
    tree = ast.parse((root / path).read_text(encoding="utf-8"))
    defs = [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == function]
    if len(defs) != 1:
        raise _fail(f"debugging.md: {path} has no one function {function!r}")
    body = defs[0].body
    if body and ast.get_docstring(defs[0]) is not None:
        body = body[1:]
    commands: list[str] = []
    statements = list(body)
    while statements:
        statement = statements.pop(0)
        calls = _calls(statement, callee)
        if isinstance(statement, ast.With) and calls:
            commands.append("next")
            statements = list(statement.body)
            continue
        if not calls:
            if not isinstance(statement, ast.Assign | ast.AnnAssign | ast.Expr):
                raise _fail(f"debugging.md: {path}:{statement.lineno} is not a plain line")
            commands.append("next")
            continue
        call = calls[0]
        first = [
            n
            for arg in [*call.args, *(k.value for k in call.keywords)]
            for n in ast.walk(arg)
            if isinstance(n, ast.Call)
        ]
        outer = [c for c in first if not any(c is not o and c in ast.walk(o) for o in first)]
        return [*commands, *(["step", "return"] * len(outer)), "step"]
    raise _fail(f"debugging.md: {path}'s {function} does not call {callee}")


def _pdb_fields(root: Path) -> dict[str, str]:
    """What fills the braces of the pdb commands, from the source as it is now."""
    fields = {f"line:{k}": str(_source_line(root, *v)) for k, v in PDB_LINES.items()}
    fields.update({f"into:{k}": "\n".join(_route(root, *v)) for k, v in PDB_ROUTES.items()})
    # What the page says of the ways in: over the check with `next` into `_train`;
    # `step`, `return`, `step` into `_forward`, the check and the call on one line.
    for name in ("train", "np-train"):
        *nexts, last = fields[f"into:{name}"].split("\n")
        if set(nexts) != {"next"} or last != "step":
            where = PDB_ROUTES[name][0]
            raise _fail(f"debugging.md: {where}'s train no longer runs lines, then _train")
    if fields["into:forward"] != "step\nreturn\nstep":
        raise _fail("debugging.md: purenn.forward no longer checks and calls _forward on one line")
    return fields


def _pdb_commands(template: list[str], fields: dict[str, str]) -> list[str]:
    """The commands of a session with their fields filled in, one a line."""
    out: list[str] = []
    for command in template:
        filled = re.sub(r"\{([a-z]+:[-\w]+)\}", lambda m: fields[m[1]], command)
        out += filled.split("\n")
    return out


def _pdb_transcript(raw: str, commands: list[str]) -> str:
    """Put each command after the prompt that read it (stdin is not echoed)."""
    chunks = raw.split("(Pdb) ")
    lines = [chunks[0].rstrip("\n")]
    for i, chunk in enumerate(chunks[1:]):
        command = commands[i] if i < len(commands) else ""
        lines.append(f"(Pdb) {command}\n{chunk.rstrip(chr(10))}".rstrip())
    return "\n".join(line for line in lines if line)


def _cut(transcript: str) -> str:
    """The transcript with each line longer than :data:`PDB_WIDTH` cut, marked ``[...]``."""
    return "\n".join(
        line if len(line) <= PDB_WIDTH else line[: PDB_WIDTH - 6] + " [...]"
        for line in transcript.split("\n")
    )


def _expect(transcript: str, pattern: str, claim: str) -> re.Match[str]:
    """The match of ``pattern`` in a pdb transcript; fail the build if the run does not show it."""
    m = re.search(pattern, transcript, re.M)
    if m is None:
        raise _fail(f"debugging.md says {claim}; the pdb session no longer shows it")
    return m


def _entered(transcript: str, path: str, function: str) -> None:
    """The session stepped into ``function`` of ``path``."""
    pattern = rf"^--Call--\n> {re.escape(path)}\(\d+\){function}\(\)$"
    _expect(transcript, pattern, f"that `step` enters {function}")


def _first_step() -> tuple[Any, Any, Any]:
    """The first training step of the command's run: its mask M1, the masked W1, the ReLU mask.

    The debugger sessions run ``train`` with its default seed, the write-up's setting.
    """
    from purenn.support.settings import WRITE_UP

    nn, X0, _ = _housing()
    rng = nn.generator(WRITE_UP.seed)
    W = nn.init_weights(rng, 3, 4)
    M1 = nn.dropconnect_mask(rng, 3, 4, WRITE_UP_SETTING["p"])
    W1_used = nn.drop_connect(W.W1, M1)
    return M1, W1_used, nn.relu_mask(nn.matmul(X0, W1_used))


def _check_pdb_purenn(transcript: str) -> None:
    _entered(transcript, "purenn/train.py", "_train")
    _expect(transcript, r"^-> Z1 = _matmul\(X0, W1\)", "that the breakpoint stops on Z1's line")
    M1, W1_used, mask = _first_step()
    for shown, what in (
        (repr(M1), "p M1"),
        (pprint.pformat(W1_used), "pp W1_used"),
        (repr(mask[:3]), "the ReLU mask of the first rows"),
    ):
        _expect(transcript, re.escape(shown), f"what `{what}` prints")
    dropped = [(i, j) for i, row in enumerate(M1) for j, m in enumerate(row) if m == 0.0]
    if len(dropped) != 2 or any(W1_used[i][j] != 0.0 for i, j in dropped):
        raise _fail("debugging.md: M1 no longer drops two entries of W1, zeros in W1_used")
    if any(row[3] != 0.0 for row in mask) or not all(any(row[j] for row in mask) for j in range(3)):
        raise _fail("debugging.md: the fourth hidden unit is no longer the one off for every row")
    from purenn.support.settings import WRITE_UP

    nn, X0, _ = _housing()
    initial = nn.relu_mask(nn.matmul(X0, nn.init_weights(nn.generator(WRITE_UP.seed), 3, 4).W1))
    if any(row[3] != 0.0 for row in initial):
        raise _fail("debugging.md: the initial weights no longer turn off the fourth unit")


def _check_pdb_script(transcript: str) -> None:
    _entered(transcript, "purenn/network.py", "_forward")
    _entered(transcript, "purenn/matrix.py", "_matmul")
    nn, X0, _ = _housing()
    W1 = nn.init_weights(nn.generator(0), 3, 4).W1
    products = [X0[0][k] * W1[k][0] for k in range(3)]
    sums = list(itertools.accumulate(products, initial=0.0))
    if sums[-1] != nn.matmul(X0, W1)[0][0]:
        raise _fail("debugging.md: the running sum no longer ends at Z1[0][0]")
    _expect(transcript, rf"^display s: {re.escape(repr(sums[0]))}$", "that `display s` shows 0.0")
    for old, new in itertools.pairwise(sums):
        pattern = rf"^display s: {re.escape(repr(new))}  \[old: {re.escape(repr(old))}\]$"
        _expect(transcript, pattern, "that `display s` shows each partial sum of Z1[0][0]")
    for command, value, what in (
        ("p A_row", X0[0], "the first row of X0"),
        ("p B_column", tuple(row[0] for row in W1), "the first column of W1"),
    ):
        pattern = rf"^\(Pdb\) {command}\n{re.escape(repr(value))}$"
        _expect(transcript, pattern, f"that `{command}` shows {what}")


def _check_pdb_condition(transcript: str) -> None:
    _expect(transcript, r"^\(Pdb\) p iteration\n3$", "that the breakpoint stops at iteration 3")


def _check_pdb_npnn(transcript: str) -> None:
    _entered(transcript, "npnn/train.py", "_train")
    _expect(transcript, r"^\(Pdb\) p Z1\.shape\n\(506, 4\)$", "that Z1 is (506, 4)")


_PDB_CHECKS: dict[str, Callable[[str], None]] = {
    "pdb-purenn": _check_pdb_purenn,
    "pdb-script": _check_pdb_script,
    "pdb-condition": _check_pdb_condition,
    "pdb-npnn": _check_pdb_npnn,
}
"""What debugging.md says of each session, checked against the run."""


# ---------------------------------------------------------------------------
# Outputs computed in the build's own process (each takes well under a second)
# ---------------------------------------------------------------------------


def _housing() -> tuple[Any, Any, Any]:
    import purenn

    X, t = purenn.load_housing()
    X0 = purenn.apply_scale(X, purenn.fit_scale(X))
    return purenn, X0, t


def _fmt(x: float) -> str:
    return f"{x + 0.0:.10g}"  # + 0.0 shows -0.0 as 0


def _rel(a: float, b: float) -> float:
    scale = max(abs(a), abs(b))
    return 0.0 if scale == 0.0 else abs(a - b) / scale


def _perturbed(W: list[list[float]], i: int, j: int, h: float) -> list[list[float]]:
    V = [list(row) for row in W]
    V[i][j] += h
    return V


def _finite_difference(
    loss_of: Callable[[list[list[float]]], float], W: list[list[float]], i: int, j: int, h: float
) -> float:
    """Central difference of ``loss_of`` in the entry ``W[i][j]``."""
    return (loss_of(_perturbed(W, i, j, h)) - loss_of(_perturbed(W, i, j, -h))) / (2.0 * h)


def _kink_distance(X0: list[list[float]], W1: list[list[float]]) -> float:
    """The smallest change of one entry of ``W1`` that flips the sign of an entry of ``Z1``."""
    import purenn

    Z1 = purenn.matmul(X0, W1)
    return min(
        abs(Z1[n][j]) / X0[n][d]
        for n in range(len(X0))
        for d in range(len(W1))
        for j in range(len(W1[0]))
        if X0[n][d] > 0.0
    )


def section_data_file(root: Path) -> str:
    """The bundled file's first lines and its sha256."""
    path = root / "purenn" / "data" / "boston_house_prices.csv"
    data = path.read_bytes()
    head = data.decode("utf-8").splitlines()[:4]
    lines = [
        "```text",
        f"$ head -n 4 purenn/data/{path.name}",
        *head,
        f"$ sha256sum purenn/data/{path.name}",
        f"{hashlib.sha256(data).hexdigest()}  purenn/data/{path.name}",
        "```",
    ]
    return "\n".join(lines)


def section_gradient_check(root: Path) -> str:
    """Every entry of dW1 and dW2 from backward, beside a central difference."""
    nn, X0, t = _housing()
    W = nn.init_weights(nn.generator(0), 3, 4)
    grads = nn.backward(X0, t, W.W1, W.W2, nn.forward(X0, W.W1, W.W2))
    h = 1e-5

    def loss_of_W1(W1: list[list[float]]) -> float:
        return float(nn.loss(nn.forward(X0, W1, W.W2).y, t))

    def loss_of_W2(W2: list[list[float]]) -> float:
        return float(nn.loss(nn.forward(X0, W.W1, W2).y, t))

    rows, rels = [], []
    worst = 0.0
    for name, M, G, loss_of in (
        ("W1", W.W1, grads.dW1, loss_of_W1),
        ("W2", W.W2, grads.dW2, loss_of_W2),
    ):
        for i, row in enumerate(M):
            for j in range(len(row)):
                fd = _finite_difference(loss_of, M, i, j, h)
                rel = _rel(G[i][j], fd)
                worst = max(worst, rel)
                rels.append(rel)
                rows.append(f"| `{name}[{i}][{j}]` | {_fmt(G[i][j])} | {_fmt(fd)} | {rel:.1e} |")
    if worst > 1e-5:
        raise _fail(f"backward.md: the gradient check no longer agrees ({worst:.2e})")
    # "most of them to many more" digits; h "small enough that no entry of Z1 changes sign".
    if 2 * sum(rel < 1e-7 for rel in rels) <= len(rels):
        raise _fail("backward.md: most entries no longer agree to many more than five digits")
    kink = _kink_distance(X0, W.W1)
    if kink <= h:
        raise _fail(f"backward.md: a ReLU kink lies within h = {h} of the weights ({kink:.1e})")
    return "\n".join(
        [
            "Seed 0, the initial weights, all 506 rows, \\(h = 10^{-5}\\); "
            "computed by purenn when this page was built. The nearest ReLU kink: "
            f"moving one weight of `W1` by {kink:.1e} turns an entry "
            "of `Z1` from negative to positive or back.",
            "",
            "| weight | `backward` | finite difference | relative difference |",
            "|---|--:|--:|--:|",
            *rows,
            "",
            f"Largest relative difference: **{worst:.1e}**.",
        ]
    )


def _dropconnect_case(p: float) -> list[str]:
    """One tab of the DropConnect check: the masks of seed 0 at rate ``p``."""
    nn, X0, t = _housing()
    rng = nn.generator(0)
    W = nn.init_weights(rng, 3, 4)
    M1 = nn.dropconnect_mask(rng, 3, 4, p)
    M2 = nn.dropconnect_mask(rng, 4, 1, p)
    W1_used, W2_used = nn.drop_connect(W.W1, M1), nn.drop_connect(W.W2, M2)
    cache = nn.forward(X0, W1_used, W2_used)
    project = nn.multiply(nn.backward(X0, t, W1_used, W2_used, cache).dW1, M1)
    writeup = nn.backward(X0, t, W.W1, W.W2, cache).dW1  # the undropped weights

    def loss_of_W1(W1: list[list[float]]) -> float:
        return float(nn.loss(nn.forward(X0, nn.drop_connect(W1, M1), W2_used).y, t))

    rows, wrong_kept, wrong_dropped, worst_project = [], 0, 0, 0.0
    wrong_kept_at: set[tuple[int, int]] = set()
    for i in range(3):
        for j in range(4):
            fd = _finite_difference(loss_of_W1, W.W1, i, j, 1e-5)
            ok_writeup = _rel(writeup[i][j], fd) < 1e-5
            ok_project = _rel(project[i][j], fd) < 1e-5
            worst_project = max(worst_project, _rel(project[i][j], fd))
            kept = M1[i][j] == 1.0
            if not ok_writeup:
                wrong_kept += kept
                wrong_dropped += not kept
                if kept:
                    wrong_kept_at.add((i, j))
            rows.append(
                f"| `W1[{i}][{j}]` | {'kept' if kept else '**dropped**'} | {_fmt(fd)} | "
                f"{_fmt(project[i][j])} {'✓' if ok_project else '✗'} | "
                f"{_fmt(writeup[i][j])} {'✓' if ok_writeup else '**✗**'} |"
            )
    n_drop1 = sum(v == 0.0 for row in M1 for v in row)
    n_drop2 = sum(v == 0.0 for row in M2 for v in row)
    if worst_project > 1e-5 or wrong_dropped == 0:
        raise _fail("dropconnect.md: the DropConnect gradient check changed; update the page")
    if p == 0.2 and (n_drop2 != 0 or wrong_kept != 0 or wrong_dropped != n_drop1):
        raise _fail("dropconnect.md: the page says p=0.2 drops no entry of W2; it now does")
    if p == 0.5 and wrong_kept == 0:
        raise _fail("dropconnect.md: the page says p=0.5 spoils kept weights; it no longer does")
    # write-up.md and dropconnect.md: the kept weights of W1 the write-up gets wrong are
    # exactly those into a unit whose W2 weight is dropped and which is on for some row;
    # every other kept weight comes out right.
    on = [any(row[j] > 0.0 for row in cache.Z1) for j in range(4)]
    expected = {
        (i, j) for i in range(3) for j in range(4) if M1[i][j] == 1.0 and M2[j][0] == 0.0 and on[j]
    }
    if wrong_kept_at != expected:
        raise _fail(
            "write-up.md: the write-up's gradient is wrong at the kept weights "
            f"{sorted(wrong_kept_at)} of W1, not exactly at those into a unit whose W2 "
            f"weight is dropped ({sorted(expected)}); the page says otherwise"
        )
    dead_dropped = [j for j in range(4) if not on[j] and M2[j][0] == 0.0]
    if p == 0.5 and (n_drop2 != 2 or dead_dropped != [3]):
        raise _fail(
            "dropconnect.md: at p=0.5 the page says two entries of W2 are dropped, one of "
            "them out of the fourth unit, off for every row; it no longer holds"
        )
    return [
        f'=== "p = {p}"',
        "",
        f"    Seed 0: the masks drop {n_drop1} of the 12 entries of `W1` and "
        f"{n_drop2} of the 4 of `W2`. The write-up's gradient is wrong for "
        f"**{wrong_dropped} dropped** and **{wrong_kept} kept** weights of `W1`.",
        "",
        "    | weight | mask | finite difference | project | write-up |",
        "    |---|---|--:|--:|--:|",
        *("    " + r for r in rows),
        "",
    ]


def section_dropconnect_check(root: Path) -> str:
    """The write-up's backward pass against the gradient of the loss it computed."""
    return "\n".join(_dropconnect_case(0.2) + _dropconnect_case(0.5))


def section_gradient_growth(root: Path) -> str:
    """How the gradient of the half-sum loss grows with the number of rows."""
    nn, X0, t = _housing()
    W = nn.init_weights(nn.generator(0), 3, 4)
    rows = []
    norms = []
    for N in (50, 100, 200, 506):
        X, y_t = X0[:N], t[:N]
        g = nn.backward(X, y_t, W.W1, W.W2, nn.forward(X, W.W1, W.W2))
        norm = math.sqrt(nn.total(nn.multiply(g.dW2, g.dW2)) + nn.total(nn.multiply(g.dW1, g.dW1)))
        norms.append(norm)
        rows.append(f"| {N} | {norm:,.1f} | {norm / N:,.2f} |")
    if not all(a < b for a, b in itertools.pairwise(norms)):
        raise _fail("training.md: the gradient no longer grows with N as the page says")
    # "With all 506 rows the gradient's entries run into the thousands ... A learning
    # rate of 10^-6 turns that into steps of at most about a hundredth."
    largest = max(abs(v) for M in (g.dW1, g.dW2) for row in M for v in row)
    if not (1e3 <= largest < 1e5 and 0.005 <= WRITE_UP_SETTING["alpha"] * largest <= 0.02):
        raise _fail(
            f"training.md: the largest entry of the gradient on all rows is {largest:.1f}; "
            "the page says thousands, and steps of about a hundredth at alpha 1e-6"
        )
    return "\n".join(
        [
            "| rows `N` | size of the gradient, half-sum loss | the same divided by `N` (a mean) |",
            "|--:|--:|--:|",
            *rows,
        ]
    )


def alpha_sweep() -> list[dict[str, float]]:
    """Train 1000 steps at several learning rates, with npnn in its default mode."""
    import numpy as np

    import npnn

    X, t = npnn.load_housing()
    X0 = npnn.apply_scale(X, npnn.fit_scale(X))
    results = []
    for alpha in ALPHAS:
        r = npnn.train(X0, t, alpha=alpha)
        W = r.weights
        Z1 = npnn.forward(X0, W.W1, W.W2).Z1
        y = npnn.predict(X0, W.W1, W.W2)
        results.append(
            {
                "alpha": alpha,
                "nothing": 0.5 * float(np.sum(t * t)),
                "first": r.errors[0],
                "lowest": min(r.errors),
                "final": r.errors[-1],
                "dead": int((np.asarray(Z1) > 0).sum(axis=0).tolist().count(0)),
                "rmse": npnn.rmse(y, t),
            }
        )
    return results


def _alpha_table(results: list[dict[str, float]]) -> str:
    by = {r["alpha"]: r for r in results}
    claims = {
        "the write-up's rate learns": by[1e-6]["final"] < by[1e-6]["first"],
        "a somewhat larger rate learns faster": by[1e-5]["final"] < by[1e-6]["final"]
        and by[1e-5]["lowest"] < by[1e-6]["lowest"],
        "the edge where the units die lies between 1e-5 and 1e-4": by[1e-5]["dead"] < 4
        and by[1e-4]["dead"] == 4,
        "at the two larger rates every hidden unit dies": by[1e-3]["dead"] == 4,
        "the error stays at the loss of predicting nothing": all(
            abs(by[a]["final"] - by[a]["nothing"]) <= 1e-12 * by[a]["nothing"] for a in (1e-4, 1e-3)
        ),
    }
    broken = [claim for claim, holds in claims.items() if not holds]
    if broken:
        raise _fail(f"training.md: the learning-rate sweep no longer shows {broken}")
    rows = [
        f"| {r['alpha']:g} | {r['first']:,.1f} | {r['lowest']:,.1f} | {r['final']:,.1f} | "
        f"{int(r['dead'])} of 4 | {r['rmse']:.2f} |"
        for r in results
    ]
    return "\n".join(
        [
            "| `alpha` | first error | lowest error | final error | dead hidden units "
            "| RMSE ($1000s) |",
            "|--:|--:|--:|--:|--:|--:|",
            *rows,
        ]
    )


def _moons_scores(name: str, text: str) -> dict[str, str]:
    """The network, the final loss and both accuracies, as ``fit`` printed them."""
    found = {
        "network": re.search(r"^npnn: (\S+) network", text, re.M),
        "loss": re.search(r"^final loss\s+(\S+)", text, re.M),
        "train": re.search(r"^accuracy\s+([\d.]+)%", text, re.M),
        "test": re.search(r"^test accuracy\s+([\d.]+)%", text, re.M),
    }
    missing = [key for key, m in found.items() if m is None]
    if missing:
        raise _fail(f"classification.md: `fit` ({name}) no longer prints {missing}")
    return {key: m[1] for key, m in found.items() if m is not None}


def _moons_table(outputs: dict[str, str]) -> str:
    """The two runs side by side, and a check of what the page says about them."""
    deep, linear = (_moons_scores(name, outputs[name]) for name in MOONS_RUNS)
    if not (float(linear["test"]) < 90.0 <= 99.0 <= float(deep["test"])):
        raise _fail(
            "classification.md: the page says the linear model stays below 90% on the "
            "held-out moons and the deep one reaches 99%; it no longer holds"
        )
    # The plots' descriptions: every training point on its own side of the deep network's
    # boundary, points on the wrong side of the line; held-out points as well as training ones.
    if not (
        float(deep["train"]) == 100.0
        and float(linear["train"]) < 100.0
        and float(deep["test"]) >= float(deep["train"]) - 1.0
    ):
        raise _fail(
            "classification.md: the page says the deep network puts every training point on "
            "its side and the held-out points as well, the line does not; it no longer holds"
        )
    rows = [
        f"| {label} `{s['network']}` | {s['loss']} | {s['train']}% | **{s['test']}%** |"
        for label, s in (("two hidden layers", deep), ("no hidden layer", linear))
    ]
    return "\n".join(
        [
            "| network | final training loss | training accuracy | held-out accuracy |",
            "|---|--:|--:|--:|",
            *rows,
        ]
    )


def _f(x: float) -> str:
    return f"{x:.4f}"  # as the command line prints its scores


def _command(name: str) -> str:
    """The line above a table drawn from a run's JSON: the command that prints it."""
    return (
        f"`$ python -m npnn {' '.join(EVALUATION_RUNS[name])}`, run when this page was "
        "built (with `--json`, which this table is drawn from); in $1000s:"
    )


_MODELS = {
    "network": "network 3-4-1, the write-up's settings",
    "linear": "linear, with intercept",
    "linear_no_intercept": "linear, no intercept",
}


def _holdout_table(runs: dict[str, Any]) -> str:
    E = runs["evaluate-json"]
    rows = [
        f"| {label} | {_f(E[key]['train']['loss'])} | {_f(E[key]['train']['rmse'])} "
        f"| {_f(E[key]['test']['loss'])} | **{_f(E[key]['test']['rmse'])}** |"
        for key, label in _MODELS.items()
    ]
    n = E["rows"]
    return "\n".join(
        [
            _command("evaluate-json"),
            "",
            "| model | training loss | training RMSE | held-out loss | held-out RMSE |",
            "|---|--:|--:|--:|--:|",
            *rows,
            "",
            f"{n['train']} rows to train on, {n['test']} held out "
            f"(test fraction {E['test_fraction']}, seed {E['seed']}).",
        ]
    )


def _cv_table(runs: dict[str, Any]) -> str:
    C = runs["cv-json"]
    keys = list(_MODELS)
    head = (
        "| fold | rows | "
        + " | ".join(
            f"{name}: loss | {name}: RMSE" for name in ("network", "intercept", "no intercept")
        )
        + " |"
    )
    rows = []
    for f in range(C["k"]):
        cells = [C[key]["folds"][f] for key in keys]
        rows.append(
            f"| {f} | {cells[0]['rows']} | "
            + " | ".join(f"{_f(c['loss'])} | {_f(c['rmse'])}" for c in cells)
            + " |"
        )
    for stat, label in (("mean", "**mean**"), ("sd", "sd")):
        values = [C[key][stat] for key in keys]
        bold = "**" if stat == "mean" else ""
        rows.append(
            f"| {label} | | "
            + " | ".join(f"{_f(v['loss'])} | {bold}{_f(v['rmse'])}{bold}" for v in values)
            + " |"
        )
    return "\n".join([_command("cv-json"), "", head, "|--:|--:|" + "--:|" * (2 * len(keys)), *rows])


def _setting(trial: dict[str, Any]) -> tuple[float, int, float, int]:
    return (trial["alpha"], trial["n_h"], trial["p"], trial["n_iter"])


def _write_up_trial(T: dict[str, Any]) -> dict[str, Any]:
    wanted = _setting(WRITE_UP_SETTING)
    found: list[dict[str, Any]] = [t for t in T["trials"] if _setting(t) == wanted]
    if len(found) != 1:
        raise _fail("evaluation.md: the small grid no longer holds the write-up's setting")
    return found[0]


def _tune_table(runs: dict[str, Any]) -> str:
    T = runs["tune-json"]
    best = _setting(T["best"])
    rows = []
    for trial in T["trials"]:
        mark = "**" if _setting(trial) == best else ""
        note = "the write-up's" if _setting(trial) == _setting(WRITE_UP_SETTING) else ""
        note = ", ".join(n for n in (note, "best" if mark else "") if n)
        if trial["diverged"]:
            scores = "diverged | | "
        else:
            scores = (
                f"{mark}{_f(trial['mean']['rmse'])}{mark} | {_f(trial['sd']['rmse'])} "
                f"| {_f(trial['mean']['loss'])}"
            )
        rows.append(
            f"| {trial['alpha']:g} | {trial['n_h']} | {trial['p']:g} | {trial['n_iter']} "
            f"| {scores} | {trial['rank'] or '-'} | {note} |"
        )
    return "\n".join(
        [
            _command("tune-json"),
            "",
            "| `alpha` | `n_h` | `p` | `n_iter` | CV RMSE (mean) | sd of RMSE | CV loss (mean) "
            "| rank | setting |",
            "|--:|--:|--:|--:|--:|--:|--:|--:|---|",
            *rows,
            "",
            f"{len(T['trials'])} settings, each cross-validated on the same "
            f"{T['k']} folds as above: {len(T['trials']) * T['k']} trainings of "
            f"{T['grid']['n_iter'][0]} steps.",
        ]
    )


def _first_fold(N: int, k: int, seed: int) -> list[int]:
    import purenn

    return list(purenn.kfold(N, k, seed=seed)[0])


def _mean_predictor_rmse() -> float:
    """The held-out RMSE of predicting the training rows' mean price for every tract."""
    import purenn

    X, t = purenn.load_housing()
    s = purenn.split(X, t, seed=0)
    mean = purenn.total(s.t_train) / len(s.t_train)
    return float(purenn.score([[mean]] * len(s.t_test), s.t_test).rmse)


def _verdict(runs: dict[str, Any]) -> str:
    """The summary of the three runs, and a check of every claim the page makes about them."""
    E, C, T = runs["evaluate-json"], runs["cv-json"], runs["tune-json"]
    net, line, origin = (C[key] for key in ("network", "linear", "linear_no_intercept"))
    writeup, best = _write_up_trial(T), T["best"]
    test = {key: E[key]["test"]["rmse"] for key in _MODELS}
    k = C["k"]

    def mean(cv: dict[str, Any]) -> float:
        return float(cv["mean"]["rmse"])

    def sd(cv: dict[str, Any]) -> float:
        return float(cv["sd"]["rmse"])

    def by(alpha: float, p: float) -> float:
        for trial in T["trials"]:
            if trial["alpha"] == alpha and trial["p"] == p and not trial["diverged"]:
                return float(trial["mean"]["rmse"])
        raise _fail(f"evaluation.md: no scored trial alpha={alpha}, p={p} in the grid")

    alphas, ps = T["grid"]["alpha"], T["grid"]["p"]
    claims = {
        # Fold 0 is the split's held-out set: the same rows, so the same scores;
        # the tuning table's fold 0 is then the held-out error of each setting.
        "fold 0 = split": _first_fold(C["rows"], k, C["seed"]) == E["test_rows"]
        and all(C[key]["folds"][0]["rmse"] == E[key]["test"]["rmse"] for key in _MODELS)
        and writeup["folds"][0]["rmse"] == test["network"],
        "grid row = cv": writeup["mean"] == net["mean"] and writeup["sd"] == net["sd"],
        "order on the split": test["network"] > test["linear_no_intercept"] > test["linear"],
        "order over the folds": mean(net) > mean(origin) > mean(line),
        "every fold": all(
            n["rmse"] > max(o["rmse"], i["rmse"])
            for n, o, i in zip(net["folds"], origin["folds"], line["folds"])
        ),
        "underfits": E["network"]["train"]["rmse"] > E["linear_no_intercept"]["train"]["rmse"],
        "worse than the mean": test["network"] > _mean_predictor_rmse(),
        "tuning helps": mean(best) < mean(writeup),
        "larger rate, no DropConnect": best["alpha"] == max(alphas) and best["p"] == 0.0,
        "p=0 wins at each rate": all(by(a, 0.0) < by(a, q) for a in alphas for q in ps if q),
        "level with the line through 0": abs(mean(best) - mean(origin))
        < 0.25 * min(sd(best), sd(origin)),
        "well above the line with intercept": mean(best) - mean(line) > max(sd(best), sd(line)),
    }
    broken = [claim for claim, holds in claims.items() if not holds]
    if broken:
        raise _fail(f"evaluation.md: the runs no longer show what the page says: {broken}")

    def cell(cv: dict[str, Any]) -> str:
        return f"{_f(mean(cv))} ± {_f(sd(cv))}"

    tuned = f"network 3-4-1, best of the grid (`alpha` {best['alpha']:g}, `p` {best['p']:g})"
    rows = [
        f"| {_MODELS['network']} | {_f(test['network'])} | {cell(net)} |",
        f"| {tuned} | {_f(best['folds'][0]['rmse'])} | {cell(best)} |",
        f"| {_MODELS['linear_no_intercept']} | {_f(test['linear_no_intercept'])} "
        f"| {cell(origin)} |",
        f"| {_MODELS['linear']} | {_f(test['linear'])} | {cell(line)} |",
    ]
    return "\n".join(
        [
            f"| model | held-out RMSE, the split | CV RMSE, mean ± sd over {k} folds |",
            "|---|--:|--:|",
            *rows,
        ]
    )


def _evaluation_runs() -> dict[str, Any]:
    return {name: json.loads(_job_output(name)) for name in EVALUATION_RUNS}


_EVALUATION: dict[str, Callable[[dict[str, Any]], str]] = {
    "holdout-table": _holdout_table,
    "cv-table": _cv_table,
    "tune-table": _tune_table,
    "verdict": _verdict,
}


_SECTIONS: dict[str, Callable[[Path], str]] = {
    "data-file": section_data_file,
    "gradient-check": section_gradient_check,
    "dropconnect-check": section_dropconnect_check,
    "gradient-growth": section_gradient_growth,
}


# ---------------------------------------------------------------------------
# The checkpoint page: train --save, predict in both packages, two refusals
# ---------------------------------------------------------------------------

CHECKPOINT = "housing.json"
TRACTS = "tracts.csv"
# The tracts to predict for: rows of the bundled table, their cells as the
# file has them, the columns in another order and one more than the network reads.
TRACT_ROWS = (0, 100, 200, 300, 400)
TRACT_COLUMNS = ("TAX", "CRIM", "RM", "PTRATIO", "MEDV")


def _console(folder: Path, args: list[str], ok: int = 0) -> tuple[str, str]:
    """Run ``python -m ARGS`` in ``folder``: a console transcript, and what went to stdout.

    A terminal shows stdout, then stderr: the commands run here print all of
    their stdout before anything on stderr. A status other than 0 is shown
    with ``echo $?``; a status other than ``ok`` fails the build.
    """
    env = dict(os.environ, PYTHONUNBUFFERED="1", PYTHONDONTWRITEBYTECODE="1", COLUMNS="100")
    done = subprocess.run(
        [sys.executable, "-m", *args], cwd=folder, capture_output=True, text=True, env=env
    )
    shown = "$ python -m " + " ".join(args)
    if done.returncode != ok:
        raise SystemExit(f"`{shown}` exited with {done.returncode}, not {ok}:\n{done.stderr}")
    lines = [shown, done.stdout.rstrip("\n"), done.stderr.rstrip("\n")]
    if ok:
        lines += ["$ echo $?", str(done.returncode)]
    return "\n".join(line for line in lines if line), done.stdout


def _trimmed_errors(text: str) -> str:
    """The checkpoint's text with its error history cut to the first and the last line."""
    lines = text.rstrip("\n").split("\n")
    start = lines.index('  "errors": [')
    end = lines.index("  ]", start)
    if end - start > 3:
        lines[start + 2 : end - 1] = [f"    // ... {end - start - 3} more lines of errors ..."]
    return "\n".join(lines)


def checkpoint_session() -> dict[str, str]:
    """Save a checkpoint with the command line, predict with it in both packages, break it."""
    import csv

    with tempfile.TemporaryDirectory(prefix="twinnets-checkpoint-") as name:
        folder = Path(name)
        source = Path(__file__).resolve().parents[2] / "purenn" / "data"
        with open(source / "boston_house_prices.csv", newline="", encoding="utf-8") as f:
            table = list(csv.reader(f))[1:]  # the first line counts rows and columns
        header = table[0]
        cells = [[row[header.index(c)] for c in TRACT_COLUMNS] for row in table[1:]]
        tracts = ",".join(TRACT_COLUMNS) + "\n"
        tracts += "".join(",".join(cells[i]) + "\n" for i in TRACT_ROWS)
        (folder / TRACTS).write_text(tracts, encoding="utf-8")

        out: dict[str, str] = {}
        out["train"], _ = _console(
            folder, ["purenn", "train", "--n-iter", "50", "-q", "--save", CHECKPOINT]
        )
        saved = (folder / CHECKPOINT).read_text(encoding="utf-8")
        out["json"] = _trimmed_errors(saved)
        out["tracts"] = tracts.rstrip("\n")
        out["predict-purenn"], pure = _console(folder, ["purenn", "predict", CHECKPOINT, TRACTS])
        out["predict-npnn"], exact = _console(
            folder, ["npnn", "predict", "--exact", CHECKPOINT, TRACTS]
        )
        if exact != pure:
            raise SystemExit("npnn predict --exact no longer prints purenn's predictions")
        predicted = [float(v) for v in pure.split("\n")[1:] if v]
        prices = [float(row[TRACT_COLUMNS.index("MEDV")]) for row in (cells[i] for i in TRACT_ROWS)]
        if len(predicted) != len(prices) or any(y >= 0.5 * p for y, p in zip(predicted, prices)):
            raise SystemExit(
                "checkpoints.md says that after 50 steps the predictions are still far below "
                f"the prices; they are {predicted}, the prices {prices}"
            )

        raw = saved.encode("utf-8")
        (folder / "broken.json").write_bytes(raw[: len(raw) // 2])
        out["broken-bytes"] = (
            f"`broken.json` is `{CHECKPOINT}` cut off after {len(raw) // 2} of its "
            f"{len(raw)} bytes, as a copy interrupted half-way would be:"
        )
        out["corrupt"], _ = _console(folder, ["purenn", "predict", "broken.json", TRACTS], ok=2)
        rows = tracts.split("\n")
        fields = rows[3].split(",")
        fields[TRACT_COLUMNS.index("TAX")] = "n/a"
        rows[3] = ",".join(fields)
        (folder / "bad.csv").write_text("\n".join(rows), encoding="utf-8")
        out["bad-csv-file"] = "\n".join(rows)
        out["bad-csv"], _ = _console(folder, ["npnn", "predict", CHECKPOINT, "bad.csv"], ok=2)
    return out


def _checkpoint_output(name: str) -> str:
    """One part of the checkpoint session, as the page shows it."""
    part = name.removeprefix("checkpoint-")
    session = json.loads(_job_output("checkpoint-session"))
    if part == "json":  # js: a JSON lexer would mark the trimming comment as an error
        return f'```js title="{CHECKPOINT} (the error history trimmed)"\n{session[part]}\n```'
    if part in ("tracts", "bad-csv-file"):
        title = TRACTS if part == "tracts" else "bad.csv"
        return f'```text title="{title}"\n{session[part]}\n```'
    if part == "broken-bytes":
        return str(session[part])
    if part in session:
        return f"```console\n{session[part]}\n```"
    raise _fail(f"unknown output {name!r}")


# ---------------------------------------------------------------------------
# The worked example: one row through the forward and backward pass, by hand
# ---------------------------------------------------------------------------

WORKED_ROW = 0
"""The row of the data the worked example follows (code index)."""
WORKED_INPUT = 1
"""The input whose weight the chain rule is written out for (code index)."""


def _n(x: float) -> str:
    """A number as the worked example prints it: six significant digits."""
    return f"{x + 0.0:.6g}"


def _list(items: list[int]) -> str:
    """``[1, 2, 3]`` as "1, 2 and 3"."""
    words = [str(i) for i in items]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def worked_example() -> dict[str, str]:
    """Row ``WORKED_ROW`` through the forward and backward pass, one scalar at a time.

    Every value is computed with plain floats in the order the matrix code adds
    them, then compared with the entry of the matrix result it stands for: the
    same number, bit for bit, or the script exits with an error (and the build fails).
    """
    nn, X0, t = _housing()
    W = nn.init_weights(nn.generator(0), 3, 4)
    W1, W2 = W.W1, W.W2
    n = WORKED_ROW
    x, target = X0[n], t[n][0]
    D, n_h = len(W1), len(W2)

    def agree(name: str, by_hand: float, matrix: float) -> None:
        if by_hand != matrix:
            raise SystemExit(
                f"worked example: {name} by hand is {by_hand!r}, the matrix has {matrix!r}"
            )

    # Forward, one scalar at a time.
    z = []
    fwd = [f"x  = X0[{n}] = [{', '.join(_n(v) for v in x)}]    t[{n}] = {_n(target)}", ""]
    for j in range(n_h):
        s = 0.0
        for d in range(D):
            s += x[d] * W1[d][j]
        z.append(s)
        terms = " + ".join(f"({_n(x[d])})({_n(W1[d][j])})" for d in range(D))
        fwd += [f"Z1[{n}][{j}] = {terms}", f"         = {_n(s)}"]
    fwd.append("")
    x1 = [max(v, 0.0) for v in z]
    for j in range(n_h):
        fwd.append(f"X1[{n}][{j}] = max({_n(z[j])}, 0) = {_n(x1[j])}")
    fwd.append("")
    y = 0.0
    for j in range(n_h):
        y += x1[j] * W2[j][0]
    terms = " + ".join(f"({_n(x1[j])})({_n(W2[j][0])})" for j in range(n_h))
    fwd += [f"y[{n}] = {terms}", f"     = {_n(y)}"]
    loss = 0.5 * (y - target) ** 2
    fwd.append(f"L_{n} = ½ (y[{n}] − t[{n}])² = ½ ({_n(y)} − {_n(target)})² = {_n(loss)}")

    # Backward, one scalar at a time: the derivatives of this row's term of the loss.
    dy = y - target
    dx1 = [dy * W2[j][0] for j in range(n_h)]
    dw2 = [x1[j] * dy for j in range(n_h)]
    dz1 = [(1.0 if z[j] > 0.0 else 0.0) * dx1[j] for j in range(n_h)]
    dw1 = [[x[d] * dz1[j] for j in range(n_h)] for d in range(D)]
    bwd = [f"dy[{n}] = y[{n}] − t[{n}] = {_n(y)} − {_n(target)} = {_n(dy)}", ""]
    for j in range(n_h):
        bwd.append(
            f"dX1[{n}][{j}] = dy[{n}]·W2[{j}][0] = ({_n(dy)})({_n(W2[j][0])}) = {_n(dx1[j])}"
        )
    bwd.append("")
    for j in range(n_h):
        bwd.append(
            f"dW2[{j}][0], row {n} = X1[{n}][{j}]·dy[{n}] = ({_n(x1[j])})({_n(dy)}) = {_n(dw2[j])}"
        )
    bwd.append("")
    for j in range(n_h):
        slope = "1" if z[j] > 0.0 else "0"
        bwd.append(
            f"dZ1[{n}][{j}] = [Z1[{n}][{j}] > 0]·dX1[{n}][{j}] = {slope}·({_n(dx1[j])})"
            f" = {_n(dz1[j])}"
        )
    bwd.append("")
    for d in range(D):
        for j in range(n_h):
            bwd.append(
                f"dW1[{d}][{j}], row {n} = X0[{n}][{d}]·dZ1[{n}][{j}]"
                f" = ({_n(x[d])})({_n(dz1[j])}) = {_n(dw1[d][j])}"
            )

    # The matrix code, on all rows and on this row alone: the same numbers.
    cache = nn.forward(X0, W1, W2)
    grads = nn.backward(X0, t, W1, W2, cache)
    for j in range(n_h):
        agree(f"Z1[{n}][{j}]", z[j], cache.Z1[n][j])
        agree(f"X1[{n}][{j}]", x1[j], cache.X1[n][j])
        agree(f"dX1[{n}][{j}]", dx1[j], grads.dX1[n][j])
        agree(f"dZ1[{n}][{j}]", dz1[j], grads.dZ1[n][j])
    agree(f"y[{n}]", y, cache.y[n][0])
    agree(f"dy[{n}]", dy, grads.dy[n][0])
    one = nn.backward(X0[n : n + 1], t[n : n + 1], W1, W2, nn.forward(X0[n : n + 1], W1, W2))
    agree("the loss of one row", loss, nn.loss(nn.forward(X0[n : n + 1], W1, W2).y, t[n : n + 1]))
    for j in range(n_h):
        agree(f"dW2[{j}][0] of one row", dw2[j], one.dW2[j][0])
        for d in range(D):
            agree(f"dW1[{d}][{j}] of one row", dw1[d][j], one.dW1[d][j])

    # The entry the page follows: the first weight into a unit that is on for this row.
    on = [j for j in range(n_h) if z[j] > 0.0]
    if not on:
        raise SystemExit(f"worked example: no hidden unit is on for row {n}; pick another row")
    off = [k for k in range(n_h) if k not in on]
    j = on[0]
    d = WORKED_INPUT
    chain = [
        f"∂L_{n}/∂W1[{d}][{j}]",
        f"  = ∂L_{n}/∂y[{n}] · ∂y[{n}]/∂X1[{n}][{j}] · ∂X1[{n}][{j}]/∂Z1[{n}][{j}]"
        f" · ∂Z1[{n}][{j}]/∂W1[{d}][{j}]",
        f"  = (y[{n}] − t[{n}]) · W2[{j}][0] · 1 · X0[{n}][{d}]",
        f"  = ({_n(dy)}) · ({_n(W2[j][0])}) · 1 · ({_n(x[d])})",
        f"  = {_n(dw1[d][j])}",
        "",
        f"backward on row {n} alone: dW1[{d}][{j}] = {_n(one.dW1[d][j])}",
    ]
    agree("the chain rule product", dy * W2[j][0] * 1.0 * x[d], dw1[d][j])
    # On all the rows, each row adds its own term, in the order the matrix code adds them.
    total = 0.0
    for r in range(len(X0)):
        total += X0[r][d] * grads.dZ1[r][j]
    agree(f"dW1[{d}][{j}] as a sum over rows", total, grads.dW1[d][j])
    chain += [
        "",
        f"backward on all {len(X0)} rows: dW1[{d}][{j}]",
        f"  = X0[0][{d}]·dZ1[0][{j}] + X0[1][{d}]·dZ1[1][{j}] + ... + X0[{len(X0) - 1}][{d}]"
        f"·dZ1[{len(X0) - 1}][{j}]",
        f"  = {_n(grads.dW1[d][j])}    (the term of row {n}: {_n(dw1[d][j])})",
    ]
    return {
        "forward": "\n".join(fwd),
        "backward": "\n".join(bwd),
        "chain": "\n".join(chain),
        "on": (
            f"For row {n}, the hidden units {_list(on)} have `Z1[{n}][j] > 0` and pass their"
            " value on"
            + (
                f"; the units {_list(off)} are off: `X1` is 0 there, and so is every"
                " derivative that goes back through them."
                if off
                else "."
            )
        ),
    }


def _worked_output(name: str) -> str:
    """One part of the worked example, as the page shows it."""
    part = name.removeprefix("worked-")
    example = json.loads(_job_output("worked-example"))
    if part == "on":
        return str(example[part])
    if part in example:
        return f"```text\n{example[part]}\n```"
    raise _fail(f"unknown output {name!r}")


# ---------------------------------------------------------------------------
# ``pycon run`` blocks
# ---------------------------------------------------------------------------

_RUN_BLOCK = re.compile(
    r"^(?P<indent>[ \t]*)(?P<fence>`{3,})pycon run(?P<rest>[^\n]*)\n"
    r"(?P<body>.*?)"
    r"^(?P=indent)(?P=fence)[ \t]*$",
    re.MULTILINE | re.DOTALL,
)
_PLACEHOLDER = re.compile(r"^(?P<indent>[ \t]*)<!-- output: (?P<name>[a-z0-9-]+) -->[ \t]*$", re.M)
_CHECK = re.compile(r"^[ \t]*<!-- check: (?P<check>.+?) -->[ \t]*\n?", re.M | re.S)
"""A claim of the page, as a Python expression on what its ``pycon run`` blocks ran."""
_RUN_OR_CHECK = re.compile(f"{_RUN_BLOCK.pattern}|{_CHECK.pattern}", re.M | re.S)


def _statements(body: str, where: str) -> list[list[str]]:
    statements: list[list[str]] = []
    for line in body.splitlines():
        if line.startswith(">>> "):
            statements.append([line[4:]])
        elif line.startswith("... ") or line == "...":
            if not statements:
                raise _fail(f"{where}: '...' before any '>>>'")
            statements[-1].append(line[4:])
        elif line.strip():
            raise _fail(f"{where}: a 'pycon run' block holds only >>> and ... lines: {line!r}")
    return statements


def _display(value: object) -> None:
    if value is None:
        return
    if isinstance(value, list | tuple | dict):
        print(pprint.pformat(value, width=88, sort_dicts=False))
    else:
        print(repr(value))


def _run_statements(statements: list[list[str]], namespace: dict[str, Any], where: str) -> str:
    from purenn.errors import NNError

    out: list[str] = []
    for lines in statements:
        out.append(">>> " + lines[0])
        out += ["... " + line if line else "..." for line in lines[1:]]
        source = "\n".join(lines) + "\n"
        buffer = io.StringIO()
        hook = sys.displayhook
        sys.displayhook = _display
        try:
            with contextlib.redirect_stdout(buffer):
                try:
                    exec(compile(source, where, "single"), namespace)
                except NNError as error:
                    kind = type(error)
                    print("Traceback (most recent call last):\n  ...")
                    print(f"{kind.__module__}.{kind.__qualname__}: {error}")
        except Exception as error:
            raise _fail(f"{where}: {source.strip()!r} raised {error!r}") from error
        finally:
            sys.displayhook = hook
        text = buffer.getvalue().rstrip("\n")
        if text:
            out += text.split("\n")
    return "\n".join(out)


# ---------------------------------------------------------------------------
# The build
# ---------------------------------------------------------------------------


class _State:
    root: Path
    key: str
    out: Path
    cached: bool
    jobs: dict[str, Job]
    workdir: Path | None


_state: _State | None = None


def _get_state() -> _State:
    if _state is None:
        raise _fail("docs hook: on_config did not run")
    return _state


def _forget_packages() -> None:
    """Drop purenn and npnn from ``sys.modules``, so this build imports the current code.

    Under ``mkdocs serve`` one process builds again and again; without this,
    the console sessions would keep running the code as it was at the first
    build.
    """
    for name in list(sys.modules):
        if name.split(".")[0] in ("purenn", "npnn"):
            del sys.modules[name]


def on_config(config: Any) -> None:
    global _state
    # No .pyc files written into the watched packages: each would trigger a rebuild.
    sys.dont_write_bytecode = True
    _forget_packages()
    state = _State()
    state.root = Path(config.config_file_path).resolve().parent
    state.key = _cache_key(state.root)
    cached = CACHE_ROOT / state.key
    state.jobs = _jobs(state.root)
    if os.environ.get("TWINNETS_DOCS_NO_CACHE") != "1" and (cached / "complete").is_file():
        state.out, state.cached, state.workdir = cached, True, None
    else:
        state.workdir = Path(tempfile.mkdtemp(prefix="twinnets-docs-"))
        state.out, state.cached = state.workdir, False
        rc = "".join(f"{key}: {value}\n" for key, value in PLOT_STYLE.items())
        (state.out / "matplotlibrc").write_text(rc, encoding="utf-8")
        for job in state.jobs.values():
            job.start(state.root, state.out)
    _state = state


def on_files(files: Any, *, config: Any) -> Any:
    from mkdocs.structure.files import File

    state = _get_state()
    files.append(File.generated(config, PLOT_URI, abs_src_path=str(state.out / PLOT)))
    for plot in MOONS_PLOTS.values():
        files.append(
            File.generated(config, f"generated/{plot}", abs_src_path=str(state.out / plot))
        )
    return files


def _job_output(name: str) -> str:
    state = _get_state()
    job = state.jobs[name]
    text = job.wait(state.out) if not state.cached else (state.out / f"{name}.out").read_text()
    return _sanitize(text, state.root)


def _output(name: str, where: str) -> str:
    state = _get_state()
    if name in _SECTIONS:
        return _SECTIONS[name](state.root)
    if name == "alpha-sweep":
        return _alpha_table(json.loads(_job_output(name)))
    if name in _EVALUATION:
        return _EVALUATION[name](_evaluation_runs())
    if name.startswith("checkpoint-") and name != "checkpoint-session":
        return _checkpoint_output(name)
    if name.startswith("worked-") and name != "worked-example":
        return _worked_output(name)
    if name == "moons-table":
        return _moons_table({run: _job_output(run) for run in MOONS_RUNS})
    if name.startswith("pdb-") and name in state.jobs:
        job = state.jobs[name]
        transcript = _pdb_transcript(_job_output(name), job.stdin)
        if "\n***" in transcript:
            raise _fail(f"{where}: pdb refused a command of {name}:\n{transcript}")
        _PDB_CHECKS[name](transcript)
        return f'```text title="$ {job.shown}"\n{_cut(transcript)}\n```'
    if name in ("train-output", "train-summary"):
        job = state.jobs["train-output"]
        log, summary = _split_training(_job_output("train-output").rstrip("\n"), where)
        _check_training_run(log, summary)
        if name == "train-summary":
            summary = _wrapped(summary, hang=True)
            return f'```text title="The last lines of the same run"\n{summary}\n```'
        return f'```text title="$ {job.shown}"\n{log}\n```'
    if name in state.jobs:
        job = state.jobs[name]
        if name == "parity-report":
            _check_parity_report(_job_output(name))
        text = _wrapped(_job_output(name).rstrip("\n"))
        return f'```text title="$ {job.shown}"\n{text}\n```'
    raise _fail(f"{where}: unknown output {name!r}")


OUTPUT_WIDTH = 88
"""Characters of an output line the content column shows whole at 1400 px."""


def _wrapped(text: str, *, hang: bool = False) -> str:
    """The output with each line longer than ``OUTPUT_WIDTH`` wrapped at its spaces.

    The parity report ends with a paragraph printed as one line of about 340
    characters; wrapped, it reads without scrolling sideways. The wrapped
    lines after the first are indented by two spaces or, with ``hang``, to
    just after the line's first parenthesis (the training summary's remarks).
    """
    lines = []
    for line in text.split("\n"):
        if len(line) <= OUTPUT_WIDTH:
            lines.append(line)
            continue
        indent = line.index("(") + 1 if hang and "(" in line else 2
        lines += textwrap.wrap(line, OUTPUT_WIDTH, subsequent_indent=" " * indent)
    return "\n".join(lines)


def _split_training(text: str, where: str) -> tuple[str, str]:
    """The training output cut in two: its log, and the summary from "first error" on.

    The page talks about the summary (the final error and the RMSE); shown in
    a box of its own, it is read without scrolling to the end of the log.
    """
    lines = text.split("\n")
    starts = [i for i, line in enumerate(lines) if line.startswith("first error")]
    if len(starts) != 1:
        raise _fail(f"{where}: the training output has no single 'first error' line:\n{text}")
    return "\n".join(lines[: starts[0]]), "\n".join(lines[starts[0] :])


def _check_training_run(log: str, summary: str) -> None:
    """What training.md says of the run it shows, checked against that run's output.

    The plot's description: the error falls from about 150,000 to a few tens of
    thousands, with large spikes. The text: after 1000 steps the network has
    not yet caught up with predicting the mean price for every tract.
    """

    def number(pattern: str, text: str) -> float:
        m = re.search(pattern, text, re.M)
        if m is None:
            raise _fail(f"training.md: the training output no longer has {pattern!r}")
        return float(m[1])

    first = number(r"^first error\s+([\d.]+)", summary)
    final = number(r"^final error\s+([\d.]+)", summary)
    rmse = number(r"^RMSE\s+([\d.]+)", summary)
    logged = [float(v) for v in re.findall(r"^iteration\s+\d+\s+error\s+([\d.]+)$", log, re.M)]
    nn, _, t = _housing()
    mean = nn.total(t) / len(t)
    baseline = nn.rmse([[mean]] * len(t), t)
    claims = {
        "the error starts at about 150,000": 125_000 <= first < 175_000,
        "it falls to a few tens of thousands": 10_000 <= final < 100_000,
        "with large spikes": any(b > 1.5 * a for a, b in itertools.pairwise(logged)),
        "not yet caught up with the baseline": rmse > baseline,
    }
    broken = [claim for claim, holds in claims.items() if not holds]
    if broken:
        raise _fail(f"training.md: the run the page shows no longer bears out {broken}")


def _check_parity_report(report: str) -> None:
    """What parity.md says of npnn's default mode, checked against the report it shows.

    The inputs, the weights and the masks match; the first tensor to differ is
    ``Z1``; the training run's differences stay in the last few digits.
    """
    default = report[report.index("npnn default mode") :]
    rows = {
        m["name"]: (int(m["equal"]), int(m["of"]), float(m["rel"]))
        for m in re.finditer(
            r"^(?P<name>\S+(?: [a-z]+)?)\s+(?:\([\d, ]*\)|scalar)\s+(?P<equal>\d+)/(?P<of>\d+)"
            r"\s+\d+\s+\S+\s+(?P<rel>\S+)$",
            default,
            re.M,
        )
    }
    first = ["X0 scaled", "W1 initial", "W2 initial", "M1 mask", "M2 mask"]
    claims = {
        "the inputs, the weights and the masks match": all(
            name in rows and rows[name][0] == rows[name][1] for name in first
        ),
        "the first entries to differ are those of Z1": "Z1" in rows
        and rows["Z1"][0] < rows["Z1"][1],
        "the training run's differences stay in the last few digits": all(
            name in rows and rows[name][2] < 1e-12 for name in ("errors", "W1 final", "W2 final")
        ),
    }
    broken = [claim for claim, holds in claims.items() if not holds]
    if broken:
        raise _fail(f"parity.md: the parity report no longer shows {broken}")


def on_page_markdown(markdown: str, *, page: Any, config: Any, files: Any) -> str:
    where = page.file.src_uri
    namespace: dict[str, Any] = {"__name__": "__docs__"}

    def run_block(m: re.Match[str]) -> str:
        indent, fence = m["indent"], m["fence"]
        body = textwrap.dedent(m["body"]) if indent else m["body"]
        text = _run_statements(_statements(body, where), namespace, where)
        inner = "\n".join((indent + line) if line else line for line in text.split("\n"))
        return f"{indent}{fence}pycon{m['rest']}\n{inner}\n{indent}{fence}"

    def placeholder(m: re.Match[str]) -> str:
        text = _output(m["name"], where)
        indent = m["indent"]
        return "\n".join((indent + line) if line else line for line in text.split("\n"))

    def run_or_check(m: re.Match[str]) -> str:
        if m["check"] is None:
            return run_block(m)
        _check_claim(m["check"], namespace, where)
        return ""

    markdown = _RUN_OR_CHECK.sub(run_or_check, markdown)
    return _PLACEHOLDER.sub(placeholder, markdown)


def _check_claim(expression: str, namespace: dict[str, Any], where: str) -> None:
    """Fail the build unless ``expression`` is true in the page's namespace.

    A line ``<!-- check: EXPRESSION -->`` after a sentence of a page is the
    build's check of that sentence: it is evaluated against the very objects
    the ``pycon run`` blocks above it computed (the run the page shows), and
    it is not shown.
    """
    source = " ".join(expression.split())
    try:
        holds = eval(compile(source, where, "eval"), namespace)
    except Exception as error:
        raise _fail(f"{where}: the check {source!r} raised {error!r}") from error
    if holds is not True:
        raise _fail(f"{where}: the page says what `{source}` checks; the run no longer shows it")


def on_env(env: Any, *, config: Any, files: Any) -> Any:
    # Every command must have finished before the plot is copied into the site.
    state = _get_state()
    if not state.cached:
        for name in state.jobs:
            _job_output(name)
    return env


def on_post_build(*, config: Any) -> None:
    state = _get_state()
    if state.cached or state.workdir is None:
        return
    target = CACHE_ROOT / state.key
    (state.workdir / "complete").write_text("")
    CACHE_ROOT.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix="staging-", dir=CACHE_ROOT))
    shutil.copytree(state.workdir, staging, dirs_exist_ok=True)
    try:
        staging.rename(target)
    except OSError:  # another build cached the same key first
        shutil.rmtree(staging, ignore_errors=True)
    shutil.rmtree(state.workdir, ignore_errors=True)
    state.workdir = None


def on_build_error(*, error: Exception) -> None:
    state = _state
    if state is None:
        return
    for job in state.jobs.values():
        if job.process is not None:
            job.process.kill()
            job.process.wait()
    if state.workdir is not None:
        shutil.rmtree(state.workdir, ignore_errors=True)


if __name__ == "__main__":
    if sys.argv[1:] == ["alpha-sweep"]:
        print(json.dumps(alpha_sweep()))
    elif sys.argv[1:] == ["checkpoint-session"]:
        print(json.dumps(checkpoint_session()))
    elif sys.argv[1:] == ["worked-example"]:
        print(json.dumps(worked_example()))
    else:
        usage = f"python {Path(__file__).name} alpha-sweep|checkpoint-session|worked-example"
        raise SystemExit(f"usage: {usage}")
