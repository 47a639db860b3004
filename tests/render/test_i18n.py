"""The site's own text in the site's language (generator.render.i18n): one message catalogue,
generator/locale/, for the templates, the Python-made words pages show and the workbench.

The catalogue must hold every message of the sources, and the German translation every message
of the catalogue. A German site of a playbook written in German
(tests/fixtures/playbook-german) then shows no English text of ours on the pages whose
templates are translated, while an English site stays byte for byte what it was (the golden
files, tests/render/test_golden.py).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gettext
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any, get_args

import pytest
from babel.messages.catalog import Catalog
from babel.messages.frontend import CommandLineInterface

from generator.export.documents import to_html, to_markdown
from generator.export.registry import FORMATS
from generator.load.portfolio_history import Snapshot
from generator.model.fields import PHASES
from generator.model.items import Cadence, Risk
from generator.model.kinds import KINDS
from generator.model.messages import catalogue_language
from generator.model.offsets import describe_offset
from generator.model.playbook import FactType
from generator.model.reporting import DEFAULT_RAG, RagColour
from generator.pipeline import generate_pages, load_catalog, load_portfolio
from generator.projects.impact import CHANGES
from generator.projects.report import status_reports
from generator.render.environment import fill_in_environment, html_environment, page_environment
from generator.render.freshness import render_content_health
from generator.render.i18n import (
    SHOWN_WORDS,
    MessageError,
    offset_words,
    translations_for,
    workbench_catalogue,
    workbench_messages,
)
from generator.render.pages import (
    PageRenderer,
    fill_fragments,
    pack_fragment,
    unpack_fragment,
)
from generator.render.playbooks import render_site
from generator.render.projects import MONTHS, render_projects
from generator.render.report import render_reports
from generator.render.workbench import search_hits_data
from generator.resolve.freshness import NO_OWNER
from generator.resolve.health import GREEN_REASON
from generator.resolve.maturity import TRENDS as MATURITY_TRENDS
from generator.resolve.portfolio import portfolio_of
from generator.resolve.rows import MITIGATION_STATES, TREND_WORDS
from generator.resolve.site import resolve_site
from generator.settings import Settings
from tests.conftest import REPO
from tests.support.cli import invoke
from tests.support.files import replace_in
from tests.support.fixtures import fixture_copy
from tests.support.messages import (
    GERMAN,
    PLACEHOLDER,
    POT,
    english_in,
    english_patterns,
    forms,
    message_key,
    read_catalogue,
    shown_text,
)
from tests.support.project import project_settings

# `make messages` extracts with these options (see the Makefile).
EXTRACT = ["--sort-output", "--add-location=file", "--no-wrap", "--omit-header", "-k", "Nn_:1,2"]
AS_OF = dt.date(2027, 3, 1)


def where_used(catalogue: Catalog) -> dict[Any, tuple[str, ...]]:
    """Each message (its id, with a plural form) and the files that use it."""
    return {
        message.id if isinstance(message.id, str) else tuple(message.id): tuple(
            sorted({path for path, _ in message.locations})
        )
        for message in catalogue
        if message.id
    }


def catalogue_differences(extracted: Catalog, stored: Catalog) -> list[str]:
    """What the stored catalogue lacks, has too many of, or places in other files."""
    found, kept = where_used(extracted), where_used(stored)
    problems = [f"missing: {key!r}" for key in found if key not in kept]
    problems += [f"no longer used: {key!r}" for key in kept if key not in found]
    problems += [
        f"used in {found[key]}, catalogue says {kept[key]}: {key!r}"
        for key in found
        if key in kept and found[key] != kept[key]
    ]
    return problems


def untranslated(template: Catalog, translation: Catalog) -> list[str]:
    """The messages of ``template`` that ``translation`` lacks, leaves empty or marks fuzzy."""
    problems = []
    for message in template:
        if not message.id:
            continue
        translated = translation.get(message.id)
        strings = [] if translated is None else forms(translated.string)
        if translated is None or not strings or not all(strings):
            problems.append(f"untranslated: {message.id!r}")
        elif translated.fuzzy:
            problems.append(f"fuzzy: {message.id!r}")
    kept = {message_key(message.id) for message in template if message.id}
    problems += [
        f"not in the catalogue: {message.id!r}"
        for message in translation
        if message.id and message_key(message.id) not in kept
    ]
    return problems


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    out = tmp_path_factory.mktemp("messages") / "messages.pot"
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(REPO)
        CommandLineInterface().run(  # type: ignore[no-untyped-call]
            ["pybabel", "-q", "extract", "-F", "babel.cfg", *EXTRACT, "-o", str(out), "generator"]
        )
    return read_catalogue(out)


# --- The catalogue ---------------------------------------------------------------------------


def test_the_catalogue_holds_every_message_of_the_sources(extracted: Catalog) -> None:
    problems = catalogue_differences(extracted, read_catalogue(POT))
    assert problems == [], "run `make messages`, then translate what is new"


def test_the_catalogue_check_can_fail(extracted: Catalog) -> None:
    stored = read_catalogue(POT)
    stored.delete("Risk register")
    stored.add("A message nobody uses", locations=[("generator/render/templates/item.md.j2", 1)])
    stored["Show every risk"].locations = [("generator/render/templates/item.md.j2", 1)]
    assert catalogue_differences(extracted, stored) == [
        "missing: 'Risk register'",
        "no longer used: 'A message nobody uses'",
        "used in ('generator/workbench/register.js',), catalogue says "
        "('generator/render/templates/item.md.j2',): 'Show every risk'",
    ]


def test_every_message_has_a_german_translation() -> None:
    assert untranslated(read_catalogue(POT), read_catalogue(GERMAN)) == []


def test_the_translation_check_can_fail() -> None:
    german = read_catalogue(GERMAN)
    german["Risk register"].flags.add("fuzzy")
    german["Copy"].string = ""
    german.add("Gone", "Weg")
    assert untranslated(read_catalogue(POT), german) == [
        "untranslated: 'Copy'",
        "fuzzy: 'Risk register'",
        "not in the catalogue: 'Gone'",
    ]


def placeholder_problems(translation: Catalog) -> list[str]:
    """The translations whose placeholders are not their message's."""
    problems = []
    for message in translation:
        wanted = set(PLACEHOLDER.findall(" ".join(forms(message.id))))
        for form in forms(message.string) if message.id else ():
            if set(PLACEHOLDER.findall(form)) != wanted:
                problems.append(f"{message_key(message.id)!r}: {form!r}")
    return problems


