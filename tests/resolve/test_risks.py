"""generator.resolve.risks: a risk's residual score and trend from the project's assessments,
its mitigating tasks (the playbook's, or the project's own), and how far they are.

The playbook is the demo one with tests/fixtures/playbook-health's tasks and risks; the demo
project's kickoff is Monday 2027-02-01 (build due 2027-03-01, notify-regulator 2027-02-15).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from generator.model.items import Risk
from generator.model.project import RiskOverride
from generator.resolve.project import FilledProject, fill
from generator.resolve.risks import mitigating_ids, residual_of
from generator.resolve.rows import Row
from tests.support.fixtures import fixture_text
from tests.support.playbooks import demo_project, load_demo_project

FILES = {
    "tasks.yaml": fixture_text("playbook-health", "tasks.yaml"),
    "risks.yaml": fixture_text("playbook-health", "risks.yaml"),
}
KICKOFF = dt.date(2027, 2, 1)


def _filled(tmp_path: Path, extra: str = "", today: dt.date = KICKOFF) -> FilledProject:
    return fill(load_demo_project(tmp_path, demo_project(extra=extra), FILES), today)


def _row(filled: FilledProject, item_id: str) -> Row:
    found = [row for row in filled.rows if row.id == item_id]
    assert len(found) == 1, [row.id for row in filled.rows]
    return found[0]


def _override(**fields: Any) -> RiskOverride:
    return RiskOverride.model_validate(fields)


def _log(*entries: tuple[str, int, int]) -> list[dict[str, Any]]:
    return [{"date": day, "likelihood": rated, "impact": impact} for day, rated, impact in entries]


# --- residual and trend ---------------------------------------------------------------------


def test_no_override_and_no_assessment_mean_no_residual() -> None:
    for override in (None, _override(), _override(likelihood=2)):
        residual = residual_of(override)
        assert (residual.rated, residual.assessed_on, residual.trend) == (None, None, "")


def test_a_residual_without_a_log_has_no_date_and_no_trend() -> None:
    residual = residual_of(_override(residual={"likelihood": 2, "impact": 3}))
    assert residual.rated is not None and residual.rated.score == 6
    assert (residual.assessed_on, residual.trend) == (None, "")


def test_one_assessment_is_the_residual_without_a_trend() -> None:
    residual = residual_of(_override(assessments=_log(("2027-03-01", 4, 5))))
    assert residual.rated is not None and residual.rated.score == 20
    assert (residual.assessed_on, residual.trend) == (dt.date(2027, 3, 1), "")


@pytest.mark.parametrize(
    ("before", "after", "trend"),
    [((2, 2), (3, 2), "up"), ((3, 2), (1, 2), "down"), ((2, 3), (3, 2), "steady")],
    ids=["worse", "better", "same-score-other-ratings"],
)
def test_the_trend_compares_the_latest_score_with_the_one_before(
    before: tuple[int, int], after: tuple[int, int], trend: str
) -> None:
    log = _log(("2027-03-01", *before), ("2027-03-02", *after))
    assert residual_of(_override(assessments=log)).trend == trend


def test_the_log_is_read_by_date_whatever_order_it_is_written_in() -> None:
    log = _log(("2027-05-01", 1, 1), ("2027-03-01", 5, 5), ("2027-04-01", 2, 2))
    residual = residual_of(_override(assessments=log))
    assert residual.rated is not None and residual.rated.score == 1
    assert residual.assessed_on == dt.date(2027, 5, 1)
    assert residual.trend == "down"  # against 2 x 2 on 1 April, not 5 x 5 written before it


def test_of_assessments_on_one_day_the_one_written_last_is_the_latest() -> None:
    log = _log(("2027-03-05", 3, 3), ("2027-03-01", 1, 1), ("2027-03-05", 4, 4))
    residual = residual_of(_override(assessments=log))
    assert residual.rated is not None and residual.rated.score == 16
    assert residual.trend == "up"  # against 3 x 3, the one before it on the same day
    reversed_log = _log(("2027-03-05", 4, 4), ("2027-03-05", 3, 3))
    assert residual_of(_override(assessments=reversed_log)).trend == "down"


def test_a_row_carries_residual_target_and_proximity(tmp_path: Path) -> None:
    filled = _filled(
        tmp_path,
        """
        risks:
          vendor-failure:
            assessments:
              - {date: 2027-02-10, likelihood: 2, impact: 4}
              - {date: 2027-02-03, likelihood: 4, impact: 4}
            proximity: 2027-06-30
          scope-creep:
            residual: {likelihood: 1, impact: 4}
            target: 2
            proximity: execute
        """,
    )
    vendor = _row(filled, "vendor-failure")
    assert (vendor.residual_score, vendor.residual_band, vendor.assessed_on) == (
        8,
        "medium",
        dt.date(2027, 2, 10),
    )
    assert (vendor.trend, vendor.target, vendor.target_band, vendor.proximity) == (
        "down",
        None,
        None,
        "2027-06-30",
    )
    assert (vendor.current_score, vendor.current_band) == (8, "medium")
    assert (vendor.score, vendor.band) == (20, "critical")  # the inherent score stays
    creep = _row(filled, "scope-creep")
    assert (creep.residual_score, creep.assessed_on, creep.trend) == (4, None, "")
    assert (creep.target, creep.target_band, creep.proximity) == (2, "low", "execute")
    typo = _row(filled, "typo")
    assert (typo.residual_score, typo.current_score, typo.current_band) == (None, 2, "low")
    # The playbook's target when the project sets none.
    assert _row(_filled(tmp_path / "again"), "scope-creep").target == 6


# --- mitigating tasks -----------------------------------------------------------------------


def test_mitigating_ids_are_the_projects_when_given_even_none(tmp_path: Path) -> None:
    risk = load_demo_project(tmp_path, demo_project(), FILES).playbook.item("vendor-failure")
    assert isinstance(risk, Risk)
    # The playbook names build twice: each once, in the order written.
    assert mitigating_ids(risk, None) == ("build", "notify-regulator", "retail-only")
    assert mitigating_ids(risk, _override()) == ("build", "notify-regulator", "retail-only")
    assert mitigating_ids(risk, _override(mitigated_by=["accept", "accept"])) == ("accept",)
    assert mitigating_ids(risk, _override(mitigated_by=[])) == ()


@pytest.mark.parametrize(
    ("status", "today", "expected"),
    [
        pytest.param("", KICKOFF, (0, 2, "planned"), id="planned"),
        pytest.param(
            "build: {state: n/a}\n  notify-regulator: {state: n/a}",
            KICKOFF,
            (0, 0, "none"),
            id="none-every-task-n/a",
        ),
        pytest.param(
            "notify-regulator: {state: done}", KICKOFF, (1, 2, "under way"), id="under-way"
        ),
        pytest.param(
            "notify-regulator: {state: done}", dt.date(2027, 3, 2), (1, 2, "late"), id="late"
        ),
        pytest.param(
            "build: {state: done}\n  notify-regulator: {state: n/a}",
            dt.date(2027, 6, 1),
            (1, 1, "complete"),
            id="complete-n/a-left-out",
        ),
    ],
)
def test_mitigation_states(
    tmp_path: Path, status: str, today: dt.date, expected: tuple[int, int, str]
) -> None:
    extra = f"status:\n  {status}\n" if status else ""
    vendor = _row(_filled(tmp_path, extra, today), "vendor-failure")
    assert (vendor.mitigation_done, vendor.mitigation_total, vendor.mitigation) == expected
    # retail-only does not apply; build is named twice: listed once.
    assert vendor.mitigated_by == ("build", "notify-regulator")
    assert vendor.mitigated_by_titles == ("Build it", "Notify the regulator")
    assert vendor.unmitigated is (expected[2] in ("none", "late"))


def test_a_risk_without_applicable_mitigating_tasks_has_none(tmp_path: Path) -> None:
    filled = _filled(
        tmp_path,
        """
        risks:
          vendor-failure: {mitigated_by: [retail-only]}
          scope-creep: {mitigated_by: []}
        """,
    )
    for risk_id in ("vendor-failure", "scope-creep", "typo"):
        row = _row(filled, risk_id)
        assert (row.mitigated_by, row.mitigation_total, row.mitigation) == ((), 0, "none")
        assert row.unmitigated


def test_a_blocked_task_past_its_date_does_not_make_mitigation_late(tmp_path: Path) -> None:
    # accept waits for build; on 2027-03-10 both are past their dates, but only build is overdue.
    filled = _filled(
        tmp_path,
        """
        risks:
          scope-creep: {mitigated_by: [accept]}
        """,
        dt.date(2027, 3, 10),
    )
    assert _row(filled, "accept").blocked_by == ("build",)
    assert _row(filled, "scope-creep").mitigation == "planned"


def test_a_task_names_the_risks_it_mitigates_in_the_registers_order(tmp_path: Path) -> None:
    filled = _filled(
        tmp_path,
        """
        risks:
          scope-creep: {mitigated_by: [approve-budget, build]}
        """,
    )
    build = _row(filled, "build")
    assert build.mitigates == ("vendor-failure", "scope-creep")  # by score: 20, then 12
    assert build.mitigates_titles == ("Vendor fails", "Scope creep")
    assert _row(filled, "approve-budget").mitigates == ("scope-creep",)
    assert _row(filled, "close-out").mitigates == ()
    assert _row(filled, "approve-budget").decision
    assert not _row(filled, "build").decision
