"""purenn: the write-up's neural network in pure Python.

Matrices are lists of rows of floats and only the standard library is used,
so every multiplication can be stepped into with a debugger. Read the modules
bottom up: ``matrix``, ``random``, ``data``, ``network``, ``dropconnect``,
``train``; then, beyond the write-up, ``baseline`` (linear regression),
``evaluate`` (held-out error and cross-validation), ``tune``, and
``checkpoint`` (a trained network saved to JSON, to predict with later).
A network of any depth is the second chapter, imported by module:
``activations``, ``losses``, ``init``, ``layers``, ``optim``, ``mlp`` (its
``fit`` trains it) and ``moons`` (a two-class example that needs depth).
npnn is the same network in numpy, behind the same names.

Every function that adds numbers up, or takes a logarithm or an exponential,
takes the keyword ``exact=False``. It is accepted so that purenn and npnn
share one signature, and changes nothing here: purenn always adds left to
right from ``0.0`` and takes its transcendental functions from :mod:`math`,
which is what npnn's exact mode reproduces. The docstrings below do not
repeat it.
"""

from purenn.support.startup import quiet_interrupts

quiet_interrupts()  # run as a command: Ctrl-C while it starts ends in one line, no traceback

from purenn.baseline import Linear, fit_linear, least_squares, predict_linear
from purenn.checkpoint import (
    Checkpoint,
    MLPCheckpoint,
    load_checkpoint,
    predict_checkpoint,
    save_checkpoint,
)
from purenn.data import (
    COLUMNS,
    FEATURES,
    TARGET,
    apply_scale,
    fit_scale,
    load_csv,
    load_housing,
)
from purenn.dropconnect import drop_connect, dropconnect_mask
from purenn.errors import (
    CheckpointError,
    DataError,
    DivergenceError,
    NNError,
    ParameterError,
    ShapeError,
)
from purenn.evaluate import (
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
from purenn.matrix import (
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
from purenn.network import (
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
from purenn.random import Generator, Indices, choose, generator, uniform
from purenn.train import Callback, TrainResult, train
from purenn.tune import Trial, TuneResult, tune

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
