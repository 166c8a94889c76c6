"""Every bad input raises the project's error, of the exact class, with the exact message.

The cases are the table in :mod:`tests.bad_inputs`; each runs through purenn,
npnn, and npnn's exact mode when the function takes ``exact``, and must raise
the same class (not a subclass) with the same words in every one. Then the
errors themselves, and what only one package can be handed (numpy arrays).
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
import pytest

import npnn
import purenn
from purenn.errors import DataError, DivergenceError, NNError, ParameterError, ShapeError
from purenn.optim import Optimizer
from tests.bad_inputs import CASES, Case, P, Rng
from tests.bad_inputs.evaluation import T6, X6
from tests.bad_inputs.multilayer import T


def function(package: str, call: str) -> Callable[..., Any]:
    """``package.name``, or ``package.module.name`` for a call ``"module.name"``."""
    module, _, name = call.rpartition(".")
    return getattr(importlib.import_module(f"{package}.{module}" if module else package), name)  # type: ignore[no-any-return]


def resolve(value: Any, package: str) -> Any:
    """Replace the placeholders :class:`Rng` and :class:`P` with what the package makes."""
    if isinstance(value, Rng):
        return importlib.import_module(package).generator(value.seed)
    if isinstance(value, P):
        return importlib.import_module(f"{package}.mlp").Params(value.W, value.b)
    if type(value) is tuple:
        return tuple(resolve(v, package) for v in value)
    return value


def takes_exact(call: str) -> bool:
    return "exact" in inspect.signature(function("purenn", call)).parameters


def runs(case: Case) -> Iterator[tuple[str, dict[str, bool]]]:
    """purenn, npnn, and npnn's exact mode where the function has one."""
    yield "purenn", {}
    yield "npnn", {}
    if takes_exact(case.call) and "exact" not in case.kwargs:
        yield "npnn", {"exact": True}


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_bad_input_raises_the_same_error_in_both(case: Case) -> None:
    """Exactly ``case.error`` (not a subclass) with exactly ``case.message``, in every package."""
    for package, mode in runs(case):
        args = [resolve(a, package) for a in case.args]
        kwargs = {k: resolve(v, package) for k, v in case.kwargs.items()}
        with pytest.raises(NNError) as caught:
            function(package, case.call)(*args, **kwargs, **mode)
        said = (type(caught.value), str(caught.value))
        assert said == (case.error, case.message), f"{package} {mode}"


def test_cases_are_well_formed() -> None:
    """Ids are unique, every call is a public name, every error a project error, every
    message starts with the name of the function or record that refused."""
    ids = [case.id for case in CASES]
    assert len(ids) == len(set(ids))
    for case in CASES:
        module, _, name = case.call.rpartition(".")
        owner = importlib.import_module(f"purenn.{module}" if module else "purenn")
        assert name in owner.__all__, case.id
        assert callable(getattr(owner, name)), case.id
        assert case.error in (ShapeError, DataError, ParameterError), case.id
        assert case.message.startswith(f"{name}: "), case.id


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


def test_a_linear_model_of_the_wrong_width_is_refused() -> None:
    """predict_linear: X0 must have as many columns as the model has weights."""
    for nn, exact in [(purenn, False), (npnn, False), (npnn, True)]:
        model = nn.fit_linear(X6, T6, exact=exact)
        with pytest.raises(ShapeError) as caught:
            nn.predict_linear(model, [[1.0, 2.0, 3.0]], exact=exact)
        assert str(caught.value) == "predict_linear: X0 has shape (1, 3), expected (any, 2)"


def test_the_step_refuses_a_state_of_another_optimizer() -> None:
    """A momentum state handed to Adam is refused, in both packages alike."""
    messages = []
    for package in ("purenn", "npnn"):
        optim = importlib.import_module(f"{package}.optim")
        state = optim.initial_state(Optimizer("momentum", 0.1), [T])
        with pytest.raises(ParameterError) as caught:
            optim.optimizer_step(Optimizer("adam", 0.1), [T], [T], state)
        messages.append(str(caught.value))
    assert (
        messages[0]
        == messages[1]
        == (
            "optimizer_step: the state does not fit adam on these params; "
            "start from initial_state(optimizer, params)"
        )
    )
