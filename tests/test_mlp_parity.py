"""The general network, purenn against npnn: per operation and per network.

Exact mode: every value bit-for-bit purenn's (``assert_same``). Default mode:
within a bound stated with each test (``assert_within``). The bounds rest on
two facts:

- a sum of ``K`` terms added in any order is within ``gamma_K * sum|terms|``
  of the true sum, ``gamma_K = K u / (1 - K u)``, ``u = 2**-53`` (Higham,
  *Accuracy and Stability of Numerical Algorithms*, 3.1), so two orders
  differ by at most twice that;
- numpy's ``tanh`` and ``exp`` differ from :mod:`math`'s by at most
  ``TRANSCENDENTAL_ULPS`` units in the last place (measured on a sample by
  :func:`test_numpy_transcendentals_are_close_to_math`; 3 for ``tanh`` here,
  0 for ``exp`` and ``log1p``).

Operations that only multiply, add or divide entry by entry (the losses'
gradients for squares, the dropout, every optimizer, since ``sqrt`` is
correctly rounded by IEEE 754) round each entry once in the same order, so
they are bit-equal in both modes.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import npnn
import npnn.activations
import npnn.init
import npnn.layers
import npnn.losses
import npnn.mlp
import npnn.moons
import npnn.optim
import purenn
import purenn.activations
import purenn.init
import purenn.layers
import purenn.losses
import purenn.mlp
import purenn.moons
import purenn.optim
from purenn.mlp import Config
from purenn.optim import Optimizer
from tests.parity import EPS, TINY, assert_same, assert_within, ulps

U = EPS / 2
TRANSCENDENTAL_ULPS = 4
"""How far numpy's tanh, exp and log1p may be from math's (see the module docstring)."""

Matrix = list[list[float]]


def gamma(K: int) -> float:
    return K * U / (1 - K * U)


VALUE = st.floats(min_value=-60.0, max_value=60.0, allow_nan=False, allow_subnormal=True)
SPECIAL = [0.0, -0.0, 5e-324, -5e-324, 1e-300, -1.0, 1.0, 700.0, -700.0, 1e-8]


def matrices(rows: int, cols: int) -> st.SearchStrategy[Matrix]:
    value = st.one_of(VALUE, st.sampled_from(SPECIAL))
    return st.lists(st.lists(value, min_size=cols, max_size=cols), min_size=rows, max_size=rows)


sizes = st.integers(min_value=1, max_value=6)


@st.composite
def any_matrix(draw: st.DrawFn) -> Matrix:
    return draw(matrices(draw(sizes), draw(sizes)))


def test_numpy_transcendentals_are_close_to_math() -> None:
    """The assumption behind the default-mode bounds: np.tanh/exp/log1p within 4 ULPs of math's."""
    x = np.linspace(-40.0, 40.0, 20001)
    for numpy_f, math_f, arg in [
        (np.tanh, math.tanh, x),
        (np.exp, math.exp, -np.abs(x)),
        (np.log1p, math.log1p, np.exp(-np.abs(x))),
    ]:
        reference = np.array([math_f(v) for v in arg.tolist()])
        assert int(ulps(numpy_f(arg), reference).max()) <= TRANSCENDENTAL_ULPS


# Activations ----------------------------------------------------------------


@settings(max_examples=100, deadline=None)
@given(any_matrix())
def test_activations(Z: Matrix) -> None:
    """Each activation and derivative: exact bit-equal; default within a few ULPs of each value.

    The derivatives are computed from ``e = exp(-|Z|)``: the sigmoid's
    ``e / (1 + e)^2`` carries e's relative error through a factor below 1,
    the tanh's ``(2 e / (1 + e^2))^2`` through a factor below 2; the same
    roundings follow in both modes. Hence ``2 * TRANSCENDENTAL_ULPS`` and a
    few ULPs more of each value.
    """
    for name in ("relu", "tanh", "sigmoid", "identity"):
        for suffix in ("", "_derivative"):
            f = name + suffix
            reference = getattr(purenn.activations, f)(Z)
            assert_same(f"{f} exact", reference, getattr(npnn.activations, f)(Z, exact=True))
            ref = np.array(reference)
            if suffix:
                bound = (2 * TRANSCENDENTAL_ULPS + 8) * EPS * np.abs(ref) + TINY
            else:
                bound = TRANSCENDENTAL_ULPS * EPS * np.abs(ref) + TINY
            assert_within(f"{f} default", ref, getattr(npnn.activations, f)(Z), bound)


