"""`playbook mark`: record items' progress by editing only their lines of the project file.

Each test writes projects/p.yaml of the demo playbook (tests/fixtures/playbook-demo, whose items
in playbook order are weekly-status, scope-creep, bank-modernisation, why-a-pmo,
scope-objectives and hold-kickoff), marks items as of 2027-03-01 and compares the whole file,
byte for byte. Every edited file must pass `playbook validate`; every refusal must leave the
file as it was.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.support.cli import invoke
from tests.support.fixtures import fixture_text
from tests.support.playbooks import demo_project, task, write_playbook
from tests.support.project import validated_project

TODAY = "2027-03-01"
# Lines 1 to 5 of every project file here.
HEAD = demo_project()


@pytest.fixture
def root(tmp_path: Path) -> Path:
    project_root = tmp_path / "root"
    write_playbook(project_root)
    (project_root / "projects").mkdir()
    return project_root


def _path(root: Path) -> Path:
    return root / "projects" / "p.yaml"


def _write(root: Path, content: str | bytes) -> None:
    raw = content if isinstance(content, bytes) else content.encode("utf-8")
    _path(root).write_bytes(raw)


def _mark(root: Path, *args: str) -> tuple[int, str, str]:
    result = invoke(root, "mark", "p", *args, "--today", TODAY)
    return result.exit_code, result.stdout, result.stderr


def _marked(root: Path, before: str | bytes, *args: str) -> bytes:
    """Write ``before``, mark, check the command's report and `playbook validate`; the file."""
    _write(root, before)
    code, out, err = _mark(root, *args)
    assert code == 0, err
    assert out.startswith("Marked ") and out.endswith(" in projects/p.yaml.\n"), out
    assert err == ""
    validated = invoke(root, "validate")
    assert validated.exit_code == 0, validated.output + validated.stderr
    return _path(root).read_bytes()


def _marked_text(root: Path, before: str, *args: str) -> str:
    return _marked(root, before, *args).decode("utf-8")


def _refused(root: Path, before: str | bytes, *args: str) -> str:
    """Write ``before``, mark; the command must fail with exit 2 and change nothing. Its
    message (the last line of stderr: click's own errors come after a usage line)."""
    _write(root, before)
    raw = _path(root).read_bytes()
    code, out, err = _mark(root, *args)
    assert code == 2, err
    assert out == ""
    assert _path(root).read_bytes() == raw
    assert sorted(path.name for path in _path(root).parent.iterdir()) == ["p.yaml"]
    assert err.endswith("\n")
    return err.splitlines()[-1]


# --- replacing entries ----------------------------------------------------------------------


def test_replaces_a_one_line_entry_and_keeps_its_note(root: Path) -> None:
    before = HEAD + (
        "roles:\n"
        "  pm: Lee Chen\n"
        "status:\n"
        "  weekly-status: {state: open}\n"
        "  hold-kickoff: {state: open, note: agenda sent}\n"
        "risks:\n"
        "  scope-creep: {likelihood: 5}\n"
    )
    _write(root, before)
    assert _mark(root, "hold-kickoff", "--state", "done") == (
        0,
        "Marked hold-kickoff as done in projects/p.yaml.\n",
        "",
    )
    assert _path(root).read_text(encoding="utf-8") == before.replace(
        "  hold-kickoff: {state: open, note: agenda sent}\n",
        "  hold-kickoff: {state: done, date: 2027-03-01, note: agenda sent}\n",
    )
    assert invoke(root, "validate").exit_code == 0


def test_replaces_a_multi_line_entry_with_one_line(root: Path) -> None:
    before = HEAD + (
        "status:\n"
        "  hold-kickoff:\n"
        "    state: done\n"
        "    date: 2027-02-01\n"
        "    note: >-\n"
        "      agenda\n"
        "      sent\n"
        "  weekly-status: {state: open}\n"
        "risks: {}\n"
    )
    after = _marked_text(root, before, "hold-kickoff", "--state", "n/a", "--note", "not needed")
    assert after == HEAD + (
        "status:\n"
        "  hold-kickoff: {state: n/a, note: not needed}\n"
        "  weekly-status: {state: open}\n"
        "risks: {}\n"
    )


def test_replaces_entries_indented_by_four_spaces(root: Path) -> None:
    before = HEAD + "status:\n    hold-kickoff:\n        state: open\n"
    after = _marked_text(root, before, "hold-kickoff", "weekly-status", "--state", "done")
    assert after == HEAD + (
        "status:\n"
        "    hold-kickoff: {state: done, date: 2027-03-01}\n"
        "    weekly-status: {state: done, date: 2027-03-01}\n"
    )


