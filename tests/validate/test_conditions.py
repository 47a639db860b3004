"""generator.validate.conditions: a parsed condition checked against the declared facts."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from generator.model.conditions import evaluate, fact_names, parse
from generator.model.playbook import Fact
from generator.validate import conditions as condition_checks
from generator.validate.conditions import check

FACTS = {
    "regulated": Fact(name="regulated", type="boolean"),
    "team_size": Fact(name="team_size", type="integer"),
    "industry": Fact(name="industry", type="choice", choices=["banking", "retail", "other"]),
    "channels": Fact(name="channels", type="multi-choice", choices=["web", "mobile", "store"]),
    "go_live": Fact(name="go_live", type="date"),
    "sponsor_name": Fact(name="sponsor_name", type="text"),
}

INDUSTRY = "one of 'banking', 'retail', 'other'"
CHANNELS = "one of 'web', 'mobile', 'store'"
DATE = "a date written YYYY-MM-DD, without quotes"


def never(*names: str) -> list[str]:
    quoted = ", ".join(f"'{name}'" for name in names)
    return [
        f"condition can never be true: no possible answers to {quoted} satisfy it, "
        "so the item would never apply"
    ]


def optional(fact: Fact, **changes: Any) -> dict[str, Fact]:
    """FACTS with one fact made optional (or otherwise changed)."""
    return {**FACTS, fact.name: fact.model_copy(update={"required": False, **changes})}


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
        "regulated in [true]",
        "sponsor_name in ['Ada', 'Bob']",
        "go_live in [2027-01-01, 2027-02-01]",
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
        (
            "team_size == 'big'",
            [
                "'team_size' is an integer fact; 'big' is not an integer value "
                "(expected a whole number)"
            ],
        ),
        (
            "regulated == 1",
            ["'regulated' is a boolean fact; 1 is not a boolean value (expected true or false)"],
        ),
        (
            "go_live > '2027-01-01'",
            [f"'go_live' is a date fact; '2027-01-01' is not a date value (expected {DATE})"],
        ),
        (
            "sponsor_name == 3",
            ["'sponsor_name' is a text fact; 3 is not a text value (expected quoted text)"],
        ),
        (
            "industry == 'mining'",
            [
                "'industry' is a choice fact; 'mining' is not one of the choices of "
                "'industry': banking, retail, other"
            ],
        ),
        (
            "industry in ['retail', 'mining', 'farming']",
            [
                "'industry' is a choice fact; 'mining' is not one of the choices of "
                "'industry': banking, retail, other",
                "'industry' is a choice fact; 'farming' is not one of the choices of "
                "'industry': banking, retail, other",
            ],
        ),
        (
            "channels contains 'fax'",
            [
                "'channels' is a multi-choice fact; 'fax' is not one of the choices of "
                "'channels': web, mobile, store"
            ],
        ),
        (
            "industry in 'banking'",
            [
                "'industry in' needs a [list] of values; 'industry' is a choice fact, so each "
                f"value must be {INDUSTRY}"
            ],
        ),
        (
            "industry not in 'banking'",
            [
                "'industry not in' needs a [list] of values; 'industry' is a choice fact, so "
                f"each value must be {INDUSTRY}"
            ],
        ),
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
                "'team_size' is an integer fact; 'x' is not an integer value "
                "(expected a whole number)",
            ],
        ),
    ],
)
def test_check_messages(source: str, messages: list[str]) -> None:
    assert check(parse(source), FACTS) == messages


@pytest.mark.parametrize(
    ("source", "messages"),
    [
        # The review's example: a list where 'contains' takes one value never matched.
        (
            "channels contains ['web']",
            [
                "'channels contains' takes one value, not a [list]; 'channels' is a "
                f"multi-choice fact, so the value must be {CHANNELS}"
            ],
        ),
        (
            "channels contains ['web', 'mobile']",
            [
                "'channels contains' takes one value, not a [list]; 'channels' is a "
                f"multi-choice fact, so the value must be {CHANNELS}"
            ],
        ),
        (
            "channels contains 3",
            [
                "'channels' is a multi-choice fact; 3 is not a multi-choice value "
                f"(expected {CHANNELS})"
            ],
        ),
        (
            "industry == ['banking']",
            [
                "'industry ==' takes one value, not a [list]; 'industry' is a choice fact, so "
                f"the value must be {INDUSTRY} (to compare with several values, use 'in')"
            ],
        ),
        (
            "industry != ['banking', 'retail']",
            [
                "'industry !=' takes one value, not a [list]; 'industry' is a choice fact, so "
                f"the value must be {INDUSTRY} (use 'not in')"
            ],
        ),
        (
            "team_size > [1]",
            [
                "'team_size >' takes one value, not a [list]; 'team_size' is an integer fact, "
                "so the value must be a whole number"
            ],
        ),
        # bool is a subclass of int in Python; not in the condition language.
        (
            "team_size == true",
            [
                "'team_size' is an integer fact; true is not an integer value "
                "(expected a whole number)"
            ],
        ),
        (
            "team_size in [1, false]",
            [
                "'team_size' is an integer fact; false is not an integer value "
                "(expected a whole number)"
            ],
        ),
        (
            "team_size in [1, 'two', 2027-01-01]",
            [
                "'team_size' is an integer fact; 'two' is not an integer value "
                "(expected a whole number)",
                "'team_size' is an integer fact; 2027-01-01 is not an integer value "
                "(expected a whole number)",
            ],
        ),
        (
            "team_size >= 2027-01-01",
            [
                "'team_size' is an integer fact; 2027-01-01 is not an integer value "
                "(expected a whole number)"
            ],
        ),
        # Quotes in a value are shown escaped, as they are written in a condition.
        (
            "team_size == 'it\\'s'",
            [
                "'team_size' is an integer fact; 'it\\'s' is not an integer value "
                "(expected a whole number)"
            ],
        ),
        (
            "go_live < 5",
            [f"'go_live' is a date fact; 5 is not a date value (expected {DATE})"],
        ),
        (
            "go_live == true",
            [f"'go_live' is a date fact; true is not a date value (expected {DATE})"],
        ),
        (
            "regulated == 'yes'",
            [
                "'regulated' is a boolean fact; 'yes' is not a boolean value "
                "(expected true or false)"
            ],
        ),
        (
            "regulated in [true, 0]",
            ["'regulated' is a boolean fact; 0 is not a boolean value (expected true or false)"],
        ),
        (
            "sponsor_name == true",
            ["'sponsor_name' is a text fact; true is not a text value (expected quoted text)"],
        ),
        (
            "sponsor_name in ['Ada', 2027-01-01]",
            [
                "'sponsor_name' is a text fact; 2027-01-01 is not a text value "
                "(expected quoted text)"
            ],
        ),
        (
            "industry == 3",
            [f"'industry' is a choice fact; 3 is not a choice value (expected {INDUSTRY})"],
        ),
        (
            "industry in [['banking']]",
            [
                "'industry' is a choice fact; ['banking'] is not a choice value "
                f"(expected {INDUSTRY})"
            ],
        ),
        (
            "channels == 'web'",
            ["'channels' is a multi-choice fact: test it with \"channels contains '...'\""],
        ),
        (
            "channels in ['web']",
            ["'channels' is a multi-choice fact: test it with \"channels contains '...'\""],
        ),
        (
            "channels < 'web'",
            ["'channels' is a multi-choice fact: test it with \"channels contains '...'\""],
        ),
        (
            "sponsor_name contains 'A'",
            ["'contains' only works on multi-choice facts; 'sponsor_name' is text"],
        ),
        (
            "team_size contains 1",
            ["'contains' only works on multi-choice facts; 'team_size' is integer"],
        ),
        (
            "industry >= 'banking'",
            ["'>=' only works on integer and date facts; 'industry' is choice"],
        ),
        # Every comparison is checked, not only the first.
        (
            "regulated == 1 or channels contains ['web']",
            [
                "'regulated' is a boolean fact; 1 is not a boolean value (expected true or false)",
                "'channels contains' takes one value, not a [list]; 'channels' is a "
                f"multi-choice fact, so the value must be {CHANNELS}",
            ],
        ),
    ],
)
def test_type_errors(source: str, messages: list[str]) -> None:
    assert check(parse(source), FACTS) == messages


@pytest.mark.parametrize(
    ("source", "messages"),
    [
        (
            "industry in []",
            [
                "'industry in []' can never be true: the [list] needs at least one value; "
                f"'industry' is a choice fact, so each value must be {INDUSTRY}"
            ],
        ),
        (
            "team_size not in []",
            [
                "'team_size not in []' is always true: the [list] needs at least one value; "
                "'team_size' is an integer fact, so each value must be a whole number"
            ],
        ),
        ("regulated and not regulated", never("regulated")),
        ("regulated == true and regulated == false", never("regulated")),
        ("team_size > 10 and team_size < 5", never("team_size")),
        # Whole numbers: nothing lies strictly between 10 and 11.
        ("team_size > 10 and team_size < 11", never("team_size")),
        ("not (team_size > 5 or team_size <= 5)", never("team_size")),
        ("industry == 'banking' and industry == 'retail'", never("industry")),
        ("industry in ['banking'] and industry not in ['retail', 'banking']", never("industry")),
        # A required choice is always answered, and every choice is true as a bare name.
        ("not industry", never("industry")),
        ("not go_live", never("go_live")),
        ("go_live > 2027-12-31 and go_live < 2027-01-01", never("go_live")),
        ("go_live > 2027-01-01 and go_live < 2027-01-02", never("go_live")),
        ("go_live < 0001-01-01", never("go_live")),
        ("go_live > 9999-12-31", never("go_live")),
        ("sponsor_name == 'Ada' and sponsor_name == 'Bob'", never("sponsor_name")),
        ("channels contains 'web' and not channels contains 'web'", never("channels")),
        ("not channels and channels contains 'store'", never("channels")),
        (
            "(regulated or industry == 'banking') and not regulated and industry != 'banking'",
            never("regulated", "industry"),
        ),
        (
            "team_size > 50 and (team_size < 10 or regulated and not regulated)",
            never("team_size", "regulated"),
        ),
    ],
)
def test_conditions_that_can_never_be_true(source: str, messages: list[str]) -> None:
    assert check(parse(source), FACTS) == messages


@pytest.mark.parametrize(
    "source",
    [
        "team_size > 9 and team_size < 11",
        "team_size >= 10 and team_size <= 10",
        "team_size < 0",
        "not team_size",  # 0
        "team_size != 0 and team_size > -1 and team_size < 1 or team_size == 7",
        "go_live > 2027-01-01 and go_live < 2027-01-03",
        "go_live <= 0001-01-01",
        "not channels",  # the empty list
        "channels and not channels contains 'web' and not channels contains 'mobile'",
        "channels contains 'web' and channels contains 'mobile' and channels contains 'store'",
        "industry != 'banking' and industry != 'retail'",
        "sponsor_name != 'Ada' and sponsor_name != ''",
        # A required text is never blank (answers.py), but the check treats text as any text:
        # it may miss a never-true condition, never reject one that can hold.
        "not sponsor_name",
        # Always true is not reported: listing every choice keeps out choices added later.
        "regulated or not regulated",
        "industry in ['banking', 'retail', 'other']",
        # Only the whole condition must be able to hold.
        "regulated or team_size > 10 and team_size < 5",
    ],
)
def test_conditions_satisfiable_in_a_narrow_way_are_valid(source: str) -> None:
    assert check(parse(source), FACTS) == []


@pytest.mark.parametrize(
    ("source", "name", "messages"),
    [
        # An optional fact left unanswered is None: false as a bare name, true for '!='.
        ("not industry", "industry", []),
        ("not go_live", "go_live", []),
        ("industry != 'banking' and industry != 'retail' and industry != 'other'", "industry", []),
        ("team_size != 0 and not team_size", "team_size", []),
        ("regulated != true and regulated != false", "regulated", []),
        # None never satisfies anything but '!=', 'not in' and 'not'.
        ("team_size > 10 and team_size < 5", "team_size", never("team_size")),
        ("industry == 'banking' and industry == 'retail'", "industry", never("industry")),
    ],
)
def test_optional_facts_may_be_unanswered(source: str, name: str, messages: list[str]) -> None:
    assert check(parse(source), optional(FACTS[name])) == messages


def test_an_optional_fact_with_a_default_is_always_answered() -> None:
    facts = optional(FACTS["industry"], default="banking")

    assert check(parse("not industry"), facts) == never("industry")


MANY = Fact(name="tools", type="multi-choice", choices=[f"t{index}" for index in range(20)])


@pytest.mark.parametrize(
    ("source", "messages"),
    [
        # Any subset of the tested choices is possible, however many choices there are.
        ("tools contains 't1' and tools contains 't2' and not tools contains 't3'", []),
        ("tools and not tools contains 't0'", []),
        ("tools contains 't19' and not tools contains 't19'", never("tools")),
    ],
)
def test_multi_choice_with_many_choices(source: str, messages: list[str]) -> None:
    assert check(parse(source), {"tools": MANY}) == messages


def test_too_many_combinations_skip_the_never_true_check() -> None:
    # 17 tested choices have 2**17 subsets, more than MAX_COMBINATIONS.
    tests = " and ".join(f"tools contains 't{index}'" for index in range(17))
    source = f"{tests} and regulated and not regulated"

    assert check(parse(source), {"tools": MANY, "regulated": FACTS["regulated"]}) == []


@pytest.mark.parametrize(("cap", "messages"), [(2, never("regulated")), (1, [])])
def test_the_combination_cap_is_inclusive(
    monkeypatch: pytest.MonkeyPatch, cap: int, messages: list[str]
) -> None:
    monkeypatch.setattr(condition_checks, "MAX_COMBINATIONS", cap)

    assert check(parse("regulated and not regulated"), FACTS) == messages


# Small facts whose every value can be listed, to compare the check with brute force.
SMALL = {
    "regulated": FACTS["regulated"],
    "team_size": FACTS["team_size"].model_copy(update={"required": False}),
    "industry": FACTS["industry"],
    "channels": FACTS["channels"],
}
SMALL_VALUES: dict[str, list[Any]] = {
    "regulated": [False, True],
    "team_size": [None, *range(-3, 16)],
    "industry": ["banking", "retail", "other"],
    "channels": [
        [c for index, c in enumerate(["web", "mobile", "store"]) if mask >> index & 1]
        for mask in range(8)
    ],
}


@pytest.mark.parametrize(
    "source",
    [
        "team_size > 3 and team_size < 5",
        "team_size > 3 and team_size < 4",
        "team_size >= 3 and team_size <= 3 and team_size != 3",
        "not team_size and team_size != 0",
        "team_size in [1, 2] and team_size not in [2, 1]",
        "team_size not in [1, 2] and not team_size",
        "team_size == 0 or team_size",
        "not (team_size or not team_size)",
        "industry != 'banking' and not regulated and channels",
        "channels contains 'web' and not channels contains 'mobile' and not regulated",
        "not channels contains 'web' and not channels contains 'mobile' and channels",
        "channels and not (channels contains 'web' or channels contains 'mobile' or "
        "channels contains 'store')",
        "(regulated or industry in ['retail']) and (not regulated or industry == 'banking') "
        "and industry != 'banking'",
        "regulated and team_size > 2 and (industry == 'other' or team_size < 2)",
    ],
)
def test_never_true_agrees_with_brute_force(source: str) -> None:
    node = parse(source)
    names = list(SMALL)
    holds = any(
        evaluate(node, dict(zip(names, values, strict=True)))
        for values in itertools.product(*(SMALL_VALUES[name] for name in names))
    )
    used = list(dict.fromkeys(ref.name for ref in fact_names(node)))

    assert check(node, SMALL) == ([] if holds else never(*used))


def test_check_without_declared_facts() -> None:
    assert check(parse("regulated"), {}) == [
        "condition uses unknown fact 'regulated' (known facts: none declared)"
    ]
