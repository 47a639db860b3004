"""`playbook assess`: add a dated self-assessment to a project file, editing nothing else.

Each test writes projects/p.yaml of the demo playbook with the practices of
tests/fixtures/project-assessed (in the playbook's order: clear-decisions, retrospectives,
risk-review, weekly-status), assesses as of 2027-04-01 and compares the whole file, byte for
byte. Every edited file must load as a valid project; every refusal must leave the file as it
was, with one line on standard error and exit code 2.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.cli import invoke
from tests.support.fixtures import fixture_text
from tests.support.playbooks import write_playbook
from tests.support.project import validated_project

TODAY = "2027-04-01"
FIXTURE = fixture_text("project-assessed", "project.yaml")
HEAD, _, _ = FIXTURE.partition("assessments:")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    project_root = tmp_path / "root"
    write_playbook(
        project_root, {"practices.yaml": fixture_text("project-assessed", "practices.yaml")}
    )
    (project_root / "projects").mkdir()
    return project_root


def _path(root: Path) -> Path:
    return root / "projects" / "p.yaml"


def _assess(root: Path, before: str | bytes, *args: str) -> tuple[int, str, str]:
    raw = before if isinstance(before, bytes) else before.encode("utf-8")
    _path(root).write_bytes(raw)
    result = invoke(root, "assess", "p", *args, "--today", TODAY)
    return result.exit_code, result.stdout, result.stderr


def _assessed(root: Path, before: str | bytes, *args: str) -> str:
    """Assess; the command must succeed and the file load as a valid project. Its text."""
    code, out, err = _assess(root, before, *args)
    assert (code, err) == (0, ""), err
    assert out.startswith("Recorded the self-assessment of "), out
    validated_project(root, "p")
    return _path(root).read_bytes().decode("utf-8")


def _refused(root: Path, before: str, *args: str) -> str:
    """Assess; it must fail with exit 2 and change nothing. Its message."""
    code, out, err = _assess(root, before, *args)
    assert (code, out) == (2, ""), err
    assert _path(root).read_text(encoding="utf-8") == before
    assert sorted(path.name for path in _path(root).parent.iterdir()) == ["p.yaml"]
    return err.splitlines()[-1]


def test_adds_the_assessment_after_the_last_and_reports_maturity(root: Path) -> None:
    code, out, err = _assess(
        root,
        FIXTURE,
        "--score",
        "weekly-status=4",
        "--score",
        "retrospectives=2",
        "--score",
        "clear-decisions=3",
        "--action",
        "retrospectives=  Ask the sponsor: why? ",
    )
    assert (code, err) == (0, "")
    assert out == (
        "Recorded the self-assessment of 2027-04-01 in projects/p.yaml: 3 practices scored, "
        "1 action.\n"
        "Maturity by practice area (0 to 4):\n"
        "  Governance: 3.5 (up from 3.0)\n"
        "  Other: 2.0 (up from 1.0)\n"
    )
    # In the playbook's order, the action stripped; the comment and "risks" stay where they are.
    assert _path(root).read_text(encoding="utf-8") == FIXTURE.replace(
        "risks: {}  # none yet\n",
        "  - date: 2027-04-01\n"
        "    scores:\n"
        "      clear-decisions: 3\n"
        "      retrospectives: 2\n"
        "      weekly-status: 4\n"
        "    actions:\n"
        '      retrospectives: "Ask the sponsor: why?"\n'
        "risks: {}  # none yet\n",
    )
    project = validated_project(root, "p")
    assert [entry.date.isoformat() for entry in project.file.assessments] == [
        "2027-02-01",
        "2027-03-01",
        "2027-04-01",
    ]


def test_a_first_assessment_starts_the_list_at_the_end(root: Path) -> None:
    after = _assessed(
        root, HEAD + "# the end\n", "--score", "risk-review=0", "--date", "2027-03-05"
    )
    assert after == HEAD + (
        "# the end\nassessments:\n  - date: 2027-03-05\n    scores:\n      risk-review: 0\n"
    )


def test_line_endings_a_byte_order_mark_and_a_missing_final_break_stay(root: Path) -> None:
    before = ("\ufeff" + HEAD + "assessments: []  # none yet").replace("\n", "\r\n")
    after = _assessed(root, before.encode("utf-8"), "--score", "risk-review=1")
    assert after == before.replace("assessments: []  # none yet", "assessments:  # none yet") + (
        "\r\n  - date: 2027-04-01\r\n    scores:\r\n      risk-review: 1"
    )


def test_entries_keep_their_indent_and_style(root: Path) -> None:
    before = HEAD + (
        "assessments:\n"
        "- {date: 2027-02-01, scores: {risk-review: 2}}  # flow entry\n"
        "\n"
        "# closing remarks\n"
    )
    after = _assessed(root, before, "--score", "risk-review=3", "--score", "weekly-status=1")
    assert after == HEAD + (
        "assessments:\n"
        "- {date: 2027-02-01, scores: {risk-review: 2}}  # flow entry\n"
        "- date: 2027-04-01\n"
        "  scores:\n"
        "    risk-review: 3\n"
        "    weekly-status: 1\n"
        "\n"
        "# closing remarks\n"
    )


# --- refusals ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(
            ["--score", "weekly-stat=2"],
            "Error: unknown practice 'weekly-stat' in playbook 'demo' (did you mean "
            "'weekly-status'?)",
            id="unknown-practice",
        ),
        pytest.param(
            ["--score", "hold-kickoff=2"],
            "Error: unknown practice 'hold-kickoff' in playbook 'demo'",
            id="a-task",
        ),
        pytest.param(
            ["--score", "risk-review=5"],
            "Error: --score risk-review='5': a score is 0 (not at all) to 4 (fully, and improving)",
            id="score-5",
        ),
        pytest.param(
            ["--score", "risk-review=two"],
            "Error: --score risk-review='two': a score is 0 (not at all) to 4 (fully, and "
            "improving)",
            id="score-in-words",
        ),
        pytest.param(
            ["--score", "risk-review"],
            "Error: --score 'risk-review': write PRACTICE=SCORE, like monitor-progress=3",
            id="no-equals",
        ),
        pytest.param(
            ["--score", "risk-review=1", "--score", "risk-review=2"],
            "Error: --score gives 'risk-review' twice",
            id="scored-twice",
        ),
        pytest.param(
            ["--score", "risk-review=1", "--action", "weekly-status=Do it"],
            "Error: --action for 'weekly-status' needs its score: add --score weekly-status=N",
            id="action-without-score",
        ),
        pytest.param(
            ["--score", "risk-review=1", "--action", "risk-review=  "],
            "Error: --action for 'risk-review' is empty",
            id="empty-action",
        ),
        pytest.param(
            ["--score", "risk-review=1", "--action", "risk-review=two\tlines"],
            "Error: --action for 'risk-review' must be one line, without control characters",
            id="action-not-one-line",
        ),
        pytest.param(
            ["--score", "risk-review=1", "--action", "risk-review=" + "x" * 301],
            "Error: --action for 'risk-review' is too long (at most 300 characters)",
            id="action-too-long",
        ),
        pytest.param(
            ["--score", "risk-review=1", "--date", "2027-03-01"],
            "Error: projects/p.yaml already has an assessment on 2027-03-01; give another "
            "--date, or edit that one in the file",
            id="same-day",
        ),
        pytest.param(
            ["--score", "risk-review=1", "--date", "2027-02-15"],
            "Error: the latest assessment in projects/p.yaml is of 2027-03-01; a new one must "
            "come after it (assessments are kept oldest first), not on 2027-02-15",
            id="before-the-latest",
        ),
        pytest.param(
            ["--score", "risk-review=9", "--score", "weekly-stat=1", "--date", "2027-03-01"],
            "Error: unknown practice 'weekly-stat' in playbook 'demo' (did you mean "
            "'weekly-status'?); --score risk-review='9': a score is 0 (not at all) to 4 "
            "(fully, and improving); projects/p.yaml already has an assessment on 2027-03-01; "
            "give another --date, or edit that one in the file",
            id="all-at-once",
        ),
    ],
)
def test_refuses_what_would_not_make_a_valid_file(
    root: Path, args: list[str], message: str
) -> None:
    assert _refused(root, FIXTURE, *args) == message


def test_a_list_in_brackets_is_refused(root: Path) -> None:
    before = HEAD + "assessments: [{date: 2027-02-01, scores: {risk-review: 2}}]\n"
    assert _refused(root, before, "--score", "risk-review=1") == (
        "Error: projects/p.yaml: 'assessments' is written in brackets (flow style); put each "
        "assessment on lines of its own ('  - date: ...'), then run assess again"
    )


def test_an_edit_that_would_change_other_content_is_refused(root: Path) -> None:
    # The folded action's last line looks like a comment: the new entry would go before it,
    # cutting the action short. The check of the edited file catches it.
    before = HEAD + (
        "assessments:\n"
        "  - date: 2027-02-01\n"
        "    scores: {risk-review: 2}\n"
        "    actions:\n"
        "      risk-review: >-\n"
        "        Put the register\n"
        "        # on every agenda\n"
    )
    _path(root).write_text(before, encoding="utf-8")
    assert validated_project(root, "p").file.assessments[0].actions == {
        "risk-review": "Put the register # on every agenda"
    }
    assert _refused(root, before, "--score", "risk-review=1") == (
        "Error: cannot add to projects/p.yaml in place without changing other content "
        "(anchors, aliases or an odd layout?); write 'assessments' in plain block style, then "
        "run assess again"
    )


def test_options_the_command_line_itself_refuses(root: Path) -> None:
    code, out, err = _assess(root, FIXTURE)
    assert (code, out) == (2, "")
    assert err.splitlines()[-1] == "Error: Missing option '--score'."
    code, out, err = _assess(root, FIXTURE, "--score", "risk-review=1", "--date", "2027-13-01")
    assert (code, out) == (2, "")
    assert err.splitlines()[-1] == (
        "Error: Invalid value for '--date': 2027-13-01: month 13 does not exist"
    )
    assert _path(root).read_text(encoding="utf-8") == FIXTURE


def test_an_invalid_project_is_a_content_error_and_stays_untouched(root: Path) -> None:
    before = FIXTURE.replace("weekly-status: 4", "weekly-status: 7")
    code, out, err = _assess(root, before, "--score", "risk-review=1")
    assert (code, out) == (1, "")
    assert err == (
        "projects/p.yaml:22:22: 'weekly-status' must be at most 4, got 7 (a number)\n"
        "1 problem in 1 file\n"
    )
    assert _path(root).read_text(encoding="utf-8") == before
