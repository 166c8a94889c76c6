"""purenn and npnn present one interface: the same names, signatures and records."""

from __future__ import annotations

import dataclasses
import importlib
import inspect
from types import ModuleType

import pytest

import npnn
import purenn

MODULES = [
    "",
    ".matrix",
    ".random",
    ".data",
    ".network",
    ".dropconnect",
    ".train",
    ".baseline",
    ".evaluate",
    ".tune",
    ".activations",
    ".losses",
    ".layers",
    ".init",
    ".optim",
    ".mlp",
    ".moons",
    ".checkpoint",
    ".errors",
]


def _pair(suffix: str) -> tuple[ModuleType, ModuleType]:
    return importlib.import_module("purenn" + suffix), importlib.import_module("npnn" + suffix)


@pytest.mark.parametrize("suffix", MODULES, ids=lambda s: s or "package")
def test_same_public_names(suffix: str) -> None:
    """Each mirrored module exports exactly the same names, and they all exist."""
    pure, numpy_twin = _pair(suffix)
    assert sorted(pure.__all__) == sorted(numpy_twin.__all__)
    for name in pure.__all__:
        assert hasattr(pure, name), f"purenn{suffix} lacks {name}"
        assert hasattr(numpy_twin, name), f"npnn{suffix} lacks {name}"


def _public_callables() -> list[str]:
    return [
        name
        for name in purenn.__all__
        if inspect.isfunction(getattr(purenn, name))
        or (
            inspect.isclass(getattr(purenn, name))
            and getattr(purenn, name).__module__.startswith("purenn.")
            and not issubclass(getattr(purenn, name), Exception)
        )
    ]


@pytest.mark.parametrize("name", _public_callables())
def test_same_signature(name: str) -> None:
    """Every public function and record has an identical ``inspect.signature``.

    Type aliases (``Matrix``, ``Generator``, ``Indices``) name each package's own
    types on purpose; annotations are compared as the alias names they spell.
    """
    ours, theirs = getattr(purenn, name), getattr(npnn, name)
    assert inspect.signature(ours) == inspect.signature(theirs)


def test_every_public_function_is_covered() -> None:
    """The signature test above sees every function of the interface (none slips out)."""
    functions = [n for n in purenn.__all__ if inspect.isfunction(getattr(purenn, n))]
    assert len(functions) >= 25
    assert set(functions) <= set(_public_callables())


@pytest.mark.parametrize(
    "name",
    [
        "Weights",
        "Forward",
        "Gradients",
        "TrainResult",
        "Linear",
        "Score",
        "Split",
        "HoldoutResult",
        "CVResult",
        "Trial",
        "TuneResult",
        "Checkpoint",
    ],
)
def test_records_have_the_same_fields(name: str) -> None:
    """The records carry the same field names in the same order."""
    fields = [f.name for f in dataclasses.fields(getattr(purenn, name))]
    assert fields == [f.name for f in dataclasses.fields(getattr(npnn, name))]


def test_errors_are_shared() -> None:
    """npnn raises purenn's very exception classes, so one except clause serves both."""
    for name in purenn.errors.__all__:
        assert getattr(npnn, name) is getattr(purenn, name)
        assert issubclass(getattr(purenn, name), ValueError)


def test_constants_are_equal() -> None:
    """The data constants are the same values."""
    assert npnn.FEATURES == purenn.FEATURES
    assert npnn.TARGET == purenn.TARGET
    assert npnn.COLUMNS == purenn.COLUMNS


def test_reprs_show_shapes() -> None:
    """A record's repr shows shapes, in both packages, the same way."""
    for nn in (purenn, npnn):
        weights = nn.init_weights(nn.generator(0), 3, 4)
        assert repr(weights) == "Weights(W1=(3, 4), W2=(4, 1))"
