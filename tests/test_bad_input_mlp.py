"""The general network refuses bad input in both packages with the same error and words.

Each case names a function as ``module.name`` (the module under ``purenn.``
or ``npnn.``), the arguments (plain lists, numbers and strings, so that both
packages get the very same values; :class:`Rng` and :class:`P` stand for the
package's own generator and ``Params`` record), and the exact error class and
message.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

import pytest

from purenn.errors import DataError, NNError, ParameterError, ShapeError
from purenn.mlp import Config
from purenn.optim import Optimizer
from tests.bad_inputs import Rng


@dataclass(frozen=True)
class P:
    """Stands for the package's ``mlp.Params(W, b)``."""

    W: tuple[Any, ...]
    b: tuple[Any, ...] | None = None


@dataclass(frozen=True)
class Case:
    id: str
    call: str
    args: tuple[Any, ...]
    kwargs: dict[str, Any]
    error: type[NNError]
    message: str


NET = Config((3, 4, 1), p=0.0)  # the write-up's shape, no dropout
W1 = [[0.5, -0.5, 0.25, 1.0]] * 3  # (3, 4)
W2 = [[1.0], [0.5], [-0.5], [0.25]]  # (4, 1)
X0 = [[0.5, 0.25, 1.0], [0.1, 0.2, 0.3]]  # (2, 3)
T = [[1.0], [0.0]]
BCE = Config((3, 4, 1), loss="cross_entropy", p=0.0)
CHOICES = {
    "activation": "relu, tanh, sigmoid, identity",
    "loss": "half_sum, mse, cross_entropy",
    "optimizer": "gd, momentum, adam",
    "initialisation": "uniform, he, glorot",
    "dropout": "connect, units",
}
CHAIN = "the layers do not chain"


def unknown(op: str, what: str, name: str) -> str:
    return f"{op}: unknown {what} {name!r}; choose one of {CHOICES[what]}"


