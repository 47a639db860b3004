"""`playbook impact`: what the playbooks' changes since a git revision do to every project.

Each test builds a git repository in tmp_path from the sample project (playbook `sample`,
project harbour-bank), a retail project of the same playbook (corner-shop) and a project of
another playbook (demo), commits it, then changes the working tree's playbook
(``release``): a task reworded and its due date moved, a condition changed, a risk's
likelihood raised, a task that harbour-bank had done removed, a task added.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.support.cli import invoke, problem_lines
from tests.support.files import replace_in, snapshot
from tests.support.playbooks import demo_project, write_playbook
from tests.support.sample import WRITE_CHARTER

TODAY = ("--today", "2027-03-01")
CORNER_SHOP = """\
name: Corner Shop
playbook: sample
playbook_version: 1.0.0
kickoff: 2027-03-01
facts: {industry: retail, regulated: false}
"""
NEW_TITLE = "Run the kickoff | all hands"


def git(root: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(root), *args], check=True, capture_output=True, text=True
    )
    return done.stdout.strip()


@pytest.fixture
def repo(sample_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The committed project folder; git sees no configuration but this test's."""
    for name, value in {
        "GIT_CONFIG_GLOBAL": str(tmp_path / "no-gitconfig"),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CEILING_DIRECTORIES": str(tmp_path),
        "GIT_AUTHOR_NAME": "PMO",
        "GIT_AUTHOR_EMAIL": "pmo@example.com",
        "GIT_COMMITTER_NAME": "PMO",
        "GIT_COMMITTER_EMAIL": "pmo@example.com",
    }.items():
        monkeypatch.setenv(name, value)
    (sample_project / "projects" / "corner-shop.yaml").write_text(CORNER_SHOP, encoding="utf-8")
    write_playbook(sample_project)
    (sample_project / "projects" / "harbour-demo.yaml").write_text(demo_project(), encoding="utf-8")
    commit(sample_project, "the playbooks as released")
    return sample_project


def commit(root: Path, message: str) -> str:
    if not (root / ".git").exists():
        git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)
    return git(root, "rev-parse", "--short", "HEAD")


def release(root: Path) -> None:
    """Version 1.1.0 of `sample`, in the working tree."""
    folder = root / "playbooks" / "sample"
    replace_in(folder / "playbook.yaml", 'version: "1.0.0"', 'version: "1.1.0"')
    tasks = folder / "tasks.yaml"
    text = tasks.read_text(encoding="utf-8")
    # appoint-sponsor (done in harbour-bank) removed, and kickoff-meeting's link to it.
    text = text[text.index("  - id: kickoff-meeting") :].replace(
        "    related: [appoint-sponsor]\n", ""
    )
    text = text.replace("title: Hold the kickoff meeting", f'title: "{NEW_TITLE}"')
    text = text.replace("due: 0d", "due: +4d")
    text = text.replace("condition: regulated", "condition: industry == 'retail'")
    tasks.write_text("tasks:\n" + text + WRITE_CHARTER, encoding="utf-8")
    replace_in(folder / "risks.yaml", "likelihood: 2", "likelihood: 4")


def impact(root: Path, *args: str) -> tuple[int, str, str]:
    result = invoke(root, "impact", *TODAY, *args)
    return result.exit_code, result.stdout, result.stderr


# --- the report ---------------------------------------------------------------------------

