"""The generator's stages timed one by one, by calling its functions directly in this process."""

from __future__ import annotations

import datetime as dt
import gc
import importlib
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

from generator.pipeline import fill_projects, load_catalog
from generator.render.pages import PageRenderer, render_site
from generator.render.projects import render_projects
from generator.resolve.site import resolve_site
from generator.settings import Settings


@dataclass(frozen=True)
class StageTimes:
    load_validate: float  # read YAML, validate every playbook and project
    resolve: float  # cross-links, facet tags, page paths
    render_items: float  # every knowledge-base page (render_site)
    render_projects: float  # fill each project's checklist, render its page and downloads
    markdown_pages: int
    downloads: int

    @property
    def render(self) -> float:
        return self.render_items + self.render_projects

    @property
    def total(self) -> float:
        return self.load_validate + self.resolve + self.render


def time_stages(root: Path, today: dt.date, repeat: int = 3) -> StageTimes:
    """The median of ``repeat`` passes, stage by stage.

    Call ``_one_pass`` once on any organization first (``warm_up``), so that one-time costs
    (compiling templates, loading Markdown extensions) are not charged to the first size.
    """
    passes = [_one_pass(root, today) for _ in range(repeat)]
    return StageTimes(
        load_validate=statistics.median(p.load_validate for p in passes),
        resolve=statistics.median(p.resolve for p in passes),
        render_items=statistics.median(p.render_items for p in passes),
        render_projects=statistics.median(p.render_projects for p in passes),
        markdown_pages=passes[0].markdown_pages,
        downloads=passes[0].downloads,
    )


def warm_up(root: Path, today: dt.date) -> None:
    """One untimed pass: imports, template compilation and caches, paid once per process."""
    _one_pass(root, today)


def forget_loaded_files() -> None:
    """Empty the generator's cache of validated files (``generator.load.cache``, if present).

    Without this, every pass after the first would time a cache hit, not a load: the first
    load of a build (``playbook build``'s check) is the one that reads and validates.
    """
    try:
        module = importlib.import_module("generator.load.cache")
    except ModuleNotFoundError:
        return
    clear = getattr(module, "clear", None)
    if callable(clear):
        clear()


def _one_pass(root: Path, today: dt.date) -> StageTimes:
    """Load -> validate -> resolve -> render, as ``generate_pages`` runs it."""
    settings = Settings(root=root, today=today)
    forget_loaded_files()
    gc.collect()
    start = time.perf_counter()
    catalog = load_catalog(settings)
    loaded = time.perf_counter()
    site = resolve_site(catalog.playbooks)
    resolved = time.perf_counter()
    renderer = PageRenderer(settings.templates_path)
    pages = render_site(site, renderer)
    rendered = time.perf_counter()
    pages.update(render_projects(fill_projects(settings, catalog), renderer))
    done = time.perf_counter()
    markdown = sum(1 for path in pages if path.endswith(".md"))
    return StageTimes(
        load_validate=loaded - start,
        resolve=resolved - loaded,
        render_items=rendered - resolved,
        render_projects=done - rendered,
        markdown_pages=markdown,
        downloads=len(pages) - markdown,
    )
