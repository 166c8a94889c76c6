"""The general network's backward passes are gradients: central finite differences.

For every entry ``w`` of every input of a function ``L``, the slope
``(L(w + h) - L(w - h)) / 2h`` must match the analytic entry. Checked for each
layer type (dense with and without bias, with a DropConnect mask; unit
dropout), each activation, each loss, and whole networks of random depth,
width, activations, loss, biases and dropout, in both packages.

Why the tolerance: the error of a central difference is the truncation
``h^2 / 6 * |L'''|`` plus rounding, ``eps * |L| / h``. With ``h = 1e-5`` and
every function here smooth, with third derivatives of order 1 on the data
used (inputs and weights below 1 in size), truncation is about ``1e-10`` and
rounding about ``1e-11 * (1 + |L|)``. ``RTOL`` and ``ATOL_PER_LOSS`` leave a
hundredfold margin and more, yet a wrong gradient (a missing factor, a
forgotten mask, a transposed product) misses by far more than 1e-6.

relu has a kink at 0: the data keep every relu input at least ``MARGIN`` from
it, so no step of ``h`` crosses it (every weight and input is below 1 in size).
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import Any

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import npnn.activations
import npnn.layers
import npnn.losses
import npnn.mlp
import purenn
import purenn.activations as activations
import purenn.layers as layers
import purenn.losses as losses
import purenn.mlp as mlp
from purenn.matrix import Matrix

H = 1e-5
"""The finite-difference step."""
RTOL = 1e-6
ATOL_PER_LOSS = 1e-8
"""Absolute tolerance per unit of ``1 + |L|``: rounding and truncation (see above)."""
MARGIN = 1e-3
"""Smallest ``|Z|`` allowed into a relu: ``100 * H``, so no step crosses the kink."""

Point = dict[str, Any]
"""Named inputs of a function: each a matrix (a list of rows or an array)."""


def _entries(A: Any) -> list[list[float]]:
    return [[float(a) for a in row] for row in A]


def worst_gap(L: Callable[[Point], float], point: Point, analytic: Point) -> tuple[float, str]:
    """The largest ``|fd - analytic| / (RTOL * size + atol)`` over every entry, and where.

    Above 1 fails. Every input named in ``analytic`` is moved, one entry at a time.
    """
    atol = ATOL_PER_LOSS * (1.0 + abs(L(point)))
    worst, where = 0.0, ""
    for name, gradient in analytic.items():
        A = _entries(point[name])
        for i, row in enumerate(A):
            for j in range(len(row)):
                values = []
                for step in (H, -H):
                    moved = [list(r) for r in A]
                    moved[i][j] += step
                    values.append(L({**point, name: moved}))
                fd = (values[0] - values[1]) / (2 * H)
                exact = float(gradient[i][j])
                size = max(abs(fd), abs(exact))
                excess = abs(fd - exact) / (RTOL * size + atol)
                if excess > worst:
                    worst, where = excess, f"d{name}[{i}][{j}]: analytic {exact!r}, fd {fd!r}"
    return worst, where


def grid(rows: int, cols: int, seed: int, low: float = -1.0, high: float = 1.0) -> Matrix:
    """A matrix of uniforms in [low, high) from the project's stream."""
    u = purenn.uniform(purenn.generator(seed), rows, cols)
    return [[low + (high - low) * x for x in row] for row in u]


def away_from_zero(A: Matrix) -> Matrix:
    """Push every entry at least MARGIN away from 0, keeping its sign."""
    return [[x if abs(x) >= MARGIN else (MARGIN if x >= 0 else -MARGIN) * 2 for x in r] for r in A]


def weighted_sum(R: Matrix) -> Callable[[Any], float]:
    """``Y -> sum(R * Y)``: a loss whose gradient with respect to ``Y`` is ``R``."""

    def L(Y: Any) -> float:
        s = 0.0
        for r_row, y_row in zip(R, _entries(Y)):
            for r, y in zip(r_row, y_row):
                s += r * y
        return s

    return L


# Layer types ----------------------------------------------------------------


@pytest.mark.parametrize("bias", [False, True], ids=["no-bias", "bias"])
@pytest.mark.parametrize("connect", [False, True], ids=["plain", "dropconnect"])
@pytest.mark.parametrize("nn", [layers, npnn.layers], ids=["purenn", "npnn"])
def test_dense_layer(nn: ModuleType, bias: bool, connect: bool) -> None:
    """dense_backward gives dX, dW and db of L = sum(R * dense(X, W, b, M))."""
    X, W, R = grid(5, 3, 1), grid(3, 4, 2), grid(5, 4, 3)
    b = grid(1, 4, 4) if bias else None
    M = purenn.dropconnect_mask(purenn.generator(5), 3, 4, 0.5) if connect else None
    out = weighted_sum(R)

    def L(at: Point) -> float:
        return out(nn.dense_forward(at["X"], at["W"], at.get("b"), M)[0])

    _, cache = nn.dense_forward(X, W, b, M)
    grads = nn.dense_backward(R, cache)
    analytic = {"X": grads.dX, "W": grads.dW} | ({"b": grads.db} if bias else {})
    point = {"X": X, "W": W} | ({"b": b} if bias else {})
    worst, where = worst_gap(L, point, analytic)
    assert worst <= 1.0, where
    if M is not None:  # DropConnect: a dropped weight gets no gradient at all
        dW = np.asarray(grads.dW)
        assert np.all(dW[np.asarray(M) == 0.0] == 0.0)


