"""Fill-in text run for one project: each scope section's template, in the bounded sandbox."""

from __future__ import annotations

import dataclasses

from markupsafe import Markup

from generator.errors import ContentError
from generator.render.environment import compiled_fill_in
from generator.resolve.project import FilledProject, FilledScope, fill_in_context


def with_fill_in_text(filled: FilledProject) -> FilledProject:
    """The project with the text of every scope section filled in for it."""
    if not any(section.template for section in filled.scope):
        return filled
    context = fill_in_context(filled.project)
    scope = tuple(_filled(section, filled, context) for section in filled.scope)
    return dataclasses.replace(filled, scope=scope)


def _filled(section: FilledScope, filled: FilledProject, context: dict[str, object]) -> FilledScope:
    if not section.template:
        return section
    try:
        text = Markup(compiled_fill_in(section.template).render(context))
    except Exception as error:  # author-written template: report where it is, never crash
        project = filled.project
        origin = project.playbook.origins[section.id]
        raise ContentError(
            [
                origin.problem(
                    f"fill-in text of '{section.id}' failed for project '{project.name}': {error}"
                )
            ]
        ) from None
    return dataclasses.replace(section, text=text)
