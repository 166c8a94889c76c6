"""Bad inputs to the write-up's network and its tools: matrices, the stream, the data, training.

The functions of the first chapters, called by their public names on the
package (``purenn.forward``, ``npnn.forward``): each case breaks one argument
of a valid call and names the exact error and message.
"""

from __future__ import annotations

import math
import sys

from purenn.data import COLUMNS
from purenn.errors import DataError, ParameterError, ShapeError
from tests.bad_inputs.case import Case, Rng

NAN, INF = math.nan, math.inf

# A valid network to break one argument at a time: X0 (1, 2), W1 (2, 3), W2 (3, 1), t (1, 1).
X0 = [[0.5, 0.25]]
W1 = [[0.5, -0.5, 0.25], [1.0, 0.5, -1.0]]
W2 = [[1.0], [0.5], [-0.5]]
T = [[1.0]]

COLUMN_LIST = "CRIM, ZN, INDUS, CHAS, NOX, RM, AGE, DIS, RAD, TAX, PTRATIO, B, LSTAT, MEDV"

STRUCTURE = [
    Case(
        "shape-of-a-number",
        "shape",
        (3.0,),
        error=ShapeError,
        message="shape: A must be a matrix (a list of rows), got float",
    ),
    Case(
        "shape-of-a-string",
        "shape",
        ("abc",),
        error=ShapeError,
        message="shape: A must be a matrix (a list of rows), got str",
    ),
    Case(
        "empty-matrix",
        "shape",
        ([],),
        error=ShapeError,
        message="shape: A is empty; a matrix needs at least one row",
    ),
    Case(
        "empty-row",
        "shape",
        ([[]],),
        error=ShapeError,
        message="shape: A is empty; a matrix needs at least one column",
    ),
    Case(
        "empty-rows-fit-scale",
        "fit_scale",
        ([[], []],),
        error=ShapeError,
        message="fit_scale: X is empty; a matrix needs at least one column",
    ),
    Case(
        "empty-X0-forward",
        "forward",
        ([], W1, W2),
        error=ShapeError,
        message="forward: X0 is empty; a matrix needs at least one row",
    ),
    Case(
        "ragged-rows",
        "transpose",
        ([[1.0, 2.0], [3.0]],),
        error=ShapeError,
        message="transpose: A has ragged rows: row 0 has 2 entries but row 1 has 1",
    ),
    Case(
        "ragged-rows-after-an-empty-row",
        "total",
        ([[], [1.0]],),
        error=ShapeError,
        message="total: A has ragged rows: row 0 has 0 entries but row 1 has 1",
    ),
    Case(
        "ragged-X0-train",
        "train",
        ([[1.0, 2.0], [3.0]], [[1.0], [2.0]]),
        error=ShapeError,
        message="train: X0 has ragged rows: row 0 has 2 entries but row 1 has 1",
    ),
    Case(
        "ragged-B-subtract",
        "subtract",
        ([[1.0], [2.0]], [[1.0], [2.0, 3.0]]),
        error=ShapeError,
        message="subtract: B has ragged rows: row 0 has 1 entries but row 1 has 2",
    ),
    Case(
        "row-is-a-number",
        "relu",
        ([[1.0], 2.0],),
        error=ShapeError,
        message="relu: A row 1 must be a list of numbers, got float",
    ),
    Case(
        "row-is-a-string",
        "total",
        (["12"],),
        error=ShapeError,
        message="total: A row 0 must be a list of numbers, got str",
    ),
    Case(
        "row-is-none-update",
        "update",
        ([[1.0]], [None], 0.1),
        error=ShapeError,
        message="update: dW row 0 must be a list of numbers, got NoneType",
    ),
]

