"""generator.export: every export of a filled project, parsed back with a real parser.

The JSON rows are the reference: CSV, iCalendar, HTML and Markdown must show the same items,
states and due dates. The tracker-ready exports (Jira CSV, XLSX, calendar events) have their
own tests in test_trackers.py; the last section here holds every format to the same rows.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import icalendar
import openpyxl
import pytest

from generator.export.calendars import to_ics_todo
from generator.export.data import to_json
from generator.export.registry import (
    BINARY_FORMAT_NAMES,
    FORMAT_NAMES,
    FORMATS,
    export,
    export_bytes,
    format_named,
)
from generator.export.tabular import COLUMNS as EXPORT_COLUMNS
from generator.export.tabular import to_csv
from generator.render.pages import PageRenderer
from generator.resolve.project import FilledProject
from tests.export.conftest import edit_project, fill_project
from tests.support.files import replace_in
from tests.support.playbooks import yaml_text

EVIL_NAME = "Evil <script>alert(1)</script> & Co"

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
ICS_STATUS = {
    "done": "COMPLETED",
    "n/a": "CANCELLED",
    "open": "NEEDS-ACTION",
    "overdue": "NEEDS-ACTION",
}


def _fill(root: Path, slug: str, today: dt.date) -> FilledProject:
    return fill_project(root, slug, today)


def _edit(root: Path, old: str, new: str) -> None:
    edit_project(root, old, new)


def _json_rows(filled: FilledProject) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = json.loads(to_json(filled))["rows"]
    return rows


def _csv_rows(text: str) -> tuple[list[str], list[dict[str, str]]]:
    assert text.startswith("\ufeff")
    reader = csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    rows = list(reader)
    return list(reader.fieldnames or []), rows


def _as_cell(value: object) -> str:
    if value is None:
        return ""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


# --- JSON -----------------------------------------------------------------------------------


def test_json_holds_facts_roles_version_and_rows(filled: FilledProject) -> None:
    document = json.loads(to_json(filled))
    assert document["project"] == EVIL_NAME
    assert document["slug"] == "evil-co"
    assert document["playbook"] == "sample"
    assert document["playbook_version"] == "1.0.0"
    assert document["kickoff"] == "2027-02-01"
    assert document["as_of"] == "2027-03-01"
    assert document["facts"] == {"industry": "banking", "regulated": True, "team_size": 12}
    assert document["roles"] == {"pm": '=HYPERLINK("http://evil.example","click")'}
    assert document["progress"] == {"done": 1, "counted": 2, "percent": 50, "overdue": 1}
    assert [(r["id"], r["kind"], r["state"], r["due"]) for r in document["rows"]] == [
        ("appoint-sponsor", "task", "done", "2027-01-22"),
        ("kickoff-meeting", "task", "overdue", "2027-02-01"),
        ("regulator-notice", "task", "n/a", "2027-02-15"),
        ("scope-creep", "risk", "open", ""),
        ("banking-cutover", "risk", "open", ""),
    ]
    task_keys = [*EXPORT_COLUMNS, "decision", "blocked_by", "mitigates"]
    risk_keys = [
        *EXPORT_COLUMNS,
        "residual_likelihood",
        "residual_impact",
        "residual_score",
        "residual_band",
        "assessed_on",
        "target",
        "target_band",
        "proximity",
        "trend",
        "mitigated_by",
        "mitigation",
        "mitigation_done",
        "mitigation_total",
    ]
    assert [list(row) for row in document["rows"]] == [task_keys] * 3 + [risk_keys] * 2
    risk = document["rows"][3]
    assert (risk["likelihood"], risk["impact"], risk["score"], risk["band"]) == (
        5,
        4,
        20,
        "critical",
    )
    assert (risk["residual_score"], risk["trend"], risk["mitigation"]) == (None, "", "none")
    assert document["status"] == {
        "rag": "red",
        "reasons": ["A critical risk has no mitigation under way."],
    }


def test_json_dates_among_facts_are_iso_text(root: Path) -> None:
    playbook = root / "playbooks" / "sample" / "playbook.yaml"
    playbook.write_text(
        playbook.read_text()
        + (
            "  - {name: go_live, type: date, required: false}\n"
            "  - {name: channels, type: multi-choice, choices: [web, mobile], required: false}\n"
        ),
        encoding="utf-8",
    )
    _edit(root, "team_size: 12}", "team_size: 12, go_live: 2028-02-29, channels: [mobile, web]}")
    facts = json.loads(to_json(_fill(root, "evil-co", dt.date(2027, 3, 1))))["facts"]
    assert facts["go_live"] == "2028-02-29"
    assert facts["channels"] == ["web", "mobile"]


def test_unanswered_optional_fact_is_null_in_json(root: Path) -> None:
    _edit(root, ", team_size: 12}", "}")
    facts = json.loads(to_json(_fill(root, "evil-co", dt.date(2027, 3, 1))))["facts"]
    assert facts == {"industry": "banking", "regulated": True, "team_size": None}


# --- CSV ------------------------------------------------------------------------------------


def test_csv_has_the_json_rows(filled: FilledProject) -> None:
    header, rows = _csv_rows(to_csv(filled))
    assert header == list(EXPORT_COLUMNS)
    expected = _json_rows(filled)
    assert len(rows) == len(filled.tasks) + len(filled.risks) == len(expected) == 5
    for got, want in zip(rows, expected, strict=True):
        assert got == {column: _as_cell(want[column]) for column in EXPORT_COLUMNS}
        assert (got["id"], got["state"], got["due"]) == (want["id"], want["state"], want["due"])


def test_csv_uses_crlf_and_a_bom(filled: FilledProject) -> None:
    text = to_csv(filled)
    assert text.split("\r\n")[0] == "\ufeff" + ",".join(EXPORT_COLUMNS)
    assert text.count("\r\n") == 6  # header and five rows
    assert "\n" not in text.replace("\r\n", "")


def test_csv_neutralises_formulas(filled: FilledProject) -> None:
    _, rows = _csv_rows(to_csv(filled))
    by_id = {row["id"]: row for row in rows}
    assert by_id["appoint-sponsor"]["owner"] == """'=HYPERLINK("http://evil.example","click")"""
    assert by_id["appoint-sponsor"]["note"] == "'+call the sponsor"
    assert by_id["regulator-notice"]["note"] == "'@not needed"
    assert by_id["scope-creep"]["owner"] == "'-Dana Ruiz"
    # Dates and numbers are left alone.
    assert by_id["appoint-sponsor"]["due"] == "2027-01-22"
    assert by_id["scope-creep"]["score"] == "20"


