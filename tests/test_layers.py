"""Dropout of units keeps the expected activation and is the identity in evaluation mode.

Inverted dropout keeps each entry with probability ``1 - p`` and scales the
survivors by ``s = 1 / (1 - p)``, so each output entry ``Y = X * D * s`` has
mean ``X`` and variance ``X^2 p / (1 - p)``. Over ``n`` independent entries
(or draws) the mean is within ``5`` standard errors, ``5 sqrt(p / (1 - p) / n)``
(relative to ``|X|``), except with probability below ``1e-6``; the seeds are
fixed, so the tests are deterministic, and the bound says why they may pass.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest

import npnn
import npnn.layers
import purenn
import purenn.layers
from tests.parity import bits

PACKAGES = [purenn, npnn]
Z_SCORE = 5.0
"""Standard errors allowed: a false failure has probability below 1e-6."""


def layers_of(package: Any) -> Any:
    return purenn.layers if package is purenn else npnn.layers


@pytest.mark.parametrize("package", PACKAGES, ids=["purenn", "npnn"])
@pytest.mark.parametrize("p", [0.2, 0.5, 0.8])
def test_dropout_keeps_the_expected_activation(package: Any, p: float) -> None:
    """On 400 x 250 ones: the mean output is 1 and the kept share is 1 - p, within 5 SE."""
    N, n = 400, 250
    Y, cache = layers_of(package).dropout_forward([[1.0] * n] * N, p, package.generator(7))
    Y, M = np.array(Y), np.array(cache.M)
    count = N * n
    assert abs(Y.mean() - 1.0) <= Z_SCORE * math.sqrt(p / (1.0 - p) / count)
    assert abs(M.mean() - (1.0 - p)) <= Z_SCORE * math.sqrt(p * (1.0 - p) / count)
    assert set(np.unique(Y)) <= {0.0, 1.0 / (1.0 - p)}  # dropped, or scaled by 1 / (1 - p)
    assert cache.scale == 1.0 / (1.0 - p)


@pytest.mark.parametrize("package", PACKAGES, ids=["purenn", "npnn"])
def test_each_entry_keeps_its_mean(package: Any) -> None:
    """Averaged over 3000 draws, each entry of Y is its X, within 5 SE of |X|."""
    p, draws = 0.5, 3000
    X = [[1.5, -2.0, 0.25], [-0.5, 3.0, 1.0]]
    rng = package.generator(11)
    total = np.zeros((2, 3))
    for _ in range(draws):
        total += np.array(layers_of(package).dropout_forward(X, p, rng)[0])
    mean, x = total / draws, np.array(X)
    assert np.all(np.abs(mean - x) <= Z_SCORE * np.abs(x) * math.sqrt(p / (1.0 - p) / draws))


@pytest.mark.parametrize("package", PACKAGES, ids=["purenn", "npnn"])
@pytest.mark.parametrize("p", [0.0, 0.5, 0.9])
def test_evaluation_mode_is_the_identity(package: Any, p: float) -> None:
    """training=False: Y is X, bit for bit, a new matrix; nothing is drawn; backward passes dY."""
    X = [[1.5, -2.0, -0.0], [5e-324, 3.0, 1e300]]
    nn = layers_of(package)
    rng, reference = package.generator(2), package.generator(2)
    Y, cache = nn.dropout_forward(X, p, rng, training=False)
    assert bits(Y) == bits(X)
    assert Y is not X
    assert cache.M is None
    assert float(rng.random()) == float(reference.random())  # the stream is untouched
    dY = [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]
    assert np.array_equal(np.array(nn.dropout_backward(dY, cache)), np.array(dY))
    # Evaluation needs no generator at all.
    assert np.array_equal(np.array(nn.dropout_forward(X, p, None, training=False)[0]), np.array(X))


@pytest.mark.parametrize("package", PACKAGES, ids=["purenn", "npnn"])
def test_p_zero_in_training_draws_nothing(package: Any) -> None:
    """p == 0 keeps every unit: the identity, and the stream is untouched."""
    rng, reference = package.generator(4), package.generator(4)
    Y, cache = layers_of(package).dropout_forward([[1.0, 2.0]], 0.0, rng)
    assert np.array_equal(np.array(Y), np.array([[1.0, 2.0]]))
    assert cache.M is None
    assert float(rng.random()) == float(reference.random())


@pytest.mark.parametrize("package", PACKAGES, ids=["purenn", "npnn"])
def test_dropout_mask_is_u_at_least_p(package: Any) -> None:
    """The mask is 1 exactly where the uniform drawn for that entry (row by row) is >= p."""
    u = np.array(package.uniform(package.generator(3), 4, 5))
    M = np.array(layers_of(package).dropout_mask(package.generator(3), 4, 5, 0.4))
    assert np.array_equal(M, (u >= 0.4).astype(float))
    rng = package.generator(3)
    _, cache = layers_of(package).dropout_forward([[1.0] * 5] * 4, 0.4, rng)
    assert np.array_equal(np.array(cache.M), M)  # the same draws as dropout_mask


@pytest.mark.parametrize("package", PACKAGES, ids=["purenn", "npnn"])
def test_dense_layer_shapes_and_reprs(package: Any) -> None:
    """Z is (N, n_out); the gradients have their variables' shapes; reprs show shapes."""
    nn = layers_of(package)
    X, W, b = [[1.0, 2.0, 3.0]] * 5, [[0.5] * 4] * 3, [[0.1] * 4]
    Z, cache = nn.dense_forward(X, W, b)
    grads = nn.dense_backward([[1.0] * 4] * 5, cache)
    assert np.shape(Z) == (5, 4)
    assert (np.shape(grads.dX), np.shape(grads.dW), np.shape(grads.db)) == ((5, 3), (3, 4), (1, 4))
    assert repr(cache) == "DenseCache(X=(5, 3), W=(3, 4), M=None, bias=True)"
    assert repr(grads) == "DenseGradients(dX=(5, 3), dW=(3, 4), db=(1, 4))"
    assert nn.dense_backward([[1.0] * 4] * 5, nn.dense_forward(X, W)[1]).db is None
    _, dropped = nn.dropout_forward(X, 0.5, package.generator(0))
    assert repr(dropped) == "DropoutCache(M=(5, 3), scale=2.0)"
