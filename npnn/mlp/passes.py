"""The general network's passes in numpy: initial parameters, masks, forward and backward.

See :mod:`npnn.mlp` for the equations and the workspace.
"""

from __future__ import annotations

import itertools

import numpy as np

from npnn.activations import _activation_backward, _activation_forward
from npnn.dropconnect import _dropconnect_mask
from npnn.init import _init_layer
from npnn.layers import DropoutCache, _dense_backward, _dense_forward, _dropout, _dropout_mask
from npnn.losses import _check_binary, _loss_gradient, _loss_value
from npnn.matrix import Matrix, MatrixLike, _as_matrix
from npnn.mlp.records import Config, Forward, Gradients, LayerCache, Masks, Params
from npnn.random import Generator
from purenn.support import bounds, checks
from purenn.support import mlp_checks as check

__all__ = ["backward", "draw_masks", "forward", "init_params", "loss", "predict"]


def _finite_matrix(A: object, op: str, name: str) -> Matrix:
    return _as_matrix(A, op, name, finite=True)


ARRAYS: check.Matrices[Matrix] = check.Matrices(_finite_matrix, _check_binary)
"""npnn's matrices for the shared checks: 2-D float64 arrays."""


class _Workspace:
    """Arrays made once and written into by every step of :func:`fit`, in default mode.

    For each layer ``k``, sized for the largest batch ``B``: ``Z[k]``
    ``(B, n_k)`` for the forward pass (for relu and identity ``A[k]`` is the
    same array: the activation is applied in place), ``X[k]`` for a unit-dropout
    output, ``G[k]`` for the gradient that flows back into the layer's
    output (``dX_k``, then ``dA_k`` and ``dZ_k`` in place), and ``keep[k]``
    for relu's ``A > 0``. A step uses the first ``n`` rows of each.
    """

    def __init__(self, config: Config, B: int) -> None:
        widths = config.sizes[1:]
        self.X0 = np.empty((B, config.sizes[0]))  # a gathered batch
        self.t = np.empty((B, config.sizes[-1]))
        self.Z = [np.empty((B, n)) for n in widths]
        # relu and identity overwrite Z in place: their derivatives need no more than
        # A ([Z > 0] is [A > 0]). The others' derivatives are computed from Z: kept apart.
        names = [config.activation] * (len(widths) - 1) + [config.output]
        self.A = [
            Z if f in ("relu", "identity") else np.empty_like(Z) for Z, f in zip(self.Z, names)
        ]
        self.X = [np.empty((B, n)) for n in widths] if config.dropout == "units" else []
        self.G = [np.empty((B, n)) for n in widths]
        self.keep = [np.empty((B, n), dtype=np.bool_) for n in widths]


# --8<-- [start:init]
def _init_params(config: Config, rng: Generator) -> Params:
    sizes = config.sizes
    W = tuple(
        _init_layer(config.init, rng, n_in, n_out)  # (n_in, n_out), layer by layer
        for n_in, n_out in itertools.pairwise(sizes)
    )
    b = tuple(np.zeros((1, n_out)) for n_out in sizes[1:]) if config.bias else None  # no draws
    return Params(W, b)


# --8<-- [end:init]


# --8<-- [start:masks]
def _draw_masks(config: Config, rng: Generator, N: int) -> Masks:
    sizes, p = config.sizes, config.p
    layers = range(len(sizes) - 1)
    if p == 0.0:
        return tuple(None for _ in layers)  # nothing dropped, nothing drawn
    if config.dropout == "connect":  # one mask per weight matrix, (n_in, n_out)
        return tuple(_dropconnect_mask(rng, sizes[k], sizes[k + 1], p) for k in layers)
    last = layers[-1]  # units: one mask per hidden layer's output, (N, n_k)
    return tuple(None if k == last else _dropout_mask(rng, N, sizes[k + 1], p) for k in layers)


# --8<-- [end:masks]


