"""The workbench in a real Chromium: each playbook's kickoff form and each project's clickable
checklist hand back files byte-identical to what `playbook kickoff` and `playbook mark`
write, from the served site and from the offline build opened as files; errors, the preview,
the draft, hostile text, accessibility in both colour schemes and a keyboard-only kickoff.

The site is built as of 2027-03-01 (tests/conftest.py); the command line runs in a copy of the
repository in tmp_path, so the repository's own files are never written.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from playwright.sync_api import Browser, Page, Route, expect

from generator.model.playbook import Fact, Playbook
from generator.model.slugs import slugify
from generator.pipeline import load_catalog
from generator.projects.files import load_project
from generator.projects.form import kickoff_form
from generator.resolve.project import FilledProject, fill
from generator.resolve.rows import Row
from tests.conftest import BUILD_TODAY, REPO
from tests.support.browser import PageLog, open_page, outside_site, serious_violations
from tests.support.cli import invoke
from tests.support.project import build_site, project_settings

pytestmark = pytest.mark.browser

PLAYBOOK_IDS = sorted(
    folder.name for folder in (REPO / "playbooks").iterdir() if (folder / "playbook.yaml").is_file()
)
DT = "digital-transformation"
PROJECT = "core-banking-revamp"
SCHEMES = {"light": "default", "dark": "slate"}  # prefers-color-scheme -> Material's scheme
KICKOFF = dt.date(2027, 2, 1)
XSS = '<img src=x onerror="window.__pwned=1">'
XSS_SCRIPT = '"><script>window.__pwned=2</script>'
# What JavaScript's encodeURIComponent leaves as it is.
SAFE_IN_COMPONENT = "-_.!~*'()"


# --- The playbooks, the answers, the command line --------------------------------------------


@pytest.fixture(scope="module")
def playbooks() -> dict[str, Playbook]:
    return {playbook.id: playbook for playbook in load_catalog(project_settings(REPO)).playbooks}


@dataclass(frozen=True)
class Answers:
    """A filled kickoff form: answers as their types (a list for multi-choice)."""

    name: str
    kickoff: dt.date
    facts: dict[str, Any] = field(default_factory=dict)
    roles: dict[str, str] = field(default_factory=dict)


def sample_answer(fact: Fact, kickoff: dt.date, index: int) -> Any:
    """An answer the fact takes, not its default where that can be helped."""
    values = fact.choice_values
    if fact.type == "boolean":
        return not fact.default if isinstance(fact.default, bool) else True
    if fact.type == "integer":
        low, high = fact.min, fact.max
        value = 65 if low is None else int(low)
        return min(value, int(high)) if high is not None else value
    if fact.type == "date":
        return kickoff + dt.timedelta(days=400 + 30 * index)
    if fact.type == "choice":
        return values[1] if len(values) > 1 else values[0]
    if fact.type == "multi-choice":
        return list(values[:2])
    return "Alpha"


def answers_for(playbook: Playbook, name: str) -> Answers:
    facts = {
        fact.name: sample_answer(fact, KICKOFF, index)
        for index, fact in enumerate(playbook.meta.facts)
    }
    people = ["Zoë Ødegård", "Dr. A. Smith (interim)", "Lee Chen"]
    roles = {role.id: person for role, person in zip(playbook.meta.roles, people, strict=False)}
    return Answers(name, KICKOFF, facts, roles)


def command_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ",".join(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def repository_copy(tmp_path: Path) -> Path:
    """What the command line needs of the repository, copied."""
    root = tmp_path / "repository"
    root.mkdir(parents=True)
    shutil.copy2(REPO / "mkdocs.yml", root / "mkdocs.yml")
    for folder in ("content", "overrides", "playbooks", "projects", "schemas"):
        if (REPO / folder).is_dir():
            shutil.copytree(REPO / folder, root / folder)
    return root


def cli_kickoff(root: Path, playbook: Playbook, answers: Answers) -> bytes:
    """`playbook kickoff NAME --playbook ID --kickoff DATE --set ... --role ... --no-input`."""
    args = ["kickoff", "--playbook", playbook.id, "--kickoff", answers.kickoff.isoformat()]
    for fact in playbook.meta.facts:
        if answers.facts.get(fact.name) is not None:
            args += ["--set", f"{fact.name}={command_value(answers.facts[fact.name])}"]
    for role, person in answers.roles.items():
        args += ["--role", f"{role}={person}"]
    result = invoke(root, *args, "--no-input", "--", answers.name)
    assert result.exit_code == 0, result.stderr
    return (root / "projects" / f"{slugify(' '.join(answers.name.split()))}.yaml").read_bytes()


def field_name(label: str, required: bool) -> str:
    """A field's accessible name: its label and the required/optional marker."""
    return f"{label} ({'required' if required else 'optional'})"


