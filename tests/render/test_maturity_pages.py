"""Maturity on the pages: a project's chart (an accessible SVG that tells nothing by colour),
its table and its self-assessment form, and the portfolio's averages per practice area.

The assessed project is tests/fixtures/project-assessed (governance 3.0 up from 1.5, risk 2.0
down from 3.0, other 1.0 first scored); a second project of the same playbook has not assessed
anything yet.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from pathlib import Path

import pytest

from generator.render.pages import PageRenderer
from generator.render.projects import render_projects
from generator.resolve.portfolio import portfolio_of
from generator.resolve.project import FilledProject, fill
from tests.support.fixtures import fixture_text
from tests.support.playbooks import load_demo_project

TODAY = dt.date(2027, 3, 15)
FIXTURE = fixture_text("project-assessed", "project.yaml")
FILES = {"practices.yaml": fixture_text("project-assessed", "practices.yaml")}
PAGE = "projects/p/index.md"


def _filled(
    root: Path, text: str = FIXTURE, files: Mapping[str, str | None] = FILES
) -> FilledProject:
    return fill(load_demo_project(root, text, files), TODAY)


def _pages(*projects: FilledProject) -> dict[str, str]:
    portfolio = portfolio_of(projects, {}, TODAY)
    return render_projects(projects, PageRenderer(None), [], portfolio)


def _between(text: str, start: str, end: str) -> str:
    return start + text.split(start, 1)[1].split(end, 1)[0] + end


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> str:
    return _pages(_filled(tmp_path_factory.mktemp("assessed")))[PAGE]


def test_the_chart_draws_each_area_now_and_before_with_words(page: str) -> None:
    assert _between(page, '<svg class="pb-maturity-chart"', "</svg>") == (
        '<svg class="pb-maturity-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 700 160" '
        'width="700" height="160" role="img" aria-labelledby="pb-maturity-title-p '
        'pb-maturity-desc-p">\n'
        '<title id="pb-maturity-title-p">Maturity per practice area, from 0 (not at all) to 4 '
        "(fully, and improving): self-assessment of 2027-03-01 against 2027-02-01.</title>\n"
        '<desc id="pb-maturity-desc-p">Governance: 3.0, up from 1.5; Risk: 2.0, down from 3.0; '
        "Other: 1.0, first score.</desc>\n"
        + "".join(
            f'<line x1="{x}" y1="26" x2="{x}" y2="154" stroke="currentColor" '
            f'stroke-opacity="0.3" stroke-width="1"/>\n'
            f'<text x="{x}" y="20" text-anchor="middle" font-size="12" '
            f'fill="currentColor">{score}</text>\n'
            for score, x in enumerate(range(170, 491, 80))
        )
        + '<text x="160" y="51" text-anchor="end" font-size="13" fill="currentColor">'
        "Governance</text>\n"
        '<rect class="pb-maturity-chart__now" x="170" y="39" width="240" height="16" '
        'fill="currentColor"/>\n'
        '<rect class="pb-maturity-chart__previous" x="170" y="59" width="120" height="7" '
        'fill="none" stroke="currentColor" stroke-width="1.5"/>\n'
        '<text x="502" y="51" font-size="13" fill="currentColor"><tspan font-weight="bold">'
        "3.0</tspan> ↑ up from 1.5</text>\n"
        '<text x="160" y="91" text-anchor="end" font-size="13" fill="currentColor">Risk</text>\n'
        '<rect class="pb-maturity-chart__now" x="170" y="79" width="160" height="16" '
        'fill="currentColor"/>\n'
        '<rect class="pb-maturity-chart__previous" x="170" y="99" width="240" height="7" '
        'fill="none" stroke="currentColor" stroke-width="1.5"/>\n'
        '<text x="502" y="91" font-size="13" fill="currentColor"><tspan font-weight="bold">'
        "2.0</tspan> ↓ down from 3.0</text>\n"
        '<text x="160" y="131" text-anchor="end" font-size="13" fill="currentColor">Other</text>\n'
        '<rect class="pb-maturity-chart__now" x="170" y="119" width="80" height="16" '
        'fill="currentColor"/>\n'
        '<text x="502" y="131" font-size="13" fill="currentColor"><tspan font-weight="bold">'
        "1.0</tspan> (first score)</text>\n"
        "</svg>"
    )


def test_no_colour_carries_meaning_in_the_chart(page: str) -> None:
    chart = _between(page, '<svg class="pb-maturity-chart"', "</svg>")
    colours = set(re.findall(r'(?:fill|stroke)="([^"]+)"', chart))
    assert colours == {"currentColor", "none"}


def test_the_table_holds_the_same_facts_and_the_open_actions(page: str) -> None:
    table = _between(page, '<table class="pb-maturity-table" id="pb-maturity-table">', "</table>")
    head, body = table.split("<tbody>")
    assert re.findall(r'<th scope="col">(.*?)</th>', head) == [
        "Practice area",
        "Practices assessed",
        'Now <span class="pb-register-detail">(2027-03-01)</span>',
        'Previous <span class="pb-register-detail">(2027-02-01)</span>',
        "Trend",
        "Open actions",
    ]
    rows = re.findall(r"<tr data-pb-area=.*?</tr>", body, re.DOTALL)
    assert rows == [
        '<tr data-pb-area="governance">\n<th scope="row">Governance</th>\n<td>2 of 2</td>\n'
        "<td><strong>3.0</strong></td>\n<td>1.5</td>\n"
        '<td><span aria-hidden="true">↑</span> up</td>\n<td>none</td>\n</tr>',
        '<tr data-pb-area="risk">\n<th scope="row">Risk</th>\n<td>1 of 1</td>\n'
        "<td><strong>2.0</strong></td>\n<td>3.0</td>\n"
        '<td><span aria-hidden="true">↓</span> down</td>\n<td><ul class="pb-maturity-actions">\n'
        '<li><a href="../../playbooks/demo/practices/risk-review/">Review risks monthly</a>: '
        "Put the register on every steering agenda</li>\n</ul>\n</td>\n</tr>",
        '<tr data-pb-area="other">\n<th scope="row">Other</th>\n<td>1 of 1</td>\n'
        "<td><strong>1.0</strong></td>\n"
        '<td><span aria-hidden="true">—</span><span class="pb-visually-hidden">not assessed'
        "</span></td>\n"
        '<td><span aria-hidden="true">—</span><span class="pb-visually-hidden">no trend'
        '</span></td>\n<td><ul class="pb-maturity-actions">\n'
        '<li><a href="../../playbooks/demo/practices/retrospectives/">Hold retrospectives</a>: '
        "Hold one after the pilot</li>\n</ul>\n</td>\n</tr>",
    ]


def test_the_form_has_a_radio_group_per_practice_in_a_fieldset_per_area(page: str) -> None:
    form = _between(page, '<form class="pb-form" id="pb-assess-form" novalidate>', "</form>")
    assert re.findall(r'<legend class="pb-legend pb-assess__area-legend">(.*?)</legend>', form) == [
        "Governance",
        "Risk",
        "Other",
    ]
    assert re.findall(r'data-pb-practice="([^"]+)"', form) == [
        "clear-decisions",
        "weekly-status",
        "risk-review",
        "retrospectives",
    ]
    weekly = _between(form, 'data-pb-practice="weekly-status">', "</fieldset>")
    assert re.findall(r'<label class="pb-choice__label" for="([^"]+)">(.*?)</label>', weekly) == [
        ("pb-assess-weekly-status-none", "Not assessed"),
        ("pb-assess-weekly-status-0", "0: not at all"),
        ("pb-assess-weekly-status-1", "1: a little"),
        ("pb-assess-weekly-status-2", "2: partly"),
        ("pb-assess-weekly-status-3", "3: largely"),
        ("pb-assess-weekly-status-4", "4: fully, and improving"),
    ]
    # The key questions and the last score are the group's hint.
    assert _between(
        weekly, '<div class="pb-hint" id="pb-assess-weekly-status-hint">', "</div>"
    ) == (
        '<div class="pb-hint" id="pb-assess-weekly-status-hint">\n<p>Key questions:</p>\n'
        '<ul class="pb-assess__questions">\n'
        '<li>Is a status note sent every week? <span class="pb-assess__scale">(yes or no)</span>'
        "</li>\n"
        "<li>How many of the stakeholders read it? "
        '<span class="pb-assess__scale">(0 to 4)</span></li>\n'
        "</ul>\n<p>Score on 2027-03-01: 4.</p>\n</div>"
    )
    assert 'aria-describedby="pb-assess-weekly-status-hint"' in weekly
    assert (
        '<label class="pb-label" for="pb-assess-weekly-status-action">Action '
        '<span class="pb-visually-hidden">for Report status weekly </span>'
        '<span class="pb-marker">(optional)</span></label>'
    ) in form
    assert "<p>Not assessed on 2027-03-01.</p>" not in form  # every practice was scored


def test_the_form_data_is_json_the_script_cannot_escape_from(tmp_path: Path) -> None:
    hostile = FIXTURE.replace(
        "Hold one after the pilot", "'</script><script>alert(1)</script> & <b>bold</b>'"
    )
    page = _pages(_filled(tmp_path, hostile))[PAGE]
    script = _between(page, '<script type="application/json" id="pb-assess-data">', "</script>")
    body = script.split(">", 1)[1].removesuffix("</script>")
    assert "<" not in body and "&" not in body
    data = json.loads(body)
    assert data["assessments"][1]["actions"][0] == [
        "retrospectives",
        "</script><script>alert(1)</script> & <b>bold</b>",
    ]
    assert data["anchors"] == {
        "section": "block",
        "section_line": 9,
        "insert_at": 25,
        "indent": "  ",
    }
    # In the table the action is text.
    assert (
        "Hold retrospectives</a>: &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; "
        "&lt;b&gt;bold&lt;/b&gt;</li>"
    ) in page


def test_a_project_without_assessments_gets_the_form_and_no_chart(tmp_path: Path) -> None:
    head, _, _ = FIXTURE.partition("assessments:")
    page = _pages(_filled(tmp_path, head))[PAGE]
    section = page.split("## Maturity { data-search-exclude }", 1)[1]
    assert "<svg" not in section and "pb-maturity-table" not in section
    assert (
        "<p>No self-assessment yet. Score the playbook's practices with the form below, or with "
        "<code>playbook assess p --score PRACTICE=N</code>, to see the project's maturity per "
        "practice area here.</p>"
    ) in section
    assert section.count("<p>Not assessed before.</p>") == 4
    assert '<form class="pb-form" id="pb-assess-form" novalidate>' in section


def test_a_playbook_without_practices_has_no_maturity_section(tmp_path: Path) -> None:
    head, _, _ = FIXTURE.partition("assessments:")
    page = _pages(_filled(tmp_path, head, {"practices.yaml": None}))[PAGE]
    assert "Maturity" not in page and "pb-assess" not in page


def test_the_portfolio_shows_the_average_per_area_and_each_project(tmp_path: Path) -> None:
    head, _, _ = FIXTURE.partition("assessments:")
    assessed = _filled(tmp_path / "a")
    second = fill(
        load_demo_project(
            tmp_path / "b",
            head.replace("Harbour Bank", "Alpine Bank")
            + "assessments:\n  - {date: 2027-03-02, scores: {weekly-status: 3}}\n",
            FILES,
        ),
        TODAY,
    )
    unassessed = _filled(tmp_path / "c", head.replace("Harbour Bank", "Zed Bank"))
    page = _pages(assessed, second, unassessed)["projects/index.md"]
    section = page.split("## Maturity", 1)[1]
    assert (
        "<p>From each project's latest self-assessment, scored from 0 (not at all) to 4 (fully, "
        "and improving): the average per practice area over the projects that assessed it; "
        "1 project has no self-assessment yet.</p>"
    ) in section
    averages = _between(
        section, '<table class="pb-maturity-table" id="pb-portfolio-maturity">', "</table>"
    )
    # Governance: 3.0 and 3.0; risk and other: the first project alone.
    assert re.findall(r"<tr>.*?</tr>", averages.split("<tbody>")[1]) == [
        '<tr><th scope="row">Governance</th><td><strong>3.0</strong></td><td>2</td></tr>',
        '<tr><th scope="row">Risk</th><td><strong>2.0</strong></td><td>1</td></tr>',
        '<tr><th scope="row">Other</th><td><strong>1.0</strong></td><td>1</td></tr>',
    ]
    per_project = _between(
        section, '<table class="pb-maturity-table" id="pb-portfolio-maturity-projects">', "</table>"
    )
    nothing = (
        '<span aria-hidden="true">—</span><span class="pb-visually-hidden">not assessed</span>'
    )
    assert re.findall(r'<th scope="col">(.*?)</th>', per_project) == [
        "Project",
        "Assessed on",
        "Governance",
        "Risk",
        "Other",
    ]
    # Both share the slug "p" (one folder each): by name, Alpine first.
    assert re.findall(r"<tr><th.*?</tr>", per_project.split("<tbody>")[1]) == [
        '<tr><th scope="row"><a href="p/#maturity">Alpine Bank</a></th><td>2027-03-02</td>'
        f"<td>3.0</td><td>{nothing}</td><td>{nothing}</td></tr>",
        '<tr><th scope="row"><a href="p/#maturity">Harbour Bank</a></th><td>2027-03-01</td>'
        "<td>3.0</td><td>2.0</td><td>1.0</td></tr>",
    ]


def test_the_portfolio_has_no_maturity_section_without_assessments(tmp_path: Path) -> None:
    head, _, _ = FIXTURE.partition("assessments:")
    page = _pages(_filled(tmp_path, head))["projects/index.md"]
    assert "## Maturity" not in page and "pb-portfolio-maturity" not in page
