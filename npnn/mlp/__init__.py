r"""A network of any depth in numpy: the same layers, passes and training as :mod:`purenn.mlp`.

With ``X_0`` the inputs and layers ``k = 1 .. L``:

    Z_k = X_{k-1} (W_k * M_k) + b_k     X_k = f_k(Z_k) * D_k / (1 - p)     y = X_L
    dZ_k = f_k'(Z_k) * (dX_k * D_k / (1 - p))
    dW_k = (X_{k-1}^T dZ_k) * M_k       db_k = 1^T dZ_k       dX_{k-1} = dZ_k (W_k * M_k)^T

The :class:`Config` record and its checks are purenn's. The random stream is
drawn in purenn's order (the weights layer by layer; each epoch ``N``
uniforms that shuffle the rows, none for a full batch; each batch's masks
layer by layer), so with ``exact=True`` every number is purenn's, bit for bit.

In default mode :func:`fit` keeps a **workspace**: arrays made once, for the
largest batch, that each step's forward and backward pass write into
(``out=``) instead of making new ones. At ``N = 100,000`` rows and 512 hidden
units each such array is 410 MB, and writing into memory already in use is
faster than having the system hand out and clear fresh pages every step. The
products and the order of every operation are the same, so the results are
the same, bit for bit, as without it.

**Where it is**, as in purenn: :mod:`~npnn.mlp.records` holds the records,
:mod:`~npnn.mlp.passes` the initial parameters, the masks, the two passes and
the workspace, :mod:`~npnn.mlp.training` the batches, one step and the loop
over epochs. Every public name is importable from here.
"""

from __future__ import annotations

from npnn.mlp.passes import backward, draw_masks, forward, init_params, loss, predict
from npnn.mlp.records import (
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
from npnn.mlp.training import batches, fit

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
