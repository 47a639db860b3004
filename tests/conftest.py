"""Shared fixtures: the sample project, copies of it in tmp_path, and the repo root."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from tests.support.browser import launch_chromium
from tests.support.project import build_site, project_settings


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite tests/fixtures/golden/ from the rendered pages instead of comparing "
        "(`make golden` runs tests/render/test_golden.py with it); review the diff after",
    )


REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SAMPLE = FIXTURES / "sample"


@pytest.fixture
def sample_project(tmp_path: Path) -> Path:
    """A writable copy of tests/fixtures/sample: one playbook with an item of every kind."""
    target = tmp_path / "project"
    shutil.copytree(SAMPLE, target)
    return target


# The shipped site is built as of this date, so "overdue" never depends on the day tests run.
BUILD_TODAY = dt.date(2027, 3, 1)


@pytest.fixture(scope="session")
def shipped_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's own playbooks and projects, built once with the plugin, from a copy:
    a build keeps the portfolio's history, which tests must not write into the checkout."""
    root = tmp_path_factory.mktemp("shipped") / "repo"
    for name in SHIPPED_INPUTS:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, root / name)
        else:
            root.mkdir(exist_ok=True)
            shutil.copy2(source, root / name)
    site = root.parent / "site"
    build_site(project_settings(root, today=BUILD_TODAY), site)
    return site


# What a build of the repository reads.
SHIPPED_INPUTS = (
    "mkdocs.yml",
    "calendar.yaml",
    "content",
    "playbooks",
    "projects",
    "overrides",
    "schemas",
)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One Chromium for the whole run: Playwright's sync API allows one driver at a time, so
    every browser test (tests/browser/, and the German site's in tests/publish/) shares it."""
    with sync_playwright() as playwright:
        instance = launch_chromium(playwright)
        try:
            yield instance
        finally:
            instance.close()
