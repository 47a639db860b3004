"""generator.resolve.portfolio: every project side by side, against the last build before today.

The trend and the history it is recorded into are plain functions of snapshots; the rest is
checked on the four demo projects of tests/support/portfolio.py.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.load.portfolio_history import Snapshot
from generator.model.playbook import RiskBands
from generator.resolve.portfolio import (
    KEEP_ENTRIES,
    Milestone,
    Trend,
    portfolio_of,
    recorded_history,
    trend_of,
)
from generator.resolve.project import FilledProject
from tests.support.portfolio import (
    ALPHA,
    PLAYBOOK,
    TODAY,
    ZED,
    filled_projects,
    four_projects,
)

D = dt.date.fromisoformat


@pytest.fixture
def four(tmp_path: Path) -> list[FilledProject]:
    return four_projects(tmp_path)


# --- Since the last build ---------------------------------------------------------------------


def test_without_an_earlier_build_there_is_no_trend() -> None:
    now = Snapshot(TODAY, 50, "amber", 1)
    # Entries of today (an earlier build the same day) and later ones do not count.
    later = [Snapshot(TODAY, 10, "red", 9), Snapshot(D("2027-03-05"), 0, "green", 0)]
    for earlier in ([], later):
        trend = trend_of(now, earlier)
        assert trend == Trend(None)
        assert not trend.known
        assert trend.text == "No earlier build."


def test_the_trend_compares_with_the_latest_build_before_today() -> None:
    history = [
        Snapshot(D("2027-02-01"), 10, "green", 0),
        Snapshot(D("2027-02-22"), 40, "amber", 2),
        Snapshot(TODAY, 99, "red", 9),
        Snapshot(D("2027-03-05"), 0, "green", 0),
    ]
    trend = trend_of(Snapshot(TODAY, 50, "red", 1), history)
    assert trend == Trend(
        D("2027-02-22"), progress=10, overdue=-1, rag_before="amber", rag_now="red"
    )
    assert (
        trend.text == "Since 2027-02-22: progress up 10 points; overdue down 1; was amber, now red."
    )


@pytest.mark.parametrize(
    ("before", "text"),
    [
        (Snapshot(D("2027-02-22"), 50, "amber", 1), "No change since 2027-02-22."),
        (Snapshot(D("2027-02-22"), 51, "amber", 1), "Since 2027-02-22: progress down 1 point."),
        (Snapshot(D("2027-02-22"), 50, "amber", 0), "Since 2027-02-22: overdue up 1."),
        (Snapshot(D("2027-02-22"), 50, "green", 1), "Since 2027-02-22: was green, now amber."),
    ],
)
def test_the_trend_in_words(before: Snapshot, text: str) -> None:
    assert trend_of(Snapshot(TODAY, 50, "amber", 1), [before]).text == text


def test_the_recorded_history_replaces_today_and_keeps_the_newest_entries() -> None:
    old = [Snapshot(D("2027-01-01") + dt.timedelta(days=7 * n), n, "green", 0) for n in range(30)]
    history = {
        "kept": (Snapshot(D("2027-02-01"), 10, "green", 0), Snapshot(TODAY, 99, "red", 9)),
        "long": tuple(old),
        "gone": (Snapshot(D("2027-02-01"), 10, "green", 0),),  # no longer a project
    }
    now = {
        "kept": Snapshot(TODAY, 20, "amber", 1),
        "long": Snapshot(TODAY, 50, "amber", 1),
        "new": Snapshot(TODAY, 0, "green", 0),
    }
    recorded = recorded_history(history, now)
    assert list(recorded) == ["kept", "long", "new"]
    assert recorded["kept"] == (Snapshot(D("2027-02-01"), 10, "green", 0), now["kept"])
    assert recorded["new"] == (now["new"],)
    assert len(recorded["long"]) == KEEP_ENTRIES == 26
    # The newest, oldest first: today's and the 25 latest of before (the history ran on past
    # today: 2027-01-01 + 29 weeks; entries after today stay, in date order).
    assert recorded["long"] == tuple(sorted([*old, now["long"]])[-26:])
    assert recorded["long"][-1].date > TODAY
    assert recorded_history(history, now, keep=2)["long"] == tuple(sorted([*old, now["long"]])[-2:])


def test_a_second_build_the_same_day_shows_the_same_trends(four: list[FilledProject]) -> None:
    earlier = {slug: (Snapshot(D("2027-02-22"), 0, "green", 0),) for slug in ("zed", "alpha")}
    first = portfolio_of(four, earlier, TODAY)
    second = portfolio_of(four, first.recorded, TODAY)
    assert [row.trend for row in second.rows] == [row.trend for row in first.rows]
    assert second.recorded == first.recorded
    zed = next(row for row in first.rows if row.filled.project.slug == "zed")
    assert zed.trend.since == D("2027-02-22")
    assert zed.trend.rag_before == "green" and zed.trend.rag_now == "red"


# --- The table of projects --------------------------------------------------------------------


def test_red_first_then_amber_then_green_then_by_name(four: list[FilledProject]) -> None:
    portfolio = portfolio_of(four, {}, TODAY)
    shown = [(row.filled.project.name, row.filled.health.rag) for row in portfolio.rows]
    assert shown == [("Zed", "red"), ("alpha", "amber"), ("Bravo", "amber"), ("Beta", "green")]
    # The projects themselves stay in the order given (pages and downloads follow it).
    assert [filled.project.slug for filled in portfolio.projects] == [
        "zed",
        "alpha",
        "bravo",
        "beta",
    ]
    assert portfolio.today == TODAY


def test_flags_say_upgrade_available_and_stale(four: list[FilledProject]) -> None:
    flags = {row.filled.project.slug: row.flags for row in portfolio_of(four, {}, TODAY).rows}
    assert flags == {"zed": (), "alpha": (), "bravo": ("upgrade", "stale"), "beta": ()}


def test_what_is_recorded_is_each_project_as_of_today(four: list[FilledProject]) -> None:
    recorded = portfolio_of(four, {}, TODAY).recorded
    by_slug = {filled.project.slug: filled for filled in four}
    assert sorted(recorded) == ["alpha", "beta", "bravo", "zed"]
    for slug, entries in recorded.items():
        filled = by_slug[slug]
        assert entries == (
            Snapshot(TODAY, filled.progress, filled.health.rag, len(filled.overdue)),
        )
    assert recorded["zed"][0].overdue == 3 and recorded["beta"][0].overdue == 0


# --- The heat map -----------------------------------------------------------------------------


def test_open_risks_sit_at_their_current_likelihood_and_impact(four: list[FilledProject]) -> None:
    portfolio = portfolio_of(four, {}, TODAY)
    where = [(r.project, r.title, r.likelihood, r.impact, r.band) for r in portfolio.risks]
    # Zed's own inherent rating; alpha's residual one; Bravo's risk is done; none applies to Beta.
    assert where == [
        ("Zed", "Scope creep", 4, 4, "critical"),
        ("alpha", "Scope creep", 2, 2, "low"),
    ]
    assert [r.project for r in portfolio.heat(4, 4)] == ["Zed"]
    assert (
        portfolio.heat(3, 4) == ()
    )  # the playbook's inherent rating, which alpha's residual replaces
    cells = [(c.likelihood, c.impact, c.band, len(c.risks)) for c in portfolio.cells()]
    assert cells == [(4, 4, "critical", 1), (2, 2, "low", 1)]
    assert portfolio.bands == RiskBands() and portfolio.bands_agree


def test_playbooks_that_band_scores_differently_get_the_default_bands(tmp_path: Path) -> None:
    zed = filled_projects(tmp_path / "one", {"zed": ZED})[0]
    banded = PLAYBOOK + "risk_bands: {medium: 3, high: 6, critical: 9}\n"
    alpha = filled_projects(tmp_path / "two", {"alpha": ALPHA}, playbook=banded)[0]
    assert portfolio_of([zed], {}, TODAY).bands_agree
    both = portfolio_of([zed, alpha], {}, TODAY)
    assert not both.bands_agree
    assert both.bands == RiskBands()
    assert both.band_at(2, 2) == "low"
    # Each risk keeps the band of its own playbook: 2 x 2 = 4 is medium where medium starts at 3.
    assert [(r.project, r.band) for r in both.risks] == [("Zed", "critical"), ("alpha", "medium")]
    alone = portfolio_of([alpha], {}, TODAY)
    assert alone.bands_agree and alone.band_at(2, 2) == "medium"


# --- The timeline -----------------------------------------------------------------------------


def test_each_schedule_runs_from_kickoff_to_go_live_with_its_milestones(
    four: list[FilledProject],
) -> None:
    portfolio = portfolio_of(four, {}, TODAY)
    by_slug = {schedule.slug: schedule for schedule in portfolio.schedules}
    assert [s.slug for s in portfolio.schedules] == ["bravo", "zed", "alpha", "beta"]  # by kickoff
    beta = by_slug["beta"]
    assert (beta.kickoff, beta.end, beta.go_live) == (TODAY, D("2027-06-30"), True)
    zed = by_slug["zed"]
    dues = {row.id: row.due for row in four[0].tasks if row.due is not None}
    assert dues["hold-kickoff"] == D("2027-02-01")
    # No go-live date: the bar ends at the last due date.
    assert (zed.end, zed.go_live) == (max(d for d in dues.values() if d), False)
    assert zed.milestones == (
        Milestone(D("2027-02-01"), "End of initiate", "phase end", "initiate"),
        Milestone(dues["approve-budget"], "Approve the budget", "decision"),
        Milestone(dues["write-plan"], "End of plan", "phase end", "plan"),
    )
    # Beta's decision is n/a: no diamond for it, and it does not end the plan phase.
    beta_dues = {row.id: row.due for row in four[3].tasks if row.due is not None}
    assert beta.milestones == (
        Milestone(TODAY, "End of initiate", "phase end", "initiate"),
        Milestone(beta_dues["write-plan"], "End of plan", "phase end", "plan"),
    )
