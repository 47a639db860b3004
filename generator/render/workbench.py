"""The data the browser workbench reads: a playbook's questionnaire and items for the kickoff
page, and a project's checklist and file for its page.

It is embedded in the pages as JSON (``<script type="application/json">``), not fetched, so
the pages work when opened from files. The shapes are the contract with
``generator/workbench/*.js``; the parity suite feeds the same shapes to both languages.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from generator.model.fields import PHASES
from generator.model.items import Risk, Task
from generator.model.kinds import KINDS, kind_of
from generator.model.messages import SOURCE_LANGUAGE
from generator.model.playbook import Fact, Playbook
from generator.model.project import Project, RiskOverride
from generator.model.reporting import RagRule, Reporting
from generator.render.i18n import translations_for
from generator.resolve.project import FilledProject
from generator.resolve.rows import Row
from generator.resolve.site import SiteModel, item_path


def plain(value: Any) -> Any:
    """A fact value as JSON holds it: dates as ``YYYY-MM-DD``, lists as lists."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    return value


def _page(playbook: Playbook, item: Task | Risk) -> str:
    """The item's page, relative to the site's root, as a folder URL."""
    return item_path(playbook.id, kind_of(item), item.id).removesuffix(".md") + "/"


def fact_data(fact: Fact) -> dict[str, Any]:
    labels = fact.choice_labels
    return {
        "name": fact.name,
        "type": fact.type,
        "prompt": fact.prompt,
        "help": fact.help,
        "choices": [{"value": value, "label": labels[value]} for value in fact.choice_values],
        "default": plain(fact.default),
        "required": fact.required,
        "invalid_message": fact.invalid_message,
        "min": plain(fact.min),
        "max": plain(fact.max),
        "pattern": fact.pattern,
        "after": fact.after,
    }


def playbook_data(playbook: Playbook) -> dict[str, Any]:
    """What the kickoff form and its live preview need of a playbook."""
    meta = playbook.meta
    bands = meta.risk_bands
    return {
        "id": playbook.id,
        "title": meta.title,
        "version": meta.version,
        "phases": list(PHASES),
        "bands": {"medium": bands.medium, "high": bands.high, "critical": bands.critical},
        "roles": [
            {"id": role.id, "title": role.title, "description": role.description}
            for role in meta.roles
        ],
        "facts": [fact_data(fact) for fact in meta.facts],
        # The organization's calendar (calendar.yaml): no due date falls on these days.
        "holidays": sorted(day.isoformat() for day in playbook.holidays),
        "tasks": [
            {
                "id": item.id,
                "title": item.title,
                "phase": item.phase,
                "owner_role": item.owner_role,
                "due": item.due,
                "depends_on": list(item.depends_on),
                "condition": item.condition,
                "page": _page(playbook, item),
                "decision": item.decision,
            }
            for item in playbook.items
            if isinstance(item, Task)
        ],
        "risks": [
            {
                "id": item.id,
                "title": item.title,
                "phase": item.phase,
                "owner_role": item.owner_role,
                "likelihood": item.likelihood,
                "impact": item.impact,
                "condition": item.condition,
                "page": _page(playbook, item),
                "response": item.response,
                "category": item.category,
                "mitigated_by": list(item.mitigated_by),
                "target": item.target,
            }
            for item in playbook.items
            if isinstance(item, Risk)
        ],
        "reporting": reporting_data(meta.reporting),
    }


def _rules(rules: list[RagRule]) -> list[dict[str, str]]:
    return [{"when": rule.when, "because": rule.because} for rule in rules]


def reporting_data(reporting: Reporting) -> dict[str, Any]:
    """The playbook's reporting rules as written (defaults applied); the browser applies the
    PM role's default (a role with id ``pm``) and the go-live fallback itself."""
    return {
        "rag": {"red": _rules(reporting.rag.red), "amber": _rules(reporting.rag.amber)},
        "pm_role": reporting.pm_role,
        "go_live": reporting.go_live,
        "stale_after_days": reporting.stale_after_days,
    }


def _task(row: Row) -> dict[str, Any]:
    return {
        "id": row.id,
        "phase": row.phase,
        "title": row.title,
        "owner_role": row.owner_role,
        "owner": row.owner,
        "due": plain(row.due) or "",  # "" when it has no due date
        "state": row.shown_state,  # blocked, when it waits for a task
        "done_on": plain(row.done_on) or "",
        "note": row.note,
        "decision": row.decision,
        "mitigates": list(row.mitigates),
    }


