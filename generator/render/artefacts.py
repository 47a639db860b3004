"""Artefact templates filled in: a project's documents, and each template's preview.

A template's ``body`` is Markdown with Jinja placeholders. It runs in the bounded sandbox of
fill-in text (``generator.render.sandbox``: no Python internals, the same limits on time,
memory and output). A line that holds only ``{% ... %}`` tags writes nothing, so a loop can
write the rows of a table; every other line is written as it is. It reads
(``generator.model.artefacts`` lists every name):

- ``project``: name, slug, kickoff, go_live, today (the day the document is as of), playbook,
  playbook_version, progress (percent), done, counted, overdue, blocked, rag, reasons, phase,
  pm;
- ``facts``: the project's answers, by fact name; ``roles``: the person playing each role, by
  role id (``roles['pmo-lead']`` for an id with a hyphen);
- ``team``: every role of the playbook, in its order: id, title, description, person,
  assigned;
- ``dates``: kickoff, go_live, today, in_two_weeks (14 days after today), next_due, last_due;
- ``phases``: the phases with tasks, in order: name, title, start, end (the first and last due
  dates), tasks, done, counted;
- ``tasks``: the applicable tasks, by phase and due date: id, title, summary, phase,
  owner_role, owner_title, owner, due, state, done_on, note, decision, depends_on (tasks),
  waits_for (the titles of those not done), mitigates (risks); ``decisions``: the tasks
  that are decisions;
- ``risks``: the register, highest score first: id, title, summary, category, likelihood,
  impact, score, band, residual_score, residual_band, current_score, current_band, target,
  target_band, trend, proximity, owner_role, owner_title, owner, response, mitigation (none,
  planned, under way, late, complete), mitigation_done, mitigation_total, mitigation_steps
  (the playbook's), mitigated_by (tasks), warning_signs, state, note;
- ``playbook``: id, title, version, risk_appetite.

**What the project has not given yet is a blank, never an error.** An unanswered fact, a role
nobody plays or a go-live date not set shows as *[to be completed: ...]*; a value that does
not exist (no due date, no residual score yet) shows as "—". Either is false in ``{% if %}``
and empty in a loop, so ``{% if facts.target_go_live %}`` asks whether the fact is answered.

A template's **preview** (on its page) fills it in for no project: every task and risk of the
playbook, with placeholders such as *[kickoff date]* and *[Executive sponsor]*. Rendering it
also checks, for every template and whichever projects exist, what validation cannot see
(attributes of values made with ``set``, runtime errors, the limits).

A problem while filling in is reported at its line of the template's body.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Container, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import TracebackType
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError
from markupsafe import Markup

from generator.errors import ContentError, Problem
from generator.model.artefacts import TO_BE_COMPLETED
from generator.model.fields import PHASES
from generator.model.items import Risk, Task, Template
from generator.model.offsets import describe_offset
from generator.model.playbook import Playbook, PlaybookMeta
from generator.render.environment import fill_in_environment
from generator.render.filters import answer_text, markdown_text
from generator.render.limits import TemplateLimitError
from generator.render.sandbox import BoundedSandbox
from generator.resolve.project import FilledProject, FilledTemplate
from generator.resolve.rows import TREND_WORDS, Row
from generator.resolve.scoring import band_of

# --- Values in the context ------------------------------------------------------------------


class Blank(Markup):
    """A value that is not there: shown as its text (Markdown), and false and empty in a
    template, so ``{% if %}`` and loops treat it as missing. Made with ``Blank.of``."""

    @classmethod
    def of(cls, shown: str, *, emphasis: bool = True) -> Blank:
        """``shown`` escaped for Markdown, in italics unless ``emphasis`` is false."""
        text = str(markdown_text(shown))
        return cls(f"*{text}*" if emphasis else text)

    def __bool__(self) -> bool:
        return False

    def __len__(self) -> int:
        return 0

    def __iter__(self) -> Any:
        return iter(())

    def __contains__(self, item: object) -> bool:
        return False

    # Sorting tasks by a date some do not have must not fail: a blank is never less or more.
    def __lt__(self, other: object) -> bool:
        return False

    def __le__(self, other: object) -> bool:
        return False

    def __gt__(self, other: object) -> bool:
        return False

    def __ge__(self, other: object) -> bool:
        return False


NONE = Blank.of("—", emphasis=False)


def to_be_completed(what: str) -> Blank:
    """*[to be completed: what]*: something the project should say and has not yet."""
    return Blank.of(TO_BE_COMPLETED.format(what))


def _placeholder(what: str) -> Blank:
    """*[what]*: a value of the project, in a preview filled in for no project."""
    return Blank.of(f"[{what}]")


class Record:
    """One record of the context (a task, a risk, a role): attributes only, so a misspelt
    one is an error rather than one of a dictionary's methods."""

    __slots__ = ("_values",)

    def __init__(self, **values: Any) -> None:
        self._values = values

    def __getattr__(self, name: str) -> Any:
        try:
            return self._values[name]
        except KeyError:
            raise AttributeError(name) from None

    def __getitem__(self, name: str) -> Any:
        return self._values[name]

    def __repr__(self) -> str:
        return f"Record({', '.join(sorted(self._values))})"


