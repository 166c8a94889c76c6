"""Bad inputs and the exact error each must raise, the same in purenn and npnn.

One table, one :class:`~tests.bad_inputs.case.Case` type, a module per part
of the book:

- :mod:`~tests.bad_inputs.network`: the write-up's network and its tools
  (matrices, the random stream, the data, forward, backward, training);
- :mod:`~tests.bad_inputs.evaluation`: the split, cross-validation, the
  linear baseline and tuning;
- :mod:`~tests.bad_inputs.multilayer`: the general network (layers, losses,
  optimizers, moons).

``tests/test_bad_input.py`` runs every case through both packages.
"""

from __future__ import annotations

from tests.bad_inputs import evaluation, multilayer, network
from tests.bad_inputs.case import Case, P, Rng

__all__ = ["CASES", "Case", "P", "Rng"]

CASES: list[Case] = [*network.CASES, *evaluation.CASES, *multilayer.CASES]
"""Every bad input, each with the one error and message it must raise."""
