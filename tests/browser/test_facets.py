"""A kind's index page filtered by facet, in Chromium, on the shipped site (facets.js).

Ticked values of one facet widen the list (OR), of different facets narrow it (AND); each
value's count is what it would show with the other facets as they are; a status line says how
many items are shown; the address keeps the filters, so a filtered list opens as it was left.
Without JavaScript the whole list shows, with each facet value as a link to its tag page.
What each filter should show is worked out from the playbook itself (generator.resolve.site).
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from generator.model.items import Item
from generator.model.kinds import KINDS_BY_NAME
from generator.pipeline import load_catalog
from generator.resolve.site import facet_values
from tests.conftest import REPO
from tests.support.browser import open_page, serious_violations
from tests.support.project import project_settings

pytestmark = pytest.mark.browser

PLAYBOOK = "digital-transformation"
DT = f"playbooks/{PLAYBOOK}"
SCHEMES = {"light": "default", "dark": "slate"}  # prefers-color-scheme -> Material's scheme
# The items the list shows: a row of a table or an entry of a list, not hidden.
SHOWN = "[data-pb-facets]:not([hidden]) a"


def items(kind: str) -> list[Item]:
    (playbook,) = [p for p in load_catalog(project_settings(REPO)).playbooks if p.id == PLAYBOOK]
    return [item for item in playbook.items if isinstance(item, KINDS_BY_NAME[kind].item_model)]


def titles_with(kind: str, **wanted: list[str]) -> list[str]:
    """The titles of the items of ``kind`` that have, for every facet named, one of its values."""
    return sorted(
        item.title
        for item in items(kind)
        if all(
            set(facet_values(item).get(facet, ())) & set(values) for facet, values in wanted.items()
        )
    )


def shown_titles(page: Page) -> list[str]:
    return sorted(page.locator(SHOWN).all_inner_texts())


def status(page: Page) -> str:
    return page.locator("#pb-facets-status").inner_text()


def query(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def tick(page: Page, facet: str, label: str) -> None:
    page.locator("#pb-facets-form fieldset", has_text=facet).get_by_label(
        label, exact=False
    ).check()


def count_of(page: Page, facet: str, label: str) -> str:
    fieldset = page.locator("#pb-facets-form fieldset", has=page.locator("legend", has_text=facet))
    return fieldset.locator("label", has_text=label).locator(".pb-facets__count").inner_text()


def test_values_of_one_facet_widen_the_list_and_of_two_narrow_it(page: Page, site_url: str) -> None:
    open_page(page, f"{site_url}{DT}/risks/")
    total = len(items("risk"))
    expect(page.locator("#pb-facets-form")).to_be_visible()
    expect(page.locator("#pb-facets-tags")).to_be_hidden()
    assert status(page) == f"Showing all {total} items"
    assert len(shown_titles(page)) == total

    tick(page, "Industry", "Banking")
    banking = titles_with("risk", industry=["banking"])
    assert shown_titles(page) == banking
    assert status(page) == f"Showing {len(banking)} of {total} items"
    assert query(page) == {"industry": ["banking"]}

    tick(page, "Industry", "Retail")  # OR within a facet
    either = titles_with("risk", industry=["banking", "retail"])
    assert shown_titles(page) == either
    assert len(either) > len(banking)

    tick(page, "Phase", "Execute")  # AND across facets
    both = titles_with("risk", industry=["banking", "retail"], phase=["execute"])
    assert shown_titles(page) == both
    assert 0 < len(both) < len(either)
    assert status(page) == f"Showing {len(both)} of {total} items"
    assert query(page) == {"industry": ["banking", "retail"], "phase": ["execute"]}


def test_counts_say_what_each_value_would_show_with_the_other_filters(
    page: Page, site_url: str
) -> None:
    open_page(page, f"{site_url}{DT}/risks/")
    plan = len(titles_with("risk", phase=["plan"]))
    assert count_of(page, "Phase", "Plan") == f"({plan})"
    tick(page, "Industry", "Banking")
    # Phase counts now count banking risks only; industry counts are unchanged by banking.
    assert (
        count_of(page, "Phase", "Plan")
        == f"({len(titles_with('risk', phase=['plan'], industry=['banking']))})"
    )
    assert (
        count_of(page, "Industry", "Retail") == f"({len(titles_with('risk', industry=['retail']))})"
    )
    tick(page, "Phase", "Plan")
    assert count_of(page, "Industry", "Retail") == (
        f"({len(titles_with('risk', industry=['retail'], phase=['plan']))})"
    )


def test_a_filtered_address_opens_filtered_and_clear_shows_everything(
    page: Page, site_url: str
) -> None:
    open_page(page, f"{site_url}{DT}/practices/?cadence=per+phase&area=governance&h=scope")
    expected = titles_with("practice", cadence=["per phase"], area=["governance"])
    assert 0 < len(expected) < len(items("practice"))
    assert shown_titles(page) == expected
    expect(page.get_by_label("Governance", exact=False)).to_be_checked()
    page.get_by_role("button", name="Clear filters").click()
    assert len(shown_titles(page)) == len(items("practice"))
    assert query(page) == {"h": ["scope"]}  # a search's highlight stays
    expect(page.get_by_role("button", name="Clear filters")).to_be_hidden()
    assert page.evaluate("document.activeElement.type") == "checkbox"


def test_a_phase_with_nothing_left_goes_with_its_heading(page: Page, site_url: str) -> None:
    open_page(page, f"{site_url}{DT}/tasks/?industry=retail")
    retail = titles_with("task", industry=["retail"])
    assert shown_titles(page) == retail
    phases = {item.phase for item in items("task") if item.title in retail}
    visible = page.locator("article h2:visible").all_inner_texts()
    assert [heading.removesuffix("¶").strip() for heading in visible] == [
        "Filter",
        *(
            phase.capitalize()
            for phase in ("initiate", "plan", "execute", "monitor", "close")
            if phase in phases
        ),
    ]
    assert page.locator("article table:visible").count() == len(phases)


@pytest.fixture
def no_script_page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(java_script_enabled=False)
    try:
        yield context.new_page()
    finally:
        context.close()


def test_without_javascript_every_item_shows_and_values_link_to_tag_pages(
    no_script_page: Page, site_url: str
) -> None:
    page = no_script_page
    open_page(page, f"{site_url}{DT}/risks/?industry=banking")
    assert len(shown_titles(page)) == len(items("risk"))
    expect(page.locator("#pb-facets-form")).to_be_hidden()
    link = page.locator("#pb-facets-tags a", has_text="Banking")
    assert link.get_attribute("href") == "../../../tags/industry/#tag:industry/banking"
    count = len(titles_with("risk", industry=["banking"]))
    expect(page.locator("#pb-facets-tags li", has_text="Industry:")).to_contain_text(
        f"Banking\u00a0({count})"
    )
    link.click()
    page.wait_for_load_state()
    assert page.url == f"{site_url}tags/industry/#tag:industry/banking"
    expect(page.locator("h2[id='tag:industry/banking']")).to_be_visible()


@pytest.mark.parametrize("scheme", list(SCHEMES))
def test_a_filtered_index_has_no_serious_accessibility_violation(
    page: Page, site_url: str, axe_source: str, scheme: str
) -> None:
    page.emulate_media(color_scheme=scheme)
    open_page(page, f"{site_url}{DT}/tasks/")
    tick(page, "Industry", "Banking")
    page.get_by_label("Plan", exact=False).focus()
    assert page.evaluate("document.body.dataset.mdColorScheme") == SCHEMES[scheme]
    assert serious_violations(page, axe_source, f"{scheme}: tasks filtered") == []
