"""The portfolio: every project's health side by side, what changed since the last build, the
open risks of every project on one heat map, and every schedule on one timeline.

*Since the last build* compares each project with its latest entry in the portfolio's history
(``generator.load.portfolio_history``) dated *before* today: a build earlier the same day is
not the last build, so rebuilding the same day gives the same page. ``Portfolio.recorded`` is
the history with today's entries, which `playbook build` writes once the site is built; it
keeps the newest ``KEEP_ENTRIES`` entries of each project, and only the projects there are now.

A risk sits on the heat map at its *current* likelihood and impact: its residual ones once
assessed, else its inherent ones (``generator.resolve.rows``), open risks only.

Maturity per practice area is the mean of the scores the projects' pages show now, over the
projects whose latest self-assessment scored the area (``generator.resolve.maturity``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from generator.load.portfolio_history import History, Snapshot
from generator.model.fields import PHASES
from generator.model.playbook import RiskBands
from generator.resolve.maturity import AreaAverage, area_averages
from generator.resolve.project import FilledProject
from generator.resolve.rows import Row
from generator.resolve.scoring import band_of

# Red first: the default order of the portfolio, and the rank its sort uses.
RAG_RANK = {"red": 0, "amber": 1, "green": 2}
# Entries kept per project: half a year of weekly builds.
KEEP_ENTRIES = 26


@dataclass(frozen=True)
class Trend:
    """A project now against the last build before today (``since``; None when there is none)."""

    since: dt.date | None
    progress: int = 0  # points gained (negative: lost)
    overdue: int = 0  # overdue tasks added (negative: fewer)
    rag_before: str = ""
    rag_now: str = ""

    @property
    def known(self) -> bool:
        return self.since is not None

    @property
    def changes(self) -> tuple[str, ...]:
        """What changed, in words: ``progress up 10 points``, ``overdue down 2``, ..."""
        if self.since is None:
            return ()
        found = []
        if self.progress:
            way = "up" if self.progress > 0 else "down"
            points = abs(self.progress)
            found.append(f"progress {way} {points} point{'' if points == 1 else 's'}")
        if self.overdue:
            found.append(f"overdue {'up' if self.overdue > 0 else 'down'} {abs(self.overdue)}")
        if self.rag_before != self.rag_now:
            found.append(f"was {self.rag_before}, now {self.rag_now}")
        return tuple(found)

    @property
    def text(self) -> str:
        """The trend in one sentence, for the page (no colour or arrow needed to read it)."""
        if self.since is None:
            return "No earlier build."
        if not self.changes:
            return f"No change since {self.since.isoformat()}."
        return f"Since {self.since.isoformat()}: {'; '.join(self.changes)}."


@dataclass(frozen=True)
class PortfolioRow:
    """One project of the portfolio: its filled-in checklist, health and trend."""

    filled: FilledProject
    trend: Trend

    @property
    def flags(self) -> tuple[str, ...]:
        """``upgrade`` (the playbook has a newer version) and ``stale`` (no recent update)."""
        project, health = self.filled.project, self.filled.health
        return tuple(
            flag
            for flag, holds in (("upgrade", project.outdated), ("stale", health.stale))
            if holds
        )


@dataclass(frozen=True)
class HeatRisk:
    """An open risk of a project, where the portfolio's heat map puts it."""

    project: str  # the project's name
    slug: str
    title: str
    likelihood: int  # current (residual once assessed, else inherent)
    impact: int
    band: str  # the band its own playbook gives that score


@dataclass(frozen=True)
class HeatCell:
    likelihood: int
    impact: int
    band: str  # by the portfolio's bands (``Portfolio.bands``)
    risks: tuple[HeatRisk, ...]


@dataclass(frozen=True)
class Milestone:
    date: dt.date
    title: str  # the decision task's title, or "End of <phase>" (for sorting; pages say it)
    kind: str  # "decision" (a decision task is due) or "phase end" (a phase's last due date)
    phase: str = ""  # the phase a "phase end" ends


@dataclass(frozen=True)
class Schedule:
    """A project on the timeline: from kickoff to ``end``, with its milestones by date."""

    slug: str
    name: str
    kickoff: dt.date
    end: dt.date | None  # the go-live date, else the last due date; None when neither exists
    go_live: bool  # whether ``end`` is the go-live date the playbook's ``go_live`` fact gives
    milestones: tuple[Milestone, ...]