def test_a_translation_keeps_the_placeholders_of_its_message() -> None:
    assert placeholder_problems(read_catalogue(GERMAN)) == []
    german = read_catalogue(GERMAN)
    german["Owner: %(owner)s"].string = "Verantwortlich: %(person)s"
    german["%(num)d task"].string = ("eine Aufgabe", "%(num)d Aufgaben")
    assert placeholder_problems(german) == [
        "'%(num)d task': 'eine Aufgabe'",
        "'Owner: %(owner)s': 'Verantwortlich: %(person)s'",
    ]


def test_the_words_python_makes_for_pages_are_in_the_catalogue() -> None:
    words: set[str] = {
        *PHASES,
        *("open", "done", "n/a", "overdue", "blocked"),  # Row.shown_state
        *("low", "medium", "high", "critical"),  # RiskBands
        *get_args(Risk.model_fields["response"].annotation),
        *get_args(Cadence),
        *MITIGATION_STATES,
        *(word for word in TREND_WORDS.values() if word),
        *MATURITY_TRENDS,
        *CHANGES.values(),  # playbook impact's kinds of change
        *(fmt.label for fmt in FORMATS if fmt.label != fmt.label.upper()),  # download links
        *get_args(RagColour),
        *get_args(FactType),
        *MONTHS,
        NO_OWNER,
        GREEN_REASON,
        *(rule.because for rule in (*DEFAULT_RAG.red, *DEFAULT_RAG.amber)),
        *(name for kind in KINDS for name in (kind.singular, kind.plural)),
    }
    catalogue = {message_key(message.id) for message in read_catalogue(POT) if message.id}
    assert sorted(words - catalogue) == []
    assert sorted(set(SHOWN_WORDS) - catalogue) == []


