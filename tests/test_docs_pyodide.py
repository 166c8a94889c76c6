"""purenn in the browser: the pages' examples run in Pyodide, with the same bits.

The built site is served on 127.0.0.1 and opened in headless Chromium (the
fixtures of ``test_docs_browser``, whose resolver maps every other host to
nothing). The training example, run by pressing its button, prints the final
error of purenn's own run to the bit and draws its curve, legible at phone
width; an edited example (another seed) prints what purenn prints for that
seed; the pages fetch nothing of Pyodide before run is pressed; from disk
the button says in one line how to serve the site.

``test_browser_parity_record`` runs ``docs/hooks/parity_values.py`` in the
browser through ``twinnets.python()`` (the same loading code, pyodide-load.mjs, as
the worker that runs the pages' examples) and
checks it against ``docs/data/browser_parity.json``; with
``TWINNETS_RECORD_PARITY=1`` it writes that record instead, with the machine's
values beside the browser's (the build compares them and reports on the
parity page). It serves a small folder of its own, not the built site,
since the build needs the record.

The times measured (from pressing run to the first line printed, cold, and
the whole run) are printed; run with ``-s`` to see them.
"""

from __future__ import annotations

import datetime
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import purenn
from tests.test_docs_browser import base_url, driver, local, requested_urls, served, site
from tests.test_docs_build import ROOT, purenn_zip

__all__ = ["base_url", "driver", "site"]  # fixtures, used by name

pytestmark = pytest.mark.slow

RUN_WAIT = 600.0
"""Seconds an example may take in the browser, Pyodide's first load included."""
PYODIDE_VERSION = "314.0.8"
RECORD = ROOT / "docs" / "data" / "browser_parity.json"
PARITY_SCRIPT = ROOT / "docs" / "hooks" / "parity_values.py"
SERVE_HINT = (
    "Python runs here only from a web server: serve the site with "
    "`mkdocs serve`, or `python -m http.server -d site`, and open it there."
)


def widget(page: str) -> str:
    """The CSS selector of a page's example, by its file."""
    return f'.run-here[data-example="{page}"]'


def press_run(browser: Any, example: str, code: str | None = None) -> dict[str, Any]:
    """Press run on an example (after replacing its code) and wait until it ends."""
    from selenium.webdriver.support.ui import WebDriverWait

    browser.execute_script(
        "const w = document.querySelector(arguments[0]);"
        "if (arguments[1] !== null) { w.querySelector('.run-here-code').value = arguments[1]; }"
        "w.querySelector('.run-here-run').click();",
        widget(example),
        code,
    )
    started = time.monotonic()
    WebDriverWait(browser, RUN_WAIT, poll_frequency=0.2).until(
        lambda b: b.execute_script(
            "return ['done', 'error', 'failed'].includes("
            "document.querySelector(arguments[0]).dataset.state)",
            widget(example),
        )
    )
    state: dict[str, Any] = browser.execute_script(
        "const w = document.querySelector(arguments[0]);"
        "return {state: w.dataset.state, first: Number(w.dataset.firstOutputMs),"
        " output: w.querySelector('.run-here-output code').textContent,"
        " status: w.querySelector('.run-here-status').textContent,"
        " caption: w.querySelector('.run-here-caption').textContent};",
        widget(example),
    )
    state["seconds"] = time.monotonic() - started
    return state


def native_run(seed: int = 0) -> list[float]:
    X, t = purenn.load_housing()
    X0 = purenn.apply_scale(X, purenn.fit_scale(X))
    return purenn.train(X0, t, seed=seed).errors


def test_pages_are_light_until_run_is_pressed(driver: Any, base_url: str, site: Path) -> None:
    requested_urls(driver)
    driver.get(base_url + "training.html")
    time.sleep(1.0)
    urls = requested_urls(driver)
    assert any(u.endswith("assets/javascripts/python.js") for u in urls)
    assert [u for u in urls if "assets/pyodide/" in u or u.endswith("purenn.zip")] == []
    # Pages with nothing to run do not even load the loader.
    for page in ("index.html", "data.html", "api/network.html"):
        assert "python.js" not in (site / page).read_text(encoding="utf-8"), page
    for page in ("forward.html", "backward.html", "training.html"):
        assert 'class="run-here"' in (site / page).read_text(encoding="utf-8"), page


