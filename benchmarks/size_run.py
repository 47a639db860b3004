"""Every measure for one size: generate the organization, time it, build it, weigh it, use it."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from benchmarks.browser_search import SearchLatency, measure_search
from benchmarks.checklist_latency import ChecklistLatency, measure_checklist
from benchmarks.sitestats import SiteStats, site_stats
from benchmarks.stages import StageTimes, time_stages
from benchmarks.stock import StockBuild, build_stock
from benchmarks.synthetic import TODAY, Organization, write_organization
from benchmarks.timed_build import BuildRun, run_timed_build

MB, KB = 1e6, 1e3
Log = Callable[[str], None]


@dataclass(frozen=True)
class SizeResult:
    label: str
    org: Organization
    stages: StageTimes
    build: BuildRun
    site: SiteStats
    stock: StockBuild
    checklist: ChecklistLatency
    search: SearchLatency | None  # None with --skip-browser

    def measures(self) -> dict[str, float | None]:
        """The numbers of report.json, by measure key (scaling is added by the caller)."""
        build, site, stock = self.build, self.site, self.stock
        return {
            "pages": site.pages,
            "items": self.org.layout.items,
            "projects": len(self.org.project_slugs),
            "build_s": build.wall_seconds,
            "peak_rss_mb": build.peak_rss_bytes / MB,
            "generator_in_build_s": build.generator_seconds,
            "generator_share_pct": 100 * build.generator_seconds / build.wall_seconds,
            "load_catalog_calls": build.calls.get("load_catalog", 0),
            "stage_load_validate_s": self.stages.load_validate,
            "stage_resolve_s": self.stages.resolve,
            "stage_render_s": self.stages.render,
            "stage_render_projects_s": self.stages.render_projects,
            "stage_total_s": self.stages.total,
            "site_mb": site.bytes / MB,
            "site_files": site.files,
            "avg_page_html_kb": site.average_page_bytes / KB,
            "largest_page_html_kb": site.largest_page_bytes / KB,
            "search_index_kb": site.search.raw_bytes / KB,
            "search_index_gzip_kb": site.search.gzip_bytes / KB,
            "search_docs": site.search.documents,
            "stock_search_index_kb": stock.search.raw_bytes / KB,
            "stock_search_index_gzip_kb": stock.search.gzip_bytes / KB,
            "stock_search_docs": stock.search.documents,
            "search_index_vs_stock_pct": 100 * site.search.raw_bytes / stock.search.raw_bytes,
            "search_index_gzip_vs_stock_pct": (
                100 * site.search.gzip_bytes / stock.search.gzip_bytes
            ),
            "stock_build_s": stock.build_seconds,
            "checklist_cli_s": self.checklist.cli_median,
            "checklist_in_process_s": self.checklist.in_process_median,
            "checklist_rows": self.checklist.rows,
            "checklist_playbook_items": self.checklist.playbook_items,
            "search_ready_s": self.search.ready_median if self.search else None,
            "first_search_result_s": self.search.first_result_median if self.search else None,
        }

    def details(self) -> dict[str, object]:
        """What the numbers were taken on, for readers of report.json."""
        return {
            "organization": {
                "playbooks": len(self.org.playbook_ids),
                "items_per_playbook": list(self.org.layout.playbook_items),
                "projects": len(self.org.project_slugs),
                "expected_pages": self.org.layout.expected_pages,
            },
            "checklist_project": self.checklist.project,
            "checklist_cli_runs_s": list(self.checklist.cli_seconds),
            "checklist_in_process_runs_s": list(self.checklist.in_process_seconds),
            "build_calls": self.build.calls,
            "build_seconds_by_function": self.build.seconds,
            "generated_markdown_pages": self.stages.markdown_pages,
            "generated_downloads": self.stages.downloads,
            "largest_page": self.site.largest_page,
            "stock_pages_with_search_settings_removed": self.stock.pages_stripped,
            "search_queries": [
                {
                    "query": timing.query,
                    "ready_s": timing.ready_seconds,
                    "first_result_s": timing.first_result_seconds,
                    "typing_s": timing.typing_seconds,
                }
                for timing in (self.search.timings if self.search else ())
            ],
            "chromium": self.search.chromium_version if self.search else None,
        }


def measure_size(
    label: str, pages: int, work: Path, *, seed: int, browser: bool, builds: int, log: Log
) -> SizeResult:
    """Run every measure on a fresh organization of ``pages`` pages inside ``work``.

    The build runs ``builds`` times; the run with the median wall time is kept.
    """
    work.mkdir(parents=True, exist_ok=True)
    log(f"[{label}] generating an organization of {pages} pages")
    org = write_organization(work / "org", pages, seed)
    log(f"[{label}] timing the generator's stages")
    stages = time_stages(org.root, TODAY)
    log(f"[{label}] building the site (playbook build) x{builds}")
    build = median_build(org.root, work, builds)
    site = site_stats(work / "site")
    log(f"[{label}] building the same pages with stock Material")
    stock = build_stock(org.root, work / "stock")
    shutil.rmtree(work / "stock")
    log(f"[{label}] timing `playbook checklist {org.checklist_project}`")
    checklist = measure_checklist(org.root, org.checklist_project, TODAY)
    search = None
    if browser:
        log(f"[{label}] timing search in Chromium")
        search = measure_search(work / "site")
    return SizeResult(label, org, stages, build, site, stock, checklist, search)


def median_build(root: Path, work: Path, builds: int) -> BuildRun:
    runs = [
        run_timed_build(root, work / "site", TODAY, work / "build-timings.json")
        for _ in range(builds)
    ]
    return sorted(runs, key=lambda run: run.wall_seconds)[(len(runs) - 1) // 2]


def build_seconds_only(
    pages: int, work: Path, *, seed: int, builds: int
) -> tuple[int, float, float]:
    """A smaller organization, for scaling: (pages, build wall time, generator stages)."""
    org = write_organization(work / "org", pages, seed)
    stages = time_stages(org.root, TODAY)
    build = median_build(org.root, work, builds)
    return site_stats(work / "site").pages, build.wall_seconds, stages.total
