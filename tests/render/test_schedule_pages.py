"""The schedule on the site: a task's page names what it waits for, what waits for it and what
its due date counts from; a project's checklist shows blocked tasks and tasks with no due date;
the pages' data carries depends_on and the calendar's holidays."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from generator.pipeline import generate_pages
from tests.support.playbooks import demo_project, write_playbook
from tests.support.project import project_settings

TASKS = """
    tasks:
      - {id: prepare, title: Prepare the room, summary: s, phase: initiate, owner_role: pm,
         due: -1w}
      - id: meet
        title: Hold the meeting
        summary: s
        phase: initiate
        owner_role: pm
        due: after prepare +1w
        depends_on: [prepare]
      - {id: go-live-prep, title: Get ready for go-live, summary: s, phase: plan,
         owner_role: pm, due: go_live-2w, depends_on: [meet]}
"""
TODAY = dt.date(2027, 3, 1)


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    root = tmp_path_factory.mktemp("schedule")
    write_playbook(root, {"tasks.yaml": TASKS})
    (root / "projects").mkdir()
    (root / "projects" / "p.yaml").write_text(demo_project(), encoding="utf-8")
    (root / "calendar.yaml").write_text("holidays: [2027-01-29]\n", encoding="utf-8")
    return generate_pages(project_settings(root, today=TODAY))


def _section(page: str, heading: str) -> str:
    return page.split(f"## {heading}", 1)[1].split("\n## ", 1)[0]


def test_a_task_page_names_what_it_waits_for_and_what_its_due_date_counts_from(
    pages: dict[str, str],
) -> None:
    page = pages["playbooks/demo/tasks/meet.md"]
    assert "| initiate | Project manager | 1 week after prepare is due |" in page
    assert "The due date counts from the due date of [Prepare the room](prepare.md)." in page
    waits = _section(page, "Waits for { data-search-exclude }")
    assert "blocked until these tasks are done (or marked n/a)" in waits
    assert '<a href="../prepare/">Prepare the room</a>' in waits
    needed = _section(page, "Needed by { data-search-exclude }")
    assert '<a href="../go-live-prep/">Get ready for go-live</a>' in needed


def test_a_task_page_names_the_fact_its_due_date_counts_from(pages: dict[str, str]) -> None:
    page = pages["playbooks/demo/tasks/go-live-prep.md"]
    assert "| plan | Project manager | 2 weeks before go\\_live |" in page
    assert (
        "The due date counts from the project's answer to _go\\_live_; a project that has not "
        "answered it has no due date for this task."
    ) in page


def test_a_task_without_dependencies_has_no_such_sections(pages: dict[str, str]) -> None:
    page = pages["playbooks/demo/tasks/prepare.md"]
    assert "## Waits for" not in page
    assert "counts from" not in page
    assert '<a href="../meet/">Hold the meeting</a>' in _section(page, "Needed by")


def _task_row(page: str, item_id: str) -> str:
    found = re.search(rf'<tr data-pb-item="{item_id}" id="pb-task-{item_id}">.*?</tr>', page)
    assert found is not None, item_id
    return found.group()


def test_the_project_checklist_shows_blocked_tasks_and_missing_due_dates(
    pages: dict[str, str],
) -> None:
    page = pages["projects/p/index.md"]
    # prepare: Monday 25 January 2027, open and before today.
    assert "<td>2027-01-25</td><td><strong>overdue</strong></td>" in _task_row(page, "prepare")
    # meet: a week after prepare, Monday 1 February; blocked, so not overdue.
    assert (
        '<td>2027-02-01</td><td>blocked <span class="pb-waits">(waits for: Prepare the room)'
        "</span></td>"
    ) in _task_row(page, "meet")
    # go-live-prep: the project has not answered go_live.
    assert "<td>—</td><td>blocked" in _task_row(page, "go-live-prep")
    assert '<td id="pb-summary-overdue">1</td>' in page


def test_the_pages_data_carries_dependencies_and_holidays(pages: dict[str, str]) -> None:
    kickoff = pages["playbooks/demo/kickoff.md"]
    assert '"holidays":["2027-01-29"]' in kickoff
    assert '"due":"after prepare +1w","depends_on":["prepare"]' in kickoff
    project = pages["projects/p/index.md"]
    assert '"state":"blocked"' in project
    assert '"due":"","state":"blocked"' in project


def test_a_holiday_moves_a_due_date_on_the_project_page(tmp_path: Path) -> None:
    write_playbook(tmp_path, {"tasks.yaml": TASKS})
    (tmp_path / "projects").mkdir()
    (tmp_path / "projects" / "p.yaml").write_text(demo_project(), encoding="utf-8")
    (tmp_path / "calendar.yaml").write_text("holidays: [2027-01-25]\n", encoding="utf-8")
    page = generate_pages(project_settings(tmp_path, today=TODAY))["projects/p/index.md"]
    # prepare: Monday 25 January is a holiday, so Friday 22 January; meet a week later.
    assert "<td>2027-01-22</td>" in _task_row(page, "prepare")
    assert "<td>2027-01-29</td>" in _task_row(page, "meet")
