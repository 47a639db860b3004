"""The command line's shared options, and the types that parse their values."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

import click

from generator.export.artefacts import ARTEFACT_FORMATS
from generator.export.registry import FORMAT_NAMES
from generator.model.dates import DateError, parse_iso_date
from generator.projects.impact import FORMATS as IMPACT_FORMATS
from generator.publish.engines import DEFAULT_ENGINE, ENGINE_NAMES
from generator.render.report import REPORT_FORMATS


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


Command = TypeVar("Command", bound=Callable[..., Any])
# A bundle of options for a command (below), and what declares a command (generator.cli).
Bundle = Callable[[Callable[..., None]], Callable[..., None]]
Declare = Callable[[Callable[..., None]], click.Command]


def _together(*options: Callable[[Command], Command]) -> Callable[[Command], Command]:
    def apply(command: Command) -> Command:
        for option in reversed(options):
            command = option(command)
        return command

    return apply


NONE: Bundle = _together()  # a command without options
KICKOFF = _together(
    click.argument("name"),
    click.option("--playbook", "playbook_id", required=True, help="Id of the playbook to follow."),
    click.option("--kickoff", type=IsoDate(), help="Kickoff date; due dates count from it."),
    click.option("--set", "answers", multiple=True, metavar="FACT=VALUE", help="Answer a fact."),
    click.option("--role", "roles", multiple=True, metavar="ROLE=PERSON", help="Assign a role."),
    click.option("--slug", help="File name for the project (default: derived from NAME)."),
    click.option("--input/--no-input", "interactive", default=None, help="Ask for missing facts."),
    click.option("--force", is_flag=True, help="Replace an existing project file."),
)
MARK = _together(
    click.argument("project"),
    click.argument("items", nargs=-1, required=True),
    click.option("--state", type=click.Choice(["done", "n/a", "open"]), required=True),
    click.option("--date", "on", type=IsoDate(), help="When it was done (default: today)."),
    click.option("--note", help="A note to keep with the items (default: keep theirs)."),
    TODAY,
)
ASSESS = _together(
    click.argument("project"),
    click.option(
        "--score",
        "scores",
        multiple=True,
        required=True,
        metavar="PRACTICE=N",
        help="A practice's score: 0 (not at all) to 4 (fully, and improving).",
    ),
    click.option(
        "--action", "actions", multiple=True, metavar="PRACTICE=TEXT", help="An action, one line."
    ),
    click.option("--date", "on", type=IsoDate(), help="When it was made (default: today)."),
    TODAY,
)
BUILD = _together(
    click.option("--site-dir", metavar="DIR", help="Where to write the site (default: site_dir)."),
    click.option("--strict/--no-strict", default=True, help="Fail on MkDocs warnings (default)."),
    click.option("--offline", is_flag=True, help="Build for opening from files (file://)."),
    click.option(
        "--engine",
        type=click.Choice(ENGINE_NAMES),
        default=DEFAULT_ENGINE,
        show_default=True,
        help="What builds the site: mkdocs (MkDocs + Material, our plugin), properdocs "
        "(ProperDocs, our plugin) or zensical (Zensical, on the render tree).",
    ),
    click.option("-v", "--verbose", is_flag=True, help="Show MkDocs' debug output."),
    FORCE,
    TODAY,
)
WRITE = _together(OUT, FORCE)
SERVE = _together(
    click.option("-a", "--dev-addr", default="127.0.0.1:8000", help="HOST:PORT to serve on."),
    click.option("--full/--incremental", default=False, help="Rebuild every page after an edit."),
)
OUTPUT = click.option("-o", "--output", metavar="FILE", help="Write to FILE instead of stdout.")
CHECKLIST = _together(PROJECT, FORMAT, OUTPUT, TODAY)
STATUS = _together(PROJECT, TODAY)
STALE = _together(
    click.option("--fail", is_flag=True, help="Exit with 1, naming each item, when any is due."),
    TODAY,
)
TEMPLATE = _together(
    PROJECT,
    click.argument("template"),
    click.option(
        "--format",
        "fmt",
        type=click.Choice(ARTEFACT_FORMATS),
        default="md",
        help="md (default), html (a printable page) or docx (a Word document; needs -o FILE).",
    ),
    OUTPUT,
    TODAY,
)
REPORT = _together(
    PROJECT,
    click.option(
        "--since",
        type=IsoDate(),
        help="The day of the last report: what was done after it (default: a week ago).",
    ),
    click.option("--format", "fmt", type=click.Choice(REPORT_FORMATS), default="md"),
    OUTPUT,
    TODAY,
)
IMPACT = _together(
    click.option(
        "--against",
        default="HEAD",
        metavar="REV",
        help="The git revision to compare with (default: HEAD), e.g. origin/main.",
    ),
    click.option(
        "--format",
        "fmt",
        type=click.Choice(IMPACT_FORMATS),
        default="text",
        help="text (default), or md: a comment for a pull request.",
    ),
    TODAY,
)
