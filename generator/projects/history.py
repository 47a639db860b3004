"""What a playbook held at each released version, so projects can see what changed since.

A snapshot is a small JSON file, ``playbooks/<id>/history/<version>.json``, mapping each item
id to its kind, title and a fingerprint of its content. ``playbook kickoff`` and
``playbook upgrade`` record the current version's snapshot when it is missing; commit it with
the project file. ``playbook status`` compares the project's recorded version with today's
playbook: items added, removed and reworded.

A missing snapshot only means the changes cannot be listed. A snapshot that is there but
cannot be trusted (not JSON, the wrong shape, too large, a symlink out of the project) is a
content problem that names the file: silently treating it as missing would hide a broken
commit.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from generator.errors import ContentError, Problem
from generator.load.documents import load_document
from generator.load.json_files import json_type, read_json_file
from generator.load.paths import display_path, is_inside
from generator.model.kinds import PLAYBOOK_FILE, kind_of
from generator.model.playbook import Playbook
from generator.publish.atomic import write_text_atomic

HISTORY_DIR = "history"
# A snapshot of a 500-item playbook is about 100 KB; anything near this limit is not one.
MAX_SNAPSHOT_BYTES = 5 * 1024 * 1024
NOT_VALID = "history snapshot is not valid"
# Fields that say who looks after an item, when it was last reviewed and where it comes from:
# they describe the item rather than being its content, so changing them is no change for the
# projects and needs no new playbook version.
NOT_CONTENT_FIELDS = {"owner", "reviewed", "source"}
OUTSIDE = "points outside the project"


def fingerprint(playbook: Playbook) -> dict[str, dict[str, str]]:
    snapshot = {}
    for item in playbook.items:
        # Who looks after an item, when they last reviewed it and where it comes from are not
        # content: a review, or a corrected source note, alone is no change for the projects.
        data = item.model_dump(mode="json", exclude=NOT_CONTENT_FIELDS)
        content = json.dumps(data, sort_keys=True, ensure_ascii=False)
        snapshot[item.id] = {
            "kind": kind_of(item).name,
            "title": item.title,
            "hash": hashlib.sha256(content.encode("utf-8")).hexdigest()[:16],
        }
    return dict(sorted(snapshot.items()))


def snapshot_path(playbook: Playbook, version: str) -> Path:
    return playbook.folder / HISTORY_DIR / f"{version}.json"


def shown_snapshot_path(playbook: Playbook, version: str, root: Path | None = None) -> str:
    """The snapshot's path as messages show it, relative to the project folder ``root``."""
    return _shown(snapshot_path(playbook, version), playbook, root)


def record_snapshot(playbook: Playbook, root: Path | None = None) -> Path | None:
    """Write the current version's snapshot if it is missing; return the path if written.

    ``root`` is the project folder; nothing is written through a symlink that leads out of it.
    """
    path = snapshot_path(playbook, playbook.meta.version)
    _refuse_outside(path, playbook, root)
    if path.exists():
        return None
    document = {
        "playbook": playbook.id,
        "version": playbook.meta.version,
        "items": fingerprint(playbook),
    }
    write_text_atomic(path, json.dumps(document, indent=2, sort_keys=True) + "\n")
    return path


def read_snapshot(
    playbook: Playbook, version: str, root: Path | None = None
) -> dict[str, dict[str, str]] | None:
    """The items recorded for ``version``, or None when no snapshot of it exists.

    Raises ContentError, naming the file, when the snapshot exists but is not valid.
    ``root`` is the project folder: paths in messages are relative to it, and a snapshot that
    is a symlink leading out of it is refused.
    """
    path = snapshot_path(playbook, version)
    if not os.path.lexists(path):
        return None
    _refuse_outside(path, playbook, root)
    shown = _shown(path, playbook, root)
    data = read_json_file(path, shown, MAX_SNAPSHOT_BYTES, partial(_invalid, shown))
    if data is None:
        return None
    return _items(data, shown)


@dataclass(frozen=True)
class Reworded:
    """An item whose content changed; ``old_title`` is its title then (maybe the same)."""

    id: str
    old_title: str
    title: str

    @property
    def shown(self) -> str:
        """``id (Old title → New title)``, or ``id (Title)`` when only other text changed."""
        if self.old_title == self.title:
            return f"{self.id} ({self.title})"
        return f"{self.id} ({self.old_title} → {self.title})"


@dataclass(frozen=True)
class Changes:
    since: str
    added: tuple[tuple[str, str], ...]  # (id, title)
    removed: tuple[tuple[str, str], ...]
    reworded: tuple[Reworded, ...]
    known: bool  # False when no snapshot of the old version exists

    @property
    def any(self) -> bool:
        return bool(self.added or self.removed or self.reworded)

    def lines(self, labels: tuple[str, ...] = ("Added", "Removed", "Reworded")) -> list[str]:
        """``  Added: id (title)`` lines, for the sections named in ``labels``."""
        sections = {
            "Added": [f"{item_id} ({title})" for item_id, title in self.added],
            "Removed": [f"{item_id} ({title})" for item_id, title in self.removed],
            "Reworded": [entry.shown for entry in self.reworded],
        }
        return [f"  {label}: {entry}" for label in labels for entry in sections[label]]


