"""The tracker-ready exports, read back with real parsers: the Jira CSV (csv), the Excel
workbook (openpyxl) and the calendar of all-day events (icalendar).

The project is tests/fixtures/project-evil-co (see conftest.py), as of 2027-03-01: a done, an
overdue and an n/a task in the initiate and plan phases; a critical risk in the execute phase
and a high one without a phase; owners and notes that look like formulas.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import time
import zipfile
from pathlib import Path

import icalendar
import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from generator.export.calendars import to_ics, to_ics_todo
from generator.export.registry import export_bytes
from generator.export.sheets import BAND_COLOURS, OVERDUE_COLOURS, to_xlsx
from generator.export.trackers import Issue, jira_date, to_jira_csv
from generator.render.i18n import translations_for
from generator.render.pages import PageRenderer
from generator.resolve.project import FilledProject
from tests.export.conftest import AS_OF, edit_project, fill_project
from tests.support.cli import checklist
from tests.support.files import replace_in

# The header Jira's CSV importer maps by itself: its own field names, in this order.
JIRA_HEADER = [
    "Summary",
    "Issue Type",
    "Description",
    "Due date",
    "Labels",
    "Priority",
    "Issue ID",
    "Parent",
]


# --- Jira CSV ---------------------------------------------------------------------------------


def _jira(text: str) -> list[dict[str, str]]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    assert reader.fieldnames == JIRA_HEADER
    return list(reader)


def _by_summary(rows: list[dict[str, str]]) -> dict[str, dict[str, str]]:
    return {row["Summary"]: row for row in rows}


def test_jira_header_is_jiras_field_names_without_a_bom(filled: FilledProject) -> None:
    text = to_jira_csv(filled)
    assert text.split("\r\n")[0] == ",".join(JIRA_HEADER)
    assert not text.startswith("\ufeff")
    assert text.endswith("\r\n")


def test_jira_rows_are_in_hierarchy_order_with_ids_from_one(filled: FilledProject) -> None:
    rows = _jira(to_jira_csv(filled))
    assert [row["Issue ID"] for row in rows] == [str(n) for n in range(1, len(rows) + 1)]
    types = [row["Issue Type"] for row in rows]
    # Atlassian's order for parent-child imports: epics, standard issues, sub-tasks.
    assert types == ["Epic"] * 4 + ["Task"] * 5 + ["Sub-task"] * 2
    assert [row["Summary"] for row in rows] == [
        "Evil <script>alert(1)</script> & Co: initiate phase",
        "Evil <script>alert(1)</script> & Co: plan phase",
        "Evil <script>alert(1)</script> & Co: execute phase",
        "Evil <script>alert(1)</script> & Co: risks",
        "Appoint the sponsor",
        "Hold the kickoff meeting",
        "Notify the regulator",
        "Risk: Scope creep",
        "Risk: Core banking cut-over fails",
        "Run every change through the change board.",
        "Rehearse twice.",
    ]


def test_jira_parents_are_epics_or_the_risk_of_a_sub_task(filled: FilledProject) -> None:
    rows = _jira(to_jira_csv(filled))
    by_id = {row["Issue ID"]: row for row in rows}
    seen: set[str] = set()
    for row in rows:
        parent = row["Parent"]
        if row["Issue Type"] == "Epic":
            assert parent == ""
        else:
            assert parent in seen, "a parent comes before its children"
            expected = "Task" if row["Issue Type"] == "Sub-task" else "Epic"
            assert by_id[parent]["Issue Type"] == expected
            if expected == "Task":
                assert "risk" in by_id[parent]["Labels"].split()
        seen.add(row["Issue ID"])
    named = _by_summary(rows)
    epic = {row["Summary"].rsplit(": ", 1)[1]: row["Issue ID"] for row in rows[:4]}
    assert named["Appoint the sponsor"]["Parent"] == epic["initiate phase"]
    assert named["Notify the regulator"]["Parent"] == epic["plan phase"]
    assert named["Risk: Scope creep"]["Parent"] == epic["execute phase"]
    # A risk without a phase goes under the "risks" epic.
    assert named["Risk: Core banking cut-over fails"]["Parent"] == epic["risks"]
    assert (
        named["Rehearse twice."]["Parent"] == named["Risk: Core banking cut-over fails"]["Issue ID"]
    )


def test_jira_hierarchy_is_the_same_whatever_mitigates_a_risk(root: Path) -> None:
    """Tasks are children of their phase's epic and a risk's mitigation steps its sub-tasks,
    whether or not tasks mitigate it (``mitigated_by``): Jira gives an issue one parent and a
    task (a standard issue) only an epic, and a task may mitigate several risks, so a
    mitigating task stays under its phase's epic, once."""

    def shape() -> list[tuple[str, str, str]]:
        rows = _jira(to_jira_csv(fill_project(root)))
        by_id = {row["Issue ID"]: row["Summary"] for row in rows}
        return [(row["Summary"], row["Issue Type"], by_id.get(row["Parent"], "")) for row in rows]

    before = shape()
    _risks_in_depth(root)
    after = shape()
    assert after == before
    parents = {summary: (kind, parent) for summary, kind, parent in after}
    assert parents["Hold the kickoff meeting"] == (
        "Task",
        "Evil <script>alert(1)</script> & Co: plan phase",
    )
    assert [summary for summary, kind, parent in after if parent == "Risk: Scope creep"] == [
        "Run every change through the change board."
    ]


