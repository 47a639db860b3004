"""Faults around the site folder end cleanly: one line, exit code 1, the old site intact, and
nothing left beside it (no staging or old folder) that would disturb the next build."""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import Result

from tests.support.cli import invoke, problem_lines
from tests.support.faults import deny, restore, tmpfs
from tests.support.files import snapshot


def build(root: Path, *args: str) -> Result:
    return invoke(root, "build", *args)


@pytest.fixture
def built(sample_project: Path) -> Iterator[Path]:
    """The sample project with a site already built."""
    assert build(sample_project).exit_code == 0
    yield sample_project
    for folder in (sample_project / "site", sample_project, sample_project / "content"):
        restore(folder)


def leftovers(root: Path) -> list[str]:
    return sorted(
        path.name for path in root.iterdir() if path.name.startswith((".site.new", ".site.old"))
    )


def assert_failed_cleanly(result: Result, root: Path, site_before: dict[str, str]) -> None:
    assert result.exit_code == 1, result.stderr
    lines = result.stderr.splitlines()
    assert len([line for line in lines if line.startswith("Error:")]) == 1, lines
    assert snapshot(root / "site") == site_before
    assert leftovers(root) == []


def _no_space(content: bytes, output_path: str) -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), output_path)


def test_a_site_that_is_a_mount_point_is_refused(
    built: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = built / "site"
    with tmpfs(site) as mounted:
        if not mounted:  # not root: make os.path.ismount answer as it would for a mount
            monkeypatch.setattr(os.path, "ismount", lambda path: Path(path) == site)
        (site / "index.html").write_text("the mounted site")
        (site / ".playbook-output").write_text("ours")
        before = snapshot(site)
        result = build(built)
        assert_failed_cleanly(result, built, before)
        assert result.stderr == (
            f"Error: {site} is a mount point, so it cannot be replaced in one step; write into a "
            "folder inside it instead (nothing was changed)\n"
        )
        monkeypatch.undo()
    assert build(built).exit_code == 0


def test_a_full_disk_ends_cleanly_and_the_next_build_works(
    tmp_path: Path, built: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    disk = tmp_path / "small-disk"
    with tmpfs(disk, size="256k") as mounted:
        if not mounted:  # not root: every write of the site fails as on a full disk
            monkeypatch.setattr("mkdocs.utils.write_file", _no_space)
        site = disk / "site"
        site.mkdir()
        (site / ".playbook-output").write_text("ours")
        (site / "index.html").write_text("the old site")
        before = snapshot(site)
        result = build(built, "--site-dir", str(site))
        assert result.exit_code == 1, result.stderr
        assert result.stderr.splitlines()[-1] == (
            f"Error: cannot write {site}: No space left on device; the previous output is untouched"
        )
        assert snapshot(site) == before
        assert sorted(path.name for path in disk.iterdir()) == [".site.lock", "site"]


@pytest.mark.parametrize("read_only", ["site", "parent"])
def test_a_read_only_site_or_parent_is_refused(
    built: Path, monkeypatch: pytest.MonkeyPatch, read_only: str
) -> None:
    before = snapshot(built / "site")
    denied = built / "site" if read_only == "site" else built
    deny(monkeypatch, denied, os.W_OK)
    result = build(built)
    assert_failed_cleanly(result, built, before)
    # As root the bits bind nobody, so faults.deny makes os.access answer as for anyone else.
    assert result.stderr == (
        f"Error: cannot replace {built / 'site'}: {denied} is read-only; the previous output is "
        "untouched\n"
    )
    monkeypatch.undo()
    restore(built)
    restore(built / "site")
    assert build(built).exit_code == 0


@pytest.mark.parametrize("folder", ["content", "projects", "content/guide"])
def test_an_unreadable_input_folder_is_an_error(
    built: Path, monkeypatch: pytest.MonkeyPatch, folder: str
) -> None:
    (built / "content" / "guide").mkdir()
    (built / "content" / "guide" / "page.md").write_text("# Guide\n")
    before = snapshot(built / "site")
    deny(monkeypatch, built / folder, os.R_OK)
    result = build(built)
    assert result.exit_code == 1, result.stderr
    assert problem_lines(result) == [f"{folder}: cannot read folder: permission denied"]
    assert snapshot(built / "site") == before
    validate = invoke(built, "validate")
    assert validate.exit_code == 1
    assert problem_lines(validate) == [f"{folder}: cannot read folder: permission denied"]
    restore(built / folder)


def test_leftovers_of_a_killed_build_do_not_disturb_the_next(built: Path) -> None:
    (built / ".site.new-killed").mkdir()
    (built / ".site.new-killed" / "half.html").write_text("half")
    (built / ".site.old-abc").mkdir()
    result = build(built)
    assert result.exit_code == 0, result.stderr
    assert leftovers(built) == []
