"""`playbook status` and `playbook upgrade` after the playbook moved on to a new version.

Each test starts from the sample project (playbook `sample` 1.0.0, project harbour-bank),
records the 1.0.0 snapshot the way `playbook kickoff` does, then edits the playbook: bump the
version, remove `regulator-notice`, reword `appoint-sponsor`, add `write-charter`.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from generator.checklist import fill
from generator.cli import main
from generator.history import record_snapshot, snapshot_path
from generator.projects import Project, validate_project
from generator.validation import validate_playbook
from tests.helpers_playbook import yaml_text

REGULATOR_NOTICE = """\
  - id: regulator-notice
    title: Notify the regulator
    summary: Tell the regulator about the change.
    phase: plan
    owner_role: sponsor
    due: +2w
    condition: regulated
"""

WRITE_CHARTER = """\
  - id: write-charter
    title: Write the project charter
    summary: One page that everyone signs.
    phase: initiate
    owner_role: pm
    due: -5d
"""

BANKING_CUTOVER_START = "  - id: banking-cutover\n"


def _run(root: Path, *args: str) -> Result:
    result = CliRunner().invoke(main, ["--root", str(root), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    return result


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _playbook_file(root: Path, name: str) -> Path:
    return root / "playbooks" / "sample" / name


def _record_current_snapshot(root: Path) -> Path:
    written = record_snapshot(validate_playbook(root / "playbooks" / "sample", root))
    assert written is not None
    return written


def _release_1_1(root: Path, *, drop_risk: bool = False) -> None:
    """The playbook's next version: one task removed, one reworded, one added."""
    _replace(_playbook_file(root, "playbook.yaml"), 'version: "1.0.0"', 'version: "1.1.0"')
    tasks = _playbook_file(root, "tasks.yaml")
    _replace(tasks, REGULATOR_NOTICE, "")
    _replace(tasks, "title: Appoint the sponsor", "title: Appoint the executive sponsor")
    tasks.write_text(tasks.read_text(encoding="utf-8") + WRITE_CHARTER, encoding="utf-8")
    if drop_risk:
        risks = _playbook_file(root, "risks.yaml")
        text = risks.read_text(encoding="utf-8")
        risks.write_text(text[: text.index(BANKING_CUTOVER_START)], encoding="utf-8")


def _project(root: Path, slug: str = "harbour-bank") -> Project:
    playbook = validate_playbook(root / "playbooks" / "sample", root)
    return validate_project(root / "projects" / f"{slug}.yaml", root, {"sample": playbook})


@pytest.fixture
def root(sample_project: Path) -> Path:
    _record_current_snapshot(sample_project)
    return sample_project


@pytest.fixture
def project_file(root: Path) -> Path:
    return root / "projects" / "harbour-bank.yaml"


# --- status ---------------------------------------------------------------------------------


def test_status_lists_added_removed_and_reworded_items(root: Path) -> None:
    _release_1_1(root)
    result = _run(root, "status", "harbour-bank", "--today", "2027-03-01")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    tail = lines[lines.index("The playbook is at 1.1.0; this project follows 1.0.0.") :]
    assert tail == [
        "The playbook is at 1.1.0; this project follows 1.0.0.",
        "  Added: write-charter (Write the project charter)",
        "  Removed: regulator-notice (Notify the regulator)",
        "  Reworded: appoint-sponsor (Appoint the executive sponsor)",
        "Run `playbook upgrade harbour-bank` to move to 1.1.0.",
    ]


def test_status_of_an_outdated_project_uses_the_new_items(root: Path) -> None:
    _release_1_1(root)
    result = _run(root, "status", "harbour-bank", "--today", "2027-03-01")
    assert "Progress: 33% (1 of 3 tasks done)" in result.stdout
    assert "  2027-01-27  write-charter: Write the project charter" in result.stdout
    assert "regulator-notice:" not in result.stdout.split("The playbook is at")[0]


def test_status_without_the_old_snapshot_says_so(sample_project: Path) -> None:
    _release_1_1(sample_project)  # no snapshot of 1.0.0 was ever recorded
    result = _run(sample_project, "status", "harbour-bank")
    assert result.exit_code == 0, result.stderr
    assert (
        "  No record of version 1.0.0 (playbooks/sample/history/1.0.0.json), so the "
        "changes cannot be listed."
    ) in result.stdout.splitlines()
    assert "Added:" not in result.stdout


