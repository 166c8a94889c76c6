"""The API reference, one page a chapter: purenn's entries in full, npnn's by what differs.

A page of ``docs/api/`` holds a line ``<!-- reference: CHAPTER -->``, which
this hook replaces with the chapter's entries (see ``CHAPTERS``). For each
module of the chapter: purenn's module docstring; then, for each name of its
``__all__``, purenn's entry (mkdocstrings: signature, docstring, source),
followed by npnn's twin of it: its heading and signature (the array types),
then only what its docstring says that purenn's does not (the ``exact``
argument, numpy's order of addition, the array types), and a link to
purenn's entry for the rest. An npnn name that is purenn's own object (the
errors, the column names) says so. The docstrings are compared section by
section, paragraph by paragraph, argument by argument, when the site is
built, so the list of differences follows the code.

The build fails if a public name of either package is in no chapter, or if
a module's ``__all__`` differs between the two packages.

On the API pages, the docstrings' Sphinx roles (``:func:`relu```) become
links (``on_page_content``).
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from typing import Any

from mkdocs.exceptions import PluginError

CHAPTERS: dict[str, tuple[str, ...]] = {
    "matrix": ("matrix",),
    "random": ("random",),
    "data": ("data",),
    "network": ("network",),
    "dropconnect": ("dropconnect",),
    "train": ("train",),
    "activations": ("activations",),
    "losses": ("losses",),
    "init": ("init",),
    "layers": ("layers",),
    "optim": ("optim",),
    "mlp": ("mlp", "moons"),
    "baseline": ("baseline",),
    "evaluation": ("evaluate", "tune"),
    "checkpoints": ("checkpoint",),
    "errors": ("errors",),
}
"""Each page of ``docs/api/`` (by its file's stem) and its modules, in reading order."""

PLUMBING = {"cli", "support", "parity"}
"""Modules that are in no chapter: the command line, shared plumbing, npnn's parity report."""

_MARKER = re.compile(r"^<!-- reference: (?P<chapter>[a-z-]+) -->[ \t]*$", re.M)

_TWIN_OPTIONS = [
    "heading_level: 4",  # under purenn's entry, in the page and in its table of contents
    'toc_label: "npnn"',
    "show_source: false",
    "members: false",
    *(
        f"show_docstring_{section}: false"
        for section in (
            "description",
            "parameters",
            "other_parameters",
            "returns",
            "yields",
            "receives",
            "raises",
            "warns",
            "examples",
            "attributes",
            "functions",
            "classes",
            "modules",
        )
    ),
]
"""npnn's entry: heading and signature only; its docstring is compared with purenn's instead."""

_LABELS = {
    "parameters": "argument",
    "other_parameters": "argument",
    "returns": "returns",
    "yields": "yields",
    "raises": "raises",
    "warns": "warns",
    "attributes": "attribute",
}


def _fail(message: str) -> PluginError:
    return PluginError(f"reference: {message}")


def _exports(module: str) -> list[str]:
    names: list[str] = list(getattr(importlib.import_module(module), "__all__", []))
    return names


class _Loaded:
    """Both packages as griffe reads them (with their docstrings), once a build."""

    packages: tuple[Any, Any] | None = None


_loaded = _Loaded()


def _packages() -> tuple[Any, Any]:
    if _loaded.packages is None:
        import griffe

        loader = griffe.GriffeLoader(docstring_parser=griffe.Parser.google)
        pure, twin = loader.load("purenn"), loader.load("npnn")
        loader.resolve_aliases(external=False)
        _loaded.packages = (pure, twin)
    return _loaded.packages


def _words(text: str) -> str:
    return " ".join(text.split())


def _parts(obj: Any) -> dict[tuple[str, str], str]:
    """A docstring cut into comparable parts: (kind, key) -> text."""
    parts: dict[tuple[str, str], str] = {}
    if obj.docstring is None:
        return parts
    for section in obj.docstring.parsed:
        kind = section.kind.value
        if kind == "text":
            for paragraph in re.split(r"\n\s*\n", section.value):
                if paragraph.strip():
                    parts[(kind, _words(paragraph))] = _words(paragraph)
        elif kind == "admonition":
            parts[(kind, section.title or "")] = _words(section.value.description)
        elif isinstance(section.value, list):
            for i, item in enumerate(section.value):
                if kind == "examples":
                    parts[(kind, str(i))] = _words(str(item[1]))
                    continue
                key = getattr(item, "name", "") or str(getattr(item, "annotation", "") or i)
                parts[(kind, key)] = _words(item.description)
    return parts


def _item(kind: str, key: str, text: str) -> str:
    if kind == "text":
        return text
    label = _LABELS.get(kind, kind.replace("_", " "))
    if kind in ("parameters", "other_parameters", "attributes", "raises", "warns"):
        return f"{label.capitalize()} `{key}`: {text}"
    return f"{label.capitalize()}: {text}"


_SHORT_ROLE = re.compile(r":(?P<role>func|class|data|exc|obj):`(?P<name>\w+)`")


def _differences(pure: Any, twin: Any, module: str) -> str:
    """npnn's entry below its signature: what its docstring adds, and a link to purenn's.

    A role that names a function of the same module by its short name is
    made npnn's (``:func:`forward``` in ``npnn.network`` is npnn's forward).
    """
    pure_id = f"purenn.{module}.{pure.name}"
    link = f"[`{pure_id}`][{pure_id}]"
    exported = set(_exports(f"npnn.{module}"))

    def npnn_role(m: re.Match[str]) -> str:
        if m["name"] not in exported:
            return m[0]
        return f":{m['role']}:`~npnn.{module}.{m['name']}`"

    if twin.is_alias and twin.target_path == (pure.target_path if pure.is_alias else pure.path):
        return f"purenn's own object, re-exported: see {link}."
    if twin.docstring is None:
        raise _fail(f"{twin.path} has no docstring")
    ours, theirs = _parts(pure), _parts(twin)
    items = [
        _SHORT_ROLE.sub(npnn_role, _item(*key, text))
        for key, text in theirs.items()
        if ours.get(key) != text
    ]
    if not items:
        return f"The same docstring as {link}; the signature above gives npnn's types."
    return "\n\n".join([f"As {link}, except:", "\n".join(f"- {item}" for item in items)])


def _directive(identifier: str, options: list[str]) -> list[str]:
    return [f"::: {identifier}", "    options:", *(f"      {o}" for o in options), ""]


def _chapter(chapter: str) -> str:
    """The entries of one chapter page."""
    if chapter not in CHAPTERS:
        raise _fail(f"no chapter {chapter!r}; the chapters are {list(CHAPTERS)}")
    pure, twin = _packages()
    lines: list[str] = []
    for module in CHAPTERS[chapter]:
        names = _exports(f"purenn.{module}")
        if _exports(f"npnn.{module}") != names:
            raise _fail(f"purenn.{module} and npnn.{module} export different names")
        lines += _directive(f"purenn.{module}", ["members: false"])
        for name in names:
            lines += _directive(f"purenn.{module}.{name}", ["heading_level: 3"])
            lines += _directive(f"npnn.{module}.{name}", _TWIN_OPTIONS)
            lines += [_differences(pure[f"{module}.{name}"], twin[f"{module}.{name}"], module), ""]
    return "\n".join(lines)


def documented() -> dict[str, str]:
    """Every name of the chapters' modules, with the identifier of purenn's entry."""
    entries: dict[str, str] = {}
    for modules in CHAPTERS.values():
        for module in modules:
            for name in _exports(f"purenn.{module}"):
                entries.setdefault(name, f"purenn.{module}.{name}")
    return entries


def _check_coverage() -> None:
    """Every public name and module of both packages is in a chapter."""
    chaptered = {m for modules in CHAPTERS.values() for m in modules}
    for package in ("purenn", "npnn"):
        found = importlib.import_module(package)
        modules = {m.name for m in pkgutil.iter_modules(found.__path__) if m.name[0] != "_"}
        missing = sorted(modules - chaptered - PLUMBING)
        if missing:
            raise _fail(f"{package}'s modules {missing} are in no chapter of CHAPTERS")
        names = set().union(*(_exports(f"{package}.{m}") for m in chaptered))
        unlisted = sorted(set(_exports(package)) - names)
        if unlisted:
            raise _fail(f"{package} exports {unlisted}, which no chapter's module lists")


def on_config(config: Any) -> None:
    _loaded.packages = None  # `mkdocs serve`: read the code as it is now


def on_page_markdown(markdown: str, *, page: Any, config: Any, files: Any) -> str:
    if not _MARKER.search(markdown):
        return markdown
    _check_coverage()
    return _MARKER.sub(lambda m: _chapter(m["chapter"]), markdown)


_ROLE = re.compile(
    r":(?:func|class|mod|meth|attr|data|exc|obj):<code>(?P<tilde>~?)(?P<name>[\w.]+)</code>"
)


def on_page_content(html: str, *, page: Any, config: Any, files: Any) -> str:
    """On the API pages, turn the docstrings' Sphinx roles into links.

    The docstrings say ``:func:`relu``` (read as plain text by mkdocstrings).
    A dotted name is linked as it is; a short name to the object of that name
    documented on the same page, else to purenn's entry of that name on
    another chapter page. What cannot be found stays plain code.
    """
    if not page.file.src_uri.startswith("api/"):
        return html
    ids = re.findall(r'id="([\w.]+)"', html)
    elsewhere = documented()

    def link(m: re.Match[str]) -> str:
        name = m["name"]
        shown = name.rsplit(".", 1)[-1] if m["tilde"] else name
        if "." in name:
            target = name
        else:
            found = [i for i in ids if i.endswith("." + name)]
            if not found and name in elsewhere:
                found = [elsewhere[name]]
            if not found:
                return f"<code>{shown}</code>"
            target = found[0]
        return f'<autoref identifier="{target}" optional><code>{shown}</code></autoref>'

    return _ROLE.sub(link, html)
