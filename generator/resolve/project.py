"""Resolve stage for projects: a playbook filled in with one project's facts, roles and status.

Only items whose condition holds are kept. Tasks get an owner, a due date and a state, risks
a score and a band, scope sections their fill-in text. Everything downstream (project pages,
the portfolio, every export) reads these rows, so they all agree.

A task's state, first match wins:
- ``done`` or ``n/a`` when the project file records it;
- ``blocked`` when a task it ``depends_on`` applies to the project and is neither done nor n/a
  (a dependency that does not apply is left out). A blocked task is not counted overdue,
  whatever its date: the work that holds it up is, in the task it waits for;
- ``overdue`` when its due date is before *today* (a task without a due date never is);
- ``open``.

A risk's residual score, trend and mitigation are read in ``generator.resolve.risks``; a task
names the risks it mitigates (``Row.mitigates``).

``Row.state`` says ``open`` for a blocked task (so anything that only knows open, overdue,
done and n/a, such as a calendar's status, reads it right) and ``Row.blocked_by`` names what
it waits for; ``Row.shown_state`` is the state above, as pages and exports show it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any

from markupsafe import Markup

from generator.model import conditions
from generator.model.fields import PHASES, SCOPE_SECTIONS
from generator.model.items import Item, Risk, ScopeSection, Task, Template
from generator.model.kinds import kind_of
from generator.model.project import ItemStatus, Project
from generator.resolve.health import Health, health_of
from generator.resolve.maturity import Maturity, maturity_of
from generator.resolve.risks import mitigating_ids, mitigation_of, residual_of
from generator.resolve.rows import Row, percent_done
from generator.resolve.schedule import due_dates
from generator.resolve.scoring import band_of
from generator.resolve.site import item_path

NO_TEXT = Markup("")


@dataclass(frozen=True)
class FilledScope:
    """A scope section of the project; ``text`` is its fill-in text once the render stage has
    run it for the project (``generator.render.fill_in``)."""

    id: str
    title: str
    section: str
    template: str
    page: str
    text: Markup = NO_TEXT


@dataclass(frozen=True)
class FilledTemplate:
    """An artefact template that applies to the project; the render stage fills it in
    (``generator.render.artefacts``)."""

    item: Template
    page: str  # the template's page on the site

    @property
    def id(self) -> str:
        return self.item.id

    @property
    def title(self) -> str:
        return self.item.title


@dataclass(frozen=True)
class FilledProject:
    project: Project
    today: dt.date
    tasks: tuple[Row, ...]  # sorted by phase, then due date
    risks: tuple[Row, ...]  # sorted by score, highest first
    scope: tuple[FilledScope, ...]
    health: Health  # RAG, measures, phase, next due, top risk (generator.resolve.health)
    maturity: Maturity  # per practice area, from self-assessments (generator.resolve.maturity)

    @property
    def rows(self) -> tuple[Row, ...]:
        return self.tasks + self.risks

    @cached_property
    def templates(self) -> tuple[FilledTemplate, ...]:
        """The playbook's artefact templates that apply to the project, by title."""
        playbook = self.project.playbook
        found = [
            FilledTemplate(item, item_path(playbook.id, kind_of(item), item.id))
            for item in playbook.items
            if isinstance(item, Template) and applies(item, self.project)
        ]
        return tuple(sorted(found, key=lambda filled: (filled.title.lower(), filled.id)))

    @property
    def counted(self) -> tuple[Row, ...]:
        """Tasks that count towards progress: every applicable one not marked n/a."""
        return tuple(row for row in self.tasks if row.state != "n/a")

    @property
    def done(self) -> int:
        return sum(1 for row in self.counted if row.state == "done")

    @property
    def progress(self) -> int:
        """Percentage of applicable tasks done, rounded down (100 only when all are)."""
        return percent_done(self.done, len(self.counted))

    @property
    def overdue(self) -> tuple[Row, ...]:
        """Open tasks due before today; a blocked task is not one (see the module's doc)."""
        return tuple(row for row in self.tasks if row.state == "overdue")

    @property
    def blocked(self) -> tuple[Row, ...]:
        return tuple(row for row in self.tasks if row.blocked_by)

    def tasks_in(self, phase: str) -> tuple[Row, ...]:
        return tuple(row for row in self.tasks if row.phase == phase)

    def band_at(self, likelihood: int, impact: int) -> str:
        return band_of(likelihood * impact, self.project.playbook.meta.risk_bands)

    def heat(self, likelihood: int, impact: int) -> tuple[Row, ...]:
        return tuple(r for r in self.risks if r.likelihood == likelihood and r.impact == impact)


