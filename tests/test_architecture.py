"""The package's layout is its architecture: stages import only the stages before them, no
module imports itself through others, each package says what it owns, and the entry points
stay thin."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "generator"

# From the bottom up; a module may import its own layer and the layers below, never above.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("errors",),
    ("model",),
    ("load",),
    ("settings",),
    ("validate",),
    ("resolve",),
    ("render",),
    ("export",),
    ("publish",),
    ("projects",),
    ("pipeline",),
    ("cli", "options", "plugin"),
)
LAYER_OF = {name: rank for rank, names in enumerate(LAYERS) for name in names}
THIN = {"cli.py": 150, "plugin.py": 150}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def stage(module: str) -> str | None:
    """'generator.render.pages' -> 'render'; the package itself has no stage."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None


def imported(path: Path) -> Iterator[tuple[int, str]]:
    """Every generator module ``path`` imports, anywhere in it (also inside functions)."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "generator":
                for alias in node.names:
                    yield node.lineno, f"generator.{alias.name}"
            elif node.module.startswith("generator."):
                known = modules()
                for alias in node.names:
                    full = f"{node.module}.{alias.name}"
                    yield node.lineno, full if full in known else node.module
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("generator."):
                    yield node.lineno, alias.name


def test_every_module_belongs_to_a_stage() -> None:
    unplaced = [name for name in modules() if stage(name) not in LAYER_OF and stage(name)]
    assert unplaced == []


# The package's own __init__ has no stage, so no layer rule applies to it: it is left out.
@pytest.mark.parametrize("module", sorted(name for name in modules() if stage(name)))
def test_imports_flow_from_earlier_stages_only(module: str) -> None:
    own = LAYER_OF[stage(module) or ""]
    backwards = [
        f"line {line}: {target}"
        for line, target in imported(modules()[module])
        if (other := stage(target)) is not None and LAYER_OF[other] > own
    ]
    assert backwards == [], f"{module} imports a later stage"


def test_no_module_imports_itself_through_others() -> None:
    graph = {
        name: {target for _, target in imported(path) if target in modules() and target != name}
        for name, path in modules().items()
    }
    circles = []
    state: dict[str, str] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = "open"
        for following in sorted(graph[node]):
            if state.get(following) == "open":
                circles.append([*trail[trail.index(following) :], following])
            elif following not in state:
                visit(following, [*trail, following])
        state[node] = "done"

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert circles == []


@pytest.mark.parametrize("package", sorted(p.parent.name for p in PACKAGE.glob("*/__init__.py")))
def test_each_package_says_what_it_owns(package: str) -> None:
    docstring = ast.get_docstring(ast.parse((PACKAGE / package / "__init__.py").read_text()))
    assert docstring is not None and len(docstring.split()) >= 8


@pytest.mark.parametrize(("name", "limit"), sorted(THIN.items()))
def test_entry_points_stay_thin(name: str, limit: int) -> None:
    lines = len((PACKAGE / name).read_text(encoding="utf-8").splitlines())
    assert lines < limit, f"{name} has {lines} lines"


def test_the_layer_check_can_fail(tmp_path: Path) -> None:
    # A model module that imports the render stage is what the check above refuses.
    bad = tmp_path / "bad.py"
    bad.write_text("from generator.render.pages import PageRenderer\n")
    targets = [target for _, target in imported(bad)]
    assert targets == ["generator.render.pages"]
    assert LAYER_OF[stage(targets[0]) or ""] > LAYER_OF["model"]
