r"""Two interleaved half-moons: a two-class problem that no straight line separates.

Row ``i`` belongs to class ``c = i % 2`` (the classes alternate, so any ``n``
is balanced to within one row) and draws three uniforms from the stream,
``u0, u1, u2``, row by row:

    theta = pi * u0                               an angle in [0, pi)
    class 0:  x1 = cos(theta),       x2 = sin(theta)          the upper moon
    class 1:  x1 = 1 - cos(theta),   x2 = 1/2 - sin(theta)    the lower moon, shifted
    then      x1 += noise * (2 u1 - 1),  x2 += noise * (2 u2 - 1)

The noise is uniform in ``[-noise, noise)`` on each coordinate, built from
the stream's one operation, ``2u - 1``. The inputs lie in about [-1, 2] by
[-0.5, 1], so they need no scaling. No straight line separates them: each
moon's tip reaches into the other's hollow. Logistic regression (a network
with no hidden layer) classifies about 89% of held-out points right
(400 points, noise 0.1); two hidden relu layers of 16 units, all of them.

``cos`` and ``sin`` are :mod:`math`'s, and npnn computes the data with the
very same routines, so both packages train on the same bits.
"""

from __future__ import annotations

import math

from purenn.errors import ParameterError
from purenn.matrix import Matrix, MatrixLike
from purenn.random import Generator, uniform
from purenn.support import checks

__all__ = ["accuracy", "make_moons"]


# --8<-- [start:moons]
def _make_moons(rng: Generator, n: int, noise: float) -> tuple[Matrix, Matrix]:
    X, t = [], []
    for i, (u0, u1, u2) in enumerate(uniform(rng, n, 3)):  # 3 uniforms per row
        theta = math.pi * u0
        if i % 2 == 0:
            x1, x2 = math.cos(theta), math.sin(theta)  # class 0: the upper moon
        else:
            x1, x2 = 1.0 - math.cos(theta), 0.5 - math.sin(theta)  # class 1: the lower one
        X.append([x1 + noise * (2.0 * u1 - 1.0), x2 + noise * (2.0 * u2 - 1.0)])
        t.append([float(i % 2)])
    return X, t  # (n, 2), (n, 1)


# --8<-- [end:moons]


def _accuracy(y: Matrix, t: Matrix, threshold: float) -> float:
    right = 0
    for y_row, t_row in zip(y, t):
        for y_i, t_i in zip(y_row, t_row):
            right += (1.0 if y_i > threshold else 0.0) == t_i  # whole numbers: exact
    return right / (len(y) * len(y[0]))


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
    y = checks.list_matrix(y, op, "y", finite=True)
    t = checks.list_matrix(t, op, "t", finite=True)
    checks.same_shape(op, (len(y), len(y[0])), (len(t), len(t[0])), "y", "t")
    where = checks.first_non_binary(t)
    if where is not None:
        raise checks.non_binary_error(op, "t", where)
    return _accuracy(y, t, checks.scalar(threshold, op, "threshold"))
