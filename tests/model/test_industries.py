"""An item's ``industries``: kebab-case names, checked at their line; left out of the item's
dump when there are none, so the fingerprints of playbook versions recorded before the field
existed (generator.projects.history) stay what they were."""

from __future__ import annotations

from pathlib import Path

from generator.model.items import Faq
from generator.projects.history import fingerprint
from tests.support.playbooks import DEFAULT_FILES, only_problem, validate, write_playbook

FAQ = {
    "id": "why-a-pmo",
    "title": "Why a PMO?",
    "summary": "What a PMO adds.",
    "question": "Why do we need a PMO?",
    "answer": "It keeps many projects pointed at the same goals.",
}


def test_an_item_without_industries_dumps_as_before_the_field_existed() -> None:
    assert Faq.model_validate(FAQ).model_dump(mode="json") == {
        **FAQ,
        "tags": [],
        "phase": None,
        "related": [],
        "owner": None,
        "reviewed": None,
        "source": None,
    }
    with_industries = Faq.model_validate({**FAQ, "industries": ["banking"]})
    assert with_industries.model_dump(mode="json")["industries"] == ["banking"]


def test_listing_industries_changes_the_items_fingerprint(tmp_path: Path) -> None:
    before = fingerprint(validate(tmp_path / "a", write_playbook(tmp_path / "a")))
    faqs = DEFAULT_FILES["faqs.yaml"].replace(
        "    question:", "    industries: [retail]\n    question:"
    )
    folder = write_playbook(tmp_path / "b", {"faqs.yaml": faqs})
    after = fingerprint(validate(tmp_path / "b", folder))
    assert [item for item in after if after[item] != before[item]] == ["why-a-pmo"]


def test_an_industry_must_be_kebab_case_and_is_reported_at_its_line(tmp_path: Path) -> None:
    faqs = DEFAULT_FILES["faqs.yaml"].replace(
        "    question:", "    industries: [retail, Public Sector]\n    question:"
    )
    problem = only_problem(tmp_path, write_playbook(tmp_path, {"faqs.yaml": faqs}))
    assert (problem.path, problem.line, problem.column) == ("playbooks/demo/faqs.yaml", 5, 26)
    assert problem.message == (
        "'industries' must be a lowercase kebab-case word such as 'technology', got 'Public Sector'"
    )
