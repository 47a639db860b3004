"""A project's checklist as data for other programs: JSON."""

from __future__ import annotations

import datetime as dt
import json

from generator.resolve.project import FilledProject


def to_json(filled: FilledProject) -> str:
    project = filled.project
    document = {
        "project": project.name,
        "slug": project.slug,
        "playbook": project.playbook.id,
        "playbook_version": project.file.playbook_version,
        "kickoff": project.file.kickoff.isoformat(),
        "as_of": filled.today.isoformat(),
        "facts": {name: _json_value(value) for name, value in sorted(project.facts.items())},
        "roles": dict(sorted(project.file.roles.items())),
        "progress": {
            "done": filled.done,
            "counted": len(filled.counted),
            "percent": filled.progress,
            "overdue": len(filled.overdue),
        },
        "rows": [row.as_record() for row in filled.rows],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _json_value(value: object) -> object:
    return value.isoformat() if isinstance(value, dt.date) else value
