"""The ``playbook`` command: parse options, call one function per command, and turn errors into
messages and exit codes (the one place that does)."""

from __future__ import annotations

import datetime as dt
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from generator.dates import DateError, parse_iso_date
from generator.errors import ContentError, PlaybookError, UsageError, printable
from generator.settings import Overrides, Settings, load_settings

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


def say(text: str, *, err: bool = False, nl: bool = True) -> None:
    """Print text from the content: control characters shown escaped, never sent raw."""
    click.echo("\n".join(printable(line) for line in text.split("\n")), err=err, nl=nl)


class PlaybookGroup(click.Group):
    """Runs a subcommand and reports any error as one line per problem, with its exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ContentError as error:
            for problem in error.problems:
                say(str(problem), err=True)
            for note in error.notes:
                say(f"note: {note}", err=True)
            say(error.summary, err=True)
            ctx.exit(EXIT_CONTENT)
        except PlaybookError as error:
            say(f"Error: {error}".replace("\n", " "), err=True)
            ctx.exit(error.exit_code)
        except OSError as error:  # the machine, not the content: a full disk, a lost folder
            where = f" ({error.filename})" if error.filename else ""
            say(f"Error: {error.strerror or error}{where}", err=True)
            ctx.exit(EXIT_CONTENT)


def _date(_ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return parse_iso_date(value)
    except DateError as error:
        raise click.BadParameter(str(error)) from None


def _settings(ctx: click.Context, **overrides: Any) -> Settings:
    root, templates_dir = ctx.obj
    return load_settings(root, Overrides(templates_dir=templates_dir, **overrides))


_Command = TypeVar("_Command", bound=Callable[..., Any])


def _date_option(name: str, help_text: str) -> Callable[[_Command], _Command]:
    return click.option(name, callback=_date, metavar="YYYY-MM-DD", help=help_text)


TODAY = _date_option("--today", "Judge 'overdue' against this date (reproducible output).")
FORCE = click.option("--force", is_flag=True, help="Replace a folder that playbook did not write.")


@click.group(cls=PlaybookGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=".",
    show_default=True,
    help="The project folder (holding playbooks/ and mkdocs.yml).",
)
@click.option(
    "--templates", "templates_dir", metavar="DIR", help="Folder of templates that override ours."
)
@click.version_option(package_name="playbook")
@click.pass_context
def main(ctx: click.Context, root: Path, templates_dir: str | None) -> None:
    """Turn YAML PMO playbooks into a searchable MkDocs site and kickoff checklists."""
    root = root.resolve()
    if not root.is_dir():
        raise UsageError(f"project folder '{root}' does not exist")
    ctx.obj = (root, templates_dir)


@main.command()
@click.pass_context
def validate(ctx: click.Context) -> None:
    """Check every playbook, project and template; print one line per problem."""
    from generator.pipeline import validate as run

    say(run(_settings(ctx)))


def _configure_mkdocs_logging(verbose: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.handlers[:] = [handler]
    logger.setLevel(logging.DEBUG if verbose else logging.INFO)
    logger.propagate = False


@main.command()
@click.option("--site-dir", metavar="DIR", help="Where to write the site (default: site_dir).")
@click.option("--strict/--no-strict", default=True, show_default=True, help="Fail on warnings.")
@TODAY
@click.option("--offline", is_flag=True, help="Build for opening from files (file://).")
@click.option("-v", "--verbose", is_flag=True, help="Show MkDocs' debug output.")
@FORCE
@click.pass_context
def build(
    ctx: click.Context, /, site_dir: str | None, strict: bool, today: dt.date | None, **flags: bool
) -> None:
    """Validate, then build the site (swapped in only when the build succeeds)."""
    from generator.pipeline import build as run

    settings = _settings(ctx, today=today)
    _configure_mkdocs_logging(flags["verbose"])
    target = run(
        settings,
        site_dir,
        base=Path.cwd(),
        force=flags["force"],
        strict=strict,
        offline=flags["offline"],
    )
    say(f"Site built in {target}")
    if flags["offline"]:
        say(f"Open {target / 'index.html'} in a browser; no server is needed.")


@main.command()
@click.option("-a", "--dev-addr", default="127.0.0.1:8000", show_default=True, help="HOST:PORT.")
@click.option(
    "--full/--incremental",
    default=False,
    show_default=True,
    help="After an edit, rebuild every page (--full), or only pages whose content changed.",
)
@click.pass_context
def serve(ctx: click.Context, dev_addr: str, full: bool) -> None:
    """Serve the site locally and rebuild when playbooks, projects or content change."""
    from generator.pipeline import serve as run

    _configure_mkdocs_logging(False)
    run(_settings(ctx), Overrides(templates_dir=ctx.obj[1]), dev_addr, full=full)


@main.command()
@click.option("--out", "out_dir", required=True, metavar="DIR", help="Folder to write (whole).")
@FORCE
@click.pass_context
def render(ctx: click.Context, out_dir: str, force: bool) -> None:
    """Write the site as plain Markdown with its own mkdocs.yml; it builds without this plugin."""
    from generator.pipeline import render as run

    target, count = run(_settings(ctx), out_dir, base=Path.cwd(), force=force)
    say(
        f"Rendered {count} generated pages into {target}; build it with: "
        f"mkdocs build -f {target / 'mkdocs.yml'}"
    )


@main.command()
@click.option("--out", "out_dir", required=True, metavar="DIR", help="Folder to write (whole).")
@FORCE
@click.pass_context
def schema(ctx: click.Context, out_dir: str, force: bool) -> None:
    """Write a JSON Schema per file kind, for editor completion and checks."""
    from generator.pipeline import schema as run

    for path in run(_settings(ctx), out_dir, base=Path.cwd(), force=force):
        say(f"wrote {path}")


def _assignments(values: tuple[str, ...], option: str) -> dict[str, str]:
    pairs: dict[str, str] = {}
    for value in values:
        key, sep, answer = value.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"expected NAME=VALUE, got {value!r}", param_hint=option)
        pairs[key.strip()] = answer.strip()
    return pairs


@main.command()
@click.argument("name")
@click.option("--playbook", "playbook_id", required=True, help="Id of the playbook to follow.")
@_date_option("--kickoff", "Kickoff date; due dates count from it.")
@click.option("--set", "facts", multiple=True, metavar="FACT=VALUE", help="Answer a fact.")
@click.option("--role", "roles", multiple=True, metavar="ROLE=PERSON", help="Assign a role.")
@click.option("--slug", help="File name for the project (default: derived from NAME).")
@click.option(
    "--input/--no-input",
    "interactive",
    default=None,
    help="Ask for missing facts (default: only when run in a terminal).",
)
@click.option("--force", is_flag=True, help="Replace an existing project file.")
@click.pass_context
def kickoff(
    ctx: click.Context,
    name: str,
    playbook_id: str,
    kickoff: dt.date | None,
    facts: tuple[str, ...],
    roles: tuple[str, ...],
    slug: str | None,
    interactive: bool | None,
    force: bool,
) -> None:
    """Start a project: answer the playbook's questionnaire and write projects/<slug>.yaml."""
    from generator.project_commands import KickoffPlan, start_project

    if interactive is None:
        interactive = sys.stdin.isatty()
    plan = KickoffPlan(
        name=name,
        playbook_id=playbook_id,
        kickoff=kickoff,
        answers=_assignments(facts, "--set"),
        roles=_assignments(roles, "--role"),
        slug=slug,
        force=force,
    )
    created = start_project(_settings(ctx), plan, _Prompter() if interactive else None)
    say(f"Created {created.file}")
    say(f"Its page: {created.page} (run `playbook build` to publish it)")
    if created.snapshot is not None:
        say(f"Recorded the playbook's version in {created.snapshot} (commit it too)")


