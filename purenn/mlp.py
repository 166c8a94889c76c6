r"""A network of any depth: the write-up's two layers, generalised.

With ``X_0`` the inputs and layers ``k = 1 .. L``:

    Z_k = X_{k-1} (W_k * M_k) + b_k     dense layer: DropConnect mask M_k, optional bias b_k
    A_k = f_k(Z_k)                      the hidden activation; the output one for k = L
    X_k = A_k * D_k / (1 - p)           unit dropout, hidden layers only (k < L)
    y   = X_L

and backward, from the loss's gradient ``dy``:

    dX_L     = dy
    dA_k     = dX_k * D_k / (1 - p)
    dZ_k     = f_k'(Z_k) * dA_k
    dW_k     = (X_{k-1}^T dZ_k) * M_k
    db_k     = 1^T dZ_k
    dX_{k-1} = dZ_k (W_k * M_k)^T

Each line is one call to :mod:`purenn.layers` or :mod:`purenn.activations`.
Python counts from 0, so ``params.W[0]`` is the write-up's ``W1`` and
``grads.dX[0]`` its ``dX0``.

**The write-up's network** is ``Config(sizes=(3, 4, 1))``: every other
setting defaults to the write-up's (relu, then identity; no biases; half the
sum of squares; weights uniform in [-1, 1); DropConnect with ``p = 0.2``), and
:func:`fit` defaults to its training (full batch, plain gradient descent,
``alpha = 1e-6``, 1000 epochs, seed 0). Configured so, :func:`fit` returns the
very errors and weights of :func:`purenn.train.train`, bit for bit.

**The random stream.** ``generator(seed)`` draws, in this order: the weights,
layer by layer (``W_1`` first, row by row; biases start at zero and draw
nothing); then, each epoch, ``N`` uniforms that shuffle the rows (none when a
batch is the whole data set, so full-batch training keeps the rows in order);
then, for each batch, its masks, layer by layer (none when ``p == 0``).
"""

from __future__ import annotations

import gc
import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from purenn.activations import (
    ACTIVATIONS,
    ActivationCache,
    _activation_backward,
    _activation_forward,
)
from purenn.dropconnect import _dropconnect_mask
from purenn.errors import DivergenceError, ParameterError, ShapeError
from purenn.init import INITS, _init_layer
from purenn.layers import (
    DenseCache,
    DropoutCache,
    _dense_backward,
    _dense_forward,
    _dropout,
    _dropout_mask,
)
from purenn.losses import LOSSES, _loss_gradient, _loss_value
from purenn.matrix import Matrix, MatrixLike, _zeros
from purenn.optim import Optimizer, OptimizerState, _initial_state, _optimizer_step
from purenn.random import Generator, Indices, _choose, generator
from purenn.support import checks
from purenn.support.records import record_repr, shown

__all__ = [
    "DROPOUTS",
    "WRITE_UP_OPTIMIZER",
    "Callback",
    "Config",
    "FitResult",
    "Forward",
    "Gradients",
    "LayerCache",
    "Masks",
    "Params",
    "backward",
    "batches",
    "draw_masks",
    "fit",
    "forward",
    "init_params",
    "loss",
    "predict",
]

DROPOUTS = ("connect", "units")
"""Kinds of dropout: of weights (DropConnect, the write-up's) or of units."""


@dataclass(frozen=True)
class Config:
    """A network's architecture and loss; checked when made.

    ``Config(sizes=(3, 4, 1))`` is the write-up's network: every default is its choice.

    Raises:
        ParameterError: a size below 1, fewer than two sizes, an unknown
            name, ``p`` outside [0, 1), or cross-entropy on an output that is
            not ``identity``.
    """

    sizes: tuple[int, ...]  # (D, n_1, ..., n_L): inputs first, outputs last
    activation: str = "relu"  # of the hidden layers: one of ACTIVATIONS
    output: str = "identity"  # of the last layer
    loss: str = "half_sum"  # one of LOSSES; cross_entropy takes logits
    bias: bool = False  # add a bias row to every layer
    init: str = "uniform"  # one of INITS
    dropout: str = "connect"  # one of DROPOUTS
    p: float = 0.2  # the dropout rate, in [0, 1); 0 turns dropout off

    def __post_init__(self) -> None:
        op = "Config"
        object.__setattr__(self, "sizes", checks.layer_sizes(self.sizes, op))
        checks.one_of(self.activation, op, "activation", ACTIVATIONS)
        checks.one_of(self.output, op, "activation", ACTIVATIONS)
        checks.one_of(self.loss, op, "loss", LOSSES)
        if self.loss == "cross_entropy" and self.output != "identity":
            raise ParameterError(
                f"{op}: loss 'cross_entropy' takes logits, so output must be 'identity', "
                f"got {self.output!r}"
            )
        checks.flag(self.bias, op, "bias")
        checks.one_of(self.init, op, "initialisation", INITS)
        checks.one_of(self.dropout, op, "dropout", DROPOUTS)
        object.__setattr__(self, "p", checks.rate(self.p, op))


