"""Profile mode: the generator's stages under cProfile, top functions by cumulative time."""

from __future__ import annotations

import cProfile
import datetime as dt
import io
import pstats
from pathlib import Path

from benchmarks.stages import forget_loaded_files
from generator.pipeline import fill_projects, load_catalog
from generator.render.pages import PageRenderer, render_site
from generator.render.projects import render_projects
from generator.resolve.site import resolve_site
from generator.settings import Settings

TOP = 30


def _run_stages(settings: Settings) -> int:
    catalog = load_catalog(settings)
    site = resolve_site(catalog.playbooks)
    renderer = PageRenderer(settings.templates_path)
    pages = render_site(site, renderer)
    pages.update(render_projects(fill_projects(settings, catalog), renderer))
    return len(pages)


def _table(profile: cProfile.Profile, sort: str, top: int) -> str:
    buffer = io.StringIO()
    stats = pstats.Stats(profile, stream=buffer)
    stats.strip_dirs().sort_stats(sort).print_stats(top)
    return buffer.getvalue()


def profile_generator(root: Path, today: dt.date, out: Path, title: str, top: int = TOP) -> Path:
    """Write ``out`` with the top functions by cumulative time (and by own time, for hotspots)."""
    settings = Settings(root=root, today=today)
    forget_loaded_files()
    profile = cProfile.Profile()
    profile.enable()
    pages = _run_stages(settings)
    profile.disable()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(
        f"Generator stages (load_catalog, resolve_site, render_site, fill_projects, "
        f"render_projects) under cProfile, {title}: {pages} generated files.\n"
        "cProfile slows Python code down, so compare functions with each other, not with the "
        "timings in report.md.\n\n"
        f"=== Top {top} by cumulative time ===\n"
        + _table(profile, "cumulative", top)
        + f"\n=== Top {top} by own time (tottime) ===\n"
        + _table(profile, "tottime", top),
        encoding="utf-8",
    )
    return out
