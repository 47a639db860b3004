"""`playbook status` and `playbook upgrade` after the playbook moved on to a new version.

Each test starts from the sample project (playbook `sample` 1.0.0, project harbour-bank),
records the 1.0.0 snapshot the way `playbook kickoff` does, then edits the playbook: bump the
version, remove `regulator-notice`, reword `appoint-sponsor`, add `write-charter`.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from generator.cli import main
from generator.errors import ContentError
from generator.model.project import Project
from generator.projects.history import changes_since, record_snapshot, snapshot_path
from generator.resolve.project import fill
from generator.validate.playbook import validate_playbook
from generator.validate.project import validate_project
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
    assert result.stderr.splitlines()[-1].startswith("1 problem")  # the closing count line
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


# --- history snapshots that cannot be trusted -----------------------------------------------

SNAPSHOT = "playbooks/sample/history/1.0.0.json"
NOT_VALID = f"{SNAPSHOT}: history snapshot is not valid"
OUTSIDE = f"{SNAPSHOT}: points outside the project"
LIMIT = 5 * 1024 * 1024


def _write(content: bytes) -> Callable[[Path, Path], None]:
    def setup(snapshot: Path, _outside: Path) -> None:
        snapshot.write_bytes(content)

    return setup


def _folder(snapshot: Path, _outside: Path) -> None:
    snapshot.unlink()
    snapshot.mkdir()
    (snapshot / "1.0.0.json").write_text("{}", encoding="utf-8")


def _fifo(snapshot: Path, _outside: Path) -> None:
    snapshot.unlink()
    os.mkfifo(snapshot)


def _link_outside(snapshot: Path, outside: Path) -> None:
    outside.write_bytes(snapshot.read_bytes())  # a valid snapshot, but not the project's
    snapshot.unlink()
    snapshot.symlink_to(outside)


def _dangling_link_outside(snapshot: Path, outside: Path) -> None:
    snapshot.unlink()
    snapshot.symlink_to(outside)


def _history_folder_outside(snapshot: Path, outside: Path) -> None:
    outside.mkdir()
    (outside / snapshot.name).write_bytes(snapshot.read_bytes())
    history = snapshot.parent
    snapshot.unlink()
    history.rmdir()
    history.symlink_to(outside, target_is_directory=True)


BAD_SNAPSHOTS = [
    pytest.param(
        _write(b'{\n  "items": {\n    "a": {"title": "A", "hash": "1"},\n  }\n}\n'),
        f"{SNAPSHOT}:4: history snapshot is not valid: invalid JSON: "
        "Expecting property name enclosed in double quotes",
        id="invalid-json",
    ),
    pytest.param(
        _write(b""),
        f"{SNAPSHOT}:1: history snapshot is not valid: invalid JSON: Expecting value",
        id="empty-file",
    ),
    pytest.param(_write(b"[]\n"), f"{NOT_VALID}: expected a JSON object, got a list", id="a-list"),
    pytest.param(_write(b'{"version": "1.0.0"}'), f"{NOT_VALID}: it has no 'items'", id="no-items"),
    pytest.param(
        _write(b'{"items": ["appoint-sponsor"]}'),
        f"{NOT_VALID}: 'items' must be an object of item ids, got a list",
        id="items-a-list",
    ),
    pytest.param(
        _write(b'{"items": null}'),
        f"{NOT_VALID}: 'items' must be an object of item ids, got null",
        id="items-null",
    ),
    pytest.param(
        _write(b'{"items": {"appoint-sponsor": "Appoint the sponsor"}}'),
        f"{NOT_VALID}: item 'appoint-sponsor' must be an object, got text",
        id="entry-not-an-object",
    ),
    pytest.param(
        _write(b'{"items": {"appoint-sponsor": {"title": "Appoint the sponsor"}}}'),
        f"{NOT_VALID}: item 'appoint-sponsor' has no 'hash'",
        id="entry-without-hash",
    ),
    pytest.param(
        _write(b'{"items": {"appoint-sponsor": {"hash": "0123456789abcdef"}}}'),
        f"{NOT_VALID}: item 'appoint-sponsor' has no 'title'",
        id="entry-without-title",
    ),
    pytest.param(
        _write(b'{"items": {"appoint-sponsor": {"title": "Appoint", "hash": 7}}}'),
        f"{NOT_VALID}: item 'appoint-sponsor': 'hash' must be text, got a number",
        id="hash-a-number",
    ),
    pytest.param(
        _write(b'{"items": {"appoint-sponsor": {"title": null, "hash": "01"}}}'),
        f"{NOT_VALID}: item 'appoint-sponsor': 'title' must be text, got null",
        id="title-null",
    ),
    pytest.param(
        _write(b'{"items": {"appoint-sponsor": {"title": "A", "hash": "01", "kind": []}}}'),
        f"{NOT_VALID}: item 'appoint-sponsor': 'kind' must be text, got a list",
        id="kind-a-list",
    ),
    pytest.param(
        _write(b'{"items": {"' + b"x" * 5000 + b'": 1}}'),
        f"{NOT_VALID}: item '{'x' * 59}…' must be an object, got a number",
        id="long-id-shortened",
    ),
    pytest.param(
        _write(b'{"items": {}}\n\xff\n'),
        f"{SNAPSHOT}:2: history snapshot is not valid: not UTF-8 text (byte 0xff)",
        id="not-utf-8",
    ),
    pytest.param(
        _write(b"[" * 100_000),
        f"{NOT_VALID}: invalid JSON: nested too deeply",
        id="nested-too-deeply",
    ),
    pytest.param(
        _write(b'{"items": {"a": 1' + b"0" * 5000 + b"}}"),
        f"{NOT_VALID}: invalid JSON: a number has too many digits",
        id="number-too-long",
    ),
    pytest.param(
        _write(b" " * (LIMIT + 1)),
        f"{NOT_VALID}: file is 5,242,881 bytes; the limit is 5,242,880",
        id="too-large",
    ),
    pytest.param(_folder, f"{NOT_VALID}: it is a folder, not a file", id="a-folder"),
    pytest.param(_fifo, f"{NOT_VALID}: it is not a regular file", id="a-fifo"),
    pytest.param(_link_outside, OUTSIDE, id="symlink-outside"),
    pytest.param(_dangling_link_outside, OUTSIDE, id="dangling-symlink-outside"),
    pytest.param(_history_folder_outside, OUTSIDE, id="history-folder-outside"),
]


def _break_snapshot(root: Path, setup: Callable[[Path, Path], None]) -> None:
    setup(root / SNAPSHOT, root.parent / "outside.json")
    _release_1_1(root)


def _assert_refused(result: Result, message: str) -> None:
    assert "Traceback" not in result.stdout + result.stderr
    assert result.exit_code == 1, result.stderr
    # Everything but the closing count line, which is the CLI's business.
    assert result.stderr.splitlines()[:-1] == [message]
    assert result.stdout == ""


@pytest.mark.parametrize(("setup", "message"), BAD_SNAPSHOTS)
def test_status_with_a_bad_snapshot_names_the_file(
    root: Path, setup: Callable[[Path, Path], None], message: str
) -> None:
    _break_snapshot(root, setup)
    _assert_refused(_run(root, "status", "harbour-bank"), message)


@pytest.mark.parametrize(("setup", "message"), BAD_SNAPSHOTS)
def test_upgrade_with_a_bad_snapshot_changes_nothing(
    root: Path, project_file: Path, setup: Callable[[Path, Path], None], message: str
) -> None:
    _break_snapshot(root, setup)
    before = project_file.read_bytes()
    _assert_refused(_run(root, "upgrade", "harbour-bank"), message)
    assert project_file.read_bytes() == before
    assert not (root / "playbooks" / "sample" / "history" / "1.1.0.json").exists()


STATUS_CHANGES = [
    "The playbook is at 1.1.0; this project follows 1.0.0.",
    "  Added: write-charter (Write the project charter)",
    "  Removed: regulator-notice (Notify the regulator)",
    "  Reworded: appoint-sponsor (Appoint the executive sponsor)",
    "Run `playbook upgrade harbour-bank` to move to 1.1.0.",
]


def _status_changes(root: Path) -> list[str]:
    result = _run(root, "status", "harbour-bank")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    return lines[lines.index(STATUS_CHANGES[0]) :]


def test_a_snapshot_with_a_byte_order_mark_is_read(root: Path) -> None:
    snapshot = root / SNAPSHOT
    snapshot.write_bytes(b"\xef\xbb\xbf" + snapshot.read_bytes())
    _release_1_1(root)
    assert _status_changes(root) == STATUS_CHANGES


def test_a_snapshot_symlinked_inside_the_project_is_read(root: Path) -> None:
    snapshot = root / SNAPSHOT
    kept = root / "playbooks" / "sample" / "released-1.0.0.json"
    snapshot.rename(kept)
    snapshot.symlink_to(Path("..") / kept.name)
    _release_1_1(root)
    assert _status_changes(root) == STATUS_CHANGES


def test_a_dangling_symlink_inside_the_project_is_no_record(root: Path) -> None:
    snapshot = root / SNAPSHOT
    snapshot.unlink()
    snapshot.symlink_to("gone.json")
    _release_1_1(root)
    assert _status_changes(root) == [
        "The playbook is at 1.1.0; this project follows 1.0.0.",
        "  No record of version 1.0.0 (playbooks/sample/history/1.0.0.json), so the changes "
        "cannot be listed.",
        "Run `playbook upgrade harbour-bank` to move to 1.1.0.",
    ]


@pytest.mark.parametrize("pass_root", [True, False], ids=["with-root", "without-root"])
def test_record_snapshot_never_writes_through_a_symlink_out_of_the_project(
    root: Path, pass_root: bool
) -> None:
    outside = root.parent / "elsewhere"
    outside.mkdir()
    history = root / "playbooks" / "sample" / "history"
    shutil.rmtree(history)
    history.symlink_to(outside, target_is_directory=True)
    _release_1_1(root)
    playbook = validate_playbook(root / "playbooks" / "sample", root)
    with pytest.raises(ContentError) as raised:
        record_snapshot(playbook, root if pass_root else None)
    assert str(raised.value) == ("playbooks/sample/history/1.1.0.json: points outside the project")
    assert list(outside.iterdir()) == []


def test_record_snapshot_never_writes_through_a_dangling_symlink(root: Path) -> None:
    target = root.parent / "new.json"
    _release_1_1(root)
    (root / "playbooks" / "sample" / "history" / "1.1.0.json").symlink_to(target)
    playbook = validate_playbook(root / "playbooks" / "sample", root)
    with pytest.raises(ContentError) as raised:
        record_snapshot(playbook, root)
    assert str(raised.value) == ("playbooks/sample/history/1.1.0.json: points outside the project")
    assert not target.exists()


def test_changes_since_names_the_file_relative_to_the_given_root(root: Path) -> None:
    (root / SNAPSHOT).write_text("[]", encoding="utf-8")
    playbook = validate_playbook(root / "playbooks" / "sample", root)
    with pytest.raises(ContentError) as raised:
        changes_since(playbook, "1.0.0", root / "playbooks")
    assert str(raised.value) == (
        "sample/history/1.0.0.json: history snapshot is not valid: "
        "expected a JSON object, got a list"
    )


# --- upgrade: sections left with only comments, and bytes kept as they were -----------------

HEAD = """\
name: Harbour Bank
playbook: sample
playbook_version: 1.0.0
kickoff: 2027-02-01
facts: {industry: banking, regulated: true}
"""
UPGRADED_HEAD = HEAD.replace("playbook_version: 1.0.0", "playbook_version: 1.1.0")


@pytest.mark.parametrize(
    ("original", "expected"),
    [
        pytest.param(
            HEAD
            + "status:\n"
            + "  regulator-notice: {state: n/a}\n"
            + "  appoint-sponsor: {state: done, date: 2027-01-20}\n"
            + "risks:  # scores agreed with the PMO\n"
            + "  banking-cutover: {impact: 4}\n"
            + "  # legacy-integration: {likelihood: 4, impact: 5}\n"
            + "roles:\n"
            + "  pm: Lee Chen\n",
            UPGRADED_HEAD
            + "status:\n"
            + "  appoint-sponsor: {state: done, date: 2027-01-20}\n"
            + "risks: {}  # scores agreed with the PMO\n"
            + "  # legacy-integration: {likelihood: 4, impact: 5}\n"
            + "roles:\n"
            + "  pm: Lee Chen\n",
            id="risks-then-another-key",
        ),
        pytest.param(
            HEAD
            + "status:\n"
            + "  regulator-notice: {state: n/a}\n"
            + "risks:\n"
            + "  banking-cutover: {impact: 4}\n"
            + "  # legacy-integration: {likelihood: 4, impact: 5}\n",
            UPGRADED_HEAD
            + "status: {}\n"
            + "risks: {}\n"
            + "  # legacy-integration: {likelihood: 4, impact: 5}\n",
            id="risks-at-end-of-file",
        ),
        pytest.param(
            HEAD
            + "status:\n"
            + "  regulator-notice: {state: n/a}\n"
            + "  # appoint-sponsor: {state: done}\n"
            + "\n"
            + "risks:\n"
            + "  banking-cutover: {impact: 4}\n"
            + "  scope-creep: {impact: 2}\n",
            UPGRADED_HEAD
            + "status: {}\n"
            + "  # appoint-sponsor: {state: done}\n"
            + "\n"
            + "risks:\n"
            + "  scope-creep: {impact: 2}\n",
            id="status-then-another-key",
        ),
    ],
)
def test_upgrade_empties_a_section_that_keeps_only_comments(
    root: Path, project_file: Path, original: str, expected: str
) -> None:
    project_file.write_text(original, encoding="utf-8")
    _release_1_1(root, drop_risk=True)
    result = _run(root, "upgrade", "harbour-bank")
    assert result.exit_code == 0, result.stderr
    assert project_file.read_text(encoding="utf-8") == expected
    project = _project(root)
    assert project.file.playbook_version == "1.1.0"
    assert "banking-cutover" not in project.file.risks


@pytest.mark.parametrize(
    ("section_text", "message"),
    [
        pytest.param(
            "status:\n"
            "  appoint-sponsor: {state: done}\n"
            "risks:\n"
            "  # legacy-integration: {likelihood: 4, impact: 5}\n"
            "roles:\n"
            "  pm: Lee Chen\n",
            "projects/harbour-bank.yaml:8:7: 'risks' must be a mapping of keys to values, "
            "got nothing",
            id="risks-then-another-key",
        ),
        pytest.param(
            "status:\n"
            "  regulator-notice: {state: n/a}\n"
            "risks:\n"
            "  # legacy-integration: {likelihood: 4, impact: 5}\n",
            "projects/harbour-bank.yaml:8:7: 'risks' must be a mapping of keys to values, "
            "got nothing",
            id="risks-at-end-of-file",
        ),
        pytest.param(
            "status:\n  # appoint-sponsor: {state: done}\nrisks:\n  scope-creep: {impact: 2}\n",
            "projects/harbour-bank.yaml:6:8: 'status' must be a mapping of keys to values, "
            "got nothing",
            id="status",
        ),
    ],
)
def test_upgrade_of_a_section_with_only_comments_cites_its_line(
    root: Path, project_file: Path, section_text: str, message: str
) -> None:
    project_file.write_text(HEAD + section_text, encoding="utf-8")
    _release_1_1(root, drop_risk=True)
    before = project_file.read_bytes()
    _assert_refused(_run(root, "upgrade", "harbour-bank"), message)
    assert project_file.read_bytes() == before


def test_upgrade_keeps_a_byte_order_mark_crlf_and_tabs(root: Path, project_file: Path) -> None:
    lines = [
        "\ufeff# Harbour Bank\tPMO\ttracked",
        *HEAD.splitlines(),
        "status:",
        "  appoint-sponsor: {state: done}  # signed:\tboard",
        "  regulator-notice: {state: n/a}",
        "",
        "  #\tmoved from the old tracker",
        "risks:",
        "  scope-creep: {impact: 2}  # \tre-scored",
        "",
    ]
    project_file.write_bytes("\r\n".join(lines).encode("utf-8"))
    _release_1_1(root)
    result = _run(root, "upgrade", "harbour-bank")
    assert result.exit_code == 0, result.stderr
    expected = [
        "\ufeff# Harbour Bank\tPMO\ttracked",
        *UPGRADED_HEAD.splitlines(),
        "status:",
        "  appoint-sponsor: {state: done}  # signed:\tboard",
        "",
        "  #\tmoved from the old tracker",
        "risks:",
        "  scope-creep: {impact: 2}  # \tre-scored",
        "",
    ]
    assert project_file.read_bytes() == "\r\n".join(expected).encode("utf-8")


@pytest.mark.parametrize("ending", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_upgrade_keeps_a_missing_final_newline(root: Path, project_file: Path, ending: str) -> None:
    original = HEAD + "status:\n  appoint-sponsor: {state: done}\n  regulator-notice: {state: n/a}"
    project_file.write_bytes(original.replace("\n", ending).encode("utf-8"))
    _release_1_1(root)
    assert _run(root, "upgrade", "harbour-bank").exit_code == 0
    expected = UPGRADED_HEAD + "status:\n  appoint-sponsor: {state: done}"
    assert project_file.read_bytes() == expected.replace("\n", ending).encode("utf-8")


def test_upgrade_keeps_a_last_line_without_newline(root: Path, project_file: Path) -> None:
    original = HEAD + "status:\n  regulator-notice: {state: n/a}\n  appoint-sponsor: {state: done}"
    project_file.write_text(original, encoding="utf-8")
    _release_1_1(root)
    assert _run(root, "upgrade", "harbour-bank").exit_code == 0
    assert project_file.read_text(encoding="utf-8") == (
        UPGRADED_HEAD + "status:\n  appoint-sponsor: {state: done}"
    )


def test_upgrade_empties_the_last_section_without_newline(root: Path, project_file: Path) -> None:
    original = HEAD + "risks:\n  banking-cutover: {impact: 4}"
    project_file.write_text(original, encoding="utf-8")
    _release_1_1(root, drop_risk=True)
    assert _run(root, "upgrade", "harbour-bank").exit_code == 0
    assert project_file.read_text(encoding="utf-8") == UPGRADED_HEAD + "risks: {}"


def test_upgrade_sets_a_version_written_below_its_key(root: Path, project_file: Path) -> None:
    original = HEAD.replace("playbook_version: 1.0.0", 'playbook_version:\n  "1.0.0"  # pinned')
    project_file.write_text(original, encoding="utf-8")
    _release_1_1(root)
    assert _run(root, "upgrade", "harbour-bank").exit_code == 0
    assert project_file.read_text(encoding="utf-8") == original.replace('"1.0.0"', "1.1.0")


def test_upgrade_refuses_a_tagged_version_citing_its_line(root: Path, project_file: Path) -> None:
    project_file.write_text(
        HEAD.replace("playbook_version: 1.0.0", "playbook_version: !!str 1.0.0"),
        encoding="utf-8",
    )
    _release_1_1(root)
    before = project_file.read_bytes()
    _assert_refused(
        _run(root, "upgrade", "harbour-bank"),
        "projects/harbour-bank.yaml:3:19: cannot update playbook_version written like this; "
        "write it as 'playbook_version: 1.2.3' on one line, then run upgrade again",
    )
    assert project_file.read_bytes() == before


@pytest.mark.parametrize(
    ("section_text", "message"),
    [
        pytest.param(
            "status:\n  regulator-notice: &done {state: done}\n  appoint-sponsor: *done\n",
            "Error: cannot edit projects/harbour-bank.yaml in place without changing other "
            "content (anchors, aliases or multi-line flow style?); write 'playbook_version', "
            "'status' and 'risks' in plain block style, then run upgrade again",
            id="alias-to-a-dropped-entry",
        ),
        pytest.param(
            "status: {\n  appoint-sponsor: {state: done},\n  regulator-notice: {state: n/a}}\n",
            "Error: 'status' is written on one line (flow style); put each entry on its own "
            "line, then run upgrade again",
            id="multi-line-flow-style",
        ),
    ],
)
def test_upgrade_refuses_an_edit_it_cannot_make_exactly(
    root: Path, project_file: Path, section_text: str, message: str
) -> None:
    project_file.write_text(HEAD + section_text, encoding="utf-8")
    _release_1_1(root)
    before = project_file.read_bytes()
    result = _run(root, "upgrade", "harbour-bank")
    assert "Traceback" not in result.stdout + result.stderr
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [message]
    assert project_file.read_bytes() == before
    assert not (root / "playbooks" / "sample" / "history" / "1.1.0.json").exists()
