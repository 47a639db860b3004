"""generator.model.conditions: parse and evaluate the tiny "applies when" language."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from generator.model.conditions import (
    BoolOp,
    Compare,
    ConditionSyntaxError,
    FactRef,
    Not,
    evaluate,
    fact_names,
    parse,
)

ANSWERS: dict[str, Any] = {
    "regulated": True,
    "team_size": 12,
    "industry": "banking",
    "channels": ["web", "mobile"],
    "go_live": dt.date(2027, 6, 1),
    "sponsor_name": "Ada",
}


# --- parsing -----------------------------------------------------------------------------------


def test_bare_fact_name() -> None:
    assert parse("regulated") == FactRef("regulated", 0)


def test_and_binds_tighter_than_or() -> None:
    assert parse("a and b or c") == BoolOp(
        "or", (BoolOp("and", (FactRef("a", 0), FactRef("b", 6))), FactRef("c", 11))
    )


def test_parentheses_override_precedence() -> None:
    assert parse("a and (b or c)") == BoolOp(
        "and", (FactRef("a", 0), BoolOp("or", (FactRef("b", 7), FactRef("c", 12))))
    )


def test_chains_of_the_same_operator_are_flat() -> None:
    assert parse("a or b or c") == BoolOp(
        "or", (FactRef("a", 0), FactRef("b", 5), FactRef("c", 10))
    )


def test_not_applies_to_the_nearest_comparison() -> None:
    assert parse("not a and b") == BoolOp("and", (Not(FactRef("a", 4)), FactRef("b", 10)))
    assert parse("not not a") == Not(Not(FactRef("a", 8)))


def test_not_in_is_one_operator() -> None:
    assert parse("industry not in ['retail']") == Compare(
        FactRef("industry", 0), "not in", ("retail",)
    )


@pytest.mark.parametrize(
    ("source", "value"),
    [
        ("x == 'text'", "text"),
        ('x == "double"', "double"),
        ("x == 'it\\'s'", "it's"),
        ("x == ''", ""),
        ("x == 42", 42),
        ("x == -7", -7),
        ("x == 2028-02-29", dt.date(2028, 2, 29)),
        ("x == true", True),
        ("x == false", False),
        ("x in [1, 'a', 2027-01-01, true]", (1, "a", dt.date(2027, 1, 1), True)),
        ("x in ['only']", ("only",)),
    ],
)
def test_literals(source: str, value: object) -> None:
    node = parse(source)

    assert isinstance(node, Compare)
    assert node.value == value
    assert type(node.value) is type(value)


def test_string_literal_keeps_non_ascii_text() -> None:
    """Regression: literals were decoded with 'unicode_escape' (UTF-8 read as Latin-1)."""
    node = parse("city == 'Zürich'")

    assert isinstance(node, Compare)
    assert node.value == "Zürich"


@pytest.mark.parametrize("operator", ["==", "!=", "<", "<=", ">", ">=", "in", "not in", "contains"])
def test_every_operator_parses(operator: str) -> None:
    node = parse(f"x {operator} [1]")

    assert node == Compare(FactRef("x", 0), operator, (1,))


def test_whitespace_is_optional_around_symbols() -> None:
    assert parse("(team_size>=10)") == Compare(FactRef("team_size", 1), ">=", 10)


def test_fact_names_lists_every_reference_with_its_offset() -> None:
    refs = fact_names(parse("regulated and (team_size > 5 or not industry in ['x'])"))

    assert refs == [FactRef("regulated", 0), FactRef("team_size", 15), FactRef("industry", 36)]


# --- syntax errors -------------------------------------------------------------------------------

VALUE = "expected a value ('text', number, date, true/false or [list])"


@pytest.mark.parametrize(
    ("source", "message", "offset"),
    [
        ("", "expected a fact name", 0),
        ("   ", "expected a fact name", 3),
        ("and", "expected a fact name", 0),
        ("true", "expected a fact name", 0),
        ("not", "expected a fact name", 3),
        ("regulated and", "expected a fact name", 13),
        ("regulated or or x", "expected a fact name", 13),
        ("'banking' == industry", "expected a fact name", 0),
        ("team_size >", VALUE, 11),
        ("industry == retail", VALUE, 12),
        ("(regulated", "expected ')'", 10),
        ("regulated)", "unexpected ')'", 9),
        ("team_size > 10 11", "unexpected '11'", 15),
        ("regulated not", "unexpected 'not'", 10),
        ("regulated @ x", "unexpected character '@'", 10),
        ("industry == 'bank", 'unexpected character "\'"', 12),
        ("team_size = 3", "unexpected character '='", 10),
        ("team_size => 3", "unexpected character '='", 10),
        ("x in [1, 2", "expected ','", 10),
        ("x in [", VALUE, 6),
        ("go_live > 2027-02-30", "'2027-02-30' is not a real date", 10),
        ("go_live > 2027-13-01", "'2027-13-01' is not a real date", 10),
    ],
)
def test_syntax_errors_report_message_and_offset(source: str, message: str, offset: int) -> None:
    with pytest.raises(ConditionSyntaxError) as caught:
        parse(source)

    assert (str(caught.value), caught.value.offset) == (message, offset)


def test_unknown_escape_is_a_syntax_error_at_the_backslash() -> None:
    with pytest.raises(ConditionSyntaxError) as caught:
        parse("industry == '\\x4'")

    assert (str(caught.value), caught.value.offset) == (
        "unknown escape '\\x' in text; only \\' \\\" and \\\\ are allowed",
        13,
    )


# --- evaluation --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("regulated", True),
        ("not regulated", False),
        ("not not regulated", True),
        ("regulated == true", True),
        ("regulated == false", False),
        ("team_size == 12", True),
        ("team_size != 12", False),
        ("team_size > 11", True),
        ("team_size > 12", False),
        ("team_size >= 12", True),
        ("team_size < 12", False),
        ("team_size <= 12", True),
        ("team_size > -1", True),
        ("industry == 'banking'", True),
        ('industry == "retail"', False),
        ("industry in ['retail', 'banking']", True),
        ("industry in ['retail']", False),
        ("industry not in ['retail']", True),
        ("industry not in ['banking']", False),
        ("channels contains 'web'", True),
        ("channels contains 'store'", False),
        ("go_live == 2027-06-01", True),
        ("go_live > 2027-05-31", True),
        ("go_live >= 2027-06-02", False),
        ("go_live < 2027-06-02", True),
        ("go_live <= 2027-05-31", False),
        ("regulated and team_size > 100", False),
        ("regulated or team_size > 100", True),
        # "and" binds tighter than "or": regulated or (team_size > 100 and ...).
        ("regulated or team_size > 100 and industry == 'retail'", True),
        ("(regulated or team_size > 100) and industry == 'retail'", False),
        ("not regulated or industry == 'banking'", True),
        ("not (regulated or industry == 'retail')", False),
        ("not regulated and industry == 'banking'", False),
        ("team_size > 10 and (industry == 'retail' or channels contains 'mobile')", True),
    ],
)
def test_evaluate_with_answers(source: str, expected: bool) -> None:
    assert evaluate(parse(source), ANSWERS) is expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("regulated", False),
        ("not regulated", True),
        ("regulated == false", False),
        ("team_size > 10", False),
        ("team_size <= 10", False),
        ("team_size == 0", False),
        ("industry == 'banking'", False),
        ("industry != 'banking'", True),
        ("industry in ['banking']", False),
        ("industry not in ['banking']", True),
        ("channels contains 'web'", False),
        ("go_live < 2030-01-01", False),
        ("regulated or industry != 'retail'", True),
    ],
)
def test_evaluate_unanswered_facts(source: str, expected: bool) -> None:
    """An unanswered fact satisfies only '!=' and 'not in' (and 'not' of anything else)."""
    assert evaluate(parse(source), {}) is expected
    assert evaluate(parse(source), dict.fromkeys(ANSWERS)) is expected


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ({"team_size": 0}, False),
        ({"channels": []}, False),
        ({"sponsor_name": ""}, False),
        ({"regulated": False}, False),
        ({"team_size": 1}, True),
        ({"channels": ["web"]}, True),
    ],
)
def test_bare_fact_is_true_when_answered_and_truthy(
    answers: dict[str, Any], expected: bool
) -> None:
    [(name, _)] = answers.items()

    assert evaluate(parse(name), answers) is expected