def _or_none(value: Any) -> Any:
    return NONE if value is None or value == "" else value


# --- The context of a project ---------------------------------------------------------------


def artefact_context(filled: FilledProject) -> dict[str, Any]:
    """What a template's body reads for ``filled`` (see the module's documentation)."""
    project = filled.project
    playbook = project.playbook
    meta = playbook.meta
    health = filled.health
    titles = {role.id: role.title for role in meta.roles}
    roles = {
        role.id: project.file.roles.get(role.id) or to_be_completed(role.title)
        for role in meta.roles
    }
    task_items = {item.id: item for item in playbook.items if isinstance(item, Task)}
    risk_items = {item.id: item for item in playbook.items if isinstance(item, Risk)}
    tasks = [_task(row, task_items[row.id], roles) for row in filled.tasks]
    risks = [_risk(row, risk_items[row.id], titles) for row in filled.risks]
    _link(tasks, risks, [(row.id, row.mitigated_by) for row in filled.risks], task_items)
    dated = [row.due for row in filled.tasks if row.due is not None]
    pm_role = meta.reporting.pm_role or "pm"
    # The go-live date the project set (the playbook's `reporting.go_live` fact), never the
    # last due date that the portfolio's timeline falls back on.
    go_live_fact = meta.reporting.go_live
    go_live = (project.facts.get(go_live_fact) if go_live_fact else None) or to_be_completed(
        "go-live date"
    )
    return {
        "project": Record(
            name=project.name,
            slug=project.slug,
            kickoff=project.file.kickoff,
            go_live=go_live,
            today=filled.today,
            playbook=meta.title,
            playbook_version=project.file.playbook_version,
            progress=filled.progress,
            done=filled.done,
            counted=len(filled.counted),
            overdue=len(filled.overdue),
            blocked=len(filled.blocked),
            rag=health.rag,
            reasons=list(health.reasons),
            phase=_or_none(health.phase),
            pm=health.pm or to_be_completed(titles.get(pm_role, pm_role)),
        ),
        "facts": {
            fact.name: _answer(project.facts.get(fact.name), fact.name) for fact in meta.facts
        },
        "roles": roles,
        "team": _team(meta, roles, project.file.roles),
        "dates": Record(
            kickoff=project.file.kickoff,
            go_live=go_live,
            today=filled.today,
            in_two_weeks=filled.today + dt.timedelta(days=14),
            next_due=_or_none(health.next_due.due if health.next_due else None),
            last_due=_or_none(max(dated, default=None)),
        ),
        **_lists(tasks, risks, playbook),
    }


def _team(meta: PlaybookMeta, people: Mapping[str, Any], assigned: Container[str]) -> list[Record]:
    """The playbook's roles, each with who plays it (or a blank to complete)."""
    return [
        Record(
            id=role.id,
            title=role.title,
            description=role.description.strip(),
            person=people[role.id],
            assigned=role.id in assigned,
        )
        for role in meta.roles
    ]


def _lists(tasks: list[Record], risks: list[Record], playbook: Playbook) -> dict[str, Any]:
    return {
        "phases": _phases(tasks),
        "tasks": tasks,
        "risks": risks,
        "decisions": [task for task in tasks if task.decision],
        "playbook": _playbook(playbook),
    }


