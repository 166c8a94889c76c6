"""The lines that describe ``fit``'s network and training before it starts.

Used by :mod:`purenn.cli.fit`; kept apart so that the command stays short.
"""

from __future__ import annotations

from typing import Any

from purenn.mlp import Config
from purenn.optim import Optimizer

__all__ = ["describe_network", "describe_training"]


def describe_network(config: Config) -> str:
    """The network in one line: its sizes, activations, biases and initialisation."""
    sizes = "-".join(map(str, config.sizes))
    hidden = f"hidden {config.activation}, " if len(config.sizes) > 2 else ""
    bias = "biases" if config.bias else "no biases"
    return f"{sizes} network ({hidden}output {config.output}, {bias}, init {config.init})"


def describe_training(config: Config, optimizer: Optimizer, s: dict[str, Any], N: int) -> str:
    """The training in one line: loss, dropout, batches, optimizer, epochs (``N`` rows)."""
    if config.p == 0.0:
        dropout = "no dropout"
    else:
        kind = "DropConnect" if config.dropout == "connect" else "unit dropout"
        dropout = f"{kind} p {config.p!r}"
    batch_size = s["batch_size"]
    if batch_size is None or batch_size >= N:
        batches = f"full batch ({N} rows, in order)"
    else:
        batches = f"batches of {batch_size}, shuffled every epoch"
    settings = {
        "gd": "",
        "momentum": f" (momentum {optimizer.momentum!r})",
        "adam": f" (beta1 {optimizer.beta1!r}, beta2 {optimizer.beta2!r}, eps {optimizer.eps!r})",
    }[optimizer.name]
    return (
        f"loss {config.loss}; {dropout}; {batches}; {optimizer.name} alpha "
        f"{optimizer.alpha!r}{settings}; {s['epochs']} epochs"
    )
