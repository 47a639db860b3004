"""Where output may go: never over, around or into the project's inputs.

Every output path (``--site-dir``, ``site_dir`` in mkdocs.yml, ``render --out``,
``schema --out``, ``checklist -o``) passes through here before anything is written. Paths are
compared after following symlinks and ``..``, so no spelling of a path reaches an input.
A folder is only ever replaced whole when it is empty or carries our marker file, which
every output folder we write holds; ``--force`` is needed for any other folder.
"""

from __future__ import annotations

import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from generator.errors import UsageError
from generator.settings import Settings

# Written into every output folder, so that a later run can tell it is ours to replace.
MARKER = ".playbook-output"
MARKER_TEXT = (
    "This folder was written by playbook and is replaced whole by the next run.\n"
    "Do not keep anything else in it.\n"
)


def _describe(option: str, value: str | Path) -> str:
    return f"{option} '{value}'"


def _refusal(settings: Settings, resolved: Path, allow: frozenset[str] = frozenset()) -> str | None:
    """Why an output at ``resolved`` would reach an input, or None when it would not.

    ``allow`` names inputs this output may be (the schemas folder, for `playbook schema`).
    """
    root = settings.root.resolve()
    if resolved == root:
        return "is the project folder"
    if resolved in root.parents:
        return "holds the project folder"
    for name, folder in settings.inputs().items():
        if name in allow:
            continue
        target = folder.resolve()
        if resolved == target:
            return f"is the {name}"
        if target in resolved.parents:
            return f"lies inside the {name}"
        if resolved in target.parents:
            return f"holds the {name}"
    for name, file in settings.input_files().items():
        target = file.resolve()
        if resolved == target:
            return f"is the {name} {file.name}"
        if resolved in target.parents:
            return f"holds the {name} {file.name}"
    return None


def is_ours(folder: Path) -> bool:
    return (folder / MARKER).is_file()


def guard_output_folder(
    settings: Settings,
    path: str | Path,
    *,
    option: str,
    force: bool = False,
    base: Path | None = None,
    also_ours: Callable[[Path], bool] | None = None,
    allow: frozenset[str] = frozenset(),
) -> Path:
    """The real folder an output may replace whole, or a UsageError saying why not.

    A relative ``path`` is taken from ``base`` (the current folder for a command-line option),
    else from the project root (a setting in mkdocs.yml). ``also_ours`` recognises other
    folders that are ours to replace (e.g. one holding only JSON Schemas).
    """
    if not str(path).strip():
        raise UsageError(f"{option} is empty; name a folder for the output")
    candidate = Path(path)
    if not candidate.is_absolute():
        candidate = (base or settings.root) / candidate
    resolved = candidate.resolve()
    reason = _refusal(settings, resolved, allow)
    if reason is not None:
        raise UsageError(
            f"{_describe(option, path)} {reason}; the output would replace it. "
            "Choose another folder (nothing was written)"
        )
    if resolved.exists() and not resolved.is_dir():
        raise UsageError(f"{_describe(option, path)} is a file, not a folder (nothing was written)")
    if (
        not force
        and resolved.is_dir()
        and not is_ours(resolved)
        and not (also_ours is not None and also_ours(resolved))
        and _has_entries(resolved)
    ):
        raise UsageError(
            f"{_describe(option, path)} is not empty and was not written by playbook; "
            "choose an empty folder, or pass --force to replace it (nothing was written)"
        )
    return resolved


def _has_entries(folder: Path) -> bool:
    try:
        return any(folder.iterdir())
    except OSError as error:
        raise UsageError(f"cannot read folder '{folder}': {error.strerror}") from None


@dataclass(frozen=True)
class OutputFile:
    """Where a single output file goes.

    ``path`` is the real file (a symlink's target, so the symlink stays a symlink);
    ``stream`` is True for something that is not a regular file (a FIFO, a terminal,
    ``/dev/stdout``): it is written into, never replaced.
    """

    path: Path
    stream: bool


def guard_output_file(
    settings: Settings, path: str | Path, *, option: str, base: Path | None = None
) -> OutputFile:
    """Where an output file may be written, or a UsageError saying why not.

    A relative ``path`` is taken from ``base``, else from the current folder.
    """
    if not str(path).strip():
        raise UsageError(f"{option} is empty; name a file for the output")
    candidate = Path(path)
    if not candidate.is_absolute():
        candidate = (base or Path.cwd()) / candidate
    try:
        mode = candidate.stat().st_mode  # follows symlinks
    except FileNotFoundError:
        mode = None
    except OSError as error:
        raise UsageError(f"{_describe(option, path)}: {error.strerror}") from None
    if mode is not None and stat.S_ISDIR(mode):
        raise UsageError(f"{_describe(option, path)} is a folder, not a file")
    if mode is not None and not stat.S_ISREG(mode):
        return OutputFile(candidate, stream=True)
    resolved = candidate.resolve()
    reason = _refusal(settings, resolved)
    if reason is not None:
        raise UsageError(
            f"{_describe(option, path)} {reason}; writing it would overwrite an input. "
            "Choose another file (nothing was written)"
        )
    return OutputFile(resolved, stream=False)
