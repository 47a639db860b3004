"""A project file's self-assessments (`assessments`): practices of the playbook scored 0 to 4,
one assessment per date, oldest first, an action only with its practice's score; every problem
named at its line, all of them in one run.

The playbook is the demo one with the practices of tests/fixtures/project-assessed; the project
file is that fixture's first nine lines, then the assessments written here (line 10 on).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.resolve.maturity import maturity_of
from tests.support.fixtures import fixture_text
from tests.support.playbooks import demo_project_problems, load_demo_project, yaml_text

FILES = {"practices.yaml": fixture_text("project-assessed", "practices.yaml")}
HEAD, _, _ = fixture_text("project-assessed", "project.yaml").partition("assessments:")
assert HEAD.count("\n") == 9


def _problems(tmp_path: Path, assessments: str) -> list[str]:
    return demo_project_problems(tmp_path, HEAD + yaml_text(assessments), FILES)


def test_the_fixture_is_valid(tmp_path: Path) -> None:
    project = load_demo_project(tmp_path, fixture_text("project-assessed", "project.yaml"), FILES)
    assert [entry.date.isoformat() for entry in project.file.assessments] == [
        "2027-02-01",
        "2027-03-01",
    ]
    assert project.file.assessments[1].actions == {
        "retrospectives": "Hold one after the pilot",
        "risk-review": "Put the register on every steering agenda",
    }


@pytest.mark.parametrize(
    ("assessments", "expected"),
    [
        pytest.param(
            """
            assessments:
              - date: 2027-02-01
                scores: {weekly-stat: 2}
            """,
            "projects/p.yaml:12:14: unknown practice 'weekly-stat' in playbook 'demo' "
            "(did you mean 'weekly-status'?)",
            id="unknown-practice",
        ),
        pytest.param(
            """
            assessments:
              - date: 2027-02-01
                scores:
                  hold-kickoff: 1
            """,
            "projects/p.yaml:13:7: 'hold-kickoff' is not a practice, so it has no maturity "
            "to score",
            id="a-task",
        ),
        pytest.param(
            """
            assessments:
              - date: 2027-02-01
                scores: {risk-review: 5}
            """,
            "projects/p.yaml:12:27: 'risk-review' must be at most 4, got 5 (a number)",
            id="score-above-4",
        ),
        pytest.param(
            """
            assessments:
              - date: 2027-02-01
                scores: {risk-review: -1}
            """,
            "projects/p.yaml:12:27: 'risk-review' must be at least 0, got -1 (a number)",
            id="negative-score",
        ),
        pytest.param(
            """
            assessments:
              - date: 2027-02-01
                scores: {risk-review: "3"}
            """,
            "projects/p.yaml:12:27: 'risk-review' must be a whole number, got '3'",
            id="score-as-text",
        ),
        pytest.param(
            """
            assessments:
              - date: 2027-02-01
                scores: {risk-review: 2.5}
            """,
            "projects/p.yaml:12:27: 'risk-review' must be a whole number, got 2.5 (a number)",
            id="half-score",
        ),
        pytest.param(
            """
            assessments:
              - date: 2027-02-01
                scores: {}
            """,
            "projects/p.yaml:12:13: 'scores' must not be empty",
            id="no-scores",
        ),
        pytest.param(
            """
            assessments:
              - date: 2027-02-01
                scores: {risk-review: 2}
                actions:
                  retrospectives: Hold one after the pilot
            """,
            "projects/p.yaml:14:7: the action for 'retrospectives' needs its score in the same "
            "assessment: add 'retrospectives' under 'scores', or remove the action",
            id="action-without-score",
        ),
        pytest.param(
            """
            assessments:
              - date: 2027-02-01
                scores: {risk-review: 2}
                actions: {risk-review: "two\\tlines"}
            """,
            "projects/p.yaml:13:28: 'risk-review': must be one line of text, but holds the "
            "control character \\t at character 4 (for a long value in YAML, write it on one "
            "line or use '>-')",
            id="action-not-one-line",
        ),
        pytest.param(
            f"""
            assessments:
              - date: 2027-02-01
                scores: {{risk-review: 2}}
                actions: {{risk-review: {"x" * 301}}}
            """,
            "projects/p.yaml:13:28: 'risk-review' is too long (at most 300 characters)",
            id="action-too-long",
        ),
        pytest.param(
            """
            assessments:
              - date: 2027-02-30
                scores: {risk-review: 2}
            """,
            "projects/p.yaml:11:11: 'date': 2027-02-30: day 30 does not exist (February 2027 "
            "has 28 days)",
            id="impossible-date",
        ),
        pytest.param(
            """
            assessments:
              - date: 2027-02-01
                scores: {risk-review: 2}
              - date: 2027-02-01
                scores: {risk-review: 3}
            """,
            "projects/p.yaml:13:11: a second assessment on 2027-02-01 (the first is on line 11); "
            "keep one assessment per date",
            id="two-on-one-day",
        ),
        pytest.param(
            """
            assessments:
              - date: 2027-03-01
                scores: {risk-review: 2}
              - date: 2027-02-01
                scores: {risk-review: 3}
            """,
            "projects/p.yaml:13:11: the assessment of 2027-02-01 comes after the one of "
            "2027-03-01; keep assessments oldest first",
            id="out-of-order",
        ),
        pytest.param(
            """
            assessments:
              risk-review: 2
            """,
            "projects/p.yaml:11:3: 'assessments' must be a list, got a mapping",
            id="not-a-list",
        ),
    ],
)
def test_each_problem_is_named_at_its_line(tmp_path: Path, assessments: str, expected: str) -> None:
    assert _problems(tmp_path, assessments) == [expected]


def test_a_misspelt_key_is_named_and_the_missing_one_too(tmp_path: Path) -> None:
    problems = _problems(
        tmp_path,
        """
        assessments:
          - date: 2027-02-01
            score: {risk-review: 2}
        """,
    )
    assert problems == [
        "projects/p.yaml:11:5: missing required field 'scores'",
        "projects/p.yaml:12:5: unknown key 'score' (did you mean 'scores'?)",
    ]


def test_every_problem_of_every_assessment_in_one_run(tmp_path: Path) -> None:
    problems = _problems(
        tmp_path,
        """
        assessments:
          - date: 2027-02-01
            scores:
              weekly-stat: 2
              risk-review: 5
            actions:
              retrospectives: Later
          - date: 2027-03-01
            scores: {weekly-status: 1}
          - date: 2027-02-01
            scores: {risk-review: 1}
          - date: 2027-01-15
            scores: {risk-review: 1}
        """,
    )
    assert problems == [
        "projects/p.yaml:13:7: unknown practice 'weekly-stat' in playbook 'demo' "
        "(did you mean 'weekly-status'?)",
        "projects/p.yaml:14:20: 'risk-review' must be at most 4, got 5 (a number)",
        "projects/p.yaml:16:7: the action for 'retrospectives' needs its score in the same "
        "assessment: add 'retrospectives' under 'scores', or remove the action",
        "projects/p.yaml:19:11: a second assessment on 2027-02-01 (the first is on line 11); "
        "keep one assessment per date",
        "projects/p.yaml:21:11: the assessment of 2027-01-15 comes after the one of "
        "2027-03-01; keep assessments oldest first",
    ]


def test_more_assessments_than_a_log_holds_are_refused(tmp_path: Path) -> None:
    entries = "".join(
        f"  - {{date: {2027 + day // 365}-01-01, scores: {{risk-review: 1}}}}\n"
        for day in range(0, 365 * 501, 365)
    )
    problems = demo_project_problems(tmp_path, HEAD + "assessments:\n" + entries, FILES)
    assert problems == ["projects/p.yaml:11:3: 'assessments' has too many entries (at most 500)"]


def test_on_an_older_version_a_dropped_practice_is_kept_but_counts_nowhere(
    tmp_path: Path,
) -> None:
    text = HEAD.replace('playbook_version: "1.0.0"', 'playbook_version: "0.9.0"') + yaml_text(
        """
        assessments:
          - date: 2027-02-01
            scores: {risk-review: 3, old-practice: 1}
        """
    )
    project = load_demo_project(tmp_path, text, FILES)
    assert project.file.assessments[0].scores == {"risk-review": 3, "old-practice": 1}
    risk = maturity_of(project).areas[1]
    assert (risk.area, risk.assessed, risk.now_text) == ("risk", 1, "3.0")
    # On the current version the same id is a typo.
    current = HEAD + yaml_text(
        """
        assessments:
          - date: 2027-02-01
            scores: {risk-review: 3, old-practice: 1}
        """
    )
    assert demo_project_problems(tmp_path / "current", current, FILES) == [
        "projects/p.yaml:12:30: unknown practice 'old-practice' in playbook 'demo'"
    ]
