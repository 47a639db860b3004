"""generator.resolve.project: one project's checklist filled in, row by row.

Every test writes the demo playbook (tests/fixtures/playbook-demo, a file or two replaced) and
one project file into tmp_path, validates both the way the CLI does, and looks at the rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

import pytest

from generator.resolve.project import FilledProject, fill
from generator.resolve.rows import Row
from tests.support.fixtures import fixture_text
from tests.support.playbooks import (
    DEFAULT_FILES,
    PLAYBOOK_HEAD,
    demo_project,
    load_demo_project,
    task,
    yaml_text,
)

TODAY = dt.date(2027, 2, 1)
CONDITIONAL_TASKS = fixture_text("playbook-demo-conditions", "tasks.yaml")
# The demo risk (scope-creep, applies with team_size > 10, which the demo project has) and one
# the sponsor owns.
RISKS = (
    DEFAULT_FILES["risks.yaml"]
    + """\
  - id: vendor-failure
    title: Vendor fails
    summary: A key vendor cannot deliver.
    category: vendor
    description: The vendor goes bankrupt.
    likelihood: 1
    impact: 1
    warning_signs: [Late invoices.]
    response: transfer
    mitigation: [Escrow the source code.]
    owner_role: sponsor
"""
)


def _fill(
    tmp_path: Path,
    project: str,
    files: Mapping[str, str | None] | None = None,
    today: dt.date = TODAY,
) -> FilledProject:
    return fill(load_demo_project(tmp_path, project, files), today)


def row_of(filled: FilledProject, item_id: str) -> Row:
    found = [row for row in filled.rows if row.id == item_id]
    assert len(found) == 1, [row.id for row in filled.rows]
    return found[0]


# --- Conditions ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        pytest.param(
            "{regulated: true, team_size: 12, industry: banking}",
            {"t-regulated", "t-banking", "t-no-go-live"},
            id="regulated-bank",
        ),
        pytest.param(
            "{regulated: false, team_size: 12, industry: banking}",
            {"t-unregulated", "t-banking", "t-no-go-live"},
            id="unregulated-bank",
        ),
        pytest.param(
            "{regulated: false, team_size: 12, industry: retail}",
            {"t-unregulated", "t-retail", "t-no-go-live"},
            id="retail",
        ),
        pytest.param(
            "{regulated: true, team_size: 80, industry: banking}",
            {"t-regulated", "t-banking", "t-no-go-live", "t-big-regulated-bank"},
            id="large-regulated-bank",
        ),
        pytest.param(
            "{regulated: true, team_size: 80, industry: retail}",
            {"t-regulated", "t-retail", "t-no-go-live"},
            id="large-regulated-retail",
        ),
        pytest.param(
            "{regulated: false, team_size: 3, industry: retail, channels: [web, mobile]}",
            {"t-unregulated", "t-retail", "t-mobile", "t-no-go-live"},
            id="multi-choice-contains",
        ),
        pytest.param(
            "{regulated: false, team_size: 3, industry: retail, channels: [web]}",
            {"t-unregulated", "t-retail", "t-no-go-live"},
            id="multi-choice-lacks-mobile",
        ),
        pytest.param(
            "{regulated: false, team_size: 3, industry: retail, channels: []}",
            {"t-unregulated", "t-retail", "t-no-go-live"},
            id="multi-choice-empty",
        ),
        pytest.param(
            "{regulated: false, team_size: 3, industry: retail, go_live: 2027-12-01}",
            {"t-unregulated", "t-retail", "t-late-go-live"},
            id="late-go-live",
        ),
        pytest.param(
            "{regulated: false, team_size: 3, industry: retail, go_live: 2027-03-01}",
            {"t-unregulated", "t-retail"},
            id="early-go-live",
        ),
    ],
)
def test_conditions_select_items(tmp_path: Path, facts: str, expected: set[str]) -> None:
    filled = _fill(tmp_path, demo_project(facts=facts), {"tasks.yaml": CONDITIONAL_TASKS})
    ids = {row.id for row in filled.tasks}
    assert ids == expected | {"hold-kickoff"}


def test_unanswered_optional_facts_are_none_and_never_match(tmp_path: Path) -> None:
    project = load_demo_project(tmp_path, demo_project(), {"tasks.yaml": CONDITIONAL_TASKS})
    assert project.facts["channels"] is None
    assert project.facts["go_live"] is None
    # `contains` on an unanswered fact is false (no t-mobile), so is a comparison (no
    # t-late-go-live), and `not fact` is true (t-no-go-live).
    assert {row.id for row in fill(project, TODAY).tasks} == {
        "hold-kickoff",
        "t-regulated",
        "t-banking",
        "t-no-go-live",
    }


def test_condition_on_a_risk_removes_it_from_the_register(tmp_path: Path) -> None:
    # The default demo risk applies only when team_size > 10.
    small = _fill(
        tmp_path / "small",
        demo_project(facts="{regulated: true, team_size: 10, industry: banking}"),
    )
    large = _fill(
        tmp_path / "large",
        demo_project(facts="{regulated: true, team_size: 11, industry: banking}"),
    )
    assert [row.id for row in small.risks] == []
    assert [row.id for row in large.risks] == ["scope-creep"]


def test_facts_defaults_apply(tmp_path: Path) -> None:
    playbook = PLAYBOOK_HEAD + yaml_text("""
        facts:
          - {name: regulated, type: boolean, default: true}
          - {name: team_size, type: integer, default: 5}
          - {name: industry, type: choice, choices: [banking, retail], default: retail}
          - {name: channels, type: multi-choice, choices: [web, mobile], default: [mobile]}
          - {name: go_live, type: date, required: false}
    """)
    filled = _fill(
        tmp_path,
        demo_project(facts="{}"),
        {"playbook.yaml": playbook, "tasks.yaml": CONDITIONAL_TASKS},
    )
    assert dict(filled.project.facts) == {
        "regulated": True,
        "team_size": 5,
        "industry": "retail",
        "channels": ["mobile"],
        "go_live": None,
    }
    assert {row.id for row in filled.tasks} == {
        "hold-kickoff",
        "t-regulated",
        "t-retail",
        "t-mobile",
        "t-no-go-live",
    }


# --- Due dates ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kickoff", "offset", "expected"),
    [
        pytest.param("2027-02-01", "0d", "2027-02-01", id="kickoff-day"),
        pytest.param("2027-02-01", "+2w", "2027-02-15", id="weeks"),
        pytest.param("2027-02-01", "2w", "2027-02-15", id="weeks-unsigned"),
        pytest.param("2027-02-01", "-2w", "2027-01-18", id="weeks-before"),
        pytest.param("2027-02-01", "-10d", "2027-01-22", id="days-before"),
        pytest.param("2027-01-29", "+3d", "2027-02-01", id="over-month-end"),
        pytest.param("2028-01-24", "+1w", "2028-01-31", id="lands-on-jan-31"),
        pytest.param("2028-01-31", "+1d", "2028-02-01", id="from-jan-31"),
        pytest.param("2028-01-31", "+4w", "2028-02-28", id="jan-31-plus-4-weeks"),
        pytest.param("2028-02-22", "+1w", "2028-02-29", id="leap-day"),
        pytest.param("2028-03-01", "-1d", "2028-02-29", id="leap-day-before"),
        pytest.param("2028-02-28", "+2d", "2028-03-01", id="over-leap-day"),
        pytest.param("2032-03-01", "-1d", "2032-02-27", id="leap-day-on-sunday"),
        pytest.param("2027-12-27", "+1w", "2028-01-03", id="over-year-end"),
        pytest.param("2028-01-03", "-3d", "2027-12-31", id="back-over-year-end"),
        pytest.param("2027-12-31", "+1d", "2027-12-31", id="saturday-new-year-back-to-friday"),
        pytest.param("2029-01-01", "-1d", "2028-12-29", id="sunday-new-year-eve-to-friday"),
        pytest.param("2027-02-01", "+5d", "2027-02-05", id="saturday-to-friday"),
        pytest.param("2027-02-01", "+6d", "2027-02-05", id="sunday-to-friday"),
        pytest.param("2027-02-01", "-1d", "2027-01-29", id="before-kickoff-sunday"),
        pytest.param("2027-02-01", "-2d", "2027-01-29", id="before-kickoff-saturday"),
        pytest.param("2027-02-01", "-3d", "2027-01-29", id="friday-stays"),
        pytest.param("2027-02-06", "0d", "2027-02-05", id="saturday-kickoff"),
        pytest.param("2027-04-26", "+5d", "2027-04-30", id="saturday-may-1st-to-april"),
    ],
)
def test_due_date_is_kickoff_plus_offset(
    tmp_path: Path, kickoff: str, offset: str, expected: str
) -> None:
    tasks = task(id="the-task", due=f'"{offset}"')
    filled = _fill(tmp_path, demo_project(kickoff=kickoff), {"tasks.yaml": tasks})
    row = row_of(filled, "the-task")
    assert row.due == dt.date.fromisoformat(expected)
    assert row.due.weekday() < 5
    assert row.as_record()["due"] == expected


def test_risks_have_no_due_date(tmp_path: Path) -> None:
    filled = _fill(tmp_path, demo_project(), {"risks.yaml": RISKS})
    assert [(row.due, row.state) for row in filled.risks] == [(None, "open"), (None, "open")]


def test_tasks_are_sorted_by_phase_then_due(tmp_path: Path) -> None:
    tasks = """
        tasks:
          - {id: c-late-plan, title: C, summary: s, phase: plan, owner_role: pm, due: +3w}
          - {id: a-early-plan, title: A, summary: s, phase: plan, owner_role: pm, due: -1w}
          - {id: z-initiate, title: Z, summary: s, phase: initiate, owner_role: pm, due: +9w}
          - {id: b-close, title: B, summary: s, phase: close, owner_role: pm, due: -9w}
    """
    filled = _fill(tmp_path, demo_project(), {"tasks.yaml": tasks})
    assert [row.id for row in filled.tasks] == [
        "z-initiate",
        "a-early-plan",
        "c-late-plan",
        "b-close",
    ]


# --- Roles ----------------------------------------------------------------------------------


def test_owner_is_the_person_when_assigned_else_the_role_title(tmp_path: Path) -> None:
    extra = """
        roles:
          pm: Lee Chen
    """
    filled = _fill(tmp_path, demo_project(extra=extra), {"tasks.yaml": CONDITIONAL_TASKS})
    assigned = row_of(filled, "hold-kickoff")
    assert (assigned.owner_role, assigned.owner, assigned.owner_display) == (
        "pm",
        "Lee Chen",
        "Lee Chen",
    )
    assert assigned.owner_role_title == "Project manager"
    unassigned = row_of(filled, "t-regulated")
    assert (unassigned.owner_role, unassigned.owner) == ("sponsor", "")
    assert unassigned.owner_display == "Executive sponsor"
    assert unassigned.as_record()["owner"] == ""


def test_risk_owner_override_beats_the_role_assignment(tmp_path: Path) -> None:
    extra = """
        roles:
          pm: Lee Chen
          sponsor: Ada Obi
        risks:
          scope-creep: {owner: Dana Ruiz}
    """
    filled = _fill(tmp_path, demo_project(extra=extra), {"risks.yaml": RISKS})
    assert row_of(filled, "scope-creep").owner == "Dana Ruiz"
    assert row_of(filled, "scope-creep").owner_role == "pm"
    assert row_of(filled, "vendor-failure").owner == "Ada Obi"


def test_unassigned_risk_owner_shows_the_role_title(tmp_path: Path) -> None:
    filled = _fill(tmp_path, demo_project(), {"risks.yaml": RISKS})
    row = row_of(filled, "vendor-failure")
    assert row.owner == ""
    assert row.owner_display == "Executive sponsor"


# --- Risk scores and bands --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("override", "likelihood", "impact"),
    [
        pytest.param("", 3, 4, id="playbook-default"),
        pytest.param("scope-creep: {likelihood: 5, impact: 4}", 5, 4, id="full-override"),
        pytest.param("scope-creep: {impact: 2}", 3, 2, id="only-impact"),
        pytest.param("scope-creep: {likelihood: 1}", 1, 4, id="only-likelihood"),
        pytest.param("scope-creep: {note: watched weekly}", 3, 4, id="note-only"),
    ],
)
def test_score_is_likelihood_times_impact(
    tmp_path: Path, override: str, likelihood: int, impact: int
) -> None:
    extra = f"risks:\n  {override}\n" if override else ""
    filled = _fill(tmp_path, demo_project(extra=extra), {"risks.yaml": RISKS})
    row = row_of(filled, "scope-creep")
    assert (row.likelihood, row.impact, row.score) == (likelihood, impact, likelihood * impact)
    assert row.as_record()["score"] == likelihood * impact


def test_risk_note_joins_status_and_override_notes(tmp_path: Path) -> None:
    extra = """
        status:
          scope-creep: {state: open, note: raised at steering}
        risks:
          scope-creep: {impact: 5, note: watched weekly}
    """
    row = row_of(_fill(tmp_path, demo_project(extra=extra), {"risks.yaml": RISKS}), "scope-creep")
    assert row.note == "raised at steering watched weekly"


def test_risks_are_sorted_by_score_highest_first(tmp_path: Path) -> None:
    extra = """
        risks:
          vendor-failure: {likelihood: 5, impact: 5}
    """
    filled = _fill(tmp_path, demo_project(extra=extra), {"risks.yaml": RISKS})
    assert [(row.id, row.score) for row in filled.risks] == [
        ("vendor-failure", 25),
        ("scope-creep", 12),
    ]


DEFAULT_BANDS = ""
CUSTOM_BANDS = "risk_bands: {medium: 4, high: 9, critical: 15}\n"


@pytest.mark.parametrize(
    ("bands", "likelihood", "impact", "band"),
    [
        pytest.param(DEFAULT_BANDS, 1, 4, "low", id="default-4-low"),
        pytest.param(DEFAULT_BANDS, 1, 5, "medium", id="default-5-medium"),
        pytest.param(DEFAULT_BANDS, 3, 3, "medium", id="default-9-medium"),
        pytest.param(DEFAULT_BANDS, 2, 5, "high", id="default-10-high"),
        pytest.param(DEFAULT_BANDS, 3, 5, "high", id="default-15-high"),
        pytest.param(DEFAULT_BANDS, 4, 4, "critical", id="default-16-critical"),
        pytest.param(DEFAULT_BANDS, 5, 5, "critical", id="default-25-critical"),
        pytest.param(CUSTOM_BANDS, 1, 3, "low", id="custom-3-low"),
        pytest.param(CUSTOM_BANDS, 2, 2, "medium", id="custom-4-medium"),
        pytest.param(CUSTOM_BANDS, 2, 4, "medium", id="custom-8-medium"),
        pytest.param(CUSTOM_BANDS, 3, 3, "high", id="custom-9-high"),
        pytest.param(CUSTOM_BANDS, 3, 4, "high", id="custom-12-high"),
        pytest.param(CUSTOM_BANDS, 3, 5, "critical", id="custom-15-critical"),
        pytest.param(CUSTOM_BANDS, 1, 2, "low", id="custom-2-low"),
    ],
)
def test_band_thresholds(
    tmp_path: Path, bands: str, likelihood: int, impact: int, band: str
) -> None:
    extra = f"risks:\n  scope-creep: {{likelihood: {likelihood}, impact: {impact}}}\n"
    filled = _fill(
        tmp_path,
        demo_project(extra=extra),
        {"playbook.yaml": DEFAULT_FILES["playbook.yaml"] + bands, "risks.yaml": RISKS},
    )
    row = row_of(filled, "scope-creep")
    assert row.score == likelihood * impact
    assert row.band == band
    assert filled.band_at(likelihood, impact) == band
    assert filled.heat(likelihood, impact) == (row,)


# --- States and progress ----------------------------------------------------------------------

STATE_TASKS = """
    tasks:
      - {id: past, title: Past task, summary: s, phase: initiate, owner_role: pm, due: -1w}
      - {id: due-today, title: Due today, summary: s, phase: initiate, owner_role: pm, due: 0d}
      - {id: future, title: Future task, summary: s, phase: plan, owner_role: pm, due: +1w}
