"""Validate stage: one playbook folder to a typed ``Playbook``, or every problem in it at once."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import nodes as jinja_nodes
from pydantic import BaseModel, ValidationError

from generator import conditions
from generator.answers import AnswerError, coerce_answer
from generator.errors import ContentError, Problem
from generator.kinds import KINDS, KINDS_BY_FILE, PLAYBOOK_FILE, Kind, kind_of
from generator.loading import MAX_FILE_BYTES, Document, PathKey, load_document
from generator.model_errors import problems_from_validation
from generator.models import Fact, Item, PlaybookMeta, Risk, Role, ScopeSection
from generator.paths import display_path, safe_files
from generator.templating import fill_in_environment

FILL_IN_VARIABLES = {"project", "facts", "roles", "playbook"}
_SINGULAR = {"facts": "fact", "roles": "role", "project": "project attribute"}
# Names Jinja itself provides inside templates.
JINJA_NAMES = {"loop", "range", "dict", "namespace", "cycler", "joiner", "lipsum"}
PROJECT_ATTRIBUTES = {"name", "slug", "kickoff", "playbook_version"}


@dataclass(frozen=True)
class Origin:
    """Where an item (or one of its fields) is written, for messages raised after validation."""

    path: str
    line: int
    column: int

    def problem(self, message: str) -> Problem:
        return Problem(self.path, self.line, self.column, message)


@dataclass(frozen=True)
class Playbook:
    meta: PlaybookMeta
    folder: Path
    items: tuple[Item, ...]
    origins: Mapping[str, Origin]
    conditions: Mapping[str, conditions.Node] = field(default_factory=dict)
    # A playbook with problems is still used to check the projects that follow it; these are
    # the ids of its items that failed validation, so projects naming them are not told the
    # item does not exist.
    invalid_ids: frozenset[str] = frozenset()

    @property
    def id(self) -> str:
        return self.meta.id

    def item(self, item_id: str) -> Item:
        return self._by_id[item_id]

    @property
    def _by_id(self) -> dict[str, Item]:
        cache: dict[str, Item] | None = self.__dict__.get("_cache")
        if cache is None:
            cache = {item.id: item for item in self.items}
            object.__setattr__(self, "_cache", cache)
        return cache

    def has(self, item_id: str) -> bool:
        return item_id in self._by_id

    def knows(self, item_id: str) -> bool:
        """The playbook has this item, valid or not (for checks of the projects following it)."""
        return item_id in self._by_id or item_id in self.invalid_ids


@dataclass(frozen=True)
class PlaybookCheck:
    """Everything validating one playbook folder found.

    ``playbook`` holds the items that are valid, even when there are problems, so projects can
    still be checked against it in the same run; it is None when playbook.yaml itself (the
    roles and the questionnaire) cannot be used.
    """

    playbook: Playbook | None
    problems: tuple[Problem, ...]


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
    # Ids in practices.yaml, valid or not, for checking the practices a risk names.
    practice_ids: set[str] = field(default_factory=set)
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
    if loaded.meta is None:
        return PlaybookCheck(None, tuple(problems))
    ordered = sorted(located.items, key=lambda item: (_kind_rank(item), item.id))
    playbook = Playbook(
        loaded.meta,
        folder,
        tuple(ordered),
        located.origins,
        parsed_conditions,
        frozenset(loaded.invalid_ids | loaded.scanned_ids) if problems else frozenset(),
    )
    return PlaybookCheck(playbook, tuple(problems))


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
                if KINDS_BY_FILE[file_path.name].name == "practice":
                    loaded.practice_ids |= written
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
        if kind.name == "practice":
            loaded.practice_ids |= invalid_ids | scanned | {item.id for _, item in kind_items}
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
            located.items.append(item)
    return located


@dataclass(frozen=True)
class _Refs:
    """What an item refers to, read from a valid item or from an invalid one as written."""

    id: str | None
    related: tuple[tuple[int, str], ...]
    practices: tuple[tuple[int, str], ...]
    owner_role: str | None
    condition: str | None
    template: str | None

    @classmethod
    def of_item(cls, item: Item) -> _Refs:
        return cls(
            item.id,
            tuple(enumerate(item.related)),
            tuple(enumerate(item.practices)) if isinstance(item, Risk) else (),
            getattr(item, "owner_role", None),
            getattr(item, "condition", None),
            item.template if isinstance(item, ScopeSection) and item.template else None,
        )

    @classmethod
    def of_entry(cls, entry: Mapping[str, Any]) -> _Refs:
        """Only the fields that are well-typed; the item's own problems cover the rest."""

        def text(key: str) -> str | None:
            value = entry.get(key)
            return value if isinstance(value, str) and value else None

        def ids(key: str) -> tuple[tuple[int, str], ...]:
            value = entry.get(key)
            if not isinstance(value, list):
                return ()
            return tuple((i, v) for i, v in enumerate(value) if isinstance(v, str))

        return cls(
            text("id"),
            ids("related"),
            ids("practices"),
            text("owner_role"),
            text("condition"),
            text("template"),
        )


