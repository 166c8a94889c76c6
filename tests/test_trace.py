"""The recorded training step of the step-through page: bounded, true to the source and the numbers.

:func:`purenn.support.trace.record_step` runs iteration 0 of ``_train`` under
``sys.settrace`` on the first rows of the bundled table. These tests read the
trace as the page's viewer does and check it against the source files and
against purenn run directly, untraced.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

import purenn
from purenn import Matrix
from purenn.support import trace
from purenn.support.trace import navigation, record_step, record_step_json

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def step() -> dict[str, Any]:
    return record_step()


@pytest.fixture(scope="module")
def data() -> tuple[Matrix, Matrix]:
    """The write-up's scaled table, and the rows the recorded step trains on."""
    X, t = purenn.load_housing()
    X0 = purenn.apply_scale(X, purenn.fit_scale(X))
    return X0[: trace.ROWS], t[: trace.ROWS]


def where(step: dict[str, Any], e: int) -> tuple[str, int, str]:
    """The current function's name, line number and line of source at event ``e``."""
    function, line, _ = step["events"][e]["stack"][-1]
    f = step["functions"][function]
    return f["name"], line, step["files"][f["file"]].splitlines()[line - 1].strip()


def local(step: dict[str, Any], e: int, name: str, frame: int = -1) -> dict[str, Any]:
    """The value of a local variable of a frame (the current one by default) at event ``e``."""
    scope = step["scopes"][step["events"][e]["stack"][frame][2]]
    value: dict[str, Any] = step["values"][scope[name]]
    return value


def matrix(value: dict[str, Any]) -> Matrix:
    assert value["t"] == "matrix", value
    return [[float(v) for v in row] for row in value["rows"]]


def find(step: dict[str, Any], function: str, text: str, kind: str = "line", after: int = 0) -> int:
    """The first event at or after ``after`` in ``function`` on a line containing ``text``."""
    for e in range(after, len(step["events"])):
        name, _, source = where(step, e)
        if step["events"][e]["kind"] == kind and name == function and text in source:
            return e
    raise AssertionError(f"no {kind} event in {function} on a line with {text!r}")


def test_the_step_is_small_and_json(step: dict[str, Any]) -> None:
    text = record_step_json()
    again = json.loads(text)
    assert again.pop("seconds") > 0
    assert again == {k: v for k, v in json.loads(json.dumps(step)).items() if k != "seconds"}
    assert len(text) < 1_000_000, "the page's trace should stay well under a few MB"
    assert step["complete"] is True
    assert step["message"] is None
    assert 500 < len(step["events"]) < trace.MAX_EVENTS
    assert step["settings"] == {"rows": 4, "n_h": 4, "alpha": 1e-6, "p": 0.2, "seed": 0}


def test_it_starts_at_the_call_of_step_and_ends_on_the_line_after(step: dict[str, Any]) -> None:
    assert where(step, 0)[0] == "_train"
    assert "_step(" in where(step, 0)[2]
    assert step["events"][1]["kind"] == "call"
    assert where(step, 1)[0] == "_step"
    assert where(step, len(step["events"]) - 1)[0] == "_train"
    assert "check_divergence" in where(step, len(step["events"]) - 1)[2]
    functions = {f["name"] for f in step["functions"]}
    assert {"_step", "_forward", "_backward", "_loss", "_update", "_matmul", "_masked"} <= functions


def test_recording_leaves_no_trace_function_behind() -> None:
    before = sys.gettrace()
    record_step(1)
    assert sys.gettrace() is before


def test_past_the_bound_it_stops_and_says_so(step: dict[str, Any]) -> None:
    short = record_step(max_events=100)
    assert short["complete"] is False
    assert len(short["events"]) == 100
    assert short["message"] == (
        "The trace stopped at 100 events, its bound: the rest of the step ran unrecorded. "
        "Record fewer rows, or raise max_events."
    )
    assert short["weights"] == step["weights"], "the step itself still runs to its end"
    assert len(short["over"]) == 100


@pytest.mark.parametrize(("rows", "max_events"), [(0, 10), (21, 10), (1.5, 10), (4, 0)])
def test_bad_arguments_are_refused(rows: Any, max_events: int) -> None:
    with pytest.raises(ValueError, match="record_step: "):
        record_step(rows, max_events=max_events)


def test_every_line_is_in_its_function_and_in_the_file_on_disk(step: dict[str, Any]) -> None:
    for path, text in step["files"].items():
        assert (ROOT / path).read_text(encoding="utf-8") == text
    for e, event in enumerate(step["events"]):
        for function, line, _ in event["stack"]:
            f = step["functions"][function]
            assert f["first"] <= line <= f["last"], (e, f, line)
        _, line, source = where(step, e)
        if event["kind"] == "call":
            assert source.startswith(("def ", "return [", "@")), (e, source)
        else:
            assert source, e
            assert not source.startswith("#"), (e, source)


