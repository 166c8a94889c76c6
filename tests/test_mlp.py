"""Training the general network: the write-up's run reproduced, batches, callback, divergence.

The write-up's configuration of the general network must give the very bits
of the two-layer :func:`train`: the same draws from the stream in the same
order (weights layer by layer, then each step's masks layer by layer, and no
shuffle draw for a full batch), the same sums, the same update.
"""

from __future__ import annotations

import gc
import math
from typing import Any

import numpy as np
import pytest

import npnn
import npnn.mlp
import npnn.moons
import purenn
import purenn.mlp as mlp
import purenn.moons
import purenn.optim
from purenn.errors import DivergenceError
from purenn.matrix import Matrix
from purenn.mlp import Config
from purenn.optim import Optimizer
from tests.parity import assert_same, bits
from tests.test_training import GOLDEN_FINAL_ERROR, GOLDEN_FIRST_ERROR, GOLDEN_W1, GOLDEN_W2


@pytest.fixture(scope="module")
def housing() -> tuple[Matrix, Matrix]:
    X, t = purenn.load_housing()
    return purenn.apply_scale(X, purenn.fit_scale(X)), t


WRITE_UP = Config(
    sizes=(3, 4, 1),
    activation="relu",
    output="identity",
    loss="half_sum",
    bias=False,
    init="uniform",
    dropout="connect",
    p=0.2,
)


def test_the_defaults_are_the_write_ups() -> None:
    """Config((3, 4, 1)) with every default is the write-up's network, trained as it is."""
    assert Config((3, 4, 1)) == WRITE_UP
    assert Optimizer("gd", 1e-6) == mlp.WRITE_UP_OPTIMIZER


@pytest.mark.parametrize(
    ("n_h", "p", "seed"), [(4, 0.2, 0), (4, 0.0, 3), (7, 0.5, 11), (1, 0.2, 5)]
)
def test_write_up_configuration_is_train_bit_for_bit(
    housing: tuple[Matrix, Matrix], n_h: int, p: float, seed: int
) -> None:
    """fit, configured as the write-up, gives train's errors and weights: purenn and npnn exact."""
    X0, t = housing
    config = Config((3, n_h, 1), p=p)
    reference = purenn.train(X0, t, n_h=n_h, n_iter=40, p=p, seed=seed)
    for nn, exact in ((purenn, False), (npnn, True)):
        result = nn.mlp.fit(X0, t, config, n_epochs=40, seed=seed, exact=exact)
        assert_same("errors", reference.errors, result.errors)
        assert_same("W1", reference.weights.W1, result.params.W[0])
        assert_same("W2", reference.weights.W2, result.params.W[1])
        assert result.params.b is None
        assert result.steps_per_epoch == 1


@pytest.mark.slow
def test_write_up_run_is_the_golden_run(housing: tuple[Matrix, Matrix]) -> None:
    """All 1000 steps with every default: the golden bits of test_training, in both packages."""
    X0, t = housing
    for nn, exact in ((purenn, False), (npnn, True)):
        result = nn.mlp.fit(X0, t, Config((3, 4, 1)), exact=exact)
        assert len(result.errors) == 1000
        assert bits(result.errors[0]) == GOLDEN_FIRST_ERROR
        assert bits(result.errors[-1]) == GOLDEN_FINAL_ERROR
        assert bits(result.params.W[0]) == GOLDEN_W1
        assert bits(result.params.W[1]) == GOLDEN_W2


def test_the_two_layer_functions_are_the_general_ones(housing: tuple[Matrix, Matrix]) -> None:
    """One step of forward and backward: the write-up's records, tensor by tensor."""
    X0, t = housing
    rng = purenn.generator(4)
    weights = purenn.init_weights(rng, 3, 4)
    cache = purenn.forward(X0, weights.W1, weights.W2)
    grads = purenn.backward(X0, t, weights.W1, weights.W2, cache)
    general = mlp.forward(WRITE_UP, mlp.Params((weights.W1, weights.W2), None), X0)
    g = mlp.backward(WRITE_UP, t, general)
    pairs = [
        ("Z1", cache.Z1, general.layers[0].activation.Z),
        ("X1", cache.X1, general.layers[0].activation.A),
        ("y", cache.y, general.y),
        ("dy", grads.dy, g.dy),
        ("dX1", grads.dX1, g.dX[1]),
        ("dW2", grads.dW2, g.dW[1]),
        ("dZ1", grads.dZ1, g.dZ[0]),
        ("dX0", grads.dX0, g.dX[0]),
        ("dW1", grads.dW1, g.dW[0]),
    ]
    for name, ours, theirs in pairs:
        assert_same(name, ours, theirs)
    assert purenn.loss(cache.y, t) == mlp.loss(WRITE_UP, general.y, t)