TEXT = """\
Playbook changes since HEAD ({sha}):
  sample 1.0.0 → 1.1.0: items: 1 added, 1 removed, 3 changed
corner-shop: Corner Shop (sample 1.0.0), 5 changes
  Added: write-charter (Write the project charter), due 2027-02-24
  Removed: appoint-sponsor (Appoint the sponsor), was due 2027-02-19
  Reworded: kickoff-meeting (Hold the kickoff meeting → Run the kickoff | all hands)
  Now applies: regulator-notice (Notify the regulator), due 2027-03-15
  Due date moves: kickoff-meeting (Run the kickoff | all hands): 2027-03-01 → 2027-03-05
harbour-bank: Harbour Bank <b>Core</b> Renewal (sample 1.0.0), 6 changes
  Added: write-charter (Write the project charter), due 2027-01-27
  Removed although done: appoint-sponsor (Appoint the sponsor), done 2027-01-20
  Reworded: kickoff-meeting (Hold the kickoff meeting → Run the kickoff | all hands)
  No longer applies: regulator-notice (Notify the regulator), was due 2027-02-15, n/a
  Due date moves: kickoff-meeting (Run the kickoff | all hands): 2027-02-01 → 2027-02-05
  Risk changes: banking-cutover (Core banking cut-over fails): 10 (high) → 20 (critical)
Not affected (1 project): harbour-demo
"""

MARKDOWN = """\
## Playbook impact

Compared with HEAD (`{sha}`): what the playbook changes do to each project's checklist.

| Playbook | Version | Changes |
| --- | --- | --- |
| `sample` | 1.0.0 → 1.1.0 | items: 1 added, 1 removed, 3 changed |

### Corner Shop (`corner-shop`)

Follows sample 1.0.0 · 5 changes

| Change | Item | Title | Before | After |
| --- | --- | --- | --- | --- |
| Added | `write-charter` | Write the project charter |  | due 2027-02-24 |
| Removed | `appoint-sponsor` | Appoint the sponsor | due 2027-02-19 |  |
| Reworded | `kickoff-meeting` | Run the kickoff \\| all hands | Hold the kickoff meeting | Run the kickoff \\| all hands |
| Now applies | `regulator-notice` | Notify the regulator | does not apply | due 2027-03-15 |
| Due date moves | `kickoff-meeting` | Run the kickoff \\| all hands | 2027-03-01 | 2027-03-05 |

### Harbour Bank &lt;b&gt;Core&lt;/b&gt; Renewal (`harbour-bank`)

Follows sample 1.0.0 · 6 changes

| Change | Item | Title | Before | After |
| --- | --- | --- | --- | --- |
| Added | `write-charter` | Write the project charter |  | due 2027-01-27 |
| Removed although done | `appoint-sponsor` | Appoint the sponsor | done 2027-01-20 |  |
| Reworded | `kickoff-meeting` | Run the kickoff \\| all hands | Hold the kickoff meeting | Run the kickoff \\| all hands |
| No longer applies | `regulator-notice` | Notify the regulator | due 2027-02-15, n/a | does not apply |
| Due date moves | `kickoff-meeting` | Run the kickoff \\| all hands | 2027-02-01 | 2027-02-05 |
| Risk changes | `banking-cutover` | Core banking cut-over fails | 10 (high) | 20 (critical) |

**Not affected** (1 project): `harbour-demo`
"""  # noqa: E501


def test_impact_lists_what_changes_for_each_project(repo: Path) -> None:
    sha = git(repo, "rev-parse", "--short", "HEAD")
    release(repo)
    assert impact(repo) == (0, TEXT.format(sha=sha), "")


def test_impact_as_a_pull_request_comment(repo: Path) -> None:
    sha = git(repo, "rev-parse", "--short", "HEAD")
    release(repo)
    assert impact(repo, "--format", "md") == (0, MARKDOWN.format(sha=sha), "")