# --- Python-made text ------------------------------------------------------------------------

OFFSETS = (
    "-10d", "0d", "+0d", "1d", "+1d", "-1d", "+2w", "-1w", "1w", "999d",
    "target_go_live-4w", "target_go_live+1d", "go_live-1d", "go_live+0d", "go_live-2w",
    "after design-signoff +1w", "after design-signoff -3d", "after x +0d", "after x -1w",
    "after x +1d",
)  # fmt: skip


@pytest.mark.parametrize("offset", OFFSETS)
def test_an_english_due_date_reads_as_before(offset: str) -> None:
    assert offset_words(offset, gettext.NullTranslations()) == describe_offset(offset)


def test_a_german_due_date_says_it_in_german() -> None:
    german = translations_for("de")
    assert [offset_words(offset, german) for offset in ("-10d", "-1d", "0d", "+2w")] == [
        "10 Tage vor dem Kick-off",
        "1 Tag vor dem Kick-off",
        "am Tag des Kick-offs",
        "2 Wochen nach dem Kick-off",
    ]
    assert offset_words("go_live-1w", german) == "1 Woche vor go_live"
    assert offset_words("after design-signoff +3d", german) == (
        "3 Tage nach Fälligkeit von design-signoff"
    )
    assert offset_words("after design-signoff +0d", german) == "bei Fälligkeit von design-signoff"


def test_the_ui_filter_translates_only_text_the_catalogue_has() -> None:
    env = page_environment(None, "de")
    render = env.from_string("{{ word | ui }}|{{ missing | ui }}|{{ none | ui }}").render
    assert render(word="overdue", missing="Sign *the* deal", none=None) == (
        r"überfällig|Sign \*the\* deal|None"
    )


# --- Messages in the templates ---------------------------------------------------------------


def test_a_value_in_a_message_is_escaped_as_a_value_is() -> None:
    source = '{{ _("Owner: %(owner)s", owner=name) }}|{{ name }}'
    name = "<b>Lee</b> [x](javascript:1) *y*"
    markdown = page_environment(None, "de").from_string(source).render(name=name)
    escaped = r"&lt;b&gt;Lee&lt;/b&gt; \[x\](javascript:1) \*y\*"
    assert markdown == f"Verantwortlich: {escaped}|{escaped}"
    html_page = html_environment(None, "de").from_string(source).render(name=name)
    escaped = "&lt;b&gt;Lee&lt;/b&gt; [x](javascript:1) *y*"
    assert html_page == f"Verantwortlich: {escaped}|{escaped}"


def test_plural_messages_choose_their_form() -> None:
    source = '{{ ngettext("%(num)d task", "%(num)d tasks", n) }}'
    for language, expected in (("en", ["1 task", "2 tasks"]), ("de", ["1 Aufgabe", "2 Aufgaben"])):
        template = page_environment(None, language).from_string(source)
        assert [template.render(n=n) for n in (1, 2)] == expected


@pytest.mark.parametrize("spec", ["%(x)999999999s", "%(x)-5d", "%s", "%(x)r", "50% off"])
def test_a_message_may_hold_only_plain_placeholders(spec: str) -> None:
    template = page_environment(None, "en").from_string('{{ _("' + spec + '", x=1) }}')
    with pytest.raises(MessageError, match=r"write placeholders as %\(name\)s"):
        template.render()


