"""A project's checklist for an issue tracker: a CSV that Jira's importer maps by itself.

The columns carry Jira's own field names, so the CSV importer (Jira Cloud: Settings > System >
External system import > CSV, which maps hierarchies; the simpler "Import work items from
CSV" of a project cannot) proposes every mapping without a manual one:

``Summary, Issue Type, Description, Due date, Labels, Priority, Issue ID, Parent``

- The hierarchy is Atlassian's documented one for CSV imports ("Keep parent-child
  relationships during CSV import to Jira Cloud"): ``Issue ID`` numbers the rows, ``Parent``
  holds the Issue ID of a row's parent, and the rows come in hierarchy order: epics, then
  standard issues, then sub-tasks. Each phase is an ``Epic``; its tasks are ``Task``s under it;
  each risk is a ``Task`` labelled ``risk`` under its phase's epic (under a "risks" epic when it
  has no phase), with one ``Sub-task`` per mitigation under the risk.
- Issue IDs are 1, 2, 3... in that order, so the same project always gets the same ids.
- ``Due date`` is written in Jira's default date format, ``dd/MMM/yy h:mm a`` (Java
  SimpleDateFormat; English month names, e.g. ``22/Jan/27 12:00 AM``): the importer's
  "Date format" setting starts with that value (``jira.date.time.picker.java.format``), and a
  date it cannot read is replaced by the import time without an error, so no other format
  is safe without changing the setting.
- ``Labels`` holds the labels separated by spaces (one cell: the importer splits a Labels
  value at spaces, as Jira labels cannot contain them): ``phase-<phase>``, the kind (``task``,
  ``risk``, ``mitigation``) and ``band-<band>`` for risks and their mitigations.
- ``Priority`` uses Jira's default priority names: a risk's band gives it (critical: Highest,
  high: High, medium: Medium, low: Low), a task is Medium, or High when it is overdue.
- UTF-8 without a byte-order mark (Jira reads the header's bytes: a mark would become part of
  the first column's name, and ``Summary`` would no longer map), CRLF line ends, and, as in
  the ``csv`` export, a cell that a spreadsheet would run as a formula starts with ``'``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass

from generator.export.tabular import spreadsheet_cell
from generator.model.fields import PHASES
from generator.model.items import Risk
from generator.resolve.project import FilledProject
from generator.resolve.rows import Row

JIRA_COLUMNS = (
    "Summary",
    "Issue Type",
    "Description",
    "Due date",
    "Labels",
    "Priority",
    "Issue ID",
    "Parent",
)
JIRA_DATE_FORMAT = "dd/MMM/yy h:mm a"  # Jira's default; see the module's docstring
BAND_PRIORITY = {"critical": "Highest", "high": "High", "medium": "Medium", "low": "Low"}
EPIC, TASK, SUB_TASK = "Epic", "Task", "Sub-task"
SUMMARY_LIMIT = 255  # characters Jira allows in a summary
# Month names as Jira's default (English) locale writes them, whatever this machine's locale.
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class Issue:
    """One row of the Jira CSV."""

    issue_id: int
    issue_type: str
    summary: str
    description: str
    labels: tuple[str, ...]
    priority: str = ""
    due: dt.date | None = None
    parent: int | None = None

    def as_record(self) -> dict[str, object]:
        return {
            "Summary": _summary(self.summary),
            "Issue Type": self.issue_type,
            "Description": self.description,
            "Due date": jira_date(self.due) if self.due else "",
            "Labels": " ".join(self.labels),
            "Priority": self.priority,
            "Issue ID": self.issue_id,
            "Parent": self.parent if self.parent is not None else "",
        }


def to_jira_csv(filled: FilledProject) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=JIRA_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for issue in jira_issues(filled):
        record = issue.as_record()
        writer.writerow({key: spreadsheet_cell(record[key]) for key in JIRA_COLUMNS})
    return buffer.getvalue()


def jira_date(day: dt.date) -> str:
    """``day`` at midnight in ``dd/MMM/yy h:mm a``, e.g. ``22/Jan/27 12:00 AM``."""
    return f"{day.day:02d}/{_MONTHS[day.month - 1]}/{day:%y} 12:00 AM"


def jira_issues(filled: FilledProject) -> list[Issue]:
    """The project's issues in hierarchy order (epics, tasks and risks, mitigations), each
    parent before its children, numbered from 1."""
    name = filled.project.name
    phases = [
        phase for phase in PHASES if any(row.phase == phase for row in filled.rows)
    ]  # in the playbook's order, only those with items
    unphased = any(not row.phase for row in filled.risks)
    issues: list[Issue] = []
    epic_of: dict[str, int] = {}
    for phase in phases:
        epic_of[phase] = len(issues) + 1
        issues.append(
            Issue(
                epic_of[phase],
                EPIC,
                f"{name}: {phase} phase",
                f"The tasks and risks of the {phase} phase of {name}'s kickoff checklist.",
                (_label("phase", phase),),
            )
        )
    if unphased:
        epic_of[""] = len(issues) + 1
        issues.append(
            Issue(
                epic_of[""],
                EPIC,
                f"{name}: risks",
                f"The risks of {name}'s kickoff checklist that belong to no phase.",
                ("risk",),
            )
        )
    for row in filled.tasks:
        issues.append(
            Issue(
                len(issues) + 1,
                TASK,
                row.title,
                _task_description(row),
                (_label("phase", row.phase), "task"),
                "High" if row.state == "overdue" else "Medium",
                row.due,
                epic_of[row.phase],
            )
        )
    risk_ids: dict[str, int] = {}
    for row in filled.risks:
        risk_ids[row.id] = len(issues) + 1
        issues.append(
            Issue(
                risk_ids[row.id],
                TASK,
                f"Risk: {row.title}",
                _risk_description(row),
                _risk_labels(row, "risk"),
                BAND_PRIORITY[row.band or "medium"],
                parent=epic_of[row.phase],
            )
        )
    mitigations = {
        item.id: item.mitigation for item in filled.project.playbook.items if isinstance(item, Risk)
    }
    for row in filled.risks:
        for step in mitigations.get(row.id, []):
            issues.append(
                Issue(
                    len(issues) + 1,
                    SUB_TASK,
                    _one_line(step),
                    f'{step}\n\nMitigation of the risk "{row.title}" ({row.id}).',
                    _risk_labels(row, "mitigation"),
                    BAND_PRIORITY[row.band or "medium"],
                    parent=risk_ids[row.id],
                )
            )
    return issues


def _label(prefix: str, value: str) -> str:
    """A Jira label: no spaces (Jira splits labels at them)."""
    return re.sub(r"\s+", "-", f"{prefix}-{value}".strip())


def _risk_labels(row: Row, kind: str) -> tuple[str, ...]:
    phase = (_label("phase", row.phase),) if row.phase else ()
    band = (_label("band", row.band),) if row.band else ()
    return (*phase, kind, *band)


def _owner(row: Row) -> str:
    if row.owner:
        return f"{row.owner} ({row.owner_role_title})"
    return f"{row.owner_role_title} (unassigned)"


def _state(row: Row) -> str:
    if row.state == "done" and row.done_on:
        return f"done on {row.done_on.isoformat()}"
    return row.state


def _task_description(row: Row) -> str:
    lines = [f"Owner: {_owner(row)}.", f"State: {_state(row)}."]
    if row.note:
        lines.append(f"Note: {row.note}")
    lines.append(f"Playbook item: {row.id}.")
    return "\n".join(lines)


def _risk_description(row: Row) -> str:
    lines = [
        f"Owner: {_owner(row)}.",
        f"Score: {row.score} (likelihood {row.likelihood} x impact {row.impact}), band {row.band}.",
        f"Response: {row.response}. Category: {row.category}.",
        f"State: {_state(row)}.",
    ]
    if row.note:
        lines.append(f"Note: {row.note}")
    lines.append(f"Playbook item: {row.id}.")
    return "\n".join(lines)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _summary(text: str) -> str:
    """One line of at most 255 characters, as Jira's summary field requires."""
    line = _one_line(text)
    return line if len(line) <= SUMMARY_LIMIT else line[: SUMMARY_LIMIT - 1] + "…"