def test_a_german_site_gets_its_pull_request_comment_in_german(repo: Path) -> None:
    replace_in(repo / "mkdocs.yml", "  language: en\n", "  language: de\n")
    release(repo)
    code, out, _ = impact(repo, "--format", "md")
    assert code == 0
    rows = [line for line in out.splitlines() if line.startswith("| ") and "`" in line]
    # What each item was and becomes, in German: dates and scores as data, the words ours.
    assert [line.split(" | ")[3:] for line in rows[1:7]] == [
        ["", "fällig am 2027-02-24 |"],
        ["fällig am 2027-02-19", " |"],
        ["Hold the kickoff meeting", "Run the kickoff \\| all hands |"],
        ["trifft nicht zu", "fällig am 2027-03-15 |"],
        ["2027-03-01", "2027-03-05 |"],
        ["", "fällig am 2027-01-27 |"],
    ]
    assert "| erledigt am 2027-01-20 |  |" in out
    assert "| fällig am 2027-02-15, entfällt | trifft nicht zu |" in out
    assert "| 10 (hoch) | 20 (kritisch) |" in out
    # The text report is for the terminal and CI logs: English, as before.
    text = impact(repo)[1]
    assert text.endswith("10 (high) → 20 (critical)\nNot affected (1 project): harbour-demo\n")


def test_markdown_cells_never_break_a_table(repo: Path) -> None:
    replace_in(
        repo / "projects" / "corner-shop.yaml", "name: Corner Shop", 'name: "Shop | # <x> `a`"'
    )
    commit(repo, "an awkward name")
    replace_in(
        repo / "playbooks" / "sample" / "tasks.yaml",
        "title: Appoint the sponsor",
        'title: "A | b\\\\ `c` <script>x</script> [l](javascript:y) *d*"',
    )
    code, out, _ = impact(repo, "--format", "md")
    assert code == 0
    assert "### Shop \\| \\# &lt;x&gt; \\`a\\` (`corner-shop`)" in out
    reworded = [line for line in out.splitlines() if line.startswith("| Reworded")]
    assert (
        reworded
        == [
            "| Reworded | `appoint-sponsor` | A \\| b\\\\ \\`c\\` &lt;script&gt;x&lt;/script&gt; "
            "\\[l\\](javascript:y) \\*d\\* | Appoint the sponsor | A \\| b\\\\ \\`c\\` "
            "&lt;script&gt;x&lt;/script&gt; \\[l\\](javascript:y) \\*d\\* |"
        ]
        * 2
    )
    # Every table row has its five cells: no escaped '|' counts as a separator.
    for line in out.splitlines():
        if line.startswith("| Reworded"):
            assert len(line.replace("\\|", "").split("|")) == 7


def test_impact_without_changes_says_so(repo: Path) -> None:
    sha = git(repo, "rev-parse", "--short", "HEAD")
    assert impact(repo) == (
        0,
        f"No playbook changed since HEAD ({sha}): no project is affected (3 projects checked).\n",
        "",
    )
    assert impact(repo, "--format", "md") == (
        0,
        f"## Playbook impact\n\nNo playbook changed since HEAD (`{sha}`): no project is "
        "affected (3 checked).\n",
        "",
    )


def test_impact_reads_nothing_but_changes_nothing(repo: Path) -> None:
    release(repo)
    before = snapshot(repo)
    assert impact(repo)[0] == 0
    assert snapshot(repo) == before


def test_a_change_without_a_version_bump_is_named(repo: Path) -> None:
    sha = git(repo, "rev-parse", "--short", "HEAD")
    replace_in(repo / "playbooks" / "sample" / "risks.yaml", "likelihood: 4", "likelihood: 1")
    assert impact(repo)[1] == (
        f"Playbook changes since HEAD ({sha}):\n"
        "  sample 1.0.0 (not bumped): items: 1 changed\n"
        "corner-shop: Corner Shop (sample 1.0.0), 1 change\n"
        "  Risk changes: scope-creep (Scope creep): 12 (high) → 3 (low)\n"
        "Not affected (2 projects): harbour-bank, harbour-demo\n"
    )