def test_jira_due_dates_use_jiras_default_format(filled: FilledProject) -> None:
    rows = _by_summary(_jira(to_jira_csv(filled)))
    for row in filled.tasks:
        value = rows[row.title]["Due date"]
        assert re.fullmatch(r"\d\d/[A-Z][a-z]{2}/\d\d 12:00 AM", value), value
        # dd/MMM/yy h:mm a, read the way Java's SimpleDateFormat reads it.
        assert dt.datetime.strptime(value, "%d/%b/%y %I:%M %p").date() == row.due
    assert rows["Appoint the sponsor"]["Due date"] == "22/Jan/27 12:00 AM"
    assert {rows[f"Risk: {row.title}"]["Due date"] for row in filled.risks} == {""}


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (dt.date(2027, 1, 22), "22/Jan/27 12:00 AM"),
        (dt.date(2028, 2, 29), "29/Feb/28 12:00 AM"),
        (dt.date(2030, 9, 5), "05/Sep/30 12:00 AM"),
        (dt.date(2031, 12, 31), "31/Dec/31 12:00 AM"),
    ],
)
def test_jira_date_is_english_whatever_the_locale(day: dt.date, text: str) -> None:
    assert jira_date(day) == text


def test_jira_labels_have_no_spaces_and_name_phase_kind_and_band(filled: FilledProject) -> None:
    rows = _by_summary(_jira(to_jira_csv(filled)))
    labels = {summary: row["Labels"].split(" ") for summary, row in rows.items()}
    assert labels["Evil <script>alert(1)</script> & Co: plan phase"] == ["phase-plan"]
    assert labels["Evil <script>alert(1)</script> & Co: risks"] == ["risk"]
    assert labels["Appoint the sponsor"] == ["phase-initiate", "task"]
    assert labels["Risk: Scope creep"] == ["phase-execute", "risk", "band-critical"]
    assert labels["Risk: Core banking cut-over fails"] == ["risk", "band-high"]
    assert labels["Rehearse twice."] == ["mitigation", "band-high"]
    for row_labels in labels.values():
        assert all(label and not re.search(r"\s", label) for label in row_labels)


def test_jira_priority_follows_band_and_overdue(filled: FilledProject) -> None:
    rows = _by_summary(_jira(to_jira_csv(filled)))
    priorities = {summary: row["Priority"] for summary, row in rows.items()}
    assert priorities["Appoint the sponsor"] == "Medium"  # done
    assert priorities["Hold the kickoff meeting"] == "High"  # overdue
    assert priorities["Notify the regulator"] == "Medium"  # n/a
    assert priorities["Risk: Scope creep"] == "Highest"  # critical
    assert priorities["Risk: Core banking cut-over fails"] == "High"  # high
    assert priorities["Run every change through the change board."] == "Highest"
    assert priorities["Evil <script>alert(1)</script> & Co: plan phase"] == ""


def test_jira_priority_of_every_band(root: Path) -> None:
    scores = {"low": (1, 1), "medium": (2, 3), "high": (2, 5), "critical": (5, 4)}
    expected = {"low": "Low", "medium": "Medium", "high": "High", "critical": "Highest"}
    for band, (likelihood, impact) in scores.items():
        edit_project(
            root, "likelihood: 5, impact: 4", f"likelihood: {likelihood}, impact: {impact}"
        )
        filled = fill_project(root)
        assert filled.risks[[r.id for r in filled.risks].index("scope-creep")].band == band
        row = _by_summary(_jira(to_jira_csv(filled)))["Risk: Scope creep"]
        assert row["Priority"] == expected[band]
        edit_project(
            root, f"likelihood: {likelihood}, impact: {impact}", "likelihood: 5, impact: 4"
        )


