"""generator.model.projectfile: how project files write values, and how marks edit their text.

``yaml_scalar`` must write every value so that YAML reads back exactly that value;
``apply_marks`` must change the marked entries' lines and nothing else.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.load.anchors import status_anchors
from generator.load.documents import parse_document
from generator.model.projectfile import Mark, StatusAnchors, apply_marks, status_entry, yaml_scalar

LOADERS: list[type[Any]] = [yaml.SafeLoader]
if hasattr(yaml, "CSafeLoader"):  # what generator.load.documents uses when it is there
    LOADERS.append(yaml.CSafeLoader)

DAY = dt.date(2027, 3, 1)


def read_back(written: str) -> Any:
    """The value of ``k: WRITTEN`` as each YAML loader reads it (they must agree)."""
    values = [yaml.load("k: " + written, Loader=loader)["k"] for loader in LOADERS]
    assert all(value == values[0] for value in values), values
    return values[0]


# --- yaml_scalar ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("banking", "banking"),
        ("Harbour Bank", "Harbour Bank"),
        ("Lee O'Brien", "Lee O'Brien"),
        ("R&D (phase 2) / ops + more", "R&D (phase 2) / ops + more"),
        ("v1.0", "v1.0"),
        ("not needed", "not needed"),
        ("", '""'),
        (" leading", '" leading"'),
        ("trailing ", '"trailing "'),
        ("note: with a colon", '"note: with a colon"'),
        ("a # not a comment", '"a # not a comment"'),
        ("a#b", '"a#b"'),
        ('say "hi"', '"say \\"hi\\""'),
        ("back\\slash", '"back\\\\slash"'),
        ("two\nlines", '"two\\nlines"'),
        ("tab\there", '"tab\\there"'),
        ("yes", '"yes"'),
        ("No", '"No"'),
        ("ON", '"ON"'),
        ("off", '"off"'),
        ("True", '"True"'),
        ("null", '"null"'),
        ("Null", '"Null"'),
        ("y", '"y"'),
        ("n", '"n"'),
        ("~", '"~"'),
        ("12", '"12"'),
        ("1.0.0", '"1.0.0"'),
        ("2027-03-01", '"2027-03-01"'),
        ("3 weeks", '"3 weeks"'),
        ("-", '"-"'),
        ("- item", '"- item"'),
        ("? key", '"? key"'),
        ("[web]", '"[web]"'),
        ("{a: 1}", '"{a: 1}"'),
        ("a, b", '"a, b"'),
        ("&anchor", '"&anchor"'),
        ("*alias", '"*alias"'),
        ("!tag", '"!tag"'),
        ("%directive", '"%directive"'),
        ("@at", '"@at"'),
        ("`tick", '"`tick"'),
        ("|", '"|"'),
        (">", '">"'),
        ("'quoted'", "\"'quoted'\""),
        (".inf", '".inf"'),
        ("<<", '"<<"'),
        ("=", '"="'),
        ("Zürich", '"Zürich"'),
        ("日本語", '"日本語"'),
        ("emoji 🎉", '"emoji 🎉"'),
        ("del\x7f", '"del\\u007f"'),
        ("nel\x85line", '"nel\\u0085line"'),
        ("line\u2028sep", '"line\\u2028sep"'),
        ("para\u2029sep", '"para\\u2029sep"'),
        ("\ufeffbom", '"\\ufeffbom"'),
        ("not a char \ufffe", '"not a char \\ufffe"'),
        (True, "true"),
        (False, "false"),
        (0, "0"),
        (-12, "-12"),
        (DAY, "2027-03-01"),
        ([], "[]"),
        (["web", "mobile"], "[web, mobile]"),
        (["a, b", "yes", "c"], '["a, b", "yes", c]'),
        ([1, True, DAY], "[1, true, 2027-03-01]"),
    ],
)
def test_yaml_scalar_writes(value: Any, written: str) -> None:
    assert yaml_scalar(value) == written
    assert read_back(written) == value


@given(st.text())
@settings(max_examples=500)
def test_any_text_reads_back_as_written(text: str) -> None:
    assert read_back(yaml_scalar(text)) == text


@given(st.text(st.characters(codec="utf-8", exclude_categories=())))
@settings(max_examples=300)
def test_any_character_reads_back_even_unusual_ones(text: str) -> None:
    # Control characters, the line breaks YAML folds, characters YAML refuses.
    written = yaml_scalar(text)
    assert read_back(written) == text
    written.encode("utf-8")


@given(st.from_regex(r"[A-Za-z][A-Za-z0-9 ._/()&+'-]*", fullmatch=True))
def test_plain_looking_text_reads_back(text: str) -> None:
    written = yaml_scalar(text)
    assert written in (text, f'"{text}"')
    assert read_back(written) == text


@given(st.lists(st.text(), max_size=5))
def test_lists_read_back_in_flow_style(items: list[str]) -> None:
    written = yaml_scalar(items)
    assert written.startswith("[") and written.endswith("]")
    assert "\n" not in written
    assert read_back(written) == items


@given(st.text())
def test_text_on_a_list_line_and_as_a_key_reads_back(text: str) -> None:
    written = yaml_scalar(text)
    assert yaml.safe_load(f"- {written}\n- x\n") == [text, "x"]
    assert yaml.safe_load(f"{written}: 1\nk: 2\n") == {text: 1, "k": 2}


def expected_entry(mark: Mark) -> dict[str, Any]:
    entry: dict[str, Any] = {"state": mark.state}
    if mark.date is not None:
        entry["date"] = mark.date
    if mark.note:
        entry["note"] = mark.note
    return entry


# --- status_entry ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mark", "line"),
    [
        (Mark("hold-kickoff", "open"), "hold-kickoff: {state: open}"),
        (Mark("hold-kickoff", "done", DAY), "hold-kickoff: {state: done, date: 2027-03-01}"),
        (
            Mark("hold-kickoff", "n/a", note="not needed"),
            "hold-kickoff: {state: n/a, note: not needed}",
        ),
        (
            Mark("hold-kickoff", "done", DAY, "per Lee: see #12"),
            'hold-kickoff: {state: done, date: 2027-03-01, note: "per Lee: see #12"}',
        ),
        (Mark("hold-kickoff", "open", DAY), "hold-kickoff: {state: open, date: 2027-03-01}"),
        (Mark("hold-kickoff", "open", note=""), "hold-kickoff: {state: open}"),
        # Ids YAML would read as something other than text are quoted.
        (Mark("no", "open"), '"no": {state: open}'),
        (Mark("null", "open"), '"null": {state: open}'),
        (Mark("2027", "open"), '"2027": {state: open}'),
        (Mark("2027-03-01", "open"), '"2027-03-01": {state: open}'),
    ],
)
def test_status_entry(mark: Mark, line: str) -> None:
    assert status_entry(mark) == line
    assert yaml.safe_load(line) == {mark.item_id: expected_entry(mark)}


@given(st.sampled_from(["open", "done", "n/a"]), st.dates(), st.text())
def test_any_status_entry_reads_back(state: str, date: dt.date, note: str) -> None:
    mark = Mark("hold-kickoff", state, date, note)  # type: ignore[arg-type]
    read = yaml.safe_load(status_entry(mark))["hold-kickoff"]
    assert read == {"state": state, "date": date, **({"note": note} if note else {})}


def anchors_of(text: str) -> StatusAnchors:
    return status_anchors(parse_document(text.encode("utf-8"), Path("p.yaml"), "p.yaml"))


# --- apply_marks with anchors made by hand --------------------------------------------------

BLOCK = """\
name: x
status:
  a: {state: open}
  b:
    state: done
    date: 2027-01-01
