"""A risk of one project: its residual score and trend from the project's assessments, and how
far the tasks that mitigate it are (see ``generator.resolve.rows`` for what each means)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from generator.model.items import Risk
from generator.model.project import Rated, RiskOverride
from generator.resolve.rows import Row


@dataclass(frozen=True)
class Residual:
    rated: Rated | None  # None: never assessed
    assessed_on: dt.date | None  # the latest assessment's date
    trend: str  # up, down, steady, or ""


def residual_of(override: RiskOverride | None) -> Residual:
    """The latest assessment (by date; of equal dates, the one written last), and the trend
    from the one before it; or the ``residual`` written without a log."""
    if override is None:
        return Residual(None, None, "")
    if not override.assessments:
        return Residual(override.residual, None, "")
    log = sorted(override.assessments, key=lambda assessment: assessment.date)
    latest = log[-1]
    trend = ""
    if len(log) > 1:
        before = log[-2].score
        trend = "up" if latest.score > before else "down" if latest.score < before else "steady"
    return Residual(latest, latest.date, trend)


def mitigating_ids(risk: Risk, override: RiskOverride | None) -> tuple[str, ...]:
    """The tasks that mitigate the risk: the project's list when it gives one, else the
    playbook's; each once, in the order written."""
    written = override.mitigated_by if override and override.mitigated_by is not None else None
    return tuple(dict.fromkeys(risk.mitigated_by if written is None else written))


@dataclass(frozen=True)
class Mitigation:
    tasks: tuple[Row, ...]  # the applicable mitigating tasks, n/a ones included
    done: int
    total: int  # those not n/a
    state: str  # generator.resolve.rows.MITIGATION_STATES


def mitigation_of(ids: Sequence[str], tasks: Mapping[str, Row]) -> Mitigation:
    """How far the applicable tasks among ``ids`` are; a task that does not apply is left out."""
    rows = tuple(tasks[task_id] for task_id in ids if task_id in tasks)
    counted = [row for row in rows if row.state != "n/a"]
    done = sum(1 for row in counted if row.state == "done")
    if not counted:
        state = "none"
    elif done == len(counted):
        state = "complete"
    elif any(row.state == "overdue" for row in counted):
        state = "late"
    elif done:
        state = "under way"
    else:
        state = "planned"
    return Mitigation(rows, done, len(counted), state)
