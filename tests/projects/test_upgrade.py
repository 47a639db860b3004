"""`playbook status` and `playbook upgrade` after the playbook moved on to a new version.

Each test starts from the sample project (playbook `sample` 1.0.0, project harbour-bank),
records the 1.0.0 snapshot the way `playbook kickoff` does, then releases 1.1.0
(tests.support.sample): `regulator-notice` removed, `appoint-sponsor` reworded, `write-charter`
added.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from generator.errors import ContentError
from generator.projects.history import changes_since, record_snapshot, snapshot_path
from generator.resolve.project import fill
from generator.validate.playbook import validate_playbook
from tests.support.cli import invoke, problem_lines
from tests.support.files import replace_in
from tests.support.fixtures import fixture_text
from tests.support.project import validated_project
from tests.support.sample import WRITE_CHARTER, record_current_version, release_next_version

# A project file of the sample playbook up to its facts; tests add the sections they edit.
HEAD = """\
name: Harbour Bank
playbook: sample
playbook_version: 1.0.0
kickoff: 2027-02-01
facts: {industry: banking, regulated: true}
"""
UPGRADED_HEAD = HEAD.replace("playbook_version: 1.0.0", "playbook_version: 1.1.0")
PLAYBOOK = "playbooks/sample/playbook.yaml"


# What `playbook status` says of 1.1.0 after the progress, with the snapshot of 1.0.0 ...
STATUS_CHANGES = [
    "The playbook is at 1.1.0; this project follows 1.0.0.",
    "  Added: write-charter (Write the project charter)",
    "  Removed: regulator-notice (Notify the regulator)",
    "  Reworded: appoint-sponsor (Appoint the sponsor → Appoint the executive sponsor)",
    "Run `playbook upgrade harbour-bank` to move to 1.1.0.",
]
# ... and without it.
NO_RECORD = [
    "The playbook is at 1.1.0; this project follows 1.0.0.",
    "  No record of version 1.0.0 (playbooks/sample/history/1.0.0.json), so the changes "
    "cannot be listed.",
    "Run `playbook upgrade harbour-bank` to move to 1.1.0.",
]


def _upgrade(root: Path) -> Result:
    return invoke(root, "upgrade", "harbour-bank")


def _status_changes(root: Path) -> list[str]:
    """`playbook status` from its line on the playbook's version to the end."""
    result = invoke(root, "status", "harbour-bank")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    start = [line.startswith(("The playbook is at", "The project follows")) for line in lines]
    return lines[start.index(True) :]


@pytest.fixture
def root(sample_project: Path) -> Path:
    record_current_version(sample_project)
    return sample_project


@pytest.fixture
def project_file(root: Path) -> Path:
    return root / "projects" / "harbour-bank.yaml"


# --- status ---------------------------------------------------------------------------------


def test_status_lists_added_removed_and_reworded_items(root: Path) -> None:
    release_next_version(root)
    assert _status_changes(root) == STATUS_CHANGES


def test_status_of_an_outdated_project_uses_the_new_items(root: Path) -> None:
    release_next_version(root)
    result = invoke(root, "status", "harbour-bank", "--today", "2027-03-01")
    assert result.exit_code == 0, result.stderr
    # write-charter is counted and overdue; regulator-notice (n/a) is gone.
    assert result.stdout.splitlines()[:5] == [
        "Harbour Bank <b>Core</b> Renewal (sample 1.0.0), kickoff 2027-02-01, as of 2027-03-01",
        "Progress: 33% (1 of 3 tasks done)",
        "Overdue (2):",
        "  2027-01-27  write-charter: Write the project charter (Lee [Chen](javascript:alert(1)))",
        "  2027-02-01  kickoff-meeting: Hold the kickoff meeting (Lee [Chen](javascript:alert(1)))",
    ]


def test_status_without_the_old_snapshot_says_so(sample_project: Path) -> None:
    release_next_version(sample_project)  # no snapshot of 1.0.0 was ever recorded
    assert _status_changes(sample_project) == NO_RECORD


def test_status_when_only_the_version_changed(root: Path) -> None:
    replace_in(root / PLAYBOOK, 'version: "1.0.0"', 'version: "1.0.1"')
    assert _status_changes(root) == [
        "The playbook is at 1.0.1; this project follows 1.0.0.",
        "Run `playbook upgrade harbour-bank` to move to 1.0.1.",
    ]


# --- upgrade --------------------------------------------------------------------------------