NOT_NUMBERS = [
    Case(
        "string-entry",
        "matmul",
        ([[1.0]], [["1"]]),
        error=DataError,
        message="matmul: B[0][0] must be a number, got '1'",
    ),
    Case(
        "long-string-entry-is-shortened",
        "matmul",
        ([["x" * 50]], [[1.0]]),
        error=DataError,
        message="matmul: A[0][0] must be a number, got '" + "x" * 36 + "...",
    ),
    Case(
        "none-entry",
        "add",
        ([[1.0, None]], [[1.0, 2.0]]),
        error=DataError,
        message="add: A[0][1] must be a number, got None",
    ),
    Case(
        "bool-entry",
        "relu_mask",
        ([[True]],),
        error=DataError,
        message="relu_mask: A[0][0] must be a number, got True",
    ),
    Case(
        "bool-entry-scale",
        "scale",
        (2.0, [[1.0, False]]),
        error=DataError,
        message="scale: A[0][1] must be a number, got False",
    ),
    Case(
        "string-in-X0-forward",
        "forward",
        ([[0.5, "0.25"]], W1, W2),
        error=DataError,
        message="forward: X0[0][1] must be a number, got '0.25'",
    ),
    Case(
        "none-in-t-train",
        "train",
        ([[1.0]], [[None]]),
        error=DataError,
        message="train: t[0][0] must be a number, got None",
    ),
    Case(
        "string-in-scale-apply-scale",
        "apply_scale",
        ([[1.0, 2.0]], [[1.0, "2"]]),
        error=DataError,
        message="apply_scale: scale[0][1] must be a number, got '2'",
    ),
    Case(
        "int-too-large-for-a-float",
        "shape",
        ([[10**400]],),
        error=DataError,
        message="shape: A[0][0] is too large for a float, got " + "1" + "0" * 36 + "...",
    ),
    Case(
        "int-too-large-for-a-float-forward",
        "forward",
        ([[0.5, 10**400]], W1, W2),
        error=DataError,
        message="forward: X0[0][1] is too large for a float, got " + "1" + "0" * 36 + "...",
    ),
]

NOT_FINITE = [
    Case(
        "nan-in-X0-forward",
        "forward",
        ([[0.5, NAN]], W1, W2),
        error=DataError,
        message="forward: X0[0][1] is nan; values must be finite numbers",
    ),
    Case(
        "inf-in-W1-forward",
        "forward",
        (X0, [[0.5, -0.5, 0.25], [1.0, 0.5, INF]], W2),
        error=DataError,
        message="forward: W1[1][2] is inf; values must be finite numbers",
    ),
    Case(
        "minus-inf-in-W2-predict",
        "predict",
        (X0, W1, [[1.0], [-INF], [-0.5]]),
        error=DataError,
        message="predict: W2[1][0] is -inf; values must be finite numbers",
    ),
    Case(
        "nan-in-W2-backward",
        "backward",
        (X0, T, W1, [[1.0], [0.5], [NAN]], None),
        error=DataError,
        message="backward: W2[2][0] is nan; values must be finite numbers",
    ),
    Case(
        "nan-in-t-backward",
        "backward",
        (X0, [[NAN]], W1, W2, None),
        error=DataError,
        message="backward: t[0][0] is nan; values must be finite numbers",
    ),
    Case(
        "nan-in-X0-train",
        "train",
        ([[1.0], [NAN]], [[1.0], [2.0]]),
        error=DataError,
        message="train: X0[1][0] is nan; values must be finite numbers",
    ),
    Case(
        "inf-in-t-train",
        "train",
        ([[1.0], [2.0]], [[1.0], [INF]]),
        error=DataError,
        message="train: t[1][0] is inf; values must be finite numbers",
    ),
    Case(
        "nan-in-y-loss",
        "loss",
        ([[NAN]], T),
        error=DataError,
        message="loss: y[0][0] is nan; values must be finite numbers",
    ),
    Case(
        "inf-in-t-rmse",
        "rmse",
        ([[1.0]], [[INF]]),
        error=DataError,
        message="rmse: t[0][0] is inf; values must be finite numbers",
    ),
    Case(
        "nan-in-W-update",
        "update",
        ([[NAN]], [[1.0]], 0.1),
        error=DataError,
        message="update: W[0][0] is nan; values must be finite numbers",
    ),
    Case(
        "inf-in-dW-update",
        "update",
        ([[1.0]], [[-INF]], 0.1),
        error=DataError,
        message="update: dW[0][0] is -inf; values must be finite numbers",
    ),
    Case(
        "inf-in-data-fit-scale",
        "fit_scale",
        ([[1.0], [INF]],),
        error=DataError,
        message="fit_scale: X[1][0] is inf; values must be finite numbers",
    ),
    Case(
        "nan-in-data-apply-scale",
        "apply_scale",
        ([[NAN, 1.0]], [[1.0, 1.0]]),
        error=DataError,
        message="apply_scale: X[0][0] is nan; values must be finite numbers",
    ),
    Case(
        "nan-in-weights-drop-connect",
        "drop_connect",
        ([[1.0, NAN]], [[1.0, 0.0]]),
        error=DataError,
        message="drop_connect: W[0][1] is nan; values must be finite numbers",
    ),
]

