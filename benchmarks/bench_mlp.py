"""Time one training step of the general network: npnn against a plain numpy step.

The workload is issue 6's: N=100,000 rows, D=13 inputs, one hidden layer of
512 relu units, one output, half the sum of squared errors, plain gradient
descent, no dropout, no biases. Every contestant starts from the same data
and the same initial weights (``npnn.mlp.init_params`` of the seed, He
uniform) and takes the same number of steps, in this one process. Rounds are
interleaved, the order alternating from round to round, so that a busy
moment on a shared machine falls on every contestant alike; the median and
the minimum time per step are reported, and each one's ratio to the first,
the plain numpy step. Every contestant's last error and final weights are
checked against the plain step's, and so are the steps the weights took
(final minus initial weights): they must agree to 1e-9 relative, as default
mode (BLAS sums in its own order) allows; they agree to about 1e-15.

Then purenn takes a few steps of the same network at N=10,000 rows, with
``purenn.mlp.fit`` as a user runs it (the cycle collector paused, as
``purenn.train`` does) and, for comparison, the same steps with the
collector left on in a process that holds a million other small objects.

Run from the repository root::

    python benchmarks/bench_mlp.py [--rows 100000] [--steps 5] [--rounds 5] [--json]
                                   [--purenn-rows 10000] [--purenn-steps 2] [--no-purenn]
"""

from __future__ import annotations

import argparse
import gc
import json
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
import npnn.mlp
import purenn
import purenn.mlp
from purenn.mlp import Config
from purenn.optim import Optimizer

Array = npt.NDArray[np.float64]

D = 13
"""Inputs: every feature of the housing table."""
N_H = 512
"""Hidden units."""
ALPHA = 1e-9
"""Learning rate: small, since the loss is a sum over 100,000 rows."""
CONFIG = Config((D, N_H, 1), activation="relu", loss="half_sum", init="he", p=0.0)
OPTIMIZER = Optimizer("gd", ALPHA)
AGREE = 1e-9
"""The largest relative difference from the plain step that counts as the same numbers."""


@dataclass(frozen=True)
class Workload:
    """What every contestant starts from: the same data and the same weights."""

    X0: Array  # (N, D), uniforms in [0, 1) from the seed's stream
    t: Array  # (N, 1), a smooth function of X0 plus noise, in about [0, 50)
    W1: Array  # (D, n_h), npnn.mlp.init_params(CONFIG, generator(seed))
    W2: Array  # (n_h, 1)
    seed: int
    steps: int


@dataclass(frozen=True)
class Outcome:
    """What a run ends on: the last step's error and the final weights."""

    error: float
    W1: Array
    W2: Array


Run = Callable[[], Outcome]
"""Runs ``steps`` training steps. This is what is timed."""

Contestant = Callable[[Workload], Run]
"""Prepares a run outside the timer."""


def make_workload(N: int, seed: int, steps: int) -> Workload:
    rng = npnn.generator(seed)
    X0 = npnn.uniform(rng, N, D)  # (N, D)
    noise = npnn.uniform(rng, N, 1)  # (N, 1)
    t = 10.0 * (X0[:, :1] + 2.0 * X0[:, 1:2] * X0[:, 2:3] + X0[:, 3:4] ** 2) + 5.0 * noise
    params = npnn.mlp.init_params(CONFIG, npnn.generator(seed))
    return Workload(X0, t, params.W[0], params.W[1], seed, steps)


# The plain formulation: the step as a practitioner writes it in numpy.


def plain_step(
    X0: Array, t: Array, W1: Array, W2: Array, alpha: float
) -> tuple[Array, Array, float]:
    Z1 = X0 @ W1  # (N, n_h)
    X1 = np.maximum(Z1, 0.0)  # (N, n_h)
    y = X1 @ W2  # (N, 1)
    dy = y - t  # (N, 1)
    error = 0.5 * float(np.sum(dy * dy))
    dW2 = X1.T @ dy  # (n_h, 1)
    dX1 = dy @ W2.T  # (N, n_h)
    dZ1 = (Z1 > 0.0) * dX1  # (N, n_h)
    dW1 = X0.T @ dZ1  # (D, n_h)
    return W1 - alpha * dW1, W2 - alpha * dW2, error


