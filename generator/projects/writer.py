"""Writing project files: a new one at kickoff, and the small edit that an upgrade makes.

Project files are edited by hand and reviewed in git, so an upgrade edits the text in place
(the version line, and the lines of entries it drops) and keeps every comment and every other
line exactly as it was. All writes are atomic; a new project never replaces an existing one
unless asked to.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.errors import ContentError, UsageError
from generator.load.documents import Document, parse_document
from generator.model.playbook import Playbook
from generator.model.projectfile import yaml_scalar
from generator.publish.atomic import create_exclusive, write_text_atomic

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
    """The new project file, byte for byte.

    Written by hand rather than by a YAML library so that the browser's kickoff form can
    write the very same bytes (``generator/workbench/projectfile.js``, held to this function
    by the parity suite): facts in the questionnaire's order, roles in the playbook's order,
    every value through ``yaml_scalar``.
    """
    header = HEADER.format(
        name=project.name.replace("\n", " "),
        playbook=project.playbook.id,
        today=project.kickoff.isoformat(),
    )
    facts = [
        (fact.name, project.facts[fact.name])
        for fact in project.playbook.meta.facts
        if project.facts.get(fact.name) is not None
    ]
    roles = [
        (role.id, project.roles[role.id])
        for role in project.playbook.meta.roles
        if project.roles.get(role.id)
    ]
    lines = [
        f"name: {yaml_scalar(project.name)}",
        f"playbook: {yaml_scalar(project.playbook.id)}",
        f"playbook_version: {yaml_scalar(project.playbook.meta.version)}",
        f"kickoff: {yaml_scalar(project.kickoff)}",
        *_mapping("facts", facts),
        *_mapping("roles", roles),
        "status: {}",
        "risks: {}",
    ]
    return header + "\n".join(lines) + "\n"


def _mapping(key: str, entries: list[tuple[str, Any]]) -> list[str]:
    if not entries:
        return [f"{key}: {{}}"]
    return [f"{key}:", *(f"  {name}: {yaml_scalar(value)}" for name, value in entries)]


def write_new_project(path: Path, text: str, *, force: bool) -> None:
    if force:
        write_text_atomic(path, text)
    elif not create_exclusive(path, text):
        raise UsageError(
            f"{path.name} already exists; choose another name or pass --force to replace it"
        )


def upgraded_text(
    text: str,
    path: Path,
    display: str,
    new_version: str,
    drop: dict[str, list[str]],
    archive: Mapping[str, Mapping[str, Any]] | None = None,
) -> str:
    """The project file with ``playbook_version`` set, the ``drop`` entries removed and the
    ``archive`` entries added under the top-level ``archived`` mapping.

    ``drop`` maps a section ('status' or 'risks') to item ids. Entries written in block style
    lose exactly their own lines; a section left with no entries becomes ``{}`` on its own line
    and keeps its comments; a flow-style section is refused. ``archive`` maps item ids to the
    fields of their archived record, each written on one line (``  id: {state: done, ...}``)
    after the last entry of ``archived`` (replacing an entry of the same id), in place of
    ``archived: {}``, or in a new ``archived:`` at the end of the file. Every other byte is
    kept: a byte order mark, line endings, a missing final newline. Refusals cite lines of
    ``text``, the file as it is on disk.
    """
    document = parse_document(text.encode("utf-8"), path, display)
    # Positions count columns after the byte order mark, which the loader strips.
    body = text.removeprefix("\ufeff")
    lines = body.splitlines(keepends=True)
    _set_version(document, lines, new_version)
    removals: set[int] = set()
    inserts: dict[int, list[str]] = {}  # after which line (0: before the first) -> new lines
    archived_text = ""
    if archive:
        archived_text = _archive(document, lines, archive, removals, inserts)
    for section, ids in drop.items():
        present = [i for i in ids if (section, i) in document.key_positions]
        if not present:
            continue
        if _is_flow(document, section, lines):
            raise _flow_style(section)
        for item_id in present:
            removals |= _entry_lines(document.key_positions, section, item_id, lines)
        entries = {key[1] for key in document.key_positions if len(key) == 2 and key[0] == section}
        if entries <= set(present):
            # Comment lines may remain below the key; without '{}' the section would be null.
            _set_empty(document, section, lines)
    kept = [line for number, line in enumerate(lines, start=1) if number not in removals]
    if len(lines) in removals and kept and not _line_break(lines[-1]):
        # The file had no final line break; dropping its last line must not add one.
        kept[-1] = kept[-1][: len(kept[-1]) - len(_line_break(kept[-1]))]
    if inserts:
        kept = _with_inserts(lines, removals, inserts)
    result = text[: len(text) - len(body)] + "".join(kept)
    _check_edit(document, result, new_version, drop, archived_text)
    return result


def _archive(
    document: Document,
    lines: list[str],
    archive: Mapping[str, Mapping[str, Any]],
    removals: set[int],
    inserts: dict[int, list[str]],
) -> str:
    """Plan the lines of the ``archive`` entries (see ``upgraded_text``); return their text
    under an ``archived:`` line, as a YAML document of their own, for the final check."""
    newline = _line_break(lines[0]) if lines and _line_break(lines[0]) else "\n"
    positions = document.key_positions
    entries = sorted(str(key[1]) for key in positions if len(key) == 2 and key[0] == "archived")
    indent = "  "
    if entries:
        indent = " " * (positions[("archived", entries[0])].column - 1)
    added = [
        f"{indent}{yaml_scalar(item_id)}: {{"
        + ", ".join(f"{key}: {yaml_scalar(value)}" for key, value in fields.items())
        + "}"
        + newline
        for item_id, fields in archive.items()
    ]
    if ("archived",) not in positions:
        at = len(lines)
        added.insert(0, f"archived:{newline}")
    elif not entries:
        _set_block(document, lines)
        at = positions[("archived",)].line
    else:
        if _is_flow(document, "archived", lines):
            raise _flow_style("archived")
        spans = {i: _entry_lines(positions, "archived", i, lines) for i in entries}
        for item_id in archive:
            removals |= spans.get(item_id, set())
        at = max(max(span) for span in spans.values())
    if at and not _line_break(lines[at - 1]):
        # Only the last line has no line break; the new lines below need one, and the file
        # still ends without one.
        lines[at - 1] += newline
        added[-1] = added[-1][: len(added[-1]) - len(newline)]
    inserts[at] = added
    entry_lines = [line for line in added if not line.startswith("archived:")]
    return "archived:\n" + "".join(line.rstrip(_BREAK_CHARS) + "\n" for line in entry_lines)


def _set_block(document: Document, lines: list[str]) -> None:
    """Turn ``archived: {}`` (and any comment after it) into ``archived:``, for entries below."""
    index = document.key_positions[("archived",)].line - 1
    line = lines[index]
    text, ending = line[: len(line) - len(_line_break(line))], _line_break(line)
    match = re.fullmatch(
        r"(?P<lead>[ \t]*(?:archived|\"archived\"|'archived')[ \t]*:)[ \t]*\{[ \t]*\}"
        r"(?P<comment>[ \t]+#.*)?[ \t]*",
        text,
    )
    if match is None:
        raise _flow_style("archived")
    lines[index] = f"{match['lead']}{match['comment'] or ''}{ending}"


def _with_inserts(lines: list[str], removals: set[int], inserts: dict[int, list[str]]) -> list[str]:
    """``lines`` without the ``removals``, with the ``inserts`` after their line numbers."""
    result = list(inserts.get(0, []))
    for number, line in enumerate(lines, start=1):
        if number not in removals:
            result.append(line)
        result.extend(inserts.get(number, []))
    if len(lines) in removals and result and not _line_break(lines[-1]):
        result[-1] = result[-1][: len(result[-1]) - len(_line_break(result[-1]))]
    return result


# What str.splitlines and YAML both count as a line break (YAML refuses the other ones).
_BREAK_CHARS = "\r\n\x85\u2028\u2029"
_PLAIN_VERSION = re.compile(r"[^\s,\]}]+")


def _line_break(line: str) -> str:
    return line[len(line.rstrip(_BREAK_CHARS)) :]


def _set_version(document: Document, lines: list[str], new_version: str) -> None:
    """Replace the version's own characters, wherever the value is written."""
    where = document.value_positions[("playbook_version",)]
    index, start = where.line - 1, where.column - 1
    line = lines[index]
    if start < len(line) and line[start] in "'\"":
        end = line.find(line[start], start + 1)
        written = line[start + 1 : end] if end >= 0 else None
        end += 1
    else:
        match = _PLAIN_VERSION.match(line, start)
        written, end = (match.group(), match.end()) if match else (None, start)
    # Escapes, tags or a multi-line scalar: the text differs from the value, so do not guess.
    if written != document.data.get("playbook_version"):
        raise ContentError(
            [
                document.problem(
                    ("playbook_version",),
                    "cannot update playbook_version written like this; write it as "
                    "'playbook_version: 1.2.3' on one line, then run upgrade again",
                )
            ]
        )
    lines[index] = line[:start] + new_version + line[end:]


