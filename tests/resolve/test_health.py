"""generator.resolve.health: a project's measures, RAG status and reasons, phase, next due
task, top risk, PM, go-live date and staleness.

The playbook is the demo one with tests/fixtures/playbook-health's tasks and risks. With the
demo project (kickoff Monday 2027-02-01) the tasks are due: hold-kickoff 02-01, approve-budget
02-08, notify-regulator 02-15, build 03-01, accept 03-08 (waits for build), close-out 03-29;
retail-only does not apply. Risks: vendor-failure 20 (critical; build and notify-regulator
mitigate it), scope-creep 12 (high; approve-budget), typo 2 (low; nothing).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.model.reporting import DEFAULT_RAG, MEASURES
from generator.resolve.health import DUE_SOON_DAYS, GREEN_REASON, Health
from generator.resolve.project import fill
from tests.support.fixtures import fixture_text
from tests.support.playbooks import (
    DEFAULT_FILES,
    DEMO_FACTS,
    demo_project,
    load_demo_project,
    task,
)

FILES: dict[str, str | None] = {
    "tasks.yaml": fixture_text("playbook-health", "tasks.yaml"),
    "risks.yaml": fixture_text("playbook-health", "risks.yaml"),
}
KICKOFF = dt.date(2027, 2, 1)
ROLES = "roles: {pm: Lee Chen, sponsor: Ada}\n"


def _health(
    tmp_path: Path,
    extra: str = "",
    today: dt.date = KICKOFF,
    *,
    reporting: str = "",
    facts: str = DEMO_FACTS,
) -> Health:
    files = dict(FILES)
    if reporting:
        files["playbook.yaml"] = DEFAULT_FILES["playbook.yaml"] + reporting
    project = load_demo_project(tmp_path, demo_project(facts=facts, extra=extra), files)
    return fill(project, today).health


def _status(**states: str) -> str:
    entries = "".join(f"  {item}: {{state: {state}}}\n" for item, state in states.items())
    return f"status:\n{entries}"


# --- measures -------------------------------------------------------------------------------


def test_the_measures_of_a_fresh_project(tmp_path: Path) -> None:
    health = _health(tmp_path)
    assert list(health.measures) == list(MEASURES)
    assert health.measures == {
        "overdue": 0,
        "blocked": 1,  # accept waits for build
        "due_soon": 3,  # hold-kickoff, approve-budget, notify-regulator: 02-01 to 02-15
        "progress": 0,
        "critical_risks": 1,
        "high_risks": 1,
        "critical_unmitigated": 0,  # build and notify-regulator are planned
        "high_unmitigated": 0,
        "rising_risks": 0,
        "days_since_update": 0,
    }
    assert [row.id for row in health.due_soon] == [
        "hold-kickoff",
        "approve-budget",
        "notify-regulator",
    ]


def test_due_soon_runs_from_today_to_fourteen_days_ahead(tmp_path: Path) -> None:
    # On 02-02 hold-kickoff is overdue, not due soon; 02-16 is the window's last day.
    health = _health(tmp_path, today=dt.date(2027, 2, 2))
    assert DUE_SOON_DAYS == 14
    assert [row.id for row in health.due_soon] == ["approve-budget", "notify-regulator"]
    assert health.measures["overdue"] == 1
    later = _health(tmp_path / "later", today=dt.date(2027, 2, 15))
    assert [row.id for row in later.due_soon] == ["notify-regulator", "build"]


def test_unmitigated_counts_open_risks_of_the_band_with_none_or_late(tmp_path: Path) -> None:
    none = """
        risks:
          vendor-failure: {mitigated_by: []}
          scope-creep: {mitigated_by: []}
        """
    health = _health(tmp_path, none)
    assert (health.measures["critical_unmitigated"], health.measures["high_unmitigated"]) == (1, 1)
    # typo has no mitigation either, but it is low: not counted.
    assert (health.measures["critical_risks"], health.measures["high_risks"]) == (1, 1)
    # Late: build is overdue on 03-02, approve-budget since 02-09.
    late = _health(tmp_path / "late", today=dt.date(2027, 3, 2))
    assert (late.measures["critical_unmitigated"], late.measures["high_unmitigated"]) == (1, 1)
    # Under way: one task done, none overdue.
    under_way = _health(
        tmp_path / "under-way", _status(**{"notify-regulator": "done"}), dt.date(2027, 2, 5)
    )
    assert under_way.measures["critical_unmitigated"] == 0


def test_a_done_risk_or_a_lower_residual_is_not_counted(tmp_path: Path) -> None:
    extra = """
        status:
          vendor-failure: {state: done}
        risks:
          vendor-failure: {mitigated_by: []}
          scope-creep:
            mitigated_by: []
            assessments:
              - {date: 2027-01-20, likelihood: 1, impact: 4}
              - {date: 2027-01-25, likelihood: 2, impact: 4}
        """
    health = _health(tmp_path, extra)
    # vendor-failure is done; scope-creep's residual 8 is medium, and rising (4, then 8).
    assert health.measures["critical_risks"] == 0
    assert health.measures["critical_unmitigated"] == 0
    assert (health.measures["high_risks"], health.measures["high_unmitigated"]) == (0, 0)
    assert health.measures["rising_risks"] == 1


def test_progress_and_blocked(tmp_path: Path) -> None:
    # Six tasks apply; n/a ones do not count: 2 done of 5.
    extra = _status(**{"hold-kickoff": "done", "build": "done", "close-out": "n/a"})
    health = _health(tmp_path, extra)
    assert health.measures["progress"] == 40
    assert health.measures["blocked"] == 0  # build is done: accept no longer waits


# --- RAG ------------------------------------------------------------------------------------


def test_default_rules_green_amber_red(tmp_path: Path) -> None:
    green = _health(tmp_path / "green")
    assert (green.rag, green.reasons) == ("green", (GREEN_REASON,))
    assert green.explanation == f"Green: {GREEN_REASON}"
    # 02-09: hold-kickoff and approve-budget overdue; scope-creep's only mitigation is late.
    amber = _health(tmp_path / "amber", today=dt.date(2027, 2, 9))
    assert (amber.rag, amber.reasons) == (
        "amber",
        ("Tasks are overdue.", "A high risk has no mitigation under way."),
    )
    # 03-02: build overdue too, so vendor-failure's mitigation is late: red, red reasons only.
    red = _health(tmp_path / "red", today=dt.date(2027, 3, 2))
    assert red.measures["overdue"] == 4
    assert (red.rag, red.reasons) == ("red", ("A critical risk has no mitigation under way.",))


def test_a_rising_risk_is_amber_by_default(tmp_path: Path) -> None:
    extra = """
        risks:
          typo:
            assessments:
              - {date: 2027-02-01, likelihood: 1, impact: 1}
              - {date: 2027-02-01, likelihood: 1, impact: 2}
        """
    health = _health(tmp_path, extra)
    assert (health.rag, health.reasons) == ("amber", ("A risk is getting worse.",))


RULES = """
reporting:
  rag:
    red:
      - when: overdue > 3
        because: Far behind.
      - when: not (progress >= 50) and overdue > 0
        because: Slow and late.
      - when: overdue >= 4
        because: Far behind.
    amber:
      - when: overdue > 0
        because: Behind.
      - when: blocked > 0
        because: Waiting.