def test_jira_descriptions_carry_owner_state_and_note(filled: FilledProject) -> None:
    rows = _by_summary(_jira(to_jira_csv(filled)))
    assert rows["Appoint the sponsor"]["Description"] == (
        'Owner: =HYPERLINK("http://evil.example","click") (Project manager).\n'
        "State: done on 2027-01-20.\n"
        "Note: +call the sponsor\n"
        "Playbook item: appoint-sponsor."
    )
    assert rows["Risk: Scope creep"]["Description"] == (
        "Owner: -Dana Ruiz (Project manager).\n"
        "Score: 20 (likelihood 5 x impact 4), band critical.\n"
        "Response: mitigate. Category: delivery.\n"
        "State: open.\n"
        "Playbook item: scope-creep."
    )
    assert rows["Rehearse twice."]["Description"] == (
        'Rehearse twice.\n\nMitigation of the risk "Core banking cut-over fails" (banking-cutover).'
    )


def test_jira_neutralises_formulas(root: Path) -> None:
    replace_in(
        root / "playbooks" / "sample" / "tasks.yaml",
        "title: Appoint the sponsor",
        'title: "=HYPERLINK(\\"http://evil.example\\")"',
    )
    rows = _jira(to_jira_csv(fill_project(root)))
    summaries = [row["Summary"] for row in rows if row["Issue Type"] == "Task"]
    assert summaries[0] == """'=HYPERLINK("http://evil.example")"""
    for row in rows:
        assert not any(value.startswith(("=", "+", "-", "@")) for value in row.values())


def test_jira_summary_is_one_line_of_at_most_255_characters() -> None:
    issue = Issue(1, "Task", "word " * 100 + "\nsecond line", "", ())
    summary = str(issue.as_record()["Summary"])
    assert len(summary) == 255
    assert summary.endswith("…")
    assert "\n" not in summary
    assert Issue(2, "Task", " a\n b ", "", ()).as_record()["Summary"] == "a b"


def test_jira_issue_ids_are_stable_across_states(root: Path) -> None:
    """Another day changes states and priorities, never the ids or the hierarchy."""

    def shape(today: dt.date) -> list[tuple[str, str, str]]:
        rows = _jira(to_jira_csv(fill_project(root, today=today)))
        return [(row["Summary"], row["Issue ID"], row["Parent"]) for row in rows]

    assert shape(dt.date(2027, 1, 1)) == shape(AS_OF)
    assert to_jira_csv(fill_project(root)) == to_jira_csv(fill_project(root))


def test_jira_without_risks_has_only_phase_epics(root: Path) -> None:
    edit_project(root, "industry: banking", "industry: retail")
    replace_in(
        root / "playbooks" / "sample" / "risks.yaml",
        "  - id: scope-creep\n",
        "  - id: scope-creep\n    condition: industry == 'banking'\n",
    )
    rows = _jira(to_jira_csv(fill_project(root)))
    assert {row["Issue Type"] for row in rows} == {"Epic", "Task"}
    assert not any("risk" in row["Labels"].split() for row in rows)


# --- XLSX ------------------------------------------------------------------------------------


