"""The browser workbench (``generator/workbench/*.js``) as one classic script for the site.

The site must work when opened from files (``playbook build --offline``), where browsers do
not load module scripts. So the modules are joined into one plain script at build time:
in dependency order, their ``import { a, b } from "./x.js";`` lines removed and their
``export`` keywords dropped, inside one strict function. Every exported name is also put on
``globalThis.PlaybookWorkbench``.

The modules share that one scope, so the JavaScript stays simple, and anything this join
could get wrong is refused rather than bundled: another import form (default, namespace,
renamed, dynamic, from outside the folder), an export other than ``export function``,
``export class`` or ``export const``/``let``, an import of a name its module does not
export, an import circle, and a name declared at the top level of two modules.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

# Where the script is published in the site (and written in the `render --out` tree).
from generator.render.pages import WORKBENCH_SCRIPT as WORKBENCH_SCRIPT

WORKBENCH_DIR = Path(__file__).resolve().parents[1] / "workbench"
GLOBAL_NAME = "PlaybookWorkbench"

_NAME = r"[A-Za-z_$][A-Za-z0-9_$]*"
_IMPORT = re.compile(
    r"import\s*\{(?P<names>[^{}]*)\}\s*from\s*(?P<quote>['\"])\./(?P<module>[A-Za-z0-9_.-]+\.js)"
    r"(?P=quote)\s*;"
)
_DECLARATION = re.compile(
    rf"(?P<export>export\s+)?(?:async\s+function\s*\*?|function\s*\*?|class|const|let|var)\s+"
    rf"(?P<name>{_NAME})"
)
_DESTRUCTURING = re.compile(r"(?P<export>export\s+)?(?:const|let|var)\s*[\[{]")
_WORD = re.compile(_NAME)


class BundleError(ValueError):
    """A workbench module written in a form the bundle does not join safely."""


@dataclass(frozen=True)
class Module:
    """One module, read: what it imports (module -> names), exports and declares."""

    name: str
    body: str  # the text with its imports removed and ``export`` keywords dropped
    imports: dict[str, tuple[str, ...]]
    exports: tuple[str, ...]
    declared: tuple[str, ...]  # every top-level name, exported or not


def read_module(name: str, text: str) -> Module:
    """Split one module into its imports and its code; BundleError for what is not supported.

    Statements are recognised at the start of a line (the code is formatted: a top-level
    statement starts at column 0); block comments are skipped.
    """
    lines = text.replace("\r\n", "\n").split("\n")
    body: list[str] = []
    imports: dict[str, tuple[str, ...]] = {}
    exports: list[str] = []
    declared: list[str] = []
    in_comment = False
    index = 0
    while index < len(lines):
        line = lines[index]
        number = index + 1
        index += 1
        if in_comment:
            body.append(line)
            in_comment = "*/" not in line
            continue
        if line.startswith("/*"):
            body.append(line)
            in_comment = "*/" not in line[2:]
            continue
        if re.match(r"import\b", line):
            statement = line
            while not statement.rstrip().endswith(";") and index < len(lines):
                statement += "\n" + lines[index]
                index += 1
            module, names = _read_import(name, number, statement)
            if module in imports:
                raise BundleError(f"{name}:{number}: imports from ./{module} twice")
            imports[module] = names
            continue
        if re.match(r"export\b", line):
            match = _DECLARATION.match(line)
            if match is None or _DESTRUCTURING.match(line):
                raise BundleError(
                    f"{name}:{number}: unsupported export (only 'export function', "
                    f"'export class' and 'export const/let NAME'): {line.strip()}"
                )
            exports.append(match["name"])
            line = line[len(match["export"]) :]
        if re.search(r"\bimport\s*\(|\bimport\.meta\b", line) and not _is_comment(line):
            raise BundleError(f"{name}:{number}: dynamic import or import.meta is not supported")
        declaration = _DECLARATION.match(line)
        if declaration is not None:
            declared.append(declaration["name"])
        elif _DESTRUCTURING.match(line):
            raise BundleError(
                f"{name}:{number}: destructuring at the top level is not supported: {line.strip()}"
            )
        body.append(line)
    return Module(name, "\n".join(body), imports, tuple(exports), tuple(declared))


def _is_comment(line: str) -> bool:
    stripped = line.lstrip()
    return stripped.startswith(("//", "*", "/*"))


def _read_import(name: str, number: int, statement: str) -> tuple[str, tuple[str, ...]]:
    match = _IMPORT.fullmatch(statement.strip())
    if match is None:
        shown = " ".join(statement.split())
        raise BundleError(
            f"{name}:{number}: unsupported import (only "
            f"'import {{ a, b }} from \"./x.js\";'): {shown}"
        )
    names = [part.strip() for part in match["names"].split(",")]
    if names and names[-1] == "":
        names.pop()  # a trailing comma
    if not names or not all(_WORD.fullmatch(part) for part in names):
        raise BundleError(
            f"{name}:{number}: unsupported import list {{{match['names'].strip()}}} "
            "(plain names only, no 'as')"
        )
    return match["module"], tuple(names)


def bundle(sources: Mapping[str, str]) -> str:
    """The modules (file name -> text) as one classic script, the same bytes every time."""
    modules = {name: read_module(name, text) for name, text in sorted(sources.items())}
    owners: dict[str, str] = {}
    for module in modules.values():
        for declared in module.declared:
            if declared in owners:
                raise BundleError(
                    f"'{declared}' is declared at the top level of both {owners[declared]} "
                    f"and {module.name}; rename one (the bundle puts them in one scope)"
                )
            owners[declared] = module.name
        for target, names in module.imports.items():
            if target not in modules:
                raise BundleError(f"{module.name} imports ./{target}, which is not a module here")
            missing = [n for n in names if n not in modules[target].exports]
            if missing:
                raise BundleError(
                    f"{module.name} imports {', '.join(missing)} from ./{target}, "
                    "which does not export it"
                )
    order = _dependency_order(modules)
    exported = [name for module in order for name in modules[module].exports]
    parts = [
        "// The Playbook workbench: generator/workbench/*.js joined into one classic script by\n"
        "// generator/publish/bundle.py (module scripts do not load from file://). Do not edit.\n"
        "(function () {\n"
        '"use strict";\n'
    ]
    for name in order:
        parts.append(f"// ---- {name} ----\n{modules[name].body.strip()}\n")
    parts.append(
        f"globalThis.{GLOBAL_NAME} = Object.freeze({{\n"
        + "".join(f"  {name},\n" for name in exported)
        + "});\n})();\n"
    )
    return "".join(parts)


def _dependency_order(modules: Mapping[str, Module]) -> list[str]:
    """Each module after the modules it imports; ties in file-name order."""
    order: list[str] = []
    state: dict[str, str] = {}

    def visit(name: str, trail: tuple[str, ...]) -> None:
        if state.get(name) == "done":
            return
        if state.get(name) == "open":
            circle = " -> ".join((*trail[trail.index(name) :], name))
            raise BundleError(f"import circle: {circle}")
        state[name] = "open"
        for target in sorted(modules[name].imports):
            visit(target, (*trail, name))
        state[name] = "done"
        order.append(name)

    for name in sorted(modules):
        visit(name, ())
    return order


def workbench_bundle(folder: Path = WORKBENCH_DIR) -> str:
    """The workbench script from the modules in ``folder``."""
    sources = {path.name: path.read_text(encoding="utf-8") for path in folder.glob("*.js")}
    if not sources:
        raise BundleError(f"no workbench modules in {folder}")
    return bundle(sources)
