"""The package's folders show the architecture, and imports point one way.

Layers, lowest first: the shared modules at the top of the package (errors, files, limits,
wording, progress, versioning), `pipeline` (the stages), `executor` (running them over a corpus), `ingest` and
`research` (converters in, summarization tools out), `release` (publishing and the release commands,
whose card uses `research`), `bench`, and the CLI on top. A module may import from its own layer and
the layers below it, never above; and no two modules import each other, directly or through others.
"""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "scripts" / "newsclusters"
SHARED = {"errors", "files", "limits", "wording", "progress", "versioning"}
LAYERS = {"shared": 0, "pipeline": 1, "executor": 2, "ingest": 3, "research": 3, "release": 4, "bench": 5, "cli": 6}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _layer(module: str) -> int:
    parts = module.split(".")
    if len(parts) == 1:
        return LAYERS["shared"]
    head = parts[1]
    if head in SHARED:
        return LAYERS["shared"]
    if head == "schema":
        return LAYERS["shared"]
    return LAYERS[head]


def _imports(path: Path) -> set[str]:
    """Every newsclusters module `path` imports, at the top or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("newsclusters") and not node.level:
            for alias in node.names:
                candidate = f"{node.module}.{alias.name}"
                found.add(candidate if (PACKAGE.parent / (candidate.replace(".", "/") + ".py")).exists()
                          or (PACKAGE.parent / candidate.replace(".", "/")).is_dir() else node.module)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("newsclusters")}
    return found


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}
GRAPH = {name: {m for m in _imports(path) if m in MODULES and m != name} for name, path in MODULES.items()}


def test_imports_are_absolute() -> None:
    """The layer check reads absolute imports: a relative one ('from ..executor import x') would slip past it."""
    relative = [f"{name}:{node.lineno}" for name, path in MODULES.items()
                for node in ast.walk(ast.parse(path.read_text("utf-8")))
                if isinstance(node, ast.ImportFrom) and node.level]
    assert not relative, f"relative imports: {relative}"


def test_every_module_is_in_a_layer() -> None:
    for name in MODULES:
        _layer(name)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_point_down(module: str) -> None:
    upward = [m for m in GRAPH[module] if _layer(m) > _layer(module)]
    assert not upward, f"{module} imports from a layer above it: {upward}"


def test_no_import_cycles() -> None:
    state: dict[str, int] = {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(GRAPH[node]):
            if nxt.startswith(node + ".") or node.startswith(nxt + "."):
                continue  # a package and its own modules
            if state.get(nxt) == 1:
                raise AssertionError("import cycle: " + " -> ".join(path[path.index(nxt):] + [nxt]))
            if nxt not in state:
                visit(nxt, path + [nxt])
        state[node] = 2

    for module in sorted(GRAPH):
        if module not in state:
            visit(module, [module])


def test_every_package_is_installed() -> None:
    # pyproject lists the packages one by one: a new folder missing there works from the checkout
    # and is missing from the wheel a user installs.
    pyproject = tomllib.loads((PACKAGE.parents[1] / "pyproject.toml").read_text("utf-8"))
    listed = set(pyproject["tool"]["setuptools"]["packages"])
    folders = {_module_name(init) for init in PACKAGE.rglob("__init__.py")}
    assert folders <= listed, sorted(folders - listed)