"""


def test_playbook_rules_red_over_amber_with_every_reason_once(tmp_path: Path) -> None:
    # 03-02: four overdue, nothing done, accept blocked: every amber rule holds too.
    red = _health(tmp_path / "red", today=dt.date(2027, 3, 2), reporting=RULES)
    assert (red.rag, red.reasons) == ("red", ("Far behind.", "Slow and late."))
    # Half done, one overdue (approve-budget), accept blocked: amber, both reasons.
    done = _status(**{"hold-kickoff": "done", "notify-regulator": "done", "close-out": "done"})
    amber = _health(tmp_path / "amber", done, dt.date(2027, 2, 9), reporting=RULES)
    assert amber.measures["progress"] == 50
    assert (amber.rag, amber.reasons) == ("amber", ("Behind.", "Waiting."))


def test_playbook_rules_replace_the_defaults(tmp_path: Path) -> None:
    # Only a red rule: the default amber rules do not apply, so overdue work is green.
    only_red = "reporting:\n  rag:\n    red:\n      - {when: overdue > 10, because: Lost.}\n"
    health = _health(tmp_path, today=dt.date(2027, 2, 9), reporting=only_red)
    assert health.measures["overdue"] == 2
    assert (health.rag, health.reasons) == ("green", (GREEN_REASON,))
    never = _health(tmp_path / "never", today=dt.date(2027, 3, 2), reporting="reporting: {rag: {}}")
    assert never.rag == "green"


def test_the_default_rules_are_the_documented_ones() -> None:
    assert [rule.when for rule in DEFAULT_RAG.red] == ["critical_unmitigated > 0", "overdue > 5"]
    assert [rule.when for rule in DEFAULT_RAG.amber] == [
        "overdue > 0",
        "high_unmitigated > 0",
        "rising_risks > 0",
    ]


# --- staleness ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "days", "stale"),
    [(dt.date(2027, 2, 10), 9, False), (dt.date(2027, 2, 11), 10, True)],
)
def test_stale_once_days_since_the_kickoff_reach_the_limit(
    tmp_path: Path, today: dt.date, days: int, stale: bool
) -> None:
    health = _health(tmp_path, today=today, reporting="reporting: {stale_after_days: 10}")
    assert health.last_update == KICKOFF
    assert (health.measures["days_since_update"], health.stale) == (days, stale)


def test_a_status_change_or_an_assessment_is_an_update(tmp_path: Path) -> None:
    status = "status:\n  hold-kickoff: {state: done, date: 2027-02-05}\n"
    health = _health(tmp_path, status, dt.date(2027, 2, 20))
    assert (health.last_update, health.measures["days_since_update"]) == (dt.date(2027, 2, 5), 15)
    assert not health.stale  # the default limit: 30 days
    log = "[{date: 2027-02-12, likelihood: 1, impact: 1}]"
    assessed = status + f"risks:\n  typo: {{assessments: {log}}}\n"
    later = _health(tmp_path / "assessed", assessed, dt.date(2027, 2, 20))
    assert (later.last_update, later.measures["days_since_update"]) == (dt.date(2027, 2, 12), 8)
    # A residual has no date: not an update.
    residual = "risks:\n  typo: {residual: {likelihood: 1, impact: 1}}\n"
    assert _health(tmp_path / "residual", residual, dt.date(2027, 3, 5)).stale


def test_an_update_after_today_is_no_days_ago(tmp_path: Path) -> None:
    status = "status:\n  hold-kickoff: {state: done, date: 2027-03-01}\n"
    health = _health(tmp_path, status, dt.date(2027, 2, 20))
    assert (health.last_update, health.measures["days_since_update"]) == (dt.date(2027, 3, 1), 0)


# --- PM and go-live -------------------------------------------------------------------------


def test_the_pm_is_the_person_in_the_pm_role_by_default(tmp_path: Path) -> None:
    assert _health(tmp_path / "named", ROLES).pm == "Lee Chen"
    assert _health(tmp_path / "nobody").pm == ""
    chosen = _health(tmp_path / "chosen", ROLES, reporting="reporting: {pm_role: sponsor}")
    assert chosen.pm == "Ada"


def test_no_pm_without_a_pm_role(tmp_path: Path) -> None:
    roles = DEFAULT_FILES["playbook.yaml"].replace(
        "id: pm\n    title: Project manager", "id: lead\n    title: Team lead"
    )
    files: dict[str, str | None] = {
        "playbook.yaml": roles,
        "tasks.yaml": task(owner_role="lead"),
        "risks.yaml": None,
    }
    project = load_demo_project(tmp_path, demo_project(extra="roles: {lead: Lee Chen}\n"), files)
    assert fill(project, KICKOFF).health.pm == ""
    files["playbook.yaml"] = roles + "reporting: {pm_role: lead}\n"
    other = load_demo_project(tmp_path / "lead", demo_project(extra="roles: {lead: Lee}\n"), files)
    assert fill(other, KICKOFF).health.pm == "Lee"


def test_go_live_is_the_date_fact_else_the_latest_due_date(tmp_path: Path) -> None:
    facts = DEMO_FACTS.replace("}", ", go_live: 2027-09-30}")
    reporting = "reporting: {go_live: go_live}"
    answered = _health(tmp_path / "answered", facts=facts, reporting=reporting)
    assert answered.go_live == dt.date(2027, 9, 30)
    # Unanswered, or not the playbook's go-live fact: close-out's due date, the latest.
    assert _health(tmp_path / "unanswered", reporting=reporting).go_live == dt.date(2027, 3, 29)
    assert _health(tmp_path / "undeclared", facts=facts).go_live == dt.date(2027, 3, 29)


# --- phase, next due, top risk --------------------------------------------------------------


def test_phase_and_next_due_follow_the_open_work(tmp_path: Path) -> None:
    fresh = _health(tmp_path / "fresh")
    assert (fresh.phase, fresh.next_due and fresh.next_due.id) == ("initiate", "hold-kickoff")
    # On 02-09 approve-budget is overdue: next due is the first task due from today on.
    later = _health(tmp_path / "later", _status(**{"hold-kickoff": "done"}), dt.date(2027, 2, 9))
    assert (later.phase, later.next_due and later.next_due.id) == ("plan", "notify-regulator")
    plan_done = _status(
        **{"hold-kickoff": "done", "approve-budget": "n/a", "notify-regulator": "done"}
    )
    assert _health(tmp_path / "execute", plan_done).phase == "execute"
    done = ("hold-kickoff", "approve-budget", "notify-regulator", "build", "accept")
    everything = _status(**dict.fromkeys(done, "done"), **{"close-out": "n/a"})
    finished = _health(tmp_path / "finished", everything, dt.date(2027, 2, 9))
    assert (finished.phase, finished.next_due, finished.due_soon) == ("", None, ())
    assert finished.measures["progress"] == 100


def test_top_risk_is_the_open_risk_with_the_highest_current_score(tmp_path: Path) -> None:
    fresh = _health(tmp_path / "fresh")
    assert fresh.top_risk is not None and fresh.top_risk.id == "vendor-failure"
    # Assessed down to 2 x 2: scope-creep's inherent 12 is now the highest.
    assessed = "risks:\n  vendor-failure: {residual: {likelihood: 2, impact: 2}}\n"
    lower = _health(tmp_path / "assessed", assessed)
    assert lower.top_risk is not None and lower.top_risk.id == "scope-creep"
    done = _status(**{"vendor-failure": "done", "scope-creep": "n/a", "typo": "done"})
    assert _health(tmp_path / "none", done).top_risk is None