def test_training_example_gives_purenn_bits_and_draws_its_curve(driver: Any, base_url: str) -> None:
    driver.set_window_size(1280, 1000)
    driver.get(base_url + "training.html")
    requested_urls(driver)
    result = press_run(driver, "run_training.py")
    assert result["state"] == "done", result
    m = re.search(r"final error (\S+) = (0x\S+)", result["output"])
    assert m, result["output"]
    assert m[2] == native_run()[-1].hex()
    assert float.fromhex(m[2]) == float(m[1])
    assert f"Pyodide {PYODIDE_VERSION}" in result["caption"]
    print(
        f"\ntraining example, cold: first output after {result['first'] / 1000:.1f} s,"
        f" whole run {result['seconds']:.1f} s ({result['status']})"
    )
    # The worker's requests (its own resource timings): Pyodide and purenn, from this site.
    urls = requested_urls(driver) + driver.execute_script(
        "return document.querySelector(arguments[0]).twinnetsRequests", widget("run_training.py")
    )
    assert any(u.endswith("assets/pyodide/pyodide.asm.wasm") for u in urls)
    assert any(u.endswith("assets/purenn.zip") for u in urls)
    assert [u for u in urls if not local(u, base_url)] == []

    points = driver.execute_script(
        "return document.querySelector(arguments[0] + ' .run-here-line')"
        ".getAttribute('points').split(' ').length",
        widget("run_training.py"),
    )
    assert points == 1000
    # At a phone's width the curve is redrawn to fit, its labels at their size.
    driver.set_window_size(390, 844)
    time.sleep(0.5)
    fit = driver.execute_script(
        "const svg = document.querySelector(arguments[0] + ' svg');"
        "const box = svg.getBoundingClientRect();"
        "const sizes = Array.from(svg.querySelectorAll('text'))"
        "  .map(t => parseFloat(getComputedStyle(t).fontSize));"
        "return {right: box.right, width: document.documentElement.clientWidth,"
        " smallest: Math.min(...sizes), scale: box.width / svg.viewBox.baseVal.width};",
        widget("run_training.py"),
    )
    driver.set_window_size(1280, 1000)
    assert fit["right"] <= fit["width"], fit
    assert fit["smallest"] >= 11, fit
    assert fit["scale"] == pytest.approx(1.0), fit


def test_edited_example_prints_its_own_numbers(driver: Any, base_url: str) -> None:
    driver.get(base_url + "forward.html")
    code = driver.execute_script(
        "return document.querySelector(arguments[0] + ' .run-here-code').value",
        widget("run_forward.py"),
    )
    assert "seed, n_h = 0, 4" in code
    outputs = {}
    for seed in (0, 1):
        result = press_run(driver, "run_forward.py", code.replace("= 0, 4", f"= {seed}, 4"))
        assert result["state"] == "done", result
        m = re.search(r"^loss   = (\S+)$", result["output"], re.M)
        assert m, result["output"]
        outputs[seed] = m[1]
    assert outputs[0] != outputs[1]
    for seed, printed in outputs.items():
        X, t = purenn.load_housing()
        X0 = purenn.apply_scale(X, purenn.fit_scale(X))
        W = purenn.init_weights(purenn.generator(seed), 3, 4)
        assert printed == repr(purenn.loss(purenn.forward(X0, W.W1, W.W2).y, t))


def test_gradient_check_example_passes_in_the_browser(driver: Any, base_url: str) -> None:
    driver.get(base_url + "backward.html")
    result = press_run(driver, "run_backward.py")
    assert result["state"] == "done", result
    m = re.search(r"largest relative difference (\S+)", result["output"])
    assert m, result["output"]
    assert float(m[1]) < 1e-5, result["output"]
    # An exception is shown, not swallowed.
    code = "import purenn\npurenn.forward([[1.0, 2.0]], [[1.0]], [[1.0]])\n"
    broken = press_run(driver, "run_backward.py", code)
    assert broken["state"] == "error", broken
    assert "Traceback" in broken["output"], broken
    assert "ShapeError: forward: cannot multiply X0 (1, 2)" in broken["output"], broken


