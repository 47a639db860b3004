"""The field types every file kind shares: ids, one-line text, dates, due dates, conditions.

Each type carries its own rule (a pattern, a length, no control characters), so a model that
uses it cannot forget the rule.
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
)

from generator.model.dates import coerce_date
from generator.model.offsets import DUE_PATTERN, due_problem
from generator.model.slugs import SLUG_PATTERN

ItemId = Annotated[
    str,
    StringConstraints(pattern=SLUG_PATTERN, max_length=80),
    Field(
        description="Stable kebab-case id, unique within the playbook (e.g. `legacy-integration`).",
        examples=["legacy-integration"],
    ),
]


RoleId = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z][a-z0-9_-]*$", max_length=40),
    Field(
        description="A role id declared in playbook.yaml (e.g. `sponsor`, `pm`).",
        examples=["pm"],
    ),
]


FactName = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=40),
    Field(
        description="A fact name: lowercase letters, digits and underscores.",
        examples=["team_size"],
    ),
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
    Field(description="A date written YYYY-MM-DD (quotes are optional).", examples=["2027-02-01"]),
]


Markdown = Annotated[
    str,
    StringConstraints(min_length=1),
    Field(
        description="Markdown text: paragraphs, lists, **bold**, links.",
        examples=["Agree the scope **in writing** before design starts."],
    ),
]


Tag = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9 .&+-]*$", max_length=40),
    Field(
        description="A tag: letters, digits, spaces and `.&+-`, at most 40 characters.",
        examples=["governance"],
    ),
]


Phase = Literal["initiate", "plan", "execute", "monitor", "close"]


def _due(value: str) -> str:
    problem = due_problem(value)
    if problem is not None:
        raise ValueError(problem)
    return value


DueOffset = Annotated[
    str,
    StringConstraints(max_length=130),
    AfterValidator(_due),
    Field(
        description="When the task is due, in days (`d`) or weeks (`w`): from kickoff (`-10d`, "
        "`0d`, `+2w`), from a date fact (`target_go_live-4w`) or from another task's due date "
        "(`after design-signoff +1w`). A due date on a weekend or holiday moves back to the "
        "working day before.",
        examples=["+2w", "target_go_live-4w", "after design-signoff +1w"],
        json_schema_extra={"pattern": DUE_PATTERN},
    ),
]


Condition = Annotated[
    str,
    StringConstraints(min_length=1, max_length=500),
    Field(
        description="When the item applies, e.g. `regulated and industry == 'banking'`.",
        examples=["regulated and industry == 'banking'"],
    ),
]


ReviewPeriod = Annotated[
    str,
    StringConstraints(pattern=r"^[1-9][0-9]{0,3}[dw]$"),
    Field(
        description="A number of days (`180d`) or weeks (`26w`), at most 9999.",
        examples=["180d"],
    ),
]


Rating = Annotated[int, Field(ge=1, le=5, description="1 (lowest) to 5 (highest).", examples=[3])]
Score = Annotated[
    int, Field(ge=1, le=25, description="Likelihood x impact: 1 to 25.", examples=[8])
]


Version = Annotated[
    str,
    StringConstraints(pattern=r"^\d+\.\d+\.\d+$"),
    Field(
        description="A playbook version, MAJOR.MINOR.PATCH; quote it in YAML.",
        examples=["1.2.0"],
    ),
]


PHASES: tuple[Phase, ...] = ("initiate", "plan", "execute", "monitor", "close")


def _date_or_phase(value: Any) -> Any:
    """A phase's name stays a name; other text must be a date (``proximity``)."""
    if isinstance(value, str) and value not in PHASES:
        try:
            return coerce_date(value)
        except ValueError:
            shown = value if len(value) <= 40 else value[:37] + "..."
            raise ValueError(
                f"expected a date (YYYY-MM-DD) or a phase ({', '.join(PHASES)}), got {shown!r}"
            ) from None
    return value


DateOrPhase = Annotated[
    dt.date | Phase,
    BeforeValidator(_date_or_phase),
    Field(
        description="A date written YYYY-MM-DD, or a phase: initiate, plan, execute, ...",
        examples=["execute", "2027-06-30"],
    ),
]


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
