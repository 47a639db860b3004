"""Validate stage for projects: a project file checked against the playbook it follows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from generator.errors import ContentError, Problem
from generator.load.anchors import status_anchors
from generator.load.documents import Document, load_document
from generator.load.paths import display_path
from generator.model.dates import DateError, coerce_date
from generator.model.items import Practice, Risk, Task
from generator.model.playbook import Playbook
from generator.model.project import Project, ProjectFile
from generator.model.slugs import is_slug
from generator.validate.answers import AnswerError, after_problems, coerce_answer
from generator.validate.messages import unknown_name, validate_model, without_echoes


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def validate_project(path: Path, root: Path, playbooks: Mapping[str, Playbook]) -> Project:
    """Load one project file and check it against its playbook; raise ContentError listing all."""
    document = load_document(path, display_path(path, root), lenient=True)
    return validate_project_document(document, playbooks)


def project_playbook_id(document: Document) -> str | None:
    """The playbook a project file names, read before anything else is checked."""
    data = document.data
    value = data.get("playbook") if isinstance(data, dict) else None
    return value if isinstance(value, str) else None


def validate_project_document(document: Document, playbooks: Mapping[str, Playbook]) -> Project:
    """Check a project file against its playbook, reporting every problem in one ContentError.

    The checks against the playbook (facts, roles, item ids) run on the file's raw sections
    even when other fields are invalid, so one run reports everything.
    """
    parsed, found = validate_model(document, ProjectFile, "a project file")
    problems = list(found)
    data: Mapping[str, Any] = document.data if isinstance(document.data, dict) else {}
    playbook_id = project_playbook_id(document)
    playbook = playbooks.get(playbook_id) if playbook_id is not None else None
    if playbook is None:
        if playbook_id is not None and is_slug(playbook_id):  # else the model says why
            known = ", ".join(sorted(playbooks)) or "none"
            problems.append(
                document.problem(
                    ("playbook",), f"unknown playbook '{playbook_id}' (playbooks: {known})"
                )
            )
        raise ContentError(_with_load_problems(problems, document))
    if not is_slug(document.path.stem):
        problems.append(
            Problem(
                document.display,
                None,
                None,
                "project file names must be kebab-case, like "
                "'core-banking-revamp.yaml' (they become the page's address)",
            )
        )
    facts = _check_facts(_section(data, "facts"), playbook, document, problems)
    _check_roles(_section(data, "roles"), playbook, document, problems)
    version = data.get("playbook_version")
    on_current = version == playbook.meta.version
    stale = _check_items(data, on_current, playbook, document, problems)
    problems.extend(_check_assessments(data, on_current, playbook, document))
    if parsed is None:
        raise ContentError(_with_load_problems(problems, document))
    assert isinstance(parsed, ProjectFile)
    if _version_key(parsed.playbook_version) > _version_key(playbook.meta.version):
        problems.append(
            document.problem(
                ("playbook_version",),
                f"playbook_version {parsed.playbook_version} is newer than the playbook "
                f"'{playbook.id}' ({playbook.meta.version})",
            )
        )
    if problems:
        raise ContentError(_with_load_problems(problems, document))
    return Project(
        parsed,
        document.path.stem,
        document.display,
        playbook,
        facts,
        tuple(stale),
        text=document.text,
        anchors=status_anchors(document),
    )


def _with_load_problems(problems: list[Problem], document: Document) -> list[Problem]:
    """The loader's problems, and the others that are not an echo of one of them."""
    return [*document.problems, *without_echoes(problems, document)]


