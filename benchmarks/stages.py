"""The generator's stages timed one by one, by calling its functions directly in this process."""

from __future__ import annotations

import datetime as dt
import gc
import time
from dataclasses import dataclass
from pathlib import Path

from generator.pipeline import fill_projects, load_catalog
from generator.render import PageRenderer, render_projects, render_site
from generator.resolve import resolve_site
from generator.workspace import Settings


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


def time_stages(root: Path, today: dt.date) -> StageTimes:
    """One pass of load -> validate -> resolve -> render, as ``generate_pages`` runs it."""
    settings = Settings(root=root, today=today)
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
