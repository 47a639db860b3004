"""A project: its file (facts, roles, status, risk overrides, self-assessments) and, once
validated, the project with its answered facts and the playbook it follows."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import Field, StringConstraints, model_validator

from generator.model.fields import (
    DateOrPhase,
    FactName,
    IsoDate,
    ItemId,
    Line,
    Model,
    Rating,
    RoleId,
    Score,
    Version,
)
from generator.model.playbook import Playbook
from generator.model.projectfile import StatusAnchors

ItemState = Literal["open", "done", "n/a"]


class ItemStatus(Model):
    state: ItemState = Field(
        description="`done`, `n/a` (does not apply to this project) or `open`.",
        examples=["done"],
    )
    date: IsoDate | None = Field(
        default=None, description="When the state was reached.", examples=["2027-02-01"]
    )
    note: str = Field(
        default="", description="A remark shown beside the item.", examples=["in-house build"]
    )


class Rated(Model):
    """A likelihood and an impact: the risk as it stands after mitigation."""

    likelihood: Rating = Field(
        description="How likely the risk is now, after mitigation: 1 (rare) to 5 (almost certain).",
        examples=[2],
    )
    impact: Rating = Field(
        description="How bad it would be now, after mitigation: 1 (minor) to 5 (severe).",
        examples=[4],
    )

    @property
    def score(self) -> int:
        return self.likelihood * self.impact


class Assessment(Rated):
    """A dated look at a risk: its likelihood and impact on that day, after mitigation."""

    date: IsoDate = Field(description="The day of the assessment.", examples=["2027-02-01"])
    note: str = Field(
        default="",
        description="What changed since the last assessment.",
        examples=["Integration layer agreed"],
    )


# Beyond this many assessments of one risk, the file is not a risk log a person keeps.
MAX_ASSESSMENTS = 500


class RiskOverride(Model):
    """The project's view of a playbook risk: its inherent likelihood and impact (before
    mitigation), where it stands now (``residual``, or the latest of ``assessments``), the score
    it should come down to, when it could strike, and the tasks that mitigate it."""

    likelihood: Rating | None = Field(
        default=None,
        description="Inherent likelihood, before mitigation, 1 to 5: instead of the playbook's.",
        examples=[4],
    )
    impact: Rating | None = Field(
        default=None,
        description="Inherent impact, before mitigation, 1 to 5: instead of the playbook's.",
        examples=[5],
    )
    owner: Line | None = Field(
        default=None, description="The person who owns the risk.", examples=["Lee Chen"]
    )
    note: str = Field(
        default="",
        description="A remark shown in the risk register.",
        examples=["Vendor contract signed"],
    )
    residual: Rated | None = Field(
        default=None,
        description="Likelihood and impact after mitigation, when no dated assessments are kept.",
        examples=[{"likelihood": 2, "impact": 4}],
    )
    assessments: Annotated[list[Assessment], Field(max_length=MAX_ASSESSMENTS)] = Field(
        default_factory=list,
        description="Dated assessments after mitigation, oldest first; the latest is the "
        "residual score, and the trend compares it with the one before.",
        examples=[[{"date": "2027-02-01", "likelihood": 4, "impact": 4, "note": "Layer agreed"}]],
    )
    target: Score | None = Field(
        default=None,
        description="The score mitigation should bring the risk down to.",
        examples=[8],
    )
    proximity: DateOrPhase | None = Field(
        default=None,
        description="When the risk could strike: a date, or a project phase.",
        examples=["execute"],
    )
    mitigated_by: list[ItemId] | None = Field(
        default=None,
        description="Task ids that mitigate the risk in this project, instead of the playbook's.",
        examples=[["assess-legacy-landscape"]],
    )

    @model_validator(mode="after")
    def _one_residual(self) -> RiskOverride:
        if self.residual is not None and self.assessments:
            raise ValueError(
                "give either 'residual' or 'assessments', not both: the latest assessment is "
                "the residual score"
            )
        return self


MaturityScore = Annotated[
    int,
    Field(
        ge=0,
        le=4,
        description="How well the project does the practice: 0 (not at all) to 4 (fully, and "
        "improving).",
        examples=[3],
    ),
]
# Beyond this many self-assessments, the file is not a log a person keeps (weekly for years).
MAX_PRACTICE_ASSESSMENTS = 500


class PracticeAssessment(Model):
    """A dated self-assessment of the playbook's practices (``playbook assess``): a score per
    practice assessed, and an action to improve some of them. Not a risk's ``Assessment``."""

    date: IsoDate = Field(description="The day of the self-assessment.", examples=["2027-03-01"])
    scores: Annotated[dict[ItemId, MaturityScore], Field(min_length=1)] = Field(
        description="A score per practice id, 0 (not at all) to 4 (fully, and improving); "
        "practices left out were not assessed that day.",
        examples=[{"define-scope-and-objectives": 3, "identify-and-mitigate-risks": 2}],
    )
    actions: dict[ItemId, Annotated[Line, StringConstraints(max_length=300)]] = Field(
        default_factory=dict,
        description="What the team will do to improve a practice scored that day, one line "
        "each (at most 300 characters), by practice id.",
        examples=[{"identify-and-mitigate-risks": "Review the risk register every month"}],
    )


