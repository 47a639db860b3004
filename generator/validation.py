"""Validate stage: one playbook folder to a typed ``Playbook``, or every problem in it at once."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from jinja2 import nodes as jinja_nodes
from pydantic import BaseModel, ValidationError

from generator import conditions
from generator.answers import AnswerError, coerce_answer
from generator.errors import ContentError, Problem
from generator.kinds import KINDS, KINDS_BY_FILE, PLAYBOOK_FILE, Kind, kind_of
from generator.loading import Document, PathKey, load_document
from generator.model_errors import problems_from_validation
from generator.models import Fact, Item, PlaybookMeta, Practice, Risk, ScopeSection
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


def validate_model(
    document: Document, model: type[BaseModel], what: str
) -> tuple[BaseModel | None, list[Problem]]:
    try:
        return model.model_validate(document.data), []
    except ValidationError as error:
        return None, problems_from_validation(error, document, model, what)


@dataclass
class _Loaded:
    """What reading one playbook folder produced, before the cross-file checks."""

    meta: PlaybookMeta | None = None
    meta_doc: Document | None = None
    files: list[tuple[Kind, Document, list[tuple[int, Item]]]] = field(default_factory=list)
    # Ids of items that failed validation: references to them are not reported as dangling.
    invalid_ids: set[str] = field(default_factory=set)
    # A file could not be read at all, so its ids are unknown: skip dangling-reference checks
    # rather than bury the real error under consequences of it.
    unreadable: bool = False
    problems: list[Problem] = field(default_factory=list)


@dataclass
class _Located:
    items: list[Item]
    locations: dict[str, tuple[Document, PathKey]]
    origins: dict[str, Origin]


def validate_playbook(folder: Path, root: Path) -> Playbook:
    """Load and validate every file of one playbook folder; raise ContentError listing all."""
    loaded = _load_folder(folder, root)
    problems = loaded.problems
    if loaded.meta is not None and loaded.meta_doc is not None:
        problems.extend(_check_meta(loaded.meta, loaded.meta_doc, folder))
    located = _locate_items(loaded, problems)
    parsed_conditions: dict[str, conditions.Node] = {}
    if loaded.meta is not None:
        parsed_conditions = _check_items(
            loaded.meta,
            located,
            loaded.invalid_ids,
            problems,
            check_references=not loaded.unreadable,
        )
    if problems:
        raise ContentError(problems)
    assert loaded.meta is not None
    ordered = sorted(located.items, key=lambda item: (_kind_rank(item), item.id))
    return Playbook(loaded.meta, folder, tuple(ordered), located.origins, parsed_conditions)


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
            document = load_document(file_path, shown)
        except ContentError as error:
            loaded.problems.extend(error.problems)
            loaded.unreadable = True
            if file_path.name == PLAYBOOK_FILE:
                loaded.meta_doc = Document(file_path, shown, None)
            continue
        if file_path.name == PLAYBOOK_FILE:
            loaded.meta_doc = document
            parsed, found = validate_model(document, PlaybookMeta, "playbook.yaml")
            loaded.problems.extend(found)
            loaded.meta = parsed if isinstance(parsed, PlaybookMeta) else None
            continue
        kind = KINDS_BY_FILE[file_path.name]
        kind_items, invalid_ids, found = _validate_kind_file(kind, document)
        loaded.problems.extend(found)
        loaded.unreadable |= not isinstance(document.data, dict) or not isinstance(
            document.data.get(kind.list_key), list
        )
        loaded.invalid_ids |= invalid_ids
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


def _check_items(
    meta: PlaybookMeta,
    located: _Located,
    invalid_ids: set[str],
    problems: list[Problem],
    *,
    check_references: bool,
) -> dict[str, conditions.Node]:
    """Cross-item checks: references, roles, conditions and fill-in templates."""
    facts = {fact.name: fact for fact in meta.facts}
    roles = {role.id for role in meta.roles}
    known_ids = {item.id for item in located.items} | invalid_ids
    practices = {item.id for item in located.items if isinstance(item, Practice)}
    parsed_conditions: dict[str, conditions.Node] = {}
    for item in located.items:
        document, path = located.locations[item.id]
        if check_references:
            problems.extend(_check_references(item, known_ids, practices, document, path))
        owner_role = getattr(item, "owner_role", None)
        if owner_role is not None and owner_role not in roles:
            problems.append(
                document.problem(
                    (*path, "owner_role"),
                    f"unknown role '{owner_role}'; roles declared in playbook.yaml: "
                    + ", ".join(sorted(roles)),
                )
            )
        condition = getattr(item, "condition", None)
        if condition is not None:
            node = _check_condition(condition, facts, document, (*path, "condition"), problems)
            if node is not None:
                parsed_conditions[item.id] = node
        if isinstance(item, ScopeSection) and item.template:
            problems.extend(
                _check_fill_in(item.template, set(facts), roles, document, (*path, "template"))
            )
    return parsed_conditions


def _validate_kind_file(
    kind: Kind, document: Document
) -> tuple[list[tuple[int, Item]], set[str], list[Problem]]:
    """Validate item by item, so one bad item does not hide the rest of the file."""
    data = document.data
    key = kind.list_key
    if not isinstance(data, dict):
        return (
            [],
            set(),
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
        return [], set(), problems
    if not isinstance(entries, list):
        problems.append(document.problem((key,), f"'{key}' must be a list of items"))
        return [], set(), problems
    items: list[tuple[int, Item]] = []
    invalid_ids: set[str] = set()
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
            if isinstance(entry, dict) and isinstance(entry.get("id"), str):
                invalid_ids.add(entry["id"])
    return items, invalid_ids, problems


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
    item: Item, items_by_id: set[str], practices: set[str], document: Document, path: PathKey
) -> Iterator[Problem]:
    for index, target in enumerate(item.related):
        if target == item.id:
            yield document.problem((*path, "related", index), "an item cannot be related to itself")
        elif target not in items_by_id:
            yield document.problem(
                (*path, "related", index), f"related id '{target}' does not exist in this playbook"
            )
    if isinstance(item, Risk):
        for index, target in enumerate(item.practices):
            if target not in practices:
                what = "is not a best practice" if target in items_by_id else "does not exist"
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
