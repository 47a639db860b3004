"""Projects of the demo playbook side by side, for the portfolio's tests (resolve and render).

The demo playbook (tests/fixtures/playbook-demo) with three tasks, one a decision, and a
go-live fact; four projects, one of each kind the portfolio shows: red, amber twice (names
that sort differently by case), green; stale, with an older playbook version; a risk assessed
down, one closed. Written into a folder and validated the way the command line does.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator.resolve.project import FilledProject, fill
from generator.validate.playbook import validate_playbook
from generator.validate.project import validate_project
from tests.support.playbooks import DEFAULT_FILES, write_playbook

TODAY = dt.date(2027, 3, 1)

TASKS = """\
tasks:
  - id: hold-kickoff
    title: Hold the kickoff meeting
    summary: Bring the team together.
    phase: initiate
    owner_role: pm
    due: 0d
  - id: approve-budget
    title: Approve the budget
    summary: Say yes or no to the money.
    phase: plan
    owner_role: sponsor
    due: 10d
    decision: true
  - id: write-plan
    title: Write the plan
    summary: Plan the work.
    phase: plan
    owner_role: pm
    due: 20d
"""
# The go-live date is the demo's optional `go_live` fact.
PLAYBOOK = DEFAULT_FILES["playbook.yaml"] + "reporting:\n  go_live: go_live\n"


def project(
    name: str, kickoff: str, *, team: int = 12, version: str = "1.0.0", extra: str = ""
) -> str:
    return (
        f'name: {name}\nplaybook: demo\nplaybook_version: "{version}"\nkickoff: {kickoff}\n'
        f"facts: {{regulated: true, team_size: {team}, industry: banking}}\n"
        f"roles: {{pm: PM of {name}}}\n{extra}"
    )


# Red: its risk (scope creep, applying with team_size > 10) is critical here and unmitigated.
ZED = project("Zed", "2027-02-01", extra="risks:\n  scope-creep: {likelihood: 4, impact: 4}\n")
# Amber: its first task is overdue; the risk is assessed low (residual 2 x 2).
ALPHA = project(
    "alpha", "2027-02-25", extra="risks:\n  scope-creep: {residual: {likelihood: 2, impact: 2}}\n"
)
# Amber: tasks overdue, the risk closed; an older playbook version, and no update for 45 days.
BRAVO = project(
    "Bravo", "2027-01-15", version="0.9.0", extra="status:\n  scope-creep: {state: done}\n"
)
# Green: nothing overdue yet, no risk applies (team of 5); a go-live date; the decision is n/a.
BETA = project(
    "Beta",
    "2027-03-01",
    team=5,
    extra="status:\n  approve-budget: {state: n/a}\n",
).replace("industry: banking}", "industry: banking, go_live: 2027-06-30}")


def filled_projects(
    root: Path, files: dict[str, str], playbook: str = PLAYBOOK
) -> list[FilledProject]:
    """The demo playbook (with TASKS and ``playbook``) and ``files`` (slug -> text), filled in."""
    validated = validate_playbook(
        write_playbook(root, {"tasks.yaml": TASKS, "playbook.yaml": playbook}), root
    )
    folder = root / "projects"
    folder.mkdir(exist_ok=True)
    filled = []
    for slug, text in files.items():
        path = folder / f"{slug}.yaml"
        path.write_text(text, encoding="utf-8")
        filled.append(fill(validate_project(path, root, {validated.id: validated}), TODAY))
    return filled


def four_projects(root: Path) -> list[FilledProject]:
    """Zed (red), alpha and Bravo (amber), Beta (green), in that order of files."""
    return filled_projects(root, {"zed": ZED, "alpha": ALPHA, "bravo": BRAVO, "beta": BETA})