@settings(max_examples=100, deadline=None)
@given(any_matrix(), st.integers(0, 2**32))
def test_activation_backward(Z: Matrix, seed: int) -> None:
    """activation_backward from the same cache: exact bit-equal; default within a bound.

    The derivative is taken from ``Z`` with one ``exp`` (see :func:`test_activations`);
    multiplying by ``dA`` rounds once more, the same in both modes.
    """
    dA = purenn.uniform(purenn.generator(seed), len(Z), len(Z[0]))
    for name in ("relu", "tanh", "sigmoid", "identity"):
        A, cache = purenn.activations.activation_forward(name, Z)
        reference = purenn.activations.activation_backward(dA, cache)
        twin = npnn.activations.ActivationCache(name, np.array(Z), np.array(A))
        exact = npnn.activations.activation_backward(dA, twin, exact=True)
        assert_same(f"{name} backward exact", reference, exact)
        ref = np.array(reference)
        bound = (2 * TRANSCENDENTAL_ULPS + 9) * EPS * np.abs(ref) + TINY
        default = npnn.activations.activation_backward(dA, twin)
        assert_within(f"{name} backward default", ref, default, bound)


# Losses ---------------------------------------------------------------------


@st.composite
def outputs_and_targets(draw: st.DrawFn) -> tuple[Matrix, Matrix, Matrix]:
    n, k = draw(sizes), draw(sizes)
    y, t = draw(matrices(n, k)), draw(matrices(n, k))
    labels = [[float(draw(st.integers(0, 1))) for _ in range(k)] for _ in range(n)]
    return y, t, labels


@settings(max_examples=150, deadline=None)
@given(outputs_and_targets())
def test_losses(case: tuple[Matrix, Matrix, Matrix]) -> None:
    """Every loss and gradient: exact bit-equal; default within the bound of its sum.

    The default loss adds n terms in numpy's order: within 2 gamma_n sum|terms|
    of purenn's, plus, for cross-entropy, 4 ULPs of each log1p(exp(.)) term.
    The gradients of the squares are elementwise: bit-equal. Cross-entropy's
    goes through the sigmoid: within 4 ULPs of sigmoid(z), divided by n.
    """
    y, t, labels = case
    n = len(y) * len(y[0])
    for name, targets in (("half_sum", t), ("mse", t), ("cross_entropy", labels)):
        reference = purenn.losses.loss_value(name, y, targets)
        assert_same(
            f"{name} exact", reference, npnn.losses.loss_value(name, y, targets, exact=True)
        )
        Y, T = np.array(y), np.array(targets)
        if name == "cross_entropy":
            terms = np.abs(np.maximum(Y, 0) - Y * T) + np.log1p(np.exp(-np.abs(Y)))
            divisor = n
        else:
            terms, divisor = (Y - T) ** 2, (2 if name == "half_sum" else n)
        bound = (2.02 * gamma(n) + 2 * TRANSCENDENTAL_ULPS * EPS) * float(terms.sum()) / divisor
        assert_within(
            f"{name} default", reference, npnn.losses.loss_value(name, y, targets), bound + TINY
        )
        gradient = purenn.losses.loss_gradient(name, y, targets)
        assert_same(
            f"{name} gradient exact",
            gradient,
            npnn.losses.loss_gradient(name, y, targets, exact=True),
        )
        g_bound = TRANSCENDENTAL_ULPS * EPS / n + TINY if name == "cross_entropy" else 0.0
        assert_within(
            f"{name} gradient default",
            gradient,
            npnn.losses.loss_gradient(name, y, targets),
            g_bound,
        )
        for f in (name, f"{name}_gradient"):  # the named functions are the table's
            assert_same(
                f,
                getattr(purenn.losses, f)(y, targets),
                getattr(npnn.losses, f)(y, targets, exact=True),
            )


# Layers ---------------------------------------------------------------------


@st.composite
def dense_cases(draw: st.DrawFn) -> dict[str, Any]:
    N, n_in, n_out = draw(sizes), draw(sizes), draw(sizes)
    seed = draw(st.integers(0, 2**32))
    rng = purenn.generator(seed)
    M = purenn.dropconnect_mask(rng, n_in, n_out, 0.5) if draw(st.booleans()) else None
    b = draw(matrices(1, n_out)) if draw(st.booleans()) else None
    return {"X": draw(matrices(N, n_in)), "W": draw(matrices(n_in, n_out)), "b": b, "M": M,
            "dZ": draw(matrices(N, n_out))}  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(dense_cases())
