"""The same pages built by stock MkDocs Material, for comparing search index sizes.

``playbook render --out`` writes every page as plain Markdown with a plugin-free
``mkdocs.yml``. The ``search:`` settings in the pages' front matter (exclusions and boosts)
are removed, so Material's ``search`` plugin indexes the pages with its defaults; the tree is
then built with ``mkdocs build``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from benchmarks.process import python_env, run_measured, tool
from benchmarks.sitestats import SearchIndex, search_index

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)---[ \t]*\n", re.DOTALL)


@dataclass(frozen=True)
class StockBuild:
    render_seconds: float
    build_seconds: float
    pages_stripped: int  # pages whose front matter had a search: block
    search: SearchIndex


def strip_search_settings(text: str) -> str | None:
    """The page without the ``search:`` key of its front matter; None when it has none."""
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


def build_stock(root: Path, work: Path) -> StockBuild:
    """Render ``root`` into ``work/rendered``, strip search settings, build ``work/site``."""
    tree, site = work / "rendered", work / "site"
    render = run_measured(
        [*tool("playbook"), "--root", str(root), "render", "--out", str(tree)], env=python_env()
    ).check()
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