def _check_items(
    loaded: _Loaded, located: _Located, problems: list[Problem]
) -> dict[str, conditions.Node]:
    """Cross-item checks: references, roles, conditions and fill-in templates.

    Each runs with whatever is known, even when other files have problems, and on invalid
    items as written too, so that one run of `validate` reports everything.
    """
    known_ids = {item.id for item in located.items} | loaded.invalid_ids | loaded.scanned_ids
    parsed_conditions: dict[str, conditions.Node] = {}
    checked: list[tuple[Document, PathKey, _Refs, bool]] = [
        (*located.locations[item.id], _Refs.of_item(item), True) for item in located.items
    ]
    checked += [
        (document, path, _Refs.of_entry(entry), False)
        for document, path, entry in loaded.invalid_entries
    ]
    for document, path, refs, valid in checked:
        problems.extend(_check_references(refs, known_ids, loaded.practice_ids, document, path))
        roles = loaded.roles
        if roles is not None and refs.owner_role is not None and refs.owner_role not in roles:
            problems.append(
                document.problem(
                    (*path, "owner_role"),
                    f"unknown role '{refs.owner_role}'; roles declared in playbook.yaml: "
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
                _check_fill_in(
                    refs.template, set(facts), roles or set(), document, (*path, "template")
                )
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


def _check_references(
    refs: _Refs, known_ids: set[str], practices: set[str], document: Document, path: PathKey
) -> Iterator[Problem]:
    for index, target in refs.related:
        if target == refs.id:
            yield document.problem((*path, "related", index), "an item cannot be related to itself")
        elif target not in known_ids:
            yield document.problem(
                (*path, "related", index), f"related id '{target}' does not exist in this playbook"
            )
    for index, target in refs.practices:
        if target not in practices:
            what = "is not a best practice" if target in known_ids else "does not exist"
            yield document.problem(
                (*path, "practices", index), f"practice id '{target}' {what} in this playbook"
            )


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
    found = conditions.check(node, facts)
    problems.extend(Problem(document.display, pos.line, pos.column, message) for message in found)
    return None if found else node


def _check_fill_in(
    template: str, fact_names: set[str], roles: set[str], document: Document, path: PathKey
) -> Iterator[Problem]:
    pos = document.position(path)
    env = fill_in_environment()
    try:
        tree = env.parse(template)
    except jinja2.TemplateSyntaxError as error:
        line = pos.line + (error.lineno or 1) - 1
        yield Problem(document.display, line, None, f"template syntax error: {error.message}")
        return
    for node in tree.find_all(jinja_nodes.Name):
        if (
            node.ctx == "load"
            and node.name not in FILL_IN_VARIABLES | JINJA_NAMES
            and not _is_local(tree, node.name)
        ):
            yield document.problem(
                path,
                f"template uses unknown variable '{node.name}'; use "
                + ", ".join(sorted(FILL_IN_VARIABLES)),
            )
    for getattr_node in tree.find_all(jinja_nodes.Getattr):
        attr = getattr_node.attr
        if attr.startswith("_"):
            yield document.problem(
                path, f"template may not access '{attr}': internal attributes are blocked"
            )
            return
        target = getattr_node.node
        if isinstance(target, jinja_nodes.Name):
            known = {"facts": fact_names, "roles": roles, "project": PROJECT_ATTRIBUTES}.get(
                target.name
            )
            if known is not None and attr not in known:
                yield document.problem(
                    path,
                    f"template uses unknown {_SINGULAR[target.name]} '{attr}'; known: "
                    + ", ".join(sorted(known)),
                )


def _is_local(tree: jinja_nodes.Template, name: str) -> bool:
    return any(node.name == name for node in tree.find_all(jinja_nodes.Name) if node.ctx == "store")
