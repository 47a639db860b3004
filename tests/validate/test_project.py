"""generator.validate.project: a project file checked against its playbook, every problem
named with its file and line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.resolve.project import fill
from tests.support.fixtures import fixture_text
from tests.support.playbooks import (
    DEFAULT_FILES,
    demo_project,
    demo_project_problems,
    load_demo_project,
    yaml_text,
)

# Facts one a line (6 to 8), so each fact problem has its own line.
BASE = fixture_text("project-demo", "project.yaml")


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        pytest.param(
            "status:\n  hold-kickof: {state: done}\n",
            "projects/p.yaml:10:3: unknown item 'hold-kickof' in playbook 'demo' "
            "(did you mean 'hold-kickoff'?)",
            id="unknown-status-id",
        ),
        pytest.param(
            "risks:\n  scope-crep: {impact: 2}\n",
            "projects/p.yaml:10:3: unknown item 'scope-crep' in playbook 'demo' "
            "(did you mean 'scope-creep'?)",
            id="unknown-risk-id",
        ),
        pytest.param(
            "status:\n  hold-kickoff: {state: finished}\n",
            "projects/p.yaml:10:25: 'state' must be one of 'open', 'done' or 'n/a', got 'finished'",
            id="bad-state",
        ),
        pytest.param(
            "status:\n  hold-kickoff: {state: done, date: 2027-02-30}\n",
            "projects/p.yaml:10:37: 'date': 2027-02-30: day 30 does not exist "
            "(February 2027 has 28 days)",
            id="bad-status-date",
        ),
        pytest.param(
            "roles:\n  sponsr: Ada Obi\n",
            "projects/p.yaml:10:3: unknown role 'sponsr' in playbook 'demo' "
            "(did you mean 'sponsor'?)",
            id="unknown-role",
        ),
        pytest.param(
            "risks:\n  hold-kickoff: {impact: 2}\n",
            "projects/p.yaml:10:3: 'hold-kickoff' is not a risk, so it has no score to override",
            id="override-on-a-task",
        ),
        pytest.param(
            "risks:\n  scope-creep: {impact: 6}\n",
            "projects/p.yaml:10:25: 'impact' must be at most 5, got 6 (a number)",
            id="impact-out-of-range",
        ),
    ],
)
def test_project_problems_name_file_and_line(tmp_path: Path, extra: str, expected: str) -> None:
    assert demo_project_problems(tmp_path, BASE + extra) == [expected]


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        pytest.param(
            "facts:\n  regulated: true\n  team_size: 12\n",
            "projects/p.yaml:6:3: unanswered fact 'industry': choice",
            id="unanswered-required",
        ),
        pytest.param(
            "facts:\n  regulated: true\n  team_size: 12\n  industry: banking\n  industy: x\n",
            "projects/p.yaml:9:3: unknown fact 'industy' in playbook 'demo' "
            "(did you mean 'industry'?)",
            id="unknown-fact",
        ),
        pytest.param(
            "facts:\n  regulated: true\n  team_size: twelve\n  industry: banking\n",
            "projects/p.yaml:7:14: fact 'team_size': expected a whole number",
            id="integer-as-text",
        ),
        pytest.param(
            "facts:\n  regulated: true\n  team_size: --5\n  industry: banking\n",
            "projects/p.yaml:7:14: fact 'team_size': expected a whole number",
            id="integer-double-minus",
        ),
        pytest.param(
            "facts:\n  regulated: true\n  team_size: '²'\n  industry: banking\n",
            "projects/p.yaml:7:14: fact 'team_size': expected a whole number",
            id="integer-superscript-digit",
        ),
        pytest.param(
            "facts:\n  regulated: maybe\n  team_size: 12\n  industry: banking\n",
            "projects/p.yaml:6:14: fact 'regulated': expected true or false",
            id="boolean-as-text",
        ),
        pytest.param(
            "facts:\n  regulated: true\n  team_size: 12\n  industry: insurance\n",
            "projects/p.yaml:8:13: fact 'industry': expected one of: banking, retail",
            id="not-a-choice",
        ),
        pytest.param(
            "facts:\n  regulated: true\n  team_size: 12\n  industry: banking\n"
            "  channels: [web, fax]\n",
            "projects/p.yaml:9:13: fact 'channels': expected any of: web, mobile (comma-separated)",
            id="not-a-multi-choice",
        ),
        pytest.param(
            "facts:\n  regulated: true\n  team_size: 12\n  industry: banking\n  go_live: soon\n",
            "projects/p.yaml:9:12: fact 'go_live': 'soon' is not a date written YYYY-MM-DD",
            id="date-as-text",
        ),
    ],
)
def test_factdemo_project_problems(tmp_path: Path, facts: str, expected: str) -> None:
    head = BASE.split("facts:")[0]
    assert demo_project_problems(tmp_path, head + facts) == [expected]


def test_bad_kickoff_date_is_reported_at_its_line(tmp_path: Path) -> None:
    text = BASE.replace("kickoff: 2027-02-01", "kickoff: 2027-02-30")
    assert demo_project_problems(tmp_path, text) == [
        "projects/p.yaml:4:10: 'kickoff': 2027-02-30: day 30 does not exist "
        "(February 2027 has 28 days)"
    ]


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    text = BASE + yaml_text("""
        roles:
          sponsr: Ada Obi
        status:
          hold-kickof: {state: done}
        risks:
          hold-kickoff: {impact: 2}
    """)
    assert demo_project_problems(tmp_path, text) == [
        "projects/p.yaml:10:3: unknown role 'sponsr' in playbook 'demo' (did you mean 'sponsor'?)",
        "projects/p.yaml:12:3: unknown item 'hold-kickof' in playbook 'demo' "
        "(did you mean 'hold-kickoff'?)",
        "projects/p.yaml:14:3: 'hold-kickoff' is not a risk, so it has no score to override",
    ]


@pytest.mark.parametrize(
    ("project_version", "playbook_version"),
    [("1.0.1", "1.0.0"), ("2.0.0", "1.9.9"), ("1.10.0", "1.9.0")],
)
def test_playbook_version_newer_than_the_playbook(
    tmp_path: Path, project_version: str, playbook_version: str
) -> None:
    playbook = DEFAULT_FILES["playbook.yaml"].replace('"1.0.0"', f'"{playbook_version}"')
    text = BASE.replace('"1.0.0"', f'"{project_version}"')
    assert demo_project_problems(tmp_path, text, {"playbook.yaml": playbook}) == [
        f"projects/p.yaml:3:19: playbook_version {project_version} is newer than the playbook "
        f"'demo' ({playbook_version})"
    ]


def test_older_version_numbers_compare_numerically(tmp_path: Path) -> None:
    playbook = DEFAULT_FILES["playbook.yaml"].replace('"1.0.0"', '"1.10.0"')
    project = load_demo_project(
        tmp_path, BASE.replace('"1.0.0"', '"1.9.0"'), {"playbook.yaml": playbook}
    )
    assert project.outdated is True


def test_unknown_playbook(tmp_path: Path) -> None:
    problems = demo_project_problems(tmp_path, BASE.replace("playbook: demo", "playbook: nope"))
    assert problems == ["projects/p.yaml:2:11: unknown playbook 'nope' (playbooks: demo)"]


def test_stale_ids_tolerated_on_an_older_version(tmp_path: Path) -> None:
    playbook = DEFAULT_FILES["playbook.yaml"].replace('"1.0.0"', '"1.1.0"')
    extra = """
        status:
          hold-kickoff: {state: done}
          retired-task: {state: done}
        risks:
          retired-risk: {impact: 2}
    """
    project = load_demo_project(tmp_path, demo_project(extra=extra), {"playbook.yaml": playbook})
    assert project.stale_ids == ("retired-risk", "retired-task")
    assert project.outdated is True
    # The stale ids make no rows; the current ones keep their status.
    rows = fill(project, dt.date(2027, 2, 1)).rows
    assert [(row.id, row.state) for row in rows] == [
        ("hold-kickoff", "done"),
        ("scope-creep", "open"),
    ]


def test_stale_ids_are_errors_on_the_current_version(tmp_path: Path) -> None:
    extra = """
        status:
          retired-task: {state: done}
    """
    assert demo_project_problems(tmp_path, demo_project(extra=extra)) == [
        "projects/p.yaml:7:3: unknown item 'retired-task' in playbook 'demo'"
    ]


def test_a_valid_project_has_its_slug_and_facts(tmp_path: Path) -> None:
    project = load_demo_project(
        tmp_path,
        demo_project(
            facts="{regulated: true, team_size: 12, industry: banking, channels: [mobile, web], "
            "go_live: 2028-02-29}"
        ),
    )
    assert project.slug == "p"
    assert project.source == "projects/p.yaml"
    assert project.outdated is False
    assert project.stale_ids == ()
    # multi-choice answers are kept in the playbook's order of choices
    assert project.facts["channels"] == ["web", "mobile"]
    assert project.facts["go_live"] == dt.date(2028, 2, 29)
