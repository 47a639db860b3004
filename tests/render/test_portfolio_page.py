"""The portfolio page (projects/index.md): its table of projects, the heat map of every open
risk, the timeline, each with its text for screen readers, rendered from the four demo
projects of tests/support/portfolio.py (Zed was green at a build on 2027-02-22)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

import pytest

from generator.load.portfolio_history import Snapshot
from generator.render.pages import PageRenderer
from generator.render.projects import TIMELINE_LEFT, TIMELINE_WIDTH, render_projects, timeline_of
from generator.resolve.portfolio import Milestone, Portfolio, Schedule, portfolio_of
from tests.support.portfolio import (
    ALPHA,
    PLAYBOOK,
    TODAY,
    ZED,
    filled_projects,
    four_projects,
    project,
)

D = dt.date.fromisoformat
PAGE = "projects/index.md"


@pytest.fixture(scope="module")
def portfolio(tmp_path_factory: pytest.TempPathFactory) -> Portfolio:
    projects = four_projects(tmp_path_factory.mktemp("portfolio"))
    history = {"zed": (Snapshot(D("2027-02-22"), 0, "green", 0),)}
    return portfolio_of(projects, history, TODAY)


def page_of(portfolio: Portfolio, *, directory_urls: bool = True) -> str:
    renderer = PageRenderer(None, directory_urls=directory_urls)
    return render_projects(portfolio.projects, renderer, [], portfolio)[PAGE]


@pytest.fixture(scope="module")
def page(portfolio: Portfolio) -> str:
    return page_of(portfolio)


def rows(page: str) -> list[str]:
    """The table's rows, each as written (several lines)."""
    table = page.split('<table id="pb-portfolio-table">')[1].split("</table>")[0]
    return re.findall(r"<tr data-rag=.*?</tr>", table, re.DOTALL)


# --- The table of projects --------------------------------------------------------------------


def test_red_first_then_amber_then_green_then_by_name(page: str) -> None:
    order = re.findall(r'<tr data-rag="\w+" data-flags="[^"]*" data-search="([^"]*)"', page)
    assert order == ["Zed PM of Zed", "alpha PM of alpha", "Bravo PM of Bravo", "Beta PM of Beta"]


def test_the_header_says_the_table_is_sorted_by_rag(page: str) -> None:
    assert (
        '<caption class="pb-visually-hidden" id="pb-portfolio-caption">Projects, red first, then '
        "amber, then green, then by name</caption>\n"
        '<thead><tr><th scope="col" data-sort="text">Project</th>'
        '<th scope="col" data-sort="text">PM</th>'
        '<th scope="col" data-sort="number">Phase</th>'
        '<th scope="col" data-sort="number">Progress</th>'
        '<th scope="col" data-sort="number">Overdue</th>'
        '<th scope="col" data-sort="text">Next due</th>'
        '<th scope="col" data-sort="number">Top risk</th>'
        '<th scope="col" data-sort="number" aria-sort="ascending">RAG</th>'
        '<th scope="col" data-sort="number">Trend</th>'
        '<th scope="col" data-sort="number">Flags</th></tr></thead>\n'
    ) in page
    assert page.count("aria-sort") == 1


def test_a_red_project_with_its_reasons_top_risk_and_trend(page: str) -> None:
    assert rows(page)[0] == (
        '<tr data-rag="red" data-flags="" data-search="Zed PM of Zed">\n'
        '<td data-value="Zed"><a href="zed/">Zed</a></td>\n'
        '<td data-value="PM of Zed">PM of Zed</td>\n'
        '<td data-value="0">Initiate</td>\n'
        '<td data-value="0">0%</td>\n'
        '<td data-value="3">3</td>\n'
        '<td data-value=""><span class="pb-portfolio__none">Nothing due</span></td>\n'
        '<td data-value="16"><a href="../playbooks/demo/risks/scope-creep/">Scope creep</a><br>'
        'score 16, <span class="pb-band pb-band--critical">critical</span></td>\n'
        '<td data-value="0"><span class="pb-rag pb-rag--red" title="Red: A critical risk has no '
        'mitigation under way.">Red</span> <span class="pb-rag__reasons">A critical risk has no '
        "mitigation under way.</span></td>\n"
        '<td data-value="0">Since 2027-02-22: overdue up 3; was green, now red.</td>\n'
        '<td data-value="0"><span class="pb-portfolio__none">None</span></td>\n'
        "</tr>"
    )


