"""generator.model.offsets: offsets from kickoff ('-10d', '+2w'), read and described."""

from __future__ import annotations

import re

import pytest

from generator.model.offsets import describe_offset, offset_days


@pytest.mark.parametrize(
    ("offset", "days"),
    [
        ("0d", 0),
        ("+0d", 0),
        ("-0d", 0),
        ("0w", 0),
        ("1d", 1),
        ("+1d", 1),
        ("-1d", -1),
        ("10d", 10),
        ("-10d", -10),
        ("1w", 7),
        ("+2w", 14),
        ("-3w", -21),
        ("999d", 999),
        ("-999w", -6993),
    ],
)
def test_offset_days(offset: str, days: int) -> None:
    assert offset_days(offset) == days


@pytest.mark.parametrize(
    "offset",
    ["", "5", "d", "+-5d", "--5d", "5m", "5D", "1000d", "5 d", " 5d", "5.5d", "+w", "-10"],
)
def test_offset_days_rejects_anything_else(offset: str) -> None:
    with pytest.raises(ValueError, match=f"^not an offset: {re.escape(repr(offset))}$"):
        offset_days(offset)


@pytest.mark.parametrize(
    ("offset", "text"),
    [
        ("0d", "on kickoff day"),
        ("+0d", "on kickoff day"),
        ("-0w", "on kickoff day"),
        ("1d", "1 day after kickoff"),
        ("+1d", "1 day after kickoff"),
        ("-1d", "1 day before kickoff"),
        ("-10d", "10 days before kickoff"),
        ("+1w", "1 week after kickoff"),
        ("-1w", "1 week before kickoff"),
        ("+2w", "2 weeks after kickoff"),
        ("-3w", "3 weeks before kickoff"),
        ("007d", "7 days after kickoff"),
    ],
)
def test_describe_offset(offset: str, text: str) -> None:
    assert describe_offset(offset) == text


def test_describe_offset_rejects_bad_offsets() -> None:
    with pytest.raises(ValueError, match=r"^not an offset: '2 weeks'$"):
        describe_offset("2 weeks")
