"""`playbook impact`: what the playbooks' changes since a git revision do to every project.

The playbooks as they were at the revision are read with ``git archive`` into a temporary
folder (the repository and the working tree are never touched), validated there as their own
project folder, and each project of the working tree is filled in against both: the items it
gains and loses, rewordings, conditions that now give another result, due dates that move,
risk scores and bands that change, and work recorded as done on items that are gone.

Only the playbooks (with the organization's calendar, which moves due dates too) differ
between the two sides: each project's file, facts and status are the working tree's, so the
report shows what the playbook change alone does. The command exits 0 whether or not anything
changed: the report is for reading (or posting on a pull request), not a check.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

from generator.errors import ContentError, Problem, UsageError, counted
from generator.load.discovery import safe_folders
from generator.load.paths import OUTSIDE
from generator.model.calendar import CALENDAR_FILE
from generator.model.messages import N_
from generator.model.playbook import Playbook
from generator.model.project import Project
from generator.projects.history import compare_items, fingerprint
from generator.render.pages import PageRenderer
from generator.resolve.project import FilledProject, fill
from generator.resolve.standing import NONE, NOT_APPLICABLE, Standing, standing_words
from generator.settings import Settings
from generator.validate.answers import AnswerError, coerce_answer
from generator.validate.playbook import check_playbook

GIT_TIMEOUT = 120  # seconds; reading one revision's playbooks takes well under one
FORMATS = ("text", "md")
# The kinds of change of one project, in the order reports list them, with their labels (the
# Markdown report translates them: generator/render/templates/impact.md.j2).
CHANGES: dict[str, str] = {
    "added": N_("Added"),
    "removed": N_("Removed"),
    "removed-done": N_("Removed although done"),
    "reworded": N_("Reworded"),
    "now-applies": N_("Now applies"),
    "no-longer-applies": N_("No longer applies"),
    "due": N_("Due date moves"),
    "risk": N_("Risk changes"),
}


@dataclass(frozen=True)
class Revision:
    name: str  # as given to --against
    commit: str
    short: str


@dataclass(frozen=True)
class Change:
    """One item of one project that the playbook change affects."""

    kind: str  # a key of CHANGES
    id: str
    title: str  # the title now; the old one for an item that is gone
    before: Standing = NONE  # what it was: a due date, a score, the old title ...
    after: Standing = NONE  # what it becomes

    @property
    def label(self) -> str:
        return CHANGES[self.kind]

    @property
    def text(self) -> str:
        """The change as a line of the text report, after its label."""
        before, after = standing_words(self.before), standing_words(self.after)
        if self.kind == "reworded":
            return f"{self.id} ({before} → {after})"
        shown = f"{self.id} ({self.title})"
        if self.kind in ("due", "risk"):
            return f"{shown}: {before} → {after}"
        if self.kind in ("added", "now-applies"):
            return f"{shown}, {after}"
        if self.kind == "removed-done":
            return f"{shown}, {before}"
        return f"{shown}, was {before}"


@dataclass(frozen=True)
class ProjectImpact:
    slug: str
    name: str
    source: str
    playbook: str
    version: str  # the playbook version the project follows
    changes: tuple[Change, ...]


@dataclass(frozen=True)
class PlaybookChange:
    """A playbook that differs from the revision's; a version of None: it is not on that side."""

    id: str
    old_version: str | None
    new_version: str | None
    added: int = 0
    removed: int = 0
    changed: int = 0
    settings_changed: bool = False  # roles, facts, risk bands, title, holidays ...

    @property
    def version(self) -> str:
        """``1.0.0 → 1.1.0``, ``1.0.0 (not bumped)`` when items changed, ``new (1.0.0)``,
        ``removed``."""
        if self.old_version is None:
            return f"new ({self.new_version})"
        if self.new_version is None:
            return "removed"
        if self.old_version == self.new_version:
            items_changed = self.added or self.removed or self.changed
            return f"{self.new_version} (not bumped)" if items_changed else self.new_version
        return f"{self.old_version} → {self.new_version}"

    @property
    def summary(self) -> str:
        """``items: 1 added, 2 removed, 3 changed; settings changed``."""
        counts = ", ".join(
            f"{count} {label}"
            for count, label in (
                (self.added, "added"),
                (self.removed, "removed"),
                (self.changed, "changed"),
            )
            if count
        )
        shown = f"items: {counts}" if counts else "items unchanged"
        return f"{shown}; settings changed" if self.settings_changed else shown


