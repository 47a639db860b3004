"""Path safety: nothing read or written may leave the project tree, not even through a symlink."""

from __future__ import annotations

import os
from pathlib import Path

from generator.errors import Problem, UsageError


def display_path(path: Path, root: Path | None) -> str:
    """A path as users see it in messages: relative to the project root when inside it."""
    if root is not None:
        # The path as written first (a symlink is named where it is, not where it leads).
        # os.path.abspath drops ".." without following symlinks, which Path cannot do.
        for candidate in (Path(os.path.abspath(path)), path.resolve()):  # noqa: PTH100
            for base in (root.absolute(), root.resolve()):
                try:
                    return candidate.relative_to(base).as_posix()
                except ValueError:
                    continue
    return path.as_posix()


def is_inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    return True


OUTSIDE = "points outside the project"


def outside_problem(path: Path, root: Path) -> Problem:
    return Problem(display_path(path, root), None, None, OUTSIDE)


def inside(root: Path, relative: str | Path, what: str) -> Path:
    """``root / relative``, refusing absolute paths, '..' and symlinks that escape ``root``."""
    candidate = Path(relative)
    if candidate.is_absolute() or ".." in candidate.parts:
        raise UsageError(f"{what} '{relative}' must be a relative path inside {root}")
    joined = root / candidate
    if not is_inside(joined, root):
        raise UsageError(f"{what} '{relative}' leads outside {root}")
    return joined