MISMATCHED_SHAPES = [
    Case(
        "matmul-inner-sizes",
        "matmul",
        ([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], [[1.0, 2.0], [3.0, 4.0]]),
        error=ShapeError,
        message="matmul: cannot multiply A (2, 3) by B (2, 2): A has 3 columns but B has 2 rows",
    ),
    Case(
        "add-shapes",
        "add",
        ([[1.0, 2.0]], [[1.0], [2.0]]),
        error=ShapeError,
        message="add: A (1, 2) and B (2, 1) must have the same shape",
    ),
    Case(
        "subtract-shapes",
        "subtract",
        ([[1.0, 2.0]], [[1.0, 2.0, 3.0]]),
        error=ShapeError,
        message="subtract: A (1, 2) and B (1, 3) must have the same shape",
    ),
    Case(
        "multiply-shapes",
        "multiply",
        ([[1.0], [2.0]], [[1.0]]),
        error=ShapeError,
        message="multiply: A (2, 1) and B (1, 1) must have the same shape",
    ),
    Case(
        "forward-X0-W1",
        "forward",
        ([[1.0, 2.0, 3.0]], W1, W2),
        error=ShapeError,
        message=(
            "forward: cannot multiply X0 (1, 3) by W1 (2, 3): X0 has 3 columns but W1 has 2 rows"
        ),
    ),
    Case(
        "forward-W1-W2",
        "forward",
        (X0, W1, [[1.0], [0.5]]),
        error=ShapeError,
        message="forward: W2 has shape (2, 1), expected (3, 1) to fit W1 (2, 3)",
    ),
    Case(
        "forward-W2-not-a-column",
        "forward",
        (X0, W1, [[1.0, 1.0], [0.5, 0.5], [-0.5, -0.5]]),
        error=ShapeError,
        message="forward: W2 has shape (3, 2), expected (3, 1) to fit W1 (2, 3)",
    ),
    Case(
        "predict-X0-W1",
        "predict",
        ([[1.0]], W1, W2),
        error=ShapeError,
        message=(
            "predict: cannot multiply X0 (1, 1) by W1 (2, 3): X0 has 1 column but W1 has 2 rows"
        ),
    ),
    Case(
        "predict-W1-W2",
        "predict",
        (X0, W1, [[1.0], [0.5], [-0.5], [0.0]]),
        error=ShapeError,
        message="predict: W2 has shape (4, 1), expected (3, 1) to fit W1 (2, 3)",
    ),
    Case(
        "backward-X0-W1",
        "backward",
        ([[0.5, 0.25, 1.0]], T, W1, W2, None),
        error=ShapeError,
        message=(
            "backward: cannot multiply X0 (1, 3) by W1 (2, 3): X0 has 3 columns but W1 has 2 rows"
        ),
    ),
    Case(
        "backward-X0-t",
        "backward",
        (X0, [[1.0], [2.0]], W1, W2, None),
        error=ShapeError,
        message="backward: t has shape (2, 1), expected (1, 1) to fit X0 (1, 2)",
    ),
    Case(
        "backward-cache-not-a-record",
        "backward",
        (X0, T, W1, W2, "cache"),
        error=ShapeError,
        message="backward: cache must be the Forward record that forward returned, got str",
    ),
    Case(
        "loss-y-t",
        "loss",
        ([[1.0]], [[1.0], [2.0]]),
        error=ShapeError,
        message="loss: t has shape (2, 1), expected (1, 1) to fit y (1, 1)",
    ),
    Case(
        "loss-y-not-a-column",
        "loss",
        ([[1.0, 2.0]], [[1.0]]),
        error=ShapeError,
        message="loss: y has shape (1, 2), expected (any, 1)",
    ),
    Case(
        "rmse-y-t",
        "rmse",
        ([[1.0], [2.0]], [[1.0, 2.0]]),
        error=ShapeError,
        message="rmse: t has shape (1, 2), expected (2, 1) to fit y (2, 1)",
    ),
    Case(
        "train-X0-t",
        "train",
        ([[1.0], [2.0]], [[1.0]]),
        error=ShapeError,
        message="train: t has shape (1, 1), expected (2, 1) to fit X0 (2, 1)",
    ),
    Case(
        "train-t-not-a-column",
        "train",
        ([[1.0]], [[1.0, 2.0]]),
        error=ShapeError,
        message="train: t has shape (1, 2), expected (1, 1) to fit X0 (1, 1)",
    ),
    Case(
        "update-W-dW",
        "update",
        ([[1.0]], [[1.0, 2.0]], 0.1),
        error=ShapeError,
        message="update: W (1, 1) and dW (1, 2) must have the same shape",
    ),
    Case(
        "drop-connect-W-M",
        "drop_connect",
        ([[1.0, 2.0]], [[1.0], [0.0]]),
        error=ShapeError,
        message="drop_connect: W (1, 2) and M (2, 1) must have the same shape",
    ),
    Case(
        "apply-scale-X-scale",
        "apply_scale",
        ([[1.0, 2.0]], [[1.0]]),
        error=ShapeError,
        message="apply_scale: scale has shape (1, 1), expected (1, 2) to fit X (1, 2)",
    ),
    Case(
        "apply-scale-scale-not-a-row",
        "apply_scale",
        ([[1.0, 2.0]], [[1.0, 2.0], [1.0, 2.0]]),
        error=ShapeError,
        message="apply_scale: scale has shape (2, 2), expected (1, 2) to fit X (1, 2)",
    ),
    Case(
        "zeros-no-rows",
        "zeros",
        (0, 2),
        error=ShapeError,
        message="zeros: rows must be a whole number of at least 1, got 0",
    ),
    Case(
        "zeros-fractional-cols",
        "zeros",
        (2, 1.5),
        error=ShapeError,
        message="zeros: cols must be a whole number of at least 1, got 1.5",
    ),
]

