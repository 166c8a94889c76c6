"""The checkout's purenn as a zip, for Python in the page: ``assets/purenn.zip``.

``docs/assets/javascripts/python.js`` fetches this zip and unpacks it into
Pyodide's file system, so what runs in the browser is the real package of
this checkout, never a copy. The zip holds purenn's ``.py`` files and its
bundled data (``purenn/data/*.csv``, which ``purenn.data`` reads), no
``__pycache__``. It is deterministic: names sorted, one fixed timestamp and
mode, so the same source gives the same bytes. It is added to the built site
as a generated file: nothing is written into ``docs/`` and nothing is
committed.

Run as a script (``python docs/hooks/pyodide_bundle.py OUT.zip``) it writes
the zip to a file.
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = "purenn"
ZIP_URI = "assets/purenn.zip"
KEPT = ("*.py", "data/*.csv")
"""What the zip holds, as patterns relative to the package folder."""
STAMP = (1980, 1, 1, 0, 0, 0)
"""The one timestamp of every entry (the earliest a zip can hold)."""


def package_files(root: Path = ROOT) -> list[Path]:
    """The files of purenn the zip holds, sorted by their path."""
    package = root / PACKAGE
    found: set[Path] = set()
    for pattern in KEPT:
        for path in package.rglob(pattern) if pattern == "*.py" else package.glob(pattern):
            if "__pycache__" not in path.parts and path.is_file():
                found.add(path)
    return sorted(found, key=lambda p: p.relative_to(root).as_posix())


def purenn_zip(root: Path = ROOT) -> bytes:
    """The zip of purenn, the same bytes for the same source."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in package_files(root):
            info = zipfile.ZipInfo(path.relative_to(root).as_posix(), date_time=STAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, path.read_bytes())
    return buffer.getvalue()


def on_files(files: Any, *, config: Any) -> Any:
    """Add ``assets/purenn.zip`` to the site, made from the checkout's purenn."""
    from mkdocs.structure.files import File

    files.append(File.generated(config, ZIP_URI, content=purenn_zip()))
    return files


if __name__ == "__main__":
    Path(sys.argv[1]).write_bytes(purenn_zip())
