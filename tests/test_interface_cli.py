"""purenn and npnn both satisfy the interface the command line is typed with.

:mod:`purenn.support.interface` declares, as protocols, every name the
command line calls on a package. Both packages satisfy them statically (mypy
checks the assignments below, a module being a protocol's implementation) and
at run time (every member exists, and every callable has the protocol's
parameters: the same names, kinds and defaults).
"""

from __future__ import annotations

import importlib
import inspect
from types import ModuleType
from typing import Any

import pytest

import npnn
import npnn.activations
import npnn.mlp
import npnn.moons
import npnn.optim
import purenn
import purenn.activations
import purenn.mlp
import purenn.moons
import purenn.optim
from purenn.support.interface import MLP, Activations, Moons, Optim, Package

# Checked by mypy: each module is an implementation of its protocol.
PURENN: Package = purenn
NPNN: Package = npnn
PURENN_MLP: MLP = purenn.mlp
NPNN_MLP: MLP = npnn.mlp
PURENN_MOONS: Moons = purenn.moons
NPNN_MOONS: Moons = npnn.moons
PURENN_ACTIVATIONS: Activations = purenn.activations
NPNN_ACTIVATIONS: Activations = npnn.activations
PURENN_OPTIM: Optim = purenn.optim
NPNN_OPTIM: Optim = npnn.optim

PROTOCOLS: dict[str, type[Any]] = {
    "": Package,
    ".mlp": MLP,
    ".moons": Moons,
    ".activations": Activations,
    ".optim": Optim,
}


def _members(protocol: type[Any]) -> list[str]:
    """The members a protocol declares: its methods and properties (``__name__`` included)."""
    return sorted(
        name
        for name, value in vars(protocol).items()
        if isinstance(value, property | type(_members)) and (name[0] != "_" or name == "__name__")
    )


def _cases() -> list[tuple[str, str, str]]:
    return [
        (package, suffix, name)
        for suffix, protocol in PROTOCOLS.items()
        for name in _members(protocol)
        for package in ("purenn", "npnn")
    ]


def _bare(signature: inspect.Signature) -> list[tuple[str, Any, Any]]:
    """Each parameter's name, kind and default (annotations are mypy's to compare)."""
    return [(p.name, p.kind, p.default) for p in signature.parameters.values()]


@pytest.mark.parametrize(("package", "suffix", "name"), _cases(), ids=lambda v: str(v) or "package")
def test_member_exists_with_the_protocols_signature(package: str, suffix: str, name: str) -> None:
    """Each member exists; a callable takes the protocol's parameters, in order, and defaults."""
    module: ModuleType = importlib.import_module(package + suffix)
    declared = vars(PROTOCOLS[suffix])[name]
    assert hasattr(module, name), f"{package}{suffix} lacks {name}"
    if isinstance(declared, property):
        return
    ours = inspect.signature(declared)
    ours = ours.replace(parameters=list(ours.parameters.values())[1:])  # without self
    assert _bare(inspect.signature(getattr(module, name))) == _bare(ours)


def test_the_protocols_cover_what_the_command_line_calls() -> None:
    """The protocols are not empty shells: the package one names every call of the commands."""
    members = set(_members(Package))
    assert {"train", "holdout", "cross_validate", "tune", "load_checkpoint"} <= members
    assert len(members) >= 20
    assert set(_members(MLP)) == {"Config", "fit", "init_params", "loss", "predict"}


def test_the_error_class_is_shared() -> None:
    """The command line catches one error class: both packages raise it."""
    assert npnn.NNError is purenn.NNError
