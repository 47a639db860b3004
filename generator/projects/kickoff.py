"""`playbook kickoff`: answer a playbook's questionnaire (asking what is missing) and write
the new project file."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from generator.errors import UsageError, counted
from generator.load.documents import parse_document
from generator.load.paths import display_path, inside
from generator.model.dates import DateError, parse_iso_date
from generator.model.playbook import Fact, Playbook
from generator.model.project import Project
from generator.model.slugs import is_slug, slugify
from generator.projects.files import load_playbook
from generator.projects.history import record_snapshot
from generator.projects.writer import NewProject, project_text, write_new_project
from generator.resolve.project import fill
from generator.settings import Settings
from generator.validate.answers import (
    MAX_NAME_LENGTH,
    AnswerError,
    after_problems,
    coerce_answer,
    one_line_problem,
)
from generator.validate.messages import unknown_names
from generator.validate.project import validate_project_document


class Prompter(Protocol):
    """Asks in the terminal; everything it is given comes from the playbook or the user."""

    def explain(self, help_markdown: str) -> None:
        """Show a question's help (Markdown), before the question."""

    def show(self, text: str) -> None:
        """Show plain lines: the choices, the summary."""

    def ask(self, question: str) -> str:
        """The answer typed ('' for Enter)."""

    def complain(self, message: str) -> None:
        """Say why an answer was not taken, before the question is asked again."""


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


@dataclass(frozen=True)
class NotWritten:
    """The user answered no when asked to write the project."""

    def report(self) -> str:
        return "Nothing written."


def start_project(
    settings: Settings, plan: KickoffPlan, prompter: Prompter | None
) -> Created | NotWritten:
    """Answer the questionnaire (asking what is missing, if we may) and write the project.

    When it may ask, it also asks who plays the roles not given, then shows a summary and
    writes nothing unless the user confirms.
    """
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
    roles = dict(plan.roles) if prompter is None else _ask_roles(playbook, plan.roles, prompter)
    text = project_text(NewProject(name, playbook, kickoff, facts, roles))
    # Check what we are about to write exactly as a hand-written file would be checked.
    project = validate_project_document(
        parse_document(text.encode(), path, path.name), {playbook.id: playbook}
    )
    if prompter is not None:
        prompter.show(_summary(project))
        verb = "Replace" if path.exists() else "Write"
        if not _confirm(prompter, f"{verb} {display_path(path, settings.root)}?"):
            return NotWritten()
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
        answer = prompter.ask("Kickoff date (YYYY-MM-DD)").strip()
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
        typed = False
        if fact.name in answers:
            try:
                facts[fact.name] = coerce_answer(fact, answers[fact.name])
            except AnswerError as error:
                if prompter is None:
                    bad.append(f"--set {fact.name}={answers[fact.name]}: {error}")
                    continue
                prompter.complain(f"{fact.name}: {error}")
                facts[fact.name], typed = _ask_fact(fact, prompter), True
        elif prompter is not None:
            facts[fact.name], typed = _ask_fact(fact, prompter), True
        elif fact.default is not None:
            facts[fact.name] = coerce_answer(fact, fact.default)
        if prompter is not None:
            _reask_after_problems(playbook.meta.facts, facts, prompter, kickoff, fact.name, typed)
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


def _reask_after_problems(
    declared: list[Fact],
    facts: dict[str, Any],
    prompter: Prompter,
    kickoff: dt.date,
    answered: str,
    typed: bool,
) -> None:
    """Ask again for a date that must come after another and does not, until none is left.

    The message names the fact unless it is the one just typed in.
    """
    by_name = {fact.name: fact for fact in declared}
    while problems := after_problems(declared, facts, kickoff):
        name, problem = next(iter(problems.items()))
        prompter.complain(problem if typed and name == answered else f"{name}: {problem}")
        facts[name] = _ask_fact(by_name[name], prompter, explain=False)
        answered, typed = name, True


def _ask_fact(fact: Fact, prompter: Prompter, *, explain: bool = True) -> Any:
    """Ask until the answer fits; the help and the choices are shown the first time only.

    Choices are picked by number, value or label in any case; what was picked goes to
    ``coerce_answer`` as the choice's value, so every answer is checked by the one logic.
    """
    numbered = _numbered(fact)
    if explain:
        if fact.help.strip():
            prompter.explain(fact.help)
        if fact.choices:
            prompter.show(_choice_list(fact, numbered))
    default = _default(fact)
    question = _question(fact, default)
    while True:
        raw = prompter.ask(question).strip()
        answer: Any = _picked(fact, raw, numbered) if raw else raw
        if not raw and default is not None:
            answer = default
        elif not raw and not fact.required:
            return None
        try:
            return coerce_answer(fact, answer)
        except AnswerError as error:
            prompter.complain(str(error))


def _default(fact: Fact) -> Any:
    """The fact's default as its type, or None (the playbook's checks report a bad default)."""
    if fact.default is None:
        return None
    try:
        return coerce_answer(fact, fact.default)
    except AnswerError:
        return None


def _question(fact: Fact, default: Any) -> str:
    """``How many people? [12]``, ``Regulated? [y/N]``, ``Go-live? (YYYY-MM-DD, Enter skips)``."""
    question = fact.prompt or fact.name
    hints = []
    if fact.type == "date":
        hints.append("YYYY-MM-DD")
    if fact.type == "multi-choice":
        hints.append("comma-separated")
    if default is None and not fact.required:
        hints.append("Enter skips")
    if hints:
        question += f" ({', '.join(hints)})"
    if fact.type == "boolean":
        question += {True: " [Y/n]", False: " [y/N]"}.get(default, " [y/n]")
    elif default is not None and default != []:
        question += f" [{_answer_text(fact, default)}]"
    return question


