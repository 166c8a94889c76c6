"""The sigmoid's and tanh's derivatives against a many-digit reference, at many ``z``.

The textbook forms ``A * (1 - A)`` and ``1 - A * A`` lose their digits as
``A = f(z)`` rounds to 1: the sigmoid's was off by 1e-3 relative at
``z = 30`` and 6e-2 at ``z = 35``, the tanh's exactly 0 from ``z = 20``.
Both packages now compute them from ``e = exp(-|z|)``; every value must be
within a few units in the last place of the true derivative, in purenn and in
both of npnn's modes (exact mode bit-for-bit purenn's). The reference is
computed with :mod:`decimal` from the definitions ``sigma(z) (1 - sigma(z))``
and ``1 - tanh(z)^2``, not from the formulas under test, with 60 digits more
than the ``1 - ...`` cancels (``|z|`` digits is enough: it cancels about
``0.87 |z|``).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal, localcontext
from types import ModuleType

import numpy as np
import pytest

import npnn.activations
import purenn.activations
from tests.parity import bits

U = 2.0**-53
"""The unit roundoff: half the gap between 1.0 and the next double."""

SMALLEST_NORMAL = 2.2250738585072014e-308

Z_VALUES = sorted(
    {
        *(float(z) for z in np.linspace(-60.0, 60.0, 4801)),
        *(s * 10.0**k for s in (-1.0, 1.0) for k in range(-12, 3)),
        *(s * z for s in (-1.0, 1.0) for z in (20.0, 30.0, 35.0, 100.0, 300.0, 700.0)),
        0.0,
    }
)
"""Every 1/40 from -60 to 60, powers of ten from 1e-12 to 100, and the issue's points."""


def _sigmoid_slope(z: float) -> Decimal:
    with localcontext() as ctx:
        ctx.prec = 60 + int(abs(z))
        s = 1 / (1 + (-Decimal(z)).exp())
        return s * (1 - s)


def _tanh_slope(z: float) -> Decimal:
    with localcontext() as ctx:
        ctx.prec = 60 + int(abs(z))
        e2 = (2 * Decimal(z)).exp()
        tanh = (e2 - 1) / (e2 + 1)
        return 1 - tanh * tanh


REFERENCES: dict[str, Callable[[float], Decimal]] = {
    "sigmoid": _sigmoid_slope,
    "tanh": _tanh_slope,
}

PACKAGES: list[tuple[str, ModuleType, bool]] = [
    ("purenn", purenn.activations, False),
    ("npnn", npnn.activations, False),
    ("npnn-exact", npnn.activations, True),
]


def _worst_relative_error(name: str, values: list[float]) -> tuple[float, float]:
    """The largest relative error over ``Z_VALUES`` with a normal result, in units of ``U``."""
    reference = REFERENCES[name]
    worst, where = 0.0, 0.0
    for z, got in zip(Z_VALUES, values):
        true = reference(z)
        if true < SMALLEST_NORMAL:  # subnormal: fewer digits to be right about
            assert abs(Decimal(got) - true) <= Decimal(SMALLEST_NORMAL) * Decimal(U), (z, got)
            continue
        error = float(abs((Decimal(got) - true) / true)) / U
        if error > worst:
            worst, where = error, z
    return worst, where


@pytest.mark.parametrize("name", sorted(REFERENCES))
@pytest.mark.parametrize(("package", "nn", "exact"), PACKAGES, ids=[p[0] for p in PACKAGES])
def test_derivative_is_accurate_everywhere(
    name: str, package: str, nn: ModuleType, exact: bool
) -> None:
    """Within 8 units of roundoff of the true derivative at every ``z`` (measured: below 5)."""
    values = [float(v) for v in getattr(nn, f"{name}_derivative")([Z_VALUES], exact=exact)[0]]
    worst, where = _worst_relative_error(name, values)
    assert worst <= 8.0, f"{package} {name}_derivative: {worst:.3g} u at z = {where!r}"


@pytest.mark.parametrize("name", sorted(REFERENCES))
def test_exact_mode_is_bit_equal(name: str) -> None:
    """npnn's exact mode takes ``exp`` from :mod:`math`, as purenn: the same bits."""
    ours = getattr(purenn.activations, f"{name}_derivative")([Z_VALUES])
    theirs = getattr(npnn.activations, f"{name}_derivative")([Z_VALUES], exact=True)
    assert bits(ours) == bits(theirs)


@pytest.mark.parametrize("name", sorted(REFERENCES))
def test_the_textbook_form_was_wrong_where_the_issue_says(name: str) -> None:
    """The old forms, kept here as the record: 1e-3 off at z = 30, and 0 from z = 20."""
    f = getattr(purenn.activations, name)
    if name == "sigmoid":
        A = f([[30.0, 35.0]])[0]
        old = [a * (1.0 - a) for a in A]
        relative = [
            abs(Decimal(o) - _sigmoid_slope(z)) / _sigmoid_slope(z)
            for o, z in zip(old, [30.0, 35.0])
        ]
        assert float(relative[0]) > 1e-4
        assert float(relative[1]) > 1e-2
    else:
        A = f([[20.0]])[0]
        assert 1.0 - A[0] * A[0] == 0.0
    new = getattr(purenn.activations, f"{name}_derivative")([[20.0, 30.0, 35.0]])[0]
    assert all(v > 0.0 for v in new)