# Batches ----------------------------------------------------------------------


@pytest.mark.parametrize("package", [purenn, npnn], ids=["purenn", "npnn"])
@pytest.mark.parametrize(("N", "batch_size"), [(10, 3), (10, 5), (1, 1), (13, 12), (50, 7)])
def test_every_row_once_per_epoch(package: Any, N: int, batch_size: int) -> None:
    """Each epoch's batches use every row exactly once, in a fresh order; sizes as documented."""
    rng = package.generator(N)
    orders = []
    for _ in range(4):
        epoch = package.mlp.batches(rng, N, batch_size)
        rows = [int(i) for batch in epoch for i in batch]
        assert sorted(rows) == list(range(N))
        assert [len(b) for b in epoch] == [min(batch_size, N - s) for s in range(0, N, batch_size)]
        orders.append(rows)
    if N > 3 and batch_size < N:
        assert len({tuple(order) for order in orders}) > 1  # shuffled anew each epoch


@pytest.mark.parametrize("package", [purenn, npnn], ids=["purenn", "npnn"])
@pytest.mark.parametrize("batch_size", [None, 10, 11, 1000])
def test_a_full_batch_draws_nothing(package: Any, batch_size: int | None) -> None:
    """None, or a batch of N rows or more: the rows in order, and the stream untouched."""
    rng, reference = package.generator(3), package.generator(3)
    assert [[int(i) for i in b] for b in package.mlp.batches(rng, 10, batch_size)] == [
        list(range(10))
    ]
    assert float(rng.random()) == float(reference.random())


def fit_by_hand(
    X0: Matrix,
    t: Matrix,
    config: Config,
    optimizer: Optimizer,
    batch_size: int,
    n_epochs: int,
    seed: int,
) -> tuple[list[float], mlp.Params, list[list[int]]]:
    """The documented loop, from public functions only: returns errors, params, and each batch."""
    rng = purenn.generator(seed)
    params = mlp.init_params(config, rng)
    flat = [A for pair in zip(params.W, params.b) for A in pair] if params.b else list(params.W)
    state = purenn.optim.initial_state(optimizer, flat)
    errors, seen = [], []
    for _ in range(n_epochs):
        for rows in mlp.batches(rng, len(X0), batch_size):
            seen.append(list(rows))
            X, t_batch = [X0[i] for i in rows], [t[i] for i in rows]
            masks = mlp.draw_masks(config, rng, len(rows))
            cache = mlp.forward(config, params, X, masks)
            errors.append(mlp.loss(config, cache.y, t_batch))
            g = mlp.backward(config, t_batch, cache)
            grads = [A for pair in zip(g.dW, g.db) for A in pair] if g.db else list(g.dW)
            flat = (
                [A for pair in zip(params.W, params.b) for A in pair]
                if params.b
                else list(params.W)
            )
            flat, state = purenn.optim.optimizer_step(optimizer, flat, grads, state)
            W, b = tuple(flat[0::2]), tuple(flat[1::2])
            params = mlp.Params(W, b) if config.bias else mlp.Params(tuple(flat), None)
    return errors, params, seen


