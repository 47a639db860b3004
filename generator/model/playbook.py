"""A playbook: its playbook.yaml (roles, the kickoff questionnaire, risk bands) and, once
validated, the whole playbook with its items."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, model_validator

from generator.errors import Problem
from generator.model import conditions
from generator.model.fields import FactName, ItemId, Line, Markdown, Model, RoleId, Version
from generator.model.items import Item


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


@dataclass(frozen=True)
class Origin:
    """Where an item (or one of its fields) is written, for messages raised after validation."""

    path: str
    line: int
    column: int

    def problem(self, message: str) -> Problem:
        return Problem(self.path, self.line, self.column, message)


@dataclass(frozen=True)
class Playbook:
    meta: PlaybookMeta
    folder: Path
    items: tuple[Item, ...]
    origins: Mapping[str, Origin]
    conditions: Mapping[str, conditions.Node] = field(default_factory=dict)
    # A playbook with problems is still used to check the projects that follow it; these are
    # the ids of its items that failed validation, so projects naming them are not told the
    # item does not exist.
    invalid_ids: frozenset[str] = frozenset()

    @property
    def id(self) -> str:
        return self.meta.id

    def item(self, item_id: str) -> Item:
        return self._by_id[item_id]

    @property
    def _by_id(self) -> dict[str, Item]:
        cache: dict[str, Item] | None = self.__dict__.get("_cache")
        if cache is None:
            cache = {item.id: item for item in self.items}
            object.__setattr__(self, "_cache", cache)
        return cache

    def has(self, item_id: str) -> bool:
        return item_id in self._by_id

    def knows(self, item_id: str) -> bool:
        """The playbook has this item, valid or not (for checks of the projects following it)."""
        return item_id in self._by_id or item_id in self.invalid_ids
