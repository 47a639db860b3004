"""Fill-in text (a scope section's Jinja template) checked before any project uses it: its
syntax, and that it names only the project, its facts and roles, and nothing internal."""

from __future__ import annotations

from collections.abc import Iterator

import jinja2
from jinja2 import nodes as jinja_nodes

from generator.errors import Problem
from generator.load.documents import Document, PathKey

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