@pytest.mark.parametrize(
    ("config", "optimizer"),
    [
        (
            Config(
                (2, 5, 4, 1),
                activation="tanh",
                loss="cross_entropy",
                bias=True,
                dropout="units",
                p=0.3,
            ),
            Optimizer("adam", 0.01),
        ),
        (
            Config(
                (2, 3, 2), activation="relu", output="sigmoid", loss="mse", dropout="connect", p=0.4
            ),
            Optimizer("momentum", 0.1),
        ),
    ],
)
def test_fit_is_the_documented_loop(config: Config, optimizer: Optimizer) -> None:
    """fit repeats: shuffle, then per batch masks, forward, loss, backward, optimizer step."""
    X0, t = purenn.moons.make_moons(purenn.generator(8), 23)
    if config.sizes[-1] == 2:
        t = [[row[0], 1.0 - row[0]] for row in t]
    result = mlp.fit(X0, t, config, optimizer=optimizer, batch_size=5, n_epochs=3, seed=6)
    errors, params, seen = fit_by_hand(X0, t, config, optimizer, 5, 3, 6)
    assert_same("errors", errors, result.errors)
    for k in range(len(params.W)):
        assert_same(f"W[{k}]", params.W[k], result.params.W[k])
        if params.b is not None:
            assert_same(f"b[{k}]", params.b[k], result.params.b[k])  # type: ignore[index]
    assert result.steps_per_epoch == 5
    for epoch in range(3):  # every row once per epoch, in the batches fit used
        assert sorted(i for rows in seen[5 * epoch : 5 * epoch + 5] for i in rows) == list(
            range(23)
        )


# The workspace of npnn's default mode ---------------------------------------------


@pytest.mark.parametrize(
    ("config", "batch_size"),
    [
        (Config((3, 16, 8, 1), activation="relu", loss="half_sum", p=0.0), None),
        (
            Config((3, 16, 8, 1), activation="relu", loss="mse", bias=True, dropout="units", p=0.3),
            7,
        ),
        (
            Config(
                (3, 6, 6, 2),
                activation="tanh",
                output="sigmoid",
                loss="mse",
                dropout="connect",
                p=0.2,
            ),
            20,
        ),
        (Config((3, 9, 1), activation="sigmoid", loss="cross_entropy", bias=True, p=0.0), 16),
        (Config((3, 4, 1)), None),
    ],
)
def test_the_workspace_changes_no_result(config: Config, batch_size: int | None) -> None:
    """npnn's default fit with its workspace gives the very bits it gives without one."""
    X0 = np.array(purenn.uniform(purenn.generator(1), 50, 3))
    t = (X0[:, :1] + X0[:, 1:2] > 1.0).astype(float)
    if config.sizes[-1] == 2:
        t = np.hstack((t, 1.0 - t))
    optimizer = Optimizer("adam", 0.01)
    size = 50 if batch_size is None else batch_size
    plain = npnn.mlp.training._fit(
        X0, t, config, optimizer, size, 4, 3, None, False, workspace=False
    )
    result = npnn.mlp.fit(
        X0, t, config, optimizer=optimizer, batch_size=batch_size, n_epochs=4, seed=3
    )
    assert_same("errors", plain.errors, result.errors)
    for k in range(len(plain.params.W)):
        assert_same(f"W[{k}]", plain.params.W[k], result.params.W[k])


# Callback, seeds, zero epochs, divergence, inputs, the cycle collector -----------------


@pytest.mark.parametrize("package", [purenn, npnn], ids=["purenn", "npnn"])
def test_callback_after_every_epoch_with_copies(package: Any) -> None:
    """callback(epoch, error, params) once per epoch; scribbling on its copy changes nothing."""
    X0, t = purenn.moons.make_moons(purenn.generator(2), 20)
    config = Config((2, 4, 1), loss="cross_entropy", bias=True, p=0.0)
    seen: list[int] = []
    means: list[float] = []

    def scribble(epoch: int, error: float, params: Any) -> None:
        seen.append(epoch)
        means.append(error)
        params.W[0][0][0] = 1e6

    optimizer = Optimizer("gd", 0.1)
    a = package.mlp.fit(
        X0, t, config, optimizer=optimizer, batch_size=6, n_epochs=3, callback=scribble
    )
    b = package.mlp.fit(X0, t, config, optimizer=optimizer, batch_size=6, n_epochs=3)
    assert seen == [0, 1, 2]
    assert a.steps_per_epoch == 4  # 20 rows in batches of 6: 6, 6, 6, 2
    for epoch in range(3):  # the mean of the epoch's steps' losses, added from 0.0 in order
        s = 0.0
        for e in a.errors[4 * epoch : 4 * epoch + 4]:
            s += e
        assert bits(means[epoch]) == bits(s / 4)
    assert_same("errors", a.errors, b.errors)
    assert_same("W[0]", a.params.W[0], b.params.W[0])


