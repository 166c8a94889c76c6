"""Time the default training step: purenn and npnn against the write-up's numpy step.

Every contestant trains the write-up's network (N=506 rows, D=3 inputs,
n_h=4 hidden units, alpha=1e-6, DropConnect p=0.2) for the same number of
steps, in this one process, from the same initial weights
(``purenn.init_weights(purenn.generator(seed), 3, 4)``) and the same scaled
data. Rounds are interleaved, the order alternating from round to round, so
that a busy moment on a shared machine falls on every contestant alike; the
median and the minimum time per step over the rounds are reported, and each
contestant's ratio to the write-up's numpy step and to that step with its
defects fixed (the "fixed numpy" contestant: the masked weights used forward
and backward, no unused ``dX0``, no masks when ``p`` is 0). The fixed step is
what a practitioner would write, so its ratios are the fair ones; the
write-up's own mask drawing (``np.random.choice`` on every step) is slow
enough to hide the overhead of a library's loop.

Run from the repository root::

    python benchmarks/bench_step.py [--steps 1000] [--rounds 5] [--seed 0] [--p 0.2] [--json]

To add a contestant, write a function that takes the :class:`Workload` and
returns a :data:`Run`, and add one ``(name, function)`` entry to
``CONTESTANTS``.
"""

from __future__ import annotations

import argparse
import gc
import inspect
import json
import math
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

import npnn
import purenn
from npnn.matrix import _matmul, _total
from purenn.dropconnect import _dropconnect_mask
from purenn.support.loop import collector_paused
from purenn.train import _step

Array = npt.NDArray[np.float64]

N_H = 4
"""Hidden units, the write-up's ``n_h``."""
ALPHA = 1e-6
"""Learning rate, the write-up's ``alpha``."""
P = 0.2
"""DropConnect rate, the write-up's ``prob``."""


@dataclass(frozen=True)
class Workload:
    """What every contestant starts from: the same data and the same weights."""

    X0: purenn.Matrix  # (N, D), each column divided by its maximum
    t: purenn.Matrix  # (N, 1)
    W1: purenn.Matrix  # (D, n_h), drawn by init_weights(generator(seed), D, n_h)
    W2: purenn.Matrix  # (n_h, 1), drawn right after W1
    seed: int  # seeds those weights, and purenn's DropConnect masks
    steps: int  # training steps per timed run
    p: float  # DropConnect rate of every contestant


Run = Callable[[], float]
"""Runs ``steps`` training steps and returns the last step's error. This is what is timed."""

Contestant = Callable[[Workload], Run]
"""Prepares a run (converting data, drawing masks...) outside the timer."""


def make_workload(seed: int, steps: int, p: float = P) -> Workload:
    """The write-up's data, scaled by the column maximum, and the initial weights of ``seed``."""
    X, t = purenn.load_housing()
    X0 = purenn.apply_scale(X, purenn.fit_scale(X))
    initial = purenn.init_weights(purenn.generator(seed), len(X0[0]), N_H)
    return Workload(X0, t, initial.W1, initial.W2, seed, steps, p)


# The write-up's final listing, minus printing and plotting. Its code is kept
# as it is written there, globals (prob, alpha) and all, except for type
# hints: this is the formulation that the ratios are measured against.
prob = P
alpha = ALPHA


def relu(x: Array) -> Array:
    return (x > 0) * x


def dropout(W: Array, p: float) -> Array:
    """Randomly shut off p proportion of weights in a weight matrix."""
    l = W.shape[0]  # noqa: E741  (the write-up's name)
    d = W.shape[1]
    flat_weights = W.flatten()
    drop_num = np.floor(len(flat_weights) * p)
    drop_idx = np.random.choice(len(flat_weights), size=(int(drop_num), 1), replace=False)
    flat_weights[drop_idx] = 0
    W_new = flat_weights.reshape((l, d))
    return W_new


def forward_pass(
    X0: Array, t: Array, W1: Array, W2: Array
) -> tuple[Array, Array, Array, np.float64]:
    W1 = dropout(W1, prob)
    W2 = dropout(W2, prob)
    Z1 = np.dot(X0, W1)
    X1 = relu(Z1)
    y = np.dot(X1, W2)
    error = np.sum(0.5 * (y - t) ** 2)
    return X1, Z1, y, error


