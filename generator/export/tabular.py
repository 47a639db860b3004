"""A project's checklist as rows for spreadsheets and trackers: CSV."""

from __future__ import annotations

import csv
import io

from generator.resolve.project import FilledProject

# The columns of every tabular export, in order (``Row.as_record`` gives them).
COLUMNS = (
    "id",
    "kind",
    "phase",
    "title",
    "owner_role",
    "owner",
    "due",
    "state",
    "done_on",
    "note",
    "likelihood",
    "impact",
    "score",
    "band",
    "response",
    "category",
)


def to_csv(filled: FilledProject) -> str:
    """One row per applicable task and risk; UTF-8 with a BOM so spreadsheets detect it."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for row in filled.rows:
        record = row.as_record()
        writer.writerow({key: spreadsheet_cell(record[key]) for key in COLUMNS})
    return "\ufeff" + buffer.getvalue()


def spreadsheet_cell(value: object) -> object:
    """Neutralise text a spreadsheet would run as a formula (CSV injection)."""
    if value is None:
        return ""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