"""


@pytest.mark.parametrize(
    ("status", "item_id", "state"),
    [
        pytest.param("", "past", "overdue", id="past-and-open-is-overdue"),
        pytest.param("", "due-today", "open", id="due-today-is-not-overdue"),
        pytest.param("", "future", "open", id="future-is-open"),
        pytest.param("past: {state: open}", "past", "overdue", id="explicit-open-past"),
        pytest.param("past: {state: done, date: 2027-01-20}", "past", "done", id="done"),
        pytest.param("past: {state: n/a}", "past", "n/a", id="na-past-never-overdue"),
        pytest.param("future: {state: done}", "future", "done", id="done-early"),
        pytest.param("future: {state: n/a, note: in-house}", "future", "n/a", id="na-future"),
    ],
)
def test_states_against_a_fixed_today(
    tmp_path: Path, status: str, item_id: str, state: str
) -> None:
    extra = f"status:\n  {status}\n" if status else ""
    filled = _fill(tmp_path, demo_project(extra=extra), {"tasks.yaml": STATE_TASKS}, today=TODAY)
    assert row_of(filled, item_id).state == state
    assert [row.id for row in filled.overdue] == [
        row.id for row in filled.tasks if row.state == "overdue"
    ]


def test_overdue_depends_on_today(tmp_path: Path) -> None:
    project = load_demo_project(tmp_path, demo_project(), {"tasks.yaml": STATE_TASKS})
    assert [row.id for row in fill(project, dt.date(2027, 1, 25)).overdue] == []
    assert [row.id for row in fill(project, dt.date(2027, 1, 26)).overdue] == ["past"]
    assert [row.id for row in fill(project, dt.date(2027, 2, 2)).overdue] == ["past", "due-today"]


def test_done_date_and_note_reach_therow_of(tmp_path: Path) -> None:
    extra = """
        status:
          past: {state: done, date: 2027-01-20, note: signed off}
    """
    row = row_of(_fill(tmp_path, demo_project(extra=extra), {"tasks.yaml": STATE_TASKS}), "past")
    assert (row.done_on, row.note) == (dt.date(2027, 1, 20), "signed off")
    assert row.as_record()["done_on"] == "2027-01-20"


FOUR_TASKS = """
    tasks:
      - {id: t1, title: T1, summary: s, phase: plan, owner_role: pm, due: +1w}
      - {id: t2, title: T2, summary: s, phase: plan, owner_role: pm, due: +1w}
      - {id: t3, title: T3, summary: s, phase: plan, owner_role: pm, due: +1w}
      - {id: t4, title: T4, summary: s, phase: plan, owner_role: pm, due: +1w}
