"""A German site: the shipped site's configuration, overrides and style (copied as the tests
copy the shipped site) with mkdocs.yml's theme.language set to de, built by
`mkdocs build --strict`: once with the shipped playbooks, and once with a playbook and projects
written in German (tests/fixtures/playbook-german), read as a reader would, and in Chromium,
where the workbench speaks German too.

With German content, English in the text of a page whose templates are translated is ours:
there is none. (tests/render/test_i18n.py looks at every such page before MkDocs; this looks at
the built HTML and at what the JavaScript writes.)
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.conftest import BUILD_TODAY, REPO, SHIPPED_INPUTS
from tests.support.browser import (
    axe_source,
    open_page,
    search,
    serious_violations,
    serve_folder,
    watch,
)
from tests.support.cli import mkdocs, warnings
from tests.support.files import replace_in
from tests.support.fixtures import FIXTURES
from tests.support.messages import english_in, english_patterns

# The built pages made by translated templates alone (with the reader's German content).
OURS = (
    "playbooks/index.html",
    "playbooks/beispiel/index.html",
    "playbooks/beispiel/kickoff/index.html",
    "playbooks/beispiel/practices/ziele-festlegen/index.html",
    "playbooks/beispiel/risks/zusatzwuensche/index.html",
    "playbooks/beispiel/case-studies/bank-erneuert/index.html",
    "playbooks/beispiel/faqs/was-ist-umfang/index.html",
    "playbooks/beispiel/scope/umfang-ziele/index.html",
    "playbooks/beispiel/tasks/pilot-bauen/index.html",
    "playbooks/content-health/index.html",
    "projects/pilot/report/index.html",
    "projects/index.html",
    "projects/pilot/index.html",
    "playbooks/beispiel/risks/index.html",
    "playbooks/beispiel/tasks/index.html",
    "playbooks/beispiel/practices/index.html",
    "tags/index.html",
    "tags/phase/index.html",
)


class _Article(HTMLParser):
    """The text of a page's <article> (Material's content), with what titles and labels say,
    without scripts, styles, Material's list of the page's tags and the tag names a tags page
    lists (<span class="md-tag">): their names are tags."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0  # inside <article>
        self.hidden = 0  # inside <script> or <style>
        self.in_tags = False  # inside <nav class="md-tags">
        self.tag_name = 0  # inside <span class="md-tag">: the spans open there
        self.parts: list[str] = []
        self.lang: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "html":
            self.lang = values.get("lang")
        self.depth += tag == "article"
        self.hidden += tag in ("script", "style")
        self.in_tags = self.in_tags or (tag == "nav" and values.get("class") == "md-tags")
        if tag == "span" and (self.tag_name or "md-tag" in (values.get("class") or "").split()):
            self.tag_name += 1
        if self.depth and not self.in_tags:
            said = (values.get(name) for name in ("title", "aria-label"))
            self.parts += [value for value in said if value]

    def handle_endtag(self, tag: str) -> None:
        self.depth -= tag == "article"
        self.hidden -= tag in ("script", "style")
        self.in_tags = self.in_tags and tag != "nav"
        self.tag_name -= bool(self.tag_name) and tag == "span"

    def handle_data(self, data: str) -> None:
        if self.depth and not self.hidden and not self.in_tags and not self.tag_name:
            self.parts.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.parts).split())


def read_page(path: Path) -> _Article:
    article = _Article()
    article.feed(path.read_text(encoding="utf-8"))
    return article


# What a German mkdocs.yml says beside theme.language: the labels it sets itself.
GERMAN_CONFIG = {
    "  language: en\n": "  language: de\n",
    "name: Switch to dark mode": "name: Zum dunklen Modus wechseln",
    "name: Switch to light mode": "name: Zum hellen Modus wechseln",
    "      permalink: true\n": "      permalink: true\n      permalink_title: Link hierher\n",
    "      projects_dir: projects\n": f"      projects_dir: projects\n      today: {BUILD_TODAY}\n",
}


def german_copy(root: Path, *, german_content: bool) -> Path:
    """The shipped site's inputs at ``root``, in German; with ``german_content``, its playbooks,
    projects and home page are the German fixture's."""
    root.mkdir(parents=True)
    for name in SHIPPED_INPUTS:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, root / name)
        else:
            shutil.copy2(source, root / name)
    for old, new in GERMAN_CONFIG.items():
        replace_in(root / "mkdocs.yml", old, new, count=1)
    if german_content:
        shutil.rmtree(root / "playbooks")
        shutil.rmtree(root / "projects")
        (root / "content" / "index.md").unlink()
        german = FIXTURES / "playbook-german"
        for name in ("playbooks", "projects", "content"):
            shutil.copytree(german / name, root / name, dirs_exist_ok=True)
    return root


def strict_build(root: Path) -> Path:
    built = root.parent / "built"
    result = mkdocs("build", "--strict", "--site-dir", str(built), cwd=root)
    assert result.returncode == 0, result.stderr
    assert warnings(result.stderr) == []
    return built


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("german-site") / "repo"
    return strict_build(german_copy(root, german_content=True))