def test_status_when_only_the_version_changed(root: Path) -> None:
    _replace(_playbook_file(root, "playbook.yaml"), 'version: "1.0.0"', 'version: "1.0.1"')
    result = _run(root, "status", "harbour-bank")
    assert result.exit_code == 0, result.stderr
    assert "The playbook is at 1.0.1; this project follows 1.0.0." in result.stdout
    assert not any(word in result.stdout for word in ("Added:", "Removed:", "Reworded:"))


# --- upgrade --------------------------------------------------------------------------------


def test_upgrade_records_the_version_and_reports(root: Path, project_file: Path) -> None:
    _release_1_1(root)
    result = _run(root, "upgrade", "harbour-bank")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "Upgraded Harbour Bank <b>Core</b> Renewal from sample 1.0.0 to 1.1.0.",
        "Kept the status of 1 item.",
        "Dropped (no longer in the playbook): regulator-notice (status)",
        "  Added: write-charter (Write the project charter)",
        "  Reworded: appoint-sponsor (Appoint the executive sponsor)",
    ]
    project = _project(root)
    assert project.file.playbook_version == "1.1.0"
    assert not project.outdated
    assert project.stale_ids == ()
    assert "regulator-notice" not in project.file.status
    assert snapshot_path(project.playbook, "1.1.0").is_file()


def test_upgrade_keeps_status_of_existing_items(root: Path) -> None:
    _release_1_1(root)
    assert _run(root, "upgrade", "harbour-bank").exit_code == 0
    filled = fill(_project(root), dt.date(2027, 3, 1))
    states = {row.id: (row.state, row.done_on) for row in filled.tasks}
    assert states == {
        "appoint-sponsor": ("done", dt.date(2027, 1, 20)),
        "kickoff-meeting": ("overdue", None),
        "write-charter": ("overdue", None),
    }
    assert {row.id: (row.likelihood, row.impact, row.owner) for row in filled.risks} == {
        "scope-creep": (5, 4, "Dana Ruiz"),
        "banking-cutover": (2, 5, ""),
    }


COMMENTED = """
    # Harbour Bank: tracked by the PMO.
    # Questions to Lee.
    name: Harbour Bank
    playbook: sample
    playbook_version: "1.0.0"  # pinned at kickoff
    kickoff: 2027-02-01
    facts:
      industry: banking  # per the charter
      regulated: true
      team_size: 12
    roles:
      pm: Lee Chen
    # Progress, ticked off at the weekly meeting.
    status:
      appoint-sponsor: {state: done, date: 2027-01-20}  # minutes in the wiki
      regulator-notice: {state: n/a, note: not needed}
      kickoff-meeting:
        state: done
        date: 2027-02-01
    risks:
      scope-creep: {likelihood: 5, impact: 4, owner: Dana Ruiz}  # re-scored in March
"""


def test_upgrade_changes_only_the_version_and_dropped_lines(root: Path, project_file: Path) -> None:
    original = yaml_text(COMMENTED)
    project_file.write_text(original, encoding="utf-8")
    _release_1_1(root)
    assert _run(root, "upgrade", "harbour-bank").exit_code == 0
    expected = original.replace(
        'playbook_version: "1.0.0"  # pinned', "playbook_version: 1.1.0  # pinned"
    ).replace("  regulator-notice: {state: n/a, note: not needed}\n", "")
    assert project_file.read_text(encoding="utf-8") == expected
    assert _project(root).file.status["kickoff-meeting"].state == "done"


