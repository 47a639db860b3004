"""Filling one project's checklist (resolve.project.fill, validate.project), row by row.

Every test writes a small playbook (tests.helpers_playbook) and one project file into
tmp_path, validates both the way the CLI does, and looks at the filled rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

import pytest

from generator.errors import ContentError
from generator.model.project import Project
from generator.resolve.project import FilledProject, Row, fill
from generator.validate.project import validate_project
from tests.helpers_playbook import DEFAULT_FILES, write_playbook, yaml_text

TODAY = dt.date(2027, 2, 1)

# Tasks whose conditions cover every kind of fact; "hold-kickoff" always applies.
CONDITIONAL_TASKS = """
    tasks:
      - id: hold-kickoff
        title: Hold the kickoff meeting
        summary: Bring everyone together.
        phase: initiate
        owner_role: pm
        due: 0d
      - id: t-regulated
        title: Notify the regulator
        summary: Regulated projects only.
        phase: plan
        owner_role: sponsor
        due: +1w
        condition: regulated
      - id: t-unregulated
        title: Skip the regulator
        summary: Unregulated projects only.
        phase: plan
        owner_role: pm
        due: +1w
        condition: not regulated
      - id: t-banking
        title: Book the cut-over window
        summary: Banks only.
        phase: plan
        owner_role: pm
        due: +1w
        condition: industry == 'banking'
      - id: t-retail
        title: Plan around peak season
        summary: Retailers only.
        phase: plan
        owner_role: pm
        due: +1w
        condition: industry == 'retail'
      - id: t-mobile
        title: Book app store review
        summary: Only with a mobile channel.
        phase: execute
        owner_role: pm
        due: +2w
        condition: channels contains 'mobile'
      - id: t-no-go-live
        title: Agree a go-live date
        summary: Only while no go-live date is known.
        phase: plan
        owner_role: pm
        due: +1w
        condition: not go_live
      - id: t-late-go-live
        title: Plan a long programme
        summary: Only with a go-live date after mid 2027.
        phase: plan
        owner_role: pm
        due: +1w
        condition: go_live > 2027-06-30
      - id: t-big-regulated-bank
        title: Brief the banking supervisor
        summary: Large regulated banks only.
        phase: plan
        owner_role: sponsor
        due: +1w
        condition: regulated and industry == 'banking' and team_size >= 50
"""

RISKS = """
    risks:
      - id: scope-creep
        title: Scope creep
        summary: Requirements keep growing.
        category: delivery
        description: Every department adds its wish list.
        likelihood: 3
        impact: 4
        warning_signs: [New requests arrive every week.]
        response: mitigate
        mitigation: [Put every change through change control.]
        owner_role: pm
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

FACTS = "{regulated: true, team_size: 12, industry: banking}"


def _project_yaml(
    *, facts: str = FACTS, kickoff: str = "2027-02-01", version: str = "1.0.0", extra: str = ""
) -> str:
    return (
        f'name: Harbour Bank\nplaybook: demo\nplaybook_version: "{version}"\n'
        f"kickoff: {kickoff}\nfacts: {facts}\n{yaml_text(extra)}"
    )


def _load(tmp_path: Path, project: str, files: Mapping[str, str | None] | None = None) -> Project:
    from generator.validate.playbook import validate_playbook

    folder = write_playbook(tmp_path, files)
    playbook = validate_playbook(folder, tmp_path)
    path = tmp_path / "projects" / "p.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(project, encoding="utf-8")
    return validate_project(path, tmp_path, {playbook.id: playbook})


def _fill(
    tmp_path: Path,
    project: str,
    files: Mapping[str, str | None] | None = None,
    today: dt.date = TODAY,
) -> FilledProject:
    return fill(_load(tmp_path, project, files), today)


def _row(filled: FilledProject, item_id: str) -> Row:
    found = [row for row in filled.rows if row.id == item_id]
    assert len(found) == 1, [row.id for row in filled.rows]
    return found[0]


def _problems(
    tmp_path: Path, project: str, files: Mapping[str, str | None] | None = None
) -> list[str]:
    with pytest.raises(ContentError) as caught:
        _load(tmp_path, project, files)
    return [str(problem) for problem in caught.value.problems]


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
    filled = _fill(tmp_path, _project_yaml(facts=facts), {"tasks.yaml": CONDITIONAL_TASKS})
    ids = {row.id for row in filled.tasks}
    assert ids == expected | {"hold-kickoff"}


