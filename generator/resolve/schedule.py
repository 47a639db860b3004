"""Due dates: kickoff plus a task's offset, moved back to Friday from a weekend.

Weekend rule: a due date that falls on a Saturday or Sunday moves back to the Friday before.
Moving earlier, never later, keeps "before kickoff" tasks before kickoff and never makes a
deadline later than the playbook asked for.
"""

from __future__ import annotations

import datetime as dt

from generator.model.offsets import offset_days


def due_date(kickoff: dt.date, offset: str) -> dt.date:
    """Kickoff plus offset, moved back to Friday when it lands on a weekend."""
    day = kickoff + dt.timedelta(days=offset_days(offset))
    weekday = day.weekday()
    if weekday >= 5:  # Saturday is 5, Sunday 6
        day -= dt.timedelta(days=weekday - 4)
    return day