PracticeAssessments = Annotated[
    list[PracticeAssessment], Field(max_length=MAX_PRACTICE_ASSESSMENTS)
]


class ArchivedStatus(ItemStatus):
    """The status of an item that was done when `playbook upgrade` found the playbook no longer
    has it: kept, with the playbook version the work was done under, rather than deleted."""

    playbook_version: Version = Field(
        description="The playbook version the work was done under.", examples=["1.2.0"]
    )


class ProjectFile(Model):
    name: Annotated[Line, StringConstraints(max_length=120)] = Field(
        description="The project's name, one line of at most 120 characters.",
        examples=["Core Banking Revamp"],
    )
    playbook: ItemId = Field(
        description="The id of the playbook the project follows.",
        examples=["digital-transformation"],
    )
    playbook_version: Version = Field(
        description="The playbook version the project follows; `playbook upgrade` moves it to "
        "the current one.",
        examples=["1.2.0"],
    )
    kickoff: IsoDate = Field(
        description="The kickoff date: task due dates count from it.", examples=["2027-02-01"]
    )
    facts: dict[FactName, Any] = Field(
        default_factory=dict,
        description="The answers to the playbook's questionnaire, by fact name.",
        examples=[{"industry": "banking", "regulated": True, "team_size": 65}],
    )
    roles: dict[RoleId, Line] = Field(
        default_factory=dict,
        description="Who plays each role, by role id.",
        examples=[{"sponsor": "Dana Ruiz", "pm": "Lee Chen"}],
    )
    status: dict[ItemId, ItemStatus] = Field(
        default_factory=dict,
        description="Progress on the playbook's items, by item id.",
        examples=[{"appoint-sponsor": {"state": "done", "date": "2027-01-20"}}],
    )
    risks: dict[ItemId, RiskOverride] = Field(
        default_factory=dict,
        description="The project's view of the playbook's risks, by risk id: scores, owner, "
        "assessments, target, proximity, mitigating tasks.",
        examples=[{"legacy-integration": {"likelihood": 4, "impact": 5, "owner": "Lee Chen"}}],
    )
    assessments: PracticeAssessments = Field(
        default_factory=list,
        description="Dated self-assessments of the playbook's practices, oldest first, one per "
        "date (`playbook assess` adds one); the project page shows maturity per practice area "
        "from the latest, and the trend since the one before.",
        examples=[[{"date": "2027-03-01", "scores": {"define-scope-and-objectives": 3}}]],
    )
    archived: dict[ItemId, ArchivedStatus] = Field(
        default_factory=dict,
        description="Done items the playbook has since dropped (`playbook upgrade` moves them).",
        examples=[
            {"old-task": {"state": "done", "date": "2027-01-20", "playbook_version": "1.1.0"}}
        ],
    )


NO_ANCHORS = StatusAnchors("missing")


@dataclass(frozen=True)
class Project:
    """A validated project: its file, its answered facts (defaults applied) and its playbook."""

    file: ProjectFile
    slug: str
    source: str  # display path of the project file
    playbook: Playbook
    facts: Mapping[str, Any]
    # Status entries naming items the playbook no longer has (tolerated only on an older version).
    stale_ids: tuple[str, ...] = ()
    # The file's text and where its status entries are: the checklist page edits them.
    text: str = ""
    anchors: StatusAnchors = NO_ANCHORS

    @property
    def name(self) -> str:
        return self.file.name

    @property
    def outdated(self) -> bool:
        return self.file.playbook_version != self.playbook.meta.version