def test_upgrade_records_the_version_and_reports(root: Path, project_file: Path) -> None:
    release_next_version(root)
    result = _upgrade(root)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "Upgraded Harbour Bank <b>Core</b> Renewal from sample 1.0.0 to 1.1.0.",
        "Kept the status of 1 item.",
        "Dropped (no longer in the playbook): regulator-notice (status)",
        "  Added: write-charter (Write the project charter)",
        "  Reworded: appoint-sponsor (Appoint the sponsor → Appoint the executive sponsor)",
    ]
    project = validated_project(root, "harbour-bank")
    assert project.file.playbook_version == "1.1.0"
    assert project.outdated is False
    assert project.stale_ids == ()
    assert list(project.file.status) == ["appoint-sponsor"]
    assert snapshot_path(project.playbook, "1.1.0").is_file()


def test_upgrade_keeps_status_of_existing_items(root: Path) -> None:
    release_next_version(root)
    assert _upgrade(root).exit_code == 0
    filled = fill(validated_project(root, "harbour-bank"), dt.date(2027, 3, 1))
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


def test_upgrade_changes_only_the_version_and_dropped_lines(root: Path, project_file: Path) -> None:
    # Comments above, beside and between entries; a status entry over several lines.
    original = fixture_text("project-commented", "harbour-bank.yaml")
    project_file.write_text(original, encoding="utf-8")
    release_next_version(root)
    assert _upgrade(root).exit_code == 0
    expected = original.replace(
        'playbook_version: "1.0.0"  # pinned', "playbook_version: 1.1.0  # pinned"
    ).replace("  regulator-notice: {state: n/a, note: not needed}\n", "")
    assert project_file.read_text(encoding="utf-8") == expected
    assert validated_project(root, "harbour-bank").file.status["kickoff-meeting"].state == "done"


def test_upgrade_drops_a_multi_line_entry_and_a_risk_override(
    root: Path, project_file: Path
) -> None:
    project_file.write_text(
        HEAD
        + "status:\n"
        + "  regulator-notice:\n"
        + "    state: n/a\n"
        + "    note: >-\n"
        + "      not needed\n"
        + "      for this bank\n"
        + "  appoint-sponsor: {state: done}\n"
        + "risks:\n"
        + "  banking-cutover:\n"
        + "    impact: 4\n"
        + "    owner: Ada Obi\n"
        + "  scope-creep: {impact: 2}\n",
        encoding="utf-8",
    )
    release_next_version(root, drop_risk=True)
    result = _upgrade(root)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[:3] == [
        "Upgraded Harbour Bank from sample 1.0.0 to 1.1.0.",
        "Kept the status of 1 item.",
        "Dropped (no longer in the playbook): regulator-notice (status), banking-cutover (risks)",
    ]
    assert project_file.read_text(encoding="utf-8") == (
        UPGRADED_HEAD
        + "status:\n"
        + "  appoint-sponsor: {state: done}\n"
        + "risks:\n"
        + "  scope-creep: {impact: 2}\n"
    )
    project = validated_project(root, "harbour-bank")
    assert set(project.file.risks) == {"scope-creep"}


def test_upgrade_leaves_an_emptied_section_valid(root: Path, project_file: Path) -> None:
    project_file.write_text(
        HEAD
        + "status:\n  regulator-notice: {state: n/a}\nrisks:\n  banking-cutover: {impact: 4}\n",
        encoding="utf-8",
    )
    release_next_version(root, drop_risk=True)
    result = _upgrade(root)
    assert result.exit_code == 0, result.stderr
    assert project_file.read_text(encoding="utf-8") == UPGRADED_HEAD + "status: {}\nrisks: {}\n"
    project = validated_project(root, "harbour-bank")
    assert (project.file.status, project.file.risks) == ({}, {})


def test_upgrade_keeps_a_comment_written_above_a_kept_entry(root: Path, project_file: Path) -> None:
    kept = (
        "\n"
        "  # Signed by the board on 20 January.\n"
        "  appoint-sponsor: {state: done, date: 2027-01-20}\n"
    )
    project_file.write_text(
        HEAD + "status:\n  regulator-notice: {state: n/a}\n" + kept, encoding="utf-8"
    )
    release_next_version(root)
    assert _upgrade(root).exit_code == 0
    assert project_file.read_text(encoding="utf-8") == UPGRADED_HEAD + "status:\n" + kept
    assert validated_project(root, "harbour-bank").file.status["appoint-sponsor"].state == "done"


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
    status = "status:\n  appoint-sponsor: {state: done, date: 2027-01-20}\n"
    project_file.write_text(
        HEAD + status + "  regulator-notice: {state: n/a}\n" + comment_block, encoding="utf-8"
    )
    release_next_version(root)
    assert _upgrade(root).exit_code == 0
    assert project_file.read_text(encoding="utf-8") == UPGRADED_HEAD + status + comment_block
    validated_project(root, "harbour-bank")


