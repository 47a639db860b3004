"""Finding the files to load: sorted, readable, and never through a symlink out of the project.

``Path.glob`` silently skips a folder it cannot read; here that is a problem, so no page and
no project goes missing without a word.
"""

from __future__ import annotations

import fnmatch
import os
from pathlib import Path

from generator.errors import Problem
from generator.load.paths import display_path, is_inside, outside_problem


def safe_files(folder: Path, root: Path, pattern: str, problems: list[Problem]) -> list[Path]:
    """Files in ``folder`` matching ``pattern``, sorted.

    A symlink that leads outside ``root`` is refused, and a folder or file that cannot be read
    is a problem (``Path.glob`` would silently skip it, and the site would lose pages).
    """
    found = []
    for path in _entries(folder, root, problems):
        if not fnmatch.fnmatchcase(path.name, pattern):
            continue
        if not is_inside(path, root):
            problems.append(outside_problem(path, root))
            continue
        if path.is_file():
            if not os.access(path, os.R_OK):
                problems.append(
                    Problem(
                        display_path(path, root), None, None, "cannot read file: permission denied"
                    )
                )
                continue
            found.append(path)
    return found


def safe_folders(folder: Path, root: Path, problems: list[Problem]) -> list[Path]:
    """Sub-folders of ``folder`` (hidden ones left out), sorted; the same refusals as above."""
    found = []
    for path in _entries(folder, root, problems):
        if path.name.startswith(".") or not path.is_dir():
            continue
        if not is_inside(path, root):
            problems.append(outside_problem(path, root))
            continue
        found.append(path)
    return found


def _entries(folder: Path, root: Path, problems: list[Problem]) -> list[Path]:
    try:
        with os.scandir(folder) as scan:
            return sorted(Path(entry.path) for entry in scan)
    except OSError as error:
        problems.append(
            Problem(
                display_path(folder, root),
                None,
                None,
                f"cannot read folder: {(error.strerror or str(error)).lower()}",
            )
        )
        return []


def tree_problems(folder: Path, root: Path) -> list[Problem]:
    """Every unreadable folder or file, and every symlink out of ``root``, under ``folder``."""
    problems: list[Problem] = []

    def unreadable(error: OSError) -> None:
        where = Path(error.filename) if error.filename else folder
        reason = (error.strerror or str(error)).lower()
        problems.append(
            Problem(display_path(where, root), None, None, f"cannot read folder: {reason}")
        )

    for current, subfolders, files in os.walk(folder, onerror=unreadable):
        base = Path(current)
        for name in sorted([*subfolders, *files]):
            path = base / name
            if path.is_symlink() and not is_inside(path, root):
                problems.append(outside_problem(path, root))
            elif name in files and not os.access(path, os.R_OK):
                problems.append(
                    Problem(
                        display_path(path, root), None, None, "cannot read file: permission denied"
                    )
                )
        for name in list(subfolders):
            # A readable folder that cannot be entered hides its pages just the same.
            if not os.access(base / name, os.R_OK | os.X_OK):
                problems.append(
                    Problem(
                        display_path(base / name, root),
                        None,
                        None,
                        "cannot read folder: permission denied",
                    )
                )
                subfolders.remove(name)
    return problems
