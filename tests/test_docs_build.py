"""The documentation site: a strict build, every page, every included section.

The site is built once per test session, strictly, into a temporary folder
(``built_site``); the browser tests in ``test_docs_browser.py`` use the same
build. The build starts in the background as soon as the tests are collected
(``conftest.py``), and these tests run last, so it overlaps the rest of the
suite. These tests need no browser.
"""

from __future__ import annotations

import hashlib
import html
import importlib.util
import io
import json
import os
import re
import subprocess
import sys
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"

PAGES = [
    "index.html",
    "data.html",
    "shapes.html",
    "forward.html",
    "backward.html",
    "dropconnect.html",
    "training.html",
    "multilayer.html",
    "dropout-optimizers.html",
    "classification.html",
    "parity.html",
    "debugging.html",
    "step-through.html",
    "write-up.html",
    "evaluation.html",
    "checkpoints.html",
    "api/purenn.html",
    "api/npnn.html",
]
"""Every page of the site, as the offline build names them."""

SNIPPET = re.compile(r'--8<-- "(?P<path>[^":]+)(?::(?P<section>[a-z][-_0-9a-z]*))?"')
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def unavailable(reason: str) -> None:
    """Skip locally; fail when ``CI`` is set, where everything must run."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; CI is set, so this must not be skipped")
    pytest.skip(reason)


@dataclass
class Build:
    site: Path
    returncode: int
    output: str


DOC_TOOLS = ("mkdocs", "material", "mkdocstrings", "pymdownx")
"""What the build needs, beyond the project."""
BUILD_TIMEOUT = 300.0
"""Seconds the build may take."""


@dataclass
class _Running:
    """The build, started in the background when the tests were collected."""

    process: subprocess.Popen[bytes]
    folder: Path
    started: float


_running: _Running | None = None
_build: Build | None = None


def tools_missing() -> list[str]:
    return [tool for tool in DOC_TOOLS if importlib.util.find_spec(tool) is None]


def start_build(folder: Path) -> None:
    """Start ``mkdocs build --strict`` into ``folder / "site"``, output to files, not waiting.

    ``conftest.py`` calls this once the documentation tests are collected, so
    the build runs while the other tests do; :func:`built_site` waits for it.
    """
    global _running
    if _running is not None or _build is not None:
        return
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    with (folder / "stdout").open("wb") as out, (folder / "stderr").open("wb") as err:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "mkdocs",
                "build",
                "--strict",
                "--config-file",
                str(ROOT / "mkdocs.yml"),
                "--site-dir",
                str(folder / "site"),
            ],
            stdout=out,
            stderr=err,
            env=env,
        )
    _running = _Running(process, folder, time.monotonic())


def stop_build() -> None:
    """End a build still running (the session ends before a docs test waited for it)."""
    if _running is not None and _running.process.poll() is None:
        _running.process.kill()
        _running.process.wait()


def built_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The site built strictly, once per session: wait for the background build, or run it."""
    global _build, _running
    if _build is None:
        missing = tools_missing()
        if missing:
            unavailable(f"{missing[0]} is not installed: pip install -e '.[docs]'")
        if _running is None:
            start_build(tmp_path_factory.mktemp("docs"))
        assert _running is not None
        running, _running = _running, None
        left = BUILD_TIMEOUT - (time.monotonic() - running.started)
        try:
            returncode = running.process.wait(timeout=max(left, 1.0))
        except subprocess.TimeoutExpired:
            running.process.kill()
            running.process.wait()
            raise
        output = "".join(
            (running.folder / name).read_text(encoding="utf-8", errors="replace")
            for name in ("stdout", "stderr")
        )
        _build = Build(running.folder / "site", returncode, ANSI.sub("", output))
    return _build


@pytest.fixture(scope="session")
def build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return built_site(tmp_path_factory)


@pytest.fixture(scope="session")
def site(build: Build) -> Path:
    if build.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed:\n{build.output[-4000:]}")
    return build.site


