"""Due dates: kickoff plus an offset such as ``-10d`` or ``+2w``.

Weekend rule: a due date that falls on a Saturday or Sunday moves back to the Friday before.
Moving earlier, never later, keeps "before kickoff" tasks before kickoff and never makes a
deadline later than the playbook asked for.
"""

from __future__ import annotations

import datetime as dt
import re

_OFFSET = re.compile(r"^(?P<sign>[+-]?)(?P<count>\d{1,3})(?P<unit>[dw])$")


def offset_days(offset: str) -> int:
    match = _OFFSET.match(offset)
    if match is None:
        raise ValueError(f"not an offset: {offset!r}")
    days = int(match["count"]) * (7 if match["unit"] == "w" else 1)
    return -days if match["sign"] == "-" else days


def describe_offset(offset: str) -> str:
    """'-10d' -> '10 days before kickoff'; '+2w' -> '2 weeks after kickoff'."""
    match = _OFFSET.match(offset)
    if match is None:
        raise ValueError(f"not an offset: {offset!r}")
    count = int(match["count"])
    if count == 0:
        return "on kickoff day"
    unit = {"d": "day", "w": "week"}[match["unit"]] + ("" if count == 1 else "s")
    return f"{count} {unit} {'before' if match['sign'] == '-' else 'after'} kickoff"


def due_date(kickoff: dt.date, offset: str) -> dt.date:
    """Kickoff plus offset, moved back to Friday when it lands on a weekend."""
    day = kickoff + dt.timedelta(days=offset_days(offset))
    weekday = day.weekday()
    if weekday >= 5:  # Saturday is 5, Sunday 6
        day -= dt.timedelta(days=weekday - 4)
    return day
