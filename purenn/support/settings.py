"""The write-up's settings, and the grid that ``tune`` searches by default, defined once.

Every function and command-line option that trains the write-up's network
takes its defaults from :data:`WRITE_UP`, and ``tune`` (the function in both
packages, the Protocol that states it, and the command) takes its default
grid from :data:`TUNE_GRID`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, TypedDict

__all__ = ["TUNE_GRID", "WRITE_UP", "Grid", "Settings"]


@dataclass(frozen=True)
class Settings:
    """How the write-up's network is trained; the defaults are the write-up's."""

    n_h: int = 4  # hidden units
    n_iter: int = 1000  # gradient steps, each on all the rows
    alpha: float = 1e-6  # learning rate: small, since the loss is a sum over 506 rows
    p: float = 0.2  # DropConnect rate: the share of each weight matrix dropped per step
    seed: int = 0  # seeds the one random stream: the weights, then every step's masks


WRITE_UP = Settings()
"""The write-up's settings: ``n_h=4, n_iter=1000, alpha=1e-6, p=0.2, seed=0``."""


class Grid(TypedDict):
    """The values ``tune`` tries for each setting; it tries every combination."""

    alpha: tuple[float, ...]
    n_h: tuple[int, ...]
    p: tuple[float, ...]
    n_iter: tuple[int, ...]


TUNE_GRID: Final[Grid] = {
    "alpha": (WRITE_UP.alpha, 1e-5),
    "n_h": (WRITE_UP.n_h, 8),
    "p": (0.0, WRITE_UP.p),
    "n_iter": (WRITE_UP.n_iter,),
}
"""The default grid of ``tune``: the write-up's settings, each beside one other value."""
