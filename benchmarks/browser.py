"""The measures in Chromium: the first search result on the built site, and the editing loop
under ``playbook serve``."""

from __future__ import annotations

import socket
import statistics
import subprocess
import time
import urllib.request
from pathlib import Path

import yaml
from playwright.sync_api import Browser, sync_playwright

from benchmarks.measure import BIN, ENV

# The repository's one Chromium launcher (Debian's chromium, flags that keep it off the
# network) and its one static server; tests never import benchmarks/, the other way is fine.
from tests.support.browser import launch_chromium, serve_folder

QUERIES = ("steering committee", "risk register", "vendor contract", "cutover plan", "audit trail")
# Material's search, as a person meets it: a fresh tab, the home page, the search box.
_READY = """() => { const meta = document.querySelector(".md-search-result__meta");
  return meta !== null && !meta.textContent.includes("Initializing"); }"""
# The first keystroke, the last one, and the frame after each change of the result list.
_WATCH = """() => {
  const b = (window.__bench = { first: null, last: null, shown: null });
  document.querySelector("input.md-search__input").addEventListener("keydown", () => {
    b.last = performance.now(); b.first ??= b.last; }, true);
  new MutationObserver(() => requestAnimationFrame(() => { b.shown = performance.now(); }))
    .observe(document.querySelector(".md-search-result__list"), { childList: true, subtree: true });
}"""
# Settled on the full query: results shown after the last keystroke, then no change for 1 s.
_SETTLED = """() => { const b = window.__bench;
  return b.shown > b.last && document.querySelector(".md-search-result__item") !== null
    && performance.now() - b.shown > 1000; }"""


def _query(browser: Browser, url: str, query: str) -> tuple[float, float]:
    """Seconds from navigation to the index being ready, and from the first keystroke to the
    frame showing the settled results of the full query."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(url)
        page.locator("input.md-search__input").click()
        page.wait_for_function(_READY, timeout=180_000)
        ready = float(page.evaluate("() => performance.now()")) / 1000
        page.evaluate(_WATCH)
        # Key by key: Material searches on keyup, so `fill` would not search.
        page.locator("input.md-search__input").press_sequentially(query)
        page.wait_for_function(_SETTLED, timeout=120_000)
        first, shown = page.evaluate("() => [window.__bench.first, window.__bench.shown]")
        return ready, (float(shown) - float(first)) / 1000
    finally:
        context.close()


def search(site: Path, queries: int) -> dict[str, float | str]:
    """Median over ``queries`` queries, after one warm-up query (a cold browser is slower)."""
    with serve_folder(site) as url, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            times = [_query(browser, url, query) for query in ("budget", *QUERIES[:queries])]
            version = browser.version
        finally:
            browser.close()
    return {
        "search_first_result_s": statistics.median(result for _, result in times[1:]),
        "search_ready_s": statistics.median(ready for ready, _ in times[1:]),
        "chromium": version,
    }


def _edited(root: Path, what: str) -> tuple[Path, str, str, str]:
    """The file an edit of ``what`` saves, its page, and what comes before the title it
    changes, and that title: the first risk of the first playbook (its page, every project
    page of that playbook), the first project (its own pages) or the home page (no playbook
    or project)."""
    if what == "risk":
        risks = sorted((root / "playbooks").glob("*/risks.yaml"))[0]
        risk = yaml.safe_load(risks.read_text(encoding="utf-8"))["risks"][0]
        return risks, f"playbooks/{risks.parent.name}/risks/{risk['id']}/", "title: ", risk["title"]
    if what == "page":
        home = root / "content" / "index.md"
        return home, "", "# ", home.read_text(encoding="utf-8").splitlines()[0].removeprefix("# ")
    project = sorted((root / "projects").glob("*.yaml"))[0]
    name = yaml.safe_load(project.read_text(encoding="utf-8"))["name"]
    return project, f"projects/{project.stem}/", "name: ", name


def editing_loop(root: Path, edits: int, what: str = "risk") -> float:
    """Median seconds from saving a new title (a risk's, a project's name, the home page's
    heading) in its file to Chromium showing it on its page under `playbook serve`."""
    path, page_path, before, original = _edited(root, what)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/{page_path}"
    command = [str(BIN / "playbook"), "--root", str(root), "serve", "-a", f"127.0.0.1:{port}"]
    server = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV
    )
    try:
        _wait_for(url, server)
        with sync_playwright() as playwright:
            browser = launch_chromium(playwright)
            page = browser.new_page()
            page.goto(url)
            text, title, times = path.read_text(encoding="utf-8"), original, []
            for number in range(1, edits + 1):
                text = text.replace(f"{before}{title}", f"{before}{original} ({number})", 1)
                title = f"{original} ({number})"
                page.wait_for_timeout(1500)  # let the watcher settle after the previous rebuild
                saved = time.perf_counter()
                path.write_text(text, encoding="utf-8")
                page.locator("h1", has_text=f"({number})").wait_for(timeout=120_000)
                times.append(time.perf_counter() - saved)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
    return statistics.median(times)


def _wait_for(url: str, server: subprocess.Popen[bytes], limit: float = 900) -> None:
    """Until ``playbook serve`` has built the site and serves ``url``."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline and server.poll() is None:
        try:
            with urllib.request.urlopen(url, timeout=5):  # loopback only
                return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"playbook serve did not serve {url} (exit code {server.poll()})")


# The time from a change in the kickoff form to the frame that shows the preview it gives.
_PREVIEW_WATCH = """() => {
  const b = (window.__preview = { changed: null, shown: null });
  new MutationObserver(() => requestAnimationFrame(() => { b.shown = performance.now(); }))
    .observe(document.getElementById("pb-preview-body"), { childList: true, subtree: true });
}"""
_PREVIEW_CHANGE = """(day) => {
  const input = document.getElementById("pb-kickoff-date");
  const b = window.__preview;
  b.shown = null;
  input.value = day;
  b.changed = performance.now();
  input.dispatchEvent(new Event("input", { bubbles: true }));
}"""


def preview_update(site: Path, playbook: str, changes: int) -> float:
    """Median milliseconds from a new kickoff date in the form of ``playbook``'s kickoff page
    to the frame showing the preview it gives (every due date moves)."""
    page_path = site / "playbooks" / playbook / "kickoff" / "index.html"
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            page = browser.new_page()
            page.goto(page_path.as_uri())
            page.locator("#pb-name").fill("Benchmark project")
            page.evaluate(_PREVIEW_WATCH)
            times = []
            for number in range(changes + 1):  # the first is a warm-up
                page.evaluate(_PREVIEW_CHANGE, f"2027-03-{number + 1:02d}")
                page.wait_for_function("() => window.__preview.shown !== null")
                shown, changed = page.evaluate(
                    "() => [window.__preview.shown, window.__preview.changed]"
                )
                times.append(float(shown) - float(changed))
        finally:
            browser.close()
    return statistics.median(times[1:])