def _playbook(playbook: Playbook) -> Record:
    meta = playbook.meta
    return Record(
        id=playbook.id,
        title=meta.title,
        version=meta.version,
        risk_appetite=_or_none(meta.risk_appetite),
    )


def _answer(value: Any, name: str) -> Any:
    return to_be_completed(name.replace("_", " ")) if value is None else value


def _task(row: Row, item: Task, roles: Mapping[str, Any]) -> Record:
    return Record(
        id=row.id,
        title=row.title,
        summary=item.summary,
        phase=row.phase,
        owner_role=row.owner_role,
        owner_title=row.owner_role_title,
        owner=row.owner or roles.get(row.owner_role) or to_be_completed(row.owner_role_title),
        due=_or_none(row.due),
        state=row.shown_state,
        done_on=_or_none(row.done_on),
        note=row.note,
        decision=row.decision,
        depends_on=[],
        waits_for=list(row.blocked_by_titles),
        mitigates=[],
    )


def _risk(row: Row, item: Risk, titles: Mapping[str, str]) -> Record:
    title = titles.get(row.owner_role, row.owner_role)
    return Record(
        id=row.id,
        title=row.title,
        summary=item.summary,
        category=row.category,
        likelihood=row.likelihood,
        impact=row.impact,
        score=row.score,
        band=row.band,
        residual_score=_or_none(row.residual_score),
        residual_band=_or_none(row.residual_band),
        current_score=row.current_score,
        current_band=row.current_band,
        target=_or_none(row.target),
        target_band=_or_none(row.target_band),
        trend=_or_none(TREND_WORDS[row.trend]),
        proximity=_or_none(row.proximity),
        owner_role=row.owner_role,
        owner_title=title,
        owner=row.owner or to_be_completed(title),
        response=row.response,
        mitigation=row.mitigation,
        mitigation_done=row.mitigation_done,
        mitigation_total=row.mitigation_total,
        mitigation_steps=list(item.mitigation),
        mitigated_by=[],
        warning_signs=list(item.warning_signs),
        state=row.state,
        note=row.note,
    )


def _link(
    tasks: list[Record],
    risks: list[Record],
    mitigation: Iterable[tuple[str, Iterable[str]]],
    items: Mapping[str, Task],
) -> None:
    """Each task's dependencies (those in ``tasks``), each risk's mitigating tasks, and each
    task's risks, as records."""
    task_by_id = {task.id: task for task in tasks}
    risk_by_id = {risk.id: risk for risk in risks}
    for task in tasks:
        depends_on = dict.fromkeys(items[task.id].depends_on)
        task.depends_on.extend(task_by_id[other] for other in depends_on if other in task_by_id)
    for risk_id, task_ids in mitigation:
        for task_id in task_ids:
            if task_id in task_by_id:
                risk_by_id[risk_id].mitigated_by.append(task_by_id[task_id])
                task_by_id[task_id].mitigates.append(risk_by_id[risk_id])


def _phases(tasks: list[Record]) -> list[Record]:
    phases = []
    for phase in PHASES:
        in_phase = [task for task in tasks if task.phase == phase]
        if not in_phase:
            continue
        dated = [task.due for task in in_phase if task.due]
        counted = [task for task in in_phase if task.state != "n/a"]
        phases.append(
            Record(
                name=phase,
                title=phase.capitalize(),
                start=min(dated) if dated else NONE,
                end=max(dated) if dated else NONE,
                tasks=in_phase,
                done=sum(1 for task in counted if task.state == "done"),
                counted=len(counted),
            )
        )
    return phases


# --- The context of a preview ---------------------------------------------------------------


