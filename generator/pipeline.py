"""The whole pipeline, load -> validate -> resolve -> render -> publish, one call per command."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from generator.atomic import atomic_directory
from generator.checklist import FilledProject, fill
from generator.errors import ContentError, OutputError, Problem, UsageError, counted
from generator.load_cache import cached, fingerprint
from generator.output_guard import guard_output_folder
from generator.paths import (
    display_path,
    is_inside,
    outside_problem,
    safe_files,
    safe_folders,
    tree_problems,
)
from generator.projects import Project, validate_project
from generator.publish import build_site, render_tree
from generator.render import PageRenderer, render_projects, render_site
from generator.resolve import resolve_site
from generator.schemas import holds_only_schemas, schema_texts
from generator.settings import Overrides, Settings, use_session_overrides
from generator.validation import Playbook, PlaybookCheck, check_playbook


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
        stamp = fingerprint(list(folder.glob("*.y*ml")))
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
    return CatalogCheck(Catalog(playbooks, valid_projects), tuple(problems), tuple(notes))


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


def fill_projects(settings: Settings, catalog: Catalog) -> tuple[FilledProject, ...]:
    today = settings.today or dt.date.today()
    return tuple(fill(project, today) for project in catalog.projects)


def generate_pages(
    settings: Settings, catalog: Catalog | None = None, renderer: PageRenderer | None = None
) -> dict[str, str]:
    """Every generated file (Markdown pages and checklist downloads), keyed by docs path."""
    catalog = catalog or load_catalog(settings)
    site = resolve_site(catalog.playbooks)
    renderer = renderer or PageRenderer(settings.templates_path, settings.root)
    pages = render_site(site, renderer)
    pages.update(render_projects(fill_projects(settings, catalog), renderer))
    return pages


def validate(settings: Settings) -> str:
    """Check every playbook, project and template; a one-line summary when all is well.

    Everything is reported in one run: the valid playbooks and projects are rendered even when
    others have problems, so template problems show up alongside content problems.
    """
    check = check_catalog(settings)
    problems = list(check.problems)
    renderer = PageRenderer(settings.templates_path, settings.root, collect=True)
    problems.extend(renderer.check_overrides())
    try:
        generate_pages(settings, check.catalog, renderer)
    except ContentError as error:  # fill-in text of a project
        problems.extend(error.problems)
    problems.extend(renderer.problems.values())
    if problems:
        raise ContentError(problems, check.notes)
    catalog = check.catalog
    items = sum(len(playbook.items) for playbook in catalog.playbooks)
    return (
        f"OK: {counted(len(catalog.playbooks), 'playbook')}, {counted(items, 'item')}, "
        f"{counted(len(catalog.projects), 'project')}."
    )


def build(
    settings: Settings,
    site_dir: str | None,
    *,
    base: Path,
    force: bool = False,
    strict: bool = True,
    offline: bool = False,
) -> Path:
    """Validate, render and build the site into ``site_dir`` (or mkdocs.yml's ``site_dir``)."""
    if site_dir is not None:
        target = guard_output_folder(
            settings, site_dir, option="--site-dir", force=force, base=base
        )
    else:
        target = guard_output_folder(
            settings, settings.site_dir, option="site_dir (mkdocs.yml)", force=force
        )
    pages = generate_pages(settings)
    build_site(settings, target, pages, strict=strict, offline=offline)
    return target


def render(settings: Settings, out: str, *, base: Path, force: bool = False) -> tuple[Path, int]:
    """Write the plugin-free Markdown tree into ``out``; its folder and page count."""
    target = guard_output_folder(settings, out, option="--out", force=force, base=base)
    pages = generate_pages(settings)
    return target, render_tree(settings, target, pages)


def schema(settings: Settings, out: str, *, base: Path, force: bool = False) -> list[Path]:
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
    return [target / name for name in texts]


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
