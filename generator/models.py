"""Validate stage, part one: typed models of every file kind.

Models forbid unknown keys and do not coerce types (``strict``), so ``likelihood: "5"`` or a
misspelt key is an error rather than a silent surprise. JSON Schemas for editors are generated
from these models (``generator.schemas``).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from generator.dates import coerce_date
from generator.scheduling import offset_days

ItemId = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=80),
    Field(
        description="Stable kebab-case id, unique within the playbook (e.g. `legacy-integration`)."
    ),
]
RoleId = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z][a-z0-9_-]*$", max_length=40),
    Field(description="A role id declared in playbook.yaml (e.g. `sponsor`, `pm`)."),
]
FactName = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=40),
    Field(description="A fact name: lowercase letters, digits and underscores."),
]
Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=False)]
# Line breaks and other control characters in a title, name or owner would break the page,
# table or terminal line it is shown on; bidirectional overrides would disguise it.
NOT_ONE_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _one_line(value: str) -> str:
    found = NOT_ONE_LINE.search(value)
    if found is not None:
        character = found.group().encode("unicode_escape").decode("ascii")
        raise ValueError(
            f"must be one line of text, but holds the control character {character} at "
            f"character {found.start() + 1} (for a long value in YAML, write it on one line or "
            "use '>-')"
        )
    return value


Line = Annotated[Text, AfterValidator(_one_line)]
IsoDate = Annotated[
    dt.date,
    BeforeValidator(coerce_date),
    Field(description="A date written YYYY-MM-DD (quotes are optional)."),
]
Markdown = Annotated[str, StringConstraints(min_length=1), Field(description="Markdown text.")]
Tag = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9 .&+-]*$", max_length=40)]
Phase = Literal["initiate", "plan", "execute", "monitor", "close"]
DueOffset = Annotated[
    str,
    StringConstraints(pattern=r"^[+-]?\d{1,3}[dw]$"),
    Field(description="Offset from kickoff: `-10d`, `+2w`, `0d` (days or weeks)."),
]
Condition = Annotated[
    str,
    StringConstraints(min_length=1, max_length=500),
    Field(description="When the item applies, e.g. `regulated and industry == 'banking'`."),
]
Version = Annotated[str, StringConstraints(pattern=r"^\d+\.\d+\.\d+$")]

PHASES: tuple[Phase, ...] = ("initiate", "plan", "execute", "monitor", "close")
ScopeSectionName = Literal[
    "objectives",
    "in-scope",
    "out-of-scope",
    "deliverables",
    "success-metrics",
    "stakeholders",
    "constraints",
    "assumptions",
]
# In the order a scope statement presents them.
SCOPE_SECTIONS: tuple[str, ...] = get_args(ScopeSectionName)


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class ItemBase(Model):
    id: ItemId
    title: Line
    summary: Text = Field(description="One or two sentences shown in lists and search results.")
    tags: list[Tag] = Field(default_factory=list)
    phase: Phase | None = None
    related: list[ItemId] = Field(default_factory=list, description="Ids of related items.")


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
    likelihood: Annotated[int, Field(ge=1, le=5)]
    impact: Annotated[int, Field(ge=1, le=5)]
    warning_signs: Annotated[list[Text], Field(min_length=1)]
    response: Literal["avoid", "mitigate", "transfer", "accept", "escalate"]
    mitigation: Annotated[list[Text], Field(min_length=1)]
    owner_role: RoleId
    practices: list[ItemId] = Field(default_factory=list, description="Ids of best practices.")
    condition: Condition | None = None

    @property
    def default_score(self) -> int:
        return self.likelihood * self.impact


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


class Practice(ItemBase):
    why: Markdown
    how: Annotated[list[Text], Field(min_length=1)]
    pitfalls: list[Text] = Field(default_factory=list)


class Task(ItemBase):
    phase: Phase
    owner_role: RoleId
    due: DueOffset
    description: str = ""
    condition: Condition | None = None

    @property
    def due_days(self) -> int:
        return offset_days(self.due)


Item = ScopeSection | Risk | CaseStudy | Faq | Practice | Task


class Role(Model):
    id: RoleId
    title: Line
    description: str = ""


FactType = Literal["text", "integer", "boolean", "date", "choice", "multi-choice"]


class Fact(Model):
    name: FactName
    type: FactType
    prompt: Line | None = Field(default=None, description="Question asked by `playbook kickoff`.")
    help: str = ""
    choices: list[Line] = Field(default_factory=list)
    default: str | int | bool | dt.date | list[str] | None = None
    required: bool = True
    invalid_message: Line | None = Field(
        default=None, description="Shown when an answer is not valid."
    )

    @model_validator(mode="after")
    def _choices_match_type(self) -> Fact:
        if self.type in ("choice", "multi-choice") and not self.choices:
            raise ValueError(f"a '{self.type}' fact needs a list of choices")
        if self.type not in ("choice", "multi-choice") and self.choices:
            raise ValueError("choices only apply to 'choice' and 'multi-choice' facts")
        return self


class RiskBands(Model):
    """Lowest score (likelihood x impact) of each band; anything below `medium` is low."""

    medium: Annotated[int, Field(ge=1, le=25)] = 5
    high: Annotated[int, Field(ge=1, le=25)] = 10
    critical: Annotated[int, Field(ge=1, le=25)] = 16

    @model_validator(mode="after")
    def _increasing(self) -> RiskBands:
        if not self.medium < self.high < self.critical:
            raise ValueError("thresholds must increase: medium < high < critical")
        return self


class PlaybookMeta(Model):
    id: ItemId
    title: Line
    description: Markdown
    version: Version
    roles: Annotated[list[Role], Field(min_length=1)]
    facts: list[Fact] = Field(default_factory=list)
    risk_bands: RiskBands = Field(default_factory=RiskBands)


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

ItemState = Literal["open", "done", "n/a"]


class ItemStatus(Model):
    state: ItemState
    date: IsoDate | None = None
    note: str = ""


class RiskOverride(Model):
    likelihood: Annotated[int, Field(ge=1, le=5)] | None = None
    impact: Annotated[int, Field(ge=1, le=5)] | None = None
    owner: Line | None = None
    note: str = ""


class ProjectFile(Model):
    name: Annotated[Line, StringConstraints(max_length=120)]
    playbook: ItemId
    playbook_version: Version
    kickoff: IsoDate
    facts: dict[FactName, Any] = Field(default_factory=dict)
    roles: dict[RoleId, Line] = Field(default_factory=dict)
    status: dict[ItemId, ItemStatus] = Field(default_factory=dict)
    risks: dict[ItemId, RiskOverride] = Field(default_factory=dict)
