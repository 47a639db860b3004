"""The shipped site's project pages and portfolio, opened in a real Chromium.

The site is built from the repository's own playbooks and projects with today=2027-03-01
(tests/conftest.py), so Core Banking Revamp has done, n/a and overdue tasks, risks assessed
after mitigation (one better, one worse), tasks that mitigate them, and a red status.
"""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from generator.export.tabular import COLUMNS
from generator.projects.files import load_filled
from generator.resolve.project import FilledProject
from tests.conftest import BUILD_TODAY, REPO
from tests.support.browser import PageLog, open_page, outside_site, serious_violations
from tests.support.fixtures import STARTER_TEMPLATES
from tests.support.project import project_settings

pytestmark = pytest.mark.browser

PROJECT_SLUG = "core-banking-revamp"
PROJECT = f"projects/{PROJECT_SLUG}/"
PORTFOLIO = "projects/"
SHIPPED = ("Core Banking Revamp", "Online Store Expansion", "Claims Platform Cloud Move")
SCHEMES = {"light": "default", "dark": "slate"}  # prefers-color-scheme -> Material's scheme
REGISTER_HEADERS = [
    "Risk",
    "Inherent (likelihood \N{MULTIPLICATION SIGN} impact)",
    "Residual",
    "Target",
    "Trend",
    "Proximity",
    "Mitigation",
    "Owner",
    "Response",
]
# An inherent or residual score cell: "20 critical" over "(4 x 5)", a residual's with its date.
SCORED = re.compile(
    r"(\d+) (low|medium|high|critical)\n\((\d) \N{MULTIPLICATION SIGN} (\d)(?:, on [\d-]+)?\)"
)


@pytest.fixture(scope="module")
def core_banking() -> FilledProject:
    """Core Banking Revamp as the shipped site shows it."""
    return load_filled(project_settings(REPO, today=BUILD_TODAY), "core-banking-revamp")


_TABLES_JS = """
() => {
  const headings = Array.from(document.querySelectorAll("article h2"));
  return Array.from(document.querySelectorAll("article table")).map(table => {
    const before = headings.filter(
      h => h.compareDocumentPosition(table) & Node.DOCUMENT_POSITION_FOLLOWING);
    const last = before[before.length - 1];
    return {
      section: last ? last.id : "",
      headers: Array.from(table.querySelectorAll("thead th")).map(th => th.innerText.trim()),
      rows: Array.from(table.querySelectorAll("tbody tr")).map(
        tr => Array.from(tr.querySelectorAll("td")).map(td => td.innerText.trim())),
      links: Array.from(table.querySelectorAll("tbody tr td:first-child > a")).map(
        a => a.getAttribute("href")),
    };
  });
}
"""


def _tables(page: Page) -> list[dict[str, Any]]:
    """Each table of the article: the h2 section it is in, its headers, cells and the links
    of its rows' first cells (to the items' pages, not the links beside them)."""
    tables: list[dict[str, Any]] = page.evaluate(_TABLES_JS)
    return tables


def _percent(text: str) -> int:
    match = re.search(r"(\d{1,3})%", text)
    assert match is not None, text
    return int(match.group(1))


# --- The project page -----------------------------------------------------------------------


def test_project_page_shows_name_and_progress(page: Page, site_url: str) -> None:
    open_page(page, site_url + PROJECT)
    expect(page.locator("article h1")).to_have_text(re.compile(r"^Core Banking Revamp"))
    progress = page.locator("article progress.playbook-progress")
    expect(progress).to_have_count(1)
    value = int(progress.get_attribute("value") or "-1")
    assert 0 <= value <= 100
    assert progress.get_attribute("max") == "100"
    summary = page.locator("article table").first.locator("tbody tr td").nth(1).inner_text()
    assert _percent(summary) == value
    assert re.search(r"\(\d+ of \d+ tasks done\)", summary), summary


