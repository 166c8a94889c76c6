"""The numbers compared between purenn in the browser (Pyodide) and on the machine.

:func:`values` computes them with purenn and returns each as a list of
``float.hex`` strings, so two runs compare bit by bit. The same source runs
in both places: ``tests/test_docs_pyodide.py`` sends this file's text to
Pyodide in Chromium and writes the record ``docs/data/browser_parity.json``;
the build (``docs/hooks/run_here.py``) runs :func:`values` natively, checks
that the record is not stale and reports the comparison on the parity page.

- ``train.*``: the write-up's run (``purenn.train``, seed 0, its defaults):
  all 1000 errors and the final weights. Only ``+ - * /`` and Python's
  Mersenne Twister: the same bits are expected everywhere.
- ``mlp-tanh.*`` and ``mlp-sigmoid.*``: ``purenn.mlp.fit`` of a network
  with two hidden layers of that activation, a bias and DropConnect, 100
  epochs: every error and the predictions. These call ``math.tanh`` and
  ``math.exp``, which come from the platform's C library (glibc on the
  machine, Emscripten's musl in the browser).
- ``math.tanh``, ``math.exp`` and ``purenn.activations.sigmoid`` on a grid of inputs:
  where the two C libraries differ, if anywhere, in the last bits.

Run as a script it prints the values as JSON.
"""

from __future__ import annotations

import json
import math
import sys

GRID = [i / 16 for i in range(-320, 321)]
"""The inputs of the functions compared directly: -20 to 20 by 1/16."""
MLP_EPOCHS = 100


def _hex(values: list[float]) -> list[str]:
    return [float(v).hex() for v in values]


def _flat(M: list[list[float]]) -> list[float]:
    return [v for row in M for v in row]


def _housing() -> tuple[list[list[float]], list[list[float]]]:
    import purenn

    X, t = purenn.load_housing()
    return purenn.apply_scale(X, purenn.fit_scale(X)), t


def _train() -> dict[str, list[str]]:
    import purenn

    X0, t = _housing()
    run = purenn.train(X0, t, seed=0)
    return {
        "train.errors": _hex(run.errors),
        "train.W1": _hex(_flat(run.weights.W1)),
        "train.W2": _hex(_flat(run.weights.W2)),
    }


def _mlp(activation: str) -> dict[str, list[str]]:
    from purenn import mlp

    X0, t = _housing()
    config = mlp.Config(sizes=(3, 8, 4, 1), activation=activation, bias=True)
    fitted = mlp.fit(X0, t, config, n_epochs=MLP_EPOCHS, seed=0)
    return {
        f"mlp-{activation}.errors": _hex(fitted.errors),
        f"mlp-{activation}.y": _hex(_flat(mlp.predict(config, fitted.params, X0))),
    }


def _functions() -> dict[str, list[str]]:
    from purenn import activations

    return {
        "math.tanh": _hex([math.tanh(z) for z in GRID]),
        "math.exp": _hex([math.exp(z) for z in GRID]),
        "activations.sigmoid": _hex(_flat(activations.sigmoid([GRID]))),
    }


GROUPS = ("train", "mlp-tanh", "mlp-sigmoid", "functions")
"""The quantities in groups, each computed by one call (the browser runs one at a time)."""


def values(group: str | None = None) -> dict[str, list[str]]:
    """The quantities of one group (all of them by default), by name, as ``float.hex`` strings."""
    if group is None:
        return {name: v for g in GROUPS for name, v in values(g).items()}
    if group == "train":
        return _train()
    if group == "functions":
        return _functions()
    return _mlp(group.removeprefix("mlp-"))


if __name__ == "__main__":
    json.dump(values(), sys.stdout)
