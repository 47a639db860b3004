"""Publish stage: the site built by MkDocs, and the plain Markdown tree that needs no plugin.

Both write into a staging folder that is swapped in only when complete (``generator.atomic``),
and only into a folder that ``generator.output_guard`` has allowed.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import yaml
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from generator.atomic import atomic_directory
from generator.errors import ContentError, OutputError, PlaybookError, Problem, UsageError
from generator.offline import OFFLINE_ENV, OFFLINE_SHIM, offline_enabled, offline_shim
from generator.output_guard import MARKER, MARKER_TEXT
from generator.settings import Settings, read_config

PLUGIN_NAME = "playbook"


def build_site(
    settings: Settings,
    site_dir: Path,
    pages: Mapping[str, str],
    *,
    strict: bool = True,
    offline: bool = False,
) -> None:
    """Run MkDocs (with our plugin, given ``settings`` and ``pages``) into a staging folder,
    then swap it in place of ``site_dir``, which the caller has checked with the output guard.

    ``offline`` turns on Material's offline plugin (declared in mkdocs.yml as
    ``enabled: !ENV [PLAYBOOK_OFFLINE, false]``): the site then works from file://.
    """
    config_file = settings.config_path
    if config_file is None:
        raise UsageError(f"no mkdocs.yml in {settings.root}")
    _require_content(settings)
    from mkdocs.commands.build import build

    with atomic_directory(site_dir, marker=(MARKER, MARKER_TEXT)) as staging:
        try:
            with _environment(OFFLINE_ENV, "true" if offline else None):
                config = load_config(str(config_file), site_dir=str(staging), strict=strict)
            if offline and not offline_enabled(config):
                raise UsageError(
                    "--offline needs Material's offline plugin in mkdocs.yml: "
                    "  - offline:\n      enabled: !ENV [PLAYBOOK_OFFLINE, false]"
                )
            plugin = config.plugins.get(PLUGIN_NAME)
            if plugin is None:
                raise UsageError(f"mkdocs.yml does not list the '{PLUGIN_NAME}' plugin")
            plugin.pin(settings, pages)
            build(config)
        except PlaybookError:
            raise
        except MkDocsException as error:
            raise OutputError(
                f"the site was not built (the previous site is untouched): {error}"
            ) from None


def _require_content(settings: Settings) -> None:
    if not settings.content_path.is_dir():
        raise ContentError(
            [Problem(settings.content_dir, None, None, "the content folder (docs_dir) is missing")]
        )


@contextlib.contextmanager
def _environment(name: str, value: str | None) -> Iterator[None]:
    """Set (or leave alone, when None) one environment variable while mkdocs.yml is read."""
    if value is None:
        yield
        return
    previous = os.environ.get(name)
    os.environ[name] = value
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = previous


def plain_mkdocs_config(settings: Settings) -> dict[str, Any]:
    """The project's mkdocs.yml without our plugin, pointing at a ``docs`` folder."""
    if settings.config_file is None:
        raise UsageError(f"no mkdocs.yml in {settings.root}")
    raw = read_config(settings.root, settings.config_file)
    plugins = raw.get("plugins", [])
    offline = any(
        isinstance(p, dict) and isinstance(p.get("offline"), dict) and p["offline"].get("enabled")
        for p in plugins
    )
    if offline:
        extra = raw.setdefault("extra", {})
        extra["polyfills"] = [*extra.get("polyfills", []), OFFLINE_SHIM]
    raw["plugins"] = [
        plugin
        for plugin in plugins
        if plugin != PLUGIN_NAME and not (isinstance(plugin, dict) and PLUGIN_NAME in plugin)
    ]
    raw["docs_dir"] = "docs"
    raw.pop("site_dir", None)
    return dict(raw)


def render_tree(settings: Settings, out_dir: Path, pages: Mapping[str, str]) -> int:
    """Write content pages, generated ``pages`` and a plugin-free mkdocs.yml into ``out_dir``
    (checked by the output guard); return the page count."""
    config = plain_mkdocs_config(settings)
    _require_content(settings)
    content = settings.content_path
    with atomic_directory(out_dir, marker=(MARKER, MARKER_TEXT)) as staging:
        docs = staging / "docs"
        shutil.copytree(content, docs, symlinks=False)
        for relative, text in sorted({**pages, OFFLINE_SHIM: offline_shim()}.items()):
            target = docs / relative
            if target.exists():
                raise ContentError(
                    [
                        Problem(
                            f"{settings.content_dir}/{relative}",
                            None,
                            None,
                            "would be replaced by a generated page; rename or remove it",
                        )
                    ]
                )
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        custom = settings.custom_path
        if custom is not None and settings.custom_dir is not None:
            shutil.copytree(custom, staging / settings.custom_dir, symlinks=False)
        (staging / "mkdocs.yml").write_text(
            "# Generated by `playbook render`: builds with plain MkDocs, no playbook plugin.\n"
            + yaml.safe_dump(config, sort_keys=False, allow_unicode=True),
            encoding="utf-8",
        )
    logging.getLogger(__name__).debug("rendered %d pages into %s", len(pages), out_dir)
    return len(pages)
