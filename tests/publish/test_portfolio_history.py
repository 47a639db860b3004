"""The portfolio's history: written as the same bytes for the same history, only by a
`playbook build` that succeeded, where the `history_file` setting says (never into an input
folder, never through a symlink out of the project), and read back by every later build."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.errors import ContentError
from generator.load.portfolio_history import Snapshot, read_portfolio_history
from generator.publish.portfolio_history import history_text, write_portfolio_history
from tests.support.cli import invoke, mkdocs
from tests.support.files import replace_in
from tests.support.project import filled_project

HISTORY = ".playbook/portfolio-history.json"
D = dt.date.fromisoformat
TODAY = "2027-03-01"
PORTFOLIO = Path("site/projects/index.html")


def entry(date: str, progress: int = 50, rag: str = "amber", overdue: int = 1) -> Snapshot:
    return Snapshot(D(date), progress, rag, overdue)


# --- The file -----------------------------------------------------------------------------------


def test_the_text_is_sorted_with_one_entry_a_line() -> None:
    history = {
        "zed": (entry("2027-03-01"), entry("2027-02-22", 40, "red", 3)),
        "alpha": (entry("2027-03-01", 100, "green", 0),),
    }
    assert history_text(history) == (
        "{\n"
        '  "format": 1,\n'
        '  "projects": {\n'
        '    "alpha": [\n'
        '      {"date": "2027-03-01", "overdue": 0, "progress": 100, "rag": "green"}\n'
        "    ],\n"
        '    "zed": [\n'
        '      {"date": "2027-02-22", "overdue": 3, "progress": 40, "rag": "red"},\n'
        '      {"date": "2027-03-01", "overdue": 1, "progress": 50, "rag": "amber"}\n'
        "    ]\n"
        "  }\n"
        "}\n"
    )
    # The same history in another order is the same bytes.
    assert history_text(dict(reversed(history.items()))) == history_text(history)
    assert history_text({}) == '{\n  "format": 1,\n  "projects": {}\n}\n'


def test_what_is_written_reads_back_the_same(tmp_path: Path) -> None:
    history = {
        "harbour-bank": (entry("2027-02-22", 40, "red", 3), entry("2027-03-01")),
        'odd "slug" ü': (entry("2027-03-01", 0, "green", 0),),
    }
    path = tmp_path / HISTORY
    write_portfolio_history(path, tmp_path, history)  # the folder is made
    assert read_portfolio_history(path, tmp_path) == history
    write_portfolio_history(path, tmp_path, {})
    assert read_portfolio_history(path, tmp_path) == {}


def test_it_is_never_written_out_of_the_project(tmp_path: Path) -> None:
    root = tmp_path / "project"
    elsewhere = tmp_path / "elsewhere"
    root.mkdir()
    elsewhere.mkdir()
    (root / ".playbook").symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(ContentError) as caught:
        write_portfolio_history(root / HISTORY, root, {"p": (entry(TODAY),)})
    assert str(caught.value) == f"{HISTORY}: points outside the project"
    assert list(elsewhere.iterdir()) == []


def test_a_symlink_inside_the_project_is_replaced_not_written_through(tmp_path: Path) -> None:
    target = tmp_path / "kept.json"
    target.write_text("kept\n", encoding="utf-8")
    path = tmp_path / HISTORY
    path.parent.mkdir()
    path.symlink_to(target)
    write_portfolio_history(path, tmp_path, {"p": (entry(TODAY),)})
    assert not path.is_symlink()
    assert read_portfolio_history(path, tmp_path) == {"p": (entry(TODAY),)}
    assert target.read_text(encoding="utf-8") == "kept\n"


# --- Through the commands -------------------------------------------------------------------


def build(root: Path, today: str = TODAY, *options: str) -> str:
    """`playbook build --today TODAY`; the portfolio page it made."""
    result = invoke(root, "build", "--today", today, *options)
    assert result.exit_code == 0, result.stderr
    return (root / PORTFOLIO).read_text(encoding="utf-8")


def now(root: Path, today: str = TODAY) -> Snapshot:
    """The sample's project as of ``today``, as the history records it."""
    filled = filled_project(root, "harbour-bank", D(today))
    return Snapshot(D(today), filled.progress, filled.health.rag, len(filled.overdue))


