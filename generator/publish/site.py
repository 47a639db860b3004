"""The site built by MkDocs with our plugin, from pages the pipeline has already rendered.

MkDocs writes into a staging folder that replaces the site only when the build is complete
(``generator.publish.atomic``), and only in a folder the output guard has allowed.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from generator.errors import ContentError, OutputError, PlaybookError, Problem, UsageError
from generator.publish.atomic import atomic_directory
from generator.publish.background import Background
from generator.publish.guard import MARKER, MARKER_TEXT
from generator.publish.offline import OFFLINE_ENV, offline_enabled
from generator.render.pages import fill_fragments
from generator.settings import Settings

PLUGIN_NAME = "playbook"


@dataclass(frozen=True)
class GeneratedSite:
    """What the MkDocs plugin adds to a site.

    ``pages`` are the generated pages, and the downloads as empty placeholders: the
    downloads themselves are made in a second process (``downloads``) while MkDocs builds,
    and written over the placeholders by that process at the end. ``fragments`` are the HTML
    tables the plugin puts into pages after MkDocs has converted their Markdown (see
    ``PageRenderer.render``), and ``shared`` the markup many of them hold, once
    (``PageRenderer.shared``).
    """

    pages: dict[str, str]
    fragments: dict[str, dict[str, bytes]]  # compressed (``pack_fragment``)
    downloads: Background[dict[str, str | bytes]]  # bytes for a binary format (xlsx)
    shared: dict[str, str] = field(default_factory=dict)

    def filled(self, path: str, output: str) -> str:
        """The output MkDocs made of the page at ``path``, with its fragments in place."""
        return fill_fragments(output, self.fragments.get(path, {}), self.shared)


def build_site(
    settings: Settings,
    site_dir: Path,
    generated: GeneratedSite,
    *,
    strict: bool = True,
    offline: bool = False,
) -> None:
    """Run MkDocs (with our plugin, given ``settings`` and ``generated``) into a staging folder,
    then swap it in place of ``site_dir``, which the caller has checked with the output guard.

    ``offline`` turns on Material's offline plugin (declared in mkdocs.yml as
    ``enabled: !ENV [PLAYBOOK_OFFLINE, false]``): the site then works from file://.
    """
    config_file = settings.config_path
    if config_file is None:
        raise UsageError(f"no mkdocs.yml in {settings.root}")
    require_content(settings)
    from mkdocs.commands.build import build

    with atomic_directory(site_dir, marker=(MARKER, MARKER_TEXT)) as staging:
        try:
            build(pinned_config(settings, staging, generated, strict=strict, offline=offline))
        except PlaybookError:
            raise
        except MkDocsException as error:
            raise OutputError(
                f"the site was not built (the previous site is untouched): {error}"
            ) from None


def require_content(settings: Settings) -> None:
    if not settings.content_path.is_dir():
        raise ContentError(
            [Problem(settings.content_dir, None, None, "the content folder (docs_dir) is missing")]
        )


def pinned_config(
    settings: Settings, site_dir: Path, generated: GeneratedSite, *, strict: bool, offline: bool
) -> Any:
    """mkdocs.yml read for a build into ``site_dir``, with our plugin pinned to ``generated``:
    what MkDocs builds here, and ProperDocs in a process of its own (``properdocs_run``)."""
    assert settings.config_path is not None  # the callers checked it
    with environment_variable(OFFLINE_ENV, "true" if offline else None):
        config = load_config(str(settings.config_path), site_dir=str(site_dir), strict=strict)
    if offline and not offline_enabled(config):
        raise UsageError(
            "--offline needs Material's offline plugin in mkdocs.yml: "
            "  - offline:\n      enabled: !ENV [PLAYBOOK_OFFLINE, false]"
        )
    plugin = config.plugins.get(PLUGIN_NAME)
    if plugin is None:
        raise UsageError(f"mkdocs.yml does not list the '{PLUGIN_NAME}' plugin")
    plugin.pin(settings, generated)
    return config


@contextlib.contextmanager
def environment_variable(name: str, value: str | None) -> Iterator[None]:
    """Set (or leave alone, when None) one environment variable while inside."""
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


def configure_mkdocs_logging(verbose: bool) -> None:
    """MkDocs' messages on standard error, in its own format (it logs rather than prints)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.handlers[:] = [handler]
    logger.setLevel(logging.DEBUG if verbose else logging.INFO)
    logger.propagate = False


def write_downloads(generated: GeneratedSite, site_dir: str | Path) -> None:
    """Write the downloads, once made, over their placeholders in the built site (from the
    process that made them: see ``publish.background``)."""
    generated.downloads.finish(Path(site_dir))


def write_files(files: dict[str, str | bytes], site_dir: Path) -> None:
    """Write generated files (docs-relative paths) into a built site."""
    for path, content in files.items():
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        (site_dir / path).write_bytes(data)
