"""One bad input: the call, its arguments, and the error class and message it must raise."""

from __future__ import annotations

from dataclasses import KW_ONLY, dataclass, field
from typing import Any

from purenn.errors import NNError, ParameterError


@dataclass(frozen=True)
class Rng:
    """Stands for ``generator(seed)`` of the package under test."""

    seed: int = 0


@dataclass(frozen=True)
class P:
    """Stands for the package's ``mlp.Params(W, b)``."""

    W: tuple[Any, ...]
    b: tuple[Any, ...] | None = None


@dataclass(frozen=True)
class Case:
    """One call that must fail: ``call(*args, **kwargs)`` raises exactly ``error(message)``.

    ``call`` is a public name of the package (``"forward"``) or of one of its
    modules (``"mlp.forward"``). The arguments are plain lists, numbers and
    strings, never numpy arrays, so that both packages get the very same
    values; :class:`Rng` and :class:`P` stand for what each package makes.
    """

    id: str
    call: str
    args: tuple[Any, ...]
    kwargs: dict[str, Any] = field(default_factory=dict)
    _: KW_ONLY
    error: type[NNError] = ParameterError
    message: str