@dataclass(frozen=True)
class Portfolio:
    today: dt.date
    projects: tuple[FilledProject, ...]  # in the order given
    rows: tuple[PortfolioRow, ...]  # red, then amber, then green; then by name
    risks: tuple[HeatRisk, ...]  # every open risk, by current score, highest first
    bands: RiskBands  # the bands the heat map is coloured by
    bands_agree: bool  # False when playbooks band scores differently (the map uses defaults)
    schedules: tuple[Schedule, ...]  # by kickoff, then name
    recorded: dict[str, tuple[Snapshot, ...]]  # the history to write after a build
    # Maturity per practice area across the projects that assessed it (resolve.maturity).
    maturity: tuple[AreaAverage, ...] = ()

    def heat(self, likelihood: int, impact: int) -> tuple[HeatRisk, ...]:
        return tuple(r for r in self.risks if (r.likelihood, r.impact) == (likelihood, impact))

    def band_at(self, likelihood: int, impact: int) -> str:
        return band_of(likelihood * impact, self.bands)

    @property
    def assessed(self) -> tuple[FilledProject, ...]:
        """The projects with a self-assessment, by name."""
        found = [filled for filled in self.projects if filled.maturity.log]
        return tuple(sorted(found, key=_name_key))

    def cells(self) -> tuple[HeatCell, ...]:
        """The heat map's cells that hold risks, highest score first."""
        found: dict[tuple[int, int], list[HeatRisk]] = {}
        for risk in self.risks:
            found.setdefault((risk.likelihood, risk.impact), []).append(risk)
        return tuple(
            HeatCell(likelihood, impact, self.band_at(likelihood, impact), tuple(risks))
            for (likelihood, impact), risks in sorted(
                found.items(), key=lambda item: (-item[0][0] * item[0][1], -item[0][0])
            )
        )


def snapshot_of(filled: FilledProject, today: dt.date) -> Snapshot:
    return Snapshot(today, filled.progress, filled.health.rag, len(filled.overdue))


def trend_of(now: Snapshot, earlier: Sequence[Snapshot]) -> Trend:
    """``now`` against the latest of ``earlier`` dated before it."""
    before = [snapshot for snapshot in earlier if snapshot.date < now.date]
    if not before:
        return Trend(None)
    last = max(before, key=lambda snapshot: snapshot.date)
    return Trend(
        since=last.date,
        progress=now.progress - last.progress,
        overdue=now.overdue - last.overdue,
        rag_before=last.rag,
        rag_now=now.rag,
    )


def recorded_history(
    history: History, now: Mapping[str, Snapshot], keep: int = KEEP_ENTRIES
) -> dict[str, tuple[Snapshot, ...]]:
    """``history`` with ``now`` in place of any entry of the same day, for the projects of
    ``now`` only, each keeping its newest ``keep`` entries, oldest first."""
    recorded = {}
    for slug in sorted(now):
        snapshot = now[slug]
        kept = [entry for entry in history.get(slug, ()) if entry.date != snapshot.date]
        recorded[slug] = tuple(sorted([*kept, snapshot])[-keep:])
    return recorded


def portfolio_of(projects: Sequence[FilledProject], history: History, today: dt.date) -> Portfolio:
    now = {filled.project.slug: snapshot_of(filled, today) for filled in projects}
    rows = [
        PortfolioRow(
            filled, trend_of(now[filled.project.slug], history.get(filled.project.slug, ()))
        )
        for filled in projects
    ]
    rows.sort(key=lambda row: (RAG_RANK[row.filled.health.rag], *_name_key(row.filled)))
    all_bands = {filled.project.playbook.meta.risk_bands for filled in projects}
    bands = next(iter(all_bands)) if len(all_bands) == 1 else RiskBands()
    return Portfolio(
        today=today,
        projects=tuple(projects),
        rows=tuple(rows),
        risks=_open_risks(projects),
        bands=bands,
        bands_agree=len(all_bands) <= 1,
        schedules=tuple(
            _schedule(filled)
            for filled in sorted(
                projects, key=lambda filled: (filled.project.file.kickoff, *_name_key(filled))
            )
        ),
        recorded=recorded_history(history, now),
        maturity=area_averages([filled.maturity for filled in projects]),
    )


def _name_key(filled: FilledProject) -> tuple[str, str]:
    return filled.project.name.casefold(), filled.project.slug


def _open_risks(projects: Sequence[FilledProject]) -> tuple[HeatRisk, ...]:
    risks = []
    for filled in projects:
        for row in filled.risks:
            if not row.is_open:
                continue
            likelihood, impact = _current(row)
            risks.append(
                HeatRisk(
                    filled.project.name,
                    filled.project.slug,
                    row.title,
                    likelihood,
                    impact,
                    row.current_band,
                )
            )
    risks.sort(key=lambda r: (-r.likelihood * r.impact, r.project.casefold(), r.slug, r.title))
    return tuple(risks)


def _current(row: Row) -> tuple[int, int]:
    """A risk's current likelihood and impact: residual once assessed, else inherent."""
    if row.residual_likelihood is not None and row.residual_impact is not None:
        return row.residual_likelihood, row.residual_impact
    return row.likelihood or 1, row.impact or 1


def _schedule(filled: FilledProject) -> Schedule:
    project = filled.project
    counted = [row for row in filled.tasks if row.state != "n/a" and row.due is not None]
    milestones = [
        Milestone(row.due, row.title, "decision") for row in counted if row.decision and row.due
    ]
    for phase in PHASES:
        dues = [row.due for row in counted if row.phase == phase and row.due is not None]
        if dues:
            milestones.append(Milestone(max(dues), f"End of {phase}", "phase end", phase))
    fact = project.playbook.meta.reporting.go_live
    go_live = fact is not None and isinstance(project.facts.get(fact), dt.date)
    return Schedule(
        slug=project.slug,
        name=project.name,
        kickoff=project.file.kickoff,
        end=filled.health.go_live,
        go_live=go_live,
        milestones=tuple(
            sorted(milestones, key=lambda m: (m.date, m.kind != "decision", m.title.casefold()))
        ),
    )
