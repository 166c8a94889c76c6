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

**Where it is.** :mod:`~purenn.mlp.records` holds the records (the
configuration, the parameters, the caches); :mod:`~purenn.mlp.passes` the
initial parameters, the masks and the two passes; :mod:`~purenn.mlp.training`
the batches, one step and the loop over epochs. Every public name is
importable from here.
"""

from __future__ import annotations

from purenn.mlp.passes import backward, draw_masks, forward, init_params, loss, predict
from purenn.mlp.records import (
    DROPOUTS,
    WRITE_UP_OPTIMIZER,
    Callback,
    Config,
    FitResult,
    Forward,
    Gradients,
    LayerCache,
    Masks,
    Params,
)
from purenn.mlp.training import batches, fit

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
