"""The whole pipeline, load -> validate -> resolve -> render -> publish, one call per command."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Any

from generator.errors import (
    ContentError,
    OutputError,
    Problem,
    UsageError,
    counted,
    warning_line,
)
from generator.export.registry import FORMATS, download_paths, project_downloads
from generator.load.cache import cached, fingerprint
from generator.load.discovery import safe_files, safe_folders, tree_problems
from generator.load.paths import display_path, is_inside, outside_problem
from generator.load.portfolio_history import read_portfolio_history
from generator.model.messages import SOURCE_LANGUAGE
from generator.model.playbook import Playbook
from generator.model.project import Project
from generator.projects.artefacts import write_artefact
from generator.projects.assess import assess_project
from generator.projects.checklist import export_checklist
from generator.projects.files import load_filled
from generator.projects.history import unbumped_changes, version_warning
from generator.projects.impact import (
    compare,
    old_playbooks,
    playbooks_at,
    render_impact,
    resolve_revision,
)
from generator.projects.kickoff import KickoffPlan, start_project
from generator.projects.mark import mark_items
from generator.projects.report import status_reports, write_report
from generator.projects.status import describe_status
from generator.projects.terminal import TerminalPrompter
from generator.projects.upgrade import upgrade_project
from generator.publish.atomic import atomic_directory
from generator.publish.background import Background
from generator.publish.bundle import WORKBENCH_DIR, BundleError, read_module
from generator.publish.engines import DEFAULT_ENGINE, BuildRequest, engine_named
from generator.publish.guard import guard_output_folder
from generator.publish.portfolio_history import write_portfolio_history
from generator.publish.schemas import holds_only_schemas, schema_texts
from generator.publish.serving import is_serving, serving, stop_late_downloads
from generator.publish.site import GeneratedSite, configure_mkdocs_logging, write_files
from generator.publish.tree import render_tree
from generator.render.fill_in import with_fill_in_text
from generator.render.freshness import render_content_health, stale_text
from generator.render.pages import PageRenderer
from generator.render.playbooks import render_site
from generator.render.projects import render_projects
from generator.render.report import render_reports
from generator.render.reuse import Kept, KeptPages
from generator.render.workbench import as_script_json, search_hits_data
from generator.resolve.freshness import overdue_by_owner
from generator.resolve.portfolio import Portfolio, portfolio_of
from generator.resolve.project import FilledProject, fill
from generator.resolve.site import SiteModel, resolve_site
from generator.settings import Overrides, Settings, use_session_overrides
from generator.validate.playbook import PlaybookCheck, check_playbook
from generator.validate.project import validate_project


@dataclass(frozen=True)
class Catalog:
    """Everything in a project folder, validated."""

    playbooks: tuple[Playbook, ...]
    projects: tuple[Project, ...] = ()


@dataclass(frozen=True)
class CatalogCheck:
    """What checking a project folder found: its valid part, and every problem."""

    catalog: Catalog  # the playbooks without problems, and the projects that follow them
    problems: tuple[Problem, ...]
    notes: tuple[str, ...]
    warnings: tuple[Problem, ...] = ()  # the playbooks' (their schedules), for `validate`


def load_catalog(settings: Settings) -> Catalog:
    """Load and validate every playbook and project; one ContentError lists every problem."""
    check = check_catalog(settings)
    if check.problems:
        raise ContentError(check.problems, check.notes)
    return check.catalog


def check_catalog(settings: Settings) -> CatalogCheck:
    """Load and validate every playbook and project, collecting every problem.

    A playbook with problems still checks the projects that follow it (with the items that
    are valid), so one run reports the problems of both.
    """
    settings.check_root()
    problems: list[Problem] = input_problems(settings)
    notes: list[str] = []
    checks: list[PlaybookCheck] = []
    folders = safe_folders(settings.playbooks_path, settings.root, problems)
    for folder in folders:
        # The organization's calendar (calendar.yaml at the root) goes into every playbook.
        stamp = fingerprint([*folder.glob("*.y*ml"), settings.calendar_path])
        check = cached("playbook", folder, stamp, partial(check_playbook, folder, settings.root))
        problems.extend(check.problems)
        checks.append(check)
    if not folders and not problems:
        problems.append(
            Problem(
                display_path(settings.playbooks_path, settings.root),
                None,
                None,
                "no playbooks found; add a folder with a playbook.yaml",
            )
        )
    playbooks = tuple(c.playbook for c in checks if c.playbook is not None and not c.problems)
    usable = {c.playbook.id: c.playbook for c in checks if c.playbook is not None}
    unusable = {
        folder.name for folder, c in zip(folders, checks, strict=True) if c.playbook is None
    }
    projects: list[Project] = []
    for path in _project_files(settings, problems):
        playbook_id = _named_playbook(path)
        if playbook_id in unusable:
            notes.append(
                f"{display_path(path, settings.root)}: not checked, because its playbook "
                f"'{playbook_id}' cannot be loaded (see its problems)"
            )
            continue
        playbook = usable.get(playbook_id)
        # A project is reused only while its file and the playbook it follows are unchanged.
        stamp = (*fingerprint([path]), ("playbook", str(id(playbook))))
        try:
            projects.append(
                cached(
                    "project",
                    path,
                    stamp,
                    partial(validate_project, path, settings.root, usable),
                )
            )
        except ContentError as error:
            problems.extend(error.problems)
    complete = {playbook.id for playbook in playbooks}
    valid_projects = tuple(p for p in projects if p.playbook.id in complete)
    warnings = tuple(warning for c in checks for warning in c.warnings)
    return CatalogCheck(Catalog(playbooks, valid_projects), tuple(problems), tuple(notes), warnings)


def input_problems(settings: Settings) -> list[Problem]:
    """Unreadable folders and files, and symlinks out of the project, in the folders of pages
    and templates (MkDocs would skip the first silently, and follow the others)."""
    problems: list[Problem] = []
    for folder in (settings.content_path, settings.templates_path, settings.custom_path):
        if folder is not None and (folder.is_dir() or folder.is_symlink()):
            if not is_inside(folder, settings.root):
                problems.append(outside_problem(folder, settings.root))
            else:
                problems.extend(tree_problems(folder, settings.root))
    return problems


def _project_files(settings: Settings, problems: list[Problem]) -> list[Path]:
    projects_path = settings.projects_path
    if not projects_path.exists() and not projects_path.is_symlink():
        return []  # a project folder is optional: a site may hold only playbooks
    if not is_inside(projects_path, settings.root):
        problems.append(outside_problem(projects_path, settings.root))
        return []
    files = safe_files(projects_path, settings.root, "*.yaml", problems)
    for path in safe_files(projects_path, settings.root, "*.yml", problems):
        problems.append(
            Problem(
                display_path(path, settings.root),
                None,
                None,
                f"rename to {path.stem}.yaml: project files end in .yaml",
            )
        )
    return files


def _named_playbook(path: Path) -> str:
    """The playbook a project file names, from a quick look (full validation comes after)."""
    try:
        with path.open(encoding="utf-8", errors="replace") as handle:
            for line in handle:
                if line.startswith("playbook:"):
                    return line.partition(":")[2].split("#")[0].strip().strip("'\"")
    except OSError:
        pass
    return ""


def _today(settings: Settings) -> dt.date:
    """The day "overdue" is judged on: the `today` setting, for reproducible builds, or now."""
    return settings.today or dt.date.today()


def fill_projects(catalog: Catalog, today: dt.date) -> tuple[FilledProject, ...]:
    def filled(project: Project) -> FilledProject:
        return with_fill_in_text(fill(project, today))

    if is_serving():  # an edit under serve fills again only the projects it changed
        return tuple(
            _kept_fills.value(project.slug, (project,), (today,), partial(filled, project))
            for project in catalog.projects
        )
    return tuple(filled(project) for project in catalog.projects)


def load_portfolio(settings: Settings, catalog: Catalog) -> Portfolio:
    """Every project filled in, side by side and against the history of past builds (read
    here; only `playbook build` writes it, once the site is built)."""
    history = read_portfolio_history(settings.history_path, settings.root)
    today = _today(settings)  # once: a build across midnight fills and compares on one day
    projects = fill_projects(catalog, today)
    if not is_serving():
        return portfolio_of(projects, history, today)
    # An edit that changed no project keeps the portfolio (and its page).
    portfolio = _kept_portfolio.value(
        "portfolio", projects, (history, today), partial(portfolio_of, projects, history, today)
    )
    for reused in (_kept_fills, _kept_portfolio):  # the next build compares with this one
        reused.build_done()
    return portfolio


# Under serve, what the previous build made and this one may reuse (``render.reuse``).
_kept_fills: Kept[FilledProject] = Kept()
_kept_portfolio: Kept[Portfolio] = Kept()
_kept_pages = KeptPages()


def generate_site(
    settings: Settings, catalog: Catalog | None = None, portfolio: Portfolio | None = None
) -> GeneratedSite:
    """The generated files for the MkDocs plugin (see ``GeneratedSite``)."""
    catalog = catalog or load_catalog(settings)
    portfolio = portfolio or load_portfolio(settings, catalog)
    projects = portfolio.projects
    stop_late_downloads()  # before forking: a previous build's, under serve, are stale now
    downloads = Background(
        lambda: project_downloads(projects, _renderer(settings)), finish=write_files
    )
    renderer = _renderer(settings, defer_fragments=True)
    site = resolve_site(catalog.playbooks)
    kept = _kept_pages if is_serving() else None
    pages = render_site(site, renderer, **_site_options(settings), kept=kept)
    pages[SEARCH_SCRIPT] = search_script(site, settings.language)
    pages.update(render_content_health(catalog.playbooks, renderer, _today(settings)))
    pages.update(render_projects(projects, renderer, FORMATS, portfolio, kept))
    pages.update(render_reports(status_reports(projects), renderer, kept))
    pages.update(dict.fromkeys(download_paths(projects), ""))
    if kept is not None:  # only a build that got this far is the one the next compares with
        kept.build_done()
    return GeneratedSite(pages, renderer.fragments, downloads, renderer.shared)


# Search hits ranked and labelled, on every page: overrides/main.html loads it before
# Material's bundle starts the search worker.
SEARCH_SCRIPT = "assets/javascripts/search-hits.js"
SEARCH_MODULE = "search-hits.js"


def search_script(site: SiteModel, language: str = SOURCE_LANGUAGE) -> str:
    """generator/workbench/search-hits.js as a classic script of its own (module scripts do not
    load from file://), started with the playbooks' titles and the kinds' names (in
    ``language``)."""
    module = read_module(SEARCH_MODULE, (WORKBENCH_DIR / SEARCH_MODULE).read_text("utf-8"))
    if module.imports:
        raise BundleError(f"{SEARCH_MODULE} must import nothing: it is a script on its own")
    return (
        f"// Playbook's search hits: generator/workbench/{SEARCH_MODULE}, written as a script by\n"
        "// generator/pipeline.py. Do not edit.\n"
        '(function () {\n"use strict";\n'
        f"{module.body.strip()}\n"
        f"installSearchHits({as_script_json(search_hits_data(site, language))});\n"
        "})();\n"
    )


def _site_options(settings: Settings) -> dict[str, Any]:
    """Where the site's repository is (mkdocs.yml), for the kickoff pages' proposal links, and
    the day item reviews are judged against."""
    return {"repo_url": settings.repo_url, "edit_uri": settings.edit_uri, "today": _today(settings)}


def _renderer(settings: Settings, **options: Any) -> PageRenderer:
    return PageRenderer(
        settings.templates_path,
        settings.root,
        directory_urls=settings.use_directory_urls,
        language=settings.language,
        **options,
    )


def generate_pages(
    settings: Settings, catalog: Catalog | None = None, renderer: PageRenderer | None = None
) -> dict[str, str | bytes]:
    """Every generated file (Markdown pages and checklist downloads), keyed by docs path: text,
    or bytes for a binary download (xlsx)."""
    catalog = catalog or load_catalog(settings)
    site = resolve_site(catalog.playbooks)
    renderer = renderer or _renderer(settings)
    pages: dict[str, str | bytes] = {}
    pages.update(render_site(site, renderer, **_site_options(settings)))
    pages[SEARCH_SCRIPT] = search_script(site, settings.language)
    pages.update(render_content_health(catalog.playbooks, renderer, _today(settings)))
    portfolio = load_portfolio(settings, catalog)
    projects = portfolio.projects
    pages.update(render_projects(projects, renderer, FORMATS, portfolio))
    pages.update(render_reports(status_reports(projects), renderer))
    pages.update(project_downloads(projects, renderer))
    return pages


@dataclass(frozen=True)
class Validated:
    """What `playbook validate` found when nothing is wrong: its summary, and warnings (things
    worth a look that do not fail the run), printed one a line as ``file:line: warning: ...``."""

    summary: str
    warnings: tuple[Problem, ...] = ()

    def warning_lines(self) -> list[str]:
        return [warning_line(warning) for warning in sorted(self.warnings)]

    def __str__(self) -> str:
        return "\n".join([*self.warning_lines(), self.summary])


def validate(settings: Settings) -> Validated:
    """Check every playbook, project and template; a one-line summary when all is well.

    Everything is reported in one run: the valid playbooks and projects are rendered even when
    others have problems, so template problems show up alongside content problems.
    """
    check = check_catalog(settings)
    problems = list(check.problems)
    renderer = _renderer(settings, collect=True)
    problems.extend(renderer.check_overrides())
    try:
        generate_pages(settings, check.catalog, renderer)
    except ContentError as error:  # fill-in text of a project
        problems.extend(error.problems)
    problems.extend(renderer.problems.values())
    warnings: list[Problem] = [*settings.warnings, *check.warnings]
    for playbook in check.catalog.playbooks:
        try:
            changes = unbumped_changes(playbook, settings.root)
        except ContentError as error:  # its history snapshot is not valid
            problems.extend(error.problems)
            continue
        if changes is not None:
            warnings.append(version_warning(playbook, changes, settings.root))
    if problems:
        raise ContentError(problems, check.notes)
    catalog = check.catalog
    items = sum(len(playbook.items) for playbook in catalog.playbooks)
    summary = (
        f"OK: {counted(len(catalog.playbooks), 'playbook')}, {counted(items, 'item')}, "
        f"{counted(len(catalog.projects), 'project')}."
    )
    return Validated(summary, tuple(warnings))


@dataclass(frozen=True)
class Built:
    site: Path
    offline: bool

    def __str__(self) -> str:
        done = f"Site built in {self.site}"
        if self.offline:
            done += f"\nOpen {self.site / 'index.html'} in a browser; no server is needed."
        return done


def build(
    settings: Settings,
    *,
    base: Path,
    site_dir: str | None = None,
    force: bool = False,
    strict: bool = True,
    offline: bool = False,
    verbose: bool = False,
    engine: str = DEFAULT_ENGINE,
) -> Built:
    """Validate, render and build the site into ``site_dir`` (or mkdocs.yml's ``site_dir``)
    with ``engine`` (``publish.engines``: mkdocs, properdocs or zensical)."""
    chosen = engine_named(engine, offline=offline)  # a usage error before anything is written
    if site_dir is not None:
        target = guard_output_folder(
            settings, site_dir, option="--site-dir", force=force, base=base
        )
    else:
        target = guard_output_folder(
            settings, settings.site_dir, option="site_dir (mkdocs.yml)", force=force
        )
    # Material's offline plugin turns directory URLs off: links written into pages follow it.
    site_settings = replace(settings, use_directory_urls=False) if offline else settings
    catalog = load_catalog(site_settings)
    portfolio = load_portfolio(site_settings, catalog)
    configure_mkdocs_logging(verbose)
    chosen.build(
        BuildRequest(
            settings,
            target,
            site=partial(generate_site, site_settings, catalog, portfolio),
            tree=partial(generate_pages, catalog=catalog),
            strict=strict,
            offline=offline,
            verbose=verbose,
        )
    )
    # Only a build that succeeded records today in the portfolio's history (never validate,
    # render or serve: a page they show compares with the builds, it does not count as one).
    write_portfolio_history(settings.history_path, settings.root, portfolio.recorded)
    return Built(target, offline)


@dataclass(frozen=True)
class Rendered:
    tree: Path
    pages: int

    def __str__(self) -> str:
        return (
            f"Rendered {self.pages} generated pages into {self.tree}; build it with: "
            f"mkdocs build -f {self.tree / 'mkdocs.yml'}"
        )


def render(settings: Settings, out: str, *, base: Path, force: bool = False) -> Rendered:
    """Write the plugin-free Markdown tree into ``out``."""
    target = guard_output_folder(settings, out, option="--out", force=force, base=base)
    pages = generate_pages(settings)
    return Rendered(target, render_tree(settings, target, pages))


def schema(settings: Settings, out: str, *, base: Path, force: bool = False) -> str:
    """Write one JSON Schema per file kind into ``out`` (replacing the folder whole)."""
    target = guard_output_folder(
        settings,
        out,
        option="--out",
        force=force,
        base=base,
        also_ours=holds_only_schemas,
        allow=frozenset({"schemas folder"}),
    )
    texts = schema_texts()
    with atomic_directory(target) as staging:
        for name, text in texts.items():
            (staging / name).write_text(text, encoding="utf-8")
    return "\n".join(f"wrote {target / name}" for name in texts)


def kickoff(settings: Settings, options: Mapping[str, Any], *, ask: bool) -> str:
    """Start a project from the command line's options; asks in the terminal when ``ask``."""
    plan = KickoffPlan(
        name=options["name"],
        playbook_id=options["playbook_id"],
        kickoff=options["kickoff"],
        answers=KickoffPlan.assignments(options["answers"], "--set"),
        roles=KickoffPlan.assignments(options["roles"], "--role"),
        slug=options["slug"],
        force=options["force"],
    )
    return start_project(settings, plan, TerminalPrompter() if ask else None).report()


def checklist(
    settings: Settings, project: str, fmt: str, output: str | None, *, base: Path
) -> str | None:
    return export_checklist(settings, project, fmt, output, base=base)


def status(settings: Settings, project: str) -> str:
    return describe_status(load_filled(settings, project), settings.root)


def report(
    settings: Settings, project: str, *, since: Any, fmt: str, output: str | None, base: Path
) -> str | None:
    """A project's status report since ``since`` (default: a week ago): returned, or written
    to ``output``."""
    return write_report(settings, project, since, fmt, output, base=base)


def template(
    settings: Settings, project: str, template: str, *, fmt: str, output: str | None, base: Path
) -> str:
    """One of the playbook's artefact templates filled in for ``project``: returned, or written
    to ``output`` (then "Wrote FILE" is returned)."""
    return write_artefact(settings, project, template, fmt, output, base=base)


def stale(settings: Settings, *, fail: bool) -> str:
    """The items due for review, by owner; with ``fail``, a ContentError naming each one at
    its line when there are any (for CI)."""
    catalog = load_catalog(settings)
    today = _today(settings)
    groups = overdue_by_owner(catalog.playbooks, today)
    if fail and groups:
        origins = {p.id: p.origins for p in catalog.playbooks}
        raise ContentError(
            origins[upkeep.playbook_id][upkeep.item_id].problem(
                f"review overdue: {upkeep.title!r} was last reviewed "
                f"{upkeep.reviewed or 'never'}, due {upkeep.next_review} "
                f"(owner: {upkeep.owner_shown})"
            )
            for group in groups
            for upkeep in group.items
        )
    return stale_text(groups, today)


def upgrade(settings: Settings, project: str) -> str:
    return upgrade_project(settings, project)


def impact(settings: Settings, against: str, fmt: str) -> str:
    """What the playbooks' changes since the git revision ``against`` do to every project, as
    text or as a Markdown comment for a pull request (``fmt``: text or md).

    The revision is checked first (usage errors), then the working tree's playbooks and
    projects, then the revision's playbooks (content problems, named ``REV:path``).
    """
    settings.check_root()
    revision, toplevel = resolve_revision(settings.root, against)
    catalog = load_catalog(settings)
    with playbooks_at(settings, revision, toplevel) as old_root:
        old = old_playbooks(settings, revision, old_root)
    new = {playbook.id: playbook for playbook in catalog.playbooks}
    today = settings.today or dt.date.today()
    found = compare(revision, old, new, catalog.projects, today)
    return render_impact(found, fmt, _renderer(settings))


def mark(
    settings: Settings, project: str, items: tuple[str, ...], *, state: str, on: Any, note: Any
) -> str:
    return mark_items(settings, project, items, state, on=on, note=note)


def assess(
    settings: Settings, project: str, *, scores: tuple[str, ...], actions: tuple[str, ...], on: Any
) -> str:
    return assess_project(settings, project, scores, actions, on=on)


def serve(settings: Settings, overrides: Overrides, dev_addr: str, *, full: bool) -> None:
    """Serve the site with MkDocs' live-reloading server, with the same settings as `build`."""
    from mkdocs.commands.serve import serve as mkdocs_serve
    from mkdocs.exceptions import MkDocsException

    address = _address(dev_addr)
    if settings.config_path is None:
        raise UsageError(f"no mkdocs.yml in {settings.root}")
    load_catalog(settings)
    use_session_overrides(overrides)
    try:
        with serving():
            mkdocs_serve(
                config_file=str(settings.config_path),
                dev_addr=address,
                livereload=True,
                build_type=None if full else "dirty",
            )
    except OSError as error:
        raise UsageError(f"cannot serve on {address}: {error.strerror or error}") from None
    except MkDocsException as error:
        raise OutputError(f"the site could not be served: {error}") from None
    finally:
        use_session_overrides(Overrides())


def _address(dev_addr: str) -> str:
    host, sep, port = dev_addr.rpartition(":")
    if not sep or not host or not port.isdigit() or not 1 <= int(port) <= 65535:
        raise UsageError(
            f"-a/--dev-addr must be HOST:PORT with a port from 1 to 65535, got '{dev_addr}'"
        )
    return f"{host}:{int(port)}"