def _workbook(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def _header(sheet: Worksheet) -> list[object]:
    return [cell.value for cell in sheet[1]]


def _column(sheet: Worksheet, title: str) -> list[object]:
    index = _header(sheet).index(title)
    return [row[index] for row in sheet.iter_rows(min_row=2, values_only=True)]


def _cell(sheet: Worksheet, row_id: str, title: str) -> openpyxl.cell.cell.Cell:
    row = _column(sheet, "Id").index(row_id) + 2
    return sheet.cell(row=row, column=_header(sheet).index(title) + 1)


def test_xlsx_has_a_checklist_and_a_risk_register(filled: FilledProject) -> None:
    workbook = _workbook(to_xlsx(filled))
    assert workbook.sheetnames == ["Checklist", "Risk register"]
    checklist, register = workbook["Checklist"], workbook["Risk register"]
    assert _header(checklist) == [
        "Id",
        "Task",
        "Phase",
        "Owner role",
        "Owner",
        "Due",
        "State",
        "Done on",
        "Note",
    ]
    assert _header(register) == [
        "Id",
        "Risk",
        "Phase",
        "Category",
        "Owner role",
        "Owner",
        "Likelihood",
        "Impact",
        "Score",
        "Band",
        "Residual likelihood",
        "Residual impact",
        "Residual score",
        "Residual band",
        "Assessed on",
        "Target",
        "Target band",
        "Proximity",
        "Trend",
        "Response",
        "Mitigation",
        "Mitigating tasks",
        "Mitigation done",
        "Mitigation total",
        "Mitigation state",
        "State",
        "Done on",
        "Note",
    ]
    assert _column(checklist, "Id") == [row.id for row in filled.tasks]
    assert _column(register, "Id") == [row.id for row in filled.risks]
    assert _column(register, "Score") == [20, 10]
    assert _column(register, "Band") == ["critical", "high"]
    assert _column(register, "Mitigation") == [
        "Run every change through the change board.",
        "Rehearse twice.",
    ]
    assert _column(register, "Phase") == ["execute", None]


# The columns of a risk in depth: residual, target, proximity, trend and mitigation.
IN_DEPTH = (
    "Residual likelihood",
    "Residual impact",
    "Residual score",
    "Residual band",
    "Assessed on",
    "Target",
    "Target band",
    "Proximity",
    "Trend",
    "Mitigating tasks",
    "Mitigation done",
    "Mitigation total",
    "Mitigation state",
)


def _in_depth(sheet: Worksheet, row_id: str) -> dict[str, object]:
    return {title: _cell(sheet, row_id, title).value for title in IN_DEPTH}


def _risks_in_depth(root: Path) -> None:
    """scope-creep: mitigated by a done and an overdue task, a target, two assessments (worse
    in the latest) and a phase for proximity; banking-cutover: mitigated by an n/a task, a
    residual without a log, the project's own target and a date for proximity."""
    risks = root / "playbooks" / "sample" / "risks.yaml"
    replace_in(
        risks,
        "    practices: [define-scope]\n",
        "    practices: [define-scope]\n"
        "    mitigated_by: [appoint-sponsor, kickoff-meeting]\n"
        "    target: 6\n",
    )
    replace_in(
        risks,
        "    owner_role: sponsor\n",
        "    owner_role: sponsor\n    mitigated_by: [regulator-notice]\n",
    )
    edit_project(
        root,
        'scope-creep: {likelihood: 5, impact: 4, owner: "-Dana Ruiz"}',
        'scope-creep: {likelihood: 5, impact: 4, owner: "-Dana Ruiz", proximity: execute,\n'
        "    assessments: [{date: 2027-02-01, likelihood: 4, impact: 4},\n"
        "                  {date: 2027-02-20, likelihood: 4, impact: 5}]}\n"
        "  banking-cutover: {residual: {likelihood: 1, impact: 5}, target: 4,"
        " proximity: 2027-06-30}",
    )


def test_xlsx_register_has_residual_target_proximity_trend_and_mitigation(root: Path) -> None:
    _risks_in_depth(root)
    register = _workbook(to_xlsx(fill_project(root)))["Risk register"]
    assert _column(register, "Id") == ["scope-creep", "banking-cutover"]
    assert _in_depth(register, "scope-creep") == {
        "Residual likelihood": 4,
        "Residual impact": 5,
        "Residual score": 20,
        "Residual band": "critical",
        "Assessed on": dt.datetime(2027, 2, 20),
        "Target": 6,
        "Target band": "medium",
        "Proximity": "execute",
        "Trend": "↑ worse",
        "Mitigating tasks": "Appoint the sponsor\nHold the kickoff meeting",
        "Mitigation done": 1,
        "Mitigation total": 2,
        "Mitigation state": "late",  # kickoff-meeting is overdue
    }
    assert _in_depth(register, "banking-cutover") == {
        "Residual likelihood": 1,
        "Residual impact": 5,
        "Residual score": 5,
        "Residual band": "medium",
        "Assessed on": None,  # a residual without a log has no date
        "Target": 4,
        "Target band": "low",
        "Proximity": dt.datetime(2027, 6, 30),
        "Trend": None,
        "Mitigating tasks": "Notify the regulator",
        "Mitigation done": 0,
        "Mitigation total": 0,  # its one task is n/a
        "Mitigation state": "none",
    }
    # The inherent scores stay beside them.
    assert _column(register, "Score") == [20, 10]
    for row_id, title in [
        ("scope-creep", "Assessed on"),
        ("banking-cutover", "Proximity"),
    ]:
        cell = _cell(register, row_id, title)
        assert cell.is_date and cell.number_format == "yyyy-mm-dd"
    assert _cell(register, "scope-creep", "Mitigating tasks").alignment.wrap_text


def test_xlsx_register_of_risks_never_assessed(filled: FilledProject) -> None:
    register = _workbook(to_xlsx(filled))["Risk register"]
    for row_id in ("scope-creep", "banking-cutover"):
        assert _in_depth(register, row_id) == {
            **dict.fromkeys(IN_DEPTH),
            "Mitigation done": 0,
            "Mitigation total": 0,
            "Mitigation state": "none",
        }


def test_xlsx_register_in_depth_is_byte_identical_run_to_run(root: Path) -> None:
    _risks_in_depth(root)
    assert to_xlsx(fill_project(root)) == to_xlsx(fill_project(root))


def test_xlsx_sheets_have_a_frozen_header_and_an_autofilter(filled: FilledProject) -> None:
    workbook = _workbook(to_xlsx(filled))
    assert workbook["Checklist"].freeze_panes == "A2"
    assert workbook["Risk register"].freeze_panes == "A2"
    assert workbook["Checklist"].auto_filter.ref == "A1:I4"
    assert workbook["Risk register"].auto_filter.ref == "A1:AB3"
    assert all(cell.font.b for cell in workbook["Checklist"][1])


@pytest.mark.parametrize(("sheet", "column"), [("Checklist", "G"), ("Risk register", "Z")])
def test_xlsx_state_column_offers_open_done_na(
    filled: FilledProject, sheet: str, column: str
) -> None:
    worksheet = _workbook(to_xlsx(filled))[sheet]
    assert worksheet[f"{column}1"].value == "State"
    (validation,) = worksheet.data_validations.dataValidation
    assert validation.type == "list"
    assert validation.formula1 == '"open,done,n/a"'
    assert str(validation.sqref) == f"{column}2:{column}1048576"
    assert validation.showErrorMessage


def test_xlsx_states_are_the_recorded_ones(filled: FilledProject) -> None:
    checklist = _workbook(to_xlsx(filled))["Checklist"]
    # kickoff-meeting is overdue as of the export: recorded as open, marked by a rule.
    assert _column(checklist, "State") == ["done", "open", "n/a"]
    assert {str(state) for state in _column(checklist, "State")} <= {"open", "done", "n/a"}
    ((cells, rules),) = [(str(cf.sqref), cf.rules) for cf in checklist.conditional_formatting]
    assert cells == "A2:I4"
    (rule,) = rules
    assert rule.type == "expression"
    assert rule.formula == ['AND($G2="open",ISNUMBER($F2),$F2<TODAY())']
    assert rule.dxf.fill.fgColor.rgb.endswith(OVERDUE_COLOURS[0])


def test_xlsx_dates_are_dates(filled: FilledProject) -> None:
    checklist = _workbook(to_xlsx(filled))["Checklist"]
    for row in filled.tasks:
        cell = _cell(checklist, row.id, "Due")
        assert cell.is_date
        assert cell.data_type == "d" or cell.data_type == "n"
        assert cell.number_format == "yyyy-mm-dd"
        assert cell.value == dt.datetime.combine(row.due or AS_OF, dt.time())
    done = _cell(checklist, "appoint-sponsor", "Done on")
    assert done.is_date and done.value == dt.datetime(2027, 1, 20)
    assert _cell(checklist, "kickoff-meeting", "Done on").value is None


def _luminance(rgb: str) -> float:
    def channel(hex_pair: str) -> float:
        value = int(hex_pair, 16) / 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(rgb[index : index + 2]) for index in (0, 2, 4))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def _contrast(one: str, other: str) -> float:
    light, dark = sorted((_luminance(one[-6:]), _luminance(other[-6:])), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_xlsx_register_fills_each_band_with_readable_text(filled: FilledProject) -> None:
    register = _workbook(to_xlsx(filled))["Risk register"]
    rules = {
        (str(cf.sqref), rule.formula[0].strip('"')): rule
        for cf in register.conditional_formatting
        for rule in cf.rules
    }
    # The Band, Residual band and Target band columns, each band in each.
    assert sorted(rules) == sorted(
        (f"{column}2:{column}1048576", band)
        for column in ("J", "N", "Q")
        for band in ("low", "medium", "high", "critical")
    )
    assert [register[f"{column}1"].value for column in ("J", "N", "Q")] == [
        "Band",
        "Residual band",
        "Target band",
    ]
    for (_, band), rule in rules.items():
        assert (rule.type, rule.operator) == ("cellIs", "equal")
        fill, text = rule.dxf.fill.fgColor.rgb, rule.dxf.font.color.rgb
        assert (fill[-6:], text[-6:]) == BAND_COLOURS[band]
        # WCAG AA for normal text.
        assert _contrast(fill, text) >= 4.5, (band, _contrast(fill, text))
    # Four distinct fills, so the bands tell apart at a glance.
    assert len({fill for fill, _ in BAND_COLOURS.values()}) == 4


def test_xlsx_text_never_becomes_a_formula(filled: FilledProject) -> None:
    data = to_xlsx(filled)
    workbook = _workbook(data)
    checklist, register = workbook["Checklist"], workbook["Risk register"]
    cases = [
        (_cell(checklist, "appoint-sponsor", "Owner"), '=HYPERLINK("http://evil.example","click")'),
        (_cell(checklist, "appoint-sponsor", "Note"), "+call the sponsor"),
        (_cell(checklist, "regulator-notice", "Note"), "@not needed"),
        (_cell(register, "scope-creep", "Owner"), "-Dana Ruiz"),
    ]
    for cell, value in cases:
        assert cell.value == value
        assert cell.data_type == "s"
        assert cell.quotePrefix
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert "<f>" not in archive.read(name).decode("utf-8")


@pytest.mark.parametrize("note", ["#N/A", "#REF!", "=1+2", "\t=1", "<r>bold</r>"])
def test_xlsx_keeps_error_codes_and_formulas_as_text(root: Path, note: str) -> None:
    escaped = note.replace("\t", "\\t")
    edit_project(root, 'note: "+call the sponsor"', f'note: "{escaped}"')
    cell = _cell(_workbook(to_xlsx(fill_project(root)))["Checklist"], "appoint-sponsor", "Note")
    assert (cell.value, cell.data_type) == (note, "s")


def test_xlsx_replaces_characters_a_worksheet_cannot_hold(root: Path) -> None:
    edit_project(root, 'note: "+call the sponsor"', 'note: "bell\\x07 and\\nnewline"')
    cell = _cell(_workbook(to_xlsx(fill_project(root)))["Checklist"], "appoint-sponsor", "Note")
    assert cell.value == "bell\ufffd and\nnewline"


def test_xlsx_is_byte_identical_whatever_the_clock(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = to_xlsx(fill_project(root))
    later = time.time() + 400 * 86400
    monkeypatch.setattr(time, "time", lambda: later)
    second = to_xlsx(fill_project(root))
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        entries = archive.infolist()
        assert entries[0].filename == "[Content_Types].xml"
        assert {entry.date_time for entry in entries} == {(1980, 1, 1, 0, 0, 0)}
        assert archive.testzip() is None
    properties = _workbook(first).properties
    assert properties.created == properties.modified == dt.datetime(2027, 3, 1)
    assert properties.creator == "Playbook"
    assert properties.title == "Evil <script>alert(1)</script> & Co kickoff checklist"


def test_xlsx_speaks_the_sites_language_and_keeps_its_values(filled: FilledProject) -> None:
    english = _workbook(to_xlsx(filled))
    workbook = _workbook(to_xlsx(filled, translations_for("de")))
    assert workbook.sheetnames == ["Checkliste", "Risikoregister"]
    checklist, register = workbook["Checkliste"], workbook["Risikoregister"]
    assert _header(checklist) == [
        *("Kennung", "Aufgabe", "Phase", "Verantwortliche Rolle", "Verantwortlich"),
        *("Fällig", "Status", "Erledigt am", "Notiz"),
    ]
    assert _header(register)[:4] == ["Kennung", "Risiko", "Phase", "Kategorie"]
    assert len(_header(register)) == len(_header(english["Risk register"]))
    assert workbook.properties.title == ("Kick-off-Checkliste: Evil <script>alert(1)</script> & Co")
    (validation,) = checklist.data_validations.dataValidation
    assert (validation.errorTitle, validation.error) == (
        "Status",
        "Der Status ist einer dieser Werte: open, done, n/a.",
    )
    assert validation.formula1 == '"open,done,n/a"'  # what a project file records
    # Every value below the header is the English workbook's: data, not words of ours.
    for german, sheet in ((checklist, "Checklist"), (register, "Risk register")):
        rows = [[cell.value for cell in row] for row in german.iter_rows(min_row=2)]
        assert rows == [[cell.value for cell in row] for row in english[sheet].iter_rows(min_row=2)]


def test_xlsx_without_risks_has_an_empty_register(root: Path) -> None:
    edit_project(root, "industry: banking", "industry: retail")
    replace_in(
        root / "playbooks" / "sample" / "risks.yaml",
        "  - id: scope-creep\n",
        "  - id: scope-creep\n    condition: industry == 'banking'\n",
    )
    register = _workbook(to_xlsx(fill_project(root)))["Risk register"]
    assert register.max_row == 1
    assert register.auto_filter.ref == "A1:AB1"
    assert register.freeze_panes == "A2"


# --- Calendar events (ics) --------------------------------------------------------------------


def _events(text: str) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(text).walk("VEVENT"))


def test_ics_has_one_all_day_event_per_dated_item(filled: FilledProject) -> None:
    text = to_ics(filled)
    events = _events(text)
    dated = [row for row in filled.rows if row.due]
    assert len(events) == len(dated) == 3
    assert icalendar.Calendar.from_ical(text).walk("VTODO") == []
    for event, row in zip(events, dated, strict=True):
        start, end = event["dtstart"].dt, event["dtend"].dt
        assert type(start) is dt.date and type(end) is dt.date  # all-day: DATE, not DATE-TIME
        assert start == row.due
        assert end == start + dt.timedelta(days=1)
        assert event["dtstart"].params["VALUE"] == "DATE"
        assert str(event["summary"]) == row.title
        assert str(event["uid"]) == f"evil-co.{row.id}@playbook.local"
        assert str(event["transp"]) == "TRANSPARENT"
        assert event["dtstamp"].dt == dt.datetime(2027, 3, 1, tzinfo=dt.UTC)
    lines = text.split("\r\n")
    assert "DTSTART;VALUE=DATE:20270122" in lines
    assert "DTEND;VALUE=DATE:20270123" in lines


def test_ics_events_state_their_item_state(filled: FilledProject) -> None:
    events = {
        str(event["uid"]).split(".")[1].split("@")[0]: event for event in _events(to_ics(filled))
    }
    described = {item: str(event["description"]) for item, event in events.items()}
    assert described["appoint-sponsor"].startswith("Done on 2027-01-20. Owner: ")
    assert described["kickoff-meeting"].startswith("Overdue. Owner: ")
    assert described["regulator-notice"] == (
        "Not applicable. Owner: Executive sponsor (unassigned). Phase: plan.\n@not needed"
    )
    statuses = {item: str(event["status"]) for item, event in events.items()}
    assert statuses == {
        "appoint-sponsor": "CONFIRMED",
        "kickoff-meeting": "CONFIRMED",
        "regulator-notice": "CANCELLED",
    }


def test_ics_speaks_the_sites_language(filled: FilledProject) -> None:
    german = translations_for("de")
    events = {
        str(event["uid"]).split(".")[1].split("@")[0]: event
        for event in _events(to_ics(filled, german))
    }
    described = {item: str(event["description"]) for item, event in events.items()}
    assert described["appoint-sponsor"].startswith("Erledigt am 2027-01-20. Verantwortlich: ")
    assert described["kickoff-meeting"].startswith("Überfällig. Verantwortlich: ")
    assert described["regulator-notice"] == (
        "Entfällt. Verantwortlich: Executive sponsor (nicht besetzt). Phase: Planung.\n@not needed"
    )
    assert [str(category) for category in events["regulator-notice"]["categories"].cats] == [
        "Evil <script>alert(1)</script> & Co",
        "Planung",
    ]
    calendar = icalendar.Calendar.from_ical(to_ics_todo(filled, german))
    assert str(calendar["x-wr-calname"]) == (
        "Kick-off-Checkliste: Evil <script>alert(1)</script> & Co"
    )
    todo = next(todo for todo in calendar.walk("VTODO") if "regulator" in str(todo["uid"]))
    assert str(todo["description"]).startswith("Verantwortlich: Executive sponsor (nicht ")
    # What machines read stays as it is: the states, the dates, the ids.
    assert [str(event["status"]) for event in events.values()] == [
        "CONFIRMED",
        "CONFIRMED",
        "CANCELLED",
    ]


def test_ics_uids_are_stable_across_runs_and_days(root: Path) -> None:
    def uids(today: dt.date) -> list[str]:
        return [str(event["uid"]) for event in _events(to_ics(fill_project(root, today=today)))]

    assert uids(AS_OF) == uids(AS_OF) == uids(dt.date(2027, 1, 1))
    assert len(set(uids(AS_OF))) == 3
    assert to_ics(fill_project(root)) == to_ics(fill_project(root))


def test_ics_is_rfc5545_text(filled: FilledProject) -> None:
    text = to_ics(filled)
    calendar = icalendar.Calendar.from_ical(text)
    assert str(calendar["version"]) == "2.0"
    assert str(calendar["method"]) == "PUBLISH"
    assert str(calendar["calscale"]) == "GREGORIAN"
    assert str(calendar["x-wr-calname"]) == "Evil <script>alert(1)</script> & Co kickoff checklist"
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "")
    assert all(len(line.encode("utf-8")) <= 75 for line in text.split("\r\n"))


