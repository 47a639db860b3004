"""Risks in depth on the site: the project page's status (RAG) in words, its risk register with
inherent, residual and target scores, trend, proximity and mitigation progress, its checklist
naming what each task mitigates and which tasks are decisions; and the playbook's risk and task
pages linking mitigation both ways.

The sample (tests/fixtures/sample) as of 2027-03-01, with:
- scope-creep mitigated by kickoff-meeting (a decision, overdue) and appoint-sponsor (done),
  target 6; the project assessed it twice (16, then 12: better), proximity the execute phase;
- banking-cutover mitigated by regulator-notice (n/a), residual 1 x 5 without a log,
  proximity 2027-06-30, no target.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import markdown
import pytest

from generator.pipeline import generate_pages
from tests.conftest import SAMPLE
from tests.support.files import replace_in
from tests.support.project import project_settings

TODAY = dt.date(2027, 3, 1)
PROJECT_PAGE = "projects/harbour-bank/index.md"
RISKS = "playbooks/sample/risks"
TASKS = "playbooks/sample/tasks"


def risks_in_depth(root: Path) -> None:
    """The edits the module's docstring lists, to a copy of the sample at ``root``."""
    playbook = root / "playbooks" / "sample"
    replace_in(
        playbook / "risks.yaml",
        "    practices: [define-scope]\n",
        "    practices: [define-scope]\n"
        "    mitigated_by: [kickoff-meeting, appoint-sponsor]\n"
        "    target: 6\n",
    )
    replace_in(
        playbook / "risks.yaml",
        "    owner_role: sponsor\n",
        "    owner_role: sponsor\n    mitigated_by: [regulator-notice]\n",
    )
    replace_in(playbook / "tasks.yaml", "    due: 0d\n", "    due: 0d\n    decision: true\n")
    replace_in(
        root / "projects" / "harbour-bank.yaml",
        "  scope-creep: {likelihood: 5, impact: 4, owner: Dana Ruiz}",
        "  scope-creep:\n"
        "    likelihood: 5\n"
        "    impact: 4\n"
        "    owner: Dana Ruiz\n"
        "    proximity: execute\n"
        "    assessments:\n"
        "      - {date: 2027-02-01, likelihood: 4, impact: 4}\n"
        "      - {date: 2027-02-15, likelihood: 3, impact: 4}\n"
        "  banking-cutover: {residual: {likelihood: 1, impact: 5}, proximity: 2027-06-30}",
    )


def _render(root: Path, templates_dir: str | None = None) -> dict[str, str]:
    pages = generate_pages(project_settings(root, today=TODAY, templates_dir=templates_dir))
    return {path: text for path, text in pages.items() if isinstance(text, str)}


@pytest.fixture(scope="module")
def in_depth_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("in-depth") / "project"
    shutil.copytree(SAMPLE, root)
    risks_in_depth(root)
    return root


@pytest.fixture(scope="module")
def pages(in_depth_root: Path) -> dict[str, str]:
    return _render(in_depth_root)


def _line(page: str, start: str) -> str:
    """The one line of ``page`` that starts with ``start``."""
    (found,) = [line for line in page.splitlines() if line.startswith(start)]
    return found


def _element(page: str, tag: str, element_id: str) -> str:
    """The element ``<tag id="element_id" ...>...</tag>`` (not nested in one of its kind)."""
    found = re.search(rf'<{tag} id="{element_id}"[^>]*>.*?</{tag}>', page, re.DOTALL)
    assert found is not None, element_id
    return found.group()


def _task_row(page: str, item_id: str) -> str:
    found = re.search(rf'<tr data-pb-item="{item_id}" id="pb-task-{item_id}">.*?</tr>', page)
    assert found is not None, item_id
    return found.group()


# --- The status ----------------------------------------------------------------------------


STATUS = '<p class="pb-register-rag" id="pb-register-rag">'


def _status(colour: str, reasons: str) -> str:
    return (
        f'{STATUS}<strong>Status: <span class="pb-register-rag__badge '
        f'pb-register-rag__badge--{colour.lower()}">{colour}</span></strong> — {reasons}</p>'
    )


def test_the_project_page_states_its_status_and_reasons_in_words(pages: dict[str, str]) -> None:
    page = pages[PROJECT_PAGE]
    # kickoff-meeting is overdue; scope-creep now scores 12 (high) and its mitigation is late.
    assert _line(page, STATUS) == _status(
        "Amber", "Tasks are overdue. A high risk has no mitigation under way."
    )
    # Under the summary: after its table, before the progress bar.
    summary_end = page.index("</table>", page.index('<table id="pb-summary">'))
    assert summary_end < page.index(STATUS) < page.index('<progress class="playbook-progress"')