def fact_named(playbook: Playbook, name: str) -> Fact:
    return next(fact for fact in playbook.meta.facts if fact.name == name)


def fact_label(fact: Fact) -> str:
    return field_name(fact.prompt or fact.name, fact.required)


def set_fact(page: Page, fact: Fact, value: Any) -> None:
    """Answer one question the way a person does: by its label."""
    label = fact_label(fact)
    labels = fact.choice_labels
    if fact.type in ("text", "integer", "date"):
        text = "" if value is None else command_value(value)
        page.get_by_role("textbox", name=label, exact=True).fill(text)
    elif fact.type == "boolean":
        group = page.get_by_role("group", name=label, exact=True)
        group.get_by_label("Yes" if value else "No", exact=True).check()
    elif fact.type == "choice" and len(fact.choices) > 10:
        page.get_by_role("combobox", name=label, exact=True).select_option(value or "")
    elif fact.type == "choice":
        group = page.get_by_role("group", name=label, exact=True)
        group.get_by_label(labels[value] if value else "Not answered", exact=True).check()
    else:
        group = page.get_by_role("group", name=label, exact=True)
        for choice in fact.choice_values:
            group.get_by_label(labels[choice], exact=True).set_checked(choice in (value or []))


def fill_form(page: Page, playbook: Playbook, answers: Answers) -> None:
    page.get_by_role("textbox", name="Project name (required)", exact=True).fill(answers.name)
    kickoff = page.get_by_role("textbox", name="Kickoff date (required)", exact=True)
    kickoff.fill(answers.kickoff.isoformat())
    for fact in playbook.meta.facts:
        set_fact(page, fact, answers.facts.get(fact.name))
    for role in playbook.meta.roles:
        box = page.get_by_role("textbox", name=field_name(role.title, False), exact=True)
        box.fill(answers.roles.get(role.id, ""))


def downloaded(page: Page, start: Callable[[], None]) -> tuple[str, bytes]:
    """The name and bytes of the file that ``start`` makes the page hand over."""
    with page.expect_download() as info:
        start()
    download = info.value
    return download.suggested_filename, Path(download.path()).read_bytes()


def kickoff_url(site: str, playbook_id: str, *, offline: bool = False) -> str:
    page = "kickoff.html" if offline else "kickoff/"
    return f"{site}playbooks/{playbook_id}/{page}"


def project_url(site: str, *, offline: bool = False) -> str:
    return f"{site}projects/{PROJECT}/" + ("index.html" if offline else "")


def browser_today(page: Page) -> str:
    today: str = page.evaluate("PlaybookWorkbench.localToday()")
    return today


# --- The kickoff form ----------------------------------------------------------------------


@pytest.mark.parametrize("playbook_id", PLAYBOOK_IDS)
def test_kickoff_form_hands_back_the_file_the_cli_writes(
    page: Page,
    page_log: PageLog,
    site_url: str,
    tmp_path: Path,
    playbooks: dict[str, Playbook],
    playbook_id: str,
) -> None:
    playbook = playbooks[playbook_id]
    open_page(page, kickoff_url(site_url, playbook_id))
    expect(page.locator("[data-pb-nojs]")).to_be_hidden()
    expect(page.locator("#pb-kickoff-form")).to_be_visible()
    answers = answers_for(playbook, f"Zoë's {playbook.meta.title}: phase 2")
    fill_form(page, playbook, answers)
    name, data = downloaded(
        page, lambda: page.get_by_role("button", name="Download project file").click()
    )
    expected = cli_kickoff(repository_copy(tmp_path), playbook, answers)
    assert data == expected
    assert name == f"{slugify(answers.name)}.yaml"
    expect(page.locator("#pb-status")).to_contain_text(f"Downloaded {name}")
    # The command the preview shows is the one that wrote the expected file.
    command = page.locator(".pb-preview__command").inner_text()
    assert command.startswith(f"playbook kickoff 'Zoë'\"'\"'s {playbook.meta.title}: phase 2'")
    assert command.endswith("--no-input")
    # Copy puts the same text on the clipboard.
    page.context.grant_permissions(
        ["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/")
    )
    page.get_by_role("button", name="Copy", exact=True).click()
    expect(page.locator("#pb-status")).to_contain_text("Copied the project file")
    assert page.evaluate("navigator.clipboard.readText()") == expected.decode("utf-8")
    assert page_log.errors == []
    assert outside_site(page_log.requests, site_url) == []