def backward_pass(
    X0: Array, t: Array, W1: Array, W2: Array, X1: Array, Z1: Array, y: Array
) -> tuple[Array, Array]:
    dy = y - t
    dX1 = np.dot(dy, W2.T)
    dW2 = np.dot(X1.T, dy)
    dZ1 = (Z1 > 0) * dX1
    dX0 = np.dot(dZ1, W1.T)  # noqa: F841  (computed by the write-up, never used)
    dW1 = np.dot(X0.T, dZ1)
    W1_new = W1 - alpha * dW1
    W2_new = W2 - alpha * dW2
    return W1_new, W2_new


# The contestants. Each returns the run to time; work done before the return
# is not timed.


def writeup_numpy(w: Workload) -> Run:
    """The write-up's training loop: forward_pass, record the error, backward_pass."""
    global prob
    prob = w.p  # the write-up's global
    X0, t = np.array(w.X0), np.array(w.t)  # (N, D), (N, 1)
    W1_initial, W2_initial = np.array(w.W1), np.array(w.W2)  # (D, n_h), (n_h, 1)
    np.random.seed(w.seed)  # the write-up draws its masks from numpy's global generator

    def run() -> float:
        W1, W2 = W1_initial, W2_initial
        errors = []
        for _ in range(w.steps):
            X1, Z1, y, error = forward_pass(X0, t, W1, W2)
            errors.append(error)
            W1, W2 = backward_pass(X0, t, W1, W2, X1, Z1, y)
        return float(errors[-1])

    return run


def fixed_numpy(w: Workload) -> Run:
    """The write-up's step with its defects fixed, written as a practitioner would.

    DropConnect masks as the write-up draws them (``np.random.choice``), but
    the masked weights are used by the backward pass too and a dropped weight
    gets no gradient; no mask at all when ``p`` is 0; no ``dX0``.
    """
    X0, t = np.array(w.X0), np.array(w.t)  # (N, D), (N, 1)
    W1_initial, W2_initial = np.array(w.W1), np.array(w.W2)  # (D, n_h), (n_h, 1)
    rng = np.random.default_rng(w.seed)

    def mask(shape: tuple[int, int]) -> Array:
        M = np.ones(shape[0] * shape[1])
        M[rng.choice(M.size, size=int(np.floor(M.size * w.p)), replace=False)] = 0.0
        return M.reshape(shape)

    def run() -> float:
        W1, W2 = W1_initial, W2_initial
        errors = []
        for _ in range(w.steps):
            M1, M2 = (mask(W1.shape), mask(W2.shape)) if w.p > 0 else (None, None)
            W1u = W1 if M1 is None else W1 * M1
            W2u = W2 if M2 is None else W2 * M2
            Z1 = X0 @ W1u
            X1 = np.maximum(Z1, 0.0)
            y = X1 @ W2u
            dy = y - t
            errors.append(0.5 * float((dy.T @ dy)[0, 0]))
            dW2 = X1.T @ dy
            dZ1 = (Z1 > 0) * (dy @ W2u.T)
            dW1 = X0.T @ dZ1
            W1 = W1 - ALPHA * (dW1 if M1 is None else dW1 * M1)
            W2 = W2 - ALPHA * (dW2 if M2 is None else dW2 * M2)
        return errors[-1]

    return run


def purenn_train(w: Workload) -> Run:
    """What a user runs: ``purenn.train`` with its defaults (the write-up's settings)."""

    def run() -> float:
        return purenn.train(w.X0, w.t, n_iter=w.steps, p=w.p, seed=w.seed).errors[-1]

    return run


def purenn_step(w: Workload) -> Run:
    """purenn's private step alone: the masks of ``train`` drawn beforehand, no checks.

    Run as ``train`` runs it, with the cycle collector paused.
    """
    rng = purenn.generator(w.seed)
    D = len(w.X0[0])
    purenn.init_weights(rng, D, N_H)  # move the stream past the weights, as train does
    masks = [
        (_dropconnect_mask(rng, D, N_H, w.p), _dropconnect_mask(rng, N_H, 1, w.p))
        if w.p > 0
        else (None, None)
        for _ in range(w.steps)
    ]

    def run() -> float:
        W1, W2, error = w.W1, w.W2, math.nan
        with collector_paused():
            for M1, M2 in masks:
                W1, W2, error = _step(w.X0, w.t, W1, W2, ALPHA, M1, M2)
        return error

    return run