def plain_step_turned(
    X0: Array, t: Array, W1: Array, W2: Array, alpha: float
) -> tuple[Array, Array, float]:
    """The plain step with dW1 computed as npnn computes it, (dZ1^T X0)^T."""
    Z1 = X0 @ W1
    X1 = np.maximum(Z1, 0.0)
    y = X1 @ W2
    dy = y - t
    error = 0.5 * float(np.sum(dy * dy))
    dW2 = X1.T @ dy
    dX1 = dy @ W2.T
    dZ1 = (Z1 > 0.0) * dX1
    dW1 = (dZ1.T @ X0).T
    return W1 - alpha * dW1, W2 - alpha * dW2, error


def plain(step: Callable[..., tuple[Array, Array, float]]) -> Contestant:
    def prepare(w: Workload) -> Run:
        def run() -> Outcome:
            W1, W2, error = w.W1, w.W2, float("nan")
            for _ in range(w.steps):
                W1, W2, error = step(w.X0, w.t, W1, W2, ALPHA)
            return Outcome(error, W1, W2)

        return run

    return prepare


def npnn_fit(w: Workload) -> Run:
    """What a user runs: npnn.mlp.fit, full batch, default mode (its workspace included)."""

    def run() -> Outcome:
        result = npnn.mlp.fit(w.X0, w.t, CONFIG, optimizer=OPTIMIZER, n_epochs=w.steps, seed=w.seed)
        return Outcome(result.errors[-1], result.params.W[0], result.params.W[1])

    return run


def npnn_warm_step(w: Workload) -> Run:
    """npnn's step alone, its workspace made and written once before the timer starts."""
    from npnn.mlp.passes import _Workspace
    from npnn.mlp.records import Params
    from npnn.mlp.training import _step
    from npnn.optim import _initial_state

    ws = _Workspace(CONFIG, len(w.X0))
    params = Params((w.W1, w.W2), None)
    state = _initial_state(OPTIMIZER, [w.W1, w.W2])
    _step(CONFIG, OPTIMIZER, params, state, w.X0, w.t, (None, None), False, ws)  # touch it

    def run() -> Outcome:
        p, s, error = params, state, float("nan")
        for _ in range(w.steps):
            p, s, error = _step(CONFIG, OPTIMIZER, p, s, w.X0, w.t, (None, None), False, ws)
        return Outcome(error, p.W[0], p.W[1])

    return run


def npnn_no_workspace(w: Workload) -> Run:
    """npnn.mlp.fit's loop without the workspace: every step makes fresh arrays."""
    from npnn.mlp.training import _fit

    def run() -> Outcome:
        result = _fit(w.X0, w.t, CONFIG, OPTIMIZER, len(w.X0), w.steps, w.seed, None, False, False)
        return Outcome(result.errors[-1], result.params.W[0], result.params.W[1])

    return run


CONTESTANTS: list[tuple[str, Contestant]] = [
    ("plain numpy", plain(plain_step)),  # the baseline: every ratio is to this entry
    ("npnn.mlp.fit", npnn_fit),
    ("  npnn warm step", npnn_warm_step),
    ("  npnn no workspace", npnn_no_workspace),
    ("  plain, dW1 turned", plain(plain_step_turned)),
]
"""``(name, prepare)`` pairs, timed in this order in even rounds and reversed in odd ones."""

HEADLINE = "npnn.mlp.fit"
"""The contestant whose ratio to the plain step issue 6's target (at most 0.6) is about."""


def time_run(prepare: Contestant, w: Workload) -> tuple[float, Outcome]:
    """Prepare, collect garbage, then time one run: ``(seconds per step, outcome)``."""
    run = prepare(w)
    gc.collect()
    start = time.perf_counter()
    outcome = run()
    elapsed = time.perf_counter() - start
    return elapsed / w.steps, outcome


