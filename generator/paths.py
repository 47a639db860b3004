"""Path safety: nothing read or written may leave the project tree, not even through a symlink."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from generator.errors import Problem, UsageError


def display_path(path: Path, root: Path | None) -> str:
    """A path as users see it in messages: relative to the project root when inside it."""
    if root is not None:
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return path.as_posix()


def is_inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    return True


def safe_files(folder: Path, root: Path, pattern: str, problems: list[Problem]) -> list[Path]:
    """Files in ``folder`` matching ``pattern``, sorted; symlinks out of ``root`` are refused."""
    found = []
    for path in sorted(folder.glob(pattern)):
        if not is_inside(path, root):
            problems.append(
                Problem(
                    display_path(path, None),
                    None,
                    None,
                    "refusing a file that leads outside the project folder (a symlink?)",
                )
            )
            continue
        if path.is_file():
            found.append(path)
    return found


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
