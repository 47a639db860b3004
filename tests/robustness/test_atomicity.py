"""All-or-nothing output: a build, an export, a kickoff or an upgrade either completes or leaves
what was there before exactly as it was, even when it fails, is killed, or runs twice at once.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import Result

from generator.errors import OutputError, PlaybookError, UsageError
from generator.projects.upgrade import upgrade_project
from generator.projects.writer import write_new_project
from generator.publish import atomic
from generator.publish.atomic import create_exclusive, write_text_atomic
from generator.settings import Settings
from tests.support.cli import AS_OF, NO_PROMPTS, checklist, invoke, kickoff_args
from tests.support.files import snapshot
from tests.support.project import build_site, project_settings
from tests.support.sample import record_current_version, release_next_version

# Fixed, so that two builds in different processes write the same bytes.
REPRODUCIBLE_ENV = {**os.environ, "PYTHONHASHSEED": "0", "SOURCE_DATE_EPOCH": "1800000000"}


def _leftovers(parent: Path, name: str = "site") -> list[str]:
    """Staging and backup folders a build leaves beside its target when it did not finish."""
    return sorted(p.name for p in parent.glob(f".{name}.*") if p.name != f".{name}.lock")


def _temp_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def _build_command(root: Path, *extra: str) -> list[str]:
    return [
        sys.executable,
        "-c",
        "from generator.cli import main; main()",
        "--root",
        str(root),
        "build",
        "--today",
        AS_OF,
        *extra,
    ]


def _settings(root: Path) -> Settings:
    return project_settings(root, today=dt.date.fromisoformat(AS_OF))


@contextlib.contextmanager
def _umask(mask: int) -> Iterator[None]:
    old = os.umask(mask)
    try:
        yield
    finally:
        os.umask(old)


def _break_the_content_link(root: Path) -> None:
    (root / "content" / "index.md").write_text("# Home\n\n[broken](missing.md)\n", "utf-8")


# --- build_site -----------------------------------------------------------------------------


def test_two_builds_in_a_row_both_succeed(sample_project: Path) -> None:
    site = sample_project / "site"
    build_site(_settings(sample_project), site)
    first = snapshot(site)
    build_site(_settings(sample_project), site)
    assert (site / "index.html").is_file()
    assert sorted(snapshot(site)) == sorted(first)
    assert _leftovers(sample_project) == []


def test_failed_strict_build_leaves_the_previous_site_byte_identical(
    sample_project: Path,
) -> None:
    site = sample_project / "site"
    build_site(_settings(sample_project), site)
    before = snapshot(site)
    _break_the_content_link(sample_project)
    with pytest.raises(PlaybookError, match="previous site is untouched"):
        build_site(_settings(sample_project), site, strict=True)
    assert snapshot(site) == before
    assert _leftovers(sample_project) == []


def test_build_of_invalid_yaml_leaves_the_previous_site_byte_identical(
    sample_project: Path,
) -> None:
    site = sample_project / "site"
    build_site(_settings(sample_project), site)
    before = snapshot(site)
    risks = sample_project / "playbooks" / "sample" / "risks.yaml"
    risks.write_text("risks:\n  - id: x\n   title: [unclosed\n", encoding="utf-8")
    with pytest.raises(PlaybookError):
        build_site(_settings(sample_project), site)
    assert snapshot(site) == before
    assert _leftovers(sample_project) == []


def _kill_while_writing(root: Path) -> bool:
    """Start a build and SIGKILL it once its staging folder holds files; True if it was."""
    existing = set(root.glob(".site.new-*"))
    process = subprocess.Popen(
        _build_command(root),
        cwd=root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=REPRODUCIBLE_ENV,
    )
    deadline = time.monotonic() + 60
    try:
        while process.poll() is None and time.monotonic() < deadline:
            for staging in set(root.glob(".site.new-*")) - existing:
                with contextlib.suppress(OSError):
                    if any(path.is_file() for path in staging.rglob("*")):
                        process.send_signal(signal.SIGKILL)
                        process.wait()
                        return True
            time.sleep(0.001)
    finally:
        if process.poll() is None:
            process.kill()
        process.wait()
    return False


def test_build_killed_while_writing_leaves_the_previous_site_intact(
    sample_project: Path,
) -> None:
    site = sample_project / "site"
    build_site(_settings(sample_project), site)
    before = snapshot(site)
    killed = any(_kill_while_writing(sample_project) for _attempt in range(3))
    assert killed, "the build always finished before it could be killed while writing"
    assert snapshot(site) == before
    assert list(sample_project.glob(".site.new-*")), "the killed build left no staging folder"
    # The next build succeeds and removes what the killed one left behind.
    result = subprocess.run(
        _build_command(sample_project), capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert (site / "index.html").is_file()
    assert sorted(snapshot(site)) == sorted(before)
    assert _leftovers(sample_project) == []


def test_build_killed_between_the_two_renames_gets_the_previous_site_back(
    sample_project: Path,
) -> None:
    """Killed after moving site/ aside and before moving the new site in: the next run,
    even one that fails, puts the previous site back."""
    site = sample_project / "site"
    build_site(_settings(sample_project), site)
    before = snapshot(site)
    site.rename(sample_project / ".site.old")
    (sample_project / ".site.new-killed").mkdir()
    (sample_project / ".site.new-killed" / "index.html").write_text("half", encoding="utf-8")
    _break_the_content_link(sample_project)
    with pytest.raises(PlaybookError):
        build_site(_settings(sample_project), site)
    assert snapshot(site) == before
    assert _leftovers(sample_project) == []


def test_a_failed_swap_leaves_the_previous_site_in_place(
    sample_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The new site is complete but cannot be moved in (the rename fails): site/ must still
    hold the previous site when build_site returns, not only after the next run repairs it."""
    site = sample_project / "site"
    build_site(_settings(sample_project), site)
    before = snapshot(site)
    real_rename = Path.rename

    def failing_rename(self: Path, target: str | Path) -> Path:
        if self.name.startswith(".site.new-") and Path(target) == site:
            raise OSError(28, "No space left on device")
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", failing_rename)
    with pytest.raises(OutputError):
        build_site(_settings(sample_project), site)
    monkeypatch.undo()
    assert site.is_dir(), "site/ is gone: it was moved to .site.old and not moved back"
    assert snapshot(site) == before