"""


@pytest.mark.parametrize(
    ("states", "done", "counted", "percent"),
    [
        pytest.param({}, 0, 4, 0, id="nothing-done"),
        pytest.param({"t1": "done"}, 1, 4, 25, id="quarter"),
        pytest.param({"t1": "done", "t2": "n/a"}, 1, 3, 33, id="rounded-down"),
        pytest.param({"t1": "done", "t2": "done", "t3": "n/a"}, 2, 3, 66, id="two-thirds"),
        pytest.param({"t1": "done", "t2": "done", "t3": "done"}, 3, 4, 75, id="three-quarters"),
        pytest.param(
            {"t1": "done", "t2": "done", "t3": "done", "t4": "n/a"}, 3, 3, 100, id="rest-na"
        ),
        pytest.param(
            {"t1": "done", "t2": "done", "t3": "done", "t4": "done"}, 4, 4, 100, id="all-done"
        ),
        pytest.param(
            {"t1": "n/a", "t2": "n/a", "t3": "n/a", "t4": "n/a"},
            0,
            0,
            100,
            id="all-na-nothing-counts",
        ),
        pytest.param({"t1": "open", "t2": "n/a"}, 0, 3, 0, id="open-counts"),
    ],
)
def test_progress_excludes_na(
    tmp_path: Path, states: dict[str, str], done: int, counted: int, percent: int
) -> None:
    lines = "".join(f"  {item}: {{state: {state}}}\n" for item, state in states.items())
    extra = f"status:\n{lines}" if lines else ""
    filled = _fill(tmp_path, demo_project(extra=extra), {"tasks.yaml": FOUR_TASKS})
    assert (filled.done, len(filled.counted), filled.progress) == (done, counted, percent)


def test_progress_is_100_when_no_task_applies(tmp_path: Path) -> None:
    tasks = """
        tasks:
          - {id: t1, title: T1, summary: s, phase: plan, owner_role: pm, due: +1w,
             condition: industry == 'retail'}
    """
    filled = _fill(tmp_path, demo_project(), {"tasks.yaml": tasks})
    assert filled.tasks == ()
    assert filled.progress == 100


def test_risks_never_count_towards_progress(tmp_path: Path) -> None:
    extra = """
        status:
          scope-creep: {state: done}
    """
    filled = _fill(
        tmp_path, demo_project(extra=extra), {"tasks.yaml": FOUR_TASKS, "risks.yaml": RISKS}
    )
    assert row_of(filled, "scope-creep").state == "done"
    assert (filled.done, len(filled.counted), filled.progress) == (0, 4, 0)
