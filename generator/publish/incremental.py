"""Generated files as MkDocs sees them, with what an incremental rebuild under `serve` needs.

MkDocs treats every generated file as modified and never cleans the site folder on a dirty
build: each generated file here knows whether its content changed since the last build of this
process that finished (a failed one may have written some pages and not others), and the
outputs of generated files that are gone (a deleted project) are removed.

A page whose Markdown is unchanged but whose HTML fragments changed (a risk's new title in the
registers of 150 project pages) is not given to MkDocs again under `playbook serve`: its
output from an earlier build, kept before the fragments went in, takes the new fragments
(``refill``). MkDocs would convert the same Markdown into the same page; only the fragments,
put in after the conversion, differ.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from mkdocs.structure.files import File

from generator.publish.serving import is_serving
from generator.publish.site import GeneratedSite

# Digests of each generated file's Markdown and fragments at the last build of this process
# that finished, by (root, path).
_previous_builds: dict[tuple[str, str], tuple[str, str]] = {}
# Under `playbook serve`: a page's output before its fragments went in, with the digest of the
# Markdown it was built from, by (root, path).
_outputs: dict[tuple[str, str], tuple[str, str]] = {}
# Every generated file handed to MkDocs in this process and not removed since, by (root, path):
# a failed build may have written files it added, which must still go when they are deleted.
_handed: set[tuple[str, str]] = set()


class GeneratedFile(File):
    """A generated page or download; unchanged ones are skipped like unchanged files on disk."""

    changed: bool = True
    # Only its fragments changed, and its kept output can take them: MkDocs skips it.
    refill: bool = False
    key: tuple[str, str] = ("", "")
    markdown_digest: str = ""
    stamps: tuple[str, str] = ("", "")  # digests of its Markdown and of its fragments

    def is_modified(self) -> bool:
        return self.changed


def _digest(parts: Iterable[bytes]) -> str:
    digest = hashlib.blake2b(digest_size=16)
    for part in parts:
        digest.update(part)
    return digest.hexdigest()


def _named(values: Mapping[str, str | bytes]) -> Iterable[bytes]:
    for name in sorted(values):
        value = values[name]
        yield f"\0{name}\0".encode()
        yield value.encode("utf-8") if isinstance(value, str) else value


def generated_files(
    config: Any, root: Path, pages: Mapping[str, str], generated: GeneratedSite
) -> list[GeneratedFile]:
    """The ``pages`` (with the ``generated`` site's fragments) as files MkDocs builds; the
    built outputs of generated files the previous build had and this one has not are gone."""
    shared = shared_stamp(generated.shared)
    files = [
        generated_file(
            config, root, path, content, fragments=generated.fragments.get(path), shared=shared
        )
        for path, content in pages.items()
    ]
    _drop_removed(config, root, pages)
    return files


def generated_file(
    config: Any,
    root: Path,
    path: str,
    content: str,
    *,
    fragments: Mapping[str, bytes] | None = None,
    shared: str = "",
) -> GeneratedFile:
    """``content`` as a file MkDocs builds, changed when its Markdown, its HTML ``fragments``
    (put in after the conversion) or, for a page with fragments, the build's ``shared`` markup
    (``shared_stamp``) differ from the last finished build's: a risk's new title may change only
    the register of a project page, never its Markdown."""
    file = GeneratedFile.generated(config, path, content=content)
    assert isinstance(file, GeneratedFile)
    file.key = (str(root), path)
    file.markdown_digest = _digest([content.encode("utf-8")])
    fragments_digest = _digest([*_named(fragments), shared.encode()]) if fragments else ""
    file.stamps = (file.markdown_digest, fragments_digest)
    _handed.add(file.key)
    if _previous_builds.get(file.key) == file.stamps:
        file.changed = False
    else:
        kept = _outputs.get(file.key)
        # Built from the same Markdown: the kept output takes the new fragments.
        file.refill = kept is not None and kept[0] == file.markdown_digest
        file.changed = not file.refill
        # This build may write it and then fail: until one finishes, no record says what the
        # site holds, so the next build writes it again whatever its digests.
        _previous_builds.pop(file.key, None)
    return file


def shared_stamp(shared: Mapping[str, str]) -> str:
    """A digest of the markup pages share (``PageRenderer.shared``), for ``generated_file``."""
    return _digest(_named(shared))


def keep_output(file: File, output: str) -> None:
    """Under `playbook serve`, keep a page's output from before its fragments went in, so that
    a later build can refill it."""
    if is_serving() and isinstance(file, GeneratedFile):
        _outputs[file.key] = (file.markdown_digest, output)


def finish_build(files: Iterable[GeneratedFile], built: set[str], generated: GeneratedSite) -> None:
    """Write the pages that only take new fragments, unless MkDocs ``built`` them itself (a
    full build builds every page); then record what this build wrote, for the next one."""
    for file in files:
        if file.refill and file.src_uri not in built:
            html = generated.filled(file.src_uri, _outputs[file.key][1])
            # As MkDocs writes a page.
            Path(file.abs_dest_path).write_bytes(html.encode("utf-8", "xmlcharrefreplace"))
        _previous_builds[file.key] = file.stamps


def _drop_removed(config: Any, root: Path, current: Iterable[str]) -> None:
    """A dirty build never cleans the site: a deleted project's page must still disappear at
    once under `serve`."""
    keep = set(current)
    for key in sorted(key for key in _handed if key[0] == str(root) and key[1] not in keep):
        _handed.discard(key)
        _previous_builds.pop(key, None)
        _outputs.pop(key, None)
        gone = File(
            key[1],
            src_dir=None,
            dest_dir=config.site_dir,
            use_directory_urls=config.use_directory_urls,
        )
        Path(gone.abs_dest_path).unlink(missing_ok=True)
