"""The plugin puts large tables into pages after MkDocs has converted the Markdown, where the
render tree has them inline: both must give the same site, search index included."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.support.cli import invoke
from tests.support.files import replace_in

TODAY = "2027-03-01"


def test_the_plugin_and_the_plain_render_tree_build_the_same_site(
    sample_project: Path, tmp_path: Path
) -> None:
    # render has no --today: fix it in mkdocs.yml for both builds.
    replace_in(
        sample_project / "mkdocs.yml",
        "      projects_dir: projects\n",
        f"      projects_dir: projects\n      today: {TODAY}\n",
    )
    assert invoke(sample_project, "build").exit_code == 0
    assert invoke(sample_project, "render", "--out", str(tmp_path / "tree")).exit_code == 0
    plain = tmp_path / "plain"
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", "mkdocs.yml", "-d", str(plain)],
        cwd=tmp_path / "tree",
        check=True,
        capture_output=True,
    )
    ours = sample_project / "site"
    pages = sorted(p.relative_to(ours) for p in ours.rglob("*.html"))
    assert pages == sorted(p.relative_to(plain) for p in plain.rglob("*.html"))
    assert len(pages) > 20
    different = [str(p) for p in pages if (ours / p).read_bytes() != (plain / p).read_bytes()]
    assert different == []
    index = Path("search/search_index.json")
    assert (ours / index).read_bytes() == (plain / index).read_bytes()
