"""A project's checklist as documents people read: Markdown, and the printable HTML pack."""

from __future__ import annotations

from generator.render.pages import PageRenderer
from generator.resolve.project import FilledProject


def to_markdown(filled: FilledProject, renderer: PageRenderer) -> str:
    return renderer.render("checklist.md.j2", "checklist.md", filled=filled)


def to_html(filled: FilledProject, renderer: PageRenderer) -> str:
    return renderer.render_html("kickoff-pack.html.j2", filled=filled)
