"""The browser tests' helpers, written once: Chromium, a static server for a built site,
Material's search driven like a person would, axe-core, and the watch on what a page requests.

Playwright's own browser download does not work on our machines, so the tests launch the
system Chromium through ``executable_path``. A missing Chromium fails the tests; it never skips
them (``make test`` installs it first).
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, Playwright, expect

REPO = Path(__file__).resolve().parents[2]

# --- Chromium -----------------------------------------------------------------------------

CHROMIUM_ENV = "PLAYBOOK_CHROMIUM"
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
# Without these, Chromium tries to reach Google's services at start-up.
LAUNCH_ARGS: tuple[str, ...] = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
)
CHROMIUM_MISSING = (
    f"Chromium is not installed (looked for ${CHROMIUM_ENV}, "
    f"{', '.join(CHROMIUM_CANDIDATES)} and `chromium` on the PATH): "
    "run `scripts/ensure-chromium` (make test does)"
)


def chromium_path() -> str:
    """``$PLAYBOOK_CHROMIUM``, else Debian's usual paths, else ``chromium`` on the PATH.

    Fails the test (never skips it) when none is there: a skipped browser test looks green.
    """
    chosen = os.environ.get(CHROMIUM_ENV)
    if chosen:
        # A path set on purpose but wrong is a mistake to report, not to route around.
        if not Path(chosen).is_file():
            pytest.fail(f"{CHROMIUM_ENV}={chosen} is not a file; point it at Chromium")
        return chosen
    for candidate in CHROMIUM_CANDIDATES:
        if Path(candidate).is_file():
            return candidate
    found = shutil.which("chromium")
    if found is None:
        pytest.fail(CHROMIUM_MISSING)
    return found


def launch_chromium(playwright: Playwright) -> Browser:
    """The system Chromium, headless, kept off the network but for what pages request."""
    return playwright.chromium.launch(
        executable_path=chromium_path(), args=list(LAUNCH_ARGS), headless=True
    )


# --- A built site, served -----------------------------------------------------------------


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass  # one line per request would bury the test output


@contextlib.contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on 127.0.0.1 (a free port) while inside; yields its URL, ending in /."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


# --- What a page requests and reports -----------------------------------------------------

# Schemes whose URLs never leave the browser.
LOCAL_SCHEMES = ("data:", "blob:", "about:")


@dataclass
class PageLog:
    """Everything a page asked for and complained about since ``watch`` was called."""

    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # console errors and uncaught exceptions
    failed: list[str] = field(default_factory=list)  # requests that got no response


def watch(page: Page) -> PageLog:
    log = PageLog()
    page.on("request", lambda request: log.requests.append(request.url))
    page.on("requestfailed", lambda r: log.failed.append(f"{r.url} ({r.failure})"))
    page.on("console", lambda m: log.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: log.errors.append(str(error)))
    return log


def outside_site(urls: Iterable[str], site: str) -> list[str]:
    """The URLs not under ``site`` (an http:// or file:// prefix) and not browser-local."""
    return [url for url in urls if not url.startswith((site, *LOCAL_SCHEMES))]


def other_hosts(urls: Iterable[str], allowed: Iterable[str] = ("127.0.0.1",)) -> list[str]:
    """The URLs that reach a host other than ``allowed`` (file:, data: and the like reach none)."""
    hosts = set(allowed)
    return [url for url in urls if (urlsplit(url).hostname or "") not in hosts | {""}]


def open_page(page: Page, url: str) -> None:
    """Load ``url``, check it answered 200, and wait until the page stops requesting."""
    response = page.goto(url)
    assert response is not None, url
    assert response.status == 200, f"{url}: {response.status}"
    page.wait_for_load_state("networkidle")


# --- Material's search --------------------------------------------------------------------

SEARCH_INPUT = "input.md-search__input"
RESULT_LINK = "ol.md-search-result__list > li.md-search-result__item > a.md-search-result__link"
# Material re-runs the search at each key, asynchronously: the list may still show a partial
# query's results. It has settled once it reads the same this many times in a row...
SETTLED_READS = 3
SETTLE_INTERVAL_MS = 150
SETTLE_TRIES = 40  # ... within this many reads (6 s); longer means it never settles.

_READ_RESULTS_JS = f"""
() => [
  document.querySelector(".md-search-result__meta").textContent,
  Array.from(document.querySelectorAll({RESULT_LINK!r})).map(
    a => [a.href, (a.querySelector("h1") || {{innerText: ""}}).innerText.trim(),
          (a.querySelector(".pb-search-hit") || {{innerText: ""}}).innerText.trim()]),
]
"""


@dataclass(frozen=True)
class Hit:
    """A document Material lists: its path below the site (no ?h= nor #anchor), its title,
    and the line under it that says which playbook and kind it is from (search-hits.js; not
    compared, so a test of where search leads need not spell it)."""

    path: str
    title: str
    source: str = field(default="", compare=False)


def search(page: Page, site: str, query: str, start: str = "") -> list[Hit]:
    """Open ``site + start``, type ``query`` into Material's search box key by key, and return
    the documents listed once the results have settled on the whole query, best first."""
    page.goto(site + start)
    box = page.locator(SEARCH_INPUT)
    box.click()
    # Material shows "Initializing search" until its worker has loaded the index.
    page.wait_for_function(
        "() => !document.querySelector('.md-search-result__meta')"
        ".textContent.includes('Initializing')",
        timeout=15_000,
    )
    # Key by key: Material reads the query on keyup, as it would for a person.
    box.press_sequentially(query, delay=10)
    expect(page.locator(RESULT_LINK).first).to_be_visible(timeout=15_000)
    hits: dict[str, Hit] = {}
    for href, title, source in _settled(page, query):
        path = href.removeprefix(site).split("?")[0].split("#")[0]
        hits.setdefault(path, Hit(path, title, source))  # a page with several matching sections
    return list(hits.values())


def _settled(page: Page, query: str) -> list[list[str]]:
    """The results' links and titles, once they read the same ``SETTLED_READS`` times in a row
    (the "N matching documents" line is read too: it changes with the query)."""
    current: Any = page.evaluate(_READ_RESULTS_JS)
    unchanged = 0
    for _ in range(SETTLE_TRIES):
        page.wait_for_timeout(SETTLE_INTERVAL_MS)
        previous, current = current, page.evaluate(_READ_RESULTS_JS)
        unchanged = unchanged + 1 if current == previous else 0
        if unchanged == SETTLED_READS:
            links: list[list[str]] = current[1]
            return links
    pytest.fail(f"the search results for {query!r} kept changing: last read {current}")


# --- axe-core -----------------------------------------------------------------------------

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
SERIOUS = ("serious", "critical")


def axe_source() -> str:
    """axe-core's script, from the npm package pinned in package-lock.json."""
    if not AXE.is_file():
        pytest.fail(f"axe-core is not installed ({AXE}); run `npm ci` (make test does)")
    return AXE.read_text(encoding="utf-8")


def serious_violations(page: Page, source: str, state: str) -> list[str]:
    """One line per node axe-core finds seriously or critically wrong in the whole document,
    with the colours and ratio of a contrast failure; ``state`` starts each line."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=source)
        # Colours in mid-transition (Material fades hover and focus in) are not what people read.
        page.add_style_tag(content="*, *::before, *::after { transition: none !important; }")
    results: dict[str, Any] = page.evaluate(
        "async () => await axe.run(document, {resultTypes: ['violations']})"
    )
    lines = []
    for rule in results["violations"]:
        if rule["impact"] not in SERIOUS:
            continue
        for node in rule["nodes"]:
            data = next((check["data"] for check in node["any"] if check.get("data")), None)
            contrast = ""
            if isinstance(data, dict) and "contrastRatio" in data:
                contrast = (
                    f" {data['fgColor']} on {data['bgColor']} = {data['contrastRatio']}:1"
                    f" (needs {data['expectedContrastRatio']}, {data['fontSize']})"
                )
            lines.append(
                f"[{state}] {rule['id']} ({rule['impact']}) {' '.join(node['target'])}"
                f"{contrast}  {node['html'][:70]!r}"
            )
    return lines
