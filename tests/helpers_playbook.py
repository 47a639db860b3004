"""Write a small, valid playbook folder into a temporary project, one file replaceable at a time.

Tests start from ``DEFAULT_FILES`` (every file kind, each with one item and no references
between files, so breaking one file cannot cascade into another) and replace or remove
single files to break exactly one thing:

    folder = write_playbook(tmp_path, {"risks.yaml": '''
        risks:
          - id: ...
    '''})
    problems = validation_problems(tmp_path, folder)

Inline YAML is dedented and one leading newline is dropped, so the first line written after
the opening quotes is line 1 of the file.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from pathlib import Path

import pytest

from generator.errors import ContentError, Problem
from generator.model.playbook import Playbook
from generator.validate.playbook import validate_playbook

PLAYBOOK_ID = "demo"
FOLDER = f"playbooks/{PLAYBOOK_ID}"

DEFAULT_FILES: dict[str, str] = {
    "playbook.yaml": """
        id: demo
        title: Demo playbook
        description: A small playbook used by the tests.
        version: "1.0.0"
        roles:
          - id: pm
            title: Project manager
          - id: sponsor
            title: Executive sponsor
        facts:
          - name: regulated
            type: boolean
          - name: team_size
            type: integer
          - name: industry
            type: choice
            choices: [banking, retail]
          - name: channels
            type: multi-choice
            choices: [web, mobile]
            required: false
          - name: go_live
            type: date
            required: false
    """,
    "practices.yaml": """
        practices:
          - id: weekly-status
            title: Report status weekly
            summary: A short written status every week.
            why: People plan better when they know where things stand.
            how:
              - Send a one-page note every Friday.
    """,
    "risks.yaml": """
        risks:
          - id: scope-creep
            title: Scope creep
            summary: Requirements keep growing.
            category: delivery
            description: Every department adds its wish list.
            likelihood: 3
            impact: 4
            warning_signs:
              - New requests arrive every week.
            response: mitigate
            mitigation:
              - Put every change through change control.
            owner_role: pm
            condition: team_size > 10
    """,
    "tasks.yaml": """
        tasks:
          - id: hold-kickoff
            title: Hold the kickoff meeting
            summary: Bring the team and the sponsor together.
            phase: initiate
            owner_role: pm
            due: 0d
    """,
    "scope.yaml": """
        scope:
          - id: scope-objectives
            title: Objectives
            summary: What the project must achieve.
            section: objectives
            guidance: Write objectives that can be measured.
            template: "{{ project.name }} serves the {{ facts.industry }} industry."
    """,
    "faqs.yaml": """
        faqs:
          - id: why-a-pmo
            title: Why a PMO?
            summary: What a PMO adds.
            question: Why do we need a PMO?
            answer: It keeps many projects pointed at the same goals.
    """,
    "case-studies.yaml": """
        case_studies:
          - id: bank-modernisation
            title: A bank modernises its core
            summary: A regional bank replaces its core system.
            organization_type: Regional bank
            industry: banking
            challenge: The core system was thirty years old.
            pmo_role: The PMO ran the migration plan.
            approach:
              - Migrate one product line at a time.
            outcome: The migration finished on time.
            lessons:
              - Start with the smallest product line.
    """,
}
DEFAULT_ITEM_COUNT = 6


def yaml_text(text: str) -> str:
    """Dedent inline YAML and drop one leading newline, so line 1 is the first written line."""
    return textwrap.dedent(text).removeprefix("\n")


def write_playbook(
    root: Path,
    files: Mapping[str, str | bytes | None] | None = None,
    *,
    playbook_id: str = PLAYBOOK_ID,
) -> Path:
    """Write ``root/playbooks/<playbook_id>/`` from DEFAULT_FILES, overridden by ``files``.

    A value of ``None`` leaves that file out; bytes are written as they are; text is passed
    through ``yaml_text``. Any file name may be given, including unexpected ones.
    """
    folder = root / "playbooks" / playbook_id
    folder.mkdir(parents=True, exist_ok=True)
    contents: dict[str, str | bytes | None] = {**DEFAULT_FILES, **(files or {})}
    for name, content in contents.items():
        if content is None:
            continue
        target = folder / name
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(yaml_text(content), encoding="utf-8")
    return folder


def validate(root: Path, folder: Path) -> Playbook:
    return validate_playbook(folder, root)


def validation_problems(root: Path, folder: Path) -> list[Problem]:
    """The problems ``validate_playbook`` reports; fails the test if it does not raise."""
    with pytest.raises(ContentError) as caught:
        validate_playbook(folder, root)
    return caught.value.problems


def only_problem(root: Path, folder: Path) -> Problem:
    """The single problem reported; fails, listing them all, if there is not exactly one."""
    problems = validation_problems(root, folder)
    assert len(problems) == 1, "\n".join(str(p) for p in problems)
    return problems[0]
