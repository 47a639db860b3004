"""A project's artefact templates filled in, as files: each document in Markdown and as a Word
document (DOCX), and one standalone HTML page with them all, to read and print.

Each document is filled in once (``generator.render.artefacts``), written as Markdown from
``template-document.md.j2``, converted to HTML once, and that HTML goes both into the page and
into the Word document (``generator.export.docx``), so the three always agree.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from markupsafe import Markup

from generator.errors import ContentError, Problem
from generator.export.docx import html_to_docx
from generator.render.artefacts import (
    Artefact,
    artefact_docx_file,
    artefact_html,
    artefact_markdown_file,
    artefacts_page,
    project_artefacts,
)
from generator.render.pages import PageRenderer
from generator.resolve.project import FilledProject

ARTEFACT_FORMATS = ("md", "docx", "html")


@dataclass(frozen=True)
class Document:
    """A filled-in template as every format shows it."""

    artefact: Artefact
    markdown: str  # the whole document: title, body and the line saying where it comes from
    html: Markup  # the same, its headings one level down (under the page's title)


def documents(
    filled: FilledProject, renderer: PageRenderer, artefacts: Iterable[Artefact]
) -> tuple[Document, ...]:
    found = []
    for artefact in artefacts:
        path = artefact_markdown_file(filled.project.slug, artefact.id)
        markdown = renderer.render(
            "template-document.md.j2",
            path,
            artefact=artefact,
            project=filled.project,
            today=filled.today,
        )
        found.append(Document(artefact, markdown, artefact_html(markdown)))
    return tuple(found)


def html_page(filled: FilledProject, renderer: PageRenderer, shown: Iterable[Document]) -> str:
    """The standalone page of ``shown``: every document of the project, or one."""
    shown = tuple(shown)
    name = filled.project.name
    # Several documents: the page's title is the template's ("<project>: templates").
    title = f"{shown[0].artefact.title}: {name}" if len(shown) == 1 else None
    return renderer.render_html(
        "templates.html.j2",
        title=title,
        documents=shown,
        project=filled.project,
        today=filled.today,
    )


def docx_of(filled: FilledProject, document: Document) -> bytes:
    """The document as a Word file: its title in the Title style, ``##`` as Heading 1."""
    title = f"{document.artefact.title}: {filled.project.name}"
    return html_to_docx(document.html, title=title, as_of=filled.today, title_level=2)


def artefact_paths(projects: Iterable[FilledProject]) -> list[str]:
    """Where each project's documents go, as docs paths (known without filling them in)."""
    paths = []
    for filled in projects:
        slug = filled.project.slug
        if filled.templates:
            paths.append(artefacts_page(slug))
        for template in filled.templates:
            paths.append(artefact_markdown_file(slug, template.id))
            paths.append(artefact_docx_file(slug, template.id))
    return paths


def artefact_downloads(
    projects: Iterable[FilledProject], renderer: PageRenderer
) -> dict[str, str | bytes]:
    """Every project's documents, keyed by docs path; one ContentError lists the templates
    that failed for any project.

    With a renderer that collects problems (`playbook validate`), the documents are filled
    in, which finds every problem, but not written: converting them to HTML and Word would
    only cost time (about a tenth of a second per project).
    """
    files: dict[str, str | bytes] = {}
    problems: list[Problem] = []
    for filled in projects:
        try:
            artefacts = project_artefacts(filled)
        except ContentError as error:
            problems.extend(error.problems)
            continue
        if not artefacts or renderer.collect:
            continue
        slug = filled.project.slug
        filled_in = documents(filled, renderer, artefacts)
        files[artefacts_page(slug)] = html_page(filled, renderer, filled_in)
        for document in filled_in:
            files[artefact_markdown_file(slug, document.artefact.id)] = document.markdown
            files[artefact_docx_file(slug, document.artefact.id)] = docx_of(filled, document)
    if problems:
        raise ContentError(problems)
    return files
