"""generator.projects.report: `playbook report`, a project's weekly status report.

The fixture project (tests/fixtures/project-report) has something in every section as of
Monday 2027-03-01; the sample project (tests/fixtures/sample) drives the command line.
"""

from __future__ import annotations

import datetime as dt
import html.parser
import shutil
from pathlib import Path

import pytest

from generator.projects.report import StatusReport, status_report
from generator.render.pages import PageRenderer
from generator.render.report import render_report
from generator.resolve.project import FilledProject
from tests.support.cli import invoke
from tests.support.files import replace_in, snapshot
from tests.support.fixtures import FIXTURES
from tests.support.project import filled_project

TODAY = dt.date(2027, 3, 1)
LAST_WEEK = dt.date(2027, 2, 22)


@pytest.fixture
def report_root(tmp_path: Path) -> Path:
    """A writable copy of tests/fixtures/project-report."""
    root = tmp_path / "root"
    shutil.copytree(FIXTURES / "project-report", root)
    return root


def _filled(root: Path, today: dt.date = TODAY) -> FilledProject:
    return filled_project(root, "pilot", today)


def _report(root: Path, since: dt.date | None = None, today: dt.date = TODAY) -> StatusReport:
    return status_report(_filled(root, today), since)


def _markdown(report: StatusReport) -> str:
    return render_report(report, PageRenderer(None), "md")


def _sections(text: str) -> dict[str, list[str]]:
    """The report's lines under each '## ' heading (blank lines left out), by heading."""
    sections: dict[str, list[str]] = {}
    current: list[str] = []
    for line in text.splitlines():
        if line.startswith("## "):
            current = sections.setdefault(line[3:], [])
        elif line:
            current.append(line)
    return sections


# --- What the report says -------------------------------------------------------------------


def test_the_report_lists_every_section_of_the_fixture_project(report_root: Path) -> None:
    report = _report(report_root)
    assert report.since == LAST_WEEK  # a week before today by default
    assert report.today == TODAY
    assert (report.counted, report.done_now, report.done_then) == (11, 4, 3)
    assert (report.progress_now, report.progress_then) == (36, 27)
    assert [row.id for row in report.done_since] == ["baseline-scope"]
    assert [(late.row.id, late.days) for late in report.overdue] == [
        ("hire-team", 21),
        ("sign-vendor-contract", 11),
    ]
    assert [(soon.row.id, soon.days) for soon in report.due_soon] == [
        ("weekly-status", 0),
        ("go-no-go", 2),
        ("design-signoff", 14),
    ]
    # By current score; of the two at 16, the higher inherent score first. The closed risk is
    # left out, the sixth open one counted.
    assert [row.id for row in report.top_risks] == [
        "vendor-fails",
        "key-people-leave",
        "budget-overrun",
        "regulator-objects",
        "data-loss",
    ]
    assert report.more_risks == 1
    # By due date, the undated one last.
    assert [row.id for row in report.decisions] == ["go-no-go", "design-signoff", "approve-budget"]
    assert [(row.id, row.blocked_by) for row in report.blocked] == [
        ("design-signoff", ("sign-vendor-contract",)),
        ("build-pilot", ("hire-team", "go-no-go")),
    ]


