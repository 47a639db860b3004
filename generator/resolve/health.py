"""A project's health, as the portfolio and status reports show it: its measures, its RAG status
with the reasons the playbook's rules give, its current phase, next due task, top risk, PM,
go-live date, and whether it has gone stale.

The RAG rules are conditions over the measures (``generator.model.reporting``): red when any
red rule holds, else amber when any amber rule holds, else green. The reasons are those of
every rule of that colour that holds, in the playbook's order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from generator.model import conditions
from generator.model.fields import PHASES
from generator.model.project import Project
from generator.resolve.rows import Row, percent_done

# "Due soon": open tasks due from today up to this many days ahead (a status report's horizon).
DUE_SOON_DAYS = 14
GREEN_REASON = "No red or amber rule holds."


@dataclass(frozen=True)
class Health:
    measures: dict[str, int]
    rag: str  # red, amber or green
    reasons: tuple[str, ...]
    phase: str  # the earliest phase with work left; "" when every task is done or n/a
    next_due: Row | None  # the open task due next, from today on
    top_risk: Row | None  # the open risk with the highest current score
    pm: str  # the person in the PM's role, or ""
    go_live: dt.date | None
    last_update: dt.date  # the latest status change or assessment, or the kickoff
    stale: bool  # no status change or assessment for the playbook's stale_after_days
    # Open tasks due from today up to DUE_SOON_DAYS ahead, by date.
    due_soon: tuple[Row, ...]

    @property
    def explanation(self) -> str:
        """The status and why, in one line (a tooltip, a screen reader, a report)."""
        return f"{self.rag.capitalize()}: {' '.join(self.reasons)}"


@lru_cache(maxsize=256)
def _parsed(source: str) -> conditions.Node:
    # Checked when the playbook was validated (generator.validate.conditions.rag_rule_problems).
    return conditions.parse(source)


def health_of(
    project: Project, today: dt.date, tasks: Sequence[Row], risks: Sequence[Row]
) -> Health:
    reporting = project.playbook.meta.reporting
    counted = [row for row in tasks if row.state != "n/a"]
    done = sum(1 for row in counted if row.state == "done")
    open_tasks = [row for row in tasks if row.is_open]
    open_risks = [row for row in risks if row.is_open]
    soon = today + dt.timedelta(days=DUE_SOON_DAYS)
    due_soon = sorted(
        (row for row in open_tasks if row.due is not None and today <= row.due <= soon),
        key=lambda row: (row.due or today, row.title.lower()),
    )
    last_update = _last_update(project)
    measures = {
        "overdue": sum(1 for row in tasks if row.state == "overdue"),
        "blocked": sum(1 for row in tasks if row.blocked_by),
        "due_soon": len(due_soon),
        "progress": percent_done(done, len(counted)),
        "critical_risks": sum(1 for row in open_risks if row.current_band == "critical"),
        "high_risks": sum(1 for row in open_risks if row.current_band == "high"),
        "critical_unmitigated": sum(
            1 for row in open_risks if row.current_band == "critical" and row.unmitigated
        ),
        "high_unmitigated": sum(
            1 for row in open_risks if row.current_band == "high" and row.unmitigated
        ),
        "rising_risks": sum(1 for row in open_risks if row.trend == "up"),
        "days_since_update": max(0, (today - last_update).days),
    }
    rag, reasons = _rag(project, measures)
    return Health(
        measures=measures,
        rag=rag,
        reasons=reasons,
        phase=next((phase for phase in PHASES if any(r.phase == phase for r in open_tasks)), ""),
        next_due=_next_due(open_tasks, today),
        top_risk=min(
            open_risks, key=lambda row: (-row.current_score, row.title.lower()), default=None
        ),
        pm=_pm(project),
        go_live=_go_live(project, tasks),
        last_update=last_update,
        stale=measures["days_since_update"] >= reporting.stale_after_days,
        due_soon=tuple(due_soon),
    )


def _rag(project: Project, measures: dict[str, int]) -> tuple[str, tuple[str, ...]]:
    rules = project.playbook.meta.reporting.rag
    values: dict[str, object] = dict(measures)
    for colour, colour_rules in (("red", rules.red), ("amber", rules.amber)):
        reasons = tuple(
            rule.because for rule in colour_rules if conditions.evaluate(_parsed(rule.when), values)
        )
        if reasons:
            return colour, tuple(dict.fromkeys(reasons))
    return "green", (GREEN_REASON,)


def _next_due(open_tasks: Sequence[Row], today: dt.date) -> Row | None:
    upcoming = [row for row in open_tasks if row.due is not None and row.due >= today]
    return min(upcoming, key=lambda row: (row.due or today, row.title.lower()), default=None)


def _last_update(project: Project) -> dt.date:
    file = project.file
    dates = [file.kickoff]
    dates += [entry.date for entry in file.status.values() if entry.date is not None]
    for override in file.risks.values():
        dates += [assessment.date for assessment in override.assessments]
    return max(dates)


def _pm(project: Project) -> str:
    role = project.playbook.meta.reporting.pm_role
    if role is None:
        role = "pm" if any(r.id == "pm" for r in project.playbook.meta.roles) else None
    return project.file.roles.get(role, "") if role is not None else ""


def _go_live(project: Project, tasks: Sequence[Row]) -> dt.date | None:
    fact = project.playbook.meta.reporting.go_live
    if fact is not None:
        value = project.facts.get(fact)
        if isinstance(value, dt.date):
            return value
    dues = [row.due for row in tasks if row.due is not None]
    return max(dues) if dues else None
