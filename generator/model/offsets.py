"""Offsets from kickoff as playbooks write them: ``-10d``, ``0d``, ``+2w``."""

from __future__ import annotations

import re

_OFFSET = re.compile(r"^(?P<sign>[+-]?)(?P<count>\d{1,3})(?P<unit>[dw])$")


def offset_days(offset: str) -> int:
    match = _OFFSET.match(offset)
    if match is None:
        raise ValueError(f"not an offset: {offset!r}")
    days = int(match["count"]) * (7 if match["unit"] == "w" else 1)
    return -days if match["sign"] == "-" else days


def describe_offset(offset: str) -> str:
    """'-10d' -> '10 days before kickoff'; '+2w' -> '2 weeks after kickoff'."""
    match = _OFFSET.match(offset)
    if match is None:
        raise ValueError(f"not an offset: {offset!r}")
    count = int(match["count"])
    if count == 0:
        return "on kickoff day"
    unit = {"d": "day", "w": "week"}[match["unit"]] + ("" if count == 1 else "s")
    return f"{count} {unit} {'before' if match['sign'] == '-' else 'after'} kickoff"
