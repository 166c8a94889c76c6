"""The ``fit`` command: a network of any depth, trained from the command line.

One program for both packages, like the rest of :mod:`purenn.cli`: it is
handed the package (purenn or npnn) and calls the same names on it, and on
its modules ``mlp``, ``moons``, ``activations`` and ``optim`` (the protocols
:class:`~purenn.support.interface.MLP` and the others state what it uses). Two data
sets:

- ``housing``: the bundled Boston data, scaled by the column maximum; the
  defaults are the write-up's network and training, so ``fit`` with no
  option reproduces ``train``'s errors;
- ``moons``: two interleaved half-moons (:mod:`purenn.moons`), a training set
  and a held-out set of the same size drawn after it from ``--data-seed``;
  the defaults are a 2-16-16-1 relu network with biases, He initialisation,
  cross-entropy, Adam and batches of 32.

It prints the mean loss of each ``--print-every``-th epoch, then the final
loss and the RMSE in $1000s (housing) or the accuracy on both sets (moons).
``--plot FILE`` draws the loss per step (housing) or the decision boundary
(moons); ``--save FILE`` writes a checkpoint that ``predict`` reads, and keeps
the epochs reached on Ctrl-C (:mod:`purenn.cli.fit_save`). This module
imports only the standard library; matplotlib only for ``--plot``.
"""

from __future__ import annotations

import argparse
import importlib
from typing import Any

from purenn.cli import fit_save
from purenn.cli.fit_describe import describe_network, describe_training
from purenn.cli.output import Out, features, heading, report_dead, write_boundary, write_plot
from purenn.cli.paths import Outputs, check_outputs, check_plot
from purenn.data import FEATURES, TARGET
from purenn.errors import NNError
from purenn.support import bounds, checks
from purenn.support.interface import MLP, Activations, Matrix, Moons, Optim, Own, Package
from purenn.support.settings import WRITE_UP

__all__ = ["DATASETS", "DEFAULTS", "add_fit_command", "run_fit"]

DATASETS = ("housing", "moons")
"""The data sets ``fit`` trains on."""

DEFAULTS: dict[str, dict[str, Any]] = {
    "housing": {  # the write-up's network and training
        "hidden": [WRITE_UP.n_h],
        "activation": "relu",
        "output": "identity",
        "loss": "half_sum",
        "bias": False,
        "init": "uniform",
        "dropout": "connect",
        "p": WRITE_UP.p,
        "batch_size": None,
        "optimizer": "gd",
        "alpha": WRITE_UP.alpha,
        "epochs": WRITE_UP.n_iter,
    },
    "moons": {
        "hidden": [16, 16],
        "activation": "relu",
        "output": "identity",
        "loss": "cross_entropy",
        "bias": True,
        "init": "he",
        "dropout": "connect",
        "p": 0.0,
        "batch_size": 32,
        "optimizer": "adam",
        "alpha": 0.01,
        "epochs": 100,
    },
}
"""Each data set's settings, used for every option not given."""

MOONS_POINTS = 400
"""Points in the moons training set, and in the held-out set."""

MOONS_NOISE = 0.1
"""Half-width of the moons' uniform noise."""

HOUSING_ONLY = ("features", "target")
MOONS_ONLY = ("n_points", "noise", "data_seed")


def _hidden_sizes(text: str) -> list[int]:
    """An argparse type: comma-separated whole numbers; empty (or ``none``) for no hidden layer."""
    if text.strip().lower() in ("", "none"):
        return []
    try:
        return [int(v) for v in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected comma-separated layer sizes such as 16,16, got {text!r}"
        ) from None


def _shown(value: Any) -> str:
    """A default as --help shows it."""
    if value is None:
        return "every row"
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, list):
        return ",".join(map(str, value))
    return str(value)


def _default(key: str) -> str:
    housing, moons = _shown(DEFAULTS["housing"][key]), _shown(DEFAULTS["moons"][key])
    return housing if housing == moons else f"housing: {housing}; moons: {moons}"