# --- adding entries -------------------------------------------------------------------------


def test_adds_entries_after_the_last_one_above_trailing_comments(root: Path) -> None:
    before = HEAD + (
        "status:\n"
        "  scope-creep: {state: open}\n"
        "  # why-a-pmo: waiting for the FAQ review\n"
        "\n"
        "# Risks, re-scored monthly\n"
        "risks: {}\n"
    )
    # Given in any order, added in the playbook's order.
    after = _marked_text(
        root, before, "hold-kickoff", "weekly-status", "scope-creep", "--state", "done"
    )
    assert after == HEAD + (
        "status:\n"
        "  scope-creep: {state: done, date: 2027-03-01}\n"
        "  weekly-status: {state: done, date: 2027-03-01}\n"
        "  hold-kickoff: {state: done, date: 2027-03-01}\n"
        "  # why-a-pmo: waiting for the FAQ review\n"
        "\n"
        "# Risks, re-scored monthly\n"
        "risks: {}\n"
    )


def test_adds_after_a_replaced_multi_line_entry_without_a_gap(root: Path) -> None:
    before = HEAD + "status:\n  hold-kickoff:\n    state: open\n    date: 2027-02-01\nrisks: {}\n"
    after = _marked_text(root, before, "hold-kickoff", "why-a-pmo", "--state", "open")
    assert after == HEAD + (
        "status:\n"
        "  hold-kickoff: {state: open, date: 2027-02-01}\n"
        "  why-a-pmo: {state: open}\n"
        "risks: {}\n"
    )


def test_empty_status_with_a_comment_becomes_a_block(root: Path) -> None:
    before = HEAD + "status: {}  # nothing yet\nrisks: {}\n"
    after = _marked_text(root, before, "scope-objectives", "why-a-pmo", "--state", "open")
    assert after == HEAD + (
        "status:  # nothing yet\n"
        "  why-a-pmo: {state: open}\n"
        "  scope-objectives: {state: open}\n"
        "risks: {}\n"
    )


@pytest.mark.parametrize(
    ("line", "becomes"),
    [
        ("status: { }", "status:"),
        ("status: !!map {}", "status: !!map"),
        ('"status": {}  # quoted', '"status":  # quoted'),
    ],
)
def test_other_ways_of_writing_an_empty_status(root: Path, line: str, becomes: str) -> None:
    after = _marked_text(root, HEAD + line + "\n", "why-a-pmo", "--state", "open")
    assert after == HEAD + becomes + "\n  why-a-pmo: {state: open}\n"


def test_a_status_section_is_added_at_the_end_when_there_is_none(root: Path) -> None:
    before = HEAD + "roles:\n  pm: Lee Chen\n# the end\n"
    after = _marked_text(root, before, "weekly-status", "--state", "done", "--date", "2027-02-10")
    assert after == before + "status:\n  weekly-status: {state: done, date: 2027-02-10}\n"


def test_an_anchor_on_the_status_key_stays(root: Path) -> None:
    before = HEAD + "status: &progress\n  hold-kickoff: {state: open}\n"
    after = _marked_text(root, before, "why-a-pmo", "--state", "open")
    assert after == before + "  why-a-pmo: {state: open}\n"


# --- the file's own bytes -------------------------------------------------------------------


def test_a_file_without_a_final_newline_keeps_it_missing(root: Path) -> None:
    before = HEAD + "status:\n  hold-kickoff:\n    state: open"
    after = _marked_text(root, before, "hold-kickoff", "--state", "done")
    assert after == HEAD + "status:\n  hold-kickoff: {state: done, date: 2027-03-01}"
    after = _marked_text(root, after, "why-a-pmo", "--state", "open")
    assert after == HEAD + (
        "status:\n  hold-kickoff: {state: done, date: 2027-03-01}\n  why-a-pmo: {state: open}"
    )
    missing = HEAD.removesuffix("\n")
    after = _marked_text(root, missing, "why-a-pmo", "--state", "open")
    assert after == HEAD + "status:\n  why-a-pmo: {state: open}"