@pytest.mark.parametrize("package", [purenn, npnn], ids=["purenn", "npnn"])
def test_zero_epochs_return_the_initial_params(package: Any) -> None:
    """n_epochs=0: no step, no error, the parameters the seed draws (biases zero)."""
    config = Config((2, 3, 1), bias=True, init="he")
    result = package.mlp.fit([[0.5, 0.25]], [[1.0]], config, n_epochs=0, seed=9)
    initial = package.mlp.init_params(config, package.generator(9))
    assert result.errors == []
    assert result.steps_per_epoch == 0
    for k in range(2):
        assert_same(f"W[{k}]", initial.W[k], result.params.W[k])
        assert_same(f"b[{k}]", [[0.0] * config.sizes[k + 1]], result.params.b[k])


@pytest.mark.parametrize("package", [purenn, npnn], ids=["purenn", "npnn"])
def test_divergence_names_the_step(package: Any) -> None:
    """A huge alpha: a DivergenceError naming the step and epoch, the same in both packages."""
    config = Config((1, 2, 1), p=0.0)
    with pytest.raises(DivergenceError) as caught:
        package.mlp.fit(
            [[1.0], [-1.0]], [[3.0], [3.0]], config, optimizer=Optimizer("gd", 1.0), batch_size=1
        )
    assert str(caught.value).startswith("fit: the error became inf at step ")
    assert str(caught.value).endswith("alpha=1.0 is too large for this data; try a smaller alpha")
    with pytest.raises(
        DivergenceError,
        match=r"^fit: the weights stopped being finite numbers by step 0 \(epoch 0\)",
    ):
        package.mlp.fit(
            [[1.0], [-1.0]], [[3.0], [3.0]], config, optimizer=Optimizer("gd", 1e308), n_epochs=1
        )


def test_divergence_is_reported_alike() -> None:
    """purenn and npnn stop at the same step with the same words."""
    messages = []
    for package in (purenn, npnn):
        with pytest.raises(DivergenceError) as caught:
            package.mlp.fit(
                [[1.0], [-1.0]],
                [[3.0], [3.0]],
                Config((1, 2, 1), p=0.0),
                optimizer=Optimizer("gd", 1.0),
                exact=True,
            )
        messages.append(str(caught.value))
    assert messages[0] == messages[1]


def test_fit_does_not_change_its_inputs(housing: tuple[Matrix, Matrix]) -> None:
    """X0 and t are the same, bit for bit, after training, in both packages."""
    X0, t = housing
    before = bits(X0), bits(t)
    mlp.fit(X0, t, Config((3, 4, 1)), batch_size=50, n_epochs=2)
    assert (bits(X0), bits(t)) == before
    nX0, nt = np.array(X0), np.array(t)
    npnn.mlp.fit(nX0, nt, Config((3, 4, 1), dropout="units"), batch_size=50, n_epochs=2)
    assert (bits(nX0), bits(nt)) == before


def test_same_seed_same_run_other_seed_other_run() -> None:
    """A seed fixes the weights, the shuffles and the masks."""
    X0, t = purenn.moons.make_moons(purenn.generator(1), 30)
    config = Config((2, 4, 1), loss="cross_entropy", dropout="units", p=0.2)
    kwargs: dict[str, Any] = {"optimizer": Optimizer("adam", 0.01), "batch_size": 8, "n_epochs": 2}
    a, b = mlp.fit(X0, t, config, seed=1, **kwargs), mlp.fit(X0, t, config, seed=1, **kwargs)
    c = mlp.fit(X0, t, config, seed=2, **kwargs)
    assert a.errors == b.errors
    assert a.errors != c.errors


