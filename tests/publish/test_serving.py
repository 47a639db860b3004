"""Downloads under `serve` (publish.serving): written after the build returns, only the newest
build's, and a build outside `serve` still writes them before it returns."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from generator.publish.background import Background
from generator.publish.serving import (
    deliver_downloads,
    late_downloads,
    serving,
    stop_late_downloads,
)
from generator.publish.site import GeneratedSite, write_files


def _site(work: object) -> GeneratedSite:
    downloads = Background(work, finish=write_files)  # type: ignore[arg-type]
    return GeneratedSite(pages={}, fragments={}, downloads=downloads)


def _slow(content: str, seconds: float) -> object:
    def work() -> dict[str, str]:
        time.sleep(seconds)
        return {"a.csv": content}

    return work


def test_a_build_writes_its_downloads_before_it_returns(tmp_path: Path) -> None:
    deliver_downloads(_site(_slow("built", 0.3)), tmp_path)
    assert (tmp_path / "a.csv").read_text(encoding="utf-8") == "built"


def test_under_serve_the_build_returns_first_and_the_downloads_follow(tmp_path: Path) -> None:
    with serving():
        started = time.monotonic()
        deliver_downloads(_site(_slow("served", 1.0)), tmp_path)
        returned = time.monotonic() - started
        assert not (tmp_path / "a.csv").exists()
        late_downloads.wait()
    assert returned < 0.5
    assert (tmp_path / "a.csv").read_text(encoding="utf-8") == "served"


def test_only_the_newest_builds_downloads_are_written(tmp_path: Path) -> None:
    with serving():
        older = _site(_slow("older", 1.0))
        deliver_downloads(older, tmp_path)
        deliver_downloads(_site(_slow("newer", 0.0)), tmp_path)
        late_downloads.wait()
        process = older.downloads._process
        assert process is not None
        assert not process.is_alive()  # stopped, not left running beside the newer one
    assert (tmp_path / "a.csv").read_text(encoding="utf-8") == "newer"


def test_downloads_that_fail_under_serve_are_reported_not_written(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    def broken() -> dict[str, str]:
        raise ValueError("no disk")

    with serving():
        deliver_downloads(_site(broken), tmp_path)
        late_downloads.wait()
    assert list(tmp_path.iterdir()) == []
    assert [record.getMessage() for record in caplog.records] == [
        "playbook: the projects' downloads were not made: ValueError: no disk"
    ]


def test_nothing_is_written_once_the_server_stops(tmp_path: Path) -> None:
    with serving():
        deliver_downloads(_site(_slow("late", 0.5)), tmp_path)
        stop_late_downloads()  # the server stops (see stop_downloads_on_shutdown)
        time.sleep(1.0)
        assert list(tmp_path.iterdir()) == []