def purenn_masks(w: Workload) -> Run:
    """Only the two DropConnect masks that ``train`` draws on each step."""
    D = len(w.X0[0])

    def run() -> float:
        rng = purenn.generator(w.seed)
        for _ in range(w.steps if w.p > 0 else 0):
            _dropconnect_mask(rng, D, N_H, w.p)
            _dropconnect_mask(rng, N_H, 1, w.p)
        return math.nan

    return run


def npnn_train(w: Workload, *, exact: bool = False) -> Run:
    """What a user runs: ``npnn.train`` with its defaults, in one of its two modes."""
    X0, t = np.array(w.X0), np.array(w.t)  # (N, D), (N, 1)

    def run() -> float:
        return npnn.train(X0, t, n_iter=w.steps, p=w.p, seed=w.seed, exact=exact).errors[-1]

    return run


def npnn_exact(w: Workload) -> Run:
    """``npnn.train(..., exact=True)``: purenn's order of additions, purenn's bits."""
    return npnn_train(w, exact=True)


def npnn_exact_sums(w: Workload) -> Run:
    """Only the long sums of an exact step, added in order as ``exact=True`` adds them.

    ``L`` (one sum of N squares), ``dW2`` (n_h sums of N products) and ``dW1``
    (D * n_h sums of N products), on the first step's values: the part of the
    exact step that numpy cannot spread over many numbers at once, since each
    sum must add its N terms one after the other.
    """
    X0, t = np.array(w.X0), np.array(w.t)  # (N, D), (N, 1)
    W1, W2 = np.array(w.W1), np.array(w.W2)  # (D, n_h), (n_h, 1)
    Z1 = X0 @ W1  # (N, n_h)
    X1 = np.where(Z1 > 0.0, Z1, 0.0)  # (N, n_h)
    dy = X1 @ W2 - t  # (N, 1)
    dZ1 = (Z1 > 0.0) * (dy @ W2.T)  # (N, n_h)

    def run() -> float:
        for _ in range(w.steps):
            _total(dy * dy, True)  # the loss's sum
            _matmul(X1.T, dy, True)  # dW2
            _matmul(X0.T, dZ1, True)  # dW1
        return math.nan  # not a training run: no error to compare

    return run


CONTESTANTS: list[tuple[str, Contestant]] = [
    ("write-up numpy", writeup_numpy),  # the first baseline
    ("fixed numpy", fixed_numpy),  # the second: the targets are ratios to this one
    ("npnn.train", npnn_train),
    ("npnn.train exact", npnn_exact),
    ("  npnn exact sums", npnn_exact_sums),
    ("purenn.train", purenn_train),
    ("  purenn _step", purenn_step),
    ("  purenn masks", purenn_masks),
]
"""``(name, prepare)`` pairs, timed in this order in even rounds and reversed in odd ones."""

HEADLINES = ("npnn.train", "npnn.train exact", "purenn.train")
"""The contestants a user runs, whose ratios to the fixed numpy step are the targets."""


def check_defaults() -> None:
    """Refuse to run if purenn's defaults are not the write-up's settings timed here."""
    defaults = {k: v.default for k, v in inspect.signature(purenn.train).parameters.items()}
    wanted = {"n_h": N_H, "alpha": ALPHA, "p": P}
    if any(defaults[k] != v for k, v in wanted.items()):
        raise SystemExit(f"purenn.train's defaults {defaults} are not the benchmark's {wanted}")


def time_run(prepare: Contestant, w: Workload) -> tuple[float, float]:
    """Prepare, collect garbage, then time one run: ``(seconds per step, last error)``."""
    run = prepare(w)
    gc.collect()  # garbage left by the previous contestant is not this one's cost
    start = time.perf_counter()
    error = run()
    elapsed = time.perf_counter() - start
    return elapsed / w.steps, error


def measure(
    contestants: Sequence[tuple[str, Contestant]], w: Workload, rounds: int
) -> tuple[dict[str, list[float]], dict[str, float]]:
    """Time every contestant once per round.

    Returns each one's seconds per step, round by round, and its last error.
    """
    warm_up = Workload(w.X0, w.t, w.W1, w.W2, w.seed, min(w.steps, 20), w.p)
    for _, prepare in contestants:
        time_run(prepare, warm_up)
    times: dict[str, list[float]] = {name: [] for name, _ in contestants}
    errors: dict[str, float] = {}
    for r in range(rounds):
        order = contestants if r % 2 == 0 else list(reversed(contestants))
        for name, prepare in order:
            seconds, errors[name] = time_run(prepare, w)
            times[name].append(seconds)
    return times, errors


