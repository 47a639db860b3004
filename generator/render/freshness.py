"""Render stage for content upkeep: the Content health page, and the same list as plain text
for `playbook stale`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from generator.model.playbook import Playbook
from generator.render.pages import PageRenderer
from generator.resolve.freshness import OwnerGroup, overdue_by_owner

CONTENT_HEALTH_PAGE = "playbooks/content-health.md"


def render_content_health(
    playbooks: Sequence[Playbook], renderer: PageRenderer, today: dt.date
) -> dict[str, str]:
    groups = overdue_by_owner(playbooks, today)
    page = renderer.render(
        "content-health.md.j2",
        CONTENT_HEALTH_PAGE,
        groups=groups,
        total=sum(len(group.items) for group in groups),
        today=today,
        unscheduled=[p.meta.title for p in playbooks if p.meta.review_every is None],
    )
    return {CONTENT_HEALTH_PAGE: page}


def stale_text(groups: Sequence[OwnerGroup], today: dt.date) -> str:
    """The Content health page's list for a terminal: owners, then their items, oldest first."""
    total = sum(len(group.items) for group in groups)
    if not total:
        return f"No item is due for review as of {today}.\n"
    lines = [f"{total} item{'s' if total != 1 else ''} due for review as of {today}:"]
    for group in groups:
        lines.append(f"{group.owner} ({len(group.items)})")
        lines += [
            f"  {upkeep.playbook_id}/{upkeep.item_id}: {upkeep.title} ({upkeep.kind.lower()}; "
            f"last reviewed {upkeep.reviewed or 'never'}, due {upkeep.next_review})"
            for upkeep in group.items
        ]
    return "\n".join(lines) + "\n"
