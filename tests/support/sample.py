"""The sample playbook (tests/fixtures/sample) moving on: its 1.0.0 recorded, 1.1.0 released."""

from __future__ import annotations

from pathlib import Path

from generator.projects.history import record_snapshot
from generator.validate.playbook import validate_playbook
from tests.support.files import replace_in

WRITE_CHARTER = """\
  - id: write-charter
    title: Write the project charter
    summary: One page that everyone signs.
    phase: initiate
    owner_role: pm
    due: -5d
"""


def record_current_version(root: Path) -> Path:
    """Record the playbook's current version in its history, as `playbook kickoff` does."""
    written = record_snapshot(validate_playbook(root / "playbooks" / "sample", root))
    assert written is not None
    return written


def _drop_from(path: Path, start: str) -> None:
    """Cut a file at the item beginning with ``start``: the last item of tasks and risks."""
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index(start)], encoding="utf-8")


def release_next_version(root: Path, *, drop_risk: bool = False) -> None:
    """Version 1.1.0: task regulator-notice removed, appoint-sponsor reworded, write-charter
    added; with ``drop_risk`` risk banking-cutover removed too."""
    folder = root / "playbooks" / "sample"
    replace_in(folder / "playbook.yaml", 'version: "1.0.0"', 'version: "1.1.0"')
    tasks = folder / "tasks.yaml"
    _drop_from(tasks, "  - id: regulator-notice\n")
    replace_in(tasks, "title: Appoint the sponsor", "title: Appoint the executive sponsor")
    tasks.write_text(tasks.read_text(encoding="utf-8") + WRITE_CHARTER, encoding="utf-8")
    if drop_risk:
        _drop_from(folder / "risks.yaml", "  - id: banking-cutover\n")