def test_an_organization_template_with_a_huge_placeholder_is_a_problem(
    sample_project: Path,
) -> None:
    overrides = sample_project / "overrides"
    overrides.mkdir()
    (overrides / "faq.md.j2").write_text('{{ _("%(x)999999999s", x=1) }}\n', encoding="utf-8")
    result = invoke(sample_project, "--templates", "overrides", "validate")
    assert result.exit_code == 1
    assert "overrides/faq.md.j2:1: template failed while rendering" in result.stderr
    assert "write placeholders as %(name)s" in result.stderr


def test_author_fill_in_text_has_no_catalogue_of_ours() -> None:
    assert "gettext" not in fill_in_environment().globals
    assert "ui" not in fill_in_environment().filters


# --- The workbench's messages ----------------------------------------------------------------


def test_the_workbench_gets_the_messages_its_javascript_uses() -> None:
    catalogue = workbench_catalogue("de")
    assert catalogue["language"] == "de"
    assert catalogue["plural"] == {"one": 0, "other": 1}
    messages = catalogue["messages"]
    assert messages["Show every risk"] == "Alle Risiken anzeigen"
    assert messages["%(num)d task"] == ["%(num)d Aufgabe", "%(num)d Aufgaben"]
    assert messages["initiate"] == "Initiierung"  # marked with N_ in kickoff-page.js
    assert "Risk register" not in messages  # only the templates use it
    used = {
        message_key(message.id)
        for message in read_catalogue(POT)
        if any(path.startswith("generator/workbench/") for path, _ in message.locations)
    }
    assert sorted(messages) == sorted(used)


def test_an_english_page_embeds_no_messages_a_german_one_does_safely() -> None:
    assert workbench_messages("en") == ""
    element = str(workbench_messages("de"))
    assert element.startswith('<script type="application/json" data-pb-messages>{')
    assert element.endswith("}</script>")
    body = element.removeprefix('<script type="application/json" data-pb-messages>')
    assert "<" not in body.removesuffix("</script>")


# --- The language setting --------------------------------------------------------------------


def _with_language(root: Path, value: str) -> None:
    replace_in(root / "mkdocs.yml", "  language: en\n", f"  language: {value}\n")


@pytest.mark.parametrize(
    ("wanted", "found"),
    [("en", "en"), ("de", "de"), ("de-CH", "de"), ("de_AT", "de"), ("DE", "de"), ("fr", None)],
)
def test_theme_language_picks_a_shipped_catalogue(wanted: str, found: str | None) -> None:
    assert catalogue_language(wanted) == found


def test_the_settings_take_the_language_from_mkdocs_yml(sample_project: Path) -> None:
    assert project_settings(sample_project).language == "en"
    _with_language(sample_project, "de-CH")
    settings = project_settings(sample_project)
    assert (settings.language, settings.warnings) == ("de", ())


def test_a_language_without_a_catalogue_falls_back_to_english_with_a_warning(
    sample_project: Path,
) -> None:
    _with_language(sample_project, "fr")
    assert project_settings(sample_project).language == "en"
    result = invoke(sample_project, "validate")
    assert result.exit_code == 0
    assert result.stderr.splitlines()[0] == (
        "mkdocs.yml:11: warning: theme.language 'fr': the site's own text (headings, column "
        "names, states, the workbench) has no translation into it and stays in English; "
        'translations: en, de (the README\'s "Languages" says how to add one)'
    )


def test_a_language_that_is_not_text_is_a_problem(sample_project: Path) -> None:
    _with_language(sample_project, "[de]")
    result = invoke(sample_project, "validate")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "mkdocs.yml:11: 'theme.language' must be a language code such as 'en' or 'de', got a list"
    )


# --- A German site ---------------------------------------------------------------------------


