"""The documentation site: a strict build, every page, every included section.

The site is built once per test session, strictly, into a temporary folder
(``built_site``); the browser tests in ``test_docs_browser.py`` use the same
build. The build starts in the background as soon as the tests are collected
(``conftest.py``), and these tests run last, so it overlaps the rest of the
suite. These tests need no browser.
"""

from __future__ import annotations

import ast
import hashlib
import html
import importlib
import importlib.util
import io
import json
import os
import pkgutil
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
]
API_PAGES = sorted(f"api/{page.stem}.html" for page in (DOCS / "api").glob("*.md"))
"""The API reference: an index, then one page a chapter."""
NARRATIVE = [page for page in PAGES if page != "index.html"]
"""The pages that teach, showing the code: each links the API entries of what it shows."""
PAGES += API_PAGES
"""Every page of the site, as the offline build names them."""
PLUMBING = {"cli", "support", "parity"}
"""Modules the API chapters do not document: the command line, shared plumbing, npnn's report."""

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


def chapter_modules(package: str) -> list[str]:
    """The package's modules that the API chapters document."""
    found = importlib.import_module(package)
    names = [m.name for m in pkgutil.iter_modules(found.__path__) if m.name[0] != "_"]
    return [name for name in names if name not in PLUMBING]


def api_ids(site: Path) -> dict[str, str]:
    """Every anchor of the API pages, with the page it is on."""
    ids: dict[str, str] = {}
    for page in API_PAGES:
        for anchor in re.findall(
            r'id="((?:purenn|npnn)\.[\w.]+)"', (site / page).read_text("utf-8")
        ):
            ids.setdefault(anchor, page)
    return ids


@pytest.mark.parametrize("package", ["purenn", "npnn"])
def test_api_pages_document_every_public_name(site: Path, package: str) -> None:
    """Every name of the package's ``__all__`` and of each module's has an entry."""
    ids = api_ids(site)
    documented = {i.rsplit(".", 1)[-1] for i in ids if i.startswith(package + ".")}
    assert sorted(set(importlib.import_module(package).__all__) - documented) == []
    for module in chapter_modules(package):
        names = importlib.import_module(f"{package}.{module}").__all__
        assert sorted(n for n in names if f"{package}.{module}.{n}" not in ids) == [], module


def test_npnn_entries_say_what_differs_and_link_purenn(site: Path) -> None:
    """Each npnn entry is short: no source of its own, and a link to purenn's entry.

    The parity report, npnn's alone, has no twin.
    """
    for page in API_PAGES:
        text = (site / page).read_text(encoding="utf-8")
        for m in re.finditer(r'<h4 id="npnn\.(?P<name>(?!parity\.)[\w.]+)"', text):
            following = text.find("<h3 ", m.end())
            entry = text[m.end() : following if following >= 0 else None]
            assert f'href="#purenn.{m["name"]}"' in entry, (page, m["name"])
            assert "Source code in" not in entry, (page, m["name"])


def public_names_shown(path: str, section: str) -> set[str]:
    """The public functions whose code the section ``section`` of ``path`` shows.

    A public function (in its module's ``__all__``) is itself; a private one,
    ``_x``, stands for the public ``x`` if there is one, else for the public
    functions of its module that call it, directly or through private ones.
    """
    source = (ROOT / path).read_text(encoding="utf-8")
    lines = source.splitlines()
    start = next(i for i, line in enumerate(lines) if f"--8<-- [start:{section}]" in line) + 1
    end = next(i for i, line in enumerate(lines) if f"--8<-- [end:{section}]" in line) + 1
    tree = ast.parse(source)
    public: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets
        ):
            public = set(ast.literal_eval(node.value))
    functions = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}
    calls = {
        name: {
            c.func.id
            for c in ast.walk(f)
            if isinstance(c, ast.Call) and isinstance(c.func, ast.Name)
        }
        for name, f in functions.items()
    }

    def stands_for(name: str, seen: frozenset[str]) -> set[str]:
        if name in public:
            return {name}
        if name.lstrip("_") in public:
            return {name.lstrip("_")}
        callers = {f for f, called in calls.items() if name in called and f not in seen}
        direct = callers & public
        if direct:
            return direct
        return set().union(*(stands_for(f, seen | {name}) for f in callers if f[0] == "_"))

    shown = [
        f for f, node in functions.items() if node.lineno <= end and (node.end_lineno or 0) >= start
    ]
    return set().union(*(stands_for(f, frozenset()) for f in shown))


def api_entries_shown(page: str) -> dict[str, str]:
    """The API entries of the public functions a narrative page shows: entry -> snippet."""
    entries = {}
    for uses_page, path, section in snippet_uses():
        package, module = Path(path).parts[:2]
        module = module.removesuffix(".py")
        if uses_page != page.replace(".html", ".md") or section is None:
            continue
        if package not in ("purenn", "npnn") or module in PLUMBING:
            continue
        for name in public_names_shown(path, section):
            entries[f"purenn.{module}.{name}"] = f"{path}:{section}"
    return entries


@pytest.mark.parametrize("page", NARRATIVE)
def test_narrative_pages_link_the_api_entries_of_the_code_they_show(site: Path, page: str) -> None:
    """Each public function a page shows (through its private body or itself) is linked."""
    html_text = (site / page).read_text(encoding="utf-8")
    linked = set(re.findall(r'href="api/[\w-]+\.html#([\w.]+)"', html_text))
    missing = {
        entry: snippet for entry, snippet in api_entries_shown(page).items() if entry not in linked
    }
    assert missing == {}


def test_api_pages_link_the_pages_that_teach_them(site: Path) -> None:
    """A chapter page links every narrative page that shows code of its modules."""
    ids = api_ids(site)
    missing = []
    for page in NARRATIVE:
        for entry in api_entries_shown(page):
            chapter = ids[entry.rsplit(".", 1)[0]]  # the page of the module's heading
            text = (site / chapter).read_text(encoding="utf-8")
            if f'href="../{page}' not in text:
                missing.append((chapter, page))
    assert sorted(set(missing)) == []


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