@pytest.mark.parametrize("nn", [layers, npnn.layers], ids=["purenn", "npnn"])
@pytest.mark.parametrize("p", [0.0, 0.3, 0.8])
def test_dropout_layer(nn: ModuleType, p: float) -> None:
    """With the mask held fixed (the same seed), dropout_backward is the gradient."""
    X, R = grid(6, 4, 1), grid(6, 4, 2)
    out = weighted_sum(R)

    def L(at: Point) -> float:
        return out(nn.dropout_forward(at["X"], p, nn_generator(nn)(9))[0])

    _, cache = nn.dropout_forward(X, p, nn_generator(nn)(9))
    worst, where = worst_gap(L, {"X": X}, {"X": nn.dropout_backward(R, cache)})
    assert worst <= 1.0, where


def nn_generator(nn: ModuleType) -> Callable[[int], Any]:
    """The generator of the package that ``nn`` belongs to."""
    return npnn.generator if nn.__name__.startswith("npnn") else purenn.generator


# Activations ----------------------------------------------------------------


@pytest.mark.parametrize("name", ["relu", "tanh", "sigmoid", "identity"])
@pytest.mark.parametrize("nn", [activations, npnn.activations], ids=["purenn", "npnn"])
def test_activation(nn: ModuleType, name: str) -> None:
    """activation_backward(R, cache) is the gradient of sum(R * f(Z)), also for large |Z|."""
    Z = [*away_from_zero(grid(4, 5, 1, -3.0, 3.0)), [-30.0, -5.0, 0.5, 5.0, 30.0]]
    R = grid(5, 5, 2)
    out = weighted_sum(R)

    def L(at: Point) -> float:
        return out(nn.activation_forward(name, at["Z"])[0])

    _, cache = nn.activation_forward(name, Z)
    worst, where = worst_gap(L, {"Z": Z}, {"Z": nn.activation_backward(R, cache)})
    assert worst <= 1.0, where


@pytest.mark.parametrize("name", ["relu", "tanh", "sigmoid", "identity"])
@pytest.mark.parametrize("nn", [activations, npnn.activations], ids=["purenn", "npnn"])
def test_derivative_functions(nn: ModuleType, name: str) -> None:
    """Each ``<name>_derivative(Z)`` is the slope of ``<name>(Z)``, entry by entry."""
    Z = away_from_zero(grid(3, 4, 7, -4.0, 4.0))
    f, f_prime = getattr(nn, name), getattr(nn, f"{name}_derivative")
    up, down = f([[z + H for z in r] for r in Z]), f([[z - H for z in r] for r in Z])
    slope = (np.asarray(up, dtype=float) - np.asarray(down, dtype=float)) / (2 * H)
    np.testing.assert_allclose(np.asarray(f_prime(Z), dtype=float), slope, rtol=1e-7, atol=1e-9)


# Losses ---------------------------------------------------------------------


