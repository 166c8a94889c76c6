"""``npnn parity`` and the shared ``train`` command, run in this process (the ``cli`` fixture)."""

from __future__ import annotations

import numpy as np
import pytest

import npnn.parity
from npnn.parity import compare, ulps
from tests.cli import Cli


def test_parity_report_end_to_end(cli: Cli) -> None:
    """The report lists every tensor for both modes and passes for exact mode."""
    done = cli("npnn", "parity", "--seed", "3", "--n-iter", "20")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "from seed 3" in out
    assert "then 20 training steps" in out
    for tensor in ["W1 initial", "M1 mask", "Z1", "dW1", "dX0", "errors", "W2 final", "RMSE"]:
        assert out.count(f"\n{tensor} ") == 2, tensor  # one row per mode
    assert "exact mode: every tensor is bit-for-bit equal to purenn's." in out
    assert "2024/2024" in out  # Z1 of the first step, exact mode


def test_parity_report_fails_when_exact_mode_breaks(monkeypatch: pytest.MonkeyPatch) -> None:
    """If exact mode lost a bit, the report says so and the command exits 1."""
    real_trace = npnn.parity.trace

    def broken(nn: object, **kwargs: object) -> dict[str, object]:
        result = real_trace(nn, **kwargs)  # type: ignore[arg-type]
        if nn is npnn and kwargs.get("exact"):
            result["dW1"] = np.nextafter(result["dW1"], np.inf)  # one ULP off
        return result

    monkeypatch.setattr(npnn.parity, "trace", broken)
    from npnn.cli import main

    assert main(["parity", "--n-iter", "5"]) == 1


def test_parity_misuse_exits_2(cli: Cli) -> None:
    """A bad option is one line on stderr and status 2."""
    done = cli("npnn", "parity", "--n-iter", "0")
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1
    assert "n_iter must be at least 1" in done.stderr


def test_npnn_train_prints_what_purenn_prints(cli: Cli) -> None:
    """The same command and options; in exact mode the same numbers, digit for digit."""
    ours = cli("purenn", "train", "--n-iter", "25", "--seed", "4")
    theirs = cli("npnn", "train", "--n-iter", "25", "--seed", "4", "--exact")
    assert ours.returncode == theirs.returncode == 0
    ours_lines, their_lines = ours.stdout.splitlines(), theirs.stdout.splitlines()
    assert ours_lines[0].startswith("purenn:")
    assert their_lines[0].startswith("npnn (exact mode):")
    assert ours_lines[1:] == their_lines[1:]


def test_ulps_counts_representable_doubles() -> None:
    """Adjacent doubles are 1 apart, across zero and signs; signed zeros are 0 apart."""
    one = np.array([1.0])
    assert ulps(one, np.nextafter(one, 2.0))[0] == 1
    assert ulps([0.0], [-0.0])[0] == 0
    assert ulps([5e-324], [-5e-324])[0] == 2
    assert ulps([1.0], [1.0 + 4 * np.finfo(float).eps])[0] == 4
    assert ulps([np.nan], [np.nan])[0] == 0
    assert ulps([np.nan], [1.0])[0] == np.iinfo(np.uint64).max


def test_compare_checks_shapes_first() -> None:
    """Shapes are compared before values, and a signed zero is not bit-equal."""
    from purenn.errors import ShapeError

    with pytest.raises(ShapeError, match=r"shapes \(2, 1\) and \(2,\) differ"):
        compare("t", [[1.0], [2.0]], [1.0, 2.0])
    c = compare("z", [[0.0, 1.0]], [[-0.0, 1.0]])
    assert (c.bit_equal, c.max_ulps, c.identical) == (1, 0, False)
