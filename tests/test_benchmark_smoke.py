"""The performance benchmark runs end to end at a tiny size and reports every measure.

It runs as a subprocess, as people run it: the tests never import ``benchmarks/``, and the
benchmark drives Chromium through playwright's sync API, which cannot start while the browser
tests' session-wide playwright runs in this process. Timings are not judged here: a tiny site on
a busy machine says nothing about speed, only that every measure is taken and reported.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
# Every measure of one size; the scaling ones (build_2x, mkdocs_2x) need two sizes.
MEASURES = (
    "site_pages",
    "build_s",
    "mkdocs_s",
    "ratio",
    "generator_share_pct",
    "build_rss_mb",
    "mkdocs_rss_mb",
    "render_s",
    "stage_load_validate_s",
    "stage_resolve_s",
    "stage_render_s",
    "stage_exports_s",
    "stage_total_s",
    "search_first_result_s",
    "search_ready_s",
    "checklist_md_s",
    "checklist_csv_s",
    "checklist_ics_s",
    "edit_to_screen_s",
    "edit_project_s",
    "edit_page_s",
    "preview_items",
    "preview_update_ms",
    "kickoff_page_kb_gz",
)
MACHINE = ("commit", "cpu", "cores", "ram_gb", "python", "mkdocs", "material", "chromium")


@pytest.mark.browser
def test_benchmark_reports_every_measure_at_a_tiny_size(tmp_path: Path) -> None:
    command = ["-m", "benchmarks.run", "--quick", "--sizes", "30", "--projects", "2"]
    completed = subprocess.run(
        [sys.executable, *command, "--out", str(tmp_path)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-4000:]

    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert set(MEASURES) | {"build_2x", "mkdocs_2x"} == set(report["measures"])
    assert all(report["machine"].get(key) for key in MACHINE), report["machine"]
    [result] = report["results"]
    assert (result["items"], result["projects"]) == (30, 2)
    for key in MEASURES:
        value = result.get(key)
        assert isinstance(value, int | float) and not isinstance(value, bool), (key, value)
        # The share is a difference of two times: on a tiny site it may fall below zero.
        assert value > 0 or key == "generator_share_pct", (key, value)
    build, mkdocs = result["build_s"], result["mkdocs_s"]
    assert result["ratio"] == pytest.approx(build / mkdocs)
    assert result["generator_share_pct"] == pytest.approx(100 * (build - mkdocs) / build)
    assert result["stage_total_s"] >= sum(
        result[f"stage_{stage}_s"] for stage in ("load_validate", "resolve", "render", "exports")
    )

    rows = [line for line in completed.stdout.splitlines() if line.startswith("| ")]
    for spec in report["measures"].values():
        label = spec["label"][0].upper() + spec["label"][1:]
        assert sum(1 for row in rows if row.startswith(f"| {label} (")) == 1, label
