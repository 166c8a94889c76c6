"""The documentation site in a real browser: math, diagrams, tabs, no network.

The site built by ``test_docs_build.built_site`` is served on 127.0.0.1 with
``python -m http.server`` and opened in Debian's headless Chromium through
chromedriver. Chromium's resolver maps every host name to nothing except
127.0.0.1, so a page that depends on the network fails here instead of
waiting. For every page: each formula is typeset by KaTeX without error,
each Mermaid diagram is drawn with a real height, and no request leaves
127.0.0.1. Then: the "Pure Python" / "NumPy" tabs switch together, the API
pages list every public name of both packages (across the chapter pages),
and a ``file://`` copy of the site typesets its math too and styles its 404
page.

Without chromium, chromedriver or selenium these tests skip, saying why;
when the environment variable ``CI`` is set they fail instead.
"""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.test_docs_build import API_PAGES, PAGES, built_site, chapter_modules, unavailable

WAIT = 20.0
"""Seconds a page may take to typeset its math and draw its diagrams."""

PAGES_WITHOUT_MATH = {"debugging.html", "checkpoints.html"}
PAGES_WITH_DIAGRAMS = {"index.html": 1, "backward.html": 2}

# Done when every formula holds KaTeX output and no <pre class="mermaid"> is left.
READY = """
const math = Array.from(document.querySelectorAll('.arithmatex'));
return document.readyState === 'complete'
    && typeof katex !== 'undefined'
    && math.every(e => e.querySelector('.katex') !== null)
    && document.querySelectorAll('pre.mermaid').length === 0;
"""


def _browser_paths() -> tuple[str, str]:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    if chromium is None or driver is None:
        missing = " and ".join(
            name for name, path in (("chromium", chromium), ("chromedriver", driver)) if not path
        )
        unavailable(f"{missing} not found: apt-get install chromium chromium-driver")
    assert chromium is not None
    assert driver is not None
    return chromium, driver


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    build = built_site(tmp_path_factory)
    if build.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed:\n{build.output[-4000:]}")
    return build.site


@contextlib.contextmanager
def served(folder: Path) -> Iterator[str]:
    """Serve ``folder`` with ``python -m http.server`` on 127.0.0.1; yield its URL."""
    server = subprocess.Popen(
        [sys.executable, "-u", "-m", "http.server", "0", "--bind", "127.0.0.1"],
        cwd=folder,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert server.stdout is not None
        line = server.stdout.readline()  # "Serving HTTP on 127.0.0.1 port 40123 ..."
        m = re.search(r"port (\d+)", line)
        assert m, f"http.server said: {line!r}"
        yield f"http://127.0.0.1:{m[1]}/"
    finally:
        server.terminate()
        server.wait(timeout=10)
        if server.stdout is not None:
            server.stdout.close()


@pytest.fixture(scope="module")
def base_url(site: Path) -> Iterator[str]:
    """Serve the site on 127.0.0.1, on a port the server picks itself."""
    with served(site) as url:
        yield url


@pytest.fixture(scope="module")
def driver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    chromium, chromedriver = _browser_paths()
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        unavailable("selenium is not installed: pip install -e '.[docs]'")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,1000",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}",
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    browser = webdriver.Chrome(options=options, service=Service(executable_path=chromedriver))
    browser.set_page_load_timeout(30)
    try:
        yield browser
    finally:
        browser.quit()


def requested_urls(browser: Any) -> list[str]:
    """Every URL the browser asked for since the last call (the log is drained)."""
    urls = []
    for entry in browser.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def open_page(browser: Any, url: str) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(url)
    try:
        WebDriverWait(browser, WAIT, poll_frequency=0.1).until(lambda b: b.execute_script(READY))
    except Exception:
        state = browser.execute_script(
            "return [document.querySelectorAll('.arithmatex').length,"
            " document.querySelectorAll('.katex').length,"
            " document.querySelectorAll('pre.mermaid').length]"
        )
        pytest.fail(f"{url} not ready after {WAIT} s: arithmatex, katex, pre.mermaid = {state}")


def local(url: str, base: str) -> bool:
    """A request that stays on this machine: the test server, or the browser itself.

    ``chrome://`` URLs are Chromium's own resources (the icon of a search
    field's clear button, for one), served from inside the browser.
    """
    return url.startswith((base, "data:", "blob:", "about:", "chrome://"))


@pytest.mark.parametrize("page", PAGES)
def test_page_renders_offline(driver: Any, base_url: str, page: str) -> None:
    requested_urls(driver)  # drain what earlier pages left
    open_page(driver, base_url + page)

    math = driver.execute_script("return document.querySelectorAll('.arithmatex').length")
    typeset = driver.execute_script("return document.querySelectorAll('.arithmatex .katex').length")
    errors = driver.execute_script(
        "return Array.from(document.querySelectorAll('.katex-error')).map(e => e.title)"
    )
    assert errors == []
    assert typeset >= math
    if page not in PAGES_WITHOUT_MATH and not page.startswith("api/"):
        assert math > 0, "no formula on this page"  # a chapter of the API may have none

    heights = driver.execute_script(
        "return Array.from(document.querySelectorAll('div.mermaid')).map(e => e.offsetHeight)"
    )
    assert len(heights) == PAGES_WITH_DIAGRAMS.get(page, 0)
    assert all(h > 50 for h in heights), heights

    time.sleep(0.1)  # let late requests (fonts, the search index) show in the log
    urls = requested_urls(driver)
    urls += driver.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)"
    )
    assert [u for u in urls if not local(u, base_url)] == []
    assert any(u.endswith("katex.min.js") for u in urls)