def test_unanswered_optional_facts_are_none_and_never_match(tmp_path: Path) -> None:
    project = _load(tmp_path, _project_yaml(), {"tasks.yaml": CONDITIONAL_TASKS})
    assert project.facts["channels"] is None
    assert project.facts["go_live"] is None
    ids = {row.id for row in fill(project, TODAY).tasks}
    assert "t-mobile" not in ids  # `contains` on an unanswered fact is false
    assert "t-late-go-live" not in ids  # so is a comparison
    assert "t-no-go-live" in ids  # and `not fact` is true


def test_condition_on_a_risk_removes_it_from_the_register(tmp_path: Path) -> None:
    # The default demo risk applies only when team_size > 10.
    small = _fill(
        tmp_path / "small",
        _project_yaml(facts="{regulated: true, team_size: 10, industry: banking}"),
    )
    large = _fill(
        tmp_path / "large",
        _project_yaml(facts="{regulated: true, team_size: 11, industry: banking}"),
    )
    assert [row.id for row in small.risks] == []
    assert [row.id for row in large.risks] == ["scope-creep"]


def test_facts_defaults_apply(tmp_path: Path) -> None:
    playbook = """
        id: demo
        title: Demo playbook
        description: Defaults.
        version: "1.0.0"
        roles:
          - {id: pm, title: Project manager}
          - {id: sponsor, title: Executive sponsor}
        facts:
          - {name: regulated, type: boolean, default: true}
          - {name: team_size, type: integer, default: 5}
          - {name: industry, type: choice, choices: [banking, retail], default: retail}
          - {name: channels, type: multi-choice, choices: [web, mobile], default: [mobile]}
          - {name: go_live, type: date, required: false}
    """
    filled = _fill(
        tmp_path,
        _project_yaml(facts="{}"),
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


def _one_task(due: str) -> dict[str, str]:
    return {
        "tasks.yaml": f"""
        tasks:
          - id: the-task
            title: The task
            summary: One task.
            phase: plan
            owner_role: pm
            due: "{due}"
    """
    }


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
    filled = _fill(tmp_path, _project_yaml(kickoff=kickoff), _one_task(offset))
    row = _row(filled, "the-task")
    assert row.due == dt.date.fromisoformat(expected)
    assert row.due.weekday() < 5
    assert row.as_record()["due"] == expected


def test_risks_have_no_due_date(tmp_path: Path) -> None:
    filled = _fill(tmp_path, _project_yaml(), {"risks.yaml": RISKS})
    assert [row.due for row in filled.risks] == [None, None]
    assert all(row.state == "open" for row in filled.risks)


def test_tasks_are_sorted_by_phase_then_due(tmp_path: Path) -> None:
    tasks = """
        tasks:
          - {id: c-late-plan, title: C, summary: s, phase: plan, owner_role: pm, due: +3w}
          - {id: a-early-plan, title: A, summary: s, phase: plan, owner_role: pm, due: -1w}
          - {id: z-initiate, title: Z, summary: s, phase: initiate, owner_role: pm, due: +9w}
          - {id: b-close, title: B, summary: s, phase: close, owner_role: pm, due: -9w}
    """
    filled = _fill(tmp_path, _project_yaml(), {"tasks.yaml": tasks})
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
    filled = _fill(tmp_path, _project_yaml(extra=extra), {"tasks.yaml": CONDITIONAL_TASKS})
    assigned = _row(filled, "hold-kickoff")
    assert (assigned.owner_role, assigned.owner, assigned.owner_display) == (
        "pm",
        "Lee Chen",
        "Lee Chen",
    )
    assert assigned.owner_role_title == "Project manager"
    unassigned = _row(filled, "t-regulated")
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
    filled = _fill(tmp_path, _project_yaml(extra=extra), {"risks.yaml": RISKS})
    assert _row(filled, "scope-creep").owner == "Dana Ruiz"
    assert _row(filled, "scope-creep").owner_role == "pm"
    assert _row(filled, "vendor-failure").owner == "Ada Obi"


def test_unassigned_risk_owner_shows_the_role_title(tmp_path: Path) -> None:
    filled = _fill(tmp_path, _project_yaml(), {"risks.yaml": RISKS})
    row = _row(filled, "vendor-failure")
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
    filled = _fill(tmp_path, _project_yaml(extra=extra), {"risks.yaml": RISKS})
    row = _row(filled, "scope-creep")
    assert (row.likelihood, row.impact, row.score) == (likelihood, impact, likelihood * impact)
    assert row.as_record()["score"] == likelihood * impact


def test_risk_note_joins_status_and_override_notes(tmp_path: Path) -> None:
    extra = """
        status:
          scope-creep: {state: open, note: raised at steering}
        risks:
          scope-creep: {impact: 5, note: watched weekly}
    """
    row = _row(_fill(tmp_path, _project_yaml(extra=extra), {"risks.yaml": RISKS}), "scope-creep")
    assert row.note == "raised at steering watched weekly"


def test_risks_are_sorted_by_score_highest_first(tmp_path: Path) -> None:
    extra = """
        risks:
          vendor-failure: {likelihood: 5, impact: 5}
    """
    filled = _fill(tmp_path, _project_yaml(extra=extra), {"risks.yaml": RISKS})
    assert [(row.id, row.score) for row in filled.risks] == [
        ("vendor-failure", 25),
        ("scope-creep", 12),
    ]


DEFAULT_BANDS = ""
CUSTOM_BANDS = "risk_bands: {medium: 4, high: 9, critical: 15}\n"


def _playbook_with_bands(bands: str) -> str:
    return (
        yaml_text("""
        id: demo
        title: Demo playbook
        description: Bands.
        version: "1.0.0"
        roles:
          - {id: pm, title: Project manager}
          - {id: sponsor, title: Executive sponsor}
        facts:
          - {name: regulated, type: boolean}
          - {name: team_size, type: integer}
          - {name: industry, type: choice, choices: [banking, retail]}
          - {name: channels, type: multi-choice, choices: [web, mobile], required: false}
          - {name: go_live, type: date, required: false}
    """)
        + bands
    )


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
        _project_yaml(extra=extra),
        {"playbook.yaml": _playbook_with_bands(bands), "risks.yaml": RISKS},
    )
    row = _row(filled, "scope-creep")
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
    filled = _fill(tmp_path, _project_yaml(extra=extra), {"tasks.yaml": STATE_TASKS}, today=TODAY)
    assert _row(filled, item_id).state == state
    assert [row.id for row in filled.overdue] == [
        row.id for row in filled.tasks if row.state == "overdue"
    ]


