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
