"""The portfolio's history, written after a build that succeeded (and by nothing else).

The file is the one ``generator.load.portfolio_history`` reads: keys sorted and one entry a
line, so the same history is the same bytes, and a diff shows one line per project and build.
It is replaced in one rename (``generator.publish.atomic``), so an interrupted write leaves the
previous history; a symlink leading out of the project (the file's or a folder's on the way)
is refused, and a symlink inside it is replaced by the file rather than written through.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

from generator.errors import ContentError, Problem
from generator.load.paths import OUTSIDE, display_path, is_inside
from generator.load.portfolio_history import FORMAT, Snapshot
from generator.publish.atomic import write_text_atomic


def history_text(history: Mapping[str, tuple[Snapshot, ...]]) -> str:
    """The history file's text: the same history always gives the same bytes."""
    if not history:
        return json.dumps({"format": FORMAT, "projects": {}}, indent=2) + "\n"
    lines = ["{", f'  "format": {FORMAT},', '  "projects": {']
    slugs = sorted(history)
    for number, slug in enumerate(slugs, start=1):
        entries = sorted(history[slug])
        lines.append(f"    {json.dumps(slug, ensure_ascii=False)}: [")
        for index, entry in enumerate(entries, start=1):
            text = json.dumps(entry.as_json(), sort_keys=True, ensure_ascii=False)
            lines.append(f"      {text}{',' if index < len(entries) else ''}")
        lines.append(f"    ]{',' if number < len(slugs) else ''}")
    lines += ["  }", "}"]
    return "\n".join(lines) + "\n"


def write_portfolio_history(
    path: Path, root: Path, history: Mapping[str, tuple[Snapshot, ...]]
) -> None:
    """Replace the history file at ``path`` (inside the project folder ``root``)."""
    if not is_inside(path, root):
        raise ContentError([Problem(display_path(path, root), None, None, OUTSIDE)])
    write_text_atomic(path, history_text(history))
