"""The network, purenn against npnn, on several seeds and shapes.

Exact mode: every tensor bit-equal. Default mode: within a normwise bound
stated below, since BLAS adds each product's terms in another order.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import npnn
import purenn
from tests.parity import EPS, assert_same, assert_within

# (seed, N, D, n_h): the write-up's 3-4-1 shape on generated data, and others.
CASES = [(0, 506, 3, 4), (1, 7, 1, 1), (2, 40, 5, 9), (3, 64, 13, 16), (4, 3, 2, 30)]


def _problem(seed: int, N: int, D: int) -> tuple[list[list[float]], list[list[float]]]:
    """Inputs in [0, 1) and targets in [0, 50): the scale of the housing data."""
    rng = purenn.generator(1000 + seed)
    return purenn.uniform(rng, N, D), purenn.scale(50.0, purenn.uniform(rng, N, 1))


def _run(nn: Any, seed: int, N: int, D: int, n_h: int, exact: bool) -> dict[str, Any]:
    """One DropConnect step through the public functions, then a prediction."""
    X0, t = _problem(seed, N, D)
    rng = nn.generator(seed)
    W = nn.init_weights(rng, D, n_h)
    M1, M2 = nn.dropconnect_mask(rng, D, n_h, 0.2), nn.dropconnect_mask(rng, n_h, 1, 0.2)
    W1, W2 = nn.drop_connect(W.W1, M1), nn.drop_connect(W.W2, M2)
    cache = nn.forward(X0, W1, W2, exact=exact)
    grads = nn.backward(X0, t, W1, W2, cache, exact=exact)
    new_W1 = nn.update(W.W1, nn.multiply(grads.dW1, M1), 1e-3)
    y = nn.predict(X0, W.W1, W.W2, exact=exact)
    return {
        "W1": W.W1, "W2": W.W2, "M1": M1, "M2": M2,
        "Z1": cache.Z1, "X1": cache.X1, "y": cache.y,
        "L": nn.loss(cache.y, t, exact=exact), "RMSE": nn.rmse(y, t, exact=exact),
        "dy": grads.dy, "dX1": grads.dX1, "dW2": grads.dW2,
        "dZ1": grads.dZ1, "dX0": grads.dX0, "dW1": grads.dW1,
        "W1 updated": new_W1, "y predicted": y,
    }  # fmt: skip


@pytest.mark.parametrize(("seed", "N", "D", "n_h"), CASES)
def test_exact_mode_is_bit_equal(seed: int, N: int, D: int, n_h: int) -> None:
    """Initial weights, masks, forward, loss, backward, update, prediction: same bits."""
    reference = _run(purenn, seed, N, D, n_h, exact=False)
    candidate = _run(npnn, seed, N, D, n_h, exact=True)
    for name, value in reference.items():
        assert_same(name, value, candidate[name])


# Terms added along the longest chain of sums that feeds each tensor. A sum of
# K terms in any order is within gamma_K * (sum of their magnitudes) of the
# true value (Higham 3.1), and a later sum adds its own K' terms' error to the
# error it inherits. The data here are of one sign and one scale (inputs in
# [0, 1), weights in [-1, 1)), so the magnitudes summed are at most a small
# multiple of the largest entry of the tensor; the bound is normwise: every
# entry within C * (terms) * eps * max|tensor|, C = 16 for that multiple and for
# the two sides both erring. Values that cancel to near zero still pass, as
# they should: their absolute error is what the sum's magnitudes allow.
def _terms(name: str, N: int, D: int, n_h: int) -> int:
    chains = {
        "Z1": D, "X1": D, "y": D + n_h, "dy": D + n_h, "dX1": D + n_h,
        "dZ1": D + n_h, "dW2": D + n_h + N, "dX0": D + 2 * n_h, "dW1": D + n_h + N,
        "L": D + n_h + N, "RMSE": D + n_h + N, "W1 updated": D + n_h + N,
        "y predicted": D + n_h,
    }  # fmt: skip
    return chains.get(name, 0)


@pytest.mark.parametrize(("seed", "N", "D", "n_h"), CASES)
def test_default_mode_is_within_tolerance(seed: int, N: int, D: int, n_h: int) -> None:
    """Default mode differs only where sums are added in another order, and only a little."""
    reference = _run(purenn, seed, N, D, n_h, exact=False)
    candidate = _run(npnn, seed, N, D, n_h, exact=False)
    for name, value in reference.items():
        terms = _terms(name, N, D, n_h)
        if terms == 0:  # drawn, not summed: the same bits in both modes
            assert_same(name, value, candidate[name])
            continue
        scale = float(np.max(np.abs(np.asarray(value))))
        assert_within(name, value, candidate[name], 16 * terms * EPS * scale)


@pytest.mark.parametrize(("seed", "p", "n_h"), [(0, 0.2, 4), (5, 0.0, 4), (6, 0.5, 7)])
def test_short_training_is_bit_equal(seed: int, p: float, n_h: int) -> None:
    """Every error of a short run and the final weights: exact mode bit-equal."""
    X, t = purenn.load_housing()
    X0 = purenn.apply_scale(X, purenn.fit_scale(X))
    ours = purenn.train(X0, t, n_h=n_h, n_iter=30, p=p, seed=seed)
    theirs = npnn.train(X0, t, n_h=n_h, n_iter=30, p=p, seed=seed, exact=True)
    assert_same("errors", ours.errors, theirs.errors)
    assert_same("W1", ours.weights.W1, theirs.weights.W1)
    assert_same("W2", ours.weights.W2, theirs.weights.W2)


@pytest.mark.slow
def test_default_training_run_is_bit_equal(
    write_up_run: purenn.TrainResult, write_up_run_exact: npnn.TrainResult
) -> None:
    """The write-up's whole run: 1000 steps with DropConnect, every error and weight.

    The runs are the session's (conftest.py): each package from its own data.
    """
    X, t = purenn.load_housing()
    X0 = purenn.apply_scale(X, purenn.fit_scale(X))
    nX, nt = npnn.load_housing()
    nX0 = npnn.apply_scale(nX, npnn.fit_scale(nX))
    assert_same("X0", X0, nX0)
    assert_same("t", t, nt)
    ours, theirs = write_up_run, write_up_run_exact
    assert len(ours.errors) == 1000
    assert_same("errors", ours.errors, theirs.errors)
    assert_same("W1", ours.weights.W1, theirs.weights.W1)
    assert_same("W2", ours.weights.W2, theirs.weights.W2)