@dataclass(frozen=True, repr=False)
class Params:
    """The weights and biases of every layer.

    ``W[k]`` is ``(sizes[k], sizes[k + 1])``: ``W[0]`` is the write-up's ``W1``.
    ``b[k]`` is ``(1, sizes[k + 1])``; ``b`` is ``None`` without biases.
    """

    W: tuple[Matrix, ...]
    b: tuple[Matrix, ...] | None

    __repr__ = record_repr


Masks = tuple[Matrix | None, ...]
"""One step's masks, one entry per layer: DropConnect masks of the weights, or
unit-dropout masks of the hidden layers' outputs (``None`` for the last layer),
or all ``None`` when nothing is dropped."""


@dataclass(frozen=True, repr=False)
class LayerCache:
    """What one layer's forward pass keeps: its dense, activation and dropout caches."""

    dense: DenseCache
    activation: ActivationCache
    dropout: DropoutCache | None

    __repr__ = record_repr


@dataclass(frozen=True, repr=False)
class Forward:
    """What :func:`forward` computes: each layer's cache and the output ``y (N, sizes[-1])``.

    ``layers[k].activation.Z`` is ``Z_{k+1}``: ``layers[0].activation.Z`` is the write-up's ``Z1``.
    """

    layers: tuple[LayerCache, ...]
    y: Matrix

    __repr__ = record_repr


@dataclass(frozen=True, repr=False)
class Gradients:
    """Every gradient of the backward pass; each ``dQ`` is dL/dQ and has ``Q``'s shape.

    Index ``k`` is layer ``k + 1``: ``dW[0]`` is the write-up's ``dW1``,
    ``dZ[0]`` its ``dZ1``, and ``dX[0]`` its ``dX0``, the gradient with
    respect to the inputs. ``db`` is ``None`` without biases.
    """

    dy: Matrix
    dZ: tuple[Matrix, ...]
    dW: tuple[Matrix, ...]
    db: tuple[Matrix, ...] | None
    dX: tuple[Matrix, ...]

    __repr__ = record_repr


@dataclass(frozen=True, repr=False)
class FitResult:
    """What :func:`fit` returns: the final parameters and the loss of every step.

    ``errors[k]`` is the loss of step ``k`` on its batch, computed by the
    forward pass before that step's update (with dropout, if any).
    ``steps_per_epoch`` batches make an epoch.
    """

    params: Params
    errors: list[float]
    steps_per_epoch: int

    __repr__ = record_repr


Callback = Callable[[int, float, Params], None]
"""Called after each epoch with the epoch (from 0), the mean of its steps' losses, and a
copy of the parameters. With one batch per epoch (the write-up's), the mean is that
step's loss, as :func:`~purenn.train.train` reports it."""


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


# --8<-- [start:batches]
def _batches(rng: Generator, N: int, batch_size: int) -> list[Indices]:
    if batch_size >= N:
        return [list(range(N))]  # the whole data set, in order: nothing drawn
    order = _choose(rng, N, N)  # the rows sorted by N fresh uniforms: a shuffle
    return [order[start : start + batch_size] for start in range(0, N, batch_size)]


# --8<-- [end:batches]


def _flatten(W: Sequence[Matrix], b: Sequence[Matrix] | None) -> list[Matrix]:
    """``[W1, b1, W2, b2, ...]``, or ``[W1, W2, ...]`` without biases: the optimizer's order."""
    if b is None:
        return list(W)
    return [A for pair in zip(W, b) for A in pair]


def _unflatten(flat: list[Matrix], bias: bool) -> Params:
    if not bias:
        return Params(tuple(flat), None)
    return Params(tuple(flat[0::2]), tuple(flat[1::2]))


def _copy_params(params: Params) -> Params:
    W = tuple([list(row) for row in A] for A in params.W)
    b = None if params.b is None else tuple([list(row) for row in A] for A in params.b)
    return Params(W, b)


def _mean(values: list[float]) -> float:
    """From 0.0, left to right, then divided: the same float in both packages."""
    s = 0.0
    for v in values:
        s += v
    return s / len(values)


