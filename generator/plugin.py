"""The MkDocs plugin ``playbook``: glue only. All the work happens in ``generator.pipeline``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import Files, file_sort_key

from generator.errors import PlaybookError, warning_line
from generator.pipeline import generate_site
from generator.publish.bundle import WORKBENCH_SCRIPT, workbench_bundle
from generator.publish.guard import MARKER, MARKER_TEXT, guard_output_folder
from generator.publish.incremental import GeneratedFile, finish_build, generated_files, keep_output
from generator.publish.offline import OFFLINE_SHIM, offline_enabled, offline_shim
from generator.publish.serving import deliver_downloads, stop_downloads_on_shutdown
from generator.publish.site import GeneratedSite
from generator.settings import HISTORY_FILE, Settings, load_settings


class PlaybookConfig(base.Config):
    playbooks_dir = c.Type(str, default="playbooks")
    """Folder of playbooks (one sub-folder each), relative to mkdocs.yml."""
    projects_dir = c.Type(str, default="projects")
    """Folder of per-project YAML files, relative to mkdocs.yml."""
    templates_dir = c.Optional(c.Type(str))
    """Folder whose templates override the built-in ones, file by file."""
    today = c.Optional(c.Type((str, dt.date)))
    """Date (YYYY-MM-DD, quoted or not) that "overdue" is judged against; default: today."""
    history_file = c.Type(str, default=HISTORY_FILE)
    """The portfolio's history (trends since the last build), relative to mkdocs.yml and outside
    every input folder; only `playbook build` writes it (not `mkdocs build` or `serve`)."""


def _fail(error: PlaybookError) -> PluginError:
    return PluginError(f"playbook: the content has problems:\n{error}")


class PlaybookPlugin(BasePlugin[PlaybookConfig]):
    def __init__(self) -> None:
        self.settings: Settings | None = None
        self.generated: GeneratedSite | None = None
        self.files: list[GeneratedFile] = []
        self.built: set[str] = set()  # the pages MkDocs built in this build

    def pin(self, settings: Settings, generated: GeneratedSite) -> None:
        """Use these settings and pages (`playbook build` resolved and rendered them already)."""
        self.settings, self.generated = settings, generated

    # No on_startup or on_shutdown hook: MkDocs keeps plugins that have one alive across builds,
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
        for warning in self.settings.warnings:  # a theme.language without a translation
            get_plugin_logger("playbook").warning(warning_line(warning))
        return config

    def on_files(self, files: Files, config: Any) -> Files:
        assert self.settings is not None
        try:
            if self.generated is None:
                self.generated = generate_site(self.settings)
            pages = dict(self.generated.pages)
        except PlaybookError as error:
            raise _fail(error) from None
        if offline_enabled(config):
            pages[OFFLINE_SHIM] = offline_shim()
        pages[WORKBENCH_SCRIPT] = workbench_bundle()
        for path in pages:
            if files.get_file_from_path(path) is not None:
                raise PluginError(
                    f"playbook: {path} exists in docs_dir and would be replaced "
                    "by a generated page; rename or remove it"
                )
        self.files = generated_files(config, self.settings.root, pages, self.generated)
        for file in self.files:
            files.append(file)
        # In the order MkDocs reads files from disk, so the navigation and the search index
        # are the same as for the plain tree that `playbook render` writes.
        return Files(sorted(files, key=file_sort_key))

    # Last, so that the page as it leaves here is the one written: under `serve`, a page whose
    # fragments alone change is refilled from its output kept here (publish.incremental).
    @event_priority(-100)
    def on_post_page(self, output: str, page: Any, config: Any) -> str:
        """Large tables go into the finished page: MkDocs neither converts them as Markdown
        nor parses them for the search index (they sit in sections kept out of it)."""
        assert self.generated is not None
        self.built.add(page.file.src_uri)
        keep_output(page.file, output)
        return self.generated.filled(page.file.src_uri, output)

    def on_post_build(self, config: Any) -> None:
        assert self.generated is not None and self.settings is not None
        finish_build(self.files, self.built, self.generated)
        try:
            deliver_downloads(self.generated, config.site_dir)
        except PlaybookError as error:
            raise _fail(error) from None
        (Path(config.site_dir) / MARKER).write_text(MARKER_TEXT, encoding="utf-8")

    def on_build_error(self, error: Exception) -> None:
        """A failed build wants no downloads: the process making them stops now."""
        if self.generated is not None:
            self.generated.downloads.cancel()

    def on_serve(self, server: Any, config: Any, builder: Any) -> Any:
        assert self.settings is not None
        for path in (
            self.settings.playbooks_path,
            self.settings.projects_path,
            self.settings.templates_path,
            self.settings.calendar_path,  # holidays move due dates
        ):
            if path is not None and path.exists():
                server.watch(str(path))
        return stop_downloads_on_shutdown(server)
