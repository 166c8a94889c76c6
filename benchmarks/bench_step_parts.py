"""Time the parts of one training step, each alone: where the step's time goes.

``bench_step.py`` times whole training runs; this times the functions a step
is made of, one at a time, with ``timeit`` (the best of ``--rounds`` rounds
of ``--number`` calls each), on the write-up's data with seed 0's initial
weights and no DropConnect: the fixed numpy step beside npnn's ``_step`` and
its passes, the two ways of writing ReLU, and purenn's ``_step`` beside its
five matrix products. Each part's time is the best round, so that a busy
moment of a shared machine is left out; the parts of one step need not add
up to the step exactly.

Run from the repository root::

    python benchmarks/bench_step_parts.py [--rounds 15] [--number 200]
"""

from __future__ import annotations

import argparse
import gc
import timeit
from collections.abc import Callable, Sequence

import numpy as np

import purenn
from npnn import network as npnn_network
from npnn.train import _step as npnn_step
from purenn import network as purenn_network
from purenn.matrix import _matmul, _subtract, _transpose
from purenn.train import _step as purenn_step

Part = tuple[str, Callable[[], object]]
"""A part's name, and a call that runs it once."""


def parts() -> tuple[list[Part], list[Part]]:
    """npnn's parts and purenn's, on the write-up's data and seed 0's initial weights."""
    X, t_list = purenn.load_housing()
    X0_list = purenn.apply_scale(X, purenn.fit_scale(X))
    W = purenn.init_weights(purenn.generator(0), 3, 4)
    X0, t = np.array(X0_list), np.array(t_list)  # (N, D), (N, 1)
    W1, W2 = np.array(W.W1), np.array(W.W2)  # (D, n_h), (n_h, 1)
    cache = npnn_network._forward(X0, W1, W2, False)
    pure = purenn_network._forward(X0_list, W.W1, W.W2)
    dy = _subtract(pure.y, t_list)  # (N, 1)
    dZ1 = purenn_network._backward(X0_list, t_list, W.W1, W.W2, pure).dZ1  # (N, n_h)

    def fixed() -> object:  # as bench_step.py's fixed numpy step, one step
        Z1 = X0 @ W1
        X1 = np.maximum(Z1, 0.0)
        d = X1 @ W2 - t
        error = 0.5 * float((d.T @ d)[0, 0])
        dW2 = X1.T @ d
        dW1 = X0.T @ ((Z1 > 0) * (d @ W2.T))
        return W1 - 1e-6 * dW1, W2 - 1e-6 * dW2, error

    numpy_parts: list[Part] = [
        ("fixed numpy step", fixed),
        ("npnn _step", lambda: npnn_step(X0, t, W1, W2, 1e-6, None, None, False)),
        ("  _forward", lambda: npnn_network._forward(X0, W1, W2, False)),
        ("  _loss", lambda: npnn_network._loss(cache.y, t, False)),
        ("  _backward, no dX0", lambda: npnn_network._backward(X0, t, W1, W2, cache, False, False)),
        ("  ReLU as np.where", lambda: np.where(cache.Z1 > 0.0, cache.Z1, 0.0)),
        ("  ReLU as np.maximum", lambda: np.maximum(cache.Z1, 0.0)),
        ("npnn _step exact", lambda: npnn_step(X0, t, W1, W2, 1e-6, None, None, True)),
    ]
    purenn_parts: list[Part] = [
        ("purenn _step", lambda: purenn_step(X0_list, t_list, W.W1, W.W2, 1e-6, None, None)),
        ("  Z1 = X0 W1", lambda: _matmul(X0_list, W.W1)),
        ("  y = X1 W2", lambda: _matmul(pure.X1, W.W2)),
        ("  dX1 = dy W2^T", lambda: _matmul(dy, _transpose(W.W2))),
        ("  dW2 = X1^T dy", lambda: _matmul(_transpose(pure.X1), dy)),
        ("  dW1 = X0^T dZ1", lambda: _matmul(_transpose(X0_list), dZ1)),
    ]
    return numpy_parts, purenn_parts


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=15, help="rounds per part (default: 15)")
    parser.add_argument("--number", type=int, default=200, help="calls per round (default: 200)")
    args = parser.parse_args(argv)
    if args.rounds < 1 or args.number < 1:
        parser.error("--rounds and --number must be at least 1")
    numpy_parts, purenn_parts = parts()
    # purenn's parts take milliseconds, not microseconds: a hundredth of the calls.
    timed = [(name, call, args.number) for name, call in numpy_parts]
    timed += [(name, call, max(1, args.number // 100)) for name, call in purenn_parts]
    best = dict.fromkeys((name for name, _, _ in timed), float("inf"))
    gc.disable()  # as train pauses the collector; the parts make little garbage
    try:
        for _ in range(args.rounds):  # round after round, every part in turn
            for name, call, number in timed:
                seconds = timeit.timeit(call, number=number) / number
                best[name] = min(best[name], seconds)
    finally:
        gc.enable()
    print(f"best of {args.rounds} rounds, time per call:")
    for name, seconds in best.items():
        print(f"  {name:24s} {seconds * 1e6:9.1f} us")
    print(
        f"reproduce: python benchmarks/bench_step_parts.py --rounds {args.rounds} "
        f"--number {args.number}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
