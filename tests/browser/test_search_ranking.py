"""Search ranking and what each hit says, in Material's search box in Chromium (search-hits.js).

A fixed table of queries of every shape (one word, several, words from titles and from the
text, a quoted phrase, a stop word, capitals) and the page each must list first. Pages that
match the whole query come before pages that match part of it: Material alone (lunr's tf-idf)
lists, for the queries marked PARTIAL_FIRST, a page that misses a term first, which
``test_without_the_ranking_a_partial_match_would_come_first`` shows by loading the same site
without our script. Each hit names its playbook and kind under its title.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, Route

from generator.model.kinds import KINDS
from generator.pipeline import SEARCH_SCRIPT, load_catalog
from tests.conftest import REPO
from tests.support.browser import SEARCH_INPUT, search, serious_violations
from tests.support.project import project_settings

pytestmark = pytest.mark.browser

DT = "playbooks/digital-transformation"
CM = "playbooks/cloud-migration"

# Queries for which Material's own order puts a partial match first.
PARTIAL_FIRST = {
    "lock-in": f"{DT}/risks/vendor-lock-in/",
    "vendor lock-in": f"{DT}/risks/vendor-lock-in/",
    "sponsor budget": f"{DT}/risks/sponsor-disengagement/",
    "release freeze": f"{DT}/tasks/plan-peak-season-freeze/",
    "cloud skills training": f"{DT}/risks/skills-gap/",
    "teams slowing": f"{CM}/risks/skills-gap-cloud/",
}
RANKING = {
    # one word
    "rehearsals": f"{DT}/tasks/plan-cutover-rehearsals/",
    "champions": f"{DT}/tasks/launch-change-champion-network/",
    "misconfiguration": f"{CM}/risks/security-misconfiguration/",
    "outage": f"{DT}/risks/peak-season-outage/",
    "residency": f"{CM}/tasks/confirm-data-residency/",
    # words of a title
    "scope creep": f"{DT}/risks/scope-creep/",
    "peak season outage": f"{DT}/risks/peak-season-outage/",
    "app store rejection": f"{DT}/risks/app-store-rejection/",
    "Legacy Integration": f"{DT}/risks/legacy-integration/",
    "data migration quality": f"{DT}/risks/data-migration-quality/",
    "appoint sponsor": f"{DT}/tasks/appoint-sponsor/",
    "dependency board": f"{DT}/tasks/set-up-dependency-board/",
    "budget overrun": f"{DT}/risks/budget-overrun/",
    "decommission source systems": f"{CM}/tasks/decommission-source-systems/",
    "benefits not realised": f"{DT}/risks/benefits-not-realised/",  # "not" is a stop word
    "sponsor leaves": f"{DT}/risks/sponsor-disengagement/",
    "regulator notification banking": f"{DT}/tasks/confirm-banking-regulator-notification/",
    # words of the text: a risk's warning signs, an FAQ's answer
    "interface specifications missing outdated": f"{DT}/risks/legacy-integration/",
    "universal ratio sizing regulatory load": f"{DT}/faqs/how-to-size-a-pmo/",
    # quoted phrases (Material requires each of their words)
    '"data residency"': f"{CM}/tasks/confirm-data-residency/",
    '"vendor lock-in"': f"{DT}/risks/vendor-lock-in/",
    **PARTIAL_FIRST,
}


@pytest.mark.parametrize(("query", "expected"), list(RANKING.items()), ids=list(RANKING))
def test_the_expected_page_is_listed_first(
    page: Page, site_url: str, query: str, expected: str
) -> None:
    assert len(RANKING) >= 20
    hits = search(page, site_url, query)
    assert hits[0].path == expected, [hit.path for hit in hits[:5]]


def _without_our_script(route: Route) -> None:
    route.fulfill(status=200, content_type="text/javascript", body="")


@pytest.mark.parametrize(
    ("query", "expected"), list(PARTIAL_FIRST.items()), ids=list(PARTIAL_FIRST)
)
def test_without_the_ranking_a_partial_match_would_come_first(
    page: Page, site_url: str, query: str, expected: str
) -> None:
    page.route(f"**/{SEARCH_SCRIPT}", _without_our_script)
    hits = search(page, site_url, query)
    first = page.locator(".md-search-result__item").first
    assert hits[0].path != expected
    assert expected in [hit.path for hit in hits]
    # Material says which of the query's terms the first page misses.
    assert first.locator(".md-search-result__terms del").count() > 0
    assert hits[0].source == ""  # and no hit says where it is from


def test_enter_opens_the_first_page_listed(page: Page, site_url: str) -> None:
    hits = search(page, site_url, "vendor lock-in")
    with page.expect_navigation():
        page.locator(SEARCH_INPUT).press("Enter")
    assert page.url.removeprefix(site_url).split("?")[0] == hits[0].path


def _expected_sources() -> dict[str, str]:
    """Each playbook's item folders -> what their hits say: "<playbook> · <kind>"."""
    return {
        f"playbooks/{playbook.id}/{kind.url_segment}/": f"{playbook.meta.title} · {kind.singular}"
        for playbook in load_catalog(project_settings(REPO)).playbooks
        for kind in KINDS
    }


@pytest.mark.parametrize("query", ["risk", "vendor", "cloud"])
def test_each_hit_names_its_playbook_and_kind(page: Page, site_url: str, query: str) -> None:
    sources = _expected_sources()
    hits = search(page, site_url, query)
    items = 0
    for hit in hits:
        folder = "/".join(hit.path.split("/")[:3]) + "/"
        if hit.path.startswith("playbooks/") and folder in sources and hit.path != folder:
            assert hit.source == sources[folder], hit
            items += 1
        elif hit.path.startswith("projects/") or not hit.path.startswith("playbooks/"):
            assert hit.source == "", hit
    assert items >= 5, hits
    kinds = {hit.source for hit in hits if hit.source}
    assert len(kinds) >= 3, kinds


SCHEMES = {"light": "default", "dark": "slate"}  # prefers-color-scheme -> Material's scheme


@pytest.mark.parametrize("scheme", list(SCHEMES))
def test_results_with_their_playbook_and_kind_have_no_serious_violation(
    page: Page, site_url: str, axe_source: str, scheme: str
) -> None:
    page.emulate_media(color_scheme=scheme)
    hits = search(page, site_url, "sponsor budget")
    assert hits[0].source == "Digital Transformation PMO Playbook · Risk"
    assert page.evaluate("document.body.dataset.mdColorScheme") == SCHEMES[scheme]
    assert serious_violations(page, axe_source, f"{scheme}: search results") == []
