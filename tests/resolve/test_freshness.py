"""Content upkeep: each item's owner and next review, and the overdue items by owner."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.model.playbook import Playbook
from generator.resolve.freshness import overdue_by_owner, period_days, upkeep_of
from generator.validate.playbook import validate_playbook
from tests.support.fixtures import fixture_copy

TODAY = dt.date(2027, 3, 1)


@pytest.fixture(scope="module")
def playbook(tmp_path_factory: pytest.TempPathFactory) -> Playbook:
    root = tmp_path_factory.mktemp("upkeep")
    folder = fixture_copy(root / "playbooks" / "upkeep", "playbook-upkeep")
    return validate_playbook(folder, root)


@pytest.mark.parametrize(
    ("period", "days"), [("90d", 90), ("26w", 182), ("1d", 1), ("9999w", 69993)]
)
def test_period_days(period: str, days: int) -> None:
    assert period_days(period) == days


def test_next_review_is_the_last_review_plus_the_period(playbook: Playbook) -> None:
    shown = {
        item.id: (u.owner, u.reviewed, u.next_review, u.overdue)
        for item in playbook.items
        for u in [upkeep_of(playbook, item, TODAY)]
    }
    assert shown == {
        "fresh-faq": ("PMO lead", dt.date(2027, 2, 1), dt.date(2027, 5, 2), False),
        # Due today is not overdue yet: a review is late from the day after it was due.
        "due-today": ("PMO lead", dt.date(2026, 12, 1), dt.date(2027, 3, 1), False),
        "old-faq": ("PMO lead", dt.date(2026, 6, 1), dt.date(2026, 8, 30), True),
        "person-faq": ("Zoë Ødegård", dt.date(2026, 11, 1), dt.date(2027, 1, 30), True),
        # Never reviewed: due at once.
        "orphan-faq": ("", None, TODAY, True),
    }


def test_overdue_items_grouped_by_owner_with_no_owner_last(playbook: Playbook) -> None:
    groups = overdue_by_owner([playbook], TODAY)

    assert [(g.owner, [u.item_id for u in g.items]) for g in groups] == [
        ("PMO lead", ["old-faq"]),
        ("Zoë Ødegård", ["person-faq"]),
        ("No owner", ["orphan-faq"]),
    ]
    assert groups[0].items[0].days_overdue(TODAY) == 183


def test_a_playbook_without_review_every_asks_for_no_review(playbook: Playbook) -> None:
    unscheduled = Playbook(
        playbook.meta.model_copy(update={"review_every": None}),
        playbook.folder,
        playbook.items,
        playbook.origins,
    )
    upkeep = upkeep_of(unscheduled, unscheduled.item("orphan-faq"), TODAY)

    assert (upkeep.next_review, upkeep.overdue) == (None, False)
    assert overdue_by_owner([unscheduled], TODAY) == ()
