"""Examples the reader runs in the page, and the browser parity report.

A line ``<!-- run-here: NAME.py -->`` (or ``<!-- run-here: NAME.py plot=VAR -->``)
in a page becomes an editable example: the code of ``docs/examples/NAME.py``
in a text area, a run button, and below it what the code printed when the
site was built. ``docs/assets/javascripts/run-here.js`` runs the (edited)
code with purenn in Pyodide when the reader presses run, and draws the list
``VAR`` the code leaves behind as an error curve. Every example is also run
here, natively, while the site builds: if one fails, the build fails, so
what the page says about its output stays true.

A line ``<!-- browser-parity -->`` becomes the report of
``docs/data/browser_parity.json``, a record written by a real browser run
(``tests/test_docs_pyodide.py``) of ``docs/hooks/parity_values.py``. The
build runs the same file natively: if the record's machine values no longer
match (the code changed since it was recorded), the build fails and says how
to record it again.

The native runs start in parallel when the configuration is loaded and are
kept in the system's temporary folder under a key made of purenn's files,
the script and the Python version, so ``mkdocs serve`` reruns them only when
the code changes.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
import struct
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "docs" / "examples"
PARITY_SCRIPT = ROOT / "docs" / "hooks" / "parity_values.py"
PARITY_RECORD = ROOT / "docs" / "data" / "browser_parity.json"
RECORD_COMMAND = (
    "TWINNETS_RECORD_PARITY=1 .venv/bin/python -m pytest tests/test_docs_pyodide.py -k parity"
)
CACHE_ROOT = Path(tempfile.gettempdir()) / "twinnets-docs-cache" / "run-here"
STALE_TOLERANCE = 1e-6
"""Relative difference past which a value of the record no longer comes from this code."""

_MARKER = re.compile(r"<!-- run-here: (?P<file>[a-z_]+\.py)(?: plot=(?P<plot>[A-Za-z_]\w*))? -->")
_PARITY_MARKER = "<!-- browser-parity -->"


@dataclass
class _Run:
    """A script started natively: its process, or its cached output."""

    process: subprocess.Popen[str] | None
    cached: Path
    output: str | None = None


_runs: dict[str, _Run] = {}


def _key(script: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted((ROOT / "purenn").rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(ROOT).as_posix().encode())
            digest.update(path.read_bytes())
    digest.update(script.read_bytes())
    digest.update(sys.version.encode())
    return digest.hexdigest()[:20]


def _start(name: str, script: Path) -> None:
    cached = CACHE_ROOT / f"{script.stem}-{_key(script)}.out"
    if cached.is_file():
        _runs[name] = _Run(None, cached, cached.read_text(encoding="utf-8"))
        return
    process = subprocess.Popen(
        [sys.executable, str(script)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=dict(os.environ, PYTHONHASHSEED="0"),
    )
    _runs[name] = _Run(process, cached)


def _output(name: str, where: str) -> str:
    """What the script printed natively; the build fails if it failed."""
    run = _runs.get(name)
    if run is None:
        raise PluginError(f"{where}: no example docs/examples/{name}")
    if run.output is None:
        assert run.process is not None
        out, _ = run.process.communicate(timeout=600)
        if run.process.returncode != 0:
            raise PluginError(f"{where}: {name} failed when run natively:\n{out[-3000:]}")
        run.output = out
        CACHE_ROOT.mkdir(parents=True, exist_ok=True)
        run.cached.write_text(out, encoding="utf-8")
    return run.output


def on_config(config: Any) -> Any:
    """Start every example and the parity values, natively, in the background."""
    _runs.clear()
    for script in sorted(EXAMPLES.glob("run_*.py")):
        _start(script.name, script)
    _start(PARITY_SCRIPT.name, PARITY_SCRIPT)
    return config


def _widget(file: str, plot: str | None, where: str) -> str:
    code = (EXAMPLES / file).read_text(encoding="utf-8")
    printed = _output(file, where)
    python = f"CPython {sys.version_info.major}.{sys.version_info.minor}"
    plot_attr = f' data-plot="{plot}"' if plot else ""
    rows = min(code.count("\n") + 1, 30)
    return (
        f'<div class="run-here" data-example="{file}"{plot_attr}>'
        f'<textarea class="run-here-code" rows="{rows}" spellcheck="false" autocomplete="off"'
        f' aria-label="Python code of {file}, editable">{html.escape(code)}</textarea>'
        '<div class="run-here-bar">'
        '<button type="button" class="md-button md-button--primary run-here-run">'
        "Run in this page</button>"
        '<button type="button" class="md-button run-here-reset">Reset</button>'
        '<span class="run-here-status" role="status"></span>'
        "</div>"
        f'<p class="run-here-caption">Printed by {python} when this site was built. Run it to see'
        " what purenn prints in this browser (Pyodide, about 13 MB, loaded once).</p>"
        f'<pre class="run-here-output"><code>{html.escape(printed)}</code></pre>'
        '<div class="run-here-plot"></div>'
        "</div>"
    )


def on_page_content(html_text: str, *, page: Any, config: Any, files: Any) -> str:
    """Replace each ``<!-- run-here: ... -->`` with its example."""
    where = page.file.src_uri
    return _MARKER.sub(lambda m: _widget(m["file"], m["plot"], where), html_text)


# --- The browser parity report ----------------------------------------------------------------


def _ordered(x: float) -> int:
    """The float's bits as an integer that counts ULPs across zero too."""
    n: int = struct.unpack("<q", struct.pack("<d", x))[0]
    return n if n >= 0 else -(n & 0x7FFFFFFFFFFFFFFF)


