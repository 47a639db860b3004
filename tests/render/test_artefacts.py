"""generator.render.artefacts: artefact templates filled in for a project, exactly; what a
project has not said yet as a visible blank; each template's preview; failures at their line of
the body; and the bodies the sandbox refuses."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.errors import ContentError
from generator.model.items import Template
from generator.model.playbook import Origin, Playbook
from generator.pipeline import generate_pages
from generator.render import limits
from generator.render.artefacts import (
    Blank,
    artefact_context,
    artefact_preview,
    fill_artefact,
    preview_context,
    project_artefacts,
    to_be_completed,
)
from generator.resolve.project import FilledProject
from tests.support.cli import invoke, problem_lines
from tests.support.files import replace_in
from tests.support.fixtures import fixture_copy
from tests.support.project import filled_project, project_settings

TODAY = dt.date(2027, 3, 1)
TEMPLATES = "playbooks/sample/templates.yaml"
# Ten billion loop turns that write nothing: only the time limit can stop them.
HANG = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"


@pytest.fixture
def root(sample_project: Path) -> Path:
    """The sample with tests/fixtures/playbook-templates: a template reading every variable."""
    return fixture_copy(sample_project, "playbook-templates")


@pytest.fixture
def filled(root: Path) -> FilledProject:
    return filled_project(root, "harbour-bank", TODAY)


def _text(filled: FilledProject, template_id: str) -> str:
    return next(str(a.text) for a in project_artefacts(filled) if a.id == template_id)


def test_a_template_is_filled_in_with_the_projects_facts_people_tasks_risks_and_dates(
    filled: FilledProject,
) -> None:
    assert _text(filled, "project-brief") == (
        "| | |\n"
        "| --- | --- |\n"
        "| Project | Harbour Bank &lt;b&gt;Core&lt;/b&gt; Renewal (harbour-bank) |\n"
        "| Playbook | Sample playbook 1.0.0, followed at 1.0.0 |\n"
        "| Kickoff | 2027-02-01; go-live *\\[to be completed: go-live date\\]* |\n"
        "| As of | 2027-03-01; two weeks later 2027-03-15 |\n"
        "| Progress | 1 of 2 (50%), 1 overdue, 0 blocked |\n"
        "| Status | red: A critical risk has no mitigation under way. |\n"
        "| Industry | banking, regulated |\n"
        "| Team size | 12 |\n"
        "\n"
        "## Team\n"
        "\n"
        "- Executive sponsor: *\\[to be completed: Executive sponsor\\]* (unassigned)\n"
        "- Project manager: Lee \\[Chen\\](javascript:alert(1))\n"
        "\n"
        "## Phases\n"
        "\n"
        "### Initiate\n"
        "\n"
        "From 2027-01-22 to 2027-01-22, 1 of 1 done:\n"
        "\n"
        "1. Appoint the sponsor, Project manager, due 2027-01-22: done on 2027-01-20\n"
        "\n"
        "### Plan\n"
        "\n"
        "From 2027-02-01 to 2027-02-15, 0 of 1 done:\n"
        "\n"
        "1. Hold the kickoff meeting, Project manager, due 2027-02-01: overdue\n"
        "1. Notify the regulator, Executive sponsor, due 2027-02-15: n/a "
        "(&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; not needed)\n"
        "\n"
        "## Risks\n"
        "\n"
        "- **Scope creep** (delivery): 5 x 4 = 20, critical; now 20; target —; owner Dana Ruiz; "
        "mitigate; first step: Run every change through the change board.\n"
        "- **Core banking cut-over fails** (technology): 2 x 5 = 10, high; now 10; target —; "
        "owner *\\[to be completed: Executive sponsor\\]*; avoid; first step: Rehearse twice.\n"
    )


def test_only_the_templates_that_apply_are_filled_in(root: Path, filled: FilledProject) -> None:
    assert [a.id for a in project_artefacts(filled)] == ["decision-log", "project-brief"]
    replace_in(root / "projects" / "harbour-bank.yaml", "industry: banking", "industry: retail")
    retailer = filled_project(root, "harbour-bank", TODAY)
    assert [t.id for t in retailer.templates] == [
        "decision-log",
        "project-brief",
        "retail-launch-plan",
    ]


def test_what_the_project_has_not_given_is_a_blank_that_tests_false(root: Path) -> None:
    replace_in(root / "projects" / "harbour-bank.yaml", "  team_size: 12\n", "")
    context = artefact_context(filled_project(root, "harbour-bank", TODAY))
    team_size = context["facts"]["team_size"]
    assert isinstance(team_size, Blank)
    assert str(team_size) == "*\\[to be completed: team size\\]*"
    assert not team_size and list(team_size) == [] and len(team_size) == 0
    assert not (team_size > 10) and not (team_size < 10) and "web" not in team_size
    assert context["roles"]["sponsor"] == to_be_completed("Executive sponsor")
    assert context["project"].go_live == to_be_completed("go-live date")
    assert _text(filled_project(root, "harbour-bank", TODAY), "project-brief").splitlines()[9] == (
        "| Team size | *\\[to be completed: team size\\]* |"
    )


def test_a_line_holding_only_tags_writes_nothing_and_other_lines_stay_as_written(
    filled: FilledProject,
) -> None:
    playbook = filled.project.playbook
    body = (
        "| Task |\n"
        "| --- |\n"
        "  {% for task in tasks %}  {# one row each #}\n"
        "| {{ task.title }}{% if task.state == 'done' %} (done){% endif %} |\n"
        "{% endfor %}\n"
        "\n"
        "{% if facts.regulated %}Regulated.{% endif %}\n"
        "End.\n"
    )
    template = Template(id="t", title="T", summary="S", body=body)
    text = fill_artefact(template, playbook, artefact_context(filled), "for the test")
    assert text == (
        "| Task |\n"
        "| --- |\n"
        "| Appoint the sponsor (done) |\n"
        "| Hold the kickoff meeting |\n"
        "| Notify the regulator |\n"
        "\n"
        "Regulated.\n"
        "End.\n"
    )


def test_the_preview_fills_a_template_in_with_the_playbooks_tasks_and_placeholders(
    filled: FilledProject,
) -> None:
    playbook = filled.project.playbook
    template = playbook.item("decision-log")
    assert isinstance(template, Template)
    assert artefact_preview(template, playbook) == (
        "Project: ***\\[project name\\]*** · kept by *\\[Project manager\\]* · "
        "sponsor: *\\[Executive sponsor\\]*\n"
        "\n"
        "## Decisions\n"
        "\n"
        "| Decision | Owner | Due | State |\n"
        "| --- | --- | --- | --- |\n"
        "| Appoint the sponsor | *\\[Project manager\\]* | *\\[10 days before kickoff\\]* "
        "| open |\n"
        "| Hold the kickoff meeting | *\\[Project manager\\]* | *\\[on kickoff day\\]* | open |\n"
        "| Notify the regulator | *\\[Executive sponsor\\]* | *\\[2 weeks after kickoff\\]* "
        "| open |\n"
    )
    preview = preview_context(playbook)
    assert [risk.title for risk in preview["risks"]] == [
        "Scope creep",
        "Core banking cut-over fails",
    ]


def test_the_shipped_templates_fill_in_for_every_example_project() -> None:
    settings = project_settings(Path(__file__).resolve().parents[2], today=TODAY)
    pages = generate_pages(settings)
    documents = sorted(path for path in pages if path.endswith(".md.txt") and "/templates/" in path)
    assert len(documents) == 6 * 2 + 1  # two digital-transformation projects, one cloud migration
    for path in documents:
        text = pages[path]
        assert isinstance(text, str) and text.startswith("# ")
        assert "None" not in text and "Undefined" not in text


# --- Failures, at their line -------------------------------------------------------------------


def test_a_template_that_fails_is_reported_at_its_line_for_its_preview_and_each_project(
    sample_project: Path,
) -> None:
    root = fixture_copy(sample_project, "playbook-templates-failing")
    result = invoke(root, "validate")
    assert result.exit_code == 1
    assert problem_lines(result) == [
        f"{TEMPLATES}:9: artefact template 'head-count' failed for project 'Harbour Bank "
        "<b>Core</b> Renewal': integer division or modulo by zero",
        f"{TEMPLATES}:17: artefact template 'tenth-task' failed for project 'Harbour Bank "
        "<b>Core</b> Renewal': list object has no element 9",
        f"{TEMPLATES}:17: artefact template 'tenth-task' failed in its preview: list object has "
        "no element 9",
    ]
    result = invoke(root, "build", "--site-dir", str(root / "site"))
    assert result.exit_code == 1
    assert problem_lines(result) == [
        f"{TEMPLATES}:17: artefact template 'tenth-task' failed in its preview: list object has "
        "no element 9",
    ]


@pytest.fixture
def short_limit(monkeypatch: pytest.MonkeyPatch) -> Iterator[float]:
    """A 0.5 s time limit, so that the test of a body that never ends does not wait 5 s."""
    monkeypatch.setattr(limits, "TIME_LIMIT", 0.5)
    yield 0.5


def _hostile(filled: FilledProject, body: str) -> tuple[Template, Playbook]:
    """A template that skipped validation, in the project's playbook, its body on line 10."""
    template = Template(id="hostile", title="Hostile", summary="S", body=body)
    playbook = filled.project.playbook
    origin = Origin(TEMPLATES, 10, 11)
    return template, dataclasses.replace(
        playbook,
        items=(*playbook.items, template),
        origins={**playbook.origins, "hostile": origin},
        body_origins={**playbook.body_origins, "hostile": origin},
    )


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            "ok\n{{ ''.__class__.__mro__ }}",
            "artefact template 'hostile' was blocked by the sandbox for project 'X': access to "
            "attribute '__class__' of 'str' object is unsafe.",
        ),
        (
            "{{ 'x' * 10**9 }}",
            "artefact template 'hostile' was blocked by the sandbox for project 'X': repeating a "
            "value to 1,000,000,000 characters or items is not allowed: the limit is 100,000",
        ),
        (
            "{% for i in range(10**9) %}{% endfor %}",
            "artefact template 'hostile' failed for project 'X': Range too big. The sandbox "
            "blocks ranges larger than MAX_RANGE (100000).",
        ),
    ],
    ids=["internals", "repetition", "range"],
)
def test_a_hostile_body_is_refused_when_filled_in_even_unvalidated(
    filled: FilledProject, body: str, message: str
) -> None:
    template, playbook = _hostile(filled, body)
    with pytest.raises(ContentError) as caught:
        fill_artefact(template, playbook, artefact_context(filled), "for project 'X'")
    (problem,) = caught.value.problems
    assert (problem.path, problem.message) == (TEMPLATES, message)
    assert problem.line == 10 + body.count("\n")