def relative(a: Array | float, b: Array | float) -> float:
    """The largest difference, relative to the largest magnitude of ``a``."""
    x, y = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    return float(np.max(np.abs(x - y)) / max(float(np.max(np.abs(x))), np.finfo(float).tiny))


def measure(
    contestants: Sequence[tuple[str, Contestant]], w: Workload, rounds: int
) -> tuple[dict[str, list[float]], dict[str, Outcome]]:
    warm_up = Workload(w.X0, w.t, w.W1, w.W2, w.seed, 1)
    for _, prepare in contestants:
        time_run(prepare, warm_up)
    times: dict[str, list[float]] = {name: [] for name, _ in contestants}
    outcomes: dict[str, Outcome] = {}
    for r in range(rounds):
        order = contestants if r % 2 == 0 else list(reversed(contestants))
        for name, prepare in order:
            seconds, outcomes[name] = time_run(prepare, w)
            times[name].append(seconds)
    return times, outcomes


def summarize(
    contestants: Sequence[tuple[str, Contestant]],
    w: Workload,
    times: dict[str, list[float]],
    outcomes: dict[str, Outcome],
) -> list[dict[str, Any]]:
    base_name = contestants[0][0]
    base, reference = times[base_name], outcomes[base_name]
    rows = []
    for name, _ in contestants:
        o = outcomes[name]
        agreement = max(  # the error, and the steps taken: W - W_initial, so that they count
            relative(reference.error, o.error),
            relative(reference.W1 - w.W1, o.W1 - w.W1),
            relative(reference.W2 - w.W2, o.W2 - w.W2),
        )
        rows.append(
            {
                "name": name.strip(),
                "seconds_per_step": times[name],
                "median_s": statistics.median(times[name]),
                "min_s": min(times[name]),
                "ratio_median": statistics.median(times[name]) / statistics.median(base),
                "ratio_min": min(times[name]) / min(base),
                "last_error": o.error,
                "relative_difference": agreement,
                "agrees": agreement <= AGREE,
            }
        )
    return rows


# purenn at N=10,000: the steps a user runs, and the cost of the cycle collector.


def purenn_steps_per_second(N: int, steps: int, seed: int, crowded: bool) -> dict[str, Any]:
    """Steps per second of purenn's full-batch step at ``N`` rows.

    ``crowded=False``: ``purenn.mlp.fit`` as a user calls it (the collector
    paused). ``crowded=True``: the same steps (the private loop, which leaves
    the collector as it finds it) with the collector on, beside a million
    other small objects, as in a process that holds data of its own.
    """
    from purenn.mlp.training import _fit

    rng = purenn.generator(seed)
    X0 = purenn.uniform(rng, N, D)
    t = [[50.0 * row[0]] for row in purenn.uniform(rng, N, 1)]  # (N, 1)
    others = [[i] for i in range(1_000_000)] if crowded else []
    gc.collect()
    collector_was_on = gc.isenabled()
    gc.enable()
    try:
        start = time.perf_counter()
        if crowded:
            result = _fit(X0, t, CONFIG, OPTIMIZER, N, steps, seed, None)
        else:
            result = purenn.mlp.fit(X0, t, CONFIG, optimizer=OPTIMIZER, n_epochs=steps, seed=seed)
        elapsed = time.perf_counter() - start
    finally:
        if not collector_was_on:
            gc.disable()
    del others
    return {
        "rows": N,
        "steps": steps,
        "collector": "on, a million other objects" if crowded else "paused by fit",
        "seconds_per_step": elapsed / steps,
        "steps_per_second": steps / elapsed,
        "last_error": result.errors[-1],
    }


def environment() -> dict[str, Any]:
    return {
        "python": platform.python_version(),
        "numpy": np.__version__,
        "cpus": os.cpu_count(),
        "machine": f"{platform.system()} {platform.machine()}",
    }


