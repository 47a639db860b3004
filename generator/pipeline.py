"""The whole pipeline, load -> validate -> resolve -> render, as two calls the publishers share."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from generator.checklist import FilledProject, fill
from generator.errors import ContentError, Problem
from generator.load_cache import cached, fingerprint
from generator.paths import display_path, safe_files
from generator.projects import Project, validate_project
from generator.render import PageRenderer, render_projects, render_site
from generator.resolve import resolve_site
from generator.validation import Playbook, validate_playbook
from generator.workspace import Settings


@dataclass(frozen=True)
class Catalog:
    """Everything in a project folder, validated."""

    playbooks: tuple[Playbook, ...]
    projects: tuple[Project, ...] = ()


def load_catalog(settings: Settings) -> Catalog:
    """Load and validate every playbook; raise one ContentError listing every problem."""
    settings.check_root()
    problems: list[Problem] = []
    playbooks: list[Playbook] = []
    folders = sorted(
        p for p in settings.playbooks_path.iterdir() if p.is_dir() and not p.name.startswith(".")
    )
    for folder in folders:
        stamp = fingerprint(list(folder.glob("*.y*ml")))
        try:
            playbooks.append(
                cached("playbook", folder, stamp, partial(validate_playbook, folder, settings.root))
            )
        except ContentError as error:
            problems.extend(error.problems)
    if not folders:
        problems.append(
            Problem(
                display_path(settings.playbooks_path, settings.root),
                None,
                None,
                "no playbooks found; add a folder with a playbook.yaml",
            )
        )
    if problems:
        raise ContentError(problems)
    by_id = {playbook.id: playbook for playbook in playbooks}
    projects: list[Project] = []
    projects_path = settings.projects_path
    if projects_path.is_dir():
        for path in safe_files(projects_path, settings.root, "*.yaml", problems):
            playbook_id = _named_playbook(path)
            # A project is reused only while its file and the playbook it follows are unchanged.
            stamp = (*fingerprint([path]), ("playbook", str(id(by_id.get(playbook_id)))))
            try:
                projects.append(
                    cached(
                        "project",
                        path,
                        stamp,
                        partial(validate_project, path, settings.root, by_id),
                    )
                )
            except ContentError as error:
                problems.extend(error.problems)
    if problems:
        raise ContentError(problems)
    return Catalog(tuple(playbooks), tuple(projects))


def _named_playbook(path: Path) -> str:
    """The playbook a project file names, from a quick look (full validation comes after)."""
    try:
        with path.open(encoding="utf-8", errors="replace") as handle:
            for line in handle:
                if line.startswith("playbook:"):
                    return line.partition(":")[2].split("#")[0].strip().strip("'\"")
    except OSError:
        pass
    return ""


def fill_projects(settings: Settings, catalog: Catalog) -> tuple[FilledProject, ...]:
    today = settings.today or dt.date.today()
    return tuple(fill(project, today) for project in catalog.projects)


def generate_pages(settings: Settings, catalog: Catalog | None = None) -> dict[str, str]:
    """Every generated file (Markdown pages and checklist downloads), keyed by docs path."""
    catalog = catalog or load_catalog(settings)
    site = resolve_site(catalog.playbooks)
    renderer = PageRenderer(settings.templates_path)
    pages = render_site(site, renderer)
    pages.update(render_projects(fill_projects(settings, catalog), renderer))
    return pages