def test_a_crlf_file_stays_crlf(root: Path) -> None:
    before = HEAD + "status:\n  hold-kickoff:\n    state: open\n  # later\nrisks: {}\n"
    after = _marked(
        root, before.replace("\n", "\r\n"), "hold-kickoff", "why-a-pmo", "--state", "done"
    )
    expected = HEAD + (
        "status:\n"
        "  hold-kickoff: {state: done, date: 2027-03-01}\n"
        "  why-a-pmo: {state: done, date: 2027-03-01}\n"
        "  # later\n"
        "risks: {}\n"
    )
    assert after == expected.replace("\n", "\r\n").encode("utf-8")
    # Also when the section is added.
    after = _marked(root, HEAD.replace("\n", "\r\n"), "why-a-pmo", "--state", "open")
    assert after == (HEAD + "status:\n  why-a-pmo: {state: open}\n").replace("\n", "\r\n").encode()


def test_a_byte_order_mark_stays_first(root: Path) -> None:
    before = "\ufeff" + HEAD + "status: {}\n"
    after = _marked(root, before, "hold-kickoff", "--state", "done")
    assert (
        after
        == ("\ufeff" + HEAD + "status:\n  hold-kickoff: {state: done, date: 2027-03-01}\n").encode()
    )
    assert after.startswith(b"\xef\xbb\xbf") and after.count(b"\xef\xbb\xbf") == 1
    after = _marked(root, after, "hold-kickoff", "--state", "open")
    assert after == ("\ufeff" + HEAD + "status:\n  hold-kickoff: {state: open}\n").encode()


def test_every_comment_and_other_line_of_a_commented_file_stays(sample_project: Path) -> None:
    path = sample_project / "projects" / "harbour-bank.yaml"
    original = fixture_text("project-commented", "harbour-bank.yaml")
    path.write_text(original, encoding="utf-8")
    result = invoke(
        sample_project,
        *("mark", "harbour-bank", "kickoff-meeting", "define-scope", "--state", "done"),
        *("--date", "2027-02-20", "--note", "with the sponsor"),
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "Marked define-scope, kickoff-meeting as done in projects/harbour-bank.yaml.\n"
    )
    assert path.read_text(encoding="utf-8") == original.replace(
        "  kickoff-meeting:\n    state: done\n    date: 2027-02-01\n",
        "  kickoff-meeting: {state: done, date: 2027-02-20, note: with the sponsor}\n"
        "  define-scope: {state: done, date: 2027-02-20, note: with the sponsor}\n",
    )
    assert invoke(sample_project, "validate").exit_code == 0


# --- states, dates and notes ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("note", "written"),
    [
        ("agenda sent", "agenda sent"),
        ("per Lee: see the minutes", '"per Lee: see the minutes"'),
        ("ticket #42", '"ticket #42"'),
        ('the "big" one', '"the \\"big\\" one"'),
        ("Lee's call", "Lee's call"),
        ("'quoted'", "\"'quoted'\""),
        ("yes", '"yes"'),
        ("No", '"No"'),
        ("null", '"null"'),
        ("3 weeks late", '"3 weeks late"'),
        ("2027-03-01", '"2027-03-01"'),
        ("12", '"12"'),
        ("- a list?", '"- a list?"'),
        ("{not: a map}", '"{not: a map}"'),
        ("[x]", '"[x]"'),
        ("& *", '"& *"'),
        ("trailing space ", '"trailing space "'),
        (" leading space", '" leading space"'),
        ("Zürich, 日本, 🎉", '"Zürich, 日本, 🎉"'),
        ("tab\there", '"tab\\there"'),
        ("back\\slash", '"back\\\\slash"'),
    ],
)
def test_notes_are_written_so_they_read_back(root: Path, note: str, written: str) -> None:
    before = HEAD + "status:\n  hold-kickoff: {state: open}\n"
    after = _marked_text(root, before, "hold-kickoff", "--state", "n/a", "--note", note)
    assert after == HEAD + f"status:\n  hold-kickoff: {{state: n/a, note: {written}}}\n"
    status = validated_project(root, "p").file.status["hold-kickoff"]
    assert (status.state, status.date, status.note) == ("n/a", None, note)


def test_marking_done_again_keeps_the_date(root: Path) -> None:
    before = HEAD + "status:\n  hold-kickoff: {state: done, date: 2027-02-01, note: on time}\n"
    after = _marked_text(root, before, "hold-kickoff", "--state", "done")
    assert after == before
    # Unless a date is given.
    after = _marked_text(root, before, "hold-kickoff", "--state", "done", "--date", "2027-02-03")
    assert after == before.replace("date: 2027-02-01", "date: 2027-02-03")


