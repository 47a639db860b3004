"""The command line's shared options, and the types that parse their values."""

from __future__ import annotations

import datetime as dt
from typing import Any

import click

from generator.export.registry import FORMAT_NAMES
from generator.model.dates import DateError, parse_iso_date


class IsoDate(click.ParamType[dt.date, Any]):
    name = "YYYY-MM-DD"

    def convert(self, value: Any, param: Any, ctx: click.Context | None) -> dt.date:
        try:
            return value if isinstance(value, dt.date) else parse_iso_date(value)
        except DateError as error:
            self.fail(str(error), param, ctx)


TODAY = click.option("--today", type=IsoDate(), help="Judge 'overdue' as of this date.")
FORCE = click.option("--force", is_flag=True, help="Replace a folder playbook did not write.")
OUT = click.option("--out", "out_dir", required=True, metavar="DIR", help="Folder to write.")
FORMAT = click.option("--format", "fmt", type=click.Choice(FORMAT_NAMES), default="md")
PROJECT = click.argument("project")
