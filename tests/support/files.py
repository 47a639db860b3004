"""Editing a file in place and taking the state of a tree, to compare before and after."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path


def replace_in(path: Path, old: str, new: str, count: int = -1) -> None:
    """Replace ``old`` in a file; fails the test if it is not there (an edit that silently did
    nothing would make the test pass for the wrong reason)."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def snapshot(root: Path) -> dict[str, str]:
    """Every file, folder and link under ``root`` (hidden ones too) with a digest of its bytes."""
    found: dict[str, str] = {}
    for folder, subfolders, files in os.walk(root):
        for name in [*subfolders, *files]:
            path = Path(folder) / name
            key = path.relative_to(root).as_posix()
            if path.is_symlink():
                found[key] = f"-> {path.readlink()}"
            elif path.is_file():
                found[key] = hashlib.sha256(path.read_bytes()).hexdigest()
            else:
                found[key] = "folder"
    return found
