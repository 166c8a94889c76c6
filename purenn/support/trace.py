"""One training step of purenn recorded line by line, for the site's step-through page.

:func:`record_step` runs the write-up's training loop for one iteration on the
first few rows of the bundled table, under :func:`sys.settrace`, and records
every event of purenn's own code from the line of ``_train`` that calls
``_step`` to the line after it: each call, each line about to run, each
return. For every event it keeps the call stack (function and line of each
frame) and the local variables of each frame, so that a viewer can replay the
step forwards and backwards, as Python Tutor does. The training itself is
purenn's, unchanged: the recorder only reads the frames.

The result is plain data (dicts, lists, strings, numbers), ready for
:func:`json.dumps`; :func:`record_step_json` returns it as JSON text. Its
fields:

- ``files``: the source text of each file visited, by path (``purenn/network.py``);
- ``functions``: for each function visited, its file, name and the lines the
  viewer shows (a comprehension shows the function around it);
- ``values``: every value seen, each once, as ``{"t": kind, ...}``: a number
  (``repr`` and ``float.hex``), a vector, a matrix (shape and entries, as
  ``repr``), a tuple or record of other values, or a short ``repr``;
- ``events``: ``{"kind", "stack", "marks", "returned"}``; ``stack`` is a list of
  ``[function, line, {name: value}]`` from the outermost frame to the current
  one, the values given by their index in ``values``;
- ``into``, ``over``, ``out``, ``back``, ``back_over``, ``back_out``: for each
  event, the event each command goes to (see :func:`navigation`);
- ``complete`` and ``message``: past ``max_events`` events the recording stops
  (the step still runs to its end, unrecorded) and ``message`` says so.

``marks`` name the entry being computed in the kernels of
:mod:`purenn.matrix`: in ``_matmul``, the entry ``C[i][j]`` whose sum ``s``
grows, with ``i = len(C)`` and ``j = len(C_row)``, and on the line that adds,
the entries ``A[i][k]`` and ``B[k][j]`` being multiplied. While an entry is
computed, a caller's frame is shown as it was when it made the call (purenn's
functions never change their arguments).
"""

from __future__ import annotations

import dataclasses
import json
import sys
import time
from pathlib import Path
from types import CodeType, FrameType
from typing import Any

from purenn.data import _apply_scale, _fit_scale, load_housing
from purenn.support.settings import WRITE_UP
from purenn.train import _step, _train

__all__ = ["MAX_EVENTS", "ROWS", "navigation", "record_step", "record_step_json"]

ROWS = 4
"""How many rows of the bundled table the recorded step trains on, by default."""

MAX_EVENTS = 20_000
"""The most events a trace holds; the default step on 4 rows takes about 1,200."""

MAX_ROWS = 20
"""The most rows a recorded step may train on: more would make the trace too long to read."""

PACKAGE = Path(__file__).resolve().parents[1]
"""The folder of purenn, whose files are recorded (all but ``support/``)."""

_SHORT = 120
"""Characters of ``repr`` kept for a value that is neither a number nor a matrix."""


def _recorded(code: CodeType) -> bool:
    path = Path(code.co_filename)
    return path.parent == PACKAGE or (
        path.parent.parent == PACKAGE and path.parent.name != "support"
    )


def _relative(code: CodeType) -> str:
    return Path(code.co_filename).resolve().relative_to(PACKAGE.parent).as_posix()


def _lines(code: CodeType) -> tuple[int, int]:
    numbers = [line for _, _, line in code.co_lines() if line is not None]
    return code.co_firstlineno, max(numbers, default=code.co_firstlineno)


def _number(value: object) -> bool:
    return type(value) in (int, float)