def test_a_red_status_names_the_red_rules_only(sample_project: Path) -> None:
    # Unedited, scope-creep scores 20 (critical) and nothing mitigates it.
    page = _render(sample_project)[PROJECT_PAGE]
    assert _line(page, STATUS) == _status("Red", "A critical risk has no mitigation under way.")


def test_a_green_status_says_no_rule_holds(sample_project: Path) -> None:
    playbook = sample_project / "playbooks" / "sample" / "playbook.yaml"
    playbook.write_text(
        playbook.read_text(encoding="utf-8") + "reporting:\n  rag: {red: [], amber: []}\n",
        encoding="utf-8",
    )
    page = _render(sample_project)[PROJECT_PAGE]
    assert _line(page, STATUS) == _status("Green", "No red or amber rule holds.")


def test_the_reasons_are_text_whatever_the_playbook_writes(sample_project: Path) -> None:
    playbook = sample_project / "playbooks" / "sample" / "playbook.yaml"
    playbook.write_text(
        playbook.read_text(encoding="utf-8")
        + "reporting:\n"
        + "  rag:\n"
        + "    red:\n"
        + "      - when: overdue > 0\n"
        + '        because: "<script>alert(1)</script> *late* & [x](javascript:y) \\\\ `"\n',
        encoding="utf-8",
    )
    line = _line(_render(sample_project)[PROJECT_PAGE], STATUS)
    assert line == _status(
        "Red", "&lt;script&gt;alert(1)&lt;/script&gt; *late* &amp; [x](javascript:y) \\ `"
    )
    # A raw HTML block: Markdown passes it as it is (no emphasis, no link, no backslash eaten).
    extensions = ["admonition", "attr_list", "tables", "fenced_code", "toc"]
    assert markdown.markdown(line, extensions=extensions) == line


# --- The risk register ---------------------------------------------------------------------


REGISTER_HEAD = (
    '<thead><tr><th scope="col">Risk</th><th scope="col">Inherent '
    '<span class="pb-register-detail">(likelihood \N{MULTIPLICATION SIGN} impact)</span></th>'
    '<th scope="col">Residual</th><th scope="col">Target</th>'
    '<th scope="col">Trend</th><th scope="col">Proximity</th><th scope="col">Mitigation</th>'
    '<th scope="col">Owner</th><th scope="col">Response</th></tr></thead>'
)


def test_the_register_has_three_scores_trend_proximity_and_mitigation(
    pages: dict[str, str],
) -> None:
    page = pages[PROJECT_PAGE]
    assert _line(page, '<thead><tr><th scope="col">Risk</th>') == REGISTER_HEAD
    assert _element(page, "tr", "pb-risk-scope-creep") == (
        '<tr id="pb-risk-scope-creep" data-cell="l5-i4">\n'
        '<td><a href="../../playbooks/sample/risks/scope-creep/">Scope creep</a></td>\n'
        '<td class="pb-register-score">20 <span class="pb-band pb-band--critical">critical'
        '</span><br><span class="pb-register-detail">(5 \N{MULTIPLICATION SIGN} 4)</span></td>\n'
        '<td class="pb-register-score">12 <span class="pb-band pb-band--high">high</span>'
        '<br><span class="pb-register-detail">(3 \N{MULTIPLICATION SIGN} 4, on 2027-02-15)'
        "</span></td>\n"
        '<td class="pb-register-score">6 <span class="pb-band pb-band--medium">medium</span>'
        "</td>\n"
        '<td class="pb-register-trend"><span aria-hidden="true">↓</span> better</td>\n'
        '<td class="pb-register-proximity">execute phase</td>\n'
        '<td class="pb-register-mitigation">1 of 2 done, <strong>late</strong>'
        '<ul class="pb-register-tasks">\n'
        '<li><a href="#pb-task-kickoff-meeting">Hold the kickoff meeting</a> (overdue)</li>\n'
        '<li><a href="#pb-task-appoint-sponsor">Appoint the sponsor</a> (done)</li>\n'
        "</ul>\n"
        "</td>\n"
        "<td>Dana Ruiz</td>\n"
        "<td>mitigate</td>\n"
        "</tr>"
    )