def command(args: argparse.Namespace) -> str:
    words = ["python", "benchmarks/bench_mlp.py"]
    for option, default in (
        ("rows", 100_000),
        ("steps", 5),
        ("rounds", 5),
        ("seed", 0),
        ("purenn_rows", 10_000),
        ("purenn_steps", 2),
    ):
        value = getattr(args, option)
        if value != default:
            words += [f"--{option.replace('_', '-')}", str(value)]
    if args.no_purenn:
        words.append("--no-purenn")
    if args.json:
        words.append("--json")
    return " ".join(words)


def print_table(rows: list[dict[str, Any]], names: Sequence[str]) -> None:
    print(f"{'contestant':<22}{'median':>10}{'min':>10}{'x plain':>9}{'(min)':>7}  same numbers")
    for name, row in zip(names, rows):
        same = "yes" if row["agrees"] else "NO"
        print(
            f"{name:<22}{row['median_s'] * 1e3:>7.0f} ms{row['min_s'] * 1e3:>7.0f} ms"
            f"{row['ratio_median']:>8.2f}x{row['ratio_min']:>6.2f}x  "
            f"{same} (rel. diff. {row['relative_difference']:.1e})"
        )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Time one training step of npnn's general network against plain numpy.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument("--rows", type=int, default=100_000, help="N, the rows of the data")
    parser.add_argument("--steps", type=int, default=5, help="training steps per timed run")
    parser.add_argument("--rounds", type=int, default=5, help="timed runs per contestant")
    parser.add_argument("--seed", type=int, default=0, help="seed of the data and the weights")
    parser.add_argument("--purenn-rows", type=int, default=10_000, help="N for purenn")
    parser.add_argument("--purenn-steps", type=int, default=2, help="steps timed for purenn")
    parser.add_argument("--no-purenn", action="store_true", help="skip purenn's timing")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args(argv)
    if min(args.rows, args.steps, args.rounds, args.purenn_rows, args.purenn_steps) < 1:
        parser.error("--rows, --steps, --rounds, --purenn-rows and --purenn-steps must be >= 1")

    w = make_workload(args.rows, args.seed, args.steps)
    times, outcomes = measure(CONTESTANTS, w, args.rounds)
    rows = summarize(CONTESTANTS, w, times, outcomes)
    headline = next(row for row in rows if row["name"] == HEADLINE)
    purenn_rows = []
    if not args.no_purenn:
        for crowded in (False, True):
            purenn_rows.append(
                purenn_steps_per_second(args.purenn_rows, args.purenn_steps, args.seed, crowded)
            )
    workload = {"N": args.rows, "D": D, "n_h": N_H, "loss": "half_sum", "optimizer": "gd"}
    workload |= {"alpha": ALPHA, "steps": args.steps, "rounds": args.rounds, "seed": args.seed}
    if args.json:
        report: dict[str, Any] = {"command": command(args), "environment": environment()}
        report["workload"] = workload
        report |= {"baseline": rows[0]["name"], "contestants": rows, "purenn": purenn_rows}
        json.dump(report, sys.stdout, indent=2)
        print()
        return 0
    print(
        f"one training step, N={args.rows}, D={D}, n_h={N_H}, relu, half the sum of squares, "
        f"gradient descent; {args.steps} steps per run, {args.rounds} interleaved rounds:"
    )
    print_table(rows, [name for name, _ in CONTESTANTS])
    print(
        f"{HEADLINE} / plain numpy step: {headline['ratio_median']:.2f}x (median), "
        f"{headline['ratio_min']:.2f}x (min); target: at most 0.6x"
    )
    for p in purenn_rows:
        print(
            f"purenn, N={p['rows']}, collector {p['collector']}: "
            f"{p['steps_per_second']:.3f} steps/s ({p['seconds_per_step']:.1f} s per step)"
        )
    env = environment()
    print(
        f"reproduce: {command(args)}  (Python {env['python']}, numpy {env['numpy']}, "
        f"{env['cpus']} CPUs, {env['machine']})"
    )
    return 0 if all(row["agrees"] for row in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
