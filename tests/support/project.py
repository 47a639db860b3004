"""Running the pipeline on a project folder the way the command line does."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator import pipeline
from generator.model.project import Project
from generator.projects.files import load_filled, load_project
from generator.resolve.project import FilledProject
from generator.settings import Overrides, Settings, load_settings


def project_settings(
    root: Path, *, today: dt.date | None = None, templates_dir: str | None = None
) -> Settings:
    """The settings `playbook` would use in ``root``: its mkdocs.yml, then these options."""
    return load_settings(root, Overrides(templates_dir=templates_dir, today=today))


def build_site(
    settings: Settings,
    site: Path,
    *,
    strict: bool = True,
    offline: bool = False,
    force: bool = False,
) -> Path:
    """`playbook build --site-dir SITE`."""
    built = pipeline.build(
        settings,
        base=settings.root,
        site_dir=str(site),
        force=force,
        strict=strict,
        offline=offline,
    )
    return built.site


def render_tree(settings: Settings, out: Path, *, force: bool = False) -> int:
    """`playbook render --out OUT`; the number of generated pages."""
    return pipeline.render(settings, str(out), base=settings.root, force=force).pages


def validated_project(root: Path, reference: str) -> Project:
    """One project of ``root`` (a slug or a path) checked against its playbook, as
    `playbook status` and `playbook checklist` load it."""
    return load_project(project_settings(root), reference)


def filled_project(root: Path, slug: str, today: dt.date) -> FilledProject:
    """One project of ``root`` filled in as its page and exports show it (fill-in text run)."""
    return load_filled(project_settings(root, today=today), slug)
