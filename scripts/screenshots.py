"""Make the README's screenshots from the real site: home, search results, a project, the portfolio.

Usage:  .venv/bin/python scripts/screenshots.py [--out docs/screenshots]
It builds the site from this repository (as of a fixed date, so the pictures are stable),
serves it on 127.0.0.1 and photographs it in Debian's Chromium.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import http.server
import sys
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

from generator import pipeline
from generator.settings import Overrides, load_settings

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # a repository script: use the repository's benchmarks package
from benchmarks.browser import LAUNCH_ARGS, chromium_path  # noqa: E402

TODAY = dt.date(2027, 3, 1)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def _search(page: Page, url: str, query: str) -> None:
    page.goto(url)
    page.locator("input.md-search__input").click()
    page.wait_for_timeout(800)
    page.locator("input.md-search__input").press_sequentially(query, delay=20)
    page.locator("ol.md-search-result__list > li.md-search-result__item").first.wait_for()
    page.wait_for_timeout(800)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as temporary:
        site = Path(temporary) / "site"
        settings = load_settings(REPO, Overrides(today=TODAY))
        pipeline.build(settings, base=REPO, site_dir=str(site))
        handler = functools.partial(_Quiet, directory=str(site))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=chromium_path(), args=LAUNCH_ARGS
                )
                page = browser.new_page(viewport={"width": 1280, "height": 800})
                shots = {
                    "home.png": lambda: page.goto(url),
                    "search.png": lambda: _search(page, url, "legacy integration"),
                    "project.png": lambda: page.goto(url + "projects/core-banking-revamp/"),
                    "portfolio.png": lambda: page.goto(url + "projects/"),
                }
                for name, show in shots.items():
                    show()
                    page.wait_for_timeout(300)
                    page.screenshot(path=str(args.out / name))
                    print(f"wrote {args.out / name}")
                browser.close()
        finally:
            server.shutdown()


if __name__ == "__main__":
    main()
