"""generator.model.offsets: due dates ('-10d', 'target_go_live-4w', 'after x +1w'), read and
described."""

from __future__ import annotations

import re

import pytest

from generator.model.offsets import (
    DUE_PATTERN,
    Due,
    describe_offset,
    due_problem,
    offset_days,
    parse_due,
)


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


# --- due dates: from kickoff, from a date fact, after another task ---------------------------


@pytest.mark.parametrize(
    ("due", "expected"),
    [
        ("-10d", Due(-10)),
        ("0d", Due(0)),
        ("+2w", Due(14)),
        ("007d", Due(7)),
        ("target_go_live-4w", Due(-28, fact="target_go_live")),
        ("target_go_live+0d", Due(0, fact="target_go_live")),
        ("f1_date+999d", Due(999, fact="f1_date")),
        ("after-2w", Due(-14, fact="after")),  # a fact may be called 'after'
        ("after design-signoff +1w", Due(7, task="design-signoff")),
        ("after task-2 -3d", Due(-3, task="task-2")),
        ("after a +0d", Due(0, task="a")),
    ],
)
def test_parse_due_reads_every_form(due: str, expected: Due) -> None:
    assert parse_due(due) == expected
    assert due_problem(due) is None
    assert re.fullmatch(DUE_PATTERN, due)


@pytest.mark.parametrize(
    "due",
    [
        "",
        "target_go_live4w",  # the sign is required after a fact
        "target_go_live 4w",
        "target_go_live -4w",
        "Target_go_live-4w",
        "_x-4w",
        "after design-signoff 1w",  # and after a task
        "after design-signoff+1w",
        "after  design-signoff +1w",
        "after design-signoff  +1w",
        "after Design +1w",
        "after design- +1w",
        "after design-signoff",
        "design-signoff+1w",
        "+1m",
        "1000d",
        "+2w\n",
        "٢w",  # ASCII digits only
    ],
)
def test_parse_due_refuses_anything_else(due: str) -> None:
    with pytest.raises(ValueError, match=f"^not a due date: {re.escape(repr(due))}$"):
        parse_due(due)
    problem = due_problem(due)
    assert problem is not None
    assert problem.startswith("must be an offset from kickoff ('-10d', '0d', '+2w'), from a date")
    assert problem.endswith(f", got {due!r}")
    assert not re.fullmatch(DUE_PATTERN, due)


@pytest.mark.parametrize(
    ("due", "text"),
    [
        ("target_go_live-4w", "4 weeks before target_go_live"),
        ("target_go_live+1d", "1 day after target_go_live"),
        ("target_go_live+0d", "on target_go_live"),
        ("after design-signoff +1w", "1 week after design-signoff is due"),
        ("after design-signoff -2d", "2 days before design-signoff is due"),
        ("after design-signoff +0w", "when design-signoff is due"),
    ],
)
def test_describe_offset_describes_anchored_due_dates(due: str, text: str) -> None:
    assert describe_offset(due) == text
