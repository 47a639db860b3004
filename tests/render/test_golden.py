"""Golden files: one page of every kind rendered from tests/fixtures/sample, byte for byte.

Each kind of generated page (and each text export format) has one expected file in
tests/fixtures/golden/, named after the kind, and its own test. (A binary export, xlsx, has
none: tests/export/test_trackers.py reads it back and holds it byte-identical.) A mismatch
fails with a unified diff. After an intended change, regenerate them and review the diff like
any other change:

    make golden        (runs: pytest tests/render/test_golden.py --update-golden)

The ``test_*_can_fail`` tests prove every comparison bites: a changed template (or, for the
exports written by code, changed data) must fail its kind's comparison with a diff showing it.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import pytest
import yaml

from generator.export.registry import FORMATS
from generator.model.kinds import KINDS
from generator.pipeline import generate_pages
from generator.resolve.site import item_path
from tests.conftest import FIXTURES, REPO, SAMPLE
from tests.support.project import project_settings

GOLDEN = FIXTURES / "golden"
TEMPLATES = REPO / "generator" / "render" / "templates"
TODAY = dt.date(2027, 3, 1)  # the sample's project is filled in as of this day
PLAYBOOK = "sample"
PROJECT = "harbour-bank"
# The item of each kind whose page stands for its kind: the one with the most fields and links.
ITEMS = {
    "practice": "define-scope",
    "risk": "scope-creep",
    "case-study": "bank-modernization",
    "faq": "what-is-scope",
    "scope": "scope-objectives",
    "task": "appoint-sponsor",
    "template": "decision-log",
}
# The exports written from a template; the others are written by code from the data.
EXPORT_TEMPLATES = {"md": "checklist.md.j2", "html": "kickoff-pack.html.j2"}
# The exports compared with a golden file: every text format (a binary one has no diff to show).
TEXT_FORMATS = tuple(fmt for fmt in FORMATS if not fmt.binary)
UPDATE_HINT = "if the change is intended, run `make golden` and review the diff"


@dataclass(frozen=True)
class PageKind:
    """A kind of generated file: its test id, the sample's page that stands for it, and the
    template that writes it (None for an export written by code)."""

    id: str
    page: str
    template: str | None

    @property
    def golden(self) -> Path:
        suffix = PurePosixPath(self.page).name.split(".", 1)[1]  # md, csv, md.txt...
        return GOLDEN / f"{self.id}.{suffix}"


PAGE_KINDS: tuple[PageKind, ...] = (
    PageKind("playbooks-index", "playbooks/index.md", "playbooks-index.md.j2"),
    PageKind("playbook-index", f"playbooks/{PLAYBOOK}/index.md", "playbook-index.md.j2"),
    PageKind("kickoff", f"playbooks/{PLAYBOOK}/kickoff.md", "kickoff.md.j2"),
    # The tasks' index: the kind index with the most layout (one table per phase).
    PageKind("kind-index", f"playbooks/{PLAYBOOK}/tasks/index.md", "kind-index.md.j2"),
    *(
        PageKind(kind.name, item_path(PLAYBOOK, kind, ITEMS[kind.name]), f"{kind.name}.md.j2")
        for kind in KINDS
    ),
    PageKind("tags-index", "tags/index.md", "tags-index.md.j2"),
    PageKind("tags-facet", "tags/phase.md", "tags-facet.md.j2"),
    PageKind("project", f"projects/{PROJECT}/index.md", "project.md.j2"),
    PageKind("portfolio", "projects/index.md", "portfolio.md.j2"),
    # A project's status report: its page, and the printable HTML copy offered on it.
    PageKind("report", f"projects/{PROJECT}/report.md", "report.md.j2"),
    PageKind("report-html", f"projects/{PROJECT}/{PROJECT}-status-report.html", "report.html.j2"),
    *(
        PageKind(
            f"export-{fmt.name}",
            f"projects/{PROJECT}/{fmt.file_name(PROJECT)}",
            EXPORT_TEMPLATES.get(fmt.name),
        )
        for fmt in TEXT_FORMATS
    ),
)
TEMPLATED = [kind for kind in PAGE_KINDS if kind.template is not None]
WRITTEN_BY_CODE = [kind for kind in PAGE_KINDS if kind.template is None]


def _ids(kinds: list[PageKind]) -> list[str]:
    return [kind.id for kind in kinds]


def render_sample(root: Path = SAMPLE, templates_dir: str | None = None) -> dict[str, str | bytes]:
    """Every generated file: text, or bytes for a binary download."""
    return generate_pages(project_settings(root, today=TODAY, templates_dir=templates_dir))


def _text(pages: dict[str, str | bytes], path: str) -> str:
    text = pages[path]
    assert isinstance(text, str), f"{path} is not text"
    return text


@pytest.fixture(scope="module")
def rendered() -> dict[str, str | bytes]:
    return render_sample()


@pytest.fixture(scope="module")
def update_golden(request: pytest.FixtureRequest) -> bool:
    update = bool(request.config.getoption("--update-golden"))
    # CI compares; a run that rewrites the expected files would pass whatever it rendered.
    if update and os.environ.get("CI"):
        pytest.fail("--update-golden rewrites the golden files; it is refused in CI", pytrace=False)
    return update


def golden_diff(kind: PageKind, text: str) -> str:
    """A unified diff from ``kind``'s golden file to ``text``; empty when they are the same."""
    expected = kind.golden.read_bytes().decode("utf-8")  # as bytes: keep the ICS's CRLF
    if text == expected:
        return ""
    before, after = expected.splitlines(), text.splitlines()
    if before == after:  # only line endings differ: show them
        before = [repr(line) for line in expected.splitlines(keepends=True)]
        after = [repr(line) for line in text.splitlines(keepends=True)]
    shown = kind.golden.relative_to(REPO).as_posix()
    lines = difflib.unified_diff(before, after, shown, f"rendered {kind.page}", lineterm="")
    return "\n".join(lines)


