"""A project: its file (facts, roles, status, risk overrides) and, once validated, the
project with its answered facts and the playbook it follows."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import Field, StringConstraints

from generator.model.fields import FactName, IsoDate, ItemId, Line, Model, RoleId, Version
from generator.model.playbook import Playbook
from generator.model.projectfile import StatusAnchors

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
