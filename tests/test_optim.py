"""Each optimizer's first steps, against values worked out by hand.

The numbers are chosen so that the hand arithmetic is short: powers of two,
which floating point holds exactly, wherever the algorithm allows.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest

import npnn
import npnn.optim
import purenn
import purenn.optim
from purenn.optim import Optimizer

CASES = [(purenn.optim, False), (npnn.optim, False), (npnn.optim, True)]
IDS = ["purenn", "npnn-default", "npnn-exact"]


def run(
    nn: Any, exact: bool, optimizer: Optimizer, W: list[list[float]], grads: list[Any]
) -> list[Any]:
    """The parameter after each step, as a list of rows."""
    state = nn.initial_state(optimizer, [W])
    params, seen = [W], []
    for g in grads:
        params, state = nn.optimizer_step(optimizer, params, [g], state, exact=exact)
        seen.append(np.asarray(params[0]).tolist())
    assert state.t == len(grads)
    return seen


@pytest.mark.parametrize(("nn", "exact"), CASES, ids=IDS)
def test_gradient_descent(nn: Any, exact: bool) -> None:
    """W - alpha g, with alpha 0.5: [1, -2] - 0.5 [0.5, -1] = [0.75, -1.5]; then - 0.5 [1, 1]."""
    steps = run(nn, exact, Optimizer("gd", 0.5), [[1.0, -2.0]], [[[0.5, -1.0]], [[1.0, 1.0]]])
    assert steps == [[[0.75, -1.5]], [[0.25, -2.0]]]


@pytest.mark.parametrize(("nn", "exact"), CASES, ids=IDS)
def test_momentum(nn: Any, exact: bool) -> None:
    """mu 0.5, alpha 0.5. V1 = g1 = [0.5, -1]: W1 = [0.75, -1.5] (the gd step).

    V2 = 0.5 V1 + g2 = [0.25 + 1, -0.5 + 1] = [1.25, 0.5]: W2 = W1 - 0.5 V2 = [0.125, -1.75].
    V3 = 0.5 V2 + 0 = [0.625, 0.25]: with no gradient the weights still move,
    W3 = W2 - 0.5 V3 = [-0.1875, -1.875].
    """
    grads = [[[0.5, -1.0]], [[1.0, 1.0]], [[0.0, 0.0]]]
    steps = run(nn, exact, Optimizer("momentum", 0.5, momentum=0.5), [[1.0, -2.0]], grads)
    assert steps == [[[0.75, -1.5]], [[0.125, -1.75]], [[-0.1875, -1.875]]]


@pytest.mark.parametrize(("nn", "exact"), CASES, ids=IDS)
def test_adam(nn: Any, exact: bool) -> None:
    """beta1 0.5, beta2 0.75, alpha 0.5, eps 2**-60 (too small to change these sums).

    Step 1, g = [0.5, -4]: m = 0.5 g, v = 0.25 g^2, c1 = 0.5, c2 = 0.25, so
    m / c1 = g and v / c2 = g^2: the step is alpha g / |g|, exactly alpha
    against the sign of g, whatever the size of g. W1 = [1 - 0.5, -2 + 0.5].

    Step 2, g = [0.25, -4]: first entry, m = 0.5 (0.25) + 0.5 (0.25) = 0.25,
    c1 = 1 - 0.25 = 0.75, m / c1 = 1/3; v = 0.75 (0.0625) + 0.25 (0.0625) =
    0.0625, c2 = 1 - 0.5625 = 7/16, v / c2 = 1/7; step = 0.5 (1/3) / sqrt(1/7)
    = sqrt(7) / 6. Second entry: g is the same as before, so m / c1 = -4 and
    v / c2 = 16: the step is again exactly alpha.
    """
    optimizer = Optimizer("adam", 0.5, beta1=0.5, beta2=0.75, eps=2.0**-60)
    steps = run(nn, exact, optimizer, [[1.0, -2.0]], [[[0.5, -4.0]], [[0.25, -4.0]]])
    assert steps[0] == [[0.5, -1.5]]
    assert math.isclose(steps[1][0][0], 0.5 - math.sqrt(7.0) / 6.0, rel_tol=4e-16, abs_tol=0.0)
    assert steps[1][0][1] == -1.0


@pytest.mark.parametrize(("nn", "exact"), CASES, ids=IDS)
def test_adam_with_the_usual_settings(nn: Any, exact: bool) -> None:
    """Defaults 0.9, 0.999, 1e-8: the first step is alpha g / (|g| + eps), nearly alpha."""
    optimizer = Optimizer("adam", 0.001)
    [step] = run(nn, exact, optimizer, [[0.0, 0.0, 0.0]], [[[1e-3, -2.0, 50.0]]])
    for moved, g in zip(step[0], (1e-3, -2.0, 50.0)):
        assert math.isclose(-moved, 0.001 * g / (abs(g) + 1e-8), rel_tol=1e-15)


@pytest.mark.parametrize(("nn", "exact"), CASES, ids=IDS)
def test_nothing_is_changed_in_place(nn: Any, exact: bool) -> None:
    """The parameters, gradients and state given to a step are as they were after it."""
    optimizer = Optimizer("adam", 0.1)
    W, g = [[1.0, 2.0]], [[0.5, -0.5]]
    if nn is npnn.optim:
        W, g = np.array(W), np.array(g)  # type: ignore[assignment]
    state = nn.initial_state(optimizer, [W])
    params, new_state = nn.optimizer_step(optimizer, [W], [g], state, exact=exact)
    assert np.array_equal(np.asarray(W), [[1.0, 2.0]])
    assert np.array_equal(np.asarray(g), [[0.5, -0.5]])
    assert state.t == 0
    assert np.array_equal(np.asarray(state.m[0]), [[0.0, 0.0]])
    assert new_state.t == 1
    assert params[0] is not W


def test_state_repr_shows_shapes() -> None:
    """The state records show their shapes, the same way in both packages."""
    for nn in (purenn.optim, npnn.optim):
        state = nn.initial_state(Optimizer("adam", 0.1), [[[1.0, 2.0]], [[1.0], [2.0], [3.0]]])
        assert (
            repr(state)
            == "OptimizerState(t=0, velocity=[], m=[(1, 2), (3, 1)], v=[(1, 2), (3, 1)])"
        )