def test_the_shipped_site_builds_in_german(tmp_path: Path) -> None:
    built = strict_build(german_copy(tmp_path / "repo", german_content=False))
    page = read_page(built / "playbooks/digital-transformation/index.html")
    assert page.lang == "de"
    assert "Projekt mit diesem Playbook starten" in page.text


def test_every_page_says_it_is_german(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 30
    assert {read_page(page).lang for page in pages} == {"de"}


def test_our_pages_show_no_english_message(site: Path) -> None:
    patterns = english_patterns()
    found = [
        f"{path}: {english}"
        for path in OURS
        for english in english_in(read_page(site / path).text, patterns)
    ]
    assert found == []


def test_our_pages_show_our_german_text(site: Path) -> None:
    said = {path: read_page(site / path).text for path in OURS}
    assert "Projekt mit diesem Playbook starten" in said["playbooks/beispiel/index.html"]
    assert "Projektdatei herunterladen" in said["playbooks/beispiel/kickoff/index.html"]
    assert "Auf einen Blick" in said["playbooks/beispiel/risks/zusatzwuensche/index.html"]
    assert "Größte Risiken" in said["projects/pilot/report/index.html"]
    assert "Aktualität der Inhalte" in said["playbooks/content-health/index.html"]
    assert "Checkliste herunterladen:" in said["projects/pilot/index.html"]
    assert "Filter zurücksetzen" in said["playbooks/beispiel/risks/index.html"]
    assert "Einträge nach Phase gruppiert." in said["tags/phase/index.html"]


def test_the_english_check_reads_the_built_page(site: Path) -> None:
    page = site / "playbooks/beispiel/risks/zusatzwuensche/index.html"
    html = page.read_text(encoding="utf-8").replace(">Warnsignale<", ">Warning signs<")
    english = page.with_name("english.html")
    english.write_text(html, encoding="utf-8")
    assert english_in(read_page(english).text, english_patterns()) == ["Warning signs"]


# --- In Chromium: the workbench in German, and axe ---------------------------------------------


@pytest.fixture(scope="module")
def site_url(site: Path) -> Iterator[str]:
    with serve_folder(site) as url:
        yield url


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context()
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.mark.browser
def test_the_kickoff_form_works_in_german_and_passes_axe(page: Page, site_url: str) -> None:
    log = watch(page)
    open_page(page, site_url + "playbooks/beispiel/kickoff/")
    assert page.evaluate("document.documentElement.lang") == "de"
    page.fill("#pb-name", "Neues Vorhaben")
    page.fill("#pb-kickoff-date", "2027-03-01")
    page.check("#pb-fact-branche-0")
    page.check("#pb-fact-reguliert-0")
    preview = page.locator("#pb-preview-body")
    expect(preview).to_contain_text("Aufgaben und 5 Risiken treffen zu; die erste Aufgabe ist")
    expect(preview).to_contain_text("Dasselbe auf der Kommandozeile")
    shown = " ".join(preview.inner_text().split())
    assert re.search(r"\bInitiierung\b", shown) and "fällig am 2027-" in shown
    assert english_in(shown.split("playbook kickoff")[0], english_patterns()) == []
    # Before the click: a button under the mouse has its hover colour, not what people read.
    assert serious_violations(page, axe_source(), "de: kickoff") == []
    page.click("button[type=submit]")  # nothing wrong: the file is downloaded
    expect(page.locator("#pb-status")).to_contain_text("neues-vorhaben.yaml ist heruntergeladen.")
    assert log.errors == []


@pytest.mark.browser
def test_the_kickoff_forms_errors_are_german_and_pass_axe(page: Page, site_url: str) -> None:
    log = watch(page)
    open_page(page, site_url + "playbooks/beispiel/kickoff/")
    page.fill("#pb-kickoff-date", "2027-02-30")
    page.fill("#pb-fact-teamgroesse", "acht")
    page.fill("#pb-fact-start_produktion", "2027-13-01")
    page.click("button[type=submit]")
    summary = page.locator("#pb-error-summary")
    expect(summary).to_be_focused()
    # The field's own message, then the summary's, which names the field first.
    expect(page.locator("#pb-name-error")).to_have_text("Fehler: Der Projektname ist leer")
    expect(page.locator("#pb-kickoff-date-error")).to_have_text(
        "Fehler: 2027-02-30: Den Tag 30 gibt es nicht (Februar 2027 hat 28 Tage)"
    )
    expect(page.locator("#pb-fact-teamgroesse-error")).to_have_text(
        "Fehler: Erwartet wird eine ganze Zahl"
    )
    expect(page.locator("#pb-fact-start_produktion-error")).to_have_text(
        "Fehler: 2027-13-01: Den Monat 13 gibt es nicht"
    )
    expect(page.locator("#pb-fact-branche-error")).to_have_text(
        "Fehler: Eine Antwort ist erforderlich"
    )
    said = [summary.inner_text(), page.locator("#pb-kickoff-form").inner_text()]
    shown = " ".join(" ".join(said).split())
    assert "Wann ist der Produktivstart?: 2027-13-01: Den Monat 13 gibt es nicht" in shown
    assert english_in(shown, english_patterns()) == []
    assert serious_violations(page, axe_source(), "de: kickoff with errors") == []
    assert log.errors == []


@pytest.mark.browser
def test_the_portfolio_and_the_register_speak_german(page: Page, site_url: str) -> None:
    open_page(page, site_url + "projects/")
    expect(page.locator("#pb-portfolio-count")).to_have_text("2 von 2 Projekten angezeigt")
    page.locator("#pb-portfolio-table th button", has_text="Fortschritt").click()
    expect(page.locator("#pb-portfolio-caption")).to_have_text(
        "Projekte, nach Fortschritt aufsteigend sortiert"
    )
    open_page(page, site_url + "projects/pilot/#register-l4-i3")
    status = page.locator(".risk-register__filter")
    expect(status).to_contain_text(
        "1 Risiko mit Wahrscheinlichkeit 4 und Auswirkung 3 wird angezeigt."
    )
    expect(status.locator("button")).to_have_text("Alle Risiken anzeigen")


@pytest.mark.browser
def test_the_checklist_and_the_self_assessment_speak_german_and_pass_axe(
    page: Page, site_url: str
) -> None:
    log = watch(page)
    open_page(page, site_url + "projects/pilot/")
    counted = page.locator("tr[data-pb-item]").count()
    shown = page.locator(".pb-filters__count")
    expect(shown).to_have_text(f"Alle {counted} Aufgaben werden angezeigt.")
    expect(page.locator("label[for=pb-filter-open]")).to_have_text("Nur offene")
    item = page.locator("tr[data-pb-item]:has(.pb-check:not(:checked))").first
    row = page.locator(f"tr[data-pb-item='{item.get_attribute('data-pb-item')}']")
    row.locator(".pb-check").check()
    banner = page.locator("#pb-banner")
    expect(banner).to_contain_text("1 Änderung ist noch nicht in der Projektdatei.")
    expect(row.locator(".pb-state")).to_contain_text("erledigt (")
    expect(row.locator(".pb-changed")).to_have_text("geändert")
    found = serious_violations(page, axe_source(), "de: checklist, changed")
    # The self-assessment: sent empty, then with a score.
    form = page.locator("#pb-assess-form")
    page.fill("#pb-assess-date", "")  # the form starts with the browser's date
    form.locator("button[type=submit]").click()
    errors = page.locator("#pb-assess-errors")
    expect(errors).to_contain_text("Es gibt ein Problem")
    expect(page.locator("#pb-assess-date-error")).to_have_text(
        "Fehler: Geben Sie das Datum der Bewertung ein"
    )
    expect(errors).to_contain_text("Wählen Sie einen Wert für mindestens eine Praktik")
    found += serious_violations(page, axe_source(), "de: self-assessment, errors shown")
    page.fill("#pb-assess-date", "2027-03-01")
    page.check("#pb-assess-ziele-festlegen-4")
    page.check("#pb-assess-woechentlich-berichten-1")
    form.locator("button[type=submit]").click()
    result = page.locator("#pb-assess-result")
    expect(result).to_be_visible()
    expect(page.locator("#pb-assess-maturity li")).to_have_text(
        ["Steuerung: 4,0, gestiegen von 3,0", "Sonstige: 1,0, gesunken von 2,0"]
    )
    page.mouse.move(0, 0)  # a button under the mouse has its hover colour, not what people read
    found += serious_violations(page, axe_source(), "de: self-assessment, result")
    said = " ".join(
        page.locator(
            ".pb-filters, #pb-banner > p, #pb-assess-form, #pb-assess-result > :not(pre, details)"
        ).all_inner_texts()
    )
    assert english_in(said, english_patterns()) == []
    assert found == []
    assert log.errors == []


@pytest.mark.browser
def test_the_kind_index_filters_speak_german_and_pass_axe(page: Page, site_url: str) -> None:
    log = watch(page)
    open_page(page, site_url + "playbooks/beispiel/risks/")
    status = page.locator("#pb-facets-status")
    expect(status).to_have_text("Alle 5 Einträge angezeigt")
    page.locator("#pb-facets-form label", has_text="Durchführung").click()
    expect(status).to_have_text("1 von 5 Einträgen angezeigt")
    expect(page.locator("#pb-facets-clear")).to_have_text("Filter zurücksetzen")
    page.mouse.move(0, 0)  # a button under the mouse has its hover colour, not what people read
    assert serious_violations(page, axe_source(), "de: kind index, filtered") == []
    said = " ".join(page.locator("#pb-facets").all_inner_texts())
    assert english_in(said, english_patterns()) == []
    assert log.errors == []


@pytest.mark.browser
def test_a_search_hit_says_its_kind_in_german_and_passes_axe(page: Page, site_url: str) -> None:
    hits = search(page, site_url, "Zusatzwünsche")
    found = {hit.path: hit.source for hit in hits}
    assert found["playbooks/beispiel/risks/zusatzwuensche/"] == "Beispiel-Playbook · Risiko"
    assert serious_violations(page, axe_source(), "de: search results") == []
