"""Bad inputs to the general network: layers, losses, optimizers, the network of any depth, moons.

Each case names its function as ``module.name``, the module under ``purenn.``
or ``npnn.`` (``mlp.forward`` is ``purenn.mlp.forward``); :class:`P` stands
for the package's ``mlp.Params`` record.
"""

from __future__ import annotations

from purenn.errors import DataError, ParameterError, ShapeError
from purenn.mlp import Config
from purenn.optim import Optimizer
from tests.bad_inputs.case import Case, P, Rng

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
    Case("W2-does-not-chain", "mlp.forward", (NET, P((W1, [[1.0]] * 5)), X0), error=ShapeError,
         message=f"forward: W[1] has shape (5, 1), but layer sizes (3, 4, 1) need (4, 1); {CHAIN}"),
    Case("W1-does-not-chain", "mlp.predict", (NET, P(([[1.0]] * 3, W2)), X0), error=ShapeError,
         message=f"predict: W[0] has shape (3, 1), but layer sizes (3, 4, 1) need (3, 4); {CHAIN}"),
    Case("too-few-layers", "mlp.predict", (NET, P((W1,)), X0), error=ShapeError,
         message=f"predict: params has 1 weight matrix, but layer sizes (3, 4, 1) need 2; {CHAIN}"),
    Case("inputs-do-not-chain", "mlp.forward", (NET, P((W1, W2)), [[1.0, 2.0]]), error=ShapeError,
         message=f"forward: X0 has shape (1, 2), but layer sizes (3, 4, 1) need (1, 3); {CHAIN}"),
    Case("targets-do-not-chain", "mlp.fit", (X0, [[1.0, 2.0], [3.0, 4.0]], NET), error=ShapeError,
         message=f"fit: t has shape (2, 2), but layer sizes (3, 4, 1) need (2, 1); {CHAIN}"),
    Case("targets-too-few-rows", "mlp.fit", (X0, [[1.0]], NET), error=ShapeError,
         message=f"fit: t has shape (1, 1), but layer sizes (3, 4, 1) need (2, 1); {CHAIN}"),
    Case("bias-missing", "mlp.forward", (Config((3, 4, 1), bias=True), P((W1, W2)), X0),
         error=ParameterError, message="forward: the config asks for biases, but params.b is None"),
    Case("bias-does-not-chain", "mlp.forward",
         (Config((3, 4, 1), bias=True), P((W1, W2), ([[0.0] * 3], [[0.0]])), X0), error=ShapeError,
         message=f"forward: b[0] has shape (1, 3), but layer sizes (3, 4, 1) need (1, 4); {CHAIN}"),
    Case("mask-does-not-chain", "mlp.forward", (NET, P((W1, W2)), X0, ([[1.0]], None)),
         error=ShapeError,
         message="forward: masks[0] has shape (1, 1), but layer sizes (3, 4, 1) need (3, 4); "
         f"{CHAIN}"),
    Case("masks-per-layer", "mlp.forward", (NET, P((W1, W2)), X0, (None,)), error=ShapeError,
         message="forward: masks must hold one entry per layer (2), got [None]"),
    Case("dense-inner-sizes", "layers.dense_forward", (X0, [[1.0]] * 2), error=ShapeError,
         message="dense_forward: cannot multiply X (2, 3) by W (2, 1): X has 3 columns but W has "
         "2 rows"),
    Case("dense-bias-shape", "layers.dense_forward", (X0, W1, [[1.0]]), error=ShapeError,
         message="dense_forward: b has shape (1, 1), expected (1, 4) to fit W (3, 4)"),
    Case("sizes-one-layer", "mlp.Config", ((3,),), error=ParameterError,
         message="Config: sizes must list at least two layer sizes (inputs and outputs), got [3]"),
    Case("sizes-zero", "mlp.Config", ((3, 0, 1),), error=ParameterError,
         message="Config: sizes[1] must be at least 1, got 0"),
    Case("sizes-a-string", "mlp.Config", ("3,4,1",), error=ParameterError,
         message="Config: sizes must be a list of layer sizes, got '3,4,1'"),
    Case("sizes-a-float", "mlp.Config", ((3, 4.0, 1),), error=ParameterError,
         message="Config: sizes[1] must be a whole number, got 4.0"),
    # Unknown names.
    Case("unknown-activation", "mlp.Config", ((3, 4, 1),), {"activation": "softmax"},
         error=ParameterError, message=unknown("Config", "activation", "softmax")),
    Case("unknown-output", "mlp.Config", ((3, 4, 1),), {"output": "Relu"},
         error=ParameterError, message=unknown("Config", "activation", "Relu")),
    Case("unknown-loss", "mlp.Config", ((3, 4, 1),), {"loss": "hinge"}, error=ParameterError,
         message=unknown("Config", "loss", "hinge")),
    Case("unknown-init", "mlp.Config", ((3, 4, 1),), {"init": "xavier"}, error=ParameterError,
         message=unknown("Config", "initialisation", "xavier")),
    Case("unknown-dropout", "mlp.Config", ((3, 4, 1),), {"dropout": "none"}, error=ParameterError,
         message=unknown("Config", "dropout", "none")),
    Case("unknown-optimizer", "optim.Optimizer", ("sgd", 0.1), error=ParameterError,
         message=unknown("Optimizer", "optimizer", "sgd")),
    Case("optimizer-not-a-name", "optim.Optimizer", (None, 0.1), error=ParameterError,
         message="Optimizer: unknown optimizer None; choose one of gd, momentum, adam"),
    Case("unknown-loss-value", "losses.loss_value", ("l1", T, T), error=ParameterError,
         message=unknown("loss_value", "loss", "l1")),
    Case("unknown-loss-gradient", "losses.loss_gradient", ("L2", T, T), error=ParameterError,
         message=unknown("loss_gradient", "loss", "L2")),
    Case("unknown-activation-forward", "activations.activation_forward", ("gelu", T),
         error=ParameterError, message=unknown("activation_forward", "activation", "gelu")),
    Case("unknown-init-layer", "init.init_layer", ("lecun", Rng(), 2, 3), error=ParameterError,
         message=unknown("init_layer", "initialisation", "lecun")),
    Case("cross-entropy-on-a-sigmoid", "mlp.Config", ((3, 4, 1),),
         {"loss": "cross_entropy", "output": "sigmoid"}, error=ParameterError,
         message="Config: loss 'cross_entropy' takes logits, so output must be 'identity', got "
         "'sigmoid'"),
    # Batch sizes below 1.
    Case("network-too-large", "mlp.fit", (X0, T, Config((3, 10**9, 1))), error=ParameterError,
         message="fit: a network of layer sizes (3, 1000000000, 1) on 2 rows needs a "
         "3 x 1000000000 matrix, more than 16777216 entries (the memory it takes); "
         "choose fewer units"),
    Case("batch-size-zero", "mlp.fit", (X0, T, NET), {"batch_size": 0}, error=ParameterError,
         message="fit: batch_size must be at least 1, got 0"),
    Case("batch-size-negative", "mlp.batches", (Rng(), 10, -3), error=ParameterError,
         message="batches: batch_size must be at least 1, got -3"),
    Case("batch-size-a-float", "mlp.fit", (X0, T, NET), {"batch_size": 2.5}, error=ParameterError,
         message="fit: batch_size must be a whole number, got 2.5"),
    # Dropout rates outside [0, 1).
    Case("config-p-one", "mlp.Config", ((3, 4, 1),), {"p": 1.0}, error=ParameterError,
         message="Config: p must be in [0, 1), got 1.0"),
    Case("config-p-negative", "mlp.Config", ((3, 4, 1),), {"dropout": "units", "p": -0.1},
         error=ParameterError, message="Config: p must be in [0, 1), got -0.1"),
    Case("config-p-nan", "mlp.Config", ((3, 4, 1),), {"p": float("nan")}, error=ParameterError,
         message="Config: p must be finite, got nan"),
    Case("dropout-p-one", "layers.dropout_forward", (T, 1.0, Rng()), error=ParameterError,
         message="dropout_forward: p must be in [0, 1), got 1.0"),
    Case("dropout-mask-p", "layers.dropout_mask", (Rng(), 2, 2, 1.5), error=ParameterError,
         message="dropout_mask: p must be in [0, 1), got 1.5"),
    Case("dropout-needs-a-generator", "layers.dropout_forward", (T, 0.5, None),
         error=ParameterError,
         message="dropout_forward: training mode with p=0.5 needs a generator"),
    # Targets outside {0, 1} for cross-entropy.
    Case("bce-target-half", "mlp.fit", (X0, [[1.0], [0.5]], BCE), error=DataError,
         message="fit: t[1][0] is 0.5; class labels must be 0 or 1"),
    Case("bce-target-minus-one", "losses.cross_entropy", ([[0.3], [2.0]], [[-1.0], [1.0]]),
         error=DataError, message="cross_entropy: t[0][0] is -1.0; class labels must be 0 or 1"),
    Case("bce-gradient-target", "losses.cross_entropy_gradient", ([[0.3, 1.0]], [[0.0, 2.0]]),
         error=DataError,
         message="cross_entropy_gradient: t[0][1] is 2.0; class labels must be 0 or 1"),
    Case("bce-loss-value-target", "losses.loss_value", ("cross_entropy", T, [[1.0], [0.9]]),
         error=DataError, message="loss_value: t[1][0] is 0.9; class labels must be 0 or 1"),
    Case("bce-backward-target", "mlp.loss", (BCE, T, [[3.0], [0.0]]), error=DataError,
         message="loss: t[0][0] is 3.0; class labels must be 0 or 1"),
    Case("accuracy-classes", "moons.accuracy", (T, [[1.0], [0.25]]), error=DataError,
         message="accuracy: t[1][0] is 0.25; class labels must be 0 or 1"),
    # Other settings.
    Case("optimizer-alpha-zero", "optim.Optimizer", ("adam", 0), error=ParameterError,
         message="Optimizer: alpha must be positive, got 0"),
    Case("momentum-one", "optim.Optimizer", ("momentum", 0.1), {"momentum": 1.0},
         error=ParameterError, message="Optimizer: momentum must be in [0, 1), got 1.0"),
    Case("beta2-negative", "optim.Optimizer", ("adam", 0.1), {"beta2": -0.5}, error=ParameterError,
         message="Optimizer: beta2 must be in [0, 1), got -0.5"),
    Case("eps-zero", "optim.Optimizer", ("adam", 0.1), {"eps": 0.0}, error=ParameterError,
         message="Optimizer: eps must be positive, got 0.0"),
    Case("optimizer-a-string", "mlp.fit", (X0, T, NET), {"optimizer": "adam"}, error=ParameterError,
         message="fit: optimizer must be an Optimizer record, got str"),
    Case("config-a-tuple", "mlp.fit", (X0, T, (3, 4, 1)), error=ParameterError,
         message="fit: config must be a Config record, got tuple"),
    Case("n-epochs-negative", "mlp.fit", (X0, T, NET), {"n_epochs": -1}, error=ParameterError,
         message="fit: n_epochs must be at least 0, got -1"),
    Case("seed-a-string", "mlp.fit", (X0, T, NET), {"seed": "0"}, error=ParameterError,
         message="fit: seed must be a whole number, got '0'"),
    Case("bias-a-string", "mlp.Config", ((3, 4, 1),), {"bias": "yes"}, error=ParameterError,
         message="Config: bias must be True or False, got 'yes'"),
    Case("nan-in-inputs", "mlp.fit", ([[0.5, float("nan"), 1.0]], [[1.0]], NET), error=DataError,
         message="fit: X0[0][1] is nan; values must be finite numbers"),
    Case("draw-masks-no-rows", "mlp.draw_masks", (NET, Rng(), 0), error=ParameterError,
         message="draw_masks: N must be at least 1, got 0"),
    Case("moons-negative-noise", "moons.make_moons", (Rng(), 10), {"noise": -0.1},
         error=ParameterError, message="make_moons: noise must be at least 0, got -0.1"),
    Case("moons-no-points", "moons.make_moons", (Rng(), 0), error=ParameterError,
         message="make_moons: n must be at least 1, got 0"),
    Case("he-fan-in-zero", "init.he_uniform", (Rng(), 0, 3), error=ParameterError,
         message="he_uniform: fan_in must be at least 1, got 0"),
    Case("step-grads-count", "optim.optimizer_step", (Optimizer("gd", 0.1), [T], [T, T], None),
         error=ParameterError, message="optimizer_step: grads has 2 matrices but params has 1"),
    Case("step-grads-shape", "optim.optimizer_step",
         (Optimizer("gd", 0.1), [T], [[[1.0, 2.0]]], None), error=ShapeError,
         message="optimizer_step: params[0] (2, 1) and grads[0] (1, 2) must have the same shape"),
    Case("step-no-state", "optim.optimizer_step", (Optimizer("gd", 0.1), [T], [T], None),
         error=ParameterError,
         message="optimizer_step: state must be an OptimizerState, got NoneType"),
    Case("loss-shapes", "losses.mse", ([[1.0, 2.0]], T), error=ShapeError,
         message="mse: y (1, 2) and t (2, 1) must have the same shape"),
]  # fmt: skip
