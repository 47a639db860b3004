"""The performance targets, each an upper limit on one measure."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Target:
    measure: str  # key in benchmarks.measures.MEASURES
    label: str
    limit: float

    def met(self, value: float | None) -> bool | None:
        """True or False; None when the measure was not taken (e.g. --skip-browser)."""
        return None if value is None else value <= self.limit


TARGETS: tuple[Target, ...] = (
    Target("build_s", "Full build ≤ 40 s", 40.0),
    Target("generator_share_pct", "Generator's share of the build ≤ 10 %", 10.0),
    Target("peak_rss_mb", "Peak RSS ≤ 500 MB", 500.0),
    Target("avg_page_html_kb", "Average page HTML ≤ 100 kB", 100.0),
    Target("search_index_vs_stock_pct", "Search index ≤ 50 % of stock Material's", 50.0),
    Target("first_search_result_s", "First search result in Chromium ≤ 1 s", 1.0),
    Target("checklist_cli_s", "`playbook checklist` for one project ≤ 0.5 s", 0.5),
    Target("scaling_2x", "2x content costs ≤ 2.1x time", 2.1),
)
