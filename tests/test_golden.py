"""Golden files: the Markdown rendered from tests/fixtures/sample, byte for byte.

After an intended template change, regenerate with:  UPDATE_GOLDEN=1 pytest tests/test_golden.py
and review the diff like any other change.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from generator.pipeline import generate_pages
from tests.conftest import FIXTURES, SAMPLE
from tests.support.project import project_settings

GOLDEN = FIXTURES / "golden"
TODAY = dt.date(2027, 3, 1)


def _rendered() -> dict[str, str]:
    return generate_pages(project_settings(SAMPLE, today=TODAY))


def test_golden_files_match_rendered_pages() -> None:
    pages = _rendered()
    if os.environ.get("UPDATE_GOLDEN"):
        for relative, text in pages.items():
            target = GOLDEN / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8", newline="")
    expected = {
        path.relative_to(GOLDEN).as_posix(): path.read_bytes().decode("utf-8")
        for path in GOLDEN.rglob("*")
        if path.is_file()
    }
    assert sorted(pages) == sorted(expected), "generated pages differ from the golden set"
    for relative, text in pages.items():
        assert text == expected[relative], f"{relative} differs from its golden file"


@pytest.mark.parametrize("relative", ["playbooks/sample/risks/scope-creep.md"])
def test_rendering_twice_is_byte_identical(relative: str) -> None:
    assert _rendered()[relative] == _rendered()[relative]


def test_every_item_gets_a_page_and_every_kind_an_index() -> None:
    pages = _rendered()
    for path in [
        "playbooks/index.md",
        "playbooks/sample/index.md",
        "playbooks/sample/practices/define-scope.md",
        "playbooks/sample/risks/scope-creep.md",
        "playbooks/sample/case-studies/bank-modernization.md",
        "playbooks/sample/faqs/what-is-scope.md",
        "playbooks/sample/scope/scope-objectives.md",
        "playbooks/sample/tasks/appoint-sponsor.md",
        "tags/index.md",
        "tags/phase.md",
        "tags/category.md",
        "tags/industry.md",
        *(
            f"playbooks/sample/{kind}/index.md"
            for kind in ("practices", "risks", "case-studies", "faqs", "scope", "tasks")
        ),
    ]:
        assert path in pages, path


def test_backlinks_list_the_pages_that_reference_an_item() -> None:
    page = _rendered()["playbooks/sample/practices/define-scope.md"]
    referenced_by = page.split("## Referenced by", 1)[1]
    # scope-creep names define-scope in `practices`; bank-modernization in `related`.
    assert "[Scope creep](../risks/scope-creep.md)" in referenced_by
    assert "[A bank modernizes its systems](../case-studies/bank-modernization.md)" in referenced_by


def test_facet_tags_come_from_fields(tmp_path: Path) -> None:
    pages = _rendered()
    assert '"category/delivery"' in pages["playbooks/sample/risks/scope-creep.md"]
    assert '"industry/banking"' in pages["playbooks/sample/case-studies/bank-modernization.md"]
    assert '"phase/initiate"' in pages["playbooks/sample/tasks/appoint-sponsor.md"]
    assert '"phase/execute"' in pages["tags/phase.md"]