SETTINGS = [
    Case(
        "p-one",
        "train",
        ([[1.0]], T),
        {"p": 1.0},
        error=ParameterError,
        message="train: p must be in [0, 1), got 1.0",
    ),
    Case(
        "p-negative",
        "train",
        ([[1.0]], T),
        {"p": -0.1},
        error=ParameterError,
        message="train: p must be in [0, 1), got -0.1",
    ),
    Case(
        "p-nan",
        "train",
        ([[1.0]], T),
        {"p": NAN},
        error=ParameterError,
        message="train: p must be finite, got nan",
    ),
    Case(
        "p-string",
        "train",
        ([[1.0]], T),
        {"p": "0.2"},
        error=ParameterError,
        message="train: p must be a number, got '0.2'",
    ),
    Case(
        "p-one-mask",
        "dropconnect_mask",
        (Rng(), 2, 2, 1.0),
        error=ParameterError,
        message="dropconnect_mask: p must be in [0, 1), got 1.0",
    ),
    Case(
        "p-above-one-mask",
        "dropconnect_mask",
        (Rng(), 2, 2, 1.5),
        error=ParameterError,
        message="dropconnect_mask: p must be in [0, 1), got 1.5",
    ),
    Case(
        "mask-no-rows",
        "dropconnect_mask",
        (Rng(), 0, 2, 0.2),
        error=ParameterError,
        message="dropconnect_mask: rows must be at least 1, got 0",
    ),
    Case(
        "alpha-zero",
        "train",
        ([[1.0]], T),
        {"alpha": 0.0},
        error=ParameterError,
        message="train: alpha must be positive, got 0.0",
    ),
    Case(
        "alpha-negative",
        "train",
        ([[1.0]], T),
        {"alpha": -1e-6},
        error=ParameterError,
        message="train: alpha must be positive, got -1e-06",
    ),
    Case(
        "alpha-nan",
        "train",
        ([[1.0]], T),
        {"alpha": NAN},
        error=ParameterError,
        message="train: alpha must be finite, got nan",
    ),
    Case(
        "alpha-inf",
        "train",
        ([[1.0]], T),
        {"alpha": INF},
        error=ParameterError,
        message="train: alpha must be finite, got inf",
    ),
    Case(
        "alpha-string",
        "train",
        ([[1.0]], T),
        {"alpha": "fast"},
        error=ParameterError,
        message="train: alpha must be a number, got 'fast'",
    ),
    Case(
        "alpha-none",
        "train",
        ([[1.0]], T),
        {"alpha": None},
        error=ParameterError,
        message="train: alpha must be a number, got None",
    ),
    Case(
        "alpha-bool",
        "train",
        ([[1.0]], T),
        {"alpha": True},
        error=ParameterError,
        message="train: alpha must be a number, got True",
    ),
    Case(
        "alpha-too-large-for-a-float",
        "train",
        ([[1.0]], T),
        {"alpha": 10**400},
        error=ParameterError,
        message="train: alpha is too large for a float, got " + "1" + "0" * 36 + "...",
    ),
    Case(
        "alpha-zero-update",
        "update",
        ([[1.0]], [[1.0]], 0),
        error=ParameterError,
        message="update: alpha must be positive, got 0",
    ),
    Case(
        "alpha-nan-update",
        "update",
        ([[1.0]], [[1.0]], NAN),
        error=ParameterError,
        message="update: alpha must be finite, got nan",
    ),
    Case(
        "n-iter-negative",
        "train",
        ([[1.0]], T),
        {"n_iter": -1},
        error=ParameterError,
        message="train: n_iter must be at least 0, got -1",
    ),
    Case(
        "n-iter-fractional",
        "train",
        ([[1.0]], T),
        {"n_iter": 10.0},
        error=ParameterError,
        message="train: n_iter must be a whole number, got 10.0",
    ),
    Case(
        "n-h-zero",
        "train",
        ([[1.0]], T),
        {"n_h": 0},
        error=ParameterError,
        message="train: n_h must be at least 1, got 0",
    ),
    Case(
        "n-h-too-large",
        "train",
        ([[1.0]], T),
        {"n_h": 10**9},
        error=ParameterError,
        message="train: a network of layer sizes (1, 1000000000, 1) on 1 rows needs a "
        "1 x 1000000000 matrix, more than 16777216 entries (the memory it takes); "
        "choose fewer units",
    ),
    Case(
        "n-h-zero-init-weights",
        "init_weights",
        (Rng(), 3, 0),
        error=ParameterError,
        message="init_weights: n_h must be at least 1, got 0",
    ),
    Case(
        "D-zero-init-weights",
        "init_weights",
        (Rng(), 0, 4),
        error=ParameterError,
        message="init_weights: D must be at least 1, got 0",
    ),
    Case(
        "seed-float-train",
        "train",
        ([[1.0]], T),
        {"seed": 0.0},
        error=ParameterError,
        message="train: seed must be a whole number, got 0.0",
    ),
    Case(
        "seed-float",
        "generator",
        (1.5,),
        error=ParameterError,
        message="generator: seed must be a whole number, got 1.5",
    ),
    Case(
        "seed-string",
        "generator",
        ("0",),
        error=ParameterError,
        message="generator: seed must be a whole number, got '0'",
    ),
    Case(
        "seed-bool",
        "generator",
        (True,),
        error=ParameterError,
        message="generator: seed must be a whole number, got True",
    ),
    Case(
        "callback-not-callable",
        "train",
        ([[1.0]], T),
        {"callback": 5},
        error=ParameterError,
        message="train: callback must be callable or None, got 5",
    ),
    Case(
        "scale-factor-string",
        "scale",
        ("2", [[1.0]]),
        error=ParameterError,
        message="scale: c must be a number, got '2'",
    ),
    Case(
        "scale-factor-nan",
        "scale",
        (NAN, [[1.0]]),
        error=ParameterError,
        message="scale: c must be finite, got nan",
    ),
    Case(
        "choose-more-than-n",
        "choose",
        (Rng(), 3, 2),
        error=ParameterError,
        message="choose: cannot choose k=3 of n=2 positions",
    ),
    Case(
        "choose-from-nothing",
        "choose",
        (Rng(), 0, 0),
        error=ParameterError,
        message="choose: n must be at least 1, got 0",
    ),
    Case(
        "choose-negative-k",
        "choose",
        (Rng(), -1, 3),
        error=ParameterError,
        message="choose: k must be at least 0, got -1",
    ),
    Case(
        "uniform-no-rows",
        "uniform",
        (Rng(), 0, 2),
        error=ParameterError,
        message="uniform: rows must be at least 1, got 0",
    ),
    Case(
        "uniform-fractional-cols",
        "uniform",
        (Rng(), 2, 2.0),
        error=ParameterError,
        message="uniform: cols must be a whole number, got 2.0",
    ),
]