class _Prompter:
    """Asks in the terminal; ``generator.project_commands`` decides what to ask and checks."""

    def ask(self, question: str, help_text: str, default: str | None) -> str:
        if help_text:
            click.echo(click.style(printable(help_text), dim=True))
        answer: str = click.prompt(
            printable(question), default=default or "", show_default=bool(default)
        )
        return answer

    def complain(self, message: str) -> None:
        say(f"  {message}", err=True)


@main.command()
@click.argument("project")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["md", "csv", "json", "ics", "html"]),
    default="md",
    show_default=True,
    help="Export format.",
)
@click.option("-o", "--output", metavar="FILE", help="Write to this file instead of stdout.")
@TODAY
@click.pass_context
def checklist(
    ctx: click.Context, project: str, fmt: str, output: str | None, today: dt.date | None
) -> None:
    """Export a project's checklist (PROJECT is its slug or its file)."""
    from generator.project_commands import export_checklist

    text = export_checklist(_settings(ctx, today=today), project, fmt, output, base=Path.cwd())
    if text is None:
        say(f"Wrote {output}", err=True)
    else:
        click.echo(text, nl=False)


@main.command()
@click.argument("project")
@TODAY
@click.pass_context
def status(ctx: click.Context, project: str, today: dt.date | None) -> None:
    """Progress, overdue items, and what changed in the playbook since the project's version."""
    from generator.project_commands import describe_status, load_filled

    settings = _settings(ctx, today=today)
    say(describe_status(load_filled(settings, project), settings.root), nl=False)


@main.command()
@click.argument("project")
@click.pass_context
def upgrade(ctx: click.Context, project: str) -> None:
    """Move a project to its playbook's current version, keeping every status that still applies."""
    from generator.project_commands import upgrade_project

    say(upgrade_project(_settings(ctx), project), nl=False)
