"""The backward pass is the gradient of the loss: a central finite-difference check.

For each entry ``w`` of ``W1``, ``W2`` and ``X0``, the slope
``(L(w + h) - L(w - h)) / 2h`` must match the analytic entry of ``backward``.

Why the tolerance can be tight: between ReLU kinks, ``y`` is linear in any
single entry of ``X0``, ``W1`` or ``W2``, so ``L`` is a quadratic in it, and
the central difference of a quadratic is exact. Only rounding is left: each
``L`` is off by a few ulps of the sums it adds (here at most about
``1e-14 * (1 + L)``), which the division by ``2h = 2e-5`` magnifies to about
``1e-9 * (1 + L)``. ``ATOL`` and ``RTOL`` below leave a hundredfold margin,
yet a wrong gradient (the write-up's, at the end) misses by more than 1%.

The data keeps every ``|Z1|`` at least ``MARGIN`` away from the kink at 0, and
a step of ``h`` moves ``Z1`` by at most ``h`` (every input and weight is
below 1 in size), so no step crosses a kink.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from purenn import (
    Matrix,
    backward,
    drop_connect,
    dropconnect_mask,
    forward,
    generator,
    init_weights,
    loss,
    matmul,
    multiply,
    relu_mask,
    scale,
    subtract,
    transpose,
    uniform,
)

H = 1e-5
"""The finite-difference step."""
RTOL = 1e-6
ATOL_PER_LOSS = 1e-7
"""Absolute tolerance per unit of ``1 + L``: rounding only (see the module docstring)."""
MARGIN = 1e-3
"""Smallest ``|Z1|`` allowed: ``100 * H``, so that no step of ``H`` crosses a kink."""

Loss = Callable[[Matrix, Matrix, Matrix], float]
"""The loss as a function of ``(X0, W1, W2)``."""


@dataclass(frozen=True)
class Problem:
    """Small data, weights and (possibly all-ones) DropConnect masks."""

    X0: Matrix
    t: Matrix
    W1: Matrix
    W2: Matrix
    M1: Matrix
    M2: Matrix


@dataclass(frozen=True)
class Worst:
    """The entry where the analytic gradient is furthest from the finite difference."""

    excess: float  # |fd - analytic| / (RTOL * max(|fd|, |analytic|) + atol); above 1 fails
    relative: float  # |fd - analytic| / max(|fd|, |analytic|)
    where: str


def make_problem(seed: int, N: int, D: int, n_h: int, p: float) -> Problem:
    """Inputs in [0, 1) like the scaled data, targets in [0, 2), the project's weights."""
    rng = generator(seed)
    X0 = uniform(rng, N, D)  # (N, D)
    t = scale(2.0, uniform(rng, N, 1))  # (N, 1)
    weights = init_weights(rng, D, n_h)
    if p > 0.0:
        M1, M2 = dropconnect_mask(rng, D, n_h, p), dropconnect_mask(rng, n_h, 1, p)
    else:
        M1, M2 = [[1.0] * n_h for _ in range(D)], [[1.0] for _ in range(n_h)]
    return Problem(X0, t, weights.W1, weights.W2, M1, M2)


def masked_loss(problem: Problem) -> Loss:
    """L(X0, W1, W2) with the problem's masks held fixed: the loss training computes."""

    def L(X0: Matrix, W1: Matrix, W2: Matrix) -> float:
        W1_used, W2_used = drop_connect(W1, problem.M1), drop_connect(W2, problem.M2)
        return loss(forward(X0, W1_used, W2_used).y, problem.t)

    return L


def away_from_kinks(problem: Problem) -> bool:
    """Every pre-activation is at least MARGIN from 0, or its column of weights is all dropped.

    A hidden unit whose weights are all dropped has Z1 == 0 whatever the step,
    so it cannot cross a kink.
    """
    W1_used = drop_connect(problem.W1, problem.M1)
    Z1 = forward(problem.X0, W1_used, drop_connect(problem.W2, problem.M2)).Z1
    dead = [all(row[j] == 0.0 for row in W1_used) for j in range(len(W1_used[0]))]
    return all(abs(z) >= MARGIN or dead[j] for row in Z1 for j, z in enumerate(row))


def worst_entry(L: Loss, problem: Problem, analytic: dict[str, Matrix]) -> Worst:
    """Compare every entry of ``analytic['X0' | 'W1' | 'W2']`` with a central difference."""
    args = {"X0": problem.X0, "W1": problem.W1, "W2": problem.W2}
    scale_of_L = 1.0 + abs(L(problem.X0, problem.W1, problem.W2))
    atol = ATOL_PER_LOSS * scale_of_L
    worst = Worst(0.0, 0.0, "")
    for name in ("X0", "W1", "W2"):
        A = args[name]
        for i, row in enumerate(A):
            for j in range(len(row)):
                values = []
                for step in (H, -H):
                    moved = [list(r) for r in A]
                    moved[i][j] += step
                    at = {**args, name: moved}
                    values.append(L(at["X0"], at["W1"], at["W2"]))
                fd = (values[0] - values[1]) / (2 * H)
                exact = analytic[name][i][j]
                size = max(abs(fd), abs(exact))
                gap = abs(fd - exact)
                excess = gap / (RTOL * size + atol)
                if excess > worst.excess:
                    relative = gap / size if size > 0.0 else 0.0
                    where = f"d{name}[{i}][{j}]: analytic {exact!r}, finite difference {fd!r}"
                    worst = Worst(excess, relative, where)
    return worst


