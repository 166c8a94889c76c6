"""Every bad input raises the project's error, of the exact class, with the exact message."""

from __future__ import annotations

from types import ModuleType
from typing import Any

import numpy as np
import pytest

import npnn
import purenn
from purenn.errors import DataError, DivergenceError, NNError, ParameterError, ShapeError
from tests.bad_inputs import CASES, BadInput, Rng

PACKAGES: list[ModuleType] = [purenn, npnn]
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


ARRAY_CASES = [
    # The broadcasting trap: (N, 1) - (N,) would silently become (N, N).
    ("subtract", (np.zeros((3, 1)), np.zeros(3)), ShapeError,
     "subtract: B must be a 2-D matrix, got an array of shape (3,)"),
    ("loss", (np.zeros((3, 1)), np.zeros(3)), ShapeError,
     "loss: t must be a 2-D matrix, got an array of shape (3,)"),
    ("loss", (np.zeros(3), np.zeros((3, 1))), ShapeError,
     "loss: y must be a 2-D matrix, got an array of shape (3,)"),
    ("matmul", (np.zeros((2, 2, 2)), np.zeros((2, 2))), ShapeError,
     "matmul: A must be a 2-D matrix, got an array of shape (2, 2, 2)"),
    ("relu", (np.zeros((0, 3)),), ShapeError,
     "relu: A is empty; a matrix needs at least one row"),
    ("relu", (np.zeros((3, 0)),), ShapeError,
     "relu: A is empty; a matrix needs at least one column"),
    ("relu", (np.ones((2, 2), dtype=bool),), DataError,
     "relu: A must hold real numbers, got an array of dtype bool"),
    ("relu", (np.ones((2, 2), dtype=complex),), DataError,
     "relu: A must hold real numbers, got an array of dtype complex128"),
    ("forward", (np.array([[1.0, np.nan]]), np.ones((2, 1)), np.ones((1, 1))), DataError,
     "forward: X0[0][1] is nan; values must be finite numbers"),
    ("train", (np.array([[1.0], [-np.inf]]), np.ones((2, 1))), DataError,
     "train: X0[1][0] is -inf; values must be finite numbers"),
]  # fmt: skip


@pytest.mark.parametrize(("call", "args", "error", "message"), ARRAY_CASES)
def test_npnn_refuses_bad_arrays(
    call: str, args: tuple[Any, ...], error: type[NNError], message: str
) -> None:
    """npnn checks arrays as purenn checks lists: no silent broadcasting, no NaN."""
    with pytest.raises(NNError) as caught:
        getattr(npnn, call)(*args)
    assert type(caught.value) is error
    assert str(caught.value) == message


def test_the_same_data_as_a_list_is_refused_by_both_in_the_same_words() -> None:
    """A NaN found in an array is reported exactly as purenn reports it in a list."""
    rows = [[1.0, 2.0], [3.0, float("nan")]]
    messages = []
    for attempt in (lambda: purenn.fit_scale(rows), lambda: npnn.fit_scale(np.array(rows))):
        with pytest.raises(DataError) as caught:
            attempt()
        messages.append(str(caught.value))
    assert messages[0] == messages[1] == "fit_scale: X[1][1] is nan; values must be finite numbers"
