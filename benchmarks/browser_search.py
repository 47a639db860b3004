"""Time from typing a query to the first search result, in a real Chromium.

The site is served over HTTP on 127.0.0.1 (Material's search worker needs it). For each
query, a fresh tab opens the home page and waits until Material has loaded its index; then the
query is typed key by key (Material reads it on keyup, so ``fill`` would not search) and the
page itself records, with ``performance.now()``, the first keystroke and the frame in which
the first ``.md-search-result__item`` is shown.
"""

from __future__ import annotations

import functools
import http.server
import statistics
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Browser, Page, expect, sync_playwright

from benchmarks.chromium import LAUNCH_ARGS, chromium_path

QUERIES = (
    "steering committee",
    "budget forecast",
    "vendor contract",
    "cutover plan",
    "risk register",
)
READY_TIMEOUT_MS = 180_000  # the 5k site's index is large
RESULT_TIMEOUT_MS = 60_000

# Records the first keystroke and the first frame showing a result, in page time.
_INSTRUMENT = """
() => {
  const bench = (window.__bench = { first: null, last: null, shown: null, painted: null });
  const input = document.querySelector("input.md-search__input");
  input.addEventListener("keydown", () => {
    bench.last = performance.now();
    if (bench.first === null) bench.first = bench.last;
  }, true);
  const list = document.querySelector(".md-search-result__list");
  new MutationObserver(() => {
    if (bench.first === null || bench.shown !== null) return;
    if (!list.querySelector(".md-search-result__item")) return;
    bench.shown = performance.now();
    requestAnimationFrame(() => { bench.painted = performance.now(); });
  }).observe(list, { childList: true, subtree: true });
}
"""
_SEARCH_READY = (
    "() => { const meta = document.querySelector('.md-search-result__meta');"
    " return meta && !meta.textContent.includes('Initializing'); }"
)


@dataclass(frozen=True)
class QueryTiming:
    query: str
    ready_seconds: float  # page navigation start -> search index loaded
    first_result_seconds: float  # first keystroke -> first result painted
    typing_seconds: float  # first keystroke -> last keystroke (typed as fast as CDP allows)


@dataclass(frozen=True)
class SearchLatency:
    timings: tuple[QueryTiming, ...]
    chromium_version: str

    @property
    def first_result_median(self) -> float:
        return statistics.median(t.first_result_seconds for t in self.timings)

    @property
    def ready_median(self) -> float:
        return statistics.median(t.ready_seconds for t in self.timings)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve ``site`` on 127.0.0.1 (a free port) in a thread; yield its URL."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def _time_query(page: Page, url: str, query: str) -> QueryTiming:
    page.goto(url)
    search = page.locator("input.md-search__input")
    search.click()
    page.wait_for_function(_SEARCH_READY, timeout=READY_TIMEOUT_MS)
    ready_ms = float(page.evaluate("() => performance.now()"))
    page.evaluate(_INSTRUMENT)
    search.press_sequentially(query)
    expect(page.locator(".md-search-result__item").first).to_be_visible(timeout=RESULT_TIMEOUT_MS)
    page.wait_for_function("() => window.__bench.painted !== null", timeout=RESULT_TIMEOUT_MS)
    first, last, painted = (
        float(value)
        for value in page.evaluate(
            "() => [window.__bench.first, window.__bench.last, window.__bench.painted]"
        )
    )
    return QueryTiming(query, ready_ms / 1000, (painted - first) / 1000, (last - first) / 1000)


def _run_queries(browser: Browser, url: str, queries: tuple[str, ...]) -> list[QueryTiming]:
    timings = []
    for query in queries:
        context = browser.new_context()
        try:
            timings.append(_time_query(context.new_page(), url, query))
        finally:
            context.close()
    return timings


def measure_search(site: Path, queries: tuple[str, ...] = QUERIES) -> SearchLatency:
    with serve(site) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(), args=LAUNCH_ARGS, headless=True
        )
        try:
            # One warm-up load, so the first measured query does not pay for a cold browser.
            _run_queries(browser, url, queries[:1])
            return SearchLatency(tuple(_run_queries(browser, url, queries)), browser.version)
        finally:
            browser.close()
