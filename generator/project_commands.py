"""The per-project commands: kickoff, checklist loading, status and upgrade.

The CLI only parses options and prints; these functions do the work and raise
``PlaybookError`` subclasses for anything a user must fix.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from generator.answers import AnswerError, coerce_answer
from generator.atomic import write_text_atomic
from generator.checklist import FilledProject, fill
from generator.errors import UsageError
from generator.history import changes_since, record_snapshot
from generator.loading import load_document, parse_document
from generator.models import Fact, Risk
from generator.paths import display_path, inside, slugify
from generator.project_writer import NewProject, project_text, upgraded_text, write_new_project
from generator.projects import Project, project_playbook_id, validate_project_document
from generator.validation import Playbook, validate_playbook
from generator.workspace import Settings

_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


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


@dataclass(frozen=True)
class Created:
    file: str
    page: str
    snapshot: str | None


def load_playbook(settings: Settings, playbook_id: str) -> Playbook:
    settings.check_root()
    if not _SLUG.match(playbook_id):
        raise UsageError(
            f"'{playbook_id}' is not a playbook id (kebab-case, like 'digital-transformation')"
        )
    folder = settings.playbooks_path / playbook_id
    if not (folder / "playbook.yaml").is_file():
        known = sorted(p.name for p in settings.playbooks_path.iterdir() if p.is_dir())
        raise UsageError(
            f"no playbook '{playbook_id}' in {settings.playbooks_dir}/ "
            f"(playbooks: {', '.join(known) or 'none'})"
        )
    return validate_playbook(
        inside(settings.playbooks_path, playbook_id, "playbook"), settings.root
    )


def start_project(settings: Settings, plan: KickoffPlan, prompter: Prompter | None) -> Created:
    """Answer the questionnaire (asking what is missing, if we may) and write the project."""
    name = " ".join(plan.name.split())
    if not name:
        raise UsageError("the project needs a name")
    playbook = load_playbook(settings, plan.playbook_id)
    slug = plan.slug if plan.slug is not None else slugify(name)
    if not _SLUG.match(slug):
        raise UsageError(f"slug '{slug}' must be kebab-case (letters, digits and hyphens)")
    path = inside(settings.projects_path, f"{slug}.yaml", "project file")
    if path.exists() and not plan.force:
        raise UsageError(
            f"{display_path(path, settings.root)} already exists; choose another "
            "name (or --slug), or pass --force to replace it"
        )
    declared_roles = {role.id for role in playbook.meta.roles}
    for role in plan.roles:
        if role not in declared_roles:
            raise UsageError(_unknown("role", role, declared_roles, playbook.id))
    kickoff = plan.kickoff or _ask_kickoff(prompter)
    facts = _answer_facts(playbook, plan.answers, prompter)
    text = project_text(NewProject(name, playbook, kickoff, facts, dict(plan.roles)))
    # Check what we are about to write exactly as a hand-written file would be checked.
    validate_project_document(
        parse_document(text.encode(), path, path.name), {playbook.id: playbook}
    )
    write_new_project(path, text, force=plan.force)
    snapshot = record_snapshot(playbook)
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
            return dt.date.fromisoformat(answer)
        except ValueError:
            prompter.complain("expected a date written YYYY-MM-DD")


def _answer_facts(
    playbook: Playbook, answers: dict[str, str], prompter: Prompter | None
) -> dict[str, Any]:
    declared = {fact.name: fact for fact in playbook.meta.facts}
    for name in answers:
        if name not in declared:
            raise UsageError(_unknown("fact", name, declared, playbook.id))
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
    if fact.choices:
        joiner = ", " if fact.type == "multi-choice" else " / "
        question += f" [{joiner.join(fact.choices)}]"
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


def project_path(settings: Settings, reference: str) -> Path:
    """A project's file from its slug or its path; never a file outside the projects folder."""
    if reference.endswith((".yaml", ".yml")):
        path = inside(settings.root, reference, "project file")
        if not path.resolve().is_relative_to(settings.projects_path.resolve()):
            raise UsageError(f"project file '{reference}' is not in {settings.projects_dir}/")
    else:
        if not _SLUG.match(reference):
            raise UsageError(f"'{reference}' is not a project slug (like 'core-banking-revamp')")
        path = inside(settings.projects_path, f"{reference}.yaml", "project file")
    if not path.is_file():
        raise UsageError(f"no project file {display_path(path, settings.root)}")
    return path