def _risk(row: Row) -> dict[str, Any]:
    return {
        "id": row.id,
        "title": row.title,
        "owner_role": row.owner_role,
        "owner": row.owner,
        "likelihood": row.likelihood,
        "impact": row.impact,
        "score": row.score,
        "band": row.band,
        "state": row.state,
        "note": row.note,
        # After mitigation: None until assessed.
        "residual_likelihood": row.residual_likelihood,
        "residual_impact": row.residual_impact,
        "residual_score": row.residual_score,
        "residual_band": row.residual_band,
        "assessed_on": plain(row.assessed_on) or "",
        "target": row.target,
        "target_band": row.target_band,
        "proximity": row.proximity,
        "trend": row.trend,
        "mitigated_by": list(row.mitigated_by),
        "mitigation_done": row.mitigation_done,
        "mitigation_total": row.mitigation_total,
        "mitigation": row.mitigation,
    }


def health_data(filled: FilledProject) -> dict[str, Any]:
    """The project's health (``generator.resolve.health``): rows named by id, "" for none."""
    health = filled.health
    return {
        "measures": dict(health.measures),
        "rag": health.rag,
        "reasons": list(health.reasons),
        "phase": health.phase,
        "next_due": health.next_due.id if health.next_due else "",
        "top_risk": health.top_risk.id if health.top_risk else "",
        "pm": health.pm,
        "go_live": plain(health.go_live) or "",
        "last_update": plain(health.last_update),
        "stale": health.stale,
        "due_soon": [row.id for row in health.due_soon],
    }


def checklist_data(filled: FilledProject) -> dict[str, Any]:
    """A filled project as the browser's ``fill`` returns it (same keys, same order)."""
    return {
        "tasks": [_task(row) for row in filled.tasks],
        "risks": [_risk(row) for row in filled.risks],
        "counts": {
            "tasks": len(filled.tasks),
            "risks": len(filled.risks),
            "done": filled.done,
            "overdue": len(filled.overdue),
            "progress": filled.progress,
        },
        "health": health_data(filled),
    }


def project_input(project: Project) -> dict[str, Any]:
    """A project as the browser's ``fill`` takes it."""
    file = project.file
    return {
        "kickoff": file.kickoff.isoformat(),
        "facts": {name: plain(value) for name, value in project.facts.items()},
        "roles": dict(file.roles),
        "status": {
            item_id: {"state": entry.state, "date": plain(entry.date) or "", "note": entry.note}
            for item_id, entry in file.status.items()
        },
        "risks": {item_id: override_data(override) for item_id, override in file.risks.items()},
    }


def override_data(override: RiskOverride) -> dict[str, Any]:
    """A project's view of a risk, the keys it sets only, always in this order. An empty
    ``mitigated_by`` is kept: it says no task mitigates the risk, not "the playbook's"."""
    data: dict[str, Any] = {}
    for key in ("likelihood", "impact", "owner", "note"):
        if (value := getattr(override, key)) not in (None, ""):
            data[key] = value
    if override.residual is not None:
        data["residual"] = {
            "likelihood": override.residual.likelihood,
            "impact": override.residual.impact,
        }
    if override.assessments:
        data["assessments"] = [
            {
                "date": entry.date.isoformat(),
                "likelihood": entry.likelihood,
                "impact": entry.impact,
                "note": entry.note,
            }
            for entry in override.assessments
        ]
    if override.target is not None:
        data["target"] = override.target
    if override.proximity is not None:
        data["proximity"] = plain(override.proximity)
    if override.mitigated_by is not None:
        data["mitigated_by"] = list(override.mitigated_by)
    return data


def project_page_data(filled: FilledProject) -> dict[str, Any]:
    """What the project page's clickable checklist needs: the checklist, the project as
    ``fill`` takes it, and the file's text with where its status entries are."""
    project = filled.project
    return {
        "slug": project.slug,
        "name": project.name,
        "file": project.source,
        "playbook": playbook_data(project.playbook),
        "playbook_version": project.file.playbook_version,
        "project": project_input(project),
        "checklist": checklist_data(filled),
        "text": project.text,
        "anchors": project.anchors.as_json(),
    }


def search_hits_data(site: SiteModel, language: str = SOURCE_LANGUAGE) -> dict[str, Any]:
    """What search results say of a hit (``generator/workbench/search-hits.js``): each
    playbook's title by its id, each kind's name by its folder on the site, in the site's
    ``language``."""
    translate = translations_for(language).gettext
    return {
        "playbooks": {
            resolved.playbook.id: resolved.playbook.meta.title for resolved in site.playbooks
        },
        "kinds": {kind.url_segment: translate(kind.singular) for kind in KINDS},
    }


def as_script_json(data: Any) -> str:
    """JSON safe inside ``<script type="application/json">``: ``<`` ``>`` ``&`` escaped, so
    no text in it can close the script element."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