def test_flags_say_upgrade_available_and_stale_in_words(page: str) -> None:
    bravo = rows(page)[2]
    assert bravo.startswith('<tr data-rag="amber" data-flags="upgrade stale" data-search="Bravo')
    assert (
        '<td data-value="2"><ul class="pb-flags"><li><span class="pb-flag">Upgrade available'
        '</span> 0.9.0 → 1.0.0</li><li><span class="pb-flag">Stale</span> no update since '
        "2027-01-15</li></ul></td>\n</tr>"
    ) in bravo
    assert '<td data-value=""><span class="pb-portfolio__none">No open risk</span></td>' in bravo
    assert '<td data-value="">No earlier build.</td>' in bravo


def test_the_next_due_task_is_a_date_and_a_link(page: str) -> None:
    assert (
        '<td data-value="2027-03-05"><time datetime="2027-03-05">2027-03-05</time><br>'
        '<a href="../playbooks/demo/tasks/approve-budget/">Approve the budget</a></td>'
    ) in rows(page)[1]
    assert (
        '<span class="pb-rag pb-rag--green" title="Green: No red or amber rule holds.">'
        in (rows(page)[3])
    )


def test_the_filters_are_hidden_until_the_script_shows_them(page: str) -> None:
    assert (
        '<div class="pb-filters pb-portfolio__filters" id="pb-portfolio-filters" role="group" '
        'aria-label="Filter the projects" hidden>\n'
    ) in page
    assert '<p class="pb-filters__count" id="pb-portfolio-count" role="status"></p>\n' in page
    assert page.count('type="checkbox"') == 3 and page.count(" checked>") == 3
    assert '<script src="../assets/javascripts/workbench.js"></script>' in page


def test_without_directory_urls_links_name_the_html_files(portfolio: Portfolio) -> None:
    page = page_of(portfolio, directory_urls=False)
    assert '<a href="../playbooks/demo/risks/scope-creep.html">Scope creep</a>' in page
    assert '<script src="../assets/javascripts/workbench.js"></script>' in page


def test_a_project_with_every_task_done_is_all_done(tmp_path: Path) -> None:
    done = "status:\n" + "".join(
        f"  {task}: {{state: done, date: 2027-02-01}}\n"
        for task in ("hold-kickoff", "approve-budget", "write-plan")
    )
    (filled,) = filled_projects(
        tmp_path, {"done": project("Done", "2027-02-01", team=5, extra=done)}
    )
    page = page_of(portfolio_of([filled], {}, TODAY))
    assert '<td data-value="5">All done</td>\n<td data-value="100">100%</td>' in page


def test_names_are_text_everywhere(tmp_path: Path) -> None:
    (filled,) = filled_projects(tmp_path, {"x": project("<b>Bold</b> & co", "2027-02-01")})
    page = page_of(portfolio_of([filled], {}, TODAY))
    assert "<b>" not in page
    shown = "&lt;b&gt;Bold&lt;/b&gt; &amp; co"
    assert f'<a href="x/">{shown}</a>' in page  # the table
    assert f"Likelihood 3, impact 4 (high): Scope creep ({shown})</title>" in page  # the heat map
    assert f'<text x="8" y="54" font-size="13" fill="currentColor">{shown}</text>' in page
    assert f'<tr><td><a href="x/">{shown}</a></td><td>2027-02-01</td>' in page  # the timeline's


