"""A project's answers to a playbook's questionnaire: coercion and checking, one fact at a time."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from generator.model.dates import DateError, parse_iso_date
from generator.model.fields import NOT_ONE_LINE
from generator.model.playbook import Fact

_INTEGER = re.compile(r"[+-]?[0-9]{1,15}")
# Whole numbers are counts and sizes; anything beyond 15 digits is a typo or an attack, and
# beyond that the browser's numbers (which must agree, see the parity suite) stop being exact.
MAX_INTEGER = 10**15 - 1
_TRUE = {"true", "yes", "y", "1", "on"}
_FALSE = {"false", "no", "n", "0", "off"}


class AnswerError(ValueError):
    """An answer that does not fit its fact; the text is shown to the user."""


MAX_NAME_LENGTH = 120  # a project's name (as the project file's `name`), a person's name


def one_line_problem(what: str, value: str, limit: int) -> str | None:
    """Why ``value`` is not one line of at most ``limit`` characters (names, people), or None.

    Characters are code points, as the browser's kickoff form counts them too."""
    if not value.strip():
        return f"{what} is empty"
    if NOT_ONE_LINE.search(value):
        return f"{what} must be one line of text without control characters"
    if len(value) > limit:
        return f"{what} is {len(value)} characters long; the limit is {limit}"
    return None


def _fail(fact: Fact, expected: str) -> AnswerError:
    return AnswerError(fact.invalid_message or expected)


def coerce_answer(fact: Fact, raw: Any) -> Any:
    """Turn a YAML value or a typed-in string into the fact's type, or raise AnswerError.

    The answer must also keep to the fact's ``min``, ``max`` and ``pattern``. The browser's
    kickoff form checks answers with a port of this function (same messages), which the
    parity suite holds to it.
    """
    value = _coerce(fact, raw)
    if fact.type in ("integer", "date") and value is not None:
        _check_bounds(fact, value)
    pattern = fact.pattern if fact.type == "text" else None
    if pattern is not None and value and not re.fullmatch(pattern, value, re.ASCII):
        raise _fail(fact, f"expected text matching the pattern {pattern}")
    return value


def _check_bounds(fact: Fact, value: Any) -> None:
    low, high = fact.min, fact.max
    if (low is None or value >= low) and (high is None or value <= high):
        return
    if fact.type == "integer":
        if low is not None and high is not None:
            raise _fail(fact, f"expected a whole number from {low} to {high}")
        if low is not None:
            raise _fail(fact, f"expected a whole number of at least {low}")
        raise _fail(fact, f"expected a whole number of at most {high}")
    if low is not None and high is not None:
        raise _fail(fact, f"expected a date from {low} to {high}")
    if low is not None:
        raise _fail(fact, f"expected a date on or after {low}")
    raise _fail(fact, f"expected a date on or before {high}")


def after_problems(
    facts: list[Fact], answers: dict[str, Any], kickoff: dt.date | None
) -> dict[str, str]:
    """Date facts answered no later than the date they must come after, with why.

    ``after: kickoff`` compares with the kickoff date; ``after: <fact>`` with that fact's
    answer, when it has one.
    """
    declared = {fact.name: fact for fact in facts}
    problems: dict[str, str] = {}
    for fact in facts:
        value = answers.get(fact.name)
        if fact.after is None or not isinstance(value, dt.date):
            continue
        if fact.after == "kickoff":
            other, what = kickoff, "the kickoff"
        else:
            other, what = answers.get(fact.after), f"'{fact.after}'"
            if fact.after in declared:
                what = f"'{declared[fact.after].prompt or fact.after}'"
        if isinstance(other, dt.date) and value <= other:
            problems[fact.name] = fact.invalid_message or f"expected a date after {what} ({other})"
    return problems


def _coerce(fact: Fact, raw: Any) -> Any:
    kind = fact.type
    if kind == "text":
        if not isinstance(raw, str) or (fact.required and not raw.strip()):
            raise _fail(fact, "expected some text")
        if NOT_ONE_LINE.search(raw):
            raise _fail(fact, "expected one line of text, without control characters")
        return raw
    if kind == "integer":
        if isinstance(raw, bool):
            raise _fail(fact, "expected a whole number")
        if isinstance(raw, int):
            if abs(raw) > MAX_INTEGER:
                raise _fail(fact, "expected a whole number of at most 15 digits")
            return raw
        if isinstance(raw, str) and _INTEGER.fullmatch(raw.strip()):
            return int(raw.strip())
        raise _fail(fact, "expected a whole number")
    if kind == "boolean":
        if isinstance(raw, bool):
            return raw
        if isinstance(raw, str) and raw.strip().lower() in _TRUE | _FALSE:
            return raw.strip().lower() in _TRUE
        raise _fail(fact, "expected true or false")
    if kind == "date":
        if isinstance(raw, dt.date) and not isinstance(raw, dt.datetime):
            return raw
        if isinstance(raw, str):
            try:
                return parse_iso_date(raw)
            except DateError as error:
                raise _fail(fact, str(error)) from None
        raise _fail(fact, "expected a date written YYYY-MM-DD")
    if kind == "choice":
        if isinstance(raw, str) and raw.strip() in fact.choice_values:
            return raw.strip()
        raise _fail(fact, "expected one of: " + ", ".join(fact.choice_values))
    # multi-choice: a YAML list, or comma-separated text typed at a prompt
    values = [v.strip() for v in raw.split(",") if v.strip()] if isinstance(raw, str) else raw
    if isinstance(values, list) and all(
        isinstance(v, str) and v in fact.choice_values for v in values
    ):
        return sorted(set(values), key=fact.choice_values.index)
    raise _fail(fact, "expected any of: " + ", ".join(fact.choice_values) + " (comma-separated)")


def form_answers(
    facts: list[Fact], raw: Mapping[str, Any], kickoff: dt.date | None
) -> tuple[dict[str, Any], dict[str, str]]:
    """A whole questionnaire answered at once, as the browser's kickoff form sends it.

    ``raw`` holds what each field holds: text (a list of values for multi-choice). A blank
    field is no answer: an error for a required fact, left out otherwise. Returns the answers
    and, per fact, the message to show beside its field. The browser runs a port of this
    function; the parity suite holds the two to each other.
    """
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for fact in facts:
        given = raw.get(fact.name)
        if given is None or given == [] or (isinstance(given, str) and not given.strip()):
            if fact.required:
                errors[fact.name] = fact.invalid_message or "an answer is required"
            continue
        try:
            values[fact.name] = coerce_answer(fact, given)
        except AnswerError as error:
            errors[fact.name] = str(error)
    for name, problem in after_problems(facts, values, kickoff).items():
        errors.setdefault(name, problem)
    return values, errors
