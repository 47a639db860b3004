"""The Content health page: items due for review, by owner, as a table per owner."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.pipeline import generate_pages
from generator.render.freshness import CONTENT_HEALTH_PAGE
from tests.support.cli import invoke, problem_lines
from tests.support.fixtures import fixture_copy
from tests.support.project import project_settings

TODAY = dt.date(2027, 3, 1)


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str | bytes]:
    root = tmp_path_factory.mktemp("health")
    fixture_copy(root / "playbooks" / "upkeep", "playbook-upkeep")
    return generate_pages(project_settings(root, today=TODAY))


@pytest.fixture(scope="module")
def page(pages: dict[str, str | bytes]) -> str:
    text = pages[CONTENT_HEALTH_PAGE]
    assert isinstance(text, str)
    return text


def _after_answer(pages: dict[str, str | bytes], item_id: str, answer: str) -> str:
    """What an FAQ page holds after its answer: the review notice and the small note."""
    text = pages[f"playbooks/upkeep/faqs/{item_id}.md"]
    assert isinstance(text, str)
    return text.split(f"\n{answer}\n\n", 1)[1]


NOTE_END = "\n{ data-search-exclude }\n\n"


def test_an_item_page_shows_its_owner_and_reviews(pages: dict[str, str | bytes]) -> None:
    assert _after_answer(pages, "fresh-faq", "Yes.") == (
        "<small>Owner: PMO lead · Last review: 2027-02-01 · Next review: 2027-05-02</small>"
        + NOTE_END
    )


def test_an_overdue_item_page_says_so_outside_search(pages: dict[str, str | bytes]) -> None:
    assert _after_answer(pages, "old-faq", "Yes.") == (
        '<div class="admonition warning" data-search-exclude><p class="admonition-title">'
        "Review overdue</p><p>This page was due for review on 2026-08-30: PMO lead looks after "
        "it. Check that it still holds, then update its <code>reviewed</code> date.</p></div>\n\n"
        "<small>Owner: PMO lead · Last review: 2026-06-01 · Next review: 2026-08-30</small>"
        + NOTE_END
    )
    never = _after_answer(pages, "orphan-faq", "Nobody, and it was never reviewed.")
    assert never.endswith("<small>Not reviewed yet · Next review: 2027-03-01</small>" + NOTE_END)
    assert "due for review on 2027-03-01. Check" in never


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


# --- `playbook stale` -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def upkeep_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("stale")
    fixture_copy(root / "playbooks" / "upkeep", "playbook-upkeep")
    return root


def test_stale_prints_the_page_list_and_succeeds(upkeep_root: Path) -> None:
    result = invoke(upkeep_root, "stale", "--today", "2027-03-01")

    assert result.exit_code == 0
    assert result.stdout == (
        "3 items due for review as of 2027-03-01:\n"
        "PMO lead (1)\n"
        "  upkeep/old-faq: Reviewed long ago (faq; last reviewed 2026-06-01, due 2026-08-30)\n"
        "Zoë Ødegård (1)\n"
        "  upkeep/person-faq: Kept by a person (faq; last reviewed 2026-11-01, due 2027-01-30)\n"
        "No owner (1)\n"
        "  upkeep/orphan-faq: Nobody keeps this (faq; last reviewed never, due 2027-03-01)\n"
    )


def test_stale_fail_names_each_item_at_its_line_and_exits_1(upkeep_root: Path) -> None:
    result = invoke(upkeep_root, "stale", "--fail", "--today", "2027-03-01")

    assert result.exit_code == 1
    assert problem_lines(result) == [
        "playbooks/upkeep/faqs.yaml:16:5: review overdue: 'Reviewed long ago' was last reviewed "
        "2026-06-01, due 2026-08-30 (owner: PMO lead)",
        "playbooks/upkeep/faqs.yaml:23:5: review overdue: 'Kept by a person' was last reviewed "
        "2026-11-01, due 2027-01-30 (owner: Zoë Ødegård)",
        "playbooks/upkeep/faqs.yaml:30:5: review overdue: 'Nobody keeps this' was last reviewed "
        "never, due 2027-03-01 (owner: No owner)",
    ]


def test_stale_fail_with_nothing_due_succeeds(sample_project: Path) -> None:
    # The sample playbook sets no review_every: it asks for no reviews.
    result = invoke(sample_project, "stale", "--fail", "--today", "2027-03-01")

    assert (result.exit_code, result.stdout) == (
        0,
        "No item is due for review as of 2027-03-01.\n",
    )
