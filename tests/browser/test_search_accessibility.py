"""Material's search dialog, open with results on screen, in both colour schemes: axe-core finds
no serious or critical violation (color-contrast above all) in the results, their highlighted
terms and tags, the "N more on this page" toggles, a result focused from the keyboard and one
under the mouse, the results further down the list, and the page a result opens with its terms
highlighted (``search.highlight``). The suggestion (``search.suggest``) is on screen too, but axe
leaves it "incomplete": it lies under the search box, so its background cannot be told."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.support.browser import SEARCH_INPUT, search, serious_violations

pytestmark = pytest.mark.browser

SCHEMES = {"light": "default", "dark": "slate"}  # prefers-color-scheme -> Material's scheme
FOCUSED = "document.activeElement"


@pytest.mark.parametrize("query", ["risk", "vendor"])
@pytest.mark.parametrize("scheme", list(SCHEMES))
def test_open_search_results_have_no_serious_accessibility_violation(
    page: Page,
    site_url: str,
    scheme: str,
    query: str,
    axe_source: str,
) -> None:
    page.emulate_media(color_scheme=scheme)
    found: list[str] = []

    def check(state: str) -> None:
        found.extend(serious_violations(page, axe_source, f"{scheme}/{query}: {state}"))

    # 1. Results settled on screen; the search box shows Material's suggestion.
    assert len(search(page, site_url, query)) >= 3, query
    assert page.evaluate("document.body.dataset.mdColorScheme") == SCHEMES[scheme]
    suggestion = page.locator(".md-search__suggest").inner_text()
    assert suggestion.startswith(query) and suggestion != query, suggestion
    assert page.locator(".md-search-result mark").count() > 0, "no highlighted term in results"
    check("results")

    # 2. The keyboard moves to the first result (Material: ArrowDown; Tab closes the search);
    #    the mouse rests on the second.
    page.locator(SEARCH_INPUT).press("ArrowDown")
    assert page.evaluate(f"{FOCUSED}.matches('.md-search-result__link')")
    page.locator(".md-search-result__item > .md-search-result__link").nth(1).hover()
    check("first result focused, second hovered")

    # 3. ArrowDown on to the first "N more on this page" toggle, then open it with Enter.
    toggles = page.locator(".md-search-result__more > summary")
    assert toggles.count() > 0, f"no 'more on this page' toggle for {query!r}"
    page.mouse.move(0, 0)
    for _ in range(30):
        if page.evaluate(f"{FOCUSED}.matches('.md-search-result__more > summary')"):
            break
        page.keyboard.press("ArrowDown")
    assert page.evaluate(f"{FOCUSED}.matches('.md-search-result__more > summary')")
    page.keyboard.press("Enter")
    assert page.locator(".md-search-result__more[open]").count() == 1
    check("'more' toggle focused and opened")

    # 4. Further down the list (Material renders more results as the list scrolls).
    scrolled = 0
    for page_down in range(1, 4):
        scrolled, before = page.evaluate(
            "() => { const s = document.querySelector('.md-search__scrollwrap');"
            " const before = s.scrollTop; s.scrollTop += s.clientHeight;"
            " return [s.scrollTop, before]; }"
        )
        if scrolled == before:
            break
        page.wait_for_timeout(300)
        check(f"results scrolled {page_down} page(s) down")
    assert scrolled > 0, "the result list did not scroll"

    # 5. The first result, opened from the keyboard, with its terms highlighted on the page.
    page.locator(SEARCH_INPUT).focus()
    page.keyboard.press("ArrowDown")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state("networkidle")
    assert page.locator("mark[data-md-highlight]").count() > 0, page.url
    check(f"result page {page.url.split('/', 3)[-1]}")

    assert found == [], "\n" + "\n".join(dict.fromkeys(found))