# end
"""
BLOCK_ANCHORS = StatusAnchors("block", 1, {"a": (2, 3), "b": (3, 6)}, insert_at=6)


def test_replaces_a_one_line_entry() -> None:
    assert apply_marks(BLOCK, BLOCK_ANCHORS, [Mark("a", "done", DAY)]) == BLOCK.replace(
        "  a: {state: open}", "  a: {state: done, date: 2027-03-01}"
    )


def test_replaces_a_multi_line_entry_with_one_line() -> None:
    assert apply_marks(BLOCK, BLOCK_ANCHORS, [Mark("b", "n/a", note="skip")]) == (
        "name: x\nstatus:\n  a: {state: open}\n  b: {state: n/a, note: skip}\n# end\n"
    )


def test_adds_entries_at_the_insert_line_in_the_order_given() -> None:
    marks = [Mark("c", "open"), Mark("b", "open"), Mark("d", "done", DAY)]
    assert apply_marks(BLOCK, BLOCK_ANCHORS, marks) == (
        "name: x\n"
        "status:\n"
        "  a: {state: open}\n"
        "  b: {state: open}\n"
        "  c: {state: open}\n"
        "  d: {state: done, date: 2027-03-01}\n"
        "# end\n"
    )


def test_no_marks_change_nothing() -> None:
    assert apply_marks(BLOCK, BLOCK_ANCHORS, []) == BLOCK


def test_uses_the_indent_given() -> None:
    anchors = StatusAnchors("block", 0, {"a": (1, 2)}, insert_at=2, indent="    ")
    text = "status:\n    a: {state: open}\n"
    assert apply_marks(text, anchors, [Mark("a", "done"), Mark("b", "open")]) == (
        "status:\n    a: {state: done}\n    b: {state: open}\n"
    )


def test_empty_section_becomes_a_block_and_keeps_its_comment() -> None:
    text = "name: x\nstatus: {}  # none yet\nrisks: {}\n"
    anchors = StatusAnchors("empty", 1)
    assert apply_marks(text, anchors, [Mark("a", "open"), Mark("b", "open")]) == (
        "name: x\nstatus:  # none yet\n  a: {state: open}\n  b: {state: open}\nrisks: {}\n"
    )


@pytest.mark.parametrize(
    ("line", "becomes"),
    [
        ("status: {}", "status:"),
        ("status:{}", "status:"),
        ("status: { }", "status:"),
        ("status : {}   # spaced", "status :   # spaced"),
        ("status: !!map {}", "status: !!map"),
        ("status: &progress {}  # c", "status: &progress  # c"),
        ('"status": {}', '"status":'),
        ("'status': {}", "'status':"),
    ],
)
def test_empty_section_lines(line: str, becomes: str) -> None:
    text = f"name: x\n{line}\n"
    result = apply_marks(text, StatusAnchors("empty", 1), [Mark("a", "open")])
    assert result == f"name: x\n{becomes}\n  a: {{state: open}}\n"
    assert yaml.safe_load(result)["status"] == {"a": {"state": "open"}}


def test_an_empty_section_line_it_cannot_take_apart_is_refused() -> None:
    with pytest.raises(ValueError, match="cannot be edited"):
        apply_marks("{name: x, status: {}}\n", StatusAnchors("empty", 0), [Mark("a", "open")])


def test_an_empty_section_only_replaced_nothing_to_add_is_left_alone() -> None:
    text = "status: {}\n"
    assert apply_marks(text, StatusAnchors("empty", 0), []) == text


def test_missing_section_is_added_at_the_end() -> None:
    text = "name: x\n# last comment\n"
    assert apply_marks(text, StatusAnchors("missing"), [Mark("a", "open")]) == (
        "name: x\n# last comment\nstatus:\n  a: {state: open}\n"
    )


def test_flow_section_is_refused() -> None:
    with pytest.raises(ValueError, match="flow style"):
        apply_marks("status: {a: {state: open}}\n", StatusAnchors("flow", 0), [])


def test_crlf_lines_stay_crlf() -> None:
    text = BLOCK.replace("\n", "\r\n")
    marks = [Mark("b", "open"), Mark("c", "open")]
    assert apply_marks(text, BLOCK_ANCHORS, marks) == (
        "name: x\r\nstatus:\r\n  a: {state: open}\r\n  b: {state: open}\r\n"
        "  c: {state: open}\r\n# end\r\n"
    )
    empty = apply_marks("x: 1\r\nstatus: {}\r\n", StatusAnchors("empty", 1), marks)
    assert empty == "x: 1\r\nstatus:\r\n  b: {state: open}\r\n  c: {state: open}\r\n"
    missing = apply_marks("x: 1\r\n", StatusAnchors("missing"), marks[:1])
    assert missing == "x: 1\r\nstatus:\r\n  b: {state: open}\r\n"


def test_the_byte_order_mark_stays_first() -> None:
    text = "\ufeff" + BLOCK
    result = apply_marks(text, BLOCK_ANCHORS, [Mark("a", "done"), Mark("c", "open")])
    assert result == "\ufeff" + apply_marks(
        BLOCK, BLOCK_ANCHORS, [Mark("a", "done"), Mark("c", "open")]
    )
    assert result.count("\ufeff") == 1
    missing = apply_marks("\ufeffx: 1\n", StatusAnchors("missing"), [Mark("a", "open")])
    assert missing == "\ufeffx: 1\nstatus:\n  a: {state: open}\n"


def test_a_missing_final_newline_stays_missing() -> None:
    text = "name: x\nstatus:\n  a:\n    state: open"
    anchors = StatusAnchors("block", 1, {"a": (2, 4)}, insert_at=4)
    assert apply_marks(text, anchors, [Mark("a", "done")]) == (
        "name: x\nstatus:\n  a: {state: done}"
    )
    # Added after the last line: the line above gets a break, the new last line none.
    assert apply_marks(text, anchors, [Mark("a", "done"), Mark("b", "open")]) == (
        "name: x\nstatus:\n  a: {state: done}\n  b: {state: open}"
    )
    assert apply_marks(text, anchors, [Mark("b", "open")]) == (
        "name: x\nstatus:\n  a:\n    state: open\n  b: {state: open}"
    )
    assert apply_marks("name: x", StatusAnchors("missing"), [Mark("a", "open")]) == (
        "name: x\nstatus:\n  a: {state: open}"
    )
    assert apply_marks("status: {}", StatusAnchors("empty", 0), [Mark("a", "open")]) == (
        "status:\n  a: {state: open}"
    )


def test_an_added_entry_follows_a_replaced_multi_line_entry_directly() -> None:
    # The emptied lines of the replaced entry are no lines without a break.
    marks = [Mark("b", "open"), Mark("c", "open")]
    assert apply_marks(BLOCK, BLOCK_ANCHORS, marks) == (
        "name: x\nstatus:\n  a: {state: open}\n  b: {state: open}\n  c: {state: open}\n# end\n"
    )


def test_other_line_breaks_count_as_yaml_counts_them() -> None:
    # NEL and U+2028 end lines for YAML (here: 5 lines before 'status'), so they do here too.
    head = '# one\u2028\nname: "a\x85 b\u2028 c"\r\n'
    text = head + "status:\n  a: {state: open}\n"
    anchors = StatusAnchors("block", 5, {"a": (6, 7)}, insert_at=7)
    assert anchors_of(text) == anchors
    assert apply_marks(text, anchors, [Mark("a", "done")]) == (
        head + "status:\n  a: {state: done}\n"
    )


# --- apply_marks with the anchors of a loaded file ------------------------------------------

COMMENTED = """\
# Harbour Bank
name: Harbour Bank
status:  # ticked off weekly
  hold-kickoff: {state: done, date: 2027-01-20}  # minutes in the wiki
  weekly-status:
    state: n/a
    note: not needed  # for now
  # after the last entry