def test_overdue_depends_on_today(tmp_path: Path) -> None:
    project = _load(tmp_path, _project_yaml(), {"tasks.yaml": STATE_TASKS})
    assert [row.id for row in fill(project, dt.date(2027, 1, 25)).overdue] == []
    assert [row.id for row in fill(project, dt.date(2027, 1, 26)).overdue] == ["past"]
    assert [row.id for row in fill(project, dt.date(2027, 2, 2)).overdue] == ["past", "due-today"]


def test_done_date_and_note_reach_the_row(tmp_path: Path) -> None:
    extra = """
        status:
          past: {state: done, date: 2027-01-20, note: signed off}
    """
    row = _row(_fill(tmp_path, _project_yaml(extra=extra), {"tasks.yaml": STATE_TASKS}), "past")
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
    filled = _fill(tmp_path, _project_yaml(extra=extra), {"tasks.yaml": FOUR_TASKS})
    assert (filled.done, len(filled.counted), filled.progress) == (done, counted, percent)


def test_progress_is_100_when_no_task_applies(tmp_path: Path) -> None:
    tasks = """
        tasks:
          - {id: t1, title: T1, summary: s, phase: plan, owner_role: pm, due: +1w,
             condition: industry == 'retail'}
    """
    filled = _fill(tmp_path, _project_yaml(), {"tasks.yaml": tasks})
    assert filled.tasks == ()
    assert filled.progress == 100


def test_risks_never_count_towards_progress(tmp_path: Path) -> None:
    extra = """
        status:
          scope-creep: {state: done}
    """
    filled = _fill(
        tmp_path, _project_yaml(extra=extra), {"tasks.yaml": FOUR_TASKS, "risks.yaml": RISKS}
    )
    assert _row(filled, "scope-creep").state == "done"
    assert (filled.done, len(filled.counted), filled.progress) == (0, 4, 0)