def test_dense(case: dict[str, Any]) -> None:
    """dense_forward and dense_backward: exact bit-equal; default within the bound of each sum.

    Each entry of Z = X W (+ b) is a sum of n_in products: two orders differ by
    at most 2 gamma_K sum_k |x_ik w_kj| (plus the bias, added once, after the
    sum, in both). dX sums n_out products, dW and db sum N.
    """
    X, W, b, M, dZ = case["X"], case["W"], case["b"], case["M"], case["dZ"]
    Z, cache = purenn.layers.dense_forward(X, W, b, M)
    grads = purenn.layers.dense_backward(dZ, cache)
    Z_exact, cache_exact = npnn.layers.dense_forward(X, W, b, M, exact=True)
    g_exact = npnn.layers.dense_backward(dZ, cache_exact, exact=True)
    Z_default, cache_default = npnn.layers.dense_forward(X, W, b, M)
    g_default = npnn.layers.dense_backward(dZ, cache_default)
    assert_same("Z exact", Z, Z_exact)
    assert_same("W used exact", cache.W, cache_exact.W)
    for name in ("dX", "dW", "db"):
        assert_same(f"{name} exact", getattr(grads, name), getattr(g_exact, name))
    aX, aW, adZ = np.abs(np.array(X)), np.abs(np.array(cache.W)), np.abs(np.array(dZ))
    N, n_in, n_out = len(X), len(W), len(W[0])
    assert_within(
        "Z default",
        Z,
        Z_default,
        2.02 * gamma(n_in + 1) * (aX @ aW + (np.abs(np.array(b)) if b else 0)) + 2 * n_in * TINY,
    )
    assert_within(
        "dX default", grads.dX, g_default.dX, 2.02 * gamma(n_out) * (adZ @ aW.T) + 2 * n_out * TINY
    )
    assert_within(
        "dW default", grads.dW, g_default.dW, 2.02 * gamma(N) * (aX.T @ adZ) + 2 * N * TINY
    )
    if b is not None:
        assert_within(
            "db default", grads.db, g_default.db, 2.02 * gamma(N) * adZ.sum(axis=0, keepdims=True)
        )


@settings(max_examples=60, deadline=None)
@given(any_matrix(), st.sampled_from([0.0, 0.2, 0.5, 0.9]), st.integers(0, 2**32))
def test_dropout(X: Matrix, p: float, seed: int) -> None:
    """The mask, the output and the backward pass: the same draws, the same bits."""
    Y, cache = purenn.layers.dropout_forward(X, p, purenn.generator(seed))
    Y2, cache2 = npnn.layers.dropout_forward(X, p, npnn.generator(seed))
    assert_same("Y", Y, Y2)
    if p > 0.0:
        assert_same("M", cache.M, cache2.M)
    assert_same(
        "dX", purenn.layers.dropout_backward(X, cache), npnn.layers.dropout_backward(X, cache2)
    )
    r1, r2 = purenn.generator(seed), npnn.generator(seed)
    assert_same(
        "mask", purenn.layers.dropout_mask(r1, 3, 4, 0.5), npnn.layers.dropout_mask(r2, 3, 4, 0.5)
    )
    assert r1.random() == float(r2.random())  # both streams at the same place


# Initialisation, optimizers, data -------------------------------------------


@pytest.mark.parametrize("name", ["uniform", "he", "glorot"])
@pytest.mark.parametrize(("fan_in", "fan_out"), [(1, 1), (3, 4), (13, 512)])
def test_init(name: str, fan_in: int, fan_out: int) -> None:
    """Each initialisation draws the same weights, and both streams end at the same place."""
    assert purenn.init.init_limit(name, fan_in, fan_out) == npnn.init.init_limit(
        name, fan_in, fan_out
    )
    r1, r2 = purenn.generator(fan_in), npnn.generator(fan_in)
    assert_same(
        name,
        purenn.init.init_layer(name, r1, fan_in, fan_out),
        npnn.init.init_layer(name, r2, fan_in, fan_out),
    )
    named = {"uniform": "init_uniform", "he": "he_uniform", "glorot": "glorot_uniform"}[name]
    assert_same(named, getattr(purenn.init, named)(r1, 2, 3), getattr(npnn.init, named)(r2, 2, 3))
    assert r1.random() == float(r2.random())


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(["gd", "momentum", "adam"]), sizes, sizes, st.integers(0, 2**32))
def test_optimizers(name: str, rows: int, cols: int, seed: int) -> None:
    """Five steps on two parameters: the same bits in exact and in default mode."""
    optimizer = Optimizer(name, 0.01, momentum=0.8, beta1=0.85, beta2=0.99)
    rng = purenn.generator(seed)
    params = [purenn.uniform(rng, rows, cols), purenn.uniform(rng, cols, 1)]
    ours = purenn.optim.initial_state(optimizer, params)
    exact = default = npnn.optim.initial_state(optimizer, params)
    P: list[Any] = params
    E: list[Any] = params
    F: list[Any] = params
    for step in range(5):
        grads = [
            [[2.0 * u - 1.0 for u in row] for row in purenn.uniform(rng, len(A), len(A[0]))]
            for A in params
        ]
        P, ours = purenn.optim.optimizer_step(optimizer, P, grads, ours)
        E, exact = npnn.optim.optimizer_step(optimizer, E, grads, exact, exact=True)
        F, default = npnn.optim.optimizer_step(optimizer, F, grads, default)
        for i in range(2):
            assert_same(f"step {step} params[{i}] exact", P[i], E[i])
            assert_same(f"step {step} params[{i}] default", P[i], F[i])
        for field in ("velocity", "m", "v"):
            for i, A in enumerate(getattr(ours, field)):
                assert_same(f"{field}[{i}]", A, getattr(exact, field)[i])
    assert ours.t == exact.t == default.t == 5


