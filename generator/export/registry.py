"""The one registry of export formats.

Adding a format means adding one ``Format`` here: the command line's ``--format`` choices,
the project page's download links and the tests all read ``FORMATS``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from generator.errors import UsageError
from generator.export.calendars import to_ics
from generator.export.data import to_json
from generator.export.documents import to_html, to_markdown
from generator.export.tabular import to_csv
from generator.render.pages import PageRenderer
from generator.render.projects import Download, project_folder
from generator.resolve.project import FilledProject

Writer = Callable[[FilledProject, PageRenderer], str]


@dataclass(frozen=True)
class Format(Download):
    """An export: its name on the command line, its download on the site, and its writer."""

    media_type: str
    writer: Writer

    def write(self, filled: FilledProject, renderer: PageRenderer) -> str:
        return self.writer(filled, renderer)


# In the order the project page offers them.
FORMATS: tuple[Format, ...] = (
    Format("csv", "CSV", "csv", "text/csv", lambda filled, _: to_csv(filled)),
    Format("json", "JSON", "json", "application/json", lambda filled, _: to_json(filled)),
    Format("ics", "Calendar (ICS)", "ics", "text/calendar", lambda filled, _: to_ics(filled)),
    Format("html", "Printable kickoff pack (HTML)", "html", "text/html", to_html),
    # A .md file in the docs folder would become a page, not a download.
    Format("md", "Markdown (.md.txt)", "md.txt", "text/markdown", to_markdown),
)
FORMAT_NAMES: tuple[str, ...] = tuple(fmt.name for fmt in FORMATS)
_BY_NAME = {fmt.name: fmt for fmt in FORMATS}


def format_named(name: str) -> Format:
    try:
        return _BY_NAME[name]
    except KeyError:
        raise UsageError(f"unknown format '{name}'; formats: {', '.join(FORMAT_NAMES)}") from None


def export(filled: FilledProject, name: str, renderer: PageRenderer) -> str:
    """The project's checklist in the format called ``name``."""
    return format_named(name).write(filled, renderer)


def download_paths(projects: tuple[FilledProject, ...]) -> list[str]:
    """Where each project's downloads go, in every format, as docs paths."""
    return [
        f"{project_folder(filled)}/{fmt.file_name(filled.project.slug)}"
        for filled in projects
        for fmt in FORMATS
    ]


def project_downloads(
    projects: tuple[FilledProject, ...], renderer: PageRenderer
) -> dict[str, str]:
    """Every project's downloads in every format, keyed by their docs path."""
    return {
        f"{project_folder(filled)}/{fmt.file_name(filled.project.slug)}": fmt.write(
            filled, renderer
        )
        for filled in projects
        for fmt in FORMATS
    }
