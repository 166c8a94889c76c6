r"""Optimizers in numpy: how a step turns gradients into new weights (see :mod:`purenn.optim`).

    gd        W <- W - alpha g
    momentum  V <- mu V + g;   W <- W - alpha V
    adam      m <- b1 m + (1 - b1) g;   v <- b2 v + (1 - b2) (g * g)
              W <- W - (alpha (m / c1)) / (sqrt(v / c2) + eps),  c1 = 1 - b1**k, c2 = 1 - b2**k

The :class:`Optimizer` record is purenn's (settings, not numerics). Every
expression is evaluated in the order written, each entry rounded once per
operation as purenn rounds it; ``c1`` and ``c2`` are Python floats computed
as purenn computes them. With ``exact=True`` the square root is
:func:`math.sqrt`, entry by entry; otherwise ``np.sqrt`` (both are correctly
rounded, so they agree anyway). Nothing is changed in place.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from npnn.activations import _math
from npnn.matrix import Matrix, MatrixLike, _as_matrix
from purenn.errors import ParameterError
from purenn.optim import OPTIMIZERS, Optimizer
from purenn.support import checks
from purenn.support.records import record_repr

__all__ = ["OPTIMIZERS", "Optimizer", "OptimizerState", "initial_state", "optimizer_step"]


@dataclass(frozen=True, repr=False)
class OptimizerState:
    """What an optimizer carries from step to step, one matrix per parameter.

    ``t`` counts the steps taken. ``velocity`` is momentum's ``V``; ``m`` and
    ``v`` are Adam's moments. Each is empty for an optimizer that does not use it.
    """

    t: int
    velocity: tuple[Matrix, ...]
    m: tuple[Matrix, ...]
    v: tuple[Matrix, ...]

    __repr__ = record_repr


# --8<-- [start:kernels]
# --8<-- [start:gd]
def _gd(W: Matrix, g: Matrix, alpha: float) -> Matrix:
    return W - alpha * g


# --8<-- [end:gd]


# --8<-- [start:momentum]
def _momentum(W: Matrix, g: Matrix, V: Matrix, alpha: float, mu: float) -> tuple[Matrix, Matrix]:
    V = mu * V + g
    return W - alpha * V, V


# --8<-- [end:momentum]


# --8<-- [start:adam]
def _adam(
    W: Matrix,
    g: Matrix,
    m: Matrix,
    v: Matrix,
    o: Optimizer,
    c1: float,
    c2: float,
    exact: bool,
) -> tuple[Matrix, Matrix, Matrix]:
    m = o.beta1 * m + (1.0 - o.beta1) * g
    v = o.beta2 * v + (1.0 - o.beta2) * (g * g)
    root = _math(math.sqrt, v / c2) if exact else np.sqrt(v / c2)
    return W - (o.alpha * (m / c1)) / (root + o.eps), m, v


# --8<-- [end:adam]


def _initial_state(o: Optimizer, params: Sequence[Matrix]) -> OptimizerState:
    if o.name == "momentum":
        return OptimizerState(0, tuple(np.zeros_like(W) for W in params), (), ())
    if o.name == "adam":
        m = tuple(np.zeros_like(W) for W in params)
        return OptimizerState(0, (), m, tuple(np.zeros_like(W) for W in params))
    return OptimizerState(0, (), (), ())


def _optimizer_step(
    o: Optimizer,
    params: Sequence[Matrix],
    grads: Sequence[Matrix],
    state: OptimizerState,
    exact: bool,
) -> tuple[list[Matrix], OptimizerState]:
    t = state.t + 1
    if o.name == "momentum":
        stepped = [
            _momentum(W, g, V, o.alpha, o.momentum)
            for W, g, V in zip(params, grads, state.velocity)
        ]
        return [W for W, _ in stepped], OptimizerState(t, tuple(V for _, V in stepped), (), ())
    if o.name == "adam":
        c1, c2 = 1.0 - o.beta1**t, 1.0 - o.beta2**t  # bias corrections: Python floats
        moved = [
            _adam(W, g, m, v, o, c1, c2, exact)
            for W, g, m, v in zip(params, grads, state.m, state.v)
        ]
        m, v = tuple(m for _, m, _ in moved), tuple(v for _, _, v in moved)
        return [W for W, _, _ in moved], OptimizerState(t, (), m, v)
    return [_gd(W, g, o.alpha) for W, g in zip(params, grads)], OptimizerState(t, (), (), ())


# --8<-- [end:kernels]


def _check_optimizer(op: str, optimizer: object) -> Optimizer:
    if not isinstance(optimizer, Optimizer):
        raise ParameterError(
            f"{op}: optimizer must be an Optimizer record, got {type(optimizer).__name__}"
        )
    return optimizer


def _check_list(op: str, name: str, values: object) -> list[Matrix]:
    if isinstance(values, str) or not isinstance(values, Sequence) or len(values) == 0:
        raise ParameterError(f"{op}: {name} must be a non-empty list of matrices")
    return [_as_matrix(A, op, f"{name}[{i}]", finite=True) for i, A in enumerate(values)]


def initial_state(optimizer: Optimizer, params: Sequence[MatrixLike]) -> OptimizerState:
    """Return the state before the first step: ``t = 0`` and zeros the shape of each parameter.

    Raises:
        ParameterError: ``optimizer`` is not an :class:`Optimizer`, or ``params`` is empty.
        ShapeError: a parameter is not a matrix.
    """
    o = _check_optimizer("initial_state", optimizer)
    return _initial_state(o, _check_list("initial_state", "params", params))


def optimizer_step(
    optimizer: Optimizer,
    params: Sequence[MatrixLike],
    grads: Sequence[MatrixLike],
    state: OptimizerState,
    *,
    exact: bool = False,
) -> tuple[list[Matrix], OptimizerState]:
    r"""Take one step: return the new parameters and the new state; change nothing in place.

    Args:
        optimizer: which optimizer, with its settings.
        params: the parameters, each a matrix.
        grads: the gradient of the loss with respect to each parameter, in
            the same order and shapes.
        state: the state after the previous step, or :func:`initial_state`.
        exact: take Adam's square root from :mod:`math`, as purenn does.

    Returns:
        ``(new_params, new_state)``.

    Raises:
        ParameterError: ``optimizer`` is not an :class:`Optimizer`, or the
            lists or the state do not match.
        ShapeError: a gradient differs in shape from its parameter.
        DataError: a value is not a finite number.
    """
    op = "optimizer_step"
    o = _check_optimizer(op, optimizer)
    W = _check_list(op, "params", params)
    g = _check_list(op, "grads", grads)
    if len(g) != len(W):
        raise ParameterError(f"{op}: grads has {len(g)} matrices but params has {len(W)}")
    for i, (W_i, g_i) in enumerate(zip(W, g)):
        checks.same_shape(op, W_i.shape, g_i.shape, f"params[{i}]", f"grads[{i}]")
    if not isinstance(state, OptimizerState):
        raise ParameterError(f"{op}: state must be an OptimizerState, got {type(state).__name__}")
    expected = _initial_state(o, W)
    for field in ("velocity", "m", "v"):
        held, wanted = getattr(state, field), getattr(expected, field)
        shapes = [np.shape(A) for A in held] if isinstance(held, tuple) else None
        if shapes != [A.shape for A in wanted]:
            raise ParameterError(
                f"{op}: the state does not fit {o.name} on these params; "
                f"start from initial_state(optimizer, params)"
            )
    checks.count(state.t, op, "state.t", 0)
    return _optimizer_step(o, W, g, state, exact)