def test_without_projects_the_page_says_how_to_start_one() -> None:
    page = render_projects((), PageRenderer(None), [])[PAGE]
    assert "No projects yet. Start one with" in page
    assert "<table" not in page and "<svg" not in page and "as of" not in page


# --- The heat map -----------------------------------------------------------------------------


def test_the_heat_map_counts_open_risks_where_they_stand_now(page: str) -> None:
    svg = page.split('<svg class="risk-heatmap pb-portfolio-heatmap"')[1].split("</svg>")[0]
    assert svg.count("<rect ") == 25
    assert (
        '<title id="pb-portfolio-heatmap-title">Portfolio risk heat map: 2 open risks of 4 '
        "projects by current likelihood (rows) and impact (columns); the table below lists "
        "them.</title>"
    ) in svg
    assert (
        '<rect x="182" y="44" width="42" height="42" rx="3" fill="#ef9a9a"><title>Likelihood 4, '
        "impact 4 (critical): Scope creep (Zed)</title></rect>\n"
        '<text x="203" y="71" text-anchor="middle" font-size="15" font-weight="bold" '
        'fill="#000">1</text>'
    ) in svg
    assert (
        '<rect x="94" y="132" width="42" height="42" rx="3" fill="#c8e6c9"><title>Likelihood 2, '
        "impact 2 (low): Scope creep (alpha)</title></rect>"
    ) in svg
    assert svg.count('font-weight="bold"') == 2


def test_the_heat_map_has_its_legend_and_a_table(page: str) -> None:
    assert (
        '<ul class="risk-legend" aria-label="Legend of the heat map">\n'
        '<li><span class="risk-legend__swatch" style="background: #c8e6c9"></span>Low: score 1 '
        "to 4</li>\n"
        '<li><span class="risk-legend__swatch" style="background: #fff59d"></span>Medium: 5 to '
        "9</li>\n"
        '<li><span class="risk-legend__swatch" style="background: #ffcc80"></span>High: 10 to '
        "15</li>\n"
        '<li><span class="risk-legend__swatch" style="background: #ef9a9a"></span>Critical: 16 '
        "to 25</li>\n</ul>\n</div>\n"
    ) in page
    assert (
        '<details class="pb-portfolio__data">\n<summary>The heat map as a table</summary>\n'
        '<table id="pb-portfolio-risks">\n'
        '<thead><tr><th scope="col">Likelihood</th><th scope="col">Impact</th>'
        '<th scope="col">Band</th><th scope="col">Open risks</th>'
        '<th scope="col">Risks (project)</th></tr></thead>\n'
        "<tbody>\n"
        "<tr><td>4</td><td>4</td><td>critical</td><td>1</td><td>Scope creep "
        '(<a href="zed/#risk-register">Zed</a>)</td></tr>\n'
        "<tr><td>2</td><td>2</td><td>low</td><td>1</td><td>Scope creep "
        '(<a href="alpha/#risk-register">alpha</a>)</td></tr>\n'
        "</tbody>\n</table>\n</details>\n"
    ) in page
    assert "band scores differently" not in page


def test_playbooks_with_other_bands_are_named_in_the_table(tmp_path: Path) -> None:
    (zed,) = filled_projects(tmp_path / "one", {"zed": ZED})
    banded = PLAYBOOK + "risk_bands: {medium: 3, high: 6, critical: 9}\n"
    (alpha,) = filled_projects(tmp_path / "two", {"alpha": ALPHA}, playbook=banded)
    page = page_of(portfolio_of([zed, alpha], {}, TODAY))
    assert (
        '<p class="pb-portfolio__note">The playbooks band scores differently: the cells are '
        "coloured by the default bands above, and the table gives each risk the band of its own "
        "playbook.</p>"
    ) in page
    assert '<td>Scope creep (<a href="alpha/#risk-register">alpha</a>, medium)</td>' in page