@pytest.mark.parametrize("value", ["=1+2", "+1", "-1", "@SUM(A1:A9)"])
def test_csv_neutralises_every_formula_start(root: Path, value: str) -> None:
    _edit(root, """'=HYPERLINK("http://evil.example","click")'""", f'"{value}"')
    _, rows = _csv_rows(to_csv(_fill(root, "evil-co", dt.date(2027, 3, 1))))
    assert rows[0]["owner"] == "'" + value


@pytest.mark.parametrize("value", ["\t=1", "\r=1"])
def test_csv_neutralises_formulas_behind_a_tab_or_carriage_return(root: Path, value: str) -> None:
    # Owners are one line; notes may hold such characters.
    escaped = value.replace("\t", "\\t").replace("\r", "\\r")
    _edit(root, 'note: "+call the sponsor"', f'note: "{escaped}"')
    _, rows = _csv_rows(to_csv(_fill(root, "evil-co", dt.date(2027, 3, 1))))
    assert rows[0]["note"] == "'" + value


def test_csv_keeps_text_with_commas_quotes_and_newlines(root: Path) -> None:
    _edit(root, 'note: "+call the sponsor"', 'note: "said \\"yes\\", then\\nsigned"')
    _, rows = _csv_rows(to_csv(_fill(root, "evil-co", dt.date(2027, 3, 1))))
    assert rows[0]["note"] == 'said "yes", then\nsigned'
    assert len(rows) == 5


# --- iCalendar to-dos (ics-todo) -------------------------------------------------------------