def test_kickoff_page_without_javascript_shows_the_command(
    browser: Browser, site_url: str, playbooks: dict[str, Playbook]
) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(kickoff_url(site_url, DT))
        expect(page.locator("[data-pb-nojs]")).to_be_visible()
        expect(page.locator("[data-pb-nojs]")).to_contain_text("This form needs JavaScript")
        command = page.locator("[data-pb-nojs] pre").inner_text()
        assert command.startswith(f'playbook kickoff "PROJECT NAME" --playbook {DT}')
        for fact in playbooks[DT].meta.facts:
            assert f"--set {fact.name}=" in command
        expect(page.locator("#pb-kickoff-form")).to_be_hidden()
        # The project page stays the static checklist.
        page.goto(project_url(site_url))
        expect(page.locator("tr[data-pb-item]").first).to_be_visible()
        assert page.locator(".pb-check, #pb-banner, .pb-filters").count() == 0
    finally:
        context.close()


def _error_texts(page: Page) -> dict[str, str]:
    """The message shown beside each field in error, by field."""
    found: dict[str, str] = page.evaluate(
        """() => Object.fromEntries(Array.from(
             document.querySelectorAll('[data-pb-field]')).flatMap(group => {
               const slot = group.querySelector('.pb-error-message');
               return slot && !slot.hidden ? [[group.dataset.pbField, slot.textContent]] : [];
             }))"""
    )
    return found


