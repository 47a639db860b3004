"""generator.pipeline under `serve`: a rebuild reuses the previous build's unchanged projects
and makes the very pages a fresh build makes."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest

from generator.pipeline import generate_site
from generator.publish.serving import serving
from generator.publish.site import GeneratedSite
from generator.render import playbooks as playbook_pages
from generator.render import projects as project_pages
from generator.render.pages import fill_fragments
from tests.support.files import replace_in
from tests.support.project import project_settings

TODAY = dt.date(2027, 3, 1)


def _site(generated: GeneratedSite) -> dict[str, str]:
    """Every page as MkDocs will see it once its fragments are in."""
    return {
        path: fill_fragments(text, generated.fragments.get(path, {}), generated.shared)
        for path, text in generated.pages.items()
    }


@pytest.fixture
def rendered(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What the build renders, one entry per project page, playbook and portfolio page."""
    made: list[str] = []
    render, render_playbook = project_pages.project_page, playbook_pages._playbook_pages
    render_portfolio = project_pages.portfolio_page

    def counted(filled: Any, *args: Any) -> str:
        made.append(filled.project.slug)
        return render(filled, *args)

    def counted_playbook(resolved: Any, *args: Any) -> dict[str, str]:
        made.append(f"playbook {resolved.playbook.id}")
        return render_playbook(resolved, *args)

    def counted_portfolio(*args: Any) -> str:
        made.append("portfolio")
        return render_portfolio(*args)

    monkeypatch.setattr(project_pages, "project_page", counted)
    monkeypatch.setattr(project_pages, "portfolio_page", counted_portfolio)
    monkeypatch.setattr(playbook_pages, "_playbook_pages", counted_playbook)
    return made


def _fresh(root: Path, today: dt.date = TODAY) -> dict[str, str]:
    """The pages of a build from nothing."""
    return _site(generate_site(project_settings(root, today=today)))


def _rebuild(
    root: Path, rendered: list[str], today: dt.date = TODAY
) -> tuple[dict[str, str], list[str]]:
    """The pages of a build under serve after the one before, and what it rendered."""
    rendered.clear()
    with serving():
        served = _fresh(root, today)
    return served, sorted(rendered)


def test_a_serve_rebuild_reuses_unchanged_projects_and_matches_a_fresh_build(
    sample_project: Path, rendered: list[str]
) -> None:
    projects = sample_project / "projects"
    shutil.copy(projects / "harbour-bank.yaml", projects / "harbour-bank-2.yaml")

    def rebuild() -> tuple[dict[str, str], list[str]]:
        return _rebuild(sample_project, rendered)

    def fresh() -> dict[str, str]:
        return _fresh(sample_project)

    first, rendered_first = rebuild()
    assert rendered_first == ["harbour-bank", "harbour-bank-2", "playbook sample", "portfolio"]
    # An edit elsewhere (a page of content, say) renders none of them again.
    assert rebuild() == (first, [])
    replace_in(projects / "harbour-bank-2.yaml", "name: Harbour Bank", "name: Harbour Two")
    served, rendered_again = rebuild()
    expected = fresh()
    # The other project's page and the playbook's pages were reused.
    assert rendered_again == ["harbour-bank-2", "portfolio"]
    assert served == expected
    assert first["projects/harbour-bank-2/index.md"] != expected["projects/harbour-bank-2/index.md"]

    replace_in(
        sample_project / "playbooks" / "sample" / "risks.yaml",
        "title: Scope creep",
        "title: Scope drift",
    )
    served, rendered_again = rebuild()
    assert rendered_again == ["harbour-bank", "harbour-bank-2", "playbook sample", "portfolio"]
    assert served == fresh()
    assert "Scope drift" in served["projects/harbour-bank/index.md"]


def test_a_serve_rebuild_follows_a_new_history_and_a_new_day(
    sample_project: Path, rendered: list[str]
) -> None:
    def rebuild(today: dt.date) -> tuple[dict[str, str], list[str]]:
        return _rebuild(sample_project, rendered, today)

    def fresh(today: dt.date) -> dict[str, str]:
        return _fresh(sample_project, today)

    first, _ = rebuild(TODAY)
    history = sample_project / ".playbook" / "portfolio-history.json"
    history.parent.mkdir()
    history.write_text(
        '{"format": 1, "projects": {"harbour-bank": ['
        '{"date": "2027-02-22", "overdue": 0, "progress": 0, "rag": "green"}]}}\n'
    )
    # Only the portfolio shows the history, so only its page is made again.
    served, rendered_again = rebuild(TODAY)
    assert rendered_again == ["portfolio"]
    assert served == fresh(TODAY)
    assert served["projects/index.md"] != first["projects/index.md"]

    # A new day moves what is overdue and what is due for review: everything is made again.
    tomorrow = TODAY + dt.timedelta(days=1)
    served, rendered_again = rebuild(tomorrow)
    assert rendered_again == ["harbour-bank", "playbook sample", "portfolio"]
    assert served == fresh(tomorrow)
