"""Due dates: kickoff, a date fact or another task's due date, plus the task's offset, moved
back to a working day.

Working-day rule: a due date that falls on a Saturday, a Sunday or a holiday of the
organization's calendar moves back to the last working day before it. Moving earlier, never
later, keeps "before kickoff" tasks before kickoff and never makes a deadline later than the
playbook asked for.

Anchors:
- ``target_go_live-4w`` counts from the project's answer to that date fact. When the project
  has not answered it (an optional fact without a default), the task has no due date: it is
  shown as "—", is never overdue, and has no event in a calendar export.
- ``after design-signoff +1w`` counts from that task's due date (already moved to a working
  day), whether or not that task applies to the project: a task's date never depends on
  conditions, so leaving a task out does not shift the others. It has no due date when that
  task has none.

A due date that would fall outside the years 1 to 9999 is no due date either.

generator/workbench/schedule.js is the browser's port; the parity suite holds them together.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Set
from typing import Any

from generator.model.items import Task
from generator.model.offsets import offset_days

NO_HOLIDAYS: frozenset[dt.date] = frozenset()


def working_day(day: dt.date, holidays: Set[dt.date] = NO_HOLIDAYS) -> dt.date:
    """``day`` when it is a working day, else the last working day before it."""
    while day.weekday() >= 5 or day in holidays:  # Saturday is 5, Sunday 6
        day -= dt.timedelta(days=1)
    return day


def due_date(kickoff: dt.date, offset: str, holidays: Set[dt.date] = NO_HOLIDAYS) -> dt.date:
    """Kickoff plus an offset from kickoff, moved back to a working day."""
    return working_day(kickoff + dt.timedelta(days=offset_days(offset)), holidays)


def due_dates(
    tasks: Iterable[Task],
    kickoff: dt.date,
    facts: Mapping[str, Any],
    holidays: Set[dt.date] = NO_HOLIDAYS,
) -> dict[str, dt.date | None]:
    """Every task's due date by id (None: no due date), applicable or not.

    The playbook's validation refuses unknown anchors and circles; should one get here, the
    task has no due date rather than an error.
    """
    by_id = {task.id: task for task in tasks}
    dates: dict[str, dt.date | None] = {}
    for first in by_id:
        # Follow the chain of anchors to a task whose date is known or counts from no task,
        # then date the chain from that end (no recursion: chains may be long).
        chain: list[str] = []
        on_chain: set[str] = set()
        current: str | None = first
        while current is not None and current in by_id and current not in dates:
            if current in on_chain:  # a circle: none of it has a date
                break
            chain.append(current)
            on_chain.add(current)
            current = by_id[current].schedule.task
        for task_id in reversed(chain):
            dates[task_id] = _date_of(by_id[task_id], dates, kickoff, facts, holidays)
    return dates


def _date_of(
    task: Task,
    dates: Mapping[str, dt.date | None],
    kickoff: dt.date,
    facts: Mapping[str, Any],
    holidays: Set[dt.date],
) -> dt.date | None:
    due = task.schedule
    start: dt.date | None
    if due.task is not None:
        start = dates.get(due.task)
    elif due.fact is not None:
        value = facts.get(due.fact)
        start = value if isinstance(value, dt.date) else None
    else:
        start = kickoff
    if start is None:
        return None
    try:
        return working_day(start + dt.timedelta(days=due.days), holidays)
    except OverflowError:  # before year 1 or after 9999
        return None