def environment() -> dict[str, Any]:
    """What the numbers depend on besides the code."""
    return {
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "numpy": np.__version__,
        "cpus": os.cpu_count(),
        "machine": f"{platform.system()} {platform.machine()}",
    }


def command(args: argparse.Namespace) -> str:
    """The command that reproduces this run."""
    words = ["python", "benchmarks/bench_step.py"]
    for option, default in (("steps", 1000), ("rounds", 5), ("seed", 0), ("p", P)):
        value = getattr(args, option)
        if value != default:
            words += [f"--{option}", str(value)]
    if args.json:
        words.append("--json")
    return " ".join(words)


def summarize(
    contestants: Sequence[tuple[str, Contestant]],
    times: dict[str, list[float]],
    errors: dict[str, float],
) -> list[dict[str, Any]]:
    """One row per contestant: its times, their median and minimum, the ratios, its last error."""
    baseline = times[contestants[0][0]]
    fixed = times["fixed numpy"]
    rows = []
    for name, _ in contestants:
        median, fastest = statistics.median(times[name]), min(times[name])
        rows.append(
            {
                "name": name.strip(),
                "seconds_per_step": times[name],
                "median_s": median,
                "min_s": fastest,
                "ratio_median": median / statistics.median(baseline),
                "ratio_min": fastest / min(baseline),
                "fixed_median": median / statistics.median(fixed),
                "fixed_min": fastest / min(fixed),
                "last_error": None if math.isnan(errors[name]) else errors[name],
            }
        )
    return rows


def print_table(rows: list[dict[str, Any]], names: Sequence[str]) -> None:
    print(
        f"{'contestant':<18}{'median':>12}{'min':>12}{'x write-up':>12}{'(min)':>8}"
        f"{'x fixed':>10}{'(min)':>8}  last error"
    )
    for name, row in zip(names, rows):
        error = "" if row["last_error"] is None else f"{row['last_error']:.6f}"
        print(
            f"{name:<18}{row['median_s'] * 1e6:>9.1f} us{row['min_s'] * 1e6:>9.1f} us"
            f"{row['ratio_median']:>11.2f}x{row['ratio_min']:>7.2f}x"
            f"{row['fixed_median']:>9.2f}x{row['fixed_min']:>7.2f}x  {error}"
        )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Time the training step of purenn and npnn against the write-up's numpy step.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument("--steps", type=int, default=1000, help="training steps per timed run")
    parser.add_argument("--rounds", type=int, default=5, help="timed runs per contestant")
    parser.add_argument("--seed", type=int, default=0, help="seed of the initial weights")
    parser.add_argument("--p", type=float, default=P, help="DropConnect rate (0: none)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args(argv)
    if args.steps < 1 or args.rounds < 1:
        parser.error("--steps and --rounds must be at least 1")
    check_defaults()

    if not 0.0 <= args.p < 1.0:
        parser.error("--p must be in [0, 1)")
    w = make_workload(args.seed, args.steps, args.p)
    times, errors = measure(CONTESTANTS, w, args.rounds)
    rows = summarize(CONTESTANTS, times, errors)
    N, D = len(w.X0), len(w.X0[0])
    setup = {"N": N, "D": D, "n_h": N_H, "alpha": ALPHA, "p": args.p, "seed": args.seed}
    setup |= {"steps": args.steps, "rounds": args.rounds}

    if args.json:
        report: dict[str, Any] = {"command": command(args), "environment": environment()}
        report |= {"workload": setup}
        report |= {"baseline": rows[0]["name"], "contestants": rows}
        json.dump(report, sys.stdout, indent=2)
        print()
        return 0
    print(
        f"{args.steps} training steps per run (N={N}, D={D}, n_h={N_H}, alpha={ALPHA!r}, "
        f"DropConnect p={args.p}), {args.rounds} interleaved rounds; time per step:"
    )
    print_table(rows, [name for name, _ in CONTESTANTS])
    for row in rows:
        if row["name"] in HEADLINES:
            print(
                f"{row['name']} / fixed numpy step: {row['fixed_median']:.2f}x (median), "
                f"{row['fixed_min']:.2f}x (min); / write-up step: {row['ratio_median']:.2f}x"
            )
    env = environment()
    print(
        f"reproduce: {command(args)}  (Python {env['python']}, numpy {env['numpy']}, "
        f"{env['cpus']} CPUs, {env['machine']})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