@pytest.mark.parametrize(
    ("seed", "n", "noise"), [(0, 1, 0.1), (1, 200, 0.1), (2, 37, 0.0), (3, 50, 0.3)]
)
def test_moons(seed: int, n: int, noise: float) -> None:
    """The same points and classes, and the same accuracy of the same outputs."""
    X, t = purenn.moons.make_moons(purenn.generator(seed), n, noise=noise)
    X2, t2 = npnn.moons.make_moons(npnn.generator(seed), n, noise=noise)
    assert_same("X", X, X2)
    assert_same("t", t, t2)
    y = [[x[0] - 0.5] for x in X]
    assert purenn.moons.accuracy(y, t) == npnn.moons.accuracy(y, t)
    assert purenn.moons.accuracy(y, t, threshold=0.25) == npnn.moons.accuracy(y, t, threshold=0.25)


@pytest.mark.parametrize(("N", "batch_size"), [(10, 3), (10, 10), (7, None), (100, 32), (5, 1)])
def test_batches(N: int, batch_size: int | None) -> None:
    """The same batches, in the same order, three epochs running."""
    r1, r2 = purenn.generator(N), npnn.generator(N)
    for _ in range(3):
        ours, theirs = purenn.mlp.batches(r1, N, batch_size), npnn.mlp.batches(r2, N, batch_size)
        assert [list(b) for b in ours] == [[int(i) for i in b] for b in theirs]
    assert r1.random() == float(r2.random())


# Whole networks -------------------------------------------------------------

CONFIGS = [
    Config((3, 4, 1)),  # the write-up's
    Config((2, 8, 8, 1), activation="tanh", loss="cross_entropy", bias=True, init="glorot", p=0.0),
    Config((4, 6, 5, 3, 2), activation="sigmoid", output="sigmoid", loss="mse", bias=True,
           init="he", dropout="units", p=0.3),
    Config((5, 7, 2), activation="relu", output="tanh", loss="half_sum", dropout="connect", p=0.5),
    Config((1, 1), output="identity", loss="mse", bias=True, p=0.0),
]  # fmt: skip


def _data(config: Config, N: int, seed: int) -> tuple[Matrix, Matrix]:
    rng = purenn.generator(1000 + seed)
    X0 = [[2.0 * u - 1.0 for u in row] for row in purenn.uniform(rng, N, config.sizes[0])]
    t = purenn.uniform(rng, N, config.sizes[-1])
    if config.loss == "cross_entropy":
        t = [[1.0 if u >= 0.5 else 0.0 for u in row] for row in t]
    return X0, t


