"""The parity suite, Python's half: the recorded cases are still what Python makes of them.

Node runs the same file against the JavaScript port (tests/js/parity.test.js). When a rule
changes on purpose, rewrite the cases with `python -m tests.support.parity`; both halves must
then pass again.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.support.parity import CASES_FILE, cases_text, make_cases


@pytest.fixture(scope="module")
def recorded() -> dict[str, Any]:
    suite: dict[str, Any] = json.loads(CASES_FILE.read_text(encoding="utf-8"))
    return suite


@pytest.fixture(scope="module")
def made(recorded: dict[str, Any]) -> dict[str, Any]:
    return make_cases(recorded["seed"])


def test_there_are_at_least_500_cases_of_each_rule_set(recorded: dict[str, Any]) -> None:
    kinds = [case["kind"] for case in recorded["cases"]]
    assert kinds.count("kickoff") >= 500
    assert kinds.count("mark") >= 100
    written = [c for c in recorded["cases"] if c["kind"] == "kickoff" and c["expected"]["text"]]
    refused = [c for c in recorded["cases"] if c["kind"] == "kickoff" and c["expected"]["errors"]]
    assert len(written) >= 250 and len(refused) >= 100


def test_cases_cover_the_awkward_dates(recorded: dict[str, Any]) -> None:
    text = json.dumps(recorded)
    for day in ("-02-29", "-12-31", "-04-30"):
        assert day in text


def test_python_still_gives_the_recorded_results(
    recorded: dict[str, Any], made: dict[str, Any]
) -> None:
    assert len(made["cases"]) == len(recorded["cases"])
    for mine, theirs in zip(made["cases"], recorded["cases"], strict=True):
        assert mine == theirs, f"case {theirs['id']} ({theirs['kind']}) differs"
    assert made["playbooks"] == recorded["playbooks"]


def test_recorded_file_is_exactly_what_the_generator_writes(made: dict[str, Any]) -> None:
    assert CASES_FILE.read_text(encoding="utf-8") == cases_text(made), (
        "run `python -m tests.support.parity` and review the diff"
    )


def test_fill_cases_cover_risks_in_depth_and_health(recorded: dict[str, Any]) -> None:
    """The rules the browser repeats for risks and health each meet the cases, both ways."""
    fills = [case for case in recorded["cases"] if case["kind"] == "fill"]
    risks = [risk for case in fills for risk in case["expected"]["risks"]]
    overrides = [o for case in fills for o in case["input"]["project"]["risks"].values()]
    healths = [case["expected"]["health"] for case in fills]
    assert {risk["mitigation"] for risk in risks} == {
        "none",
        "planned",
        "under way",
        "late",
        "complete",
    }
    assert {risk["trend"] for risk in risks} == {"", "up", "down", "steady"}
    assert {health["rag"] for health in healths} == {"red", "amber", "green"}
    assert {health["stale"] for health in healths} == {True, False}
    assert any(len(health["reasons"]) > 1 for health in healths)
    assert any(health["due_soon"] for health in healths)
    logs = [[entry["date"] for entry in o["assessments"]] for o in overrides if "assessments" in o]
    assert any(len(set(dates)) < len(dates) for dates in logs), "no log with two on one day"
    assert any(dates != sorted(dates) for dates in logs), "no log written out of order"
    assert any("residual" in o for o in overrides)
    assert any(o.get("mitigated_by") == [] for o in overrides)
    proximity = {risk["proximity"][:1].isdigit() for risk in risks if risk["proximity"]}
    assert proximity == {True, False}  # dates and phases
    tasks = [task for case in fills for task in case["expected"]["tasks"]]
    assert any(task["decision"] for task in tasks) and any(task["mitigates"] for task in tasks)
    assert any(task["state"] == "n/a" and task["mitigates"] for task in tasks)
    playbooks = recorded["playbooks"]
    # A playbook's mitigating task that does not apply to the project is left out.
    assert any(
        set(risk["mitigated_by"]) - {task["id"] for task in case["expected"]["tasks"]}
        for case in fills
        for risk in playbooks[case["input"]["playbook"]]["risks"]
    )
    reporting = [playbook["reporting"] for playbook in playbooks.values()]
    assert any(r["pm_role"] for r in reporting) and any(r["go_live"] for r in reporting)
    defaults = [c for c in recorded["cases"] if c["kind"] == "reporting_defaults"]
    assert len(defaults) == 1
    default_rag = defaults[0]["expected"]["reporting"]["rag"]
    assert any(r["rag"] == default_rag for r in reporting)
    assert any(r["rag"] != default_rag for r in reporting)
