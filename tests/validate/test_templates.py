"""Artefact templates checked by `playbook validate` before any project uses them: the model,
the Jinja syntax, and every variable, fact, role and attribute a body names, each problem at its
own line of the body (generator.validate.fill_in.check_artefact)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.model.items import Template
from tests.support.fixtures import REPO, STARTER_TEMPLATES, fixture_text
from tests.support.playbooks import FOLDER, validate, validation_problems, write_playbook

TEMPLATES = f"{FOLDER}/templates.yaml"
TASK_ATTRIBUTES = (
    "decision, depends_on, done_on, due, id, mitigates, note, owner, owner_role, owner_title, "
    "phase, state, summary, title, waits_for"
)
PROJECT_ATTRIBUTES = (
    "blocked, counted, done, go_live, kickoff, name, overdue, phase, playbook, playbook_version, "
    "pm, progress, rag, reasons, slug, today"
)


def _problems(tmp_path: Path, text: str) -> list[str]:
    folder = write_playbook(tmp_path, {"templates.yaml": text})
    return [str(problem) for problem in validation_problems(tmp_path, folder)]


def _body(body: str) -> str:
    """A templates.yaml of one template whose body starts on line 6."""
    indented = "".join(f"      {line}\n" if line else "\n" for line in body.split("\n"))
    return (
        "templates:\n  - id: note\n    title: Note\n    summary: A note.\n    body: |\n" + indented
    )


def test_every_problem_of_every_template_is_reported_at_its_line(tmp_path: Path) -> None:
    text = fixture_text("playbook-templates-bad", "templates.yaml")
    assert _problems(tmp_path, text) == [
        f"{TEMPLATES}:8: template syntax error: Unexpected end of template. Jinja was looking for "
        "the following tags: 'elif' or 'else' or 'endif'. The innermost block that needs to be "
        "closed is 'if'.",
        f"{TEMPLATES}:14: template uses unknown fact 'industri'; known: channels, go_live, "
        "industry, regulated, team_size",
        f"{TEMPLATES}:14: template uses unknown variable 'projet'; use dates, decisions, facts, "
        "phases, playbook, project, risks, roles, tasks, team",
        f"{TEMPLATES}:15: template uses unknown role 'owner'; known: pm, sponsor",
        f"{TEMPLATES}:15: template uses unknown role 'pmo-lead'; known: pm, sponsor",
        f"{TEMPLATES}:18: template uses unknown attribute 'titel' of a task; known: "
        + TASK_ATTRIBUTES,
        f"{TEMPLATES}:21: template uses unknown attribute 'due_date' of a task; known: "
        + TASK_ATTRIBUTES,
        f"{TEMPLATES}:22: template uses unknown attribute 'kickof' of the dates; known: go_live, "
        "in_two_weeks, kickoff, last_due, next_due, today",
        f"{TEMPLATES}:22: template uses unknown attribute 'nam' of the project; known: "
        + PROJECT_ATTRIBUTES,
        f"{TEMPLATES}:27: template may not access '__class__': internal attributes are blocked",
        f"{TEMPLATES}:27: template may not access '__mro__': internal attributes are blocked",
        f"{TEMPLATES}:28: template may not access '__class__': internal attributes are blocked",
        f"{TEMPLATES}:32: template uses unknown attribute 'color' of the project; known: "
        + PROJECT_ATTRIBUTES,
    ]


def test_a_valid_template_validates(tmp_path: Path) -> None:
    folder = write_playbook(tmp_path)
    playbook = validate(tmp_path, folder)
    template = playbook.item("status-note")
    assert isinstance(template, Template)
    # Where its body starts, for problems found when it is filled in.
    assert (
        playbook.body_origins["status-note"].path,
        playbook.body_origins["status-note"].line,
    ) == (
        TEMPLATES,
        6,
    )


@pytest.mark.parametrize(
    "body",
    [
        # Loops over records, through filters, slices, nested lists and lists kept with set.
        "{% for phase in phases %}{% for task in phase.tasks %}{{ task.nope }}{% endfor %}"
        "{% endfor %}",
        "{% for risk in risks | sort(attribute='score') | list %}{{ risk.nope }}{% endfor %}",
        "{% for risk in risks[:5] %}{{ risk.nope }}{% endfor %}",
        "{% set open = tasks | selectattr('state', 'equalto', 'open') | list %}"
        "{% for task in open %}{{ task.nope }}{% endfor %}",
        "{% for task in tasks %}{% for risk in task.mitigates %}{{ risk.nope }}{% endfor %}"
        "{% endfor %}",
        "{% for role in team %}{{ role['nope'] }}{% endfor %}",
    ],
    ids=["nested", "filtered", "sliced", "set", "mitigates", "item"],
)
def test_attributes_of_loop_records_are_checked(tmp_path: Path, body: str) -> None:
    (problem,) = _problems(tmp_path, _body(body))
    assert problem.startswith(f"{TEMPLATES}:6: template uses unknown attribute 'nope' of a ")


@pytest.mark.parametrize(
    "body",
    [
        # A name bound to records of two kinds, or to values made with set, is not guessed at.
        "{% for x in tasks %}{{ x.title }}{% endfor %}{% for x in risks %}{{ x.category }}"
        "{% endfor %}",
        "{% set project = {'nam': 1} %}{{ project.nam }}",
        "{% for name, value in facts.items() %}{{ value.anything }}{% endfor %}",
        "{% set ns = namespace(count=0) %}{% for task in tasks %}{% set ns.count = ns.count + 1 %}"
        "{% endfor %}{{ ns.count }}",
        "{% macro cell(task) %}{{ task.title }}{% endmacro %}{{ cell(tasks[0]) }}",
        "{{ roles['sponsor'] }} {{ facts['go_live'] }} {{ loop is defined }}",
    ],
    ids=["two-kinds", "set-shadows", "items", "namespace", "macro", "keys"],
)
def test_what_cannot_be_followed_is_left_to_the_preview(tmp_path: Path, body: str) -> None:
    folder = write_playbook(tmp_path, {"templates.yaml": _body(body)})
    assert isinstance(validate(tmp_path, folder).item("note"), Template)


def test_a_template_needs_a_body_and_knows_its_keys(tmp_path: Path) -> None:
    text = "templates:\n  - id: note\n    title: Note\n    summary: A note.\n    bodyy: x\n"
    assert _problems(tmp_path, text) == [
        f"{TEMPLATES}:2:5: missing required field 'body' in an artefact template",
        f"{TEMPLATES}:5:5: unknown key 'bodyy' (did you mean 'body'?)",
    ]


def test_a_template_condition_is_checked_like_any_other(tmp_path: Path) -> None:
    text = _body("x").replace("    body: |", "    condition: regulatd\n    body: |")
    assert _problems(tmp_path, text) == [
        f"{TEMPLATES}:5:16: condition uses unknown fact 'regulatd' (known facts: channels, "
        "go_live, industry, regulated, team_size)"
    ]


def test_the_shipped_templates_are_valid_and_there_are_six_in_the_starter_playbook() -> None:
    playbook = validate(REPO, REPO / "playbooks" / "digital-transformation")
    templates = [item.id for item in playbook.items if isinstance(item, Template)]
    assert templates == STARTER_TEMPLATES
    assert all(
        item.source == "General PMO practice"
        for item in playbook.items
        if isinstance(item, Template)
    )
