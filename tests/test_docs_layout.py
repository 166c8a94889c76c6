"""Every page of the site fits a desktop's window and a phone's, in a real browser.

At 1400 and 390 CSS pixels wide, each page of the built site is opened in
headless Chromium (the fixtures of ``test_docs_browser``) and measured:
the page does not scroll sideways as a whole; no element reaches past the
viewport unless it sits in a box that scrolls; no display formula needs
sideways scrolling; no table is wider than its box unless that box scrolls;
every image is loaded; no formula failed to typeset. The plots' tick labels
are measured too: read from the SVG files, at the size the page shows them.
Each width is one pass over the pages, measured once; the tests read it.

Run as a script (``python -m tests.test_docs_layout SITE``) it prints the
same measurements for a built site, page by page, without asserting.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any

import pytest

from tests import test_docs_browser
from tests.test_docs_browser import _browser_paths, open_page, served
from tests.test_docs_build import PAGES

# The browser and the served site of the browser tests, as fixtures of this module.
site = test_docs_browser.site
base_url = test_docs_browser.base_url
driver = test_docs_browser.driver

WIDTHS = {"desktop": 1400, "phone": 390}
"""A desktop's window and a phone's, in CSS pixels."""

MIN_TICK_PX = 9.0
"""The smallest a plot's tick label may be drawn on a phone, in CSS pixels."""

MIN_FORMULA_PX = 13.0
"""The smallest a display formula may be set to fit a phone, in CSS pixels.

The page scales a formula too wide for the column down to 0.7 of KaTeX's
19.4 px (``katex-render.js``), 13.6 px; its subscripts are then 9.5 px.
"""

TABLES_THAT_SCROLL = {
    "fold rows network: loss": "eight columns of numbers, one a fold of the cross-validation",
}
"""Tables (by the start of their first row) that may scroll in their box on a phone.

The parameter tables of the API reference (name, type, description, default)
may scroll too: a type annotation or a default does not wrap.
"""

PLOTS = 3
"""The plots of the site: the training error and the two decision boundaries."""

