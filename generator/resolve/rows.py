"""A project's rows: each applicable task and risk, filled in, as every page and export shows it.

A risk has three scores, after PRINCE2's register:
- *inherent*: likelihood x impact before any mitigation (the playbook's, or the project's own);
- *residual*: where it stands now, after mitigation: the latest of the project's dated
  ``assessments``, or its ``residual`` when it keeps no log (None when never assessed);
- *target*: the score mitigation should bring it down to (None when none is set).

Its *current* score is the residual one once assessed, else the inherent one: the portfolio,
the RAG rules and status reports rank risks by it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

# How far a risk's mitigating tasks are, first match wins:
# - "none": no mitigating task applies to the project (or every one is n/a);
# - "complete": every one is done;
# - "late": one is overdue;
# - "under way": one is done;
# - "planned": all are open and on time.
# "none" and "late" count as *no mitigation under way* (the RAG measures' *_unmitigated).
MITIGATION_STATES = ("none", "planned", "under way", "late", "complete")
UNMITIGATED = ("none", "late")

# The trend of a risk: its latest assessment's score against the one before.
TREND_ARROWS = {"up": "↑", "down": "↓", "steady": "→", "": ""}
TREND_WORDS = {"up": "worse", "down": "better", "steady": "unchanged", "": ""}


def percent_done(done: int, counted: int) -> int:
    """Progress: the percentage of counted tasks done, rounded down, so 100 only when all are
    (and 100 when there is nothing to do). The project, its health and its report share it."""
    return (100 * done) // counted if counted else 100


@dataclass(frozen=True)
class Row:
    """One applicable task or risk of a project, as every export shows it."""

    id: str
    kind: str  # "task" or "risk"
    phase: str
    title: str
    owner_role: str
    owner_role_title: str
    owner: str  # the person, or "" when nobody is assigned to the role
    due: dt.date | None  # None: no due date (a fact-anchored task whose fact is unanswered)
    state: str  # open, done, n/a, overdue; a blocked task is open (see shown_state)
    done_on: dt.date | None
    note: str
    page: str  # docs-relative path of the item's page
    likelihood: int | None = None  # a risk's inherent likelihood, impact, score and band
    impact: int | None = None
    score: int | None = None
    band: str | None = None
    response: str | None = None
    category: str | None = None
    # The applicable tasks it depends on that are neither done nor n/a, in depends_on's order:
    # their ids, and their titles for pages.
    blocked_by: tuple[str, ...] = ()
    blocked_by_titles: tuple[str, ...] = ()
    decision: bool = False  # a task that is a decision to take
    # A task: the applicable risks it mitigates (ids, titles), in the register's order.
    mitigates: tuple[str, ...] = ()
    mitigates_titles: tuple[str, ...] = ()
    # A risk: residual likelihood and impact (None until assessed), target score, proximity
    # (a date written YYYY-MM-DD or a phase; "" when unknown), trend, and mitigation.
    residual_likelihood: int | None = None
    residual_impact: int | None = None
    residual_band: str | None = None
    assessed_on: dt.date | None = None
    target: int | None = None
    target_band: str | None = None
    proximity: str = ""
    trend: str = ""  # up (worse), down (better), steady, or "" with fewer than two assessments
    mitigated_by: tuple[str, ...] = ()  # the applicable tasks that mitigate it
    mitigated_by_titles: tuple[str, ...] = ()
    mitigation_done: int = 0  # of mitigation_total: those not n/a
    mitigation_total: int = 0
    mitigation: str = ""  # one of MITIGATION_STATES, for a risk

    @property
    def owner_display(self) -> str:
        return self.owner or self.owner_role_title

    @property
    def shown_state(self) -> str:
        """The state as pages and exports show it: ``blocked`` while it waits for a task."""
        return "blocked" if self.blocked_by else self.state

    @property
    def residual_score(self) -> int | None:
        if self.residual_likelihood is None or self.residual_impact is None:
            return None
        return self.residual_likelihood * self.residual_impact

    @property
    def current_score(self) -> int:
        """The residual score once assessed, else the inherent one (0 for a task)."""
        residual = self.residual_score
        return residual if residual is not None else (self.score or 0)

    @property
    def current_band(self) -> str:
        return (self.residual_band if self.residual_score is not None else self.band) or ""

    @property
    def is_open(self) -> bool:
        return self.state not in ("done", "n/a")

    @property
    def unmitigated(self) -> bool:
        return self.mitigation in UNMITIGATED

    @property
    def trend_arrow(self) -> str:
        return TREND_ARROWS[self.trend]

    @property
    def trend_word(self) -> str:
        return TREND_WORDS[self.trend]

    def as_record(self) -> dict[str, Any]:
        """The row as plain values, for exports (``generator.export.tabular.COLUMNS``)."""
        return {
            "id": self.id,
            "kind": self.kind,
            "phase": self.phase,
            "title": self.title,
            "owner_role": self.owner_role,
            "owner": self.owner,
            "due": self.due.isoformat() if self.due else "",
            "state": self.shown_state,
            "done_on": self.done_on.isoformat() if self.done_on else "",
            "note": self.note,
            "likelihood": self.likelihood,
            "impact": self.impact,
            "score": self.score,
            "band": self.band or "",
            "response": self.response or "",
            "category": self.category or "",
        }