# A generator that is not one, and sizes beyond any index, used to reach the
# arithmetic and raise AttributeError, MemoryError or numpy's ValueError (or
# hang) instead of the project's error; the fuzz suite sends such values.
LARGEST = sys.maxsize
NOT_A_GENERATOR = "must be a generator made by generator(seed), got"


def _nested(depth: int) -> list[object]:
    """``[[...[1.0]...]]``, ``depth`` lists deep: too deep for ``repr``."""
    value: list[object] = [1.0]
    for _ in range(depth):
        value = [value]
    return value


FOUND_BY_FUZZING = [
    Case(
        "uniform-rng-none",
        "uniform",
        (None, 2, 2),
        error=ParameterError,
        message=f"uniform: rng {NOT_A_GENERATOR} NoneType",
    ),
    Case(
        "choose-rng-a-seed",
        "choose",
        (3, 1, 2),
        error=ParameterError,
        message=f"choose: rng {NOT_A_GENERATOR} int",
    ),
    Case(
        "init-weights-rng-a-seed",
        "init_weights",
        (0, 3, 4),
        error=ParameterError,
        message=f"init_weights: rng {NOT_A_GENERATOR} int",
    ),
    Case(
        "dropconnect-mask-rng-a-list",
        "dropconnect_mask",
        ([], 2, 2, 0.5),
        error=ParameterError,
        message=f"dropconnect_mask: rng {NOT_A_GENERATOR} list",
    ),
    Case(
        "uniform-rows-beyond-any-index",
        "uniform",
        (Rng(), LARGEST + 1, 1),
        error=ParameterError,
        message=f"uniform: rows must be at most {LARGEST} (the largest index), got {LARGEST + 1}",
    ),
    Case(
        "kfold-n-beyond-any-index",
        "kfold",
        (10**400,),
        error=ParameterError,
        message=(
            f"kfold: N must be at most {LARGEST} (the largest index), "
            "got 1000000000000000000000000000000000000..."
        ),
    ),
    Case(
        "train-n-iter-beyond-any-index",
        "train",
        (X0, T),
        {"n_iter": 2**64},
        error=ParameterError,
        message=f"train: n_iter must be at most {LARGEST} (the largest index), got {2**64}",
    ),
    Case(
        "entry-nested-too-deeply-to-show",
        "transpose",
        ([[_nested(5000)]],),
        error=DataError,
        message="transpose: A[0][0] must be a number, got a list nested too deeply to show",
    ),
    Case(
        "zeros-rows-beyond-any-index",
        "zeros",
        (LARGEST + 1, 1),
        error=ShapeError,
        message=f"zeros: rows must be at most {LARGEST} (the largest index), got {LARGEST + 1}",
    ),
]

