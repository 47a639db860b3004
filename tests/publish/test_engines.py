"""The three engines of `playbook build --engine` (``generator.publish.engines``), on the sample
project with the repository's theme overrides: ProperDocs runs our plugin and builds the site
MkDocs builds (every page but its generator tag, and the search index byte for byte), Zensical
builds the plain tree, and every engine writes only its site, swapped in whole."""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from generator import pipeline
from generator.errors import OutputError, UsageError
from generator.publish.engines import ENGINE_NAMES, INSTALL_HINT, OUTPUT_TAIL, run_engine
from generator.publish.guard import MARKER
from generator.publish.offline import OFFLINE_SHIM
from tests.conftest import REPO, SAMPLE
from tests.support.cli import invoke
from tests.support.files import replace_in, snapshot
from tests.support.project import project_settings
from tests.support.sitecheck import external_references, parse_html

TODAY = dt.date(2027, 3, 1)
GENERATOR_TAG = re.compile(rb'<meta name="generator" content="([^"]*)">')
SEARCH_INDEX = "search/search_index.json"


def make_project(root: Path) -> Path:
    """The sample project with the repository's theme overrides (custom_dir), and "today" in
    mkdocs.yml, so that plain `properdocs build` judges "overdue" as `playbook build` does."""
    shutil.copytree(SAMPLE, root)
    shutil.copytree(REPO / "overrides", root / "overrides")
    config = root / "mkdocs.yml"
    replace_in(config, "theme:\n", "theme:\n  custom_dir: overrides\n")
    replace_in(
        config,
        "      projects_dir: projects\n",
        f"      projects_dir: projects\n      today: {TODAY}\n",
    )
    return root


def build(root: Path, site: Path, engine: str, **options: bool) -> Path:
    """`playbook build --site-dir SITE --engine ENGINE` in ``root``."""
    settings = project_settings(root)
    return pipeline.build(settings, base=root, site_dir=str(site), engine=engine, **options).site


def site_files(site: Path) -> dict[str, bytes]:
    return {
        path.relative_to(site).as_posix(): path.read_bytes()
        for path in sorted(site.rglob("*"))
        if path.is_file()
    }


def inputs(root: Path) -> dict[str, str]:
    """Every input of the project (mkdocs.yml and the input folders), with digests."""
    found = {"mkdocs.yml": snapshot(root)["mkdocs.yml"]}
    for folder in ("content", "playbooks", "projects", "overrides"):
        found.update({f"{folder}/{key}": value for key, value in snapshot(root / folder).items()})
    return found


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    """The project, and its site built once by each engine (timestamps fixed, so the sitemap's
    gzip header is the same whoever writes it); "project" is the project folder."""
    base = tmp_path_factory.mktemp("engines")
    project = make_project(base / "project")
    before = inputs(project)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1800000000")
        sites = {name: build(project, base / f"site-{name}", name) for name in ENGINE_NAMES}
    assert inputs(project) == before, "an engine wrote into the project's inputs"
    yield {"project": project, **sites}


def assert_same_site(ours: dict[str, bytes], theirs: dict[str, bytes]) -> None:
    """The same files; HTML the same but for the generator tag, every other file byte for byte."""
    assert sorted(ours) == sorted(theirs)
    different = [
        name
        for name, data in ours.items()
        if GENERATOR_TAG.sub(b"", data) != GENERATOR_TAG.sub(b"", theirs[name])
        or (not name.endswith(".html") and data != theirs[name])
    ]
    assert different == []


# --- ProperDocs -----------------------------------------------------------------------------


def test_properdocs_builds_the_site_mkdocs_builds(built: dict[str, Path]) -> None:
    mkdocs, properdocs = site_files(built["mkdocs"]), site_files(built["properdocs"])
    pages = [name for name in mkdocs if name.endswith(".html")]
    assert len(pages) > 20
    assert_same_site(mkdocs, properdocs)
    assert properdocs[SEARCH_INDEX] == mkdocs[SEARCH_INDEX]
    # ... built by each engine: the generator tag is the one thing that differs.
    assert generator(mkdocs).startswith(b"mkdocs-1.")
    assert generator(properdocs).startswith(b"mkdocs-ProperDocs 1.6.7, mkdocs-material-")


