"""A highlighted line beside an equation is the line that computes it.

The forward and backward pages show each equation above the whole function
that computes it, with the equation's line highlighted (``hl_lines`` on the
fence). Line numbers do not follow the code when it changes, so this test
does: the highlighted line must assign the variable that the equation above
it defines (``\\bar{X}_1 = ...`` is ``dX1 = ...``, ``Z_1 = ...`` is ``Z1 = ...``).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGES = sorted((ROOT / "docs").glob("*.md"))

FENCE = re.compile(r'^ *```python[^\n]*hl_lines="(\d+)"[^\n]*\n *--8<-- "([^":]+):([\w-]+)"', re.M)
FORMULA = re.compile(r"^\$\$\n(.*?)\n\$\$", re.M | re.S)
TARGET = re.compile(r"(\\bar\{)?([A-Za-z])\}?(?:_(\d))?")


def section(path: str, name: str) -> list[str]:
    """The lines of a snippet section, as the page shows them (markers dropped)."""
    text = (ROOT / path).read_text(encoding="utf-8")
    body = text.split(f"# --8<-- [start:{name}]\n", 1)[1].split(f"# --8<-- [end:{name}]", 1)[0]
    return [line for line in body.splitlines() if "# --8<--" not in line]


def highlighted() -> list[tuple[str, str, str, int, str]]:
    """``(page, path, section, line, formula)`` for every highlighted include."""
    found = []
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        for m in FENCE.finditer(text):
            formulas = FORMULA.findall(text[: m.start()])
            found.append((page.name, m[2], m[3], int(m[1]), formulas[-1] if formulas else ""))
    return found


CASES = highlighted()


def test_the_pages_highlight_lines() -> None:
    """The forward and backward pages pair every equation with a highlighted line."""
    pages = {case[0] for case in CASES}
    assert {"forward.md", "backward.md"} <= pages
    assert len(CASES) >= 18


@pytest.mark.parametrize(
    ("page", "path", "name", "line", "formula"), CASES, ids=[f"{c[0]}:{c[1]}:{c[3]}" for c in CASES]
)
def test_highlighted_line_computes_the_equation(
    page: str, path: str, name: str, line: int, formula: str
) -> None:
    match = TARGET.match(formula.strip())
    assert match, f"{page}: no equation above the highlighted include of {path}:{name}"
    bar, letter, index = match.groups()
    variable = ("d" if bar else "") + letter + (index or "")
    lines = section(path, name)
    assert 1 <= line <= len(lines), f"{page}: line {line} is outside {path}:{name}"
    shown = lines[line - 1].strip()
    assert shown.startswith(f"{variable} = "), (
        f"{page}: the equation defines {variable}, but line {line} of {path}:{name} is {shown!r}"
    )
