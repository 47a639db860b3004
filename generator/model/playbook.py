"""A playbook: its playbook.yaml (roles, the kickoff questionnaire, risk bands) and, once
validated, the whole playbook with its items."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, model_validator

from generator.errors import Problem
from generator.model import conditions
from generator.model.fields import (
    FactName,
    IsoDate,
    ItemId,
    Line,
    Markdown,
    Model,
    ReviewPeriod,
    RoleId,
    Version,
)
from generator.model.items import Item
from generator.model.reporting import Reporting


class Role(Model):
    id: RoleId
    title: Line
    description: str = ""


FactType = Literal["text", "integer", "boolean", "date", "choice", "multi-choice"]


class Choice(Model):
    """A choice shown by a label other than its value: ``{value: banking, label: Banking}``."""

    value: Line = Field(description="What the project file records, e.g. `banking`.")
    label: Line = Field(description="What the form and the terminal show, e.g. `Banking`.")


# A pattern must mean the same in Python and in the browser's JavaScript, so only the common
# part of both syntaxes is allowed: no lookbehind, named groups, inline flags or \A \Z.
_PORTABLE_PATTERN = re.compile(r"^(?!.*\(\?[<P=!#a-zA-Z])(?!.*\\[AZzGQEpP])[^\n]{1,200}$")


def _portable_pattern(value: str) -> str:
    if not _PORTABLE_PATTERN.match(value):
        raise ValueError(
            "must be a simple regular expression of at most 200 characters (no lookbehind, "
            "named groups, inline flags or \\A \\Z: it must mean the same in the browser)"
        )
    try:
        re.compile(value)
    except re.error as error:
        raise ValueError(f"is not a valid regular expression: {error}") from None
    return value


class Fact(Model):
    name: FactName
    type: FactType
    prompt: Line | None = Field(default=None, description="Question asked by `playbook kickoff`.")
    help: str = ""
    choices: list[Line | Choice] = Field(
        default_factory=list,
        description="For choice and multi-choice facts: values, or `{value, label}` mappings.",
    )
    default: str | int | bool | dt.date | list[str] | None = None
    required: bool = True
    invalid_message: Line | None = Field(
        default=None, description="Shown when an answer is not valid."
    )
    min: int | IsoDate | None = Field(
        default=None, description="Lowest answer allowed, for integer and date facts."
    )
    max: int | IsoDate | None = Field(
        default=None, description="Highest answer allowed, for integer and date facts."
    )
    pattern: Annotated[str, AfterValidator(_portable_pattern)] | None = Field(
        default=None, description="For text facts: a regular expression the whole answer matches."
    )
    after: FactName | None = Field(
        default=None,
        description="For date facts: a date fact (or `kickoff`) the answer must come after.",
    )

    @property
    def choice_values(self) -> tuple[str, ...]:
        return tuple(c.value if isinstance(c, Choice) else c for c in self.choices)

    @property
    def choice_labels(self) -> dict[str, str]:
        """Each choice's label (its value when it has none)."""
        return {
            (c.value if isinstance(c, Choice) else c): (c.label if isinstance(c, Choice) else c)
            for c in self.choices
        }

    @model_validator(mode="after")
    def _constraints_match_type(self) -> Fact:
        choice_facts = ("choice", "multi-choice")
        if self.type in choice_facts and not self.choices:
            raise ValueError(f"a '{self.type}' fact needs a list of choices")
        if self.type not in choice_facts and self.choices:
            raise ValueError("choices only apply to 'choice' and 'multi-choice' facts")
        if len(set(self.choice_values)) != len(self.choices):
            raise ValueError("choices must differ from each other")
        bound_type = {"integer": int, "date": dt.date}.get(self.type)
        for name, bound in (("min", self.min), ("max", self.max)):
            if bound is None:
                continue
            if bound_type is None:
                raise ValueError(f"'{name}' only applies to integer and date facts")
            if isinstance(bound, bool) or not isinstance(bound, bound_type):
                raise ValueError(
                    f"'{name}' of a{'n' if self.type == 'integer' else ''} "
                    f"{self.type} fact must be a{'' if bound_type is dt.date else ' whole'} "
                    f"{'date' if bound_type is dt.date else 'number'}"
                )
        if self.min is not None and self.max is not None and self.min > self.max:  # type: ignore[operator]
            raise ValueError("'min' must not be greater than 'max'")
        if self.pattern is not None and self.type != "text":
            raise ValueError("'pattern' only applies to text facts")
        if self.after is not None and self.type != "date":
            raise ValueError("'after' only applies to date facts")
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
    risk_appetite: Annotated[int, Field(ge=1, le=25)] | None = Field(
        default=None,
        description="Highest risk score (likelihood x impact) the organization accepts without "
        "escalation; heat maps draw it as a line, scores above it lie beyond it.",
    )
    review_every: ReviewPeriod | None = Field(
        default=None,
        description="How often each item should be reviewed, e.g. `180d`: an item whose "
        "`reviewed` date is older (or that has none) is listed on the Content health page and "
        "by `playbook stale`.",
    )
    reporting: Reporting = Field(
        default_factory=Reporting,
        description="RAG rules, the PM's role, the go-live date fact and the stale limit, for "
        "the portfolio and status reports.",
    )


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
    # The organization's holidays (calendar.yaml at the project root): no task is due on one.
    holidays: frozenset[dt.date] = frozenset()

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
