"""The ``playbook`` command: options in, one function per command, errors out as exit codes."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

import click

from generator import options, pipeline
from generator.errors import ContentError, PlaybookError, machine_error, printable
from generator.settings import Overrides, Settings, load_settings


def say(text: str, *, err: bool = False, nl: bool = True) -> None:
    """Print text from the content: control characters shown escaped, never sent raw."""
    click.echo("\n".join(printable(line) for line in text.split("\n")), err=err, nl=nl)


class PlaybookGroup(click.Group):
    """Runs a subcommand and reports any error as one line per problem, with its exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except PlaybookError as error:
            say("\n".join(error.lines()), err=True)
            ctx.exit(error.exit_code)
        except OSError as error:
            say(machine_error(error), err=True)
            ctx.exit(ContentError.exit_code)


def _settings(ctx: click.Context, **overrides: Any) -> Settings:
    root, templates_dir = ctx.obj
    return load_settings(root, Overrides(templates_dir=templates_dir, **overrides))


@click.group(cls=PlaybookGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=".")
@click.option("--templates", metavar="DIR", help="Folder of templates that override ours.")
@click.version_option(package_name="playbook")
@click.pass_context
def main(ctx: click.Context, root: Path, templates: str | None) -> None:
    """Turn YAML PMO playbooks into a searchable MkDocs site and kickoff checklists."""
    ctx.obj = (root.resolve(), templates)


def command(bundle: options.Bundle | None = None) -> options.Declare:
    """A subcommand of ``main`` taking the context, with an options bundle (generator.options)."""
    return lambda function: main.command()((bundle or options.NONE)(click.pass_context(function)))


@command()
def validate(ctx: click.Context) -> None:
    """Check every playbook, project and template; print one line per problem."""
    validated = pipeline.validate(_settings(ctx))
    if validated.warnings:  # things to look at that do not fail the check
        say("\n".join(validated.warning_lines()), err=True)
    say(validated.summary)


@command(options.BUILD)
def build(ctx: click.Context, /, today: dt.date | None, **how: Any) -> None:
    """Validate, then build the site (swapped in only when the build succeeds)."""
    say(str(pipeline.build(_settings(ctx, today=today), base=Path.cwd(), **how)))


@command(options.SERVE)
def serve(ctx: click.Context, dev_addr: str, full: bool) -> None:
    """Serve the site locally and rebuild when playbooks, projects or content change."""
    pipeline.serve(_settings(ctx), Overrides(templates_dir=ctx.obj[1]), dev_addr, full=full)


@command(options.WRITE)
def render(ctx: click.Context, out_dir: str, force: bool) -> None:
    """Write the site as plain Markdown with its own mkdocs.yml; it builds without this plugin."""
    say(str(pipeline.render(_settings(ctx), out_dir, base=Path.cwd(), force=force)))


@command(options.WRITE)
def schema(ctx: click.Context, out_dir: str, force: bool) -> None:
    """Write a JSON Schema per file kind, for editor completion and checks."""
    say(pipeline.schema(_settings(ctx), out_dir, base=Path.cwd(), force=force))


@command(options.KICKOFF)
def kickoff(ctx: click.Context, /, interactive: bool | None, **plan: Any) -> None:
    """Start a project: answer the playbook's questionnaire and write projects/<slug>.yaml."""
    asks = sys.stdin.isatty() if interactive is None else interactive
    say(pipeline.kickoff(_settings(ctx), plan, ask=asks))


@command(options.CHECKLIST)
def checklist(ctx: click.Context, project: str, fmt: str, output: str | None, today: Any) -> None:
    """Export a project's checklist (PROJECT is its slug or its file)."""
    text = pipeline.checklist(_settings(ctx, today=today), project, fmt, output, base=Path.cwd())
    say(f"Wrote {output}", err=True) if text is None else click.echo(text, nl=False)


@command(options.STATUS)
def status(ctx: click.Context, project: str, today: dt.date | None) -> None:
    """Progress, overdue items, and what changed in the playbook since the project's version."""
    say(pipeline.status(_settings(ctx, today=today), project), nl=False)


@command(options.PROJECT)
def upgrade(ctx: click.Context, project: str) -> None:
    """Move a project to its playbook's current version, keeping every status that still applies."""
    say(pipeline.upgrade(_settings(ctx), project), nl=False)


@command(options.MARK)
def mark(ctx: click.Context, /, project: str, items: tuple[str, ...], **how: Any) -> None:
    """Record ITEMS of PROJECT as done, n/a or open, editing only their lines of the file."""
    say(pipeline.mark(_settings(ctx, today=how.pop("today")), project, items, **how), nl=False)


@command(options.ASSESS)
def assess(ctx: click.Context, /, project: str, **how: Any) -> None:
    """Add a dated self-assessment of PROJECT's practices (0 to 4 each) to its file."""
    say(pipeline.assess(_settings(ctx, today=how.pop("today")), project, **how), nl=False)


@command(options.IMPACT)
def impact(ctx: click.Context, against: str, fmt: str, today: dt.date | None) -> None:
    """Preview what the playbooks' changes since REV do to every project (exit 0 either way)."""
    say(pipeline.impact(_settings(ctx, today=today), against, fmt), nl=False)


@command(options.REPORT)
def report(ctx: click.Context, /, today: dt.date | None, **how: Any) -> None:
    """A project's weekly status report: RAG, progress, done, late, due, risks, decisions."""
    text = pipeline.report(_settings(ctx, today=today), base=Path.cwd(), **how)
    say(f"Wrote {how['output']}", err=True) if text is None else say(text, nl=False)


@command(options.TEMPLATE)
def template(ctx: click.Context, /, today: dt.date | None, **how: Any) -> None:
    """Fill in one of the playbook's document templates for PROJECT (docx needs -o FILE)."""
    say(pipeline.template(_settings(ctx, today=today), base=Path.cwd(), **how), nl=False)


@command(options.STALE)
def stale(ctx: click.Context, fail: bool, today: dt.date | None) -> None:
    """List the items due for review, by owner; --fail exits 1 when there are any (for CI)."""
    say(pipeline.stale(_settings(ctx, today=today), fail=fail), nl=False)
