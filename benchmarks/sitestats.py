"""What a built site weighs: files, bytes, page HTML and the search index (raw and gzipped)."""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from pathlib import Path

SEARCH_INDEX = Path("search") / "search_index.json"
GZIP_LEVEL = 6  # what web servers commonly use for text


@dataclass(frozen=True)
class SearchIndex:
    raw_bytes: int
    gzip_bytes: int
    documents: int  # entries: one per page and one per section of a page


@dataclass(frozen=True)
class SiteStats:
    files: int
    bytes: int
    pages: int  # HTML pages: every index.html and 404.html (downloads are not pages)
    page_bytes: int
    largest_page: str
    largest_page_bytes: int
    search: SearchIndex

    @property
    def average_page_bytes(self) -> float:
        return self.page_bytes / self.pages if self.pages else 0.0


def search_index(site: Path) -> SearchIndex:
    data = (site / SEARCH_INDEX).read_bytes()
    documents = len(json.loads(data).get("docs", []))
    return SearchIndex(len(data), len(gzip.compress(data, compresslevel=GZIP_LEVEL)), documents)


def site_stats(site: Path) -> SiteStats:
    files = total = pages = page_bytes = 0
    largest, largest_bytes = "", 0
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        size = path.stat().st_size
        files += 1
        total += size
        if path.name in ("index.html", "404.html"):
            pages += 1
            page_bytes += size
            if size > largest_bytes:
                largest, largest_bytes = path.relative_to(site).as_posix(), size
    return SiteStats(files, total, pages, page_bytes, largest, largest_bytes, search_index(site))
