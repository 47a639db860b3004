"""The kinds of playbook item, and the file that holds each kind.

Models forbid unknown keys and do not coerce types (``strict``), so ``likelihood: "5"`` or a
misspelt key is an error rather than a silent surprise. JSON Schemas for editors are generated
from these models (``generator.publish.schemas``).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    Field,
    SerializerFunctionWrapHandler,
    StringConstraints,
    model_serializer,
    model_validator,
)

from generator.model.fields import (
    Condition,
    DueOffset,
    IsoDate,
    ItemId,
    Line,
    Markdown,
    Model,
    Phase,
    Rating,
    RoleId,
    ScopeSectionName,
    Score,
    Tag,
    Text,
)
from generator.model.offsets import Due, parse_due

# Where an item comes from: shown under it as a small note. Like its owner and review date,
# it is not content: correcting it needs no new playbook version (generator.projects.history).
SOURCE_EXAMPLES = [
    "Based on 'The Role of PMOs in Digital Transformation Projects'",
    "General PMO practice",
]

IndustryName = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z][a-z0-9-]*$", max_length=40),
    Field(description="An industry, in kebab-case (e.g. `banking`).", examples=["banking"]),
]


class ItemBase(Model):
    id: ItemId
    title: Line = Field(
        description="The item's title, one line: the page's heading and its name in lists.",
        examples=["Integration with legacy systems is harder than planned"],
    )
    summary: Text = Field(
        description="One or two sentences shown in lists and search results.",
        examples=["Old systems have undocumented interfaces that slow every integration."],
    )
    tags: list[Tag] = Field(
        default_factory=list,
        description="Topic tags; each has a page listing its items.",
        examples=[["integration", "legacy"]],
    )
    phase: Phase | None = Field(
        default=None,
        description="The project phase the item belongs to: initiate, plan, execute, monitor "
        "or close.",
        examples=["plan"],
    )
    related: list[ItemId] = Field(
        default_factory=list,
        description="Ids of related items of the same playbook, of any kind.",
        examples=[["define-scope-and-objectives", "scope-creep"]],
    )
    owner: Line | None = Field(
        default=None,
        description="Who keeps the item up to date: a role id of the playbook, or a person.",
        examples=["pmo-lead"],
    )
    reviewed: IsoDate | None = Field(
        default=None,
        description="When the item was last reviewed; the next review is due `review_every` "
        "(playbook.yaml) later.",
        examples=["2026-09-14"],
    )
    source: Line | None = Field(
        default=None,
        description="Where the item comes from, in one line, shown as a small note on its "
        "page: the work it is based on, or `General PMO practice`.",
        examples=SOURCE_EXAMPLES,
    )
    # Left out of a dump when empty, so the fingerprints of playbook versions recorded before
    # it existed (generator.projects.history) stay the same.
    industries: list[IndustryName] = Field(
        default_factory=list,
        description="The industries the item is specific to, in kebab-case; each becomes an "
        "`industry/...` tag and a filter on the kind's index page. Leave it out for an item "
        "that applies to any industry. (A case study's own `industry` counts as one.)",
        examples=[["banking", "insurance"]],
        exclude_if=lambda industries: not industries,
    )


class ScopeSection(ItemBase):
    section: ScopeSectionName = Field(
        description="Which part of the scope statement the section fills; sections are shown "
        "in the order of this list.",
        examples=["objectives"],
    )
    guidance: Markdown = Field(
        description="Markdown advice on writing the section.",
        examples=["Write two to five objectives that can be **measured**."],
    )
    questions: list[Text] = Field(
        default_factory=list,
        description="Questions that help a project write the section.",
        examples=[["What must be true on the day the programme closes?"]],
    )
    template: str = Field(
        default="",
        description="Fill-in Markdown; may use `{{ project.name }}`, `{{ facts.industry }}`, "
        "`{{ roles.sponsor }}`.",
        examples=["{{ project.name }} will cut onboarding time for {{ facts.industry }} clients."],
    )
    condition: Condition | None = Field(
        default=None,
        description="When the section applies, e.g. `regulated`; without one it always does.",
        examples=["regulated"],
    )


CategoryName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]*$")]


class Risk(ItemBase):
    category: CategoryName = Field(
        description="The risk's category, in kebab-case; it becomes a `category/...` tag.",
        examples=["technology"],
    )
    description: Markdown = Field(
        description="Markdown: what the risk is and how it comes about.",
        examples=["Critical knowledge of the legacy platform sits with **one** engineer."],
    )
    likelihood: Rating = Field(
        description="How likely the risk is to happen, before mitigation: 1 (rare) to 5 "
        "(almost certain).",
        examples=[3],
    )
    impact: Rating = Field(
        description="How bad it would be, before mitigation: 1 (minor) to 5 (severe).",
        examples=[4],
    )
    warning_signs: Annotated[list[Text], Field(min_length=1)] = Field(
        description="What to watch for: signs that the risk is turning into an issue.",
        examples=[["Only one person can answer questions about the old system."]],
    )
    response: Literal["avoid", "mitigate", "transfer", "accept", "escalate"] = Field(
        description="The chosen response: avoid, mitigate, transfer, accept or escalate.",
        examples=["mitigate"],
    )
    mitigation: Annotated[list[Text], Field(min_length=1)] = Field(
        description="The steps that reduce the likelihood or the impact, in order.",
        examples=[["Pair a second engineer with the expert from week one."]],
    )
    owner_role: RoleId = Field(
        description="The role that owns the risk in a project: a role id of playbook.yaml.",
        examples=["pm"],
    )
    practices: list[ItemId] = Field(
        default_factory=list,
        description="Ids of best practices that help with the risk.",
        examples=[["identify-and-mitigate-risks"]],
    )
    mitigated_by: list[ItemId] = Field(
        default_factory=list,
        description="Ids of the tasks whose work reduces this risk; a project may name others "
        "(`risks: {id: {mitigated_by: [...]}}`). The register shows how far they are done.",
        examples=[["assess-legacy-landscape"]],
    )
    target: Score | None = Field(
        default=None,
        description="The score (likelihood x impact) mitigation aims to bring the risk down to; "
        "a project may set its own.",
        examples=[6],
    )
    condition: Condition | None = Field(
        default=None,
        description="When the risk applies, e.g. `industry == 'banking'`; without one it "
        "always does.",
        examples=["industry == 'banking'"],
    )

    @property
    def default_score(self) -> int:
        return self.likelihood * self.impact

    @model_serializer(mode="wrap")
    def _serialize(self, handler: SerializerFunctionWrapHandler) -> Any:
        # Dumps as it did before `mitigated_by` and `target` existed when they are not set,
        # so the fingerprints of playbook versions (generator.projects.history) stay the same.
        data = handler(self)
        if isinstance(data, dict):
            if not self.mitigated_by:
                data.pop("mitigated_by", None)
            if self.target is None:
                data.pop("target", None)
        return data


class Metric(Model):
    name: Line = Field(description="What was measured.", examples=["Onboarding time"])
    value: Line = Field(
        description="The figure or result, as reported.", examples=["From 12 days to 3 days"]
    )
    illustrative: bool = Field(
        default=False,
        description="True when the figure is an example, not a reported fact.",
        examples=[False],
    )


class CaseStudy(ItemBase):
    organization_type: Line = Field(
        description="What kind of organization it was, without naming it if the account does not.",
        examples=["Regional bank"],
    )
    industry: CategoryName = Field(
        description="The organization's industry, in kebab-case; it becomes an `industry/...` tag.",
        examples=["banking"],
    )
    challenge: Markdown = Field(
        description="Markdown: the problem the organization faced.",
        examples=["Its core system was thirty years old and hard to change."],
    )
    pmo_role: Markdown = Field(
        description="Markdown: what the PMO did.",
        examples=["The PMO managed the programme as a whole."],
    )
    approach: Annotated[list[Text], Field(min_length=1)] = Field(
        description="The main steps taken, in order.",
        examples=[["Migrated one product line at a time."]],
    )
    outcome: Markdown = Field(
        description="Markdown: what came of it.",
        examples=["The organization became more efficient and more customer-centric."],
    )
    metrics: list[Metric] = Field(
        default_factory=list,
        description="Measured results; mark examples that are not reported facts "
        "`illustrative: true`.",
        examples=[[{"name": "Sales", "value": "Increased (as reported)"}]],
    )
    lessons: Annotated[list[Text], Field(min_length=1)] = Field(
        description="What other projects can take from it.",
        examples=[["Start with the smallest product line."]],
    )


class Faq(ItemBase):
    question: Line = Field(
        description="The question, as people ask it.",
        examples=["When should a project manager escalate an issue?"],
    )
    answer: Markdown = Field(
        description="Markdown: the answer.",
        examples=["Escalate when a forecast breaches the **tolerances** agreed with the sponsor."],
    )


Cadence = Literal["once", "per phase", "weekly", "fortnightly", "monthly", "quarterly", "ongoing"]
PracticeArea = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z][a-z0-9-]*$", max_length=40),
    Field(
        description="The practice area it belongs to, e.g. `governance`: maturity is shown "
        "per area.",
        examples=["governance"],
    ),
]


class KeyQuestion(Model):
    """A question a team answers about the practice, in the style of the USDS playbook's
    checklists: yes/no, or a 0 (not at all) to 4 (fully, and improving) scale."""

    id: ItemId = Field(
        description="An id for the question, unique within the practice.",
        examples=["named-sponsor"],
    )
    text: Line = Field(
        description="The question, one line, written so a team can answer it honestly.",
        examples=["Does every project have a named sponsor?"],
    )
    scale: Literal["yes-no", "0-4"] = Field(
        default="0-4",
        description="`yes-no` (no = 0, yes = 4) or `0-4` (0 not at all, 4 fully and improving).",
        examples=["yes-no"],
    )


class Practice(ItemBase):
    why: Markdown = Field(
        description="Markdown: why the practice matters.",
        examples=["Without a clear boundary, a transformation grows in every direction."],
    )
    how: Annotated[list[Text], Field(min_length=1)] = Field(
        description="The steps of the practice, in order.",
        examples=[["Run a short scoping workshop with the sponsor before kickoff."]],
    )
    pitfalls: list[Text] = Field(
        default_factory=list,
        description="Common ways the practice goes wrong.",
        examples=[["A register created for the kickoff pack and never opened again."]],
    )
    area: PracticeArea | None = Field(
        default=None,
        description="The practice area it belongs to, e.g. `governance`: maturity is shown "
        "per area.",
        examples=["governance"],
    )
    effort: Line | None = Field(
        default=None,
        description="What it takes, e.g. `2-hour workshop`.",
        examples=["2-hour workshop"],
    )
    people: list[RoleId] = Field(
        default_factory=list,
        description="Role ids of the people it involves.",
        examples=[["pmo-lead", "sponsor"]],
    )
    cadence: Cadence | None = Field(
        default=None,
        description="How often it is done: once, per phase, weekly, fortnightly, monthly, "
        "quarterly or ongoing.",
        examples=["monthly"],
    )
    key_questions: list[KeyQuestion] = Field(
        default_factory=list,
        description="Questions for a self-assessment of the practice.",
        examples=[[{"id": "named-sponsor", "text": "Is there a sponsor?", "scale": "yes-no"}]],
    )

    @model_validator(mode="after")
    def _questions_differ(self) -> Practice:
        ids = [question.id for question in self.key_questions]
        if len(set(ids)) != len(ids):
            raise ValueError("key_questions: each question needs an id of its own")
        return self

    @model_serializer(mode="wrap")
    def _serialize(self, handler: SerializerFunctionWrapHandler) -> Any:
        # Dumps as it did before the metadata existed when none is set, so the fingerprints
        # of playbook versions (generator.projects.history) stay the same.
        data = handler(self)
        if isinstance(data, dict):
            for key in ("area", "effort", "cadence"):
                if data.get(key) is None:
                    data.pop(key, None)
            for key in ("people", "key_questions"):
                if not data.get(key):
                    data.pop(key, None)
        return data


class Task(ItemBase):
    phase: Phase = Field(
        description="The project phase the task belongs to: initiate, plan, execute, monitor "
        "or close.",
        examples=["plan"],
    )
    owner_role: RoleId = Field(
        description="The role that does the task: a role id of playbook.yaml; a project "
        "shows the person playing it.",
        examples=["pm"],
    )
    due: DueOffset
    depends_on: list[ItemId] = Field(
        default_factory=list,
        description="Ids of tasks that must be done (or n/a) first; until then this task is "
        "blocked. A dependency that does not apply to the project is left out.",
        examples=[["appoint-sponsor"]],
    )
    description: str = Field(
        default="",
        description="Markdown: what the task involves and what done looks like.",
        examples=["Agree the members, the chair and the meeting frequency."],
    )
    decision: bool = Field(
        default=False,
        description="True when the task is a decision someone must take (a go/no-go, a "
        "sign-off): status reports list open decisions under 'Decisions needed'.",
        examples=[True],
    )
    condition: Condition | None = Field(
        default=None,
        description="When the task applies, e.g. `uses_vendors`; without one it always does.",
        examples=["uses_vendors"],
    )

    @property
    def schedule(self) -> Due:
        """``due`` read: its offset in days, and the date fact or task it counts from."""
        return parse_due(self.due)

    @property
    def due_days(self) -> int:
        """The offset in days, from whatever the due date counts from (for sorting)."""
        return self.schedule.days

    @model_serializer(mode="wrap")
    def _serialize(self, handler: SerializerFunctionWrapHandler) -> Any:
        # A task without dependencies dumps as it did before `depends_on` existed, so the
        # fingerprints of playbook versions (generator.projects.history) stay the same.
        data = handler(self)
        if isinstance(data, dict):
            if not self.depends_on:
                data.pop("depends_on", None)
            if not self.decision:
                data.pop("decision", None)
        return data


class Template(ItemBase):
    """An artefact template: a document a project produces (terms of reference, a RACI matrix,
    a status report), written in Markdown with placeholders that each project fills in
    (``generator.render.artefacts``)."""

    audience: Line | None = Field(
        default=None,
        description="Who the document is for, in one line.",
        examples=["Steering committee members and the PMO"],
    )
    cadence: Cadence | None = Field(
        default=None,
        description="How often the document is produced or updated: once, per phase, weekly, "
        "fortnightly, monthly, quarterly or ongoing.",
        examples=["weekly"],
    )
    guidance: str = Field(
        default="",
        description="Markdown: how to use the document, shown on the template's page.",
        examples=["Send it every Friday; keep it to one page."],
    )
    body: Annotated[str, Field(min_length=1, max_length=200_000)] = Field(
        description="The document in Markdown, its headings from `##` down (the title is "
        "added above it), with Jinja placeholders filled in per project: `{{ project.name }}`, "
        "`{{ roles.sponsor }}`, `{{ dates.kickoff }}`, `{% for task in tasks %}`... "
        "(README: Artefact templates).",
        examples=["## Purpose\n\nThe steering committee of {{ project.name }} ..."],
    )
    condition: Condition | None = Field(
        default=None,
        description="When the template applies, e.g. `regulated`; without one it always does.",
        examples=["regulated"],
    )


Item = ScopeSection | Risk | CaseStudy | Faq | Practice | Task | Template


# One small, valid item of each kind: the examples of the files' lists.
_SCOPE_EXAMPLE = {
    "id": "scope-objectives",
    "title": "Objectives",
    "summary": "What the project must achieve.",
    "section": "objectives",
    "guidance": "Write objectives that can be measured.",
}
_RISK_EXAMPLE = {
    "id": "scope-creep",
    "title": "Scope creep",
    "summary": "Requirements keep growing.",
    "category": "delivery",
    "description": "Every department adds its wish list.",
    "likelihood": 3,
    "impact": 4,
    "warning_signs": ["New requests arrive every week."],
    "response": "mitigate",
    "mitigation": ["Put every change through change control."],
    "owner_role": "pm",
}
_CASE_STUDY_EXAMPLE = {
    "id": "bank-modernisation",
    "title": "A bank modernises its core",
    "summary": "A regional bank replaces its core system.",
    "organization_type": "Regional bank",
    "industry": "banking",
    "challenge": "The core system was thirty years old.",
    "pmo_role": "The PMO ran the migration plan.",
    "approach": ["Migrate one product line at a time."],
    "outcome": "The migration finished on time.",
    "lessons": ["Start with the smallest product line."],
}
_FAQ_EXAMPLE = {
    "id": "why-a-pmo",
    "title": "Why a PMO?",
    "summary": "What a PMO adds.",
    "question": "Why do we need a PMO?",
    "answer": "It keeps many projects pointed at the same goals.",
}
_PRACTICE_EXAMPLE = {
    "id": "weekly-status",
    "title": "Report status weekly",
    "summary": "A short written status every week.",
    "why": "People plan better when they know where things stand.",
    "how": ["Send a one-page note every Friday."],
    "source": "General PMO practice",
}
_TASK_EXAMPLE = {
    "id": "hold-kickoff",
    "title": "Hold the kickoff meeting",
    "summary": "Bring the team and the sponsor together.",
    "phase": "initiate",
    "owner_role": "pm",
    "due": "0d",
}

_TEMPLATE_EXAMPLE = {
    "id": "decision-log",
    "title": "Decision log",
    "summary": "Every decision the project takes, who took it and when.",
    "body": "## Decisions\n\n{% for task in decisions %}- {{ task.title }}\n{% endfor %}",
}


class ScopeFile(Model):
    scope: list[ScopeSection] = Field(
        description="The sections of the scope template.", examples=[[_SCOPE_EXAMPLE]]
    )


class RisksFile(Model):
    risks: list[Risk] = Field(description="The risk catalogue.", examples=[[_RISK_EXAMPLE]])


class CaseStudiesFile(Model):
    case_studies: list[CaseStudy] = Field(
        description="Accounts of what happened elsewhere.", examples=[[_CASE_STUDY_EXAMPLE]]
    )


class FaqsFile(Model):
    faqs: list[Faq] = Field(
        description="Frequently asked questions and their answers.", examples=[[_FAQ_EXAMPLE]]
    )


class PracticesFile(Model):
    practices: list[Practice] = Field(description="Best practices.", examples=[[_PRACTICE_EXAMPLE]])


class TasksFile(Model):
    tasks: list[Task] = Field(
        description="Kickoff tasks: the project's checklist.", examples=[[_TASK_EXAMPLE]]
    )


class TemplatesFile(Model):
    templates: list[Template] = Field(
        description="Artefact templates: documents each project gets filled in.",
        examples=[[_TEMPLATE_EXAMPLE]],
    )


# --- Projects -------------------------------------------------------------------------------
