"""generator.export.docx: Markdown to Word, read back with python-docx; the same input gives the
same bytes; and each project's filled-in templates as Word documents
(generator.export.artefacts)."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import docx
import pytest
from docx.document import Document

from generator.export.artefacts import artefact_downloads, documents, docx_of
from generator.export.docx import html_to_docx, markdown_to_docx
from generator.render.artefacts import project_artefacts
from generator.render.pages import PageRenderer
from generator.resolve.project import FilledProject

AS_OF = dt.date(2027, 3, 1)
DOCUMENT = """\
# Steering committee terms of reference

The committee of **Core** *Banking* meets `monthly`, see [the site](https://example.org/pmo)
and [the playbook](../playbooks/).

## Members

| Role | Person |
| --- | --- |
| Chair | **Dana Ruiz** |
| Secretary | Sam<br>Okafor |

### Agenda

1. Progress
2. Risks
    - top five
    - new ones
3. Decisions

- Papers three days before
- Minutes two days after

1. Again from one

> Decisions are final.

```
playbook template core-banking-revamp raci-matrix
  --format docx
```

---

Done <del>early</del>.
"""


def _read(data: bytes) -> Document:
    return docx.Document(io.BytesIO(data))


def _paragraphs(document: Document) -> list[tuple[str, str]]:
    return [(p.style.name if p.style else "", p.text) for p in document.paragraphs]


@pytest.fixture(scope="module")
def converted() -> bytes:
    return markdown_to_docx(DOCUMENT, title="Terms of reference", as_of=AS_OF)


def test_headings_paragraphs_lists_quotes_and_code_take_word_styles(converted: bytes) -> None:
    assert _paragraphs(_read(converted)) == [
        ("Title", "Steering committee terms of reference"),
        ("Normal", "The committee of Core Banking meets monthly, see the site and the playbook."),
        ("Heading 1", "Members"),
        ("Heading 2", "Agenda"),
        ("List Number", "Progress"),
        ("List Number", "Risks"),
        ("List Bullet 2", "top five"),
        ("List Bullet 2", "new ones"),
        ("List Number", "Decisions"),
        ("List Bullet", "Papers three days before"),
        ("List Bullet", "Minutes two days after"),
        ("List Number", "Again from one"),
        ("Quote", "Decisions are final."),
        ("No Spacing", "playbook template core-banking-revamp raci-matrix\n  --format docx"),
        ("Normal", ""),  # the rule
        ("Normal", "Done early."),
    ]


def test_runs_keep_bold_italic_code_and_strike_through(converted: bytes) -> None:
    paragraphs = _read(converted).paragraphs
    runs = [(r.text, r.bold, r.italic, r.font.name) for r in paragraphs[1].runs]
    assert runs == [
        ("The committee of ", None, None, None),
        ("Core", True, None, None),
        (" ", None, None, None),
        ("Banking", None, True, None),
        (" meets ", None, None, None),
        ("monthly", None, None, "Courier New"),
        (", see ", None, None, None),  # then "the site", in a hyperlink (below)
        (" and ", None, None, None),
        ("the playbook", None, None, None),
        (".", None, None, None),
    ]
    assert [(r.text, r.font.strike) for r in paragraphs[-1].runs] == [
        ("Done ", None),
        ("early", True),
        (".", None),
    ]


def test_external_links_open_and_the_sites_own_links_are_text(converted: bytes) -> None:
    paragraph = _read(converted).paragraphs[1]
    assert [(link.text, link.url) for link in paragraph.hyperlinks] == [
        ("the site", "https://example.org/pmo")
    ]
    with zipfile.ZipFile(io.BytesIO(converted)) as package:
        relationships = package.read("word/_rels/document.xml.rels").decode("utf-8")
    assert relationships.count('TargetMode="External"') == 1
    assert "../playbooks/" not in relationships


def test_a_table_has_its_cells_and_a_bold_header_repeated_on_every_page(converted: bytes) -> None:
    (table,) = _read(converted).tables
    assert table.style is not None and table.style.name == "Table Grid"
    assert [[cell.text for cell in row.cells] for row in table.rows] == [
        ["Role", "Person"],
        ["Chair", "Dana Ruiz"],
        ["Secretary", "Sam\nOkafor"],  # <br>: a line break in the cell
    ]
    header = table.rows[0]
    assert [run.bold for cell in header.cells for run in cell.paragraphs[0].runs] == [True, True]
    assert header._tr.trPr.xml.count("w:tblHeader") == 1
    assert [run.bold for run in table.rows[1].cells[1].paragraphs[0].runs] == [True]


def test_each_numbered_list_starts_again_at_one(converted: bytes) -> None:
    document = _read(converted)
    numbered = [p for p in document.paragraphs if p.style and p.style.name == "List Number"]
    ids = [p._p.pPr.numPr.numId.val for p in numbered]
    assert ids == [ids[0]] * 3 + [ids[3]] and ids[3] != ids[0]  # two lists, two numberings
    numbering = document.part.numbering_part.element
    for num_id in set(ids):
        num = numbering.num_having_numId(num_id)
        assert num.xml.count('<w:startOverride w:val="1"/>') == 1


def test_the_same_markdown_gives_the_same_bytes_dated_the_day_it_is_as_of(converted: bytes) -> None:
    again = markdown_to_docx(DOCUMENT, title="Terms of reference", as_of=AS_OF)
    assert again == converted
    later = markdown_to_docx(DOCUMENT, title="Terms of reference", as_of=dt.date(2027, 3, 2))
    assert later != converted
    with zipfile.ZipFile(io.BytesIO(converted)) as package:
        assert {info.date_time for info in package.infolist()} == {(2027, 3, 1, 0, 0, 0)}
        assert package.testzip() is None
    properties = _read(converted).core_properties
    stamp = dt.datetime(2027, 3, 1, tzinfo=dt.UTC)
    assert (properties.title, properties.author, properties.revision) == (
        "Terms of reference",
        "Playbook",
        1,
    )
    assert (properties.created, properties.modified, properties.last_printed) == (
        stamp,
        stamp,
        stamp,
    )


def test_one_document_leaves_nothing_in_the_next(converted: bytes) -> None:
    plain = "# Note\n\nNo link, no list.\n"
    first = markdown_to_docx(plain, title="Note", as_of=AS_OF)
    markdown_to_docx(DOCUMENT, title="Terms of reference", as_of=AS_OF)  # links, numbering
    assert markdown_to_docx(plain, title="Note", as_of=AS_OF) == first
    with zipfile.ZipFile(io.BytesIO(first)) as package:
        relationships = package.read("word/_rels/document.xml.rels").decode("utf-8")
        numbering = package.read("word/numbering.xml").decode("utf-8")
    assert "hyperlink" not in relationships
    assert "startOverride" not in numbering


def test_markup_and_control_characters_stay_text() -> None:
    html = (
        "<h2>Evil &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co</h2>"
        "<p>tab\there, bell\x07, =HYPERLINK(&quot;x&quot;)</p>"
    )
    document = _read(html_to_docx(html, title="x\x01y", as_of=AS_OF, title_level=2))
    assert _paragraphs(document) == [
        ("Title", "Evil <script>alert(1)</script> & Co"),
        ("Normal", 'tab\there, bell, =HYPERLINK("x")'),
    ]
    assert document.core_properties.title == "xy"


def test_an_empty_document_is_a_valid_one() -> None:
    document = _read(markdown_to_docx("", title="Empty", as_of=AS_OF))
    assert document.paragraphs == [] and document.tables == []


# --- A project's templates as Word documents --------------------------------------------------


def test_a_projects_template_is_its_filled_in_document_in_word(
    filled: FilledProject, renderer: PageRenderer
) -> None:
    (artefact,) = project_artefacts(filled)
    (document,) = documents(filled, renderer, [artefact])
    word = _read(docx_of(filled, document))
    assert _paragraphs(word) == [
        ("Title", "Decision log"),
        (
            "Normal",
            'Project: Evil <script>alert(1)</script> & Co · kept by =HYPERLINK("http://evil.'
            'example","click") · sponsor: [to be completed: Executive sponsor]',
        ),
        ("Heading 1", "Decisions"),
        ("Normal", ""),
        (
            "Normal",
            "Evil <script>alert(1)</script> & Co · prepared from the playbook Sample playbook "
            "1.0.0, as of 2027-03-01.",
        ),
    ]
    (table,) = word.tables
    assert [[cell.text for cell in row.cells] for row in table.rows] == [
        ["Decision", "Owner", "Due", "State"],
        ["Appoint the sponsor", '=HYPERLINK("http://evil.example","click")', "2027-01-22", "done"],
        [
            "Hold the kickoff meeting",
            '=HYPERLINK("http://evil.example","click")',
            "2027-02-01",
            "overdue",
        ],
        ["Notify the regulator", "[to be completed: Executive sponsor]", "2027-02-15", "n/a"],
    ]
    assert word.core_properties.title == "Decision log: Evil <script>alert(1)</script> & Co"


def test_every_project_document_is_offered_and_made_the_same_twice(
    filled: FilledProject, renderer: PageRenderer
) -> None:
    files = artefact_downloads([filled], renderer)
    folder = "projects/evil-co/templates"
    assert sorted(files) == [
        f"{folder}/evil-co-decision-log.docx",
        f"{folder}/evil-co-decision-log.md.txt",
        f"{folder}/evil-co-templates.html",
    ]
    assert artefact_downloads([filled], renderer) == files
    word = files[f"{folder}/evil-co-decision-log.docx"]
    assert isinstance(word, bytes) and word.startswith(b"PK\x03\x04")


def test_validate_fills_the_documents_in_but_does_not_convert_them(
    filled: FilledProject, root: Path
) -> None:
    collecting = PageRenderer(None, root, collect=True)
    assert artefact_downloads([filled], collecting) == {}


def test_the_word_document_has_no_part_that_mentions_the_machine_or_the_time(
    filled: FilledProject, renderer: PageRenderer
) -> None:
    files = artefact_downloads([filled], renderer)
    word = files["projects/evil-co/templates/evil-co-decision-log.docx"]
    assert isinstance(word, bytes)
    with zipfile.ZipFile(io.BytesIO(word)) as package:
        core = package.read("docProps/core.xml").decode("utf-8")
    assert re.findall(r"<dcterms:(\w+)[^>]*>([^<]*)<", core) == [
        ("created", "2027-03-01T00:00:00Z"),
        ("modified", "2027-03-01T00:00:00Z"),
    ]
    assert "python-docx" not in core