def project_gradients(problem: Problem) -> dict[str, Matrix]:
    """The project's gradient: forward and backward on W * M, then dW_used * M."""
    W1_used = drop_connect(problem.W1, problem.M1)
    W2_used = drop_connect(problem.W2, problem.M2)
    cache = forward(problem.X0, W1_used, W2_used)
    grads = backward(problem.X0, problem.t, W1_used, W2_used, cache)
    return {
        "X0": grads.dX0,
        "W1": multiply(grads.dW1, problem.M1),
        "W2": multiply(grads.dW2, problem.M2),
    }


shapes = st.tuples(
    st.integers(min_value=0, max_value=2**32),  # seed
    st.integers(min_value=1, max_value=6),  # N
    st.integers(min_value=1, max_value=4),  # D
    st.integers(min_value=1, max_value=5),  # n_h
)


@settings(max_examples=40, deadline=None)
@given(shapes)
def test_backward_is_the_gradient(shape: tuple[int, int, int, int]) -> None:
    """Without DropConnect: dW1, dW2 and dX0 match the central differences."""
    problem = make_problem(*shape, p=0.0)
    assume(away_from_kinks(problem))

    def L(X0: Matrix, W1: Matrix, W2: Matrix) -> float:
        return loss(forward(X0, W1, W2).y, problem.t)

    cache = forward(problem.X0, problem.W1, problem.W2)
    grads = backward(problem.X0, problem.t, problem.W1, problem.W2, cache)
    worst = worst_entry(L, problem, {"X0": grads.dX0, "W1": grads.dW1, "W2": grads.dW2})
    assert worst.excess <= 1.0, worst.where


@settings(max_examples=40, deadline=None)
@given(shapes, st.sampled_from([0.2, 0.5, 0.75]))
def test_backward_is_the_gradient_with_dropconnect(
    shape: tuple[int, int, int, int], p: float
) -> None:
    """With a fixed DropConnect mask: the gradient of the masked loss is dW_used * M."""
    problem = make_problem(*shape, p=p)
    assume(away_from_kinks(problem))
    worst = worst_entry(masked_loss(problem), problem, project_gradients(problem))
    assert worst.excess <= 1.0, worst.where


def test_backward_shapes() -> None:
    """Every gradient has the shape of its variable: dy (N, 1) ... dW1 (D, n_h)."""
    problem = make_problem(seed=1, N=5, D=3, n_h=4, p=0.0)
    cache = forward(problem.X0, problem.W1, problem.W2)
    g = backward(problem.X0, problem.t, problem.W1, problem.W2, cache)
    shapes_of = {f.name: (len(m), len(m[0])) for f in fields(g) for m in [getattr(g, f.name)]}
    assert shapes_of == {
        "dy": (5, 1),
        "dX1": (5, 4),
        "dW2": (4, 1),
        "dZ1": (5, 4),
        "dX0": (5, 3),
        "dW1": (3, 4),
    }


# The write-up's backward pass, as the blog post writes it.


def write_up_backward(
    X0: Matrix, t: Matrix, W1: Matrix, W2: Matrix, X1: Matrix, Z1: Matrix, y: Matrix
) -> dict[str, Matrix]:
    """The write-up's ``backward_pass``, line by line, given the weights it is given.

    The write-up's ``forward_pass`` drops weights on local copies, so the
    ``W1`` and ``W2`` that reach this function are the undropped ones, and
    its update ``W - alpha * dW`` changes the dropped weights too.
    """
    dy = subtract(y, t)
    dX1 = matmul(dy, transpose(W2))
    dW2 = matmul(transpose(X1), dy)
    dZ1 = multiply(relu_mask(Z1), dX1)
    dX0 = matmul(dZ1, transpose(W1))
    dW1 = matmul(transpose(X0), dZ1)
    return {"X0": dX0, "W1": dW1, "W2": dW2}


def test_the_write_ups_backward_pass_fails_the_check() -> None:
    """Forward on the dropped weights, backward with the undropped ones: the check catches it."""
    problem = make_problem(seed=0, N=6, D=3, n_h=4, p=0.5)
    assert any(m == 0.0 for row in problem.M1 for m in row)  # weights are dropped
    assert any(m == 0.0 for row in problem.M2 for m in row)
    assert away_from_kinks(problem)
    L = masked_loss(problem)

    # The project's gradient passes on this very problem...
    assert worst_entry(L, problem, project_gradients(problem)).excess <= 1.0

    # ... and the write-up's does not.
    W1_used = drop_connect(problem.W1, problem.M1)
    W2_used = drop_connect(problem.W2, problem.M2)
    cache = forward(problem.X0, W1_used, W2_used)
    wrong = write_up_backward(
        problem.X0, problem.t, problem.W1, problem.W2, cache.X1, cache.Z1, cache.y
    )
    worst = worst_entry(L, problem, wrong)
    assert worst.excess > 1.0
    assert worst.relative > 1e-2, worst.where


@pytest.mark.parametrize("seed", range(5))
def test_the_write_ups_backward_pass_is_wrong_only_where_weights_are_dropped(seed: int) -> None:
    """With nothing dropped the write-up's formulas agree with the project's, bit for bit."""
    problem = make_problem(seed=seed, N=4, D=3, n_h=4, p=0.0)
    cache = forward(problem.X0, problem.W1, problem.W2)
    grads = backward(problem.X0, problem.t, problem.W1, problem.W2, cache)
    wrong = write_up_backward(
        problem.X0, problem.t, problem.W1, problem.W2, cache.X1, cache.Z1, cache.y
    )
    assert wrong == {"X0": grads.dX0, "W1": grads.dW1, "W2": grads.dW2}