# --8<-- [start:forward]
def _forward(
    config: Config,
    params: Params,
    X0: Matrix,
    masks: Masks,
    exact: bool,
    ws: _Workspace | None = None,
) -> Forward:
    L, n = len(params.W), X0.shape[0]
    scale = 1.0 / (1.0 - config.p)  # inverted dropout
    connect = config.dropout == "connect"
    X, layers = X0, []
    for k in range(L):
        b = None if params.b is None else params.b[k]
        M = masks[k] if connect else None  # DropConnect mask of W_k
        out = None if ws is None else ws.Z[k][:n]
        Z, dense = _dense_forward(X, params.W[k], b, M, exact, out)  # (N, n_k)
        f = config.output if k == L - 1 else config.activation
        out = None if ws is None else ws.A[k][:n]
        A, activation = _activation_forward(f, Z, exact, out)  # (N, n_k)
        D = None if connect else masks[k]  # unit-dropout mask of A_k
        if D is None:
            X, dropout = A, None
        else:
            out = None if ws is None else ws.X[k][:n]
            X, dropout = _dropout(A, D, scale, out), DropoutCache(D, scale)  # (N, n_k)
        layers.append(LayerCache(dense, activation, dropout))
    return Forward(tuple(layers), X)


# --8<-- [end:forward]


# --8<-- [start:backward]
def _backward(
    config: Config,
    t: Matrix,
    cache: Forward,
    exact: bool,
    input_gradient: bool = True,
    ws: _Workspace | None = None,
) -> Gradients:
    n = t.shape[0]
    dy = _loss_gradient(config.loss, cache.y, t, exact)  # (N, n_L)
    dX = dy
    dZ: list[Matrix] = []  # filled from the last layer to the first
    dW: list[Matrix] = []
    db: list[Matrix] = []
    dXs: list[Matrix] = []
    for k in reversed(range(len(cache.layers))):
        layer = cache.layers[k]
        in_place = ws is not None and k < len(cache.layers) - 1  # dX is the workspace's G[k]
        D = layer.dropout
        if D is None or D.M is None:
            dA = dX
        else:
            dA = _dropout(dX, D.M, D.scale, dX if in_place else None)  # (N, n_k)
        keep = ws.keep[k][:n] if ws is not None and in_place else None  # for relu's [A > 0]
        dZ_k = _activation_backward(dA, layer.activation, exact, keep)  # (N, n_k)
        out = ws.G[k - 1][:n] if ws is not None and k > 0 else None  # where dX_{k-1} goes
        grads = _dense_backward(dZ_k, layer.dense, exact, input_gradient or k > 0, out)
        dZ.insert(0, dZ_k)
        dW.insert(0, grads.dW)  # (n_{k-1}, n_k)
        if grads.db is not None:
            db.insert(0, grads.db)  # (1, n_k)
        dXs.insert(0, grads.dX)  # (N, n_{k-1})
        dX = grads.dX
    return Gradients(dy, tuple(dZ), tuple(dW), tuple(db) if config.bias else None, tuple(dXs))


# --8<-- [end:backward]


# --8<-- [start:dead]
def _dead(config: Config, params: Params, X0: Matrix, exact: bool) -> bool:
    """Some hidden layer outputs 0 in every unit on every row (the final weights, no dropout)."""
    cache = _forward(config, params, X0, tuple(None for _ in params.W), exact)
    hidden = cache.layers[:-1]  # the last layer is the output
    return any(not h.activation.A.any() for h in hidden)


# --8<-- [end:dead]


def init_params(config: Config, rng: Generator) -> Params:
    r"""Draw the initial parameters: each ``W_k`` with ``config.init``, layer by layer; biases 0.

    Args:
        config: the network.
        rng: the generator to draw from.

    Returns:
        ``Params(W, b)``: ``W[k]`` is ``(sizes[k], sizes[k + 1])``.

    Raises:
        ParameterError: ``config`` is not a :class:`Config`, or its weight
            matrices would not fit in memory.
    """
    config = check.record("init_params", "config", config, Config)
    bounds.network_size("init_params", None, config.sizes)  # the weights must fit in memory
    return _init_params(config, rng)


def draw_masks(config: Config, rng: Generator, N: int) -> Masks:
    """Draw one step's masks, layer by layer, for a batch of ``N`` rows.

    DropConnect: a ``(sizes[k], sizes[k + 1])`` mask of each weight matrix, with
    ``floor(p * size)`` zeros. Units: a ``(N, sizes[k + 1])`` mask of each hidden
    layer's output, 1 where a uniform ``u >= p``; ``None`` for the output layer.
    With ``p == 0`` nothing is drawn and every entry is ``None``.

    Raises:
        ParameterError: ``config`` is not a :class:`Config`, or ``N`` below 1.
    """
    config = check.record("draw_masks", "config", config, Config)
    return _draw_masks(config, rng, checks.count(N, "draw_masks", "N", 1))


