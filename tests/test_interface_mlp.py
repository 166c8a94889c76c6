"""The general network's modules present one interface in both packages.

``test_interface.py`` compares the names of every mirrored module (these
included) and the signatures of the names the packages export at the top.
The general network's names live in their modules (``purenn.mlp.fit``, not
``purenn.fit``), so their signatures, records and constants are compared here.
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect

import pytest

MODULES = [".activations", ".losses", ".layers", ".init", ".optim", ".mlp", ".moons"]


def _names() -> list[tuple[str, str]]:
    return [
        (suffix, name)
        for suffix in MODULES
        for name in importlib.import_module("purenn" + suffix).__all__
    ]


@pytest.mark.parametrize(("suffix", "name"), _names(), ids=lambda v: str(v))
def test_same_signature_fields_or_value(suffix: str, name: str) -> None:
    """Functions and records: identical ``inspect.signature``; records: the same fields;
    constants: the same value; type aliases: of the same kind."""
    ours = getattr(importlib.import_module("purenn" + suffix), name)
    theirs = getattr(importlib.import_module("npnn" + suffix), name)
    if inspect.isfunction(ours) or inspect.isclass(ours):
        assert inspect.signature(ours) == inspect.signature(theirs)
        if dataclasses.is_dataclass(ours):
            assert [f.name for f in dataclasses.fields(ours)] == [
                f.name for f in dataclasses.fields(theirs)
            ]
    elif isinstance(ours, tuple | str | int | float) or dataclasses.is_dataclass(ours):
        assert ours == theirs
    else:  # a type alias, such as Masks: each names its own package's matrices
        assert type(ours) is type(theirs)


def test_settings_records_are_shared() -> None:
    """Config and Optimizer hold settings, not numbers: npnn uses purenn's very records."""
    import npnn.mlp
    import npnn.optim
    import purenn.mlp
    import purenn.optim

    assert npnn.mlp.Config is purenn.mlp.Config
    assert npnn.optim.Optimizer is purenn.optim.Optimizer
    assert npnn.mlp.WRITE_UP_OPTIMIZER is purenn.mlp.WRITE_UP_OPTIMIZER


def test_reprs_show_shapes() -> None:
    """Each record with matrices shows their shapes, the same way in both packages."""
    shown = []
    for package in ("purenn", "npnn"):
        nn = importlib.import_module(package)
        mlp = importlib.import_module(package + ".mlp")
        config = mlp.Config((3, 4, 2), bias=True)
        params = mlp.init_params(config, nn.generator(0))
        cache = mlp.forward(config, params, [[0.5, 0.25, 1.0]] * 5)
        grads = mlp.backward(config, [[1.0, 0.0]] * 5, cache)
        result = mlp.fit([[0.5, 0.25, 1.0]] * 5, [[1.0, 0.0]] * 5, config, n_epochs=2)
        shown.append([repr(params), repr(cache), repr(cache.layers[0]), repr(grads), repr(result)])
    assert shown[0] == shown[1]
    assert shown[0][0] == "Params(W=[(3, 4), (4, 2)], b=[(1, 4), (1, 2)])"
    assert shown[0][1] == "Forward(layers=<2 layers>, y=(5, 2))"
    assert shown[0][2] == (
        "LayerCache(dense=DenseCache(X=(5, 3), W=(3, 4), M=None, bias=True), "
        "activation=ActivationCache(name='relu', Z=(5, 4), A=(5, 4)), dropout=None)"
    )
    assert shown[0][3] == (
        "Gradients(dy=(5, 2), dZ=[(5, 4), (5, 2)], dW=[(3, 4), (4, 2)], "
        "db=[(1, 4), (1, 2)], dX=[(5, 3), (5, 4)])"
    )
    assert shown[0][4] == (
        "FitResult(params=Params(W=[(3, 4), (4, 2)], b=[(1, 4), (1, 2)]), "
        "errors=<2 values>, steps_per_epoch=1, dead=False)"
    )
