"""The MkDocs plugin ``playbook``: glue only. All the work happens in ``generator.pipeline``."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files

from generator.errors import PlaybookError
from generator.offline import OFFLINE_SHIM, offline_enabled, offline_shim
from generator.pipeline import generate_pages
from generator.publish import refuse_escaping_files
from generator.workspace import Settings

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
    today = c.Optional(c.Type(str))
    """ISO date that "overdue" is judged against; defaults to the day of the build."""


class PlaybookPlugin(BasePlugin[PlaybookConfig]):
    def __init__(self) -> None:
        self.settings: Settings | None = None

    # Before Material's offline plugin (priority 0), which adds a CDN script unless a local
    # iframe-worker shim is already listed.
    @event_priority(50)
    def on_config(self, config: Any) -> Any:
        if offline_enabled(config):
            polyfills = list(config.extra.get("polyfills", []))
            if OFFLINE_SHIM not in polyfills:
                polyfills.append(OFFLINE_SHIM)
            config.extra["polyfills"] = polyfills
        root = Path(config.config_file_path or ".").resolve().parent
        today = None
        if self.config.today:
            try:
                today = dt.date.fromisoformat(self.config.today)
            except ValueError:
                raise PluginError(
                    f"playbook plugin: 'today' must be a date written "
                    f"YYYY-MM-DD, got {self.config.today!r}"
                ) from None
        self.settings = Settings(
            root=root,
            playbooks_dir=self.config.playbooks_dir,
            projects_dir=self.config.projects_dir,
            templates_dir=self.config.templates_dir,
            today=today,
        )
        return config

    def on_files(self, files: Files, config: Any) -> Files:
        assert self.settings is not None
        try:
            pages = generate_pages(self.settings)
        except PlaybookError as error:
            raise PluginError(f"playbook: the content has problems:\n{error}") from None
        if offline_enabled(config):
            pages = {**pages, OFFLINE_SHIM: offline_shim()}
        docs_dir = Path(config.docs_dir)
        try:
            refuse_escaping_files(docs_dir, self.settings.root)
        except PlaybookError as error:
            raise PluginError(f"playbook: the content has problems:\n{error}") from None
        for path, content in pages.items():
            if files.get_file_from_path(path) is not None:
                raise PluginError(
                    f"playbook: {path} exists in docs_dir and would be replaced "
                    "by a generated page; rename or remove it"
                )
            files.append(_generated_file(config, self.settings.root, path, content))
        return files

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
