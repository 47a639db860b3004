"""Render stage for projects: each project's page and the portfolio.

The portfolio's timeline is drawn from numbers worked out here (``timeline_of``): whole pixels,
so the same projects give the same SVG byte for byte; its templates only place them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial

from markupsafe import Markup

from generator.model.fields import PHASES
from generator.render.artefacts import artefact_links, artefacts_page
from generator.render.pages import PageRenderer, workbench_src
from generator.render.reuse import KeptPages
from generator.render.workbench import as_script_json, project_page_data
from generator.resolve.portfolio import RAG_RANK, Milestone, Portfolio, Schedule, portfolio_of
from generator.resolve.project import FilledProject

PORTFOLIO_PAGE = "projects/index.md"


@dataclass(frozen=True)
class Download:
    """A file offered on a project's page: ``name`` is its format, ``label`` the link text."""

    name: str
    label: str
    extension: str

    def file_name(self, slug: str) -> str:
        return f"{slug}-checklist.{self.extension}"


def project_folder(filled: FilledProject) -> str:
    return f"projects/{filled.project.slug}"


def render_projects(
    projects: tuple[FilledProject, ...],
    renderer: PageRenderer,
    downloads: Sequence[Download],
    portfolio: Portfolio | None = None,
    kept: KeptPages | None = None,
) -> dict[str, str]:
    """Each project's page (linking to its ``downloads``) and the portfolio page.

    ``portfolio`` is ``projects`` side by side (``generator.resolve.portfolio``); without it,
    the portfolio shows no trend, as if no build came before. With ``kept`` (under `serve`),
    a project's page is reused from the previous build while its project is unchanged, and
    the portfolio's while the portfolio is the same object (kept by ``pipeline.load_portfolio``).
    """
    pages: dict[str, str] = {}
    for filled in projects:
        path = f"{project_folder(filled)}/index.md"
        render = partial(project_page, filled, renderer, downloads, path)
        pages[path] = render() if kept is None else kept.page(renderer, path, filled, render)
    if portfolio is None:
        today = projects[0].today if projects else dt.date.today()
        portfolio = portfolio_of(projects, {}, today)
    render = partial(portfolio_page, portfolio, renderer)
    pages[PORTFOLIO_PAGE] = (
        render() if kept is None else kept.page(renderer, PORTFOLIO_PAGE, portfolio, render)
    )
    return pages


def portfolio_page(portfolio: Portfolio, renderer: PageRenderer) -> str:
    return renderer.render(
        "portfolio.md.j2",
        PORTFOLIO_PAGE,
        portfolio=portfolio,
        today=portfolio.today,
        phase_rank={phase: rank for rank, phase in enumerate(PHASES)},
        rag_rank=RAG_RANK,
        timeline=timeline_of(portfolio),
        workbench_script=workbench_src(PORTFOLIO_PAGE, renderer.directory_urls),
    )


def project_page(
    filled: FilledProject, renderer: PageRenderer, downloads: Sequence[Download], path: str
) -> str:
    project_dir = project_folder(filled)
    names = {download.name: download.file_name(filled.project.slug) for download in downloads}
    return renderer.render(
        "project.md.j2",
        path,
        filled=filled,
        project_dir=project_dir,
        downloads=[(download.name, download.label) for download in downloads],
        download_names=names,
        playbook_page=f"playbooks/{filled.project.playbook.id}/index.md",
        # The clickable checklist: the project's data, and the script that reads it.
        project_json=Markup(as_script_json(project_page_data(filled))),
        workbench_script=workbench_src(path, renderer.directory_urls),
        # Its artefact templates filled in: to read, or to download (Markdown, Word).
        artefacts=artefact_links(filled),
        artefacts_page=artefacts_page(filled.project.slug),
    )


# --- The timeline ----------------------------------------------------------------------------

TIMELINE_WIDTH = 760
TIMELINE_LEFT = 8  # margins around the dates' scale
TIMELINE_RIGHT = 16
TIMELINE_TOP = 40  # room for the months and the today label
TIMELINE_ROW = 44  # a project's name, then its bar
TIMELINE_BAR = 14
TIMELINE_BOTTOM = 8
MAX_TICKS = 8
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class TimelineMark:
    """A milestone on a bar: at ``x``, a decision (a diamond) or a phase's end (a tick)."""

    milestone: Milestone
    x: int


@dataclass(frozen=True)
class TimelineBar:
    schedule: Schedule
    y: int  # the top of the project's row: its name, then its bar below
    x1: int  # kickoff
    x2: int  # go-live (or last due date); x1 when there is no end
    marks: tuple[TimelineMark, ...]

    @property
    def bar_y(self) -> int:
        return self.y + TIMELINE_ROW - TIMELINE_BAR - 10

    @property
    def middle(self) -> int:
        return self.bar_y + TIMELINE_BAR // 2


@dataclass(frozen=True)
class TimelineTick:
    x: int
    label: str  # "Mar 2027"


@dataclass(frozen=True)
class Timeline:
    start: dt.date  # the left edge (the first of a month)
    end: dt.date  # the right edge (the first of a month)
    width: int
    height: int
    left: int  # where the names start
    top: int  # where the rows start
    bar_height: int
    bars: tuple[TimelineBar, ...]
    ticks: tuple[TimelineTick, ...]
    today_x: int


def timeline_of(portfolio: Portfolio) -> Timeline:
    """Every project's bar, milestones and the month ticks, in whole pixels."""
    today = portfolio.today
    dates = [today]
    for schedule in portfolio.schedules:
        dates.append(schedule.kickoff)
        dates += [schedule.end] if schedule.end is not None else []
        dates += [milestone.date for milestone in schedule.milestones]
    start = min(dates).replace(day=1)
    end = _next_month(max(dates))
    span = (end - start).days
    plot = TIMELINE_WIDTH - TIMELINE_LEFT - TIMELINE_RIGHT

    def x_of(date: dt.date) -> int:
        return TIMELINE_LEFT + ((date - start).days * plot) // span

    bars = []
    for index, schedule in enumerate(portfolio.schedules):
        x1 = x_of(schedule.kickoff)
        x2 = x1 if schedule.end is None else max(x1, x_of(schedule.end))
        marks = tuple(TimelineMark(m, x_of(m.date)) for m in schedule.milestones)
        bars.append(TimelineBar(schedule, TIMELINE_TOP + index * TIMELINE_ROW, x1, x2, marks))
    months = _months(start, end)
    step = -(-len(months) // MAX_TICKS)  # ceiling: at most MAX_TICKS labels
    ticks = tuple(
        TimelineTick(x_of(month), f"{MONTHS[month.month - 1]} {month.year}")
        for month in months[::step]
    )
    return Timeline(
        start=start,
        end=end,
        width=TIMELINE_WIDTH,
        height=TIMELINE_TOP + len(bars) * TIMELINE_ROW + TIMELINE_BOTTOM,
        left=TIMELINE_LEFT,
        top=TIMELINE_TOP,
        bar_height=TIMELINE_BAR,
        bars=tuple(bars),
        ticks=ticks,
        today_x=x_of(today),
    )


def _next_month(date: dt.date) -> dt.date:
    return dt.date(date.year + date.month // 12, date.month % 12 + 1, 1)


def _months(start: dt.date, end: dt.date) -> list[dt.date]:
    """The first day of every month from ``start`` (a first) up to, not including, ``end``."""
    months = []
    month = start
    while month < end:
        months.append(month)
        month = _next_month(month)
    return months