def _check_divergence(error: float, params: Params, step: int, epoch: int, alpha: float) -> None:
    if not math.isfinite(error):
        what = f"the error became {error!r}"
    elif any(checks.first_non_finite(A) is not None for A in _flatten(params.W, params.b)):
        what = "the weights stopped being finite numbers"
    else:
        return
    raise DivergenceError(
        f"fit: {what} at step {step} (epoch {epoch}): alpha={alpha!r} is too large "
        f"for this data; try a smaller alpha"
    )


# --8<-- [start:step]
def _step(
    config: Config,
    optimizer: Optimizer,
    params: Params,
    state: OptimizerState,
    X: Matrix,
    t: Matrix,
    masks: Masks,
) -> tuple[Params, OptimizerState, float]:
    """One step on a batch: forward, the loss, backward, the optimizer's update."""
    cache = _forward(config, params, X, masks)
    error = _loss_value(config.loss, cache.y, t)
    grads = _backward(config, t, cache, input_gradient=False)  # no dX0: training does not need it
    flat, state = _optimizer_step(
        optimizer, _flatten(params.W, params.b), _flatten(grads.dW, grads.db), state
    )
    return _unflatten(flat, config.bias), state, error


# --8<-- [end:step]


# --8<-- [start:fit]
def _fit(
    X0: Matrix,
    t: Matrix,
    config: Config,
    optimizer: Optimizer,
    batch_size: int,
    n_epochs: int,
    seed: int,
    callback: Callback | None,
) -> FitResult:
    rng = generator(seed)
    params = _init_params(config, rng)
    state: OptimizerState = _initial_state(optimizer, _flatten(params.W, params.b))
    N = len(X0)
    errors: list[float] = []
    steps_per_epoch = 0
    for epoch in range(n_epochs):
        rows_of_batches = _batches(rng, N, batch_size)
        steps_per_epoch = len(rows_of_batches)
        for rows in rows_of_batches:
            if batch_size >= N:
                X, t_batch = X0, t  # the whole data set, as given
            else:
                X, t_batch = [X0[i] for i in rows], [t[i] for i in rows]  # (B, D), (B, K)
            masks = _draw_masks(config, rng, len(X))
            params, state, error = _step(config, optimizer, params, state, X, t_batch, masks)
            _check_divergence(error, params, len(errors), epoch, optimizer.alpha)
            errors.append(error)
        if callback is not None:
            callback(epoch, _mean(errors[-steps_per_epoch:]), _copy_params(params))
    return FitResult(params, errors, steps_per_epoch)


# --8<-- [end:fit]


# Argument checks of the public functions.


def _check_config(op: str, config: object) -> Config:
    if not isinstance(config, Config):
        raise ParameterError(f"{op}: config must be a Config record, got {type(config).__name__}")
    return config


def _shape(A: Matrix) -> tuple[int, int]:
    return len(A), len(A[0])


def _check_params(op: str, config: Config, params: object) -> Params:
    """Every weight and bias a finite matrix of the shape the layer sizes give."""
    if not isinstance(params, Params):
        raise ParameterError(f"{op}: params must be a Params record, got {type(params).__name__}")
    sizes, L = config.sizes, len(config.sizes) - 1
    if len(params.W) != L:
        raise ShapeError(
            f"{op}: params has {len(params.W)} weight "
            f"{'matrix' if len(params.W) == 1 else 'matrices'}, but layer sizes {sizes} "
            f"need {L}; the layers do not chain"
        )
    W = tuple(checks.list_matrix(A, op, f"W[{k}]", finite=True) for k, A in enumerate(params.W))
    for k, A in enumerate(W):
        checks.chained(op, f"W[{k}]", _shape(A), (sizes[k], sizes[k + 1]), sizes)
    if (params.b is None) == config.bias:
        want = "biases" if config.bias else "no biases"
        raise ParameterError(
            f"{op}: the config asks for {want}, but params.b is {shown('b', params.b)}"
        )
    b = None
    if params.b is not None:
        if len(params.b) != L:
            raise ShapeError(
                f"{op}: params has {len(params.b)} bias rows, but layer sizes {sizes} need {L}"
            )
        b = tuple(checks.list_matrix(A, op, f"b[{k}]", finite=True) for k, A in enumerate(params.b))
        for k, A in enumerate(b):
            checks.chained(op, f"b[{k}]", _shape(A), (1, sizes[k + 1]), sizes)
    return Params(W, b)


