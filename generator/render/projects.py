"""Render stage for projects: each project's page and the portfolio."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

from generator.render.pages import PageRenderer, workbench_src
from generator.render.workbench import as_script_json, project_page_data
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
        path = f"{project_dir}/index.md"
        pages[path] = renderer.render(
            "project.md.j2",
            path,
            filled=filled,
            project_dir=project_dir,
            downloads=[(download.name, download.label) for download in downloads],
            download_names=names,
            playbook_page=f"playbooks/{filled.project.playbook.id}/index.md",
            # The clickable checklist: the project's data, and the script that reads it.
            project_json=Markup(as_script_json(project_page_data(filled))),
            workbench_script=workbench_src(path, renderer.directory_urls),
        )
    today = projects[0].today if projects else None
    ordered = sorted(
        projects, key=lambda filled: (filled.project.file.kickoff, filled.project.name.lower())
    )
    pages["projects/index.md"] = renderer.render(
        "portfolio.md.j2", "projects/index.md", projects=ordered, today=today
    )
    return pages
