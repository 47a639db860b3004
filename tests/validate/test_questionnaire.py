"""The questionnaire's constraints: choice labels, min/max, pattern and `after`, checked in
the playbook (rules that make sense) and in every answer (project files and `kickoff --set`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.model.playbook import Fact
from generator.validate.answers import AnswerError, after_problems, coerce_answer
from tests.support.cli import invoke, kickoff_args
from tests.support.playbooks import (
    PLAYBOOK_HEAD,
    WITHOUT_FACT_USERS,
    demo_project,
    demo_project_problems,
    load_demo_project,
    only_problem,
    validation_problems,
    write_playbook,
    yaml_text,
)

PLAYBOOK = "playbooks/demo/playbook.yaml"

# Facts with every constraint, for the project-level tests (demo facts kept, so risks and
# scope still validate).
CONSTRAINED = PLAYBOOK_HEAD + yaml_text("""
    facts:
      - name: regulated
        type: boolean
      - name: team_size
        type: integer
        min: 1
        max: 500
      - name: industry
        type: choice
        choices:
          - {value: banking, label: Banking and finance}
          - retail
      - name: channels
        type: multi-choice
        choices: [web, mobile]
        required: false
      - name: code
        type: text
        pattern: "[A-Z]{3}-[0-9]+"
        required: false
      - name: design_done
        type: date
        after: kickoff
        min: 2027-01-01
        required: false
      - name: go_live
        type: date
        after: design_done
        required: false
