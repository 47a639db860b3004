"""Search quality in Material's search box: words from deep inside an item find that item in
the top three, and project pages (which repeat playbook text) do not crowd items out."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.support.browser import search

pytestmark = pytest.mark.browser

DT = "playbooks/digital-transformation"


def top_pages(page: Page, site_url: str, query: str) -> list[str]:
    """The pages of the first three documents Material lists for ``query``."""
    return [hit.path for hit in search(page, site_url, query)[:3]]


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
    assert expected in top_pages(page, site_url, query), query


@pytest.mark.parametrize(
    "query", ["appoint executive sponsor", "kickoff meeting", "regulatory impact assessment"]
)
def test_project_pages_do_not_crowd_out_playbook_items(
    page: Page, site_url: str, query: str
) -> None:
    results = top_pages(page, site_url, query)
    assert results[0].startswith("playbooks/"), results
    assert [result for result in results[:2] if result.startswith("projects/")] == [], results