def test_the_markdown_report_reads_as_an_email(report_root: Path) -> None:
    text = _markdown(_report(report_root))
    assert text.splitlines()[:4] == [
        "# Pilot &lt;Project&gt;: status report",
        "",
        "As of 2027-03-01, since the last report on 2027-02-22.",
        "PM: Lee Chen. Phase: plan. Go-live: 2027-03-29.",
    ]
    assert "---" not in text.split("# ")[0]  # no front matter: it is not a page of the site
    assert _sections(text) == {
        "Status: Red": ["A critical risk has no mitigation under way."],
        "Progress": ["36% of tasks done (4 of 11), up from 27% (3 of 11) on 2027-02-22."],
        "Done since 2027-02-22": ["- 2027-02-25: Baseline the scope (Lee Chen)."],
        "Overdue": [
            "- Hire the team (Lee Chen): due 2027-02-08, 21 days late.",
            "- Sign the vendor contract (Dana Ruiz): due 2027-02-18, 11 days late.",
        ],
        "Due in the next two weeks": [
            "- Send the first weekly status (Lee Chen): due 2027-03-01, today.",
            "- Decide go or no-go for the pilot (Dana Ruiz): due 2027-03-03, in 2 days.",
            "- Sign off the design (Lee Chen): due 2027-03-15, in 14 days.",
        ],
        "Top risks": [
            "| Risk | Score: inherent → residual → target | Trend | Mitigation | Owner |",
            "| --- | --- | --- | --- | --- |",
            "| The vendor fails to deliver | 16 critical → not assessed | — "
            "| planned (0 of 1 task done) | Lee Chen |",
            "| Key people leave | 15 high → 16 critical | ↑ worse | none | Sam Okafor |",
            "| Budget overrun | 20 critical → 12 high → 6 medium | ↓ better "
            "| late (1 of 2 tasks done) | Lee Chen |",
            "| The regulator objects | 9 medium → 9 medium | — | none | Lee Chen |",
            "| Data is lost in migration | 10 high → 5 medium | — "
            "| complete (1 of 1 task done) | Lee Chen |",
            "1 more open risk is on the register.",
        ],
        "Decisions needed": [
            "- Decide go or no-go for the pilot (Dana Ruiz): due 2027-03-03.",
            "- Sign off the design (Lee Chen): due 2027-03-15.",
            "- Approve the launch budget (Dana Ruiz): no due date.",
        ],
        "Blocked": [
            "- Sign off the design (Lee Chen) waits for Sign the vendor contract.",
            "- Build the pilot (Lee Chen) waits for Hire the team, Decide go or no-go for the "
            "pilot.",
        ],
    }


def test_every_empty_section_says_none(report_root: Path) -> None:
    # Everything done but the undated decision, which is made n/a: nothing is late, due,
    # blocked or to decide; every risk closed.
    path = report_root / "projects" / "pilot.yaml"
    text = path.read_text(encoding="utf-8").split("status:\n")[0]
    tasks = _filled(report_root).tasks
    risks = _filled(report_root).risks
    lines = [f"  {row.id}: {{state: done, date: 2027-02-01}}" for row in (*tasks, *risks)]
    lines[[row.id for row in tasks].index("approve-budget")] = "  approve-budget: {state: n/a}"
    path.write_text(text + "status:\n" + "\n".join(lines) + "\n", encoding="utf-8")
    sections = _sections(_markdown(_report(report_root)))
    assert sections["Progress"] == ["100% of tasks done (11 of 11), the same as on 2027-02-22."]
    empty = [
        "Done since 2027-02-22",
        "Overdue",
        "Due in the next two weeks",
        "Top risks",
        "Decisions needed",
        "Blocked",
    ]
    assert {heading: sections[heading] for heading in empty} == {key: ["None."] for key in empty}


def test_a_project_whose_tasks_are_all_na_says_so(report_root: Path) -> None:
    path = report_root / "projects" / "pilot.yaml"
    text = path.read_text(encoding="utf-8").split("status:\n")[0]
    lines = [f"  {row.id}: {{state: n/a}}" for row in _filled(report_root).tasks]
    path.write_text(text + "status:\n" + "\n".join(lines) + "\n", encoding="utf-8")
    report = _report(report_root)
    assert (report.counted, report.progress_now, report.progress_then) == (0, 100, 100)
    assert _sections(_markdown(report))["Progress"] == [
        "No task counts towards progress: every task is n/a."
    ]