@dataclass(frozen=True)
class Impact:
    revision: Revision
    playbooks: tuple[PlaybookChange, ...]  # only those that changed
    affected: tuple[ProjectImpact, ...]
    unaffected: tuple[str, ...]  # slugs

    @property
    def changed(self) -> bool:
        return bool(self.playbooks or self.affected)


# --- the playbooks at a revision ----------------------------------------------------------


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    """``git -C ROOT ARGS``, read-only; its output as bytes."""
    try:
        return subprocess.run(
            ["git", "-C", str(root), *args],
            capture_output=True,
            check=False,
            timeout=GIT_TIMEOUT,
            # Never wait for a lock or take one: impact only reads the repository.
            env={**os.environ, "GIT_OPTIONAL_LOCKS": "0", "GIT_TERMINAL_PROMPT": "0"},
        )
    except FileNotFoundError:
        raise UsageError("git is not installed; `playbook impact` needs it") from None
    except subprocess.TimeoutExpired:
        raise UsageError(f"git did not answer within {GIT_TIMEOUT} seconds") from None


def _said(result: subprocess.CompletedProcess[bytes]) -> str:
    lines = result.stderr.decode("utf-8", errors="replace").strip().splitlines()
    return lines[0].removeprefix("fatal: ") if lines else f"exit code {result.returncode}"


def resolve_revision(root: Path, rev: str) -> tuple[Revision, Path]:
    """The commit ``rev`` names, and the top folder of the repository holding ``root``.

    A revision that looks like an option (``--output=x``) is refused before git sees it, and
    git is told where the options end anyway.
    """
    if not rev or rev.startswith("-") or "\x00" in rev:
        raise UsageError(
            f"--against must name a git revision (a branch, tag or commit), got '{rev}'"
        )
    top = _git(root, "rev-parse", "--show-toplevel")
    if top.returncode != 0:
        said = _said(top)
        if "not a git repository" in said:
            raise UsageError(
                f"{root} is not in a git repository; `playbook impact` compares the "
                "playbooks with a git revision"
            )
        raise UsageError(f"git cannot read the repository at {root}: {said}")
    found = _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}")
    if found.returncode != 0:
        raise UsageError(f"unknown git revision '{rev}': no commit of that name (--against)")
    commit = found.stdout.decode("ascii").strip()
    short = _git(root, "rev-parse", "--short", commit).stdout.decode("ascii").strip()
    toplevel = Path(os.fsdecode(top.stdout).rstrip("\n"))
    return Revision(rev, commit, short or commit[:7]), toplevel


@contextmanager
def playbooks_at(settings: Settings, revision: Revision, toplevel: Path) -> Iterator[Path]:
    """A temporary project folder holding only the playbooks folder as it was at
    ``revision`` (empty when there was none); removed afterwards."""
    try:
        relative = settings.playbooks_path.resolve().relative_to(toplevel.resolve())
    except ValueError:
        raise UsageError(
            f"the playbooks folder {settings.playbooks_path} is not in the git repository "
            f"{toplevel}"
        ) from None
    inside = "" if relative == Path() else relative.as_posix()
    tree = f"{revision.commit}:{inside}"
    with tempfile.TemporaryDirectory(prefix="playbook-impact-") as temporary:
        root = Path(temporary)
        target = root / settings.playbooks_dir
        target.mkdir(parents=True)
        # From the top: run in a sub-folder, `git archive` keeps only what is below it.
        kind = _git(toplevel, "cat-file", "-t", tree)
        if kind.returncode == 0 and kind.stdout.strip() == b"tree":
            archive = _git(toplevel, "archive", "--format=tar", tree)
            # Paths in messages are the project folder's, like those of the working tree.
            shown = f"{revision.name}:{Path(settings.playbooks_dir).as_posix()}"
            if archive.returncode != 0:
                raise UsageError(f"git cannot read {shown}: {_said(archive)}")
            _extract(archive.stdout, target, shown)
        # The organization's calendar moves due dates too: the revision's goes with its playbooks.
        calendar = _file_at(toplevel, revision, settings.calendar_path)
        if calendar is not None:
            (root / CALENDAR_FILE).write_bytes(calendar)
        yield root


def _file_at(toplevel: Path, revision: Revision, path: Path) -> bytes | None:
    """The bytes of the regular file ``path`` (of the working tree) at ``revision``; None when
    it was not there, or was not a regular file (a symlink is not followed)."""
    try:
        relative = path.absolute().relative_to(toplevel.resolve()).as_posix()
    except ValueError:
        return None
    listed = _git(toplevel, "ls-tree", "-z", "--full-tree", revision.commit, "--", relative)
    mode, _, rest = listed.stdout.partition(b" ")
    kind, _, rest = rest.partition(b" ")
    if listed.returncode != 0 or mode not in (b"100644", b"100755") or kind != b"blob":
        return None
    blob = _git(toplevel, "cat-file", "blob", rest.partition(b"\t")[0].decode("ascii"))
    return blob.stdout if blob.returncode == 0 else None