CASES = [
    # Layer sizes that do not chain.
    Case("W2-does-not-chain", "mlp.forward", (NET, P((W1, [[1.0]] * 5)), X0), {}, ShapeError,
         f"forward: W[1] has shape (5, 1), but layer sizes (3, 4, 1) need (4, 1); {CHAIN}"),
    Case("W1-does-not-chain", "mlp.predict", (NET, P(([[1.0]] * 3, W2)), X0), {}, ShapeError,
         f"predict: W[0] has shape (3, 1), but layer sizes (3, 4, 1) need (3, 4); {CHAIN}"),
    Case("too-few-layers", "mlp.predict", (NET, P((W1,)), X0), {}, ShapeError,
         f"predict: params has 1 weight matrix, but layer sizes (3, 4, 1) need 2; {CHAIN}"),
    Case("inputs-do-not-chain", "mlp.forward", (NET, P((W1, W2)), [[1.0, 2.0]]), {}, ShapeError,
         f"forward: X0 has shape (1, 2), but layer sizes (3, 4, 1) need (1, 3); {CHAIN}"),
    Case("targets-do-not-chain", "mlp.fit", (X0, [[1.0, 2.0], [3.0, 4.0]], NET), {}, ShapeError,
         f"fit: t has shape (2, 2), but layer sizes (3, 4, 1) need (2, 1); {CHAIN}"),
    Case("targets-too-few-rows", "mlp.fit", (X0, [[1.0]], NET), {}, ShapeError,
         f"fit: t has shape (1, 1), but layer sizes (3, 4, 1) need (2, 1); {CHAIN}"),
    Case("bias-missing", "mlp.forward", (Config((3, 4, 1), bias=True), P((W1, W2)), X0), {},
         ParameterError, "forward: the config asks for biases, but params.b is None"),
    Case("bias-does-not-chain", "mlp.forward",
         (Config((3, 4, 1), bias=True), P((W1, W2), ([[0.0] * 3], [[0.0]])), X0), {}, ShapeError,
         f"forward: b[0] has shape (1, 3), but layer sizes (3, 4, 1) need (1, 4); {CHAIN}"),
    Case("mask-does-not-chain", "mlp.forward", (NET, P((W1, W2)), X0, ([[1.0]], None)), {},
         ShapeError,
         f"forward: masks[0] has shape (1, 1), but layer sizes (3, 4, 1) need (3, 4); {CHAIN}"),
    Case("masks-per-layer", "mlp.forward", (NET, P((W1, W2)), X0, (None,)), {}, ShapeError,
         "forward: masks must hold one entry per layer (2), got [None]"),
    Case("dense-inner-sizes", "layers.dense_forward", (X0, [[1.0]] * 2), {}, ShapeError,
         "dense_forward: cannot multiply X (2, 3) by W (2, 1): X has 3 columns but W has 2 rows"),
    Case("dense-bias-shape", "layers.dense_forward", (X0, W1, [[1.0]]), {}, ShapeError,
         "dense_forward: b has shape (1, 1), expected (1, 4) to fit W (3, 4)"),
    Case("sizes-one-layer", "mlp.Config", ((3,),), {}, ParameterError,
         "Config: sizes must list at least two layer sizes (inputs and outputs), got [3]"),
    Case("sizes-zero", "mlp.Config", ((3, 0, 1),), {}, ParameterError,
         "Config: sizes[1] must be at least 1, got 0"),
    Case("sizes-a-string", "mlp.Config", ("3,4,1",), {}, ParameterError,
         "Config: sizes must be a list of layer sizes, got '3,4,1'"),
    Case("sizes-a-float", "mlp.Config", ((3, 4.0, 1),), {}, ParameterError,
         "Config: sizes[1] must be a whole number, got 4.0"),
    # Unknown names.
    Case("unknown-activation", "mlp.Config", ((3, 4, 1),), {"activation": "softmax"},
         ParameterError, unknown("Config", "activation", "softmax")),
    Case("unknown-output", "mlp.Config", ((3, 4, 1),), {"output": "Relu"},
         ParameterError, unknown("Config", "activation", "Relu")),
    Case("unknown-loss", "mlp.Config", ((3, 4, 1),), {"loss": "hinge"}, ParameterError,
         unknown("Config", "loss", "hinge")),
    Case("unknown-init", "mlp.Config", ((3, 4, 1),), {"init": "xavier"}, ParameterError,
         unknown("Config", "initialisation", "xavier")),
    Case("unknown-dropout", "mlp.Config", ((3, 4, 1),), {"dropout": "none"}, ParameterError,
         unknown("Config", "dropout", "none")),
    Case("unknown-optimizer", "optim.Optimizer", ("sgd", 0.1), {}, ParameterError,
         unknown("Optimizer", "optimizer", "sgd")),
    Case("optimizer-not-a-name", "optim.Optimizer", (None, 0.1), {}, ParameterError,
         "Optimizer: unknown optimizer None; choose one of gd, momentum, adam"),
    Case("unknown-loss-value", "losses.loss_value", ("l1", T, T), {}, ParameterError,
         unknown("loss_value", "loss", "l1")),
    Case("unknown-loss-gradient", "losses.loss_gradient", ("L2", T, T), {}, ParameterError,
         unknown("loss_gradient", "loss", "L2")),
    Case("unknown-activation-forward", "activations.activation_forward", ("gelu", T), {},
         ParameterError, unknown("activation_forward", "activation", "gelu")),
    Case("unknown-init-layer", "init.init_layer", ("lecun", Rng(), 2, 3), {}, ParameterError,
         unknown("init_layer", "initialisation", "lecun")),
    Case("cross-entropy-on-a-sigmoid", "mlp.Config", ((3, 4, 1),),
         {"loss": "cross_entropy", "output": "sigmoid"}, ParameterError,
         "Config: loss 'cross_entropy' takes logits, so output must be 'identity', got 'sigmoid'"),
    # Batch sizes below 1.
    Case("batch-size-zero", "mlp.fit", (X0, T, NET), {"batch_size": 0}, ParameterError,
         "fit: batch_size must be at least 1, got 0"),
    Case("batch-size-negative", "mlp.batches", (Rng(), 10, -3), {}, ParameterError,
         "batches: batch_size must be at least 1, got -3"),
    Case("batch-size-a-float", "mlp.fit", (X0, T, NET), {"batch_size": 2.5}, ParameterError,
         "fit: batch_size must be a whole number, got 2.5"),
    # Dropout rates outside [0, 1).
    Case("p-one", "mlp.Config", ((3, 4, 1),), {"p": 1.0}, ParameterError,
         "Config: p must be in [0, 1), got 1.0"),
    Case("p-negative", "mlp.Config", ((3, 4, 1),), {"dropout": "units", "p": -0.1},
         ParameterError, "Config: p must be in [0, 1), got -0.1"),
    Case("p-nan", "mlp.Config", ((3, 4, 1),), {"p": float("nan")}, ParameterError,
         "Config: p must be finite, got nan"),
    Case("dropout-p-one", "layers.dropout_forward", (T, 1.0, Rng()), {}, ParameterError,
         "dropout_forward: p must be in [0, 1), got 1.0"),
    Case("dropout-mask-p", "layers.dropout_mask", (Rng(), 2, 2, 1.5), {}, ParameterError,
         "dropout_mask: p must be in [0, 1), got 1.5"),
    Case("dropout-needs-a-generator", "layers.dropout_forward", (T, 0.5, None), {},
         ParameterError, "dropout_forward: training mode with p=0.5 needs a generator"),
    # Targets outside {0, 1} for cross-entropy.
    Case("bce-target-half", "mlp.fit", (X0, [[1.0], [0.5]], BCE), {}, DataError,
         "fit: t[1][0] is 0.5; class labels must be 0 or 1"),
    Case("bce-target-minus-one", "losses.cross_entropy", ([[0.3], [2.0]], [[-1.0], [1.0]]), {},
         DataError, "cross_entropy: t[0][0] is -1.0; class labels must be 0 or 1"),
    Case("bce-gradient-target", "losses.cross_entropy_gradient", ([[0.3, 1.0]], [[0.0, 2.0]]),
         {}, DataError, "cross_entropy_gradient: t[0][1] is 2.0; class labels must be 0 or 1"),
    Case("bce-loss-value-target", "losses.loss_value", ("cross_entropy", T, [[1.0], [0.9]]), {},
         DataError, "loss_value: t[1][0] is 0.9; class labels must be 0 or 1"),
    Case("bce-backward-target", "mlp.loss", (BCE, T, [[3.0], [0.0]]), {}, DataError,
         "loss: t[0][0] is 3.0; class labels must be 0 or 1"),
    Case("accuracy-classes", "moons.accuracy", (T, [[1.0], [0.25]]), {}, DataError,
         "accuracy: t[1][0] is 0.25; class labels must be 0 or 1"),
    # Other settings.
    Case("alpha-zero", "optim.Optimizer", ("adam", 0), {}, ParameterError,
         "Optimizer: alpha must be positive, got 0"),
    Case("momentum-one", "optim.Optimizer", ("momentum", 0.1), {"momentum": 1.0},
         ParameterError, "Optimizer: momentum must be in [0, 1), got 1.0"),
    Case("beta2-negative", "optim.Optimizer", ("adam", 0.1), {"beta2": -0.5}, ParameterError,
         "Optimizer: beta2 must be in [0, 1), got -0.5"),
    Case("eps-zero", "optim.Optimizer", ("adam", 0.1), {"eps": 0.0}, ParameterError,
         "Optimizer: eps must be positive, got 0.0"),
    Case("optimizer-a-string", "mlp.fit", (X0, T, NET), {"optimizer": "adam"}, ParameterError,
         "fit: optimizer must be an Optimizer record, got str"),
    Case("config-a-tuple", "mlp.fit", (X0, T, (3, 4, 1)), {}, ParameterError,
         "fit: config must be a Config record, got tuple"),
    Case("n-epochs-negative", "mlp.fit", (X0, T, NET), {"n_epochs": -1}, ParameterError,
         "fit: n_epochs must be at least 0, got -1"),
    Case("seed-a-string", "mlp.fit", (X0, T, NET), {"seed": "0"}, ParameterError,
         "fit: seed must be a whole number, got '0'"),
    Case("bias-a-string", "mlp.Config", ((3, 4, 1),), {"bias": "yes"}, ParameterError,
         "Config: bias must be True or False, got 'yes'"),
    Case("nan-in-inputs", "mlp.fit", ([[0.5, float("nan"), 1.0]], [[1.0]], NET), {}, DataError,
         "fit: X0[0][1] is nan; values must be finite numbers"),
    Case("draw-masks-no-rows", "mlp.draw_masks", (NET, Rng(), 0), {}, ParameterError,
         "draw_masks: N must be at least 1, got 0"),
    Case("moons-negative-noise", "moons.make_moons", (Rng(), 10), {"noise": -0.1},
         ParameterError, "make_moons: noise must be at least 0, got -0.1"),
    Case("moons-no-points", "moons.make_moons", (Rng(), 0), {}, ParameterError,
         "make_moons: n must be at least 1, got 0"),
    Case("he-fan-in-zero", "init.he_uniform", (Rng(), 0, 3), {}, ParameterError,
         "he_uniform: fan_in must be at least 1, got 0"),
    Case("step-grads-count", "optim.optimizer_step", (Optimizer("gd", 0.1), [T], [T, T], None),
         {}, ParameterError, "optimizer_step: grads has 2 matrices but params has 1"),
    Case("step-grads-shape", "optim.optimizer_step",
         (Optimizer("gd", 0.1), [T], [[[1.0, 2.0]]], None), {}, ShapeError,
         "optimizer_step: params[0] (2, 1) and grads[0] (1, 2) must have the same shape"),
    Case("step-no-state", "optim.optimizer_step", (Optimizer("gd", 0.1), [T], [T], None), {},
         ParameterError, "optimizer_step: state must be an OptimizerState, got NoneType"),
    Case("loss-shapes", "losses.mse", ([[1.0, 2.0]], T), {}, ShapeError,
         "mse: y (1, 2) and t (2, 1) must have the same shape"),
]  # fmt: skip