# Risks
risks:
  scope-creep: {likelihood: 5}
"""


def edit(text: str, marks: list[Mark]) -> str:
    """``text`` with ``marks`` applied at the anchors its loaded document gives."""
    return apply_marks(text, anchors_of(text), marks)


def test_loaded_file_replace_and_add() -> None:
    marks = [
        Mark("weekly-status", "done", DAY, "weekly: from March"),
        Mark("scope-objectives", "open"),
    ]
    assert edit(COMMENTED, marks) == (
        "# Harbour Bank\n"
        "name: Harbour Bank\n"
        "status:  # ticked off weekly\n"
        "  hold-kickoff: {state: done, date: 2027-01-20}  # minutes in the wiki\n"
        '  weekly-status: {state: done, date: 2027-03-01, note: "weekly: from March"}\n'
        "  scope-objectives: {state: open}\n"
        "  # after the last entry\n"
        "\n"
        "# Risks\n"
        "risks:\n"
        "  scope-creep: {likelihood: 5}\n"
    )


def test_loaded_file_with_a_byte_order_mark_and_crlf() -> None:
    text = "\ufeff" + COMMENTED.replace("\n", "\r\n")
    marks = [Mark("hold-kickoff", "open"), Mark("why-a-pmo", "n/a")]
    expected = "\ufeff" + edit(COMMENTED, marks).replace("\n", "\r\n")
    assert edit(text, marks) == expected


def test_loaded_empty_and_missing_sections() -> None:
    marks = [Mark("hold-kickoff", "open")]
    assert edit("name: x\nstatus: {}  # later\nrisks: {}\n", marks) == (
        "name: x\nstatus:  # later\n  hold-kickoff: {state: open}\nrisks: {}\n"
    )
    assert edit("name: x\nrisks: {}\n", marks) == (
        "name: x\nrisks: {}\nstatus:\n  hold-kickoff: {state: open}\n"
    )


def test_loaded_flow_section_is_refused() -> None:
    with pytest.raises(ValueError, match="flow style"):
        edit("name: x\nstatus: {hold-kickoff: {state: open}}\n", [Mark("hold-kickoff", "done")])


ITEM_IDS = ["hold-kickoff", "weekly-status", "scope-objectives", "why-a-pmo", "no", "2027"]
MARKS = st.lists(
    st.builds(
        Mark,
        st.sampled_from(ITEM_IDS),
        st.sampled_from(["open", "done", "n/a"]),
        st.none() | st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2999, 12, 31)),
        st.text(max_size=20),
    ),
    unique_by=lambda mark: mark.item_id,
    max_size=4,
)
TEXTS = st.sampled_from(
    [
        COMMENTED,
        COMMENTED.replace("\n", "\r\n"),
        "\ufeff" + COMMENTED,
        COMMENTED.removesuffix("\n"),
        COMMENTED.replace("  ", "    "),
        "name: x\nstatus: {}  # later\nrisks: {}\n",
        "name: x\nrisks: {}",
        "status:\n  hold-kickoff:\n    state: done\n    date: 2027-01-01",
    ]
)


@given(TEXTS, MARKS)
@settings(max_examples=300)
def test_marks_change_the_marked_entries_and_nothing_else(text: str, marks: list[Mark]) -> None:
    result = edit(text, marks)
    before = yaml.safe_load(text)
    after = yaml.safe_load(result)
    status = dict(before.get("status") or {})
    status.update({mark.item_id: expected_entry(mark) for mark in marks})
    assert after.pop("status", {}) == status
    before.pop("status", None)
    assert after == before
    # The line breaks, the byte order mark and the final line break are the file's own.
    assert result.startswith("\ufeff") == text.startswith("\ufeff")
    assert result.endswith("\n") == text.endswith("\n")
    assert ("\r\n" in result) == ("\r\n" in text)
    assert "\n" not in result.replace("\r\n", "") or "\r\n" not in text
    # Every line that is not a status entry is still there, in the same order.
    kept = [line for line in text.splitlines() if not line.startswith(("  ", "    "))]
    assert [line for line in result.splitlines() if not line.startswith(("  ", "    "))] == [
        line.replace("status: {}", "status:") if marks else line for line in kept
    ] + (["status:"] if "status" not in text and marks else [])