def generator(site: dict[str, bytes]) -> bytes:
    found = GENERATOR_TAG.search(site["index.html"])
    assert found is not None
    return found.group(1)


def test_plain_properdocs_build_of_the_projects_mkdocs_yml_gives_the_same_site(
    built: dict[str, Path], tmp_path: Path
) -> None:
    # `properdocs build` as a user runs it: our plugin loads the project itself.
    site = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "properdocs", "build", "-q", "-f", "mkdocs.yml", "-d", str(site)],
        cwd=built["project"],
        check=True,
        capture_output=True,
        env={**os.environ, "SOURCE_DATE_EPOCH": "1800000000"},
    )
    assert_same_site(site_files(built["mkdocs"]), site_files(site))


def test_properdocs_builds_the_offline_site_mkdocs_builds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    project = make_project(tmp_path / "project")
    mkdocs = site_files(build(project, tmp_path / "mkdocs", "mkdocs", offline=True))
    properdocs = site_files(build(project, tmp_path / "properdocs", "properdocs", offline=True))
    assert OFFLINE_SHIM in properdocs and "playbooks/index.html" in properdocs
    assert_same_site(mkdocs, properdocs)


def test_a_properdocs_usage_error_comes_back_from_its_process(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    plugin = "  - playbook:\n      playbooks_dir: playbooks\n      projects_dir: projects\n"
    replace_in(project / "mkdocs.yml", f"{plugin}      today: {TODAY}\n", "")
    with pytest.raises(UsageError, match=r"mkdocs\.yml does not list the 'playbook' plugin"):
        build(project, tmp_path / "site", "properdocs")
    assert not (tmp_path / "site").exists()


# --- Zensical -------------------------------------------------------------------------------


def test_zensical_builds_every_page_of_the_render_tree(built: dict[str, Path]) -> None:
    site = built["zensical"]
    generated = pipeline.generate_pages(project_settings(built["project"]))
    pages = [name for name in generated if name.endswith(".md")]
    assert len(pages) > 20
    # Without directory URLs (see engines._zensical): x/y.md is x/y.html.
    missing = [name for name in pages if not (site / name.replace(".md", ".html")).is_file()]
    assert missing == []
    downloads = [name for name in generated if not name.endswith(".md")]
    assert downloads and all((site / name).stat().st_size > 0 for name in downloads)
    assert (site / "index.html").is_file() and (site / MARKER).is_file()
    assert (
        b'<meta name="generator" content="zensical-0.0.73">' in (site / "index.html").read_bytes()
    )
    index = (site / "search.json").read_text(encoding="utf-8")
    assert "Core banking cut-over fails" in index and "Harbour Bank" in index
    assert external_references(site) == []


def test_every_link_between_pages_of_the_zensical_site_leads_to_a_page(
    built: dict[str, Path],
) -> None:
    site = built["zensical"]
    checked, broken = 0, []
    for page in sorted(site.rglob("*.html")):
        if page.name == "404.html":  # its links start at the site's root, on every engine
            continue
        for tag, attribute, value in parse_html(page).urls:
            parts = urlsplit(value)
            if tag != "a" or attribute != "href" or parts.scheme or parts.netloc or not parts.path:
                continue
            checked += 1
            target = (page.parent / unquote(parts.path)).resolve()
            if not (target / "index.html" if target.is_dir() else target).is_file():
                broken.append(f"{page.relative_to(site)} -> {value}")
    assert checked > 200
    assert broken == []


def test_zensical_builds_the_tree_playbook_render_writes_and_writes_only_inside_it(
    tmp_path: Path,
) -> None:
    project = make_project(tmp_path / "project")
    tree = tmp_path / "tree"
    pipeline.render(project_settings(project), str(tree), base=project)
    before = snapshot(tmp_path)
    subprocess.run(
        [sys.executable, "-m", "zensical", "build", "--strict", "-f", "mkdocs.yml"],
        cwd=tree,
        check=True,
        capture_output=True,
    )
    after = snapshot(tmp_path)
    assert {key for key, value in before.items() if after.get(key) != value} == set()
    written = {key.split("/")[1] for key in set(after) - set(before)}
    assert written == {"site", ".cache"}  # its site_dir (default: site) and its cache
    assert (tree / "site" / "index.html").is_file()
    assert "Core banking cut-over fails" in (tree / "site" / "search.json").read_text("utf-8")


def test_a_failed_zensical_build_leaves_the_previous_site(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    site = build(project, tmp_path / "site", "zensical")
    before = snapshot(site)
    (project / "content" / "index.md").write_text("[A link](nowhere.md)\n", encoding="utf-8")
    with pytest.raises(
        OutputError, match=r"^Zensical failed \(exit code 1\); the previous site is untouched\."
    ):
        build(project, tmp_path / "site", "zensical")
    assert snapshot(site) == before
    assert sorted(path.name for path in tmp_path.iterdir()) == [".site.lock", "project", "site"]


# --- Every engine ---------------------------------------------------------------------------


@pytest.mark.parametrize("engine", ["properdocs", "zensical"])
def test_an_engine_leaves_nothing_in_the_temporary_folder(
    engine: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    project = make_project(tmp_path / "project")
    site = build(project, tmp_path / "site", engine)
    assert (site / "index.html").is_file()
    assert list(temporary.iterdir()) == []


def test_an_unknown_engine_is_a_usage_error_and_writes_nothing(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    with pytest.raises(UsageError) as raised:
        build(project, tmp_path / "site", "hugo")
    assert str(raised.value) == (
        "--engine 'hugo' is not an engine; choose one of mkdocs, properdocs, zensical"
    )
    assert raised.value.exit_code == 2
    assert sorted(path.name for path in tmp_path.iterdir()) == ["project"]


def test_the_command_line_refuses_an_unknown_engine_with_exit_2(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")

    result = invoke(project, "build", "--engine", "hugo")

    assert result.exit_code == 2
    assert "Invalid value for '--engine': 'hugo' is not one of 'mkdocs', 'properdocs', " in (
        result.stderr
    )
    assert sorted(path.name for path in tmp_path.iterdir()) == ["project"]


def test_an_engine_that_is_not_installed_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    find_spec = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *args: None if name == "zensical" else find_spec(name, *args),
    )
    project = make_project(tmp_path / "project")
    with pytest.raises(
        UsageError, match=re.escape(f"needs Zensical, which is not installed: {INSTALL_HINT}")
    ):
        build(project, tmp_path / "site", "zensical")
    assert not (tmp_path / "site").exists()


# --- Running an engine in another process ---------------------------------------------------


def test_an_engine_past_its_time_is_stopped_with_everything_it_started(tmp_path: Path) -> None:
    pid_file = tmp_path / "pid"
    # A process that starts a child and waits for it: both must be stopped.
    command = ["sh", "-c", f"sleep 60 & echo $! > {pid_file}; wait"]
    started = time.monotonic()
    with pytest.raises(OutputError, match="Hang did not finish within 1 s and was stopped"):
        run_engine("Hang", command, cwd=tmp_path, timeout=1)
    assert time.monotonic() - started < 10
    child = int(pid_file.read_text())
    time.sleep(0.2)
    assert (
        not Path(f"/proc/{child}").exists()
        or "State:\tZ" in Path(f"/proc/{child}/status").read_text()
    )


def test_only_the_end_of_a_failed_engines_output_is_read_and_shown(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    script = "import sys\nfor n in range(200_000): print(f'line {n}')\nsys.exit(3)\n"
    with pytest.raises(OutputError) as raised:
        run_engine("Loud", [sys.executable, "-c", script], cwd=tmp_path)
    assert str(raised.value) == (
        "Loud failed (exit code 3); the previous site is untouched. Its last line: line 199999"
    )
    shown = capsys.readouterr().err
    assert len(shown) <= OUTPUT_TAIL + 100
    assert shown.startswith("[... the first ") and shown.endswith("line 199999\n")
    assert "\nline 190000\n" not in shown
