"""A project's checklist as an Excel workbook (XLSX): one sheet of tasks, one of risks.

Each sheet has a frozen header row, an autofilter over its columns and a drop-down list
(open, done, n/a) in its State column; dates are real dates (``yyyy-mm-dd``). The states are
the recorded ones: instead of "overdue", the Checklist marks open tasks whose due date has
passed, as of the day the workbook is opened. The Risk register has each risk's three scores
(inherent, residual once assessed, target; see ``generator.resolve.rows``), its proximity
(a date, or a phase), its trend, and how far the tasks that mitigate it are; it fills each
band's cell in its colour, with text that keeps a contrast of at least 4.5:1.

Text is always text: a cell is written as a string even when it starts with ``=`` (which
openpyxl would make a formula) or looks like an error code such as ``#N/A``; one starting with
``= + - @`` is also marked "quote prefix", so editing it in Excel keeps it text.

The same input gives the same bytes: the workbook's created and modified dates are the day
the checklist is made as of, and the zip's entries carry a fixed date in a fixed order.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.formatting.rule import Rule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.styles.differential import DifferentialStyle
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from generator.model.items import Risk
from generator.resolve.project import FilledProject
from generator.resolve.rows import Row

STATES = ("open", "done", "n/a")  # what the State column's drop-down offers
DATE_FORMAT = "yyyy-mm-dd"
MAX_ROW = 1_048_576  # Excel's last row: rules and lists cover rows added later too
CELL_LIMIT = 32_767  # characters Excel keeps in a cell
FORMULA_START = ("=", "+", "-", "@")
# Fill and text colour of each band: Excel's own "Good", "Neutral" and "Bad" styles for low,
# medium and high, white on dark red for critical.
BAND_COLOURS: dict[str, tuple[str, str]] = {
    "low": ("C6EFCE", "006100"),
    "medium": ("FFEB9C", "7A4500"),
    "high": ("FFC7CE", "9C0006"),
    "critical": ("9C0006", "FFFFFF"),
}
OVERDUE_COLOURS = ("FCE4D6", "9C0006")
HEADER_FILL = "D9E1F2"
# The zip's entries' date (DOS dates start in 1980).
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
CONTENT_TYPES = "[Content_Types].xml"

Value = str | int | dt.date | None


@dataclass(frozen=True)
class Column:
    title: str
    width: int
    value: Callable[[Row], Value]
    wrap: bool = False


def _recorded_state(row: Row) -> str:
    return "open" if row.state == "overdue" else row.state


CHECKLIST_COLUMNS: tuple[Column, ...] = (
    Column("Id", 22, lambda row: row.id),
    Column("Task", 40, lambda row: row.title, wrap=True),
    Column("Phase", 10, lambda row: row.phase),
    Column("Owner role", 20, lambda row: row.owner_role_title),
    Column("Owner", 22, lambda row: row.owner or None),
    Column("Due", 12, lambda row: row.due),
    Column("State", 9, _recorded_state),
    Column("Done on", 12, lambda row: row.done_on),
    Column("Note", 40, lambda row: row.note or None, wrap=True),
)


def _proximity(row: Row) -> Value:
    """A date as a date (``Row.proximity`` writes it YYYY-MM-DD), a phase as text."""
    if not row.proximity:
        return None
    try:
        return dt.date.fromisoformat(row.proximity)
    except ValueError:
        return row.proximity


def _trend(row: Row) -> str | None:
    return f"{row.trend_arrow} {row.trend_word}" if row.trend else None


def risk_columns(mitigations: Mapping[str, str]) -> tuple[Column, ...]:
    """The Risk register's columns; ``mitigations`` (by risk id) come from the playbook."""
    return (
        Column("Id", 22, lambda row: row.id),
        Column("Risk", 36, lambda row: row.title, wrap=True),
        Column("Phase", 10, lambda row: row.phase or None),
        Column("Category", 14, lambda row: row.category),
        Column("Owner role", 20, lambda row: row.owner_role_title),
        Column("Owner", 22, lambda row: row.owner or None),
        Column("Likelihood", 11, lambda row: row.likelihood),
        Column("Impact", 8, lambda row: row.impact),
        Column("Score", 7, lambda row: row.score),
        Column("Band", 10, lambda row: row.band),
        Column("Residual likelihood", 19, lambda row: row.residual_likelihood),
        Column("Residual impact", 15, lambda row: row.residual_impact),
        Column("Residual score", 14, lambda row: row.residual_score),
        Column("Residual band", 14, lambda row: row.residual_band),
        Column("Assessed on", 12, lambda row: row.assessed_on),
        Column("Target", 8, lambda row: row.target),
        Column("Target band", 12, lambda row: row.target_band),
        Column("Proximity", 12, _proximity),
        Column("Trend", 12, _trend),
        Column("Response", 11, lambda row: row.response),
        Column("Mitigation", 40, lambda row: mitigations.get(row.id), wrap=True),
        Column(
            "Mitigating tasks",
            36,
            lambda row: "\n".join(row.mitigated_by_titles) or None,
            wrap=True,
        ),
        Column("Mitigation done", 16, lambda row: row.mitigation_done),
        Column("Mitigation total", 16, lambda row: row.mitigation_total),
        Column("Mitigation state", 16, lambda row: row.mitigation),
        Column("State", 9, _recorded_state),
        Column("Done on", 12, lambda row: row.done_on),
        Column("Note", 40, lambda row: row.note or None, wrap=True),
    )


CHECKLIST_SHEET = "Checklist"
RISK_SHEET = "Risk register"


