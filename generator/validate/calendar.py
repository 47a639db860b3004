"""Validate stage for the organization's calendar, ``calendar.yaml`` at the project root."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator.errors import ContentError, Problem
from generator.load.documents import load_document
from generator.load.paths import display_path, is_inside, outside_problem
from generator.model.calendar import CALENDAR_FILE, CalendarFile
from generator.validate.messages import validate_model


def load_calendar(root: Path) -> tuple[frozenset[dt.date], list[Problem]]:
    """The holidays of ``root/calendar.yaml`` (none when there is no such file), and its
    problems: each with its line, like a playbook's."""
    path = root / CALENDAR_FILE
    if not path.exists() and not path.is_symlink():
        return frozenset(), []
    if not is_inside(path, root):
        return frozenset(), [outside_problem(path, root)]
    shown = display_path(path, root)
    try:
        document = load_document(path, shown, lenient=True)
    except ContentError as error:
        return frozenset(), list(error.problems)
    problems = list(document.problems)
    parsed, found = validate_model(document, CalendarFile, CALENDAR_FILE)
    problems.extend(found)
    if not isinstance(parsed, CalendarFile):
        return frozenset(), problems
    first_line: dict[dt.date, int | None] = {}
    for index, day in enumerate(parsed.holidays):
        if day in first_line:
            problems.append(
                document.problem(
                    ("holidays", index),
                    f"holiday {day} is listed twice (first at line {first_line[day]}); "
                    "list each day once",
                )
            )
        else:
            first_line[day] = document.position(("holidays", index)).line
    return frozenset(parsed.holidays), problems
