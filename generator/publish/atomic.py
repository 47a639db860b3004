"""Writes that are all or nothing: a temporary file or folder beside the target, then a rename.

A failed or interrupted run therefore leaves the previous output exactly as it was. A lock
file serialises two runs that target the same folder.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import secrets
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from generator.errors import OutputError


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _new_file_mode(path: Path) -> int:
    """The mode a plain ``open()`` would give: the replaced file's, else 0666 less the umask."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        return 0o666 & ~_umask()


def _temporary_beside(path: Path) -> tuple[int, Path]:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as error:
        raise OutputError(f"cannot write {path}: {error.strerror}") from None
    return handle, Path(name)


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` in one rename; on any failure the old file stays."""
    mode = _new_file_mode(path)
    handle, temporary = _temporary_beside(path)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        temporary.chmod(mode)  # mkstemp makes files private (0600)
        temporary.replace(path)
    except OSError as error:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise OutputError(
            f"cannot write {path}: {error.strerror or error}; the previous file is untouched"
        ) from None
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise


def write_text_atomic(path: Path, text: str) -> None:
    write_bytes_atomic(path, text.encode("utf-8"))


def create_exclusive(path: Path, text: str) -> bool:
    """Write a new file atomically; return False (writing nothing) if it already exists."""
    handle, temporary = _temporary_beside(path)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(text.encode("utf-8"))
        temporary.chmod(0o666 & ~_umask())
        try:
            os.link(temporary, path)  # fails if path exists: no race with another writer
        except FileExistsError:
            return False
        return True
    except OSError as error:
        raise OutputError(f"cannot write {path}: {error.strerror or error}") from None
    finally:
        with contextlib.suppress(OSError):
            Path(temporary).unlink()


@contextlib.contextmanager
def _locked(target: Path) -> Iterator[None]:
    lock_path = target.parent / f".{target.name}.lock"
    try:
        lock = lock_path.open("w")
    except OSError as error:
        raise OutputError(
            f"cannot write beside {target}: {error.strerror}; nothing was changed"
        ) from None
    with lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def write_into(path: Path, data: bytes) -> None:
    """Write into something that is not a regular file (a FIFO, a terminal): never replace it."""
    try:
        with path.open("wb") as stream:
            stream.write(data)
    except OSError as error:
        raise OutputError(f"cannot write {path}: {error.strerror or error}") from None


@contextlib.contextmanager
def atomic_directory(target: Path, *, marker: tuple[str, str] | None = None) -> Iterator[Path]:
    """Yield an empty staging folder; on success it replaces ``target`` in one rename.

    ``marker`` (file name, text) is written into the new folder, so a later run can tell the
    folder is ours. On any failure (a full disk, a read-only or mounted folder) the previous
    ``target`` is left exactly as it was, with no staging or old folder left behind that
    could disturb the next run.
    """
    if os.path.ismount(target):
        raise OutputError(
            f"{target} is a mount point, so it cannot be replaced in one step; "
            "write into a folder inside it instead (nothing was changed)"
        )
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(f"cannot create {target.parent}: {error.strerror}") from None
    with _locked(target):
        _remove_stale_staging(target)
        _check_replaceable(target)  # fail before the work, not after it
        try:
            staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
            staging.chmod(0o777 & ~_umask())  # mkdtemp makes folders private (0700)
        except OSError as error:
            raise OutputError(
                f"cannot write beside {target}: {error.strerror}; nothing was changed"
            ) from None
        try:
            try:
                yield staging
                if marker is not None:
                    (staging / marker[0]).write_text(marker[1], encoding="utf-8")
            except OSError as error:
                raise OutputError(
                    f"cannot write {target}: {error.strerror or error}; "
                    "the previous output is untouched"
                ) from None
            _swap(staging, target)
        finally:
            shutil.rmtree(staging, ignore_errors=True)


def _swap(staging: Path, target: Path) -> None:
    """Put ``staging`` in place of ``target``; put ``target`` back if anything fails."""
    _check_replaceable(target)
    previous = None
    try:
        if target.exists():
            previous = target.parent / f".{target.name}.old-{secrets.token_hex(6)}"
            target.rename(previous)
        staging.rename(target)
    except OSError as error:
        if previous is not None and previous.exists() and not target.exists():
            previous.rename(target)  # put the previous output back
        raise OutputError(
            f"cannot replace {target}: {error.strerror or error}; the previous output is untouched"
        ) from None
    if previous is not None:
        shutil.rmtree(previous, ignore_errors=True)


def _check_replaceable(target: Path) -> None:
    unremovable = _first_unremovable(target)
    if unremovable is not None:
        raise OutputError(
            f"cannot replace {target}: {unremovable} is read-only; the previous output is untouched"
        )


def _first_unremovable(target: Path) -> Path | None:
    """A folder in ``target`` whose entries cannot be removed (no write permission), if any.

    Checked before the swap: once the new output is in place, the old one must go entirely.
    """
    if not target.is_dir() or target.is_symlink():
        return None
    if not os.access(target.parent, os.W_OK | os.X_OK):
        return target.parent
    for folder, _subfolders, _files in os.walk(target, onerror=None):
        if not os.access(folder, os.W_OK | os.X_OK):
            return Path(folder)
    return None


def _remove_stale_staging(target: Path) -> None:
    """Staging folders left by a run that was killed; safe to remove while we hold the lock."""
    for stale in target.parent.glob(f".{target.name}.new-*"):
        shutil.rmtree(stale, ignore_errors=True)
    olds = sorted(target.parent.glob(f".{target.name}.old*"), key=lambda path: path.stat().st_mtime)
    if olds and not target.exists():
        olds.pop().rename(target)  # killed between the two renames: the previous output returns
    for old in olds:
        shutil.rmtree(old, ignore_errors=True)