def applies(item: Item, project: Project) -> bool:
    node = project.playbook.conditions.get(item.id)
    return node is None or conditions.evaluate(node, dict(project.facts))


def fill(project: Project, today: dt.date) -> FilledProject:
    playbook = project.playbook
    role_titles = {role.id: role.title for role in playbook.meta.roles}
    all_tasks = [item for item in playbook.items if isinstance(item, Task)]
    dues = due_dates(all_tasks, project.file.kickoff, project.facts, playbook.holidays)
    applicable = [item for item in playbook.items if applies(item, project)]
    applicable_ids = {item.id for item in applicable}
    tasks: list[Row] = []
    risks: list[Row] = []
    scope: list[FilledScope] = []
    for item in applicable:
        status = project.file.status.get(item.id)
        page = item_path(playbook.id, kind_of(item), item.id)
        if isinstance(item, Task):
            blocked_by = _blocked_by(item, project, status, applicable_ids)
            due = dues.get(item.id)
            state = _state(status, due, today, blocked_by)
            tasks.append(
                _task_row(item, project, status, role_titles, page, (due, state, blocked_by))
            )
        elif isinstance(item, Risk):
            risks.append(_risk_row(item, project, status, role_titles, page))
        elif isinstance(item, ScopeSection):
            scope.append(FilledScope(item.id, item.title, item.section, item.template, page))
    phase_rank: dict[str, int] = {phase: index for index, phase in enumerate(PHASES)}
    tasks.sort(key=lambda row: (phase_rank[row.phase], row.due or today, row.title.lower()))
    tasks_by_id = {task.id: task for task in tasks}
    risks = [_with_mitigation(row, tasks_by_id) for row in risks]
    risks.sort(key=lambda row: (-(row.score or 0), row.title.lower()))
    tasks = _with_risks_mitigated(tasks, risks)
    section_rank = {name: index for index, name in enumerate(SCOPE_SECTIONS)}
    scope.sort(key=lambda filled: (section_rank.get(filled.section, 99), filled.title.lower()))
    health = health_of(project, today, tasks, risks)
    return FilledProject(
        project, today, tuple(tasks), tuple(risks), tuple(scope), health, maturity_of(project)
    )


_FINISHED = ("done", "n/a")


def _blocked_by(
    task: Task, project: Project, status: ItemStatus | None, applicable: set[str]
) -> tuple[str, ...]:
    """The applicable tasks ``task`` depends on that are neither done nor n/a; none when the
    task itself is done or n/a."""
    if status is not None and status.state in _FINISHED:
        return ()
    recorded = project.file.status
    return tuple(
        dependency
        for dependency in dict.fromkeys(task.depends_on)
        if dependency in applicable
        and (dependency not in recorded or recorded[dependency].state not in _FINISHED)
    )


def _state(
    status: ItemStatus | None, due: dt.date | None, today: dt.date, blocked_by: tuple[str, ...]
) -> str:
    if status is not None and status.state != "open":
        return status.state
    if due is not None and due < today and not blocked_by:
        return "overdue"
    return "open"


