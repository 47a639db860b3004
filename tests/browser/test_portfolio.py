"""The portfolio page (projects/) in a real Chromium: sorting with the keyboard, the filters
and what the live region says, the page without JavaScript, and axe in both colour schemes.

The shipped site's projects (tests/conftest.py) are read from the page itself (each row's
RAG, flags and cells), so the tests hold whatever the example projects' state.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.support.browser import PageLog, open_page, serious_violations

pytestmark = pytest.mark.browser

PORTFOLIO = "projects/"
TABLE = "#pb-portfolio-table"
SCHEMES = {"light": "default", "dark": "slate"}  # prefers-color-scheme -> Material's scheme
RAG_ORDER = {"red": 0, "amber": 1, "green": 2}

_ROWS_JS = """
() => Array.from(document.querySelectorAll("#pb-portfolio-table tbody tr")).map(tr => ({
  name: tr.cells[0].innerText.trim(),
  pm: tr.cells[1].innerText.trim(),
  progress: Number(tr.cells[3].dataset.value),
  rag: tr.dataset.rag,
  flags: tr.dataset.flags.split(" ").filter(Boolean),
  shown: !tr.hidden && tr.getClientRects().length > 0,
}))
"""


def table_rows(page: Page) -> list[dict[str, Any]]:
    """Every row of the table in its current order, with whether it is shown."""
    rows: list[dict[str, Any]] = page.evaluate(_ROWS_JS)
    return rows


def shown_names(page: Page) -> list[str]:
    return [row["name"] for row in table_rows(page) if row["shown"]]


def default_order(rows: list[dict[str, Any]]) -> list[str]:
    ordered = sorted(rows, key=lambda row: (RAG_ORDER[row["rag"]], row["name"].casefold()))
    return [row["name"] for row in ordered]


def count_text(page: Page) -> str:
    return page.locator("#pb-portfolio-count").inner_text().strip()


def test_the_column_headers_sort_the_table_from_the_keyboard(page: Page, site_url: str) -> None:
    open_page(page, site_url + PORTFOLIO)
    headers = page.locator(f"{TABLE} thead th")
    assert headers.count() == 10
    assert page.locator(f"{TABLE} thead th button.pb-sort").count() == 10
    # The page starts sorted by RAG, red first, and says so.
    expect(headers.nth(7)).to_have_attribute("aria-sort", "ascending")
    before = table_rows(page)
    assert [row["name"] for row in before] == default_order(before)
    # Tab from the Phase button reaches the Progress button; Enter sorts ascending.
    page.get_by_role("button", name="Phase", exact=True).focus()
    page.keyboard.press("Tab")
    progress = page.get_by_role("button", name="Progress", exact=True)
    expect(progress).to_be_focused()
    page.keyboard.press("Enter")
    expect(headers.nth(3)).to_have_attribute("aria-sort", "ascending")
    assert page.locator(f"{TABLE} thead th[aria-sort]").count() == 1
    values = [row["progress"] for row in table_rows(page)]
    assert values == sorted(values)
    expect(page.locator("#pb-portfolio-count")).to_have_text(
        f"Sorted by Progress, ascending. {len(values)} of {len(values)} projects shown"
    )
    expect(page.locator("#pb-portfolio-caption")).to_have_text(
        "Projects, sorted by Progress, ascending"
    )
    # Space sorts the other way; the focus stays on the button.
    page.keyboard.press("Space")
    expect(headers.nth(3)).to_have_attribute("aria-sort", "descending")
    values = [row["progress"] for row in table_rows(page)]
    assert values == sorted(values, reverse=True)
    expect(progress).to_be_focused()
    # Back to the RAG column: the default order again.
    page.get_by_role("button", name="RAG", exact=True).press("Enter")
    assert [row["name"] for row in table_rows(page)] == default_order(before)


def test_the_project_column_sorts_by_name(page: Page, site_url: str) -> None:
    open_page(page, site_url + PORTFOLIO)
    page.get_by_role("button", name="Project", exact=True).click()
    names = [row["name"] for row in table_rows(page)]
    assert names == sorted(names, key=str.casefold)
    page.get_by_role("button", name="Project", exact=True).click()
    assert [row["name"] for row in table_rows(page)] == sorted(names, key=str.casefold)[::-1]


def test_the_filters_narrow_the_table_and_say_how_many_are_shown(page: Page, site_url: str) -> None:
    open_page(page, site_url + PORTFOLIO)
    rows = table_rows(page)
    total = len(rows)
    expect(page.locator("#pb-portfolio-filters")).to_be_visible()
    expect(page.locator("#pb-portfolio-count")).to_have_attribute("role", "status")
    assert count_text(page) == f"{total} of {total} projects shown"
    # RAG: without red.
    page.get_by_role("checkbox", name="Red", exact=True).uncheck()
    not_red = [row["name"] for row in rows if row["rag"] != "red"]
    assert shown_names(page) == not_red
    expect(page.locator("#pb-portfolio-count")).to_have_text(
        f"{len(not_red)} of {total} projects shown"
    )
    page.get_by_role("checkbox", name="Red", exact=True).check()
    # A flag.
    page.get_by_label("Flag").select_option("upgrade")
    upgrade = [row["name"] for row in rows if "upgrade" in row["flags"]]
    assert upgrade, "the shipped projects include one that can be upgraded"
    assert shown_names(page) == upgrade
    page.get_by_label("Flag").select_option("")
    # A part of a PM's name, typed.
    pm = rows[-1]["pm"]
    page.get_by_label("Project or PM").press_sequentially(pm.split()[-1].upper())
    assert shown_names(page) == [row["name"] for row in rows if row["pm"] == pm]
    page.get_by_label("Project or PM").fill("no such project")
    assert shown_names(page) == []
    expect(page.locator("#pb-portfolio-count")).to_have_text(f"0 of {total} projects shown")


def test_without_javascript_the_table_is_complete_and_the_filters_stay_hidden(
    browser: Browser, site_url: str
) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        open_page(page, site_url + PORTFOLIO)
        rows = table_rows(page)
        assert len(rows) >= 3
        assert all(row["shown"] for row in rows)
        assert [row["name"] for row in rows] == default_order(rows)
        expect(page.locator("#pb-portfolio-filters")).to_be_hidden()
        expect(page.locator(f"{TABLE} thead button")).to_have_count(0)
        expect(page.locator(f"{TABLE} thead th").nth(7)).to_have_attribute("aria-sort", "ascending")
        # Every status is in words: the RAG and its reasons, and the trend.
        for index in range(len(rows)):
            cells = page.locator(f"{TABLE} tbody tr").nth(index).locator("td")
            assert re.match(r"(Red|Amber|Green)\n?\s*\S", cells.nth(7).inner_text())
            assert cells.nth(8).inner_text().strip()
        # The heat map and the timeline, with their tables.
        expect(page.locator("svg.pb-portfolio-heatmap rect")).to_have_count(25)
        expect(page.locator("#pb-portfolio-timeline tbody tr")).to_have_count(len(rows))
    finally:
        context.close()


def test_the_rag_reasons_are_text_and_a_tooltip(page: Page, site_url: str) -> None:
    open_page(page, site_url + PORTFOLIO)
    badge = page.locator(f"{TABLE} tbody tr").first.locator(".pb-rag")
    reasons = page.locator(f"{TABLE} tbody tr").first.locator(".pb-rag__reasons").inner_text()
    assert reasons
    assert badge.get_attribute("title") == f"{badge.inner_text()}: {reasons}"


def test_the_charts_have_names_and_their_tables_open_from_the_keyboard(
    page: Page, site_url: str
) -> None:
    open_page(page, site_url + PORTFOLIO)
    timeline = page.get_by_role("img", name=re.compile(r"^Timeline of \d+ projects"))
    expect(timeline).to_be_visible()
    expect(page.get_by_role("img", name=re.compile(r"^Portfolio risk heat map"))).to_be_visible()
    summary = page.locator("summary", has_text="The timeline as a table")
    summary.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#pb-portfolio-timeline")).to_be_visible()


def test_the_page_reports_no_error(page: Page, page_log: PageLog, site_url: str) -> None:
    open_page(page, site_url + PORTFOLIO)
    page.get_by_role("button", name="Overdue", exact=True).click()
    page.get_by_role("checkbox", name="Amber", exact=True).uncheck()
    assert page_log.errors == []
    assert page_log.failed == []


@pytest.mark.parametrize("scheme", list(SCHEMES))
def test_the_portfolio_has_no_serious_accessibility_violation(
    page: Page, site_url: str, axe_source: str, scheme: str
) -> None:
    """Whole, sorted and filtered (a live region that has spoken, hidden rows), with both
    tables open, then on a narrow screen: in both colour schemes."""
    page.emulate_media(color_scheme=scheme)
    open_page(page, site_url + PORTFOLIO)
    assert page.evaluate("document.body.dataset.mdColorScheme") == SCHEMES[scheme]
    found = serious_violations(page, axe_source, f"{scheme}: portfolio")
    page.get_by_role("button", name="Progress", exact=True).click()
    page.get_by_role("checkbox", name="Green", exact=True).uncheck()
    page.get_by_label("Flag").select_option("stale")
    for summary in page.locator("details.pb-portfolio__data summary").all():
        summary.click()
    found += serious_violations(page, axe_source, f"{scheme}: sorted and filtered")
    page.get_by_label("Flag").select_option("")
    page.get_by_label("Project or PM").fill("zzz")
    expect(page.locator("#pb-portfolio-count")).to_contain_text("0 of")
    found += serious_violations(page, axe_source, f"{scheme}: nothing shown")
    page.set_viewport_size({"width": 360, "height": 740})
    found += serious_violations(page, axe_source, f"{scheme}: narrow screen")
    assert found == [], "\n" + "\n".join(dict.fromkeys(found))


def test_on_a_narrow_screen_the_timeline_scrolls_inside_the_page(page: Page, site_url: str) -> None:
    page.set_viewport_size({"width": 360, "height": 740})
    open_page(page, site_url + PORTFOLIO)
    sizes = page.evaluate(
        """() => {
          const wrap = document.querySelector(".pb-timeline-wrap");
          return {
            page: document.documentElement.scrollWidth,
            viewport: document.documentElement.clientWidth,
            inner: wrap.scrollWidth,
            shown: wrap.clientWidth,
            svg: wrap.querySelector("svg").getBoundingClientRect().width,
          };
        }"""
    )
    assert sizes["page"] <= sizes["viewport"], sizes
    assert sizes["inner"] > sizes["shown"], sizes  # the chart keeps a readable size, and scrolls
    assert sizes["svg"] >= 560, sizes
    wrap = page.get_by_role("region", name="Timeline chart")
    wrap.focus()
    expect(wrap).to_be_focused()
    page.keyboard.press("ArrowRight")  # the browser may scroll smoothly: wait for it
    page.wait_for_function("document.querySelector('.pb-timeline-wrap').scrollLeft > 0")
