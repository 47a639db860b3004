"""A project's checklist as data for other programs: JSON."""

from __future__ import annotations

import datetime as dt
import json

from generator.resolve.project import FilledProject
from generator.resolve.rows import Row


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
        "status": {"rag": filled.health.rag, "reasons": list(filled.health.reasons)},
        "rows": [{**row.as_record(), **_detail(row)} for row in filled.rows],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _detail(row: Row) -> dict[str, object]:
    """What a row holds beyond the tabular columns: a task's links, a risk's register."""
    if row.kind == "task":
        return {
            "decision": row.decision,
            "blocked_by": list(row.blocked_by),
            "mitigates": list(row.mitigates),
        }
    return {
        "residual_likelihood": row.residual_likelihood,
        "residual_impact": row.residual_impact,
        "residual_score": row.residual_score,
        "residual_band": row.residual_band or "",
        "assessed_on": row.assessed_on.isoformat() if row.assessed_on else "",
        "target": row.target,
        "target_band": row.target_band or "",
        "proximity": row.proximity,
        "trend": row.trend,
        "mitigated_by": list(row.mitigated_by),
        "mitigation": row.mitigation,
        "mitigation_done": row.mitigation_done,
        "mitigation_total": row.mitigation_total,
    }


def _json_value(value: object) -> object:
    return value.isoformat() if isinstance(value, dt.date) else value
