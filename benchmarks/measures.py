"""Every measure the benchmark reports: its key in report.json, its unit and what it means.

Units are decimal: 1 kB = 1,000 bytes, 1 MB = 1,000,000 bytes.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Measure:
    key: str
    label: str
    unit: str
    meaning: str


MEASURES: tuple[Measure, ...] = (
    Measure("pages", "Site pages", "pages", "HTML pages built (every index.html and 404.html)."),
    Measure("items", "Playbook items", "items", "Items in all playbooks (each has its own page)."),
    Measure("projects", "Projects", "projects", "Project files (each has a page and 5 downloads)."),
    Measure(
        "build_s",
        "Full build",
        "s",
        "Wall time of `playbook build` (validate, then MkDocs with the plugin) in a fresh "
        "process, start-up included.",
    ),
    Measure(
        "peak_rss_mb",
        "Peak RSS of the build",
        "MB",
        "Largest resident memory of the build process (os.wait4 ru_maxrss).",
    ),
    Measure(
        "generator_in_build_s",
        "Generator time inside the build",
        "s",
        "Time the build spent in the generator's functions (load_catalog, generate_pages, ...), "
        "timed inside the build process, every call counted.",
    ),
    Measure(
        "generator_share_pct",
        "Generator's share of the build",
        "%",
        "Generator time inside the build / full build time.",
    ),
    Measure(
        "load_catalog_calls",
        "load_catalog calls per build",
        "calls",
        "How many times one `playbook build` loads and validates every file.",
    ),
    Measure(
        "stage_load_validate_s",
        "Stage: load + validate",
        "s",
        "pipeline.load_catalog called directly: read YAML, validate playbooks and projects.",
    ),
    Measure(
        "stage_resolve_s",
        "Stage: resolve",
        "s",
        "resolve.resolve_site called directly: cross-links, facet tags, page paths.",
    ),
    Measure(
        "stage_render_s",
        "Stage: render",
        "s",
        "render.render_site + fill_projects + render.render_projects called directly.",
    ),
    Measure(
        "stage_render_projects_s",
        "Stage: render, projects part",
        "s",
        "The projects' share of the render stage: fill checklists, render project pages and "
        "every download (CSV, JSON, ICS, HTML, Markdown).",
    ),
    Measure(
        "stage_total_s",
        "Stages total",
        "s",
        "load + validate + resolve + render, once each (what generate_pages does).",
    ),
    Measure("site_mb", "Site size", "MB", "Bytes of every file in the built site."),
    Measure("site_files", "Site files", "files", "Files in the built site."),
    Measure(
        "avg_page_html_kb",
        "Average page HTML",
        "kB",
        "Mean size of the HTML pages (assets, downloads and the search index excluded).",
    ),
    Measure(
        "largest_page_html_kb", "Largest page HTML", "kB", "The biggest HTML page (see details)."
    ),
    Measure("search_index_kb", "Search index", "kB", "site/search/search_index.json, raw bytes."),
    Measure(
        "search_index_gzip_kb",
        "Search index, gzipped",
        "kB",
        "The same, gzip level 6 (what a web server sends).",
    ),
    Measure("search_docs", "Search index entries", "entries", "Entries (pages and page sections)."),
    Measure(
        "stock_search_index_kb",
        "Stock search index",
        "kB",
        "Search index of the same pages built by stock Material (`playbook render`, front matter "
        "`search:` settings removed, `mkdocs build`).",
    ),
    Measure(
        "stock_search_index_gzip_kb", "Stock search index, gzipped", "kB", "The same, gzipped."
    ),
    Measure("stock_search_docs", "Stock search index entries", "entries", "Its entries."),
    Measure(
        "search_index_vs_stock_pct",
        "Search index vs stock",
        "%",
        "Our search index size / stock Material's for the same pages (raw bytes).",
    ),
    Measure(
        "search_index_gzip_vs_stock_pct",
        "Search index vs stock, gzipped",
        "%",
        "The same ratio on gzipped sizes.",
    ),
    Measure(
        "stock_build_s",
        "Stock build of the same pages",
        "s",
        "Wall time of `mkdocs build` on the rendered Markdown tree (no playbook plugin).",
    ),
    Measure(
        "checklist_cli_s",
        "`playbook checklist` (CLI)",
        "s",
        "Median of 5 runs of `playbook checklist PROJECT --format csv` in a fresh process, for "
        "a project of the biggest playbook (start-up included).",
    ),
    Measure(
        "checklist_in_process_s",
        "Checklist, in process",
        "s",
        "Median of 5 calls of load_filled + export(csv), modules already imported.",
    ),
    Measure("checklist_rows", "Checklist rows", "rows", "Applicable tasks and risks exported."),
    Measure(
        "checklist_playbook_items",
        "Items of the checklist's playbook",
        "items",
        "Size of the playbook the checklist is built from.",
    ),
    Measure(
        "search_ready_s",
        "Search ready after page load",
        "s",
        "Median time from navigation start to Material's search index being loaded.",
    ),
    Measure(
        "first_search_result_s",
        "First search result in Chromium",
        "s",
        "Median, over 5 queries, of first keystroke -> first `.md-search-result__item` painted.",
    ),
    Measure(
        "scaling_2x",
        "Cost of 2x content (build)",
        "x",
        "Build time growth for twice the pages: 2^k, where k = ln(t2/t1) / ln(n2/n1) between "
        "this size and the next smaller one (a half-size build when there is none).",
    ),
    Measure(
        "scaling_2x_generator",
        "Cost of 2x content (generator stages)",
        "x",
        "The same for the generator's stages total.",
    ),
)
MEASURES_BY_KEY = {measure.key: measure for measure in MEASURES}
