"""Faults of the machine, made real where the tests may (root can mount a tiny tmpfs), and
simulated where they cannot bind (root reads and writes through any permission bits)."""

from __future__ import annotations

import contextlib
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

IS_ROOT = os.geteuid() == 0


@contextlib.contextmanager
def tmpfs(folder: Path, size: str = "512k") -> Iterator[bool]:
    """Mount a small tmpfs on ``folder``; yields False (mounting nothing) when not allowed."""
    folder.mkdir(parents=True, exist_ok=True)
    mounted = (
        subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size}", "playbook-test", str(folder)],
            capture_output=True,
            check=False,
        ).returncode
        == 0
    )
    try:
        yield mounted
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(folder)], capture_output=True, check=False)


def deny(monkeypatch: pytest.MonkeyPatch, folder: Path, mode: int) -> None:
    """Take ``mode`` (os.R_OK, os.W_OK) away from ``folder`` and everything in it.

    The permission bits are changed for real; as root, which ignores them, ``os.access`` and
    ``os.scandir`` are also made to answer as they would for anyone else.
    """
    bits = {os.R_OK: 0o333, os.W_OK: 0o555}[mode]
    folder.chmod(folder.stat().st_mode & bits)
    if not IS_ROOT:
        return
    target = folder.resolve()
    real_access, real_scandir = os.access, os.scandir

    def inside(path: object) -> bool:
        try:
            resolved = Path(os.fspath(path)).resolve()  # type: ignore[arg-type]
        except TypeError:
            return False
        return resolved == target or target in resolved.parents

    def access(path: object, wanted: int, *args: object, **kwargs: object) -> bool:
        if wanted & mode and inside(path):
            return False
        return real_access(path, wanted, *args, **kwargs)  # type: ignore[arg-type]

    def scandir(path: object = ".") -> object:
        if mode == os.R_OK and inside(path):
            raise PermissionError(13, "Permission denied", os.fspath(path))  # type: ignore[arg-type]
        return real_scandir(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "access", access)
    monkeypatch.setattr(os, "scandir", scandir)


def restore(folder: Path) -> None:
    """Give the permissions back, so pytest can clean ``tmp_path``."""
    folder.chmod(0o755)