def test_ics_escapes_and_folds_long_text(root: Path) -> None:
    note = "Zürich; Genève, and a \\\\ backslash " * 4
    edit_project(root, 'note: "+call the sponsor"', f'note: "{note}"')
    text = to_ics(fill_project(root))
    assert all(len(line.encode("utf-8")) <= 75 for line in text.split("\r\n"))
    events = {str(event["uid"]): event for event in _events(text)}
    description = str(events["evil-co.appoint-sponsor@playbook.local"]["description"])
    assert description.endswith("\n" + note.replace("\\\\", "\\"))


def test_ics_and_ics_todo_share_the_same_dated_items(filled: FilledProject) -> None:
    events = [str(event["uid"]) for event in _events(to_ics(filled))]
    todos = icalendar.Calendar.from_ical(to_ics_todo(filled)).walk("VTODO")
    assert events == [str(todo["uid"]) for todo in todos]
    assert icalendar.Calendar.from_ical(to_ics_todo(filled)).walk("VEVENT") == []


# --- The command line ----------------------------------------------------------------------


def test_checklist_refuses_a_binary_format_on_stdout(sample_project: Path) -> None:
    result = checklist(sample_project, "--format", "xlsx")
    assert result.exit_code == 2
    assert result.stdout_bytes == b""
    assert result.stderr == (
        "Error: --format xlsx writes a binary file: name it with -o FILE "
        "(-o /dev/stdout to pipe it)\n"
    )


