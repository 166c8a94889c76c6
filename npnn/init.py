r"""Initial weights from the one random stream, in numpy: \(W = (2u - 1) \cdot \text{limit}\).

The same three limits as :mod:`purenn.init`: 1 (the write-up's), He's
``sqrt(6 / fan_in)`` and Glorot's ``sqrt(6 / (fan_in + fan_out))``, each a
Python float computed by the same ``math`` routine as purenn's. The uniforms
are drawn in one call, row by row, and are the doubles purenn draws, so the
weights are purenn's, bit for bit.
"""

from __future__ import annotations

import math

from npnn.matrix import Matrix
from npnn.random import Generator, uniform
from purenn.init import INITS
from purenn.support import checks

__all__ = ["INITS", "glorot_uniform", "he_uniform", "init_layer", "init_limit", "init_uniform"]


# --8<-- [start:limit]
def _init_limit(name: str, fan_in: int, fan_out: int) -> float:
    if name == "he":
        return math.sqrt(6.0 / fan_in)  # a Python float, as purenn's
    if name == "glorot":
        return math.sqrt(6.0 / (fan_in + fan_out))
    return 1.0  # the write-up's [-1, 1)


def _init_layer(name: str, rng: Generator, fan_in: int, fan_out: int) -> Matrix:
    limit = _init_limit(name, fan_in, fan_out)
    return (2.0 * uniform(rng, fan_in, fan_out) - 1.0) * limit  # (fan_in, fan_out)


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
