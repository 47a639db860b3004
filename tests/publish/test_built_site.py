"""Checks over the built files of the shipped site: links, anchors, tag facets, no external
references. (Browser behaviour is in tests/browser/.)"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from generator.model.kinds import kind_of
from generator.pipeline import load_catalog
from generator.resolve.site import facet_tags
from tests.support.cli import mkdocs, warnings
from tests.support.fixtures import REPO
from tests.support.project import project_settings
from tests.support.sitecheck import external_references, parse_html, tag_listing

_SKIPPED_SCHEMES = ("mailto:", "tel:", "data:", "javascript:")


def _target(site: Path, page: Path, href: str) -> tuple[Path, str] | None:
    """The file and fragment a relative link points at, or None for a link we do not check."""
    if href.startswith(_SKIPPED_SCHEMES) or re.match(r"^[a-z][a-z0-9+.-]*://", href):
        return None
    parts = urlsplit(href)
    path = unquote(parts.path)
    if not path:
        return page, parts.fragment
    base = page.parent.relative_to(site).as_posix()
    resolved = posixpath.normpath(posixpath.join(base, path))
    target = site / resolved
    if path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target, parts.fragment


def test_every_internal_link_and_anchor_resolves(shipped_site: Path) -> None:
    broken: list[str] = []
    ids_cache: dict[Path, set[str]] = {}
    # 404.html is served at any missing path, so MkDocs gives it root-relative links on purpose.
    pages = sorted(page for page in shipped_site.rglob("*.html") if page.name != "404.html")
    assert len(pages) > 100
    for page in pages:
        for tag, attribute, href in parse_html(page).urls:
            if attribute not in ("href", "src") or (tag == "link" and href.endswith(".json")):
                continue
            found = _target(shipped_site, page, href)
            if found is None:
                continue
            target, fragment = found
            if not target.resolve().is_relative_to(shipped_site.resolve()):
                broken.append(f"{page.relative_to(shipped_site)}: {href} leaves the site")
            elif not target.is_file():
                broken.append(f"{page.relative_to(shipped_site)}: {href} (no {target.name})")
            elif fragment and target.suffix == ".html":
                ids = ids_cache.setdefault(target, parse_html(target).ids)
                if unquote(fragment) not in ids:
                    broken.append(f"{page.relative_to(shipped_site)}: {href} (no #{fragment})")
    assert broken == [], "\n".join(broken[:50])


def test_shipped_site_makes_no_request_outside_itself(shipped_site: Path) -> None:
    assert external_references(shipped_site) == []


def test_strict_mkdocs_build_of_the_repository_is_clean(tmp_path: Path) -> None:
    result = mkdocs("build", "--strict", "--site-dir", str(tmp_path / "s"), cwd=REPO)
    assert result.returncode == 0, result.stderr
    assert warnings(result.stderr) == []


@pytest.mark.parametrize("facet", ["phase", "category", "industry"])
def test_facet_pages_list_exactly_the_items_with_that_value(shipped_site: Path, facet: str) -> None:
    catalog = load_catalog(project_settings(REPO))
    expected: dict[str, set[str]] = {}
    for playbook in catalog.playbooks:
        for item in playbook.items:
            for tag in facet_tags(item):
                if tag.startswith(f"{facet}/"):
                    url = f"../../playbooks/{playbook.id}/{kind_of(item).url_segment}/{item.id}/"
                    expected.setdefault(tag, set()).add(url)
    page = (shipped_site / "tags" / facet / "index.html").read_text(encoding="utf-8")
    listed = tag_listing(page)
    # With tags_hierarchy, the facet itself heads the page; its values are the sections.
    as_tags = {
        key.removeprefix("tag:"): links for key, links in listed.items() if key != f"tag:{facet}"
    }
    assert set(as_tags) == set(expected)
    for tag, links in expected.items():
        assert as_tags[tag] == links, tag
