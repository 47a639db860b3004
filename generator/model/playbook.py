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
    title: Line = Field(
        description="The role's name, shown wherever the role is.", examples=["Executive sponsor"]
    )
    description: str = Field(
        default="",
        description="What the role is responsible for.",
        examples=["Owns the business case and chairs the steering committee."],
    )


FactType = Literal["text", "integer", "boolean", "date", "choice", "multi-choice"]


class Choice(Model):
    """A choice shown by a label other than its value: ``{value: banking, label: Banking}``."""

    value: Line = Field(
        description="What the project file records, e.g. `banking`.", examples=["banking"]
    )
    label: Line = Field(
        description="What the form and the terminal show, e.g. `Banking`.",
        examples=["Banking and finance"],
    )


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
    type: FactType = Field(
        description="The kind of answer: text, integer, boolean, date, choice or multi-choice.",
        examples=["boolean"],
    )
    prompt: Line | None = Field(
        default=None,
        description="Question asked by `playbook kickoff` and the kickoff form.",
        examples=["Is the project subject to regulatory approval?"],
    )
    help: str = Field(
        default="",
        description="Markdown hint shown with the question.",
        examples=["Ask the compliance office when in doubt."],
    )
    choices: list[Line | Choice] = Field(
        default_factory=list,
        description="For choice and multi-choice facts: values, or `{value, label}` mappings.",
        examples=[["retail", {"value": "banking", "label": "Banking and finance"}]],
    )
    default: str | int | bool | dt.date | list[str] | None = Field(
        default=None,
        description="The answer used when none is given: pre-filled in the form, and used by "
        "`--no-input`.",
        examples=[False],
    )
    required: bool = Field(
        default=True,
        description="False when the fact may be left unanswered.",
        examples=[False],
    )
    invalid_message: Line | None = Field(
        default=None,
        description="Shown when an answer is not valid, instead of the built-in message.",
        examples=["Enter a whole number of people, for example 12 or 80."],
    )
    min: int | IsoDate | None = Field(
        default=None,
        description="Lowest answer allowed, for integer and date facts.",
        examples=[1],
    )
    max: int | IsoDate | None = Field(
        default=None,
        description="Highest answer allowed, for integer and date facts.",
        examples=[500],
    )
    pattern: Annotated[str, AfterValidator(_portable_pattern)] | None = Field(
        default=None,
        description="For text facts: a regular expression the whole answer matches.",
        examples=["[A-Z]{3}-[0-9]+"],
    )
    after: FactName | None = Field(
        default=None,
        description="For date facts: a date fact (or `kickoff`) the answer must come after.",
        examples=["kickoff"],
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

    medium: Annotated[int, Field(ge=1, le=25)] = Field(
        default=5, description="Lowest score of the medium band.", examples=[5]
    )
    high: Annotated[int, Field(ge=1, le=25)] = Field(
        default=10, description="Lowest score of the high band.", examples=[10]
    )
    critical: Annotated[int, Field(ge=1, le=25)] = Field(
        default=16, description="Lowest score of the critical band.", examples=[16]
    )

    @model_validator(mode="after")
    def _increasing(self) -> RiskBands:
        if not self.medium < self.high < self.critical:
            raise ValueError("thresholds must increase: medium < high < critical")
        return self


class PlaybookMeta(Model):
    id: ItemId = Field(
        description="The playbook's id: kebab-case, the same as its folder's name.",
        examples=["digital-transformation"],
    )
    title: Line = Field(
        description="The playbook's title.", examples=["Digital Transformation PMO Playbook"]
    )
    description: Markdown = Field(
        description="Markdown: what the playbook is for, shown on its overview page.",
        examples=["How we run ERP roll-outs."],
    )
    version: Version = Field(
        description="The playbook's version, MAJOR.MINOR.PATCH (quoted): projects record the "
        "version they follow, so raise it whenever items change.",
        examples=["1.0.0"],
    )
    roles: Annotated[list[Role], Field(min_length=1)] = Field(
        description="The roles of a project; tasks and risks name their owner by role id.",
        examples=[[{"id": "sponsor", "title": "Executive sponsor"}, {"id": "pm", "title": "PM"}]],
    )
    facts: list[Fact] = Field(
        default_factory=list,
        description="The kickoff questionnaire: what each project answers about itself.",
        examples=[[{"name": "regulated", "type": "boolean", "default": False}]],
    )
    risk_bands: RiskBands = Field(
        default_factory=RiskBands,
        description="Lowest score (likelihood x impact) of each band; below `medium` is low.",
        examples=[{"medium": 5, "high": 10, "critical": 16}],
    )
    risk_appetite: Annotated[int, Field(ge=1, le=25)] | None = Field(
        default=None,
        description="Highest risk score (likelihood x impact) the organization accepts without "
        "escalation; heat maps draw it as a line, scores above it lie beyond it.",
        examples=[9],
    )
    review_every: ReviewPeriod | None = Field(
        default=None,
        description="How often each item should be reviewed, e.g. `180d`: an item whose "
        "`reviewed` date is older (or that has none) is listed on the Content health page and "
        "by `playbook stale`.",
        examples=["180d"],
    )
    reporting: Reporting = Field(
        default_factory=Reporting,
        description="RAG rules, the PM's role, the go-live date fact and the stale limit, for "
        "the portfolio and status reports.",
        examples=[{"pm_role": "pm", "go_live": "target_go_live", "stale_after_days": 30}],
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
    # Where each artefact template's body starts (item id -> its first line), so that a
    # problem found while filling one in names the line of the body it is on.
    body_origins: Mapping[str, Origin] = field(default_factory=dict)

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
