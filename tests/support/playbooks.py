"""A small, valid playbook folder in a temporary project, one file replaceable at a time.

Tests start from tests/fixtures/playbook-demo (every file kind, each with one item and no
references between files, so breaking one file cannot cascade into another) and replace or
remove single files to break exactly one thing:

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
from generator.model.project import Project
from generator.validate.playbook import validate_playbook
from generator.validate.project import validate_project
from tests.support.fixtures import FIXTURES, fixture_copy

PLAYBOOK_ID = "demo"
FOLDER = f"playbooks/{PLAYBOOK_ID}"

DEFAULT_FILES: dict[str, str] = {
    path.name: path.read_text(encoding="utf-8")
    for path in sorted((FIXTURES / "playbook-demo").glob("*.yaml"))
}
DEFAULT_ITEM_COUNT = 7
# The first nine lines of the demo playbook.yaml (id to roles), for tests that add their facts.
PLAYBOOK_HEAD, _, _ = DEFAULT_FILES["playbook.yaml"].partition("facts:\n")
# The demo risks.yaml and scope.yaml use the demo facts; drop them when replacing the facts.
WITHOUT_FACT_USERS: dict[str, str | None] = {"risks.yaml": None, "scope.yaml": None}


def yaml_text(text: str) -> str:
    """Dedent inline YAML and drop one leading newline, so line 1 is the first written line."""
    return textwrap.dedent(text).removeprefix("\n")


def item_file(list_key: str, fields: Mapping[str, str]) -> str:
    """A file of one item, a field a line in the order given; a value of '' drops its field."""
    lines = [f"    {key}: {value}" for key, value in fields.items() if value != ""]
    lines[0] = "  - " + lines[0].lstrip()
    return f"{list_key}:\n" + "\n".join(lines) + "\n"


def task(**fields: str) -> str:
    """A tasks.yaml with one valid task (7 lines: id on 2, due on 7), fields replaceable."""
    defaults = {
        "id": "hold-kickoff",
        "title": "Hold the kickoff meeting",
        "summary": "Bring the team together.",
        "phase": "initiate",
        "owner_role": "pm",
        "due": "0d",
    }
    return item_file("tasks", {**defaults, **fields})


def write_playbook(
    root: Path,
    files: Mapping[str, str | bytes | None] | None = None,
    *,
    playbook_id: str = PLAYBOOK_ID,
) -> Path:
    """Write ``root/playbooks/<playbook_id>/`` from playbook-demo, overridden by ``files``.

    A value of ``None`` leaves that file out; bytes are written as they are; text is passed
    through ``yaml_text``. Any file name may be given, including unexpected ones.
    """
    folder = fixture_copy(root / "playbooks" / playbook_id, "playbook-demo")
    for name, content in (files or {}).items():
        target = folder / name
        if content is None:
            target.unlink(missing_ok=True)
        elif isinstance(content, bytes):
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


# --- a project of the demo playbook, in projects/p.yaml ------------------------------------

DEMO_FACTS = "{regulated: true, team_size: 12, industry: banking}"


def demo_project(
    *, facts: str = DEMO_FACTS, kickoff: str = "2027-02-01", version: str = "1.0.0", extra: str = ""
) -> str:
    """A project file of the demo playbook: five lines (facts on line 5), then ``extra``."""
    return (
        f'name: Harbour Bank\nplaybook: demo\nplaybook_version: "{version}"\n'
        f"kickoff: {kickoff}\nfacts: {facts}\n{yaml_text(extra)}"
    )


def load_demo_project(
    root: Path, project: str, files: Mapping[str, str | None] | None = None
) -> Project:
    """Write the demo playbook (with ``files``) and ``project`` as projects/p.yaml; validate
    both as the command line does."""
    playbook = validate_playbook(write_playbook(root, files), root)
    path = root / "projects" / "p.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(project, encoding="utf-8")
    return validate_project(path, root, {playbook.id: playbook})


def demo_project_problems(
    root: Path, project: str, files: Mapping[str, str | None] | None = None
) -> list[str]:
    """The problems of ``load_demo_project``, as printed; fails the test if there are none."""
    with pytest.raises(ContentError) as caught:
        load_demo_project(root, project, files)
    return [str(problem) for problem in caught.value.problems]
