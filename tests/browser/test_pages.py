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
    "task": f"{DT}/tasks/plan-cutover-rehearsals/",
    "case-study": f"{DT}/case-studies/bank-systems-modernization/",
    "faq": f"{DT}/faqs/how-pmo-contributes/",
    "project": "projects/core-banking-revamp/",
    "report": "projects/core-banking-revamp/report/",
    "portfolio": "projects/",
    "content-health": "playbooks/content-health/",
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


SCHEMES = {"light": "default", "dark": "slate"}  # prefers-color-scheme -> Material's scheme


@pytest.mark.parametrize("scheme", list(SCHEMES))
@pytest.mark.parametrize("path", list(PAGES.values()), ids=list(PAGES))
def test_page_has_no_serious_accessibility_violation(
    page: Page, site_url: str, path: str, axe_source: str, scheme: str
) -> None:
    page.emulate_media(color_scheme=scheme)
    open_page(page, site_url + path)
    assert page.evaluate("document.body.dataset.mdColorScheme") == SCHEMES[scheme]
    assert serious_violations(page, axe_source, f"{scheme}: {path or 'home'}") == []


def test_an_overdue_review_notice_is_on_the_page_axe_checks() -> None:
    # The shipped site is built as of 2027-03-01: this task's review (every 180 days) is due
    # by then, so the pages above include the notice in both colour schemes.
    tasks = (REPO / "playbooks/digital-transformation/tasks.yaml").read_text(encoding="utf-8")
    entry = tasks.split("  - id: plan-cutover-rehearsals\n", 1)[1].split("\n  - id: ", 1)[0]
    reviewed = entry.split("    reviewed: ", 1)[1].split("\n", 1)[0]
    assert reviewed < "2026-09-02", reviewed


def test_axe_is_the_pinned_npm_package() -> None:
    lock = json.loads((REPO / "package-lock.json").read_text())
    assert (
        lock["packages"]["node_modules/axe-core"]["version"]
        == json.loads((AXE.parent / "package.json").read_text())["version"]
    )
