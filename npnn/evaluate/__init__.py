r"""Error on rows the model has not seen, in numpy (see :mod:`purenn.evaluate`).

A train/test split and K-fold cross-validation, for the network and for the
linear baseline, with the scaling fitted on the training rows only. The rows
are ordered by the same uniforms as in purenn (numpy's stable ``argsort``), so
the same seed holds out the same rows in both packages.

``exact=True`` trains, predicts and adds up in purenn's order, so every score,
mean and standard deviation is bit-for-bit purenn's; ``exact=False`` uses
BLAS, ``np.mean`` and ``np.std``.
"""

from __future__ import annotations

from npnn.evaluate.models import cross_validate, cross_validate_linear, holdout, holdout_linear
from npnn.evaluate.records import CVResult, HoldoutResult, Progress, Score, Split
from npnn.evaluate.rows import kfold, score, split

__all__ = [
    "CVResult",
    "HoldoutResult",
    "Progress",
    "Score",
    "Split",
    "cross_validate",
    "cross_validate_linear",
    "holdout",
    "holdout_linear",
    "kfold",
    "score",
    "split",
]
