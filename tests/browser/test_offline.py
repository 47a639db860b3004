"""Offline mode: the site built with `playbook build --offline` is opened from file:// and its
search works, with no request outside the site's folder and no external URL in any page."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner
from playwright.sync_api import Page

from generator.cli import main
from tests.conftest import SAMPLE
from tests.support.browser import RESULT_LINK, Hit, PageLog, outside_site, search
from tests.support.project import build_site, project_settings
from tests.support.sitecheck import external_references

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def offline_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("offline") / "site"
    root = Path(__file__).resolve().parents[2]
    build_site(project_settings(root, today=dt.date(2027, 3, 1)), site, offline=True)
    return site


def test_offline_site_has_no_external_url_and_uses_the_local_shim(offline_site: Path) -> None:
    assert external_references(offline_site) == []
    home = (offline_site / "index.html").read_text(encoding="utf-8")
    assert 'src="assets/playbook/iframe-worker-shim.js"' in home
    assert "unpkg.com" not in home
    assert (offline_site / "search" / "search_index.js").is_file()
    assert (offline_site / "playbooks" / "index.html").is_file()  # no directory URLs


def test_search_works_from_file_urls(page: Page, page_log: PageLog, offline_site: Path) -> None:
    site = offline_site.as_uri() + "/"
    hits = search(page, site, "legacy integration", start="index.html")
    assert hits[0] == Hit(
        "playbooks/digital-transformation/risks/legacy-integration.html",
        "Integration with legacy systems is harder than planned",
    )
    assert outside_site(page_log.requests, site) == []
    page.locator(RESULT_LINK).first.click()
    page.wait_for_load_state()
    assert page.url.split("?")[0] == site + hits[0].path


def test_offline_needs_the_offline_plugin(sample_project: Path) -> None:
    config = sample_project / "mkdocs.yml"
    config.write_text(
        config.read_text().replace(
            "  - offline:\n      enabled: !ENV [PLAYBOOK_OFFLINE, false]\n", ""
        )
    )
    result = CliRunner().invoke(main, ["--root", str(sample_project), "build", "--offline"])
    assert result.exit_code == 2
    assert "--offline needs Material's offline plugin" in result.stderr
    assert SAMPLE.is_dir()