def test_strict_build_passes_with_no_warning(build: Build) -> None:
    assert build.returncode == 0, build.output[-4000:]
    warnings = [line for line in build.output.splitlines() if re.match(r"\s*WARNING\b", line)]
    assert warnings == []


@pytest.mark.parametrize("page", PAGES)
def test_every_page_is_built(site: Path, page: str) -> None:
    html = (site / page).read_text(encoding="utf-8")
    assert "<h1" in html


def snippet_uses() -> list[tuple[str, str, str | None]]:
    """Every ``--8<--`` inclusion in the pages: (page, path, section)."""
    uses = []
    for page in sorted(DOCS.rglob("*.md")):
        for m in SNIPPET.finditer(page.read_text(encoding="utf-8")):
            uses.append((str(page.relative_to(DOCS)), m["path"], m["section"]))
    return uses


def test_pages_include_code_from_the_source() -> None:
    paths = {path for _, path, _ in snippet_uses()}
    for package in ("purenn", "npnn"):
        for module in ("network.py", "matrix.py", "train.py", "dropconnect.py", "random.py"):
            assert f"{package}/{module}" in paths


@pytest.mark.parametrize(("page", "path", "section"), snippet_uses())
def test_every_included_section_exists(page: str, path: str, section: str | None) -> None:
    source = ROOT / path
    assert source.is_file(), f"{page} includes {path}, which does not exist"
    if section is None:
        return
    lines = source.read_text(encoding="utf-8").splitlines()
    starts = [i for i, line in enumerate(lines) if f"--8<-- [start:{section}]" in line]
    ends = [i for i, line in enumerate(lines) if f"--8<-- [end:{section}]" in line]
    assert len(starts) == 1, f"{page}: {path} has {len(starts)} starts of section {section!r}"
    assert len(ends) == 1, f"{page}: {path} has {len(ends)} ends of section {section!r}"
    body = [line for line in lines[starts[0] + 1 : ends[0]] if "--8<--" not in line]
    assert any(line.strip() for line in body), f"{page}: section {section!r} is empty"


@pytest.mark.parametrize("page", PAGES)
def test_no_page_loads_anything_from_the_network(site: Path, page: str) -> None:
    html = (site / page).read_text(encoding="utf-8")
    loads = re.findall(r'<(?:script|img|iframe)\b[^>]*\bsrc="([^"]+)"', html)
    loads += re.findall(r'<link\b[^>]*\bhref="([^"]+)"', html)
    remote = [url for url in loads if re.match(r"(https?:)?//", url)]
    assert remote == []


@pytest.mark.parametrize("page", PAGES)
def test_mermaid_is_loaded_only_where_a_diagram_is(site: Path, page: str) -> None:
    html = (site / page).read_text(encoding="utf-8")
    draws = 'class="mermaid"' in html
    assert ("mermaid.min.js" in html) == draws


def test_index_and_backward_draw_diagrams(site: Path) -> None:
    assert (site / "index.html").read_text(encoding="utf-8").count('class="mermaid"') == 1
    assert (site / "backward.html").read_text(encoding="utf-8").count('class="mermaid"') == 2


def page_text(site: Path, page: str) -> str:
    """The page's text: tags removed (code is split into highlighted spans), entities read."""
    html_text = (site / page).read_text(encoding="utf-8")
    return html.unescape(re.sub(r"<[^>]+>", "", html_text))