def test_upgrade_drops_a_multi_line_entry_and_a_risk_override(
    root: Path, project_file: Path
) -> None:
    original = yaml_text("""
        name: Harbour Bank
        playbook: sample
        playbook_version: 1.0.0
        kickoff: 2027-02-01
        facts: {industry: banking, regulated: true}
        status:
          regulator-notice:
            state: n/a
            note: >-
              not needed
              for this bank
          appoint-sponsor: {state: done}
        risks:
          banking-cutover:
            impact: 4
            owner: Ada Obi
          scope-creep: {impact: 2}
    """)
    project_file.write_text(original, encoding="utf-8")
    _release_1_1(root, drop_risk=True)
    result = _run(root, "upgrade", "harbour-bank")
    assert result.exit_code == 0, result.stderr
    assert (
        "Dropped (no longer in the playbook): regulator-notice (status), banking-cutover (risks)"
    ) in result.stdout.splitlines()
    assert project_file.read_text(encoding="utf-8") == yaml_text("""
        name: Harbour Bank
        playbook: sample
        playbook_version: 1.1.0
        kickoff: 2027-02-01
        facts: {industry: banking, regulated: true}
        status:
          appoint-sponsor: {state: done}
        risks:
          scope-creep: {impact: 2}
    """)
    project = _project(root)
    assert set(project.file.risks) == {"scope-creep"}


def test_upgrade_leaves_an_emptied_section_valid(root: Path, project_file: Path) -> None:
    project_file.write_text(
        yaml_text("""
        name: Harbour Bank
        playbook: sample
        playbook_version: 1.0.0
        kickoff: 2027-02-01
        facts: {industry: banking, regulated: true}
        status:
          regulator-notice: {state: n/a}
        risks:
          banking-cutover: {impact: 4}
    """),
        encoding="utf-8",
    )
    _release_1_1(root, drop_risk=True)
    result = _run(root, "upgrade", "harbour-bank")
    assert result.exit_code == 0, result.stderr
    text = project_file.read_text(encoding="utf-8")
    assert "status: {}\n" in text
    assert text.endswith("risks: {}\n") or text.endswith("risks: {}")
    project = _project(root)
    assert (project.file.status, project.file.risks) == ({}, {})


def test_upgrade_keeps_a_comment_written_above_a_kept_entry(root: Path, project_file: Path) -> None:
    project_file.write_text(
        yaml_text("""
        name: Harbour Bank
        playbook: sample
        playbook_version: 1.0.0
        kickoff: 2027-02-01
        facts: {industry: banking, regulated: true}
        status:
          regulator-notice: {state: n/a}

          # Signed by the board on 20 January.
          appoint-sponsor: {state: done, date: 2027-01-20}
    """),
        encoding="utf-8",
    )
    _release_1_1(root)
    assert _run(root, "upgrade", "harbour-bank").exit_code == 0
    text = project_file.read_text(encoding="utf-8")
    assert "regulator-notice" not in text
    assert "  # Signed by the board on 20 January.\n" in text
    assert _project(root).file.status["appoint-sponsor"].state == "done"


@pytest.mark.parametrize(
    "comment_block",
    [
        pytest.param(
            "\n# Risks are re-scored every month.\nrisks:\n  scope-creep: {impact: 2}\n",
            id="comment-above-the-next-section",
        ),
        pytest.param("# End of the Harbour Bank project file.\n", id="comment-at-end-of-file"),
    ],
)
def test_upgrade_keeps_comments_after_the_last_dropped_entry(
    root: Path, project_file: Path, comment_block: str
) -> None:
    project_file.write_text(
        yaml_text("""
        name: Harbour Bank
        playbook: sample
        playbook_version: 1.0.0
        kickoff: 2027-02-01
        facts: {industry: banking, regulated: true}
        status:
          appoint-sponsor: {state: done, date: 2027-01-20}
          regulator-notice: {state: n/a}
    """)
        + comment_block,
        encoding="utf-8",
    )
    _release_1_1(root)
    assert _run(root, "upgrade", "harbour-bank").exit_code == 0
    text = project_file.read_text(encoding="utf-8")
    assert "regulator-notice" not in text
    comments = [line for line in comment_block.splitlines() if line.startswith("#")]
    assert comments
    for line in comments:
        assert line in text.splitlines(), text
    _project(root)


def test_upgrade_keeps_windows_line_endings(root: Path, project_file: Path) -> None:
    original = project_file.read_text(encoding="utf-8").replace("\n", "\r\n")
    project_file.write_bytes(original.encode("utf-8"))
    _release_1_1(root)
    result = _run(root, "upgrade", "harbour-bank")
    assert result.exit_code == 0, result.stderr
    data = project_file.read_bytes()
    assert data.count(b"\r\n") == data.count(b"\n") == original.count("\n") - 1
    assert b"playbook_version: 1.1.0\r\n" in data
    assert _project(root).file.playbook_version == "1.1.0"