def _is_flow(document: Document, section: str, lines: list[str]) -> bool:
    where = document.value_positions[(section,)]
    if where.line == document.key_positions[(section,)].line:
        return True  # a block mapping's first entry is never on its key's line
    return lines[where.line - 1][where.column - 1 : where.column] == "{"


def _flow_style(section: str) -> UsageError:
    return UsageError(
        f"'{section}' is written on one line (flow style); put each entry on "
        "its own line, then run upgrade again"
    )


def _set_empty(document: Document, section: str, lines: list[str]) -> None:
    """Turn ``risks:`` (and any comment after it) into ``risks: {}`` on the same line."""
    index = document.key_positions[(section,)].line - 1
    line = lines[index]
    text, ending = line[: len(line) - len(_line_break(line))], _line_break(line)
    quoted = "|".join(re.escape(form) for form in (section, f'"{section}"', f"'{section}'"))
    match = re.fullmatch(
        rf"(?P<lead>[ \t]*(?:{quoted})[ \t]*:)(?:(?P<comment>[ \t]+#.*)|[ \t]*)", text
    )
    if match is None:
        raise ContentError(
            [
                document.problem(
                    (section,),
                    f"every entry of '{section}' is dropped, but this line cannot be changed "
                    f"to '{section}: {{}}'; change it by hand, then run upgrade again",
                    prefer_key=True,
                )
            ]
        )
    lines[index] = f"{match['lead']} {{}}{match['comment'] or ''}{ending}"


