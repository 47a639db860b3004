"""Material's search box, typed into by a real Chromium, finds playbook items."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def _search(page: Page, site_url: str, query: str) -> list[str]:
    page.goto(site_url)
    page.locator("input.md-search__input").click()
    # Material shows "Initializing search" until its worker has loaded the index.
    page.wait_for_function(
        "() => !document.querySelector('.md-search-result__meta')"
        ".textContent.includes('Initializing')",
        timeout=15_000,
    )
    # Type key by key: Material reads the query on keyup, as it would for a person.
    page.locator("input.md-search__input").press_sequentially(query, delay=10)
    results = page.locator(".md-search-result__item")
    expect(results.first).to_be_visible(timeout=15_000)
    return [
        text.strip() for text in page.locator(".md-search-result__article h1").all_inner_texts()
    ]


def test_search_finds_a_case_study(page: Page, site_url: str) -> None:
    titles = _search(page, site_url, "retailer e-commerce")
    assert any("retailer" in title.lower() for title in titles[:3]), titles


def test_search_finds_a_practice_by_its_words(page: Page, site_url: str) -> None:
    titles = _search(page, site_url, "monitor progress")
    assert any(
        "monitor" in title.lower() and "progress" in title.lower() for title in titles[:3]
    ), titles


def test_pages_request_nothing_outside_the_site(page: Page, site_url: str) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(site_url + "playbooks/digital-transformation/risks/legacy-integration/")
    page.wait_for_load_state("networkidle")
    assert requested, "the page made no request at all"
    assert all(url.startswith(site_url) or url.startswith("data:") for url in requested), requested
