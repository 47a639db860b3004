"""Writing project files: a new one at kickoff, and the small edit that an upgrade makes.

Project files are edited by hand and reviewed in git, so an upgrade edits the text in place
(the version line, and the lines of entries it drops) and keeps every comment and every other
line exactly as it was. All writes are atomic; a new project never replaces an existing one
unless asked to.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator.atomic import create_exclusive, write_text_atomic
from generator.errors import ContentError, UsageError
from generator.loading import parse_document
from generator.validation import Playbook

HEADER = """\
# yaml-language-server: $schema=../schemas/project.schema.json
# Kickoff checklist of "{name}", made by `playbook kickoff` from the playbook
# "{playbook}". Record progress under `status`, e.g.
#   status:
#     appoint-sponsor: {{state: done, date: {today}}}
#     vendor-due-diligence: {{state: n/a, note: in-house build}}
# and adjust a risk's score under `risks`, e.g.
#   risks:
#     legacy-integration: {{likelihood: 4, impact: 5, owner: Lee Chen}}
"""


@dataclass(frozen=True)
class NewProject:
    name: str
    playbook: Playbook
    kickoff: dt.date
    facts: dict[str, Any]
    roles: dict[str, str]


def project_text(project: NewProject) -> str:
    data: dict[str, Any] = {
        "name": project.name,
        "playbook": project.playbook.id,
        "playbook_version": project.playbook.meta.version,
        "kickoff": project.kickoff,
        "facts": {name: value for name, value in project.facts.items() if value is not None},
        "roles": dict(project.roles),
        "status": {},
        "risks": {},
    }
    header = HEADER.format(
        name=project.name.replace("\n", " "),
        playbook=project.playbook.id,
        today=project.kickoff.isoformat(),
    )
    return header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def write_new_project(path: Path, text: str, *, force: bool) -> None:
    if force:
        write_text_atomic(path, text)
    elif not create_exclusive(path, text):
        raise UsageError(
            f"{path.name} already exists; choose another name or pass --force to replace it"
        )


_VERSION_LINE = re.compile(
    r"^(?P<lead>\s*playbook_version:\s*)(?P<value>\S.*?)(?P<tail>\s*(#.*)?)$"
)


def upgraded_text(
    text: str, path: Path, display: str, new_version: str, drop: dict[str, list[str]]
) -> str:
    """The project file with ``playbook_version`` set and the ``drop`` entries removed.

    ``drop`` maps a section ('status' or 'risks') to item ids. Entries written in block style
    lose exactly their own lines; a flow-style section is rewritten as a block.
    """
    document = parse_document(text.encode("utf-8"), path, display)
    lines = text.splitlines(keepends=True)
    version_line = document.key_positions[("playbook_version",)].line - 1
    match = _VERSION_LINE.match(lines[version_line].rstrip("\r\n"))
    if match is None:
        raise ContentError(
            [document.problem(("playbook_version",), "cannot update playbook_version on this line")]
        )
    ending = lines[version_line][len(lines[version_line].rstrip("\r\n")) :]
    lines[version_line] = f"{match['lead']}{new_version}{match['tail']}{ending}"

    removals: set[int] = set()
    for section, ids in drop.items():
        for item_id in ids:
            removals |= _entry_lines(document.key_positions, section, item_id, lines)
    kept = [line for number, line in enumerate(lines, start=1) if number not in removals]
    result = "".join(kept)
    # A section whose entries were all dropped must stay a valid (empty) mapping.
    for section in drop:
        result = re.sub(
            rf"^({section}:)[ \t]*(\r?\n)(?=\S|\Z)", r"\1 {}\2", result, flags=re.MULTILINE
        )
        result = re.sub(rf"^({section}:)[ \t]*\Z", r"\1 {}", result, flags=re.MULTILINE)
    return result


def _entry_lines(
    positions: dict[tuple[str | int, ...], Any], section: str, item_id: str, lines: list[str]
) -> set[int]:
    total = len(lines)
    start = positions[(section, item_id)].line
    section_line = positions[(section,)].line
    if start == section_line:
        raise UsageError(
            f"'{section}' is written on one line (flow style); put each entry on "
            "its own line, then run upgrade again"
        )
    later = [pos.line for key, pos in positions.items() if len(key) <= 2 and pos.line > start]
    end = min(later) if later else total + 1
    # Blank and comment lines after the entry belong to what follows it: keep them.
    while end - 1 > start and _is_blank_or_comment(lines[end - 2]):
        end -= 1
    return set(range(start, end))


def _is_blank_or_comment(line: str) -> bool:
    stripped = line.strip()
    return not stripped or stripped.startswith("#")