class _Values:
    """The values seen, each kept once, and the index of each.

    A value is first reduced to a key (a tuple of ``repr`` strings and the
    indices of the values it holds), cheap to compare; only a new key is
    turned into the dict the trace holds.
    """

    def __init__(self) -> None:
        self.table: list[dict[str, Any]] = []
        self.index: dict[tuple[Any, ...], int] = {}

    def add(self, value: object, depth: int = 0) -> int:
        key = self.key(value, depth)
        found = self.index.get(key)
        if found is None:
            found = self.index[key] = len(self.table)
            self.table.append(_shown(key))
        return found

    def key(self, value: object, depth: int) -> tuple[Any, ...]:
        if _number(value):
            return ("num", repr(value), type(value) is float)
        if isinstance(value, list | tuple):
            kind = type(value).__name__
            if all(_number(v) for v in value):
                return ("vector", kind, tuple(map(repr, value)))
            rows = [r for r in value if isinstance(r, list | tuple) and all(map(_number, r))]
            if len(rows) == len(value) and len({len(r) for r in rows}) == 1:
                return ("matrix", tuple(tuple(map(repr, r)) for r in rows))
            if depth < 2 and len(value) <= 8:
                return (kind, tuple(self.add(v, depth + 1) for v in value))
        if dataclasses.is_dataclass(value) and not isinstance(value, type) and depth < 2:
            names = [f.name for f in dataclasses.fields(value)]
            fields = tuple((name, self.add(getattr(value, name), depth + 1)) for name in names)
            return ("record", type(value).__name__, fields)
        text = repr(value)
        if " at 0x" in text:  # an object's address changes from run to run
            text = f"<{type(value).__name__}>"
        if len(text) > _SHORT:
            text = text[: _SHORT - 3] + "..."
        return ("other", text)


def _shown(key: tuple[Any, ...]) -> dict[str, Any]:
    """The trace's dict for a value's key."""
    kind = key[0]
    if kind == "num":
        return {"t": "num", "repr": key[1], "hex": float(key[1]).hex() if key[2] else None}
    if kind == "vector":
        return {"t": "vector", "type": key[1], "items": list(key[2])}
    if kind == "matrix":
        rows = [list(row) for row in key[1]]
        return {"t": "matrix", "shape": [len(rows), len(rows[0])], "rows": rows}
    if kind == "record":
        return {"t": "record", "type": key[1], "fields": dict(key[2])}
    if kind == "other":
        return {"t": "other", "repr": key[1]}
    return {"t": kind, "items": list(key[1])}


def _marks(code: CodeType, f_locals: dict[str, Any], line: int, adding: int | None) -> list[Any]:
    """The entry a kernel of :mod:`purenn.matrix` is computing, and what it reads."""
    A, C, C_row = f_locals.get("A"), f_locals.get("C"), f_locals.get("C_row")
    if not (isinstance(A, list) and isinstance(C, list) and isinstance(C_row, list)):
        return []
    B = f_locals.get("B")
    matmul = code.co_name == "_matmul" and isinstance(B, list)
    columns = len(B[0]) if matmul else len(A[0])  # type: ignore[index]
    i, j = len(C), len(C_row)
    if i >= len(A) or j >= columns:
        return []
    marks: list[Any] = [["building", "C", "C_row", [len(A), columns], i, j]]
    if line != adding:
        return marks
    if matmul and "k" in f_locals:
        k = f_locals["k"]
        marks += [["reading", "A", i, k], ["reading", "B", k, j], ["reading", "B_columns", j, k]]
    elif not matmul:
        marks += [["reading", "A", i, j]] + ([["reading", "B", i, j]] if "B" in f_locals else [])
    return marks


