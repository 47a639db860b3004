"""`playbook kickoff`: answer a playbook's questionnaire (asking what is missing) and write
the new project file."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from generator.errors import UsageError
from generator.load.documents import parse_document
from generator.load.paths import display_path, inside
from generator.model.dates import DateError, parse_iso_date
from generator.model.fields import NOT_ONE_LINE
from generator.model.playbook import Fact, Playbook
from generator.model.slugs import is_slug, slugify
from generator.projects.files import load_playbook
from generator.projects.history import record_snapshot
from generator.projects.writer import NewProject, project_text, write_new_project
from generator.settings import Settings
from generator.validate.answers import AnswerError, after_problems, coerce_answer
from generator.validate.messages import unknown_names
from generator.validate.project import validate_project_document


class Prompter(Protocol):
    def ask(self, question: str, help_text: str, default: str | None) -> str: ...
    def complain(self, message: str) -> None: ...


@dataclass(frozen=True)
class KickoffPlan:
    name: str
    playbook_id: str
    kickoff: dt.date | None
    answers: dict[str, str] = field(default_factory=dict)
    roles: dict[str, str] = field(default_factory=dict)
    slug: str | None = None
    force: bool = False

    @staticmethod
    def assignments(values: Iterable[str], option: str) -> dict[str, str]:
        """``["industry=banking", ...]`` (as --set and --role take them) as a mapping."""
        pairs: dict[str, str] = {}
        for value in values:
            key, sep, answer = value.partition("=")
            if not sep or not key.strip():
                raise UsageError(f"{option}: expected NAME=VALUE, got {value!r}")
            pairs[key.strip()] = answer.strip()
        return pairs


@dataclass(frozen=True)
class Created:
    file: str
    page: str
    snapshot: str | None

    def report(self) -> str:
        lines = [
            f"Created {self.file}",
            f"Its page: {self.page} (run `playbook build` to publish it)",
        ]
        if self.snapshot is not None:
            lines.append(f"Recorded the playbook's version in {self.snapshot} (commit it too)")
        return "\n".join(lines)


def start_project(settings: Settings, plan: KickoffPlan, prompter: Prompter | None) -> Created:
    """Answer the questionnaire (asking what is missing, if we may) and write the project."""
    name = " ".join(plan.name.split())
    _check_one_line("the project name", name, MAX_NAME_LENGTH)
    for role, person in plan.roles.items():
        _check_one_line(f"--role {role}", person, MAX_NAME_LENGTH)
    playbook = load_playbook(settings, plan.playbook_id)
    slug = plan.slug if plan.slug is not None else slugify(name)
    if not is_slug(slug) or len(slug) > MAX_SLUG_LENGTH:
        raise UsageError(
            f"slug '{_shorten(slug)}' must be kebab-case (letters, digits and hyphens) "
            f"of at most {MAX_SLUG_LENGTH} characters"
        )
    path = inside(settings.projects_path, f"{slug}.yaml", "project file")
    if path.exists() and not plan.force:
        raise UsageError(
            f"{display_path(path, settings.root)} already exists; choose another "
            "name (or --slug), or pass --force to replace it"
        )
    declared_roles = {role.id for role in playbook.meta.roles}
    unknown_roles = [role for role in plan.roles if role not in declared_roles]
    if unknown_roles:
        raise UsageError(
            unknown_names("role", unknown_roles, declared_roles, f"playbook '{playbook.id}'")
        )
    kickoff = plan.kickoff or _ask_kickoff(prompter)
    facts = _answer_facts(playbook, plan.answers, prompter, kickoff)
    text = project_text(NewProject(name, playbook, kickoff, facts, dict(plan.roles)))
    # Check what we are about to write exactly as a hand-written file would be checked.
    validate_project_document(
        parse_document(text.encode(), path, path.name), {playbook.id: playbook}
    )
    # Before the project file: a snapshot refused (a history folder leading out of the
    # project) must stop the kickoff, not fail it after the project was written.
    snapshot = record_snapshot(playbook, settings.root)
    write_new_project(path, text, force=plan.force)
    return Created(
        file=display_path(path, settings.root),
        page=f"site/projects/{slug}/index.html",
        snapshot=display_path(snapshot, settings.root) if snapshot else None,
    )


def _ask_kickoff(prompter: Prompter | None) -> dt.date:
    if prompter is None:
        raise UsageError("missing --kickoff YYYY-MM-DD")
    while True:
        answer = prompter.ask("Kickoff date (YYYY-MM-DD)", "", None).strip()
        try:
            return parse_iso_date(answer)
        except DateError as error:
            prompter.complain(str(error))


def _answer_facts(
    playbook: Playbook, answers: dict[str, str], prompter: Prompter | None, kickoff: dt.date
) -> dict[str, Any]:
    declared = {fact.name: fact for fact in playbook.meta.facts}
    unknown_facts = [name for name in answers if name not in declared]
    if unknown_facts:
        raise UsageError(
            unknown_names("fact", unknown_facts, declared, f"playbook '{playbook.id}'")
        )
    facts: dict[str, Any] = {}
    bad: list[str] = []
    for fact in playbook.meta.facts:
        if fact.name in answers:
            try:
                facts[fact.name] = coerce_answer(fact, answers[fact.name])
            except AnswerError as error:
                if prompter is None:
                    bad.append(f"--set {fact.name}={answers[fact.name]}: {error}")
                    continue
                prompter.complain(f"{fact.name}: {error}")
                facts[fact.name] = _ask_fact(fact, prompter)
        elif prompter is not None:
            facts[fact.name] = _ask_fact(fact, prompter)
        elif fact.default is not None:
            facts[fact.name] = coerce_answer(fact, fact.default)
    for name, problem in after_problems(playbook.meta.facts, facts, kickoff).items():
        bad.append(f"{name}={facts[name]}: {problem}")
    if bad:
        raise UsageError("invalid answers:\n  " + "\n  ".join(bad))
    missing = [
        fact.name for fact in playbook.meta.facts if fact.required and fact.name not in facts
    ]
    if missing:
        raise UsageError(
            "missing answers for required facts: "
            + ", ".join(missing)
            + " (give them with --set FACT=VALUE)"
        )
    return facts


def _ask_fact(fact: Fact, prompter: Prompter) -> Any:
    question = fact.prompt or fact.name
    if fact.choice_values:
        joiner = ", " if fact.type == "multi-choice" else " / "
        question += f" [{joiner.join(fact.choice_values)}]"
    default = fact.default
    shown_default = (
        ", ".join(default)
        if isinstance(default, list)
        else str(default).lower()
        if isinstance(default, bool)
        else None
        if default is None
        else str(default)
    )
    while True:
        raw = prompter.ask(question, fact.help, shown_default).strip()
        if not raw and not fact.required and default is None:
            return None
        try:
            return coerce_answer(fact, raw)
        except AnswerError as error:
            prompter.complain(str(error))


MAX_NAME_LENGTH = 120  # as the project file's `name`


MAX_SLUG_LENGTH = 60  # file and URL names stay short; slugify() cuts names at this length


def _check_one_line(what: str, value: str, limit: int) -> None:
    if not value.strip():
        raise UsageError(f"{what} is empty")
    if NOT_ONE_LINE.search(value):
        raise UsageError(f"{what} must be one line of text without control characters")
    if len(value) > limit:
        raise UsageError(f"{what} is {len(value)} characters long; the limit is {limit}")


def _shorten(text: str) -> str:
    return text if len(text) <= 40 else f"{text[:30]}... ({len(text)} characters)"
