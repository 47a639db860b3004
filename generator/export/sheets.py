"""A project's checklist as an Excel workbook (XLSX): one sheet of tasks, one of risks.

Each sheet has a frozen header row, an autofilter over its columns and a drop-down list
(open, done, n/a) in its State column; dates are real dates (``yyyy-mm-dd``). The states are
the recorded ones: instead of "overdue", the Checklist marks open tasks whose due date has
passed, as of the day the workbook is opened. The Risk register has each risk's three scores
(inherent, residual once assessed, target; see ``generator.resolve.rows``), its proximity
(a date, or a phase), its trend, and how far the tasks that mitigate it are; it fills each
band's cell in its colour, with text that keeps a contrast of at least 4.5:1.

Text is always text: a cell is written as a string even when it starts with ``=`` (which
a spreadsheet writer would take for a formula), looks like an error code such as ``#N/A`` or
like rich-text markup (``<r>...</r>``); one starting with ``= + - @`` is also marked "quote
prefix", so editing it in Excel keeps it text. Characters a worksheet cannot hold become
U+FFFD.

The same input gives the same bytes: the workbook's created and modified dates are the day
the checklist is made as of, and the zip's entries carry a fixed date in a fixed order,
``[Content_Types].xml`` first.

Written with XlsxWriter (write-only, several times faster than openpyxl here).
"""

from __future__ import annotations

import datetime as dt
import gettext
import io
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet

from generator.model.items import Risk
from generator.model.messages import N_
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
# What XlsxWriter writes, in memory: the zip's entries dated 1980-01-01 (DOS dates start in
# 1980), ``[Content_Types].xml`` first (where file-type sniffers look for it).
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
CONTENT_TYPES = "[Content_Types].xml"
# Characters a worksheet cannot hold (openpyxl's ILLEGAL_CHARACTERS_RE): C0 controls other
# than tab, line feed and carriage return.
ILLEGAL_CHARACTERS_RE = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")
# A column's width in the file is in characters of the default font's digits, 7 pixels wide
# in Calibri 11; set in pixels, XlsxWriter stores exactly ``width`` (its set_column would add
# the cell padding, 5 pixels, and store width + 0.71).
DIGIT_PIXELS = 7

Value = str | int | dt.date | None


@dataclass(frozen=True)
class Column:
    title: str  # in English: the key the code finds a column by; the header says it translated
    width: int
    value: Callable[[Row], Value]
    wrap: bool = False


def _recorded_state(row: Row) -> str:
    return "open" if row.state == "overdue" else row.state


CHECKLIST_COLUMNS: tuple[Column, ...] = (
    Column(N_("Id"), 22, lambda row: row.id),
    Column(N_("Task"), 40, lambda row: row.title, wrap=True),
    Column(N_("Phase"), 10, lambda row: row.phase),
    Column(N_("Owner role"), 20, lambda row: row.owner_role_title),
    Column(N_("Owner"), 22, lambda row: row.owner or None),
    Column(N_("Due"), 12, lambda row: row.due),
    Column(N_("State"), 9, _recorded_state),
    Column(N_("Done on"), 12, lambda row: row.done_on),
    Column(N_("Note"), 40, lambda row: row.note or None, wrap=True),
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
        Column(N_("Id"), 22, lambda row: row.id),
        Column(N_("Risk"), 36, lambda row: row.title, wrap=True),
        Column(N_("Phase"), 10, lambda row: row.phase or None),
        Column(N_("Category"), 14, lambda row: row.category),
        Column(N_("Owner role"), 20, lambda row: row.owner_role_title),
        Column(N_("Owner"), 22, lambda row: row.owner or None),
        Column(N_("Likelihood"), 11, lambda row: row.likelihood),
        Column(N_("Impact"), 8, lambda row: row.impact),
        Column(N_("Score"), 7, lambda row: row.score),
        Column(N_("Band"), 10, lambda row: row.band),
        Column(N_("Residual likelihood"), 19, lambda row: row.residual_likelihood),
        Column(N_("Residual impact"), 15, lambda row: row.residual_impact),
        Column(N_("Residual score"), 14, lambda row: row.residual_score),
        Column(N_("Residual band"), 14, lambda row: row.residual_band),
        Column(N_("Assessed on"), 12, lambda row: row.assessed_on),
        Column(N_("Target"), 8, lambda row: row.target),
        Column(N_("Target band"), 12, lambda row: row.target_band),
        Column(N_("Proximity"), 12, _proximity),
        Column(N_("Trend"), 12, _trend),
        Column(N_("Response"), 11, lambda row: row.response),
        Column(N_("Mitigation"), 40, lambda row: mitigations.get(row.id), wrap=True),
        Column(
            N_("Mitigating tasks"),
            36,
            lambda row: "\n".join(row.mitigated_by_titles) or None,
            wrap=True,
        ),
        Column(N_("Mitigation done"), 16, lambda row: row.mitigation_done),
        Column(N_("Mitigation total"), 16, lambda row: row.mitigation_total),
        Column(N_("Mitigation state"), 16, lambda row: row.mitigation),
        Column(N_("State"), 9, _recorded_state),
        Column(N_("Done on"), 12, lambda row: row.done_on),
        Column(N_("Note"), 40, lambda row: row.note or None, wrap=True),
    )