def test_done_without_a_date_is_dated_today(root: Path) -> None:
    # An entry that was open (even with a date) gets --today's date.
    before = HEAD + "status:\n  hold-kickoff: {state: open, date: 2027-01-01}\n"
    after = _marked_text(root, before, "hold-kickoff", "--state", "done")
    assert after == HEAD + "status:\n  hold-kickoff: {state: done, date: 2027-03-01}\n"


def test_done_without_today_is_dated_by_the_clock(root: Path) -> None:
    _write(root, HEAD)
    before = dt.date.today()
    result = invoke(root, "mark", "p", "hold-kickoff", "--state", "done")
    after = dt.date.today()
    assert result.exit_code == 0, result.stderr
    dates = {
        f"  hold-kickoff: {{state: done, date: {day.isoformat()}}}\n" for day in (before, after)
    }
    assert _path(root).read_text(encoding="utf-8").removeprefix(HEAD + "status:\n") in dates


def test_an_empty_note_clears_the_note(root: Path) -> None:
    before = HEAD + "status:\n  hold-kickoff: {state: n/a, note: not needed}\n"
    after = _marked_text(root, before, "hold-kickoff", "--state", "n/a", "--note", "")
    assert after == HEAD + "status:\n  hold-kickoff: {state: n/a}\n"


def test_n_a_with_a_note_and_open_drop_the_date(root: Path) -> None:
    before = HEAD + "status:\n  hold-kickoff: {state: done, date: 2027-02-01, note: done early}\n"
    after = _marked_text(root, before, "hold-kickoff", "--state", "n/a", "--note", "no kickoff")
    assert after == HEAD + "status:\n  hold-kickoff: {state: n/a, note: no kickoff}\n"
    after = _marked_text(root, after, "hold-kickoff", "--state", "open")
    assert after == HEAD + "status:\n  hold-kickoff: {state: open, note: no kickoff}\n"


def test_open_with_a_date(root: Path) -> None:
    after = _marked_text(root, HEAD, "hold-kickoff", "--state", "open", "--date", "2027-04-01")
    assert after == HEAD + "status:\n  hold-kickoff: {state: open, date: 2027-04-01}\n"


def test_an_item_given_twice_is_marked_once(root: Path) -> None:
    _write(root, HEAD)
    code, out, _ = _mark(root, "why-a-pmo", "why-a-pmo", "--state", "open")
    assert (code, out) == (0, "Marked why-a-pmo as open in projects/p.yaml.\n")
    assert _path(root).read_text(encoding="utf-8") == (
        HEAD + "status:\n  why-a-pmo: {state: open}\n"
    )


@pytest.mark.parametrize("item_id", ["no", "null", "2027"])
def test_ids_yaml_would_misread_are_quoted(tmp_path: Path, item_id: str) -> None:
    root = tmp_path / "root"
    write_playbook(root, {"tasks.yaml": task(id=f'"{item_id}"')})
    (root / "projects").mkdir()
    after = _marked_text(root, HEAD + "status: {}\n", item_id, "--state", "open")
    assert after == HEAD + f'status:\n  "{item_id}": {{state: open}}\n'
    after = _marked_text(root, after, item_id, "--state", "n/a")
    assert after == HEAD + f'status:\n  "{item_id}": {{state: n/a}}\n'


# --- refusals -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "section",
    [
        "status: {hold-kickoff: {state: open}}\n",
        "status:\n  {hold-kickoff: {state: open}, why-a-pmo: {state: open}}\n",
        "status: {\n  hold-kickoff: {state: open}\n}\n",
    ],
)
def test_flow_style_status_is_refused(root: Path, section: str) -> None:
    message = _refused(root, HEAD + section, "hold-kickoff", "--state", "done")
    assert message == (
        "Error: projects/p.yaml: 'status' is written on one line (flow style); put each entry "
        "on its own line, then run mark again"
    )


def test_unknown_items_are_refused_with_a_suggestion(root: Path) -> None:
    before = HEAD + "status: {}\n"
    assert _refused(root, before, "hold-kickof", "--state", "done") == (
        "Error: unknown item 'hold-kickof' in playbook 'demo' (did you mean 'hold-kickoff'?)"
    )
    assert _refused(root, before, "hold-kickoff", "wekly-status", "zzz", "--state", "done") == (
        "Error: unknown items in playbook 'demo': 'wekly-status' (did you mean "
        "'weekly-status'?), 'zzz'"
    )


