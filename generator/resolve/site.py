"""Resolve stage: cross-links in both directions, facet tags and page paths for every item.

Input is validated ``Playbook`` objects; output is a ``SiteModel`` that templates can render
without looking anything up. Mitigation is linked both ways too: a risk's page lists the tasks
its ``mitigated_by`` names, and a task's page the risks that name it.

Facets are values read from fields (phase, risk category, industry, practice area, cadence):
each value is a tag (``phase/plan``) with a page of its own, and each kind's index page counts
its items by every facet they have, for the filters there.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import get_args

from generator.model.fields import PHASES
from generator.model.items import Cadence, CaseStudy, Item, Risk, Task
from generator.model.kinds import KINDS, Kind, kind_of
from generator.model.playbook import Playbook

# In the order they are shown; a kind's index offers those its items have values for.
FACETS = ("phase", "category", "industry", "area", "cadence")
# Fields whose value, where a kind has the field, is the facet of the same name.
_FIELD_FACETS = ("area", "cadence")
CADENCES: tuple[str, ...] = get_args(Cadence)


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
    # Facet -> the item's values of it (``facet_values``); no key for a facet it has none of.
    facets: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def ref(self) -> PageRef:
        return PageRef(self.item.title, self.path, self.kind.singular, is_decision(self.item))


@dataclass(frozen=True)
class FacetOption:
    """One value of a facet on a kind's index page, and how many of its items have it."""

    facet: str
    value: str
    count: int

    @property
    def tag(self) -> str:
        return f"{self.facet}/{self.value}"


@dataclass(frozen=True)
class SectionFacet:
    """A facet the items of a kind's index have values for, with every value's count."""

    name: str
    options: tuple[FacetOption, ...]


@dataclass(frozen=True)
class KindSection:
    kind: Kind
    path: str
    pages: tuple[ItemPage, ...]
    facets: tuple[SectionFacet, ...] = ()


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


def facet_values(item: Item) -> dict[str, tuple[str, ...]]:
    """The item's values of each facet, in ``FACETS`` order; no key for a facet it has none of.

    Industry: a case study's ``industry``, then the ``industries`` any item may list.
    """
    values: dict[str, tuple[str, ...]] = {}
    if item.phase is not None:
        values["phase"] = (item.phase,)
    if isinstance(item, Risk):
        values["category"] = (item.category,)
    industries = [item.industry] if isinstance(item, CaseStudy) else []
    industries.extend(item.industries)
    if industries:
        values["industry"] = tuple(dict.fromkeys(industries))
    for name in _FIELD_FACETS:
        value = getattr(item, name, None)
        if isinstance(value, str):
            values[name] = (value,)
    return values


def facet_tags(item: Item) -> tuple[str, ...]:
    """Tags derived from fields, so readers can browse by phase, risk category, industry,
    practice area and cadence."""
    return tuple(
        f"{facet}/{value}" for facet, values in facet_values(item).items() for value in values
    )


def _facet_order(facet: str, value: str) -> tuple[int, str]:
    """Phases in project order, cadences in the model's order (once, per phase, weekly, ...),
    the others A to Z."""
    if facet == "phase" and value in PHASES:
        return (PHASES.index(value), value)
    if facet == "cadence" and value in CADENCES:
        return (CADENCES.index(value), value)
    return (0, value)


def section_facets(pages: tuple[ItemPage, ...]) -> tuple[SectionFacet, ...]:
    """The facets the pages have values for, each value with the number of pages that have it."""
    facets = []
    for facet in FACETS:
        counts: dict[str, int] = defaultdict(int)
        for page in pages:
            for value in page.facets.get(facet, ()):
                counts[value] += 1
        if counts:
            options = (FacetOption(facet, value, counts[value]) for value in counts)
            ordered = sorted(options, key=lambda option: _facet_order(facet, option.value))
            facets.append(SectionFacet(facet, tuple(ordered)))
    return tuple(facets)


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
            facets=facet_values(item),
        )
    sections = []
    for kind in KINDS:
        of_kind = tuple(
            sorted(
                (page for page in pages.values() if page.kind is kind),
                key=lambda page: (page.item.title.lower(), page.item.id),
            )
        )
        path = f"playbooks/{playbook.id}/{kind.url_segment}/index.md"
        sections.append(KindSection(kind, path, of_kind, section_facets(of_kind)))
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
