"""What an item's page shows besides its content: where the item comes from (``source``, a
small note on every kind's page), and a practice's metadata and key questions."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.model.kinds import KINDS, Kind
from generator.pipeline import generate_pages
from tests.support.playbooks import DEFAULT_FILES, write_playbook
from tests.support.project import project_settings

TODAY = dt.date(2027, 3, 1)
# Characters that mean something to Markdown or HTML, which the note must show as text.
SOURCE = 'Based on "PMOs & *you*" | <b>2024</b>'
SOURCE_SHOWN = (
    "<small>Source: Based on &#34;PMOs &amp; \\*you\\*&#34; \\| &lt;b&gt;2024&lt;/b&gt;</small>\n"
    "{ data-search-exclude }\n"
)

PRACTICES = """
    practices:
      - id: full
        title: Full practice
        summary: Every field.
        why: It matters.
        how: [Do it.]
        area: governance
        effort: 2-hour workshop & *notes*
        people: [sponsor, pm]
        cadence: per phase
        key_questions:
          - {id: named, text: Is there a named sponsor?, scale: yes-no}
          - {id: time, text: "How much time does the sponsor give? <honestly>"}
      - id: yes-no-only
        title: Yes or no
        summary: Only yes-no questions.
        why: It matters.
        how: [Do it.]
        cadence: monthly
        key_questions:
          - {id: one, text: One?, scale: yes-no}
      - id: scale-only
        title: Scale
        summary: Only 0-4 questions.
        why: It matters.
        how: [Do it.]
        key_questions:
          - {id: one, text: One?}
      - id: bare
        title: Bare practice
        summary: No metadata.
        why: It matters.
        how: [Do it.]
"""


def page_path(kind: Kind, item_id: str) -> str:
    return f"playbooks/demo/{kind.url_segment}/{item_id}.md"


def first_id(kind: Kind) -> str:
    return DEFAULT_FILES[kind.file_name].split("  - id: ", 1)[1].split("\n", 1)[0]


def render(root: Path, files: dict[str, str | bytes | None]) -> dict[str, str]:
    write_playbook(root, files)
    pages = generate_pages(project_settings(root, today=TODAY))
    return {path: text for path, text in pages.items() if isinstance(text, str)}


@pytest.fixture(scope="module")
def sourced(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The demo playbook with a source on the item of every kind."""
    files: dict[str, str | bytes | None] = {
        kind.file_name: DEFAULT_FILES[kind.file_name] + f"    source: '{SOURCE}'\n"
        for kind in KINDS
    }
    return render(tmp_path_factory.mktemp("sourced"), files)


@pytest.fixture(scope="module")
def practices(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return render(tmp_path_factory.mktemp("practices"), {"practices.yaml": PRACTICES})


@pytest.mark.parametrize("kind", KINDS, ids=[kind.name for kind in KINDS])
def test_every_kind_shows_its_source_as_a_small_note(sourced: dict[str, str], kind: Kind) -> None:
    page = sourced[page_path(kind, first_id(kind))]

    assert page.count("Source:") == 1
    # After the item's content, before the links to other items.
    assert f"\n\n{SOURCE_SHOWN}\n" in page
    if "## Related" in page:
        assert page.index(SOURCE_SHOWN) < page.index("## Related")


@pytest.mark.parametrize("kind", KINDS, ids=[kind.name for kind in KINDS])
def test_an_item_without_a_source_shows_no_note(practices: dict[str, str], kind: Kind) -> None:
    item_id = "full" if kind.name == "practice" else first_id(kind)
    page = practices[page_path(kind, item_id)]

    assert "Source:" not in page
    assert "<small>" not in page.split("## Related", 1)[0]


def test_a_practice_shows_its_metadata_at_a_glance(practices: dict[str, str]) -> None:
    page = practices["playbooks/demo/practices/full.md"]

    assert (
        "## At a glance { data-search-exclude }\n"
        "\n"
        "| Area | Effort | People | Cadence |\n"
        "| --- | --- | --- | --- |\n"
        "| governance | 2-hour workshop &amp; \\*notes\\* | Executive sponsor, Project manager "
        "| per phase |\n"
        "\n"
        "## Why it matters\n"
    ) in page


def test_missing_metadata_shows_a_dash(practices: dict[str, str]) -> None:
    page = practices["playbooks/demo/practices/yes-no-only.md"]

    assert "| — | — | — | monthly |\n" in page


def test_a_practice_without_metadata_has_no_such_sections(practices: dict[str, str]) -> None:
    page = practices["playbooks/demo/practices/bare.md"]

    assert "At a glance" not in page
    assert "Key questions" not in page
    assert "\n## Why it matters\n" in page


def test_key_questions_are_listed_with_their_scale(practices: dict[str, str]) -> None:
    page = practices["playbooks/demo/practices/full.md"]

    assert (
        "## Key questions { data-search-exclude }\n"
        "\n"
        "Answer each question honestly for your team or project: yes or no, or from 0 (not at "
        "all) to 4 (fully, and improving).\n"
        "\n"
        "1. Is there a named sponsor? _(yes / no)_\n"
        "1. How much time does the sponsor give? &lt;honestly&gt; _(0 to 4)_\n"
    ) in page


@pytest.mark.parametrize(
    ("item_id", "intro"),
    [
        ("yes-no-only", "Answer each question honestly for your team or project: yes or no.\n"),
        (
            "scale-only",
            "Answer each question honestly for your team or project: from 0 (not at all) to 4 "
            "(fully, and improving).\n",
        ),
    ],
)
def test_the_introduction_names_only_the_scales_used(
    practices: dict[str, str], item_id: str, intro: str
) -> None:
    page = practices[f"playbooks/demo/practices/{item_id}.md"]

    assert f"## Key questions {{ data-search-exclude }}\n\n{intro}\n1. One? _(" in page
