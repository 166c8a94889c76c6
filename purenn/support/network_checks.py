"""Argument checks of the write-up's network, written once for both packages.

A package makes one :class:`NetworkChecks` from its own converter,
``as_matrix(A, op, name, finite=True)``, which checks one matrix and returns
it as that package holds matrices (rows of floats in purenn, a 2-D float64
array in npnn); the checks here compare the shapes and raise the same errors
with the same words in both.
"""

from __future__ import annotations

from typing import Any, Generic, Protocol, TypeVar

from purenn.errors import ShapeError
from purenn.support import bounds, checks
from purenn.support.checks import Shape
from purenn.support.records import shape_of

__all__ = ["AsMatrix", "NetworkChecks"]

M = TypeVar("M")
M_co = TypeVar("M_co", covariant=True)


class AsMatrix(Protocol[M_co]):
    """A package's converter: checks one matrix, returns it in the package's type."""

    def __call__(self, A: object, op: str, name: str, *, finite: bool = False) -> M_co: ...


def _shape(A: object) -> Shape:
    shape = shape_of(A)
    assert shape is not None, "a converter returns a matrix"
    return shape


class NetworkChecks(Generic[M]):
    """The checks of the network's public functions, over one package's converter."""

    def __init__(self, as_matrix: AsMatrix[M]) -> None:
        self.as_matrix = as_matrix

    def network(self, op: str, X0: object, W1: object, W2: object) -> tuple[M, M, M]:
        """Check ``X0 (N, D)``, ``W1 (D, n_h)``, ``W2 (n_h, 1)``: shapes and finite values."""
        X0_, W1_, W2_ = (
            self.as_matrix(A, op, name, finite=True)
            for A, name in ((X0, "X0"), (W1, "W1"), (W2, "W2"))
        )
        W1_shape = _shape(W1_)
        checks.inner_sizes(op, _shape(X0_), W1_shape, "X0", "W1")
        checks.expect_shape(op, "W2", _shape(W2_), (W1_shape[1], 1), ("W1", W1_shape))
        return X0_, W1_, W2_

    def targets(self, op: str, t: object, against: tuple[str, Shape]) -> M:
        """Check ``t (N, 1)``, where ``N`` is the number of rows of the matrix ``against``."""
        t_ = self.as_matrix(t, op, "t", finite=True)
        checks.expect_shape(op, "t", _shape(t_), (against[1][0], 1), against)
        return t_

    def column(self, op: str, y: object) -> M:
        """Check ``y (N, 1)``: one prediction per row."""
        y_ = self.as_matrix(y, op, "y", finite=True)
        checks.expect_shape(op, "y", _shape(y_), (None, 1))
        return y_

    def cache(
        self, op: str, record: object, kind: type, X0_shape: Shape, n_h: int
    ) -> tuple[M, M, M]:
        """Check the forward pass's record: ``Z1 (N, n_h)``, ``X1 (N, n_h)``, ``y (N, 1)``."""
        if not isinstance(record, kind):
            raise ShapeError(
                f"{op}: cache must be the Forward record that forward returned, "
                f"got {type(record).__name__}"
            )
        N = X0_shape[0]
        out = []
        for name, width in (("Z1", n_h), ("X1", n_h), ("y", 1)):
            A = self.as_matrix(getattr(record, name), op, name, finite=True)
            checks.expect_shape(op, name, _shape(A), (N, width), ("X0", X0_shape))
            out.append(A)
        return out[0], out[1], out[2]

    def training(
        self,
        op: str,
        X0: object,
        t: object,
        settings: dict[str, Any],
        callback: object,
    ) -> tuple[M, M, int, int, float, float, int]:
        """Check what ``train`` is given: ``X0 (N, D)``, ``t (N, 1)``, the settings, the callback.

        Returns ``X0``, ``t``, then ``n_h, n_iter, alpha, p, seed``, checked.
        """
        X0_ = self.as_matrix(X0, op, "X0", finite=True)
        t_ = self.targets(op, t, ("X0", _shape(X0_)))
        n_h, n_iter, alpha, p, seed = checks.settings(op, **settings)
        N, D = _shape(X0_)
        bounds.network_size(op, N, (D, n_h, 1))  # before any matrix of that size is made
        checks.callable_or_none(callback, op, "callback")
        return X0_, t_, n_h, n_iter, alpha, p, seed
