"""purenn needs nothing but the standard library (matplotlib only for the optional plot)."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import purenn

PACKAGE_DIR = Path(purenn.__file__).parent
PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"

NO_NUMPY = """
import sys
sys.modules["numpy"] = None  # any "import numpy" now raises ImportError
import purenn
from purenn.cli import main

X, t = purenn.load_housing()
X0 = purenn.apply_scale(X, purenn.fit_scale(X))
result = purenn.train(X0, t, n_iter=3)
assert len(result.errors) == 3
assert main(["train", "--n-iter", "2", "-q"]) == 0
loaded = sorted(
    name
    for name, module in sys.modules.items()
    if module is not None and name.split(".")[0] in {"numpy", "matplotlib"}
)
print("loaded:", loaded)
print("trained:", result.errors[-1])
"""


def test_purenn_runs_with_numpy_unimportable() -> None:
    """Import, load, scale, train and the command line all work when numpy cannot be imported."""
    done = subprocess.run(
        [sys.executable, "-c", NO_NUMPY], capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "loaded: []" in done.stdout
    assert "trained: " in done.stdout


def _plot_extra() -> set[str]:
    """The top-level modules of the packages in the ``plot`` extra of pyproject.toml."""
    with PYPROJECT.open("rb") as f:
        extras = tomllib.load(f)["project"]["optional-dependencies"]
    names = {
        re.split(r"[\s<>=!~\[;]", requirement, maxsplit=1)[0] for requirement in extras["plot"]
    }
    return {name.lower().replace("-", "_") for name in names}


def _guarded_by_import_error(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    """The import sits inside a ``try`` whose handlers catch ImportError."""
    while node in parents:
        node = parents[node]
        if isinstance(node, ast.Try):
            for handler in node.handlers:
                caught = handler.type
                names = caught.elts if isinstance(caught, ast.Tuple) else [caught]
                if any(
                    isinstance(n, ast.Name) and n.id in {"ImportError", "ModuleNotFoundError"}
                    for n in names
                ):
                    return True
    return False


def _imports(path: Path) -> list[tuple[str, int, bool]]:
    """Every absolute import of a module file: (top-level name, line, guarded)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        guarded = _guarded_by_import_error(node, parents)
        found += [(name.split(".")[0], node.lineno, guarded) for name in names]
    return sorted(found, key=lambda item: item[1])


def test_purenn_imports_only_the_standard_library() -> None:
    """Every import in purenn/ is the standard library or purenn itself.

    The one exception is the plot extra (matplotlib), and only inside a
    ``try`` that turns its absence into a message.
    """
    files = sorted(PACKAGE_DIR.rglob("*.py"))
    assert len(files) >= 8  # the walk found the package
    allowed_optional = _plot_extra()
    assert allowed_optional == {"matplotlib"}
    offending = []
    for path in files:
        for name, line, guarded in _imports(path):
            if name in sys.stdlib_module_names or name == "purenn":
                continue
            if name in allowed_optional and guarded:
                continue
            offending.append(f"purenn/{path.relative_to(PACKAGE_DIR)}:{line}: {name}")
    assert offending == []


def test_the_check_finds_a_third_party_import(tmp_path: Path) -> None:
    """The static check is not blind: it reports numpy, and an unguarded matplotlib."""
    module = tmp_path / "sample.py"
    module.write_text(
        "import os\n"
        "import numpy as np\n"
        "try:\n"
        "    import matplotlib\n"
        "except ImportError:\n"
        "    pass\n"
        "from matplotlib import pyplot\n",
        encoding="utf-8",
    )
    assert _imports(module) == [
        ("os", 1, False),
        ("numpy", 2, False),
        ("matplotlib", 4, True),
        ("matplotlib", 7, False),
    ]