def test_project_page_has_checklist_tables_with_overdue_tasks(page: Page, site_url: str) -> None:
    open_page(page, site_url + PROJECT)
    expect(page.locator("article h2#checklist")).to_have_count(1)
    tables = [table for table in _tables(page) if table["section"] == "checklist"]
    assert len(tables) >= 2  # one table per phase with tasks
    assert all(table["headers"] == ["Task", "Owner", "Due", "State", "Note"] for table in tables)
    rows = [row for table in tables for row in table["rows"]]
    states = [row[3] for row in rows]
    assert "overdue" in states
    assert any(state.startswith("done") for state in states)
    assert "n/a" in states
    overdue = page.locator("article td strong", has_text="overdue")
    expect(overdue.first).to_be_visible()
    # The overdue count in the summary table matches the overdue cells.
    summary = _tables(page)[0]
    assert summary["headers"] == ["Kickoff", "Progress", "Overdue", "As of"]
    assert int(summary["rows"][0][2]) == states.count("overdue")
    # Every task links to its page in the playbook.
    assert all(len(table["links"]) == len(table["rows"]) for table in tables)
    assert all("/tasks/" in href for table in tables for href in table["links"])


def test_project_page_has_inline_heat_map_and_risk_register(page: Page, site_url: str) -> None:
    open_page(page, site_url + PROJECT)
    svg = page.locator("article svg.risk-heatmap")
    expect(svg).to_have_count(1)
    expect(svg).to_be_visible()
    assert svg.locator("rect").count() == 25
    assert svg.get_attribute("role") == "group"
    expect(page.locator("article img[src$='.svg']")).to_have_count(0)
    registers = [table for table in _tables(page) if table["section"] == "risk-register"]
    assert len(registers) == 1
    register = registers[0]
    assert register["headers"] == REGISTER_HEADERS
    rows = register["rows"]
    assert len(rows) >= 3
    inherent = [SCORED.fullmatch(row[1]) for row in rows]
    assert all(inherent), [row[1] for row in rows]
    scores = [int(match.group(1)) for match in inherent if match]
    assert scores == sorted(scores, reverse=True)
    for match in inherent:
        assert match is not None
        assert int(match.group(3)) * int(match.group(4)) == int(match.group(1))
    # The heat map counts every risk of the register once.
    counts = svg.locator("text[font-weight='bold']").all_text_contents()
    assert sum(int(count) for count in counts) == len(rows)


def test_heat_map_cells_lead_to_their_risks_in_the_register(page: Page, site_url: str) -> None:
    open_page(page, site_url + PROJECT)
    cells = page.locator("article svg.risk-heatmap a.risk-heatmap__cell")
    counts = [int(text) for text in cells.locator("text").all_text_contents()]
    assert len(counts) >= 3 and sum(counts) == page.locator("#risk-register-table tbody tr").count()
    # The keyboard reaches the cells: focus the first, then Tab to the next one.
    cells.first.focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('risk-heatmap__cell')")
    expect(cells.nth(1)).to_be_focused()
    label = cells.nth(1).get_attribute("aria-label") or ""
    match = re.fullmatch(
        r"Likelihood (\d), impact (\d), (low|medium|high|critical): (\d+) risks?", label
    )
    assert match is not None, label
    likelihood, impact, count = match.group(1), match.group(2), int(match.group(4))

    page.keyboard.press("Enter")

    status = page.locator("#risk-register-table .risk-register__filter")
    expect(status).to_be_focused()
    noun = "risk" if count == 1 else "risks"
    expect(status).to_contain_text(
        f"Showing {count} {noun} at likelihood {likelihood} and impact {impact}."
    )
    shown = page.locator("#risk-register-table tbody tr:not([hidden])")
    expect(shown).to_have_count(count)
    for index in range(count):
        row = shown.nth(index)
        assert row.get_attribute("data-cell") == f"l{likelihood}-i{impact}"
        inherent = SCORED.fullmatch(row.locator("td").nth(1).inner_text())
        assert inherent is not None
        assert (inherent.group(3), inherent.group(4)) == (likelihood, impact)

    status.get_by_role("button", name="Show every risk").click()

    expect(page.locator("#risk-register-table tbody tr:not([hidden])")).to_have_count(sum(counts))
    expect(status).to_be_hidden()


def test_project_page_states_its_status_in_words(page: Page, site_url: str) -> None:
    open_page(page, site_url + PROJECT)
    status = page.locator("article #pb-register-rag")
    expect(status).to_have_text(
        "Status: Red — A critical risk has no mitigation under way. More than five tasks are "
        "overdue."
    )
    # Under the summary table, before the progress bar.
    assert page.evaluate(
        """() => {
          const status = document.getElementById("pb-register-rag");
          const summary = document.getElementById("pb-summary");
          const progress = document.querySelector("progress.playbook-progress");
          return !!(summary.compareDocumentPosition(status) & Node.DOCUMENT_POSITION_FOLLOWING)
            && !!(status.compareDocumentPosition(progress) & Node.DOCUMENT_POSITION_FOLLOWING);
        }"""
    )


