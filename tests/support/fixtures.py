"""The YAML fixtures: each case is a folder of whole files under tests/fixtures/<case>/."""

from __future__ import annotations

import shutil
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
REPO = FIXTURES.parents[1]
# The sample project: one playbook with an item of every kind, and one project.
SAMPLE = FIXTURES / "sample"


def fixture_text(case: str, name: str) -> str:
    """The text of ``tests/fixtures/<case>/<name>``."""
    return (FIXTURES / case / name).read_text(encoding="utf-8")


def fixture_copy(target: Path, case: str) -> Path:
    """A writable copy of ``tests/fixtures/<case>/`` at ``target`` (merged into it if it exists)."""
    shutil.copytree(FIXTURES / case, target, dirs_exist_ok=True)
    return target


# The artefact templates the starter playbook (digital-transformation) ships, by id.
STARTER_TEMPLATES = [
    "decision-log",
    "lessons-learned-record",
    "raci-matrix",
    "raid-log",
    "steering-committee-terms-of-reference",
    "weekly-status-report",
]
