"""A kind's index page and its filters by facet (kind-index*.html.j2, generator.resolve.site).

The playbook is the demo playbook with the items of tests/fixtures/playbook-facets: phases, risk
categories, industries (a case study's own `industry`, and `industries` on any kind, one list
repeating it), practice areas and cadences, written in another order than the filters show.

Each facet with a value among the page's items gets a fieldset of checkboxes, each value with
the number of items that have it; without JavaScript the same values are links to their tag
pages. Every item of the list carries its values for facets.js. A kind whose items have no
facet value (the demo FAQ) gets no filters.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from html.parser import HTMLParser

import pytest

from generator.model.kinds import KINDS_BY_NAME
from generator.render.pages import PageRenderer
from generator.render.playbooks import render_site
from generator.resolve.site import (
    FacetOption,
    SectionFacet,
    SiteModel,
    facet_tags,
    facet_values,
    resolve_site,
)
from tests.support.fixtures import fixture_copy
from tests.support.playbooks import validate, write_playbook

TODAY = dt.date(2027, 3, 1)
INDEX = "playbooks/demo/{}/index.md"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> SiteModel:
    root = tmp_path_factory.mktemp("facets")
    folder = fixture_copy(write_playbook(root), "playbook-facets")
    return resolve_site((validate(root, folder),))


@pytest.fixture(scope="module")
def pages(site: SiteModel) -> dict[str, str]:
    return render_site(site, PageRenderer(None), today=TODAY)


def _facets(site: SiteModel, kind: str) -> tuple[SectionFacet, ...]:
    (section,) = [s for s in site.playbooks[0].sections if s.kind is KINDS_BY_NAME[kind]]
    return section.facets


def _options(facet: str, *counts: tuple[str, int]) -> SectionFacet:
    return SectionFacet(facet, tuple(FacetOption(facet, value, n) for value, n in counts))


class _Page(HTMLParser):
    """What the filters read and offer: each item's facets, each checkbox with its label, each
    tag link with its text, and which parts are hidden."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.items: list[dict[str, list[str]]] = []
        self.boxes: list[tuple[str, str, str]] = []  # name, value, its label's id
        self.labels: dict[str, str] = {}  # for= -> text
        self.links: list[tuple[str, str]] = []  # href, text, in the tags part
        self.hidden: set[str] = set()  # ids of elements rendered hidden
        self._label: str | None = None
        self._link: str | None = None
        self._text = ""
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if "data-pb-facets" in found:
            self.items.append(json.loads(found["data-pb-facets"] or ""))
        if "hidden" in found and found.get("id"):
            self.hidden.add(str(found["id"]))
        if tag == "input" and found.get("type") == "checkbox":
            self.boxes.append((str(found["name"]), str(found["value"]), str(found["id"])))
        if tag == "label":
            self._label, self._text = str(found["for"]), ""
        if tag == "a" and "#tag" in str(found.get("href")):
            self._link, self._text = str(found["href"]), ""

    def handle_data(self, data: str) -> None:
        self._text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "label" and self._label is not None:
            self.labels[self._label] = self._text
            self._label = None
        if tag == "a" and self._link is not None:
            self.links.append((self._link, self._text))
            self._link = None


def test_facet_values_come_from_fields_and_industry_from_both_fields(site: SiteModel) -> None:
    pages = site.playbooks[0].pages
    assert facet_values(pages["regulator-objects"].item) == {
        "phase": ("plan",),
        "category": ("compliance",),
        "industry": ("insurance", "banking"),
    }
    # A case study's own industry first, each industry once.
    assert facet_values(pages["bank-modernisation"].item) == {"industry": ("banking", "insurance")}
    assert facet_values(pages["peak-freeze"].item) == {
        "industry": ("retail",),
        "area": ("delivery",),
        "cadence": ("once",),
    }
    assert facet_values(pages["why-a-pmo"].item) == {}
    assert facet_tags(pages["weekly-status"].item) == (
        "phase/monitor",
        "area/governance",
        "cadence/weekly",
    )
    assert pages["rehearse-cutover"].tags == ("phase/execute", "industry/banking")


