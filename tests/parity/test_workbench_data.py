"""generator.render.workbench: the shapes the browser's fill takes and gives for risks in depth
and health (the parity suite checks the values; these check what the shapes must keep)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from generator.model.reporting import MEASURES, Reporting
from generator.render.workbench import (
    checklist_data,
    override_data,
    playbook_data,
    project_input,
    reporting_data,
)
from generator.resolve.project import fill
from tests.support.fixtures import fixture_text
from tests.support.playbooks import demo_project, load_demo_project

FILES = {
    "tasks.yaml": fixture_text("playbook-health", "tasks.yaml"),
    "risks.yaml": fixture_text("playbook-health", "risks.yaml"),
}
OVERRIDES = """
risks:
  vendor-failure:
    mitigated_by: []
    proximity: 2027-06-30
    note: watch
    assessments:
      - {date: 2027-02-10, likelihood: 2, impact: 4}
      - {date: 2027-02-03, likelihood: 4, impact: 4, note: first}
    target: 4
    impact: 5
  scope-creep:
    residual: {impact: 4, likelihood: 1}
    proximity: plan
  typo: {}
"""


def test_a_projects_overrides_keep_an_empty_mitigated_by_in_a_fixed_order(
    tmp_path: Path,
) -> None:
    project = load_demo_project(tmp_path, demo_project(extra=OVERRIDES), FILES)
    risks = project_input(project)["risks"]
    # An empty list says "no task mitigates it here", not "the playbook's tasks": kept.
    vendor = risks["vendor-failure"]
    assert vendor["mitigated_by"] == []
    assert list(vendor) == ["impact", "note", "assessments", "target", "proximity", "mitigated_by"]
    # Dates as YYYY-MM-DD; assessments as written (the browser sorts them, as Python does).
    assert vendor["assessments"] == [
        {"date": "2027-02-10", "likelihood": 2, "impact": 4, "note": ""},
        {"date": "2027-02-03", "likelihood": 4, "impact": 4, "note": "first"},
    ]
    assert vendor["proximity"] == "2027-06-30"
    assert risks["scope-creep"] == {"residual": {"likelihood": 1, "impact": 4}, "proximity": "plan"}
    assert risks["typo"] == {}
    assert override_data(project.file.risks["typo"]) == {}
    json.dumps(risks)  # plain JSON: no dates or tuples left


def test_the_checklist_gives_risks_in_depth_and_health(tmp_path: Path) -> None:
    project = load_demo_project(tmp_path, demo_project(extra=OVERRIDES), FILES)
    data = checklist_data(fill(project, dt.date(2027, 2, 11)))
    vendor = next(risk for risk in data["risks"] if risk["id"] == "vendor-failure")
    assert {key: vendor[key] for key in ("residual_score", "residual_band", "assessed_on")} == {
        "residual_score": 8,
        "residual_band": "medium",
        "assessed_on": "2027-02-10",
    }
    assert (vendor["trend"], vendor["mitigated_by"], vendor["mitigation"]) == ("down", [], "none")
    build = next(task for task in data["tasks"] if task["id"] == "build")
    assert build["mitigates"] == []  # the project took vendor-failure's tasks away
    health = data["health"]
    assert list(health["measures"]) == list(MEASURES)
    assert list(health) == [
        "measures",
        "rag",
        "reasons",
        "phase",
        "next_due",
        "top_risk",
        "pm",
        "go_live",
        "last_update",
        "stale",
        "due_soon",
    ]
    assert (health["top_risk"], health["go_live"], health["last_update"]) == (
        "vendor-failure",  # residual 8 beats scope-creep's residual 4 and typo's 2
        "2027-03-29",
        "2027-02-10",
    )
    json.dumps(data)


def test_the_playbook_carries_its_reporting_rules_with_the_defaults_applied(
    tmp_path: Path,
) -> None:
    project = load_demo_project(tmp_path, demo_project(), FILES)
    data = playbook_data(project.playbook)
    assert data["reporting"] == reporting_data(Reporting())
    assert data["reporting"]["pm_role"] is None  # the browser applies the `pm` default itself
    risk = next(risk for risk in data["risks"] if risk["id"] == "vendor-failure")
    # As the playbook writes it: build twice (fill lists it once).
    assert risk["mitigated_by"] == ["build", "notify-regulator", "retail-only", "build"]
    assert next(task for task in data["tasks"] if task["id"] == "approve-budget")["decision"]
