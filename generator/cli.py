"""The ``playbook`` command. The one place that turns errors into messages and exit codes."""

from __future__ import annotations

import datetime as dt
import logging
import sys
from pathlib import Path
from typing import Any

import click

from generator.errors import ContentError, PlaybookError, UsageError
from generator.workspace import Settings

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


class PlaybookGroup(click.Group):
    """Runs a subcommand and reports PlaybookError as a message with its exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ContentError as error:
            for problem in error.problems:
                click.echo(str(problem), err=True)
            count = len(error.problems)
            click.echo(f"{count} problem{'s' if count != 1 else ''} found.", err=True)
            ctx.exit(EXIT_CONTENT)
        except PlaybookError as error:
            click.echo(f"Error: {error}", err=True)
            ctx.exit(error.exit_code)


def _parse_date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"expected a date written YYYY-MM-DD, got {value!r}") from None


def settings_from(ctx: click.Context, **overrides: Any) -> Settings:
    settings: Settings = ctx.obj
    return Settings(
        **{**settings.__dict__, **{k: v for k, v in overrides.items() if v is not None}}
    )


@click.group(cls=PlaybookGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=".",
    show_default=True,
    help="The project folder (holding playbooks/ and mkdocs.yml).",
)
@click.option(
    "--templates",
    "templates_dir",
    metavar="DIR",
    help="Folder of templates that override the built-in ones.",
)
@click.version_option(package_name="playbook")
@click.pass_context
def main(ctx: click.Context, root: Path, templates_dir: str | None) -> None:
    """Turn YAML PMO playbooks into a searchable MkDocs site and kickoff checklists."""
    root = root.resolve()
    if not root.is_dir():
        raise UsageError(f"project folder '{root}' does not exist")
    ctx.obj = Settings(root=root, templates_dir=templates_dir)


@main.command()
@click.pass_context
def validate(ctx: click.Context) -> None:
    """Check every playbook and project; print one line per problem."""
    from generator.pipeline import generate_pages, load_catalog

    settings = settings_from(ctx)
    catalog = load_catalog(settings)
    generate_pages(settings, catalog)  # templates can fail too: check them the same way
    items = sum(len(playbook.items) for playbook in catalog.playbooks)
    click.echo(f"OK: {len(catalog.playbooks)} playbooks, {items} items.")


def _configure_mkdocs_logging(verbose: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.handlers[:] = [handler]
    logger.setLevel(logging.DEBUG if verbose else logging.INFO)
    logger.propagate = False


@main.command()
@click.option(
    "--site-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where to write the site (default: site/ in the project folder).",
)
@click.option(
    "--strict/--no-strict", default=True, show_default=True, help="Fail on any MkDocs warning."
)
@click.option(
    "--today",
    callback=_parse_date,
    metavar="YYYY-MM-DD",
    help="Judge 'overdue' against this date, for reproducible builds.",
)
@click.option(
    "--offline", is_flag=True, help="Build for opening from files (file://), search included."
)
@click.option("-v", "--verbose", is_flag=True, help="Show MkDocs' debug output.")
@click.pass_context
def build(
    ctx: click.Context,
    site_dir: Path | None,
    strict: bool,
    today: dt.date | None,
    offline: bool,
    verbose: bool,
) -> None:
    """Validate, then build the site (swapped in only when the build succeeds)."""
    from generator.pipeline import load_catalog
    from generator.publish import build_site

    settings = settings_from(ctx, today=today)
    load_catalog(settings)
    _configure_mkdocs_logging(verbose)
    target = (site_dir or settings.root / "site").resolve()
    build_site(settings, target, strict=strict, offline=offline)
    click.echo(f"Site built in {target}")
    if offline:
        click.echo(f"Open {target / 'index.html'} in a browser; no server is needed.")


@main.command()
@click.option(
    "-a", "--dev-addr", default="127.0.0.1:8000", show_default=True, help="Address to serve on."
)
@click.option(
    "--full/--incremental",
    default=False,
    show_default=True,
    help="After an edit, rebuild every page (--full), or only pages whose content changed "
    "(faster on large sites; other pages' navigation may lag until the next full build).",
)
@click.pass_context
def serve(ctx: click.Context, dev_addr: str, full: bool) -> None:
    """Serve the site locally and rebuild when playbooks, projects or content change."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    from generator.pipeline import load_catalog

    settings = settings_from(ctx)
    load_catalog(settings)
    _configure_mkdocs_logging(False)
    mkdocs_serve(
        config_file=str(settings.root / "mkdocs.yml"),
        dev_addr=dev_addr,
        livereload=True,
        build_type=None if full else "dirty",
    )


