"""Helpers that inspect a built site: external references and internal links."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

_URL_ATTRIBUTES = {"src", "href", "srcset", "data", "poster", "action"}
_EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[tuple[str, str, str]] = []  # (tag, attribute, value)
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id":
                self.ids.add(value)
            if name in _URL_ATTRIBUTES:
                self.urls.append((tag, name, value))


def parse_html(path: Path) -> _Collector:
    collector = _Collector()
    collector.feed(path.read_text(encoding="utf-8"))
    return collector


def external_references(site: Path) -> list[str]:
    """Every URL in HTML or CSS that would make the browser leave the site."""
    found = []
    for page in sorted(site.rglob("*.html")):
        for tag, attribute, value in parse_html(page).urls:
            # <a href> to elsewhere is a link a reader may follow, not a request the page makes;
            # still, an intranet site should not have any that we generate.
            if _EXTERNAL.match(value) or value.startswith(("http:", "https:")):
                found.append(f"{page.relative_to(site)}: <{tag} {attribute}={value!r}>")
    for sheet in sorted(site.rglob("*.css")):
        for match in re.finditer(
            r"@import\s+url\(([^)]*)\)|url\((['\"]?)(https?:)?//", sheet.read_text(encoding="utf-8")
        ):
            if "//" in match.group(0):
                found.append(f"{sheet.relative_to(site)}: {match.group(0)}")
    return found


def tag_listing(html: str) -> dict[str, set[str]]:
    """Material's tag listing: each tag heading's id, and the page links under it."""
    sections: dict[str, set[str]] = {}
    for match in re.finditer(
        r'<h2 id="(tag:[^"]+)"(.*?)(?=<h2 id="tag:|</article>)', html, re.DOTALL
    ):
        sections[match.group(1)] = set(re.findall(r'<a href="([^"]+)"', match.group(2)))
    return sections
