"""The six kinds of playbook item, and the file that holds each kind.

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


class ItemBase(Model):
    id: ItemId
    title: Line
    summary: Text = Field(description="One or two sentences shown in lists and search results.")
    tags: list[Tag] = Field(default_factory=list)
    phase: Phase | None = None
    related: list[ItemId] = Field(default_factory=list, description="Ids of related items.")
    owner: Line | None = Field(
        default=None,
        description="Who keeps the item up to date: a role id of the playbook, or a person.",
    )
    reviewed: IsoDate | None = Field(
        default=None,
        description="When the item was last reviewed; the next review is due `review_every` "
        "(playbook.yaml) later.",
    )


class ScopeSection(ItemBase):
    section: ScopeSectionName
    guidance: Markdown
    questions: list[Text] = Field(default_factory=list)
    template: str = Field(
        default="",
        description="Fill-in Markdown; may use `{{ project.name }}`, `{{ facts.industry }}`, "
        "`{{ roles.sponsor }}`.",
    )
    condition: Condition | None = None


class Risk(ItemBase):
    category: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]*$")]
    description: Markdown
    likelihood: Rating
    impact: Rating
    warning_signs: Annotated[list[Text], Field(min_length=1)]
    response: Literal["avoid", "mitigate", "transfer", "accept", "escalate"]
    mitigation: Annotated[list[Text], Field(min_length=1)]
    owner_role: RoleId
    practices: list[ItemId] = Field(default_factory=list, description="Ids of best practices.")
    mitigated_by: list[ItemId] = Field(
        default_factory=list,
        description="Ids of the tasks whose work reduces this risk; a project may name others "
        "(`risks: {id: {mitigated_by: [...]}}`). The register shows how far they are done.",
    )
    target: Score | None = Field(
        default=None,
        description="The score (likelihood x impact) mitigation aims to bring the risk down to; "
        "a project may set its own.",
    )
    condition: Condition | None = None

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
    name: Line
    value: Line
    illustrative: bool = Field(
        default=False, description="True when the figure is an example, not a reported fact."
    )


class CaseStudy(ItemBase):
    organization_type: Line
    industry: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]*$")]
    challenge: Markdown
    pmo_role: Markdown
    approach: Annotated[list[Text], Field(min_length=1)]
    outcome: Markdown
    metrics: list[Metric] = Field(default_factory=list)
    lessons: Annotated[list[Text], Field(min_length=1)]
    source: Line | None = Field(default=None, description="Where the account comes from.")


class Faq(ItemBase):
    question: Line
    answer: Markdown


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

    id: ItemId
    text: Line = Field(examples=["Does every project have a named sponsor?"])
    scale: Literal["yes-no", "0-4"] = Field(
        default="0-4", description="`yes-no` (no = 0, yes = 4) or `0-4`."
    )


class Practice(ItemBase):
    why: Markdown
    how: Annotated[list[Text], Field(min_length=1)]
    pitfalls: list[Text] = Field(default_factory=list)
    area: PracticeArea | None = None
    effort: Line | None = Field(
        default=None,
        description="What it takes, e.g. `2-hour workshop`.",
        examples=["2-hour workshop"],
    )
    people: list[RoleId] = Field(
        default_factory=list, description="Role ids of the people it involves."
    )
    cadence: Cadence | None = Field(default=None, description="How often it is done.")
    key_questions: list[KeyQuestion] = Field(
        default_factory=list,
        description="Questions for a self-assessment of the practice.",
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
    phase: Phase
    owner_role: RoleId
    due: DueOffset
    depends_on: list[ItemId] = Field(
        default_factory=list,
        description="Ids of tasks that must be done (or n/a) first; until then this task is "
        "blocked. A dependency that does not apply to the project is left out.",
    )
    description: str = ""
    decision: bool = Field(
        default=False,
        description="True when the task is a decision someone must take (a go/no-go, a "
        "sign-off): status reports list open decisions under 'Decisions needed'.",
    )
    condition: Condition | None = None

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


Item = ScopeSection | Risk | CaseStudy | Faq | Practice | Task


class ScopeFile(Model):
    scope: list[ScopeSection]


class RisksFile(Model):
    risks: list[Risk]


class CaseStudiesFile(Model):
    case_studies: list[CaseStudy]


class FaqsFile(Model):
    faqs: list[Faq]


class PracticesFile(Model):
    practices: list[Practice]


class TasksFile(Model):
    tasks: list[Task]


# --- Projects -------------------------------------------------------------------------------
