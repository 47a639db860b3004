"""The same pages built by stock MkDocs Material, for comparing search index sizes.

``playbook render --out`` writes every page as plain Markdown with a plugin-free
``mkdocs.yml``. Everything we do to shape the search index is then undone, so Material's
``search`` plugin indexes the same pages with its defaults: the ``search:`` settings in the
pages' front matter (exclusions and boosts), the ``{ data-search-exclude }`` marks on section
headings, and the field weights under ``plugins: search:`` in ``mkdocs.yml``. The tree is then
built with ``mkdocs build``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from benchmarks.process import python_env, run_measured, tool
from benchmarks.sitestats import SearchIndex, search_index

_SECTION_EXCLUSION = re.compile(r"[ \t]*\{ data-search-exclude \}[ \t]*$", re.MULTILINE)
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)---[ \t]*\n", re.DOTALL)


@dataclass(frozen=True)
class StockBuild:
    render_seconds: float
    build_seconds: float
    pages_stripped: int  # pages whose front matter had a search: block
    search: SearchIndex


def strip_search_settings(text: str) -> str | None:
    """The page without our search shaping; None when it has none.

    Removes the ``search:`` key of its front matter and the ``{ data-search-exclude }``
    marks on its headings.
    """
    unmarked = _SECTION_EXCLUSION.sub("", text)
    plain = _strip_front_matter_search(unmarked)
    if plain is None:
        return unmarked if unmarked != text else None
    return plain


def _strip_front_matter_search(text: str) -> str | None:
    match = _FRONT_MATTER.match(text)
    if match is None:
        return None
    meta: Any = yaml.safe_load(match.group(1))
    if not isinstance(meta, dict) or "search" not in meta:
        return None
    del meta["search"]
    body = text[match.end() :]
    if not meta:
        return body
    return "---\n" + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True) + "---\n" + body


def _default_search_plugin(config_file: Path) -> None:
    """Replace our ``search`` plugin settings (field weights) with the plugin's defaults."""
    config: Any = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    plugins = config.get("plugins", [])
    config["plugins"] = [
        "search" if isinstance(plugin, dict) and "search" in plugin else plugin
        for plugin in plugins
    ]
    config_file.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")


def build_stock(root: Path, work: Path) -> StockBuild:
    """Render ``root`` into ``work/rendered``, strip search settings, build ``work/site``."""
    tree, site = work / "rendered", work / "site"
    render = run_measured(
        [*tool("playbook"), "--root", str(root), "render", "--out", str(tree)], env=python_env()
    ).check()
    _default_search_plugin(tree / "mkdocs.yml")
    stripped = 0
    for page in (tree / "docs").rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        plain = strip_search_settings(text)
        if plain is not None:
            page.write_text(plain, encoding="utf-8")
            stripped += 1
    # `render` has no --today: project pages judge "overdue" against the real date. Only the
    # search index is compared, and project pages are a small share of it.
    build = run_measured(
        [*tool("mkdocs"), "build", "--quiet", "-f", str(tree / "mkdocs.yml"), "-d", str(site)],
        env=python_env(),
    ).check()
    return StockBuild(render.wall_seconds, build.wall_seconds, stripped, search_index(site))
