"""Which rows are held out, how both sides are scaled, and how predictions are scored.

See :mod:`purenn.evaluate` for why the scaling is fitted on the training rows only.
"""

from __future__ import annotations

from purenn.data import apply_scale, fit_scale
from purenn.evaluate.records import Score, Split
from purenn.matrix import Matrix, MatrixLike
from purenn.network import _loss, _rmse
from purenn.random import Indices, _choose, generator
from purenn.support import checks
from purenn.support.checks import list_matrix
from purenn.support.network_checks import NetworkChecks
from purenn.support.settings import WRITE_UP

__all__ = ["kfold", "score", "split"]

check = NetworkChecks(list_matrix)


# --8<-- [start:rows]
def _order(N: int, seed: int) -> Indices:
    return _choose(generator(seed), N, N)  # (N,): the positions sorted by N uniforms


def _split_rows(N: int, n_test: int, seed: int) -> tuple[Indices, Indices]:
    order = _order(N, seed)
    return sorted(order[n_test:]), sorted(order[:n_test])  # training rows, test rows


def _kfold(N: int, k: int, seed: int) -> list[Indices]:
    order = _order(N, seed)
    return [sorted(order[f * N // k : (f + 1) * N // k]) for f in range(k)]  # k folds


# --8<-- [end:rows]


# --8<-- [start:split]
def _split_at(X: Matrix, t: Matrix, train_rows: Indices, test_rows: Indices) -> Split:
    X_train = [X[i] for i in train_rows]  # (N_train, D), unscaled
    X_test = [X[i] for i in test_rows]  # (N_test, D), unscaled
    scale = fit_scale(X_train)  # (1, D): the maxima of the training rows, and only theirs
    return Split(
        apply_scale(X_train, scale),  # (N_train, D)
        [list(t[i]) for i in train_rows],  # (N_train, 1)
        apply_scale(X_test, scale),  # (N_test, D): scaled as the training rows were
        [list(t[i]) for i in test_rows],  # (N_test, 1)
        scale,
        train_rows,
        test_rows,
    )


# --8<-- [end:split]


# --8<-- [start:score]
def _score(y: Matrix, t: Matrix) -> Score:
    return Score(len(t), _loss(y, t), _rmse(y, t))


# --8<-- [end:score]


def _data(op: str, X: object, t: object) -> tuple[Matrix, Matrix]:
    X = checks.list_matrix(X, op, "X", finite=True)
    return X, check.targets(op, t, ("X", (len(X), len(X[0]))))


def split(
    X: MatrixLike, t: MatrixLike, *, test_fraction: float = 0.2, seed: int = WRITE_UP.seed
) -> Split:
    """Split the rows into training and test rows, and scale both by the training rows.

    The test rows are the first ``round(test_fraction * N)`` of a random order
    of the rows drawn from ``generator(seed)``. Scaling fitted on every row
    would let the test rows shape the training inputs; see the module's notes.

    Args:
        X: inputs, unscaled, shape ``(N, D)``.
        t: targets, shape ``(N, 1)``.
        test_fraction: the share of rows held out, in (0, 1).
        seed: seeds the order of the rows.

    Returns:
        ``Split``: ``X0_train`` ``(N_train, D)``, ``t_train`` ``(N_train, 1)``,
        ``X0_test`` ``(N_test, D)``, ``t_test`` ``(N_test, 1)``, ``scale``
        ``(1, D)``, and the row positions of each side.

    Raises:
        ShapeError: ``t`` is not ``(N, 1)``.
        DataError: a value is not finite, or a training column's maximum is not positive.
        ParameterError: ``test_fraction`` outside (0, 1), or a split that leaves
            a side without rows.
    """
    op = "split"
    X, t = _data(op, X, t)
    test_fraction = checks.fraction(test_fraction, op, "test_fraction")
    seed = checks.whole_seed(seed, op)
    n_test = checks.held_out_rows(op, len(X), test_fraction)
    return _split_at(X, t, *_split_rows(len(X), n_test, seed))


def kfold(N: int, k: int = 5, *, seed: int = WRITE_UP.seed) -> list[Indices]:
    """Assign ``N`` rows to ``k`` folds: the rows each fold holds out.

    The rows in a random order drawn from ``generator(seed)``, cut into ``k``
    stretches whose sizes differ by at most one; each fold's rows in
    increasing order. Every row is in exactly one fold.

    Args:
        N: number of rows.
        k: number of folds, from 2 to ``N``.
        seed: seeds the order of the rows.

    Returns:
        ``k`` lists of row positions.

    Raises:
        ParameterError: ``N`` below 1, ``k`` below 2 or above ``N``.
    """
    op = "kfold"
    N = checks.count(N, op, "N", 1)
    k = checks.folds(k, op, N)
    return _kfold(N, k, checks.whole_seed(seed, op))


def score(y: MatrixLike, t: MatrixLike, *, exact: bool = False) -> Score:
    r"""Return the loss \(\frac{1}{2}\sum_i (y_i - t_i)^2\) and the RMSE of ``y`` against ``t``.

    Args:
        y: predictions, shape ``(N, 1)``.
        t: targets, shape ``(N, 1)``.

    Returns:
        ``Score(rows, loss, rmse)``.

    Raises:
        ShapeError: ``y`` is not ``(N, 1)`` or ``t`` does not match it.
        DataError: a value is not a finite number.
    """
    op = "score"
    y = checks.list_matrix(y, op, "y", finite=True)
    checks.expect_shape(op, "y", (len(y), len(y[0])), (None, 1))
    return _score(y, check.targets(op, t, ("y", (len(y), 1))))