def add_fit_command(commands: Any) -> None:
    """Add the ``fit`` command to a parser's sub-commands."""
    fit = commands.add_parser(
        "fit",
        help="train a network of any depth on housing or on the two moons",
        description=(
            "Train a network of any depth. On housing, every default is the write-up's "
            "(so the errors are train's); on moons, a deeper network separates two "
            "interleaved half-moons. Settings not given take the data set's default, "
            "shown in brackets."
        ),
    )
    fit.add_argument("--data", choices=DATASETS, default="housing", help="(default: housing)")
    layers = fit.add_argument_group("the network")
    layers.add_argument(
        "--hidden",
        type=_hidden_sizes,
        metavar="SIZES",
        help=f"hidden layer sizes, comma-separated; '' for none [{_default('hidden')}]",
    )
    names = "relu, tanh, sigmoid, identity"
    layers.add_argument(
        "--activation",
        metavar="NAME",
        help=f"of the hidden layers: {names} [{_default('activation')}]",
    )
    layers.add_argument(
        "--output", metavar="NAME", help=f"of the last layer [{_default('output')}]"
    )
    layers.add_argument(
        "--loss",
        metavar="NAME",
        help=f"half_sum, mse or cross_entropy (takes logits) [{_default('loss')}]",
    )
    layers.add_argument(
        "--bias",
        action=argparse.BooleanOptionalAction,
        help=f"add a bias to every layer [{_default('bias')}]",
    )
    layers.add_argument(
        "--init", metavar="NAME", help=f"uniform, he or glorot [{_default('init')}]"
    )
    layers.add_argument(
        "--dropout",
        metavar="KIND",
        help="connect (DropConnect: drop weights, the write-up's) or units (dropout) "
        f"[{_default('dropout')}]",
    )
    layers.add_argument("--p", type=float, help=f"dropout rate; 0 turns it off [{_default('p')}]")
    training = fit.add_argument_group("the training")
    training.add_argument(
        "--batch-size",
        type=int,
        metavar="N",
        help=f"rows per step, shuffled every epoch [{_default('batch_size')}]",
    )
    training.add_argument(
        "--optimizer",
        metavar="NAME",
        help=f"gd, momentum or adam [{_default('optimizer')}]",
    )
    training.add_argument("--alpha", type=float, help=f"learning rate [{_default('alpha')}]")
    training.add_argument(
        "--momentum", type=float, metavar="MU", help="momentum's mu (default: 0.9)"
    )
    training.add_argument("--beta1", type=float, help="Adam's beta1 (default: 0.9)")
    training.add_argument("--beta2", type=float, help="Adam's beta2 (default: 0.999)")
    training.add_argument("--eps", type=float, help="Adam's epsilon (default: 1e-08)")
    training.add_argument(
        "--epochs", type=int, metavar="N", help=f"passes over the data [{_default('epochs')}]"
    )
    training.add_argument(
        "--seed",
        type=int,
        default=WRITE_UP.seed,
        help=f"seed of the weights, shuffles and masks (default: {WRITE_UP.seed})",
    )
    data = fit.add_argument_group("the data")
    data.add_argument(
        "--features",
        metavar="NAMES",
        help=f"housing: comma-separated input columns (default: {','.join(FEATURES)})",
    )
    data.add_argument(
        "--target", metavar="NAME", help=f"housing: the column to predict (default: {TARGET})"
    )
    data.add_argument(
        "--n-points",
        type=int,
        metavar="N",
        help=f"moons: training points, and as many held out (default: {MOONS_POINTS})",
    )
    data.add_argument(
        "--noise", type=float, help=f"moons: half-width of the noise (default: {MOONS_NOISE})"
    )
    data.add_argument(
        "--data-seed", type=int, metavar="S", help="moons: seed of the points (default: 1)"
    )
    output = fit.add_argument_group("the output")
    output.add_argument(
        "--exact",
        action="store_true",
        help="npnn: add in purenn's order and use math's functions, so every number is "
        "bit-for-bit purenn's (purenn always does)",
    )
    output.add_argument(
        "--print-every",
        type=int,
        default=10,
        metavar="N",
        help="print the loss every N epochs (default: 10)",
    )
    output.add_argument(
        "-q", "--quiet", action="store_true", help="print only the summary, no epoch lines"
    )
    output.add_argument(
        "--plot",
        metavar="FILE",
        help="draw the decision boundary (moons) or the loss per step (housing) to FILE "
        "(PNG); needs matplotlib",
    )
    fit_save.add_save_option(output)