# --- The since-date rules -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("since", "done_since", "done_then"),
    [
        # risk-workshop was done on 2027-02-22: on the day of the last report counts as before.
        (dt.date(2027, 2, 22), ["baseline-scope"], 3),
        (dt.date(2027, 2, 21), ["risk-workshop", "baseline-scope"], 2),
        # baseline-scope was done on 2027-02-25.
        (dt.date(2027, 2, 25), [], 4),
        (dt.date(2027, 2, 24), ["baseline-scope"], 3),
        # Today: nothing is new.
        (TODAY, [], 4),
    ],
    ids=["on-the-day", "day-before", "done-on-since", "done-after-since", "today"],
)
def test_done_since_means_done_after_the_since_date(
    report_root: Path, since: dt.date, done_since: list[str], done_then: int
) -> None:
    report = _report(report_root, since)
    assert [row.id for row in report.done_since] == done_since
    assert report.done_then == done_then
    assert report.done_now == 4


def test_a_task_done_without_a_date_counts_as_done_before(report_root: Path) -> None:
    # Since long before the project: every dated task is new, write-charter (no date) is not.
    report = _report(report_root, dt.date(2026, 1, 1))
    assert [row.id for row in report.done_since] == [
        "appoint-sponsor",
        "risk-workshop",
        "baseline-scope",
    ]
    assert "write-charter" not in [row.id for row in report.done_since]
    assert (report.done_then, report.progress_then) == (1, 9)


def test_a_task_made_na_leaves_both_progress_figures(report_root: Path) -> None:
    replace_in(
        report_root / "projects" / "pilot.yaml",
        "baseline-scope: {state: done, date: 2027-02-25}",
        "baseline-scope: {state: n/a, date: 2027-02-25}",
    )
    report = _report(report_root)
    assert (report.counted, report.done_now, report.done_then) == (10, 3, 3)
    assert report.done_since == ()


def test_the_default_since_follows_today(report_root: Path) -> None:
    report = _report(report_root, today=dt.date(2027, 2, 26))
    assert report.since == dt.date(2027, 2, 19)
    assert [row.id for row in report.done_since] == ["risk-workshop", "baseline-scope"]


def test_a_project_without_news_for_a_month_is_flagged(report_root: Path) -> None:
    # The latest status change or assessment is 2027-02-25; 30 days later the file is stale.
    text = _markdown(_report(report_root, today=dt.date(2027, 3, 27)))
    assert (
        "No status change or risk assessment since 2027-02-25 (30 days): the project file may "
        "be out of date."
    ) in text.splitlines()
    assert "may be out of date" not in _markdown(_report(report_root))


# --- The command line -----------------------------------------------------------------------

SAMPLE_HEAD = [
    "# Harbour Bank &lt;b&gt;Core&lt;/b&gt; Renewal: status report",
    "",
    "As of 2027-03-01, since the last report on 2027-02-22.",
    r"PM: Lee \[Chen\](javascript:alert(1)). Phase: plan. Go-live: 2027-02-15.",
    "",
    "## Status: Red",
]


def test_report_prints_the_markdown_report(sample_project: Path) -> None:
    result = invoke(sample_project, "report", "harbour-bank", "--today", "2027-03-01")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.splitlines()[:6] == SAMPLE_HEAD
    assert _sections(result.stdout)["Overdue"] == [
        r"- Hold the kickoff meeting (Lee \[Chen\](javascript:alert(1))): due 2027-02-01, "
        "28 days late."
    ]
    assert "](../" not in result.stdout  # no links to the site in an e-mail


def test_report_since_a_given_date(sample_project: Path) -> None:
    result = invoke(
        sample_project, "report", "harbour-bank", "--today", "2027-03-01", "--since", "2027-01-19"
    )
    assert result.exit_code == 0, result.stderr
    sections = _sections(result.stdout)
    assert sections["Done since 2027-01-19"] == [
        r"- 2027-01-20: Appoint the sponsor (Lee \[Chen\](javascript:alert(1)))."
    ]
    assert sections["Progress"] == [
        "50% of tasks done (1 of 2), up from 0% (0 of 2) on 2027-01-19."
    ]


