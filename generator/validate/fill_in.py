"""Fill-in text (a scope section's Jinja template) checked before any project uses it: its
syntax, and that it names only the project, its facts and roles, and nothing internal."""

from __future__ import annotations

from collections.abc import Iterator

import jinja2
from jinja2 import nodes as jinja_nodes

from generator.errors import Problem
from generator.load.documents import Document, PathKey
from generator.model.artefacts import (
    ARTEFACT_VARIABLES,
    FACTS,
    LIST_VARIABLES,
    RECORD_LISTS,
    RECORD_VARIABLES,
    RECORDS,
    ROLES,
)

# Only parses (same syntax as rendering); running the text is the render stage's job.
_PARSER = jinja2.Environment(autoescape=True)


FILL_IN_VARIABLES = {"project", "facts", "roles", "playbook"}


_SINGULAR = {"facts": "fact", "roles": "role", "project": "project attribute"}


# Names Jinja itself provides inside templates.
JINJA_NAMES = {"loop", "range", "dict", "namespace", "cycler", "joiner", "lipsum"}


PROJECT_ATTRIBUTES = {"name", "slug", "kickoff", "playbook_version"}


def check_fill_in(
    template: str, fact_names: set[str], roles: set[str], document: Document, path: PathKey
) -> Iterator[Problem]:
    pos = document.position(path)
    try:
        tree = _PARSER.parse(template)
    except jinja2.TemplateSyntaxError as error:
        line = pos.line + (error.lineno or 1) - 1
        yield Problem(document.display, line, None, f"template syntax error: {error.message}")
        return
    for node in tree.find_all(jinja_nodes.Name):
        if (
            node.ctx == "load"
            and node.name not in FILL_IN_VARIABLES | JINJA_NAMES
            and not _is_local(tree, node.name)
        ):
            yield document.problem(
                path,
                f"template uses unknown variable '{node.name}'; use "
                + ", ".join(sorted(FILL_IN_VARIABLES)),
            )
    for getattr_node in tree.find_all(jinja_nodes.Getattr):
        attr = getattr_node.attr
        if attr.startswith("_"):
            yield document.problem(
                path, f"template may not access '{attr}': internal attributes are blocked"
            )
            return
        target = getattr_node.node
        if isinstance(target, jinja_nodes.Name):
            known = {"facts": fact_names, "roles": roles, "project": PROJECT_ATTRIBUTES}.get(
                target.name
            )
            if known is not None and attr not in known:
                yield document.problem(
                    path,
                    f"template uses unknown {_SINGULAR[target.name]} '{attr}'; known: "
                    + ", ".join(sorted(known)),
                )


def _is_local(tree: jinja_nodes.Template, name: str) -> bool:
    return any(node.name == name for node in tree.find_all(jinja_nodes.Name) if node.ctx == "store")


# --- Artefact templates ---------------------------------------------------------------------

# Names Jinja gives the body of a macro.
_MACRO_NAMES = frozenset({"caller", "varargs", "kwargs"})
# Filters that keep a list's records as they are: `tasks | selectattr("decision")` is tasks.
_LIST_FILTERS = frozenset({"selectattr", "rejectattr", "sort", "reverse", "list", "unique"})


