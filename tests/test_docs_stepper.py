"""The step-through page in a real browser: a step recorded by Pyodide, replayed both ways.

The page ``step-through.html`` of the built site, served on 127.0.0.1, records
one training step in the page (purenn in Pyodide, from the site's own
``assets/purenn.zip``) and replays it. These tests press its buttons and keys
and compare what it shows with a trace recorded natively here by
:func:`purenn.support.trace.record_step`: the highlighted line and a
variable's value after stepping, the state before after stepping back, the
layout at a desktop's and a phone's width, and the one-line message from a
``file://`` copy. Loading Pyodide takes tens of seconds on a busy machine,
so the step is recorded once and these tests are marked slow.

Without chromium, chromedriver or selenium they skip; with ``CI`` set they
fail instead, like the other browser tests.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import Any

import pytest

from purenn.support.trace import record_step
from tests.test_docs_browser import base_url, driver, requested_urls, site  # noqa: F401
from tests.test_trace import find, local, where

pytestmark = pytest.mark.slow

PAGE = "step-through.html"
RECORD_WAIT = 300.0
"""Seconds the first recording may take: loading Pyodide (13 MB) and the step."""

STATE = """
const root = document.querySelector('.stepper');
const current = root.querySelector('.stepper-current');
const where = root.querySelector('.stepper-where strong');
return {event: Number(root.dataset.event), line: current ? Number(current.dataset.line) : null,
        function: where ? where.textContent : null,
        text: current ? current.textContent : null};
