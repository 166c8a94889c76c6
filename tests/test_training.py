"""Training: the golden run, the step it repeats, the callback, seeds and divergence."""

from __future__ import annotations

import itertools
import math

import pytest

from purenn import (
    DivergenceError,
    Matrix,
    TrainResult,
    Weights,
    apply_scale,
    backward,
    drop_connect,
    dropconnect_mask,
    fit_scale,
    forward,
    generator,
    init_weights,
    load_housing,
    loss,
    multiply,
    train,
    update,
)
from tests.parity import bits


@pytest.fixture(scope="module")
def housing() -> tuple[Matrix, Matrix]:
    """The write-up's data: CRIM, TAX, PTRATIO scaled by their column maxima, and MEDV."""
    X, t = load_housing()
    return apply_scale(X, fit_scale(X)), t


# The golden run. These numbers were produced by running this code once and
# pasting the result. Any change to them must be deliberate: it means every
# number the project prints has changed, and npnn's exact mode with it.
GOLDEN_FIRST_ERROR = "0x1.1f9c95e50db23p+17"  # 147257.1710526581
GOLDEN_FINAL_ERROR = "0x1.0ef4f0f8cc785p+15"  # 34682.470648183524
GOLDEN_W1 = [
    [
        "0x1.764532b1216edp-1",
        "0x1.01b401000884dp-2",
        "-0x1.1d39518757f6fp-1",
        "-0x1.edc30b5e2afcap-2",
    ],
    [
        "0x1.de6aa3ea81506p-5",
        "0x1.877d065cd0936p-1",
        "0x1.ae9537887c18bp+0",
        "-0x1.92d0c7083e428p-2",
    ],
    [
        "-0x1.055185078179bp-5",
        "0x1.6eee1696a809ap+1",
        "0x1.cdbb69a0310fep+1",
        "-0x1.f19f104f2c520p-14",
    ],
]
GOLDEN_W2 = [
    ["-0x1.00bef2375304cp-1"],
    ["0x1.7b72a47767f39p+1"],
    ["0x1.f2dee362db085p+1"],
    ["-0x1.fedd4d5fe99fap-2"],
]


@pytest.mark.slow
def test_golden_run(write_up_run: TrainResult) -> None:
    """train() with every default (seed 0, 1000 steps, p 0.2) gives the stored bits.

    The run is the session's (conftest.py): train(X0, t) on the write-up's data.
    """
    result = write_up_run
    assert len(result.errors) == 1000
    assert bits(result.errors[0]) == GOLDEN_FIRST_ERROR
    assert bits(result.errors[-1]) == GOLDEN_FINAL_ERROR
    assert bits(result.weights.W1) == GOLDEN_W1
    assert bits(result.weights.W2) == GOLDEN_W2


def train_by_hand(
    X0: Matrix, t: Matrix, *, n_h: int, n_iter: int, alpha: float, p: float, seed: int
) -> tuple[list[Weights], list[float]]:
    """The documented training loop, from public functions: the weights after each step.

    With ``p == 0`` no mask is drawn or applied at all.
    """
    rng = generator(seed)
    initial = init_weights(rng, len(X0[0]), n_h)
    W1, W2 = initial.W1, initial.W2
    history, errors = [initial], []
    for _ in range(n_iter):
        if p > 0.0:
            M1 = dropconnect_mask(rng, len(W1), n_h, p)
            M2 = dropconnect_mask(rng, n_h, 1, p)
            W1_used, W2_used = drop_connect(W1, M1), drop_connect(W2, M2)
        else:
            W1_used, W2_used = W1, W2
        cache = forward(X0, W1_used, W2_used)
        errors.append(loss(cache.y, t))
        grads = backward(X0, t, W1_used, W2_used, cache)
        dW1, dW2 = grads.dW1, grads.dW2
        if p > 0.0:
            dW1, dW2 = multiply(dW1, M1), multiply(dW2, M2)
        W1, W2 = update(W1, dW1, alpha), update(W2, dW2, alpha)
        history.append(Weights(W1, W2))
    return history, errors


@pytest.mark.parametrize("p", [0.2, 0.5, 0.0])
def test_train_repeats_the_documented_step(housing: tuple[Matrix, Matrix], p: float) -> None:
    """Each step: masks, forward and backward on W * M, W - alpha * (dW * M); p = 0: no masks."""
    X0, t = housing
    seen: list[tuple[int, float, Weights]] = []
    result = train(
        X0,
        t,
        n_h=4,
        n_iter=6,
        alpha=1e-6,
        p=p,
        seed=3,
        callback=lambda i, e, w: seen.append((i, e, w)),
    )
    history, errors = train_by_hand(X0, t, n_h=4, n_iter=6, alpha=1e-6, p=p, seed=3)
    assert bits(result.errors) == bits(errors)
    assert bits(result.weights.W1) == bits(history[-1].W1)
    assert bits(result.weights.W2) == bits(history[-1].W2)
    for (i, error, weights), after in zip(seen, history[1:], strict=True):
        assert bits(error) == bits(errors[i])
        assert bits(weights.W1) == bits(after.W1)
        assert bits(weights.W2) == bits(after.W2)


