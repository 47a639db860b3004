"""Real MkDocs builds in tmp_path: with the plugin, and of the plugin-free `render --out` tree."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from generator.errors import ContentError, OutputError
from tests.sitecheck import external_references
from tests.support.project import build_site, project_settings, render_tree


def _mkdocs(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", *args],
        cwd=cwd,
        text=True,
        capture_output=True,
        check=False,
    )


def test_strict_build_with_plugin_makes_every_page(sample_project: Path) -> None:
    result = _mkdocs("build", "--strict", cwd=sample_project)
    assert result.returncode == 0, result.stderr
    site = sample_project / "site"
    for page in [
        "index.html",
        "playbooks/sample/risks/scope-creep/index.html",
        "playbooks/sample/practices/index.html",
        "tags/index.html",
        "tags/phase/index.html",
    ]:
        assert (site / page).is_file(), page
    assert not [line for line in result.stderr.splitlines() if line.startswith("WARNING")]


def test_site_makes_no_request_outside_itself(sample_project: Path) -> None:
    build_site(project_settings(sample_project), sample_project / "site")
    assert external_references(sample_project / "site") == []
    home = (sample_project / "site" / "index.html").read_text(encoding="utf-8")
    assert "fonts.googleapis.com" not in home
    assert "Made with" not in home


def test_tag_listing_pages_list_the_tagged_items(sample_project: Path) -> None:
    build_site(project_settings(sample_project), sample_project / "site")
    phase = (sample_project / "site" / "tags" / "phase" / "index.html").read_text("utf-8")
    assert "Appoint the sponsor" in phase  # phase/initiate
    assert "Scope creep" in phase  # phase/execute
    assert "A bank modernizes its systems" not in phase  # has no phase


def test_invalid_content_fails_the_mkdocs_build_with_messages(sample_project: Path) -> None:
    risks = sample_project / "playbooks" / "sample" / "risks.yaml"
    risks.write_text(risks.read_text().replace("likelihood: 4", "likelihood: high"))
    result = _mkdocs("build", "--strict", cwd=sample_project)
    assert result.returncode != 0
    assert "playbooks/sample/risks.yaml:9:17: 'likelihood' must be a whole number" in result.stderr
    assert "Traceback" not in result.stderr


def test_rendered_tree_builds_without_the_plugin(sample_project: Path, tmp_path: Path) -> None:
    out = tmp_path / "rendered"
    render_tree(project_settings(sample_project), out)
    config = (out / "mkdocs.yml").read_text()
    assert "playbook" not in config.split("plugins:", 1)[1].split("markdown_extensions", 1)[0]
    assert (out / "docs" / "index.md").read_text().startswith("# Sample home")
    result = _mkdocs("build", "--strict", cwd=out)
    assert result.returncode == 0, result.stderr
    page = out / "site" / "playbooks" / "sample" / "risks" / "scope-creep" / "index.html"
    assert "Run every change through the change board." in page.read_text()


def test_failed_build_leaves_previous_site_untouched(sample_project: Path) -> None:
    site = sample_project / "site"
    build_site(project_settings(sample_project), site)
    before = (site / "index.html").read_bytes()
    (sample_project / "content" / "index.md").write_text("# Home\n\n[broken](missing.md)\n")
    with pytest.raises(OutputError, match="previous site is untouched"):
        build_site(project_settings(sample_project), site)
    assert (site / "index.html").read_bytes() == before
    assert not list(sample_project.glob(".site.new-*"))


def test_content_page_clashing_with_generated_page_is_refused(sample_project: Path) -> None:
    clash = sample_project / "content" / "tags"
    clash.mkdir()
    (clash / "index.md").write_text("# Mine\n")
    result = _mkdocs("build", cwd=sample_project)
    assert result.returncode != 0
    assert "tags/index.md exists in docs_dir" in result.stderr


def test_override_template_replaces_built_in(sample_project: Path, tmp_path: Path) -> None:
    overrides = sample_project / "overrides"
    overrides.mkdir()
    (overrides / "faq.md.j2").write_text(
        "# {{ item.question }}\n\nOverridden: {{ item.answer | md }}\n"
    )
    out = tmp_path / "rendered"
    render_tree(project_settings(sample_project, templates_dir="overrides"), out)
    page = (out / "docs" / "playbooks" / "sample" / "faqs" / "what-is-scope.md").read_text()
    assert page.startswith("# What does &#34;scope&#34; mean here?")
    assert "Overridden: The **work**" in page


def test_override_template_syntax_error_names_file_and_line(sample_project: Path) -> None:
    overrides = sample_project / "overrides"
    overrides.mkdir()
    (overrides / "faq.md.j2").write_text("# {{ item.question }}\n\n{% if %}\n")
    with pytest.raises(ContentError) as caught:
        render_tree(
            project_settings(sample_project, templates_dir="overrides"), sample_project / "out"
        )
    problem = caught.value.problems[0]
    assert problem.path.endswith("overrides/faq.md.j2")
    assert problem.line == 3
    assert "template syntax error" in problem.message


def test_serve_watches_playbooks_projects_and_templates(sample_project: Path) -> None:
    """`mkdocs serve` rebuilds when a playbook, a project or an override template changes."""
    from mkdocs.config import load_config

    (sample_project / "overrides").mkdir()
    mkdocs_yml = sample_project / "mkdocs.yml"
    mkdocs_yml.write_text(
        mkdocs_yml.read_text().replace(
            "      projects_dir: projects\n",
            "      projects_dir: projects\n      templates_dir: overrides\n",
        )
    )
    config = load_config(str(mkdocs_yml))
    plugin = config.plugins["playbook"]
    plugin.on_config(config)

    class FakeServer:
        def __init__(self) -> None:
            self.watched: list[str] = []

        def watch(self, path: str) -> None:
            self.watched.append(path)

    server = FakeServer()
    plugin.on_serve(server, config=config, builder=None)
    assert sorted(Path(path).name for path in server.watched) == [
        "overrides",
        "playbooks",
        "projects",
    ]


def test_an_incremental_rebuild_drops_the_page_of_a_deleted_project(sample_project: Path) -> None:
    """Under `serve`, a dirty rebuild never cleans the site: a deleted project's page must
    still disappear at once, not linger until a restart."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    site = sample_project.parent / "served"

    def rebuild(dirty: bool) -> None:
        config = load_config(str(sample_project / "mkdocs.yml"), site_dir=str(site))
        build(config, dirty=dirty)

    rebuild(dirty=False)
    page = site / "projects" / "harbour-bank" / "index.html"
    download = site / "projects" / "harbour-bank" / "harbour-bank-checklist.csv"
    assert page.is_file() and download.is_file()
    (sample_project / "projects" / "harbour-bank.yaml").unlink()
    rebuild(dirty=True)
    assert not page.exists()
    assert not download.exists()
    assert (site / "projects" / "index.html").is_file()
