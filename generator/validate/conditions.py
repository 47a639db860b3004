"""Conditions checked against the playbook's facts: every comparison has the fact's type, and
the whole condition can be true for some answers (else the item could never apply)."""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
from typing import Any

from generator.model.conditions import (
    BoolOp,
    Compare,
    ConditionSyntaxError,
    Literal_,
    Node,
    Not,
    evaluate,
    fact_names,
    parse,
)
from generator.model.playbook import Fact
from generator.model.reporting import MEASURES

_PY_TYPES: dict[str, tuple[type, ...]] = {
    "text": (str,),
    "choice": (str,),
    "multi-choice": (str,),
    "integer": (int,),
    "boolean": (bool,),
    "date": (dt.date,),
}


_ORDERING = ("<", "<=", ">", ">=")


# Beyond this many combinations of representative values, the "can never be true" check is
# skipped: a missed warning is better than a slow validation.
MAX_COMBINATIONS = 50_000


def check(node: Node, facts: dict[str, Fact]) -> list[str]:
    """Problems with a parsed condition against the playbook's declared facts.

    First every comparison is type-checked against its fact; a condition that passes is then
    checked to be true for at least one possible set of answers.
    """
    problems: list[str] = []
    for ref in fact_names(node):
        if ref.name not in facts:
            known = ", ".join(sorted(facts)) or "none declared"
            problems.append(f"condition uses unknown fact '{ref.name}' (known facts: {known})")
    for compare in _comparisons(node):
        fact = facts.get(compare.fact.name)
        if fact is None:
            continue
        problems.extend(_check_compare(compare, fact))
    if not problems:
        never = _never_true(node, facts)
        if never is not None:
            problems.append(never)
    return problems


def _comparisons(node: Node) -> list[Compare]:
    if isinstance(node, Compare):
        return [node]
    if isinstance(node, Not):
        return _comparisons(node.operand)
    if isinstance(node, BoolOp):
        return [c for operand in node.operands for c in _comparisons(operand)]
    return []