CHECKLIST_SHEET = N_("Checklist")
RISK_SHEET = N_("Risk register")


def to_xlsx(filled: FilledProject, translations: gettext.NullTranslations | None = None) -> bytes:
    """The workbook; its sheets' names, headers and titles in the language of
    ``translations`` (English without), its values as they are (the State column's drop-down
    offers the states a project file records)."""
    say = (translations or gettext.NullTranslations()).gettext
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer,
        {
            # In memory: no temporary files, and each zip entry dated ZIP_DATE (on disk,
            # XlsxWriter dates them 1980-01-31 through the file system). Not constant_memory:
            # XlsxWriter turns it off in memory, and through temporary files it was slower.
            "in_memory": True,
            # Only write_string writes text; these keep write() from guessing, were it used.
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
        },
    )
    formats = _Formats(workbook)
    checklist = workbook.add_worksheet(say(CHECKLIST_SHEET))
    _fill_sheet(checklist, formats, CHECKLIST_COLUMNS, filled.tasks, say)
    _mark_overdue(checklist, formats, len(filled.tasks))
    register = workbook.add_worksheet(say(RISK_SHEET))
    mitigations = {
        item.id: "\n".join(item.mitigation)
        for item in filled.project.playbook.items
        if isinstance(item, Risk)
    }
    columns = risk_columns(mitigations)
    _fill_sheet(register, formats, columns, filled.risks, say)
    _colour_bands(register, formats, columns)
    # Created and modified (XlsxWriter writes both from "created"): the day as of which the
    # checklist is made, at midnight, never the time of writing.
    workbook.set_properties(
        {
            "title": say(N_("%(project)s kickoff checklist")) % {"project": filled.project.name},
            "author": "Playbook",
            "created": dt.datetime.combine(filled.today, dt.time()),
        }
    )
    workbook.close()
    return buffer.getvalue()


@dataclass(frozen=True)
class _CellFormats:
    plain: Format | None
    quoted: Format
    date: Format


class _Formats:
    """The workbook's cell formats, one object per set of properties (XlsxWriter writes one
    style per Format object it is given, so they are shared)."""

    def __init__(self, workbook: Any) -> None:
        self._workbook = workbook
        self._made: dict[tuple[tuple[str, object], ...], Format] = {}

    def get(self, **properties: object) -> Format | None:
        if not properties:
            return None
        key = tuple(sorted(properties.items()))
        made = self._made.get(key)
        if made is None:
            made = self._made[key] = self._workbook.add_format(properties)
        return made

    def cell(self, **properties: object) -> _CellFormats:
        """The formats of a cell with ``properties``: as is, for text marked "quote prefix",
        for a date."""
        return _CellFormats(
            self.get(**properties),
            self.get(**properties, quote_prefix=True),
            self.get(**properties, num_format=DATE_FORMAT),
        )

    def conditional(self, fill: str, text: str, *, bold: bool = False) -> Format:
        """A conditional format: ``text`` colour on a solid ``fill``."""
        properties: dict[str, object] = {
            "font_color": f"#{text}",
            # Both colours: a conditional format's solid fill is its background colour for
            # Excel; the foreground one is for readers that look there (as openpyxl did).
            "bg_color": f"#{fill}",
            "fg_color": f"#{fill}",
            "pattern": 1,
        }
        if bold:
            properties["bold"] = True
        made = self.get(**properties)
        assert made is not None
        return made


