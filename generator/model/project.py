"""A project: its file (facts, roles, status, risk overrides) and, once validated, the
project with its answered facts and the playbook it follows."""

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
    state: ItemState
    date: IsoDate | None = None
    note: str = ""


class Rated(Model):
    """A likelihood and an impact: the risk as it stands after mitigation."""

    likelihood: Rating
    impact: Rating

    @property
    def score(self) -> int:
        return self.likelihood * self.impact


class Assessment(Rated):
    """A dated look at a risk: its likelihood and impact on that day, after mitigation."""

    date: IsoDate
    note: str = ""


# Beyond this many assessments of one risk, the file is not a risk log a person keeps.
MAX_ASSESSMENTS = 500


class RiskOverride(Model):
    """The project's view of a playbook risk: its inherent likelihood and impact (before
    mitigation), where it stands now (``residual``, or the latest of ``assessments``), the score
    it should come down to, when it could strike, and the tasks that mitigate it."""

    likelihood: Rating | None = Field(default=None, description="Inherent: before mitigation.")
    impact: Rating | None = Field(default=None, description="Inherent: before mitigation.")
    owner: Line | None = None
    note: str = ""
    residual: Rated | None = Field(
        default=None,
        description="Likelihood and impact after mitigation, when no dated assessments are kept.",
    )
    assessments: Annotated[list[Assessment], Field(max_length=MAX_ASSESSMENTS)] = Field(
        default_factory=list,
        description="Dated assessments after mitigation, oldest first; the latest is the "
        "residual score, and the trend compares it with the one before.",
    )
    target: Score | None = Field(
        default=None, description="The score mitigation should bring the risk down to."
    )
    proximity: DateOrPhase | None = Field(
        default=None, description="When the risk could strike: a date, or a project phase."
    )
    mitigated_by: list[ItemId] | None = Field(
        default=None,
        description="Task ids that mitigate the risk in this project, instead of the playbook's.",
    )

    @model_validator(mode="after")
    def _one_residual(self) -> RiskOverride:
        if self.residual is not None and self.assessments:
            raise ValueError(
                "give either 'residual' or 'assessments', not both: the latest assessment is "
                "the residual score"
            )
        return self


class ArchivedStatus(ItemStatus):
    """The status of an item that was done when `playbook upgrade` found the playbook no longer
    has it: kept, with the playbook version the work was done under, rather than deleted."""

    playbook_version: Version


class ProjectFile(Model):
    name: Annotated[Line, StringConstraints(max_length=120)]
    playbook: ItemId
    playbook_version: Version
    kickoff: IsoDate
    facts: dict[FactName, Any] = Field(default_factory=dict)
    roles: dict[RoleId, Line] = Field(default_factory=dict)
    status: dict[ItemId, ItemStatus] = Field(default_factory=dict)
    risks: dict[ItemId, RiskOverride] = Field(default_factory=dict)
    archived: dict[ItemId, ArchivedStatus] = Field(
        default_factory=dict,
        description="Done items the playbook has since dropped (`playbook upgrade` moves them).",
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
