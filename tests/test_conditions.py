"""generator.conditions: parse, check and evaluate the tiny "applies when" language."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from generator.conditions import (
    BoolOp,
    Compare,
    ConditionSyntaxError,
    FactRef,
    Not,
    check,
    evaluate,
    fact_names,
    parse,
)
from generator.models import Fact

FACTS = {
    "regulated": Fact(name="regulated", type="boolean"),
    "team_size": Fact(name="team_size", type="integer"),
    "industry": Fact(name="industry", type="choice", choices=["banking", "retail", "other"]),
    "channels": Fact(name="channels", type="multi-choice", choices=["web", "mobile", "store"]),
    "go_live": Fact(name="go_live", type="date"),
    "sponsor_name": Fact(name="sponsor_name", type="text"),
}

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
    node = parse("a or b or c")
    assert isinstance(node, BoolOp)
    assert [ref.name for ref in node.operands] == ["a", "b", "c"]  # type: ignore[union-attr]


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
        ("team_size >", "expected a value ('text', number, date, true/false or [list])", 11),
        ("industry == retail", "expected a value", 12),
        ("(regulated", "expected ')'", 10),
        ("regulated)", "unexpected ')'", 9),
        ("team_size > 10 11", "unexpected '11'", 15),
        ("regulated not", "unexpected 'not'", 10),
        ("regulated @ x", "unexpected character '@'", 10),
        ("industry == 'bank", 'unexpected character "\'"', 12),
        ("team_size = 3", "unexpected character '='", 10),
        ("team_size => 3", "unexpected character '='", 10),
        ("x in [1, 2", "expected ','", 10),
        ("x in [", "expected a value", 6),
        ("go_live > 2027-02-30", "'2027-02-30' is not a real date", 10),
        ("go_live > 2027-13-01", "'2027-13-01' is not a real date", 10),
    ],
)
def test_syntax_errors_report_message_and_offset(source: str, message: str, offset: int) -> None:
    with pytest.raises(ConditionSyntaxError) as caught:
        parse(source)

    assert str(caught.value).startswith(message)
    assert caught.value.offset == offset


def test_unknown_escape_is_a_syntax_error_at_the_backslash() -> None:
    with pytest.raises(ConditionSyntaxError) as caught:
        parse("industry == '\\x4'")

    assert caught.value.offset == 13
    assert "unknown escape" in str(caught.value)


# --- checking against declared facts -----------------------------------------------------------


@pytest.mark.parametrize(
    "source",
    [
        "regulated",
        "regulated == false",
        "team_size >= 10 and team_size != 99",
        "industry in ['banking', 'retail']",
        "industry not in ['other']",
        "channels contains 'web'",
        "go_live < 2027-12-31",
        "sponsor_name == 'Ada'",
        "not (regulated or industry == 'other')",
    ],
)
def test_valid_conditions_have_no_problems(source: str) -> None:
    assert check(parse(source), FACTS) == []


@pytest.mark.parametrize(
    ("source", "messages"),
    [
        (
            "headcount > 10",
            [
                "condition uses unknown fact 'headcount' (known facts: channels, "
                "go_live, industry, regulated, sponsor_name, team_size)"
            ],
        ),
        ("team_size == 'big'", ["'team_size' is an integer fact; 'big' is not an integer value"]),
        ("team_size == true", ["'team_size' is an integer fact; True is not an integer value"]),
        ("regulated == 1", ["'regulated' is a boolean fact; 1 is not a boolean value"]),
        ("go_live > '2027-01-01'", ["'go_live' is a date fact; '2027-01-01' is not a date value"]),
        ("sponsor_name == 3", ["'sponsor_name' is a text fact; 3 is not a text value"]),
        (
            "industry == 'mining'",
            ["'mining' is not one of the choices of 'industry': banking, retail, other"],
        ),
        (
            "industry in ['retail', 'mining', 'farming']",
            [
                "'mining' is not one of the choices of 'industry': banking, retail, other",
                "'farming' is not one of the choices of 'industry': banking, retail, other",
            ],
        ),
        (
            "channels contains 'fax'",
            ["'fax' is not one of the choices of 'channels': web, mobile, store"],
        ),
        ("industry in 'banking'", ["'industry in' needs a [list] of values"]),
        ("industry not in 'banking'", ["'industry not in' needs a [list] of values"]),
        (
            "industry contains 'banking'",
            ["'contains' only works on multi-choice facts; 'industry' is choice"],
        ),
        (
            "sponsor_name < 'M'",
            ["'<' only works on integer and date facts; 'sponsor_name' is text"],
        ),
        (
            "regulated >= true",
            ["'>=' only works on integer and date facts; 'regulated' is boolean"],
        ),
        (
            "nope and team_size == 'x'",
            [
                "condition uses unknown fact 'nope' (known facts: channels, go_live, industry, "
                "regulated, sponsor_name, team_size)",
                "'team_size' is an integer fact; 'x' is not an integer value",
            ],
        ),
    ],
)
def test_check_messages(source: str, messages: list[str]) -> None:
    assert check(parse(source), FACTS) == messages


def test_check_without_declared_facts() -> None:
    assert check(parse("regulated"), {}) == [
        "condition uses unknown fact 'regulated' (known facts: none declared)"
    ]


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
    assert evaluate(parse(source), dict.fromkeys(FACTS)) is expected


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