def check_artefact(
    body: str, fact_names: set[str], roles: set[str], document: Document, path: PathKey
) -> Iterator[Problem]:
    """An artefact template's body: its syntax, and that every variable and attribute it
    names exists (``generator.model.artefacts``), each problem at its own line of the body.

    Attributes of loop variables are checked too (``{% for task in tasks %}`` makes ``task`` a
    task); whatever this cannot follow (a value built with ``set``) is checked when the body is
    first filled in, for its preview on the template's page.
    """
    start = document.position(path).line
    try:
        tree = _PARSER.parse(body)
    except jinja2.TemplateSyntaxError as error:
        line = start + (error.lineno or 1) - 1
        yield Problem(document.display, line, None, f"template syntax error: {error.message}")
        return

    def problem(node: jinja_nodes.Node, message: str) -> Problem:
        return Problem(document.display, start + node.lineno - 1, None, message)

    local = {
        node.name for node in tree.find_all(jinja_nodes.Name) if node.ctx in ("store", "param")
    }
    local |= {macro.name for macro in tree.find_all(jinja_nodes.Macro)}
    known = ARTEFACT_VARIABLES | JINJA_NAMES | _MACRO_NAMES
    # facts.items(), roles.get('pm'): a method of the mapping, not a fact or a role.
    called = {id(call.node) for call in tree.find_all(jinja_nodes.Call)}
    for node in tree.find_all(jinja_nodes.Name):
        if node.ctx == "load" and node.name not in known and node.name not in local:
            yield problem(
                node,
                f"template uses unknown variable '{node.name}'; use "
                + ", ".join(sorted(ARTEFACT_VARIABLES)),
            )
    loops = _loop_records(tree)
    keys = {FACTS: fact_names, ROLES: roles}
    for access in tree.find_all((jinja_nodes.Getattr, jinja_nodes.Getitem)):
        if isinstance(access, jinja_nodes.Getattr):
            name = access.attr
        elif (
            isinstance(access, jinja_nodes.Getitem)
            and isinstance(access.arg, jinja_nodes.Const)
            and isinstance(access.arg.value, str)
        ):
            name = access.arg.value
        else:
            continue
        if name.startswith("_"):
            yield problem(
                access, f"template may not access '{name}': internal attributes are blocked"
            )
            continue
        target = access.node
        if (
            isinstance(target, jinja_nodes.Name)
            and target.name in keys
            and target.name not in local
        ):
            if name not in keys[target.name] and id(access) not in called:
                what = "fact" if target.name == FACTS else "role"
                yield problem(
                    access,
                    f"template uses unknown {what} '{name}'; known: "
                    + ", ".join(sorted(keys[target.name])),
                )
            continue
        record = _record_of(target, loops, local)
        if record is not None and name not in RECORDS[record]:
            yield problem(
                access,
                f"template uses unknown attribute '{name}' of {_article(record)}; known: "
                + ", ".join(sorted(RECORDS[record])),
            )


def _article(record: str) -> str:
    return f"the {record}" if record in RECORD_VARIABLES else f"a {record}"


def _loop_records(tree: jinja_nodes.Template) -> dict[str, str]:
    """Loop variables bound to records of one type: ``{% for task in tasks %}`` -> task, also
    through a list kept with ``set`` (``{% set late = tasks | selectattr(...) | list %}``).

    A name that loops over records of two types, or over a list of unknown records, or is
    also set otherwise, is left out.
    """
    found: dict[str, set[str | None]] = {}
    lists: dict[str, str | None] = {}
    for node in tree.find_all((jinja_nodes.For, jinja_nodes.Assign)):
        if isinstance(node, jinja_nodes.Assign):
            for name in node.target.find_all(jinja_nodes.Name):
                found.setdefault(name.name, set()).add(None)
            if isinstance(node.target, jinja_nodes.Name):
                lists[node.target.name] = _list_of(node.node, found, lists)
        elif isinstance(node, jinja_nodes.For) and isinstance(node.target, jinja_nodes.Name):
            found.setdefault(node.target.name, set()).add(_list_of(node.iter, found, lists))
    return {
        name: kind
        for name, types in found.items()
        if len(types) == 1 and (kind := next(iter(types))) is not None
    }


def _list_of(
    node: jinja_nodes.Node, loops: dict[str, set[str | None]], lists: dict[str, str | None]
) -> str | None:
    """The record type of a list of records, or None when not known."""
    if isinstance(node, jinja_nodes.Name):
        return LIST_VARIABLES.get(node.name) or lists.get(node.name)
    if isinstance(node, jinja_nodes.Filter) and node.name in _LIST_FILTERS and node.node:
        return _list_of(node.node, loops, lists)
    if isinstance(node, jinja_nodes.Getitem) and isinstance(node.arg, jinja_nodes.Slice):
        return _list_of(node.node, loops, lists)
    if isinstance(node, jinja_nodes.Getattr) and isinstance(node.node, jinja_nodes.Name):
        types = loops.get(node.node.name, set())
        owner = next(iter(types)) if len(types) == 1 else None
        return RECORD_LISTS.get((owner, node.attr)) if owner else None
    return None


def _record_of(node: jinja_nodes.Node, loops: dict[str, str], local: set[str]) -> str | None:
    """The record type of a value, when it is a record variable or a loop's record."""
    if isinstance(node, jinja_nodes.Name):
        if node.name in loops:
            return loops[node.name]
        if node.name not in local:
            return RECORD_VARIABLES.get(node.name)
    return None
