"""The project every export test fills: the sample with projects/evil-co.yaml, whose values
are markup or formulas."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.render.pages import PageRenderer
from generator.resolve.project import FilledProject, fill
from tests.support.files import replace_in
from tests.support.fixtures import fixture_copy
from tests.support.project import validated_project

AS_OF = dt.date(2027, 3, 1)


def fill_project(root: Path, slug: str = "evil-co", today: dt.date = AS_OF) -> FilledProject:
    return fill(validated_project(root, slug), today)


def edit_project(root: Path, old: str, new: str) -> None:
    replace_in(root / "projects" / "evil-co.yaml", old, new)


@pytest.fixture
def root(sample_project: Path) -> Path:
    """The sample project with projects/evil-co.yaml: values that are markup or formulas."""
    fixture_copy(sample_project / "projects", "project-evil-co")
    return sample_project


@pytest.fixture
def filled(root: Path) -> FilledProject:
    return fill_project(root)


@pytest.fixture
def renderer() -> PageRenderer:
    return PageRenderer(None)