def _pass(nn: Any, config: Config, X0: Matrix, t: Matrix, seed: int, exact: bool) -> dict[str, Any]:
    """Weights, masks, forward, loss, backward and prediction through the public functions."""
    mlp = nn.mlp
    rng = nn.generator(seed)
    params = mlp.init_params(config, rng)
    if params.b is not None:  # biases away from zero, so that they count
        params = mlp.Params(
            params.W, tuple(b + 0.1 * (k + 1) for k, b in enumerate(map(np.asarray, params.b)))
        )
        if nn is purenn:
            params = mlp.Params(params.W, tuple(b.tolist() for b in params.b))
    masks = mlp.draw_masks(config, rng, len(X0))
    cache = mlp.forward(config, params, X0, masks, exact=exact)
    grads = mlp.backward(config, t, cache, exact=exact)
    out = {f"W[{k}]": W for k, W in enumerate(params.W)}
    out |= {f"masks[{k}]": M for k, M in enumerate(masks) if M is not None}
    for k, layer in enumerate(cache.layers):
        out |= {f"Z[{k}]": layer.activation.Z, f"A[{k}]": layer.activation.A}
    out |= {"y": cache.y, "L": mlp.loss(config, cache.y, t, exact=exact), "dy": grads.dy}
    for k in range(len(grads.dW)):
        out |= {f"dZ[{k}]": grads.dZ[k], f"dW[{k}]": grads.dW[k], f"dX[{k}]": grads.dX[k]}
        if grads.db is not None:
            out[f"db[{k}]"] = grads.db[k]
    out["predict"] = mlp.predict(config, params, X0, exact=exact)
    return out


@pytest.mark.parametrize("config", CONFIGS, ids=lambda c: "-".join(map(str, c.sizes)))
@pytest.mark.parametrize("seed", [0, 1])
def test_network_pass(config: Config, seed: int) -> None:
    """One step's every tensor: exact bit-equal; default within a normwise bound.

    Default bound: 1e-12 * max(1, max|tensor|). The data, weights and widths
    here are of order 1 and at most 8, so each sum's rounding (at most
    2 gamma_8 of magnitudes of order 10, about 2e-14) and each transcendental
    (4 ULPs) leave errors of order 1e-14 through four layers (measured: at
    most 4e-16, while most tensors are not bit-equal); 1e-12 leaves a margin,
    and a difference in the formulas would show at 1e-6 or more.
    """
    X0, t = _data(config, 9, seed)
    reference = _pass(purenn, config, X0, t, seed, exact=False)
    exact = _pass(npnn, config, X0, t, seed, exact=True)
    default = _pass(npnn, config, X0, t, seed, exact=False)
    assert reference.keys() == exact.keys() == default.keys()
    for name, value in reference.items():
        assert_same(f"{name} exact", value, exact[name])
        scale = max(1.0, float(np.max(np.abs(np.asarray(value)))))
        assert_within(f"{name} default", value, default[name], 1e-12 * scale)


FITS = [
    (CONFIGS[1], Optimizer("adam", 0.01), 8),
    (CONFIGS[2], Optimizer("momentum", 0.05, momentum=0.9), 5),
    (CONFIGS[3], Optimizer("gd", 0.01), None),
    (CONFIGS[4], Optimizer("adam", 0.1), 4),
]


@pytest.mark.parametrize(("config", "optimizer", "batch_size"), FITS, ids=lambda v: str(v)[:40])
def test_fit(config: Config, optimizer: Optimizer, batch_size: int | None) -> None:
    """Five epochs of mini-batch training: exact bit-equal; default within 1e-12 of each size.

    Default mode starts each step from weights a few ULPs apart and every
    step adds its own rounding; over these 5 epochs of small, well-scaled
    problems the drift was measured at 4e-16 relative at most. 1e-12 leaves
    a wide margin, and a difference in the formulas would show at 1e-4 or more.
    """
    X0, t = _data(config, 21, 5)
    ours = purenn.mlp.fit(
        X0, t, config, optimizer=optimizer, batch_size=batch_size, n_epochs=5, seed=2
    )
    theirs = npnn.mlp.fit(
        X0, t, config, optimizer=optimizer, batch_size=batch_size, n_epochs=5, seed=2, exact=True
    )
    fast = npnn.mlp.fit(
        X0, t, config, optimizer=optimizer, batch_size=batch_size, n_epochs=5, seed=2
    )
    assert ours.steps_per_epoch == theirs.steps_per_epoch == fast.steps_per_epoch
    assert_same("errors", ours.errors, theirs.errors)
    assert_within("errors default", ours.errors, fast.errors, 1e-12 * np.abs(np.array(ours.errors)))
    named = [("W", ours.params.W, theirs.params.W, fast.params.W)]
    if ours.params.b is not None:
        named.append(("b", ours.params.b, theirs.params.b, fast.params.b))  # type: ignore[arg-type]
    for name, a, b, c in named:
        for k in range(len(a)):
            assert_same(f"{name}[{k}]", a[k], b[k])
            assert_within(
                f"{name}[{k}] default",
                a[k],
                c[k],
                1e-12 * max(1.0, float(np.max(np.abs(np.array(a[k]))))),
            )
