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
from generator.atomic import write_into, write_text_atomic
from generator.checklist import FilledProject, fill
from generator.dates import DateError, parse_iso_date
from generator.errors import UsageError
from generator.history import changes_since, record_snapshot, shown_snapshot_path
from generator.loading import load_document, parse_document
from generator.models import NOT_ONE_LINE, Fact, Risk
from generator.output_guard import guard_output_file
from generator.paths import display_path, inside, safe_folders, slugify
from generator.project_writer import NewProject, project_text, upgraded_text, write_new_project
from generator.projects import Project, project_playbook_id, validate_project_document
from generator.settings import Settings
from generator.validation import Playbook, validate_playbook

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
        known = [p.name for p in safe_folders(settings.playbooks_path, settings.root, [])]
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
    _check_one_line("the project name", name, MAX_NAME_LENGTH)
    for role, person in plan.roles.items():
        _check_one_line(f"--role {role}", person, MAX_NAME_LENGTH)
    playbook = load_playbook(settings, plan.playbook_id)
    slug = plan.slug if plan.slug is not None else slugify(name)
    if not _SLUG.match(slug) or len(slug) > MAX_SLUG_LENGTH:
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
        raise UsageError(_unknown_all("role", unknown_roles, declared_roles, playbook.id))
    kickoff = plan.kickoff or _ask_kickoff(prompter)
    facts = _answer_facts(playbook, plan.answers, prompter)
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
    playbook: Playbook, answers: dict[str, str], prompter: Prompter | None
) -> dict[str, Any]:
    declared = {fact.name: fact for fact in playbook.meta.facts}
    unknown_facts = [name for name in answers if name not in declared]
    if unknown_facts:
        raise UsageError(_unknown_all("fact", unknown_facts, declared, playbook.id))
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
    document = load_document(path, display_path(path, settings.root), lenient=True)
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


def describe_status(filled: FilledProject, root: Path | None = None) -> str:
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
        changes = changes_since(project.playbook, project.file.playbook_version, root)
        lines.append(
            f"The playbook is at {project.playbook.meta.version}; this project follows "
            f"{project.file.playbook_version}."
        )
        if not changes.known:
            lines.append(
                f"  No record of version {changes.since} "
                f"({shown_snapshot_path(project.playbook, changes.since, root)}), so the "
                "changes cannot be listed."
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
    changes = changes_since(playbook, old, settings.root)
    # Before the project file: a refused snapshot leaves the upgrade undone, not half done.
    record_snapshot(playbook, settings.root)
    write_text_atomic(path, new_text)
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


def _unknown_all(what: str, names: list[str], known: Any, playbook_id: str) -> str:
    """Every unknown name in one message, each with its suggestion."""
    if len(names) == 1:
        return _unknown(what, names[0], known, playbook_id)
    described = []
    for name in names:
        close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
        described.append(f"'{name}'" + (f" (did you mean '{close[0]}'?)" if close else ""))
    return f"unknown {what}s in playbook '{playbook_id}': " + ", ".join(described)


def _unknown(what: str, name: str, known: Any, playbook_id: str) -> str:
    message = f"unknown {what} '{name}' in playbook '{playbook_id}'"
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return message + (f" (did you mean '{close[0]}'?)" if close else "")


def export_checklist(
    settings: Settings, reference: str, fmt: str, output: str | None, *, base: Path
) -> str | None:
    """A project's checklist in ``fmt``: returned when ``output`` is None, else written there.

    ``output`` is checked before anything is done: it can never be a playbook, a project or
    any other input. A FIFO or a terminal is written into; a file is replaced atomically (its
    symlink, if it is one, stays).
    """
    from generator.exports import export
    from generator.render import PageRenderer

    target = (
        guard_output_file(settings, output, option="-o", base=base) if output is not None else None
    )
    filled = load_filled(settings, reference)
    text = export(filled, fmt, PageRenderer(settings.templates_path, settings.root))
    if target is None:
        return text
    if target.stream:
        write_into(target.path, text.encode("utf-8"))
    else:
        write_text_atomic(target.path, text)
    return None