def test_upgrade_keeps_windows_line_endings(root: Path, project_file: Path) -> None:
    original = project_file.read_text(encoding="utf-8").replace("\n", "\r\n")
    project_file.write_bytes(original.encode("utf-8"))
    release_next_version(root)
    result = _upgrade(root)
    assert result.exit_code == 0, result.stderr
    # The version changed and the dropped line gone; every other line ends in CRLF still.
    dropped = (
        "  regulator-notice: {state: n/a, note: \"<script>alert('x')</script> not needed\"}\r\n"
    )
    expected = original.replace("playbook_version: 1.0.0", "playbook_version: 1.1.0")
    assert project_file.read_bytes() == expected.replace(dropped, "").encode("utf-8")
    assert validated_project(root, "harbour-bank").file.playbook_version == "1.1.0"


def test_upgrade_when_already_current_does_nothing(root: Path, project_file: Path) -> None:
    before = project_file.read_bytes()
    result = _upgrade(root)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "Harbour Bank <b>Core</b> Renewal already follows sample 1.0.0; nothing to do.\n"
    )
    assert project_file.read_bytes() == before


def test_second_upgrade_does_nothing(root: Path, project_file: Path) -> None:
    release_next_version(root)
    assert _upgrade(root).exit_code == 0
    after_first = project_file.read_bytes()
    result = _upgrade(root)
    assert result.exit_code == 0
    assert result.stdout == (
        "Harbour Bank <b>Core</b> Renewal already follows sample 1.1.0; nothing to do.\n"
    )
    assert project_file.read_bytes() == after_first
    assert _status_changes(root) == ["The project follows the playbook's current version (1.1.0)."]


def test_upgrade_records_the_new_snapshot(root: Path) -> None:
    release_next_version(root)
    new_snapshot = root / "playbooks" / "sample" / "history" / "1.1.0.json"
    assert not new_snapshot.exists()
    assert _upgrade(root).exit_code == 0
    items = json.loads(new_snapshot.read_text(encoding="utf-8"))["items"]
    assert sorted(items) == [
        "appoint-sponsor",
        "bank-modernization",
        "banking-cutover",
        "decision-log",
        "define-scope",
        "kickoff-meeting",
        "scope-creep",
        "scope-objectives",
        "what-is-scope",
        "write-charter",
    ]
    assert items["appoint-sponsor"]["title"] == "Appoint the executive sponsor"


def test_upgrade_without_the_old_snapshot_still_upgrades(sample_project: Path) -> None:
    release_next_version(sample_project)
    result = _upgrade(sample_project)
    assert result.exit_code == 0, result.stderr
    # Without the old snapshot the report cannot say what was added or reworded.
    assert result.stdout.splitlines() == [
        "Upgraded Harbour Bank <b>Core</b> Renewal from sample 1.0.0 to 1.1.0.",
        "Kept the status of 1 item.",
        "Dropped (no longer in the playbook): regulator-notice (status)",
    ]
    assert validated_project(sample_project, "harbour-bank").file.playbook_version == "1.1.0"


def test_upgrade_that_cannot_complete_leaves_the_file_alone(root: Path, project_file: Path) -> None:
    release_next_version(root)
    # A new required fact without a default: the project cannot follow 1.1.0 as it stands.
    playbook = root / PLAYBOOK
    playbook.write_text(
        playbook.read_text(encoding="utf-8")
        + "  - {name: budget, type: integer, prompt: Budget in k EUR?}\n",
        encoding="utf-8",
    )
    before = project_file.read_bytes()
    result = _upgrade(root)
    assert result.exit_code == 1
    assert problem_lines(result) == [
        "projects/harbour-bank.yaml:6:3: unanswered fact 'budget': Budget in k EUR?"
    ]
    assert result.stdout == ""
    assert project_file.read_bytes() == before
    assert not (root / "playbooks" / "sample" / "history" / "1.1.0.json").exists()
    assert [p.name for p in project_file.parent.iterdir()] == ["harbour-bank.yaml"]


