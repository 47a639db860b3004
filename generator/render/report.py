"""Render stage for status reports: each project's report page on the site (with its printable
HTML copy beside it), and the report as a document for `playbook report`.

The reports themselves are made later, in ``generator.projects.report`` (``StatusReport``);
this stage comes first, so it names only what it reads of one: ``Report``.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import Protocol

from generator.render.pages import PageRenderer
from generator.render.reuse import KeptPages
from generator.resolve.project import FilledProject

# `playbook report --format`: Markdown (an e-mail's text), or a standalone HTML page.
REPORT_FORMATS = ("md", "html")


class Report(Protocol):
    """A status report, as its templates read it (``generator.projects.report.StatusReport``)."""

    @property
    def filled(self) -> FilledProject: ...


def report_page(slug: str) -> str:
    """The report's page on the site, beside the project's page (``projects/<slug>/``)."""
    return f"projects/{slug}/report.md"


def report_download(slug: str) -> str:
    """The printable HTML copy of the report, offered on its page."""
    return f"projects/{slug}/{slug}-status-report.html"


def render_report(report: Report, renderer: PageRenderer, fmt: str) -> str:
    """The report as a document of its own: Markdown without site links, or standalone HTML."""
    if fmt == "html":
        return renderer.render_html("report.html.j2", report=report)
    return renderer.render(
        "report.md.j2", report_page(report.filled.project.slug), report=report, on_site=False
    )


def render_reports(
    reports: Iterable[Report], renderer: PageRenderer, kept: KeptPages | None = None
) -> dict[str, str]:
    """Each project's report page and its HTML copy, keyed by docs path. With ``kept`` (under
    `serve`), both are reused from the previous build while the project is unchanged (a
    report is made from its filled project alone)."""
    pages: dict[str, str] = {}
    for report in reports:
        slug = report.filled.project.slug
        page, download = report_page(slug), report_download(slug)
        renders = {
            page: partial(
                renderer.render,
                "report.md.j2",
                page,
                report=report,
                on_site=True,
                project_page=f"projects/{slug}/index.md",
                download=download,
            ),
            download: partial(renderer.render_html, "report.html.j2", report=report),
        }
        for path, render in renders.items():
            pages[path] = (
                render() if kept is None else kept.page(renderer, path, report.filled, render)
            )
    return pages