def test_a_build_records_the_day_and_the_next_one_shows_what_changed(
    sample_project: Path,
) -> None:
    assert not (sample_project / ".playbook").exists()
    page = build(sample_project)
    history = sample_project / HISTORY
    first = now(sample_project)
    assert history.read_text(encoding="utf-8") == history_text({"harbour-bank": (first,)})
    assert "No earlier build." in page
    # The overdue task is done a day later, and the site is built a week later.
    (overdue,) = filled_project(sample_project, "harbour-bank", D(TODAY)).overdue
    marked = invoke(
        sample_project,
        "mark",
        "harbour-bank",
        overdue.id,
        "--state",
        "done",
        "--date",
        "2027-03-02",
    )
    assert marked.exit_code == 0, marked.stderr
    later = "2027-03-08"
    page = build(sample_project, later)
    second = now(sample_project, later)
    progress = second.progress - first.progress
    assert progress > 0 and (first.overdue, second.overdue) == (1, 0)
    assert f"Since 2027-03-01: progress up {progress} points; overdue down 1" in page
    assert read_portfolio_history(history, sample_project) == {"harbour-bank": (first, second)}


def test_a_rebuild_the_same_day_gives_the_same_page_and_history(sample_project: Path) -> None:
    history = sample_project / HISTORY
    history.parent.mkdir()
    earlier = {"harbour-bank": (entry("2027-02-22", 10, "green", 0),)}
    history.write_text(history_text(earlier), encoding="utf-8")
    first = build(sample_project)
    recorded = history.read_bytes()
    assert "Since 2027-02-22: progress up" in first
    second = build(sample_project)
    assert second == first
    assert history.read_bytes() == recorded
    assert read_portfolio_history(history, sample_project) == {
        "harbour-bank": (entry("2027-02-22", 10, "green", 0), now(sample_project))
    }


def test_the_history_keeps_26_entries_a_project_and_only_projects_there_are(
    sample_project: Path,
) -> None:
    history = sample_project / HISTORY
    history.parent.mkdir()
    weekly = tuple(entry((D("2026-08-03") + dt.timedelta(weeks=n)).isoformat()) for n in range(30))
    assert weekly[-1].date < D(TODAY)
    history.write_text(
        history_text({"harbour-bank": weekly, "archived": weekly[:1]}), encoding="utf-8"
    )
    build(sample_project)
    kept = read_portfolio_history(history, sample_project)
    assert list(kept) == ["harbour-bank"]
    assert kept["harbour-bank"] == (*weekly[-25:], now(sample_project))


def test_validate_and_render_read_the_history_but_never_write_it(
    sample_project: Path, tmp_path: Path
) -> None:
    assert invoke(sample_project, "validate").exit_code == 0
    # render has no --today: fix it in mkdocs.yml.
    replace_in(
        sample_project / "mkdocs.yml",
        "      projects_dir: projects\n",
        f"      projects_dir: projects\n      today: {TODAY}\n",
    )
    assert invoke(sample_project, "render", "--out", str(tmp_path / "tree")).exit_code == 0
    assert not (sample_project / ".playbook").exists()
    history = sample_project / HISTORY
    history.parent.mkdir()
    history.write_text(history_text({"harbour-bank": (entry("2027-02-22"),)}), encoding="utf-8")
    before = history.read_bytes()
    assert invoke(sample_project, "validate").exit_code == 0
    result = invoke(sample_project, "render", "--out", str(tmp_path / "tree"))
    assert result.exit_code == 0, result.stderr
    assert history.read_bytes() == before
    page = tmp_path / "tree" / "docs" / "projects" / "index.md"
    assert "Since 2027-02-22:" in page.read_text(encoding="utf-8")


def test_mkdocs_build_and_serve_do_not_record(sample_project: Path, tmp_path: Path) -> None:
    result = mkdocs(
        "build", "-q", "-f", "mkdocs.yml", "-d", str(tmp_path / "site"), cwd=sample_project
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site" / "projects" / "index.html").is_file()
    assert not (sample_project / ".playbook").exists()


def test_a_failed_build_records_nothing(sample_project: Path) -> None:
    # A link to a page that does not exist: a warning, which fails the strict build.
    index = sample_project / "content" / "index.md"
    index.write_text(index.read_text(encoding="utf-8") + "\n[gone](gone.md)\n", encoding="utf-8")
    result = invoke(sample_project, "build", "--today", TODAY)
    assert result.exit_code != 0
    assert not (sample_project / ".playbook").exists()


def test_a_broken_history_stops_build_and_validate_naming_it(sample_project: Path) -> None:
    history = sample_project / HISTORY
    history.parent.mkdir()
    history.write_text('{"format": 1,\n "projects": [}\n', encoding="utf-8")
    message = (
        f"{HISTORY}:2: portfolio history is not valid: invalid JSON: Expecting value; "
        "fix it, or delete it to start the history afresh"
    )
    for command in (["build", "--today", TODAY], ["validate"]):
        result = invoke(sample_project, *command)
        assert result.exit_code == 1, command
        assert message in result.stderr.splitlines(), result.stderr
    assert not (sample_project / "site").exists()
    assert history.read_text(encoding="utf-8") == '{"format": 1,\n "projects": [}\n'


# --- Where it lives -----------------------------------------------------------------------


def set_history_file(root: Path, value: str) -> int:
    """Put ``history_file: VALUE`` among the plugin's options; the line it is on."""
    config = root / "mkdocs.yml"
    replace_in(
        config,
        "      projects_dir: projects\n",
        f"      projects_dir: projects\n      history_file: {value}\n",
    )
    lines = config.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if "history_file:" in line)