"""


def matrix_shown(browser: Any, name: str) -> list[list[str]]:
    """The entries of a matrix in the variables panel, as the reprs the viewer holds."""
    rows: list[list[str]] = browser.execute_script(
        """
        const row = document.querySelector(`.stepper-vars tr[data-name="${arguments[0]}"]`);
        if (row === null) return null;
        return Array.from(row.querySelectorAll('table.stepper-grid tr')).map(
            tr => Array.from(tr.querySelectorAll('td')).map(td => td.dataset.repr));
        """,
        name,
    )
    return rows


@pytest.fixture(scope="module")
def native() -> dict[str, Any]:
    return record_step()


@pytest.fixture
def stepper(driver: Any, base_url: str) -> Any:  # noqa: F811
    """The page with a recorded step, at its first event (recorded once, unless a test left)."""
    from selenium.webdriver.support.ui import WebDriverWait

    url = base_url + PAGE
    ready = "return document.querySelector('.stepper')?.dataset.ready === 'true'"
    if driver.current_url != url or not driver.execute_script(ready):
        driver.get(url)
        requested_urls(driver)  # drain the log: the next test counts what the recording fetched
        driver.find_element("css selector", ".stepper-record").click()
        started = time.monotonic()
        WebDriverWait(driver, RECORD_WAIT, poll_frequency=0.5).until(
            lambda b: (
                b.execute_script(ready)
                or "Could not" in b.find_element("css selector", ".stepper-status").text
            )
        )
        status = driver.find_element("css selector", ".stepper-status").text
        assert driver.execute_script(ready), status
        print(f"recorded in the page in {time.monotonic() - started:.1f} s: {status}")
    driver.execute_script("document.querySelector('.stepper').stepper.show(0)")
    return driver


def press(browser: Any, *commands: str) -> None:
    for command in commands:
        browser.find_element("css selector", f'button[data-command="{command}"]').click()


def test_recording_fetches_nothing_from_outside(stepper: Any, base_url: str) -> None:  # noqa: F811
    urls = requested_urls(stepper)
    assert [u for u in urls if not u.startswith((base_url, "data:", "blob:", "chrome:"))] == []
    status = stepper.find_element("css selector", ".stepper-status").text
    assert status.startswith("Recorded ")
    assert stepper.execute_script(
        "return document.querySelector('.stepper').stepper.trace.complete"
    )


def test_step_to_a_line_shows_its_line_and_values(stepper: Any, native: dict[str, Any]) -> None:
    # into _step, over its first lines to the forward pass, into it, over the first product
    press(stepper, "into", "into", "over", "over", "into", "into", "over")
    state = stepper.execute_script(STATE)
    e = find(native, "_forward", "X1 = _relu")
    assert state["function"] == "_forward"
    assert state["line"] == where(native, e)[1]
    assert "X1 = _relu(Z1)" in state["text"]
    assert matrix_shown(stepper, "Z1") == local(native, e, "Z1")["rows"]
    assert matrix_shown(stepper, "X1") is None

    # Into the product: the shown A is X0, the entry being computed marked in C.
    press(stepper, "back_over", "into", "into", "into", "into", "into", "into", "into")
    state = stepper.execute_script(STATE)
    assert state["function"] == "_matmul"
    X0 = [[repr(v) for v in row] for row in native["X0"]]
    assert matrix_shown(stepper, "A") == X0
    assert stepper.find_elements("css selector", "td.stepper-computing")


def test_step_back_shows_the_state_before(stepper: Any, native: dict[str, Any]) -> None:
    from selenium.webdriver.common.keys import Keys

    press(stepper, "into", "into", "over", "over", "into", "into", "over")
    at_x1 = stepper.execute_script(STATE)
    e = find(native, "_forward", "X1 = _relu")

    press(stepper, "back")  # the previous event: the product returning Z1
    state = stepper.execute_script(STATE)
    assert state["event"] == at_x1["event"] - 1
    assert state["function"] == "_matmul"
    assert "return C" in state["text"]
    assert matrix_shown(stepper, "(returned)") == local(native, e, "Z1")["rows"]

    press(stepper, "back_out")  # back out of the product: Z1 is not computed yet
    state = stepper.execute_script(STATE)
    assert state["function"] == "_forward"
    assert "Z1 = _matmul(X0, W1)" in state["text"]
    assert matrix_shown(stepper, "Z1") is None

    root = stepper.find_element("css selector", ".stepper")
    root.send_keys("n")  # the key for step over: forward again, to the same state as before
    assert stepper.execute_script(STATE) == at_x1
    assert matrix_shown(stepper, "Z1") == local(native, e, "Z1")["rows"]
    root.send_keys(Keys.ARROW_LEFT)
    assert stepper.execute_script(STATE)["event"] == at_x1["event"] - 1
    assert stepper.current_url.endswith(PAGE), "the viewer's keys must not reach the theme's"


def test_the_last_event_has_the_weights_of_the_first_step(
    stepper: Any, native: dict[str, Any]
) -> None:
    root = stepper.find_element("css selector", ".stepper")
    from selenium.webdriver.common.keys import Keys

    root.send_keys(Keys.END)
    state = stepper.execute_script(STATE)
    assert state["function"] == "_train"
    assert "check_divergence" in state["text"]
    assert matrix_shown(stepper, "W1") == [[repr(v) for v in r] for r in native["weights"]["W1"]]


@pytest.mark.parametrize("width", [1400, 390])
def test_no_sideways_scroll_and_panels_stack_on_a_phone(stepper: Any, width: int) -> None:
    press(stepper, "into", "into", "over", "over", "into", "into", "into", "into")
    stepper.set_window_size(width, 1000)
    try:
        time.sleep(0.3)
        widths = stepper.execute_script(
            "return [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        boxes = stepper.execute_script(
            """
            const box = s => document.querySelector(s).getBoundingClientRect();
            const a = box('.stepper-source'), b = box('.stepper-side'), r = box('.stepper');
            return [a.top, a.bottom, b.top, a.right, b.left, r.right];
            """
        )
    finally:
        stepper.set_window_size(1280, 1000)
    assert widths[0] <= widths[1], f"the page scrolls sideways at {width} px: {widths}"
    source_top, source_bottom, side_top, source_right, side_left, right = boxes
    if width == 1400:
        assert abs(source_top - side_top) < 2, "source and variables side by side"
        assert source_right <= side_left
    else:
        assert side_top >= source_bottom, "on a phone the panels stack"
    assert max(source_right, side_left) <= right


def test_from_disk_the_controls_say_how_to_serve(
    driver: Any,  # noqa: F811
    site: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    driver.get((copy / PAGE).as_uri())
    hint = driver.find_element("css selector", ".stepper .stepper-hint")
    serve = driver.execute_script("return twinnets.SERVE_HINT")
    assert hint.text == serve
    assert "mkdocs serve" in serve
    assert "python -m http.server -d site" in serve
    line = driver.execute_script(
        "const e = document.querySelector('.stepper-hint');"
        "return [e.getBoundingClientRect().height, parseFloat(getComputedStyle(e).lineHeight)]"
    )
    assert line[0] < 1.5 * line[1], f"one line: {line}"
    assert driver.find_elements("css selector", ".stepper button") == []