def check_golden(kind: PageKind, text: str) -> None:
    """Fail with a unified diff when ``text`` is not ``kind``'s golden file, byte for byte."""
    if not kind.golden.is_file():
        pytest.fail(
            f"no golden file {kind.golden.name} for {kind.id}: run `make golden`", pytrace=False
        )
    diff = golden_diff(kind, text)
    if diff:
        # Only the diff: pytest would truncate a comparison of two long strings, and a
        # traceback would repeat both texts.
        pytest.fail(f"{kind.id} differs from its golden file; {UPDATE_HINT}\n{diff}", pytrace=False)


@pytest.mark.parametrize("kind", PAGE_KINDS, ids=_ids(list(PAGE_KINDS)))
def test_page_matches_its_golden_file(
    kind: PageKind, rendered: dict[str, str | bytes], update_golden: bool
) -> None:
    if update_golden:
        kind.golden.write_text(_text(rendered, kind.page), encoding="utf-8", newline="")
        return
    check_golden(kind, _text(rendered, kind.page))


def test_golden_folder_holds_one_file_per_kind(update_golden: bool) -> None:
    expected = sorted(kind.golden.name for kind in PAGE_KINDS)
    present = sorted(path.name for path in GOLDEN.iterdir())
    if update_golden:
        for name in sorted(set(present) - set(expected)):
            (GOLDEN / name).unlink()  # the golden file of a kind that no longer exists
        return
    assert present == expected


def test_every_item_kind_and_export_format_has_a_golden_file() -> None:
    assert sorted(ITEMS) == sorted(kind.name for kind in KINDS)
    assert [kind.id for kind in PAGE_KINDS if kind.id.startswith("export-")] == [
        f"export-{fmt.name}" for fmt in TEXT_FORMATS
    ]
    assert [fmt.name for fmt in FORMATS if fmt.binary] == ["xlsx"]


