"""A project's dated items as an iCalendar file (RFC 5545) for calendar and task apps."""

from __future__ import annotations

import datetime as dt

from generator.resolve.project import FilledProject

UID_DOMAIN = "playbook.local"

_ICS_STATUS = {
    "done": "COMPLETED",
    "n/a": "CANCELLED",
    "open": "NEEDS-ACTION",
    "overdue": "NEEDS-ACTION",
}


def to_ics(filled: FilledProject) -> str:
    """RFC 5545: one VTODO per dated item. UIDs depend only on project and item ids, so a
    second import updates the to-dos instead of duplicating them."""
    import icalendar  # only this format needs it; keeps `checklist --format csv` quick to start

    project = filled.project
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Playbook//Kickoff checklist//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{project.name} kickoff checklist")
    # DTSTAMP must be present; deriving it from the build date keeps output reproducible.
    stamp = dt.datetime.combine(filled.today, dt.time(0, 0), tzinfo=dt.UTC)
    for row in filled.rows:
        if row.due is None:
            continue
        todo = icalendar.Todo()
        todo.add("uid", f"{project.slug}.{row.id}@{UID_DOMAIN}")
        todo.add("dtstamp", stamp)
        todo.add("summary", row.title)
        todo.add("due", row.due)
        todo.add("status", _ICS_STATUS[row.state])
        todo.add("categories", [project.name, row.phase])
        owner = (
            f"{row.owner} ({row.owner_role_title})"
            if row.owner
            else (f"{row.owner_role_title} (unassigned)")
        )
        description = f"Owner: {owner}. Phase: {row.phase}."
        if row.note:
            description += f"\n{row.note}"
        todo.add("description", description)
        if row.state == "done" and row.done_on:
            todo.add("completed", dt.datetime.combine(row.done_on, dt.time(0, 0), tzinfo=dt.UTC))
        calendar.add_component(todo)
    return bytes(calendar.to_ical()).decode("utf-8")
