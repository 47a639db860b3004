"""The whole pipeline, load -> validate -> resolve -> render, as two calls the publishers share."""

from __future__ import annotations

from dataclasses import dataclass

from generator.errors import ContentError, Problem
from generator.paths import display_path
from generator.render import PageRenderer, render_site
from generator.resolve import resolve_site
from generator.validation import Playbook, validate_playbook
from generator.workspace import Settings


@dataclass(frozen=True)
class Catalog:
    """Everything in a project folder, validated."""

    playbooks: tuple[Playbook, ...]


def load_catalog(settings: Settings) -> Catalog:
    """Load and validate every playbook; raise one ContentError listing every problem."""
    settings.check_root()
    problems: list[Problem] = []
    playbooks: list[Playbook] = []
    folders = sorted(p for p in settings.playbooks_path.iterdir() if p.is_dir()
                     and not p.name.startswith("."))
    for folder in folders:
        try:
            playbooks.append(validate_playbook(folder, settings.root))
        except ContentError as error:
            problems.extend(error.problems)
    if not folders:
        problems.append(Problem(display_path(settings.playbooks_path, settings.root), None, None,
                                "no playbooks found; add a folder with a playbook.yaml"))
    if problems:
        raise ContentError(problems)
    return Catalog(tuple(playbooks))


def generate_pages(settings: Settings, catalog: Catalog | None = None) -> dict[str, str]:
    """Every generated Markdown page, keyed by docs-relative path."""
    catalog = catalog or load_catalog(settings)
    site = resolve_site(catalog.playbooks)
    renderer = PageRenderer(settings.templates_path)
    return render_site(site, renderer)
