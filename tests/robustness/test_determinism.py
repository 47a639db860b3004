"""Same input, same bytes: rendering, exports and builds depend on nothing but the content and
the fixed ``today`` (not on the clock, the run, the process or its hash seed)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from generator.export.registry import BINARY_FORMAT_NAMES, FORMAT_NAMES
from tests.support.cli import AS_OF, checklist
from tests.support.files import snapshot
from tests.support.fixtures import REPO
from tests.support.project import project_settings, render_tree

TODAY = dt.date.fromisoformat(AS_OF)
TEXT_SUFFIXES = {".md", ".txt", ".csv", ".json", ".ics", ".html", ".yml", ".yaml", ".xml"}

RENDER_SCRIPT = """
import datetime as dt, sys
from pathlib import Path
from tests.support.project import render_tree, project_settings
today = dt.date.fromisoformat(sys.argv[1])
for root, out in zip(sys.argv[2::2], sys.argv[3::2]):
    render_tree(project_settings(Path(root), today=today), Path(out))
"""


@pytest.fixture(scope="module")
def repo_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's own content, copied once: others may edit the working tree meanwhile."""
    root = tmp_path_factory.mktemp("repo") / "project"
    root.mkdir()
    for name in ("content", "playbooks", "projects", "overrides"):
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, root / name)
    shutil.copyfile(REPO / "mkdocs.yml", root / "mkdocs.yml")
    return root


def _assert_same_tree(first: Path, second: Path) -> None:
    one, two = snapshot(first), snapshot(second)
    assert one, f"{first} is empty"
    assert sorted(one) == sorted(two)
    differing = [name for name in one if one[name] != two[name]]
    assert differing == [], "files that differ between the two runs"


def _env(seed: str) -> dict[str, str]:
    return {**os.environ, "PYTHONHASHSEED": seed, "SOURCE_DATE_EPOCH": "1800000000"}


def _real_today_strings() -> list[str]:
    """Ways the date of the day the test runs could be written into a file."""
    today = dt.date.today()
    return sorted(
        {
            today.isoformat(),
            today.strftime("%Y%m%d"),
            today.strftime("%d/%m/%Y"),
            today.strftime("%m/%d/%Y"),
            today.strftime("%d %B %Y"),
            today.strftime("%B %d, %Y"),
            today.strftime("%b %d, %Y"),
        }
    )


# --- render_tree ------------------------------------------------------------------------------


def test_sample_renders_byte_identically_twice(sample_project: Path, tmp_path: Path) -> None:
    settings = project_settings(sample_project, today=TODAY)
    count = render_tree(settings, tmp_path / "one")
    assert render_tree(settings, tmp_path / "two") == count
    _assert_same_tree(tmp_path / "one", tmp_path / "two")
    assert (tmp_path / "one" / "docs" / "projects" / "harbour-bank" / "index.md").is_file()


def test_repository_content_renders_byte_identically_twice(repo_copy: Path, tmp_path: Path) -> None:
    settings = project_settings(repo_copy, today=TODAY)
    render_tree(settings, tmp_path / "one")
    render_tree(settings, tmp_path / "two")
    _assert_same_tree(tmp_path / "one", tmp_path / "two")
    assert list((tmp_path / "one" / "docs" / "projects").glob("*/index.md"))


def test_render_does_not_depend_on_the_process_hash_seed(
    sample_project: Path, repo_copy: Path, tmp_path: Path
) -> None:
    """Set and dict orders vary with PYTHONHASHSEED between runs; the output must not."""
    for seed in ("1", "2"):
        subprocess.run(
            [
                sys.executable,
                "-c",
                RENDER_SCRIPT,
                TODAY.isoformat(),
                str(sample_project),
                str(tmp_path / seed / "sample"),
                str(repo_copy),
                str(tmp_path / seed / "repo"),
            ],
            check=True,
            capture_output=True,
            timeout=120,
            env=_env(seed),
        )
    _assert_same_tree(tmp_path / "1" / "sample", tmp_path / "2" / "sample")
    _assert_same_tree(tmp_path / "1" / "repo", tmp_path / "2" / "repo")
    # And the same as in this process.
    render_tree(project_settings(sample_project, today=TODAY), tmp_path / "here")
    _assert_same_tree(tmp_path / "1" / "sample", tmp_path / "here")


