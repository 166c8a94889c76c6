r"""DropConnect: drop weights, not units.

The write-up calls this "dropout", but it zeroes randomly chosen *weights* on
each forward pass. That is DropConnect (Wan et al., 2013). Dropout
(Srivastava et al., 2014) zeroes *units*, a whole column of activations at a
time, and scales the survivors by \(1/(1-p)\).

On each training step, each weight matrix ``W`` of size ``n`` gets a fresh
mask ``M`` with ``floor(p * n)`` zeros, chosen as the write-up chooses them
(uniformly, without replacement). The forward pass uses ``W * M``, and so must
the backward pass: the gradient is taken of the loss that was computed. By
the chain rule, the gradient with respect to ``W`` is the gradient with respect
to ``W * M`` times ``M``, so a dropped weight gets zero gradient and is left
unchanged by that step. Prediction uses the full weights.
"""

from __future__ import annotations

import math

from purenn.matrix import Matrix, MatrixLike, _multiply
from purenn.random import Generator, _choose
from purenn.support import checks

__all__ = ["drop_connect", "dropconnect_mask"]


# --8<-- [start:mask]
def _dropconnect_mask(rng: Generator, rows: int, cols: int, p: float) -> Matrix:
    n = rows * cols
    flat = [1.0] * n
    for position in _choose(rng, math.floor(p * n), n):
        flat[position] = 0.0
    return [flat[i * cols : (i + 1) * cols] for i in range(rows)]  # (rows, cols)


# --8<-- [end:mask]


# --8<-- [start:masked]
def _masked(A: Matrix, M: Matrix | None) -> Matrix:
    return A if M is None else _multiply(A, M)  # A * M; None: nothing dropped (p = 0)


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
    W = checks.list_matrix(W, "drop_connect", "W", finite=True)
    M = checks.list_matrix(M, "drop_connect", "M", finite=True)
    checks.same_shape("drop_connect", (len(W), len(W[0])), (len(M), len(M[0])), "W", "M")
    return _multiply(W, M)