# --- Each comparison can fail ---------------------------------------------------------------


def canary(kind: PageKind) -> str:
    return f"GOLDEN CANARY LINE for {kind.id}"


def _with_canary(source: str, line: str) -> str:
    """``source`` with ``line`` in its output: inside the first block of a template that
    extends another (text outside blocks would be dropped), else at its end."""
    if "{% extends" in source:
        block = re.search(r"\{% block \w+ %\}\n", source)
        assert block is not None, "a template that extends another overrides a block"
        return f"{source[: block.end()]}{line}\n{source[block.end() :]}"
    return f"{source}{line}\n"


def _changed_lines(message: str) -> tuple[list[str], list[str]]:
    """The lines a unified diff (after the message's first line) removes and adds."""
    diff = message.splitlines()[1:]
    body = diff[2:]  # past the --- and +++ lines
    removed = [line[1:] for line in body if line.startswith("-")]
    added = [line[1:] for line in body if line.startswith("+")]
    return removed, added


def _failure(kind: PageKind, text: str) -> str:
    with pytest.raises(pytest.fail.Exception) as failed:
        check_golden(kind, text)
    message = str(failed.value)
    lines = message.splitlines()
    assert lines[:3] == [
        f"{kind.id} differs from its golden file; {UPDATE_HINT}",
        f"--- tests/fixtures/golden/{kind.golden.name}",
        f"+++ rendered {kind.page}",
    ]
    assert lines[3].startswith("@@ -"), message
    return message


@pytest.mark.parametrize("kind", TEMPLATED, ids=_ids(TEMPLATED))
def test_a_changed_template_fails_its_golden_comparison(
    kind: PageKind, sample_project: Path
) -> None:
    assert kind.template is not None
    (sample_project / "templates").mkdir()
    source = (TEMPLATES / kind.template).read_text(encoding="utf-8")
    (sample_project / "templates" / kind.template).write_text(
        _with_canary(source, canary(kind)), encoding="utf-8"
    )
    pages = render_sample(sample_project, templates_dir="templates")
    message = _failure(kind, _text(pages, kind.page))
    assert _changed_lines(message) == ([], [canary(kind)])
    # The template is this kind's alone: every other kind still matches.
    others = [
        other.id
        for other in PAGE_KINDS
        if other != kind and golden_diff(other, _text(pages, other.page))
    ]
    assert others == []


# The sample's sponsor was appointed on 2027-01-20 (projects/harbour-bank.yaml); one day later:
DONE_ON = {"2027-01-20": "2027-01-21", "20270120": "20270121"}  # ISO, and ICS's basic format


@pytest.mark.parametrize("kind", WRITTEN_BY_CODE, ids=_ids(WRITTEN_BY_CODE))
def test_changed_data_fails_the_golden_comparison_of_an_export(
    kind: PageKind, sample_project: Path
) -> None:
    project = sample_project / "projects" / f"{PROJECT}.yaml"
    text = project.read_text(encoding="utf-8")
    project.write_text(
        text.replace("{state: done, date: 2027-01-20}", "{state: done, date: 2027-01-21}"),
        encoding="utf-8",
    )
    message = _failure(kind, _text(render_sample(sample_project), kind.page))
    # Exactly the lines that carry the date change, from the old date to the new one.
    golden = kind.golden.read_bytes().decode("utf-8").splitlines()
    removed = [line for line in golden if any(old in line for old in DONE_ON)]
    added = [_replace_all(line, DONE_ON) for line in removed]
    assert len(removed) == 1, removed
    assert _changed_lines(message) == (removed, added)


def _replace_all(text: str, replacements: dict[str, str]) -> str:
    for old, new in replacements.items():
        text = text.replace(old, new)
    return text


