"""How a playbook's projects are reported: the RAG rules, the PM's role, the go-live date,
when a project counts as stale.

A RAG rule is a condition in the condition language (``generator.model.conditions``), written
over a project's *measures* instead of its facts, with the reason it gives:

    reporting:
      rag:
        red:
          - when: critical_unmitigated > 0
            because: A critical risk has no mitigation under way.
        amber:
          - when: overdue > 0
            because: Tasks are overdue.

A project is red when any red rule holds, else amber when any amber rule holds, else green;
it gives the reasons of every rule of its colour that holds. A playbook without rules gets
``DEFAULT_RAG``.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from generator.model.fields import Condition, FactName, Line, Model, RoleId
from generator.model.messages import N_

RagColour = Literal["red", "amber", "green"]

# What a RAG rule can test, each a whole number, with what it counts (the README and the
# JSON Schema show these descriptions).
MEASURES: dict[str, str] = {
    "overdue": "open tasks due before today",
    "blocked": "tasks waiting for a task they depend on",
    "due_soon": "open tasks due in the next 14 days",
    "progress": "percentage of applicable tasks done",
    "critical_risks": "open risks whose current score is in the critical band",
    "high_risks": "open risks whose current score is in the high band",
    "critical_unmitigated": "open critical risks with no mitigation under way",
    "high_unmitigated": "open high risks with no mitigation under way",
    "rising_risks": "open risks whose latest assessment is worse than the one before",
    "days_since_update": "days since the latest status change or risk assessment",
}


_MEASURES_HELP = "; ".join(f"`{name}`: {text}" for name, text in MEASURES.items())


class RagRule(Model):
    when: Condition = Field(
        description="A condition over the measures, e.g. "
        f"`overdue > 3 or critical_unmitigated > 0`. Measures: {_MEASURES_HELP}.",
        examples=["critical_unmitigated > 0"],
    )
    because: Line = Field(
        description="The reason shown beside the status, e.g. 'Tasks overdue'.",
        examples=["A critical risk has no mitigation under way."],
    )


class RagRules(Model):
    red: list[RagRule] = Field(
        default_factory=list,
        description="Rules that make a project red; any one that holds is enough.",
        examples=[[{"when": "overdue > 5", "because": "More than five tasks are overdue."}]],
    )
    amber: list[RagRule] = Field(
        default_factory=list,
        description="Rules that make a project amber when no red rule holds.",
        examples=[[{"when": "overdue > 0", "because": "Tasks are overdue."}]],
    )


DEFAULT_RAG = RagRules(
    red=[
        RagRule(
            when="critical_unmitigated > 0",
            because=N_("A critical risk has no mitigation under way."),
        ),
        RagRule(when="overdue > 5", because=N_("More than five tasks are overdue.")),
    ],
    amber=[
        RagRule(when="overdue > 0", because=N_("Tasks are overdue.")),
        RagRule(
            when="high_unmitigated > 0", because=N_("A high risk has no mitigation under way.")
        ),
        RagRule(when="rising_risks > 0", because=N_("A risk is getting worse.")),
    ],
)


class Reporting(Model):
    """How the portfolio and status reports read this playbook's projects."""

    rag: RagRules = Field(
        default_factory=lambda: DEFAULT_RAG,
        description="Rules that make a project red or amber (green when none holds).",
        examples=[{"red": [{"when": "overdue > 5", "because": "Work is slipping badly."}]}],
    )
    pm_role: RoleId | None = Field(
        default=None,
        description="The role whose person the portfolio shows as the project's PM "
        "(default: a role with id `pm`, if there is one).",
        examples=["pm"],
    )
    go_live: FactName | None = Field(
        default=None,
        description="The date fact the timeline ends a project's bar at (default: the latest "
        "due date of its tasks).",
        examples=["target_go_live"],
    )
    stale_after_days: Annotated[int, Field(ge=1, le=3650)] = Field(
        default=30,
        description="A project with no status change or assessment for this many days is "
        "flagged stale in the portfolio.",
        examples=[30],
    )
