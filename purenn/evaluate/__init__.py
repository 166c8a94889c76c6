r"""Error on rows the model has not seen: a held-out split and K-fold cross-validation.

The write-up trains and reports its error on the same 506 rows, which says
how well the network fits them, not how well it predicts a house it has not
seen. Two standard answers, for the network and for the linear baseline:

- a **train/test split**: hold out a share of the rows (20% by default),
  train on the rest, score on the held-out rows;
- **K-fold cross-validation**: cut the rows into ``k`` folds; each fold in
  turn is held out while the model trains on the other ``k - 1``. The spread
  of the ``k`` held-out errors shows how much one split's answer depends on
  which rows it happened to hold out.

Rows are assigned from the one random stream: ``N`` uniforms from
``generator(seed)``, and the positions sorted by them (a stable sort, as
:func:`~purenn.random.choose` does) put the rows in a random order. A split
holds out the first ``round(test_fraction * N)`` rows of that order; fold
``f`` of ``k`` holds out the stretch from ``f N // k`` to ``(f + 1) N // k``.
Each side keeps its rows in the table's order.

**The scaling is fitted on the training rows only.** The write-up divides
each column by its maximum over all rows. If a held-out row holds a column's
maximum, that row has shaped the inputs the model trained on: the test rows
leak into training and the held-out error comes out optimistic. Here each
training set gets its own maxima (:func:`~purenn.data.fit_scale`) and the
held-out rows are divided by those (:func:`~purenn.data.apply_scale`), so a
held-out entry may exceed 1.

Every score is the loss (half the sum of squares, the write-up's error) and,
beside it, the root-mean-square error in the units of ``t``: for the housing
data, thousands of dollars.
"""

from __future__ import annotations

from purenn.evaluate.models import cross_validate, cross_validate_linear, holdout, holdout_linear
from purenn.evaluate.records import CVResult, HoldoutResult, Progress, Score, Split
from purenn.evaluate.rows import kfold, score, split

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