# --- Project validation ---------------------------------------------------------------------

BASE = """\
name: Harbour Bank
playbook: demo
playbook_version: "1.0.0"
kickoff: 2027-02-01
facts:
  regulated: true
  team_size: 12
  industry: banking
"""


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        pytest.param(
            "status:\n  hold-kickof: {state: done}\n",
            "projects/p.yaml:10:3: unknown item 'hold-kickof' in playbook 'demo' "
            "(did you mean 'hold-kickoff'?)",
            id="unknown-status-id",
        ),
        pytest.param(
            "risks:\n  scope-crep: {impact: 2}\n",
            "projects/p.yaml:10:3: unknown item 'scope-crep' in playbook 'demo' "
            "(did you mean 'scope-creep'?)",
            id="unknown-risk-id",
        ),
        pytest.param(
            "status:\n  hold-kickoff: {state: finished}\n",
            "projects/p.yaml:10:25: 'state' must be one of 'open', 'done' or 'n/a', got 'finished'",
            id="bad-state",
        ),
        pytest.param(
            "status:\n  hold-kickoff: {state: done, date: 2027-02-30}\n",
            "projects/p.yaml:10:37: 'date': 2027-02-30: day 30 does not exist "
            "(February 2027 has 28 days)",
            id="bad-status-date",
        ),
        pytest.param(
            "roles:\n  sponsr: Ada Obi\n",
            "projects/p.yaml:10:3: unknown role 'sponsr' in playbook 'demo' "
            "(did you mean 'sponsor'?)",
            id="unknown-role",
        ),
        pytest.param(
            "risks:\n  hold-kickoff: {impact: 2}\n",
            "projects/p.yaml:10:3: 'hold-kickoff' is not a risk, so it has no score to override",
            id="override-on-a-task",
        ),
        pytest.param(
            "risks:\n  scope-creep: {impact: 6}\n",
            "projects/p.yaml:10:25: 'impact' must be at most 5, got 6 (a number)",
            id="impact-out-of-range",
        ),
    ],
)
def test_project_problems_name_file_and_line(tmp_path: Path, extra: str, expected: str) -> None:
    assert _problems(tmp_path, BASE + extra) == [expected]


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        pytest.param(
            "facts:\n  regulated: true\n  team_size: 12\n",
            "projects/p.yaml:6:3: unanswered fact 'industry': choice",
            id="unanswered-required",
        ),
        pytest.param(
            "facts:\n  regulated: true\n  team_size: 12\n  industry: banking\n  industy: x\n",
            "projects/p.yaml:9:3: unknown fact 'industy' in playbook 'demo' "
            "(did you mean 'industry'?)",
            id="unknown-fact",
        ),
        pytest.param(
            "facts:\n  regulated: true\n  team_size: twelve\n  industry: banking\n",
            "projects/p.yaml:7:14: fact 'team_size': expected a whole number",
            id="integer-as-text",
        ),
        pytest.param(
            "facts:\n  regulated: true\n  team_size: --5\n  industry: banking\n",
            "projects/p.yaml:7:14: fact 'team_size': expected a whole number",
            id="integer-double-minus",
        ),
        pytest.param(
            "facts:\n  regulated: true\n  team_size: '²'\n  industry: banking\n",
            "projects/p.yaml:7:14: fact 'team_size': expected a whole number",
            id="integer-superscript-digit",
        ),
        pytest.param(
            "facts:\n  regulated: maybe\n  team_size: 12\n  industry: banking\n",
            "projects/p.yaml:6:14: fact 'regulated': expected true or false",
            id="boolean-as-text",
        ),
        pytest.param(
            "facts:\n  regulated: true\n  team_size: 12\n  industry: insurance\n",
            "projects/p.yaml:8:13: fact 'industry': expected one of: banking, retail",
            id="not-a-choice",
        ),
        pytest.param(
            "facts:\n  regulated: true\n  team_size: 12\n  industry: banking\n"
            "  channels: [web, fax]\n",
            "projects/p.yaml:9:13: fact 'channels': expected any of: web, mobile (comma-separated)",
            id="not-a-multi-choice",
        ),
        pytest.param(
            "facts:\n  regulated: true\n  team_size: 12\n  industry: banking\n  go_live: soon\n",
            "projects/p.yaml:9:12: fact 'go_live': 'soon' is not a date written YYYY-MM-DD",
            id="date-as-text",
        ),
    ],
)
def test_fact_problems(tmp_path: Path, facts: str, expected: str) -> None:
    head = BASE.split("facts:")[0]
    assert _problems(tmp_path, head + facts) == [expected]


