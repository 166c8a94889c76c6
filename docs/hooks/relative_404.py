"""Makes ``404.html`` work when the site is opened from disk.

Material writes the 404 page with links from the site's root (``/assets/...``,
``/index.html``): it cannot know where a missing page was asked for. Opened
as a file, such a link points at the root of the disk and the page loads
neither its stylesheets nor its scripts. The 404 page sits at the root of the
site, so each root link becomes a link relative to it (``./assets/...``).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

_ROOT_LINK = re.compile(r'(?P<attr>\b(?:href|src)=")/(?!/)')
_BASE = '"base": "/"'


def relative_links(html: str) -> str:
    """The page with each root link (``="/x"``, not ``="//host"``) made relative."""
    html = _ROOT_LINK.sub(r"\g<attr>./", html)
    return html.replace(_BASE, '"base": "."')


def on_post_build(*, config: Any) -> None:
    page = Path(config["site_dir"]) / "404.html"
    if page.exists():
        page.write_text(relative_links(page.read_text(encoding="utf-8")), encoding="utf-8")
