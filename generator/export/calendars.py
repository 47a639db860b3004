"""A project's dated items as an iCalendar file (RFC 5545) for calendar and task apps.

Written directly rather than through a calendar library: the format is a few escaped lines
per item, and building objects for hundreds of projects cost more than all other exports
together. The tests read every file back with the icalendar library.
"""

from __future__ import annotations

import datetime as dt

from generator.resolve.project import FilledProject

UID_DOMAIN = "playbook.local"
_STATUS = {
    "done": "COMPLETED",
    "n/a": "CANCELLED",
    "open": "NEEDS-ACTION",
    "overdue": "NEEDS-ACTION",
}
_FOLD_AT = 75  # octets per line, the line break excluded (RFC 5545, 3.1)


def to_ics(filled: FilledProject) -> str:
    """One VTODO per dated item. UIDs depend only on project and item ids, so a second import
    updates the to-dos instead of duplicating them. DTSTAMP is the build's date, so the same
    input gives the same file."""
    project = filled.project
    stamp = _date_time(filled.today)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Playbook//Kickoff checklist//EN",
        f"X-WR-CALNAME:{_text(f'{project.name} kickoff checklist')}",
    ]
    for row in filled.rows:
        if row.due is None:
            continue
        owner = (
            f"{row.owner} ({row.owner_role_title})"
            if row.owner
            else f"{row.owner_role_title} (unassigned)"
        )
        description = f"Owner: {owner}. Phase: {row.phase}."
        if row.note:
            description += f"\n{row.note}"
        # Properties in alphabetical order, as calendar libraries write them.
        lines += [
            "BEGIN:VTODO",
            f"CATEGORIES:{_text(project.name)},{_text(row.phase)}",
        ]
        if row.state == "done" and row.done_on:
            lines.append(f"COMPLETED:{_date_time(row.done_on)}")
        lines += [
            f"DESCRIPTION:{_text(description)}",
            f"DTSTAMP:{stamp}",
            f"DUE;VALUE=DATE:{row.due:%Y%m%d}",
            f"STATUS:{_STATUS[row.state]}",
            f"SUMMARY:{_text(row.title)}",
            f"UID:{_text(f'{project.slug}.{row.id}@{UID_DOMAIN}')}",
            "END:VTODO",
        ]
    lines.append("END:VCALENDAR")
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