def test_the_lines_of_forward_in_order(step: dict[str, Any]) -> None:
    lines = [
        where(step, e)[2].split("  #")[0]
        for e in range(len(step["events"]))
        if where(step, e)[0] == "_forward" and step["events"][e]["kind"] == "line"
    ]
    assert lines == [
        "Z1 = _matmul(X0, W1)",
        "X1 = _relu(Z1)",
        "y = _matmul(X1, W2)",
        "return Forward(Z1, X1, y)",
    ]


def test_the_values_are_a_direct_run_of_purenn(
    step: dict[str, Any], data: tuple[Matrix, Matrix]
) -> None:
    X0, t = data
    rng = purenn.generator(0)
    W = purenn.init_weights(rng, 3, 4)
    M1, M2 = purenn.dropconnect_mask(rng, 3, 4, 0.2), purenn.dropconnect_mask(rng, 4, 1, 0.2)
    W1_used, W2_used = purenn.drop_connect(W.W1, M1), purenn.drop_connect(W.W2, M2)
    cache = purenn.forward(X0, W1_used, W2_used)

    start = local(step, 0, "W1", frame=0)
    assert matrix(start) == W.W1
    assert matrix(local(step, 0, "M1", frame=0)) == M1
    end = find(step, "_forward", "return Forward")
    for name in ("Z1", "X1", "y"):
        value = local(step, end, name)
        assert value["rows"] == [[repr(v) for v in row] for row in getattr(cache, name)]
    e = find(step, "_step", "error = _loss")
    e = find(step, "_step", "grads = _backward", after=e)
    error = local(step, e, "error")
    expected = purenn.loss(cache.y, t)
    assert (error["repr"], error["hex"]) == (repr(expected), expected.hex())


def test_an_entry_of_Z1_summed_one_product_at_a_time(
    step: dict[str, Any], data: tuple[Matrix, Matrix]
) -> None:
    """In the first product, X0 W1, each append of ``s`` is the entry its mark names."""
    X0, _ = data
    call = find(step, "_matmul", "def _matmul", kind="call")
    W1_used = matrix(local(step, call, "B"))
    Z1 = purenn.matmul(X0, W1_used)
    back = step["out"][call + 1]
    appended = 0
    for e in range(call, back):
        if where(step, e)[0] != "_matmul":
            continue
        marks = step["events"][e].get("marks", [])
        building = [m for m in marks if m[0] == "building"]
        if "s +=" in where(step, e)[2]:
            (_, _, _, shape, i, j), *reading = marks
            assert shape == [4, 4]
            k = int(local(step, e, "k")["repr"])
            assert ["reading", "A", i, k] in reading
            assert ["reading", "B", k, j] in reading
        if "C_row.append(s)" in where(step, e)[2]:
            i, j = building[0][4:]
            assert float(local(step, e, "s")["repr"]) == Z1[i][j]
            appended += 1
    assert appended == 16


def test_the_step_gives_the_weights_of_the_first_step_of_train(
    step: dict[str, Any], data: tuple[Matrix, Matrix]
) -> None:
    X0, t = data
    result = purenn.train(X0, t, n_iter=1)
    assert step["weights"] == {"W1": result.weights.W1, "W2": result.weights.W2}
    assert step["error"] == result.errors[0]
    last = len(step["events"]) - 1
    assert matrix(local(step, last, "W1")) == result.weights.W1
    assert matrix(local(step, last, "W2")) == result.weights.W2
    returned = step["values"][step["events"][last - 1]["returned"]]
    assert returned["t"] == "tuple"
    W1, W2, error = (step["values"][v] for v in returned["items"])
    assert matrix(W1) == result.weights.W1
    assert matrix(W2) == result.weights.W2
    assert error["hex"] == result.errors[0].hex()


def test_navigation_on_depths() -> None:
    depths = [1, 2, 2, 3, 3, 3, 2, 2, 1]
    nav = navigation(depths)
    assert nav["into"] == [1, 2, 3, 4, 5, 6, 7, 8, 8]
    assert nav["back"] == [0, 0, 1, 2, 3, 4, 5, 6, 7]
    assert nav["over"] == [8, 2, 6, 4, 5, 6, 7, 8, 8]
    assert nav["out"] == [8, 8, 8, 6, 6, 6, 8, 8, 8]
    assert nav["back_over"] == [0, 0, 1, 2, 3, 4, 2, 6, 0]
    assert nav["back_out"] == [0, 0, 0, 2, 2, 2, 0, 0, 0]


def test_step_over_into_out_and_back_on_the_real_step(step: dict[str, Any]) -> None:
    forward = find(step, "_step", "cache = _forward")
    over = step["over"][forward]
    assert where(step, over)[0] == "_step"
    assert "error = _loss" in where(step, over)[2]
    assert step["back_over"][over] == forward

    into = step["into"][forward]
    assert step["events"][into]["kind"] == "call"
    assert where(step, into)[0] == "_forward"
    first = step["into"][into]
    assert "Z1 = _matmul" in where(step, first)[2]
    inside = step["into"][step["into"][first]]
    assert where(step, inside)[0] == "_matmul"
    out = step["out"][inside]
    assert where(step, out)[0] == "_forward"
    assert "X1 = _relu" in where(step, out)[2]
    assert step["back_out"][inside] == first
    assert step["back"][inside] == inside - 1
