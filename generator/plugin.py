"""The MkDocs plugin ``playbook``: glue only. All the work happens in ``generator.pipeline``."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files

from generator.errors import PlaybookError
from generator.pipeline import generate_pages
from generator.publish.guard import MARKER, MARKER_TEXT, guard_output_folder
from generator.publish.offline import OFFLINE_SHIM, offline_enabled, offline_shim
from generator.settings import Settings, load_settings

# Digest of each generated file at the previous build of this process, for `serve --dirty`.
_previous_builds: dict[tuple[str, str], str] = {}


class GeneratedFile(File):
    """A generated page or download that knows whether it changed since the previous build.

    MkDocs treats every generated file as modified; under a dirty (incremental) serve, an
    unchanged one can then be skipped like an unchanged file on disk.
    """

    changed: bool = True

    def is_modified(self) -> bool:
        return self.changed


def _generated_file(config: Any, root: Path, path: str, content: str) -> GeneratedFile:
    file = GeneratedFile.generated(config, path, content=content)
    assert isinstance(file, GeneratedFile)
    key = (str(root), path)
    digest = hashlib.blake2b(content.encode("utf-8"), digest_size=16).hexdigest()
    file.changed = _previous_builds.get(key) != digest
    _previous_builds[key] = digest
    return file


class PlaybookConfig(base.Config):
    playbooks_dir = c.Type(str, default="playbooks")
    """Folder of playbooks (one sub-folder each), relative to mkdocs.yml."""
    projects_dir = c.Type(str, default="projects")
    """Folder of per-project YAML files, relative to mkdocs.yml."""
    templates_dir = c.Optional(c.Type(str))
    """Folder whose templates override the built-in ones, file by file."""
    today = c.Optional(c.Type((str, dt.date)))
    """Date (YYYY-MM-DD, quoted or not) that "overdue" is judged against; default: today."""


def _fail(error: PlaybookError) -> PluginError:
    return PluginError(f"playbook: the content has problems:\n{error}")


class PlaybookPlugin(BasePlugin[PlaybookConfig]):
    def __init__(self) -> None:
        self.settings: Settings | None = None
        self.pages: Mapping[str, str] | None = None

    def pin(self, settings: Settings, pages: Mapping[str, str]) -> None:
        """Use these settings and pages (`playbook build` resolved and rendered them already)."""
        self.settings, self.pages = settings, pages

    # No on_startup hook: MkDocs keeps plugins that have one alive across builds in a process,
    # and a pinned build must never leak its settings and pages into the next one.

    # Before Material's offline plugin (priority 0), which adds a CDN script unless a local
    # iframe-worker shim is already listed.
    @event_priority(50)
    def on_config(self, config: Any) -> Any:
        if offline_enabled(config):
            polyfills = list(config.extra.get("polyfills", []))
            if OFFLINE_SHIM not in polyfills:
                polyfills.append(OFFLINE_SHIM)
            config.extra["polyfills"] = polyfills
        if self.settings is None:
            config_file = Path(config.config_file_path or "mkdocs.yml").resolve()
            try:
                self.settings = load_settings(config_file.parent, config_file=config_file.name)
                # `mkdocs build` empties site_dir itself: it must never be an input.
                guard_output_folder(self.settings, config.site_dir, option="site_dir", force=True)
            except PlaybookError as error:
                raise _fail(error) from None
        return config

    def on_files(self, files: Files, config: Any) -> Files:
        assert self.settings is not None
        try:
            pages = dict(self.pages if self.pages is not None else generate_pages(self.settings))
        except PlaybookError as error:
            raise _fail(error) from None
        if offline_enabled(config):
            pages[OFFLINE_SHIM] = offline_shim()
        for path, content in pages.items():
            if files.get_file_from_path(path) is not None:
                raise PluginError(
                    f"playbook: {path} exists in docs_dir and would be replaced "
                    "by a generated page; rename or remove it"
                )
            files.append(_generated_file(config, self.settings.root, path, content))
        self._drop_removed(config, set(pages))
        return files

    def _drop_removed(self, config: Any, current: set[str]) -> None:
        """Under `serve`, a page whose project or item was deleted must disappear at once.

        An incremental build writes only what changed and never cleans the site folder, so the
        outputs of generated files that are gone are removed here.
        """
        assert self.settings is not None
        root = str(self.settings.root)
        for key in [key for key in _previous_builds if key[0] == root and key[1] not in current]:
            del _previous_builds[key]
            gone = File(
                key[1],
                src_dir=None,
                dest_dir=config.site_dir,
                use_directory_urls=config.use_directory_urls,
            )
            Path(gone.abs_dest_path).unlink(missing_ok=True)

    def on_post_build(self, config: Any) -> None:
        (Path(config.site_dir) / MARKER).write_text(MARKER_TEXT, encoding="utf-8")

    def on_serve(self, server: Any, config: Any, builder: Any) -> Any:
        assert self.settings is not None
        for path in (
            self.settings.playbooks_path,
            self.settings.projects_path,
            self.settings.templates_path,
        ):
            if path is not None and path.is_dir():
                server.watch(str(path))
        return server
