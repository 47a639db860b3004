"""A project's maturity, from its self-assessments of the playbook's practices (the project
file's ``assessments``), and how a new assessment is written into that file.

**Maturity**, per practice area: a practice's ``area``, or ``other`` for a practice without
one (an area the playbook may also name itself). Areas are in alphabetical order, ``other``
last; an area's practices in the playbook's order. For each area:

- *now*: the average score of the area's practices scored in the latest assessment;
- *previous*: the same in the assessment before it;
- the *trend*: ``up`` when now is higher than previous, ``down`` when lower, ``steady`` when
  the same (compared as shown, to one decimal), "" unless the area has both;
- its *open actions*: the latest assessment's actions for the area's practices (an earlier
  assessment's actions are done or carried into the latest).

An average is shown to one decimal, rounded half up (``tenths``). A score of a practice the
playbook no longer has (a project on an older version) counts nowhere.

**Writing an assessment** (``add_assessment``): the new entry goes after the last entry of
``assessments``, in block style, scores and actions in the playbook's order of practices,
every value through ``yaml_scalar``. ``assessments: []`` becomes a block; a file without
``assessments`` gets one at its end; a list written in flow style is refused. Every other line
stays as it was (comments, key order, line endings, a byte order mark, a missing final line
break). ``assessment_anchors`` finds where the entries are when the file is read.

Both rules are shared with the browser's self-assessment form
(``generator/workbench/assess.js``), held to these functions by the parity suite.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from generator.load.documents import Document, parse_document
from generator.model.items import Practice
from generator.model.kinds import kind_of
from generator.model.playbook import Playbook
from generator.model.project import PracticeAssessment, Project
from generator.model.projectfile import lines_of, yaml_scalar
from generator.resolve.site import item_path

OTHER_AREA = "other"
TRENDS = ("up", "down", "steady")
# The words and arrows a trend is shown with (the arrow only repeats the word).
TREND_ARROWS = {"up": "↑", "down": "↓", "steady": "→"}


def tenths(total: int, count: int) -> int:
    """``total / count`` in tenths, rounded half up (2.25 -> 23): integers only, so the browser
    gives the same."""
    return (20 * total + count) // (2 * count)


def tenths_text(value: int | None, decimal: str = ".") -> str:
    """``25`` -> ``"2.5"`` (``"2,5"`` with a decimal comma); None -> ``""``."""
    return "" if value is None else f"{value // 10}{decimal}{value % 10}"


def area_key(area: str) -> tuple[bool, str]:
    """Areas in alphabetical order, ``other`` last."""
    return area == OTHER_AREA, area


def trend_of(now: int | None, previous: int | None) -> str:
    if now is None or previous is None:
        return ""
    return "up" if now > previous else "down" if now < previous else "steady"


@dataclass(frozen=True)
class PracticeRef:
    """What maturity needs of a practice: its id, title and area (None: no area), and its
    page (docs-relative)."""

    id: str
    title: str
    area: str | None = None
    page: str = ""

    @property
    def area_name(self) -> str:
        return self.area or OTHER_AREA


@dataclass(frozen=True)
class PracticeAction:
    """An action of the latest assessment, to improve one practice."""

    practice: str
    title: str
    text: str
    page: str = ""


@dataclass(frozen=True)
class AreaMaturity:
    area: str
    practices: tuple[str, ...]  # the area's practices, in the playbook's order
    assessed: int  # how many of them the latest assessment scored
    now: int | None  # tenths; None when the latest assessment scored none of them
    previous: int | None  # the same in the assessment before the latest
    actions: tuple[PracticeAction, ...]

    @property
    def label(self) -> str:
        """``change-management`` -> ``Change management``."""
        return self.area.replace("-", " ").capitalize()

    @property
    def now_text(self) -> str:
        return tenths_text(self.now)

    @property
    def previous_text(self) -> str:
        return tenths_text(self.previous)

    @property
    def trend(self) -> str:
        return trend_of(self.now, self.previous)

    @property
    def trend_arrow(self) -> str:
        return TREND_ARROWS.get(self.trend, "")

    def summary(self) -> dict[str, Any]:
        return {
            "area": self.area,
            "practices": len(self.practices),
            "assessed": self.assessed,
            "now": self.now_text,
            "previous": self.previous_text,
            "trend": self.trend,
            "actions": [{"practice": a.practice, "text": a.text} for a in self.actions],
        }


# --- Where the assessments are in the file, and how a new one is written -------------------


@dataclass(frozen=True)
class AssessmentAnchors:
    """Where a project file's ``assessments`` are, as line indexes (from 0) of its text.

    ``section`` is ``block`` (entries one below the other, the new one goes at ``insert_at``
    with the entries' ``indent``), ``empty`` (``assessments: []``), ``missing`` (no such key)
    or ``flow`` (a list in brackets: not editable).
    """

    section: Literal["block", "empty", "missing", "flow"]
    section_line: int = -1
    insert_at: int = -1
    indent: str = "  "

    def as_json(self) -> dict[str, Any]:
        return {
            "section": self.section,
            "section_line": self.section_line,
            "insert_at": self.insert_at,
            "indent": self.indent,
        }


@dataclass(frozen=True)
class NewAssessment:
    """An assessment as it is to be written: scores and actions in the playbook's order."""

    date: dt.date
    scores: tuple[tuple[str, int], ...]
    actions: tuple[tuple[str, str], ...] = ()

    def as_json(self) -> dict[str, Any]:
        """As the browser's ``addAssessment`` takes it: pairs, since a JavaScript object would
        put an id such as '2027' first."""
        return {
            "date": self.date.isoformat(),
            "scores": [[practice, score] for practice, score in self.scores],
            "actions": [[practice, text] for practice, text in self.actions],
        }

    def as_model(self) -> PracticeAssessment:
        return PracticeAssessment(
            date=self.date, scores=dict(self.scores), actions=dict(self.actions)
        )


def assessment_anchors(document: Document) -> AssessmentAnchors:
    data = document.data if isinstance(document.data, dict) else {}
    key = document.key_positions.get(("assessments",))
    if key is None or "assessments" not in data:
        return AssessmentAnchors("missing")
    section_line = key.line - 1
    value = data["assessments"]
    where = document.value_positions.get(("assessments",))
    if not isinstance(value, list) or where is None:
        return AssessmentAnchors("flow", section_line)
    if not value:
        return AssessmentAnchors("empty" if where.line == key.line else "flow", section_line)
    lines = lines_of(document.text.removeprefix("\ufeff"))
    if lines[where.line - 1][where.column - 1 : where.column] != "-":
        return AssessmentAnchors("flow", section_line)
    last = document.value_positions[("assessments", len(value) - 1)].line - 1
    later = [pos.line - 1 for path, pos in document.key_positions.items() if len(path) == 1]
    end = min([line for line in later if line > last] + [_document_end(lines, last)])
    # Blank and comment lines after the last entry belong to what follows it.
    while end - 1 > last and _is_blank_or_comment(lines[end - 1]):
        end -= 1
    return AssessmentAnchors("block", section_line, end, " " * (where.column - 1))


def assessment_lines(assessment: NewAssessment, indent: str) -> list[str]:
    """The new entry, a line each (without line breaks)."""
    lines = [f"{indent}- date: {assessment.date.isoformat()}", f"{indent}  scores:"]
    lines += [f"{indent}    {yaml_scalar(p)}: {score}" for p, score in assessment.scores]
    if assessment.actions:
        lines.append(f"{indent}  actions:")
        lines += [f"{indent}    {yaml_scalar(p)}: {yaml_scalar(t)}" for p, t in assessment.actions]
    return lines


_BREAK = re.compile(r"\r\n|\r|\n")
_BREAKS = "\r\n\x85\u2028\u2029"
# ``assessments: []``, also with an anchor or a tag, or the key in quotes.
_EMPTY_LOG = re.compile(
    r"(?P<lead>[ \t]*(?:assessments|\"assessments\"|'assessments')[ \t]*:"
    r"(?:[ \t]+[&!][^ \t\[]*)*)[ \t]*\[[ \t]*\](?P<rest>[ \t]*(#.*)?)"
)


def add_assessment(text: str, anchors: AssessmentAnchors, assessment: NewAssessment) -> str:
    """``text`` with ``assessment`` added after the last entry of ``assessments`` (see the
    module's doc). Raises ValueError for a list in flow style, or an ``assessments: []`` line
    it cannot take apart."""
    if anchors.section == "flow":
        raise ValueError("assessments are written in brackets (flow style)")
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    lines = lines_of(text[len(bom) :])
    found = _BREAK.search(text)
    newline = found.group() if found else "\n"
    added = [line + newline for line in assessment_lines(assessment, anchors.indent)]
    if anchors.section == "empty":
        line = lines[anchors.section_line]
        match = _EMPTY_LOG.fullmatch(line.rstrip(_BREAKS))
        if match is None:
            raise ValueError("the 'assessments: []' line cannot be edited")
        lines[anchors.section_line] = match["lead"] + match["rest"] + _ending(line)
        at = anchors.section_line + 1
    elif anchors.section == "missing":
        at = len(lines)
        added.insert(0, "assessments:" + newline)
    else:
        at = anchors.insert_at
    if at > 0 and not _ending(lines[at - 1]):
        lines[at - 1] += newline
        if at == len(lines):  # the file ended without a line break: it still does
            added[-1] = added[-1].rstrip(_BREAKS)
    lines[at:at] = added
    return bom + "".join(lines)


def _ending(line: str) -> str:
    return line[len(line.rstrip(_BREAKS)) :]


def _is_blank_or_comment(line: str) -> bool:
    stripped = line.strip()
    return not stripped or stripped.startswith("#")


def _document_end(lines: list[str], after: int) -> int:
    """The line of the '...' or '---' that ends the document, else the number of lines."""
    for index in range(after + 1, len(lines)):
        if re.match(r"(\.\.\.|---)(\s|$)", lines[index]):
            return index
    return len(lines)


# --- Maturity ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Maturity:
    """A project's maturity per practice area (see the module's doc)."""

    practices: tuple[PracticeRef, ...]  # the playbook's, in its order
    log: tuple[PracticeAssessment, ...]  # the project's assessments, oldest first
    areas: tuple[AreaMaturity, ...]
    # The project file as read, for the self-assessment form (``form_data``).
    text: str = field(default="", repr=False)
    source: str = ""

    @property
    def latest(self) -> dt.date | None:
        return self.log[-1].date if self.log else None

    @property
    def previous(self) -> dt.date | None:
        return self.log[-2].date if len(self.log) > 1 else None

    @property
    def scored(self) -> tuple[AreaMaturity, ...]:
        """The areas the latest assessment scored."""
        return tuple(area for area in self.areas if area.now is not None)

    def now_of(self, area: str) -> int | None:
        """The area's score now, in tenths (None when not scored, or not an area here)."""
        return next((found.now for found in self.areas if found.area == area), None)

    def now_text(self, area: str) -> str:
        """The area's score now, as shown ("" when not scored, or not an area here)."""
        return tenths_text(self.now_of(area))

    def summary(self) -> dict[str, Any]:
        """Maturity as the browser's ``maturitySummary`` gives it."""
        return {
            "latest": self.latest.isoformat() if self.latest else "",
            "previous": self.previous.isoformat() if self.previous else "",
            "areas": [area.summary() for area in self.areas],
        }

    def form_data(self) -> dict[str, Any]:
        """What the project page's self-assessment form needs besides the checklist's data
        (the file's text, its name and the project's slug): the practices, the assessments
        and where they are in the file."""
        return {
            "practices": [practice_data(practice) for practice in self.practices],
            "assessments": [log_entry_data(entry) for entry in self.log],
            "anchors": _anchors_in(self.text, self.source).as_json(),
        }


@lru_cache(maxsize=1024)
def _anchors_in(text: str, source: str) -> AssessmentAnchors:
    """The anchors of a project file's text, found once per text: under serve, an edit to a
    playbook renders the pages of all its projects again, whose files did not change."""
    return assessment_anchors(parse_document(text.encode("utf-8"), Path(source), source))


def practice_data(practice: PracticeRef) -> dict[str, Any]:
    return {"id": practice.id, "title": practice.title, "area": practice.area}


def log_entry_data(entry: PracticeAssessment) -> dict[str, Any]:
    """An assessment as the browser takes it (pairs, in the file's order)."""
    return {
        "date": entry.date.isoformat(),
        "scores": [[practice, score] for practice, score in entry.scores.items()],
        "actions": [[practice, text] for practice, text in entry.actions.items()],
    }


def practices_of(playbook: Playbook) -> tuple[PracticeRef, ...]:
    return tuple(
        PracticeRef(item.id, item.title, item.area, item_path(playbook.id, kind_of(item), item.id))
        for item in playbook.items
        if isinstance(item, Practice)
    )


def maturity_of_log(
    practices: Sequence[PracticeRef], log: Sequence[PracticeAssessment]
) -> tuple[AreaMaturity, ...]:
    """Each area's maturity from ``log`` (oldest first)."""
    by_area: dict[str, list[PracticeRef]] = {}
    for practice in practices:
        by_area.setdefault(practice.area_name, []).append(practice)
    latest = log[-1] if log else None
    previous = log[-2] if len(log) > 1 else None
    areas = []
    for area in sorted(by_area, key=area_key):
        members = by_area[area]
        actions: tuple[PracticeAction, ...] = ()
        if latest is not None:
            actions = tuple(
                PracticeAction(p.id, p.title, latest.actions[p.id], p.page)
                for p in members
                if p.id in latest.actions
            )
        areas.append(
            AreaMaturity(
                area=area,
                practices=tuple(p.id for p in members),
                assessed=sum(1 for p in members if latest is not None and p.id in latest.scores),
                now=_average(members, latest),
                previous=_average(members, previous),
                actions=actions,
            )
        )
    return tuple(areas)


def _average(members: Sequence[PracticeRef], entry: PracticeAssessment | None) -> int | None:
    if entry is None:
        return None
    scores = [entry.scores[p.id] for p in members if p.id in entry.scores]
    return tenths(sum(scores), len(scores)) if scores else None


def maturity_summary(
    practices: Sequence[PracticeRef], log: Sequence[PracticeAssessment]
) -> dict[str, Any]:
    """Maturity as the browser's ``maturitySummary`` gives it, from ``log`` (oldest first)."""
    return Maturity(tuple(practices), tuple(log), maturity_of_log(practices, log)).summary()


def maturity_of(project: Project) -> Maturity:
    practices = practices_of(project.playbook)
    log = tuple(project.file.assessments)  # oldest first, one per date: validated
    return Maturity(practices, log, maturity_of_log(practices, log), project.text, project.source)


# --- Across projects ---------------------------------------------------------------------------


@dataclass(frozen=True)
class AreaAverage:
    """A practice area across the portfolio: the mean of the scores its projects show now."""

    area: str
    average: int  # tenths, the mean of the projects' tenths rounded half up
    projects: int  # how many projects' latest assessment scored the area

    @property
    def label(self) -> str:
        return self.area.replace("-", " ").capitalize()

    @property
    def average_text(self) -> str:
        return tenths_text(self.average)


def area_averages(maturities: Sequence[Maturity]) -> tuple[AreaAverage, ...]:
    """Each area's average over the projects whose latest assessment scored it, areas in
    alphabetical order, ``other`` last. The mean is of the scores as each project page shows
    them, so the portfolio agrees with the pages."""
    found: dict[str, list[int]] = {}
    for maturity in maturities:
        for area in maturity.scored:
            found.setdefault(area.area, []).append(area.now or 0)
    return tuple(
        AreaAverage(area, tenths(sum(found[area]), 10 * len(found[area])), len(found[area]))
        for area in sorted(found, key=area_key)
    )