def preview_context(playbook: Playbook) -> dict[str, Any]:
    """A template's context for no project: every task and risk of the playbook, with
    placeholders where a project's values go."""
    meta = playbook.meta
    titles = {role.id: role.title for role in meta.roles}
    roles = {role.id: _placeholder(role.title) for role in meta.roles}
    rank = {phase: index for index, phase in enumerate(PHASES)}
    task_items = sorted(
        (item for item in playbook.items if isinstance(item, Task)),
        key=lambda task: (rank[task.phase], task.due_days, task.title.lower()),
    )
    risk_items = sorted(
        (item for item in playbook.items if isinstance(item, Risk)),
        key=lambda risk: (-risk.default_score, risk.title.lower()),
    )
    tasks = [_preview_task(task, titles, roles) for task in task_items]
    risks = [_preview_risk(risk, playbook, titles) for risk in risk_items]
    mitigation = [(risk.id, risk.mitigated_by) for risk in risk_items]
    _link(tasks, risks, mitigation, {task.id: task for task in task_items})
    number = _placeholder("number")
    pm_role = meta.reporting.pm_role or "pm"
    return {
        "project": Record(
            name=_placeholder("project name"),
            slug=_placeholder("project"),
            kickoff=_placeholder("kickoff date"),
            go_live=_placeholder("go-live date"),
            today=_placeholder("date"),
            playbook=meta.title,
            playbook_version=meta.version,
            progress=number,
            done=number,
            counted=number,
            overdue=number,
            blocked=number,
            rag=_placeholder("status"),
            reasons=[],
            phase=_placeholder("phase"),
            pm=roles.get(pm_role, _placeholder("project manager")),
        ),
        "facts": {fact.name: _placeholder(fact.name.replace("_", " ")) for fact in meta.facts},
        "roles": roles,
        "team": _team(meta, roles, ()),
        "dates": Record(
            kickoff=_placeholder("kickoff date"),
            go_live=_placeholder("go-live date"),
            today=_placeholder("date"),
            in_two_weeks=_placeholder("date in two weeks"),
            next_due=NONE,
            last_due=NONE,
        ),
        **_lists(tasks, risks, playbook),
    }


def _preview_task(task: Task, titles: Mapping[str, str], roles: Mapping[str, Any]) -> Record:
    return Record(
        id=task.id,
        title=task.title,
        summary=task.summary,
        phase=task.phase,
        owner_role=task.owner_role,
        owner_title=titles.get(task.owner_role, task.owner_role),
        owner=roles.get(task.owner_role, _placeholder(task.owner_role)),
        due=_placeholder(describe_offset(task.due)),
        state="open",
        done_on=NONE,
        note="",
        decision=task.decision,
        depends_on=[],
        waits_for=[],
        mitigates=[],
    )


def _preview_risk(risk: Risk, playbook: Playbook, titles: Mapping[str, str]) -> Record:
    bands = playbook.meta.risk_bands
    title = titles.get(risk.owner_role, risk.owner_role)
    band = band_of(risk.default_score, bands)
    return Record(
        id=risk.id,
        title=risk.title,
        summary=risk.summary,
        category=risk.category,
        likelihood=risk.likelihood,
        impact=risk.impact,
        score=risk.default_score,
        band=band,
        residual_score=NONE,
        residual_band=NONE,
        current_score=risk.default_score,
        current_band=band,
        target=_or_none(risk.target),
        target_band=NONE if risk.target is None else band_of(risk.target, bands),
        trend=NONE,
        proximity=NONE,
        owner_role=risk.owner_role,
        owner_title=title,
        owner=_placeholder(title),
        response=risk.response,
        mitigation=NONE,
        mitigation_done=0,
        mitigation_total=len(risk.mitigated_by),
        mitigation_steps=list(risk.mitigation),
        mitigated_by=[],
        warning_signs=list(risk.warning_signs),
        state="open",
        note="",
    )


# --- Filling in -----------------------------------------------------------------------------


def _answer_filter(value: Any) -> Any:
    """``answer``, keeping a blank as it is shown (it is already Markdown)."""
    return value if isinstance(value, Blank) else answer_text(value)


class _ArtefactSandbox(BoundedSandbox):
    """The bounded sandbox, reading a record's attributes directly: they are plain values
    made here, and a RACI matrix reads thousands of them per project, each of which the
    sandbox would otherwise check for Python internals. Anything else is checked as usual."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is Record:
            values = obj._values
            if attribute in values:
                return values[attribute]
        return super().getattr(obj, attribute)


@lru_cache(maxsize=1)
def artefact_environment() -> BoundedSandbox:
    """The fill-in text's sandbox and filters (see ``_tag_lines`` for the lines it writes)."""
    base = fill_in_environment()
    env = _ArtefactSandbox(
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        finalize=markdown_text,
        keep_trailing_newline=True,
    )
    env.filters.update(base.filters)
    env.globals.update(base.globals)
    env.filters["answer"] = _answer_filter
    return env


