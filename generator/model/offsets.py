"""Due dates as playbooks write them, in three forms:

- from kickoff: ``-10d``, ``0d``, ``+2w``;
- from a date fact of the project: ``target_go_live-4w``, ``target_go_live+0d``;
- from another task's due date: ``after design-signoff +1w``.

An offset counts days (``d``) or weeks (``w``), at most three digits. In the two anchored forms
its sign is required (``target_go_live4w`` would be ambiguous), and ``after`` is followed by
one space, the task's id, one space and the offset.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_OFFSET = re.compile(r"^(?P<sign>[+-]?)(?P<count>\d{1,3})(?P<unit>[dw])$")

# The three forms (ASCII digits only); the JSON Schema and the browser use the same pattern.
_FROM_KICKOFF = r"[+-]?[0-9]{1,3}[dw]"
_FROM_FACT = r"[a-z][a-z0-9_]*[+-][0-9]{1,3}[dw]"
_FROM_TASK = r"after [a-z0-9]+(?:-[a-z0-9]+)* [+-][0-9]{1,3}[dw]"
DUE_PATTERN = f"^(?:{_FROM_KICKOFF}|{_FROM_FACT}|{_FROM_TASK})$"

_DUE = re.compile(
    r"(?:after (?P<task>[a-z0-9]+(?:-[a-z0-9]+)*) (?=[+-])|(?P<fact>[a-z][a-z0-9_]*)(?=[+-]))?"
    r"(?P<sign>[+-]?)(?P<count>[0-9]{1,3})(?P<unit>[dw])"
)

DUE_FORMS = (
    "an offset from kickoff ('-10d', '0d', '+2w'), from a date fact ('target_go_live-4w') "
    "or from another task ('after design-signoff +1w')"
)


@dataclass(frozen=True)
class Due:
    """A task's ``due`` read: ``days`` from kickoff, from the date fact ``fact``, or from the
    due date of the task ``task`` (at most one of the two is set)."""

    days: int
    fact: str | None = None
    task: str | None = None


@lru_cache(maxsize=4096)  # a playbook's tasks are read again for every project
def parse_due(text: str) -> Due:
    """``'-10d'`` -> Due(-10); ``'target_go_live-4w'`` -> Due(-28, fact='target_go_live');
    ``'after design-signoff +1w'`` -> Due(7, task='design-signoff')."""
    match = _DUE.fullmatch(text)
    if match is None:
        raise ValueError(f"not a due date: {text!r}")
    days = int(match["count"]) * (7 if match["unit"] == "w" else 1)
    return Due(-days if match["sign"] == "-" else days, match["fact"], match["task"])


def due_problem(text: str) -> str | None:
    """Why ``text`` is not a due date as playbooks write it, or None when it is one."""
    if _DUE.fullmatch(text) is not None:
        return None
    return f"must be {DUE_FORMS}, got {text!r}"


def offset_days(offset: str) -> int:
    """'-10d' -> -10, '+2w' -> 14: an offset from kickoff only."""
    match = _OFFSET.match(offset)
    if match is None:
        raise ValueError(f"not an offset: {offset!r}")
    days = int(match["count"]) * (7 if match["unit"] == "w" else 1)
    return -days if match["sign"] == "-" else days


def describe_offset(offset: str) -> str:
    """A due date in words: '-10d' -> '10 days before kickoff', '+2w' -> '2 weeks after
    kickoff', 'target_go_live-4w' -> '4 weeks before target_go_live', 'after design-signoff
    +1w' -> '1 week after design-signoff is due'."""
    match = _DUE.fullmatch(offset)
    if match is None:
        raise ValueError(f"not an offset: {offset!r}")
    count = int(match["count"])
    task, fact = match["task"], match["fact"]
    if count == 0:
        return f"when {task} is due" if task else f"on {fact}" if fact else "on kickoff day"
    unit = {"d": "day", "w": "week"}[match["unit"]] + ("" if count == 1 else "s")
    side = "before" if match["sign"] == "-" else "after"
    anchor = f"{task} is due" if task else fact or "kickoff"
    return f"{count} {unit} {side} {anchor}"