def test_without_open_risks_there_is_no_heat_map(tmp_path: Path) -> None:
    (filled,) = filled_projects(tmp_path, {"small": project("Small", "2027-02-01", team=5)})
    page = page_of(portfolio_of([filled], {}, TODAY))
    assert "## Open risks\n\n\n<p>No project has an open risk.</p>\n" in page
    assert "risk-heatmap" not in page


# --- The timeline -----------------------------------------------------------------------------


def test_timeline_positions_are_whole_pixels_of_a_fixed_scale(portfolio: Portfolio) -> None:
    schedules = (
        Schedule(
            "a",
            "A",
            D("2027-01-31"),
            D("2027-04-10"),
            True,
            (Milestone(D("2027-03-02"), "Decide", "decision"),),
        ),
        Schedule("b", "B", D("2027-02-15"), None, False, ()),
    )
    timeline = timeline_of(dataclasses.replace(portfolio, schedules=schedules))
    # January to April: 120 days over 736 pixels, from x = 8.
    assert (timeline.start, timeline.end) == (D("2027-01-01"), D("2027-05-01"))
    plot = TIMELINE_WIDTH - 8 - 16
    assert TIMELINE_LEFT == 8 and plot == 736

    def x(date: str) -> int:
        return 8 + (D(date) - D("2027-01-01")).days * 736 // 120

    first, second = timeline.bars
    assert (first.x1, first.x2, first.y) == (x("2027-01-31"), x("2027-04-10"), 40) == (192, 615, 40)
    assert [mark.x for mark in first.marks] == [x("2027-03-02")]
    assert (second.x1, second.x2, second.y) == (x("2027-02-15"), x("2027-02-15"), 84)
    assert timeline.today_x == x("2027-03-01") == 369
    assert [(tick.x, tick.label) for tick in timeline.ticks] == [
        (8, "Jan 2027"),
        (x("2027-02-01"), "Feb 2027"),
        (x("2027-03-01"), "Mar 2027"),
        (x("2027-04-01"), "Apr 2027"),
    ]
    assert (timeline.width, timeline.height) == (760, 40 + 2 * 44 + 8)


def test_a_long_timeline_labels_at_most_eight_months(portfolio: Portfolio) -> None:
    schedules = (Schedule("a", "A", D("2026-01-10"), D("2028-12-20"), True, ()),)
    ticks = timeline_of(dataclasses.replace(portfolio, schedules=schedules)).ticks
    # 36 months: every fifth is labelled.
    assert [tick.label for tick in ticks] == [
        "Jan 2026",
        "Jun 2026",
        "Nov 2026",
        "Apr 2027",
        "Sep 2027",
        "Feb 2028",
        "Jul 2028",
        "Dec 2028",
    ]


def test_a_project_bar_with_go_live_and_milestones(page: str) -> None:
    assert (
        '<g class="pb-timeline__project">\n'
        '<text x="8" y="186" font-size="13" fill="currentColor">Beta</text>\n'
        '<rect class="pb-timeline__bar" x="247" y="192" width="492" height="14" rx="3"><title>'
        "Beta: kickoff 2027-03-01, go-live 2027-06-30</title></rect>\n"
        '<line class="pb-timeline__phase-end" x1="247" y1="187" x2="247" y2="211"><title>End of '
        "initiate: 2027-03-01</title></line>\n"
        '<line class="pb-timeline__phase-end" x1="321" y1="187" x2="321" y2="211"><title>End of '
        "plan: 2027-03-19</title></line>\n"
        "</g>\n"
    ) in page
    assert (
        '<polygon class="pb-timeline__decision" points="174,103 181,111 174,119 167,111"><title>'
        "Decision due 2027-02-11: Approve the budget</title></polygon>"
    ) in page
    assert (
        '<rect class="pb-timeline__bar pb-timeline__bar--due" x="134" y="104" width="73" '
        'height="14" rx="3"><title>Zed: kickoff 2027-02-01, last due date 2027-02-19</title></rect>'
    ) in page


