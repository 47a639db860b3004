"""A project's dated items as iCalendar files (RFC 5545) for calendar and task apps.

Two calendars from the same rows: ``to_ics`` gives all-day events (``VEVENT``), which Google
Calendar, Outlook and Apple Calendar all show on import; ``to_ics_todo`` gives to-dos
(``VTODO``), which task apps read but most calendar apps ignore.

Written directly rather than through a calendar library: the format is a few escaped lines
per item, and building objects for hundreds of projects cost more than all other exports
together. The tests read every file back with the icalendar library.

What people read (the calendar's name, the description, a phase) is in the site's language:
the writers take the catalogue's translations (English without them).
"""

from __future__ import annotations

import datetime as dt
import gettext
from collections.abc import Callable

from generator.model.messages import N_
from generator.resolve.project import FilledProject
from generator.resolve.rows import Row

UID_DOMAIN = "playbook.local"
PRODID = "-//Playbook//Kickoff checklist//EN"
_TODO_STATUS = {
    "done": "COMPLETED",
    "n/a": "CANCELLED",
    "open": "NEEDS-ACTION",
    "overdue": "NEEDS-ACTION",
}
# A VEVENT's STATUS has no "done": an item that no longer applies is a cancelled event, any
# other is a confirmed one (its state is at the start of the description).
_EVENT_STATUS = {
    "done": "CONFIRMED",
    "n/a": "CANCELLED",
    "open": "CONFIRMED",
    "overdue": "CONFIRMED",
}
_FOLD_AT = 75  # octets per line, the line break excluded (RFC 5545, 3.1)
Say = Callable[[str], str]  # gettext of the site's language


def to_ics(filled: FilledProject, translations: gettext.NullTranslations | None = None) -> str:
    """One all-day VEVENT per dated item, on its due date: DTSTART is that date and DTEND the
    next day (DTEND is exclusive), both as DATE values, which is how Google Calendar and
    Outlook write all-day events. The events are transparent, so deadlines never show the
    owner as busy. UIDs depend only on project and item ids (``<project>.<item>@playbook.local``),
    so importing again updates the events; DTSTAMP is the build's date, so the same input
    gives the same file."""
    say = (translations or gettext.NullTranslations()).gettext
    project = filled.project
    stamp = _date_time(filled.today)
    lines = [*_calendar_head(filled, say), "CALSCALE:GREGORIAN", "METHOD:PUBLISH"]
    for row in filled.rows:
        if row.due is None:
            continue
        # Properties in alphabetical order, as calendar libraries write them.
        lines += [
            "BEGIN:VEVENT",
            f"CATEGORIES:{_text(project.name)},{_text(say(row.phase))}",
            f"DESCRIPTION:{_text(_description(row, say))}",
            f"DTEND;VALUE=DATE:{row.due + dt.timedelta(days=1):%Y%m%d}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{row.due:%Y%m%d}",
            f"STATUS:{_EVENT_STATUS[row.state]}",
            f"SUMMARY:{_text(row.title)}",
            "TRANSP:TRANSPARENT",
            f"UID:{_text(_uid(filled, row))}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return _joined(lines)


def to_ics_todo(filled: FilledProject, translations: gettext.NullTranslations | None = None) -> str:
    """One VTODO per dated item. UIDs depend only on project and item ids, so a second import
    updates the to-dos instead of duplicating them. DTSTAMP is the build's date, so the same
    input gives the same file."""
    say = (translations or gettext.NullTranslations()).gettext
    project = filled.project
    stamp = _date_time(filled.today)
    lines = _calendar_head(filled, say)
    for row in filled.rows:
        if row.due is None:
            continue
        # Properties in alphabetical order, as calendar libraries write them.
        lines += [
            "BEGIN:VTODO",
            f"CATEGORIES:{_text(project.name)},{_text(say(row.phase))}",
        ]
        if row.state == "done" and row.done_on:
            lines.append(f"COMPLETED:{_date_time(row.done_on)}")
        lines += [
            f"DESCRIPTION:{_text(_owner_text(row, say))}",
            f"DTSTAMP:{stamp}",
            f"DUE;VALUE=DATE:{row.due:%Y%m%d}",
            f"STATUS:{_TODO_STATUS[row.state]}",
            f"SUMMARY:{_text(row.title)}",
            f"UID:{_text(_uid(filled, row))}",
            "END:VTODO",
        ]
    lines.append("END:VCALENDAR")
    return _joined(lines)


def _calendar_head(filled: FilledProject, say: Say) -> list[str]:
    name = say(N_("%(project)s kickoff checklist")) % {"project": filled.project.name}
    return [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        f"X-WR-CALNAME:{_text(name)}",
    ]


def _uid(filled: FilledProject, row: Row) -> str:
    return f"{filled.project.slug}.{row.id}@{UID_DOMAIN}"


def _owner_text(row: Row, say: Say) -> str:
    if row.owner:
        owner = say(N_("%(person)s (%(role)s)")) % {
            "person": row.owner,
            "role": row.owner_role_title,
        }
    else:
        owner = say(N_("%(role)s (unassigned)")) % {"role": row.owner_role_title}
    text = say(N_("Owner: %(owner)s. Phase: %(phase)s.")) % {
        "owner": owner,
        "phase": say(row.phase),
    }
    return f"{text}\n{row.note}" if row.note else text


def _description(row: Row, say: Say) -> str:
    """An event's description: the item's state first (calendars show its start), then its
    owner and phase."""
    if row.state == "done" and row.done_on:
        state = say(N_("Done on %(date)s.")) % {"date": row.done_on.isoformat()}
    elif row.state in _STATE_WORDS:
        state = say(_STATE_WORDS[row.state])
    else:
        return _owner_text(row, say)
    return f"{state} {_owner_text(row, say)}"


_STATE_WORDS = {"done": N_("Done."), "n/a": N_("Not applicable."), "overdue": N_("Overdue.")}


def _joined(lines: list[str]) -> str:
    return "".join(_folded(line) + "\r\n" for line in lines)


def _date_time(day: dt.date) -> str:
    return f"{day:%Y%m%d}T000000Z"


def _text(value: str) -> str:
    """A TEXT value (RFC 5545, 3.3.11): backslash, semicolon, comma and line breaks escaped."""
    return (
        value.replace("\\N", "\n")
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def _folded(line: str) -> str:
    """Lines over 75 octets continue on the next line after a space, never inside a character
    or right after a backslash (which some clients would misread as an escape)."""
    if len(line) < _FOLD_AT and line.isascii():
        return line
    parts: list[str] = []
    current: list[str] = []
    octets = 0
    for char in line:
        size = len(char.encode("utf-8"))
        if current and octets + size >= _FOLD_AT:
            if len(current) > 1 and current[-1] in "\\^":
                carried = current.pop()
                parts.append("".join(current))
                current, octets = [carried], len(carried.encode("utf-8"))
            else:
                parts.append("".join(current))
                current, octets = [], 0
        current.append(char)
        octets += size
    parts.append("".join(current))
    return "\r\n ".join(parts)
