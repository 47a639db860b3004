"""generator.projects.status: `playbook status` shows progress and what is overdue."""

from __future__ import annotations

from pathlib import Path

from tests.support.cli import invoke
from tests.support.files import replace_in
from tests.support.sample import record_current_version

HEADER = "Harbour Bank <b>Core</b> Renewal (sample 1.0.0), kickoff 2027-02-01, as of"
OWNER = "Lee [Chen](javascript:alert(1))"
CURRENT = "The project follows the playbook's current version (1.0.0)."


def test_status_lists_progress_and_overdue_items(sample_project: Path) -> None:
    result = invoke(sample_project, "status", "harbour-bank", "--today", "2027-03-01")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"{HEADER} 2027-03-01",
        "Progress: 50% (1 of 2 tasks done)",
        "Overdue (1):",
        f"  2027-02-01  kickoff-meeting: Hold the kickoff meeting ({OWNER})",
        CURRENT,
    ]


def test_status_before_anything_is_due(sample_project: Path) -> None:
    result = invoke(sample_project, "status", "harbour-bank", "--today", "2027-01-01")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"{HEADER} 2027-01-01",
        "Progress: 50% (1 of 2 tasks done)",
        "Overdue: none",
        CURRENT,
    ]


def test_status_lists_every_overdue_item_with_its_owner(sample_project: Path) -> None:
    path = sample_project / "projects" / "harbour-bank.yaml"
    replace_in(path, "{state: done, date: 2027-01-20}", "{state: open}")
    replace_in(path, "{state: n/a, note:", "{state: open, note:")
    result = invoke(sample_project, "status", "harbour-bank", "--today", "2027-03-01")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"{HEADER} 2027-03-01",
        "Progress: 0% (0 of 3 tasks done)",
        "Overdue (3):",
        f"  2027-01-22  appoint-sponsor: Appoint the sponsor ({OWNER})",
        f"  2027-02-01  kickoff-meeting: Hold the kickoff meeting ({OWNER})",
        "  2027-02-15  regulator-notice: Notify the regulator (Executive sponsor)",
        CURRENT,
    ]


def test_status_of_unknown_project_is_exit_2(sample_project: Path) -> None:
    result = invoke(sample_project, "status", "nope")
    assert result.exit_code == 2
    assert result.stderr == "Error: no project file projects/nope.yaml\n"
    assert result.stdout == ""


def test_status_shows_the_old_and_the_new_title_of_a_reworded_item(sample_project: Path) -> None:
    record_current_version(sample_project)
    folder = sample_project / "playbooks" / "sample"
    replace_in(folder / "playbook.yaml", 'version: "1.0.0"', 'version: "1.0.1"')
    replace_in(folder / "tasks.yaml", "title: Appoint the sponsor", "title: Appoint | a <b>sponsor")
    # Only the summary changed: the title is shown once.
    replace_in(folder / "tasks.yaml", "summary: Bring the team together.", "summary: Meet.")
    result = invoke(sample_project, "status", "harbour-bank", "--today", "2027-01-01")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[3:] == [
        "The playbook is at 1.0.1; this project follows 1.0.0.",
        "  Reworded: appoint-sponsor (Appoint the sponsor → Appoint | a <b>sponsor)",
        "  Reworded: kickoff-meeting (Hold the kickoff meeting)",
        "Run `playbook upgrade harbour-bank` to move to 1.0.1.",
    ]