@lru_cache(maxsize=1024)
def _compiled(body: str) -> jinja2.Template:
    """A body compiled once, however many projects fill it in."""
    return artefact_environment().from_string(_tag_lines(body))


# How far a tag is looked for: a body with thousands of unclosed tags must not take long.
MAX_TAG = 4000
_RAW = re.compile(r"[-+]?\s*(?:end)?raw\b")


def _tag_lines(body: str) -> str:
    """``body`` with each line that holds only tags (``{% for %}``, ``{% endif %}``, comments;
    a tag may span lines) writing nothing, not even its line break, so that a ``{% for %}``
    line between the rows of a table leaves no blank line. A tag within a line of text leaves
    that line as written (Jinja's ``trim_blocks`` would eat the line break after an
    ``{% endif %}`` that ends a line of text). The line break goes into a comment, so that
    every line keeps its number for messages."""
    parts: list[str] = []
    start = 0
    while start < len(body):
        end, tags = _tags_end(body, _after_blanks(body, start))
        if tags:
            parts += [*tags, "{#\n#}"]
            start = end + 1
            continue
        newline = body.find("\n", start)
        stop = len(body) if newline == -1 else newline + 1
        parts.append(body[start:stop])
        start = stop
    return "".join(parts)


def _after_blanks(text: str, at: int) -> int:
    while at < len(text) and text[at] in " \t":
        at += 1
    return at


def _tags_end(body: str, at: int) -> tuple[int, list[str]]:
    """The run of tags starting at ``at`` and where the line break after it is; no tags when
    ``at`` does not start one, or text follows it (``raw`` tags are left alone: their content
    is text)."""
    tags: list[str] = []
    while body.startswith(("{%", "{#"), at):
        block = body[at + 1] == "%"
        if block and _RAW.match(body, at + 2):
            return -1, []
        close = body.find("%}" if block else "#}", at + 2, at + MAX_TAG)
        if close == -1:
            return -1, []
        tags.append(body[at : close + 2])
        at = _after_blanks(body, close + 2)
    return (at, tags) if tags and body.startswith("\n", at) else (-1, [])


@dataclass(frozen=True)
class Artefact:
    """A template filled in: its title and summary, and its body in Markdown."""

    id: str
    title: str
    summary: str
    text: Markup


def fill_artefact(
    template: Template, playbook: Playbook, context: Mapping[str, Any], for_what: str
) -> Markup:
    """``template``'s body filled in with ``context``; a ContentError at the body's line when it
    fails (``for_what``: "for project 'X'", or "in its preview")."""
    try:
        text = _compiled(template.body).render(context)
    except Exception as error:  # author-written template: report where it is, never crash
        raise ContentError([_problem(template, playbook, error, for_what)]) from None
    return Markup(text.strip("\n") + "\n")


def project_artefacts(filled: FilledProject) -> tuple[Artefact, ...]:
    """Every template that applies to the project, filled in; one ContentError lists the
    problems of all of them."""
    if not filled.templates:
        return ()
    context = artefact_context(filled)
    playbook = filled.project.playbook
    artefacts: list[Artefact] = []
    problems: list[Problem] = []
    for template in filled.templates:
        try:
            text = fill_artefact(
                template.item, playbook, context, f"for project '{filled.project.name}'"
            )
        except ContentError as error:
            problems.extend(error.problems)
            continue
        artefacts.append(_artefact(template, text))
    if problems:
        raise ContentError(problems)
    return tuple(artefacts)


def project_artefact(filled: FilledProject, template_id: str) -> Artefact | None:
    """One template filled in for the project; None when it does not apply to it."""
    for template in filled.templates:
        if template.id == template_id:
            where = f"for project '{filled.project.name}'"
            context = artefact_context(filled)
            text = fill_artefact(template.item, filled.project.playbook, context, where)
            return _artefact(template, text)
    return None


def _artefact(template: FilledTemplate, text: Markup) -> Artefact:
    return Artefact(template.id, template.title, template.item.summary, text)