def test_api_pages_list_every_public_name(driver: Any, base_url: str) -> None:
    """Across the chapter pages, a heading for every public name of both packages."""
    ids: list[str] = []
    for page in API_PAGES:
        open_page(driver, base_url + page)
        ids += driver.execute_script(
            "return Array.from(document.querySelectorAll('h2[id], h3[id], h4[id]')).map(e => e.id)"
        )
    for package in ("purenn", "npnn"):
        assert_every_public_name_is_listed(ids, package)


def assert_every_public_name_is_listed(ids: list[str], package: str) -> None:
    """A heading for each name of the package's ``__all__`` and of its modules' ``__all__``."""
    module = __import__(package)
    shown = {i.rsplit(".", 1)[-1] for i in ids if i.startswith(package + ".")}
    assert sorted(set(module.__all__) - shown) == []
    for name in chapter_modules(package):
        exported = __import__(f"{package}.{name}", fromlist=["__all__"]).__all__
        assert sorted(n for n in exported if f"{package}.{name}.{n}" not in ids) == [], name


def test_tabs_switch_together(driver: Any, base_url: str) -> None:
    from selenium.webdriver.common.by import By

    open_page(driver, base_url + "forward.html")  # a fresh profile: no tab chosen yet

    def chosen() -> list[str]:
        chosen_labels: list[str] = driver.execute_script(
            """
            return Array.from(document.querySelectorAll('.tabbed-set')).map(set => {
                const input = set.querySelector(':scope > input:checked');
                return set.querySelector(`label[for="${input.id}"]`).textContent.trim();
            });
            """
        )
        return chosen_labels

    before = chosen()
    assert len(before) >= 5
    assert set(before) == {"Pure Python"}

    label = driver.find_elements(By.CSS_SELECTOR, ".tabbed-set .tabbed-labels > label")[1]
    assert label.text == "NumPy"
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", label)
    label.click()
    time.sleep(0.3)
    after = chosen()
    assert set(after) == {"NumPy"}
    assert len(after) == len(before)

    visible = driver.execute_script(
        """
        const set = document.querySelector('.tabbed-set');
        const input = set.querySelector(':scope > input:checked');
        const blocks = set.querySelectorAll(':scope > .tabbed-content > .tabbed-block');
        const inputs = Array.from(set.querySelectorAll(':scope > input'));
        return blocks[inputs.indexOf(input)].textContent;
        """
    )
    assert "npnn/" in visible
    driver.execute_script("localStorage.clear()")


def test_file_copy_typesets_math(driver: Any, site: Path, tmp_path: Path) -> None:
    """The offline build works without a server: open a page of a copy as a file."""
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    open_page(driver, (copy / "shapes.html").as_uri())
    typeset = driver.execute_script("return document.querySelectorAll('.arithmatex .katex').length")
    errors = driver.execute_script("return document.querySelectorAll('.katex-error').length")
    assert typeset > 10
    assert errors == 0


