"""generator.load.portfolio_history: the portfolio's history read safely, or a message naming
the file that says what is wrong with it."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest

from generator.errors import ContentError
from generator.load import portfolio_history
from generator.load.portfolio_history import Snapshot, read_portfolio_history

SHOWN = ".playbook/portfolio-history.json"
FIX = "; fix it, or delete it to start the history afresh"
VALID = """\
{
  "format": 1,
  "projects": {
    "harbour-bank": [
      {"date": "2027-02-22", "overdue": 2, "progress": 40, "rag": "amber"},
      {"date": "2027-02-15", "overdue": 0, "progress": 30, "rag": "green"}
    ],
    "new": []
  }
}
"""


@pytest.fixture
def history(tmp_path: Path) -> Path:
    """Where the history file goes in the project folder tmp_path (not written yet)."""
    path = tmp_path / SHOWN
    path.parent.mkdir()
    return path


def problem(path: Path, root: Path) -> str:
    """The one problem reading ``path`` reports, as printed."""
    with pytest.raises(ContentError) as caught:
        read_portfolio_history(path, root)
    assert len(caught.value.problems) == 1
    return str(caught.value.problems[0])


def test_no_file_is_an_empty_history(history: Path, tmp_path: Path) -> None:
    assert read_portfolio_history(history, tmp_path) == {}
    assert read_portfolio_history(tmp_path / "nowhere" / "history.json", tmp_path) == {}


def test_a_valid_file_gives_each_project_its_entries_oldest_first(
    history: Path, tmp_path: Path
) -> None:
    history.write_text(VALID, encoding="utf-8")
    assert read_portfolio_history(history, tmp_path) == {
        "harbour-bank": (
            Snapshot(dt.date(2027, 2, 15), 30, "green", 0),
            Snapshot(dt.date(2027, 2, 22), 40, "amber", 2),
        ),
        "new": (),
    }


def test_a_byte_order_mark_is_allowed(history: Path, tmp_path: Path) -> None:
    history.write_text("\ufeff" + VALID, encoding="utf-8")
    assert len(read_portfolio_history(history, tmp_path)["harbour-bank"]) == 2


def with_entries(*entries: dict[str, object]) -> str:
    """A history of project 'p' with ``entries``, each a valid entry with some keys changed
    (a value of None drops its key)."""
    base = {"date": "2027-02-01", "progress": 1, "rag": "red", "overdue": 0}
    shown = [
        {key: value for key, value in {**base, **entry}.items() if value is not None}
        for entry in entries
    ]
    return json.dumps({"format": 1, "projects": {"p": shown}})


NOT_VALID = "portfolio history is not valid"
ENTRY = f"{NOT_VALID}: project 'p', entry 1"
BROKEN = {
    "not-json": (
        '{\n  "format": 1,\n  "projects": {,}\n}',
        f"3: {NOT_VALID}: invalid JSON: Expecting property name enclosed in double quotes",
    ),
    "not-an-object": ("[]", f"{NOT_VALID}: expected a JSON object, got a list"),
    "no-format": ('{"projects": {}}', f"{NOT_VALID}: it has no 'format'"),
    "newer-format": (
        '{"format": 2, "projects": {}}',
        f"{NOT_VALID}: 'format' is 2, written by a newer playbook (this one reads 1)",
    ),
    "format-true": (
        '{"format": true, "projects": {}}',
        f"{NOT_VALID}: 'format' must be 1, got true",
    ),
    "no-projects": (
        '{"format": 1}',
        f"{NOT_VALID}: 'projects' must be an object of project slugs, got null",
    ),
    "entries-not-a-list": (
        '{"format": 1, "projects": {"p": {}}}',
        f"{NOT_VALID}: project 'p' must be a list of entries, got an object",
    ),
    "entry-not-an-object": (
        '{"format": 1, "projects": {"p": [3]}}',
        f"{ENTRY} must be an object, got a number",
    ),
    "entry-missing-a-key": (with_entries({"overdue": None}), f"{ENTRY} has no 'overdue'"),
    "impossible-date": (
        with_entries({"date": "2027-02-30"}),
        f"{ENTRY}: 'date': 2027-02-30: day 30 does not exist (February 2027 has 28 days)",
    ),
    "date-not-iso": (
        with_entries({"date": "01/02/2027"}),
        f"{ENTRY}: 'date': '01/02/2027' is not a date written YYYY-MM-DD",
    ),
    "date-a-number": (
        with_entries({"date": 20270201}),
        f"{ENTRY}: 'date' must be a date written YYYY-MM-DD, got a number",
    ),
    "progress-over-100": (
        with_entries({"progress": 101}),
        f"{ENTRY}: 'progress' must be a percentage from 0 to 100, got 101",
    ),
    "progress-true": (
        with_entries({"progress": True}),
        f"{ENTRY}: 'progress' must be a percentage from 0 to 100, got true",
    ),
    "overdue-negative": (
        with_entries({"overdue": -1}),
        f"{ENTRY}: 'overdue' must be a whole number, 0 or more, got -1",
    ),
    "overdue-fraction": (
        with_entries({"overdue": 1.5}),
        f"{ENTRY}: 'overdue' must be a whole number, 0 or more, got 1.5",
    ),
    "rag-unknown": (
        with_entries({"rag": "blue"}),
        f"{ENTRY}: 'rag' must be red, amber or green, got 'blue'",
    ),
    "two-entries-one-day": (
        with_entries({}, {"progress": 2}),
        f"{NOT_VALID}: project 'p' has two entries dated 2027-02-01",
    ),
    "deeply-nested": (
        '{"format": 1, "projects": ' + "[" * 100_000 + "]" * 100_000 + "}",
        f"{NOT_VALID}: invalid JSON: nested too deeply",
    ),
    "huge-number": (
        with_entries({}).replace('"progress": 1', '"progress": ' + "9" * 5000),
        f"{NOT_VALID}: invalid JSON: a number has too many digits",
    ),
}


@pytest.mark.parametrize(("text", "message"), list(BROKEN.values()), ids=list(BROKEN))
def test_a_broken_file_is_one_problem_naming_it(
    history: Path, tmp_path: Path, text: str, message: str
) -> None:
    history.write_text(text, encoding="utf-8")
    where = SHOWN + (":" if message[0].isdigit() else ": ")
    assert problem(history, tmp_path) == where + message + FIX


def test_text_that_is_not_utf8_is_refused_at_its_line(history: Path, tmp_path: Path) -> None:
    history.write_bytes(b'{\n  "format": 1,\n  "projects": {"\xff": []}\n}\n')
    assert problem(history, tmp_path) == (
        f"{SHOWN}:3: portfolio history is not valid: not UTF-8 text (byte 0xff){FIX}"
    )


def test_a_file_over_the_size_limit_is_refused_unread(
    history: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(portfolio_history, "MAX_HISTORY_BYTES", 300)
    history.write_text(VALID + " " * 200, encoding="utf-8")
    size = history.stat().st_size
    assert problem(history, tmp_path) == (
        f"{SHOWN}: portfolio history is not valid: file is {size:,} bytes; the limit is 300{FIX}"
    )
    history.write_text(VALID, encoding="utf-8")  # under the limit: read
    assert "harbour-bank" in read_portfolio_history(history, tmp_path)


def test_the_real_limit_leaves_room_for_a_large_portfolio() -> None:
    # 300 projects of 26 entries at about 80 bytes each: 624,000 bytes.
    assert portfolio_history.MAX_HISTORY_BYTES >= 10 * 300 * 26 * 80


def test_a_folder_or_a_fifo_in_its_place_is_refused(history: Path, tmp_path: Path) -> None:
    history.mkdir()
    assert problem(history, tmp_path) == (
        f"{SHOWN}: portfolio history is not valid: it is a folder, not a file{FIX}"
    )
    history.rmdir()
    os.mkfifo(history)  # read without blocking: the build must not hang on it
    assert problem(history, tmp_path) == (
        f"{SHOWN}: portfolio history is not valid: it is not a regular file{FIX}"
    )


def test_a_symlink_out_of_the_project_is_refused(history: Path, tmp_path: Path) -> None:
    outside = tmp_path.parent / f"{tmp_path.name}-outside.json"
    outside.write_text(VALID, encoding="utf-8")
    root = tmp_path
    history.symlink_to(outside)
    assert problem(history, root) == f"{SHOWN}: points outside the project"


def test_a_folder_on_the_way_that_leads_out_is_refused_even_before_a_file_exists(
    tmp_path: Path,
) -> None:
    root = tmp_path / "project"
    root.mkdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (root / ".playbook").symlink_to(elsewhere, target_is_directory=True)
    assert problem(root / SHOWN, root) == f"{SHOWN}: points outside the project"
    (elsewhere / "portfolio-history.json").write_text(VALID, encoding="utf-8")
    assert problem(root / SHOWN, root) == f"{SHOWN}: points outside the project"


def test_a_symlink_inside_the_project_is_followed(history: Path, tmp_path: Path) -> None:
    target = tmp_path / "kept" / "history.json"
    target.parent.mkdir()
    target.write_text(VALID, encoding="utf-8")
    history.symlink_to(target)
    assert len(read_portfolio_history(history, tmp_path)["harbour-bank"]) == 2


def test_a_dangling_symlink_inside_the_project_is_no_history(history: Path, tmp_path: Path) -> None:
    history.symlink_to(tmp_path / "gone.json")
    assert read_portfolio_history(history, tmp_path) == {}


def test_a_long_slug_is_shortened_in_the_message(history: Path, tmp_path: Path) -> None:
    slug = "x" * 500
    history.write_text(f'{{"format": 1, "projects": {{"{slug}": 7}}}}', encoding="utf-8")
    message = problem(history, tmp_path)
    assert f"project '{'x' * 59}…' must be a list of entries, got a number" in message
    assert len(message) < 250