DATA = [
    Case(
        "unknown-feature",
        "load_housing",
        (["CRIM", "NOPE"],),
        error=ParameterError,
        message=f"load_housing: unknown column 'NOPE'; the columns are {COLUMN_LIST}",
    ),
    Case(
        "feature-names-are-case-sensitive",
        "load_housing",
        (["crim"],),
        error=ParameterError,
        message=f"load_housing: unknown column 'crim'; the columns are {COLUMN_LIST}",
    ),
    Case(
        "unknown-target",
        "load_housing",
        (),
        {"target": "PRICE"},
        error=ParameterError,
        message=f"load_housing: unknown column 'PRICE'; the columns are {COLUMN_LIST}",
    ),
    Case(
        "features-a-bare-string",
        "load_housing",
        ("CRIM",),
        error=ParameterError,
        message="load_housing: features must be a list of column names, got 'CRIM'",
    ),
    Case(
        "features-empty",
        "load_housing",
        ([],),
        error=ParameterError,
        message="load_housing: features is empty; name at least one column",
    ),
    Case(
        "scale-entry-zero",
        "apply_scale",
        ([[1.0, 2.0]], [[1.0, 0.0]]),
        error=DataError,
        message="apply_scale: scale[0][1] is 0.0; it must be positive",
    ),
    Case(
        "scale-entry-negative",
        "apply_scale",
        ([[1.0, 2.0]], [[-2.0, 1.0]]),
        error=DataError,
        message="apply_scale: scale[0][0] is -2.0; it must be positive",
    ),
    Case(
        "column-maximum-negative",
        "fit_scale",
        ([[1.0, -2.0], [3.0, -1.0]],),
        error=DataError,
        message=(
            "fit_scale: column 1 has maximum -1.0; scaling by the column maximum "
            "needs a positive maximum"
        ),
    ),
    Case(
        "column-maximum-zero",
        "fit_scale",
        ([[0.0], [-1.0]],),
        error=DataError,
        message=(
            "fit_scale: column 0 has maximum 0.0; scaling by the column maximum "
            "needs a positive maximum"
        ),
    ),
]


