"""The organization's calendar: ``calendar.yaml`` at the project folder's root.

```yaml
holidays: [2027-01-01, 2027-04-02, 2027-12-24]
```

No task is due on a holiday: like a Saturday or Sunday, it moves the due date back to the
working day before (generator.resolve.schedule). The file is optional; without it only
weekends are days off.
"""

from __future__ import annotations

from pydantic import Field

from generator.model.fields import IsoDate, Model

CALENDAR_FILE = "calendar.yaml"


class CalendarFile(Model):
    holidays: list[IsoDate] = Field(
        default_factory=list,
        description="Days off for the whole organization, written YYYY-MM-DD: a due date that "
        "falls on one moves back to the working day before, as from a weekend.",
        examples=[["2027-01-01", "2027-12-24"]],
    )