def _task_row(
    task: Task,
    project: Project,
    status: ItemStatus | None,
    role_titles: Mapping[str, str],
    page: str,
    schedule: tuple[dt.date | None, str, tuple[str, ...]],
) -> Row:
    due, state, blocked_by = schedule
    return Row(
        id=task.id,
        kind="task",
        phase=task.phase,
        title=task.title,
        owner_role=task.owner_role,
        owner_role_title=role_titles[task.owner_role],
        owner=project.file.roles.get(task.owner_role, ""),
        due=due,
        state=state,
        done_on=status.date if status else None,
        note=status.note if status else "",
        page=page,
        blocked_by=blocked_by,
        blocked_by_titles=tuple(project.playbook.item(other).title for other in blocked_by),
        decision=task.decision,
    )


def _risk_row(
    risk: Risk,
    project: Project,
    status: ItemStatus | None,
    role_titles: Mapping[str, str],
    page: str,
) -> Row:
    override = project.file.risks.get(risk.id)
    likelihood = (override.likelihood if override else None) or risk.likelihood
    impact = (override.impact if override else None) or risk.impact
    score = likelihood * impact
    owner = (override.owner if override else None) or project.file.roles.get(risk.owner_role, "")
    note = " ".join(
        part for part in (status.note if status else "", override.note if override else "") if part
    )
    bands = project.playbook.meta.risk_bands
    residual = residual_of(override)
    target = (override.target if override else None) or risk.target
    proximity = override.proximity if override else None
    return Row(
        id=risk.id,
        kind="risk",
        phase=risk.phase or "",
        title=risk.title,
        owner_role=risk.owner_role,
        owner_role_title=role_titles[risk.owner_role],
        owner=owner,
        due=None,
        state=status.state if status else "open",
        done_on=status.date if status else None,
        note=note,
        page=page,
        likelihood=likelihood,
        impact=impact,
        score=score,
        band=band_of(score, bands),
        response=risk.response,
        category=risk.category,
        residual_likelihood=residual.rated.likelihood if residual.rated else None,
        residual_impact=residual.rated.impact if residual.rated else None,
        residual_band=band_of(residual.rated.score, bands) if residual.rated else None,
        assessed_on=residual.assessed_on,
        target=target,
        target_band=band_of(target, bands) if target is not None else None,
        proximity=proximity.isoformat() if isinstance(proximity, dt.date) else proximity or "",
        trend=residual.trend,
        mitigated_by=mitigating_ids(risk, override),  # narrowed to what applies below
    )


def _with_mitigation(row: Row, tasks: Mapping[str, Row]) -> Row:
    """The risk's mitigating tasks narrowed to those that apply, and how far they are."""
    mitigation = mitigation_of(row.mitigated_by, tasks)
    return replace(
        row,
        mitigated_by=tuple(task.id for task in mitigation.tasks),
        mitigated_by_titles=tuple(task.title for task in mitigation.tasks),
        mitigation_done=mitigation.done,
        mitigation_total=mitigation.total,
        mitigation=mitigation.state,
    )


def _with_risks_mitigated(tasks: list[Row], risks: list[Row]) -> list[Row]:
    """Each task with the risks it mitigates, in the register's order."""
    mitigates: dict[str, list[Row]] = {}
    for risk in risks:
        for task_id in risk.mitigated_by:
            mitigates.setdefault(task_id, []).append(risk)
    return [
        replace(
            task,
            mitigates=tuple(risk.id for risk in mitigates[task.id]),
            mitigates_titles=tuple(risk.title for risk in mitigates[task.id]),
        )
        if task.id in mitigates
        else task
        for task in tasks
    ]


def fill_in_context(project: Project) -> dict[str, Any]:
    """What a scope section's fill-in text may use: the project, its facts, roles, playbook."""
    return {
        "project": {
            "name": project.name,
            "slug": project.slug,
            "kickoff": project.file.kickoff,
            "playbook_version": project.file.playbook_version,
        },
        "facts": dict(project.facts),
        "roles": {
            role.id: project.file.roles.get(role.id, role.title)
            for role in project.playbook.meta.roles
        },
        "playbook": {"id": project.playbook.id, "title": project.playbook.meta.title},
    }
