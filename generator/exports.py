"""Publish stage for one project: the checklist as CSV, JSON, iCalendar, Markdown and HTML.

Every format is built from the same ``FilledProject`` rows, so they always agree.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable

from generator.checklist import EXPORT_COLUMNS, FilledProject
from generator.render import PageRenderer

FORMATS = ("md", "csv", "json", "ics", "html")
UID_DOMAIN = "playbook.local"


def to_csv(filled: FilledProject) -> str:
    """One row per applicable task and risk; UTF-8 with a BOM so spreadsheets detect it."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=EXPORT_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for row in filled.rows:
        record = row.as_record()
        writer.writerow({key: _cell(value) for key, value in record.items()})
    return "\ufeff" + buffer.getvalue()


def _cell(value: object) -> object:
    """Neutralise text a spreadsheet would run as a formula (CSV injection)."""
    if value is None:
        return ""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def to_json(filled: FilledProject) -> str:
    project = filled.project
    document = {
        "project": project.name,
        "slug": project.slug,
        "playbook": project.playbook.id,
        "playbook_version": project.file.playbook_version,
        "kickoff": project.file.kickoff.isoformat(),
        "as_of": filled.today.isoformat(),
        "facts": {name: _json_value(value) for name, value in sorted(project.facts.items())},
        "roles": dict(sorted(project.file.roles.items())),
        "progress": {
            "done": filled.done,
            "counted": len(filled.counted),
            "percent": filled.progress,
            "overdue": len(filled.overdue),
        },
        "rows": [row.as_record() for row in filled.rows],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _json_value(value: object) -> object:
    return value.isoformat() if isinstance(value, dt.date) else value


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


def to_markdown(filled: FilledProject, renderer: PageRenderer) -> str:
    return renderer.render("checklist.md.j2", "checklist.md", filled=filled)


def to_html(filled: FilledProject, renderer: PageRenderer) -> str:
    return renderer.render_html("kickoff-pack.html.j2", filled=filled)


def export(filled: FilledProject, fmt: str, renderer: PageRenderer) -> str:
    writers: dict[str, Callable[[], str]] = {
        "md": lambda: to_markdown(filled, renderer),
        "csv": lambda: to_csv(filled),
        "json": lambda: to_json(filled),
        "ics": lambda: to_ics(filled),
        "html": lambda: to_html(filled, renderer),
    }
    return writers[fmt]()


def download_name(filled: FilledProject, fmt: str) -> str:
    # A .md file inside the docs folder would become a page, not a download.
    extension = "md.txt" if fmt == "md" else fmt
    return f"{filled.project.slug}-checklist.{extension}"