def test_playbook_settings_alone_can_move_a_band(repo: Path) -> None:
    replace_in(
        repo / "playbooks" / "sample" / "playbook.yaml",
        'version: "1.0.0"',
        'version: "1.0.1"\nrisk_bands: {medium: 5, high: 13, critical: 16}',
    )
    assert impact(repo)[1].splitlines()[1:] == [
        "  sample 1.0.0 → 1.0.1: items unchanged; settings changed",
        "corner-shop: Corner Shop (sample 1.0.0), 1 change",
        "  Risk changes: scope-creep (Scope creep): 12 (high) → 12 (medium)",
        "harbour-bank: Harbour Bank <b>Core</b> Renewal (sample 1.0.0), 1 change",
        "  Risk changes: banking-cutover (Core banking cut-over fails): 10 (high) → 10 (medium)",
        "Not affected (1 project): harbour-demo",
    ]


def test_against_an_older_revision_or_a_branch(repo: Path) -> None:
    first = git(repo, "rev-parse", "--short", "HEAD")
    git(repo, "branch", "released")
    release(repo)
    commit(repo, "1.1.0")
    assert impact(repo)[1].startswith("No playbook changed since HEAD")
    for rev in ("HEAD~1", "released", first):
        code, out, _ = impact(repo, "--against", rev)
        assert code == 0
        assert out == TEXT.format(sha=first).replace("HEAD", rev, 1)


def test_a_playbook_new_since_the_revision(repo: Path) -> None:
    sha = git(repo, "rev-parse", "--short", "HEAD")
    write_playbook(repo, playbook_id="other")
    replace_in(repo / "playbooks" / "other" / "playbook.yaml", "id: demo", "id: other")
    (repo / "projects" / "newcomer.yaml").write_text(
        demo_project().replace("playbook: demo", "playbook: other"), encoding="utf-8"
    )
    assert impact(repo)[1].splitlines() == [
        f"Playbook changes since HEAD ({sha}):",
        "  other new (1.0.0): items: 7 added",
        "newcomer: Harbour Bank (other 1.0.0), 3 changes",
        "  Added: hold-kickoff (Hold the kickoff meeting), due 2027-02-01",
        "  Added: scope-creep (Scope creep), score 12 (high)",
        "  Added: scope-objectives (Objectives), scope section",
        "Not affected (3 projects): corner-shop, harbour-bank, harbour-demo",
    ]