def test_errors_show_beside_fields_and_in_a_summary_that_leads_to_them(
    page: Page, site_url: str, playbooks: dict[str, Playbook]
) -> None:
    playbook = playbooks[DT]
    open_page(page, kickoff_url(site_url, DT))
    page.get_by_role(
        "textbox", name=fact_label(fact_named(playbook, "team_size")), exact=True
    ).fill("12a")
    page.get_by_role("button", name="Download project file").click()
    summary = page.locator("#pb-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    # The very messages Python gives for the same form.
    form = {
        "name": "",
        "kickoff": "",
        "answers": {"uses_vendors": "true", "team_size": "12a", "channels": []},
        "roles": {},
    }
    expected = kickoff_form(playbook, form, BUILD_TODAY)["errors"]
    assert {"name", "kickoff", "fact:industry", "fact:team_size"} <= set(expected)
    assert _error_texts(page) == {key: f"Error: {message}" for key, message in expected.items()}
    links = summary.get_by_role("link")
    assert links.count() == len(expected)
    texts = links.all_inner_texts()
    assert all(any(text.endswith(m) for text in texts) for m in expected.values())
    # A summary link moves focus to its field: a text box, or a group's first choice.
    summary.get_by_role("link", name="Enter a whole number of people").click()
    expect(page.locator("#pb-fact-team_size")).to_be_focused()
    summary.get_by_role("link", name="Which industry").click()
    expect(page.locator("#pb-fact-industry-0")).to_be_focused()
    # Errors follow the edits once shown; other rules give Python's messages too.
    page.get_by_role("textbox", name="Project name (required)").fill("x" * 121)
    page.get_by_role("textbox", name="Kickoff date (required)").fill("2027-02-30")
    form.update(name="x" * 121, kickoff="2027-02-30")
    again = kickoff_form(playbook, form, BUILD_TODAY)["errors"]
    assert again["name"] == "the project name is 121 characters long; the limit is 120"
    assert again["kickoff"] == "2027-02-30: day 30 does not exist (February 2027 has 28 days)"
    assert _error_texts(page) == {key: f"Error: {message}" for key, message in again.items()}
    fill_form(page, playbook, answers_for(playbook, "Fixed"))
    assert _error_texts(page) == {}
    expect(summary).to_be_hidden()


def _preview_counts(page: Page) -> str:
    return page.locator(".pb-preview__counts").inner_text()


def _expected_counts(playbook: Playbook, answers: Answers) -> tuple[str, list[Row]]:
    form = {
        "name": answers.name,
        "kickoff": answers.kickoff.isoformat(),
        "answers": {name: command_value(value) for name, value in answers.facts.items()},
        "roles": answers.roles,
    }
    form["answers"] |= {
        name: value for name, value in answers.facts.items() if isinstance(value, list)
    }
    result = kickoff_form(playbook, form, answers.kickoff)
    assert result["errors"] == {}, result["errors"]
    checklist = result["checklist"]
    tasks, risks = checklist["tasks"], checklist["risks"]
    first = min(task["due"] for task in tasks)
    line = f"{len(tasks)} task{'s' * (len(tasks) != 1)} and {len(risks)} risk"
    line += f"{'s' * (len(risks) != 1)} apply; the first task is due {first}."
    return line, tasks


def test_preview_follows_the_answers(
    page: Page, site_url: str, playbooks: dict[str, Playbook]
) -> None:
    playbook = playbooks[DT]
    open_page(page, kickoff_url(site_url, DT))
    answers = answers_for(playbook, "Preview")
    answers.facts.update(industry="banking", regulated=True)
    fill_form(page, playbook, answers)
    line, tasks = _expected_counts(playbook, answers)
    expect(page.locator(".pb-preview__counts")).to_have_text(line)
    preview = page.locator("#pb-preview-body")
    for task in tasks:
        expect(preview.get_by_text(task["title"], exact=True)).to_have_count(1)
    # Another industry, no regulation: the checklist shrinks as Python says.
    answers.facts.update(industry="retail", regulated=False)
    set_fact(page, fact_named(playbook, "industry"), "retail")
    set_fact(page, fact_named(playbook, "regulated"), False)
    smaller, fewer = _expected_counts(playbook, answers)
    assert len(fewer) < len(tasks)
    expect(page.locator(".pb-preview__counts")).to_have_text(smaller)
    gone = {task["title"] for task in tasks} - {task["title"] for task in fewer}
    for title in gone:
        expect(preview.get_by_text(title, exact=True)).to_have_count(0)


def test_a_draft_survives_a_reload_and_clear_empties_it(
    page: Page, site_url: str, playbooks: dict[str, Playbook]
) -> None:
    playbook = playbooks[DT]
    open_page(page, kickoff_url(site_url, DT))
    name = page.get_by_role("textbox", name="Project name (required)")
    name.fill("Half done")
    page.get_by_role("textbox", name="Kickoff date (required)").fill("2027-02-01")
    set_fact(page, fact_named(playbook, "industry"), "insurance")
    set_fact(page, fact_named(playbook, "channels"), ["web", "branch"])
    page.reload()
    page.wait_for_load_state("networkidle")
    expect(name).to_have_value("Half done")
    expect(page.get_by_role("textbox", name="Kickoff date (required)")).to_have_value("2027-02-01")
    expect(page.get_by_label("insurance", exact=True)).to_be_checked()
    expect(page.get_by_label("web", exact=True)).to_be_checked()
    expect(page.get_by_label("branch", exact=True)).to_be_checked()
    expect(page.get_by_label("mobile", exact=True)).not_to_be_checked()
    page.get_by_role("button", name="Clear the form", exact=True).click()
    expect(name).to_have_value("")
    expect(page.get_by_label("insurance", exact=True)).not_to_be_checked()
    expect(page.locator("#pb-status")).to_contain_text("The form is cleared")
    page.reload()
    page.wait_for_load_state("networkidle")
    expect(name).to_have_value("")
    expect(page.get_by_label("web", exact=True)).not_to_be_checked()
    # The default answer is back, as the page first had it.
    vendors = page.get_by_role("group", name=fact_label(fact_named(playbook, "uses_vendors")))
    expect(vendors.get_by_label("Yes", exact=True)).to_be_checked()


def test_hostile_text_in_the_kickoff_form_shows_as_text(
    page: Page, site_url: str, tmp_path: Path, playbooks: dict[str, Playbook]
) -> None:
    playbook = playbooks[DT]
    open_page(page, kickoff_url(site_url, DT))
    answers = answers_for(playbook, XSS)
    answers.roles["pm"] = XSS_SCRIPT
    fill_form(page, playbook, answers)
    go_live = fact_named(playbook, "target_go_live")
    set_fact(page, go_live, XSS)
    page.get_by_role("textbox", name="Kickoff date (required)").fill(XSS_SCRIPT)
    page.get_by_role("button", name="Download project file").click()
    expect(page.locator("#pb-error-summary")).to_contain_text(XSS_SCRIPT)
    expect(page.locator("#pb-kickoff-date-error")).to_contain_text(XSS_SCRIPT)
    expect(page.locator("#pb-fact-target_go_live-error")).to_contain_text(XSS)
    page.get_by_role("textbox", name="Kickoff date (required)").fill(answers.kickoff.isoformat())
    set_fact(page, go_live, answers.facts[go_live.name])
    command = page.locator(".pb-preview__command")
    expect(command).to_contain_text(XSS)
    expect(command).to_contain_text("window.__pwned=2")
    _, data = downloaded(
        page, lambda: page.get_by_role("button", name="Download project file").click()
    )
    assert data == cli_kickoff(repository_copy(tmp_path), playbook, answers)
    assert page.evaluate("window.__pwned") is None
    assert page.locator("img[src='x']").count() == 0
    assert page.locator("#pb-kickoff-page script:not([type])").count() == 0


def test_propose_link_opens_the_repositorys_new_file_page(
    page: Page, site_url: str, tmp_path: Path, playbooks: dict[str, Playbook]
) -> None:
    """With repo_url and edit_uri in mkdocs.yml, the page offers the file to the repository
    (here the served page is given them on the way, and the link is read, not followed)."""
    url = kickoff_url(site_url, DT)

    def with_repository(route: Route) -> None:
        body = route.fetch().text()
        repository = 'data-repo-url="https://github.com/acme/pmo-site"'
        repository += ' data-edit-uri="edit/trunk/content/"'
        body = body.replace('data-repo-url="" data-edit-uri=""', repository)
        route.fulfill(body=body, content_type="text/html")

    page.route(url, with_repository)
    open_page(page, url)
    propose = page.get_by_role("link", name="Propose in repository")
    expect(propose).to_be_visible()
    # Invalid answers: the link shows the errors and opens nothing.
    propose.click()
    expect(page.locator("#pb-error-summary")).to_be_focused()
    assert len(page.context.pages) == 1
    playbook = playbooks[DT]
    answers = answers_for(playbook, "Proposed Project")
    fill_form(page, playbook, answers)
    text = cli_kickoff(repository_copy(tmp_path), playbook, answers).decode("utf-8")
    expect(propose).to_have_attribute(
        "href",
        "https://github.com/acme/pmo-site/new/trunk?filename=projects/proposed-project.yaml"
        f"&value={quote(text, safe=SAFE_IN_COMPONENT)}",
    )


# --- The project page ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def shipped_project() -> FilledProject:
    return fill(load_project(project_settings(REPO), PROJECT), BUILD_TODAY)


def _open_tasks(filled: FilledProject) -> list[Row]:
    """Open tasks in the playbook's item order (the order `playbook mark` writes in)."""
    order = [item.id for item in filled.project.playbook.items]
    rows = [row for row in filled.tasks if row.state in ("open", "overdue")]
    return sorted(rows, key=lambda row: order.index(row.id))


def _mark_na(page: Page, title: str, note: str) -> None:
    page.locator("summary", has_text=f"N/A or note for {title}").click()
    page.get_by_role("checkbox", name=f"Not applicable for {title}", exact=True).check()
    page.get_by_role("textbox", name=f"Note for {title}", exact=True).fill(note)


def _cli_marks(root: Path, done: list[Row], na: list[tuple[Row, str]], today: str) -> bytes:
    """`playbook mark` for each change, in the playbook's item order."""
    order = [item.id for item in load_project(project_settings(root), PROJECT).playbook.items]
    notes = {row.id: note for row, note in na}
    for item in sorted([row.id for row in done] + list(notes), key=order.index):
        if item in notes:
            args = ["--state", "n/a", "--note", notes[item]]
        else:
            args = ["--state", "done", "--date", today]
        result = invoke(root, "mark", PROJECT, item, *args)
        assert result.exit_code == 0, result.stderr
    return (root / "projects" / f"{PROJECT}.yaml").read_bytes()


def _tick_and_download(
    page: Page, url: str, filled: FilledProject, tmp_path: Path, note: str
) -> tuple[bytes, bytes, Path]:
    """Tick three open tasks, mark a fourth n/a with a note, reload, download; the download,
    what `playbook mark` writes in a copy, and that copy."""
    open_page(page, url)
    rows = _open_tasks(filled)
    done, na = rows[:3], rows[3]
    for row in done:
        page.get_by_role("checkbox", name=row.title, exact=True).check()
    _mark_na(page, na.title, note)
    expect(page.locator("#pb-banner")).to_contain_text("4 changes are not yet in the project file.")
    page.reload()
    page.wait_for_load_state("networkidle")
    for row in done:
        expect(page.get_by_role("checkbox", name=row.title, exact=True)).to_be_checked()
    # In their closed disclosure: there, but out of the accessibility tree until opened.
    hidden = {"exact": True, "include_hidden": True}
    na_box = page.get_by_role("checkbox", name=f"Not applicable for {na.title}", **hidden)
    expect(na_box).to_be_checked()
    note_box = page.get_by_role("textbox", name=f"Note for {na.title}", **hidden)
    expect(note_box).to_have_value(note)
    expect(page.locator("#pb-banner")).to_contain_text("4 changes are not yet in the project file.")
    name, data = downloaded(
        page, lambda: page.get_by_role("button", name="Download updated project file").click()
    )
    assert name == f"{PROJECT}.yaml"
    root = repository_copy(tmp_path)
    expected = _cli_marks(root, done, [(na, note)], browser_today(page))
    return data, expected, root


def test_ticked_items_persist_and_download_like_playbook_mark(
    page: Page, page_log: PageLog, site_url: str, tmp_path: Path, shipped_project: FilledProject
) -> None:
    data, expected, root = _tick_and_download(
        page, project_url(site_url), shipped_project, tmp_path, "vendor: Acme, Inc."
    )
    assert data == expected
    (root / "projects" / f"{PROJECT}.yaml").write_bytes(data)
    result = invoke(root, "validate")
    assert result.exit_code == 0, result.stderr
    # Progress and overdue on the page are what Python makes of the edited file.
    today = dt.date.fromisoformat(browser_today(page))
    as_of = max(today, BUILD_TODAY)
    edited = fill(load_project(project_settings(root), PROJECT), as_of)
    expect(page.locator("#pb-summary-progress")).to_have_text(
        f"{edited.progress}% ({edited.done} of {len(edited.counted)} tasks done)"
    )
    expect(page.locator("#pb-summary-overdue")).to_have_text(str(len(edited.overdue)))
    assert page.locator("progress.playbook-progress").get_attribute("value") == str(edited.progress)
    # Discarding the changes returns the page to the project file.
    page.get_by_role("button", name="Discard changes").click()
    expect(page.locator("#pb-banner")).to_be_hidden()
    expect(page.locator("#pb-summary-progress")).to_have_text(
        f"{shipped_project.progress}% ({shipped_project.done} of "
        f"{len(shipped_project.counted)} tasks done)"
    )
    assert page_log.errors == []
    assert outside_site(page_log.requests, site_url) == []


def test_overdue_is_judged_by_the_browsers_date(
    page: Page, site_url: str, shipped_project: FilledProject
) -> None:
    later = dt.date(2027, 6, 1)
    page.clock.set_fixed_time(dt.datetime(2027, 6, 1, 10, 0))
    open_page(page, project_url(site_url))
    project = shipped_project.project
    then = fill(project, later)
    assert len(then.overdue) > len(shipped_project.overdue)
    expect(page.locator("#pb-summary-overdue")).to_have_text(str(len(then.overdue)))
    expect(page.locator("#pb-summary-as-of")).to_have_text(later.isoformat())
    states = page.evaluate(
        "() => Object.fromEntries(Array.from(document.querySelectorAll('tr[data-pb-item]'))"
        ".map(row => [row.dataset.pbItem, row.dataset.pbState]))"
    )
    assert states == {row.id: row.shown_state for row in then.tasks}
    # Ticking an overdue task takes it off the count at once.
    first = then.overdue[0]
    page.get_by_role("checkbox", name=first.title, exact=True).check()
    expect(page.locator("#pb-summary-overdue")).to_have_text(str(len(then.overdue) - 1))
    expect(page.locator(f"tr[data-pb-item='{first.id}'] td").nth(3)).to_contain_text(
        f"done ({later.isoformat()})"
    )


def _visible_items(page: Page) -> list[str]:
    items: list[str] = page.evaluate(
        "() => Array.from(document.querySelectorAll('tr[data-pb-item]'))"
        ".filter(row => row.offsetParent !== null).map(row => row.dataset.pbItem)"
    )
    return items


def test_filters_show_one_roles_open_or_overdue_tasks(
    page: Page, site_url: str, shipped_project: FilledProject
) -> None:
    open_page(page, project_url(site_url))
    rows = shipped_project.tasks
    assert sorted(_visible_items(page)) == sorted(row.id for row in rows)
    page.get_by_label("Mine: tasks of").select_option("pm")
    mine = [row for row in rows if row.owner_role == "pm"]
    assert 0 < len(mine) < len(rows)
    assert sorted(_visible_items(page)) == sorted(row.id for row in mine)
    expect(page.locator(".pb-filters__count")).to_have_text(
        f"Showing {len(mine)} of {len(rows)} tasks."
    )
    page.get_by_label("Overdue only").check()
    assert sorted(_visible_items(page)) == sorted(r.id for r in mine if r.state == "overdue")
    page.get_by_label("Mine: tasks of").select_option("")
    page.get_by_label("Overdue only").uncheck()
    page.get_by_label("Open only").check()
    assert sorted(_visible_items(page)) == sorted(
        row.id for row in rows if row.state in ("open", "overdue")
    )
    # The role is remembered with the project's changes.
    page.get_by_label("Mine: tasks of").select_option("pm")
    page.reload()
    expect(page.get_by_label("Mine: tasks of")).to_have_value("pm")


def test_hostile_notes_show_as_text(
    page: Page, site_url: str, shipped_project: FilledProject, tmp_path: Path
) -> None:
    open_page(page, project_url(site_url))
    row = _open_tasks(shipped_project)[0]
    note = f"{XSS} {XSS_SCRIPT}"
    _mark_na(page, row.title, note)
    cell = page.locator(f"tr[data-pb-item='{row.id}'] .pb-note-text")
    expect(cell).to_have_text(note)
    expect(page.locator("#pb-banner pre")).to_contain_text("window.__pwned=1")
    _, data = downloaded(
        page, lambda: page.get_by_role("button", name="Download updated project file").click()
    )
    assert data == _cli_marks(repository_copy(tmp_path), [], [(row, note)], browser_today(page))
    assert page.evaluate("window.__pwned") is None
    assert page.locator("img[src='x']").count() == 0


def test_a_file_with_status_on_one_line_gets_commands_instead_of_a_download(
    page: Page, site_url: str, shipped_project: FilledProject
) -> None:
    """`status: {a: ..., b: ...}` cannot be edited line by line: the page says so and shows
    the `playbook mark` commands (the page is given such a file on the way)."""
    url = project_url(site_url)

    def flow_style(route: Route) -> None:
        body = route.fetch().text()
        assert '"anchors":{"section":"block"' in body
        route.fulfill(
            body=body.replace('"anchors":{"section":"block"', '"anchors":{"section":"flow"'),
            content_type="text/html",
        )

    page.route(url, flow_style)
    open_page(page, url)
    row = _open_tasks(shipped_project)[0]
    page.get_by_role("checkbox", name=row.title, exact=True).check()
    banner = page.locator("#pb-banner")
    expect(banner).to_contain_text("written on one line (flow style)")
    expect(banner.get_by_role("button", name="Download updated project file")).to_have_count(0)
    today = browser_today(page)
    expect(banner.locator("pre")).to_have_text(
        f"playbook mark {PROJECT} {row.id} --state done --date {today}"
    )


# --- From files: the offline build -----------------------------------------------------------


@pytest.fixture(scope="module")
def offline_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    site = tmp_path_factory.mktemp("workbench-offline") / "site"
    build_site(project_settings(REPO, today=dt.date(2027, 3, 1)), site, offline=True)
    yield site


def test_kickoff_and_checklist_work_from_files(
    page: Page,
    page_log: PageLog,
    offline_site: Path,
    tmp_path: Path,
    playbooks: dict[str, Playbook],
    shipped_project: FilledProject,
) -> None:
    site = offline_site.as_uri() + "/"
    playbook = playbooks[DT]
    open_page(page, kickoff_url(site, DT, offline=True))
    answers = answers_for(playbook, "Offline Launch")
    fill_form(page, playbook, answers)
    _, data = downloaded(
        page, lambda: page.get_by_role("button", name="Download project file").click()
    )
    assert data == cli_kickoff(repository_copy(tmp_path / "one"), playbook, answers)
    data, expected, _ = _tick_and_download(
        page, project_url(site, offline=True), shipped_project, tmp_path / "two", "offline"
    )
    assert data == expected
    assert page_log.errors == []
    assert outside_site(page_log.requests, site) == []


# --- Accessibility and the keyboard --------------------------------------------------------


@pytest.mark.parametrize("scheme", list(SCHEMES))
def test_workbench_pages_have_no_serious_accessibility_violation(
    page: Page,
    site_url: str,
    axe_source: str,
    scheme: str,
    playbooks: dict[str, Playbook],
    shipped_project: FilledProject,
) -> None:
    page.emulate_media(color_scheme=scheme)
    found: list[str] = []
    playbook = playbooks[DT]
    open_page(page, kickoff_url(site_url, DT))
    assert page.evaluate("document.body.dataset.mdColorScheme") == SCHEMES[scheme]
    fill_form(page, playbook, answers_for(playbook, "Accessible"))
    expect(page.locator(".pb-preview__command")).to_be_visible()
    found += serious_violations(page, axe_source, f"{scheme}: kickoff, preview filled")
    page.get_by_role("textbox", name="Project name (required)").fill("")
    set_fact(page, fact_named(playbook, "team_size"), "many")
    page.get_by_role("button", name="Download project file").click()
    expect(page.locator("#pb-error-summary")).to_be_visible()
    found += serious_violations(page, axe_source, f"{scheme}: kickoff, errors shown")
    open_page(page, project_url(site_url))
    rows = _open_tasks(shipped_project)
    page.get_by_role("checkbox", name=rows[0].title, exact=True).check()
    _mark_na(page, rows[1].title, "not for us")
    page.locator("#pb-banner summary").click()
    page.get_by_label("Overdue only").check()
    found += serious_violations(page, axe_source, f"{scheme}: project, changed and filtered")
    assert found == [], "\n" + "\n".join(dict.fromkeys(found))


def _tab_until(page: Page, predicate: str, what: str, limit: int = 300) -> None:
    """Press Tab until ``predicate`` (JavaScript, about ``el``, the focused element) holds."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(
            f"(() => {{ const el = document.activeElement; return !!({predicate}); }})()"
        ):
            return
    pytest.fail(f"Tab never reached {what}")


def _tab_to(page: Page, element_id: str) -> None:
    _tab_until(page, f"el && el.id === {element_id!r}", f"#{element_id}")


def _keyboard_fact(page: Page, fact: Fact, value: Any) -> None:
    """Answer with the keyboard: type into boxes, arrows between radios, Space on checkboxes."""
    base = f"pb-fact-{fact.name}"
    if fact.type in ("text", "integer", "date"):
        _tab_to(page, base)
        page.keyboard.press("Control+A")
        page.keyboard.type(command_value(value))
        return
    if fact.type == "multi-choice":
        for index, choice in enumerate(fact.choice_values):
            if choice in value:
                _tab_to(page, f"{base}-{index}")
                page.keyboard.press("Space")
        return
    wanted = command_value(value) if fact.type == "boolean" else value
    _tab_until(page, f"el && el.name === 'fact:{fact.name}'", f"the group of {fact.name}")
    for _ in range(len(fact.choices) + 3):
        if page.evaluate("document.activeElement.value") == wanted:
            break
        page.keyboard.press("ArrowDown")
    if not page.evaluate("document.activeElement.checked"):
        page.keyboard.press("Space")
    assert page.evaluate("document.activeElement.checked")


def test_the_whole_kickoff_works_with_the_keyboard_alone(
    page: Page, site_url: str, tmp_path: Path, playbooks: dict[str, Playbook]
) -> None:
    playbook = playbooks[DT]
    open_page(page, kickoff_url(site_url, DT))
    download = "el && el.type === 'submit' && el.textContent === 'Download project file'"
    # Enter on Download with nothing filled in: focus goes to the summary, its first link
    # leads to the name.
    _tab_until(page, download, "the Download button")
    page.keyboard.press("Enter")
    expect(page.locator("#pb-error-summary")).to_be_focused()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator("#pb-name")).to_be_focused()
    answers = answers_for(playbook, "Keyboard Only")
    page.keyboard.type(answers.name)
    _tab_to(page, "pb-kickoff-date")
    page.keyboard.type(answers.kickoff.isoformat())
    for fact in playbook.meta.facts:
        _keyboard_fact(page, fact, answers.facts[fact.name])
    for role in playbook.meta.roles:
        if role.id in answers.roles:
            _tab_to(page, f"pb-role-{role.id}")
            page.keyboard.type(answers.roles[role.id])
    _tab_until(page, download, "the Download button")
    _, data = downloaded(page, lambda: page.keyboard.press("Enter"))
    assert data == cli_kickoff(repository_copy(tmp_path), playbook, answers)


def test_keyboard_reaches_every_control_of_the_checklist(
    page: Page, site_url: str, shipped_project: FilledProject
) -> None:
    open_page(page, project_url(site_url))
    row = _open_tasks(shipped_project)[0]
    _tab_to(page, f"pb-done-{row.id}")
    page.keyboard.press("Space")
    expect(page.locator("#pb-banner")).to_be_visible()
    in_row = f"el && el.tagName === 'SUMMARY' && el.closest('tr').dataset.pbItem === {row.id!r}"
    _tab_until(page, in_row, "its note")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.type("by keyboard")
    na = page.get_by_role("checkbox", name=f"Not applicable for {row.title}", exact=True)
    expect(na).to_be_checked()
    expect(page.locator(f"tr[data-pb-item='{row.id}'] .pb-note-text")).to_have_text("by keyboard")
