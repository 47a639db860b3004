"""Every kind of page, loaded in Chromium: no console error, no failed request, no request to
another host, and no serious or critical accessibility violation reported by axe-core."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Page

from tests.conftest import REPO
from tests.support.browser import AXE, PageLog, open_page, outside_site, serious_violations

pytestmark = pytest.mark.browser

DT = "playbooks/digital-transformation"
PAGES = {
    "home": "",
    "playbooks": "playbooks/",
    "playbook": f"{DT}/",
    **{
        f"index-{kind}": f"{DT}/{kind}/"
        for kind in ("practices", "risks", "case-studies", "faqs", "scope", "tasks")
    },
    "practice": f"{DT}/practices/monitor-progress/",
    "risk": f"{DT}/risks/legacy-integration/",
    "case-study": f"{DT}/case-studies/bank-systems-modernization/",
    "faq": f"{DT}/faqs/how-pmo-contributes/",
    "project": "projects/core-banking-revamp/",
    "portfolio": "projects/",
    "tags": "tags/",
    "tags-facet": "tags/phase/",
}


@pytest.mark.parametrize("path", list(PAGES.values()), ids=list(PAGES))
def test_page_loads_cleanly_and_locally(
    page: Page, page_log: PageLog, site_url: str, path: str
) -> None:
    open_page(page, site_url + path)
    assert page_log.errors == []
    assert page_log.failed == []
    assert outside_site(page_log.requests, site_url) == []


@pytest.mark.parametrize("path", list(PAGES.values()), ids=list(PAGES))
def test_page_has_no_serious_accessibility_violation(
    page: Page, site_url: str, path: str, axe_source: str
) -> None:
    open_page(page, site_url + path)
    assert serious_violations(page, axe_source, path or "home") == []


def test_axe_is_the_pinned_npm_package() -> None:
    lock = json.loads((REPO / "package-lock.json").read_text())
    assert (
        lock["packages"]["node_modules/axe-core"]["version"]
        == json.loads((AXE.parent / "package.json").read_text())["version"]
    )
