"""The write-up's settings, defined once.

Every function and command-line option that trains the write-up's network
takes its defaults from :data:`WRITE_UP`, in both packages.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["WRITE_UP", "Settings"]


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
