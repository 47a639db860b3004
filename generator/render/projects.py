"""Render stage for projects: each project's page and the portfolio."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from generator.render.pages import PageRenderer
from generator.resolve.project import FilledProject


@dataclass(frozen=True)
class Download:
    """A file offered on a project's page: ``name`` is its format, ``label`` the link text."""

    name: str
    label: str
    extension: str

    def file_name(self, slug: str) -> str:
        return f"{slug}-checklist.{self.extension}"


def project_folder(filled: FilledProject) -> str:
    return f"projects/{filled.project.slug}"


def render_projects(
    projects: tuple[FilledProject, ...], renderer: PageRenderer, downloads: Sequence[Download]
) -> dict[str, str]:
    """Each project's page (linking to its ``downloads``) and the portfolio page."""
    pages: dict[str, str] = {}
    for filled in projects:
        project_dir = project_folder(filled)
        names = {download.name: download.file_name(filled.project.slug) for download in downloads}
        pages[f"{project_dir}/index.md"] = renderer.render(
            "project.md.j2",
            f"{project_dir}/index.md",
            filled=filled,
            project_dir=project_dir,
            downloads=[(download.name, download.label) for download in downloads],
            download_names=names,
            playbook_page=f"playbooks/{filled.project.playbook.id}/index.md",
        )
    today = projects[0].today if projects else None
    ordered = sorted(
        projects, key=lambda filled: (filled.project.file.kickoff, filled.project.name.lower())
    )
    pages["projects/index.md"] = renderer.render(
        "portfolio.md.j2", "projects/index.md", projects=ordered, today=today
    )
    return pages