def _extract(archive: bytes, target: Path, shown: str) -> None:
    """Unpack a tar archive of git's; a link out of the folder, a device or the like is a
    content problem of the revision (``shown``: ``REV:playbooks``)."""
    try:
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(target, filter="data")
    except tarfile.FilterError as error:
        where = f"{shown}/{error.tarinfo.name}".replace("//", "/")
        outside = isinstance(
            error, tarfile.OutsideDestinationError | tarfile.LinkOutsideDestinationError
        )
        message = OUTSIDE if outside else f"cannot be read: {error}"
        raise ContentError([Problem(where, None, None, message)]) from None
    except (tarfile.TarError, OSError) as error:
        raise ContentError([Problem(shown, None, None, f"cannot be read: {error}")]) from None


def old_playbooks(settings: Settings, revision: Revision, root: Path) -> dict[str, Playbook]:
    """The playbooks in the temporary folder ``root``, validated as the project's are.

    Their problems are content problems, named ``REV:path``.
    """
    problems: list[Problem] = []
    playbooks: dict[str, Playbook] = {}
    for folder in safe_folders(root / settings.playbooks_dir, root, problems):
        check = check_playbook(folder, root)
        problems.extend(check.problems)
        if check.playbook is not None:
            playbooks[check.playbook.id] = check.playbook
    if problems:
        raise ContentError(replace(p, path=f"{revision.name}:{p.path}") for p in problems)
    return playbooks


# --- comparing ----------------------------------------------------------------------------


def compare(
    revision: Revision,
    old: Mapping[str, Playbook],
    new: Mapping[str, Playbook],
    projects: tuple[Project, ...],
    today: dt.date,
) -> Impact:
    affected: list[ProjectImpact] = []
    unaffected: list[str] = []
    for project in sorted(projects, key=lambda p: p.slug):
        changes = project_changes(project, old.get(project.playbook.id), today)
        if changes:
            affected.append(
                ProjectImpact(
                    project.slug,
                    project.name,
                    project.source,
                    project.playbook.id,
                    project.file.playbook_version,
                    changes,
                )
            )
        else:
            unaffected.append(project.slug)
    return Impact(revision, playbook_changes(old, new), tuple(affected), tuple(unaffected))


def playbook_changes(
    old: Mapping[str, Playbook], new: Mapping[str, Playbook]
) -> tuple[PlaybookChange, ...]:
    found = []
    for playbook_id in sorted(old.keys() | new.keys()):
        before, after = old.get(playbook_id), new.get(playbook_id)
        if before is None and after is not None:
            found.append(PlaybookChange(playbook_id, None, after.meta.version, len(after.items)))
            continue
        if after is None and before is not None:
            found.append(
                PlaybookChange(playbook_id, before.meta.version, None, removed=len(before.items))
            )
            continue
        assert before is not None and after is not None
        items = compare_items(before.meta.version, fingerprint(before), fingerprint(after))
        meta = [playbook.meta.model_dump(exclude={"version"}) for playbook in (before, after)]
        settings_changed = meta[0] != meta[1] or before.holidays != after.holidays
        if items.any or settings_changed or before.meta.version != after.meta.version:
            found.append(
                PlaybookChange(
                    playbook_id,
                    before.meta.version,
                    after.meta.version,
                    len(items.added),
                    len(items.removed),
                    len(items.reworded),
                    settings_changed,
                )
            )
    return tuple(found)


@dataclass(frozen=True)
class _Entry:
    """An applicable item of a filled-in project, as the comparison sees it."""

    kind: Literal["task", "risk", "scope"]
    title: str
    due: dt.date | None = None
    score: int | None = None
    band: str | None = None
    state: str = "open"

    def standing(self, *, brief: bool = False) -> Standing:
        """What the item is (due on, scored), and whether it is done or n/a."""
        return Standing(
            self.kind, due=self.due, score=self.score, band=self.band, state=self.state, brief=brief
        )

    @property
    def due_date(self) -> Standing:
        """Only the due date, as a due date column says it."""
        return Standing("task", due=self.due, brief=True)

    @property
    def risk_score(self) -> Standing:
        """Only the score and band, as a score column says them."""
        return Standing("risk", score=self.score, band=self.band, brief=True)


