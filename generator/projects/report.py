"""`playbook report`: a project's weekly status report, the one a PM writes by hand today.

A ``StatusReport`` is read from a filled-in project (``FilledProject``, as of its *today*) and
the day of the last report, ``since`` (a week before today unless given). Its rules:

- **Status**: the project's RAG and the reasons its playbook's rules give
  (``generator.resolve.health``).
- **Progress now and at** ``since``: both count the same tasks, those counted now (every
  applicable task not marked n/a). Progress now is those done, over them; progress at
  ``since`` is those done *on or before* ``since``, over them. A task marked done without a
  date counts as done before ``since``. So a task marked n/a in the meantime leaves both
  figures, and a difference between them is work done, never a change of what is counted.
- **Done since**: tasks marked done on a day after ``since``, by date (then title).
- **Overdue**: open tasks due before today that wait for nothing (``FilledProject.overdue``),
  the latest first, with how many days late.
- **Due in the next two weeks**: open tasks due from today up to 14 days ahead
  (``Health.due_soon``), with how many days are left.
- **Top risks**: the ``TOP_RISKS`` open risks with the highest current score (the residual
  score once assessed, else the inherent one; of equal ones, the higher inherent score first,
  then by title), with the number of open risks left out.
- **Decisions needed**: open tasks that are decisions, by due date (undated ones last).
- **Blocked**: tasks that wait for a task they depend on, with what they wait for.

The report is written from templates (``generator.render.report``): Markdown, or a standalone
HTML page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from generator.errors import UsageError
from generator.projects.files import load_filled
from generator.publish.atomic import write_bytes_atomic, write_into
from generator.publish.guard import guard_output_file
from generator.render.pages import PageRenderer
from generator.render.report import render_report
from generator.resolve.project import FilledProject
from generator.resolve.rows import Row, percent_done
from generator.settings import Settings

# The default span of a report: the week before today.
REPORT_DAYS = 7
# How many risks a report lists, highest current score first.
TOP_RISKS = 5


@dataclass(frozen=True)
class Late:
    """An overdue task and how many days late it is (1 or more)."""

    row: Row
    days: int


@dataclass(frozen=True)
class Upcoming:
    """A task due soon and how many days are left (0: due today)."""

    row: Row
    days: int


@dataclass(frozen=True)
class StatusReport:
    """What a weekly status report says about one project, as of its ``today``."""

    filled: FilledProject
    since: dt.date
    counted: int  # tasks counted towards progress now
    done_now: int
    done_then: int  # of the tasks counted now, those done on or before ``since``
    done_since: tuple[Row, ...]
    overdue: tuple[Late, ...]
    due_soon: tuple[Upcoming, ...]
    top_risks: tuple[Row, ...]
    more_risks: int  # open risks beyond the top ones
    decisions: tuple[Row, ...]
    blocked: tuple[Row, ...]

    @property
    def today(self) -> dt.date:
        return self.filled.today

    @property
    def progress_now(self) -> int:
        return percent_done(self.done_now, self.counted)

    @property
    def progress_then(self) -> int:
        return percent_done(self.done_then, self.counted)


def default_since(today: dt.date) -> dt.date:
    return today - dt.timedelta(days=REPORT_DAYS)


def status_report(filled: FilledProject, since: dt.date | None = None) -> StatusReport:
    """The report of ``filled`` since ``since`` (default: a week before its today)."""
    today = filled.today
    since = default_since(today) if since is None else since
    counted = filled.counted
    done = [row for row in counted if row.state == "done"]
    done_since = sorted(
        (row for row in done if row.done_on is not None and row.done_on > since),
        key=lambda row: (row.done_on or since, row.title.lower()),
    )
    overdue = sorted(
        (Late(row, (today - row.due).days) for row in filled.overdue if row.due is not None),
        key=lambda late: (-late.days, late.row.title.lower()),
    )
    open_risks = sorted(
        (row for row in filled.risks if row.is_open),
        key=lambda row: (-row.current_score, -(row.score or 0), row.title.lower()),
    )
    decisions = sorted(
        (row for row in filled.tasks if row.decision and row.is_open),
        key=lambda row: (row.due is None, row.due or today, row.title.lower()),
    )
    return StatusReport(
        filled=filled,
        since=since,
        counted=len(counted),
        done_now=len(done),
        done_then=len(done) - len(done_since),
        done_since=tuple(done_since),
        overdue=tuple(overdue),
        due_soon=tuple(
            Upcoming(row, (row.due - today).days)
            for row in filled.health.due_soon
            if row.due is not None
        ),
        top_risks=tuple(open_risks[:TOP_RISKS]),
        more_risks=max(0, len(open_risks) - TOP_RISKS),
        decisions=tuple(decisions),
        blocked=filled.blocked,
    )


def status_reports(projects: Iterable[FilledProject]) -> tuple[StatusReport, ...]:
    """Each project's report of the week before its today (the site's report pages)."""
    return tuple(status_report(filled) for filled in projects)


def write_report(
    settings: Settings,
    reference: str,
    since: dt.date | None,
    fmt: str,
    output: str | None,
    *,
    base: Path,
) -> str | None:
    """A project's status report in ``fmt`` (md or html): returned when ``output`` is None,
    else written there, checked first like `playbook checklist -o` (never over an input)."""
    today = settings.today or dt.date.today()
    if since is not None and since > today:
        raise UsageError(
            f"--since {since} is after today ({today}): give the date of the last report"
        )
    target = (
        guard_output_file(settings, output, option="-o", base=base) if output is not None else None
    )
    report = status_report(load_filled(settings, reference), since)
    renderer = PageRenderer(settings.templates_path, settings.root, language=settings.language)
    text = render_report(report, renderer, fmt)
    if target is None:
        return text
    if target.stream:
        write_into(target.path, text.encode("utf-8"))
    else:
        write_bytes_atomic(target.path, text.encode("utf-8"))
    return None
