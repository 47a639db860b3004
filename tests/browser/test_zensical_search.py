"""Search on the site `playbook build --engine zensical` builds from the repository, in a real
Chromium: typing a term shows results, and opening one lands on its page.

Our theme overrides (overrides/) reach Zensical too, through the tree `playbook render` writes.
A copy of Material's search partial there once broke Zensical's search (Material's form beside
Zensical's own, "Initializing search" forever); the overrides now leave Zensical's search as
Zensical made it, and still name Material's search dialog on MkDocs (axe: aria-dialog-name)."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from generator import pipeline
from tests.conftest import BUILD_TODAY, REPO, SAMPLE
from tests.support.browser import open_page, serve_folder
from tests.support.files import replace_in
from tests.support.project import project_settings

pytestmark = pytest.mark.browser

RISK = "Integration with legacy systems is harder than planned"
# Zensical builds without directory URLs (see generator.publish.engines._zensical).
RISK_PAGE = "playbooks/digital-transformation/risks/legacy-integration.html"


@pytest.fixture(scope="module")
def zensical_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = tmp_path_factory.mktemp("zensical") / "site"
    settings = project_settings(REPO, today=BUILD_TODAY)
    pipeline.build(settings, base=REPO, site_dir=str(site), engine="zensical")
    with serve_folder(site) as url:
        yield url


def open_search(page: Page, site: str) -> None:
    open_page(page, site)
    page.locator(".md-search__button").click()
    # Zensical's own dialog (the header's search element is a dialog too, by name).
    expect(page.locator("dialog[aria-label='Search']")).to_be_visible()


def test_typing_a_term_shows_results_and_opening_one_lands_on_its_page(
    page: Page, zensical_url: str
) -> None:
    open_search(page, zensical_url)
    page.get_by_role("combobox", name="Search").press_sequentially("legacy integration", delay=20)
    results = page.get_by_role("option")
    expect(results.first).to_be_visible(timeout=15_000)
    found = page.get_by_role("option", name=re.compile(re.escape(RISK)))
    expect(found.first).to_be_visible()
    with page.expect_navigation():
        found.first.click()
    page.wait_for_load_state("networkidle")
    assert page.url.split("?")[0].split("#")[0] == zensical_url + RISK_PAGE
    expect(page.locator("article h1")).to_have_text(re.compile(re.escape(RISK)))


def test_the_header_holds_zensicals_search_and_nothing_of_materials(
    page: Page, zensical_url: str
) -> None:
    open_page(page, zensical_url)
    expect(page.locator(".md-search__button")).to_be_visible()
    assert page.locator(".md-search__form, .md-search-result").count() == 0
    expect(page.get_by_text("Initializing search")).to_have_count(0)


def test_the_offline_zensical_site_searches_from_files(page: Page, tmp_path: Path) -> None:
    # The sample project, with the repository's theme overrides.
    project = tmp_path / "project"
    shutil.copytree(SAMPLE, project)
    shutil.copytree(REPO / "overrides", project / "overrides")
    replace_in(project / "mkdocs.yml", "theme:\n", "theme:\n  custom_dir: overrides\n")
    settings = project_settings(project, today=BUILD_TODAY)
    site = pipeline.build(
        settings, base=project, site_dir=str(tmp_path / "site"), engine="zensical", offline=True
    ).site
    page.goto((site / "index.html").as_uri())
    page.locator(".md-search__button").click()
    page.get_by_role("combobox", name="Search").press_sequentially("cut-over", delay=20)
    found = page.get_by_role("option", name=re.compile("Core banking cut-over fails"))
    expect(found.first).to_be_visible(timeout=15_000)
    with page.expect_navigation():
        found.first.click()
    landed = site / "playbooks" / "sample" / "risks" / "banking-cutover.html"
    assert page.url.split("?")[0] == landed.as_uri()
    expect(page.locator("article h1")).to_have_text(re.compile("Core banking cut-over fails"))


def test_materials_search_dialog_on_mkdocs_has_a_name(page: Page, site_url: str) -> None:
    open_page(page, site_url)
    dialog = page.locator('[data-md-component="search"]')
    assert dialog.get_attribute("role") == "dialog"
    assert dialog.get_attribute("aria-label") == "Search"
    assert page.locator(".md-search__form").count() == 1  # Material's own search, on MkDocs
