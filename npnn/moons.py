r"""Two interleaved half-moons, drawn in numpy (see :mod:`purenn.moons`).

Row ``i`` is class ``i % 2`` and draws ``u0, u1, u2``; ``theta = pi u0``; class 0
is ``(cos theta, sin theta)``, class 1 ``(1 - cos theta, 1/2 - sin theta)``;
then ``noise (2u - 1)`` is added to each coordinate.

The data are generated natively: the ``3 n`` uniforms in one call (the same
doubles purenn draws), the arithmetic on whole arrays, in purenn's order.
Only ``cos`` and ``sin`` are taken from :mod:`math`, entry by entry, and not
from numpy, in every mode: the data set is a fixed example, and with the
same routines it is the same in both packages, bit for bit, so a network
trained by one can be scored on the other's data.
"""

from __future__ import annotations

import math

import numpy as np

from npnn.activations import _math
from npnn.matrix import Matrix, MatrixLike, _as_matrix
from npnn.random import Generator, uniform
from purenn.errors import ParameterError
from purenn.support import checks

__all__ = ["accuracy", "make_moons"]


# --8<-- [start:moons]
def _make_moons(rng: Generator, n: int, noise: float) -> tuple[Matrix, Matrix]:
    u = uniform(rng, n, 3)  # (n, 3): 3 uniforms per row
    theta = math.pi * u[:, 0:1]  # (n, 1)
    cos, sin = _math(math.cos, theta), _math(math.sin, theta)  # math's, as purenn
    t = (np.arange(n) % 2).astype(np.float64).reshape(n, 1)  # (n, 1): 0, 1, 0, 1, ...
    lower = t == 1.0
    x1 = np.where(lower, 1.0 - cos, cos)  # class 1: the lower moon, shifted
    x2 = np.where(lower, 0.5 - sin, sin)
    X = np.hstack((x1 + noise * (2.0 * u[:, 1:2] - 1.0), x2 + noise * (2.0 * u[:, 2:3] - 1.0)))
    return X, t  # (n, 2), (n, 1)


# --8<-- [end:moons]


def _accuracy(y: Matrix, t: Matrix, threshold: float) -> float:
    right = int(np.count_nonzero(np.where(y > threshold, 1.0, 0.0) == t))
    return right / int(y.size)


def make_moons(rng: Generator, n: int, *, noise: float = 0.1) -> tuple[Matrix, Matrix]:
    r"""Draw ``n`` points of two interleaved half-moons, and their classes.

    Args:
        rng: the generator to draw from: ``3 n`` uniforms, row by row.
        n: the number of points; the classes alternate 0, 1, 0, 1, ...
        noise: the half-width of the uniform noise added to each coordinate.

    Returns:
        ``(X, t)``: ``X`` is ``(n, 2)``, ``t`` is ``(n, 1)`` and holds 0 or 1.

    Raises:
        ParameterError: ``n`` below 1, or ``noise`` negative or not finite.
    """
    n = checks.count(n, "make_moons", "n", 1)
    noise = checks.scalar(noise, "make_moons", "noise")
    if noise < 0.0:
        raise ParameterError(f"make_moons: noise must be at least 0, got {noise!r}")
    return _make_moons(rng, n, noise)


def accuracy(y: MatrixLike, t: MatrixLike, *, threshold: float = 0.0) -> float:
    r"""Return the share of rows classified right: class 1 where \(y > \text{threshold}\).

    For logits (a network trained with cross-entropy) the threshold is 0,
    where the sigmoid crosses 1/2; for probabilities, use 0.5.

    Args:
        y: outputs, shape ``(N, K)``.
        t: classes, 0 or 1, the shape of ``y``.
        threshold: the output above which a row is class 1.

    Raises:
        ShapeError: ``y`` and ``t`` differ in shape.
        DataError: a value is not finite, or a class is neither 0 nor 1.
    """
    op = "accuracy"
    y = _as_matrix(y, op, "y", finite=True)
    t = _as_matrix(t, op, "t", finite=True)
    checks.same_shape(op, y.shape, t.shape, "y", "t")
    bad = (t != 0.0) & (t != 1.0)
    if bad.any():
        i, j = (int(k) for k in np.argwhere(bad)[0])
        raise checks.non_binary_error(op, "t", (i, j, float(t[i, j])))
    return _accuracy(y, t, checks.scalar(threshold, op, "threshold"))