# --- exports ----------------------------------------------------------------------------------


def _checklist(root: Path, fmt: str, *extra: str) -> bytes:
    result = checklist(root, "--format", fmt, *extra)
    assert result.exit_code == 0, result.stderr
    return result.stdout_bytes


def _exported(root: Path, fmt: str, out: Path) -> bytes:
    """`playbook checklist --format FMT -o OUT`: the file's bytes (a binary format needs -o)."""
    _checklist(root, fmt, "-o", str(out))
    return out.read_bytes()


@pytest.mark.parametrize("fmt", FORMAT_NAMES)
def test_every_checklist_export_is_byte_identical_twice(
    sample_project: Path, tmp_path: Path, fmt: str
) -> None:
    first = _exported(sample_project, fmt, tmp_path / "a")
    assert first
    assert _exported(sample_project, fmt, tmp_path / "b") == first
    if fmt not in BINARY_FORMAT_NAMES:
        assert _checklist(sample_project, fmt) == _checklist(sample_project, fmt) == first


# --- no clock in the output -------------------------------------------------------------------


def test_no_date_of_the_real_day_in_generated_output(
    sample_project: Path, repo_copy: Path, tmp_path: Path
) -> None:
    today_strings = _real_today_strings()
    assert TODAY.isoformat() not in today_strings, "run this test on another day than TODAY"
    outputs: dict[str, str] = {}
    for root, name in ((sample_project, "sample"), (repo_copy, "repo")):
        render_tree(project_settings(root, today=TODAY), tmp_path / name)
        for path in sorted((tmp_path / name).rglob("*")):
            if path.is_file() and path.suffix in TEXT_SUFFIXES:
                relative = path.relative_to(tmp_path / name).as_posix()
                outputs[f"{name}/{relative}"] = path.read_text(encoding="utf-8")
    for fmt in FORMAT_NAMES:
        data = _exported(sample_project, fmt, tmp_path / f"checklist.{fmt}")
        if fmt in BINARY_FORMAT_NAMES:  # a zip (xlsx): the text of its parts
            with zipfile.ZipFile(tmp_path / f"checklist.{fmt}") as archive:
                for part in archive.namelist():
                    outputs[f"checklist.{fmt}/{part}"] = archive.read(part).decode("utf-8")
        else:
            outputs[f"checklist.{fmt}"] = data.decode("utf-8")
    found = [
        f"{name}: {stamp}"
        for name, text in outputs.items()
        for stamp in today_strings
        if stamp in text
    ]
    assert found == []
    # The fixed day is what the pages and exports are dated with.
    page = outputs["sample/docs/projects/harbour-bank/index.md"]
    assert TODAY.isoformat() in page
    assert outputs["checklist.ics"].splitlines().count("DTSTAMP:20270301T000000Z") == 3
    assert f'  "as_of": "{TODAY.isoformat()}",' in outputs["checklist.json"].splitlines()


# --- the built site ---------------------------------------------------------------------------


def test_built_site_does_not_depend_on_the_process_hash_seed(
    sample_project: Path, tmp_path: Path
) -> None:
    """`playbook build --today D` twice gives the same site, page for page. (With two
    listings of the same tag, tags/ and tags/phase/, which one an item's tag links to must
    not be left to set iteration order.)"""
    for seed in ("1", "2"):
        subprocess.run(
            [
                sys.executable,
                "-c",
                "from generator.cli import main; main()",
                "--root",
                str(sample_project),
                "build",
                "--today",
                TODAY.isoformat(),
                "--site-dir",
                str(tmp_path / seed),
            ],
            check=True,
            capture_output=True,
            timeout=120,
            env=_env(seed),
        )
    _assert_same_tree(tmp_path / "1", tmp_path / "2")
