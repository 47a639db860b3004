"""Model validation as problems for people: one Problem per error, at the offending key or value."""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Iterable, Sequence
from typing import Any

from pydantic import BaseModel, ValidationError

from generator.errors import Problem
from generator.load.documents import Document, PathKey

_PATTERN_HINTS = {
    r"^[a-z0-9]+(-[a-z0-9]+)*$": "a kebab-case id such as 'legacy-integration'",
    r"^[a-z][a-z0-9_-]*$": "a lowercase id such as 'sponsor' or 'pmo-lead'",
    r"^[a-z][a-z0-9_]*$": "a lowercase name such as 'team_size'",
    r"^[+-]?\d{1,3}[dw]$": "an offset from kickoff such as '-10d', '0d' or '+2w'",
    r"^\d+\.\d+\.\d+$": "a version such as '1.2.0' (in quotes)",
    r"^[a-z][a-z0-9-]*$": "a lowercase kebab-case word such as 'technology'",
    r"^[A-Za-z0-9][A-Za-z0-9 .&+-]*$": "a short tag of letters, digits, spaces or - . & +",
}

_TYPE_NAMES = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_from_float": "a whole number",
    "bool_type": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping of keys to values",
    "model_type": "a mapping of keys to values",
    "model_attributes_type": "a mapping of keys to values",
    "date_type": "a date written YYYY-MM-DD",
    "date_from_datetime_inexact": "a date written YYYY-MM-DD (without a time)",
    "none_required": "empty",
}


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a boolean)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, int | float):
        return f"{value} (a number)"
    shown = repr(value)
    return shown if len(shown) <= 60 else shown[:57] + "...'"


def _data_at(data: Any, path: PathKey) -> tuple[bool, Any]:
    for part in path:
        in_mapping = isinstance(data, dict) and isinstance(part, str) and part in data
        in_list = isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data)
        if in_mapping or in_list:
            data = data[part]
        else:
            return False, None
    return True, data


def _existing_prefix(data: Any, loc: tuple[Any, ...]) -> PathKey:
    """Longest prefix of a pydantic location that exists in the data (drops union tags)."""
    for end in range(len(loc), -1, -1):
        found, _ = _data_at(data, loc[:end])
        if found:
            return tuple(loc[:end])
    return ()


