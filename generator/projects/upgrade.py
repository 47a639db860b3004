"""`playbook upgrade`: move a project to its playbook's current version, keeping every status
that still applies and every comment. Work recorded as done on an item the playbook has since
dropped is archived under ``archived`` rather than deleted."""

from __future__ import annotations

from typing import Any

from generator.load.documents import parse_document
from generator.model.items import Risk
from generator.model.project import ItemStatus
from generator.projects.files import load_project, project_path
from generator.projects.history import changes_since, record_snapshot
from generator.projects.writer import upgraded_text
from generator.publish.atomic import write_text_atomic
from generator.settings import Settings
from generator.validate.project import validate_project_document


def upgrade_project(settings: Settings, reference: str) -> str:
    """Record the playbook's current version; drop entries for items it no longer has,
    archiving those that were done (with the version they were done under)."""
    project = load_project(settings, reference)
    playbook = project.playbook
    old, new = project.file.playbook_version, playbook.meta.version
    if old == new:
        return f"{project.name} already follows {playbook.id} {new}; nothing to do.\n"
    drop = {
        "status": sorted(i for i in project.file.status if not playbook.has(i)),
        "risks": sorted(
            i
            for i in project.file.risks
            if not playbook.has(i) or not isinstance(playbook.item(i), Risk)
        ),
    }
    archive = {
        item_id: _archived(project.file.status[item_id], old)
        for item_id in drop["status"]
        if project.file.status[item_id].state == "done"
    }
    path = project_path(settings, reference)
    text = path.read_bytes().decode("utf-8")
    new_text = upgraded_text(text, path, project.source, new, drop, archive)
    # The result must validate against the new playbook before it replaces anything.
    validate_project_document(
        parse_document(new_text.encode(), path, project.source), {playbook.id: playbook}
    )
    changes = changes_since(playbook, old, settings.root)
    # Before the project file: a refused snapshot leaves the upgrade undone, not half done.
    record_snapshot(playbook, settings.root)
    write_text_atomic(path, new_text)
    kept = sum(1 for i in project.file.status if playbook.has(i))
    lines = [
        f"Upgraded {project.name} from {playbook.id} {old} to {new}.",
        f"Kept the status of {kept} item{'s' if kept != 1 else ''}.",
    ]
    if archive:
        lines.append("Archived (done, no longer in the playbook): " + ", ".join(archive))
    dropped = [
        f"{item_id} ({section})"
        for section, ids in drop.items()
        for item_id in ids
        if not (section == "status" and item_id in archive)
    ]
    lines.append("Dropped (no longer in the playbook): " + (", ".join(dropped) or "nothing"))
    lines += changes.lines(("Added", "Reworded"))
    return "\n".join(lines) + "\n"


def _archived(status: ItemStatus, version: str) -> dict[str, Any]:
    """An archived record: the status as it was, and the playbook version it was made under."""
    fields: dict[str, Any] = {"state": status.state}
    if status.date is not None:
        fields["date"] = status.date
    if status.note:
        fields["note"] = status.note
    fields["playbook_version"] = version
    return fields