# Everything measured on one page. Hidden tabs are shown while it runs, so
# that the formulas and tables of every tab are measured; then they are
# hidden again (the page fits a tab's formulas when the tab is chosen; here
# the change event is sent by hand). For each SVG image, its tick labels' font size as shown, in
# CSS pixels: matplotlib writes text as <text> (svg.fonttype "none") in
# groups named xtick_N / ytick_N, sized in the SVG's own units; the image's
# shown width over its viewBox width converts them.
MEASURE = """
const done = arguments[arguments.length - 1];
// Measured once KaTeX's fonts are in: the page fits its formulas to them.
document.fonts.ready.then(() => new Promise(wait => setTimeout(wait, 50))).then(() => {
const style = document.createElement('style');
style.textContent = '.tabbed-set > .tabbed-content > .tabbed-block { display: block !important }';
document.head.appendChild(style);
document.querySelector('.tabbed-set input')?.dispatchEvent(new Event('change', {bubbles: true}));
document.querySelectorAll('details:not([open])').forEach(d => {
    d.setAttribute('open', ''); d.dataset.measured = 'closed';
});
const vw = document.documentElement.clientWidth;
const overflow = e => getComputedStyle(e).overflowX;
const scrolls = e => ['auto', 'scroll'].includes(overflow(e));
const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
    + (e.classList.length ? '.' + Array.from(e.classList).join('.') : '');
const text = e => (e.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 70);
const onScreen = r => r.left >= -1 && r.right <= vw + 1;
// True when a box between the element and the page, itself on screen,
// holds what overflows it: it scrolls, or it clips on purpose (KaTeX's
// hidden MathML copy, an SVG's drawing).
const held = e => {
    for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
        if (overflow(a) !== 'visible' && onScreen(a.getBoundingClientRect())) return true;
    }
    return false;
};
const shown = e => {
    const r = e.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) return false;
    for (let a = e; a; a = a.parentElement) {
        const s = getComputedStyle(a);
        if (s.visibility === 'hidden' || s.display === 'none' || s.opacity === '0') return false;
    }
    return true;
};
// The theme's navigation drawer waits off screen on a phone until it is
// opened: it is not part of the page as read.
const offCanvas = e => e.closest('.md-sidebar--primary') !== null;

const formulas = Array.from(document.querySelectorAll('div.arithmatex'))
    .filter(shown)
    .filter(d => d.scrollWidth > d.clientWidth + 1)
    .map(d => ({width: d.scrollWidth, box: d.clientWidth, tex: text(d)}));

// Each table too wide for the screen: "scrolls" if the box around it scrolls
// sideways and is itself on screen, "cut" if not.
const tables = Array.from(document.querySelectorAll('.md-content table'))
    .filter(shown)
    .map(t => {
        let b = t.parentElement;
        while (b !== document.body && !scrolls(b)) b = b.parentElement;
        const r = t.getBoundingClientRect();
        const fits = onScreen(r) && t.scrollWidth <= t.clientWidth + 1
            && (b === document.body || b.scrollWidth <= b.clientWidth + 1);
        const scrolling = b !== document.body && onScreen(b.getBoundingClientRect());
        return {fits, scrolls: !fits && scrolling, cut: !fits && !scrolling,
                width: Math.round(t.scrollWidth), box: b.clientWidth, head: text(t.rows[0]),
                api: t.closest('.doc-contents') !== null};
    })
    .filter(t => !t.fits);

// Elements reaching past the viewport that no box on screen holds; only the
// outermost of each such subtree is listed.
const wide = [];
for (const e of document.body.querySelectorAll('*')) {
    if (offCanvas(e) || wide.some(w => w.contains(e))) continue;
    if (onScreen(e.getBoundingClientRect()) || !shown(e) || held(e)) continue;
    wide.push(e);
}

const images = Array.from(document.querySelectorAll('img'))
    .filter(i => !(i.complete && i.naturalWidth > 0))
    .map(i => i.getAttribute('src'));

const errors = Array.from(document.querySelectorAll('.katex-error')).map(e => e.title);

const before = window.scrollX;
window.scrollTo(10000, window.scrollY);
const sideways = window.scrollX > 0
    || document.documentElement.scrollWidth > document.documentElement.clientWidth + 1;
window.scrollTo(before, window.scrollY);

style.remove();
document.querySelectorAll('details[data-measured]').forEach(d => {
    d.removeAttribute('open'); delete d.dataset.measured;
});
const svgs = Array.from(document.querySelectorAll('.md-content img'))
    .filter(i => /\\.svg$/.test(i.getAttribute('src')));
Promise.all(svgs.map(async img => {
    const svg = new DOMParser().parseFromString(
        await (await fetch(img.src)).text(), 'image/svg+xml').documentElement;
    const unit = img.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    const sizes = Array.from(svg.querySelectorAll('g[id^="xtick"] text, g[id^="ytick"] text'))
        .map(t => parseFloat(/font(?:-size)?:\\s*([\\d.]+)px/.exec(t.getAttribute('style'))[1]));
    return {src: img.getAttribute('src'), shown: Math.round(img.getBoundingClientRect().width),
            labels: sizes.length, smallest: sizes.length ? Math.min(...sizes) * unit : 0};
})).then(plots => done({
    viewport: vw,
    smallestFormula: Math.min(...Array.from(
        document.querySelectorAll('div.arithmatex > .katex-display > .katex'))
        .map(k => parseFloat(getComputedStyle(k).fontSize))),
    formulas: formulas,
    displayed: document.querySelectorAll('div.arithmatex').length,
    tables: tables.filter(t => t.cut),
    scrolling: tables.filter(t => t.scrolls),
    wide: wide.map(e => ({element: name(e), left: Math.round(e.getBoundingClientRect().left),
                          right: Math.round(e.getBoundingClientRect().right), text: text(e)})),
    images: images,
    errors: errors,
    sideways: sideways,
    plots: plots,
}), e => done({error: String(e)}));
});
"""


def use_width(browser: Any, width: int) -> None:
    """Lay pages out as a screen ``width`` CSS pixels wide shows them.

    Below 600 px the screen is a phone's: Chromium's mobile emulation, with
    the page's viewport tag obeyed and scroll bars drawn over the page, as
    on a phone (a desktop window of 390 px would leave 375 px to the page).
    """
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600},
    )


def measure(browser: Any, url: str) -> dict[str, Any]:
    """Open the page and measure it (see ``MEASURE``)."""
    open_page(browser, url)
    found: dict[str, Any] = browser.execute_async_script(MEASURE)
    assert "error" not in found, found
    return found


def summary(width: int, page: str, m: dict[str, Any]) -> str:
    """One line of counts for one page at one width."""
    plots = "".join(
        f"  plot {p['src']} {p['shown']} px, ticks {p['smallest']:.1f} px" for p in m["plots"]
    )
    return (
        f"{width:5} {page:26} viewport {m['viewport']:4}"
        f"  formulas that scroll {len(m['formulas']):2}/{m['displayed']:<3}"
        f" tables cut {len(m['tables'])} scrolling {len(m['scrolling'])}"
        f"  wide {len(m['wide']):2}  sideways {m['sideways']!s:5}"
        f"  images not loaded {len(m['images'])}  katex-errors {len(m['errors'])}{plots}"
    )


Measured = dict[str, dict[str, Any]]


