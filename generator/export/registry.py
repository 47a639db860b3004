"""The one registry of export formats.

Adding a format means adding one ``Format`` here: the command line's ``--format`` choices,
the project page's download links and the tests all read ``FORMATS``.

A format is text (UTF-8) or binary: a text format's writer returns ``str``, a binary one's
(``binary=True``) returns ``bytes``. ``Format.write_bytes`` gives either as the file's bytes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from generator.errors import UsageError
from generator.export.artefacts import artefact_downloads, artefact_paths
from generator.export.calendars import to_ics, to_ics_todo
from generator.export.data import to_json
from generator.export.documents import to_html, to_markdown
from generator.export.tabular import to_csv
from generator.export.trackers import to_jira_csv
from generator.model.messages import N_
from generator.render.i18n import translations_for
from generator.render.pages import PageRenderer
from generator.render.projects import Download, project_folder
from generator.resolve.project import FilledProject

Content = str | bytes
Writer = Callable[[FilledProject, PageRenderer], Content]


@dataclass(frozen=True)
class Format(Download):
    """An export: its name on the command line, its download on the site, and its writer."""

    media_type: str
    writer: Writer
    binary: bool = False

    def write(self, filled: FilledProject, renderer: PageRenderer) -> Content:
        """The file: ``str`` for a text format, ``bytes`` for a binary one."""
        content = self.writer(filled, renderer)
        if isinstance(content, bytes) != self.binary:
            raise TypeError(f"the writer of '{self.name}' returned {type(content).__name__}")
        return content

    def write_bytes(self, filled: FilledProject, renderer: PageRenderer) -> bytes:
        content = self.write(filled, renderer)
        return content if isinstance(content, bytes) else content.encode("utf-8")


def _xlsx(filled: FilledProject, renderer: PageRenderer) -> bytes:
    # Imported when asked for: a command that writes no workbook need not load XlsxWriter.
    from generator.export.sheets import to_xlsx

    return to_xlsx(filled, translations_for(renderer.language))


# In the order the project page offers them; their labels are translated where it shows them.
FORMATS: tuple[Format, ...] = (
    Format("csv", "CSV", "csv", "text/csv", lambda filled, _: to_csv(filled)),
    Format(
        "jira-csv", N_("Jira import (CSV)"), "jira.csv", "text/csv", lambda f, _: to_jira_csv(f)
    ),
    Format(
        "xlsx",
        N_("Excel workbook (XLSX)"),
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _xlsx,
        binary=True,
    ),
    Format("json", "JSON", "json", "application/json", lambda filled, _: to_json(filled)),
    Format(
        "ics",
        N_("Calendar events (ICS)"),
        "ics",
        "text/calendar",
        lambda f, renderer: to_ics(f, translations_for(renderer.language)),
    ),
    Format(
        "ics-todo",
        N_("Calendar to-dos (ICS)"),
        "todo.ics",
        "text/calendar",
        lambda f, renderer: to_ics_todo(f, translations_for(renderer.language)),
    ),
    Format("html", N_("Printable kickoff pack (HTML)"), "html", "text/html", to_html),
    # A .md file in the docs folder would become a page, not a download.
    Format("md", N_("Markdown (.md.txt)"), "md.txt", "text/markdown", to_markdown),
)
FORMAT_NAMES: tuple[str, ...] = tuple(fmt.name for fmt in FORMATS)
BINARY_FORMAT_NAMES: tuple[str, ...] = tuple(fmt.name for fmt in FORMATS if fmt.binary)
_BY_NAME = {fmt.name: fmt for fmt in FORMATS}


def format_named(name: str) -> Format:
    try:
        return _BY_NAME[name]
    except KeyError:
        raise UsageError(f"unknown format '{name}'; formats: {', '.join(FORMAT_NAMES)}") from None


def export(filled: FilledProject, name: str, renderer: PageRenderer) -> Content:
    """The project's checklist in the format called ``name``: text, or bytes for a binary
    format (``BINARY_FORMAT_NAMES``)."""
    return format_named(name).write(filled, renderer)


def export_bytes(filled: FilledProject, name: str, renderer: PageRenderer) -> bytes:
    """The project's checklist in the format called ``name``, as the file's bytes."""
    return format_named(name).write_bytes(filled, renderer)


def download_paths(projects: tuple[FilledProject, ...]) -> list[str]:
    """Where each project's downloads go, in every format, as docs paths; then its filled-in
    artefact templates (``generator.export.artefacts``)."""
    return [
        f"{project_folder(filled)}/{fmt.file_name(filled.project.slug)}"
        for filled in projects
        for fmt in FORMATS
    ] + artefact_paths(projects)


def project_downloads(
    projects: tuple[FilledProject, ...], renderer: PageRenderer
) -> dict[str, Content]:
    """Every project's downloads in every format, keyed by their docs path: text for a text
    format, bytes for a binary one; then its filled-in artefact templates."""
    return {
        f"{project_folder(filled)}/{fmt.file_name(filled.project.slug)}": fmt.write(
            filled, renderer
        )
        for filled in projects
        for fmt in FORMATS
    } | artefact_downloads(projects, renderer)
