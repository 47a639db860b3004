"""One error hierarchy whose messages are written for the people who edit the YAML.

The CLI (``generator.cli``) and the MkDocs plugin are the only places that turn these
into output and exit codes; everything else raises them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace


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
        return f"{printable(where)}: {printable(self.message)}"


def warning_line(problem: Problem) -> str:
    """A warning as printed: ``path:line: warning: message`` (it does not change the exit code)."""
    return str(replace(problem, message=f"warning: {problem.message}"))


class PlaybookError(Exception):
    """Base of every error meant for a user. Its text is the whole message."""

    exit_code = 1

    def lines(self) -> list[str]:
        """The report, as printed: one line."""
        return [f"Error: {self}".replace("\n", " ")]


class ContentError(PlaybookError):
    """The content (playbooks, projects, templates) has one or more problems.

    ``notes`` say what could not be checked because of those problems (a project whose
    playbook cannot be loaded at all); they are not problems themselves.
    """

    def __init__(self, problems: Iterable[Problem], notes: Iterable[str] = ()) -> None:
        self.problems = sorted(set(problems), key=_problem_sort_key)
        self.notes = tuple(dict.fromkeys(notes))
        super().__init__("\n".join(str(p) for p in self.problems))

    def lines(self) -> list[str]:
        """The report: one line per problem, then the notes, then the count."""
        return [*map(str, self.problems), *(f"note: {note}" for note in self.notes), self.summary]

    @property
    def summary(self) -> str:
        """``7 problems in 5 files``."""
        count = len(self.problems)
        files = len({problem.path for problem in self.problems})
        return (
            f"{count} problem{'s' if count != 1 else ''} in {files} file{'s' if files != 1 else ''}"
        )


class UsageError(PlaybookError):
    """The command was called wrongly: a missing folder, a bad option value."""

    exit_code = 2


class OutputError(PlaybookError):
    """Writing output failed; the previous output was left untouched."""


# C0 and C1 control characters, DEL, line and paragraph separators, and the bidirectional
# overrides that can make a terminal line read differently from what it holds.
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """Text safe to print on a terminal: control characters shown escaped (``\\x1b``), never raw."""
    return _UNPRINTABLE.sub(lambda match: match.group().encode("unicode_escape").decode(), text)


def counted(count: int, noun: str) -> str:
    """``1 problem``, ``7 problems``."""
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def _problem_sort_key(problem: Problem) -> tuple[str, int, int, str]:
    return (problem.path, problem.line or 0, problem.column or 0, problem.message)


def machine_error(error: OSError) -> str:
    """An error of the machine rather than the content (a full disk, a lost folder), in a line."""
    where = f" ({error.filename})" if error.filename else ""
    return f"Error: {error.strerror or error}{where}"