def to_xlsx(filled: FilledProject) -> bytes:
    workbook = Workbook()
    checklist = workbook.active
    assert checklist is not None
    checklist.title = CHECKLIST_SHEET
    _fill_sheet(checklist, CHECKLIST_COLUMNS, filled.tasks)
    _mark_overdue(checklist, len(filled.tasks))
    register = workbook.create_sheet(RISK_SHEET)
    mitigations = {
        item.id: "\n".join(item.mitigation)
        for item in filled.project.playbook.items
        if isinstance(item, Risk)
    }
    columns = risk_columns(mitigations)
    _fill_sheet(register, columns, filled.risks)
    _colour_bands(register, columns)
    properties = workbook.properties
    properties.title = f"{filled.project.name} kickoff checklist"
    properties.creator = "Playbook"
    stamp = dt.datetime.combine(filled.today, dt.time())
    properties.created = properties.modified = stamp
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        # ExcelWriter rather than Workbook.save, which stamps the time of saving.
        ExcelWriter(workbook, archive).save()
    return _with_fixed_dates(buffer.getvalue())


def _fill_sheet(
    sheet: Worksheet,
    columns: Sequence[Column],
    rows: Sequence[Row],
) -> None:
    header_font = Font(bold=True)
    header_fill = PatternFill("solid", start_color=HEADER_FILL, end_color=HEADER_FILL)
    for index, column in enumerate(columns, start=1):
        cell = _cell(sheet, 1, index)
        _write(cell, column.title)
        cell.font = header_font
        cell.fill = header_fill
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    wrapped = Alignment(wrap_text=True, vertical="top")  # one object: styles are shared
    for number, row in enumerate(rows, start=2):
        for index, column in enumerate(columns, start=1):
            cell = _cell(sheet, number, index)
            _write(cell, column.value(row))
            if column.wrap:
                cell.alignment = wrapped
    last_column = get_column_letter(len(columns))
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{last_column}{len(rows) + 1}"
    state = get_column_letter(_position(columns, "State"))
    states = DataValidation(
        type="list",
        formula1=f'"{",".join(STATES)}"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="State",
        error=f"The state is one of: {', '.join(STATES)}.",
    )
    states.add(f"{state}2:{state}{MAX_ROW}")
    sheet.add_data_validation(states)


def _cell(sheet: Worksheet, row: int, column: int) -> Cell:
    cell = sheet.cell(row=row, column=column)
    assert isinstance(cell, Cell)  # not a merged cell: the sheets merge none
    return cell


def _write(cell: Cell, value: Value) -> None:
    """``value`` into ``cell``; text always as text (see the module's docstring)."""
    if isinstance(value, str):
        text = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
        if len(text) > CELL_LIMIT:
            text = text[: CELL_LIMIT - 1] + "…"
        cell.value = text
        cell.data_type = "s"
        if text.startswith(FORMULA_START):
            cell.quotePrefix = True
    elif isinstance(value, dt.date):
        cell.value = value
        cell.number_format = DATE_FORMAT
    else:
        cell.value = value


def _position(columns: Sequence[Column], title: str) -> int:
    return next(index for index, column in enumerate(columns, start=1) if column.title == title)


def _mark_overdue(sheet: Worksheet, rows: int) -> None:
    """Open tasks whose due date has passed, in the overdue colours, on the day the file is
    opened (the export's own "overdue" is as of the day it was made)."""
    state = get_column_letter(_position(CHECKLIST_COLUMNS, "State"))
    due = get_column_letter(_position(CHECKLIST_COLUMNS, "Due"))
    fill, text = OVERDUE_COLOURS
    sheet.conditional_formatting.add(
        f"A2:{get_column_letter(len(CHECKLIST_COLUMNS))}{max(rows, 1) + 1}",
        Rule(
            type="expression",
            formula=[f'AND(${state}2="open",ISNUMBER(${due}2),${due}2<TODAY())'],
            dxf=_style(fill, text),
        ),
    )


BAND_COLUMNS = ("Band", "Residual band", "Target band")


def _colour_bands(sheet: Worksheet, columns: Sequence[Column]) -> None:
    for title in BAND_COLUMNS:
        band = get_column_letter(_position(columns, title))
        for name, (fill, text) in BAND_COLOURS.items():
            sheet.conditional_formatting.add(
                f"{band}2:{band}{MAX_ROW}",
                Rule(
                    type="cellIs",
                    operator="equal",
                    formula=[f'"{name}"'],
                    dxf=_style(fill, text, bold=name == "critical"),
                ),
            )


def _style(fill: str, text: str, *, bold: bool = False) -> DifferentialStyle:
    """A conditional format: ``text`` colour on a solid ``fill``."""
    return DifferentialStyle(
        font=Font(color=text, bold=bold),
        fill=PatternFill("solid", start_color=fill, end_color=fill),
    )


def _with_fixed_dates(data: bytes) -> bytes:
    """The zip ``data`` again, each entry with a fixed date (openpyxl dates each entry with
    the time it wrote it), ``[Content_Types].xml`` first (where file-type sniffers look for
    it), then the others in the order openpyxl wrote them."""
    source = zipfile.ZipFile(io.BytesIO(data))
    entries = sorted(source.infolist(), key=lambda entry: entry.filename != CONTENT_TYPES)
    buffer = io.BytesIO()
    with source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in entries:
            info = zipfile.ZipInfo(entry.filename, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            target.writestr(info, source.read(entry.filename))
    return buffer.getvalue()