def test_what_a_risk_lacks_is_said_to_screen_readers(pages: dict[str, str]) -> None:
    # No target, no trend (a residual without a log), a date for proximity, and a mitigating
    # task that is n/a: nothing is counted.
    assert _element(pages[PROJECT_PAGE], "tr", "pb-risk-banking-cutover") == (
        '<tr id="pb-risk-banking-cutover" data-cell="l2-i5">\n'
        '<td><a href="../../playbooks/sample/risks/banking-cutover/">Core banking cut-over '
        "fails</a></td>\n"
        '<td class="pb-register-score">10 <span class="pb-band pb-band--high">high</span>'
        '<br><span class="pb-register-detail">(2 \N{MULTIPLICATION SIGN} 5)</span></td>\n'
        '<td class="pb-register-score">5 <span class="pb-band pb-band--medium">medium</span>'
        '<br><span class="pb-register-detail">(1 \N{MULTIPLICATION SIGN} 5)</span></td>\n'
        '<td class="pb-register-score"><span aria-hidden="true">—</span>'
        '<span class="pb-visually-hidden">no target</span></td>\n'
        '<td class="pb-register-trend"><span aria-hidden="true">—</span>'
        '<span class="pb-visually-hidden">no trend</span></td>\n'
        '<td class="pb-register-proximity">2027-06-30</td>\n'
        '<td class="pb-register-mitigation">none: every mitigating task is n/a'
        '<ul class="pb-register-tasks">\n'
        '<li><a href="#pb-task-regulator-notice">Notify the regulator</a> (n/a)</li>\n'
        "</ul>\n"
        "</td>\n"
        "<td>Executive sponsor</td>\n"
        "<td>avoid</td>\n"
        "</tr>"
    )


def test_a_risk_never_assessed_and_never_mitigated(sample_project: Path) -> None:
    page = _render(sample_project)[PROJECT_PAGE]
    row = _element(page, "tr", "pb-risk-scope-creep").splitlines()
    assert row[3:8] == [
        '<td class="pb-register-score">not assessed</td>',
        '<td class="pb-register-score"><span aria-hidden="true">—</span>'
        '<span class="pb-visually-hidden">no target</span></td>',
        '<td class="pb-register-trend"><span aria-hidden="true">—</span>'
        '<span class="pb-visually-hidden">no trend</span></td>',
        '<td class="pb-register-proximity"><span aria-hidden="true">—</span>'
        '<span class="pb-visually-hidden">not set</span></td>',
        '<td class="pb-register-mitigation">none</td>',  # and no list of tasks
    ]


@pytest.mark.parametrize(
    ("states", "expected"),
    [
        # appoint-sponsor is done; kickoff-meeting open (not yet due), overdue, done.
        ("2027-01-01", "1 of 2 done, under way"),
        ("2027-03-01", "1 of 2 done, <strong>late</strong>"),
        ("done", "2 of 2 done, complete"),
    ],
)
def test_the_mitigation_progress_follows_the_tasks(
    sample_project: Path, states: str, expected: str
) -> None:
    risks_in_depth(sample_project)
    today = TODAY
    if states == "done":
        replace_in(
            sample_project / "projects" / "harbour-bank.yaml",
            "status:\n",
            "status:\n  kickoff-meeting: {state: done, date: 2027-02-01}\n",
        )
    else:
        today = dt.date.fromisoformat(states)
    settings = project_settings(sample_project, today=today)
    page = str(generate_pages(settings)[PROJECT_PAGE])
    row = _element(page, "tr", "pb-risk-scope-creep")
    assert _line(row, '<td class="pb-register-mitigation">') == (
        f'<td class="pb-register-mitigation">{expected}<ul class="pb-register-tasks">'
    )


def test_a_target_reached_says_so(sample_project: Path) -> None:
    risks_in_depth(sample_project)
    replace_in(
        sample_project / "projects" / "harbour-bank.yaml",
        "{date: 2027-02-15, likelihood: 3, impact: 4}",
        "{date: 2027-02-15, likelihood: 2, impact: 2}",
    )
    row = _element(_render(sample_project)[PROJECT_PAGE], "tr", "pb-risk-scope-creep")
    assert _line(row, '<td class="pb-register-score">6 ') == (
        '<td class="pb-register-score">6 <span class="pb-band pb-band--medium">medium</span>'
        '<br><span class="pb-register-detail">reached</span></td>'
    )


def test_the_heat_maps_cells_and_the_registers_rows_agree(pages: dict[str, str]) -> None:
    """register.js shows the rows whose data-cell is the cell named by the address; each
    cell of the heat map with risks links to a target of the register."""
    page = pages[PROJECT_PAGE]
    cells = re.findall(r'<a class="risk-heatmap__cell" href="#register-(l\d-i\d)"', page)
    targets = re.findall(r'<span class="risk-register__target" id="register-(l\d-i\d)">', page)
    rows = re.findall(r'<tr id="pb-risk-[^"]+" data-cell="(l\d-i\d)">', page)
    assert sorted(cells) == sorted(targets) == sorted(set(rows)) == ["l2-i5", "l5-i4"]
    assert len(rows) == 2


