"""Resolve stage: cross-links in both directions, facet tags and page paths for every item.

Input is validated ``Playbook`` objects; output is a ``SiteModel`` that templates can render
without looking anything up. Mitigation is linked both ways too: a risk's page lists the tasks
its ``mitigated_by`` names, and a task's page the risks that name it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from generator.model.items import CaseStudy, Item, Risk, Task
from generator.model.kinds import KINDS, Kind, kind_of
from generator.model.playbook import Playbook

FACETS = ("phase", "category", "industry")


@dataclass(frozen=True)
class PageRef:
    title: str
    path: str  # Markdown path relative to the docs folder
    label: str  # what kind of page, e.g. "Risk"
    decision: bool = False  # a task that is a decision to take (a go/no-go, a sign-off)


@dataclass(frozen=True)
class ItemPage:
    item: Item
    kind: Kind
    playbook_id: str
    path: str
    tags: tuple[str, ...]
    related: tuple[PageRef, ...]
    referenced_by: tuple[PageRef, ...]
    practices: tuple[PageRef, ...]
    # A risk: the tasks that mitigate it (its ``mitigated_by``, in the order written). A task:
    # the risks whose ``mitigated_by`` names it, by title.
    mitigated_by: tuple[PageRef, ...] = ()
    mitigates: tuple[PageRef, ...] = ()

    @property
    def ref(self) -> PageRef:
        return PageRef(self.item.title, self.path, self.kind.singular, is_decision(self.item))


@dataclass(frozen=True)
class KindSection:
    kind: Kind
    path: str
    pages: tuple[ItemPage, ...]


@dataclass(frozen=True)
class ResolvedPlaybook:
    playbook: Playbook
    path: str
    sections: tuple[KindSection, ...]
    pages: Mapping[str, ItemPage]  # by item id


@dataclass(frozen=True)
class SiteModel:
    playbooks: tuple[ResolvedPlaybook, ...]
    facets: Mapping[str, tuple[str, ...]]  # facet -> its tags, e.g. "phase" -> ("phase/plan",)
    topic_tags: tuple[str, ...] = ()  # the tags authors wrote, listed on the main tags page


def item_path(playbook_id: str, kind: Kind, item_id: str) -> str:
    return f"playbooks/{playbook_id}/{kind.url_segment}/{item_id}.md"


def facet_tags(item: Item) -> tuple[str, ...]:
    """Tags derived from fields, so readers can filter by phase, risk category and industry."""
    tags = []
    if item.phase is not None:
        tags.append(f"phase/{item.phase}")
    if isinstance(item, Risk):
        tags.append(f"category/{item.category}")
    if isinstance(item, CaseStudy):
        tags.append(f"industry/{item.industry}")
    return tuple(tags)


def is_decision(item: Item) -> bool:
    return isinstance(item, Task) and item.decision


def _by_title(refs: list[PageRef]) -> tuple[PageRef, ...]:
    return tuple(sorted(refs, key=lambda ref: (ref.label, ref.title.lower(), ref.path)))


def _references(item: Item) -> tuple[str, ...]:
    targets = list(item.related)
    if isinstance(item, Risk):
        targets.extend(target for target in item.practices if target not in targets)
    return tuple(targets)


def resolve_playbook(playbook: Playbook) -> ResolvedPlaybook:
    paths = {item.id: item_path(playbook.id, kind_of(item), item.id) for item in playbook.items}
    refs = {
        item.id: PageRef(item.title, paths[item.id], kind_of(item).singular, is_decision(item))
        for item in playbook.items
    }
    referenced_by: dict[str, list[str]] = defaultdict(list)
    mitigated_by: dict[str, tuple[str, ...]] = {}
    mitigates: dict[str, list[str]] = defaultdict(list)
    for item in playbook.items:
        for target in _references(item):
            referenced_by[target].append(item.id)
        if isinstance(item, Risk):
            # Validation made each one a task of this playbook; each counts once.
            mitigated_by[item.id] = tuple(dict.fromkeys(item.mitigated_by))
            for task_id in mitigated_by[item.id]:
                mitigates[task_id].append(item.id)

    pages: dict[str, ItemPage] = {}
    for item in playbook.items:
        practices = item.practices if isinstance(item, Risk) else []
        pages[item.id] = ItemPage(
            item=item,
            kind=kind_of(item),
            playbook_id=playbook.id,
            path=paths[item.id],
            tags=tuple(dict.fromkeys([*item.tags, *facet_tags(item)])),
            related=tuple(refs[target] for target in item.related),
            referenced_by=_by_title([refs[source] for source in set(referenced_by[item.id])]),
            practices=tuple(refs[target] for target in practices),
            mitigated_by=tuple(refs[task] for task in mitigated_by.get(item.id, ())),
            mitigates=_by_title([refs[risk] for risk in mitigates.get(item.id, ())]),
        )
    sections = tuple(
        KindSection(
            kind,
            f"playbooks/{playbook.id}/{kind.url_segment}/index.md",
            tuple(
                sorted(
                    (page for page in pages.values() if page.kind is kind),
                    key=lambda page: (page.item.title.lower(), page.item.id),
                )
            ),
        )
        for kind in KINDS
    )
    return ResolvedPlaybook(
        playbook,
        f"playbooks/{playbook.id}/index.md",
        tuple(section for section in sections if section.pages),
        pages,
    )


def resolve_site(playbooks: tuple[Playbook, ...]) -> SiteModel:
    resolved = tuple(resolve_playbook(playbook) for playbook in playbooks)
    facets: dict[str, set[str]] = {facet: set() for facet in FACETS}
    topics: set[str] = set()
    for playbook in resolved:
        for page in playbook.pages.values():
            for tag in page.tags:
                facet = tag.split("/", 1)[0]
                if "/" in tag and facet in facets:
                    facets[facet].add(tag)
                else:
                    topics.add(tag)
    return SiteModel(
        resolved,
        {facet: tuple(sorted(tags)) for facet, tags in facets.items()},
        tuple(sorted(topics)),
    )
