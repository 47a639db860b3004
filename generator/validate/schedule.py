"""Validate stage for a playbook's schedule: what each task's due date counts from, what it
``depends_on``, and circles through both.

Problems (errors), each at the ``due`` value or the ``depends_on`` entry:
- a due date that counts from an unknown fact, a fact that is not a date, an unknown task,
  an item that is not a task, or the task itself;
- a ``depends_on`` entry naming an unknown task, an item that is not a task, or the task itself;
- a circle of tasks through ``after`` and ``depends_on`` together (a task would wait for itself).

Warnings (printed by `playbook validate`, the exit code stays 0): a task due before a task it
depends on, when both count from the same kickoff or date fact (through ``after`` chains), so
that the offsets say which comes first for every project.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from generator.errors import Problem
from generator.load.documents import Document, PathKey
from generator.model.items import Item, Task
from generator.model.kinds import kind_of
from generator.model.offsets import Due, parse_due
from generator.model.playbook import Fact
from generator.model.slugs import is_slug
from generator.validate.messages import unknown_name


@dataclass(frozen=True)
class ScheduleCheck:
    problems: tuple[Problem, ...] = ()
    warnings: tuple[Problem, ...] = ()


@dataclass(frozen=True)
class _Written:
    """One task's schedule as written: where it is, its due date and its dependencies."""

    document: Document
    path: PathKey
    id: str | None
    due: Due | None
    depends_on: tuple[str, ...]
    valid: bool


@dataclass(frozen=True)
class _Edge:
    """``source`` waits for ``target``: its due date counts from it, or it depends on it."""

    source: str
    target: str
    how: str  # "after" or "depends_on"
    where: PathKey

    def describe(self) -> str:
        if self.how == "after":
            return f"'{self.source}' is due after '{self.target}'"
        return f"'{self.source}' depends on '{self.target}'"


@dataclass
class _Found:
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def check_schedule(
    items: Sequence[Item],
    locations: Mapping[str, tuple[Document, PathKey]],
    invalid_entries: Iterable[tuple[Document, PathKey, dict[str, Any]]],
    facts: Mapping[str, Fact] | None,
    unsure_ids: Iterable[str],
) -> ScheduleCheck:
    """Check the schedule of the valid tasks (``items``, found at ``locations``) and, for their
    references, of the task entries that failed validation. ``facts`` is None when
    playbook.yaml's facts are unknown; ``unsure_ids`` are ids of items that could not be read
    (references to them are not reported)."""
    found = _Found()
    kinds = {item.id: kind_of(item).article_singular for item in items}
    tasks = {item.id: item for item in items if isinstance(item, Task)}
    unsure = set(unsure_ids)
    written = [
        _Written(*locations[task.id], task.id, task.schedule, tuple(task.depends_on), True)
        for task in tasks.values()
    ]
    written += [
        _entry(document, path, entry)
        for document, path, entry in invalid_entries
        if path and path[0] == "tasks"
    ]
    for task in written:
        _check_references(task, tasks, kinds, facts, unsure, found)
    edges = _edges(written, tasks)
    in_circle = _report_circles(edges, tasks, locations, found)
    _warn_order(tasks, locations, in_circle, found)
    return ScheduleCheck(tuple(found.problems), tuple(found.warnings))


def _entry(document: Document, path: PathKey, entry: dict[str, Any]) -> _Written:
    """An invalid task as written: whatever of its due date and dependencies can be read."""
    due: Due | None = None
    if isinstance(entry.get("due"), str):
        try:
            due = parse_due(entry["due"])
        except ValueError:
            due = None  # the model's check says why
    raw = entry.get("depends_on")
    # An entry that is not an id is the model's to report: "" is skipped.
    depends_on = tuple(
        value if isinstance(value, str) and is_slug(value) else ""
        for value in (raw if isinstance(raw, list) else [])
    )
    task_id = entry.get("id") if isinstance(entry.get("id"), str) else None
    return _Written(document, path, task_id, due, depends_on, False)


def _check_references(
    task: _Written,
    tasks: Mapping[str, Task],
    kinds: Mapping[str, str],
    facts: Mapping[str, Fact] | None,
    unsure: set[str],
    found: _Found,
) -> None:
    due = task.due
    where_due = (*task.path, "due")
    if due is not None and due.fact is not None and facts is not None:
        message = _fact_problem(due.fact, facts)
        if message is not None:
            found.problems.append(task.document.problem(where_due, message))
    if due is not None and due.task is not None:
        if due.task == task.id:
            found.problems.append(
                task.document.problem(
                    where_due,
                    f"'due' counts from this task itself ('after {due.task}'); it must count "
                    "from kickoff, a date fact or another task",
                )
            )
        else:
            message = _task_problem(due.task, "'due'", tasks, kinds, unsure)
            if message is not None:
                found.problems.append(task.document.problem(where_due, message))
    for index, dependency in enumerate(task.depends_on):
        where = (*task.path, "depends_on", index)
        if not dependency:
            continue  # not an id: the model's check says so
        if dependency == task.id:
            found.problems.append(
                task.document.problem(
                    where,
                    f"task '{dependency}' depends on itself; depends_on lists other tasks "
                    "that must be done first",
                )
            )
            continue
        message = _task_problem(dependency, "depends_on", tasks, kinds, unsure)
        if message is not None:
            found.problems.append(task.document.problem(where, message))


