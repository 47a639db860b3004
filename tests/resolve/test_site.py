"""generator.resolve.site: mitigation linked both ways on the playbook's pages. A risk's page
refers to the tasks its ``mitigated_by`` names, in the order written; a task's page to the
risks that name it, by title; a decision task's reference says it is one."""

from __future__ import annotations

from pathlib import Path

from generator.resolve.site import ItemPage, PageRef, ResolvedPlaybook, resolve_site
from tests.support.playbooks import validate, write_playbook

TASKS = """
    tasks:
      - {id: prepare, title: Prepare the room, summary: s, phase: initiate, owner_role: pm,
         due: -1w}
      - {id: decide, title: Decide go or no-go, summary: s, phase: plan, owner_role: pm,
         due: 0d, decision: true}
      - {id: idle, title: Tidy up, summary: s, phase: close, owner_role: pm, due: +4w}
"""
# Two risks name "decide" (one twice), one names "prepare"; "idle" mitigates nothing.
RISKS = """
    risks:
      - id: vendor-late
        title: vendor is late
        summary: s
        category: delivery
        description: d
        likelihood: 3
        impact: 4
        warning_signs: [w]
        response: mitigate
        mitigation: [m]
        owner_role: pm
        mitigated_by: [decide, prepare, decide]
        target: 6
      - id: budget-overrun
        title: Budget overrun
        summary: s
        category: finance
        description: d
        likelihood: 2
        impact: 5
        warning_signs: [w]
        response: mitigate
        mitigation: [m]
        owner_role: pm
        mitigated_by: [decide]
      - id: unmitigated
        title: Nobody acts
        summary: s
        category: delivery
        description: d
        likelihood: 1
        impact: 1
        warning_signs: [w]
        response: accept
        mitigation: [m]
        owner_role: pm
"""
TASK_PATH = "playbooks/demo/tasks/{}.md"
RISK_PATH = "playbooks/demo/risks/{}.md"


def _resolved(tmp_path: Path) -> ResolvedPlaybook:
    folder = write_playbook(tmp_path, {"tasks.yaml": TASKS, "risks.yaml": RISKS})
    (resolved,) = resolve_site((validate(tmp_path, folder),)).playbooks
    return resolved


def _page(resolved: ResolvedPlaybook, item_id: str) -> ItemPage:
    return resolved.pages[item_id]


def test_a_risk_refers_to_its_mitigating_tasks_in_the_order_written_each_once(
    tmp_path: Path,
) -> None:
    resolved = _resolved(tmp_path)
    assert _page(resolved, "vendor-late").mitigated_by == (
        PageRef("Decide go or no-go", TASK_PATH.format("decide"), "Kickoff task", True),
        PageRef("Prepare the room", TASK_PATH.format("prepare"), "Kickoff task", False),
    )
    assert _page(resolved, "budget-overrun").mitigated_by == (
        PageRef("Decide go or no-go", TASK_PATH.format("decide"), "Kickoff task", True),
    )
    assert _page(resolved, "unmitigated").mitigated_by == ()
    assert _page(resolved, "vendor-late").mitigates == ()


def test_a_task_refers_to_the_risks_it_mitigates_by_title(tmp_path: Path) -> None:
    resolved = _resolved(tmp_path)
    # By title whatever the case: "Budget overrun" before "vendor is late"; each risk once.
    assert _page(resolved, "decide").mitigates == (
        PageRef("Budget overrun", RISK_PATH.format("budget-overrun"), "Risk"),
        PageRef("vendor is late", RISK_PATH.format("vendor-late"), "Risk"),
    )
    assert _page(resolved, "prepare").mitigates == (
        PageRef("vendor is late", RISK_PATH.format("vendor-late"), "Risk"),
    )
    assert _page(resolved, "idle").mitigates == ()
    assert _page(resolved, "decide").mitigated_by == ()


def test_only_a_decision_tasks_reference_says_it_is_one(tmp_path: Path) -> None:
    resolved = _resolved(tmp_path)
    decisions = {item_id: page.ref.decision for item_id, page in sorted(resolved.pages.items())}
    assert {item_id for item_id, decision in decisions.items() if decision} == {"decide"}
    assert _page(resolved, "decide").ref == PageRef(
        "Decide go or no-go", TASK_PATH.format("decide"), "Kickoff task", True
    )