# The pages of the German sample whose templates are translated, and what they must say.
GERMAN_PAGES = {
    "playbooks/index.md": "Bewährte Praktiken",
    "playbooks/beispiel/index.md": "Kick-off-Fragebogen",
    "playbooks/beispiel/kickoff.md": "Wer welche Rolle übernimmt",
    "playbooks/beispiel/practices/ziele-festlegen.md": "Beantworten Sie jede Frage ehrlich",
    "playbooks/beispiel/practices/woechentlich-berichten.md": "0 bis 4",
    "playbooks/beispiel/risks/zusatzwuensche.md": "Gemindert durch:",
    "playbooks/beispiel/risks/umstellung-scheitert.md": "Gilt, wenn",
    "playbooks/beispiel/case-studies/bank-erneuert.md": "(zur Veranschaulichung)",
    "playbooks/beispiel/faqs/was-ist-umfang.md": "Überprüfung überfällig",
    "playbooks/beispiel/scope/umfang-ziele.md": "Textbaustein",
    "playbooks/beispiel/tasks/auftraggeberin-benennen.md": "10 Tage vor dem Kick-off",
    "playbooks/beispiel/tasks/go-no-go.md": "Benötigt von",
    "playbooks/beispiel/tasks/pilot-bauen.md": "Die Fälligkeit zählt ab der Fälligkeit von",
    "playbooks/beispiel/tasks/generalprobe.md": "Die Fälligkeit zählt ab der Antwort",
    "playbooks/beispiel/tasks/aufsicht-informieren.md": "Gilt, wenn",
    "playbooks/content-health.md": "Ohne Verantwortliche",
    "projects/pilot/report.md": "Fällig in den nächsten zwei Wochen",
    "projects/kleines-vorhaben/report.md": "Anstehende Entscheidungen",
    "projects/index.md": "Bewertete Projekte",  # the portfolio, with its maturity
    "projects/pilot/index.md": "Checkliste herunterladen:",
    "playbooks/beispiel/risks/index.md": "Jeder Wert öffnet die Seite seines Schlagworts",
    "playbooks/beispiel/tasks/index.md": "Verantwortlich",
    "playbooks/beispiel/practices/index.md": "Filter zurücksetzen",
    "playbooks/beispiel/case-studies/index.md": "Einträge",
    "playbooks/beispiel/faqs/index.md": "Einträge",
    "playbooks/beispiel/scope/index.md": "Projektumfang",
    "tags/index.md": "außerdem solche nach Merkmal",
    "tags/phase.md": "Einträge nach Phase gruppiert",
    "tags/area.md": "Nach Praxisbereich",
}


@dataclasses.dataclass(frozen=True)
class GermanSite:
    pages: dict[str, str]
    fragments: dict[str, dict[str, str]]
    documents: dict[str, str]  # the exports written from our templates, and the heat map


@pytest.fixture(scope="module")
def german_site(tmp_path_factory: pytest.TempPathFactory) -> GermanSite:
    root = fixture_copy(tmp_path_factory.mktemp("german"), "playbook-german")
    settings = project_settings(root, today=AS_OF)
    assert settings.language == "de"
    catalog = load_catalog(settings)
    renderer = PageRenderer(None, root, language="de", defer_fragments=True)
    pages = render_site(resolve_site(catalog.playbooks), renderer, today=AS_OF)
    pages.update(render_content_health(catalog.playbooks, renderer, AS_OF))
    portfolio = load_portfolio(settings, catalog)
    pages.update(render_projects(portfolio.projects, renderer, [], portfolio))
    pages.update(render_reports(status_reports(portfolio.projects), renderer))
    documents = {}
    for filled in portfolio.projects:
        slug = filled.project.slug
        documents[f"{slug}-checklist.md"] = to_markdown(filled, renderer)
        documents[f"{slug}-checklist.html"] = to_html(filled, renderer)
        documents[f"{slug}-heatmap.svg"] = renderer.render_html(
            "_heatmap.svg.j2", filled=filled, cell_links=True
        )
    # Each fragment as the built page shows it, with the markup pages share (``once``) in place.
    fragments = {
        path: {
            key: fill_fragments(unpack_fragment(packed), {}, renderer.shared)
            for key, packed in on_page.items()
        }
        for path, on_page in renderer.fragments.items()
    }
    return GermanSite(pages, fragments, documents)