def forward(
    config: Config,
    params: Params,
    X0: MatrixLike,
    masks: Masks | None = None,
    *,
    exact: bool = False,
) -> Forward:
    r"""Run the forward pass, layer by layer: \(Z_k = X_{k-1} W_k + b_k\), \(X_k = f_k(Z_k)\).

    Args:
        config: the network.
        params: its parameters.
        X0: inputs, shape ``(N, sizes[0])``.
        masks: one step's masks from :func:`draw_masks` (training), or
            ``None`` (evaluation: nothing dropped).
        exact: purenn's order of addition and :mod:`math`'s functions, so
            every value is purenn's; otherwise BLAS and numpy's functions.

    Returns:
        ``Forward(layers, y)``: ``y`` is ``(N, sizes[-1])``.

    Raises:
        ParameterError: ``config`` or ``params`` is not the right record.
        ShapeError: the shapes do not chain.
        DataError: a value is not a finite number.
    """
    op = "forward"
    config, params = _network(op, config, params)
    X0 = ARRAYS.inputs(op, config, X0)
    return _forward(config, params, X0, ARRAYS.masks(op, config, masks, X0.shape[0]), exact)


def loss(config: Config, y: MatrixLike, t: MatrixLike, *, exact: bool = False) -> float:
    """Return the network's loss (``config.loss``) of outputs ``y`` against targets ``t``.

    Raises:
        ShapeError: ``y`` or ``t`` is not ``(N, sizes[-1])``.
        DataError: a value is not finite; for cross-entropy, a target not 0 or 1.
    """
    op = "loss"
    config = check.record(op, "config", config, Config)
    y = ARRAYS.outputs(op, config, y)
    return _loss_value(config.loss, y, ARRAYS.targets(op, config, t, y.shape[0]), exact)


def backward(config: Config, t: MatrixLike, cache: Forward, *, exact: bool = False) -> Gradients:
    r"""Run the backward pass, from the last layer to the first (see the module docstring).

    Each layer uses the weights and masks its forward pass used, kept in
    ``cache``, so the result is the gradient of the loss that was computed.

    Args:
        config: the network.
        t: targets, shape ``(N, sizes[-1])``.
        cache: what :func:`forward` returned.
        exact: as in :func:`forward`.

    Returns:
        ``Gradients(dy, dZ, dW, db, dX)``.

    Raises:
        ParameterError: ``config`` is not a :class:`Config`.
        ShapeError: ``cache`` is not a :class:`Forward` of this network, or ``t`` does not fit.
        DataError: a value is not finite; for cross-entropy, a target not 0 or 1.
    """
    op = "backward"
    config = check.record(op, "config", config, Config)
    cache = check.cache_of(op, config, cache, Forward, lambda c: len(c.layers))
    y = ARRAYS.outputs(op, config, cache.y)
    t = ARRAYS.targets(op, config, t, y.shape[0])
    return _backward(config, t, Forward(cache.layers, y), exact)


def predict(config: Config, params: Params, X0: MatrixLike, *, exact: bool = False) -> Matrix:
    r"""Return the network's output in evaluation mode: nothing dropped, shape ``(N, sizes[-1])``.

    With cross-entropy the output is the logits: ``sigmoid(y)`` is the probability of class 1.

    Raises:
        ParameterError: ``config`` or ``params`` is not the right record.
        ShapeError: the shapes do not chain.
        DataError: a value is not a finite number.
    """
    op = "predict"
    config, params = _network(op, config, params)
    X0 = ARRAYS.inputs(op, config, X0)
    return _forward(config, params, X0, tuple(None for _ in params.W), exact).y


def _network(op: str, config: object, params: object) -> tuple[Config, Params]:
    """The config and the parameters, checked against each other."""
    config = check.record(op, "config", config, Config)
    params = check.record(op, "params", params, Params)
    return config, Params(*ARRAYS.weights(op, config, params.W, params.b))