def test_upgrade_of_a_flow_style_section_is_refused_untouched(
    root: Path, project_file: Path
) -> None:
    replace_in(
        project_file,
        "status:\n  appoint-sponsor: {state: done, date: 2027-01-20}\n  regulator-notice:",
        "status: {appoint-sponsor: {state: done, date: 2027-01-20}, regulator-notice:",
    )
    replace_in(project_file, 'not needed"}\n', 'not needed"}}\n')
    assert validated_project(root, "harbour-bank").file.status["appoint-sponsor"].state == "done"
    release_next_version(root)
    before = project_file.read_bytes()
    result = _upgrade(root)
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: 'status' is written on one line (flow style); put each entry on its own line, "
        "then run upgrade again\n"
    )
    assert project_file.read_bytes() == before


def test_upgrade_of_unknown_project_is_exit_2(root: Path) -> None:
    result = invoke(root, "upgrade", "nope")
    assert result.exit_code == 2
    assert result.stderr == "Error: no project file projects/nope.yaml\n"


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
    release_next_version(root)


def _assert_refused(result: Result, message: str) -> None:
    assert result.exit_code == 1, result.stderr
    assert problem_lines(result) == [message]
    assert result.stdout == ""


@pytest.mark.parametrize(("setup", "message"), BAD_SNAPSHOTS)
def test_status_with_a_bad_snapshot_names_the_file(
    root: Path, setup: Callable[[Path, Path], None], message: str
) -> None:
    _break_snapshot(root, setup)
    _assert_refused(invoke(root, "status", "harbour-bank"), message)


@pytest.mark.parametrize(("setup", "message"), BAD_SNAPSHOTS)
def test_upgrade_with_a_bad_snapshot_changes_nothing(
    root: Path, project_file: Path, setup: Callable[[Path, Path], None], message: str
) -> None:
    _break_snapshot(root, setup)
    before = project_file.read_bytes()
    _assert_refused(_upgrade(root), message)
    assert project_file.read_bytes() == before
    assert not (root / "playbooks" / "sample" / "history" / "1.1.0.json").exists()


def test_a_snapshot_with_a_byte_order_mark_is_read(root: Path) -> None:
    snapshot = root / SNAPSHOT
    snapshot.write_bytes(b"\xef\xbb\xbf" + snapshot.read_bytes())
    release_next_version(root)
    assert _status_changes(root) == STATUS_CHANGES


def test_a_snapshot_symlinked_inside_the_project_is_read(root: Path) -> None:
    snapshot = root / SNAPSHOT
    kept = root / "playbooks" / "sample" / "released-1.0.0.json"
    snapshot.rename(kept)
    snapshot.symlink_to(Path("..") / kept.name)
    release_next_version(root)
    assert _status_changes(root) == STATUS_CHANGES


def test_a_dangling_symlink_inside_the_project_is_no_record(root: Path) -> None:
    snapshot = root / SNAPSHOT
    snapshot.unlink()
    snapshot.symlink_to("gone.json")
    release_next_version(root)
    assert _status_changes(root) == NO_RECORD


@pytest.mark.parametrize("pass_root", [True, False], ids=["with-root", "without-root"])
def test_record_snapshot_never_writes_through_a_symlink_out_of_the_project(
    root: Path, pass_root: bool
) -> None:
    outside = root.parent / "elsewhere"
    outside.mkdir()
    history = root / "playbooks" / "sample" / "history"
    shutil.rmtree(history)
    history.symlink_to(outside, target_is_directory=True)
    release_next_version(root)
    playbook = validate_playbook(root / "playbooks" / "sample", root)
    with pytest.raises(ContentError) as raised:
        record_snapshot(playbook, root if pass_root else None)
    assert str(raised.value) == ("playbooks/sample/history/1.1.0.json: points outside the project")
    assert list(outside.iterdir()) == []


def test_record_snapshot_never_writes_through_a_dangling_symlink(root: Path) -> None:
    target = root.parent / "new.json"
    release_next_version(root)
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
    release_next_version(root, drop_risk=True)
    result = _upgrade(root)
    assert result.exit_code == 0, result.stderr
    assert project_file.read_text(encoding="utf-8") == expected
    project = validated_project(root, "harbour-bank")
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
    release_next_version(root, drop_risk=True)
    before = project_file.read_bytes()
    _assert_refused(_upgrade(root), message)
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
    release_next_version(root)
    result = _upgrade(root)
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
    release_next_version(root)
    assert _upgrade(root).exit_code == 0
    expected = UPGRADED_HEAD + "status:\n  appoint-sponsor: {state: done}"
    assert project_file.read_bytes() == expected.replace("\n", ending).encode("utf-8")


