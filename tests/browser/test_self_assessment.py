"""The self-assessment form on a project's page, in Chromium: it hands back the project file
byte for byte as `playbook assess` writes it, with the lines it adds, the maturity with it and
the same command; errors show beside the fields and in a summary that leads to them, with no
serious accessibility violation in either colour scheme; without JavaScript the page shows the
command instead.

The shipped site is built as of 2027-03-01 (tests/conftest.py): core-banking-revamp's latest
assessment is of 2027-02-26. The command line runs in a copy of the repository in tmp_path.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from generator.model.items import Practice
from generator.model.playbook import Playbook
from generator.pipeline import load_catalog
from generator.projects.files import load_project
from generator.resolve.maturity import AreaMaturity, NewAssessment, assessment_lines, maturity_of
from tests.browser.test_workbench import (
    PROJECT,
    SCHEMES,
    downloaded,
    project_url,
    repository_copy,
)
from tests.conftest import REPO
from tests.support.browser import PageLog, open_page, outside_site, serious_violations
from tests.support.cli import invoke
from tests.support.project import project_settings

pytestmark = pytest.mark.browser

DT = "digital-transformation"
DATE = "2027-03-10"  # after the latest assessment, 2027-02-26
# In the playbook's order (by id), as `playbook assess` writes them.
SCORES = {"manage-vendors-actively": 2, "monitor-progress": 3, "track-benefits-realisation": 2}
ACTION = ("monitor-progress", 'Weekly review: "RAG" & risks')


@pytest.fixture(scope="module")
def playbook() -> Playbook:
    found = {p.id: p for p in load_catalog(project_settings(REPO)).playbooks}
    return found[DT]


def title(playbook: Playbook, practice: str) -> str:
    item = playbook.item(practice)
    assert isinstance(item, Practice)
    return item.title


def score(page: Page, playbook: Playbook, practice: str, value: str) -> None:
    group = page.get_by_role("group", name=title(playbook, practice), exact=True)
    group.get_by_role("radio", name=value, exact=True).check()


LABELS = ["0: not at all", "1: a little", "2: partly", "3: largely", "4: fully, and improving"]


def fill_assessment(page: Page, playbook: Playbook) -> None:
    page.get_by_role("textbox", name="Date of the assessment", exact=True).fill(DATE)
    for practice, value in SCORES.items():
        score(page, playbook, practice, LABELS[value])
    practice, text = ACTION
    page.get_by_role(
        "textbox", name=f"Action for {title(playbook, practice)} (optional)", exact=True
    ).fill(f"  {text} ")


def area_text(area: AreaMaturity) -> str:
    """An area as the form lists it (assess-page.js assessAreaText)."""
    if area.trend == "":
        return f"{area.label}: {area.now_text}"
    if area.trend == "steady":
        return f"{area.label}: {area.now_text}, steady"
    return f"{area.label}: {area.now_text}, {area.trend} from {area.previous_text}"


def test_the_form_hands_back_the_file_playbook_assess_writes(
    page: Page, page_log: PageLog, site_url: str, tmp_path: Path, playbook: Playbook
) -> None:
    open_page(page, project_url(site_url))
    form = page.locator("#pb-assess-form")
    expect(form).to_be_visible()
    expect(page.locator("#pb-assess [data-pb-nojs]")).to_be_hidden()
    fill_assessment(page, playbook)
    page.get_by_role("button", name="Add the assessment", exact=True).click()
    result = page.locator("#pb-assess-result")
    expect(result).to_be_visible()
    expect(result).to_be_focused()
    expect(page.locator("#pb-assess-errors")).to_be_hidden()
    name, data = downloaded(
        page,
        lambda: page.get_by_role("button", name="Download updated project file").click(),
    )
    assert name == f"{PROJECT}.yaml"
    root = repository_copy(tmp_path)
    args = ["assess", PROJECT, "--date", DATE]
    args += [f"--score={practice}={value}" for practice, value in SCORES.items()]
    args += [f"--action={ACTION[0]}={ACTION[1]}"]
    ran = invoke(root, *args)
    assert ran.exit_code == 0, ran.stderr
    expected = (root / "projects" / f"{PROJECT}.yaml").read_bytes()
    assert data == expected
    # The lines it adds, and the maturity with them, are Python's.
    new = NewAssessment(dt.date.fromisoformat(DATE), tuple(SCORES.items()), (ACTION,))
    expect(page.locator("#pb-assess-block")).to_have_text("\n".join(assessment_lines(new, "  ")))
    maturity = maturity_of(load_project(project_settings(root), PROJECT))
    shown = [area_text(area) for area in maturity.areas if area.now is not None]
    expect(page.locator("#pb-assess-maturity li")).to_have_text(shown)
    assert "Delivery: 2.0, up from 1.0" in shown
    expect(page.locator("#pb-assess-command")).to_have_text(
        f"playbook assess {PROJECT} --date {DATE} \\\n"
        "    --score manage-vendors-actively=2 \\\n"
        "    --score monitor-progress=3 \\\n"
        "    --score track-benefits-realisation=2 \\\n"
        "    --action 'monitor-progress=Weekly review: \"RAG\" & risks'"
    )
    expect(page.locator("#pb-assess-status")).to_contain_text(f"Downloaded {name}")
    assert page_log.errors == []
    assert outside_site(page_log.requests, site_url) == []


def _summary_links(page: Page) -> list[str]:
    links: list[str] = page.locator("#pb-assess-errors a").all_inner_texts()
    return links


def test_errors_show_beside_the_fields_and_in_a_summary_that_leads_to_them(
    page: Page, site_url: str, playbook: Playbook
) -> None:
    open_page(page, project_url(site_url))
    page.get_by_role("textbox", name="Date of the assessment", exact=True).fill("2027-02-20")
    page.get_by_role("button", name="Add the assessment", exact=True).click()
    summary = page.locator("#pb-assess-errors")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(page.locator("#pb-assess-result")).to_be_hidden()
    # The first practice the form shows: the first area (delivery), in the playbook's order.
    assert _summary_links(page) == [
        "Date of the assessment: The date must be after 2027-02-26, the date of the latest "
        "assessment",
        "Choose a score for at least one practice",
    ]
    expect(page.locator("#pb-assess-date-error")).to_have_text(
        "Error: The date must be after 2027-02-26, the date of the latest assessment"
    )
    expect(page.locator("#pb-assess-date")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#pb-assess-manage-vendors-actively-error")).to_have_text(
        "Error: Choose a score for at least one practice"
    )
    # Errors follow the edits once shown.
    page.get_by_role("textbox", name="Date of the assessment", exact=True).fill(DATE)
    benefits = title(playbook, "track-benefits-realisation")
    page.get_by_role("textbox", name=f"Action for {benefits} (optional)", exact=True).fill("Later")
    assert _summary_links(page) == [f"Choose a score for {benefits}, or clear its action"]
    summary.get_by_role("link").click()
    expect(page.locator("#pb-assess-track-benefits-realisation-none")).to_be_focused()
    score(page, playbook, "track-benefits-realisation", "1: a little")
    expect(summary).to_be_hidden()
    expect(page.locator("#pb-assess-result")).to_be_visible()


@pytest.mark.parametrize("scheme", list(SCHEMES))
def test_the_form_has_no_serious_accessibility_violation(
    page: Page, site_url: str, axe_source: str, scheme: str, playbook: Playbook
) -> None:
    page.emulate_media(color_scheme="dark" if scheme == "dark" else "light")
    open_page(page, project_url(site_url))
    assert page.evaluate("document.body.dataset.mdColorScheme") == SCHEMES[scheme]
    found: list[str] = []
    page.get_by_role("textbox", name="Date of the assessment", exact=True).fill("2027-02-30")
    benefits = title(playbook, "track-benefits-realisation")
    page.get_by_role("textbox", name=f"Action for {benefits} (optional)", exact=True).fill("x")
    page.get_by_role("button", name="Add the assessment", exact=True).click()
    expect(page.locator("#pb-assess-errors")).to_be_visible()
    assert len(_summary_links(page)) == 2
    found += serious_violations(page, axe_source, f"{scheme}: self-assessment, errors shown")
    fill_assessment(page, playbook)
    score(page, playbook, "track-benefits-realisation", "1: a little")
    page.get_by_role("button", name="Add the assessment", exact=True).click()
    expect(page.locator("#pb-assess-result")).to_be_visible()
    page.locator("#pb-assess-result summary").click()
    found += serious_violations(page, axe_source, f"{scheme}: self-assessment, result shown")
    assert found == [], "\n" + "\n".join(dict.fromkeys(found))


def test_without_javascript_the_page_shows_the_command(browser: Browser, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(project_url(site_url))
        note = page.locator("#pb-assess [data-pb-nojs]")
        expect(note).to_be_visible()
        expect(note).to_contain_text(f"playbook assess {PROJECT} --score PRACTICE=N")
        expect(page.locator("#pb-assess-form")).to_be_hidden()
        # The chart and its table are there all the same.
        expect(page.locator("svg.pb-maturity-chart")).to_be_visible()
        expect(page.locator("#pb-maturity-table tbody tr")).to_have_count(6)
    finally:
        context.close()


@pytest.mark.parametrize("path", [f"projects/{PROJECT}/", "projects/"])
def test_on_a_narrow_screen_maturity_scrolls_inside_the_page(
    page: Page, site_url: str, path: str
) -> None:
    page.set_viewport_size({"width": 360, "height": 740})
    open_page(page, site_url + path)
    sizes = page.evaluate(
        """() => ({
          page: document.documentElement.scrollWidth,
          viewport: document.documentElement.clientWidth,
          wraps: Array.from(document.querySelectorAll(
            ".pb-maturity-chart-wrap, .pb-maturity-table-wrap"), (wrap) => ({
              label: wrap.getAttribute("aria-label"),
              inside: wrap.getBoundingClientRect().right <= document.documentElement.clientWidth,
              scrolls: wrap.scrollWidth > wrap.clientWidth,
              focusable: wrap.tabIndex === 0,
            })),
          chart: document.querySelector("svg.pb-maturity-chart")?.getBoundingClientRect().width,
        })"""
    )
    if path == "projects/":
        assert sizes["page"] <= sizes["viewport"], sizes
        assert sizes["wraps"] == [
            {
                "label": "Maturity of each project",
                "inside": True,
                "scrolls": True,
                "focusable": True,
            }
        ]
    else:
        # (The checklist's own tables make this page a little wider than a phone already.)
        assert sizes["chart"] == 560, sizes  # readable, and it scrolls
        assert sizes["wraps"] == [
            {"label": "Maturity chart", "inside": True, "scrolls": True, "focusable": True},
            {"label": "Maturity table", "inside": True, "scrolls": True, "focusable": True},
        ]