def _entries(filled: FilledProject | None) -> dict[str, _Entry]:
    if filled is None:
        return {}
    entries = {
        row.id: _Entry(
            "task" if row.kind == "task" else "risk",
            row.title,
            row.due,
            row.score,
            row.band,
            row.state,
        )
        for row in filled.rows
    }
    entries.update({scope.id: _Entry("scope", scope.title) for scope in filled.scope})
    return entries


def project_changes(
    project: Project, old_playbook: Playbook | None, today: dt.date
) -> tuple[Change, ...]:
    """What moving ``project`` from ``old_playbook`` to its playbook now changes for it."""
    new_playbook = project.playbook
    after = _entries(fill(project, today))
    before = _entries(
        fill(following(project, old_playbook), today) if old_playbook is not None else None
    )
    was_there = old_playbook.has if old_playbook is not None else (lambda _id: False)
    done_removed = {
        item_id: status
        for item_id, status in project.file.status.items()
        if status.state == "done" and was_there(item_id) and not new_playbook.has(item_id)
    }
    changes: list[Change] = []
    for item_id, entry in after.items():
        old = before.get(item_id)
        if old is None:
            if was_there(item_id):
                changes.append(
                    Change("now-applies", item_id, entry.title, NOT_APPLICABLE, entry.standing())
                )
            else:
                changes.append(Change("added", item_id, entry.title, NONE, entry.standing()))
            continue
        if old.title != entry.title:
            titles = Standing("title", old.title), Standing("title", entry.title)
            changes.append(Change("reworded", item_id, entry.title, *titles))
        if entry.kind == "task" and old.kind == "task" and old.due != entry.due:
            changes.append(Change("due", item_id, entry.title, old.due_date, entry.due_date))
        if entry.kind == "risk" and (old.score, old.band) != (entry.score, entry.band):
            changes.append(Change("risk", item_id, entry.title, old.risk_score, entry.risk_score))
    for item_id, old in before.items():
        if item_id in after or item_id in done_removed:
            continue
        if new_playbook.has(item_id):
            changes.append(
                Change("no-longer-applies", item_id, old.title, old.standing(), NOT_APPLICABLE)
            )
        else:
            changes.append(Change("removed", item_id, old.title, old.standing()))
    for item_id, status in done_removed.items():
        assert old_playbook is not None
        done = Standing("done", due=status.date)
        changes.append(Change("removed-done", item_id, old_playbook.item(item_id).title, done))
    # By kind of change, then in the checklist's order (the old one for items now gone).
    order: dict[str, int] = {}
    for item_id in [*after, *before]:
        order.setdefault(item_id, len(order))
    rank = {kind: index for index, kind in enumerate(CHANGES)}
    changes.sort(key=lambda c: (rank[c.kind], order.get(c.id, len(order)), c.id))
    return tuple(changes)


def following(project: Project, playbook: Playbook) -> Project:
    """``project`` as if it followed ``playbook``: its answers read by that questionnaire (a
    fact it does not ask is left out; one it asks and the project does not answer takes its
    default), its status and risk overrides as they are."""
    facts: dict[str, Any] = {}
    for fact in playbook.meta.facts:
        raw = project.file.facts.get(fact.name, fact.default)
        try:
            facts[fact.name] = None if raw is None else coerce_answer(fact, raw)
        except AnswerError:
            facts[fact.name] = None  # an answer that questionnaire would refuse
    return replace(project, playbook=playbook, facts=facts, stale_ids=())


# --- reports ------------------------------------------------------------------------------


def render_impact(impact: Impact, fmt: str, renderer: PageRenderer) -> str:
    if fmt == "md":
        return renderer.render("impact.md.j2", "impact.md", impact=impact)
    return impact_text(impact)


def impact_text(impact: Impact) -> str:
    """The plain-text report: one line per playbook, project and change."""
    revision = impact.revision
    since = f"{revision.name} ({revision.short})"
    if not impact.changed:
        checked = counted(len(impact.unaffected), "project")
        return f"No playbook changed since {since}: no project is affected ({checked} checked).\n"
    lines = [f"Playbook changes since {since}:"]
    lines += [f"  {p.id} {p.version}: {p.summary}" for p in impact.playbooks]
    for project in impact.affected:
        lines.append(
            f"{project.slug}: {project.name} ({project.playbook} {project.version}), "
            f"{counted(len(project.changes), 'change')}"
        )
        lines += [f"  {change.label}: {change.text}" for change in project.changes]
    if not impact.affected:
        lines.append("No project is affected.")
    if impact.unaffected:
        lines.append(
            f"Not affected ({counted(len(impact.unaffected), 'project')}): "
            + ", ".join(impact.unaffected)
        )
    return "\n".join(lines) + "\n"