def test_callback_once_per_iteration(housing: tuple[Matrix, Matrix]) -> None:
    """callback(iteration, error, weights) after every step; errors has n_iter entries."""
    X0, t = housing
    seen: list[tuple[int, float, Weights]] = []
    result = train(X0, t, n_iter=7, callback=lambda i, e, w: seen.append((i, e, w)))
    assert len(result.errors) == 7
    assert [i for i, _, _ in seen] == list(range(7))
    assert [e for _, e, _ in seen] == result.errors
    assert all(isinstance(w, Weights) for _, _, w in seen)
    assert bits(seen[-1][2].W1) == bits(result.weights.W1)
    assert bits(seen[-1][2].W2) == bits(result.weights.W2)


def test_callback_cannot_change_the_training(housing: tuple[Matrix, Matrix]) -> None:
    """The callback gets copies: scribbling on them leaves the run as it would have been."""
    X0, t = housing

    def scribble(iteration: int, error: float, weights: Weights) -> None:
        weights.W1[0][0] = 1e6
        weights.W2[0][0] = -1e6

    reference = train(X0, t, n_iter=4)
    result = train(X0, t, n_iter=4, callback=scribble)
    assert result.errors == reference.errors
    assert bits(result.weights.W1) == bits(reference.weights.W1)


def test_zero_iterations_return_the_initial_weights(housing: tuple[Matrix, Matrix]) -> None:
    """n_iter=0: no step, no error, the weights the seed draws."""
    X0, t = housing
    result = train(X0, t, n_iter=0, seed=5, n_h=6)
    initial = init_weights(generator(5), 3, 6)
    assert result.errors == []
    assert bits(result.weights.W1) == bits(initial.W1)
    assert bits(result.weights.W2) == bits(initial.W2)


def test_same_seed_same_run_other_seed_other_run(housing: tuple[Matrix, Matrix]) -> None:
    """A seed fixes everything; another seed changes the weights and the errors."""
    X0, t = housing
    a, b = train(X0, t, n_iter=5, seed=11), train(X0, t, n_iter=5, seed=11)
    c = train(X0, t, n_iter=5, seed=12)
    assert bits(a.errors) == bits(b.errors)
    assert bits(a.weights.W1) == bits(b.weights.W1)
    assert bits(a.weights.W2) == bits(b.weights.W2)
    assert a.errors[0] != c.errors[0]
    assert bits(a.weights.W1) != bits(c.weights.W1)


def test_errors_fall_with_the_default_rate(housing: tuple[Matrix, Matrix]) -> None:
    """Twenty steps without DropConnect lower the error: the update goes downhill."""
    X0, t = housing
    errors = train(X0, t, n_iter=20, p=0.0).errors
    assert all(later < earlier for earlier, later in itertools.pairwise(errors))


# Divergence. On the housing data even alpha = 1.0 does not overflow: one huge
# step sends every hidden unit below zero, and a dead ReLU network has a finite
# error and zero gradient. Inputs of both signs keep a unit alive in every
# direction, so there a large alpha makes the error grow until it overflows.
SWINGING_X0 = [[1.0], [-1.0]]
SWINGING_T = [[3.0], [3.0]]


def test_overflowing_error_raises_divergence() -> None:
    """alpha = 1.0 overflows at iteration 7: a DivergenceError naming it, never a NaN."""
    seen: list[float] = []
    with pytest.raises(DivergenceError) as caught:
        train(SWINGING_X0, SWINGING_T, alpha=1.0, seed=0, callback=lambda i, e, w: seen.append(e))
    assert str(caught.value) == (
        "train: the error became inf at iteration 7: alpha=1.0 is too large "
        "for this data; try a smaller alpha"
    )
    assert len(seen) == 7
    assert all(math.isfinite(e) for e in seen)
    assert seen[-1] > 1e100  # it was growing, not stuck


def test_overflowing_weights_raise_divergence() -> None:
    """A step so large the weights overflow stops at once, before the error is reported."""
    seen: list[float] = []
    with pytest.raises(DivergenceError) as caught:
        train(SWINGING_X0, SWINGING_T, alpha=1e308, callback=lambda i, e, w: seen.append(e))
    assert str(caught.value) == (
        "train: the weights stopped being finite numbers at iteration 0: alpha=1e+308 is "
        "too large for this data; try a smaller alpha"
    )
    assert seen == []


def test_housing_with_a_huge_alpha_diverges(housing: tuple[Matrix, Matrix]) -> None:
    """On the housing data a large enough alpha overflows too, and says so."""
    X0, t = housing
    with pytest.raises(DivergenceError, match=r"at iteration \d+: .*try a smaller alpha"):
        train(X0, t, alpha=1e100, n_iter=10)


def test_train_does_not_change_its_inputs(housing: tuple[Matrix, Matrix]) -> None:
    """X0 and t are the same, bit for bit, after training."""
    X0, t = housing
    X0_before, t_before = bits(X0), bits(t)
    train(X0, t, n_iter=3)
    assert bits(X0) == X0_before
    assert bits(t) == t_before
