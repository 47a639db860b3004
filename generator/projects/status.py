"""`playbook status`: progress, overdue items, and what changed in the playbook since."""

from __future__ import annotations

from pathlib import Path

from generator.projects.history import changes_since, shown_snapshot_path
from generator.resolve.project import FilledProject


def describe_status(filled: FilledProject, root: Path | None = None) -> str:
    project = filled.project
    lines = [
        f"{project.name} ({project.playbook.id} {project.file.playbook_version}), "
        f"kickoff {project.file.kickoff}, as of {filled.today}",
        f"Progress: {filled.progress}% ({filled.done} of {len(filled.counted)} tasks done)",
    ]
    if filled.overdue:
        lines.append(f"Overdue ({len(filled.overdue)}):")
        lines += [
            f"  {row.due}  {row.id}: {row.title} ({row.owner_display})" for row in filled.overdue
        ]
    else:
        lines.append("Overdue: none")
    if project.outdated:
        changes = changes_since(project.playbook, project.file.playbook_version, root)
        lines.append(
            f"The playbook is at {project.playbook.meta.version}; this project follows "
            f"{project.file.playbook_version}."
        )
        if not changes.known:
            lines.append(
                f"  No record of version {changes.since} "
                f"({shown_snapshot_path(project.playbook, changes.since, root)}), so the "
                "changes cannot be listed."
            )
        lines += changes.lines()
        lines.append(
            f"Run `playbook upgrade {project.slug}` to move to {project.playbook.meta.version}."
        )
    else:
        lines.append(
            f"The project follows the playbook's current version ({project.playbook.meta.version})."
        )
    return "\n".join(lines) + "\n"