def _fill_sheet(
    sheet: Worksheet,
    formats: _Formats,
    columns: Sequence[Column],
    rows: Sequence[Row],
    say: Callable[[str], str],
) -> None:
    header = formats.cell(bold=True, pattern=1, bg_color=f"#{HEADER_FILL}")
    for index, column in enumerate(columns):
        _write(sheet, 0, index, say(column.title), header)
        sheet.set_column_pixels(index, index, column.width * DIGIT_PIXELS)
    wrapped, plain = formats.cell(text_wrap=True, valign="top"), formats.cell()
    cells = [wrapped if column.wrap else plain for column in columns]
    for number, row in enumerate(rows, start=1):
        for index, column in enumerate(columns):
            _write(sheet, number, index, column.value(row), cells[index])
    sheet.freeze_panes(1, 0)  # A2
    sheet.autofilter(0, 0, len(rows), len(columns) - 1)
    state = _position(columns, "State")
    sheet.data_validation(
        1,
        state,
        MAX_ROW - 1,
        state,
        {
            "validate": "list",
            "source": list(STATES),
            "ignore_blank": True,
            "show_input": False,
            "show_error": True,
            "error_title": say(N_("State")),
            "error_message": say(N_("The state is one of: %(states)s."))
            % {"states": ", ".join(STATES)},
        },
    )


def _write(sheet: Worksheet, row: int, column: int, value: Value, cell: _CellFormats) -> None:
    """``value`` into the cell at zero-based ``row``, ``column``, in ``cell``'s formats; text
    always as text (see the module's docstring)."""
    if isinstance(value, str):
        text = _fitted(ILLEGAL_CHARACTERS_RE.sub("\ufffd", value))
        cell_format = cell.quoted if text.startswith(FORMULA_START) else cell.plain
        if text.startswith("<r>") and text.endswith("</r>"):
            # XlsxWriter copies a string shaped like this into the workbook as rich-text
            # markup, unescaped; as a rich string of plain runs (it takes three at least) it
            # stays the same text.
            sheet.write_rich_string(row, column, "<", "r>", text[3:], cell_format)
        else:
            sheet.write_string(row, column, text, cell_format)
    elif isinstance(value, dt.date):  # a datetime too
        sheet.write_datetime(row, column, value, cell.date)
    elif isinstance(value, bool):
        sheet.write_boolean(row, column, value, cell.plain)
    elif isinstance(value, int):
        sheet.write_number(row, column, value, cell.plain)
    elif cell.plain is not None:  # None: an empty cell, which keeps its style (a wrapped
        sheet.write_blank(row, column, None, cell.plain)  # column's), if it has one


def _fitted(text: str) -> str:
    """``text`` cut to what a cell holds, ending in "…": CELL_LIMIT UTF-16 code units, as Excel
    counts (a character beyond the Basic Multilingual Plane is two), which is CELL_LIMIT
    characters for any other text."""
    if len(text) <= CELL_LIMIT // 2 or len(text.encode("utf-16-le")) // 2 <= CELL_LIMIT:
        return text
    units = 0
    for end, character in enumerate(text):
        units += 2 if ord(character) > 0xFFFF else 1
        if units > CELL_LIMIT - 1:
            return text[:end] + "…"
    return text  # not reached: the text is longer than that


def _position(columns: Sequence[Column], title: str) -> int:
    """The zero-based index of the column titled ``title``."""
    return next(index for index, column in enumerate(columns) if column.title == title)


def _mark_overdue(sheet: Worksheet, formats: _Formats, rows: int) -> None:
    """Open tasks whose due date has passed, in the overdue colours, on the day the file is
    opened (the export's own "overdue" is as of the day it was made)."""
    state = xl_col_to_name(_position(CHECKLIST_COLUMNS, "State"))
    due = xl_col_to_name(_position(CHECKLIST_COLUMNS, "Due"))
    fill, text = OVERDUE_COLOURS
    sheet.conditional_format(
        1,
        0,
        max(rows, 1),
        len(CHECKLIST_COLUMNS) - 1,
        {
            "type": "formula",
            "criteria": f'AND(${state}2="open",ISNUMBER(${due}2),${due}2<TODAY())',
            "format": formats.conditional(fill, text),
        },
    )


BAND_COLUMNS = ("Band", "Residual band", "Target band")


def _colour_bands(sheet: Worksheet, formats: _Formats, columns: Sequence[Column]) -> None:
    for title in BAND_COLUMNS:
        band = _position(columns, title)
        for name, (fill, text) in BAND_COLOURS.items():
            sheet.conditional_format(
                1,
                band,
                MAX_ROW - 1,
                band,
                {
                    "type": "cell",
                    "criteria": "equal to",
                    "value": f'"{name}"',
                    "format": formats.conditional(fill, text, bold=name == "critical"),
                },
            )