def load_project(settings: Settings, reference: str) -> Project:
    """Load one project and only the playbook it follows (fast even with many playbooks)."""
    settings.check_root()
    path = project_path(settings, reference)
    document = load_document(path, display_path(path, settings.root))
    playbook_id = project_playbook_id(document)
    playbooks = {}
    if (
        playbook_id is not None
        and _SLUG.match(playbook_id)
        and (settings.playbooks_path / playbook_id / "playbook.yaml").is_file()
    ):
        playbooks[playbook_id] = load_playbook(settings, playbook_id)
    return validate_project_document(document, playbooks)


def load_filled(settings: Settings, reference: str) -> FilledProject:
    return fill(load_project(settings, reference), settings.today or dt.date.today())


def describe_status(filled: FilledProject) -> str:
    project = filled.project
    lines = [
        f"{project.name} ({project.playbook.id} {project.file.playbook_version}), "
        f"kickoff {project.file.kickoff}, as of {filled.today}",
        f"Progress: {filled.progress}% ({filled.done} of {len(filled.counted)} tasks done)",
    ]
    if filled.overdue:
        lines.append(f"Overdue ({len(filled.overdue)}):")
        lines += [
            f"  {row.due}  {row.id}: {row.title} ({row.owner_display})" for row in filled.overdue
        ]
    else:
        lines.append("Overdue: none")
    if project.outdated:
        changes = changes_since(project.playbook, project.file.playbook_version)
        lines.append(
            f"The playbook is at {project.playbook.meta.version}; this project follows "
            f"{project.file.playbook_version}."
        )
        if not changes.known:
            lines.append(
                f"  No record of version {changes.since} (playbooks/"
                f"{project.playbook.id}/history/{changes.since}.json), so the changes "
                "cannot be listed."
            )
        for label, entries in (
            ("Added", changes.added),
            ("Removed", changes.removed),
            ("Reworded", changes.reworded),
        ):
            lines += [f"  {label}: {item_id} ({title})" for item_id, title in entries]
        lines.append(
            f"Run `playbook upgrade {project.slug}` to move to {project.playbook.meta.version}."
        )
    else:
        lines.append(
            f"The project follows the playbook's current version ({project.playbook.meta.version})."
        )
    return "\n".join(lines) + "\n"


def upgrade_project(settings: Settings, reference: str) -> str:
    """Record the playbook's current version; drop entries for items it no longer has."""
    project = load_project(settings, reference)
    playbook = project.playbook
    old, new = project.file.playbook_version, playbook.meta.version
    if old == new:
        return f"{project.name} already follows {playbook.id} {new}; nothing to do.\n"
    drop = {
        "status": sorted(i for i in project.file.status if not playbook.has(i)),
        "risks": sorted(
            i
            for i in project.file.risks
            if not playbook.has(i) or not isinstance(playbook.item(i), Risk)
        ),
    }
    path = project_path(settings, reference)
    text = path.read_bytes().decode("utf-8")
    new_text = upgraded_text(text, path, project.source, new, drop)
    # The result must validate against the new playbook before it replaces anything.
    validate_project_document(
        parse_document(new_text.encode(), path, project.source), {playbook.id: playbook}
    )
    changes = changes_since(playbook, old)
    write_text_atomic(path, new_text)
    record_snapshot(playbook)
    kept = sum(1 for i in project.file.status if playbook.has(i))
    lines = [
        f"Upgraded {project.name} from {playbook.id} {old} to {new}.",
        f"Kept the status of {kept} item{'s' if kept != 1 else ''}.",
    ]
    dropped = [f"{item_id} ({section})" for section, ids in drop.items() for item_id in ids]
    lines.append("Dropped (no longer in the playbook): " + (", ".join(dropped) or "nothing"))
    if changes.known:
        lines += [
            f"  {label}: {item_id} ({title})"
            for label, entries in (("Added", changes.added), ("Reworded", changes.reworded))
            for item_id, title in entries
        ]
    return "\n".join(lines) + "\n"


def _unknown(what: str, name: str, known: Any, playbook_id: str) -> str:
    message = f"unknown {what} '{name}' in playbook '{playbook_id}'"
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return message + (f" (did you mean '{close[0]}'?)" if close else "")
