"""The Content health page: items due for review, by owner, as a table per owner."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.pipeline import generate_pages
from generator.render.freshness import CONTENT_HEALTH_PAGE
from tests.support.fixtures import fixture_copy
from tests.support.project import project_settings

TODAY = dt.date(2027, 3, 1)


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> str:
    root = tmp_path_factory.mktemp("health")
    fixture_copy(root / "playbooks" / "upkeep", "playbook-upkeep")
    return generate_pages(project_settings(root, today=TODAY))[CONTENT_HEALTH_PAGE]


def test_the_page_lists_overdue_items_by_owner(page: str) -> None:
    body = page.split("# Content health\n", 1)[1]
    assert body == (
        "\nItems are reviewed on the schedule each playbook sets (`review_every`). As of "
        "2027-03-01,\n"
        "3 items are due for review, grouped by owner.\n\n"
        "## PMO lead (1)\n\n"
        "| Item | Kind | Playbook | Last review | Review was due |\n"
        "| --- | --- | --- | --- | --- |\n"
        "| [Reviewed long ago](upkeep/faqs/old-faq.md) | FAQ | Upkeep playbook | 2026-06-01 | "
        "2026-08-30 |\n\n"
        "## Zoë Ødegård (1)\n\n"
        "| Item | Kind | Playbook | Last review | Review was due |\n"
        "| --- | --- | --- | --- | --- |\n"
        "| [Kept by a person](upkeep/faqs/person-faq.md) | FAQ | Upkeep playbook | 2026-11-01 | "
        "2027-01-30 |\n\n"
        "## No owner (1)\n\n"
        "| Item | Kind | Playbook | Last review | Review was due |\n"
        "| --- | --- | --- | --- | --- |\n"
        "| [Nobody keeps this](upkeep/faqs/orphan-faq.md) | FAQ | Upkeep playbook | never | "
        "2027-03-01 |\n\n"
    )


def test_the_page_stays_out_of_search(page: str) -> None:
    assert page.startswith("---\nsearch:\n  exclude: true\n---\n")