def _render(value: Literal_) -> str:
    """A literal as it is written in a condition (not Python's repr: `true`, not `True`)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"
    if isinstance(value, tuple):
        return "[" + ", ".join(_render(item) for item in value) + "]"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _a_type(fact: Fact) -> str:
    return ("an " if fact.type[0] in "aeiou" else "a ") + fact.type


def _a_fact(fact: Fact) -> str:
    return f"'{fact.name}' is {_a_type(fact)} fact"


def _expected(fact: Fact) -> str:
    """What one value compared with the fact must be."""
    if fact.choice_values:
        return "one of " + ", ".join(_render(choice) for choice in fact.choice_values)
    return {
        "text": "quoted text",
        "integer": "a whole number",
        "boolean": "true or false",
        "date": "a date written YYYY-MM-DD, without quotes",
    }[fact.type]


def _check_compare(compare: Compare, fact: Fact) -> list[str]:
    name, op, value = compare.fact.name, compare.op, compare.value
    values: tuple[Literal_, ...]
    if op == "contains" and fact.type != "multi-choice":
        return [f"'contains' only works on multi-choice facts; '{name}' is {fact.type}"]
    if fact.type == "multi-choice" and op != "contains":
        return [f"'{name}' is a multi-choice fact: test it with \"{name} contains '...'\""]
    if op in _ORDERING and fact.type not in ("integer", "date"):
        return [f"'{op}' only works on integer and date facts; '{name}' is {fact.type}"]
    if op in ("in", "not in"):
        if not isinstance(value, tuple):
            return [
                f"'{name} {op}' needs a [list] of values; {_a_fact(fact)}, so each value "
                f"must be {_expected(fact)}"
            ]
        if not value:
            # Never matched by anything, None included: the item would never (or always) apply.
            verdict = "can never be true" if op == "in" else "is always true"
            return [
                f"'{name} {op} []' {verdict}: the [list] needs at least one value; "
                f"{_a_fact(fact)}, so each value must be {_expected(fact)}"
            ]
        values = value
    elif isinstance(value, tuple):
        hint = {"==": " (to compare with several values, use 'in')", "!=": " (use 'not in')"}
        return [
            f"'{name} {op}' takes one value, not a [list]; {_a_fact(fact)}, so the value "
            f"must be {_expected(fact)}{hint.get(op, '')}"
        ]
    else:
        values = (value,)
    problems = []
    for one in values:
        shown = _render(one)
        # bool is a subclass of int: `team_size == true` must not pass as an integer.
        if not isinstance(one, _PY_TYPES[fact.type]) or (
            isinstance(one, bool) and fact.type != "boolean"
        ):
            problems.append(
                f"{_a_fact(fact)}; {shown} is not {_a_type(fact)} value "
                f"(expected {_expected(fact)})"
            )
        elif fact.choice_values and one not in fact.choice_values:
            problems.append(
                f"{_a_fact(fact)}; {shown} is not one of the choices of '{name}': "
                + ", ".join(fact.choice_values)
            )
    return problems


def _never_true(node: Node, facts: dict[str, Fact]) -> str | None:
    names = list(dict.fromkeys(ref.name for ref in fact_names(node)))
    literals: dict[str, list[Any]] = {name: [] for name in names}
    for compare in _comparisons(node):
        value = compare.value
        literals[compare.fact.name].extend(value if isinstance(value, tuple) else (value,))
    domains: list[list[Any]] = []
    combinations = 1
    for name in names:
        domain = _representatives(facts[name], literals[name])
        if domain is None:
            return None
        combinations *= len(domain)
        if combinations > MAX_COMBINATIONS:
            return None
        domains.append(domain)
    for values in itertools.product(*domains):
        if evaluate(node, dict(zip(names, values, strict=True))):
            return None
    quoted = ", ".join(f"'{name}'" for name in names)
    return (
        f"condition can never be true: no possible answers to {quoted} satisfy it, "
        "so the item would never apply"
    )


def _representatives(fact: Fact, literals: list[Any]) -> list[Any] | None:
    """One value of each class the condition tells apart (see above); None when too many."""
    values: list[Any]
    if fact.type == "boolean":
        values = [False, True]
    elif fact.type == "integer":
        points = [0, *literals]
        values = [p + step for p in points for step in (-1, 0, 1)]
    elif fact.type == "date":
        points = literals or [dt.date(2000, 1, 1)]
        values = []
        for point, step in itertools.product(points, (-1, 0, 1)):
            # No day exists before 0001-01-01 or after 9999-12-31, so nothing to represent.
            with contextlib.suppress(OverflowError):
                values.append(point + dt.timedelta(days=step))
    elif fact.type == "text":
        # Longer than every literal, so different from all of them.
        other = "?" * (max((len(text) for text in literals), default=0) + 1)
        values = [*literals, "", other]
    elif fact.type == "choice":
        values = [c for c in fact.choice_values if c in literals]
        values += [c for c in fact.choice_values if c not in literals][:1]
    else:
        tested = [c for c in fact.choice_values if c in literals]
        if 2 ** len(tested) > MAX_COMBINATIONS:
            return None
        untested = [c for c in fact.choice_values if c not in literals][:1]
        values = [
            [c for index, c in enumerate(tested) if mask >> index & 1] + extra
            for mask in range(2 ** len(tested))
            for extra in ([[], untested] if untested else [[]])
        ]
    if fact.type != "multi-choice":
        values = list(dict.fromkeys(values))  # lists are unhashable, and distinct already
    if not fact.required and fact.default is None:
        values.append(None)
    return values


def rag_rule_problems(source: str) -> list[str]:
    """Problems with a RAG rule's ``when``: a condition over the measures, each a whole number
    (generator.model.reporting.MEASURES)."""
    try:
        node = parse(source)
    except ConditionSyntaxError as error:
        return [f"condition {source!r}: {error} (at character {error.offset + 1})"]
    measures = {name: Fact(name=name, type="integer") for name in MEASURES}
    return [
        problem.replace("unknown fact", "unknown measure")
        .replace("known facts", "measures")
        .replace("an integer fact", "a whole-number measure")
        for problem in check(node, measures)
    ]
