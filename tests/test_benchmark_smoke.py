"""The performance benchmark runs end to end at a tiny size, browser measure included.

It runs in a child process: the benchmark drives Chromium through playwright's sync API, which
cannot start while the browser tests' session-wide playwright is running in this process.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from benchmarks.measures import MEASURES
from benchmarks.presets import PRESETS, layout_for
from benchmarks.scaling import doubling_cost
from benchmarks.stock import strip_search_settings
from benchmarks.synthetic import write_organization
from benchmarks.targets import TARGETS
from generator.cli import main
from tests.conftest import REPO


@pytest.mark.browser
def test_benchmark_runs_at_tiny_size_and_reports_every_measure(tmp_path: Path) -> None:
    out = tmp_path / "out"
    completed = subprocess.run(
        [sys.executable, "-m", "benchmarks.run", "--size", "tiny", "--out", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-4000:]

    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["sizes"] == ["tiny"]
    values = report["measures"]["tiny"]
    for measure in MEASURES:
        value = values.get(measure.key)
        assert isinstance(value, int | float) and not isinstance(value, bool), (measure.key, value)
    assert values["pages"] >= 55
    assert values["first_search_result_s"] > 0
    assert values["checklist_rows"] > 0
    assert [target["measure"] for target in report["targets"]] == [t.measure for t in TARGETS]
    assert all(isinstance(t["met_at_judged_size"], bool) for t in report["targets"])

    markdown = (out / "report.md").read_text(encoding="utf-8")
    rows = [line for line in markdown.splitlines() if line.startswith("| ")]
    for target in TARGETS:
        assert sum(1 for row in rows if row.startswith(f"| {target.label} |")) == 1, target.label


def test_synthetic_organization_validates_and_has_the_planned_pages(tmp_path: Path) -> None:
    org = write_organization(tmp_path / "org", 60)
    assert org.layout == layout_for(60)
    result = CliRunner().invoke(main, ["--root", str(org.root), "validate"])
    assert result.exit_code == 0, result.output
    assert f"{org.layout.items} items" in result.output
    again = write_organization(tmp_path / "again", 60)
    for path in sorted(org.root.rglob("*.yaml")):
        twin = again.root / path.relative_to(org.root)
        assert path.read_bytes() == twin.read_bytes(), path  # same seed, same files


@pytest.mark.parametrize("size", sorted(PRESETS))
def test_each_preset_lays_out_exactly_its_page_count(size: str) -> None:
    layout = layout_for(PRESETS[size])
    assert layout.expected_pages == PRESETS[size]
    if PRESETS[size] >= 1000:
        assert layout.playbook_items[0] == 500  # the checklist is timed on a 500-item playbook


def test_doubling_cost_is_the_time_ratio_for_twice_the_pages() -> None:
    assert doubling_cost(1000, 10.0, 2000, 21.0) == pytest.approx(2.1)
    assert doubling_cost(2000, 20.0, 5000, 50.0) == pytest.approx(2.0)  # linear


def test_stock_copy_drops_only_the_search_settings() -> None:
    page = '---\ntags: ["budget"]\nsearch:\n  boost: 2\n---\n# Title\n'
    assert strip_search_settings(page) == "---\ntags:\n- budget\n---\n# Title\n"
    assert strip_search_settings("---\nsearch:\n  exclude: true\n---\n# T\n") == "# T\n"
    assert strip_search_settings("# No front matter\n") is None
    assert strip_search_settings("## How { data-search-exclude }\n\nText\n") == "## How\n\nText\n"
