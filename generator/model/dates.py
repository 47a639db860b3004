"""Dates as people write them: ``2028-03-01``, quoted or not, with messages that say what is wrong.

One parser for every date the tool reads (project files, status dates, facts, ``--today``,
``--kickoff``, ``today`` in mkdocs.yml), so they all accept and refuse the same text.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Any

_ISO_DATE = re.compile(r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})")
# Every date the tool reads lies in this range: wide enough for any project, and narrow
# enough that due dates and trends counted from it stay inside what a date can hold.
MIN_DATE = dt.date(1900, 1, 1)
MAX_DATE = dt.date(2999, 12, 31)


class DateError(ValueError):
    """A value that is not a real date; the text is shown to the user as is."""


def parse_iso_date(text: str) -> dt.date:
    """``YYYY-MM-DD`` to a date, or a DateError naming what is wrong ("month 13 does not exist")."""
    stripped = text.strip()
    match = _ISO_DATE.fullmatch(stripped)
    if match is None:
        shown = stripped if len(stripped) <= 40 else stripped[:37] + "..."
        raise DateError(f"{shown!r} is not a date written YYYY-MM-DD")
    year, month, day = int(match["year"]), int(match["month"]), int(match["day"])
    if year < 1:
        raise DateError(f"{stripped}: year {year} does not exist")
    if not 1 <= month <= 12:
        raise DateError(f"{stripped}: month {month} does not exist")
    days_in_month = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days_in_month:
        month_name = calendar.month_name[month]
        raise DateError(
            f"{stripped}: day {day} does not exist ({month_name} {year} has {days_in_month} days)"
        )
    return in_range(dt.date(year, month, day))


def in_range(day: dt.date) -> dt.date:
    """``day``, or a DateError when it lies outside MIN_DATE to MAX_DATE."""
    if not MIN_DATE <= (day.date() if isinstance(day, dt.datetime) else day) <= MAX_DATE:
        raise DateError(
            f"{day.isoformat()[:10]} is out of range; use a date between {MIN_DATE} and {MAX_DATE}"
        )
    return day


def coerce_date(value: Any) -> Any:
    """A date, or text holding one; anything else is returned for the caller's type check."""
    if isinstance(value, str):
        return parse_iso_date(value)
    if isinstance(value, dt.date):  # from YAML: the same range as text
        return in_range(value)
    return value