def test_file_copy_404_is_styled(driver: Any, site: Path, tmp_path: Path) -> None:
    """The 404 page opened as a file loads its stylesheets and scripts (no root links)."""
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    page = copy / "404.html"
    assert re.findall(r'(?:href|src)="/(?!/)[^"]*"', page.read_text(encoding="utf-8")) == []
    open_page(driver, page.as_uri())
    styled = driver.execute_script(
        """
        const header = getComputedStyle(document.querySelector('.md-header'));
        const link = Array.from(document.querySelectorAll('link[rel=stylesheet]'))
            .find(l => /main\\.[0-9a-f]+\\.min\\.css$/.test(l.href));
        return [header.position, header.backgroundColor, link !== undefined && link.sheet !== null];
        """
    )
    assert styled[0] == "sticky", styled
    assert styled[1] not in ("rgba(0, 0, 0, 0)", "transparent"), styled
    assert styled[2] is True, styled


PAGES_WITH_OUTPUT = ["training.html", "parity.html", "classification.html", "debugging.html"]
"""The pages that show a command's output in a ``build-output`` block."""
WIDTHS = [1400, 390]
"""A desktop's window and a phone's, in CSS pixels."""

# For each output block: the copy button's box and the boxes of its first line's text.
FIRST_LINE_UNDER_BUTTON = """
return Array.from(document.querySelectorAll('.build-output pre')).map(pre => {
    const nav = pre.querySelector('.md-code__nav');
    const code = pre.querySelector(':scope > code');
    if (nav === null || code === null) return null;
    const walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    range.setStart(code, 0);
    let node;
    while ((node = walker.nextNode()) !== null) {
        const at = node.data.indexOf('\\n');
        if (at >= 0) { range.setEnd(node, at); break; }
        range.setEndAfter(node);
    }
    const b = nav.getBoundingClientRect();
    const hits = Array.from(range.getClientRects()).filter(r =>
        r.width > 0 && r.left < b.right && r.right > b.left
        && r.top < b.bottom && r.bottom > b.top);
    return {title: pre.id, hits: hits.length};
});
"""


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("page", PAGES_WITH_OUTPUT)
def test_copy_button_leaves_first_output_line_free(
    driver: Any, base_url: str, page: str, width: int
) -> None:
    driver.set_window_size(width, 1000)
    try:
        open_page(driver, base_url + page)
        blocks = driver.execute_script(FIRST_LINE_UNDER_BUTTON)
    finally:
        driver.set_window_size(1280, 1000)
    assert blocks, f"{page}: no output block"
    assert None not in blocks, f"{page}: an output block without its copy button"
    assert [b for b in blocks if b["hits"]] == []


DERIVATION = ["data.html", "shapes.html", "forward.html", "backward.html"]
DERIVATION += ["dropconnect.html", "training.html"]
"""The pages of "The derivation", whose code is shown in full."""

# Every code block that scrolls sideways, with its widths and its longest line;
# the blocks of every tab are shown, so the hidden ones are measured too.
OVERFLOWING_CODE = """
const style = document.createElement('style');
style.textContent = '.tabbed-set > .tabbed-content > .tabbed-block { display: block !important }';
document.head.appendChild(style);
const wide = Array.from(document.querySelectorAll('pre > code'))
    .filter(c => c.scrollWidth > c.clientWidth + 1)
    .map(c => [c.scrollWidth, c.clientWidth,
               c.textContent.split('\\n').reduce((a, b) => (b.length > a.length ? b : a), '')]);
style.remove();
return wide;
"""


@pytest.mark.parametrize("page", DERIVATION)
def test_code_fits_its_box_at_desktop_width(driver: Any, base_url: str, page: str) -> None:
    """At 1400 px no line of code, 100 characters at most, scrolls out of its box."""
    driver.set_window_size(1400, 1000)
    try:
        open_page(driver, base_url + page)
        assert driver.execute_script("return document.documentElement.clientWidth") >= 1380
        overflowing = driver.execute_script(OVERFLOWING_CODE)
    finally:
        driver.set_window_size(1280, 1000)
    assert driver.execute_script("return document.querySelectorAll('pre > code').length") > 0
    assert overflowing == []