def _todos(text: str) -> list[icalendar.Todo]:
    calendar = icalendar.Calendar.from_ical(text)
    return list(calendar.walk("VTODO"))


def test_ics_has_one_todo_per_dated_row(filled: FilledProject) -> None:
    todos = _todos(to_ics_todo(filled))
    dated = [row for row in _json_rows(filled) if row["due"]]
    assert len(todos) == len(dated) == 3
    for todo, row in zip(todos, dated, strict=True):
        assert str(todo["summary"]) == row["title"]
        due = todo["due"].dt
        assert isinstance(due, dt.date)
        assert not isinstance(due, dt.datetime)
        assert due.isoformat() == row["due"]
        assert str(todo["uid"]) == f"evil-co.{row['id']}@playbook.local"
        assert todo["dtstamp"].dt == dt.datetime(2027, 3, 1, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("today", "states"),
    [
        (dt.date(2027, 2, 1), {"done", "open", "n/a"}),
        (dt.date(2027, 3, 1), {"done", "overdue", "n/a"}),
    ],
)
def test_ics_status_follows_the_row_state(root: Path, today: dt.date, states: set[str]) -> None:
    filled = _fill(root, "evil-co", today)
    rows = {row["id"]: row for row in _json_rows(filled)}
    todos = _todos(to_ics_todo(filled))
    seen = set()
    for todo in todos:
        item_id = str(todo["uid"]).removeprefix("evil-co.").removesuffix("@playbook.local")
        state = rows[item_id]["state"]
        seen.add(state)
        assert str(todo["status"]) == ICS_STATUS[state]
        if state == "done":
            assert todo["completed"].dt == dt.datetime(2027, 1, 20, tzinfo=dt.UTC)
        else:
            assert "completed" not in todo
    assert seen == states


def test_ics_uids_are_stable_and_unique(root: Path) -> None:
    first = _todos(to_ics_todo(_fill(root, "evil-co", dt.date(2027, 2, 1))))
    second = _todos(to_ics_todo(_fill(root, "evil-co", dt.date(2027, 3, 1))))
    first_uids = [str(todo["uid"]) for todo in first]
    assert first_uids == [str(todo["uid"]) for todo in second]
    assert len(set(first_uids)) == len(first_uids)
    other = _todos(to_ics_todo(_fill(root, "harbour-bank", dt.date(2027, 2, 1))))
    assert not {str(todo["uid"]) for todo in other} & set(first_uids)


def test_ics_calendar_is_named_after_the_project(filled: FilledProject) -> None:
    text = to_ics_todo(filled)
    calendar = icalendar.Calendar.from_ical(text)
    assert str(calendar["version"]) == "2.0"
    assert str(calendar["prodid"]) == "-//Playbook//Kickoff checklist//EN"
    assert str(calendar["x-wr-calname"]) == f"{EVIL_NAME} kickoff checklist"
    assert all(len(line.encode("utf-8")) <= 75 for line in text.split("\r\n"))


def test_ics_description_names_the_owner(filled: FilledProject) -> None:
    todos = {
        str(todo["uid"]).split(".")[1].split("@")[0]: todo for todo in _todos(to_ics_todo(filled))
    }
    assert str(todos["regulator-notice"]["description"]) == (
        "Owner: Executive sponsor (unassigned). Phase: plan.\n@not needed"
    )
    assert str(todos["kickoff-meeting"]["description"]) == (
        'Owner: =HYPERLINK("http://evil.example","click") (Project manager). Phase: plan.'
    )


# --- HTML -----------------------------------------------------------------------------------