# The fragments of our templates on the project pages and the portfolio (others there are
# another template's), found by what they hold.
OUR_FRAGMENTS = (
    'id="pb-kickoff-page"',  # kickoff-form.html.j2
    'id="pb-portfolio"',  # portfolio-table.html.j2
    'class="risk-heatmap-wrap"',  # portfolio-risks.html.j2
    'class="pb-timeline-wrap"',  # portfolio-timeline.html.j2
    "data-pb-item=",  # project-tasks.html.j2
    'id="risk-register-table"',  # project-register.html.j2
    'id="pb-checklist"',  # project-workbench.html.j2
    'id="pb-maturity"',  # project-maturity.html.j2, with _maturity.svg.j2 and its form
)


def _full(site: GermanSite, path: str) -> str:
    """A page with its fragments in place."""
    fragments = site.fragments.get(path, {})
    return fill_fragments(
        site.pages[path], {key: pack_fragment(text) for key, text in fragments.items()}
    )


def _checked(site: GermanSite) -> Iterable[tuple[str, str]]:
    for path in GERMAN_PAGES:  # every fragment of these is ours (links, the kickoff form)
        yield path, _full(site, path)
    for path, report in site.pages.items():
        if path.endswith("-status-report.html"):
            yield path, report
    yield from site.documents.items()
    for path, fragments in site.fragments.items():
        if path in GERMAN_PAGES:
            continue
        for key, fragment in fragments.items():
            if any(marker in fragment for marker in OUR_FRAGMENTS):
                yield f"{path} fragment {key}", fragment


def test_the_german_pages_say_what_they_hold_in_german(german_site: GermanSite) -> None:
    missing = [
        f"{path}: {text}"
        for path, text in GERMAN_PAGES.items()
        if text not in shown_text(_full(german_site, path))
    ]
    assert missing == []


def test_the_german_site_shows_no_english_text_of_ours(german_site: GermanSite) -> None:
    patterns = english_patterns()
    checked = list(_checked(german_site))
    assert len(checked) > 30
    found = [
        f"{where}: {english}"
        for where, text in checked
        for english in english_in(shown_text(text), patterns)
    ]
    assert found == []


def test_the_english_check_can_fail(german_site: GermanSite) -> None:
    patterns = english_patterns()
    page = german_site.pages["playbooks/beispiel/risks/zusatzwuensche.md"]
    assert english_in(shown_text(page), patterns) == []
    english = page.replace("Warnsignale", "Warning signs").replace("mindern", "mitigate")
    english = english.replace("Wahrscheinlichkeit", "Likelihood").replace("Durchführung", "Execute")
    assert english_in(shown_text(english), patterns) == [
        "Likelihood",
        "Warning signs",
        "execute",
        "mitigate",
    ]


def test_a_german_page_that_loads_the_workbench_holds_its_messages(
    german_site: GermanSite,
) -> None:
    assert str(workbench_messages("de")) in _full(german_site, "playbooks/beispiel/kickoff.md")
    portfolio = "".join(german_site.fragments["projects/index.md"].values())
    register = "".join(german_site.fragments["projects/pilot/index.md"].values())
    for page in (portfolio, register):
        assert page.count("data-pb-messages") == 1


def test_search_hits_name_the_kinds_in_the_site_language() -> None:
    site = resolve_site(())
    assert search_hits_data(site)["kinds"]["risks"] == "Risk"
    german = search_hits_data(site, "de")["kinds"]
    assert (german["risks"], german["templates"]) == ("Risiko", "Dokumentvorlage")
    assert len(german) == len(KINDS)


# The artefact templates' pages and documents (the German fixture has no template): our
# wrapper text around each template's body, which is the authors'.
TEMPLATE_PAGES = {
    "playbooks/sample/templates/decision-log.md": "Quelltext der Vorlage",
    "projects/harbour-bank/templates/harbour-bank-templates.html": "Stand 2027-03-01. Wörter",
    "projects/harbour-bank/templates/harbour-bank-decision-log.md.txt": "erstellt aus dem Playbook",
    "projects/harbour-bank/index.md": "Dokumentvorlagen",
}