def _overflow(op: str, what: str) -> str:
    largest = "it is beyond the largest float (about 1.8e308)"
    return f"{op}: {what} overflows: {largest}; scale the data down"


EDGES = [
    # Finite inputs, a result beyond the largest float: a DataError in both, never inf.
    Case("overflow-rmse", "rmse", ([[1e308]], [[-1e308]]), error=DataError,
         message=_overflow("rmse", "the sum of squared errors")),
    Case("overflow-loss", "loss", ([[1e308]], [[-1e308]]), error=DataError,
         message=_overflow("loss", "the sum of squared errors")),
    Case("overflow-half-sum", "losses.half_sum", ([[1e200]], [[-1e200]]), error=DataError,
         message=_overflow("half_sum", "the loss")),
    Case("overflow-mse", "losses.mse", ([[1e200]], [[0.0]]), error=DataError,
         message=_overflow("mse", "the loss")),
    # A bool is not a whole number, even numpy's own (np.int64 is: tests/test_edges.py).
    Case("bool-n-iter", "train", (T, T), {"n_iter": True},
         message="train: n_iter must be a whole number, got True"),
    # A value quoted in a message is bounded, however long.
    Case("long-name-in-message", "load_housing", (["x" * 100_000],),
         message="load_housing: unknown column '" + "x" * 36 + "...; "
         "the columns are " + ", ".join(COLUMNS)),
]  # fmt: skip


CASES: list[Case] = [
    *STRUCTURE,
    *NOT_NUMBERS,
    *NOT_FINITE,
    *MISMATCHED_SHAPES,
    *SETTINGS,
    *DATA,
    *FOUND_BY_FUZZING,
    *EDGES,
]
"""Every bad input, each with the one error and message it must raise."""