@pytest.mark.parametrize("name", ["half_sum", "mse", "cross_entropy"])
@pytest.mark.parametrize("nn", [losses, npnn.losses], ids=["purenn", "npnn"])
def test_loss(nn: ModuleType, name: str) -> None:
    """loss_gradient is the gradient of loss_value, for outputs of both signs and large logits."""
    y = [*grid(4, 2, 1, -3.0, 3.0), [-40.0, 40.0]]
    if name == "cross_entropy":
        t = [[float(i % 2), float((i // 2) % 2)] for i in range(5)]
    else:
        t = grid(5, 2, 2, -2.0, 2.0)

    def L(at: Point) -> float:
        return float(nn.loss_value(name, at["y"], t))

    worst, where = worst_gap(L, {"y": y}, {"y": nn.loss_gradient(name, y, t)})
    assert worst <= 1.0, where


# Whole networks -------------------------------------------------------------


@st.composite
def networks(draw: st.DrawFn) -> tuple[mlp.Config, int, int]:
    """A random network: depth 1 to 4, widths 1 to 4, any activations, loss and dropout."""
    depth = draw(st.integers(min_value=1, max_value=4))
    sizes = tuple(draw(st.integers(min_value=1, max_value=4)) for _ in range(depth + 1))
    loss = draw(st.sampled_from(["half_sum", "mse", "cross_entropy"]))
    output = (
        "identity"
        if loss == "cross_entropy"
        else draw(st.sampled_from(["identity", "tanh", "sigmoid"]))
    )
    config = mlp.Config(
        sizes,
        activation=draw(st.sampled_from(["relu", "tanh", "sigmoid", "identity"])),
        output=output,
        loss=loss,
        bias=draw(st.booleans()),
        init=draw(st.sampled_from(["uniform", "he", "glorot"])),
        dropout=draw(st.sampled_from(["connect", "units"])),
        p=draw(st.sampled_from([0.0, 0.25, 0.5])),
    )
    return config, draw(st.integers(min_value=1, max_value=5)), draw(st.integers(0, 2**32))


def problem(config: mlp.Config, N: int, seed: int) -> tuple[Matrix, Matrix, mlp.Params, mlp.Masks]:
    """Inputs in [-1, 1), targets for the loss, weights, biases in [-0.5, 0.5), masks."""
    rng = purenn.generator(seed)
    X0 = [[2.0 * u - 1.0 for u in row] for row in purenn.uniform(rng, N, config.sizes[0])]
    K = config.sizes[-1]
    if config.loss == "cross_entropy":
        t = [[1.0 if u >= 0.5 else 0.0 for u in row] for row in purenn.uniform(rng, N, K)]
    else:
        t = purenn.uniform(rng, N, K)
    params = mlp.init_params(config, rng)
    if params.b is not None:
        b = tuple([[u - 0.5 for u in purenn.uniform(rng, 1, len(B[0]))[0]]] for B in params.b)
        params = mlp.Params(params.W, b)
    return X0, t, params, mlp.draw_masks(config, rng, N)


def relu_inputs_away_from_kinks(config: mlp.Config, cache: mlp.Forward) -> bool:
    """Every relu input is at least MARGIN from 0."""
    last = len(cache.layers) - 1
    for k, layer in enumerate(cache.layers):
        name = config.output if k == last else config.activation
        if name == "relu" and any(abs(z) < MARGIN for row in layer.activation.Z for z in row):
            return False
    return True


@settings(max_examples=60, deadline=None)
@given(networks(), st.sampled_from(["purenn", "npnn"]))
def test_whole_network(net: tuple[mlp.Config, int, int], package: str) -> None:
    """backward gives the gradient of the loss with respect to every weight, bias and input."""
    config, N, seed = net
    X0, t, params, masks = problem(config, N, seed)
    nn: Any = mlp if package == "purenn" else npnn.mlp
    to = (lambda A: A) if package == "purenn" else (lambda A: np.array(A, dtype=float))
    W, b = (
        tuple(to(A) for A in params.W),
        None if params.b is None else tuple(to(A) for A in params.b),
    )
    masks_in = tuple(None if M is None else to(M) for M in masks)
    cache = nn.forward(config, nn.Params(W, b), to(X0), masks_in)
    assume(relu_inputs_away_from_kinks(config, cache))
    grads = nn.backward(config, to(t), cache)

    def L(at: Point) -> float:
        W_at = tuple(to(at[f"W{k}"]) for k in range(len(W)))
        b_at = None if b is None else tuple(to(at[f"b{k}"]) for k in range(len(b)))
        y = nn.forward(config, nn.Params(W_at, b_at), to(at["X0"]), masks_in).y
        return float(nn.loss(config, y, to(t)))

    point: Point = {"X0": X0} | {f"W{k}": A for k, A in enumerate(params.W)}
    analytic: Point = {"X0": grads.dX[0]} | {f"W{k}": A for k, A in enumerate(grads.dW)}
    if b is not None:
        point |= {f"b{k}": A for k, A in enumerate(params.b or ())}
        analytic |= {f"b{k}": A for k, A in enumerate(grads.db)}
    worst, where = worst_gap(L, point, analytic)
    assert worst <= 1.0, f"{config}: {where}"


def test_a_wrong_gradient_fails_the_check() -> None:
    """The check is not blind: dW scaled by 1.001 is refused."""
    config = mlp.Config((3, 4, 2), activation="tanh", loss="mse", bias=True, p=0.0)
    X0, t, params, masks = problem(config, 4, 1)
    grads = mlp.backward(config, t, mlp.forward(config, params, X0, masks))

    def L(at: Point) -> float:
        return mlp.loss(
            config, mlp.forward(config, mlp.Params((at["W0"], params.W[1]), params.b), X0).y, t
        )

    wrong = [[1.001 * g for g in row] for row in grads.dW[0]]
    assert worst_gap(L, {"W0": params.W[0]}, {"W0": grads.dW[0]})[0] <= 1.0
    assert worst_gap(L, {"W0": params.W[0]}, {"W0": wrong})[0] > 1.0