def test_from_disk_run_says_how_to_serve(driver: Any, site: Path, tmp_path: Path) -> None:
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    requested_urls(driver)
    driver.get((copy / "training.html").as_uri())
    driver.execute_script(
        "document.querySelector(arguments[0] + ' .run-here-run').click()",
        widget("run_training.py"),
    )
    status = driver.execute_script(
        "return document.querySelector(arguments[0] + ' .run-here-status').textContent",
        widget("run_training.py"),
    )
    assert status == SERVE_HINT
    assert "\n" not in status
    assert driver.execute_script("return twinnets.fromDisk && twinnets.SERVE_HINT") == SERVE_HINT
    assert [u for u in requested_urls(driver) if "pyodide" in u] == []


# --- The browser parity record -------------------------------------------------------------------


@pytest.fixture
def loader_url(tmp_path: Path) -> Iterator[str]:
    """A folder with just the loader, Pyodide and purenn.zip, served on 127.0.0.1."""
    assets = tmp_path / "assets"
    shutil.copytree(ROOT / "docs" / "assets" / "pyodide", assets / "pyodide")
    (assets / "javascripts").mkdir()
    for script in ("python.js", "pyodide-load.mjs"):
        shutil.copy(ROOT / "docs" / "assets" / "javascripts" / script, assets / "javascripts")
    (assets / "purenn.zip").write_bytes(purenn_zip())
    (tmp_path / "index.html").write_text(
        '<!doctype html><meta charset="utf-8"><title>parity</title>'
        '<script src="assets/javascripts/python.js"></script>',
        encoding="utf-8",
    )
    with served(tmp_path) as url:
        yield url


BROWSER_PARITY = """
const [source, group, done] = arguments;
const first = twinnets.python();
if (twinnets.python() !== first) { done({error: 'twinnets.python() is not memoised'}); return; }
first.then(py => {
  const ns = py.toPy({__name__: 'parity_values'});
  py.runPython(source, {globals: ns});
  ns.set('group', group);
  const values = JSON.parse(py.runPython('import json; json.dumps(values(group))', {globals: ns}));
  done({values, python: py.runPython('import sys; sys.version.split()[0]'),
        pyodide: py.version, agent: navigator.userAgent});
}, error => done({error: String(error)}));
"""
GROUPS = ("train", "mlp-tanh", "mlp-sigmoid", "functions")
"""The groups of ``parity_values.GROUPS``, run one at a time: each blocks the page."""


def _agent(user_agent: str) -> str:
    m = re.search(r"(HeadlessChrome|Chrome)/(\d+)", user_agent)
    return f"Chromium {m[2]} (headless)" if m else user_agent


def test_browser_parity_record(driver: Any, loader_url: str) -> None:
    driver.get(loader_url)
    driver.set_script_timeout(RUN_WAIT)
    config = driver.command_executor._client_config
    timeout, config.timeout = config.timeout, RUN_WAIT  # a group may block the page for minutes
    source = PARITY_SCRIPT.read_text(encoding="utf-8")
    try:
        got: dict[str, Any] = {"values": {}}
        for group in GROUPS:
            part = driver.execute_async_script(BROWSER_PARITY, source, group)
            assert "error" not in part, part
            got.update({k: v for k, v in part.items() if k != "values"})
            got["values"].update(part["values"])
    finally:
        config.timeout = timeout
    assert got["pyodide"] == PYODIDE_VERSION
    assert [u for u in requested_urls(driver) if not local(u, loader_url)] == []
    if os.environ.get("TWINNETS_RECORD_PARITY"):
        native = subprocess.run(
            [sys.executable, str(PARITY_SCRIPT)], capture_output=True, text=True, check=True
        )
        record = {
            "what": "docs/hooks/parity_values.py run in the browser and natively; float.hex",
            "date": datetime.date.today().isoformat(),
            "browser": {
                "agent": _agent(got["agent"]),
                "pyodide": got["pyodide"],
                "python": got["python"],
                "values": got["values"],
            },
            "machine": {
                "python": sys.version.split()[0],
                "platform": sys.platform,
                "values": json.loads(native.stdout),
            },
        }
        RECORD.parent.mkdir(parents=True, exist_ok=True)
        RECORD.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    record = json.loads(RECORD.read_text(encoding="utf-8"))
    assert record["browser"]["pyodide"] == got["pyodide"]
    stale = [k for k, v in got["values"].items() if record["browser"]["values"].get(k) != v]
    assert stale == [], f"the record is stale for {stale}: rerun with TWINNETS_RECORD_PARITY=1"
    # The write-up's run has the same bits in the browser as purenn here, now.
    assert got["values"]["train.errors"] == [e.hex() for e in native_run()]
