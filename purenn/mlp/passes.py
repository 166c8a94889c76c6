"""The general network's passes: initial parameters, masks, forward and backward.

See :mod:`purenn.mlp` for the equations; each line is one call to
:mod:`purenn.layers` or :mod:`purenn.activations`.
"""

from __future__ import annotations

import itertools

from purenn.activations import _activation_backward, _activation_forward
from purenn.dropconnect import _dropconnect_mask
from purenn.init import _init_layer
from purenn.layers import DropoutCache, _dense_backward, _dense_forward, _dropout, _dropout_mask
from purenn.losses import _loss_gradient, _loss_value
from purenn.matrix import Matrix, MatrixLike, _zeros
from purenn.mlp.records import Config, Forward, Gradients, LayerCache, Masks, Params
from purenn.random import Generator
from purenn.support import bounds, checks
from purenn.support import mlp_checks as check
from purenn.support.mlp_checks import LISTS

__all__ = ["backward", "draw_masks", "forward", "init_params", "loss", "predict"]


# --8<-- [start:init]
def _init_params(config: Config, rng: Generator) -> Params:
    sizes = config.sizes
    W = tuple(
        _init_layer(config.init, rng, n_in, n_out)  # (n_in, n_out), layer by layer
        for n_in, n_out in itertools.pairwise(sizes)
    )
    b = tuple(_zeros(1, n_out) for n_out in sizes[1:]) if config.bias else None  # no draws
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
def _forward(config: Config, params: Params, X0: Matrix, masks: Masks) -> Forward:
    L = len(params.W)
    scale = 1.0 / (1.0 - config.p)  # inverted dropout
    connect = config.dropout == "connect"
    X, layers = X0, []
    for k in range(L):
        b = None if params.b is None else params.b[k]
        M = masks[k] if connect else None  # DropConnect mask of W_k
        Z, dense = _dense_forward(X, params.W[k], b, M)  # (N, n_k)
        f = config.output if k == L - 1 else config.activation
        A, activation = _activation_forward(f, Z)  # (N, n_k)
        D = None if connect else masks[k]  # unit-dropout mask of A_k
        if D is None:
            X, dropout = A, None
        else:
            X, dropout = _dropout(A, D, scale), DropoutCache(D, scale)  # (N, n_k)
        layers.append(LayerCache(dense, activation, dropout))
    return Forward(tuple(layers), X)


# --8<-- [end:forward]


# --8<-- [start:backward]
def _backward(config: Config, t: Matrix, cache: Forward, input_gradient: bool = True) -> Gradients:
    dy = _loss_gradient(config.loss, cache.y, t)  # (N, n_L)
    dX = dy
    dZ: list[Matrix] = []  # filled from the last layer to the first
    dW: list[Matrix] = []
    db: list[Matrix] = []
    dXs: list[Matrix] = []
    for k in reversed(range(len(cache.layers))):
        layer = cache.layers[k]
        D = layer.dropout
        dA = dX if D is None or D.M is None else _dropout(dX, D.M, D.scale)  # (N, n_k)
        dZ_k = _activation_backward(dA, layer.activation)  # (N, n_k)
        grads = _dense_backward(dZ_k, layer.dense, input_gradient or k > 0)
        dZ.insert(0, dZ_k)
        dW.insert(0, grads.dW)  # (n_{k-1}, n_k)
        if grads.db is not None:
            db.insert(0, grads.db)  # (1, n_k)
        dXs.insert(0, grads.dX)  # (N, n_{k-1})
        dX = grads.dX
    return Gradients(dy, tuple(dZ), tuple(dW), tuple(db) if config.bias else None, tuple(dXs))


# --8<-- [end:backward]


# --8<-- [start:dead]
def _dead(config: Config, params: Params, X0: Matrix) -> bool:
    """Some hidden layer outputs 0 in every unit on every row (the final weights, no dropout)."""
    cache = _forward(config, params, X0, tuple(None for _ in params.W))
    hidden = cache.layers[:-1]  # the last layer is the output
    return any(all(a == 0.0 for row in h.activation.A for a in row) for h in hidden)


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

    Returns:
        ``Forward(layers, y)``: ``y`` is ``(N, sizes[-1])``.

    Raises:
        ParameterError: ``config`` or ``params`` is not the right record.
        ShapeError: the shapes do not chain.
        DataError: a value is not a finite number.
    """
    op = "forward"
    config, params = _network(op, config, params)
    X0 = LISTS.inputs(op, config, X0)
    return _forward(config, params, X0, LISTS.masks(op, config, masks, len(X0)))


def loss(config: Config, y: MatrixLike, t: MatrixLike, *, exact: bool = False) -> float:
    """Return the network's loss (``config.loss``) of outputs ``y`` against targets ``t``.

    Raises:
        ShapeError: ``y`` or ``t`` is not ``(N, sizes[-1])``.
        DataError: a value is not finite; for cross-entropy, a target not 0 or 1.
    """
    op = "loss"
    config = check.record(op, "config", config, Config)
    y = LISTS.outputs(op, config, y)
    return _loss_value(config.loss, y, LISTS.targets(op, config, t, len(y)))


def backward(config: Config, t: MatrixLike, cache: Forward, *, exact: bool = False) -> Gradients:
    r"""Run the backward pass, from the last layer to the first (see the module docstring).

    Each layer uses the weights and masks its forward pass used, kept in
    ``cache``, so the result is the gradient of the loss that was computed.

    Args:
        config: the network.
        t: targets, shape ``(N, sizes[-1])``.
        cache: what :func:`forward` returned.

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
    y = LISTS.outputs(op, config, cache.y)
    t = LISTS.targets(op, config, t, len(y))
    return _backward(config, t, Forward(cache.layers, y))


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
    X0 = LISTS.inputs(op, config, X0)
    return _forward(config, params, X0, tuple(None for _ in params.W)).y


def _network(op: str, config: object, params: object) -> tuple[Config, Params]:
    """The config and the parameters, checked against each other."""
    config = check.record(op, "config", config, Config)
    params = check.record(op, "params", params, Params)
    return config, Params(*LISTS.weights(op, config, params.W, params.b))
