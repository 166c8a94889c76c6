r"""Initial weights from the one random stream: \(W = (2u - 1) \cdot \text{limit}\).

Three limits, for a layer with ``fan_in`` inputs and ``fan_out`` outputs:

    uniform   limit = 1                              the write-up's [-1, 1)
    he        limit = sqrt(6 / fan_in)               He et al. (2015), for relu
    glorot    limit = sqrt(6 / (fan_in + fan_out))   Glorot and Bengio (2010), for tanh

He's limit keeps the variance of a relu layer's output near its input's;
Glorot's balances the forward and the backward pass of a tanh or sigmoid
layer. The write-up's limit of 1 ignores the layer's size: fine for 3 inputs,
too large for 512 (the first pre-activations grow like ``sqrt(fan_in)``).

The uniforms are drawn row by row, ``fan_in * fan_out`` of them; the limit is
a Python float, computed the same way in purenn and npnn.
"""

from __future__ import annotations

import math

from purenn.matrix import Matrix
from purenn.random import Generator, uniform
from purenn.support import checks

__all__ = ["INITS", "glorot_uniform", "he_uniform", "init_layer", "init_limit", "init_uniform"]

INITS = ("uniform", "he", "glorot")
"""The initialisations, by name."""


# --8<-- [start:limit]
def _init_limit(name: str, fan_in: int, fan_out: int) -> float:
    if name == "he":
        return math.sqrt(6.0 / fan_in)
    if name == "glorot":
        return math.sqrt(6.0 / (fan_in + fan_out))
    return 1.0  # the write-up's [-1, 1)


def _init_layer(name: str, rng: Generator, fan_in: int, fan_out: int) -> Matrix:
    limit = _init_limit(name, fan_in, fan_out)
    u = uniform(rng, fan_in, fan_out)  # (fan_in, fan_out), row by row
    return [[(2.0 * u_ij - 1.0) * limit for u_ij in row] for row in u]  # (fan_in, fan_out)


# --8<-- [end:limit]


def _check_sizes(op: str, fan_in: int, fan_out: int) -> None:
    checks.count(fan_in, op, "fan_in", 1)
    checks.count(fan_out, op, "fan_out", 1)


def init_limit(name: str, fan_in: int, fan_out: int) -> float:
    """Return the limit of the initialisation ``name``: weights lie in ``[-limit, limit)``.

    Raises:
        ParameterError: an unknown initialisation, or a size below 1.
    """
    name = checks.one_of(name, "init_limit", "initialisation", INITS)
    _check_sizes("init_limit", fan_in, fan_out)
    return _init_limit(name, fan_in, fan_out)


def init_layer(name: str, rng: Generator, fan_in: int, fan_out: int) -> Matrix:
    r"""Draw a layer's weights with ``name``: \(W = (2u - 1) \cdot \text{limit}\).

    Args:
        name: one of :data:`INITS`.
        rng: the generator to draw from.
        fan_in: the layer's inputs: the rows of ``W``.
        fan_out: the layer's outputs: the columns of ``W``.

    Returns:
        ``W``, shape ``(fan_in, fan_out)``.

    Raises:
        ParameterError: an unknown initialisation, or a size below 1.
    """
    name = checks.one_of(name, "init_layer", "initialisation", INITS)
    _check_sizes("init_layer", fan_in, fan_out)
    return _init_layer(name, rng, fan_in, fan_out)


def init_uniform(rng: Generator, fan_in: int, fan_out: int) -> Matrix:
    """The write-up's weights, uniform in [-1, 1): ``2u - 1``, shape ``(fan_in, fan_out)``."""
    _check_sizes("init_uniform", fan_in, fan_out)
    return _init_layer("uniform", rng, fan_in, fan_out)


def he_uniform(rng: Generator, fan_in: int, fan_out: int) -> Matrix:
    r"""He uniform: \((2u - 1)\sqrt{6 / \text{fan\_in}}\), shape ``(fan_in, fan_out)``."""
    _check_sizes("he_uniform", fan_in, fan_out)
    return _init_layer("he", rng, fan_in, fan_out)


def glorot_uniform(rng: Generator, fan_in: int, fan_out: int) -> Matrix:
    r"""Glorot uniform: \((2u - 1)\sqrt{6 / (\text{fan\_in} + \text{fan\_out})}\)."""
    _check_sizes("glorot_uniform", fan_in, fan_out)
    return _init_layer("glorot", rng, fan_in, fan_out)
