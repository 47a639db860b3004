"""Shared fixtures: the sample project, copies of it in tmp_path, and the repo root."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SAMPLE = FIXTURES / "sample"


@pytest.fixture
def sample_project(tmp_path: Path) -> Path:
    """A writable copy of tests/fixtures/sample: one playbook with an item of every kind."""
    target = tmp_path / "project"
    shutil.copytree(SAMPLE, target)
    return target
