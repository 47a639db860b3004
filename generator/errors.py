"""One error hierarchy whose messages are written for the people who edit the YAML.

The CLI (``generator.cli``) and the MkDocs plugin are the only places that turn these
into output and exit codes; everything else raises them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the content, pinned to where a person can fix it."""

    path: str
    line: int | None
    column: int | None
    message: str

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        # One line per problem, whatever the content held (keys may contain newlines).
        message = self.message.replace("\r", "\\r").replace("\n", "\\n")
        return f"{where}: {message}"


class PlaybookError(Exception):
    """Base of every error meant for a user. Its text is the whole message."""

    exit_code = 1


class ContentError(PlaybookError):
    """The content (playbooks, projects, templates) has one or more problems."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(set(problems), key=_problem_sort_key)
        super().__init__("\n".join(str(p) for p in self.problems))


class UsageError(PlaybookError):
    """The command was called wrongly: a missing folder, a bad option value."""

    exit_code = 2


class OutputError(PlaybookError):
    """Writing output failed; the previous output was left untouched."""


def _problem_sort_key(problem: Problem) -> tuple[str, int, int, str]:
    return (problem.path, problem.line or 0, problem.column or 0, problem.message)