def _ulps(a: str, b: str) -> int:
    return abs(_ordered(float.fromhex(a)) - _ordered(float.fromhex(b)))


def _relative(a: str, b: str) -> float:
    x, y = float.fromhex(a), float.fromhex(b)
    return abs(x - y) / max(abs(x), abs(y), 1e-300)


def _compare(left: list[str], right: list[str]) -> tuple[int, int, int]:
    """Entries, how many have the same bits, and the largest difference in ULPs."""
    same = sum(a == b for a, b in zip(left, right))
    worst = max((_ulps(a, b) for a, b in zip(left, right)), default=0)
    return len(left), same, worst


def _record() -> dict[str, Any]:
    if not PARITY_RECORD.is_file():
        raise PluginError(
            f"parity.md: {PARITY_RECORD.relative_to(ROOT)} is missing; record it with "
            f"`{RECORD_COMMAND}`"
        )
    record: dict[str, Any] = json.loads(PARITY_RECORD.read_text(encoding="utf-8"))
    return record


def _stale(record: dict[str, Any], native: dict[str, list[str]]) -> list[str]:
    """The quantities whose recorded machine values this code no longer gives."""
    recorded: dict[str, list[str]] = record["machine"]["values"]
    stale = []
    for name, now in native.items():
        then = recorded.get(name)
        if then is None or len(then) != len(now):
            stale.append(name)
        elif name.startswith("train."):
            if then != now:
                stale.append(name)
        elif any(_relative(a, b) > STALE_TOLERANCE for a, b in zip(then, now)):
            stale.append(name)
    return stale + [name for name in recorded if name not in native]


def browser_parity_report() -> str:
    """The parity page's table: the browser's record against this machine, now."""
    record = _record()
    native: dict[str, list[str]] = json.loads(_output(PARITY_SCRIPT.name, "parity.md"))
    stale = _stale(record, native)
    if stale:
        raise PluginError(
            f"parity.md: {PARITY_RECORD.relative_to(ROOT)} is stale ({', '.join(stale)} "
            f"changed since it was recorded); record it again with `{RECORD_COMMAND}`"
        )
    browser = record["browser"]
    rows = []
    all_same = True
    for name, now in native.items():
        entries, same, worst = _compare(browser["values"][name], now)
        all_same = all_same and same == entries
        rows.append(f"| `{name}` | {entries} | {same} | {worst} |")
    python = f"CPython {sys.version_info.major}.{sys.version_info.minor}.{sys.version_info.micro}"
    verdict = (
        "**Every value has the same bits in the browser and on this machine.**"
        if all_same
        else "**Some values differ in their last bits** (see the last column)."
    )
    return "\n".join(
        [
            f"Recorded on {record['date']} in {browser['agent']} with Pyodide "
            f"{browser['pyodide']} (CPython {browser['python']}); compared with "
            f"{python} on the machine that built this page "
            f"({sys.platform}). The browser's values are in "
            "`docs/data/browser_parity.json`.",
            "",
            verdict,
            "",
            "| quantity | entries | same bits | largest difference (ULPs) |",
            "|---|--:|--:|--:|",
            *rows,
        ]
    )


def on_page_markdown(markdown: str, *, page: Any, config: Any, files: Any) -> str:
    """Replace ``<!-- browser-parity -->`` with the report."""
    if _PARITY_MARKER not in markdown:
        return markdown
    return markdown.replace(_PARITY_MARKER, browser_parity_report())
