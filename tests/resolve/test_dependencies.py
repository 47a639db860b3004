"""generator.resolve.project: due dates counted from date facts and other tasks, holidays, and
tasks blocked by the tasks they depend on.

The demo project's kickoff is Monday 2027-02-01; its go_live fact is optional.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.resolve.project import FilledProject, fill
from generator.resolve.rows import Row
from tests.support.playbooks import demo_project, load_demo_project

TODAY = dt.date(2027, 3, 1)

# prepare (-1w) <- meet (0d) <- follow-up (after meet +1w); review waits for both; the
# regulated-only task applies to the demo project (regulated: true), the retail one does not.
TASKS = """
    tasks:
      - {id: prepare, title: Prepare, summary: s, phase: initiate, owner_role: pm, due: -1w}
      - id: meet
        title: Meet
        summary: s
        phase: initiate
        owner_role: pm
        due: 0d
        depends_on: [prepare]
      - id: follow-up
        title: Follow up
        summary: s
        phase: plan
        owner_role: pm
        due: after meet +1w
        depends_on: [meet, retail-only]
      - id: review
        title: Review
        summary: s
        phase: plan
        owner_role: sponsor
        due: +2w
        depends_on: [prepare, regulated-only]
      - id: regulated-only
        title: Regulated only
        summary: s
        phase: plan
        owner_role: pm
        due: -2w
        condition: regulated
      - id: retail-only
        title: Retail only
        summary: s
        phase: plan
        owner_role: pm
        due: -2w
        condition: industry == 'retail'
      - {id: go-live-prep, title: Go-live prep, summary: s, phase: execute, owner_role: pm,
         due: go_live-2w}
      - id: after-retail
        title: After the retail task
        summary: s
        phase: execute
        owner_role: pm
        due: after retail-only +3d
"""


def _fill(
    tmp_path: Path,
    status: str = "",
    *,
    facts: str = "{regulated: true, team_size: 12, industry: banking}",
    today: dt.date = TODAY,
) -> FilledProject:
    extra = f"status:\n{status}" if status else ""
    project = load_demo_project(
        tmp_path, demo_project(facts=facts, extra=extra), {"tasks.yaml": TASKS}
    )
    return fill(project, today)


def _row(filled: FilledProject, item_id: str) -> Row:
    (found,) = [row for row in filled.tasks if row.id == item_id]
    return found


def _states(filled: FilledProject) -> dict[str, str]:
    return {row.id: row.shown_state for row in filled.tasks}


def test_a_task_waits_for_its_open_dependencies(tmp_path: Path) -> None:
    filled = _fill(tmp_path)
    assert _states(filled) == {
        "prepare": "overdue",
        "meet": "blocked",
        "regulated-only": "overdue",
        "follow-up": "blocked",
        "review": "blocked",
        "go-live-prep": "open",
        "after-retail": "overdue",
    }
    # The dependency that does not apply (retail-only) is left out.
    assert _row(filled, "follow-up").blocked_by == ("meet",)
    assert _row(filled, "review").blocked_by == ("prepare", "regulated-only")
    assert _row(filled, "review").blocked_by_titles == ("Prepare", "Regulated only")


def test_a_blocked_task_is_open_for_calendars_and_never_overdue(tmp_path: Path) -> None:
    filled = _fill(tmp_path)
    meet = _row(filled, "meet")  # due 2027-02-01, before today, but blocked
    assert (meet.state, meet.shown_state, meet.due) == ("open", "blocked", dt.date(2027, 2, 1))
    assert meet.as_record()["state"] == "blocked"
    assert [row.id for row in filled.overdue] == ["prepare", "regulated-only", "after-retail"]
    assert [row.id for row in filled.blocked] == ["meet", "follow-up", "review"]
    assert filled.progress == 0


@pytest.mark.parametrize("finished", ["{state: done, date: 2027-01-25}", "{state: n/a}"])
def test_done_or_na_dependencies_unblock(tmp_path: Path, finished: str) -> None:
    status = f"  prepare: {finished}\n  regulated-only: {finished}\n"
    filled = _fill(tmp_path, status)
    assert _row(filled, "meet").shown_state == "overdue"  # waits no more; due 2027-02-01
    assert _row(filled, "review").shown_state == "overdue"  # due 2027-02-15
    assert _row(filled, "follow-up").blocked_by == ("meet",)


def test_an_explicitly_open_dependency_still_blocks(tmp_path: Path) -> None:
    filled = _fill(tmp_path, "  prepare: {state: open, note: waiting}\n")
    assert _row(filled, "meet").blocked_by == ("prepare",)


@pytest.mark.parametrize("state", ["{state: done, date: 2027-02-01}", "{state: n/a}"])
def test_a_finished_task_is_never_blocked(tmp_path: Path, state: str) -> None:
    meet = _row(_fill(tmp_path, f"  meet: {state}\n"), "meet")
    assert meet.blocked_by == ()
    assert meet.shown_state == meet.state


def test_a_task_due_after_another_that_does_not_apply_still_counts_from_it(
    tmp_path: Path,
) -> None:
    filled = _fill(tmp_path)
    assert "retail-only" not in _states(filled)
    # retail-only is due 2027-01-18 (-2w), so after-retail is due three days later.
    assert _row(filled, "after-retail").due == dt.date(2027, 1, 21)


def test_a_task_counted_from_an_unanswered_fact_has_no_due_date(tmp_path: Path) -> None:
    filled = _fill(tmp_path, today=dt.date(2099, 1, 1))
    row = _row(filled, "go-live-prep")
    assert (row.due, row.state) == (None, "open")  # never overdue
    assert row.as_record()["due"] == ""
    # Sorted as if due today: after the dated tasks of its phase, by title.
    assert [r.id for r in filled.tasks_in("execute")] == ["after-retail", "go-live-prep"]


def test_a_task_counted_from_a_date_fact(tmp_path: Path) -> None:
    facts = "{regulated: true, team_size: 12, industry: banking, go_live: 2027-06-19}"
    row = _row(_fill(tmp_path, facts=facts), "go-live-prep")
    # Saturday 19 June minus two weeks is Saturday 5 June: back to Friday 4 June.
    assert row.due == dt.date(2027, 6, 4)


def test_follow_up_counts_from_the_meeting(tmp_path: Path) -> None:
    filled = _fill(tmp_path)
    assert _row(filled, "follow-up").due == dt.date(2027, 2, 8)


def test_holidays_of_the_calendar_move_due_dates_back(tmp_path: Path) -> None:
    (tmp_path / "calendar.yaml").write_text(
        "holidays: [2027-02-01, 2027-01-29, 2027-02-08]\n", encoding="utf-8"
    )
    filled = _fill(tmp_path)
    # meet: Monday 1 February is a holiday, so is Friday 29 January: Thursday 28 January.
    assert _row(filled, "meet").due == dt.date(2027, 1, 28)
    # follow-up: a week after 28 January is Thursday 4 February.
    assert _row(filled, "follow-up").due == dt.date(2027, 2, 4)
    # prepare: Monday 25 January, not a holiday.
    assert _row(filled, "prepare").due == dt.date(2027, 1, 25)
    assert filled.project.playbook.holidays == frozenset(
        dt.date.fromisoformat(text) for text in ("2027-02-01", "2027-01-29", "2027-02-08")
    )