def test_two_builds_started_together_both_succeed_with_a_complete_site(
    sample_project: Path, tmp_path: Path
) -> None:
    processes = [
        subprocess.Popen(
            _build_command(sample_project),
            cwd=sample_project,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=REPRODUCIBLE_ENV,
        )
        for _ in range(2)
    ]
    outputs = [process.communicate(timeout=120) for process in processes]
    for process, (_out, err) in zip(processes, outputs, strict=True):
        assert process.returncode == 0, err
    site = sample_project / "site"
    assert (site / "index.html").is_file()
    assert _leftovers(sample_project) == []
    # The same content built once, on its own, elsewhere.
    alone = tmp_path / "alone"
    subprocess.run(
        [*_build_command(sample_project), "--site-dir", str(alone)],
        check=True,
        capture_output=True,
        timeout=120,
        env=REPRODUCIBLE_ENV,
    )
    assert sorted(snapshot(site)) == sorted(snapshot(alone))
    assert snapshot(site) == snapshot(alone)


def test_rebuilt_site_folder_has_the_permissions_of_a_normal_folder(
    sample_project: Path,
) -> None:
    """The site is served by a web server that runs as another user: site/ must be as
    readable as any folder created under the same umask (the staging folder is 0700)."""
    with _umask(0o022):
        build_site(_settings(sample_project), sample_project / "site")
        (sample_project / "plain").mkdir()
    plain = (sample_project / "plain").stat().st_mode & 0o777
    assert (sample_project / "site").stat().st_mode & 0o777 == plain == 0o755


# --- write_text_atomic ------------------------------------------------------------------------


def _fail(*_args: object, **_kwargs: object) -> None:
    raise OSError(5, "Input/output error")


