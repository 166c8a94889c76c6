"""purenn: the write-up's neural network in pure Python.

Matrices are lists of rows of floats and only the standard library is used,
so every multiplication can be stepped into with a debugger. Read the modules
bottom up: ``matrix``, ``random``, ``data``, ``network``, ``dropconnect``,
``train``. npnn is the same network in numpy, behind the same names.
"""

from purenn.data import COLUMNS, FEATURES, TARGET, apply_scale, fit_scale, load_housing
from purenn.dropconnect import drop_connect, dropconnect_mask
from purenn.errors import (
    DataError,
    DivergenceError,
    NNError,
    ParameterError,
    ShapeError,
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

__version__ = "0.1.0"

__all__ = [
    "COLUMNS",
    "FEATURES",
    "TARGET",
    "Callback",
    "DataError",
    "DivergenceError",
    "Forward",
    "Generator",
    "Gradients",
    "Indices",
    "Matrix",
    "MatrixLike",
    "NNError",
    "ParameterError",
    "ShapeError",
    "TrainResult",
    "Weights",
    "add",
    "apply_scale",
    "backward",
    "choose",
    "drop_connect",
    "dropconnect_mask",
    "fit_scale",
    "forward",
    "generator",
    "init_weights",
    "load_housing",
    "loss",
    "matmul",
    "multiply",
    "predict",
    "relu",
    "relu_mask",
    "rmse",
    "scale",
    "shape",
    "subtract",
    "total",
    "train",
    "transpose",
    "uniform",
    "update",
    "zeros",
]
