"""Generated files as MkDocs sees them, with what an incremental rebuild under `serve` needs.

MkDocs treats every generated file as modified and never cleans the site folder on a dirty
build: each generated file here knows whether its content changed since the previous build in
this process, and the outputs of generated files that are gone (a deleted project) are removed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from mkdocs.structure.files import File

# Digest of each generated file at the previous build of this process, by (root, path).
_previous_builds: dict[tuple[str, str], str] = {}


class GeneratedFile(File):
    """A generated page or download; unchanged ones are skipped like unchanged files on disk."""

    changed: bool = True

    def is_modified(self) -> bool:
        return self.changed


def generated_file(
    config: Any,
    root: Path,
    path: str,
    content: str,
    *,
    fragments: Mapping[str, str] | None = None,
    shared: str = "",
) -> GeneratedFile:
    """``content`` as a file MkDocs builds, changed when its Markdown, its HTML ``fragments``
    (put in after the conversion) or, for a page with fragments, the build's ``shared`` markup
    (``shared_stamp``) differ from the previous build's: a risk's new title may change only
    the register of a project page, never its Markdown."""
    file = GeneratedFile.generated(config, path, content=content)
    assert isinstance(file, GeneratedFile)
    key = (str(root), path)
    digest = hashlib.blake2b(content.encode("utf-8"), digest_size=16)
    if fragments:
        for name in sorted(fragments):
            digest.update(f"\0{name}\0{fragments[name]}".encode())
        digest.update(shared.encode())
    stamp = digest.hexdigest()
    file.changed = _previous_builds.get(key) != stamp
    _previous_builds[key] = stamp
    return file


def shared_stamp(shared: Mapping[str, str]) -> str:
    """A digest of the markup pages share (``PageRenderer.shared``), for ``generated_file``."""
    digest = hashlib.blake2b(digest_size=16)
    for name in sorted(shared):
        digest.update(f"\0{name}\0{shared[name]}".encode())
    return digest.hexdigest()


def drop_removed(config: Any, root: Path, current: Iterable[str]) -> None:
    """Remove the built outputs of generated files that the previous build had and this one
    has not, so a deleted project's page disappears at once under `serve`."""
    keep = set(current)
    for key in [key for key in _previous_builds if key[0] == str(root) and key[1] not in keep]:
        del _previous_builds[key]
        gone = File(
            key[1],
            src_dir=None,
            dest_dir=config.site_dir,
            use_directory_urls=config.use_directory_urls,
        )
        Path(gone.abs_dest_path).unlink(missing_ok=True)
