"""generator.load.anchors: where a project file's status entries sit, by line (from 0).

Each entry spans from its key's line up to the next key of the status section or of the file;
blank and comment lines after an entry belong to what follows it, so new entries go right
after the last entry, above such lines.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.load.anchors import status_anchors
from generator.load.documents import parse_document
from generator.model.projectfile import StatusAnchors, lines_of

# Lines 0 to 4: the head of a project file.
HEAD = """\
name: Harbour Bank
playbook: demo
playbook_version: "1.0.0"
kickoff: 2027-02-01
facts: {regulated: true}
"""


def anchors_of(text: str | bytes) -> StatusAnchors:
    raw = text if isinstance(text, bytes) else text.encode("utf-8")
    return status_anchors(parse_document(raw, Path("p.yaml"), "projects/p.yaml"))


def span_text(text: str, span: tuple[int, int]) -> str:
    return "".join(lines_of(text)[span[0] : span[1]])


# --- block sections -------------------------------------------------------------------------


def test_block_section_of_one_line_entries() -> None:
    text = (
        HEAD
        + "status:\n"
        + "  weekly-status: {state: done, date: 2027-01-20}\n"
        + "  hold-kickoff: {state: open}\n"
        + "risks: {}\n"
    )
    assert anchors_of(text) == StatusAnchors(
        "block",
        section_line=5,
        entries={"weekly-status": (6, 7), "hold-kickoff": (7, 8)},
        insert_at=8,
        indent="  ",
    )


def test_multi_line_entries_and_the_comments_between_them() -> None:
    text = (
        HEAD
        + "# Progress\n"  # 5
        + "status:  # weekly\n"  # 6
        + "  hold-kickoff:\n"  # 7
        + "    state: done  # at last\n"
        + "    # a comment inside the entry\n"
        + "    date: 2027-02-01\n"  # 10
        + "\n"
        + "  # about the next entry\n"
        + "  weekly-status:\n"  # 13
        + "    state: n/a\n"
        + "    note: >-\n"
        + "      not needed\n"
        + "\n"
        + "      for this project\n"  # 18
        + "  # after the last entry\n"
        + "\n"
        + "# Risks\n"
        + "risks: {}\n"  # 22
    )
    anchors = anchors_of(text)
    assert anchors == StatusAnchors(
        "block",
        section_line=6,
        entries={"hold-kickoff": (7, 11), "weekly-status": (13, 19)},
        insert_at=19,
        indent="  ",
    )
    assert span_text(text, anchors.entries["hold-kickoff"]) == (
        "  hold-kickoff:\n"
        "    state: done  # at last\n"
        "    # a comment inside the entry\n"
        "    date: 2027-02-01\n"
    )
    # The blank line inside the folded note is the entry's: only trailing ones are not.
    assert span_text(text, anchors.entries["weekly-status"]).endswith(
        "      not needed\n\n      for this project\n"
    )


def test_entries_indented_by_four_spaces() -> None:
    text = (
        HEAD
        + "status:\n"
        + "    hold-kickoff:\n"
        + "        state: done\n"
        + "    weekly-status: {state: open}\n"
    )
    assert anchors_of(text) == StatusAnchors(
        "block",
        section_line=5,
        entries={"hold-kickoff": (6, 8), "weekly-status": (8, 9)},
        insert_at=9,
        indent="    ",
    )


def test_the_indent_is_the_first_entrys_even_when_its_key_is_quoted() -> None:
    text = HEAD + 'status:\n   "hold-kickoff": {state: done}\n'
    anchors = anchors_of(text)
    assert anchors.indent == "   "
    assert anchors.entries == {"hold-kickoff": (6, 7)}


def test_status_as_the_first_key_and_the_entries_in_file_order() -> None:
    text = "status:\n  b: {state: open}\n  a: {state: done}\n" + HEAD
    anchors = anchors_of(text)
    assert list(anchors.entries.items()) == [("b", (1, 2)), ("a", (2, 3))]
    assert (anchors.section_line, anchors.insert_at) == (0, 3)


def test_the_last_entry_of_the_file_ends_at_the_end_of_the_file() -> None:
    text = HEAD + "status:\n  hold-kickoff:\n    state: done\n    date: 2027-02-01"
    assert anchors_of(text) == StatusAnchors(
        "block", 5, {"hold-kickoff": (6, 9)}, insert_at=9, indent="  "
    )


def test_comments_after_the_last_entry_at_the_end_of_the_file_are_not_its() -> None:
    text = HEAD + "status:\n  hold-kickoff: {state: done}\n    # deeper\n\n# the end\n"
    anchors = anchors_of(text)
    assert anchors.entries == {"hold-kickoff": (6, 7)}
    assert anchors.insert_at == 7


def test_a_document_end_marker_is_not_part_of_the_last_entry() -> None:
    text = HEAD + "status:\n  hold-kickoff:\n    state: done\n...\n# after the document\n"
    anchors = anchors_of(text)
    assert anchors.entries == {"hold-kickoff": (6, 8)}
    assert anchors.insert_at == 8


def test_an_anchor_or_a_tag_on_the_key_line_keeps_the_section_a_block() -> None:
    for props in ("&progress", "!!map", "!!map &progress  # why"):
        anchors = anchors_of(HEAD + f"status: {props}\n  hold-kickoff: {{state: done}}\n")
        assert anchors == StatusAnchors("block", 5, {"hold-kickoff": (6, 7)}, 7, "  "), props


def test_line_indexes_with_crlf_and_with_a_byte_order_mark() -> None:
    text = HEAD + "status:\n  hold-kickoff:\n    state: done\n  weekly-status: {state: open}\n"
    expected = StatusAnchors("block", 5, {"hold-kickoff": (6, 8), "weekly-status": (8, 9)}, 9)
    assert anchors_of(text) == expected
    assert anchors_of(text.replace("\n", "\r\n")) == expected
    assert anchors_of(b"\xef\xbb\xbf" + text.encode("utf-8")) == expected
    assert anchors_of(text.replace("\n", "\r")) == expected


def test_keys_of_other_sections_end_an_entry_only_at_the_top_level() -> None:
    text = (
        "status:\n"
        + "  hold-kickoff:\n"
        + "    state: done\n"
        + "    note: |\n"
        + "      facts: not a key\n"
        + "facts:\n"
        + "  regulated: true\n"
        + HEAD.replace("facts: {regulated: true}\n", "")
    )
    assert anchors_of(text).entries == {"hold-kickoff": (1, 5)}


# --- the other kinds of section -------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "status: {}",
        "status: {}  # nothing yet",
        "status: { }",
        "status: !!map {}",
        "status: &progress {}",
        '"status": {}',
    ],
)
def test_empty_section_on_the_key_line(line: str) -> None:
    assert anchors_of(HEAD + line + "\nrisks: {}\n") == StatusAnchors("empty", section_line=5)


def test_empty_braces_below_the_key_are_flow_style() -> None:
    assert anchors_of(HEAD + "status:\n  {}\n") == StatusAnchors("flow", section_line=5)


def test_missing_section() -> None:
    assert anchors_of(HEAD) == StatusAnchors("missing")
    assert anchors_of(HEAD + "# status: {}\n") == StatusAnchors("missing")


@pytest.mark.parametrize(
    "section",
    [
        "status: {hold-kickoff: {state: done}}\n",
        "status: {hold-kickoff: {state: done}, weekly-status: {state: open}}  # both\n",
        "status:\n  {hold-kickoff: {state: done}, weekly-status: {state: open}}\n",
        "status: &progress\n  {hold-kickoff: {state: done}}\n",
        "status: {\n  hold-kickoff: {state: done},\n  weekly-status: {state: open}\n}\n",
        "status: !!map {\n  hold-kickoff: {state: done}\n}\n",
        "status:  # below\n  # in braces\n  {hold-kickoff: {state: done}}\n",
    ],
)
def test_flow_section(section: str) -> None:
    assert anchors_of(HEAD + section + "risks: {}\n") == StatusAnchors("flow", section_line=5)


def test_null_section_takes_entries_on_the_next_line() -> None:
    # Not a valid project file ('status' must be a mapping); the browser may still hold one.
    assert anchors_of(HEAD + "status:\nrisks: {}\n") == StatusAnchors(
        "block", section_line=5, insert_at=6
    )
    assert anchors_of(HEAD + "status:  # to do\n") == StatusAnchors(
        "block", section_line=5, insert_at=6
    )


def test_a_file_that_is_not_a_mapping_has_no_section() -> None:
    assert anchors_of("- status\n- {}\n") == StatusAnchors("missing")


def test_a_comment_ending_an_entry_line_is_kept_for_the_rewrite() -> None:
    anchors = anchors_of(
        HEAD + "status:\n"
        "  a: {state: done}  # minutes in the wiki\n"
        "  b: {note: 'it''s # not one'}\n"
        '  c: {note: "say \\" # not"}\t# tab\n'
        "  d:   # block entry\n"
        "    state: done\n"
        "  e: {note: x#y}\n"
    )
    assert anchors.comments == {
        "a": "  # minutes in the wiki",
        "c": "\t# tab",
        "d": "   # block entry",
    }


def test_as_json() -> None:
    anchors = anchors_of(HEAD + "status:\n    hold-kickoff: {state: done}\n")
    assert anchors.as_json() == {
        "section": "block",
        "section_line": 5,
        "entries": {"hold-kickoff": [6, 7]},
        "comments": {},
        "insert_at": 7,
        "indent": "    ",
    }
    assert StatusAnchors("missing").as_json() == {
        "section": "missing",
        "section_line": -1,
        "entries": {},
        "insert_at": -1,
        "indent": "  ",
        "comments": {},
    }
