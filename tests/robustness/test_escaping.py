"""What a project file holds is shown as text, never run as markup: on the built site, in the
HTML kickoff pack and in the Markdown export. CSV, JSON and iCalendar are data, so there the
same values come back exactly as written.

The sample project is named ``Harbour Bank <b>Core</b> Renewal``, has a ``<script>`` status note
and a person written as a ``[x](javascript:...)`` Markdown link.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import icalendar
import markdown
import pytest

from generator.errors import PlaybookError
from generator.export.calendars import to_ics, to_ics_todo
from generator.export.data import to_json
from generator.export.documents import to_html, to_markdown
from generator.export.tabular import to_csv
from generator.render.pages import PageRenderer
from generator.resolve.project import FilledProject
from tests.support.fixtures import fixture_copy
from tests.support.project import build_site, filled_project, project_settings

TODAY = dt.date(2027, 3, 1)
NAME = "Harbour Bank <b>Core</b> Renewal"
SCRIPT_NOTE = "<script>alert('x')</script> not needed"
LINK_PERSON = "Lee [Chen](javascript:alert(1))"
IMG = "<img src=x onerror=alert(1)>"
BREAKOUT_NAME = "Breakout </title><script>alert('title')</script>"
# The Markdown extensions of the sample's mkdocs.yml that can produce markup.
MD_EXTENSIONS = ["tables", "attr_list", "md_in_html", "def_list", "admonition", "toc"]


@dataclass
class Scan:
    """What one HTML document holds that could run, and the text a reader sees."""

    scripts: list[str] = field(default_factory=list)
    bold_in_main: list[str] = field(default_factory=list)
    hrefs: list[str] = field(default_factory=list)
    handlers: list[tuple[str, str, str]] = field(default_factory=list)  # tag, on*, value
    images: list[dict[str, str | None]] = field(default_factory=list)
    main_text: str = ""
    all_text: str = ""  # every text node outside <script> and <style>


class _Scanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scan = Scan()
        self._main = 0  # depth of <main>/<article>: the page's content, not its chrome
        self._script: list[str] | None = None
        self._runs = True
        self._bold: list[str] | None = None
        self._text: list[str] = []
        self._all: list[str] = []
        self._style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("main", "article"):
            self._main += 1
        if tag == "script":
            self._script = []
            # A data block (the workbench's JSON) never runs; a payload that closed it would
            # open a script of its own, which is caught.
            self._runs = dict(attrs).get("type") in (None, "", "text/javascript", "module")
        if tag == "style":
            self._style = True
        if tag == "b" and self._main:
            self._bold = []
        if tag == "img":
            self.scan.images.append(dict(attrs))
        for name, value in attrs:
            if name.startswith("on"):
                self.scan.handlers.append((tag, name, value or ""))
            if name == "href" and value is not None:
                self.scan.hrefs.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("main", "article") and self._main:
            self._main -= 1
        if tag == "script" and self._script is not None:
            if self._runs:
                self.scan.scripts.append("".join(self._script))
            self._script = None
        if tag == "style":
            self._style = False
        if tag == "b" and self._bold is not None:
            self.scan.bold_in_main.append("".join(self._bold))
            self._bold = None

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script.append(data)
        if self._bold is not None:
            self._bold.append(data)
        if self._script is None and not self._style:
            self._all.append(data)
            if self._main:
                self._text.append(data)

    def close(self) -> None:
        super().close()
        self.scan.main_text = " ".join("".join(self._text).split())
        self.scan.all_text = " ".join("".join(self._all).split())


def scan_html(text: str) -> Scan:
    scanner = _Scanner()
    scanner.feed(text)
    scanner.close()
    return scanner.scan


def _is_javascript_url(href: str) -> bool:
    # Browsers ignore control characters and spaces inside the scheme.
    return re.sub(r"[\x00-\x20]", "", href).lower().startswith(("javascript:", "vbscript:"))


def assert_nothing_runs(scan: Scan, where: str) -> None:
    assert not [s for s in scan.scripts if "alert" in s], f"{where}: <script> with alert"
    assert not [b for b in scan.bold_in_main if "Core" in b], f"{where}: <b>Core</b> in content"
    assert not [h for h in scan.hrefs if _is_javascript_url(h)], f"{where}: javascript: link"
    assert not [i for i in scan.images if "onerror" in i], f"{where}: <img onerror>"
    assert not [h for h in scan.handlers if "alert" in h[2]], f"{where}: {scan.handlers}"


def _pages(site: Path, mentioning: str) -> dict[str, str]:
    pages = {}
    for path in sorted(site.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        if mentioning in text:
            pages[path.relative_to(site).as_posix()] = text
    return pages


def _fill(root: Path, slug: str = "harbour-bank") -> FilledProject:
    return filled_project(root, slug, TODAY)


def _copy_sample(tmp_path_factory: pytest.TempPathFactory, name: str) -> Path:
    return fixture_copy(tmp_path_factory.mktemp(name) / "project", "sample")


def _build(root: Path) -> Path:
    build_site(project_settings(root, today=TODAY), root / "site")
    return root / "site"


# --- the sample project as it is ---------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = _copy_sample(tmp_path_factory, "escaping-sample")
    _build(root)
    return root


@pytest.fixture(scope="module")
def sample_filled(sample_root: Path) -> FilledProject:
    filled = _fill(sample_root)
    assert filled.project.name == NAME
    return filled


def test_built_pages_that_mention_the_project_run_nothing_from_it(sample_root: Path) -> None:
    pages = _pages(sample_root / "site", "Harbour Bank")
    assert "projects/harbour-bank/index.html" in pages
    assert "projects/index.html" in pages
    for name, text in pages.items():
        assert_nothing_runs(scan_html(text), name)


def test_project_page_shows_the_markup_as_text(sample_root: Path) -> None:
    page = (sample_root / "site" / "projects" / "harbour-bank" / "index.html").read_text("utf-8")
    text = scan_html(page).main_text
    assert NAME in text
    assert "<script>alert" in text
    assert SCRIPT_NOTE in text
    assert LINK_PERSON in text


def test_portfolio_shows_the_name_as_text(sample_root: Path) -> None:
    page = (sample_root / "site" / "projects" / "index.html").read_text("utf-8")
    assert NAME in scan_html(page).main_text


def test_html_export_runs_nothing_and_shows_the_markup_as_text(
    sample_filled: FilledProject,
) -> None:
    scan = scan_html(to_html(sample_filled, PageRenderer(None)))
    assert_nothing_runs(scan, "kickoff pack")
    assert NAME in scan.all_text  # the <h1> and <title>
    assert SCRIPT_NOTE in scan.main_text
    assert LINK_PERSON in scan.main_text


def test_html_export_title_and_heading_show_the_name_as_text(
    sample_filled: FilledProject,
) -> None:
    html = to_html(sample_filled, PageRenderer(None))
    title = re.search(r"<title>(.*?)</title>", html, re.DOTALL)
    assert title is not None
    assert "<" not in title.group(1)
    assert "&lt;b&gt;Core&lt;/b&gt;" in title.group(1)


def test_markdown_export_holds_no_markup_and_renders_to_text(
    sample_filled: FilledProject,
) -> None:
    text = to_markdown(sample_filled, PageRenderer(None))
    assert "<script" not in text
    assert "<b>" not in text
    assert not re.search(r"(?<!\\)\]\(javascript:", text), "an unescaped Markdown link"
    html = markdown.markdown(text, extensions=MD_EXTENSIONS)
    scan = scan_html(f"<main>{html}</main>")
    assert_nothing_runs(scan, "checklist.md")
    assert NAME in scan.main_text
    assert SCRIPT_NOTE in scan.main_text
    assert LINK_PERSON in scan.main_text


def test_csv_export_keeps_the_values_as_written(sample_filled: FilledProject) -> None:
    rows = list(csv.DictReader(io.StringIO(to_csv(sample_filled).removeprefix("\ufeff"))))
    by_id = {row["id"]: row for row in rows}
    assert by_id["regulator-notice"]["note"] == SCRIPT_NOTE
    assert by_id["kickoff-meeting"]["owner"] == LINK_PERSON


def test_json_export_keeps_the_values_as_written(sample_filled: FilledProject) -> None:
    document = json.loads(to_json(sample_filled))
    assert document["project"] == NAME
    assert document["roles"]["pm"] == LINK_PERSON
    by_id = {row["id"]: row for row in document["rows"]}
    assert by_id["regulator-notice"]["note"] == SCRIPT_NOTE


@pytest.mark.parametrize(("writer", "component"), [(to_ics, "VEVENT"), (to_ics_todo, "VTODO")])
def test_ics_export_keeps_the_values_as_written(
    sample_filled: FilledProject, writer: Callable[[FilledProject], str], component: str
) -> None:
    calendar = icalendar.Calendar.from_ical(writer(sample_filled))
    assert str(calendar["x-wr-calname"]) == f"{NAME} kickoff checklist"
    entries = {str(entry["uid"]): entry for entry in calendar.walk(component)}
    notice = entries["harbour-bank.regulator-notice@playbook.local"]
    assert SCRIPT_NOTE in str(notice["description"])
    assert NAME in [str(c) for c in notice["categories"].cats]


# --- <img onerror> in a text fact, notes, a role and fill-in text -------------------------------

CODENAME_FACT = """\
  - name: codename
    type: text
    prompt: Code name?
    required: false