def test_a_body_that_never_ends_is_stopped_at_the_time_limit(
    filled: FilledProject, short_limit: float
) -> None:
    template, playbook = _hostile(filled, "## Forever\n\n" + HANG)
    with pytest.raises(ContentError) as caught:
        fill_artefact(template, playbook, preview_context(playbook), "in its preview")
    (problem,) = caught.value.problems
    assert (problem.path, problem.line, problem.message) == (
        TEMPLATES,
        12,
        "artefact template 'hostile' was stopped in its preview: it took longer than 0.5 s",
    )


# --- On the site --------------------------------------------------------------------------------


def test_the_project_page_offers_each_document_to_read_and_to_download(root: Path) -> None:
    pages = generate_pages(project_settings(root, today=TODAY))
    page = pages["projects/harbour-bank/index.md"]
    assert isinstance(page, str)
    section = page.split("## Templates { data-search-exclude }\n\n", 1)[1].split("\n\n## ", 1)[0]
    assert section == (
        "The playbook's document templates, filled in for this project from its facts, people, "
        "tasks,\nrisks and dates: [read them all](templates/harbour-bank-templates.html) (one "
        "printable page), or download one to\nedit. Words in italics and brackets are still to be "
        "completed.\n\n"
        "| Document | What it is for | Download |\n"
        "| --- | --- | --- |\n"
        "| [Decision log](templates/harbour-bank-templates.html#decision-log) | The decisions the "
        "project takes, by whom and when. | [Word](templates/harbour-bank-decision-log.docx)"
        '{: download="harbour-bank-decision-log.docx" } · '
        "[Markdown](templates/harbour-bank-decision-log.md.txt)"
        '{: download="harbour-bank-decision-log.md" } |\n'
        "| [Project brief](templates/harbour-bank-templates.html#project-brief) | Every value a "
        "template can read, for the tests. | [Word](templates/harbour-bank-project-brief.docx)"
        '{: download="harbour-bank-project-brief.docx" } · '
        "[Markdown](templates/harbour-bank-project-brief.md.txt)"
        '{: download="harbour-bank-project-brief.md" } |\n'
    )
    document = pages["projects/harbour-bank/templates/harbour-bank-decision-log.md.txt"]
    assert isinstance(document, str)
    assert document.splitlines()[:3] == [
        "# Decision log",
        "",
        "Project: **Harbour Bank &lt;b&gt;Core&lt;/b&gt; Renewal** · kept by Lee "
        "\\[Chen\\](javascript:alert(1)) · sponsor: *\\[to be completed: Executive sponsor\\]*",
    ]
    assert document.splitlines()[-1] == (
        "_Harbour Bank &lt;b&gt;Core&lt;/b&gt; Renewal · prepared from the playbook Sample "
        "playbook 1.0.0, as of 2027-03-01._"
    )