@main.command()
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to write the Markdown tree and its mkdocs.yml into (replaced whole).",
)
@click.pass_context
def render(ctx: click.Context, out_dir: Path) -> None:
    """Write the site as plain Markdown with its own mkdocs.yml; it builds without this plugin."""
    from generator.publish import render_tree

    settings = settings_from(ctx)
    count = render_tree(settings, out_dir.resolve())
    click.echo(
        f"Rendered {count} generated pages into {out_dir}; build it with: "
        f"mkdocs build -f {out_dir / 'mkdocs.yml'}"
    )


@main.command()
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to write the JSON Schemas into.",
)
def schema(out_dir: Path) -> None:
    """Write a JSON Schema per file kind, for editor completion and checks."""
    from generator.schemas import write_schemas

    for path in write_schemas(out_dir):
        click.echo(f"wrote {path}")


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
@click.option(
    "--kickoff",
    "kickoff",
    callback=_parse_date,
    metavar="YYYY-MM-DD",
    help="Kickoff date; due dates count from it.",
)
@click.option(
    "--set",
    "facts",
    multiple=True,
    metavar="FACT=VALUE",
    help="Answer a fact of the questionnaire (repeatable).",
)
@click.option(
    "--role",
    "roles",
    multiple=True,
    metavar="ROLE=PERSON",
    help="Assign a person to a role (repeatable).",
)
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

    settings = settings_from(ctx)
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
    created = start_project(settings, plan, _Prompter() if interactive else None)
    click.echo(f"Created {created.file}")
    click.echo(f"Its page: {created.page} (run `playbook build` to publish it)")
    if created.snapshot is not None:
        click.echo(f"Recorded the playbook's version in {created.snapshot} (commit it too)")


class _Prompter:
    """Asks in the terminal; ``generator.kickoff`` decides what to ask and checks answers."""

    def ask(self, question: str, help_text: str, default: str | None) -> str:
        if help_text:
            click.echo(click.style(help_text, dim=True))
        answer: str = click.prompt(question, default=default or "", show_default=bool(default))
        return answer

    def complain(self, message: str) -> None:
        click.echo(f"  {message}", err=True)


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
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file (atomically) instead of standard output.",
)
@click.option(
    "--today", callback=_parse_date, metavar="YYYY-MM-DD", help="Judge 'overdue' against this date."
)
@click.pass_context
def checklist(
    ctx: click.Context, project: str, fmt: str, output: Path | None, today: dt.date | None
) -> None:
    """Export a project's checklist (PROJECT is its slug or its file)."""
    from generator.atomic import write_text_atomic
    from generator.exports import export
    from generator.project_commands import load_filled
    from generator.render import PageRenderer

    settings = settings_from(ctx, today=today)
    filled = load_filled(settings, project)
    text = export(filled, fmt, PageRenderer(settings.templates_path))
    if output is None:
        click.echo(text, nl=False)
    else:
        write_text_atomic(output, text)
        click.echo(f"Wrote {output}", err=True)


@main.command()
@click.argument("project")
@click.option(
    "--today", callback=_parse_date, metavar="YYYY-MM-DD", help="Judge 'overdue' against this date."
)
@click.pass_context
def status(ctx: click.Context, project: str, today: dt.date | None) -> None:
    """Progress, overdue items, and what changed in the playbook since the project's version."""
    from generator.project_commands import describe_status, load_filled

    settings = settings_from(ctx, today=today)
    click.echo(describe_status(load_filled(settings, project)), nl=False)


@main.command()
@click.argument("project")
@click.pass_context
def upgrade(ctx: click.Context, project: str) -> None:
    """Move a project to its playbook's current version, keeping every status that still applies."""
    from generator.project_commands import upgrade_project

    report = upgrade_project(settings_from(ctx), project)
    click.echo(report, nl=False)
