"""Search quality in Material's search box: words from deep inside an item find that item in
the top three, and project pages (which repeat playbook text) do not crowd items out."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

DT = "playbooks/digital-transformation"


def top_results(page: Page, site_url: str, query: str, count: int = 3) -> list[str]:
    """The hrefs of the first ``count`` documents Material lists for ``query``."""
    page.goto(site_url)
    page.locator("input.md-search__input").click()
    page.wait_for_function(
        "() => !document.querySelector('.md-search-result__meta')"
        ".textContent.includes('Initializing')",
        timeout=15_000,
    )
    page.locator("input.md-search__input").press_sequentially(query, delay=10)
    documents = page.locator("ol.md-search-result__list > li.md-search-result__item")
    expect(documents.first).to_be_visible(timeout=15_000)
    links = documents.locator("> a.md-search-result__link")

    def read() -> list[str]:
        hrefs = [links.nth(i).get_attribute("href") or "" for i in range(links.count())]
        pages = [href.removeprefix(site_url).split("?")[0].split("#")[0] for href in hrefs]
        return list(dict.fromkeys(pages))[:count]  # a page with several matching sections

    # Results refresh as each key is typed: wait until they settle on the full query.
    settled, previous, stable = read(), [], 0
    for _ in range(40):
        page.wait_for_timeout(150)
        previous, settled = settled, read()
        stable = stable + 1 if settled == previous else 0
        if stable >= 3:
            break
    return settled


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # a practice's body ("why it matters")
        (
            "unusual mix technical data people vendor regulatory risk",
            f"{DT}/practices/identify-and-mitigate-risks/",
        ),
        # a risk's warning signs
        ("interface specifications missing outdated", f"{DT}/risks/legacy-integration/"),
        # case studies' lessons
        (
            "process redesign training software hardware",
            f"{DT}/case-studies/bank-systems-modernization/",
        ),
        (
            "storefront inventory fulfilment change together",
            f"{DT}/case-studies/retailer-ecommerce-expansion/",
        ),
        # an FAQ's answer
        ("universal ratio sizing regulatory load", f"{DT}/faqs/how-to-size-a-pmo/"),
    ],
    ids=[
        "practice-body",
        "risk-warning-signs",
        "case-study-lessons-bank",
        "case-study-lessons-retail",
        "faq-answer",
    ],
)
def test_item_is_in_the_top_three(page: Page, site_url: str, query: str, expected: str) -> None:
    assert expected in top_results(page, site_url, query), query


@pytest.mark.parametrize(
    "query", ["appoint executive sponsor", "kickoff meeting", "regulatory impact assessment"]
)
def test_project_pages_do_not_crowd_out_playbook_items(
    page: Page, site_url: str, query: str
) -> None:
    results = top_results(page, site_url, query)
    assert results, query
    assert results[0].startswith("playbooks/"), results
    assert not any(result.startswith("projects/") for result in results[:2]), results