def _resolve(value: Any, package: str) -> Any:
    """Replace placeholders with the package's generator or Params record."""
    if isinstance(value, Rng):
        return importlib.import_module(package).generator(value.seed)
    if isinstance(value, P):
        return importlib.import_module(f"{package}.mlp").Params(value.W, value.b)
    if isinstance(value, tuple):
        return tuple(_resolve(v, package) for v in value)
    return value


def _raise(case: Case, package: str) -> NNError:
    module, name = case.call.rsplit(".", 1)
    function = getattr(importlib.import_module(f"{package}.{module}"), name)
    args = [_resolve(a, package) for a in case.args]
    kwargs = {k: _resolve(v, package) for k, v in case.kwargs.items()}
    with pytest.raises(NNError) as caught:
        function(*args, **kwargs)
    return caught.value


@pytest.mark.parametrize("package", ["purenn", "npnn"])
@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_bad_input_raises_the_exact_error(package: str, case: Case) -> None:
    """The call raises exactly ``case.error`` (not a subclass) with exactly ``case.message``."""
    error = _raise(case, package)
    assert type(error) is case.error
    assert str(error) == case.message


def test_cases_are_well_formed() -> None:
    """Ids are unique; each message names the function or record that refused."""
    assert len({case.id for case in CASES}) == len(CASES)
    for case in CASES:
        assert case.message.startswith(case.call.rsplit(".", 1)[1] + ": "), case.id


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