def test_each_kind_counts_its_items_by_facet_in_the_order_the_filters_show(
    site: SiteModel,
) -> None:
    # Phases in project order, cadences in the model's order, the others A to Z; a facet no
    # item has a value for is left out (the practices' category, the FAQs' everything).
    assert _facets(site, "risk") == (
        _options("phase", ("plan", 1), ("execute", 2)),
        _options("category", ("compliance", 1), ("delivery", 1), ("finance", 1), ("technology", 1)),
        _options("industry", ("banking", 2), ("insurance", 1)),
    )
    assert _facets(site, "practice") == (
        _options("phase", ("plan", 1), ("monitor", 1)),
        _options("industry", ("retail", 1)),
        _options("area", ("delivery", 2), ("governance", 2)),
        _options("cadence", ("once", 1), ("per phase", 1), ("weekly", 1), ("fortnightly", 1)),
    )
    assert _facets(site, "case-study") == (
        _options("industry", ("banking", 1), ("insurance", 1), ("retail", 1)),
    )
    assert _facets(site, "faq") == ()


def test_every_item_listed_carries_its_facet_values(pages: dict[str, str]) -> None:
    # The risks in the index's order: by default score, highest first.
    assert _Page(pages[INDEX.format("risks")]).items == [
        {"category": ["delivery"], "phase": ["execute"]},
        {"category": ["technology"], "industry": ["banking"], "phase": ["execute"]},
        {"category": ["compliance"], "industry": ["insurance", "banking"], "phase": ["plan"]},
        {"category": ["finance"]},
    ]
    # The tasks: one table per phase, each item in its own.
    assert _Page(pages[INDEX.format("tasks")]).items == [
        {"phase": ["initiate"]},
        {"industry": ["banking"], "phase": ["execute"]},
    ]


def test_the_form_offers_each_value_with_its_count_and_is_hidden_until_scripts_run(
    pages: dict[str, str],
) -> None:
    page = _Page(pages[INDEX.format("practices")])
    offered = [(name, value, page.labels[box]) for name, value, box in page.boxes]
    assert offered == [
        ("phase", "plan", "Plan (1)"),
        ("phase", "monitor", "Monitor (1)"),
        ("industry", "retail", "Retail (1)"),
        ("area", "delivery", "Delivery (2)"),
        ("area", "governance", "Governance (2)"),
        ("cadence", "once", "Once (1)"),
        ("cadence", "per phase", "Per phase (1)"),
        ("cadence", "weekly", "Weekly (1)"),
        ("cadence", "fortnightly", "Fortnightly (1)"),
    ]
    assert page.hidden == {"pb-facets-form"}
    assert re.findall(r"<legend[^>]*>([^<]*)</legend>", pages[INDEX.format("practices")]) == [
        "Phase",
        "Industry",
        "Practice area",
        "Cadence",
    ]


def test_without_scripts_each_value_links_to_its_tag_page(pages: dict[str, str]) -> None:
    page = _Page(pages[INDEX.format("practices")])
    assert page.links[:3] == [
        ("../../../tags/phase/#tag:phase/plan", "Plan"),
        ("../../../tags/phase/#tag:phase/monitor", "Monitor"),
        ("../../../tags/industry/#tag:industry/retail", "Retail"),
    ]
    assert page.links[-3:-1] == [
        ("../../../tags/cadence/#tag:cadence/per-phase", "Per phase"),
        ("../../../tags/cadence/#tag:cadence/weekly", "Weekly"),
    ]
    line = next(line for line in pages[INDEX.format("risks")].splitlines() if "Industry:" in line)
    assert line == (
        '<li><span class="pb-facets__name">Industry:</span> '
        '<a href="../../../tags/industry/#tag:industry/banking">Banking</a>&nbsp;(2), '
        '<a href="../../../tags/industry/#tag:industry/insurance">Insurance</a>&nbsp;(1)</li>'
    )


def test_the_filters_script_is_loaded_and_a_kind_without_facets_has_none(
    pages: dict[str, str],
) -> None:
    assert (
        pages[INDEX.format("risks")].count(
            '<script src="../../../assets/javascripts/workbench.js"></script>'
        )
        == 1
    )
    faqs = pages[INDEX.format("faqs")]
    assert "pb-facet" not in faqs
    assert "workbench.js" not in faqs


def test_facet_pages_exist_for_area_and_cadence(pages: dict[str, str]) -> None:
    assert pages["tags/cadence.md"].splitlines()[-1] == (
        '<!-- material/tags { include: ["cadence/fortnightly", "cadence/once", '
        '"cadence/per phase", "cadence/weekly"] } -->'
    )
    assert "[Area](area.md), [Cadence](cadence.md)." in pages["tags/index.md"]
