"""References between items (related items, a risk's practices and mitigating tasks),
checked on valid items and, as written, on invalid ones, so that one run reports them all."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from generator.errors import Problem
from generator.load.documents import Document, PathKey
from generator.model.items import Item, Practice, Risk, ScopeSection, Template


@dataclass(frozen=True)
class References:
    """What an item refers to, read from a valid item or from an invalid one as written."""

    id: str | None
    related: tuple[tuple[int, str], ...]
    practices: tuple[tuple[int, str], ...]
    mitigated_by: tuple[tuple[int, str], ...]
    people: tuple[tuple[int, str], ...]  # a practice's roles
    owner_role: str | None
    condition: str | None
    template: str | None
    body: str | None = None  # an artefact template's

    @classmethod
    def of_item(cls, item: Item) -> References:
        return cls(
            item.id,
            tuple(enumerate(item.related)),
            tuple(enumerate(item.practices)) if isinstance(item, Risk) else (),
            tuple(enumerate(item.mitigated_by)) if isinstance(item, Risk) else (),
            tuple(enumerate(item.people)) if isinstance(item, Practice) else (),
            getattr(item, "owner_role", None),
            getattr(item, "condition", None),
            item.template if isinstance(item, ScopeSection) and item.template else None,
            item.body if isinstance(item, Template) else None,
        )

    @classmethod
    def of_entry(cls, entry: Mapping[str, Any]) -> References:
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
            ids("mitigated_by"),
            ids("people"),
            text("owner_role"),
            text("condition"),
            text("template"),
            text("body"),
        )


def check_references(
    refs: References,
    known_ids: set[str],
    ids_of_kind: Mapping[str, set[str]],
    document: Document,
    path: PathKey,
) -> Iterator[Problem]:
    """``ids_of_kind``: the ids of each kind (``practice``, ``task``), valid or not."""
    practices = ids_of_kind.get("practice", set())
    tasks = ids_of_kind.get("task", set())
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
    for index, target in refs.mitigated_by:
        if target not in tasks:
            what = "is not a task" if target in known_ids else "does not exist"
            yield document.problem(
                (*path, "mitigated_by", index), f"task id '{target}' {what} in this playbook"
            )