def test_every_link_between_the_checklist_and_the_register_has_its_target(
    pages: dict[str, str],
) -> None:
    page = pages[PROJECT_PAGE]
    ids = set(re.findall(r' id="([^"]+)"', page))
    links = re.findall(r'href="#(pb-(?:task|risk)-[^"]+)"', page)
    assert sorted(set(links)) == [
        "pb-risk-banking-cutover",
        "pb-risk-scope-creep",
        "pb-task-appoint-sponsor",
        "pb-task-kickoff-meeting",
        "pb-task-regulator-notice",
    ]
    assert set(links) <= ids


# --- The checklist -------------------------------------------------------------------------


def test_a_task_row_names_what_it_mitigates_and_marks_a_decision(pages: dict[str, str]) -> None:
    page = pages[PROJECT_PAGE]
    assert _task_row(page, "kickoff-meeting") == (
        '<tr data-pb-item="kickoff-meeting" id="pb-task-kickoff-meeting"><td>'
        '<a href="../../playbooks/sample/tasks/kickoff-meeting/">Hold the kickoff meeting</a>'
        ' <span class="pb-register-decision">decision</span><br>'
        '<span class="pb-register-mitigates">Mitigates: '
        '<a href="#pb-risk-scope-creep">Scope creep</a></span></td>'
        "<td>Lee [Chen](javascript:alert(1)) (Project manager)</td><td>2027-02-01</td>"
        "<td><strong>overdue</strong></td><td></td></tr>"
    )
    # The task's own link comes first: the clickable checklist labels its checkbox with it.
    assert _task_row(page, "appoint-sponsor").startswith(
        '<tr data-pb-item="appoint-sponsor" id="pb-task-appoint-sponsor"><td>'
        '<a href="../../playbooks/sample/tasks/appoint-sponsor/">Appoint the sponsor</a><br>'
        '<span class="pb-register-mitigates">Mitigates: '
        '<a href="#pb-risk-scope-creep">Scope creep</a></span></td>'
    )


def test_a_task_row_that_mitigates_nothing_is_as_before(sample_project: Path) -> None:
    page = _render(sample_project)[PROJECT_PAGE]
    assert _task_row(page, "appoint-sponsor") == (
        '<tr data-pb-item="appoint-sponsor" id="pb-task-appoint-sponsor"><td>'
        '<a href="../../playbooks/sample/tasks/appoint-sponsor/">Appoint the sponsor</a></td>'
        "<td>Lee [Chen](javascript:alert(1)) (Project manager)</td><td>2027-01-22</td>"
        "<td>done (2027-01-20)</td><td></td></tr>"
    )


def test_a_task_mitigating_several_risks_names_them_in_the_registers_order(
    sample_project: Path,
) -> None:
    risks_in_depth(sample_project)
    replace_in(
        sample_project / "playbooks" / "sample" / "risks.yaml",
        "mitigated_by: [regulator-notice]",
        "mitigated_by: [regulator-notice, kickoff-meeting]",
    )
    row = _task_row(_render(sample_project)[PROJECT_PAGE], "kickoff-meeting")
    assert (
        '<span class="pb-register-mitigates">Mitigates: '
        '<a href="#pb-risk-scope-creep">Scope creep</a>, '
        '<a href="#pb-risk-banking-cutover">Core banking cut-over fails</a></span>'
    ) in row


def test_titles_are_escaped_in_the_links_both_ways(sample_project: Path) -> None:
    risks_in_depth(sample_project)
    replace_in(
        sample_project / "playbooks" / "sample" / "tasks.yaml",
        "title: Appoint the sponsor",
        'title: "Appoint <b>the</b> *sponsor* [now]"',
    )
    replace_in(
        sample_project / "playbooks" / "sample" / "risks.yaml",
        "title: Scope creep",
        'title: "Scope <i>creep</i> & co"',
    )
    pages = _render(sample_project)
    project = pages[PROJECT_PAGE]
    assert '<a href="#pb-risk-scope-creep">Scope &lt;i&gt;creep&lt;/i&gt; &amp; co</a>' in (
        _task_row(project, "appoint-sponsor")
    )
    assert (
        '<li><a href="#pb-task-appoint-sponsor">Appoint &lt;b&gt;the&lt;/b&gt; *sponsor* [now]'
        "</a> (done)</li>"
    ) in _element(project, "tr", "pb-risk-scope-creep")
    assert _line(pages[f"{RISKS}/scope-creep.md"], "**Mitigated by:**") == (
        "**Mitigated by:** [Hold the kickoff meeting](../tasks/kickoff-meeting.md) (decision), "
        "[Appoint &lt;b&gt;the&lt;/b&gt; \\*sponsor\\* \\[now\\]](../tasks/appoint-sponsor.md)"
    )
    assert _line(pages[f"{TASKS}/appoint-sponsor.md"], "**Mitigates:**") == (
        "**Mitigates:** [Scope &lt;i&gt;creep&lt;/i&gt; &amp; co](../risks/scope-creep.md)"
    )