def test_upgrade_keeps_a_last_line_without_newline(root: Path, project_file: Path) -> None:
    original = HEAD + "status:\n  regulator-notice: {state: n/a}\n  appoint-sponsor: {state: done}"
    project_file.write_text(original, encoding="utf-8")
    release_next_version(root)
    assert _upgrade(root).exit_code == 0
    assert project_file.read_text(encoding="utf-8") == (
        UPGRADED_HEAD + "status:\n  appoint-sponsor: {state: done}"
    )


def test_upgrade_empties_the_last_section_without_newline(root: Path, project_file: Path) -> None:
    original = HEAD + "risks:\n  banking-cutover: {impact: 4}"
    project_file.write_text(original, encoding="utf-8")
    release_next_version(root, drop_risk=True)
    assert _upgrade(root).exit_code == 0
    assert project_file.read_text(encoding="utf-8") == UPGRADED_HEAD + "risks: {}"


def test_upgrade_sets_a_version_written_below_its_key(root: Path, project_file: Path) -> None:
    original = HEAD.replace("playbook_version: 1.0.0", 'playbook_version:\n  "1.0.0"  # pinned')
    project_file.write_text(original, encoding="utf-8")
    release_next_version(root)
    assert _upgrade(root).exit_code == 0
    assert project_file.read_text(encoding="utf-8") == original.replace('"1.0.0"', "1.1.0")