def _settings(args: argparse.Namespace) -> dict[str, Any]:
    """Every network and training setting: the option given, else the data set's default."""
    defaults = DEFAULTS[args.data]
    given = vars(args)
    return {key: defaults[key] if given[key] is None else given[key] for key in defaults}


def _refuse_other_data_options(args: argparse.Namespace) -> None:
    other, data = (MOONS_ONLY, "moons") if args.data == "housing" else (HOUSING_ONLY, "housing")
    for name in other:
        if getattr(args, name) is not None:
            option = "--" + name.replace("_", "-")
            raise NNError(f"fit: {option} applies to --data {data} only")


def _part(nn: Package, module: str) -> Any:
    """The package's module ``module`` (``mlp``, ``moons``...): its protocol types it."""
    return importlib.import_module(f"{nn.__name__}.{module}")


def run_fit(args: argparse.Namespace, nn: Package, out: Out) -> int | None:
    """Run the ``fit`` command with the package ``nn`` (purenn or npnn)."""
    name = nn.__name__
    mlp: MLP = _part(nn, "mlp")
    moons: Moons = _part(nn, "moons")
    optim: Optim = _part(nn, "optim")
    _refuse_other_data_options(args)
    checks.count(args.print_every, "fit", "print_every", 1)
    check_outputs([("--save", args.save), ("--plot", args.plot)])
    pyplot = check_plot(name, args.plot) if args.plot is not None else None
    s = _settings(args)
    test: tuple[Matrix, Matrix] | None = None
    scale: Matrix | None = None  # (1, D) for housing: kept in the checkpoint
    if args.data == "housing":
        inputs = features(args) if args.features else list(FEATURES)
        target = args.target or TARGET
        if args.save is not None:
            fit_save.check_names(inputs)
        X, t = nn.load_housing(inputs, target)
        scale = nn.fit_scale(X)
        X0 = nn.apply_scale(X, scale)
        names = (tuple(inputs), (target,))
        where = f"housing: inputs {', '.join(inputs)}; target {target}"
    else:
        n_points = MOONS_POINTS if args.n_points is None else args.n_points
        noise = MOONS_NOISE if args.noise is None else args.noise
        data_seed = 1 if args.data_seed is None else args.data_seed
        bounds.network_size("make_moons", n_points, (2,))
        rng = nn.generator(data_seed)
        X0, t = moons.make_moons(rng, n_points, noise=noise)
        test = moons.make_moons(rng, n_points, noise=noise)  # drawn after the training points
        names = (fit_save.MOONS_FEATURES, (fit_save.MOONS_TARGET,))
        where = (
            f"moons: {n_points} training points and {n_points} held out "
            f"(noise {noise!r}, data seed {data_seed})"
        )
    N, D = nn.shape(X0)
    checks.count(s["epochs"], "fit", "n_epochs", 0)
    config = mlp.Config(
        (D, *s["hidden"], 1),
        activation=s["activation"],
        output=s["output"],
        loss=s["loss"],
        bias=s["bias"],
        init=s["init"],
        dropout=s["dropout"],
        p=s["p"],
    )
    given = {k: getattr(args, k) for k in ("momentum", "beta1", "beta2", "eps")}
    optimizer = optim.Optimizer(
        s["optimizer"], s["alpha"], **{k: v for k, v in given.items() if v is not None}
    )
    # Every other check of fit (the targets, the batch size...) before printing anything:
    # zero epochs check all the arguments, draw the weights and train nothing.
    mlp.fit(X0, t, config, optimizer=optimizer, batch_size=s["batch_size"], n_epochs=0)
    out(f"{heading(args, nn)}: {describe_network(config)} on {where}")
    out(f"{describe_training(config, optimizer, s, N)}; seed {args.seed}")
    threshold = 0.0 if config.loss == "cross_entropy" else 0.5  # logits, or outputs in [0, 1]
    losses: list[float] = []  # each epoch's mean loss so far, should Ctrl-C stop the training
    reached: tuple[int, Own] | None = None  # (epochs done, the parameters after them)

    def report(epoch: int, error: float, params: Own) -> None:
        nonlocal reached
        losses.append(error)
        reached = (epoch + 1, params)  # one assignment: an interrupt sees both or neither
        if args.quiet or (epoch % args.print_every != 0 and epoch != s["epochs"] - 1):
            return
        line = f"epoch {epoch:5d}   loss {error:14.8g}"
        if test is not None:
            y = mlp.predict(config, params, X0, exact=args.exact)
            line += f"   accuracy {moons.accuracy(y, t, threshold=threshold):8.2%}"
        out(line)

    def kept(params: Own, errors: list[float]) -> Any:
        return fit_save.checkpoint(args, nn, config, optimizer, s, params, scale, names, errors)

    try:
        result = mlp.fit(
            X0,
            t,
            config,
            optimizer=optimizer,
            batch_size=s["batch_size"],
            n_epochs=s["epochs"],
            seed=args.seed,
            callback=report,
            exact=args.exact,
        )
    except KeyboardInterrupt as stop:
        if reached is None:  # stopped before the first epoch: the initial parameters
            reached = (0, mlp.init_params(config, nn.generator(args.seed)))
        epochs, params = reached
        return fit_save.stopped(args, nn, kept(params, losses[:epochs]), stop)
    y = mlp.predict(config, result.params, X0, exact=args.exact)
    final = mlp.loss(config, y, t, exact=args.exact)
    if test is None:
        out(f"final loss  {final:14.8g}   (all {N} rows, final weights without dropout)")
        rmse = nn.rmse(y, t, exact=args.exact)
        out(f"RMSE        {rmse:14.4f}   ($1000s; final weights, on the training rows)")
    else:
        X_test, t_test = test
        y_test = mlp.predict(config, result.params, X_test, exact=args.exact)
        accuracy = moons.accuracy(y, t, threshold=threshold)
        test_accuracy = moons.accuracy(y_test, t_test, threshold=threshold)
        out(f"final loss      {final:.8g}   (training points, final weights without dropout)")
        out(f"accuracy        {accuracy:.2%}   on the {N} training points")
        out(f"test accuracy   {test_accuracy:.2%}   on the {len(y_test)} held-out points")
    if result.dead:
        report_dead(out, f"{name} fit", "every unit of a hidden layer")
    # What was computed is kept whatever fails now: the checkpoint first, then the plot.
    outputs = Outputs(name, out)
    if args.save is not None:
        fit_save.save(outputs, args, nn, kept(result.params, losses))
    if pyplot is None:
        return outputs.status
    title = f"{name}: {'-'.join(map(str, config.sizes))}, {optimizer.name}"
    if test is None:

        def draw() -> None:
            write_plot(pyplot, args.plot, result.errors, title, "step", "loss of the step's batch")

    else:
        activations: Activations = _part(nn, "activations")

        def probability(points: list[list[float]]) -> Matrix:
            y = mlp.predict(config, result.params, points, exact=args.exact)
            if config.loss == "cross_entropy":  # logits: the probability is their sigmoid
                return activations.sigmoid(y, exact=args.exact)
            return y

        def draw() -> None:
            write_boundary(pyplot, args.plot, X0, t, probability, title)

    outputs.write("--plot", args.plot, draw, f"plot written to {args.plot}")
    return outputs.status
