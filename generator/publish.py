"""Publish stage: the site built by MkDocs, and the plain Markdown tree that needs no plugin.

Both write into a staging folder that is swapped in only when complete (``generator.atomic``).
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException
from mkdocs.utils import yaml as mkdocs_yaml

from generator.atomic import atomic_directory
from generator.errors import ContentError, OutputError, PlaybookError, Problem, UsageError
from generator.offline import OFFLINE_ENV, OFFLINE_SHIM, offline_enabled, offline_shim
from generator.paths import display_path, is_inside
from generator.pipeline import generate_pages
from generator.workspace import Settings

CONFIG_FILE = "mkdocs.yml"


def build_site(
    settings: Settings, site_dir: Path, *, strict: bool = True, offline: bool = False
) -> None:
    """Run MkDocs (with our plugin) into a staging folder, then swap it in.

    ``offline`` turns on Material's offline plugin (declared in mkdocs.yml as
    ``enabled: !ENV [PLAYBOOK_OFFLINE, false]``): the site then works from file://.
    """
    config_file = settings.root / CONFIG_FILE
    if not config_file.is_file():
        raise UsageError(f"no {CONFIG_FILE} in {settings.root}")
    from mkdocs.commands.build import build

    with atomic_directory(site_dir) as staging:
        try:
            with _environment(OFFLINE_ENV, "true" if offline else None):
                config = load_config(str(config_file), site_dir=str(staging), strict=strict)
            if offline and not offline_enabled(config):
                raise UsageError(
                    "--offline needs Material's offline plugin in mkdocs.yml: "
                    "  - offline:\n      enabled: !ENV [PLAYBOOK_OFFLINE, false]"
                )
            _apply_today(config, settings)
            build(config)
        except PlaybookError:
            raise
        except MkDocsException as error:
            raise OutputError(
                f"the site was not built (the previous site is untouched):\n{error}"
            ) from None


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


def _apply_today(config: Any, settings: Settings) -> None:
    plugin = config.plugins.get("playbook")
    if plugin is not None and settings.today is not None:
        plugin.config.today = settings.today.isoformat()


def plain_mkdocs_config(settings: Settings) -> dict[str, Any]:
    """The project's mkdocs.yml without our plugin, pointing at a ``docs`` folder."""
    config_file = settings.root / CONFIG_FILE
    if not config_file.is_file():
        raise UsageError(f"no {CONFIG_FILE} in {settings.root}")
    with config_file.open("rb") as handle:
        raw = mkdocs_yaml.yaml_load(handle)
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
        if plugin != "playbook" and not (isinstance(plugin, dict) and "playbook" in plugin)
    ]
    raw["docs_dir"] = "docs"
    raw.pop("site_dir", None)
    return dict(raw)


def refuse_escaping_files(folder: Path, root: Path) -> None:
    """Content pages come from inside the project: a symlink out of it is an error."""
    outside = [
        Problem(
            display_path(path, root),
            None,
            None,
            "refusing a file that leads outside the project folder (a symlink?)",
        )
        for path in sorted(folder.rglob("*"))
        if not is_inside(path, root)
    ]
    if outside:
        raise ContentError(outside)


def render_tree(settings: Settings, out_dir: Path) -> int:
    """Write content pages, generated pages and a plugin-free mkdocs.yml; return the page count."""
    pages = generate_pages(settings)
    config = plain_mkdocs_config(settings)
    content = settings.content_path
    if content.is_dir():
        refuse_escaping_files(content, settings.root)
    with atomic_directory(out_dir) as staging:
        docs = staging / "docs"
        if content.is_dir():
            shutil.copytree(content, docs, symlinks=False)
        else:
            docs.mkdir()
        for relative, text in sorted({**pages, OFFLINE_SHIM: offline_shim()}.items()):
            target = docs / relative
            if target.exists():
                raise OutputError(
                    f"{settings.content_dir}/{relative} would be replaced by a "
                    "generated page; rename or remove it"
                )
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        custom_dir = (
            config.get("theme", {}).get("custom_dir")
            if isinstance(config.get("theme"), dict)
            else None
        )
        if custom_dir:
            shutil.copytree(settings.root / custom_dir, staging / custom_dir)
        (staging / CONFIG_FILE).write_text(
            "# Generated by `playbook render`: builds with plain MkDocs, no playbook plugin.\n"
            + yaml.safe_dump(config, sort_keys=False, allow_unicode=True),
            encoding="utf-8",
        )
    logging.getLogger(__name__).debug("rendered %d pages into %s", len(pages), out_dir)
    return len(pages)
