"""generator.plugin: MkDocs with the playbook plugin, as `mkdocs build` and `serve` run it."""

from __future__ import annotations

import html
import multiprocessing
import re
from pathlib import Path
from typing import Any

import pytest

from tests.support.cli import mkdocs, warnings
from tests.support.files import replace_in


def test_strict_build_with_plugin_makes_every_page(sample_project: Path) -> None:
    result = mkdocs("build", "--strict", cwd=sample_project)
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
    assert warnings(result.stderr) == []


def test_invalid_content_fails_the_mkdocs_build_with_messages(sample_project: Path) -> None:
    replace_in(
        sample_project / "playbooks" / "sample" / "risks.yaml", "likelihood: 4", "likelihood: high"
    )
    result = mkdocs("build", "--strict", cwd=sample_project)
    assert result.returncode == 1
    # MkDocs' log ends with the plugin's message, one line per problem.
    assert result.stderr.splitlines()[-2:] == [
        "ERROR   -  playbook: the content has problems:",
        "playbooks/sample/risks.yaml:9:17: 'likelihood' must be a whole number, got 'high'",
    ]
    assert result.stdout == "\nAborted with a BuildError!\n"


def test_content_page_clashing_with_generated_page_is_refused(sample_project: Path) -> None:
    clash = sample_project / "content" / "tags"
    clash.mkdir()
    (clash / "index.md").write_text("# Mine\n")
    result = mkdocs("build", cwd=sample_project)
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == (
        "ERROR   -  playbook: tags/index.md exists in docs_dir and would be replaced by a "
        "generated page; rename or remove it"
    )


def test_serve_watches_playbooks_projects_and_templates(sample_project: Path) -> None:
    """`mkdocs serve` rebuilds when a playbook, a project or an override template changes."""
    from mkdocs.config import load_config

    (sample_project / "overrides").mkdir()
    mkdocs_yml = sample_project / "mkdocs.yml"
    replace_in(
        mkdocs_yml,
        "      projects_dir: projects\n",
        "      projects_dir: projects\n      templates_dir: overrides\n",
    )
    config = load_config(str(mkdocs_yml))
    plugin = config.plugins["playbook"]
    plugin.on_config(config)

    class FakeServer:
        def __init__(self) -> None:
            self.watched: list[str] = []
            self.stopped = False

        def watch(self, path: str) -> None:
            self.watched.append(path)

        def shutdown(self) -> None:
            self.stopped = True

    server = FakeServer()
    plugin.on_serve(server, config=config, builder=None)
    assert sorted(Path(path).name for path in server.watched) == [
        "overrides",
        "playbooks",
        "projects",
    ]
    # Late downloads stop before MkDocs removes its site (tests/publish/test_serving.py), and
    # the server still shuts down.
    server.shutdown()
    assert server.stopped


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
    assert (page.is_file(), download.is_file()) == (True, True)
    (sample_project / "projects" / "harbour-bank.yaml").unlink()
    rebuild(dirty=True)
    assert not page.exists()
    assert not download.exists()
    assert (site / "projects" / "index.html").is_file()


def test_an_incremental_rebuild_redraws_a_page_whose_fragments_alone_changed(
    sample_project: Path,
) -> None:
    """A risk's new title changes only the HTML fragments of a project page (its register and
    heat map), not the page's Markdown: the page must still be rebuilt under `serve`."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    site = sample_project.parent / "served"

    def rebuild(dirty: bool) -> str:
        config = load_config(str(sample_project / "mkdocs.yml"), site_dir=str(site))
        build(config, dirty=dirty)
        return (site / "projects" / "harbour-bank" / "index.html").read_text(encoding="utf-8")

    before = rebuild(dirty=False)
    replace_in(
        sample_project / "playbooks" / "sample" / "risks.yaml",
        "title: Scope creep",
        "title: Scope drift",
    )
    after = rebuild(dirty=True)
    assert (before.count(">Scope creep</a>"), before.count("Scope drift")) == (1, 0)
    assert (after.count(">Scope creep</a>"), after.count(">Scope drift</a>")) == (0, 1)


def test_under_serve_a_page_whose_fragments_alone_changed_is_refilled_as_mkdocs_builds_it(
    sample_project: Path, tmp_path: Path
) -> None:
    """Under `playbook serve`, a project page whose register alone changed is not given to
    MkDocs again: its output kept from the previous build takes the new register, and the page
    is the one a fresh build makes, byte for byte."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from generator.publish.serving import serving

    page = Path("projects") / "harbour-bank" / "index.html"

    def rebuild(site: Path, dirty: bool) -> tuple[bytes, set[str]]:
        config = load_config(str(sample_project / "mkdocs.yml"), site_dir=str(site))
        build(config, dirty=dirty)
        return (site / page).read_bytes(), config.plugins["playbook"].built

    with serving():
        before, _ = rebuild(tmp_path / "served", dirty=False)
        replace_in(
            sample_project / "playbooks" / "sample" / "risks.yaml", "likelihood: 4", "likelihood: 2"
        )
        after, built = rebuild(tmp_path / "served", dirty=True)
    fresh, _ = rebuild(tmp_path / "fresh", dirty=False)
    assert "projects/harbour-bank/index.md" not in built
    assert before != after
    assert after == fresh


