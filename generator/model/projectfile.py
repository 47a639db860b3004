"""The project file as text: how values are written, and how a status entry is edited.

These rules are shared with the browser: ``generator/workbench/projectfile.js`` ports them, and
the parity suite proves that both write the same bytes. They are pure (text in, text out); where
the entries sit in a file is found by ``generator.load.anchors`` when the file is read.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from typing import Any, Literal

# Text written without quotes only when no YAML reader could take it for anything else: it
# starts with a letter, holds no YAML punctuation and is not a word YAML 1.1 reads as a
# boolean or null. Everything else is written as a JSON string, which YAML reads as is.
_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9 ._/()&+'-]*")
_YAML_WORDS = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null"})


def yaml_scalar(value: Any) -> str:
    """One value as project files write it (lists in flow style: ``[web, mobile]``)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(yaml_scalar(item) for item in value) + "]"
    text = str(value)
    if _PLAIN.fullmatch(text) and not text.endswith(" ") and text.lower() not in _YAML_WORDS:
        return text
    return _UNWRITABLE.sub(_escape, json.dumps(text, ensure_ascii=False))


# Characters JSON leaves as they are but YAML cannot hold in a quoted string: those it refuses
# (DEL, C1 controls, surrogates, U+FFFE/U+FFFF), the line breaks it folds (NEL, U+2028,
# U+2029) and the byte order mark. They are written as \u escapes, which both read alike.
_UNWRITABLE = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")


def _escape(found: re.Match[str]) -> str:
    return f"\\u{ord(found.group()):04x}"


@dataclass(frozen=True)
class StatusAnchors:
    """Where a project file's ``status`` entries are, as line indexes (from 0) of its text.

    ``section`` is ``block`` (entries one below the other), ``empty`` (``status: {}``),
    ``missing`` (no ``status`` key) or ``flow`` (entries on the key's line: not editable).
    """

    section: Literal["block", "empty", "missing", "flow"]
    section_line: int = -1
    entries: dict[str, tuple[int, int]] = field(default_factory=dict)  # id -> [first, end)
    insert_at: int = -1
    indent: str = "  "
    # The comment at the end of an entry's first line ("  # minutes in the wiki"), kept when
    # the entry is rewritten.
    comments: dict[str, str] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {
            "section": self.section,
            "section_line": self.section_line,
            "entries": {item_id: list(span) for item_id, span in self.entries.items()},
            "insert_at": self.insert_at,
            "indent": self.indent,
            "comments": dict(self.comments),
        }


@dataclass(frozen=True)
class Mark:
    """A status entry as it is to be written: ``{state: done, date: 2027-03-01, note: ...}``."""

    item_id: str
    state: Literal["open", "done", "n/a"]
    date: dt.date | None = None
    note: str = ""

    def as_json(self) -> dict[str, Any]:
        """As the browser's ``applyMarks`` takes it."""
        date = self.date.isoformat() if self.date else None
        return {"item_id": self.item_id, "state": self.state, "date": date, "note": self.note}


def status_entry(mark: Mark) -> str:
    parts = [f"state: {yaml_scalar(mark.state)}"]
    if mark.date is not None:
        parts.append(f"date: {mark.date.isoformat()}")
    if mark.note:
        parts.append(f"note: {yaml_scalar(mark.note)}")
    # Ids are kebab-case, but 'no', 'null' or '2027' would be read as a boolean, null or number.
    return f"{yaml_scalar(mark.item_id)}: {{{', '.join(parts)}}}"


_BREAK = re.compile(r"\r\n|\r|\n")
# ``status: {}``, also with an anchor or a tag (``status: !!map { }``) or the key in quotes.
_EMPTY_SECTION = re.compile(
    r"(?P<lead>[ \t]*(?:status|\"status\"|'status')[ \t]*:(?:[ \t]+[&!][^ \t{]*)*)"
    r"[ \t]*\{[ \t]*\}(?P<rest>[ \t]*(#.*)?)"
)


def apply_marks(text: str, anchors: StatusAnchors, marks: list[Mark]) -> str:
    """``text`` with each mark's entry written on one line: in place of the entry's lines
    when it has one, else added after the last entry. Every other line stays as it was.

    Raises ValueError for a file whose entries are on the key's line (flow style), or whose
    ``status: {}`` line is not one it can take apart (in a file written all in flow style).
    """
    if anchors.section == "flow":
        raise ValueError("status is written on one line (flow style)")
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    lines = lines_of(text[len(bom) :])
    found = _BREAK.search(text)
    newline = found.group() if found else "\n"
    added: list[str] = []
    for mark in marks:
        span = anchors.entries.get(mark.item_id)
        if span is None:
            added.append(anchors.indent + status_entry(mark) + newline)
            continue
        first, end = span
        ending = _ending(lines[end - 1])
        comment = anchors.comments.get(mark.item_id, "")
        lines[first] = anchors.indent + status_entry(mark) + comment + ending
        for index in range(first + 1, end):
            lines[index] = ""
    if added:
        if anchors.section == "empty":
            match = _EMPTY_SECTION.fullmatch(_content(lines[anchors.section_line]))
            if match is None:
                raise ValueError("the 'status: {}' line cannot be edited")
            ending = _ending(lines[anchors.section_line])
            lines[anchors.section_line] = match["lead"] + match["rest"] + ending
            at = anchors.section_line + 1
        elif anchors.section == "missing":
            at = len(lines)
            added.insert(0, "status:" + newline)
        else:
            at = anchors.insert_at
        before = at  # the line above the new entries: not one emptied above
        while before > 0 and not lines[before - 1]:
            before -= 1
        if before > 0 and not _ending(lines[before - 1]):
            lines[before - 1] += newline
            if at == len(lines):  # the file ended without a line break: it still does
                added[-1] = _content(added[-1])
        lines[at:at] = added
    return bom + "".join(lines)


# What YAML counts as a line break, so that line indexes agree with the loader's positions.
_BREAKS = "\r\n\x85\u2028\u2029"
_LINE = re.compile(f"[^{_BREAKS}]*(?:\r\n|[{_BREAKS}])|[^{_BREAKS}]+\\Z")


def lines_of(text: str) -> list[str]:
    """The lines of ``text``, each with its line break (the last may have none)."""
    return [match.group() for match in _LINE.finditer(text)]


def _ending(line: str) -> str:
    return line[len(_content(line)) :]


def _content(line: str) -> str:
    return line.rstrip(_BREAKS)