def test_a_line_ending_change_fails_with_the_endings_shown() -> None:
    kind = next(kind for kind in PAGE_KINDS if kind.id == "export-ics")  # RFC 5545: CRLF
    golden = kind.golden.read_bytes().decode("utf-8")
    unix = golden.replace("\r\n", "\n")
    message = _failure(kind, unix)
    assert _changed_lines(message) == (
        [repr(line) for line in golden.splitlines(keepends=True)],
        [repr(line) for line in unix.splitlines(keepends=True)],
    )


# --- What the pages say, beyond their bytes ---------------------------------------------------


def test_every_item_gets_a_page_and_every_kind_an_index(rendered: dict[str, str]) -> None:
    items = {
        "practices": ["define-scope"],
        "risks": ["banking-cutover", "scope-creep"],
        "case-studies": ["bank-modernization"],
        "faqs": ["what-is-scope"],
        "scope": ["scope-objectives"],
        "tasks": ["appoint-sponsor", "kickoff-meeting", "regulator-notice"],
        "templates": ["decision-log"],
    }
    downloads = [f"projects/{PROJECT}/{fmt.file_name(PROJECT)}" for fmt in FORMATS]
    assert sorted(rendered) == sorted(
        [
            "playbooks/index.md",
            "playbooks/content-health.md",
            f"playbooks/{PLAYBOOK}/index.md",
            f"playbooks/{PLAYBOOK}/kickoff.md",
            *(f"playbooks/{PLAYBOOK}/{folder}/index.md" for folder in items),
            *(
                f"playbooks/{PLAYBOOK}/{folder}/{slug}.md"
                for folder, slugs in items.items()
                for slug in slugs
            ),
            "tags/index.md",
            "tags/area.md",
            "tags/cadence.md",
            "tags/category.md",
            "tags/industry.md",
            "tags/phase.md",
            # Names each search hit's playbook and kind (generator/workbench/search-hits.js).
            "assets/javascripts/search-hits.js",
            "projects/index.md",
            f"projects/{PROJECT}/index.md",
            f"projects/{PROJECT}/report.md",
            f"projects/{PROJECT}/{PROJECT}-status-report.html",
            *downloads,
            # The project's artefact templates filled in (generator/export/artefacts.py).
            f"projects/{PROJECT}/templates/{PROJECT}-templates.html",
            f"projects/{PROJECT}/templates/{PROJECT}-decision-log.md.txt",
            f"projects/{PROJECT}/templates/{PROJECT}-decision-log.docx",
        ]
    )


def test_backlinks_list_the_pages_that_reference_an_item(rendered: dict[str, str]) -> None:
    page = rendered[f"playbooks/{PLAYBOOK}/practices/define-scope.md"]
    # scope-creep names define-scope in `practices`; bank-modernization in `related`.
    assert page.split("## Referenced by { data-search-exclude }\n\n")[1] == (
        "\n<ul>\n"
        '<li><a href="../../case-studies/bank-modernization/">A bank modernizes its systems</a>'
        " <small>Case study</small></li>\n"
        '<li><a href="../../risks/scope-creep/">Scope creep</a> <small>Risk</small></li>\n'
        "</ul>\n\n\n"
    )


@pytest.mark.parametrize(
    ("page", "tags"),
    [
        ("risks/scope-creep.md", ["scope", "phase/execute", "category/delivery"]),
        ("case-studies/bank-modernization.md", ["modernization", "industry/banking"]),
        ("tasks/appoint-sponsor.md", ["phase/initiate"]),
    ],
    ids=["category", "industry", "phase"],
)
def test_facet_tags_come_from_fields(rendered: dict[str, str], page: str, tags: list[str]) -> None:
    front_matter = rendered[f"playbooks/{PLAYBOOK}/{page}"].split("---\n")[1]
    assert yaml.safe_load(front_matter)["tags"] == tags


def test_a_facet_page_lists_the_tags_of_its_facet(rendered: dict[str, str]) -> None:
    assert rendered["tags/phase.md"].splitlines()[-1] == (
        '<!-- material/tags { include: ["phase/execute", "phase/initiate", "phase/plan"] } -->'
    )
