"""Browser fixtures: the shipped site built once, served on 127.0.0.1, driven in Debian's Chromium
(the helpers behind them are in tests/support/browser.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from tests.support.browser import (
    PageLog,
    axe_source,
    other_hosts,
    serve_folder,
    watch,
)


@pytest.fixture(scope="session")
def site_url(shipped_site: Path) -> Iterator[str]:
    with serve_folder(shipped_site) as url:
        yield url


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh tab; the test errors if the tab reached any host but the local server."""
    context = browser.new_context()
    tab = context.new_page()
    log = watch(tab)
    try:
        yield tab
    finally:
        context.close()
    # Every page of the site must work without the network, whatever the test looked at.
    reached = other_hosts(log.requests)
    if reached:
        pytest.fail(f"requests to another host: {reached}", pytrace=False)


@pytest.fixture
def page_log(page: Page) -> PageLog:
    """What ``page`` requests and reports from now on."""
    return watch(page)


@pytest.fixture(scope="session", name="axe_source")
def axe_source_fixture() -> str:
    return axe_source()
