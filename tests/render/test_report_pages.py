"""generator.render.report: every project's status report page on the site, with its printable
HTML copy, kept out of search; the organization's templates override it like any page."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import yaml

from generator.pipeline import generate_pages, load_catalog
from tests.conftest import REPO, SAMPLE
from tests.support.project import project_settings

TODAY = dt.date(2027, 3, 1)


def _front_matter(page: str) -> dict[str, object]:
    head, _, _ = page.removeprefix("---\n").partition("\n---\n")
    loaded = yaml.safe_load(head)
    assert isinstance(loaded, dict)
    return loaded


def test_every_project_has_a_report_page_and_its_printable_copy() -> None:
    settings = project_settings(REPO, today=TODAY)
    slugs = sorted(project.slug for project in load_catalog(settings).projects)
    assert len(slugs) >= 3
    pages = generate_pages(settings)
    reports = sorted(path for path in pages if path.endswith("/report.md"))
    copies = sorted(path for path in pages if path.endswith("-status-report.html"))
    assert reports == [f"projects/{slug}/report.md" for slug in slugs]
    assert copies == [f"projects/{slug}/{slug}-status-report.html" for slug in slugs]
    for slug in slugs:
        page = pages[f"projects/{slug}/report.md"]
        assert isinstance(page, str)
        # A week before the build's today, linking back to the project and to its copy.
        assert "since the last report on 2027-02-22." in page
        assert (
            f"[Back to the project's page](index.md) · "
            f"[Printable version (HTML)]({slug}-status-report.html)"
        ) in page
        copy = pages[f"projects/{slug}/{slug}-status-report.html"]
        assert isinstance(copy, str) and copy.startswith("<!doctype html>")


def test_the_report_page_is_kept_out_of_search() -> None:
    page = generate_pages(project_settings(SAMPLE, today=TODAY))["projects/harbour-bank/report.md"]
    assert isinstance(page, str)
    assert _front_matter(page) == {
        "title": "Harbour Bank \u2039b\u203aCore\u2039/b\u203a Renewal: status report",
        "search": {"exclude": True},
    }


def test_an_override_template_writes_the_report(sample_project: Path) -> None:
    templates = sample_project / "templates"
    templates.mkdir()
    (templates / "report.md.j2").write_text(
        "# {{ report.filled.project.name }}: {{ report.filled.health.rag }}\n", encoding="utf-8"
    )
    pages = generate_pages(project_settings(sample_project, today=TODAY, templates_dir="templates"))
    assert pages["projects/harbour-bank/report.md"] == (
        "# Harbour Bank &lt;b&gt;Core&lt;/b&gt; Renewal: red\n"
    )


def test_the_built_site_has_the_report_pages_out_of_its_search_index(shipped_site: Path) -> None:
    folder = shipped_site / "projects" / "core-banking-revamp"
    page = (folder / "report" / "index.html").read_text(encoding="utf-8")
    assert "<h1" in page and "Core Banking Revamp: status report" in page
    assert 'href="../core-banking-revamp-status-report.html"' in page
    copy = folder / "core-banking-revamp-status-report.html"
    assert copy.read_text(encoding="utf-8").startswith("<!doctype html>")
    index = json.loads((shipped_site / "search" / "search_index.json").read_text("utf-8"))
    locations = [doc["location"] for doc in index["docs"]]
    assert any(location.startswith("projects/core-banking-revamp/") for location in locations)
    assert [location for location in locations if "/report/" in location] == []