@pytest.fixture(scope="module", params=list(WIDTHS))
def layout(request: pytest.FixtureRequest, driver: Any, base_url: str) -> Iterator[Any]:
    """Every page measured at one width: (width name, {page: measurements})."""
    use_width(driver, WIDTHS[request.param])
    driver.set_script_timeout(30)
    try:
        yield request.param, {page: measure(driver, base_url + page) for page in PAGES}
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def test_viewport_is_the_screen(layout: tuple[str, Measured]) -> None:
    width, pages = layout
    viewports = {m["viewport"] for m in pages.values()}
    assert len(viewports) == 1
    assert WIDTHS[width] - 20 <= viewports.pop() <= WIDTHS[width]


def test_no_page_scrolls_sideways(layout: tuple[str, Measured]) -> None:
    _, pages = layout
    assert [page for page, m in pages.items() if m["sideways"]] == []


def test_nothing_reaches_past_the_screen(layout: tuple[str, Measured]) -> None:
    """No element is wider than the viewport unless a box on screen scrolls or holds it."""
    _, pages = layout
    assert {page: m["wide"] for page, m in pages.items() if m["wide"]} == {}


def test_every_image_is_loaded(layout: tuple[str, Measured]) -> None:
    _, pages = layout
    assert {page: m["images"] for page, m in pages.items() if m["images"]} == {}


def test_no_katex_error(layout: tuple[str, Measured]) -> None:
    _, pages = layout
    assert {page: m["errors"] for page, m in pages.items() if m["errors"]} == {}


def test_display_formulas_fit(layout: tuple[str, Measured]) -> None:
    """No display formula needs sideways scrolling; none is set too small to read."""
    width, pages = layout
    assert {page: m["formulas"] for page, m in pages.items() if m["formulas"]} == {}, width
    small = {page: m["smallestFormula"] for page, m in pages.items() if m["displayed"]}
    assert {page: px for page, px in small.items() if px < MIN_FORMULA_PX} == {}


def test_tables_fit_or_scroll_in_their_box(layout: tuple[str, Measured]) -> None:
    """No table is cut; only the tables allowed by name scroll in their box on a phone."""
    width, pages = layout
    assert {page: m["tables"] for page, m in pages.items() if m["tables"]} == {}
    allowed = TABLES_THAT_SCROLL if width == "phone" else {}
    scrolling = {
        page: [t["head"] for t in m["scrolling"] if not t["api"] or width != "phone"]
        for page, m in pages.items()
    }
    unexpected = {
        page: [h for h in heads if not h.startswith(tuple(allowed))]
        for page, heads in scrolling.items()
    }
    assert {page: heads for page, heads in unexpected.items() if heads} == {}
    found = [h for heads in scrolling.values() for h in heads]
    assert [a for a in allowed if not any(h.startswith(a) for h in found)] == [], "stale entry"


def test_gradient_table_shows_every_column(layout: tuple[str, Measured]) -> None:
    """The backward page's tables fit the phone's screen whole: no column is off screen."""
    _, pages = layout
    assert pages["backward.html"]["scrolling"] == []


def test_plot_tick_labels_are_legible(layout: tuple[str, Measured]) -> None:
    """Every plot is an SVG whose tick labels are drawn at least ``MIN_TICK_PX`` high."""
    _, pages = layout
    plots = [p for m in pages.values() for p in m["plots"]]
    assert len(plots) == PLOTS
    assert all(p["labels"] >= 4 for p in plots), plots
    assert [p for p in plots if p["smallest"] < MIN_TICK_PX] == []


def test_the_measure_sees_what_overflows(driver: Any, base_url: str) -> None:
    """The checks are not blind: a block wider than a phone's screen is reported."""
    use_width(driver, WIDTHS["phone"])
    try:
        open_page(driver, base_url + "index.html")
        driver.execute_script(
            "const wide = document.createElement('p');"
            "wide.style.width = '1000px'; wide.textContent = 'too wide';"
            "document.querySelector('.md-content article').appendChild(wide);"
        )
        found: dict[str, Any] = driver.execute_async_script(MEASURE)
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    assert [w["text"] for w in found["wide"]] == ["too wide"]


def main(folder: str) -> None:
    """Print the measurements of the site built into ``folder``, at both widths."""
    import json
    from pathlib import Path

    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    chromium, chromedriver = _browser_paths()
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(flag)
    browser = webdriver.Chrome(options=options, service=Service(executable_path=chromedriver))
    browser.set_script_timeout(30)
    try:
        with served(Path(folder)) as base:
            for width in WIDTHS.values():
                use_width(browser, width)
                totals = dict.fromkeys(["formulas", "tables", "scrolling", "wide", "sideways"], 0)
                for page in PAGES:
                    m = measure(browser, base + page)
                    print(summary(width, page, m))
                    for key in ("formulas", "tables", "scrolling", "wide"):
                        for item in m[key]:
                            print("      ", key, json.dumps(item, ensure_ascii=False))
                        totals[key] += len(m[key])
                    totals["sideways"] += m["sideways"]
                print("TOTAL", width, totals)
    finally:
        browser.quit()


if __name__ == "__main__":
    main(sys.argv[1])
