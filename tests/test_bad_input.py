"""Every bad input raises the project's error, of the exact class, with the exact message."""

from __future__ import annotations

from types import ModuleType
from typing import Any

import pytest

import purenn
from purenn.errors import DataError, DivergenceError, NNError, ParameterError, ShapeError
from tests.bad_inputs import CASES, BadInput, Rng

PACKAGES: list[ModuleType] = [purenn]
"""The packages that must refuse every case in the same words."""


def _resolve(value: object, package: ModuleType) -> Any:
    """Replace an :class:`Rng` placeholder with the package's own generator."""
    return package.generator(value.seed) if isinstance(value, Rng) else value


@pytest.mark.parametrize("package", PACKAGES, ids=lambda m: m.__name__)
@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_bad_input_raises_the_exact_error(package: ModuleType, case: BadInput) -> None:
    """The call raises exactly ``case.error`` (not a subclass) with exactly ``case.message``."""
    function = getattr(package, case.call)
    args = [_resolve(a, package) for a in case.args]
    kwargs = {k: _resolve(v, package) for k, v in case.kwargs.items()}
    with pytest.raises(NNError) as caught:
        function(*args, **kwargs)
    assert type(caught.value) is case.error
    assert str(caught.value) == case.message


def test_cases_are_well_formed() -> None:
    """Ids are unique, every call is a public function, every error a project error."""
    ids = [case.id for case in CASES]
    assert len(ids) == len(set(ids))
    for case in CASES:
        assert case.call in purenn.__all__, case.id
        assert callable(getattr(purenn, case.call)), case.id
        assert case.error in (ShapeError, DataError, ParameterError), case.id
        assert case.message.startswith(f"{case.call}: "), case.id


@pytest.mark.parametrize("error", [NNError, ShapeError, DataError, ParameterError, DivergenceError])
def test_every_project_error_is_a_value_error(error: type[Exception]) -> None:
    """``except ValueError`` catches every error the project raises on bad input."""
    assert issubclass(error, ValueError)
    assert issubclass(error, NNError)


def test_the_errors_are_distinct_classes() -> None:
    """Shape, data, parameter and divergence errors can be told apart."""
    classes = [ShapeError, DataError, ParameterError, DivergenceError]
    for a in classes:
        for b in classes:
            assert issubclass(a, b) == (a is b)