def _register_row(page: Page, risk_id: str) -> list[str]:
    cells: list[str] = page.locator(f"#pb-risk-{risk_id} > td").evaluate_all(
        "cells => cells.map(cell => cell.innerText.trim())"
    )
    return cells


def test_register_shows_residual_target_trend_proximity_and_mitigation(
    page: Page, site_url: str, core_banking: FilledProject
) -> None:
    open_page(page, site_url + PROJECT)
    times = "\N{MULTIPLICATION SIGN}"
    # Assessed twice, better in the latest; mitigated by two tasks, one overdue.
    legacy = next(row for row in core_banking.risks if row.id == "legacy-integration")
    titles = legacy.mitigated_by_titles
    assert _register_row(page, "legacy-integration")[1:7] == [
        f"20 critical\n(4 {times} 5)",
        f"16 critical\n(4 {times} 4, on 2027-02-01)",
        "8 medium",
        "↓ better",
        "execute phase",
        f"0 of 2 done, late\n{titles[0]} (overdue)\n{titles[1]} (open)",
    ]
    # Worse in the latest assessment, no proximity.
    assert _register_row(page, "data-migration-quality")[3:6] == [
        "5 medium",
        "↑ worse",
        "—\nnot set",
    ]
    # The arrow is hidden from screen readers; the word is read.
    trend = page.locator("#pb-risk-legacy-integration td.pb-register-trend")
    assert trend.locator("[aria-hidden='true']").inner_text() == "↓"
    expect(trend).to_have_text("↓ better")
    # Never assessed, no target, no proximity; and one that no applicable task mitigates.
    bare = next(
        row
        for row in core_banking.risks
        if row.residual_score is None and row.target is None and not row.proximity
    )
    assert _register_row(page, bare.id)[2:6] == [
        "not assessed",
        "—\nno target",
        "—\nno trend",
        "—\nnot set",
    ]
    # Its only mitigating task is n/a here (an in-house build needs no vendor due diligence).
    alone = next(row for row in core_banking.risks if row.id == "vendor-delivery-failure")
    assert (alone.mitigation, alone.mitigation_total) == ("none", 0)
    assert _register_row(page, alone.id)[6] == (
        "none: every mitigating task is n/a\nComplete vendor due diligence (n/a)"
    )


def test_register_and_checklist_link_each_other(
    page: Page, site_url: str, core_banking: FilledProject
) -> None:
    open_page(page, site_url + PROJECT)
    change = next(row for row in core_banking.risks if row.id == "change-resistance")
    assert change.mitigation_done == 1
    # From the risk's row to its mitigating task's row in the checklist.
    risk_row = page.locator("#pb-risk-change-resistance")
    expect(risk_row.locator("td.pb-register-mitigation")).to_contain_text("1 of 2 done, late")
    risk_row.get_by_role("link", name=change.mitigated_by_titles[1]).click()
    task_row = page.locator(f"#pb-task-{change.mitigated_by[1]}")
    assert page.url.endswith(f"#pb-task-{change.mitigated_by[1]}")
    expect(task_row).to_be_in_viewport()
    expect(task_row.locator("td").first).to_contain_text(f"Mitigates: {change.title}")
    # From a task back to the risk, even while the register shows one cell of the heat map.
    own_cell = f"#register-l{change.likelihood}-i{change.impact}"
    page.locator(f'a.risk-heatmap__cell:not([href="{own_cell}"])').first.click()
    expect(page.locator("#risk-register-table .risk-register__filter")).to_be_visible()
    expect(risk_row).to_be_hidden()
    task_row.get_by_role("link", name=change.title).click()
    expect(risk_row).to_be_visible()
    expect(risk_row).to_be_in_viewport()
    expect(page.locator("#risk-register-table .risk-register__filter")).to_be_hidden()
    # A decision task says so in words; its checkbox is still named by its title alone.
    decision = next(row for row in core_banking.tasks if row.decision)
    decision_row = page.locator(f"#pb-task-{decision.id}")
    expect(decision_row.locator(".pb-register-decision")).to_have_text("decision")
    expect(page.get_by_role("checkbox", name=decision.title, exact=True)).to_have_count(1)


