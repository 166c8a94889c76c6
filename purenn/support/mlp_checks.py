"""Argument checks of the general network (``purenn.mlp`` and ``npnn.mlp``), written once.

The checks work on shapes. Each package hands them a :class:`Matrices`: how
it turns an argument into its own matrix (rows of floats, or a 2-D array),
refusing anything that is not a matrix of finite numbers, and how it refuses
a target that is not a class label. The checks then compare shapes with the
layer sizes, so both packages refuse the same arguments, in the same order,
with the same words.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

from purenn.errors import ParameterError, ShapeError
from purenn.support import checks
from purenn.support.records import shape_of, shown

__all__ = ["LISTS", "Matrices", "Network", "cache_of", "record", "training"]

M = TypeVar("M")
R = TypeVar("R")


class Network(Protocol):
    """What the checks read of a network's ``Config``."""

    @property
    def sizes(self) -> tuple[int, ...]: ...
    @property
    def loss(self) -> str: ...
    @property
    def bias(self) -> bool: ...
    @property
    def dropout(self) -> str: ...


@dataclass(frozen=True)
class Matrices(Generic[M]):
    """The checks of a package's matrices: how it makes them, then their shapes.

    ``convert(A, op, name)`` returns ``A`` as the package's matrix, or raises
    if it is not a matrix of finite numbers; ``refuse_non_binary(op, t)``
    raises if a target is neither 0 nor 1.
    """

    convert: Callable[[object, str, str], M]
    refuse_non_binary: Callable[[str, M], None]

    def weights(
        self, op: str, net: Network, W: Sequence[object], b: Sequence[object] | None
    ) -> tuple[tuple[M, ...], tuple[M, ...] | None]:
        """Every weight and bias a finite matrix of the shape the layer sizes give."""
        sizes, L = net.sizes, len(net.sizes) - 1
        if len(W) != L:
            raise ShapeError(
                f"{op}: params has {len(W)} weight "
                f"{'matrix' if len(W) == 1 else 'matrices'}, but layer sizes {sizes} "
                f"need {L}; the layers do not chain"
            )
        W_checked = tuple(self.convert(A, op, f"W[{k}]") for k, A in enumerate(W))
        for k, A in enumerate(W_checked):
            checks.chained(op, f"W[{k}]", _shape(A), (sizes[k], sizes[k + 1]), sizes)
        if (b is None) == net.bias:
            want = "biases" if net.bias else "no biases"
            raise ParameterError(
                f"{op}: the config asks for {want}, but params.b is {shown('b', b)}"
            )
        if b is None:
            return W_checked, None
        if len(b) != L:
            raise ShapeError(
                f"{op}: params has {len(b)} bias rows, but layer sizes {sizes} need {L}"
            )
        b_checked = tuple(self.convert(A, op, f"b[{k}]") for k, A in enumerate(b))
        for k, A in enumerate(b_checked):
            checks.chained(op, f"b[{k}]", _shape(A), (1, sizes[k + 1]), sizes)
        return W_checked, b_checked

    def inputs(self, op: str, net: Network, X0: object) -> M:
        """Inputs ``(N, sizes[0])``."""
        X0_checked = self.convert(X0, op, "X0")
        N = _shape(X0_checked)[0]
        checks.chained(op, "X0", _shape(X0_checked), (N, net.sizes[0]), net.sizes)
        return X0_checked

    def outputs(self, op: str, net: Network, y: object) -> M:
        """Outputs ``(N, sizes[-1])``."""
        y_checked = self.convert(y, op, "y")
        N = _shape(y_checked)[0]
        checks.chained(op, "y", _shape(y_checked), (N, net.sizes[-1]), net.sizes)
        return y_checked

    def targets(self, op: str, net: Network, t: object, N: int) -> M:
        """Targets ``(N, sizes[-1])``; class labels 0 or 1 for cross-entropy."""
        t_checked = self.convert(t, op, "t")
        checks.chained(op, "t", _shape(t_checked), (N, net.sizes[-1]), net.sizes)
        if net.loss == "cross_entropy":
            self.refuse_non_binary(op, t_checked)
        return t_checked

    def masks(self, op: str, net: Network, given: object, N: int) -> tuple[M | None, ...]:
        """One mask (or ``None``) per layer, each of the shape its kind of dropout needs."""
        sizes, L = net.sizes, len(net.sizes) - 1
        if given is None:
            return tuple(None for _ in range(L))
        if not isinstance(given, tuple | list) or len(given) != L:
            got = shown("masks", given) if isinstance(given, tuple | list) else type(given).__name__
            raise ShapeError(f"{op}: masks must hold one entry per layer ({L}), got {got}")
        checked: list[M | None] = []
        for k, M_k in enumerate(given):
            if M_k is None:
                checked.append(None)
                continue
            if net.dropout == "units" and k == L - 1:
                raise ShapeError(f"{op}: masks[{k}] must be None: the output layer drops no units")
            M_checked = self.convert(M_k, op, f"masks[{k}]")
            want = (sizes[k], sizes[k + 1]) if net.dropout == "connect" else (N, sizes[k + 1])
            checks.chained(op, f"masks[{k}]", _shape(M_checked), want, sizes)
            checked.append(M_checked)
        return tuple(checked)


def _shape(A: object) -> checks.Shape:
    shape = shape_of(A)
    assert shape is not None, "convert returns a matrix"
    return shape


def _list_matrix(A: object, op: str, name: str) -> list[list[float]]:
    return checks.list_matrix(A, op, name, finite=True)


def _refuse_non_binary(op: str, t: list[list[float]]) -> None:
    where = checks.first_non_binary(t)
    if where is not None:
        raise checks.non_binary_error(op, "t", where)


LISTS: Matrices[list[list[float]]] = Matrices(_list_matrix, _refuse_non_binary)
"""purenn's matrices: lists of rows of floats."""


def record(op: str, name: str, value: object, kind: type[R]) -> R:
    """Refuse a ``value`` that is not a ``kind`` record (a ``Config``, ``Params``, ...)."""
    if not isinstance(value, kind):
        article = "an" if kind.__name__[0] in "AEIOU" else "a"
        raise ParameterError(
            f"{op}: {name} must be {article} {kind.__name__} record, got {type(value).__name__}"
        )
    return value


def cache_of(op: str, net: Network, cache: object, kind: type[R], layers: Callable[[R], int]) -> R:
    """Refuse a ``cache`` that is not the ``Forward`` record of a network of these sizes."""
    if not isinstance(cache, kind) or layers(cache) != len(net.sizes) - 1:
        raise ShapeError(
            f"{op}: cache must be the Forward record that forward returned for this config"
        )
    return cache


def training(
    op: str,
    optimizer: object,
    optimizer_kind: type[R],
    batch_size: object,
    n_epochs: object,
    seed: object,
    callback: object,
) -> tuple[R, int | None, int, int]:
    """The settings of ``fit``: ``(optimizer, batch_size, n_epochs, seed)``, checked in order."""
    checked = record(op, "optimizer", optimizer, optimizer_kind)
    size = checks.batch_size(batch_size, op)
    n = checks.count(n_epochs, op, "n_epochs", 0)
    whole = checks.whole_seed(seed, op)
    checks.callable_or_none(callback, op, "callback")
    return checked, size, n, whole
