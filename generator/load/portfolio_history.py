"""The portfolio's history: each project's progress, RAG status and overdue count as past builds
saw them, so the portfolio can show what changed since the last build.

A small JSON file (the ``history_file`` setting, by default
``.playbook/portfolio-history.json``), one entry per project and build day::

    {
      "format": 1,
      "projects": {
        "core-banking-revamp": [
          {"date": "2027-02-22", "overdue": 2, "progress": 40, "rag": "amber"},
          {"date": "2027-03-01", "overdue": 1, "progress": 50, "rag": "amber"}
        ]
      }
    }

Only `playbook build` writes it, after a build that succeeded
(``generator.publish.portfolio_history``); every command that renders the portfolio reads it
here. A missing file is an empty history. A file that is there but cannot be trusted (not
JSON, the wrong shape, too large, a symlink out of the project) is a content problem naming
the file: the build stops rather than show a trend made up from a broken file.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from generator.errors import ContentError, Problem
from generator.load.json_files import json_type, read_json_file
from generator.load.paths import OUTSIDE, display_path, is_inside
from generator.model.dates import DateError, parse_iso_date

FORMAT = 1
# 26 entries of 300 projects is about 600 KB; a file near this limit is not one we wrote.
MAX_HISTORY_BYTES = 8 * 1024 * 1024
RAG_COLOURS = ("red", "amber", "green")
NOT_VALID = "portfolio history is not valid"
FIX = "fix it, or delete it to start the history afresh"


@dataclass(frozen=True, order=True)
class Snapshot:
    """A project as one build saw it."""

    date: dt.date
    progress: int  # percentage of applicable tasks done
    rag: str  # red, amber or green
    overdue: int  # open tasks due before that day

    def as_json(self) -> dict[str, Any]:
        return {
            "date": self.date.isoformat(),
            "overdue": self.overdue,
            "progress": self.progress,
            "rag": self.rag,
        }


# Project slug -> its snapshots, oldest first.
History = Mapping[str, tuple[Snapshot, ...]]


def read_portfolio_history(path: Path, root: Path) -> dict[str, tuple[Snapshot, ...]]:
    """The history in ``path``: empty when there is no file.

    Raises ContentError, naming the file relative to the project folder ``root``, when it is
    there but not valid, or when it (or a folder on its way) is a symlink leading out of
    ``root``.
    """
    shown = display_path(path, root)
    # Resolved, so a symlink (the file's, or a folder's on the way) leading out is refused.
    if not is_inside(path, root):
        raise ContentError([Problem(shown, None, None, OUTSIDE)])
    if not os.path.lexists(path):
        return {}
    data = read_json_file(path, shown, MAX_HISTORY_BYTES, partial(_invalid, shown))
    if data is None:
        return {}
    return _projects(data, shown)


def _projects(data: Any, shown: str) -> dict[str, tuple[Snapshot, ...]]:
    if not isinstance(data, dict):
        raise _invalid(shown, None, f"expected a JSON object, got {json_type(data)}")
    if "format" not in data:
        raise _invalid(shown, None, "it has no 'format'")
    version = data["format"]
    if version != FORMAT or isinstance(version, bool):
        if isinstance(version, int) and not isinstance(version, bool) and version > FORMAT:
            reason = f"'format' is {version}, written by a newer playbook (this one reads {FORMAT})"
        else:
            reason = f"'format' must be {FORMAT}, got {_shown_value(version)}"
        raise _invalid(shown, None, reason)
    projects = data.get("projects")
    if not isinstance(projects, dict):
        raise _invalid(
            shown,
            None,
            f"'projects' must be an object of project slugs, got {json_type(projects)}",
        )
    history: dict[str, tuple[Snapshot, ...]] = {}
    for slug in sorted(projects):
        entries = projects[slug]
        name = f"project '{_short(slug)}'"
        if not isinstance(entries, list):
            raise _invalid(
                shown, None, f"{name} must be a list of entries, got {json_type(entries)}"
            )
        snapshots = [
            _snapshot(entry, f"{name}, entry {index}", shown)
            for index, entry in enumerate(entries, start=1)
        ]
        seen: set[dt.date] = set()
        for snapshot in snapshots:
            if snapshot.date in seen:
                shown_date = snapshot.date.isoformat()
                raise _invalid(shown, None, f"{name} has two entries dated {shown_date}")
            seen.add(snapshot.date)
        history[slug] = tuple(sorted(snapshots))
    return history


def _snapshot(entry: Any, name: str, shown: str) -> Snapshot:
    if not isinstance(entry, dict):
        raise _invalid(shown, None, f"{name} must be an object, got {json_type(entry)}")
    for key in ("date", "progress", "rag", "overdue"):
        if key not in entry:
            raise _invalid(shown, None, f"{name} has no '{key}'")
    raw_date = entry["date"]
    if not isinstance(raw_date, str):
        raise _invalid(
            shown,
            None,
            f"{name}: 'date' must be a date written YYYY-MM-DD, got {json_type(raw_date)}",
        )
    try:
        date = parse_iso_date(raw_date)
    except DateError as error:
        raise _invalid(shown, None, f"{name}: 'date': {error}") from None
    progress = entry["progress"]
    if not _whole(progress) or not 0 <= progress <= 100:
        raise _invalid(
            shown,
            None,
            f"{name}: 'progress' must be a percentage from 0 to 100, got {_shown_value(progress)}",
        )
    overdue = entry["overdue"]
    if not _whole(overdue) or overdue < 0:
        raise _invalid(
            shown,
            None,
            f"{name}: 'overdue' must be a whole number, 0 or more, got {_shown_value(overdue)}",
        )
    rag = entry["rag"]
    if rag not in RAG_COLOURS:
        raise _invalid(
            shown, None, f"{name}: 'rag' must be red, amber or green, got {_shown_value(rag)}"
        )
    return Snapshot(date, progress, rag, overdue)


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _invalid(shown: str, line: int | None, reason: str) -> ContentError:
    return ContentError([Problem(shown, line, None, f"{NOT_VALID}: {reason}; {FIX}")])


def _shown_value(value: Any) -> str:
    if isinstance(value, str):
        return f"'{_short(value)}'"
    if isinstance(value, bool | int | float) or value is None:
        return _short(json.dumps(value))
    return json_type(value)


def _short(text: str, limit: int = 60) -> str:
    # Slugs come from the file; a megabyte-long one must not become a megabyte-long message.
    return text if len(text) <= limit else text[: limit - 1] + "…"
