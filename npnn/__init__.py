"""npnn: the write-up's neural network in numpy, twin of purenn.

The same modules, names and signatures as purenn, written the way a
practitioner writes numpy. Every function that adds up takes ``exact``:
``False`` (the default) lets BLAS add in its own order; ``True`` adds in
purenn's order, so every number is bit-for-bit purenn's. ``python -m npnn
parity`` shows the difference, tensor by tensor.
"""

from purenn.support.startup import quiet_interrupts

quiet_interrupts()  # run as a command: Ctrl-C while it starts ends in one line, no traceback

from npnn.baseline import Linear, fit_linear, least_squares, predict_linear
from npnn.checkpoint import (
    Checkpoint,
    MLPCheckpoint,
    load_checkpoint,
    predict_checkpoint,
    save_checkpoint,
)
from npnn.data import (
    COLUMNS,
    FEATURES,
    TARGET,
    apply_scale,
    fit_scale,
    load_csv,
    load_housing,
)
from npnn.dropconnect import drop_connect, dropconnect_mask
from npnn.errors import (
    CheckpointError,
    DataError,
    DivergenceError,
    NNError,
    ParameterError,
    ShapeError,
)
from npnn.evaluate import (
    CVResult,
    HoldoutResult,
    Progress,
    Score,
    Split,
    cross_validate,
    cross_validate_linear,
    holdout,
    holdout_linear,
    kfold,
    score,
    split,
)
from npnn.matrix import (
    Matrix,
    MatrixLike,
    add,
    matmul,
    multiply,
    relu,
    relu_mask,
    scale,
    shape,
    subtract,
    total,
    transpose,
    zeros,
)
from npnn.network import (
    Forward,
    Gradients,
    Weights,
    backward,
    forward,
    init_weights,
    loss,
    predict,
    rmse,
    update,
)
from npnn.random import Generator, Indices, choose, generator, uniform
from npnn.train import Callback, TrainResult, train
from npnn.tune import Trial, TuneResult, tune

__version__ = "0.1.0"

__all__ = [
    "COLUMNS",
    "FEATURES",
    "TARGET",
    "CVResult",
    "Callback",
    "Checkpoint",
    "CheckpointError",
    "DataError",
    "DivergenceError",
    "Forward",
    "Generator",
    "Gradients",
    "HoldoutResult",
    "Indices",
    "Linear",
    "MLPCheckpoint",
    "Matrix",
    "MatrixLike",
    "NNError",
    "ParameterError",
    "Progress",
    "Score",
    "ShapeError",
    "Split",
    "TrainResult",
    "Trial",
    "TuneResult",
    "Weights",
    "add",
    "apply_scale",
    "backward",
    "choose",
    "cross_validate",
    "cross_validate_linear",
    "drop_connect",
    "dropconnect_mask",
    "fit_linear",
    "fit_scale",
    "forward",
    "generator",
    "holdout",
    "holdout_linear",
    "init_weights",
    "kfold",
    "least_squares",
    "load_checkpoint",
    "load_csv",
    "load_housing",
    "loss",
    "matmul",
    "multiply",
    "predict",
    "predict_checkpoint",
    "predict_linear",
    "relu",
    "relu_mask",
    "rmse",
    "save_checkpoint",
    "scale",
    "score",
    "shape",
    "split",
    "subtract",
    "total",
    "train",
    "transpose",
    "tune",
    "uniform",
    "update",
    "zeros",
]
