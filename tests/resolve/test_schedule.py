"""generator.resolve.schedule: due dates from kickoff, a date fact or another task, moved back
to the working day before at weekends and holidays."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.model.items import Task
from generator.model.offsets import offset_days
from generator.resolve.schedule import due_date, due_dates, working_day

FRIDAY, SATURDAY, SUNDAY = 4, 5, 6


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


# Kickoff 2027-03-01 is a Monday.
@pytest.mark.parametrize(
    ("kickoff", "offset", "due"),
    [
        ("2027-03-01", "0d", "2027-03-01"),
        ("2027-03-01", "+4d", "2027-03-05"),
        ("2027-03-01", "+7d", "2027-03-08"),
        ("2027-03-01", "+2w", "2027-03-15"),
        ("2027-03-01", "-1w", "2027-02-22"),
        ("2027-03-01", "-10d", "2027-02-19"),
        ("2027-03-01", "+52w", "2028-02-28"),
        ("2027-03-01", "+999d", "2029-11-23"),
        ("2027-03-01", "-999d", "2024-06-05"),
    ],
)
def test_due_date_on_weekdays(kickoff: str, offset: str, due: str) -> None:
    assert due_date(day(kickoff), offset) == day(due)


@pytest.mark.parametrize(
    ("kickoff", "offset", "due"),
    [
        # Month ends and leap years.
        ("2027-01-31", "+1d", "2027-02-01"),  # Sunday kickoff, Monday 1 February
        ("2027-02-26", "+3d", "2027-03-01"),  # 2027 is not a leap year
        ("2028-02-28", "+1d", "2028-02-29"),  # leap day, a Tuesday
        ("2028-02-29", "+1d", "2028-03-01"),
        ("2028-03-01", "-1d", "2028-02-29"),
        ("2028-02-29", "+1w", "2028-03-07"),
        # Year ends: 2027-12-31 is a Friday.
        ("2027-12-30", "+1d", "2027-12-31"),
        ("2027-12-31", "+1d", "2027-12-31"),  # Saturday 1 January 2028 goes back a year
        ("2027-12-31", "+2d", "2027-12-31"),  # Sunday 2 January 2028 too
        ("2027-12-31", "+3d", "2028-01-03"),
        ("2028-01-03", "-1d", "2027-12-31"),
    ],
)
def test_due_date_across_month_and_year_ends(kickoff: str, offset: str, due: str) -> None:
    assert due_date(day(kickoff), offset) == day(due)


@pytest.mark.parametrize(
    ("kickoff", "offset", "due"),
    [
        ("2027-03-01", "+5d", "2027-03-05"),  # Saturday -> Friday
        ("2027-03-01", "+6d", "2027-03-05"),  # Sunday -> Friday
        ("2027-03-01", "-2d", "2027-02-26"),  # Saturday before kickoff -> Friday
        ("2027-03-01", "-1d", "2027-02-26"),  # Sunday before kickoff -> Friday
        ("2027-03-06", "0d", "2027-03-05"),  # kickoff itself on a Saturday
        ("2027-03-07", "0d", "2027-03-05"),  # kickoff itself on a Sunday
        ("2027-03-06", "+1w", "2027-03-12"),
        ("2027-03-07", "-2w", "2027-02-19"),
    ],
)
def test_weekend_due_dates_move_back_to_friday(kickoff: str, offset: str, due: str) -> None:
    raw = day(kickoff) + dt.timedelta(days=offset_days(offset))
    assert raw.weekday() in (SATURDAY, SUNDAY)

    result = due_date(day(kickoff), offset)

    assert result == day(due)
    assert result.weekday() == FRIDAY
    assert result < raw


def test_due_dates_never_fall_on_a_weekend_and_never_move_later() -> None:
    kickoff = day("2027-12-27")
    for days in range(-30, 31):
        offset = f"{days:+d}d"
        raw = kickoff + dt.timedelta(days=days)
        result = due_date(kickoff, offset)
        assert result.weekday() < SATURDAY, offset
        assert dt.timedelta(0) <= raw - result <= dt.timedelta(days=2), offset
        if raw.weekday() < SATURDAY:
            assert result == raw, offset


def test_due_date_rejects_bad_offsets() -> None:
    with pytest.raises(ValueError, match=r"^not an offset: 'next week'$"):
        due_date(day("2027-03-01"), "next week")


# --- holidays ---------------------------------------------------------------------------------


def days(*texts: str) -> frozenset[dt.date]:
    return frozenset(day(text) for text in texts)


@pytest.mark.parametrize(
    ("raw", "holidays", "due"),
    [
        ("2027-03-03", (), "2027-03-03"),  # a Wednesday
        ("2027-03-03", ("2027-03-03",), "2027-03-02"),  # a holiday: the day before
        ("2027-03-01", ("2027-03-01",), "2027-02-26"),  # a Monday holiday: back to Friday
        # A Friday holiday before a weekend: Saturday goes back to Thursday.
        ("2027-03-06", ("2027-03-05",), "2027-03-04"),
        ("2027-03-07", ("2027-03-05",), "2027-03-04"),
        # A run of holidays across a weekend (Thursday to Tuesday): back to Wednesday.
        ("2027-12-28", ("2027-12-23", "2027-12-24", "2027-12-27", "2027-12-28"), "2027-12-22"),
        # 29 February (a Tuesday in 2028) as a holiday; 2027 has none, so nothing moves.
        ("2028-02-29", ("2028-02-29",), "2028-02-28"),
        ("2028-03-01", ("2028-02-29",), "2028-03-01"),
        # New Year's Day across a year end.
        ("2029-01-01", ("2029-01-01", "2028-12-29"), "2028-12-28"),
    ],
)
def test_due_dates_move_back_over_weekends_and_holidays(
    raw: str, holidays: tuple[str, ...], due: str
) -> None:
    result = working_day(day(raw), days(*holidays))
    assert result == day(due)
    assert result.weekday() < SATURDAY and result not in days(*holidays)


def test_due_date_from_kickoff_respects_holidays() -> None:
    assert due_date(day("2027-03-01"), "+4d", days("2027-03-05")) == day("2027-03-04")
    assert due_date(day("2027-03-01"), "+4d") == day("2027-03-05")


def test_working_day_never_moves_later() -> None:
    holidays = days("2027-12-24", "2027-12-27", "2027-12-31", "2028-01-03")
    start = day("2027-12-01")
    for offset in range(60):
        raw = start + dt.timedelta(days=offset)
        result = working_day(raw, holidays)
        assert result <= raw and result.weekday() < SATURDAY and result not in holidays


# --- anchors: date facts and other tasks -------------------------------------------------------


def tasks(*pairs: tuple[str, str]) -> list[Task]:
    return [
        Task.model_validate(
            {
                "id": task_id,
                "title": task_id,
                "summary": "A task.",
                "phase": "plan",
                "owner_role": "pm",
                "due": due,
            }
        )
        for task_id, due in pairs
    ]


KICKOFF = day("2027-03-01")  # a Monday
GO_LIVE = day("2027-09-30")  # a Thursday


def test_due_dates_count_from_kickoff_a_date_fact_or_another_task() -> None:
    found = due_dates(
        tasks(
            ("a", "+1w"),
            ("b", "go_live-4w"),  # Thursday 2 September
            ("c", "after b +1d"),  # Friday 3 September
            ("d", "after c +1d"),  # Saturday: back to Friday 3 September
            ("e", "after d +3d"),  # Monday 6 September
            ("f", "go_live+0d"),
        ),
        KICKOFF,
        {"go_live": GO_LIVE},
    )
    assert found == {
        "a": day("2027-03-08"),
        "b": day("2027-09-02"),
        "c": day("2027-09-03"),
        "d": day("2027-09-03"),
        "e": day("2027-09-06"),
        "f": GO_LIVE,
    }


def test_a_task_counts_from_the_working_day_its_anchor_moved_to() -> None:
    # The anchor falls on a Saturday and moves back to Friday 5 March; +3d is Monday 8 March,
    # not Tuesday 9 March (Saturday + 3 days).
    found = due_dates(tasks(("a", "+5d"), ("b", "after a +3d")), KICKOFF, {})
    assert found == {"a": day("2027-03-05"), "b": day("2027-03-08")}


def test_anchored_dates_respect_holidays_at_every_step() -> None:
    holidays = days("2027-09-02", "2027-09-06")
    found = due_dates(
        tasks(("b", "go_live-4w"), ("c", "after b +4d")), KICKOFF, {"go_live": GO_LIVE}, holidays
    )
    # b: Thursday 2 September is a holiday -> Wednesday 1st; c: Sunday 5th -> Friday 3rd.
    assert found == {"b": day("2027-09-01"), "c": day("2027-09-03")}


@pytest.mark.parametrize("facts", [{}, {"go_live": None}, {"go_live": "2027-09-30"}])
def test_an_unanswered_date_fact_gives_no_due_date_down_the_chain(facts: dict[str, object]) -> None:
    found = due_dates(
        tasks(("a", "go_live-1w"), ("b", "after a +1w"), ("c", "+0d")), KICKOFF, facts
    )
    assert found == {"a": None, "b": None, "c": KICKOFF}


def test_dates_outside_the_calendar_are_no_due_date() -> None:
    found = due_dates(
        tasks(("late", "go_live+2w"), ("early", "go_live-2w")),
        KICKOFF,
        {"go_live": dt.date(9999, 12, 25)},
    )
    assert found == {"late": None, "early": dt.date(9999, 12, 10)}
    assert due_dates(tasks(("a", "go_live-1w")), KICKOFF, {"go_live": dt.date(1, 1, 2)}) == {
        "a": None
    }


def test_circles_and_unknown_anchors_give_no_due_date() -> None:
    # Validation refuses both; should one get here, it is no due date rather than an error.
    found = due_dates(
        tasks(("a", "after b +1d"), ("b", "after a +1d"), ("c", "after ghost +1d"), ("d", "0d")),
        KICKOFF,
        {},
    )
    assert found == {"a": None, "b": None, "c": None, "d": KICKOFF}


def test_long_chains_do_not_recurse() -> None:
    chain = [("t0", "0d"), *((f"t{n}", f"after t{n - 1} +1d") for n in range(1, 5000))]
    found = due_dates(tasks(*reversed(chain)), KICKOFF, {})
    assert found["t4999"] is not None and found["t4999"].weekday() < SATURDAY