def test_a_project_folder_below_the_top_of_the_repository(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    top = tmp_path / "monorepo"
    (top / "docs").mkdir(parents=True)
    repo.rename(top / "docs" / "pmo")
    root = top / "docs" / "pmo"
    (root / ".git").rename(top / ".git")
    git(top, "add", "-A")
    git(top, "commit", "-q", "-m", "moved into docs/pmo")
    sha = git(top, "rev-parse", "--short", "HEAD")
    release(root)
    assert impact(root) == (0, TEXT.format(sha=sha), "")


# --- refusals -----------------------------------------------------------------------------


def test_outside_a_git_repository_is_exit_2(
    sample_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    result = invoke(sample_project, "impact")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"Error: {sample_project} is not in a git repository; `playbook impact` compares "
        "the playbooks with a git revision\n"
    )


@pytest.mark.parametrize("rev", ["nope", "HEAD~5", "main:playbooks", "0" * 40])
def test_an_unknown_revision_is_exit_2(repo: Path, rev: str) -> None:
    assert impact(repo, "--against", rev) == (
        2,
        "",
        f"Error: unknown git revision '{rev}': no commit of that name (--against)\n",
    )


@pytest.mark.parametrize("rev", ["--output=/tmp/x", "-h", "--help", "--end-of-options", ""])
def test_a_revision_like_an_option_is_refused(repo: Path, rev: str) -> None:
    assert impact(repo, f"--against={rev}") == (
        2,
        "",
        f"Error: --against must name a git revision (a branch, tag or commit), got '{rev}'\n",
    )


def test_against_followed_by_help_is_not_a_request_for_help(repo: Path) -> None:
    code, out, err = impact(repo, "--against", "--help")
    assert (code, out) == (2, "")
    assert err.endswith("got '--help'\n")


def test_an_unknown_format_is_exit_2(repo: Path) -> None:
    code, out, err = impact(repo, "--format", "html")
    assert (code, out) == (2, "")
    assert "Invalid value for '--format': 'html' is not one of 'text', 'md'." in err


def test_problems_in_the_working_tree_are_exit_1(repo: Path) -> None:
    replace_in(repo / "playbooks" / "sample" / "risks.yaml", "likelihood: 4", "likelihood: 9")
    result = invoke(repo, "impact")
    assert (result.exit_code, result.stdout) == (1, "")
    assert problem_lines(result) == [
        "playbooks/sample/risks.yaml:9:17: 'likelihood' must be at most 5, got 9 (a number)"
    ]


def test_problems_in_the_revision_are_exit_1_and_name_it(repo: Path) -> None:
    risks = repo / "playbooks" / "sample" / "risks.yaml"
    replace_in(risks, "likelihood: 4", "likelihood: 9")
    commit(repo, "a broken release")
    replace_in(risks, "likelihood: 9", "likelihood: 4")
    result = invoke(repo, "impact")
    assert (result.exit_code, result.stdout) == (1, "")
    assert problem_lines(result) == [
        "HEAD:playbooks/sample/risks.yaml:9:17: 'likelihood' must be at most 5, got 9 (a number)"
    ]


def test_a_symlink_out_of_the_revision_is_refused(repo: Path) -> None:
    faqs = repo / "playbooks" / "sample" / "faqs.yaml"
    kept = faqs.read_bytes()
    faqs.unlink()
    faqs.symlink_to("../../../../outside.yaml")
    commit(repo, "a link out of the project")
    faqs.unlink()
    faqs.write_bytes(kept)
    result = invoke(repo, "impact")
    assert (result.exit_code, result.stdout) == (1, "")
    assert problem_lines(result) == ["HEAD:playbooks/sample/faqs.yaml: points outside the project"]


def test_a_playbook_removed_since_the_revision(repo: Path) -> None:
    sha = git(repo, "rev-parse", "--short", "HEAD")
    shutil.rmtree(repo / "playbooks" / "demo")
    (repo / "projects" / "harbour-demo.yaml").unlink()
    assert impact(repo)[1] == (
        f"Playbook changes since HEAD ({sha}):\n"
        "  demo removed: items: 7 removed\n"
        "No project is affected.\n"
        "Not affected (2 projects): corner-shop, harbour-bank\n"
    )
    assert impact(repo, "--format", "md")[1] == (
        "## Playbook impact\n\n"
        f"Compared with HEAD (`{sha}`): what the playbook changes do to each project's "
        "checklist.\n\n"
        "| Playbook | Version | Changes |\n"
        "| --- | --- | --- |\n"
        "| `demo` | removed | items: 7 removed |\n\n"
        "No project is affected.\n\n"
        "**Not affected** (2 projects): `corner-shop`, `harbour-bank`\n"
    )


def test_the_calendar_at_the_revision_goes_with_its_playbooks(repo: Path) -> None:
    sha = commit_calendar(repo, "holidays: [2027-03-01]\n")
    # corner-shop's kickoff meeting (2027-03-01) is due on the Friday before, on both sides.
    assert impact(repo)[1].startswith(f"No playbook changed since HEAD ({sha})")
    (repo / "calendar.yaml").write_text("holidays: []\n", encoding="utf-8")
    assert impact(repo)[1].splitlines()[1:] == [
        "  demo 1.0.0: items unchanged; settings changed",
        "  sample 1.0.0: items unchanged; settings changed",
        "corner-shop: Corner Shop (sample 1.0.0), 1 change",
        "  Due date moves: kickoff-meeting (Hold the kickoff meeting): 2027-02-26 → 2027-03-01",
        "Not affected (2 projects): harbour-bank, harbour-demo",
    ]


def commit_calendar(root: Path, text: str) -> str:
    (root / "calendar.yaml").write_text(text, encoding="utf-8")
    return commit(root, "the organization's holidays")
