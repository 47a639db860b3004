"""generator.resolve.schedule: due dates from kickoff offsets, moved back to Friday at weekends."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.model.offsets import offset_days
from generator.resolve.schedule import due_date

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