def test_the_html_page_holds_every_document_once_with_its_anchor(root: Path) -> None:
    pages = generate_pages(project_settings(root, today=TODAY))
    html = pages["projects/harbour-bank/templates/harbour-bank-templates.html"]
    assert isinstance(html, str)
    assert html.startswith('<!doctype html>\n<html lang="en">')
    assert "<title>Harbour Bank &lt;b&gt;Core&lt;/b&gt; Renewal: templates</title>" in html
    assert [line for line in html.splitlines() if line.startswith("<article")] == [
        '<article id="decision-log">',
        '<article id="project-brief">',
    ]
    assert html.count("<h2>Decision log</h2>") == 1 and html.count("<h3>Decisions</h3>") == 1
    assert "<script" not in html.replace("&lt;script", "")
    assert "javascript:" not in html.replace("\\[Chen\\](javascript:", "").replace(
        "[Chen](javascript:alert(1))", ""
    )


def test_a_project_whose_playbook_has_no_templates_has_no_section(sample_project: Path) -> None:
    (sample_project / TEMPLATES).unlink()
    pages = generate_pages(project_settings(sample_project, today=TODAY))
    page = pages["projects/harbour-bank/index.md"]
    assert isinstance(page, str) and "## Templates" not in page
    assert [path for path in pages if "/templates/" in path] == []


def test_the_template_page_shows_the_preview_and_the_source(root: Path) -> None:
    pages = generate_pages(project_settings(root, today=TODAY))
    page = pages["playbooks/sample/templates/project-brief.md"]
    assert isinstance(page, str)
    assert '<div class="pb-artefact" role="region" aria-label="Preview of Project brief">' in page
    assert "<h3>Team</h3>" in page and "<h4>Initiate</h4>" in page
    assert '<table class="pb-artefact__table">' in page
    assert "<pre><code>| | |\n| --- | --- |\n| Project | {{ project.name }}" in page
    index = pages["playbooks/sample/templates/index.md"]
    assert isinstance(index, str) and json.dumps("Artefact templates")[1:-1] in index
