"""Where a project file's status entries sit, read off the loaded document's positions.

The browser's checklist and `playbook mark` both edit those lines and nothing else
(``generator.model.projectfile.apply_marks``); this is the one place that finds them.
"""

from __future__ import annotations

import re

from generator.load.documents import Document
from generator.model.projectfile import StatusAnchors, lines_of


def status_anchors(document: Document) -> StatusAnchors:
    data = document.data if isinstance(document.data, dict) else {}
    key = document.key_positions.get(("status",))
    if key is None or "status" not in data:
        return StatusAnchors("missing")
    section_line = key.line - 1
    value = data["status"]
    where = document.value_positions.get(("status",))
    lines = lines_of(document.text.removeprefix("\ufeff"))
    if isinstance(value, dict) and not value:
        on_key_line = where is not None and where.line == key.line
        return StatusAnchors("empty" if on_key_line else "flow", section_line)
    if not isinstance(value, dict):
        return StatusAnchors("block", section_line, insert_at=section_line + 1)
    # In braces, on the key's line or below it ('status:\n  {a: ..., b: ...}'): the entries
    # may share lines, so no entry has lines of its own.
    if where is None or _opens_flow(lines, where.line - 1, where.column - 1):
        return StatusAnchors("flow", section_line)
    starts = [
        pos.line - 1
        for path, pos in document.key_positions.items()
        if len(path) <= 2 and pos.line > key.line
    ]
    entries: dict[str, tuple[int, int]] = {}
    last = _document_end(lines, section_line)
    for item_id in value:
        start = document.key_positions[("status", item_id)].line - 1
        end = min((line for line in starts if line > start), default=last)
        # Blank and comment lines after an entry belong to what follows it.
        while end - 1 > start and _is_blank_or_comment(lines[end - 1]):
            end -= 1
        entries[str(item_id)] = (start, end)
    first = document.key_positions[("status", next(iter(value)))]
    comments = {
        item_id: comment
        for item_id, (start, _) in entries.items()
        if (comment := trailing_comment(lines[start].rstrip("\r\n\x85\u2028\u2029")))
    }
    return StatusAnchors(
        "block",
        section_line,
        entries,
        insert_at=max(end for _, end in entries.values()),
        indent=" " * (first.column - 1),
        comments=comments,
    )


def trailing_comment(line: str) -> str:
    """The comment that ends a line, with the spaces before it (``"  # why"``), or ''.

    A '#' starts a comment after a space or tab outside quotes; a quote opens quoted text only
    where a value starts (so the apostrophe in ``O'Brien`` does not).
    """
    quote = ""
    index = 0
    while index < len(line):
        char = line[index]
        if quote == '"' and char == "\\":
            index += 2
            continue
        if quote == "'" and line.startswith("''", index):
            index += 2
            continue
        if quote and char == quote:
            quote = ""
        elif not quote and char in "\"'" and (index == 0 or line[index - 1] in " \t{[,:"):
            quote = char
        elif not quote and char == "#" and index > 0 and line[index - 1] in " \t":
            return line[len(line[:index].rstrip(" \t")) :]
        index += 1
    return ""


def _is_blank_or_comment(line: str) -> bool:
    stripped = line.strip()
    return not stripped or stripped.startswith("#")


# What may stand between a key and its value: spaces, a comment, an anchor or a tag.
_PROPERTY = re.compile(r"[ \t]+|#.*|[&!][^ \t]*")


def _opens_flow(lines: list[str], line: int, column: int) -> bool:
    """Whether the value that starts at ``line``, ``column`` (its anchor or tag, or its first
    character) is written in braces."""
    for index in range(line, len(lines)):
        text = lines[index].rstrip("\r\n\x85\u2028\u2029")
        at = column if index == line else 0
        while at < len(text):
            found = _PROPERTY.match(text, at)
            if found is None:
                return text[at] == "{"
            at = found.end()
    return False


def _document_end(lines: list[str], after: int) -> int:
    """The line of the '...' or '---' that ends the document, else the number of lines."""
    for index in range(after + 1, len(lines)):
        if re.match(r"(\.\.\.|---)(\s|$)", lines[index]):
            return index
    return len(lines)