@pytest.mark.parametrize("was_on", [True, False])
def test_the_cycle_collector_is_paused_and_restored(was_on: bool) -> None:
    """purenn's fit pauses the cycle collector while it steps, and restores it, also on error."""
    states: list[bool] = []
    (gc.enable if was_on else gc.disable)()
    try:
        mlp.fit(
            [[0.5]],
            [[1.0]],
            Config((1, 1)),
            n_epochs=2,
            callback=lambda e, L, p: states.append(gc.isenabled()),
        )
        assert states == [False, False]
        assert gc.isenabled() == was_on
        with pytest.raises(DivergenceError):
            mlp.fit(
                [[1.0], [-1.0]],
                [[3.0], [3.0]],
                Config((1, 2, 1), p=0.0),
                optimizer=Optimizer("gd", 1.0),
            )
        assert gc.isenabled() == was_on
    finally:
        gc.enable()


# The classification example -----------------------------------------------------------


MOONS = Config((2, 16, 16, 1), activation="relu", loss="cross_entropy", bias=True, init="he", p=0.0)


def test_moons_need_depth() -> None:
    """A linear model stays below 90% on held-out moons; two relu layers get above 99%.

    npnn (default mode), 400 training and 400 held-out points, noise 0.1,
    Adam with alpha 0.01, batches of 32. Linear: ``sizes=(2, 1)``.
    """
    rng = npnn.generator(1)
    X, t = npnn.moons.make_moons(rng, 400)
    X_test, t_test = npnn.moons.make_moons(rng, 400)
    scores = {}
    for name, config in (
        ("linear", Config((2, 1), loss="cross_entropy", bias=True, p=0.0)),
        ("deep", MOONS),
    ):
        result = npnn.mlp.fit(
            X, t, config, optimizer=Optimizer("adam", 0.01), batch_size=32, n_epochs=100
        )
        scores[name] = npnn.moons.accuracy(npnn.mlp.predict(config, result.params, X_test), t_test)
    assert scores["linear"] < 0.9
    assert scores["deep"] >= 0.99


def test_accuracy_counts_right_rows() -> None:
    """accuracy: the share of rows whose thresholded output equals the class."""
    y, t = [[-1.0], [2.0], [0.0], [3.0]], [[0.0], [1.0], [1.0], [0.0]]
    assert purenn.moons.accuracy(y, t) == npnn.moons.accuracy(y, t) == 0.5
    assert purenn.moons.accuracy(y, t, threshold=-0.5) == 0.75
    assert math.isclose(
        purenn.moons.accuracy([[0.9], [0.2], [0.6]], [[1.0], [0.0], [0.0]], threshold=0.5), 2 / 3
    )


def test_no_float_is_added_with_sum(monkeypatch: pytest.MonkeyPatch) -> None:
    """purenn's general network adds explicitly, never with sum(), whose result for floats
    changed in Python 3.12: every configuration here runs with sum() refusing floats."""
    builtin_sum = sum

    def refusing_sum(iterable: Any, /, start: Any = 0) -> Any:
        items = list(iterable)
        assert not any(isinstance(x, float) for x in [start, *items]), "sum() of floats"
        return builtin_sum(items, start)

    monkeypatch.setattr("builtins.sum", refusing_sum)
    X0, t = purenn.moons.make_moons(purenn.generator(3), 12)
    for config in (
        Config((2, 3, 3, 1), activation="tanh", loss="cross_entropy", bias=True, dropout="units"),
        Config((2, 4, 1), activation="sigmoid", output="sigmoid", loss="mse", init="glorot"),
    ):
        for name in ("gd", "momentum", "adam"):
            result = mlp.fit(
                X0, t, config, optimizer=Optimizer(name, 0.1), batch_size=5, n_epochs=2
            )
            purenn.moons.accuracy(mlp.predict(config, result.params, X0), t)


@pytest.mark.parametrize("package", [purenn, npnn], ids=["purenn", "npnn"])
def test_the_write_up_callback_reports_train_s_errors(
    package: Any, housing: tuple[Matrix, Matrix]
) -> None:
    """With one batch per epoch, fit's callback reports the errors train's callback reports."""
    X0, t = housing
    ours: list[float] = []
    theirs: list[float] = []
    package.train(X0, t, n_iter=5, callback=lambda i, e, w: theirs.append(e), exact=True)
    package.mlp.fit(
        X0, t, Config((3, 4, 1)), n_epochs=5, callback=lambda i, e, p: ours.append(e), exact=True
    )
    assert bits(ours) == bits(theirs)