class _Recorder:
    """The trace function and what it has recorded so far."""

    def __init__(self, max_events: int) -> None:
        self.max_events = max_events
        self.values = _Values()
        self.events: list[dict[str, Any]] = []
        self.functions: dict[CodeType, int] = {}
        self.function_list: list[dict[str, Any]] = []
        self.files: dict[str, str] = {}
        self.adding: dict[CodeType, int | None] = {}
        self.snapshots: dict[FrameType, int] = {}  # each frame's locals when it last ran
        self.scopes: list[dict[str, int]] = []
        self.scope_index: dict[tuple[tuple[str, int], ...], int] = {}
        self.state = "waiting"  # then "recording", then "after" _step returned, then "done"
        self.loop: FrameType | None = None
        self.start_line = _first_line_with(_train.__code__, "_step(")
        self.message: str | None = None

    def function(self, frame: FrameType) -> int:
        code = frame.f_code
        found = self.functions.get(code)
        if found is not None:
            return found
        path = _relative(code)
        if path not in self.files:
            self.files[path] = Path(code.co_filename).read_text(encoding="utf-8")
        first, last = _lines(code)
        outer = frame.f_back
        if (
            code.co_name.startswith("<")
            and outer is not None
            and outer.f_code.co_filename == code.co_filename
        ):
            first, last = _lines(outer.f_code)  # a comprehension: show its function
        name = code.co_qualname if hasattr(code, "co_qualname") else code.co_name
        self.functions[code] = len(self.function_list)
        self.function_list.append({"file": path, "name": name, "first": first, "last": last})
        self.adding[code] = _first_line_with(code, "+=") or _first_line_with(code, "C_row.append(")
        return self.functions[code]

    def scope(self, f_locals: dict[str, Any]) -> int:
        """The index of a frame's local variables, as names and value indices."""
        key = tuple((name, self.values.add(v)) for name, v in f_locals.items())
        found = self.scope_index.get(key)
        if found is None:
            found = self.scope_index[key] = len(self.scopes)
            self.scopes.append(dict(key))
        return found

    def stack(self, frame: FrameType) -> list[FrameType]:
        frames = []
        current: FrameType | None = frame
        while current is not None and current is not self.loop:
            if _recorded(current.f_code):
                frames.append(current)
            current = current.f_back
        frames.append(self.loop)  # type: ignore[arg-type]
        return frames[::-1]

    def record(self, frame: FrameType, kind: str, returned: object = None) -> None:
        if len(self.events) >= self.max_events:
            self.state = "done"
            self.message = (
                f"The trace stopped at {self.max_events} events, its bound: the rest of the "
                "step ran unrecorded. Record fewer rows, or raise max_events."
            )
            return
        f_locals = dict(frame.f_locals)
        self.snapshots[frame] = self.scope(f_locals)
        stack = [[self.function(f), f.f_lineno, self.snapshots[f]] for f in self.stack(frame)]
        event: dict[str, Any] = {"kind": kind, "stack": stack}
        marks = _marks(frame.f_code, f_locals, frame.f_lineno, self.adding[frame.f_code])
        if marks:
            event["marks"] = marks
        if kind == "return":
            event["returned"] = self.values.add(returned)
        self.events.append(event)

    def trace(self, frame: FrameType, event: str, arg: object) -> Any:
        """The global trace function: which new frames to follow."""
        if self.state == "waiting" and frame.f_code is _train.__code__:
            self.loop = frame
            return self.local
        if self.state == "recording" and _recorded(frame.f_code):
            self.record(frame, "call")
            return self.local
        return None

    def local(self, frame: FrameType, event: str, arg: object) -> Any:
        """The trace function of each followed frame."""
        if self.state == "waiting":
            if frame is self.loop and event == "line" and frame.f_lineno == self.start_line:
                self.state = "recording"
            else:
                return self.local
        if self.state == "done":
            return None
        if self.state == "after":
            if frame is self.loop and event == "line":
                self.record(frame, "line")
                self.state = "done"
            return self.local
        if event in ("line", "return"):
            self.record(frame, event, arg)
            if event == "return" and frame.f_code is _step.__code__:
                self.state = "after"
        if event == "return":
            self.snapshots.pop(frame, None)
        return self.local


def _first_line_with(code: CodeType, text: str) -> int | None:
    first, last = _lines(code)
    lines = Path(code.co_filename).read_text(encoding="utf-8").splitlines()
    for number in range(first + 1, last + 1):
        if text in lines[number - 1]:
            return number
    return None


