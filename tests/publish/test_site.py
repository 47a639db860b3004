"""generator.publish: the site built from the rendered pages, and the plain Markdown tree."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import OutputError
from tests.support.cli import mkdocs
from tests.support.fixtures import SAMPLE
from tests.support.project import build_site, project_settings, render_tree
from tests.support.sitecheck import external_references, tag_listing


def test_site_makes_no_request_outside_itself(sample_project: Path) -> None:
    build_site(project_settings(sample_project), sample_project / "site")
    assert external_references(sample_project / "site") == []
    home = (sample_project / "site" / "index.html").read_text(encoding="utf-8")
    assert "fonts.googleapis.com" not in home
    assert "Made with" not in home


def test_tag_listing_pages_list_the_tagged_items(sample_project: Path) -> None:
    build_site(project_settings(sample_project), sample_project / "site")
    phase = (sample_project / "site" / "tags" / "phase" / "index.html").read_text("utf-8")
    # The case study has no phase, so it is on no phase listing.
    assert tag_listing(phase) == {
        "tag:phase": set(),
        "tag:phase/execute": {"../../playbooks/sample/risks/scope-creep/"},
        "tag:phase/initiate": {
            "../../playbooks/sample/practices/define-scope/",
            "../../playbooks/sample/tasks/appoint-sponsor/",
        },
        "tag:phase/plan": {
            "../../playbooks/sample/tasks/kickoff-meeting/",
            "../../playbooks/sample/tasks/regulator-notice/",
        },
    }


def test_rendered_tree_builds_without_the_plugin(sample_project: Path, tmp_path: Path) -> None:
    out = tmp_path / "rendered"
    render_tree(project_settings(sample_project), out)
    config = (out / "mkdocs.yml").read_text()
    assert "playbook" not in config.split("plugins:", 1)[1].split("markdown_extensions", 1)[0]
    assert (out / "docs" / "index.md").read_text() == (SAMPLE / "content" / "index.md").read_text()
    result = mkdocs("build", "--strict", cwd=out)
    assert result.returncode == 0, result.stderr
    page = out / "site" / "playbooks" / "sample" / "risks" / "scope-creep" / "index.html"
    assert "Run every change through the change board." in page.read_text()


def test_failed_build_leaves_previous_site_untouched(sample_project: Path) -> None:
    site = sample_project / "site"
    build_site(project_settings(sample_project), site)
    before = (site / "index.html").read_bytes()
    (sample_project / "content" / "index.md").write_text("# Home\n\n[broken](missing.md)\n")
    with pytest.raises(OutputError) as caught:
        build_site(project_settings(sample_project), site)
    assert str(caught.value) == (
        "the site was not built (the previous site is untouched): Aborted with 1 warnings in "
        "strict mode!"
    )
    assert (site / "index.html").read_bytes() == before
    assert list(sample_project.glob(".site.new-*")) == []