def _fact_problem(name: str, facts: Mapping[str, Fact]) -> str | None:
    dates = sorted(fact.name for fact in facts.values() if fact.type == "date")
    expected = (
        f"date facts in playbook.yaml: {', '.join(dates)}"
        if dates
        else "playbook.yaml declares no date fact"
    )
    if name not in facts:
        return (
            unknown_name("fact", name, dates, "'due'")
            + f"; a due date counts from kickoff, a task or a date fact ({expected})"
        )
    fact = facts[name]
    if fact.type != "date":
        article = "an" if fact.type[0] in "aeiou" else "a"
        return (
            f"'due' counts from '{name}', {article} {fact.type} fact; it must count from a date "
            f"fact ({expected})"
        )
    return None


def _task_problem(
    name: str,
    field_name: str,
    tasks: Mapping[str, Task],
    kinds: Mapping[str, str],
    unsure: set[str],
) -> str | None:
    if name in tasks or name in unsure:
        return None
    if name in kinds:
        what = "has a due date" if field_name == "'due'" else "can be depended on"
        return (
            f"{field_name} names '{name}', which is {kinds[name]}, not a task; only a task {what}"
        )
    return unknown_name("task", name, sorted(tasks), field_name) + (
        "; it must name a task of this playbook by its id"
    )


def _edges(written: Sequence[_Written], tasks: Mapping[str, Task]) -> dict[str, list[_Edge]]:
    """Who waits for whom among the valid tasks (self-references are reported already)."""
    edges: dict[str, list[_Edge]] = {task_id: [] for task_id in tasks}
    for task in written:
        if not task.valid or task.id is None:
            continue
        anchor = task.due.task if task.due is not None else None
        if anchor is not None and anchor in tasks and anchor != task.id:
            edges[task.id].append(_Edge(task.id, anchor, "after", (*task.path, "due")))
        for index, dependency in enumerate(task.depends_on):
            if dependency in tasks and dependency != task.id:
                where = (*task.path, "depends_on", index)
                edges[task.id].append(_Edge(task.id, dependency, "depends_on", where))
    return edges


def _report_circles(
    edges: Mapping[str, list[_Edge]],
    tasks: Mapping[str, Task],
    locations: Mapping[str, tuple[Document, PathKey]],
    found: _Found,
) -> set[str]:
    """One problem per circle of tasks, at the first task's edge that enters it; the tasks
    that are in one."""
    order = {task_id: index for index, task_id in enumerate(tasks)}
    in_circle: set[str] = set()
    for component in _strongly_connected(edges):
        if len(component) < 2:
            continue
        in_circle |= component
        start = min(component, key=lambda task_id: order[task_id])
        circle = _circle_from(start, component, edges)
        document, _ = locations[start]
        chain = ", ".join(edge.describe() for edge in circle)
        found.problems.append(
            document.problem(
                circle[0].where,
                f"circular schedule: {chain}; a task cannot wait for itself, so drop one of "
                "these dependencies or count the due date from something else",
            )
        )
    return in_circle


def _strongly_connected(edges: Mapping[str, list[_Edge]]) -> Iterator[set[str]]:
    """Tarjan's strongly connected components, without recursion."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    counter = 0
    for root in edges:
        if root in index:
            continue
        work: list[tuple[str, int]] = [(root, 0)]
        while work:
            node, position = work.pop()
            if position == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            outgoing = edges[node]
            if position < len(outgoing):
                work.append((node, position + 1))
                target = outgoing[position].target
                if target not in index:
                    work.append((target, 0))
                elif target in on_stack:
                    low[node] = min(low[node], index[target])
                continue
            if low[node] == index[node]:
                component: set[str] = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                yield component
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])


def _circle_from(start: str, component: set[str], edges: Mapping[str, list[_Edge]]) -> list[_Edge]:
    """The shortest way from ``start`` back to itself inside ``component``, as edges."""
    came_by: dict[str, _Edge] = {}
    frontier = [start]
    while frontier:
        following: list[str] = []
        for node in frontier:
            for edge in edges[node]:
                if edge.target not in component or edge.target in came_by:
                    continue
                came_by[edge.target] = edge
                if edge.target == start:
                    circle = [edge]
                    while circle[-1].source != start:
                        circle.append(came_by[circle[-1].source])
                    return circle[::-1]
                following.append(edge.target)
        frontier = following
    raise AssertionError("a strongly connected component always holds a circle")


def _anchor(task_id: str, tasks: Mapping[str, Task]) -> tuple[str, int] | None:
    """What a task's due date counts from in the end (following ``after``), and its offset
    from it in days; None for a circle."""
    total = 0
    seen: set[str] = set()
    current = task_id
    while current in tasks and current not in seen:
        seen.add(current)
        due = tasks[current].schedule
        total += due.days
        if due.task is None:
            return ("kickoff" if due.fact is None else f"'{due.fact}'", total)
        current = due.task
    return None


def _warn_order(
    tasks: Mapping[str, Task],
    locations: Mapping[str, tuple[Document, PathKey]],
    in_circle: set[str],
    found: _Found,
) -> None:
    for task in tasks.values():
        if task.id in in_circle:
            continue
        mine = _anchor(task.id, tasks)
        for index, dependency in enumerate(task.depends_on):
            if dependency not in tasks or dependency == task.id or dependency in in_circle:
                continue
            theirs = _anchor(dependency, tasks)
            if mine is None or theirs is None or mine[0] != theirs[0] or mine[1] >= theirs[1]:
                continue
            days = theirs[1] - mine[1]
            document, path = locations[task.id]
            found.warnings.append(
                document.problem(
                    (*path, "depends_on", index),
                    f"'{task.id}' is due {days} day{'' if days == 1 else 's'} before "
                    f"'{dependency}', which it depends on (both count from {mine[0]}): it "
                    "would be blocked past its own due date; make it due no earlier than "
                    f"'{dependency}', or drop the dependency",
                )
            )