def _unwrap_model(annotation: Any) -> type[BaseModel] | None:
    """Find the model class inside list[...], dict[..., X], X | None, Annotated[X, ...]."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return _unwrap_model(args[0])
    if origin in (list, tuple):
        return _unwrap_model(args[0]) if args else None
    if origin is dict:
        return _unwrap_model(args[1]) if len(args) == 2 else None
    if origin in (typing.Union, types.UnionType):
        for arg in args:
            found = _unwrap_model(arg)
            if found is not None:
                return found
    return None


def _model_at(model: type[BaseModel], path: PathKey) -> type[BaseModel] | None:
    current: type[BaseModel] | None = model
    for part in path:
        if current is None:
            return None
        if isinstance(part, int):
            continue
        field = current.model_fields.get(part)
        if field is None:
            # A dict key (e.g. an item id in a project's status): stay on the value model.
            continue
        current = _unwrap_model(field.annotation)
    return current


def _field_label(path: PathKey) -> str:
    names = [part for part in path if isinstance(part, str)]
    return f"'{names[-1]}'" if names else "the file"


def problems_from_validation(
    error: ValidationError,
    document: Document,
    model: type[BaseModel],
    what: str,
    prefix: PathKey = (),
) -> list[Problem]:
    """One Problem per distinct location.

    ``what`` names the thing validated (e.g. 'a risk'); ``prefix`` is where the validated value
    sits in the document, when it is not the whole file.
    """
    problems: dict[PathKey, Problem] = {}
    for detail in error.errors(include_url=False):
        model_loc = tuple(detail["loc"])
        loc = (*prefix, *model_loc)
        kind = detail["type"]
        if kind == "missing":
            path = _existing_prefix(document.data, loc[:-1])
            where = f" in {what}" if len(model_loc) == 1 else ""
            problem = document.problem(path, f"missing required field '{loc[-1]}'{where}")
            problems.setdefault((*path, f"missing:{loc[-1]}"), problem)
            continue
        if kind == "extra_forbidden":
            path = tuple(loc)
            parent_model = _model_at(model, model_loc[:-1])
            allowed = sorted(parent_model.model_fields) if parent_model else []
            message = f"unknown key '{loc[-1]}'"
            close = difflib.get_close_matches(str(loc[-1]), allowed, n=1, cutoff=0.6)
            if close:
                message += f" (did you mean '{close[0]}'?)"
            elif allowed:
                message += "; allowed keys: " + ", ".join(allowed)
            problems.setdefault(path, document.problem(path, message, prefer_key=True))
            continue
        path = _existing_prefix(document.data, loc)
        if path in problems:
            continue
        _, value = _data_at(document.data, path)
        problems[path] = document.problem(
            path, _message(kind, detail, path[len(prefix) :], value, what)
        )
    return list(problems.values())


def _message(kind: str, detail: Any, path: PathKey, value: Any, what: str) -> str:
    label = _field_label(path)
    got = _describe(value)
    ctx = detail.get("ctx", {})
    if kind == "value_error":  # a rule of the whole model names its fields itself
        text = detail["msg"].removeprefix("Value error, ")
        return f"{label}: {text}" if path else text
    if not path:
        return f"expected {what} to be a mapping of keys to values, got {got}"
    if kind in _TYPE_NAMES:
        return f"{label} must be {_TYPE_NAMES[kind]}, got {got}"
    if kind == "string_pattern_mismatch":
        hint = _PATTERN_HINTS.get(ctx.get("pattern", ""), f"text matching {ctx.get('pattern')}")
        return f"{label} must be {hint}, got {got}"
    if kind == "literal_error":
        return f"{label} must be one of {ctx.get('expected')}, got {got}"
    if kind == "greater_than_equal":
        return f"{label} must be at least {ctx.get('ge')}, got {got}"
    if kind == "less_than_equal":
        return f"{label} must be at most {ctx.get('le')}, got {got}"
    if kind == "too_short":
        return f"{label} must not be empty"
    if kind == "string_too_long" or (kind == "too_long" and isinstance(value, str)):
        return f"{label} is too long (at most {ctx.get('max_length')} characters)"
    if kind == "too_long":  # a list
        return f"{label} has too many entries (at most {ctx.get('max_length')})"
    return f"{label}: {detail['msg']}, got {got}"


def validate_model(
    document: Document, model: type[BaseModel], what: str
) -> tuple[BaseModel | None, list[Problem]]:
    try:
        return model.model_validate(document.data), []
    except ValidationError as error:
        return None, without_echoes(
            problems_from_validation(error, document, model, what), document
        )


def without_echoes(problems: list[Problem], document: Document) -> list[Problem]:
    """Drop problems at a place where loading already reported one.

    A refused YAML tag leaves an empty value behind; saying that the value is also missing or
    of the wrong type would only repeat the real problem.
    """
    reported = {(problem.line, problem.column) for problem in document.problems}
    return [problem for problem in problems if (problem.line, problem.column) not in reported]


def unknown_name(what: str, name: str, known: Iterable[str], where: str) -> str:
    """``unknown fact 'industy' in playbook 'x' (did you mean 'industry'?)``."""
    message = f"unknown {what} '{name}' in {where}"
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return message + (f" (did you mean '{close[0]}'?)" if close else "")


def unknown_names(what: str, names: Sequence[str], known: Iterable[str], where: str) -> str:
    """Every unknown name in one message, each with its suggestion."""
    if len(names) == 1:
        return unknown_name(what, names[0], known, where)
    candidates = list(known)
    described = []
    for name in names:
        close = difflib.get_close_matches(name, candidates, n=1, cutoff=0.6)
        described.append(f"'{name}'" + (f" (did you mean '{close[0]}'?)" if close else ""))
    return f"unknown {what}s in {where}: " + ", ".join(described)