def test_the_history_file_setting_says_where_it_lives(sample_project: Path) -> None:
    set_history_file(sample_project, "reports/portfolio.json")
    build(sample_project)
    assert not (sample_project / ".playbook").exists()
    assert read_portfolio_history(sample_project / "reports/portfolio.json", sample_project) == {
        "harbour-bank": (now(sample_project),)
    }


RELATIVE = "must be a relative path inside the project folder"
KEEP_OUT = "; keep it out of every input folder"
REFUSED = {
    "absolute": ("/tmp/history.json", RELATIVE),
    "parent": ("../history.json", RELATIVE),
    "projects": ("projects/history.json", "lies inside the projects folder" + KEEP_OUT),
    "playbooks": ("playbooks/sample/h.json", "lies inside the playbooks folder" + KEEP_OUT),
    "content": ("content/h.json", "lies inside the content folder" + KEEP_OUT),
    "a-folder": ("content", "lies inside the content folder" + KEEP_OUT),
    "git": (".git/h.json", "lies inside the git repository" + KEEP_OUT),
    "config": ("mkdocs.yml", "is the configuration file"),
    "calendar": ("calendar.yaml", "is the calendar file"),
    "site": ("site/h.json", "lies inside site_dir, which every build replaces"),
    "root": (".", "is the project folder, not a file"),
    "existing-folder": ("overrides-not", "is a folder; name a file"),
}


@pytest.mark.parametrize(("value", "reason"), list(REFUSED.values()), ids=list(REFUSED))
def test_a_history_file_where_it_may_not_be_is_refused_at_its_line(
    sample_project: Path, value: str, reason: str
) -> None:
    (sample_project / "overrides-not").mkdir()
    line = set_history_file(sample_project, value)
    for command in (["validate"], ["build", "--today", TODAY]):
        result = invoke(sample_project, *command)
        assert result.exit_code == 1, command
        expected = f"mkdocs.yml:{line}: 'history_file' '{value}' {reason}"
        assert result.stderr.splitlines()[0] == expected
    assert not (sample_project / "site").exists()


@pytest.mark.parametrize("value", ["42", "''", "[a, b]"])
def test_a_history_file_that_is_not_a_path_is_refused(sample_project: Path, value: str) -> None:
    line = set_history_file(sample_project, value)
    result = invoke(sample_project, "validate")
    assert result.exit_code == 1
    shown = {"42": "42", "''": "''", "[a, b]": "a list"}[value]
    assert result.stderr.splitlines()[0] == (
        f"mkdocs.yml:{line}: 'history_file' must be a file path (text), got {shown}"
    )


def test_a_history_file_through_a_symlink_out_of_the_project_is_refused(
    sample_project: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (sample_project / "logs").symlink_to(elsewhere, target_is_directory=True)
    line = set_history_file(sample_project, "logs/history.json")
    result = invoke(sample_project, "validate")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"mkdocs.yml:{line}: 'history_file' 'logs/history.json' points outside the project"
    )


def test_no_output_folder_may_hold_the_history(sample_project: Path) -> None:
    site = str(sample_project / ".playbook")
    result = invoke(sample_project, "build", "--today", TODAY, "--site-dir", site)
    assert result.exit_code == 2
    assert "holds the portfolio history file portfolio-history.json" in result.stderr
    assert not (sample_project / ".playbook").exists()


def test_a_history_folder_that_leads_out_of_the_project_stops_the_build(
    sample_project: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (sample_project / ".playbook").symlink_to(elsewhere, target_is_directory=True)
    for command in (["build", "--today", TODAY], ["validate"]):
        result = invoke(sample_project, *command)
        assert result.exit_code == 1, command
        assert result.stderr.splitlines()[0] == f"{HISTORY}: points outside the project"
    assert list(elsewhere.iterdir()) == []
    assert not (sample_project / "site").exists()