def _check_inputs(op: str, config: Config, X0: object) -> Matrix:
    X0 = checks.list_matrix(X0, op, "X0", finite=True)
    checks.chained(op, "X0", _shape(X0), (len(X0), config.sizes[0]), config.sizes)
    return X0


def _check_targets(op: str, config: Config, t: object, N: int) -> Matrix:
    t = checks.list_matrix(t, op, "t", finite=True)
    checks.chained(op, "t", _shape(t), (N, config.sizes[-1]), config.sizes)
    if config.loss == "cross_entropy":
        where = checks.first_non_binary(t)
        if where is not None:
            raise checks.non_binary_error(op, "t", where)
    return t


def _check_masks(op: str, config: Config, masks: object, N: int) -> Masks:
    sizes, L = config.sizes, len(config.sizes) - 1
    if masks is None:
        return tuple(None for _ in range(L))
    if not isinstance(masks, tuple | list) or len(masks) != L:
        got = shown("masks", masks) if isinstance(masks, tuple | list) else type(masks).__name__
        raise ShapeError(f"{op}: masks must hold one entry per layer ({L}), got {got}")
    checked: list[Matrix | None] = []
    for k, M in enumerate(masks):
        if M is None:
            checked.append(None)
            continue
        if config.dropout == "units" and k == L - 1:
            raise ShapeError(f"{op}: masks[{k}] must be None: the output layer drops no units")
        M = checks.list_matrix(M, op, f"masks[{k}]", finite=True)
        want = (sizes[k], sizes[k + 1]) if config.dropout == "connect" else (N, sizes[k + 1])
        checks.chained(op, f"masks[{k}]", _shape(M), want, sizes)
        checked.append(M)
    return tuple(checked)


def init_params(config: Config, rng: Generator) -> Params:
    r"""Draw the initial parameters: each ``W_k`` with ``config.init``, layer by layer; biases 0.

    Args:
        config: the network.
        rng: the generator to draw from.

    Returns:
        ``Params(W, b)``: ``W[k]`` is ``(sizes[k], sizes[k + 1])``.

    Raises:
        ParameterError: ``config`` is not a :class:`Config`.
    """
    return _init_params(_check_config("init_params", config), rng)


def draw_masks(config: Config, rng: Generator, N: int) -> Masks:
    """Draw one step's masks, layer by layer, for a batch of ``N`` rows.

    DropConnect: a ``(sizes[k], sizes[k + 1])`` mask of each weight matrix, with
    ``floor(p * size)`` zeros. Units: a ``(N, sizes[k + 1])`` mask of each hidden
    layer's output, 1 where a uniform ``u >= p``; ``None`` for the output layer.
    With ``p == 0`` nothing is drawn and every entry is ``None``.

    Raises:
        ParameterError: ``config`` is not a :class:`Config`, or ``N`` below 1.
    """
    config = _check_config("draw_masks", config)
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
        exact: accepted so that purenn and npnn share one signature.

    Returns:
        ``Forward(layers, y)``: ``y`` is ``(N, sizes[-1])``.

    Raises:
        ParameterError: ``config`` or ``params`` is not the right record.
        ShapeError: the shapes do not chain.
        DataError: a value is not a finite number.
    """
    op = "forward"
    config = _check_config(op, config)
    params = _check_params(op, config, params)
    X0 = _check_inputs(op, config, X0)
    return _forward(config, params, X0, _check_masks(op, config, masks, len(X0)))


def loss(config: Config, y: MatrixLike, t: MatrixLike, *, exact: bool = False) -> float:
    """Return the network's loss (``config.loss``) of outputs ``y`` against targets ``t``.

    Raises:
        ShapeError: ``y`` or ``t`` is not ``(N, sizes[-1])``.
        DataError: a value is not finite; for cross-entropy, a target not 0 or 1.
    """
    op = "loss"
    config = _check_config(op, config)
    y = checks.list_matrix(y, op, "y", finite=True)
    checks.chained(op, "y", _shape(y), (len(y), config.sizes[-1]), config.sizes)
    return _loss_value(config.loss, y, _check_targets(op, config, t, len(y)))


def backward(config: Config, t: MatrixLike, cache: Forward, *, exact: bool = False) -> Gradients:
    r"""Run the backward pass, from the last layer to the first (see the module docstring).

    Each layer uses the weights and masks its forward pass used, kept in
    ``cache``, so the result is the gradient of the loss that was computed.

    Args:
        config: the network.
        t: targets, shape ``(N, sizes[-1])``.
        cache: what :func:`forward` returned.
        exact: accepted so that purenn and npnn share one signature.

    Returns:
        ``Gradients(dy, dZ, dW, db, dX)``.

    Raises:
        ParameterError: ``config`` is not a :class:`Config`.
        ShapeError: ``cache`` is not a :class:`Forward` of this network, or ``t`` does not fit.
        DataError: a value is not finite; for cross-entropy, a target not 0 or 1.
    """
    op = "backward"
    config = _check_config(op, config)
    if not isinstance(cache, Forward) or len(cache.layers) != len(config.sizes) - 1:
        raise ShapeError(
            f"{op}: cache must be the Forward record that forward returned for this config"
        )
    y = checks.list_matrix(cache.y, op, "y", finite=True)
    checks.chained(op, "y", _shape(y), (len(y), config.sizes[-1]), config.sizes)
    t = _check_targets(op, config, t, len(y))
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
    config = _check_config(op, config)
    params = _check_params(op, config, params)
    X0 = _check_inputs(op, config, X0)
    return _forward(config, params, X0, tuple(None for _ in params.W)).y


def batches(rng: Generator, N: int, batch_size: int | None) -> list[Indices]:
    """Return one epoch's batches: lists of row positions that use every row once.

    A ``batch_size`` of ``None`` or of ``N`` or more is the whole data set,
    rows in order, and draws nothing. Otherwise ``N`` uniforms put the rows in
    a random order (as :func:`~purenn.random.choose` does), which is cut into
    batches of ``batch_size``; the last is smaller when ``batch_size`` does not
    divide ``N``.

    Raises:
        ParameterError: ``N`` or ``batch_size`` below 1.
    """
    N = checks.count(N, "batches", "N", 1)
    size = checks.batch_size(batch_size, "batches")
    return _batches(rng, N, N if size is None else size)


WRITE_UP_OPTIMIZER = Optimizer("gd", 1e-6)
"""The write-up's optimizer: plain gradient descent with ``alpha = 1e-6``."""


