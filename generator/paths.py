"""Path safety: nothing read or written may leave the project tree, not even through a symlink."""

from __future__ import annotations

import fnmatch
import os
import re
import unicodedata
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


def inside(root: Path, relative: str | Path, what: str) -> Path:
    """``root / relative``, refusing absolute paths, '..' and symlinks that escape ``root``."""
    candidate = Path(relative)
    if candidate.is_absolute() or ".." in candidate.parts:
        raise UsageError(f"{what} '{relative}' must be a relative path inside {root}")
    joined = root / candidate
    if not is_inside(joined, root):
        raise UsageError(f"{what} '{relative}' leads outside {root}")
    return joined


# Letters that Unicode does not decompose into ASCII.
_SPELL_OUT = str.maketrans(
    {
        "ß": "ss",
        "æ": "ae",
        "Æ": "AE",
        "ø": "o",
        "Ø": "O",
        "œ": "oe",
        "Œ": "OE",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "þ": "th",
    }
)
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(name: str) -> str:
    """A safe file and URL name: ASCII kebab-case, never empty, never '..'."""
    spelled = name.translate(_SPELL_OUT)
    ascii_name = unicodedata.normalize("NFKD", spelled).encode("ascii", "ignore").decode("ascii")
    slug = _NOT_SLUG.sub("-", ascii_name.lower()).strip("-")[:60].strip("-")
    return slug or "project"