def navigation(depths: list[int]) -> dict[str, list[int]]:
    """Where each command goes from each event, given the stack depth of every event.

    ``into`` and ``back`` go to the next and the previous event. ``over`` goes
    to the next event in the same frame or an outer one (a call on this line
    runs whole); ``out`` to the next event in an outer frame (the caller, once
    this function has returned). ``back_over`` and ``back_out`` are the same
    backwards. Where there is no such event, a command goes to the last event
    (forwards) or the first (backwards).
    """
    n = len(depths)
    last = n - 1

    def nearest(order: range, stop: Any, default: int) -> list[int]:
        found = [default] * n
        waiting: list[int] = []  # events still looking, their depths increasing
        for e in order:
            while waiting and stop(depths[e], depths[waiting[-1]]):
                found[waiting.pop()] = e
            waiting.append(e)
        return found

    forwards, backwards = range(n), range(n - 1, -1, -1)
    return {
        "into": [min(e + 1, last) for e in range(n)],
        "over": nearest(forwards, lambda d, w: d <= w, last),
        "out": nearest(forwards, lambda d, w: d < w, last),
        "back": [max(e - 1, 0) for e in range(n)],
        "back_over": nearest(backwards, lambda d, w: d <= w, 0),
        "back_out": nearest(backwards, lambda d, w: d < w, 0),
    }


def record_step(
    rows: int = ROWS, *, max_events: int = MAX_EVENTS, p: float = WRITE_UP.p
) -> dict[str, Any]:
    """Record the first training step of the write-up's network on the first ``rows`` rows.

    The rows are the bundled table's first, scaled as the write-up scales the
    whole table (each column divided by its maximum). The step is iteration 0
    of ``_train`` with the write-up's settings (3 inputs, 4 hidden units,
    seed 0, ``alpha``), so it computes what ``purenn.train(X0, t, n_iter=1)``
    computes on those rows.

    Args:
        rows: rows of the table to train on, 1 to :data:`MAX_ROWS`.
        max_events: the most events to record (see :data:`MAX_EVENTS`).
        p: the DropConnect rate.

    Returns:
        The trace, as described in the module's docstring.

    Raises:
        ValueError: ``rows`` or ``max_events`` out of range.
    """
    if type(rows) is not int or not 1 <= rows <= MAX_ROWS:
        raise ValueError(
            f"record_step: rows must be a whole number from 1 to {MAX_ROWS}, got {rows!r}"
        )
    if type(max_events) is not int or max_events < 1:
        raise ValueError(
            f"record_step: max_events must be a whole number of at least 1, got {max_events!r}"
        )
    X, t_all = load_housing()
    X0_all = _apply_scale(X, _fit_scale(X))  # (506, D): each column over its maximum
    X0, t = X0_all[:rows], t_all[:rows]  # (rows, D), (rows, 1)
    n_h, alpha, seed = WRITE_UP.n_h, WRITE_UP.alpha, WRITE_UP.seed
    recorder = _Recorder(max_events)
    previous = sys.gettrace()
    started = time.perf_counter()
    sys.settrace(recorder.trace)
    try:
        result = _train(X0, t, n_h, 1, alpha, p, seed, None)
    finally:
        sys.settrace(previous)
    seconds = time.perf_counter() - started
    depths = [len(event["stack"]) for event in recorder.events]
    return {
        "version": 1,
        "python": sys.version.split()[0],
        "settings": {"rows": rows, "n_h": n_h, "alpha": alpha, "p": p, "seed": seed},
        "X0": X0,
        "t": t,
        "error": result.errors[0],
        "weights": {"W1": result.weights.W1, "W2": result.weights.W2},
        "seconds": round(seconds, 3),
        "complete": recorder.message is None,
        "message": recorder.message,
        "max_events": max_events,
        "files": recorder.files,
        "functions": recorder.function_list,
        "values": recorder.values.table,
        "scopes": recorder.scopes,
        "events": recorder.events,
        **navigation(depths),
    }


def record_step_json(rows: int = ROWS, *, max_events: int = MAX_EVENTS) -> str:
    """:func:`record_step` as JSON text (what the browser's viewer reads)."""
    return json.dumps(record_step(rows, max_events=max_events), allow_nan=False)