def test_outputs_of_real_runs_are_on_the_pages(site: Path) -> None:
    training = page_text(site, "training.html")
    assert "$ python -m purenn train --plot training-error.svg" in training
    assert "first error" in training
    assert "RMSE" in training
    plot = site / "generated" / "training-error.svg"
    assert b"<svg" in plot.read_bytes()[:400]
    assert 'src="generated/training-error.svg"' in (site / "training.html").read_text("utf-8")

    parity = page_text(site, "parity.html")
    assert "exact mode: every tensor is bit-for-bit equal to purenn's." in parity

    debugging = page_text(site, "debugging.html")
    assert "(Pdb) break purenn.train" in debugging
    assert "(Pdb) break purenn.forward" in debugging
    assert "Breakpoint 1 at purenn/network.py:" in debugging
    assert "(Pdb) p (Z1 > 0)[:3]" in debugging

    shapes = page_text(site, "shapes.html")
    assert "purenn.errors.ShapeError: matmul:" in shapes

    backward = page_text(site, "backward.html")
    assert "Largest relative difference" in backward


def test_no_machine_path_on_any_page(site: Path) -> None:
    for page in PAGES:
        html = (site / page).read_text(encoding="utf-8")
        assert str(ROOT) not in html, page
        assert sys.prefix not in html, page


@pytest.mark.parametrize("package", ["purenn", "npnn"])
def test_api_page_documents_every_public_name(site: Path, package: str) -> None:
    module = __import__(package)
    html = (site / "api" / f"{package}.html").read_text(encoding="utf-8")
    ids = set(re.findall(rf'id="({package}\.[\w.]+)"', html))
    documented = {i.rsplit(".", 1)[-1] for i in ids}
    assert set(module.__all__) <= documented


def test_vendored_files_keep_their_licences() -> None:
    assets = DOCS / "assets"
    for folder in ("katex", "mermaid", "iframe-worker", "pyodide"):
        assert (assets / folder / "LICENSE").is_file(), folder
    assert (assets / "katex" / "katex.min.js").is_file()
    assert list((assets / "katex" / "fonts").glob("*.woff2"))
    assert (assets / "mermaid" / "mermaid.min.js").is_file()
    assert (assets / "iframe-worker" / "shim.js").is_file()


def purenn_zip() -> bytes:
    """``assets/purenn.zip`` as the build hook makes it (``docs/hooks/pyodide_bundle.py``)."""
    spec = importlib.util.spec_from_file_location(
        "pyodide_bundle", DOCS / "hooks" / "pyodide_bundle.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    data: bytes = module.purenn_zip()
    return data


def test_vendored_pyodide_matches_its_checksums() -> None:
    folder = DOCS / "assets" / "pyodide"
    listed = {}
    for line in (folder / "SHA256SUMS").read_text(encoding="utf-8").splitlines():
        digest, name = line.split()
        listed[name] = digest
    kept = {p.name for p in folder.iterdir()} - {"SHA256SUMS"}
    assert set(listed) == kept
    assert {"pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "LICENSE"} <= kept
    for name, digest in listed.items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest, name
    assert "314.0.8" in (folder / "LICENSE").read_text(encoding="utf-8").splitlines()[0]


def test_purenn_zip_is_the_package_and_deterministic() -> None:
    data = purenn_zip()
    assert data == purenn_zip()
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert "purenn/__init__.py" in names
    assert "purenn/data/boston_house_prices.csv" in names
    assert all(n.startswith("purenn/") and n.endswith((".py", ".csv")) for n in names)
    assert not any("__pycache__" in n for n in names)
    sources = {p.relative_to(ROOT).as_posix() for p in (ROOT / "purenn").rglob("*.py")}
    assert {n for n in names if n.endswith(".py")} == {s for s in sources if "__pycache__" not in s}


def test_launch_configurations_run() -> None:
    """Every configuration of the VS Code example starts a command that works."""
    launch = json.loads((DOCS / "examples" / "launch.json").read_text(encoding="utf-8"))
    ran = 0
    for config in launch["configurations"]:
        assert config["type"] == "debugpy"
        assert config["request"] == "launch"
        if config["module"] == "pytest":
            continue  # it runs the open file; nothing to run here
        done = subprocess.run(
            [sys.executable, "-m", config["module"], *config["args"]],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, (config["name"], done.stderr)
        ran += 1
    assert ran >= 3