class _Collector(HTMLParser):
    """Start tags in order, the text inside each element, and the text of the whole page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.stack: list[str] = []
        self.texts: dict[str, list[str]] = {}
        self.all_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in ("meta", "br", "hr", "img", "link", "rect", "input"):
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        self.all_text.append(data)
        if self.stack:
            self.texts.setdefault(self.stack[-1], []).append(data)

    def names(self) -> list[str]:
        return [tag for tag, _ in self.tags]


def _parse_html(text: str) -> _Collector:
    collector = _Collector()
    collector.feed(text)
    collector.close()
    return collector


def test_html_escapes_the_project_name(filled: FilledProject, renderer: PageRenderer) -> None:
    page = _parse_html(export(filled, "html", renderer))
    assert "script" not in page.names()
    assert "".join(page.texts["h1"]) == EVIL_NAME
    # The page's <title> (the heat map's <svg> has titles of its own, after it).
    assert page.texts["title"][0] == f"{EVIL_NAME}: kickoff pack"


def test_html_shows_every_item_the_heat_map_and_tables(
    filled: FilledProject, renderer: PageRenderer
) -> None:
    page = _parse_html(export(filled, "html", renderer))
    cells = [text.strip() for text in page.texts.get("td", [])]
    assert [cell for cell in cells if cell in {row.title for row in filled.rows}] == [
        row.title for row in filled.rows
    ]
    names = page.names()
    assert names.count("svg") == 1
    assert names.count("rect") == 25
    # Facts and roles, one per phase with tasks (initiate, plan), the risk register.
    assert names.count("table") == 4
    row_ids = [attrs.get("id") for tag, attrs in page.tags if tag == "tr" and attrs.get("id")]
    assert row_ids == [f"item-{row.id}" for row in filled.rows]
    # The external-looking value is plain text, never a link; the printable pack has no links
    # at all (the project page's heat map links its cells, the pack's does not).
    assert [attrs for tag, attrs in page.tags if tag == "a"] == []


def test_html_states_match_the_rows(filled: FilledProject, renderer: PageRenderer) -> None:
    page = _parse_html(export(filled, "html", renderer))
    state_cells = [
        attrs.get("class")
        for tag, attrs in page.tags
        if tag == "td" and (attrs.get("class") or "").startswith("state-")
    ]
    assert state_cells == ["state-done", "state-overdue", "state-na"]


def test_html_without_risks_has_no_heat_map(root: Path, renderer: PageRenderer) -> None:
    (root / "projects" / "evil-co.yaml").write_text(
        yaml_text("""
        name: Retail Store
        playbook: sample
        playbook_version: "1.0.0"
        kickoff: 2027-02-01
        facts: {industry: retail}
    """),
        encoding="utf-8",
    )
    replace_in(
        root / "playbooks" / "sample" / "risks.yaml",
        "  - id: scope-creep\n",
        "  - id: scope-creep\n    condition: industry == 'banking'\n",
    )
    filled = _fill(root, "evil-co", dt.date(2027, 3, 1))
    assert filled.risks == ()
    page = _parse_html(export(filled, "html", renderer))
    assert "svg" not in page.names()
    assert "No risk of the playbook applies to this project." in "".join(page.all_text)


# --- Markdown -------------------------------------------------------------------------------


def test_markdown_lists_every_item(filled: FilledProject, renderer: PageRenderer) -> None:
    text = export(filled, "md", renderer)
    lines = text.splitlines()
    assert lines[:3] == [
        "# Evil &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co: kickoff checklist",
        "",
        "Playbook: Sample playbook 1.0.0 · Kickoff: 2027-02-01 · Progress: 50% (1 of 2 tasks "
        "done) · Overdue: 1 · As of 2027-03-01",
    ]
    # The first cell of every table row, headers and rules left out: one row per item.
    titles = [
        line.split(" | ")[0].removeprefix("| ")
        for line in lines
        if line.startswith("| ") and not line.startswith(("| Task |", "| Risk |", "| --- |"))
    ]
    assert titles == [row.title for row in filled.rows]
    assert "<script>" not in text
    # The owner's formula is escaped markup, the overdue state stands out.
    assert (
        "| Hold the kickoff meeting | =HYPERLINK(&#34;http://evil.example&#34;,&#34;click&#34;) "
        "(Project manager) | 2027-02-01 | **overdue** |  |"
    ) in lines


def test_markdown_note_over_several_lines_stays_in_its_table_row(
    root: Path, renderer: PageRenderer
) -> None:
    _edit(root, 'note: "+call the sponsor"', 'note: "first line\\nsecond line"')
    text = export(_fill(root, "evil-co", dt.date(2027, 3, 1)), "md", renderer)
    checklist = text.split("## Checklist", 1)[1].split("## Risk register", 1)[0]
    lines = [line for line in checklist.splitlines() if line.strip() and not line.startswith("###")]
    assert all(line.startswith("|") and line.endswith("|") for line in lines), lines


# --- All formats ----------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMAT_NAMES)
def test_exports_are_deterministic(root: Path, renderer: PageRenderer, fmt: str) -> None:
    first = export_bytes(_fill(root, "evil-co", dt.date(2027, 3, 1)), fmt, renderer)
    second = export_bytes(_fill(root, "evil-co", dt.date(2027, 3, 1)), fmt, PageRenderer(None))
    assert first == second
    assert first


@pytest.mark.parametrize("fmt", FORMAT_NAMES)
def test_a_format_gives_text_or_bytes_as_it_declares(
    filled: FilledProject, renderer: PageRenderer, fmt: str
) -> None:
    content = export(filled, fmt, renderer)
    assert isinstance(content, bytes if fmt in BINARY_FORMAT_NAMES else str)
    expected = content if isinstance(content, bytes) else content.encode("utf-8")
    assert export_bytes(filled, fmt, renderer) == expected


def test_xlsx_is_the_only_binary_format() -> None:
    assert BINARY_FORMAT_NAMES == ("xlsx",)
    assert [fmt.name for fmt in FORMATS if fmt.binary] == ["xlsx"]


@pytest.mark.parametrize(
    ("fmt", "name", "media_type"),
    [
        ("csv", "evil-co-checklist.csv", "text/csv"),
        ("jira-csv", "evil-co-checklist.jira.csv", "text/csv"),
        (
            "xlsx",
            "evil-co-checklist.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        ("json", "evil-co-checklist.json", "application/json"),
        ("ics", "evil-co-checklist.ics", "text/calendar"),
        ("ics-todo", "evil-co-checklist.todo.ics", "text/calendar"),
        ("html", "evil-co-checklist.html", "text/html"),
        ("md", "evil-co-checklist.md.txt", "text/markdown"),
    ],
)
def test_download_names(filled: FilledProject, fmt: str, name: str, media_type: str) -> None:
    assert format_named(fmt).file_name(filled.project.slug) == name
    assert format_named(fmt).media_type == media_type


def test_formats_are_offered_in_order() -> None:
    assert FORMAT_NAMES == ("csv", "jira-csv", "xlsx", "json", "ics", "ics-todo", "html", "md")


def _uid_ids(calendar: str, kind: str) -> list[str]:
    return [
        str(component["uid"]).split("@")[0].removeprefix("evil-co.")
        for component in icalendar.Calendar.from_ical(calendar).walk(kind)
    ]


def test_every_format_shows_the_same_items(filled: FilledProject, renderer: PageRenderer) -> None:
    ids = [row["id"] for row in _json_rows(filled)]
    dated = [row["id"] for row in _json_rows(filled) if row["due"]]
    _, csv_rows = _csv_rows(str(export(filled, "csv", renderer)))
    assert [row["id"] for row in csv_rows] == ids
    html = str(export(filled, "html", renderer))
    assert [f'id="item-{item_id}"' in html for item_id in ids] == [True] * len(ids)
    assert _uid_ids(str(export(filled, "ics-todo", renderer)), "VTODO") == dated
    assert _uid_ids(str(export(filled, "ics", renderer)), "VEVENT") == dated
    jira = list(csv.DictReader(io.StringIO(str(export(filled, "jira-csv", renderer)))))
    items = [
        row["Description"].rsplit("Playbook item: ", 1)[1].rstrip(".")
        for row in jira
        if row["Issue Type"] == "Task"
    ]
    assert items == ids
    workbook = openpyxl.load_workbook(io.BytesIO(export_bytes(filled, "xlsx", renderer)))
    sheet_ids = [
        row[0]
        for sheet in ("Checklist", "Risk register")
        for row in workbook[sheet].iter_rows(min_row=2, values_only=True)
    ]
    assert sheet_ids == ids