@pytest.mark.parametrize("written", [False, True], ids=["before-the-page", "after-the-page"])
def test_after_a_failed_rebuild_the_next_one_makes_the_page_the_files_say(
    sample_project: Path, monkeypatch: pytest.MonkeyPatch, written: bool
) -> None:
    """A rebuild under `serve` that fails may have written a page or not. The next rebuild
    must show what the files say: the edit when the failed one did not write the page, the
    original when the edit was undone after the failed one wrote it."""
    from mkdocs.commands import build as mkdocs_build
    from mkdocs.config import load_config

    from generator.publish.serving import serving

    site = sample_project.parent / "served"
    page = site / "projects" / "harbour-bank" / "index.html"
    project = sample_project / "projects" / "harbour-bank.yaml"

    def rebuild(dirty: bool) -> str:
        config = load_config(str(sample_project / "mkdocs.yml"), site_dir=str(site))
        mkdocs_build.build(config, dirty=dirty)
        return page.read_text(encoding="utf-8")

    build_page = mkdocs_build._build_page

    def interrupted(built: Any, *args: Any, **kwargs: Any) -> None:
        if written:
            build_page(built, *args, **kwargs)
        if built.file.src_uri == "projects/harbour-bank/index.md" or not written:
            raise OSError("disk full")

    with serving():
        assert heading(rebuild(dirty=False)).startswith("Harbour Bank ")
        replace_in(project, "name: Harbour Bank", "name: Harbour Two")
        monkeypatch.setattr(mkdocs_build, "_build_page", interrupted)
        with pytest.raises(OSError, match="disk full"):
            rebuild(dirty=True)
        written_heading = heading(page.read_text(encoding="utf-8"))
        assert written_heading.startswith("Harbour Two " if written else "Harbour Bank ")
        monkeypatch.setattr(mkdocs_build, "_build_page", build_page)
        if written:
            replace_in(project, "name: Harbour Two", "name: Harbour Bank")
        shown = heading(rebuild(dirty=True))
    assert shown.startswith("Harbour Bank " if written else "Harbour Two ")


def heading(page_html: str) -> str:
    """The text of a built page's first heading."""
    found = re.search(r"<h1[^>]*>(.*?)</h1>", page_html, re.DOTALL)
    assert found is not None, "no <h1> on the page"
    return html.unescape(re.sub(r"<[^>]+>", "", found[1])).replace("¶", "").strip()


def test_a_project_added_by_a_failed_rebuild_and_deleted_leaves_nothing_behind(
    sample_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """MkDocs copies a new project's downloads before it builds pages: a rebuild that fails
    on its first page has written them, and they must go when the project is deleted."""
    import shutil

    from mkdocs.commands import build as mkdocs_build
    from mkdocs.config import load_config

    site = sample_project.parent / "served"
    projects = sample_project / "projects"
    download = site / "projects" / "harbour-copy" / "harbour-copy-checklist.csv"

    def rebuild(dirty: bool) -> None:
        config = load_config(str(sample_project / "mkdocs.yml"), site_dir=str(site))
        mkdocs_build.build(config, dirty=dirty)

    def interrupted(*args: Any, **kwargs: Any) -> None:
        raise OSError("disk full")

    rebuild(dirty=False)
    shutil.copy(projects / "harbour-bank.yaml", projects / "harbour-copy.yaml")
    running = set(multiprocessing.active_children())
    with monkeypatch.context() as patch:
        patch.setattr(mkdocs_build, "_build_page", interrupted)
        with pytest.raises(OSError, match="disk full"):
            rebuild(dirty=True)
    # The failed build's downloads process was stopped, not left waiting for a site to write.
    for child in set(multiprocessing.active_children()) - running:
        child.join(timeout=10)
        assert not child.is_alive()
    assert download.is_file()
    (projects / "harbour-copy.yaml").unlink()
    rebuild(dirty=True)
    assert not download.exists()
    assert (site / "projects" / "harbour-bank" / "harbour-bank-checklist.csv").is_file()
