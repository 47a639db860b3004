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
    return dt.date(year, month, day)


def coerce_date(value: Any) -> Any:
    """A date, or text holding one; anything else is returned for the caller's type check."""
    if isinstance(value, str):
        return parse_iso_date(value)
    return value
