r"""Optimizers: how a step turns gradients into new weights.

For each parameter ``W`` with gradient ``g`` (same shape), step ``k = 1, 2, ...``:

    gd        W <- W - alpha g                                  (the write-up's)
    momentum  V <- mu V + g;   W <- W - alpha V
    adam      m <- b1 m + (1 - b1) g
              v <- b2 v + (1 - b2) (g * g)
              W <- W - (alpha (m / c1)) / (sqrt(v / c2) + eps),
              with c1 = 1 - b1**k and c2 = 1 - b2**k

(Momentum as PyTorch writes it; Adam as Kingma and Ba, 2015, Algorithm 1.)
``V``, ``m`` and ``v`` start at zero. Nothing is changed in place: a step
takes the parameters and an :class:`OptimizerState` and returns new ones, so
a debugger shows every step's values. The bias corrections ``c1`` and ``c2``
are Python floats, computed the same way in purenn and npnn, and every
expression is evaluated in the order written above, so npnn's exact mode
gives purenn's bits (``sqrt`` from :mod:`math` in both).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from purenn.errors import ParameterError
from purenn.matrix import Matrix, MatrixLike, _scale, _subtract, _zeros
from purenn.support import checks
from purenn.support.records import record_repr

__all__ = ["OPTIMIZERS", "Optimizer", "OptimizerState", "initial_state", "optimizer_step"]

OPTIMIZERS = ("gd", "momentum", "adam")
"""The optimizers, by name: plain gradient descent, momentum, Adam."""


@dataclass(frozen=True)
class Optimizer:
    """An optimizer and its settings; checked when made.

    ``gd`` uses ``alpha``; ``momentum`` adds ``momentum`` (``mu``); ``adam``
    uses ``alpha``, ``beta1``, ``beta2`` and ``eps``.

    Raises:
        ParameterError: an unknown name or a setting out of range.
    """

    name: str  # one of OPTIMIZERS
    alpha: float  # learning rate, above 0
    momentum: float = 0.9  # momentum's mu, in [0, 1)
    beta1: float = 0.9  # Adam's decay of the first moment, in [0, 1)
    beta2: float = 0.999  # Adam's decay of the second moment, in [0, 1)
    eps: float = 1e-8  # Adam's guard against dividing by zero, above 0

    def __post_init__(self) -> None:
        op = "Optimizer"
        checks.one_of(self.name, op, "optimizer", OPTIMIZERS)
        object.__setattr__(self, "alpha", checks.step_size(self.alpha, op))
        object.__setattr__(self, "momentum", checks.share(self.momentum, op, "momentum"))
        object.__setattr__(self, "beta1", checks.share(self.beta1, op, "beta1"))
        object.__setattr__(self, "beta2", checks.share(self.beta2, op, "beta2"))
        object.__setattr__(self, "eps", checks.positive(self.eps, op, "eps"))


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
    return _subtract(W, _scale(alpha, g))  # W - alpha g


# --8<-- [end:gd]


# --8<-- [start:momentum]
def _momentum(W: Matrix, g: Matrix, V: Matrix, alpha: float, mu: float) -> tuple[Matrix, Matrix]:
    columns = range(len(W[0]))
    V = [[mu * V_row[j] + g_row[j] for j in columns] for V_row, g_row in zip(V, g)]
    return _subtract(W, _scale(alpha, V)), V  # W - alpha V, and V


# --8<-- [end:momentum]


# --8<-- [start:adam]
def _adam(
    W: Matrix, g: Matrix, m: Matrix, v: Matrix, o: Optimizer, c1: float, c2: float
) -> tuple[Matrix, Matrix, Matrix]:
    one_minus_b1, one_minus_b2 = 1.0 - o.beta1, 1.0 - o.beta2
    W_new, m_new, v_new = [], [], []
    for W_row, g_row, m_row, v_row in zip(W, g, m, v):
        W_new_row, m_new_row, v_new_row = [], [], []
        for w, g_ij, m_ij, v_ij in zip(W_row, g_row, m_row, v_row):
            m_ij = o.beta1 * m_ij + one_minus_b1 * g_ij
            v_ij = o.beta2 * v_ij + one_minus_b2 * (g_ij * g_ij)
            W_new_row.append(w - (o.alpha * (m_ij / c1)) / (math.sqrt(v_ij / c2) + o.eps))
            m_new_row.append(m_ij)
            v_new_row.append(v_ij)
        W_new.append(W_new_row)
        m_new.append(m_new_row)
        v_new.append(v_new_row)
    return W_new, m_new, v_new


# --8<-- [end:adam]


def _initial_state(o: Optimizer, params: Sequence[Matrix]) -> OptimizerState:
    zeros = tuple(_zeros(len(W), len(W[0])) for W in params)  # one per parameter
    if o.name == "momentum":
        return OptimizerState(0, zeros, (), ())
    if o.name == "adam":
        return OptimizerState(0, (), zeros, tuple(_zeros(len(W), len(W[0])) for W in params))
    return OptimizerState(0, (), (), ())


def _optimizer_step(
    o: Optimizer, params: Sequence[Matrix], grads: Sequence[Matrix], state: OptimizerState
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
        stepped_adam = [
            _adam(W, g, m, v, o, c1, c2) for W, g, m, v in zip(params, grads, state.m, state.v)
        ]
        return [W for W, _, _ in stepped_adam], OptimizerState(
            t, (), tuple(m for _, m, _ in stepped_adam), tuple(v for _, _, v in stepped_adam)
        )
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
    return [checks.list_matrix(A, op, f"{name}[{i}]", finite=True) for i, A in enumerate(values)]


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
        shape_W, shape_g = (len(W_i), len(W_i[0])), (len(g_i), len(g_i[0]))
        checks.same_shape(op, shape_W, shape_g, f"params[{i}]", f"grads[{i}]")
    if not isinstance(state, OptimizerState):
        raise ParameterError(f"{op}: state must be an OptimizerState, got {type(state).__name__}")
    expected = _initial_state(o, W)
    for field in ("velocity", "m", "v"):
        held, wanted = getattr(state, field), getattr(expected, field)
        shapes = [(len(A), len(A[0])) for A in held] if isinstance(held, tuple) else None
        if shapes != [(len(A), len(A[0])) for A in wanted]:
            raise ParameterError(
                f"{op}: the state does not fit {o.name} on these params; "
                f"start from initial_state(optimizer, params)"
            )
    checks.count(state.t, op, "state.t", 0)
    return _optimizer_step(o, W, g, state)