@pytest.mark.parametrize("scheme", list(SCHEMES))
def test_project_page_has_no_serious_accessibility_violation(
    page: Page, site_url: str, axe_source: str, scheme: str
) -> None:
    """The status line, the checklist's new marks and the register in depth, in both colour
    schemes: whole, then filtered to one cell of the heat map, then on a narrow screen."""
    page.emulate_media(color_scheme=scheme)
    open_page(page, site_url + PROJECT)
    assert page.evaluate("document.body.dataset.mdColorScheme") == SCHEMES[scheme]
    found = serious_violations(page, axe_source, f"{scheme}: project page")
    # By keyboard: a pointer left over a row would show Material's hover colour.
    page.locator("article a.risk-heatmap__cell").first.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#risk-register-table .risk-register__filter")).to_be_visible()
    found += serious_violations(page, axe_source, f"{scheme}: register filtered")
    # On a narrow screen the register scrolls sideways within its box. (Material's boxes of
    # the tables without links, such as the facts, are not focusable there: axe finds that
    # whatever the register shows, so only the register and the status are checked.)
    page.set_viewport_size({"width": 360, "height": 740})
    found += _violations_within(page, ["#risk-register-table", "#pb-register-rag"], scheme)
    assert found == [], "\n" + "\n".join(dict.fromkeys(found))


def _violations_within(page: Page, selectors: list[str], scheme: str) -> list[str]:
    """Serious and critical violations axe-core (already on the page) finds within the
    elements ``selectors`` name."""
    results: dict[str, Any] = page.evaluate(
        "async (selectors) => await axe.run({include: selectors.map(s => [s])},"
        " {resultTypes: ['violations']})",
        selectors,
    )
    return [
        f"[{scheme}: narrow screen] {rule['id']} ({rule['impact']}) {' '.join(node['target'])}"
        for rule in results["violations"]
        if rule["impact"] in ("serious", "critical")
        for node in rule["nodes"]
    ]


def test_register_scrolls_inside_the_page_on_a_narrow_screen(page: Page, site_url: str) -> None:
    page.set_viewport_size({"width": 360, "height": 740})
    open_page(page, site_url + PROJECT)
    sizes = page.evaluate(
        """() => {
          const register = document.getElementById("risk-register-table");
          const box = register.querySelector("table").closest(".md-typeset__scrollwrap");
          const sizes = {
            scrolls: box !== null && getComputedStyle(box).overflowX === "auto",
            wider: box !== null && box.scrollWidth > box.clientWidth,
            page: document.documentElement.scrollWidth,
          };
          register.remove();
          sizes.without = document.documentElement.scrollWidth;
          return sizes;
        }"""
    )
    # The register scrolls sideways within its box, and widens the page by nothing.
    assert sizes["scrolls"] and sizes["wider"], sizes
    assert sizes["page"] == sizes["without"], sizes


def test_heat_map_has_a_legend_and_the_playbooks_appetite_line(page: Page, site_url: str) -> None:
    open_page(page, site_url + "projects/claims-platform-cloud-move/")
    legend = page.locator("article ul.risk-legend li")
    expect(legend).to_have_text(
        [
            "Low: score 1 to 4",
            "Medium: 5 to 9",
            "High: 10 to 15",
            "Critical: 16 to 25",
            "Risk appetite: scores up to 9 are accepted; cells right of the dashed line "
            "are beyond it",
        ]
    )
    # The cloud playbook's appetite is 9: the line runs after 1, 2, 3, 4, 5 cells of the rows
    # of likelihood 5 down to 1 (44 px a cell, from x = 50).
    path = page.locator("article svg.risk-heatmap path.risk-heatmap__appetite")
    edges = [50 + cells * 44 - 1 for cells in (1, 2, 3, 4, 5)]
    expected = " L".join(
        f"{x} {top} L{x} {top + 42}" for x, top in zip(edges, range(0, 220, 44), strict=True)
    )
    assert path.get_attribute("d") == "M" + expected


