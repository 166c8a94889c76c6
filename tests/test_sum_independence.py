"""No result depends on the interpreter's ``sum()``.

Python's builtin ``sum`` adds floats in a plain left-to-right fold up to 3.11
and with Neumaier compensation from 3.12 on. purenn adds explicitly, left to
right from 0.0, so it must give the same bits whichever ``sum`` is installed.
The network runs three times: as it is, with ``builtins.sum`` replaced by a
plain fold, and replaced by a compensated sum. On this data the two sums
disagree, so any float added with ``sum()`` would show up as a difference.
"""

from __future__ import annotations

import builtins
from collections.abc import Callable, Iterable
from typing import Any

import pytest

from purenn import (
    apply_scale,
    backward,
    fit_scale,
    forward,
    generator,
    init_weights,
    load_housing,
    loss,
    matmul,
    predict,
    rmse,
    total,
    train,
    transpose,
)
from tests.parity import Bits, bits

BUILTIN_SUM = builtins.sum


def _is_real(x: object) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool)


def fold(terms: Iterable[float]) -> float:
    """0.0 + t0 + t1 + ...: the order purenn promises."""
    s = 0.0
    for x in terms:
        s += x
    return s


def neumaier(terms: Iterable[float]) -> float:
    """Neumaier's compensated sum (what CPython 3.12's ``sum`` does for floats)."""
    s, c = 0.0, 0.0
    for x in terms:
        t = s + x
        c += (s - t) + x if abs(s) >= abs(x) else (x - t) + s
        s = t
    return s + c


def replacement(algorithm: Callable[[Iterable[float]], float], calls: list[int]) -> Any:
    """A drop-in ``sum`` that adds numbers with ``algorithm`` and counts the float sums."""

    def patched_sum(iterable: Iterable[Any], /, start: Any = 0) -> Any:
        items = list(iterable)
        numbers = _is_real(start) and all(_is_real(x) for x in items)
        if numbers and any(isinstance(x, float) for x in [start, *items]):
            calls.append(len(items))
            return algorithm([float(start), *map(float, items)])
        return BUILTIN_SUM(items, start)

    return patched_sum


def run_the_network() -> list[Bits]:
    """Everything that adds floats, as hex strings: forward, loss, backward, a short training."""
    X, t = load_housing()
    X0 = apply_scale(X, fit_scale(X))  # (506, 3)
    weights = init_weights(generator(4), 3, 4)
    cache = forward(X0, weights.W1, weights.W2)
    grads = backward(X0, t, weights.W1, weights.W2, cache)
    result = train(X0, t, n_iter=4, p=0.2, seed=1)
    return [
        *(bits(A) for A in (cache.Z1, cache.X1, cache.y)),
        *(bits(s) for s in (loss(cache.y, t), rmse(cache.y, t), total(X0))),
        *(bits(g) for g in (grads.dy, grads.dX1, grads.dW2, grads.dZ1, grads.dX0, grads.dW1)),
        bits(matmul(transpose(X0), X0)),
        bits(result.errors),
        bits(result.weights.W1),
        bits(result.weights.W2),
        bits(predict(X0, result.weights.W1, result.weights.W2)),
    ]


@pytest.fixture(scope="module")
def reference() -> list[Bits]:
    return run_the_network()


def test_the_two_sums_disagree_on_this_data() -> None:
    """A fold and a compensated sum differ here, so the comparison below can fail."""
    X, t = load_housing()
    X0 = apply_scale(X, fit_scale(X))
    weights = init_weights(generator(4), 3, 4)
    y = forward(X0, weights.W1, weights.W2).y
    squares = [(a[0] - b[0]) * (a[0] - b[0]) for a, b in zip(y, t)]
    assert fold(squares) != neumaier(squares)
    assert bits(0.5 * fold(squares)) == bits(loss(y, t))
    assert fold([1e16, 1.0, -1e16]) == 0.0
    assert neumaier([1e16, 1.0, -1e16]) == 1.0


@pytest.mark.parametrize("algorithm", [fold, neumaier], ids=["fold", "neumaier"])
def test_same_bits_whatever_sum_does(
    monkeypatch: pytest.MonkeyPatch,
    reference: list[Bits],
    algorithm: Callable[[Iterable[float]], float],
) -> None:
    """With builtins.sum replaced, every number is the same, bit for bit."""
    calls: list[int] = []
    monkeypatch.setattr(builtins, "sum", replacement(algorithm, calls))
    assert sum([1e16, 1.0, -1e16]) == algorithm([1e16, 1.0, -1e16])  # the patch is live
    calls.clear()
    results = run_the_network()
    monkeypatch.undo()
    assert len(results) == len(reference)
    differing = [i for i, (a, b) in enumerate(zip(results, reference)) if a != b]
    assert differing == []
    assert calls == []  # purenn never handed floats to sum()
