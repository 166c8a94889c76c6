"""Bad inputs to evaluation: the split, cross-validation, the linear baseline and tuning."""

from __future__ import annotations

import math

from purenn.errors import DataError, ShapeError
from tests.bad_inputs.case import Case

X3 = [[1.0, 2.0], [2.0, 1.0], [3.0, 5.0]]
T3 = [[1.0], [2.0], [3.0]]
X6 = [[float(i + 1), float((i * 7) % 5 + 1)] for i in range(6)]
T6 = [[float(i)] for i in range(6)]
DEPENDENT = [[1.0, 2.0, 3.0], [2.0, 1.0, 3.0], [4.0, 1.0, 5.0], [0.0, 1.0, 1.0]]  # col 2 = 0 + 1
T4 = [[1.0], [2.0], [3.0], [4.0]]
NOT_UNIQUE = "so the least-squares solution is not unique; drop that column"
ROWS = "each side needs at least one row"

CASES = [
    # split: the test fraction, and a split that leaves a side empty
    Case("fraction-zero", "split", (X3, T3), {"test_fraction": 0.0},
         message="split: test_fraction must be in (0, 1), got 0.0"),
    Case("fraction-one", "split", (X3, T3), {"test_fraction": 1.0},
         message="split: test_fraction must be in (0, 1), got 1.0"),
    Case("fraction-negative", "split", (X3, T3), {"test_fraction": -0.5},
         message="split: test_fraction must be in (0, 1), got -0.5"),
    Case("fraction-nan", "split", (X3, T3), {"test_fraction": math.nan},
         message="split: test_fraction must be finite, got nan"),
    Case("fraction-string", "split", (X3, T3), {"test_fraction": "0.2"},
         message="split: test_fraction must be a number, got '0.2'"),
    Case("no-test-rows", "split", (X3, T3), {"test_fraction": 0.1},
         message="split: test_fraction 0.1 of 3 rows leaves 0 test rows and 3 training rows; "
         f"{ROWS}"),
    Case("no-training-rows", "split", (X3, T3), {"test_fraction": 0.9},
         message="split: test_fraction 0.9 of 3 rows leaves 3 test rows and 0 training rows; "
         f"{ROWS}"),
    Case("one-row", "split", ([[1.0]], [[1.0]]),
         message="split: test_fraction 0.2 of 1 rows leaves 0 test rows and 1 training rows; "
         f"{ROWS}"),
    Case("split-targets-too-short", "split", (X3, T3[:2]), error=ShapeError,
         message="split: t has shape (2, 1), expected (3, 1) to fit X (3, 2)"),
    Case("split-seed-not-whole", "split", (X3, T3), {"seed": 1.5},
         message="split: seed must be a whole number, got 1.5"),
    Case("split-ragged", "split", ([[1.0, 2.0], [3.0]], T3[:2]), error=ShapeError,
         message="split: X has ragged rows: row 0 has 2 entries but row 1 has 1"),
    Case("split-inf", "split", ([[1.0, math.inf], [2.0, 1.0], [3.0, 5.0]], T3), error=DataError,
         message="split: X[0][1] is inf; values must be finite numbers"),
    Case("holdout-fraction", "holdout", (X6, T6), {"test_fraction": 1.5},
         message="holdout: test_fraction must be in (0, 1), got 1.5"),
    Case("holdout-no-test-rows", "holdout", (X6, T6), {"test_fraction": 0.01},
         message="holdout: test_fraction 0.01 of 6 rows leaves 0 test rows and 6 training rows; "
         f"{ROWS}"),
    Case("holdout-n-iter", "holdout", (X6, T6), {"n_iter": -1},
         message="holdout: n_iter must be at least 0, got -1"),
    Case("holdout-linear-dependent", "holdout_linear",
         ([[1.0, 2.0], [2.0, 4.0], [3.0, 6.0], [4.0, 8.0]], T4), {"intercept": False},
         error=DataError,
         message=f"holdout_linear: X0 is rank-deficient: column 1 is (nearly) a linear "
         f"combination of column 0, {NOT_UNIQUE}"),
    # folds
    Case("k-one", "kfold", (6, 1), message="kfold: k must be at least 2, got 1"),
    Case("k-zero", "kfold", (6, 0), message="kfold: k must be at least 2, got 0"),
    Case("k-above-rows", "kfold", (6, 7), message="kfold: k=7 folds need at least 7 rows, got 6"),
    Case("k-float", "kfold", (6, 2.0), message="kfold: k must be a whole number, got 2.0"),
    Case("k-bool", "kfold", (6, True), message="kfold: k must be a whole number, got True"),
    Case("no-rows", "kfold", (0, 2), message="kfold: N must be at least 1, got 0"),
    Case("cv-k-one", "cross_validate", (X6, T6), {"k": 1},
         message="cross_validate: k must be at least 2, got 1"),
    Case("cv-k-above-rows", "cross_validate", (X6, T6), {"k": 7},
         message="cross_validate: k=7 folds need at least 7 rows, got 6"),
    Case("cv-n-h", "cross_validate", (X6, T6), {"n_h": 0},
         message="cross_validate: n_h must be at least 1, got 0"),
    Case("cv-alpha", "cross_validate", (X6, T6), {"alpha": 0.0},
         message="cross_validate: alpha must be positive, got 0.0"),
    Case("cv-p", "cross_validate", (X6, T6), {"p": 1.0},
         message="cross_validate: p must be in [0, 1), got 1.0"),
    Case("cv-progress", "cross_validate", (X6, T6), {"progress": "yes"},
         message="cross_validate: progress must be callable or None, got 'yes'"),
    Case("cv-linear-k", "cross_validate_linear", (X6, T6), {"k": 10},
         message="cross_validate_linear: k=10 folds need at least 10 rows, got 6"),
    Case("cv-linear-intercept", "cross_validate_linear", (X6, T6), {"intercept": 1},
         message="cross_validate_linear: intercept must be True or False, got 1"),
    Case("cv-linear-constant", "cross_validate_linear", ([[1.0, 2.0]] * 6, T6), {"k": 2},
         error=DataError,
         message="cross_validate_linear: X0 is rank-deficient: column 0 is (nearly) constant, "
         f"which the intercept already fits, {NOT_UNIQUE}"),
    # the grid
    Case("grid-empty", "tune", (X6, T6), {"alpha": []},
         message="tune: the grid for alpha is empty; give at least one value"),
    Case("grid-empty-tuple", "tune", (X6, T6), {"n_h": ()},
         message="tune: the grid for n_h is empty; give at least one value"),
    Case("grid-a-number", "tune", (X6, T6), {"alpha": 1e-6},
         message="tune: alpha must be a list of values, got 1e-06"),
    Case("grid-a-string", "tune", (X6, T6), {"alpha": "1e-6"},
         message="tune: alpha must be a list of values, got '1e-6'"),
    Case("grid-alpha-zero", "tune", (X6, T6), {"alpha": [1e-6, 0.0]},
         message="tune: alpha must be positive, got 0.0"),
    Case("grid-alpha-inf", "tune", (X6, T6), {"alpha": [math.inf]},
         message="tune: alpha must be finite, got inf"),
    Case("grid-repeated", "tune", (X6, T6), {"alpha": [1e-6, 1e-6]},
         message="tune: the grid for alpha lists 1e-06 twice"),
    Case("grid-n-h-fraction", "tune", (X6, T6), {"n_h": [2, 2.5]},
         message="tune: n_h must be a whole number, got 2.5"),
    Case("grid-n-h-zero", "tune", (X6, T6), {"n_h": [0]},
         message="tune: n_h must be at least 1, got 0"),
    Case("grid-p-one", "tune", (X6, T6), {"p": [0.2, 1.0]},
         message="tune: p must be in [0, 1), got 1.0"),
    Case("grid-n-iter-negative", "tune", (X6, T6), {"n_iter": [-1]},
         message="tune: n_iter must be at least 0, got -1"),
    Case("tune-k", "tune", (X6, T6), {"k": 7},
         message="tune: k=7 folds need at least 7 rows, got 6"),
    # least squares: singular and rank-deficient problems
    Case("lstsq-multiple-column", "least_squares", ([[1.0, 2.0], [2.0, 4.0], [3.0, 6.0]], T3),
         error=DataError,
         message="least_squares: A is rank-deficient: column 1 is (nearly) a linear combination "
         f"of column 0, {NOT_UNIQUE}"),
    Case("lstsq-zero-column", "least_squares", ([[1.0, 0.0], [2.0, 0.0], [3.0, 0.0]], T3),
         error=DataError,
         message=f"least_squares: A is rank-deficient: column 1 is all zeros, {NOT_UNIQUE}"),
    Case("lstsq-sum-of-columns", "least_squares", (DEPENDENT, T4), error=DataError,
         message="least_squares: A is rank-deficient: column 2 is (nearly) a linear combination "
         f"of columns 0 to 1, {NOT_UNIQUE}"),
    Case("lstsq-wide", "least_squares", ([[1.0, 2.0, 3.0], [2.0, 4.0, 1.0]], T3[:2]),
         error=ShapeError,
         message="least_squares: A has 2 rows but the fit has 3 unknowns (3 weights); least "
         "squares needs at least as many rows as unknowns"),
    Case("lstsq-b-short", "least_squares", (X3, T3[:2]), error=ShapeError,
         message="least_squares: b has shape (2, 1), expected (3, 1) to fit A (3, 2)"),
    Case("lstsq-b-wide", "least_squares", (X3, [[1.0, 2.0]] * 3), error=ShapeError,
         message="least_squares: b has shape (3, 2), expected (3, 1) to fit A (3, 2)"),
    Case("fit-constant-column", "fit_linear", ([[5.0, 1.0], [5.0, 2.0], [5.0, 3.0]], T3),
         error=DataError,
         message="fit_linear: X0 is rank-deficient: column 0 is (nearly) constant, which the "
         f"intercept already fits, {NOT_UNIQUE}"),
    Case("fit-constant-second-column", "fit_linear", ([[1.0, 5.0], [2.0, 5.0], [3.0, 5.0]], T3),
         error=DataError,
         message="fit_linear: X0 is rank-deficient: column 1 is (nearly) a linear combination "
         f"of the intercept and column 0, {NOT_UNIQUE}"),
    Case("fit-sum-of-columns", "fit_linear", (DEPENDENT, T4), error=DataError,
         message="fit_linear: X0 is rank-deficient: column 2 is (nearly) a linear combination "
         f"of the intercept and columns 0 to 1, {NOT_UNIQUE}"),
    Case("fit-multiple-no-intercept", "fit_linear", ([[1.0, 2.0], [2.0, 4.0], [3.0, 6.0]], T3),
         {"intercept": False}, error=DataError,
         message="fit_linear: X0 is rank-deficient: column 1 is (nearly) a linear combination "
         f"of column 0, {NOT_UNIQUE}"),
    Case("fit-too-few-rows", "fit_linear", (X3[:2], T3[:2]), error=ShapeError,
         message="fit_linear: X0 has 2 rows but the fit has 3 unknowns (2 weights and the "
         "intercept); least squares needs at least as many rows as unknowns"),
    Case("fit-targets-short", "fit_linear", (X3, T3[:2]), error=ShapeError,
         message="fit_linear: t has shape (2, 1), expected (3, 1) to fit X0 (3, 2)"),
    Case("fit-intercept-string", "fit_linear", (X3, T3), {"intercept": "no"},
         message="fit_linear: intercept must be True or False, got 'no'"),
    Case("fit-nan", "fit_linear", ([[1.0, math.nan], [2.0, 1.0], [3.0, 5.0]], T3),
         error=DataError, message="fit_linear: X0[0][1] is nan; values must be finite numbers"),
    Case("predict-not-a-model", "predict_linear", ("model", X3), error=ShapeError,
         message="predict_linear: model must be the Linear record that fit_linear returned, "
         "got str"),
    Case("score-y-wide", "score", ([[1.0, 2.0]], [[1.0]]), error=ShapeError,
         message="score: y has shape (1, 2), expected (any, 1)"),
    Case("score-t-short", "score", ([[1.0], [2.0]], [[1.0]]), error=ShapeError,
         message="score: t has shape (1, 1), expected (2, 1) to fit y (2, 1)"),
]  # fmt: skip