def artefact_preview(template: Template, playbook: Playbook) -> Markup:
    """The template filled in for no project (see ``preview_context``)."""
    return fill_artefact(template, playbook, preview_context(playbook), "in its preview")


def _problem(template: Template, playbook: Playbook, error: Exception, for_what: str) -> Problem:
    """``error`` at its line of the template's body: "artefact template 'x' failed for project
    'Y': ...", "... was stopped in its preview: ...", "... was blocked by the sandbox ..."."""
    origin = playbook.body_origins.get(template.id) or playbook.origins[template.id]
    line: int | None
    if isinstance(error, jinja2.TemplateSyntaxError):
        line, what = error.lineno, f"has a syntax error {for_what}: {error.message}"
    else:
        line = _template_line(error.__traceback__)
        if isinstance(error, TemplateLimitError):
            what = f"was stopped {for_what}: it {error.limit}"
        elif isinstance(error, SecurityError):
            what = f"was blocked by the sandbox {for_what}: {error}"
        else:
            what = f"failed {for_what}: {error}"
    shown = origin.line + line - 1 if line and template.id in playbook.body_origins else None
    return Problem(
        origin.path, shown or origin.line, None, f"artefact template '{template.id}' {what}"
    )


def _template_line(tb: TracebackType | None) -> int | None:
    """The innermost line of a body in a traceback (Jinja maps frames to template lines)."""
    found = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            found = tb.tb_lineno
        tb = tb.tb_next
    return found


# --- As HTML --------------------------------------------------------------------------------

_HEADING = re.compile(r"<(/?)h([1-6])\b")


def artefact_html(text: str) -> Markup:
    """A filled-in document (or a preview) as HTML, every heading one level down: ``#`` is
    ``<h2>`` and ``##`` ``<h3>``, under the heading of the page it is shown on. Its tables
    carry a class of their own: on the site they fit the page (playbook.css) rather than
    scroll, as the theme's tables do."""
    html = _converter().reset().convert(str(text))  # plain text: Markup slices slowly
    html = _HEADING.sub(lambda m: f"<{m[1]}h{min(int(m[2]) + 1, 6)}", html)
    return Markup(html.replace("<table>", '<table class="pb-artefact__table">'))


@lru_cache(maxsize=1)
def _converter() -> Any:
    """Markdown as the site reads it, without the line breaks its "prettify" step puts
    between elements (a fifth of the time, for documents that are mostly tables)."""
    import markdown

    converter = markdown.Markdown(extensions=["tables", "sane_lists", "fenced_code"])
    converter.treeprocessors.deregister("prettify")
    return converter


# --- Where a project's documents are --------------------------------------------------------


def artefacts_folder(slug: str) -> str:
    """A project's documents, beside its page (``projects/<slug>/``)."""
    return f"projects/{slug}/templates"


def artefacts_page(slug: str) -> str:
    """The standalone HTML page with all of a project's documents filled in."""
    return f"{artefacts_folder(slug)}/{slug}-templates.html"


def artefact_markdown_file(slug: str, template_id: str) -> str:
    """A document in Markdown: a .md file in the docs folder would become a page, so it is
    offered as .md.txt (and saved as .md through the link's ``download`` name)."""
    return f"{artefacts_folder(slug)}/{slug}-{template_id}.md.txt"


def artefact_docx_file(slug: str, template_id: str) -> str:
    return f"{artefacts_folder(slug)}/{slug}-{template_id}.docx"


@dataclass(frozen=True)
class ArtefactLinks:
    """A document as the project's page offers it: read it, or download it."""

    template: FilledTemplate
    page: str  # the HTML page with every document, at this one's anchor
    markdown: str
    markdown_name: str  # the name it is saved under
    docx: str

    @property
    def docx_name(self) -> str:
        return self.docx.rsplit("/", 1)[1]


def artefact_links(filled: FilledProject) -> tuple[ArtefactLinks, ...]:
    """The links to each of a project's documents, in the order of ``filled.templates``."""
    slug = filled.project.slug
    return tuple(
        ArtefactLinks(
            template,
            f"{artefacts_page(slug)}#{template.id}",
            artefact_markdown_file(slug, template.id),
            f"{slug}-{template.id}.md",
            artefact_docx_file(slug, template.id),
        )
        for template in filled.templates
    )