def test_the_template_pages_hold_no_english_message_of_ours(sample_project: Path) -> None:
    replace_in(sample_project / "mkdocs.yml", "  language: en\n", "  language: de\n", count=1)
    pages = generate_pages(project_settings(sample_project, today=AS_OF))
    ours = [
        message.id
        for message in read_catalogue(POT)
        if isinstance(message.id, str)
        and any(path.endswith(TEMPLATE_FILES) for path, _ in message.locations)
    ]
    assert len(ours) > 15
    # Each message's longest stretch without a placeholder, when it is more than a lower-case
    # word ("phase" is in the pages' attributes): absent in German.
    stretches = [max(re.split(r"%\([a-z]+\)[sd]", message), key=len).strip() for message in ours]
    words = [text for text in stretches if len(text) > 3 and (" " in text or text[0].isupper())]
    assert len(words) > 10
    found = {
        path: [english for english in words if english in str(pages[path])]
        for path in TEMPLATE_PAGES
    }
    assert found == {path: [] for path in TEMPLATE_PAGES}
    missing = [path for path, text in TEMPLATE_PAGES.items() if text not in str(pages[path])]
    assert missing == []


TEMPLATE_FILES = (
    "template.md.j2",
    "template-document.md.j2",
    "template-preview.html.j2",
    "templates.html.j2",
)


def _portfolio_page(root: Path, language: str) -> str:
    """The German sample's portfolio page after a build on 2027-02-22."""
    settings = project_settings(root, today=AS_OF)
    projects = load_portfolio(settings, load_catalog(settings)).projects
    before = dt.date(2027, 2, 22)
    history = {
        "pilot": (Snapshot(before, 11, "amber", 1),),
        "kleines-vorhaben": (Snapshot(before, 10, "amber", 5),),
    }
    portfolio = portfolio_of(projects, history, AS_OF)
    renderer = PageRenderer(None, language=language)
    return render_projects(portfolio.projects, renderer, [], portfolio)["projects/index.md"]


def test_the_trend_since_the_last_build_reads_in_either_language(tmp_path: Path) -> None:
    root = fixture_copy(tmp_path, "playbook-german")
    english, german = _portfolio_page(root, "en"), _portfolio_page(root, "de")
    assert "Since 2027-02-22: progress up 11 points; overdue up 2; was amber, now red." in english
    assert "Since 2027-02-22: progress down 10 points; overdue down 2." in english
    assert (
        "Seit 2027-02-22: Fortschritt 11 Prozentpunkte mehr; überfällig 2 mehr; "
        "war gelb, jetzt rot." in german
    )
    assert "Seit 2027-02-22: Fortschritt 10 Prozentpunkte weniger; überfällig 2 weniger." in german


def test_english_settings_are_the_default() -> None:
    assert Settings(root=REPO).language == "en"
    assert translations_for("en").gettext("Risk register") == "Risk register"


def test_a_german_site_writes_decimals_with_a_comma(german_site: GermanSite) -> None:
    maturity = next(
        fragment
        for fragment in site_fragments(german_site, "projects/pilot/index.md")
        if 'id="pb-maturity"' in fragment
    )
    # Steuerung went from 1.0 to 3.0, Sonstige stayed at 2.0 (tests/fixtures/playbook-german):
    # in the chart's description, beside its bars, and in its table.
    text = re.sub(r"<[^>]+>", " ", maturity)
    assert re.findall(r"\b\d[.,]\d\b", text) == [
        *("3,0", "1,0", "2,0"),
        *("3,0", "1,0", "2,0"),
        *("3,0", "1,0", "2,0", "2,0"),
    ]
    portfolio = _full(german_site, "projects/index.md")
    assert "<td><strong>3,0</strong></td>" in portfolio
    assert "<td><strong>2,0</strong></td>" in portfolio


def site_fragments(site: GermanSite, path: str) -> list[str]:
    return list(site.fragments.get(path, {}).values())
