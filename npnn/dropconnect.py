r"""DropConnect: drop weights, not units (see :mod:`purenn.dropconnect`).

The write-up calls this "dropout", but it zeroes randomly chosen *weights*.
That is DropConnect (Wan et al., 2013); dropout (Srivastava et al., 2014)
zeroes *units* and scales the survivors by \(1/(1-p)\). The forward and the
backward pass use the same masked weights, so a dropped weight gets zero
gradient; prediction uses the full weights.
"""

from __future__ import annotations

import math

import numpy as np

from npnn.matrix import Matrix, MatrixLike, _as_matrix
from npnn.random import Generator, _choose
from purenn.support import checks

__all__ = ["drop_connect", "dropconnect_mask"]


# --8<-- [start:mask]
def _dropconnect_mask(rng: Generator, rows: int, cols: int, p: float) -> Matrix:
    n = rows * cols
    flat = np.ones(n)
    flat[_choose(rng, math.floor(p * n), n)] = 0.0
    return flat.reshape(rows, cols)  # (rows, cols)


# --8<-- [end:mask]


# --8<-- [start:masked]
def _masked(A: Matrix, M: Matrix | None) -> Matrix:
    return A if M is None else A * M  # None: nothing dropped (p = 0)


# --8<-- [end:masked]


def dropconnect_mask(rng: Generator, rows: int, cols: int, p: float) -> Matrix:
    """Return a ``(rows, cols)`` mask of ``1.0`` with ``floor(p * rows * cols)`` zeros.

    The zeros sit at the positions (counted row by row) of the smallest of
    ``rows * cols`` uniforms drawn from ``rng``.

    Raises:
        ParameterError: ``rng`` is not a generator, ``p`` outside [0, 1), or
            ``rows``/``cols`` below 1.
    """
    checks.generator_of(rng, "dropconnect_mask", Generator)
    p = checks.rate(p, "dropconnect_mask")
    checks.count(rows, "dropconnect_mask", "rows", 1)
    checks.count(cols, "dropconnect_mask", "cols", 1)
    return _dropconnect_mask(rng, rows, cols, p)


def drop_connect(W: MatrixLike, M: MatrixLike) -> Matrix:
    """Return ``W * M``: the weights with the masked entries set to zero.

    Raises:
        ShapeError: ``W`` and ``M`` differ in shape, or either is not a matrix.
    """
    W = _as_matrix(W, "drop_connect", "W", finite=True)
    M = _as_matrix(M, "drop_connect", "M", finite=True)
    checks.same_shape("drop_connect", W.shape, M.shape, "W", "M")
    return W * M
