"""Reuse validated playbooks and projects whose files have not changed since the last load.

`playbook build` validates before MkDocs runs, and the plugin loads again inside MkDocs;
`playbook serve` reloads on every edit. Keyed by a digest of each file's bytes (hashing is a
small fraction of parsing, and unlike modification times it cannot miss a quick edit), a
reload parses and validates only what changed. Failures are never cached.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

Fingerprint = tuple[tuple[str, str], ...]
T = TypeVar("T")

_cache: dict[tuple[str, Path], tuple[Fingerprint, object]] = {}


def fingerprint(paths: list[Path]) -> Fingerprint:
    entries = []
    for path in sorted(paths):
        try:
            digest = hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()
        except OSError:
            continue
        entries.append((path.name, digest))
    return tuple(entries)


def cached(kind: str, key: Path, stamp: Fingerprint, load: Callable[[], T]) -> T:
    """``load()``'s result for ``key``, reused while ``stamp`` is unchanged."""
    hit = _cache.get((kind, key))
    if hit is not None and hit[0] == stamp:
        return hit[1]  # type: ignore[return-value]
    value = load()
    _cache[(kind, key)] = (stamp, value)
    return value


def clear() -> None:
    _cache.clear()
