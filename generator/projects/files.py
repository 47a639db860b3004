"""Finding one project and its playbook from a slug or a path, without loading the others."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator.errors import UsageError
from generator.load.discovery import safe_folders
from generator.load.documents import load_document
from generator.load.paths import display_path, inside
from generator.model.playbook import Playbook
from generator.model.project import Project
from generator.model.slugs import is_slug
from generator.render.fill_in import with_fill_in_text
from generator.resolve.project import FilledProject, fill
from generator.settings import Settings
from generator.validate.playbook import validate_playbook
from generator.validate.project import project_playbook_id, validate_project_document


def load_playbook(settings: Settings, playbook_id: str) -> Playbook:
    settings.check_root()
    if not is_slug(playbook_id):
        raise UsageError(
            f"'{playbook_id}' is not a playbook id (kebab-case, like 'digital-transformation')"
        )
    folder = settings.playbooks_path / playbook_id
    if not (folder / "playbook.yaml").is_file():
        known = [p.name for p in safe_folders(settings.playbooks_path, settings.root, [])]
        raise UsageError(
            f"no playbook '{playbook_id}' in {settings.playbooks_dir}/ "
            f"(playbooks: {', '.join(known) or 'none'})"
        )
    return validate_playbook(
        inside(settings.playbooks_path, playbook_id, "playbook"), settings.root
    )


def project_path(settings: Settings, reference: str) -> Path:
    """A project's file from its slug or its path; never a file outside the projects folder."""
    if reference.endswith((".yaml", ".yml")):
        path = inside(settings.root, reference, "project file")
        if not path.resolve().is_relative_to(settings.projects_path.resolve()):
            raise UsageError(f"project file '{reference}' is not in {settings.projects_dir}/")
    else:
        if not is_slug(reference):
            raise UsageError(f"'{reference}' is not a project slug (like 'core-banking-revamp')")
        path = inside(settings.projects_path, f"{reference}.yaml", "project file")
    if not path.is_file():
        raise UsageError(f"no project file {display_path(path, settings.root)}")
    return path


def load_project(settings: Settings, reference: str) -> Project:
    """Load one project and only the playbook it follows (fast even with many playbooks)."""
    settings.check_root()
    path = project_path(settings, reference)
    document = load_document(path, display_path(path, settings.root), lenient=True)
    playbook_id = project_playbook_id(document)
    playbooks = {}
    if (
        playbook_id is not None
        and is_slug(playbook_id)
        and (settings.playbooks_path / playbook_id / "playbook.yaml").is_file()
    ):
        playbooks[playbook_id] = load_playbook(settings, playbook_id)
    return validate_project_document(document, playbooks)


def load_filled(settings: Settings, reference: str) -> FilledProject:
    today = settings.today or dt.date.today()
    return with_fill_in_text(fill(load_project(settings, reference), today))