def _check_edit(
    document: Document,
    result: str,
    new_version: str,
    drop: dict[str, list[str]],
    archived_text: str = "",
) -> None:
    """Refuse an edit that changed more than it meant to (anchors, aliases, odd layouts).

    Messages about the edited text would cite lines that are not in the file on disk, so
    nothing from parsing ``result`` is shown.
    """
    expected = copy.deepcopy(document.data)
    expected["playbook_version"] = new_version
    for section, ids in drop.items():
        entries = expected.get(section)
        if isinstance(entries, dict):
            for item_id in ids:
                entries.pop(item_id, None)
    if archived_text:
        added = parse_document(archived_text.encode("utf-8"), document.path, document.display)
        archived = expected.get("archived")
        expected["archived"] = {**(archived if isinstance(archived, dict) else {})}
        expected["archived"].update(added.data["archived"])
    try:
        edited = parse_document(result.encode("utf-8"), document.path, document.display).data
    except ContentError:
        edited = None
    if edited != expected:
        raise UsageError(
            f"cannot edit {document.display} in place without changing other content "
            "(anchors, aliases or multi-line flow style?); write 'playbook_version', "
            "'status' and 'risks' in plain block style, then run upgrade again"
        )


def _entry_lines(
    positions: dict[tuple[str | int, ...], Any], section: str, item_id: str, lines: list[str]
) -> set[int]:
    total = len(lines)
    start = positions[(section, item_id)].line
    section_line = positions[(section,)].line
    if start == section_line:
        raise _flow_style(section)
    later = [pos.line for key, pos in positions.items() if len(key) <= 2 and pos.line > start]
    end = min(later) if later else total + 1
    # Blank and comment lines after the entry belong to what follows it: keep them.
    while end - 1 > start and _is_blank_or_comment(lines[end - 2]):
        end -= 1
    return set(range(start, end))


def _is_blank_or_comment(line: str) -> bool:
    stripped = line.strip()
    return not stripped or stripped.startswith("#")