def test_upgrade_when_already_current_does_nothing(root: Path, project_file: Path) -> None:
    before = project_file.read_bytes()
    result = _run(root, "upgrade", "harbour-bank")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "Harbour Bank <b>Core</b> Renewal already follows sample 1.0.0; nothing to do.\n"
    )
    assert project_file.read_bytes() == before


def test_second_upgrade_does_nothing(root: Path, project_file: Path) -> None:
    _release_1_1(root)
    assert _run(root, "upgrade", "harbour-bank").exit_code == 0
    after_first = project_file.read_bytes()
    result = _run(root, "upgrade", "harbour-bank")
    assert result.exit_code == 0
    assert "already follows sample 1.1.0; nothing to do." in result.stdout
    assert project_file.read_bytes() == after_first
    status = _run(root, "status", "harbour-bank")
    assert "The project follows the playbook's current version (1.1.0)." in status.stdout


def test_upgrade_records_the_new_snapshot(root: Path) -> None:
    _release_1_1(root)
    new_snapshot = root / "playbooks" / "sample" / "history" / "1.1.0.json"
    assert not new_snapshot.exists()
    assert _run(root, "upgrade", "harbour-bank").exit_code == 0
    items = json.loads(new_snapshot.read_text(encoding="utf-8"))["items"]
    assert "write-charter" in items
    assert "regulator-notice" not in items
    assert items["appoint-sponsor"]["title"] == "Appoint the executive sponsor"


def test_upgrade_without_the_old_snapshot_still_upgrades(sample_project: Path) -> None:
    _release_1_1(sample_project)
    result = _run(sample_project, "upgrade", "harbour-bank")
    assert result.exit_code == 0, result.stderr
    assert "Dropped (no longer in the playbook): regulator-notice (status)" in result.stdout
    assert "Added:" not in result.stdout
    assert _project(sample_project).file.playbook_version == "1.1.0"


def test_upgrade_that_cannot_complete_leaves_the_file_alone(root: Path, project_file: Path) -> None:
    _release_1_1(root)
    # A new required fact without a default: the project cannot follow 1.1.0 as it stands.
    playbook = _playbook_file(root, "playbook.yaml")
    playbook.write_text(
        playbook.read_text(encoding="utf-8")
        + "  - {name: budget, type: integer, prompt: Budget in k EUR?}\n",
        encoding="utf-8",
    )
    before = project_file.read_bytes()
    result = _run(root, "upgrade", "harbour-bank")
    assert result.exit_code == 1
    assert "unanswered fact 'budget'" in result.stderr
    assert result.stderr.splitlines()[-1].endswith("found.")
    assert result.stdout == ""
    assert project_file.read_bytes() == before
    assert not (root / "playbooks" / "sample" / "history" / "1.1.0.json").exists()
    assert [p.name for p in project_file.parent.iterdir()] == ["harbour-bank.yaml"]


def test_upgrade_of_a_flow_style_section_is_refused_untouched(
    root: Path, project_file: Path
) -> None:
    _replace(
        project_file,
        "status:\n  appoint-sponsor: {state: done, date: 2027-01-20}\n  regulator-notice:",
        "status: {appoint-sponsor: {state: done, date: 2027-01-20}, regulator-notice:",
    )
    _replace(project_file, 'not needed"}\n', 'not needed"}}\n')
    assert _project(root).file.status["appoint-sponsor"].state == "done"
    _release_1_1(root)
    before = project_file.read_bytes()
    result = _run(root, "upgrade", "harbour-bank")
    assert result.exit_code == 2
    assert "'status' is written on one line (flow style)" in result.stderr
    assert project_file.read_bytes() == before


def test_upgrade_of_unknown_project_is_exit_2(root: Path) -> None:
    result = _run(root, "upgrade", "nope")
    assert result.exit_code == 2
    assert "no project file projects/nope.yaml" in result.stderr