def test_the_timeline_has_a_name_a_description_and_a_today_line(page: str) -> None:
    assert (
        '<div class="pb-timeline-wrap" tabindex="0" role="region" aria-label="Timeline chart">\n'
        '<svg class="pb-timeline" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 760 224" '
        'width="760" height="224" role="img" aria-labelledby="pb-timeline-title" '
        'aria-describedby="pb-timeline-desc">\n'
        '<title id="pb-timeline-title">Timeline of 4 projects, from kickoff to go-live</title>\n'
        '<desc id="pb-timeline-desc">From 2027-01-01 to 2027-07-01; a dashed vertical line marks '
        "today, 2027-03-01. Diamonds are decisions due, short upright lines the end of a phase. "
        "The table below lists the same dates.</desc>\n"
    ) in page
    assert (
        '<line class="pb-timeline__today" x1="247" y1="20" x2="247" y2="216"/>\n'
        '<text x="247" y="31" text-anchor="middle" font-size="12" font-weight="bold" '
        'fill="currentColor">Today</text>\n</svg>'
    ) in page


def test_the_timeline_as_a_table(page: str) -> None:
    no_go_live = "(last due date; no go-live date)"
    assert (
        '<table id="pb-portfolio-timeline">\n'
        '<thead><tr><th scope="col">Project</th><th scope="col">Kickoff</th>'
        '<th scope="col">Go-live</th><th scope="col">Milestones</th></tr></thead>\n'
        "<tbody>\n"
        '<tr><td><a href="bravo/">Bravo</a></td><td>2027-01-15</td>'
        f"<td>2027-02-04 {no_go_live}</td><td>2027-01-15: End of initiate<br>"
        "2027-01-25: Approve the budget (decision)<br>2027-02-04: End of plan</td></tr>\n"
        '<tr><td><a href="zed/">Zed</a></td><td>2027-02-01</td>'
        f"<td>2027-02-19 {no_go_live}</td><td>2027-02-01: End of initiate<br>"
        "2027-02-11: Approve the budget (decision)<br>2027-02-19: End of plan</td></tr>\n"
        '<tr><td><a href="alpha/">alpha</a></td><td>2027-02-25</td>'
        f"<td>2027-03-17 {no_go_live}</td><td>2027-02-25: End of initiate<br>"
        "2027-03-05: Approve the budget (decision)<br>2027-03-17: End of plan</td></tr>\n"
        '<tr><td><a href="beta/">Beta</a></td><td>2027-03-01</td><td>2027-06-30</td>'
        "<td>2027-03-01: End of initiate<br>2027-03-19: End of plan</td></tr>\n"
        "</tbody>\n</table>\n</details>\n"
    ) in page


def test_a_project_without_any_date_to_end_at_gets_a_note(portfolio: Portfolio) -> None:
    lone = Schedule("n", "Nowhere", D("2027-02-15"), None, False, ())
    shown = dataclasses.replace(portfolio, schedules=(lone,))
    html = PageRenderer(None).render_html(
        "portfolio-timeline.html.j2", portfolio=shown, timeline=timeline_of(shown)
    )
    assert (
        # February and March (59 days) over 736 pixels: the 15th is 14 days in.
        f'<circle class="pb-timeline__start" cx="{8 + 14 * 736 // 59}" cy="67" r="5"><title>'
        "Nowhere: kickoff 2027-02-15</title></circle>\n"
        f'<text x="{18 + 14 * 736 // 59}" y="71" font-size="12" fill="currentColor">'
        "no go-live or due date</text>"
    ) in html
    assert (
        ">Nowhere</a></td><td>2027-02-15</td><td>None (no go-live or due date)</td>"
        "<td>None</td></tr>"
    ) in html
    assert "<rect" not in html.split("</svg>")[0].split("Nowhere</text>")[1]


def test_the_same_portfolio_renders_the_same_bytes(portfolio: Portfolio, page: str) -> None:
    assert page_of(portfolio) == page