"""

BREAKOUT_PROJECT = f"""\
name: "{BREAKOUT_NAME}"
playbook: sample
playbook_version: 1.0.0
kickoff: 2027-02-01
facts: {{industry: retail}}
"""


@pytest.fixture(scope="module")
def payload_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = _copy_sample(tmp_path_factory, "escaping-payload")
    folder = root / "playbooks" / "sample"
    meta = folder / "playbook.yaml"
    meta.write_text(meta.read_text(encoding="utf-8") + CODENAME_FACT, encoding="utf-8")
    scope = folder / "scope.yaml"
    scope.write_text(
        scope.read_text(encoding="utf-8") + "      Code name: {{ facts.codename }}.\n",
        encoding="utf-8",
    )
    project = root / "projects" / "harbour-bank.yaml"
    text = project.read_text(encoding="utf-8")
    text = text.replace("  team_size: 12\n", f'  team_size: 12\n  codename: "{IMG}"\n')
    text = text.replace("roles:\n", f'roles:\n  sponsor: "{IMG}"\n')
    text = text.replace(
        "{state: done, date: 2027-01-20}", f'{{state: done, date: 2027-01-20, note: "{IMG}"}}'
    )
    text = text.replace("owner: Dana Ruiz}", f'owner: Dana Ruiz, note: "{IMG}"}}')
    assert text.count(IMG) == 4, text
    project.write_text(text, encoding="utf-8")
    (root / "projects" / "title-breakout.yaml").write_text(BREAKOUT_PROJECT, encoding="utf-8")
    _build(root)
    return root


@pytest.fixture(scope="module")
def payload_filled(payload_root: Path) -> FilledProject:
    filled = _fill(payload_root)
    assert filled.project.facts["codename"] == IMG
    return filled


def test_img_payload_makes_no_image_on_the_built_site(payload_root: Path) -> None:
    site = payload_root / "site"
    for path in sorted(site.rglob("*.html")):
        scan = scan_html(path.read_text(encoding="utf-8"))
        name = path.relative_to(site).as_posix()
        assert not [i for i in scan.images if "onerror" in i], name
        assert not [h for h in scan.handlers if "alert" in h[2]], name
    page = (site / "projects" / "harbour-bank" / "index.html").read_text(encoding="utf-8")
    text = scan_html(page).main_text
    assert f"Code name: {IMG}." in text  # the fill-in text of the scope
    # The fact, the sponsor in the roles and as owner of two items, a note, the scope.
    assert text.count(IMG) == 6


def test_img_payload_makes_no_image_in_the_html_export(payload_filled: FilledProject) -> None:
    scan = scan_html(to_html(payload_filled, PageRenderer(None)))
    assert_nothing_runs(scan, "kickoff pack")
    assert f"Code name: {IMG}." in scan.main_text
    assert scan.main_text.count(IMG) == 6


def test_img_payload_makes_no_image_from_the_markdown_export(
    payload_filled: FilledProject,
) -> None:
    text = to_markdown(payload_filled, PageRenderer(None))
    assert "<img" not in text
    scan = scan_html(f"<main>{markdown.markdown(text, extensions=MD_EXTENSIONS)}</main>")
    assert_nothing_runs(scan, "checklist.md")
    assert IMG in scan.main_text


def test_img_payload_round_trips_in_the_data_exports(payload_filled: FilledProject) -> None:
    document = json.loads(to_json(payload_filled))
    assert document["facts"]["codename"] == IMG
    assert document["roles"]["sponsor"] == IMG
    rows = list(csv.DictReader(io.StringIO(to_csv(payload_filled).removeprefix("\ufeff"))))
    notes = {row["id"]: row["note"] for row in rows}
    assert notes["appoint-sponsor"] == IMG
    assert notes["scope-creep"] == IMG


def test_project_name_cannot_close_the_page_title(payload_root: Path) -> None:
    """MkDocs takes the page title from the (escaped) heading and Material prints it in
    <title> through `striptags`, which unescapes it: a name holding `</title><script>` must
    still not become a script element on any page."""
    site = payload_root / "site"
    assert (site / "projects" / "title-breakout" / "index.html").is_file()
    offending = [
        path.relative_to(site).as_posix()
        for path in sorted(site.rglob("*.html"))
        if [s for s in scan_html(path.read_text(encoding="utf-8")).scripts if "alert" in s]
    ]
    assert not offending, f"<script>alert(...)</script> from the project name in: {offending}"


def test_project_file_name_cannot_inject_markup(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """The project's slug is its file's stem; MkDocs shows folder names in the navigation
    as they are. A file named like markup is refused, or shown as text."""
    root = _copy_sample(tmp_path_factory, "escaping-filename")
    shutil.copyfile(root / "projects" / "harbour-bank.yaml", root / "projects" / f"{IMG}.yaml")
    try:
        site = _build(root)
    except PlaybookError:
        return  # refused: fine
    offending = []
    for path in sorted(site.rglob("*.html")):
        scan = scan_html(path.read_text(encoding="utf-8"))
        if [i for i in scan.images if "onerror" in i]:
            offending.append(path.relative_to(site).as_posix())
    assert not offending, f"<img onerror> from the project file name in: {offending}"