def fit(
    X0: MatrixLike,
    t: MatrixLike,
    config: Config,
    *,
    optimizer: Optimizer = WRITE_UP_OPTIMIZER,
    batch_size: int | None = None,
    n_epochs: int = 1000,
    seed: int = 0,
    callback: Callback | None = None,
    exact: bool = False,
) -> FitResult:
    """Train the network by mini-batch gradient descent, shuffling the rows every epoch.

    Each step: draw the batch's masks, run forward and record the loss, run
    backward, and let the optimizer update every parameter. The cycle
    collector is paused while the steps run, as in :func:`purenn.train.train`.

    Args:
        X0: inputs, shape ``(N, sizes[0])``, already scaled.
        t: targets, shape ``(N, sizes[-1])``.
        config: the network (the write-up's is ``Config(sizes=(3, 4, 1))``).
        optimizer: the optimizer and its settings.
        batch_size: rows per step; ``None`` (or ``N`` or more) is the whole
            data set, in order, with nothing drawn for shuffling.
        n_epochs: passes over the data (0 returns the initial parameters).
        seed: seeds the one generator behind the weights, the shuffles and the masks.
        callback: called as ``callback(epoch, error, params)`` after each
            epoch, with the mean of its steps' losses and a copy of the parameters.
        exact: accepted so that purenn and npnn share one signature.

    Returns:
        ``FitResult(params, errors, steps_per_epoch)``.

    Raises:
        ShapeError: ``X0`` or ``t`` does not fit ``config.sizes``.
        DataError: a value is not finite; for cross-entropy, a target not 0 or 1.
        ParameterError: a setting is out of range.
        DivergenceError: the loss or a weight stopped being a finite number.
    """
    op = "fit"
    config = _check_config(op, config)
    X0 = _check_inputs(op, config, X0)
    t = _check_targets(op, config, t, len(X0))
    if not isinstance(optimizer, Optimizer):
        raise ParameterError(
            f"{op}: optimizer must be an Optimizer record, got {type(optimizer).__name__}"
        )
    size = checks.batch_size(batch_size, op)
    n_epochs = checks.count(n_epochs, op, "n_epochs", 0)
    seed = checks.whole_seed(seed, op)
    checks.callable_or_none(callback, op, "callback")
    collector_was_on = gc.isenabled()
    gc.disable()  # the steps make no cycles; see purenn.train
    try:
        return _fit(
            X0, t, config, optimizer, len(X0) if size is None else size, n_epochs, seed, callback
        )
    finally:
        if collector_was_on:
            gc.enable()
