"""Validate stage: one playbook folder to a typed ``Playbook``, or every problem in it at once."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from generator.errors import ContentError, Problem
from generator.load.discovery import safe_files
from generator.load.documents import MAX_FILE_BYTES, Document, PathKey, load_document
from generator.load.paths import display_path
from generator.model import conditions
from generator.model.items import Item, Template
from generator.model.kinds import KINDS, KINDS_BY_FILE, PLAYBOOK_FILE, Kind, kind_of
from generator.model.playbook import Fact, Origin, Playbook, PlaybookMeta, Role
from generator.validate.answers import AnswerError, coerce_answer
from generator.validate.calendar import load_calendar
from generator.validate.conditions import check as check_condition
from generator.validate.conditions import rag_rule_problems
from generator.validate.fill_in import check_artefact, check_fill_in
from generator.validate.messages import problems_from_validation, validate_model, without_echoes
from generator.validate.references import References, check_references
from generator.validate.schedule import check_schedule


@dataclass(frozen=True)
class PlaybookCheck:
    """Everything validating one playbook folder found.

    ``playbook`` holds the items that are valid, even when there are problems, so projects can
    still be checked against it in the same run; it is None when playbook.yaml itself (the
    roles and the questionnaire) cannot be used.
    """

    playbook: Playbook | None
    problems: tuple[Problem, ...]
    # Worth a look, but not wrong: printed by `playbook validate`, which still succeeds.
    warnings: tuple[Problem, ...] = ()


@dataclass
class _Loaded:
    """What reading one playbook folder produced, before the cross-file checks."""

    meta: PlaybookMeta | None = None
    meta_doc: Document | None = None
    files: list[tuple[Kind, Document, list[tuple[int, Item]]]] = field(default_factory=list)
    # Ids of items that failed validation: references to them are not reported as dangling.
    invalid_ids: set[str] = field(default_factory=set)
    # Items that failed validation, as written: their references are still checked.
    invalid_entries: list[tuple[Document, PathKey, dict[str, Any]]] = field(default_factory=list)
    # Ids of practices and of tasks, valid or not, for checking the practices a risk names
    # and the tasks that mitigate it: kind name -> ids.
    ids_of_kind: dict[str, set[str]] = field(default_factory=dict)
    # Ids found by a plain text search in files that could not be parsed, so that references
    # into a broken file are still checked (and not all reported as dangling).
    scanned_ids: set[str] = field(default_factory=set)
    # When playbook.yaml is invalid, its roles and facts are still recovered one by one where
    # they are valid, for the checks of items; None means they are unknown.
    roles: set[str] | None = None
    facts: dict[str, Fact] | None = None
    problems: list[Problem] = field(default_factory=list)


@dataclass
class _Located:
    items: list[Item]
    locations: dict[str, tuple[Document, PathKey]]
    origins: dict[str, Origin]
    body_origins: dict[str, Origin] = field(default_factory=dict)  # artefact templates'


def validate_playbook(folder: Path, root: Path) -> Playbook:
    """Load and validate every file of one playbook folder; raise ContentError listing all."""
    check = check_playbook(folder, root)
    if check.problems:
        raise ContentError(check.problems)
    assert check.playbook is not None
    return check.playbook


def check_playbook(folder: Path, root: Path) -> PlaybookCheck:
    """Validate one playbook folder, collecting every problem rather than stopping at the first."""
    loaded = _load_folder(folder, root)
    problems = loaded.problems
    if loaded.meta is not None and loaded.meta_doc is not None:
        problems.extend(_check_meta(loaded.meta, loaded.meta_doc, folder))
    located = _locate_items(loaded, problems)
    parsed_conditions = _check_items(loaded, located, problems)
    schedule = check_schedule(
        located.items,
        located.locations,
        loaded.invalid_entries,
        loaded.facts,
        loaded.invalid_ids | loaded.scanned_ids,
    )
    problems.extend(schedule.problems)
    holidays, calendar_problems = load_calendar(root)
    problems.extend(calendar_problems)
    if loaded.meta is None:
        return PlaybookCheck(None, tuple(problems), schedule.warnings)
    ordered = sorted(located.items, key=lambda item: (_kind_rank(item), item.id))
    playbook = Playbook(
        loaded.meta,
        folder,
        tuple(ordered),
        located.origins,
        parsed_conditions,
        frozenset(loaded.invalid_ids | loaded.scanned_ids) if problems else frozenset(),
        holidays=holidays,
        body_origins=located.body_origins,
    )
    return PlaybookCheck(playbook, tuple(problems), schedule.warnings)


_SCANNED_ID = re.compile(r"""(?:^|[{,\s])id:[ \t]*['"]?([a-z0-9]+(?:-[a-z0-9]+)*)""", re.MULTILINE)


def _scan_ids(path: Path) -> set[str]:
    """Ids written in a file that could not be parsed, found as text."""
    try:
        text = path.read_bytes()[:MAX_FILE_BYTES].decode("utf-8", errors="replace")
    except OSError:
        return set()
    return set(_SCANNED_ID.findall(text))


def _load_folder(folder: Path, root: Path) -> _Loaded:
    loaded = _Loaded()
    for file_path in safe_files(folder, root, "*.y*ml", loaded.problems):
        shown = display_path(file_path, root)
        if file_path.suffix == ".yml":
            loaded.problems.append(
                Problem(
                    shown,
                    None,
                    None,
                    f"rename to {file_path.stem}.yaml: playbook files end in .yaml",
                )
            )
            loaded.scanned_ids |= _scan_ids(file_path)
            continue
        if file_path.name != PLAYBOOK_FILE and file_path.name not in KINDS_BY_FILE:
            expected = ", ".join([PLAYBOOK_FILE, *(k.file_name for k in KINDS)])
            loaded.problems.append(
                Problem(
                    shown,
                    None,
                    None,
                    f"unexpected file in a playbook folder; expected one of {expected}",
                )
            )
            continue
        try:
            document = load_document(file_path, shown, lenient=True)
        except ContentError as error:
            loaded.problems.extend(error.problems)
            if file_path.name == PLAYBOOK_FILE:
                loaded.meta_doc = Document(file_path, shown, None)
            else:
                written = _scan_ids(file_path)
                loaded.scanned_ids |= written
                kind_name = KINDS_BY_FILE[file_path.name].name
                loaded.ids_of_kind.setdefault(kind_name, set()).update(written)
            continue
        loaded.problems.extend(document.problems)
        if file_path.name == PLAYBOOK_FILE:
            loaded.meta_doc = document
            parsed, found = validate_model(document, PlaybookMeta, "playbook.yaml")
            loaded.problems.extend(found)
            if isinstance(parsed, PlaybookMeta):
                loaded.meta = parsed
                loaded.roles = {role.id for role in parsed.roles}
                loaded.facts = {fact.name: fact for fact in parsed.facts}
            else:
                loaded.roles, loaded.facts = _recover_roles_and_facts(document)
            continue
        kind = KINDS_BY_FILE[file_path.name]
        kind_items, invalid, found = _validate_kind_file(kind, document)
        loaded.problems.extend(without_echoes(found, document))
        scanned: set[str] = set()
        if not isinstance(document.data, dict) or not isinstance(
            document.data.get(kind.list_key), list
        ):
            scanned = _scan_ids(file_path)
            loaded.scanned_ids |= scanned
        invalid_ids = {entry["id"] for _, entry in invalid if isinstance(entry.get("id"), str)}
        loaded.invalid_ids |= invalid_ids
        loaded.invalid_entries += [(document, path, entry) for path, entry in invalid]
        loaded.ids_of_kind.setdefault(kind.name, set()).update(
            invalid_ids | scanned | {item.id for _, item in kind_items}
        )
        loaded.files.append((kind, document, kind_items))
    if loaded.meta_doc is None:
        loaded.problems.append(
            Problem(
                display_path(folder / PLAYBOOK_FILE, root),
                None,
                None,
                "missing playbook.yaml (id, title, description, version, roles)",
            )
        )
    return loaded


def _recover_roles_and_facts(document: Document) -> tuple[set[str] | None, dict[str, Fact] | None]:
    """The roles and facts of an invalid playbook.yaml, where each list is valid on its own."""
    data = document.data if isinstance(document.data, dict) else {}
    roles: set[str] | None = None
    facts: dict[str, Fact] | None = None
    with contextlib.suppress(ValidationError, TypeError):
        roles = {Role.model_validate(entry).id for entry in data.get("roles", [])}
    with contextlib.suppress(ValidationError, TypeError):
        parsed = [Fact.model_validate(entry) for entry in data.get("facts", [])]
        facts = {fact.name: fact for fact in parsed}
    return roles, facts


def _locate_items(loaded: _Loaded, problems: list[Problem]) -> _Located:
    """Index items by id, reporting ids used twice (within a file or across files)."""
    located = _Located([], {}, {})
    for kind, document, kind_items in loaded.files:
        for index, item in kind_items:
            path: PathKey = (kind.list_key, index)
            if item.id in located.locations:
                first_doc, first_path = located.locations[item.id]
                first = first_doc.position((*first_path, "id"))
                problems.append(
                    document.problem(
                        (*path, "id"),
                        f"duplicate id '{item.id}' "
                        f"(already used in {first_doc.display}:{first.line})",
                    )
                )
                continue
            located.locations[item.id] = (document, path)
            pos = document.position(path)
            located.origins[item.id] = Origin(document.display, pos.line, pos.column)
            if isinstance(item, Template):
                body = document.position((*path, "body"))
                located.body_origins[item.id] = Origin(document.display, body.line, body.column)
            located.items.append(item)
    return located


def _check_items(
    loaded: _Loaded, located: _Located, problems: list[Problem]
) -> dict[str, conditions.Node]:
    """Cross-item checks: references, roles, conditions and fill-in templates.

    Each runs with whatever is known, even when other files have problems, and on invalid
    items as written too, so that one run of `validate` reports everything.
    """
    known_ids = {item.id for item in located.items} | loaded.invalid_ids | loaded.scanned_ids
    parsed_conditions: dict[str, conditions.Node] = {}
    checked: list[tuple[Document, PathKey, References, bool]] = [
        (*located.locations[item.id], References.of_item(item), True) for item in located.items
    ]
    checked += [
        (document, path, References.of_entry(entry), False)
        for document, path, entry in loaded.invalid_entries
    ]
    for document, path, refs, valid in checked:
        problems.extend(check_references(refs, known_ids, loaded.ids_of_kind, document, path))
        roles = loaded.roles
        named: list[tuple[PathKey, str]] = []
        if refs.owner_role is not None:
            named.append((("owner_role",), refs.owner_role))
        named += [(("people", index), role) for index, role in refs.people]
        for where, role in named:
            if roles is not None and role not in roles:
                problems.append(
                    document.problem(
                        (*path, *where),
                        f"unknown role '{role}'; roles declared in playbook.yaml: "
                        + ", ".join(sorted(roles)),
                    )
                )
        facts = loaded.facts
        if refs.condition is not None and facts is not None:
            where = (*path, "condition")
            node = _check_condition(refs.condition, facts, document, where, problems)
            if node is not None and valid and refs.id is not None:
                parsed_conditions[refs.id] = node
        if refs.template is not None and facts is not None:
            problems.extend(
                check_fill_in(
                    refs.template, set(facts), roles or set(), document, (*path, "template")
                )
            )
        if refs.body is not None and facts is not None:
            problems.extend(
                check_artefact(refs.body, set(facts), roles or set(), document, (*path, "body"))
            )
    return parsed_conditions


def _validate_kind_file(
    kind: Kind, document: Document
) -> tuple[list[tuple[int, Item]], list[tuple[PathKey, dict[str, Any]]], list[Problem]]:
    """Validate item by item, so one bad item does not hide the rest of the file."""
    data = document.data
    key = kind.list_key
    if not isinstance(data, dict):
        return (
            [],
            [],
            [
                document.problem(
                    (), f"expected a mapping with the single key '{key}' holding a list"
                )
            ],
        )
    problems = [
        document.problem(
            (other,),
            f"unknown key '{other}'; {kind.file_name} holds one key, '{key}'",
            prefer_key=True,
        )
        for other in data
        if other != key
    ]
    entries = data.get(key)
    if key not in data:
        problems.append(document.problem((), f"missing required key '{key}'"))
        return [], [], problems
    if not isinstance(entries, list):
        problems.append(document.problem((key,), f"'{key}' must be a list of items"))
        return [], [], problems
    items: list[tuple[int, Item]] = []
    invalid: list[tuple[PathKey, dict[str, Any]]] = []
    what = kind.article_singular
    for index, entry in enumerate(entries):
        try:
            items.append((index, kind.item_model.model_validate(entry)))  # type: ignore[arg-type]
        except ValidationError as error:
            problems.extend(
                problems_from_validation(
                    error, document, kind.item_model, what, prefix=(key, index)
                )
            )
            if isinstance(entry, dict):
                invalid.append(((key, index), entry))
    return items, invalid, problems


def _kind_rank(item: Item) -> int:
    return KINDS.index(kind_of(item))


def _check_meta(meta: PlaybookMeta, document: Document, folder: Path) -> Iterator[Problem]:
    if meta.id != folder.name:
        yield document.problem(
            ("id",), f"playbook id '{meta.id}' must match its folder name '{folder.name}'"
        )
    seen: set[str] = set()
    for index, role in enumerate(meta.roles):
        if role.id in seen:
            yield document.problem(("roles", index, "id"), f"duplicate role '{role.id}'")
        seen.add(role.id)
    seen = set()
    for index, fact in enumerate(meta.facts):
        if fact.name in seen:
            yield document.problem(("facts", index, "name"), f"duplicate fact '{fact.name}'")
        seen.add(fact.name)
        if fact.default is not None:
            try:
                coerce_answer(fact, fact.default)
            except AnswerError as error:
                yield document.problem(("facts", index, "default"), f"default: {error}")
    yield from _check_reporting(meta, document)
    dates = {fact.name: fact for fact in meta.facts if fact.type == "date"}
    for index, fact in enumerate(meta.facts):
        if fact.after is None or fact.after == "kickoff":
            continue
        if fact.after not in dates or fact.after == fact.name:
            choices = ", ".join(["kickoff", *sorted(set(dates) - {fact.name})])
            yield document.problem(
                ("facts", index, "after"),
                f"'after' must name the kickoff or another date fact ({choices}), "
                f"got '{fact.after}'",
            )
        elif _comes_after(dates, fact.after, fact.name):
            yield document.problem(
                ("facts", index, "after"),
                f"'{fact.name}' must come after '{fact.after}', which must come after "
                f"'{fact.name}': no date can satisfy both",
            )


def _check_reporting(meta: PlaybookMeta, document: Document) -> Iterator[Problem]:
    reporting = meta.reporting
    roles = [role.id for role in meta.roles]
    if reporting.pm_role is not None and reporting.pm_role not in roles:
        yield document.problem(
            ("reporting", "pm_role"),
            f"unknown role '{reporting.pm_role}'; roles declared: {', '.join(sorted(roles))}",
        )
    dates = sorted(fact.name for fact in meta.facts if fact.type == "date")
    if reporting.go_live is not None and reporting.go_live not in dates:
        yield document.problem(
            ("reporting", "go_live"),
            f"'go_live' must name a date fact ({', '.join(dates) or 'none declared'}), "
            f"got '{reporting.go_live}'",
        )
    for colour in ("red", "amber"):
        for index, rule in enumerate(getattr(reporting.rag, colour)):
            for message in rag_rule_problems(rule.when):
                yield document.problem(("reporting", "rag", colour, index, "when"), message)


def _comes_after(dates: Mapping[str, Fact], start: str, name: str) -> bool:
    """True when ``start`` must itself come after ``name`` (a circle of 'after' rules)."""
    seen: set[str] = set()
    current: str | None = start
    while current is not None and current in dates and current not in seen:
        if current == name:
            return True
        seen.add(current)
        current = dates[current].after
    return False


def _check_condition(
    source: str,
    facts: dict[str, Fact],
    document: Document,
    path: PathKey,
    problems: list[Problem],
) -> conditions.Node | None:
    pos = document.position(path)
    try:
        node = conditions.parse(source)
    except conditions.ConditionSyntaxError as error:
        problems.append(
            Problem(
                document.display,
                pos.line,
                pos.column,
                f"condition {source!r}: {error} (at character {error.offset + 1})",
            )
        )
        return None
    found = check_condition(node, facts)
    problems.extend(Problem(document.display, pos.line, pos.column, message) for message in found)
    return None if found else node
