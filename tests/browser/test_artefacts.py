"""Artefact templates in Chromium, in both colour schemes: a template's page with its preview,
the kind's index, the Templates section of a project's page and the project's printable page of
filled-in documents have no serious or critical accessibility violation and load cleanly; the
section's links lead to each document and to its downloads."""

from __future__ import annotations

from typing import Literal

import pytest
from playwright.sync_api import Page

from tests.support.browser import PageLog, open_page, outside_site, serious_violations
from tests.support.fixtures import STARTER_TEMPLATES

pytestmark = pytest.mark.browser

Scheme = Literal["light", "dark"]
SCHEMES: dict[Scheme, str] = {"light": "default", "dark": "slate"}  # -> Material's scheme
DT = "playbooks/digital-transformation"
SLUG = "core-banking-revamp"
PAGES = {
    "template": f"{DT}/templates/raci-matrix/",
    "index": f"{DT}/templates/",
    "project": f"projects/{SLUG}/",
}
DOCUMENTS = f"projects/{SLUG}/templates/{SLUG}-templates.html"
TEMPLATES = STARTER_TEMPLATES


@pytest.mark.parametrize("scheme", list(SCHEMES))
@pytest.mark.parametrize("path", list(PAGES.values()), ids=list(PAGES))
def test_the_pages_of_templates_have_no_serious_accessibility_violation(
    page: Page, page_log: PageLog, site_url: str, axe_source: str, path: str, scheme: Scheme
) -> None:
    page.emulate_media(color_scheme=scheme)
    open_page(page, site_url + path)
    assert page.evaluate("document.body.dataset.mdColorScheme") == SCHEMES[scheme]
    assert serious_violations(page, axe_source, f"{scheme}: {path}") == []
    assert page_log.errors == []
    assert page_log.failed == []
    assert outside_site(page_log.requests, site_url) == []


def test_a_template_page_shows_its_preview_in_a_frame_that_fits_the_page(
    page: Page, site_url: str
) -> None:
    open_page(page, site_url + PAGES["template"])
    preview = page.get_by_role("region", name="Preview of RACI matrix")
    assert preview.is_visible()
    # A column per role, and the tables fit the frame rather than scroll.
    header = preview.locator("table").nth(1).locator("th")
    assert header.all_inner_texts()[:4] == [
        "Task",
        "Due",
        "Executive sponsor",
        "Programme / project manager",
    ]
    assert page.evaluate(
        """() => Array.from(document.querySelectorAll('.pb-artefact table')).every(
            table => table.scrollWidth <= table.parentElement.clientWidth)"""
    )
    source = page.locator("details.pb-artefact-source")
    assert not source.locator("pre").is_visible()
    source.locator("summary").click()
    assert "{% for phase in phases %}" in source.locator("pre").inner_text()


def test_the_projects_section_leads_to_each_document_and_its_downloads(
    page: Page, site_url: str
) -> None:
    open_page(page, site_url + PAGES["project"])
    section = page.locator("table", has=page.get_by_role("link", name="RACI matrix"))
    rows = section.locator("tbody tr")
    assert rows.count() == 6
    for index, template in enumerate(TEMPLATES):
        row = rows.nth(index)
        document, word, markdown = (link for link in row.locator("a").all())
        assert document.get_attribute("href") == f"templates/{SLUG}-templates.html#{template}"
        assert word.get_attribute("download") == f"{SLUG}-{template}.docx"
        assert markdown.get_attribute("download") == f"{SLUG}-{template}.md"
        for link in (word, markdown):
            href = link.get_attribute("href")
            assert href is not None
            response = page.request.get(site_url + PAGES["project"] + href)
            assert response.status == 200, href
    page.get_by_role("link", name="RACI matrix").click()
    page.wait_for_load_state("load")
    assert page.url == site_url + DOCUMENTS + "#raci-matrix"
    assert page.locator("#raci-matrix h2").inner_text() == "RACI matrix"


@pytest.mark.parametrize("scheme", list(SCHEMES))
def test_the_printable_documents_have_no_serious_accessibility_violation(
    page: Page, page_log: PageLog, site_url: str, axe_source: str, scheme: Scheme
) -> None:
    page.emulate_media(color_scheme=scheme)
    open_page(page, site_url + DOCUMENTS)
    assert page.get_by_role("heading", level=1).inner_text() == "Core Banking Revamp: templates"
    assert page.locator("article").evaluate_all("articles => articles.map(a => a.id)") == (
        TEMPLATES
    )
    assert serious_violations(page, axe_source, f"{scheme}: printable documents") == []
    # Inline CSS only: the page fetched nothing but itself.
    assert page_log.requests == [site_url + DOCUMENTS]
    assert page_log.errors == []


def test_each_document_starts_a_new_sheet_when_printed(page: Page, site_url: str) -> None:
    open_page(page, site_url + DOCUMENTS)
    page.emulate_media(media="print")
    breaks = page.locator("article").evaluate_all(
        "articles => articles.map(a => getComputedStyle(a).breakBefore)"
    )
    assert breaks == ["auto"] + ["page"] * 5
    assert page.locator("nav").evaluate("nav => getComputedStyle(nav).display") == "none"
