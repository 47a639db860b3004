"""A project's status report in Chromium, in both colour schemes: its page on the site and its
standalone HTML copy (what `playbook report --format html` writes) have no serious or critical
accessibility violation, load cleanly, and the copy requests nothing but itself."""

from __future__ import annotations

from typing import Literal

import pytest
from playwright.sync_api import Page

from tests.support.browser import PageLog, open_page, outside_site, serious_violations

pytestmark = pytest.mark.browser

Scheme = Literal["light", "dark"]
SCHEMES: dict[Scheme, str] = {"light": "default", "dark": "slate"}  # -> Material's scheme
# The standalone report's page colour in each scheme (its inline CSS).
PAPER = {"light": "rgb(255, 255, 255)", "dark": "rgb(18, 18, 18)"}
SLUG = "core-banking-revamp"
REPORT_PAGE = f"projects/{SLUG}/report/"
REPORT_COPY = f"projects/{SLUG}/{SLUG}-status-report.html"
BACKGROUND = "getComputedStyle(document.body).backgroundColor"


@pytest.mark.parametrize("scheme", list(SCHEMES))
def test_the_report_page_has_no_serious_accessibility_violation(
    page: Page, page_log: PageLog, site_url: str, axe_source: str, scheme: Scheme
) -> None:
    page.emulate_media(color_scheme=scheme)
    open_page(page, site_url + REPORT_PAGE)
    assert page.evaluate("document.body.dataset.mdColorScheme") == SCHEMES[scheme]
    title = page.get_by_role("heading", level=1).inner_text()
    assert title.removesuffix("¶") == "Core Banking Revamp: status report"  # and its permalink
    assert page.get_by_role("heading", level=2, name="Top risks").is_visible()
    assert serious_violations(page, axe_source, f"{scheme}: report page") == []
    assert page_log.errors == []
    assert page_log.failed == []
    assert outside_site(page_log.requests, site_url) == []


@pytest.mark.parametrize("scheme", list(SCHEMES))
def test_the_standalone_report_has_no_serious_accessibility_violation(
    page: Page, page_log: PageLog, site_url: str, axe_source: str, scheme: Scheme
) -> None:
    page.emulate_media(color_scheme=scheme)
    open_page(page, site_url + REPORT_COPY)
    assert page.evaluate(BACKGROUND) == PAPER[scheme]
    assert page.get_by_role("heading", level=1).count() == 1
    assert page.get_by_role("columnheader", name="Trend").is_visible()
    assert page.get_by_role("rowheader").count() == 5  # the top five risks
    assert serious_violations(page, axe_source, f"{scheme}: standalone report") == []
    # Inline CSS only: the page fetched nothing but itself.
    assert page_log.requests == [site_url + REPORT_COPY]
    assert page_log.errors == []


def test_the_standalone_report_prints_light_whatever_the_scheme(page: Page, site_url: str) -> None:
    page.emulate_media(color_scheme="dark")
    open_page(page, site_url + REPORT_COPY)
    assert page.evaluate(BACKGROUND) == PAPER["dark"]
    page.emulate_media(media="print", color_scheme="dark")
    assert page.evaluate(BACKGROUND) == PAPER["light"]
    assert page.evaluate("getComputedStyle(document.body).color") == "rgb(0, 0, 0)"
