"""What a playbook held at each released version, so projects can see what changed since.

A snapshot is a small JSON file, ``playbooks/<id>/history/<version>.json``, mapping each item
id to its kind, title and a fingerprint of its content. ``playbook kickoff`` and
``playbook upgrade`` record the current version's snapshot when it is missing; commit it with
the project file. ``playbook status`` compares the project's recorded version with today's
playbook: items added, removed and reworded.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.atomic import write_text_atomic
from generator.kinds import kind_of
from generator.validation import Playbook

HISTORY_DIR = "history"


def fingerprint(playbook: Playbook) -> dict[str, dict[str, str]]:
    snapshot = {}
    for item in playbook.items:
        content = json.dumps(item.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
        snapshot[item.id] = {
            "kind": kind_of(item).name,
            "title": item.title,
            "hash": hashlib.sha256(content.encode("utf-8")).hexdigest()[:16],
        }
    return dict(sorted(snapshot.items()))


def snapshot_path(playbook: Playbook, version: str) -> Path:
    return playbook.folder / HISTORY_DIR / f"{version}.json"


def record_snapshot(playbook: Playbook) -> Path | None:
    """Write the current version's snapshot if it is missing; return the path if written."""
    path = snapshot_path(playbook, playbook.meta.version)
    if path.exists():
        return None
    document = {
        "playbook": playbook.id,
        "version": playbook.meta.version,
        "items": fingerprint(playbook),
    }
    write_text_atomic(path, json.dumps(document, indent=2, sort_keys=True) + "\n")
    return path


def read_snapshot(playbook: Playbook, version: str) -> dict[str, dict[str, str]] | None:
    path = snapshot_path(playbook, version)
    try:
        data: Any = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    items = data.get("items") if isinstance(data, dict) else None
    return items if isinstance(items, dict) else None


@dataclass(frozen=True)
class Changes:
    since: str
    added: tuple[tuple[str, str], ...]  # (id, title)
    removed: tuple[tuple[str, str], ...]
    reworded: tuple[tuple[str, str], ...]
    known: bool  # False when no snapshot of the old version exists

    @property
    def any(self) -> bool:
        return bool(self.added or self.removed or self.reworded)


def changes_since(playbook: Playbook, version: str) -> Changes:
    old = read_snapshot(playbook, version)
    if old is None:
        return Changes(version, (), (), (), known=False)
    new = fingerprint(playbook)
    added = tuple((i, new[i]["title"]) for i in sorted(new.keys() - old.keys()))
    removed = tuple((i, str(old[i].get("title", i))) for i in sorted(old.keys() - new.keys()))
    reworded = tuple(
        (i, new[i]["title"])
        for i in sorted(new.keys() & old.keys())
        if old[i].get("hash") != new[i]["hash"]
    )
    return Changes(version, added, removed, reworded, known=True)