def test_atomic_write_that_fails_at_fsync_leaves_the_old_content(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old content\n", encoding="utf-8")
    monkeypatch.setattr(atomic.os, "fsync", _fail)
    with pytest.raises(OutputError):
        write_text_atomic(target, "new content that never lands\n" * 1000)
    assert target.read_text(encoding="utf-8") == "old content\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]


def test_atomic_write_that_fails_while_writing_leaves_the_old_content(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The stream breaks after part of the data is written (a full disk)."""
    target = tmp_path / "out.csv"
    target.write_text("old content\n", encoding="utf-8")
    real_fdopen = os.fdopen

    class HalfWritten:
        def __init__(self, stream: object) -> None:
            self.stream = stream

        def __enter__(self) -> HalfWritten:
            return self

        def __exit__(self, *exc: object) -> None:
            self.stream.close()  # type: ignore[attr-defined]

        def write(self, data: bytes) -> int:
            self.stream.write(data[: len(data) // 2])  # type: ignore[attr-defined]
            self.stream.flush()  # type: ignore[attr-defined]
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "fdopen", lambda *a, **k: HalfWritten(real_fdopen(*a, **k)))
    with pytest.raises(OutputError):
        write_text_atomic(target, "x" * 100_000)
    assert target.read_text(encoding="utf-8") == "old content\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]


def test_atomic_write_interrupted_by_ctrl_c_leaves_the_old_content(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old content\n", encoding="utf-8")

    def interrupt(_fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(atomic.os, "fsync", interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_text_atomic(target, "new\n")
    assert target.read_text(encoding="utf-8") == "old content\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]


def test_atomic_write_keeps_the_mode_of_the_file_it_replaces(tmp_path: Path) -> None:
    """`playbook upgrade` rewrites a project file that others must still be able to read."""
    target = tmp_path / "project.yaml"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o644)
    write_text_atomic(target, "new\n")
    assert target.read_text(encoding="utf-8") == "new\n"
    assert oct(target.stat().st_mode & 0o777) == oct(0o644)


@pytest.mark.parametrize("writer", [write_text_atomic, create_exclusive])
def test_atomically_written_new_file_has_the_umask_default_mode(
    tmp_path: Path, writer: object
) -> None:
    """A new export (`checklist -o`) or project file (`kickoff`) is created like any other
    file under the umask (0644 under 022), not 0600 like the temporary file it came from."""
    target = tmp_path / "new.yaml"
    with _umask(0o022):
        writer(target, "text\n")  # type: ignore[operator]
    assert oct(target.stat().st_mode & 0o777) == oct(0o644)


# --- playbook checklist -o --------------------------------------------------------------------


def _checklist_to(root: Path, output: Path) -> Result:
    return checklist(root, "--format", "csv", "-o", str(output))


def test_checklist_output_that_fails_to_write_leaves_the_old_file(
    sample_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    output = tmp_path / "exports" / "checklist.csv"
    output.parent.mkdir()
    output.write_bytes(b"old export\r\n")
    monkeypatch.setattr(atomic.os, "fsync", _fail)
    result = _checklist_to(sample_project, output)
    assert result.exit_code == 1
    assert output.read_bytes() == b"old export\r\n"
    assert sorted(p.name for p in output.parent.iterdir()) == ["checklist.csv"]


def test_checklist_output_write_error_is_reported_not_a_traceback(
    sample_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A write error is an OutputError: 'Error: ...', exit 1, and no Python traceback."""
    output = tmp_path / "checklist.csv"
    output.write_bytes(b"old export\r\n")
    monkeypatch.setattr(atomic.os, "fsync", _fail)
    result = _checklist_to(sample_project, output)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: cannot write {output}: Input/output error; the previous file is untouched\n"
    )


def test_checklist_output_succeeds_after_a_failed_attempt(
    sample_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    output = tmp_path / "checklist.csv"
    output.write_bytes(b"old export\r\n")
    with monkeypatch.context() as patch:
        patch.setattr(atomic.os, "fsync", _fail)
        _checklist_to(sample_project, output)
    result = _checklist_to(sample_project, output)
    assert result.exit_code == 0, result.stderr
    assert output.read_bytes() == checklist(sample_project, "--format", "csv").stdout_bytes
    assert _temp_files(tmp_path) == []


# --- kickoff ------------------------------------------------------------------------------------


def test_create_exclusive_never_replaces_an_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "core-banking.yaml"
    target.write_bytes(b"name: mine\n")
    assert create_exclusive(target, "name: theirs\n") is False
    assert target.read_bytes() == b"name: mine\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["core-banking.yaml"]


def test_create_exclusive_lets_exactly_one_of_many_racing_writers_win(tmp_path: Path) -> None:
    target = tmp_path / "race.yaml"
    results: list[tuple[int, bool]] = []
    barrier = threading.Barrier(8)

    def writer(number: int) -> None:
        barrier.wait()
        results.append((number, create_exclusive(target, f"writer: {number}\n")))

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    winners = [number for number, won in results if won]
    assert len(winners) == 1
    assert target.read_text(encoding="utf-8") == f"writer: {winners[0]}\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["race.yaml"]


def test_kickoff_write_never_overwrites_without_force(tmp_path: Path) -> None:
    """Even when the file appears after kickoff checked for it (another kickoff won)."""
    target = tmp_path / "projects" / "new-one.yaml"
    target.parent.mkdir()
    target.write_bytes(b"# somebody else's project\n")
    with pytest.raises(UsageError, match="already exists"):
        write_new_project(target, "name: New One\n", force=False)
    assert target.read_bytes() == b"# somebody else's project\n"
    assert sorted(p.name for p in target.parent.iterdir()) == ["new-one.yaml"]


def test_kickoff_command_keeps_an_existing_project(sample_project: Path) -> None:
    project = sample_project / "projects" / "harbour-bank.yaml"
    before = project.read_bytes()
    result = invoke(
        sample_project, *kickoff_args("Harbour Bank", *NO_PROMPTS, "--set", "industry=retail")
    )
    assert result.exit_code == 2, result.output
    assert result.stderr == (
        "Error: projects/harbour-bank.yaml already exists; choose another name (or --slug), or "
        "pass --force to replace it\n"
    )
    assert project.read_bytes() == before
    assert _temp_files(project.parent) == []


# --- upgrade ------------------------------------------------------------------------------------


def _upgraded(project: bytes) -> bytes:
    """The sample project as the upgrade to 1.1.0 writes it: only two lines change."""
    dropped = (
        b"  regulator-notice: {state: n/a, note: \"<script>alert('x')</script> not needed\"}\n"
    )
    assert dropped in project
    return project.replace(b"playbook_version: 1.0.0", b"playbook_version: 1.1.0").replace(
        dropped, b""
    )


def _release_next_version(root: Path) -> None:
    """Record 1.0.0, then release 1.1.0 without the task the project marked n/a."""
    record_current_version(root)
    release_next_version(root)


def test_upgrade_that_fails_to_write_leaves_the_project_byte_identical(
    sample_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _release_next_version(sample_project)
    project = sample_project / "projects" / "harbour-bank.yaml"
    before = project.read_bytes()
    monkeypatch.setattr(atomic.os, "fsync", _fail)
    with pytest.raises(OutputError):
        upgrade_project(project_settings(sample_project), "harbour-bank")
    assert project.read_bytes() == before
    assert sorted(p.name for p in project.parent.iterdir()) == ["harbour-bank.yaml"]
    monkeypatch.undo()
    # Nothing was half-done: the upgrade still works afterwards.
    report = upgrade_project(project_settings(sample_project), "harbour-bank")
    assert report.splitlines()[:3] == [
        "Upgraded Harbour Bank <b>Core</b> Renewal from sample 1.0.0 to 1.1.0.",
        "Kept the status of 1 item.",
        "Dropped (no longer in the playbook): regulator-notice (status)",
    ]
    assert project.read_bytes() == _upgraded(before)


def test_upgrade_keeps_the_project_file_mode(sample_project: Path) -> None:
    _release_next_version(sample_project)
    project = sample_project / "projects" / "harbour-bank.yaml"
    project.chmod(0o664)
    before = project.read_bytes()
    upgrade_project(project_settings(sample_project), "harbour-bank")
    assert project.read_bytes() == _upgraded(before)
    assert oct(project.stat().st_mode & 0o777) == oct(0o664)
