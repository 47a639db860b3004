"""Every kind of page, loaded in Chromium: no console error, no failed request, no request to
another host, and no serious or critical accessibility violation reported by axe-core."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Page

from tests.conftest import REPO

pytestmark = pytest.mark.browser

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
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


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.is_file():
        pytest.fail(f"axe-core is not installed ({AXE}); run `npm ci` (make test does)")
    return AXE.read_text(encoding="utf-8")


def _visit(page: Page, url: str) -> tuple[list[str], list[str], list[str]]:
    errors: list[str] = []
    failed: list[str] = []
    requested: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("requestfailed", lambda r: failed.append(f"{r.url} ({r.failure})"))
    page.on("request", lambda r: requested.append(r.url))
    response = page.goto(url)
    assert response is not None and response.ok, f"{url}: {response and response.status}"
    page.wait_for_load_state("networkidle")
    return errors, failed, requested


@pytest.mark.parametrize("path", list(PAGES.values()), ids=list(PAGES))
def test_page_loads_cleanly_and_locally(page: Page, site_url: str, path: str) -> None:
    errors, failed, requested = _visit(page, site_url + path)
    assert errors == []
    assert failed == []
    outside = [url for url in requested if not url.startswith((site_url, "data:", "blob:"))]
    assert outside == [], outside


@pytest.mark.parametrize("path", list(PAGES.values()), ids=list(PAGES))
def test_page_has_no_serious_accessibility_violation(
    page: Page, site_url: str, path: str, axe_source: str
) -> None:
    _visit(page, site_url + path)
    page.add_script_tag(content=axe_source)
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    serious = [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [node["target"] for node in v["nodes"][:3]],
        }
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == [], json.dumps(serious, indent=1)


def test_axe_is_the_pinned_npm_package() -> None:
    lock = json.loads((REPO / "package-lock.json").read_text())
    assert (
        lock["packages"]["node_modules/axe-core"]["version"]
        == json.loads((AXE.parent / "package.json").read_text())["version"]
    )