def _section(data: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    """A mapping section of the raw file, or an empty one when it is missing or malformed
    (the model's own check reports that)."""
    value = data.get(key)
    return value if isinstance(value, dict) else {}


def _check_facts(
    answers: Mapping[str, Any], playbook: Playbook, document: Document, problems: list[Problem]
) -> dict[str, Any]:
    declared = {fact.name: fact for fact in playbook.meta.facts}
    facts: dict[str, Any] = {}
    for name, raw in answers.items():
        fact = declared.get(name)
        if fact is None:
            problems.append(
                document.problem(
                    ("facts", name),
                    unknown_name("fact", name, declared, f"playbook '{playbook.id}'"),
                    prefer_key=True,
                )
            )
            continue
        try:
            facts[name] = coerce_answer(fact, raw)
        except AnswerError as error:
            problems.append(document.problem(("facts", name), f"fact '{name}': {error}"))
    for name, fact in declared.items():
        if name in facts or name in answers:
            continue
        if fact.default is not None:
            facts[name] = coerce_answer(fact, fact.default)
        elif fact.required:
            problems.append(
                document.problem(
                    ("facts",), f"unanswered fact '{name}': {fact.prompt or fact.help or fact.type}"
                )
            )
        else:
            facts[name] = None
    kickoff = _kickoff(answers_of=document)
    for name, problem in after_problems(list(playbook.meta.facts), facts, kickoff).items():
        problems.append(document.problem(("facts", name), f"fact '{name}': {problem}"))
    return facts


def _kickoff(answers_of: Document) -> dt.date | None:
    """The file's kickoff date when it is one (its own check reports it otherwise)."""
    data = answers_of.data if isinstance(answers_of.data, dict) else {}
    try:
        return coerce_date(data.get("kickoff")) if data.get("kickoff") is not None else None
    except DateError:
        return None


def _check_roles(
    roles: Mapping[str, Any], playbook: Playbook, document: Document, problems: list[Problem]
) -> None:
    declared = {role.id: role for role in playbook.meta.roles}
    for role in roles:
        if role not in declared:
            problems.append(
                document.problem(
                    ("roles", role),
                    unknown_name("role", role, declared, f"playbook '{playbook.id}'"),
                    prefer_key=True,
                )
            )


def _check_items(
    data: Mapping[str, Any],
    on_current: bool,
    playbook: Playbook,
    document: Document,
    problems: list[Problem],
) -> list[str]:
    """Status and risk entries must name items of the playbook.

    On the playbook's current version an unknown id is a typo and an error. On an older
    version it may be an item the playbook has since dropped: it is kept aside as stale, and
    `playbook upgrade` reports and removes it.
    """
    stale: list[str] = []
    ids = [item.id for item in playbook.items]
    for section in ("status", "risks"):
        for item_id in _section(data, section):
            if not playbook.knows(item_id):
                if not on_current:
                    stale.append(item_id)
                    continue
                problems.append(
                    document.problem(
                        (section, item_id),
                        unknown_name("item", item_id, ids, f"playbook '{playbook.id}'"),
                        prefer_key=True,
                    )
                )
                continue
            if (
                section == "risks"
                and playbook.has(item_id)
                and not isinstance(playbook.item(item_id), Risk)
            ):
                problems.append(
                    document.problem(
                        (section, item_id),
                        f"'{item_id}' is not a risk, so it has no score to override",
                        prefer_key=True,
                    )
                )
            elif section == "risks":
                problems.extend(_check_mitigated_by(data, item_id, playbook, document))
    return sorted(set(stale))


def _check_mitigated_by(
    data: Mapping[str, Any], risk_id: str, playbook: Playbook, document: Document
) -> Iterator[Problem]:
    """A project's ``mitigated_by`` names tasks of the playbook (as the playbook's own must)."""
    entry = _section(data, "risks").get(risk_id)
    written = entry.get("mitigated_by") if isinstance(entry, Mapping) else None
    if not isinstance(written, list):
        return
    tasks = [item.id for item in playbook.items if isinstance(item, Task)]
    for index, task_id in enumerate(written):
        where = ("risks", risk_id, "mitigated_by", index)
        if not isinstance(task_id, str):
            continue  # the model reports it
        if not playbook.knows(task_id):
            yield document.problem(
                where, unknown_name("task", task_id, tasks, f"playbook '{playbook.id}'")
            )
        elif playbook.has(task_id) and not isinstance(playbook.item(task_id), Task):
            yield document.problem(where, f"'{task_id}' is not a task")


def _check_assessments(
    data: Mapping[str, Any], on_current: bool, playbook: Playbook, document: Document
) -> Iterator[Problem]:
    """Self-assessments score practices of the playbook, one assessment per date, oldest
    first, and an action goes with a score of its practice on the same day.

    As for status entries, an id the playbook does not know is an error on its current version;
    on an older one it may be a practice the playbook has since dropped, which maturity leaves
    out (``generator.resolve.maturity``).
    """
    entries = data.get("assessments")
    if not isinstance(entries, list):
        return  # the model reports it
    practices = [item.id for item in playbook.items if isinstance(item, Practice)]
    first_on: dict[dt.date, int] = {}
    latest: dt.date | None = None
    for index, entry in enumerate(entries):
        if not isinstance(entry, Mapping):
            continue
        scores = entry.get("scores")
        scores = scores if isinstance(scores, Mapping) else {}
        actions = entry.get("actions")
        actions = actions if isinstance(actions, Mapping) else {}
        for section, ids in (("scores", scores), ("actions", actions)):
            for practice_id in ids:
                where = ("assessments", index, section, practice_id)
                if not playbook.knows(practice_id):
                    if on_current:
                        yield document.problem(
                            where,
                            unknown_name(
                                "practice", practice_id, practices, f"playbook '{playbook.id}'"
                            ),
                            prefer_key=True,
                        )
                elif playbook.has(practice_id) and not isinstance(
                    playbook.item(practice_id), Practice
                ):
                    yield document.problem(
                        where,
                        f"'{practice_id}' is not a practice, so it has no maturity to score",
                        prefer_key=True,
                    )
                elif section == "actions" and practice_id not in scores:
                    yield document.problem(
                        where,
                        f"the action for '{practice_id}' needs its score in the same "
                        f"assessment: add '{practice_id}' under 'scores', or remove the action",
                        prefer_key=True,
                    )
        try:
            day = coerce_date(entry.get("date"))
        except DateError:
            continue  # the model reports it
        if type(day) is not dt.date:  # a time of day too: the model reports it
            continue
        at_date = ("assessments", index, "date")
        if day in first_on:
            line = document.position(("assessments", first_on[day], "date")).line
            yield document.problem(
                at_date,
                f"a second assessment on {day} (the first is on line {line}); keep one "
                "assessment per date",
            )
        elif latest is not None and day < latest:
            yield document.problem(
                at_date,
                f"the assessment of {day} comes after the one of {latest}; keep assessments "
                "oldest first",
            )
        first_on.setdefault(day, index)
        latest = day if latest is None else max(latest, day)