def test_the_register_is_the_same_in_the_sandbox(in_depth_root: Path, tmp_path: Path) -> None:
    """An override folder puts every template in the bounded sandbox, ours included."""
    root = tmp_path / "project"
    shutil.copytree(in_depth_root, root)
    (root / "templates").mkdir()
    sandboxed = _render(root, templates_dir="templates")[PROJECT_PAGE]
    page = _render(root)[PROJECT_PAGE]
    assert sandboxed == page
    assert "(3 \N{MULTIPLICATION SIGN} 4, on 2027-02-15)" in _element(
        sandboxed, "tr", "pb-risk-scope-creep"
    )


# --- The playbook's pages ------------------------------------------------------------------


def test_a_risk_page_shows_its_target_and_the_tasks_that_mitigate_it(
    pages: dict[str, str],
) -> None:
    page = pages[f"{RISKS}/scope-creep.md"]
    glance = page.split("## At a glance { data-search-exclude }\n\n", 1)[1].split("\n\n")
    assert glance[:2] == [
        "| Category | Likelihood | Impact | Default score | Target score | Response | Owner |\n"
        "| --- | --- | --- | --- | --- | --- | --- |\n"
        "| delivery | 4 / 5 | 3 / 5 | 12 | 6 | mitigate | Project manager |",
        "Mitigation aims to bring the score (likelihood \N{MULTIPLICATION SIGN} impact) down "
        "to 6 or less; a project may set its own target.",
    ]
    mitigation = page.split("## Mitigation { data-search-exclude }\n\n", 1)[1]
    assert mitigation.split("\n\n")[:2] == [
        "1. Run every change through the change board.",
        "**Mitigated by:** [Hold the kickoff meeting](../tasks/kickoff-meeting.md) (decision), "
        "[Appoint the sponsor](../tasks/appoint-sponsor.md)",
    ]


def test_a_risk_page_without_target_or_mitigating_tasks_is_as_before(
    sample_project: Path,
) -> None:
    page = _render(sample_project)[f"{RISKS}/scope-creep.md"]
    glance = page.split("## At a glance { data-search-exclude }\n\n", 1)[1].split("\n\n")
    assert glance[0] == (
        "| Category | Likelihood | Impact | Default score | Response | Owner |\n"
        "| --- | --- | --- | --- | --- | --- |\n"
        "| delivery | 4 / 5 | 3 / 5 | 12 | mitigate | Project manager |"
    )
    assert glance[1].startswith("## Description")
    assert "Mitigated by" not in page
    assert "Target" not in page


def test_a_task_page_names_the_risks_it_mitigates_and_whether_it_is_a_decision(
    pages: dict[str, str],
) -> None:
    page = pages[f"{TASKS}/kickoff-meeting.md"]
    glance = page.split("## At a glance { data-search-exclude }\n\n", 1)[1].split("\n\n")
    assert glance[1:3] == [
        "**Decision:** this task is a decision to take, such as a go/no-go or a sign-off.",
        "**Mitigates:** [Scope creep](../risks/scope-creep.md)",
    ]
    other = pages[f"{TASKS}/appoint-sponsor.md"]
    glance = other.split("## At a glance { data-search-exclude }\n\n", 1)[1].split("\n\n")
    assert glance[1] == "**Mitigates:** [Scope creep](../risks/scope-creep.md)"
    assert "**Decision:**" not in other


def test_a_task_page_lists_every_risk_it_mitigates_by_title(sample_project: Path) -> None:
    risks_in_depth(sample_project)
    replace_in(
        sample_project / "playbooks" / "sample" / "risks.yaml",
        "mitigated_by: [regulator-notice]",
        "mitigated_by: [kickoff-meeting]",
    )
    page = _render(sample_project)[f"{TASKS}/kickoff-meeting.md"]
    assert _line(page, "**Mitigates:**") == (
        "**Mitigates:** [Core banking cut-over fails](../risks/banking-cutover.md), "
        "[Scope creep](../risks/scope-creep.md)"
    )
    assert "**Mitigates:**" not in _render(sample_project)[f"{TASKS}/regulator-notice.md"]