def test_a_bad_state_is_refused(root: Path) -> None:
    message = _refused(root, HEAD, "hold-kickoff", "--state", "finished")
    assert message.startswith("Error: Invalid value for '--state': 'finished' is not one of")


def test_a_date_that_does_not_exist_is_refused(root: Path) -> None:
    message = _refused(root, HEAD, "hold-kickoff", "--state", "done", "--date", "2027-02-30")
    assert message == (
        "Error: Invalid value for '--date': 2027-02-30: day 30 does not exist "
        "(February 2027 has 28 days)"
    )


def test_no_items_is_refused(root: Path) -> None:
    assert _refused(root, HEAD, "--state", "done") == "Error: Missing argument 'ITEMS...'."


CHANGES_OTHER_CONTENT = (
    "Error: cannot edit projects/p.yaml in place without changing other content "
    "(anchors or aliases?); write 'status' in plain block style, then run mark again"
)


@pytest.mark.parametrize(
    ("section", "item_id"),
    [
        # The anchor's entry is replaced: the alias would have nothing to refer to.
        (
            "status:\n"
            "  hold-kickoff: &same {state: done, date: 2027-02-01}\n"
            "  weekly-status: *same\n",
            "hold-kickoff",
        ),
        # The alias's entry is replaced, but risks refers to an entry's note as well.
        (
            "status:\n"
            "  hold-kickoff: {state: done, note: &why late}\n"
            "risks:\n"
            "  scope-creep: {note: *why}\n",
            "hold-kickoff",
        ),
        # A note whose last lines look like comments would lose them to the new entry.
        (
            "status:\n  hold-kickoff:\n    state: open\n    note: |\n      agenda\n      # sent\n",
            "why-a-pmo",
        ),
    ],
)
def test_a_mark_that_would_change_other_content_is_refused(
    root: Path, section: str, item_id: str
) -> None:
    assert _refused(root, HEAD + section, item_id, "--state", "open") == CHANGES_OTHER_CONTENT


FLOW_FILE = (
    '{name: Harbour Bank, playbook: demo, playbook_version: "1.0.0", kickoff: 2027-02-01,\n'
    " facts: {regulated: true, team_size: 12, industry: banking}"
)


@pytest.mark.parametrize("rest", ["}\n", ", status: {}}\n"])
def test_a_file_written_all_in_flow_style_is_refused(root: Path, rest: str) -> None:
    message = _refused(root, FLOW_FILE + rest, "hold-kickoff", "--state", "open")
    assert message == CHANGES_OTHER_CONTENT


def test_aliases_elsewhere_do_not_stop_other_marks(root: Path) -> None:
    before = HEAD + (
        "status:\n  hold-kickoff: &same {state: done, date: 2027-02-01}\n  weekly-status: *same\n"
    )
    after = _marked_text(root, before, "why-a-pmo", "--state", "open")
    assert after == before + "  why-a-pmo: {state: open}\n"


def test_an_invalid_project_is_not_edited(root: Path) -> None:
    before = HEAD + "status:\n  hold-kickoff: {state: finished}\n"
    _write(root, before)
    result = invoke(root, "mark", "p", "why-a-pmo", "--state", "open")
    assert (result.exit_code, result.stderr) == (
        1,
        "projects/p.yaml:7:25: 'state' must be one of 'open', 'done' or 'n/a', got 'finished'\n"
        "1 problem in 1 file\n",
    )
    assert _path(root).read_text(encoding="utf-8") == before


def test_an_unknown_project_is_refused(root: Path) -> None:
    result = invoke(root, "mark", "nope", "hold-kickoff", "--state", "done")
    assert (result.exit_code, result.stderr) == (2, "Error: no project file projects/nope.yaml\n")


def test_the_comment_ending_an_entry_line_stays_with_the_rewritten_entry(root: Path) -> None:
    before = HEAD + (
        "status:\n"
        "  hold-kickoff: {state: open}  # agreed with the sponsor\n"
        "  weekly-status:   # block entry\n"
        "    state: n/a\n"
    )

    after = _marked_text(root, before, "hold-kickoff", "weekly-status", "--state", "done")

    assert after == HEAD + (
        "status:\n"
        "  hold-kickoff: {state: done, date: 2027-03-01}  # agreed with the sponsor\n"
        "  weekly-status: {state: done, date: 2027-03-01}   # block entry\n"
    )
