"""Material's search box, typed into by a real Chromium, finds playbook items."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.support.browser import PageLog, open_page, outside_site, search

pytestmark = pytest.mark.browser

DT = "playbooks/digital-transformation"


def test_search_finds_a_case_study(page: Page, site_url: str) -> None:
    hits = search(page, site_url, "retailer e-commerce")
    titles = [hit.title for hit in hits[:3]]
    assert "E-commerce expansion for a retailer" in titles, titles


def test_search_finds_a_practice_by_its_words(page: Page, site_url: str) -> None:
    hits = search(page, site_url, "monitor progress")
    titles = [hit.title for hit in hits[:3]]
    assert "Monitor progress continuously" in titles, titles


def test_pages_request_nothing_outside_the_site(
    page: Page, page_log: PageLog, site_url: str
) -> None:
    open_page(page, f"{site_url}{DT}/risks/legacy-integration/")
    assert page_log.requests[0] == f"{site_url}{DT}/risks/legacy-integration/"
    assert outside_site(page_log.requests, site_url) == []
