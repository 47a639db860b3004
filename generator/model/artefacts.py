"""What an artefact template's body may use: its variables and the attributes of each.

The render stage builds these values for a project (``generator.render.artefacts``) and the
validate stage checks a body against the same names (``generator.validate.fill_in``), so a
misspelt variable or attribute is reported with its line before any project is filled in.

Each variable is a *record* (attributes with values), a *list of records*, or a mapping whose
keys are the playbook's own (``facts``: its facts, ``roles``: its role ids).
"""

from __future__ import annotations

from collections.abc import Mapping

# The records, by the name of their type, and their attributes.
RECORDS: Mapping[str, frozenset[str]] = {
    "project": frozenset(
        {
            "name",
            "slug",
            "kickoff",
            "go_live",
            "today",
            "playbook",
            "playbook_version",
            "progress",
            "done",
            "counted",
            "overdue",
            "blocked",
            "rag",
            "reasons",
            "phase",
            "pm",
        }
    ),
    "dates": frozenset({"kickoff", "go_live", "today", "in_two_weeks", "next_due", "last_due"}),
    "playbook": frozenset({"id", "title", "version", "risk_appetite"}),
    "role": frozenset({"id", "title", "description", "person", "assigned"}),
    "phase": frozenset({"name", "title", "start", "end", "tasks", "done", "counted"}),
    "task": frozenset(
        {
            "id",
            "title",
            "summary",
            "phase",
            "owner_role",
            "owner_title",
            "owner",
            "due",
            "state",
            "done_on",
            "note",
            "decision",
            "depends_on",
            "waits_for",
            "mitigates",
        }
    ),
    "risk": frozenset(
        {
            "id",
            "title",
            "summary",
            "category",
            "likelihood",
            "impact",
            "score",
            "band",
            "residual_score",
            "residual_band",
            "current_score",
            "current_band",
            "target",
            "target_band",
            "trend",
            "proximity",
            "owner_role",
            "owner_title",
            "owner",
            "response",
            "mitigation",
            "mitigation_done",
            "mitigation_total",
            "mitigation_steps",
            "mitigated_by",
            "warning_signs",
            "state",
            "note",
        }
    ),
}

# Attributes of records that are lists of other records: (record, attribute) -> record.
RECORD_LISTS: Mapping[tuple[str, str], str] = {
    ("phase", "tasks"): "task",
    ("task", "mitigates"): "risk",
    ("task", "depends_on"): "task",
    ("risk", "mitigated_by"): "task",
}

# The top-level variables: a record (RECORD_VARIABLES), a list of records (LIST_VARIABLES), or
# the playbook's facts and roles.
FACTS = "facts"
ROLES = "roles"
RECORD_VARIABLES: Mapping[str, str] = {
    "project": "project",
    "dates": "dates",
    "playbook": "playbook",
}
LIST_VARIABLES: Mapping[str, str] = {
    "team": "role",
    "phases": "phase",
    "tasks": "task",
    "risks": "risk",
    "decisions": "task",
}
ARTEFACT_VARIABLES: frozenset[str] = frozenset({FACTS, ROLES, *RECORD_VARIABLES, *LIST_VARIABLES})

# What a value the project has not given yet shows: an unanswered fact, a role nobody plays.
TO_BE_COMPLETED = "[to be completed: {}]"