def test_checklist_writes_xlsx_to_a_file(sample_project: Path, tmp_path: Path) -> None:
    out = tmp_path / "exports" / "checklist.xlsx"
    result = checklist(sample_project, "--format", "xlsx", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert (result.stdout, result.stderr) == ("", f"Wrote {out}\n")
    filled = fill_project(sample_project, "harbour-bank")
    assert out.read_bytes() == export_bytes(filled, "xlsx", PageRenderer(None))
    assert _workbook(out.read_bytes()).sheetnames == ["Checklist", "Risk register"]
    assert [path.name for path in out.parent.iterdir()] == [out.name]  # no temporary left
    again = checklist(sample_project, "--format", "xlsx", "-o", str(out))
    assert again.exit_code == 0, again.stderr
    assert out.read_bytes() == export_bytes(filled, "xlsx", PageRenderer(None))


def test_checklist_refuses_to_write_xlsx_over_an_input(sample_project: Path) -> None:
    project = sample_project / "projects" / "harbour-bank.yaml"
    before = project.read_bytes()
    result = checklist(sample_project, "--format", "xlsx", "-o", str(project))
    assert result.exit_code == 2
    assert "writing it would overwrite an input" in result.stderr
    assert project.read_bytes() == before


@pytest.mark.parametrize("fmt", ["jira-csv", "ics", "ics-todo"])
def test_checklist_writes_text_formats_to_stdout(sample_project: Path, fmt: str) -> None:
    result = checklist(sample_project, "--format", fmt)
    assert result.exit_code == 0, result.stderr
    filled = fill_project(sample_project, "harbour-bank")
    assert result.stdout_bytes == export_bytes(filled, fmt, PageRenderer(None))