def changes_since(playbook: Playbook, version: str, root: Path | None = None) -> Changes:
    """What changed since ``version``; raises ContentError if its snapshot is not valid."""
    old = read_snapshot(playbook, version, root)
    if old is None:
        return Changes(version, (), (), (), known=False)
    return compare_items(version, old, fingerprint(playbook))


def compare_items(
    since: str, old: dict[str, dict[str, str]], new: dict[str, dict[str, str]]
) -> Changes:
    """The items added, removed and changed from the fingerprints ``old`` to ``new``."""
    added = tuple((i, new[i]["title"]) for i in sorted(new.keys() - old.keys()))
    removed = tuple((i, old[i]["title"]) for i in sorted(old.keys() - new.keys()))
    reworded = tuple(
        Reworded(i, old[i]["title"], new[i]["title"])
        for i in sorted(new.keys() & old.keys())
        if old[i]["hash"] != new[i]["hash"]
    )
    return Changes(since, added, removed, reworded, known=True)


def unbumped_changes(playbook: Playbook, root: Path | None = None) -> Changes | None:
    """The items' changes since the snapshot of the playbook's *current* version was recorded:
    a playbook edited without bumping ``version``. None when there is no such snapshot or
    nothing changed; raises ContentError if the snapshot is not valid."""
    changes = changes_since(playbook, playbook.meta.version, root)
    return changes if changes.known and changes.any else None


def version_warning(playbook: Playbook, changes: Changes, root: Path | None = None) -> Problem:
    """The warning of `playbook validate` for ``unbumped_changes``, at the ``version`` line."""
    path = playbook.folder / PLAYBOOK_FILE
    shown = _shown(path, playbook, root)
    try:
        line: int | None = load_document(path, shown, lenient=True).position(("version",)).line
    except ContentError:
        line = None
    counts = ", ".join(
        f"{len(entries)} {label}"
        for label, entries in (
            ("added", changes.added),
            ("removed", changes.removed),
            ("changed", changes.reworded),
        )
        if entries
    )
    version = playbook.meta.version
    return Problem(
        shown,
        line,
        None,
        f"items changed since version {version} was recorded in "
        f"{shown_snapshot_path(playbook, version, root)} ({counts}), but 'version' is still "
        f"{version}; bump it so projects can see the change",
    )


def _boundary(playbook: Playbook, root: Path | None) -> Path:
    # Without the project folder, the playbook's own folder is the (narrower, so safe) limit.
    return root if root is not None else playbook.folder


def _shown(path: Path, playbook: Playbook, root: Path | None) -> str:
    # Callers that do not pass root get paths relative to the folder holding playbooks/,
    # which is the project folder in the usual layout.
    base = root if root is not None else playbook.folder.parent.parent
    try:
        # Lexically, so a symlink is shown under its own name rather than its target's.
        return path.relative_to(base).as_posix()
    except ValueError:
        return display_path(path, base)


def _refuse_outside(path: Path, playbook: Playbook, root: Path | None) -> None:
    if not is_inside(path, _boundary(playbook, root)):
        raise ContentError([Problem(_shown(path, playbook, root), None, None, OUTSIDE)])


def _items(data: Any, shown: str) -> dict[str, dict[str, str]]:
    if not isinstance(data, dict):
        raise _invalid(shown, None, f"expected a JSON object, got {json_type(data)}")
    if "items" not in data:
        raise _invalid(shown, None, "it has no 'items'")
    items = data["items"]
    if not isinstance(items, dict):
        raise _invalid(
            shown, None, f"'items' must be an object of item ids, got {json_type(items)}"
        )
    for item_id in sorted(items):
        entry = items[item_id]
        name = f"item '{_short(item_id)}'"
        if not isinstance(entry, dict):
            raise _invalid(shown, None, f"{name} must be an object, got {json_type(entry)}")
        for key in ("title", "hash"):
            if key not in entry:
                raise _invalid(shown, None, f"{name} has no '{key}'")
        for key, value in sorted(entry.items()):
            if not isinstance(value, str):
                raise _invalid(
                    shown, None, f"{name}: '{_short(key)}' must be text, got {json_type(value)}"
                )
    return items


def _invalid(shown: str, line: int | None, reason: str) -> ContentError:
    return ContentError([Problem(shown, line, None, f"{NOT_VALID}: {reason}")])


def _short(text: str, limit: int = 60) -> str:
    # Ids come from the file; a megabyte-long one must not become a megabyte-long message.
    return text if len(text) <= limit else text[: limit - 1] + "…"
