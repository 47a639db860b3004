"""The command line as the tests drive it: `playbook` through CliRunner, MkDocs as a process."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner, Result

from generator.cli import main

# The arguments of a kickoff that asks nothing: the date given, prompts off.
NO_PROMPTS = ("--kickoff", "2027-02-01", "--no-input")


def invoke(root: Path | None, *args: str, input: str | None = None) -> Result:
    """`playbook [--root ROOT] ARGS`. Every failure must be an exit code and a message, so an
    exception other than the exit, or a traceback in the output, fails the test."""
    options = ["--root", str(root)] if root is not None else []
    result = CliRunner().invoke(main, [*options, *args], input=input)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert "Traceback" not in result.output + result.stderr
    return result


def problem_lines(result: Result) -> list[str]:
    """The problem lines of a content error; the count line ("2 problems in 1 file") is last."""
    lines = result.stderr.splitlines()
    assert lines and re.fullmatch(r"\d+ problems? in \d+ files?", lines[-1]), result.stderr
    return lines[:-1]


def kickoff_args(name: str, *options: str, playbook: str = "sample") -> list[str]:
    """`kickoff --playbook PLAYBOOK OPTIONS -- NAME`; after '--' a name may start with '-'."""
    return ["kickoff", "--playbook", playbook, *options, "--", name]


def mkdocs(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """`mkdocs ARGS` run in ``cwd`` by this interpreter, as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", *args],
        cwd=cwd,
        text=True,
        capture_output=True,
        check=False,
    )


def warnings(stderr: str) -> list[str]:
    """MkDocs' WARNING lines: a clean build has none."""
    return [line for line in stderr.splitlines() if line.startswith("WARNING")]


# Checklists are made as of this day, so which task is overdue never depends on the clock.
AS_OF = "2027-03-01"


def checklist(root: Path, *options: str, project: str = "harbour-bank") -> Result:
    """`playbook checklist PROJECT --today 2027-03-01 OPTIONS`."""
    return invoke(root, "checklist", project, "--today", AS_OF, *options)
