"""Benchmark sizes, counted in site pages, and the organization layout that reaches each one.

A site's pages are: the hand-written home page; the playbooks index, the tags index, one page
per tag facet (phase, category, industry) and the portfolio; per playbook its index page, one
index page per kind and one page per item; one page per project.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

GLOBAL_PAGES = 7  # home, playbooks index, tags index, 3 facet pages, portfolio
KIND_COUNT = 6
PAGES_PER_PLAYBOOK = 1 + KIND_COUNT  # its index and one index per kind, besides its items
BIG_PLAYBOOK_ITEMS = 500  # the playbook the checklist latency is measured on
OTHER_PLAYBOOK_ITEMS = 240

PRESETS: dict[str, int] = {"tiny": 60, "1k": 1_000, "2k": 2_000, "5k": 5_000}
MAIN_SIZES = ("1k", "2k", "5k")


@dataclass(frozen=True)
class Layout:
    """How many playbooks, items and projects make a site of ``pages`` pages."""

    pages: int
    playbook_items: tuple[int, ...]  # the first one is the big playbook
    projects: int

    @property
    def items(self) -> int:
        return sum(self.playbook_items)

    @property
    def expected_pages(self) -> int:
        return (
            GLOBAL_PAGES
            + self.projects
            + sum(items + PAGES_PER_PLAYBOOK for items in self.playbook_items)
        )


def layout_for(pages: int) -> Layout:
    """Spread ``pages`` over one big playbook (up to 500 items), then playbooks of ~240."""
    projects = max(2, round(pages / 100))
    remaining = pages - GLOBAL_PAGES - projects
    if remaining < PAGES_PER_PLAYBOOK + KIND_COUNT:
        raise ValueError(f"{pages} pages is too small for a site with one playbook")
    big = min(BIG_PLAYBOOK_ITEMS, remaining - PAGES_PER_PLAYBOOK)
    remaining -= big + PAGES_PER_PLAYBOOK
    counts = [big]
    if remaining < PAGES_PER_PLAYBOOK + KIND_COUNT:  # too few for another playbook
        projects += remaining
        remaining = 0
    others = math.ceil(remaining / (OTHER_PLAYBOOK_ITEMS + PAGES_PER_PLAYBOOK))
    if others:
        items = remaining - others * PAGES_PER_PLAYBOOK
        share, extra = divmod(items, others)
        counts += [share + (1 if index < extra else 0) for index in range(others)]
    if any(count < KIND_COUNT for count in counts):
        raise ValueError(f"{pages} pages leaves a playbook with fewer than {KIND_COUNT} items")
    return Layout(pages, tuple(counts), projects)


def pages_of(size: str) -> int:
    """A preset's page count; a bare number (``"750"``) is accepted too."""
    if size in PRESETS:
        return PRESETS[size]
    if size.isdigit():
        return int(size)
    raise ValueError(f"unknown size {size!r}; use one of {', '.join(PRESETS)} or a page count")
