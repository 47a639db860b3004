"""The kickoff form on the site, as Python: a filled form to its errors, or to the project
file and the checklist it gives.

The kickoff page runs the JavaScript port of this function (``kickoffResult`` in
generator/workbench/kickoff-page.js) in the browser; the parity suite proves both give the
same result for the same form. The file it writes is the one `playbook kickoff --no-input`
writes for the same answers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from generator.load.documents import parse_document
from generator.model.dates import DateError, parse_iso_date
from generator.model.playbook import Fact, Playbook
from generator.model.slugs import slugify
from generator.projects.writer import NewProject, project_text
from generator.render.workbench import checklist_data
from generator.resolve.project import fill
from generator.validate.answers import MAX_NAME_LENGTH, form_answers, one_line_problem
from generator.validate.project import validate_project_document


def kickoff_form(playbook: Playbook, form: Mapping[str, Any], today: dt.date) -> dict[str, Any]:
    """``form`` holds ``name``, ``kickoff`` (text), ``answers`` (fact -> text, or a list for
    multi-choice) and ``roles`` (role -> person). Errors are keyed ``name``, ``kickoff``,
    ``fact:<name>`` and ``role:<id>``; the file and checklist are None while there are any."""
    errors: dict[str, str] = {}
    name = " ".join(str(form.get("name", "")).split())
    if (problem := one_line_problem("the project name", name, MAX_NAME_LENGTH)) is not None:
        errors["name"] = problem
    kickoff: dt.date | None = None
    try:
        kickoff = parse_iso_date(str(form.get("kickoff", "")))
    except DateError as error:
        errors["kickoff"] = str(error)
    people: Mapping[str, Any] = form.get("roles", {})
    roles: dict[str, str] = {}
    for role in playbook.meta.roles:
        person = " ".join(str(people.get(role.id, "")).split())
        if not person:
            continue
        problem = one_line_problem(role.title, person, MAX_NAME_LENGTH)
        if problem is None:
            roles[role.id] = person
        else:
            errors[f"role:{role.id}"] = problem
    answers = _as_given(playbook.meta.facts, form.get("answers", {}))
    values, fact_errors = form_answers(playbook.meta.facts, answers, kickoff)
    errors.update({f"fact:{fact}": message for fact, message in fact_errors.items()})
    result: dict[str, Any] = {"errors": errors, "slug": slugify(name), "text": None}
    result["checklist"] = None
    if errors or kickoff is None:
        return result
    text = project_text(NewProject(name, playbook, kickoff, values, roles))
    path = Path(f"{result['slug']}.yaml")
    project = validate_project_document(
        parse_document(text.encode(), path, path.name), {playbook.id: playbook}
    )
    result["text"] = text
    result["checklist"] = checklist_data(fill(project, today))
    return result


def _as_given(facts: list[Fact], given: Mapping[str, Any]) -> dict[str, Any]:
    """The answers as the command line takes them: text trimmed, as ``--set`` trims it, and a
    blank optional fact given its default, as a fact left out of ``--set`` gets it."""
    answers: dict[str, Any] = {}
    for fact in facts:
        answer = given.get(fact.name, "")
        if fact.type == "text" and isinstance(answer, str):
            answer = answer.strip()
        blank = answer == [] or (isinstance(answer, str) and not answer.strip())
        if blank and not fact.required and fact.default is not None:
            answer = _as_typed(fact.default)
        answers[fact.name] = answer
    return answers


def _as_typed(value: Any) -> Any:
    """A default as the form's field holds it (what JavaScript's ``String(value)`` gives)."""
    if isinstance(value, list):
        return [str(item) for item in value]
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
