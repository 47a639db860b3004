"""What a playbook and its projects say for reporting: the RAG rules, the PM's role, the go-live
fact, the tasks that mitigate each risk, and a project's assessments of its risks."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.model.reporting import DEFAULT_RAG
from tests.support.playbooks import (
    DEFAULT_FILES,
    demo_project,
    demo_project_problems,
    load_demo_project,
    only_problem,
    validate,
    validation_problems,
    write_playbook,
)

PLAYBOOK = DEFAULT_FILES["playbook.yaml"]
RISKS = DEFAULT_FILES["risks.yaml"]
PLAYBOOK_LINES = PLAYBOOK.count("\n")


def with_reporting(reporting: str) -> dict[str, str]:
    return {"playbook.yaml": PLAYBOOK + reporting}


def test_rules_are_read_and_default_when_absent(tmp_path: Path) -> None:
    folder = write_playbook(
        tmp_path,
        with_reporting(
            "reporting:\n  pm_role: sponsor\n  go_live: go_live\n  stale_after_days: 14\n"
            "  rag:\n    red:\n      - {when: overdue > 2, because: Late.}\n"
        ),
    )
    reporting = validate(tmp_path, folder).meta.reporting
    assert (reporting.pm_role, reporting.go_live, reporting.stale_after_days) == (
        "sponsor",
        "go_live",
        14,
    )
    assert [(rule.when, rule.because) for rule in reporting.rag.red] == [("overdue > 2", "Late.")]
    assert reporting.rag.amber == []

    plain = validate(tmp_path, write_playbook(tmp_path / "plain")).meta.reporting
    assert plain.rag == DEFAULT_RAG
    assert (plain.pm_role, plain.go_live, plain.stale_after_days) == (None, None, 30)


@pytest.mark.parametrize(
    ("when", "message"),
    [
        (
            "overdu > 2",
            "condition uses unknown measure 'overdu' (measures: blocked, critical_risks, "
            "critical_unmitigated, days_since_update, due_soon, high_risks, high_unmitigated, "
            "overdue, progress, rising_risks)",
        ),
        (
            "overdue > 'many'",
            "'overdue' is a whole-number measure; 'many' is not an integer value "
            "(expected a whole number)",
        ),
        (
            "overdue >",
            "condition 'overdue >': expected a value ('text', number, date, true/false or "
            "[list]) (at character 10)",
        ),
    ],
)
def test_a_broken_rule_is_reported_at_its_line(tmp_path: Path, when: str, message: str) -> None:
    folder = write_playbook(
        tmp_path,
        with_reporting(
            f"reporting:\n  rag:\n    amber:\n      - because: Fine.\n        when: {when}\n"
        ),
    )

    problem = only_problem(tmp_path, folder)

    assert (problem.path, problem.line, problem.column) == (
        "playbooks/demo/playbook.yaml",
        PLAYBOOK_LINES + 5,
        15,
    )
    assert problem.message == message


def test_every_problem_of_the_reporting_block_in_one_run(tmp_path: Path) -> None:
    folder = write_playbook(
        tmp_path,
        with_reporting(
            "reporting:\n  pm_role: cto\n  go_live: team_size\n"
            "  rag:\n    red:\n      - {when: nothing > 1, because: x}\n"
        ),
    )

    messages = [(p.line, p.message) for p in validation_problems(tmp_path, folder)]

    assert messages == [
        (PLAYBOOK_LINES + 2, "unknown role 'cto'; roles declared: pm, sponsor"),
        (
            PLAYBOOK_LINES + 3,
            "'go_live' must name a date fact (go_live), got 'team_size'",
        ),
        (
            PLAYBOOK_LINES + 6,
            "condition uses unknown measure 'nothing' (measures: blocked, critical_risks, "
            "critical_unmitigated, days_since_update, due_soon, high_risks, high_unmitigated, "
            "overdue, progress, rising_risks)",
        ),
    ]


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("scope-creep", "task id 'scope-creep' is not a task in this playbook"),
        ("no-such-task", "task id 'no-such-task' does not exist in this playbook"),
    ],
)
def test_mitigated_by_names_tasks_of_the_playbook(
    tmp_path: Path, target: str, message: str
) -> None:
    risks = RISKS + f"    mitigated_by: [hold-kickoff, {target}]\n"
    folder = write_playbook(tmp_path, {"risks.yaml": risks})

    problem = only_problem(tmp_path, folder)

    assert (problem.path, problem.line, problem.column) == (
        "playbooks/demo/risks.yaml",
        RISKS.count("\n") + 1,
        34,
    )
    assert problem.message == message


def test_a_project_records_its_view_of_a_risk(tmp_path: Path) -> None:
    project = load_demo_project(
        tmp_path,
        demo_project(
            extra="""
            risks:
              scope-creep:
                target: 6
                proximity: plan
                mitigated_by: []
                assessments:
                  - {date: 2027-03-01, likelihood: 2, impact: 4}
                  - {date: 2027-02-01, likelihood: 3, impact: 4, note: first look}
            """
        ),
    )
    override = project.file.risks["scope-creep"]
    assert (override.target, override.proximity, override.mitigated_by) == (6, "plan", [])
    assert [(a.date.isoformat(), a.score, a.note) for a in override.assessments] == [
        ("2027-03-01", 8, ""),
        ("2027-02-01", 12, "first look"),
    ]


def test_project_problems_with_risks_all_in_one_run(tmp_path: Path) -> None:
    problems = demo_project_problems(
        tmp_path,
        demo_project(
            extra="""
            risks:
              scope-creep:
                assessments:
                  - {date: 2027-03-01, likelihood: 6, impact: 4}
                target: 30
                proximity: someday
                mitigated_by: [hold-kickof, scope-creep]
            """
        ),
    )

    assert problems == [
        "projects/p.yaml:9:40: 'likelihood' must be at most 5, got 6 (a number)",
        "projects/p.yaml:10:13: 'target' must be at most 25, got 30 (a number)",
        "projects/p.yaml:11:16: 'proximity': expected a date (YYYY-MM-DD) or a phase "
        "(initiate, plan, execute, monitor, close), got 'someday'",
        "projects/p.yaml:12:20: unknown task 'hold-kickof' in playbook 'demo' "
        "(did you mean 'hold-kickoff'?)",
        "projects/p.yaml:12:33: 'scope-creep' is not a task",
    ]


def test_residual_and_assessments_together_are_refused(tmp_path: Path) -> None:
    problems = demo_project_problems(
        tmp_path,
        demo_project(
            extra="""
            risks:
              scope-creep:
                residual: {likelihood: 2, impact: 2}
                assessments:
                  - {date: 2027-03-01, likelihood: 2, impact: 4}
            """
        ),
    )

    assert problems == [
        "projects/p.yaml:8:5: 'scope-creep': give either 'residual' or 'assessments', "
        "not both: the latest assessment is the residual score"
    ]