_NUMBER = re.compile(r"[0-9]{1,6}")


def _numbered(fact: Fact) -> bool:
    """Choices are picked by number unless a value or a label is itself a number."""
    shown = (*fact.choice_values, *fact.choice_labels.values())
    return not any(_NUMBER.fullmatch(text.strip()) for text in shown)


def _choice_list(fact: Fact, numbered: bool) -> str:
    """``  1. Banking and finance (banking)``: the label, and the value when it differs."""
    lines = []
    for number, (value, label) in enumerate(fact.choice_labels.items(), start=1):
        shown = label if label == value else f"{label} ({value})"
        lines.append(f"  {number}. {shown}" if numbered else f"  - {shown}")
    return "\n".join(lines)


def _picked(fact: Fact, raw: str, numbered: bool) -> Any:
    """A typed answer with its choices as their values; anything else is left as typed."""
    if fact.type == "choice":
        return _choice(fact, raw, numbered) or raw
    if fact.type == "multi-choice":
        whole = _choice(fact, raw, numbered)  # a label may hold a comma
        if whole is not None:
            return [whole]
        parts = [part.strip() for part in raw.split(",") if part.strip()]
        return [_choice(fact, part, numbered) or part for part in parts]
    return raw


def _choice(fact: Fact, typed: str, numbered: bool) -> str | None:
    """The value of the one choice ``typed`` names: its value or label (exactly, then in any
    case), or its number; None when it names none or several."""
    labels = fact.choice_labels
    text = " ".join(typed.split())
    folded = text.casefold()
    for matches in (
        lambda value: value == text,
        lambda value: " ".join(labels[value].split()) == text,
        lambda value: value.casefold() == folded,
        lambda value: " ".join(labels[value].split()).casefold() == folded,
    ):
        found = [value for value in fact.choice_values if matches(value)]
        if len(found) == 1:
            return found[0]
    if numbered and _NUMBER.fullmatch(text) and 1 <= int(text) <= len(fact.choices):
        return fact.choice_values[int(text) - 1]
    return None


def _answer_text(fact: Fact, value: Any) -> str:
    """An answer as the terminal shows it: choices by their labels, yes or no."""
    if value is None or value == []:
        return "(not answered)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    labels = fact.choice_labels
    if isinstance(value, list):
        return ", ".join(labels.get(str(entry), str(entry)) for entry in value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return labels.get(str(value), str(value))


def _ask_roles(playbook: Playbook, given: Mapping[str, str], prompter: Prompter) -> dict[str, str]:
    """Who plays each role not given with --role (Enter skips one), in the playbook's order."""
    people = dict(given)
    missing = [role for role in playbook.meta.roles if role.id not in given]
    if missing:
        prompter.show("Who plays each role? (Enter skips)")
    for role in missing:
        if role.description.strip():
            prompter.explain(role.description)
        while True:
            person = " ".join(prompter.ask(role.title).split())
            if not person:
                break
            try:
                _check_one_line("the name", person, MAX_NAME_LENGTH)
            except UsageError as error:
                prompter.complain(str(error))
                continue
            people[role.id] = person
            break
    order = [role.id for role in playbook.meta.roles]
    return {role: people[role] for role in sorted(people, key=order.index)}


def _summary(project: Project) -> str:
    """What the kickoff will write: the answers, the roles, and what applies as a result."""
    playbook = project.playbook
    kickoff = project.file.kickoff
    answers = [
        (fact.prompt or fact.name, _answer_text(fact, project.facts.get(fact.name)))
        for fact in playbook.meta.facts
    ]
    people = [
        (role.title, project.file.roles.get(role.id) or "(not assigned)")
        for role in playbook.meta.roles
    ]
    width = min(max(len(label) for label, _ in answers + people), 40)
    lines = [
        "",
        f"{project.name}: {playbook.meta.title} {playbook.meta.version}, "
        f"kickoff {kickoff.isoformat()}",
    ]
    for title, rows in (("Answers:", answers), ("Roles:", people)):
        if rows:
            lines.append(title)
            lines.extend(f"  {label.ljust(width)}  {value}" for label, value in rows)
    lines.append(_applies(project, kickoff))
    return "\n".join(lines)


def _applies(project: Project, kickoff: dt.date) -> str:
    """``1 task and 1 risk apply; the first task is due 2027-02-01.``"""
    filled = fill(project, today=kickoff)
    line = f"{counted(len(filled.tasks), 'task')} and {counted(len(filled.risks), 'risk')} apply"
    dues = [row.due for row in filled.tasks if row.due is not None]
    return line + (f"; the first task is due {min(dues).isoformat()}." if dues else ".")


def _confirm(prompter: Prompter, question: str) -> bool:
    """Yes unless answered no; Enter means yes."""
    while True:
        answer = prompter.ask(f"{question} [Y/n]").strip().lower()
        if answer in ("", "y", "yes"):
            return True
        if answer in ("n", "no"):
            return False
        prompter.complain("answer y or n")


MAX_SLUG_LENGTH = 60  # file and URL names stay short; slugify() cuts names at this length


def _check_one_line(what: str, value: str, limit: int) -> None:
    problem = one_line_problem(what, value, limit)
    if problem is not None:
        raise UsageError(problem)


def _shorten(text: str) -> str:
    return text if len(text) <= 40 else f"{text[:30]}... ({len(text)} characters)"