def test_upgrade_refuses_a_tagged_version_citing_its_line(root: Path, project_file: Path) -> None:
    project_file.write_text(
        HEAD.replace("playbook_version: 1.0.0", "playbook_version: !!str 1.0.0"),
        encoding="utf-8",
    )
    release_next_version(root)
    before = project_file.read_bytes()
    _assert_refused(
        _upgrade(root),
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
    release_next_version(root)
    before = project_file.read_bytes()
    result = _upgrade(root)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [message]
    assert project_file.read_bytes() == before
    assert not (root / "playbooks" / "sample" / "history" / "1.1.0.json").exists()


# --- upgrade: work done on a dropped item is archived, not deleted --------------------------

DONE_NOTICE = "  regulator-notice: {state: done, date: 2027-02-10, note: sent | by post}\n"
ARCHIVED_NOTICE = (
    '  regulator-notice: {state: done, date: 2027-02-10, note: "sent | by post", '
    'playbook_version: "1.0.0"}\n'
)
KEPT = "  appoint-sponsor: {state: done, date: 2027-01-20}  # signed\n"


@pytest.mark.parametrize(
    ("after_status", "expected_after_status"),
    [
        pytest.param("", "archived:\n" + ARCHIVED_NOTICE, id="new-section-at-the-end"),
        pytest.param(
            "archived:  # kept for the audit\n"
            '  old-task: {state: done, playbook_version: "0.9.0"}\n'
            "\n"
            "# End of file.\n",
            "archived:  # kept for the audit\n"
            '  old-task: {state: done, playbook_version: "0.9.0"}\n' + ARCHIVED_NOTICE + "\n"
            "# End of file.\n",
            id="after-the-last-archived-entry",
        ),
        pytest.param(
            "archived:\n"
            '    regulator-notice: {state: done, playbook_version: "0.9.0"}\n'
            "risks:\n"
            "  scope-creep: {impact: 2}\n",
            "archived:\n" + "  " + ARCHIVED_NOTICE + "risks:\n  scope-creep: {impact: 2}\n",
            id="replacing-an-entry-of-the-same-id-keeping-the-indent",
        ),
        pytest.param(
            "archived: {}  # audit trail\nrisks: {}\n",
            "archived:  # audit trail\n" + ARCHIVED_NOTICE + "risks: {}\n",
            id="in-place-of-an-empty-section",
        ),
    ],
)
def test_upgrade_archives_a_done_item_it_drops(
    root: Path, project_file: Path, after_status: str, expected_after_status: str
) -> None:
    project_file.write_text(HEAD + "status:\n" + KEPT + DONE_NOTICE + after_status, "utf-8")
    release_next_version(root)
    result = _upgrade(root)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[:4] == [
        "Upgraded Harbour Bank from sample 1.0.0 to 1.1.0.",
        "Kept the status of 1 item.",
        "Archived (done, no longer in the playbook): regulator-notice",
        "Dropped (no longer in the playbook): nothing",
    ]
    assert project_file.read_text(encoding="utf-8") == (
        UPGRADED_HEAD + "status:\n" + KEPT + expected_after_status
    )
    archived = validated_project(root, "harbour-bank").file.archived["regulator-notice"]
    assert (archived.state, archived.date, archived.note, archived.playbook_version) == (
        "done",
        dt.date(2027, 2, 10),
        "sent | by post",
        "1.0.0",
    )


def test_upgrade_archives_and_empties_the_status(root: Path, project_file: Path) -> None:
    project_file.write_text(HEAD + "status:\n  regulator-notice: {state: done}\n", "utf-8")
    release_next_version(root)
    assert _upgrade(root).exit_code == 0
    assert project_file.read_text(encoding="utf-8") == (
        UPGRADED_HEAD
        + "status: {}\narchived:\n"
        + '  regulator-notice: {state: done, playbook_version: "1.0.0"}\n'
    )


@pytest.mark.parametrize("ending", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_upgrade_archives_keeping_line_ends_and_no_final_newline(
    root: Path, project_file: Path, ending: str
) -> None:
    original = HEAD + "status:\n" + KEPT + DONE_NOTICE.rstrip("\n")
    project_file.write_bytes(original.replace("\n", ending).encode("utf-8"))
    release_next_version(root)
    assert _upgrade(root).exit_code == 0
    expected = UPGRADED_HEAD + "status:\n" + KEPT + "archived:\n" + ARCHIVED_NOTICE.rstrip("\n")
    assert project_file.read_bytes() == expected.replace("\n", ending).encode("utf-8")


def test_upgrade_refuses_an_archived_section_in_flow_style(root: Path, project_file: Path) -> None:
    project_file.write_text(
        HEAD
        + "status:\n"
        + DONE_NOTICE
        + 'archived: {old-task: {state: done, playbook_version: "0.9.0"}}\n',
        "utf-8",
    )
    release_next_version(root)
    before = project_file.read_bytes()
    result = _upgrade(root)
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: 'archived' is written on one line (flow style); put each entry on its own "
        "line, then run upgrade again\n"
    )
    assert project_file.read_bytes() == before


def test_an_item_dropped_while_open_or_not_applicable_is_not_archived(
    root: Path, project_file: Path
) -> None:
    release_next_version(root)  # harbour-bank has regulator-notice as n/a
    assert _upgrade(root).exit_code == 0
    assert "archived" not in project_file.read_text(encoding="utf-8")


# --- validate: items changed without a version bump -------------------------------------------


def test_validate_warns_when_items_changed_without_a_version_bump(root: Path) -> None:
    tasks = root / "playbooks" / "sample" / "tasks.yaml"
    replace_in(tasks, "title: Appoint the sponsor", "title: Appoint the executive sponsor")
    tasks.write_text(tasks.read_text(encoding="utf-8") + WRITE_CHARTER, encoding="utf-8")
    result = invoke(root, "validate")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "OK: 1 playbook, 11 items, 1 project.\n"
    assert result.stderr == (
        "playbooks/sample/playbook.yaml:5: warning: items changed since version 1.0.0 was "
        "recorded in playbooks/sample/history/1.0.0.json (1 added, 1 changed), but 'version' "
        "is still 1.0.0; bump it so projects can see the change\n"
    )


def test_validate_does_not_warn_after_a_bump(root: Path) -> None:
    release_next_version(root)
    result = invoke(root, "validate")
    assert (result.exit_code, result.stderr) == (0, "")


def test_validate_does_not_warn_without_a_snapshot(root: Path) -> None:
    (root / SNAPSHOT).unlink()
    replace_in(
        root / "playbooks" / "sample" / "tasks.yaml",
        "title: Appoint the sponsor",
        "title: Appoint the executive sponsor",
    )
    result = invoke(root, "validate")
    assert (result.exit_code, result.stderr) == (0, "")


def test_validate_reports_a_bad_snapshot_of_the_current_version(root: Path) -> None:
    (root / SNAPSHOT).write_text("[]", encoding="utf-8")
    result = invoke(root, "validate")
    assert result.exit_code == 1
    assert problem_lines(result) == [
        f"{SNAPSHOT}: history snapshot is not valid: expected a JSON object, got a list"
    ]
