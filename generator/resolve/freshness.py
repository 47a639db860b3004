"""Content that stays fresh: who looks after each item, when it was last reviewed, and when it
is due for review again.

A playbook sets ``review_every`` (``180d``, ``26w``); an item names its ``owner`` (a role id of
the playbook, shown by the role's title, or a person) and the date it was last ``reviewed``.
Its next review is ``reviewed + review_every``; the review is *overdue* once that day is before
*today*, and at once for an item never reviewed. A playbook without ``review_every`` asks for
no reviews, so none of its items is ever overdue.

The Content health page and ``playbook stale`` list the overdue items grouped by owner (items
without one under "No owner"), owners by name, items by how long they have waited.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from generator.model.items import Item
from generator.model.kinds import kind_of
from generator.model.playbook import Playbook
from generator.resolve.site import item_path

NO_OWNER = "No owner"


def period_days(period: str) -> int:
    """``180d`` or ``26w`` in days (the pattern is checked by the model)."""
    number = int(period[:-1])
    return number * 7 if period.endswith("w") else number


@dataclass(frozen=True)
class Upkeep:
    """One item's owner and review dates, as its page and the Content health page show them."""

    playbook_id: str
    playbook_title: str
    item_id: str
    title: str
    kind: str  # the kind's singular name, e.g. "Risk"
    page: str  # docs-relative path of the item's page
    owner: str  # the role's title or the person; "" when the item names nobody
    reviewed: dt.date | None
    next_review: dt.date | None  # None: the playbook asks for no reviews
    overdue: bool

    @property
    def owner_shown(self) -> str:
        return self.owner or NO_OWNER

    def days_overdue(self, today: dt.date) -> int:
        if self.next_review is None:
            return 0
        return max(0, (today - self.next_review).days)


def upkeep_of(playbook: Playbook, item: Item, today: dt.date) -> Upkeep:
    roles = {role.id: role.title for role in playbook.meta.roles}
    period = playbook.meta.review_every
    next_review: dt.date | None = None
    overdue = False
    if period is not None:
        if item.reviewed is None:
            next_review, overdue = today, True
        else:
            next_review = item.reviewed + dt.timedelta(days=period_days(period))
            overdue = next_review < today
    kind = kind_of(item)
    return Upkeep(
        playbook_id=playbook.id,
        playbook_title=playbook.meta.title,
        item_id=item.id,
        title=item.title,
        kind=kind.singular,
        page=item_path(playbook.id, kind, item.id),
        owner=roles.get(item.owner, item.owner) if item.owner else "",
        reviewed=item.reviewed,
        next_review=next_review,
        overdue=overdue,
    )


@dataclass(frozen=True)
class OwnerGroup:
    owner: str
    items: tuple[Upkeep, ...]


def overdue_by_owner(playbooks: Iterable[Playbook], today: dt.date) -> tuple[OwnerGroup, ...]:
    """Every item whose review is overdue, grouped by owner ("No owner" last)."""
    groups: dict[str, list[Upkeep]] = {}
    for playbook in playbooks:
        for item in playbook.items:
            upkeep = upkeep_of(playbook, item, today)
            if upkeep.overdue:
                groups.setdefault(upkeep.owner, []).append(upkeep)
    ordered = sorted(groups, key=lambda owner: (owner == "", owner.lower(), owner))
    return tuple(
        OwnerGroup(
            owner or NO_OWNER,
            tuple(
                sorted(
                    groups[owner],
                    key=lambda u: (u.reviewed or dt.date.min, u.playbook_id, u.title.lower()),
                )
            ),
        )
        for owner in ordered
    )
