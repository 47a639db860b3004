"""A project's page prints as a kickoff pack: Chromium's print-to-PDF keeps the project name
and every checklist item, and drops navigation and search."""

from __future__ import annotations

import io
import re

import pytest
from playwright.sync_api import Page
from pypdf import PdfReader

from generator.projects.files import load_project
from generator.resolve.project import fill
from tests.conftest import BUILD_TODAY, REPO
from tests.support.project import project_settings

pytestmark = pytest.mark.browser


def _words(text: str) -> str:
    """Whitespace collapsed; a hyphenated word broken across lines is joined again."""
    return re.sub(r"-\s+", "-", re.sub(r"\s+", " ", text)).strip()


@pytest.mark.parametrize("slug", ["core-banking-revamp", "online-store-expansion"])
def test_project_page_prints_with_every_checklist_item(
    page: Page, site_url: str, slug: str
) -> None:
    filled = fill(load_project(project_settings(REPO), slug), BUILD_TODAY)
    page.goto(f"{site_url}projects/{slug}/")
    page.emulate_media(media="print")
    assert not page.locator(".md-search").is_visible()
    assert not page.locator(".md-sidebar--primary").is_visible()
    pdf = page.pdf(format="A4", print_background=True)
    reader = PdfReader(io.BytesIO(pdf))
    text = _words(" ".join(p.extract_text() or "" for p in reader.pages))
    assert _words(filled.project.name) in text
    missing = [row.title for row in filled.tasks if _words(row.title) not in text]
    assert missing == [], f"not in the printed pack: {missing}"
    assert "Search" not in text.split(filled.project.name)[0], "search box printed above title"
    assert len(reader.pages) < 25