def test_bad_kickoff_date_is_reported_at_its_line(tmp_path: Path) -> None:
    text = BASE.replace("kickoff: 2027-02-01", "kickoff: 2027-02-30")
    assert _problems(tmp_path, text) == [
        "projects/p.yaml:4:10: 'kickoff': 2027-02-30: day 30 does not exist "
        "(February 2027 has 28 days)"
    ]


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    text = BASE + yaml_text("""
        roles:
          sponsr: Ada Obi
        status:
          hold-kickof: {state: done}
        risks:
          hold-kickoff: {impact: 2}
    """)
    problems = _problems(tmp_path, text)
    assert [p.split(": ", 1)[0] for p in problems] == [
        "projects/p.yaml:10:3",
        "projects/p.yaml:12:3",
        "projects/p.yaml:14:3",
    ]


@pytest.mark.parametrize(
    ("project_version", "playbook_version"),
    [("1.0.1", "1.0.0"), ("2.0.0", "1.9.9"), ("1.10.0", "1.9.0")],
)
def test_playbook_version_newer_than_the_playbook(
    tmp_path: Path, project_version: str, playbook_version: str
) -> None:
    playbook = yaml_text(DEFAULT_FILES["playbook.yaml"]).replace('"1.0.0"', f'"{playbook_version}"')
    text = BASE.replace('"1.0.0"', f'"{project_version}"')
    assert _problems(tmp_path, text, {"playbook.yaml": playbook}) == [
        f"projects/p.yaml:3:19: playbook_version {project_version} is newer than the playbook "
        f"'demo' ({playbook_version})"
    ]


def test_older_version_numbers_compare_numerically(tmp_path: Path) -> None:
    playbook = yaml_text(DEFAULT_FILES["playbook.yaml"]).replace('"1.0.0"', '"1.10.0"')
    project = _load(tmp_path, BASE.replace('"1.0.0"', '"1.9.0"'), {"playbook.yaml": playbook})
    assert project.outdated


def test_unknown_playbook(tmp_path: Path) -> None:
    problems = _problems(tmp_path, BASE.replace("playbook: demo", "playbook: nope"))
    assert problems == ["projects/p.yaml:2:11: unknown playbook 'nope' (playbooks: demo)"]


def test_stale_ids_tolerated_on_an_older_version(tmp_path: Path) -> None:
    playbook = yaml_text(DEFAULT_FILES["playbook.yaml"]).replace('"1.0.0"', '"1.1.0"')
    extra = """
        status:
          hold-kickoff: {state: done}
          retired-task: {state: done}
        risks:
          retired-risk: {impact: 2}
    """
    project = _load(tmp_path, _project_yaml(extra=extra), {"playbook.yaml": playbook})
    assert project.stale_ids == ("retired-risk", "retired-task")
    assert project.outdated
    filled = fill(project, TODAY)
    ids = {row.id for row in filled.rows}
    assert "retired-task" not in ids
    assert "retired-risk" not in ids
    assert _row(filled, "hold-kickoff").state == "done"


def test_stale_ids_are_errors_on_the_current_version(tmp_path: Path) -> None:
    extra = """
        status:
          retired-task: {state: done}
    """
    problems = _problems(tmp_path, _project_yaml(extra=extra))
    assert len(problems) == 1
    assert "unknown item 'retired-task' in playbook 'demo'" in problems[0]
    assert problems[0].startswith("projects/p.yaml:7:")


def test_a_valid_project_has_its_slug_and_facts(tmp_path: Path) -> None:
    project = _load(
        tmp_path,
        _project_yaml(
            facts="{regulated: true, team_size: 12, industry: banking, channels: [mobile, web], "
            "go_live: 2028-02-29}"
        ),
    )
    assert project.slug == "p"
    assert project.source == "projects/p.yaml"
    assert not project.outdated
    assert project.stale_ids == ()
    # multi-choice answers are kept in the playbook's order of choices
    assert project.facts["channels"] == ["web", "mobile"]
    assert project.facts["go_live"] == dt.date(2028, 2, 29)