""")


def _fact(**fields: object) -> Fact:
    return Fact.model_validate({"name": "answer", **fields})


# --- the model -------------------------------------------------------------------------------


def test_choices_may_carry_labels() -> None:
    fact = _fact(type="choice", choices=[{"value": "banking", "label": "Banking"}, "retail"])
    assert fact.choice_values == ("banking", "retail")
    assert fact.choice_labels == {"banking": "Banking", "retail": "retail"}


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"type": "text", "min": 1}, "'min' only applies to integer and date facts"),
        ({"type": "integer", "max": "2027-01-01"}, "must be a whole number"),
        ({"type": "date", "min": 3}, "must be a date"),
        ({"type": "integer", "min": 5, "max": 4}, "'min' must not be greater than 'max'"),
        ({"type": "integer", "pattern": "[0-9]+"}, "'pattern' only applies to text facts"),
        ({"type": "text", "pattern": "(?<=a)b"}, "no lookbehind"),
        ({"type": "text", "pattern": "(?P<x>a)"}, "no lookbehind"),
        ({"type": "text", "pattern": "a("}, "is not a valid regular expression"),
        ({"type": "text", "after": "kickoff"}, "'after' only applies to date facts"),
        ({"type": "choice", "choices": ["a", {"value": "a", "label": "A"}]}, "must differ"),
    ],
)
def test_constraints_that_cannot_apply_are_refused(fields: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError) as caught:
        _fact(**fields)
    assert message in str(caught.value)


# --- answers ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "raw", "message"),
    [
        ({"type": "integer", "min": 1, "max": 9}, "0", "expected a whole number from 1 to 9"),
        ({"type": "integer", "min": 1}, -3, "expected a whole number of at least 1"),
        ({"type": "integer", "max": 9}, "10", "expected a whole number of at most 9"),
        (
            {"type": "date", "min": "2027-01-01", "max": "2027-12-31"},
            "2028-01-01",
            "expected a date from 2027-01-01 to 2027-12-31",
        ),
        ({"type": "date", "min": "2027-01-01"}, "2026-12-31", "on or after 2027-01-01"),
        ({"type": "date", "max": "2027-01-01"}, "2027-01-02", "on or before 2027-01-01"),
        ({"type": "text", "pattern": "[A-Z]{3}"}, "ABCD", "matching the pattern [A-Z]{3}"),
        # Python's \d would take Arabic-Indic digits; JavaScript's does not, so neither may.
        ({"type": "text", "pattern": r"\d+"}, "١٢", "matching the pattern"),
        ({"type": "choice", "choices": [{"value": "b", "label": "B"}]}, "B", "expected one of: b"),
    ],
)
def test_answers_outside_the_constraints_are_refused(
    fields: dict[str, object], raw: object, message: str
) -> None:
    with pytest.raises(AnswerError) as caught:
        coerce_answer(_fact(**fields), raw)
    assert message in str(caught.value)


@pytest.mark.parametrize(
    ("fields", "raw", "value"),
    [
        ({"type": "integer", "min": 1, "max": 9}, "1", 1),
        ({"type": "integer", "min": 1, "max": 9}, 9, 9),
        ({"type": "text", "pattern": "[A-Z]{3}"}, "ABC", "ABC"),
        ({"type": "text", "pattern": "[A-Z]{3}", "required": False}, "", ""),
        ({"type": "choice", "choices": [{"value": "b", "label": "B"}]}, "b", "b"),
    ],
)
def test_answers_on_the_bounds_are_accepted(
    fields: dict[str, object], raw: object, value: object
) -> None:
    assert coerce_answer(_fact(**fields), raw) == value


def test_after_compares_with_the_kickoff_and_other_facts() -> None:
    import datetime as dt

    first = _fact(type="date", after="kickoff", prompt="Design sign-off?").model_copy(
        update={"name": "design"}
    )
    second = _fact(type="date", after="design")
    kickoff = dt.date(2027, 3, 1)

    assert after_problems([first, second], {"design": kickoff}, kickoff) == {
        "design": "expected a date after the kickoff (2027-03-01)"
    }
    later = {"design": dt.date(2027, 3, 2), "answer": dt.date(2027, 3, 2)}
    assert after_problems([first, second], later, kickoff) == {
        "answer": "expected a date after 'Design sign-off?' (2027-03-02)"
    }
    fine = {"design": dt.date(2027, 3, 2), "answer": dt.date(2027, 3, 3)}
    assert after_problems([first, second], fine, kickoff) == {}


# --- the playbook ----------------------------------------------------------------------------


def test_constrained_questionnaire_validates(tmp_path: Path) -> None:
    project = load_demo_project(
        tmp_path,
        demo_project(facts="{regulated: true, team_size: 12, industry: banking}"),
        {"playbook.yaml": CONSTRAINED},
    )
    assert project.facts["industry"] == "banking"


@pytest.mark.parametrize(
    ("after", "message"),
    [
        ("launch", "'after' must name the kickoff or another date fact (kickoff, go_live)"),
        ("answer", "'after' must name the kickoff or another date fact (kickoff, go_live)"),
        ("go_live", "'answer' must come after 'go_live', which must come after 'answer'"),
    ],
)
def test_after_must_name_a_reachable_date(tmp_path: Path, after: str, message: str) -> None:
    folder = write_playbook(
        tmp_path,
        {
            "playbook.yaml": PLAYBOOK_HEAD
            + yaml_text(f"""
                facts:
                  - name: answer
                    type: date
                    after: {after}
                  - name: go_live
                    type: date
                    after: {"answer" if after == "go_live" else "kickoff"}
            """),
            **WITHOUT_FACT_USERS,
        },
    )

    # A circle is reported at each of its facts; the first is the one on line 13.
    problem = validation_problems(tmp_path, folder)[0]

    assert (problem.path, problem.line) == (PLAYBOOK, 13)
    assert message in problem.message


def test_a_default_outside_the_bounds_is_a_playbook_problem(tmp_path: Path) -> None:
    folder = write_playbook(
        tmp_path,
        {
            "playbook.yaml": PLAYBOOK_HEAD
            + "facts:\n  - name: size\n    type: integer\n    min: 1\n    default: 0\n",
            **WITHOUT_FACT_USERS,
        },
    )

    problem = only_problem(tmp_path, folder)

    assert problem.line == 14
    assert problem.message == "default: expected a whole number of at least 1"


# --- project files and the command line -------------------------------------------------------


def test_every_answer_problem_is_named_in_one_run(tmp_path: Path) -> None:
    facts = (
        "{regulated: true, team_size: 0, industry: Banking and finance, code: abc, "
        "design_done: 2027-01-20, go_live: 2027-01-10}"
    )
    problems = demo_project_problems(
        tmp_path, demo_project(facts=facts, kickoff="2027-02-01"), {"playbook.yaml": CONSTRAINED}
    )

    joined = "\n".join(problems)
    assert "team_size" in joined and "expected a whole number from 1 to 500" in joined
    assert "expected one of: banking, retail" in joined
    assert "expected text matching the pattern [A-Z]{3}-[0-9]+" in joined
    assert "expected a date after the kickoff (2027-02-01)" in joined
    assert "expected a date after 'design_done' (2027-01-20)" in joined
    assert all(problem.startswith("projects/p.yaml:5:") for problem in problems), joined


def test_kickoff_set_checks_the_same_constraints(tmp_path: Path) -> None:
    write_playbook(tmp_path, {"playbook.yaml": CONSTRAINED})
    args = kickoff_args(
        "Harbour Bank", "--kickoff", "2027-02-01", "--set", "regulated=true",
        "--set", "team_size=900", "--set", "industry=retail", "--set", "go_live=2027-01-01",
        "--no-input", playbook="demo",
    )  # fmt: skip

    result = invoke(tmp_path, *args)

    assert result.exit_code == 2, result.output
    assert "--set team_size=900: expected a whole number from 1 to 500" in result.stderr
    assert not (tmp_path / "projects" / "harbour-bank.yaml").exists()