class _Document(html.parser.HTMLParser):
    """The tags of an HTML document, and every attribute that could fetch something."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.fetching: list[str] = []
        self.html_lang: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        values = dict(attrs)
        if tag == "html":
            self.html_lang = values.get("lang")
        self.fetching += [
            f"{tag} {name}={values[name]}"
            for name in ("src", "href")
            if name in values and not (values[name] or "").startswith("data:")
        ]


def test_report_as_html_is_a_whole_document(sample_project: Path) -> None:
    result = invoke(
        sample_project, "report", "harbour-bank", "--format", "html", "--today", "2027-03-01"
    )
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    assert text.startswith('<!doctype html>\n<html lang="en">\n')
    assert text.endswith("</html>\n")
    document = _Document()
    document.feed(text)
    assert document.html_lang == "en"
    assert document.tags.count("h1") == 1
    assert document.tags.count("style") == 1
    assert document.fetching == []  # inline CSS only, nothing to fetch (not even an icon)
    assert '<link rel="icon" href="data:,">' in text
    assert "<h1>Harbour Bank &lt;b&gt;Core&lt;/b&gt; Renewal: status report</h1>" in text
    assert '<th scope="row">Scope creep</th>' in text


def test_report_writes_a_file_with_o(sample_project: Path, tmp_path: Path) -> None:
    out = tmp_path / "status.html"
    result = invoke(
        sample_project,
        "report",
        "harbour-bank",
        "--format",
        "html",
        "--today",
        "2027-03-01",
        "-o",
        str(out),
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr == f"Wrote {out}\n"
    assert out.read_text(encoding="utf-8").startswith("<!doctype html>")


def test_report_never_writes_over_an_input(sample_project: Path) -> None:
    before = snapshot(sample_project)
    result = invoke(
        sample_project, "report", "harbour-bank", "-o", str(sample_project / "mkdocs.yml")
    )
    assert result.exit_code == 2
    assert "writing it would overwrite an input" in result.stderr
    assert snapshot(sample_project) == before


@pytest.mark.parametrize(
    ("since", "message"),
    [
        ("last-week", "'last-week' is not a date written YYYY-MM-DD"),
        ("2027-02-30", "2027-02-30: day 30 does not exist (February 2027 has 28 days)"),
    ],
)
def test_a_bad_since_date_is_a_usage_error(sample_project: Path, since: str, message: str) -> None:
    result = invoke(sample_project, "report", "harbour-bank", "--since", since)
    assert result.exit_code == 2
    assert "Invalid value for '--since'" in result.stderr
    assert message in result.stderr
    assert result.stdout == ""


def test_a_since_date_after_today_is_a_usage_error(sample_project: Path) -> None:
    result = invoke(
        sample_project, "report", "harbour-bank", "--today", "2027-03-01", "--since", "2027-03-02"
    )
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: --since 2027-03-02 is after today (2027-03-01): give the date of the last report\n"
    )
    assert result.stdout == ""


def test_an_unknown_format_is_a_usage_error(sample_project: Path) -> None:
    result = invoke(sample_project, "report", "harbour-bank", "--format", "pdf")
    assert result.exit_code == 2
    assert "Invalid value for '--format'" in result.stderr


def test_report_of_an_unknown_project_is_exit_2(sample_project: Path) -> None:
    result = invoke(sample_project, "report", "nope")
    # The same error as every project command gives.
    status = invoke(sample_project, "status", "nope")
    assert (result.exit_code, status.exit_code) == (2, 2)
    assert result.stderr == status.stderr == "Error: no project file projects/nope.yaml\n"
    assert result.stdout == ""


def test_report_of_a_broken_project_is_exit_1(sample_project: Path) -> None:
    replace_in(
        sample_project / "projects" / "harbour-bank.yaml", "kickoff: 2027-02-01", "kickoff: soon"
    )
    result = invoke(sample_project, "report", "harbour-bank")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0].startswith("projects/harbour-bank.yaml:4:")
    assert result.stderr.splitlines()[-1] == "1 problem in 1 file"
    assert result.stdout == ""
