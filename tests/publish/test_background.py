"""Downloads made in a second process (publish.background): results, errors, and no child
left behind when nobody asks for the result."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.errors import ContentError, OutputError, Problem
from generator.publish.background import Background


def test_the_result_comes_from_the_child() -> None:
    assert Background(lambda: {"a.csv": "x" * 200_000}).result() == {"a.csv": "x" * 200_000}


def _content_problem() -> None:
    raise ContentError([Problem("p.yaml", 3, None, "bad")])


def _crash() -> None:
    raise ValueError("boom")


def test_a_content_error_in_the_child_is_the_parents_content_error() -> None:
    with pytest.raises(ContentError) as caught:
        Background(_content_problem).result()
    assert [(p.path, p.line, p.message) for p in caught.value.problems] == [("p.yaml", 3, "bad")]


def test_any_other_failure_is_an_output_error_naming_it() -> None:
    with pytest.raises(OutputError, match="ValueError: boom"):
        Background(_crash).result()


def test_an_unwanted_result_does_not_leave_the_child_blocked() -> None:
    # More than a pipe holds: without the finalizer the child would wait forever to send it.
    background = Background(lambda: "x" * 5_000_000)
    process = background._process
    assert process is not None
    del background
    gc.collect()
    process.join(timeout=10)
    assert not process.is_alive()


_LATER_CHILD = """
import gc
from generator.publish.background import Background
earlier = [Background(lambda: "earlier")]
def work():
    earlier.clear()
    gc.collect()
    return "later"
print(Background(work).result())
"""


def test_a_later_child_leaves_an_earlier_background_alone() -> None:
    """Under `serve`, each build forks a child that inherits the previous builds' objects:
    collecting one there must not try to stop a process that is not its own. (In a process of
    its own: pytest would swallow the error the child prints.)"""
    result = subprocess.run(
        [sys.executable, "-c", _LATER_CHILD], capture_output=True, text=True, timeout=60
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, "later\n", "")


def _write_pid(value: object, folder: Path) -> None:
    (folder / "made.txt").write_text(f"{value} {os.getpid()}", encoding="utf-8")


def test_finish_runs_where_the_result_is_and_is_waited_for(tmp_path: Path) -> None:
    background = Background(lambda: "x" * 5_000_000, finish=_write_pid)
    background.finish(tmp_path)
    value, pid = (tmp_path / "made.txt").read_text(encoding="utf-8").split()
    assert (len(value), pid != str(os.getpid())) == (5_000_000, True)


def test_a_failed_work_is_reported_before_finish_is_asked(tmp_path: Path) -> None:
    background: Background[None] = Background(_crash, finish=_write_pid)
    with pytest.raises(OutputError, match="ValueError: boom"):
        background.ready()
    with pytest.raises(OutputError, match="ValueError: boom"):
        background.finish(tmp_path)  # nothing is asked of a child that failed
    assert list(tmp_path.iterdir()) == []


def _failing_finish(value: str, folder: Path) -> None:
    raise ContentError([Problem("site", None, None, f"cannot write {len(value)} characters")])


def test_a_failed_finish_is_the_parents_error() -> None:
    with pytest.raises(ContentError) as caught:
        Background(lambda: "abc", finish=_failing_finish).finish(Path("unused"))
    assert [p.message for p in caught.value.problems] == ["cannot write 3 characters"]


def test_a_cancelled_work_is_an_output_error() -> None:
    background: Background[None] = Background(lambda: time.sleep(30), finish=_write_pid)
    background.cancel()
    with pytest.raises(OutputError, match="ended unexpectedly"):
        background.ready()


# A parent that makes a Background, says its child's pid, and dies without a word.
_ORPHANING_PARENT = """
import os, time
from generator.publish.background import Background
background = Background(lambda: time.sleep(120))
print(background._process.pid, flush=True)
os._exit(0)
"""


@pytest.mark.skipif(sys.platform != "linux", reason="the kernel's parent-death signal is Linux's")
def test_the_child_does_not_outlive_its_parent() -> None:
    completed = subprocess.run(
        [sys.executable, "-c", _ORPHANING_PARENT],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    child = int(completed.stdout)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and _alive(child):
        time.sleep(0.1)
    assert not _alive(child)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie has exited: only its parent (init, here) has yet to collect it.
    status = Path(f"/proc/{pid}/status")
    return not (status.exists() and "\nState:\tZ" in status.read_text(encoding="utf-8"))