def test_download_links_exist_and_serve_the_exports(page: Page, site_url: str) -> None:
    open_page(page, site_url + PROJECT)
    links = page.locator("article a[download]")
    names = [links.nth(i).get_attribute("download") for i in range(links.count())]
    checklists = [name for name in names if name and name.startswith(f"{PROJECT_SLUG}-checklist.")]
    assert checklists == [
        f"{PROJECT_SLUG}-checklist.{ext}"
        for ext in ("csv", "jira.csv", "xlsx", "json", "ics", "todo.ics", "html", "md.txt")
    ]
    # The rest are its artefact templates filled in, in Word and Markdown.
    assert sorted(set(names) - set(checklists)) == sorted(
        f"{PROJECT_SLUG}-{template}.{ext}"
        for template in STARTER_TEMPLATES
        for ext in ("docx", "md")
    )
    urls = {
        name: page.url + (links.nth(i).get_attribute("href") or "") for i, name in enumerate(names)
    }

    csv_response = page.request.get(urls["core-banking-revamp-checklist.csv"])
    assert csv_response.status == 200
    text = csv_response.body().decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))
    assert tuple(rows[0]) == COLUMNS
    assert {row[7] for row in rows[1:]} >= {"done", "overdue", "n/a"}

    json_response = page.request.get(urls["core-banking-revamp-checklist.json"])
    assert json_response.status == 200
    document = json.loads(json_response.body())
    assert document["project"] == "Core Banking Revamp"
    assert document["as_of"] == "2027-03-01"
    assert [row[0] for row in rows[1:]] == [row["id"] for row in document["rows"]]

    ics_response = page.request.get(urls["core-banking-revamp-checklist.ics"])
    assert ics_response.status == 200
    assert ics_response.body().startswith(b"BEGIN:VCALENDAR\r\n")
    assert b"BEGIN:VEVENT\r\n" in ics_response.body()
    todo_response = page.request.get(urls["core-banking-revamp-checklist.todo.ics"])
    assert todo_response.status == 200
    assert b"BEGIN:VTODO\r\n" in todo_response.body()

    jira_response = page.request.get(urls["core-banking-revamp-checklist.jira.csv"])
    assert jira_response.status == 200
    assert jira_response.body().startswith(b"Summary,Issue Type,Description,Due date,")

    xlsx_response = page.request.get(urls["core-banking-revamp-checklist.xlsx"])
    assert xlsx_response.status == 200
    assert xlsx_response.body().startswith(b"PK\x03\x04")

    html_response = page.request.get(urls["core-banking-revamp-checklist.html"])
    assert html_response.status == 200
    assert b"<h1>Core Banking Revamp</h1>" in html_response.body()

    md_response = page.request.get(urls["core-banking-revamp-checklist.md.txt"])
    assert md_response.status == 200
    assert md_response.body().decode("utf-8").startswith("# Core Banking Revamp: kickoff")


# --- The portfolio --------------------------------------------------------------------------


def test_portfolio_lists_every_shipped_project_with_progress(page: Page, site_url: str) -> None:
    open_page(page, site_url + PORTFOLIO)
    expect(page.locator("article h1")).to_have_text(re.compile(r"^Portfolio"))
    rows = page.locator("#pb-portfolio-table tbody tr")
    assert rows.count() == len(SHIPPED)
    found: dict[str, int] = {}
    for index in range(rows.count()):
        cells = rows.nth(index).locator("td")
        name = cells.nth(0).inner_text().strip()
        found[name] = _percent(cells.nth(3).inner_text())
        assert 0 <= found[name] <= 100
    assert sorted(found) == sorted(SHIPPED)


def test_portfolio_progress_matches_the_project_page(page: Page, site_url: str) -> None:
    open_page(page, site_url + PORTFOLIO)
    row = page.locator("#pb-portfolio-table tbody tr", has_text="Core Banking Revamp")
    listed = _percent(row.locator("td").nth(3).inner_text())
    row.locator("a", has_text="Core Banking Revamp").click()
    page.wait_for_load_state("networkidle")
    assert page.url == site_url + PROJECT
    value = page.locator("article progress.playbook-progress").get_attribute("value")
    assert int(value or "-1") == listed


@pytest.mark.parametrize("path", [PROJECT, PORTFOLIO], ids=["project", "portfolio"])
def test_page_makes_no_outside_request_and_no_error(
    page: Page, page_log: PageLog, site_url: str, path: str
) -> None:
    open_page(page, site_url + path)
    assert page_log.requests[0] == site_url + path
    assert outside_site(page_log.requests, site_url) == []
    assert page_log.errors == []
