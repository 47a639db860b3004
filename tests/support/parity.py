"""The parity suite's cases: random playbooks, answers, dates and project files, with what the
Python implementation makes of them.

The browser repeats these rules in JavaScript (generator/workbench/). Both languages run the
same cases: pytest (tests/parity/test_parity.py) checks that Python still gives the recorded
results, and Node (tests/js/parity.test.js) that JavaScript gives them too, byte for byte.

    python -m tests.support.parity      # rewrite tests/fixtures/parity/cases.json

Case kinds:
- ``kickoff``: a playbook (as the kickoff page embeds it), a filled form and a day; expected:
  the per-field errors, the slug, the project file's text and the filled checklist.
- ``fill``: a playbook, a project with progress recorded (as the project page embeds it) and
  a day; expected: the filled checklist (blocked, overdue, done and n/a tasks; risks with
  residual scores, assessments, targets, proximity and mitigation; the project's health).
- ``mark``: a project file's text, where its status entries are, and marks; expected: the
  edited text (what `playbook mark` writes).
- ``reporting_defaults``: no input; expected: a playbook's reporting rules when it declares
  none, and the measures RAG rules test, in order (the browser's own copy must agree).
- ``assess``: practices with random areas (some none, some ``other``), a project's
  self-assessments and its hand-written file (no ``assessments``, ``assessments: []``, entries
  in block or flow style, indented or not, with comments, followed by another key or not, CRLF,
  a byte order mark, no final line break; a list in brackets, which is refused), where they
  are, and a new assessment; expected: the edited text (what `playbook assess` writes) and the
  maturity per practice area with the new assessment.

The random playbooks' risks are mitigated by random tasks (some of which do not apply), some
with targets; some tasks are decisions; each playbook has random RAG rules over the measures,
a PM role, a go-live fact and a stale limit, or the defaults. The projects of ``fill`` cases
override random risks: residual scores or logs of assessments (unsorted, several on a day),
targets, proximity (a date or a phase) and their own mitigating tasks.

The random playbooks' tasks are due from kickoff, from a date fact (answered or not) or after
an earlier task (applicable or not), depend on earlier tasks, and follow a random calendar of
holidays: Fridays before weekends, runs of days across weekends, 29 February, year ends.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import tempfile
from pathlib import Path
from typing import Any

import yaml

from generator.errors import ContentError
from generator.load.anchors import status_anchors
from generator.load.documents import parse_document
from generator.model.calendar import CALENDAR_FILE
from generator.model.playbook import Playbook
from generator.model.project import PracticeAssessment
from generator.model.projectfile import Mark, apply_marks, yaml_scalar
from generator.model.reporting import MEASURES, Reporting
from generator.projects.form import kickoff_form
from generator.render.workbench import (
    checklist_data,
    playbook_data,
    project_input,
    reporting_data,
)
from generator.resolve.maturity import (
    NewAssessment,
    PracticeRef,
    add_assessment,
    assessment_anchors,
    assessment_lines,
    log_entry_data,
    maturity_summary,
    practice_data,
)
from generator.resolve.project import fill
from generator.validate.playbook import validate_playbook
from generator.validate.project import validate_project_document

CASES_FILE = Path(__file__).resolve().parents[1] / "fixtures" / "parity" / "cases.json"
SEED = 20261201
PLAYBOOKS = 80
FORMS_PER_PLAYBOOK = 10
FILLS_PER_PLAYBOOK = 3
MARK_CASES = 120
ASSESS_CASES = 150

PHASES = ("initiate", "plan", "execute", "monitor", "close")
NAMES = [
    "Harbour Bank",
    "Zoë's Bank: phase 2",
    "yes",
    "2028 roll-out",
    '"Quoted" & <b>bold</b>',
    "  spaced   out  ",
    "Straße 5 — Ærø",
    "café #1",
    "",
    "a" * 121,
    "tab\there",
    "🚀 Launch",
    "null",
    "O'Brien & Co",
]
PEOPLE = ["Lee Chen", "Zoë Ødegård", "no", "", "Dr. A. Smith (interim)", "x: y", "#1 fan", "  "]
TEXTS = [
    "ABC-12",
    "abc",
    "",
    "Hello, world",
    "yes",
    "2027-01-01",
    "ÄÖÜ",
    "x" * 30,
    " pad ",
    "\u3000",
]


# --- random playbooks ------------------------------------------------------------------------


def _date(rng: random.Random) -> dt.date:
    """Mostly ordinary days, often the awkward ones: 29 February, month ends, year ends."""
    pick = rng.random()
    if pick < 0.15:
        return dt.date(rng.choice([2024, 2028]), 2, 29)
    if pick < 0.35:
        year, month = rng.randint(2024, 2030), rng.randint(1, 12)
        next_month = dt.date(year + month // 12, month % 12 + 1, 1)
        return next_month - dt.timedelta(days=1)
    return dt.date(2024, 1, 1) + dt.timedelta(days=rng.randint(0, 7 * 365))


def _fact(rng: random.Random, index: int, dates: list[str]) -> dict[str, Any]:
    kind = rng.choice(["text", "integer", "boolean", "date", "choice", "multi-choice"])
    fact: dict[str, Any] = {"name": f"f{index}_{kind.replace('-', '_')}", "type": kind}
    fact["required"] = rng.random() < 0.6
    if kind == "integer":
        if rng.random() < 0.5:
            fact["min"] = rng.randint(-5, 5)
        if rng.random() < 0.5:
            fact["max"] = rng.randint(6, 200)
        if rng.random() < 0.3:
            fact["default"] = rng.randint(fact.get("min", 0), fact.get("max", 50))
    elif kind == "text":
        if rng.random() < 0.3:
            fact["default"] = rng.choice(["ABC-1", "n/a"])
        if rng.random() < 0.4:
            fact["pattern"] = rng.choice(["[A-Z]{3}-[0-9]+", r"\w+", "[a-z ]*", "(yes|no)"])
    elif kind == "date":
        if rng.random() < 0.4:
            fact["after"] = rng.choice(["kickoff", *dates])
        if rng.random() < 0.3:
            fact["min"] = _date(rng).replace(year=2024, day=1)
        dates.append(fact["name"])
    elif kind in ("choice", "multi-choice"):
        values = rng.sample(
            ["web", "mobile", "branch", "store", "api", "banking"], rng.randint(2, 4)
        )
        fact["choices"] = [
            {"value": v, "label": v.title() + " channel"} if rng.random() < 0.5 else v
            for v in values
        ]
        if rng.random() < 0.3:
            fact["default"] = values[0] if kind == "choice" else values[:2]
    elif kind == "boolean" and rng.random() < 0.4:
        fact["default"] = rng.random() < 0.5
    if rng.random() < 0.2:
        fact["invalid_message"] = "Please check this answer."
    return fact


def _literal(rng: random.Random, fact: dict[str, Any]) -> str:
    kind = fact["type"]
    if kind == "integer":
        return str(rng.randint(-3, 60))
    if kind == "boolean":
        return rng.choice(["true", "false"])
    if kind == "date":
        return _date(rng).isoformat()
    if kind == "text":
        return repr(rng.choice(["ABC-12", "abc", ""]))
    values = [c["value"] if isinstance(c, dict) else c for c in fact["choices"]]
    return repr(rng.choice(values))


def _comparison(rng: random.Random, fact: dict[str, Any]) -> str:
    name, kind = fact["name"], fact["type"]
    if rng.random() < 0.2:
        return str(name)  # a bare name: answered and truthy
    if kind in ("integer", "date"):
        return f"{name} {rng.choice(['==', '!=', '<', '<=', '>', '>='])} {_literal(rng, fact)}"
    if kind == "multi-choice":
        return f"{name} contains {_literal(rng, fact)}"
    if kind == "choice" and rng.random() < 0.4:
        values = ", ".join(_literal(rng, fact) for _ in range(2))
        return f"{name} {rng.choice(['in', 'not in'])} [{values}]"
    return f"{name} {rng.choice(['==', '!='])} {_literal(rng, fact)}"


def _condition(rng: random.Random, facts: list[dict[str, Any]]) -> str | None:
    if rng.random() < 0.35:
        return None
    parts = [_comparison(rng, rng.choice(facts)) for _ in range(rng.randint(1, 3))]
    text = parts[0]
    for part in parts[1:]:
        text = f"{text} {rng.choice(['and', 'or'])} {'not ' if rng.random() < 0.2 else ''}{part}"
    return f"({text})" if rng.random() < 0.2 else text


def _due(rng: random.Random, index: int, dates: list[str]) -> str:
    """From kickoff mostly, else from a date fact or after an earlier task (no circles)."""
    offset = f"{rng.randint(0, 40)}{rng.choice('dw')}"
    pick = rng.random()
    if pick < 0.2 and dates:
        return f"{rng.choice(dates)}{rng.choice('+-')}{offset}"
    if pick < 0.4 and index > 0:
        return f"after task-{rng.randrange(index)} {rng.choice('+-')}{offset}"
    return f"{rng.choice(['-', '+', ''])}{offset}"


def _depends_on(rng: random.Random, index: int) -> list[str]:
    if index == 0 or rng.random() < 0.6:
        return []
    return [f"task-{other}" for other in rng.sample(range(index), rng.randint(1, min(3, index)))]


def _holidays(rng: random.Random) -> list[dt.date]:
    """A random organization's calendar over the years the cases' dates fall in: its usual
    days off, a Friday before a weekend with its Monday, a run of days across a weekend, and
    a few random days; or none at all."""
    if rng.random() < 0.3:
        return []
    days: set[dt.date] = set()
    for year in range(2023, 2035):
        days |= {dt.date(year, 1, 1), dt.date(year, 12, 24), dt.date(year, 12, 25)}
        if year % 4 == 0:
            days.add(dt.date(year, 2, 29))
        start = dt.date(year, 1, 1)
        friday = start + dt.timedelta(days=(4 - start.weekday()) % 7 + 7 * rng.randint(0, 50))
        days |= {friday, friday + dt.timedelta(days=3)}
        run = start + dt.timedelta(days=rng.randint(0, 350))
        days |= {run + dt.timedelta(days=n) for n in range(rng.randint(3, 9))}
        days |= {start + dt.timedelta(days=rng.randint(0, 364)) for _ in range(3)}
    return sorted(days)


def _mitigating(rng: random.Random, task_ids: list[str], empty: float = 0.35) -> list[str]:
    """Random tasks (conditional ones included), now and then one twice."""
    if rng.random() < empty:
        return []
    chosen = rng.sample(task_ids, rng.randint(1, min(3, len(task_ids))))
    return [*chosen, chosen[0]] if rng.random() < 0.1 else chosen


def _measure_test(rng: random.Random) -> str:
    name = rng.choice(list(MEASURES))
    pick = rng.random()
    if pick < 0.1:
        return name  # a bare measure: not zero
    if pick < 0.2:
        values = ", ".join(str(rng.randint(0, 5)) for _ in range(rng.randint(1, 3)))
        return f"{name} {rng.choice(['in', 'not in'])} [{values}]"
    bound = rng.randint(0, 100) if name in ("progress", "days_since_update") else rng.randint(0, 3)
    return f"{name} {rng.choice(['==', '!=', '<', '<=', '>', '>='])} {bound}"


def _rag_when(rng: random.Random) -> str:
    """A condition over the measures: a test, or two or three joined, sometimes negated."""
    text = _measure_test(rng)
    for _ in range(rng.choice([0, 0, 1, 2])):
        text = f"{text} {rng.choice(['and', 'or'])} {_measure_test(rng)}"
    return f"not ({text})" if rng.random() < 0.15 else text


REASONS = ["Tasks are overdue.", "Risks rise.", "Work is blocked.", "Slow progress."]


def _reporting(rng: random.Random, roles: list[dict[str, str]], dates: list[str]) -> Any:
    """Random RAG rules (the defaults now and then), PM role, go-live fact, stale limit. Some
    rules share a reason: a colour gives each reason once."""
    reporting: dict[str, Any] = {}
    if rng.random() < 0.8:
        reporting["rag"] = {
            colour: [
                {"when": _rag_when(rng), "because": rng.choice(REASONS)}
                for _ in range(rng.randint(0, 3))
            ]
            for colour in ("red", "amber")
            if rng.random() < 0.9
        }
    if rng.random() < 0.5:
        reporting["pm_role"] = rng.choice(roles)["id"]
    if dates and rng.random() < 0.6:
        reporting["go_live"] = rng.choice(dates)
    if rng.random() < 0.7:
        reporting["stale_after_days"] = rng.choice([1, 7, 30, 90, 3650])
    return reporting


def _playbook_files(rng: random.Random, number: int) -> dict[str, Any]:
    dates: list[str] = []
    facts = [_fact(rng, index, dates) for index in range(rng.randint(1, 6))]
    roles = [
        {"id": role, "title": title}
        for role, title in rng.sample(
            [("pm", "Project manager"), ("sponsor", "Sponsor"), ("architect", "Architect"),
             ("pmo-lead", "PMO lead"), ("ops", "Operations lead")],
            rng.randint(2, 4),
        )
    ]  # fmt: skip
    titles = ["Plan the plan", "Zebra check", "alpha review", "Älteste Aufgabe", "Kickoff", "ok"]
    tasks = [
        {
            "id": f"task-{index}",
            "title": f"{rng.choice(titles)} {rng.randint(1, 3)}",
            "summary": "A task.",
            "phase": rng.choice(PHASES),
            "owner_role": rng.choice(roles)["id"],
            "due": _due(rng, index, dates),
            **({"depends_on": d} if (d := _depends_on(rng, index)) else {}),
            **({"condition": c} if (c := _condition(rng, facts)) else {}),
            **({"decision": True} if rng.random() < 0.15 else {}),
        }
        for index in range(rng.randint(3, 14))
    ]
    task_ids = [str(task["id"]) for task in tasks]
    risks = [
        {
            "id": f"risk-{index}",
            "title": f"{rng.choice(titles)} risk",
            "summary": "A risk.",
            "category": "delivery",
            "description": "It may happen.",
            "likelihood": rng.randint(1, 5),
            "impact": rng.randint(1, 5),
            "warning_signs": ["A sign."],
            "response": "mitigate",
            "mitigation": ["Act."],
            "owner_role": rng.choice(roles)["id"],
            **({"condition": c} if (c := _condition(rng, facts)) else {}),
            **({"mitigated_by": m} if (m := _mitigating(rng, task_ids)) else {}),
            **({"target": rng.randint(1, 25)} if rng.random() < 0.4 else {}),
        }
        for index in range(rng.randint(0, 6))
    ]
    medium = rng.randint(2, 6)
    high = medium + rng.randint(1, 6)
    meta = {
        "id": f"p{number}",
        "title": f"Playbook {number}",
        "description": "Random playbook for the parity suite.",
        "version": f"1.{number}.0",
        "roles": roles,
        "facts": facts,
        "risk_bands": {"medium": medium, "high": high, "critical": high + rng.randint(1, 8)},
    }
    if rng.random() < 0.75:
        meta["reporting"] = _reporting(rng, roles, dates)
    files = {"playbook.yaml": meta, "tasks.yaml": {"tasks": tasks}}
    if risks:
        files["risks.yaml"] = {"risks": risks}
    return files


def _validated(
    root: Path, number: int, files: dict[str, Any], holidays: list[dt.date]
) -> Playbook | None:
    folder = root / "playbooks" / f"p{number}"
    folder.mkdir(parents=True)
    for name, data in files.items():
        (folder / name).write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    # The calendar at the root goes into the playbook validated now.
    calendar = root / CALENDAR_FILE
    calendar.write_text(yaml.safe_dump({"holidays": holidays}), encoding="utf-8")
    try:
        return validate_playbook(folder, root)
    except ContentError:
        return None  # e.g. a condition that can never be true: not a case worth keeping


# --- forms and their results -----------------------------------------------------------------


def _raw_answer(rng: random.Random, fact: dict[str, Any]) -> Any:
    kind, pick = fact["type"], rng.random()
    if pick < 0.1:
        return ""
    if kind == "integer":
        return rng.choice(
            [str(rng.randint(-10, 250)), " 42 ", "+7", "1.5", "12a", "9" * 16, "-0", "007"]
        )
    if kind == "boolean":
        return rng.choice(["true", "False", "YES", "n", "on", "0", "maybe", " y "])
    if kind == "date":
        if pick < 0.2:
            return rng.choice(["2027-02-29", "2028-13-01", "31/01/2027", "2027-1-5"])
        return _date(rng).isoformat()
    if kind == "text":
        return rng.choice(TEXTS)
    values = [c["value"] if isinstance(c, dict) else c for c in fact["choices"]]
    if kind == "choice":
        return rng.choice([*values, " " + values[0] + " ", "other", values[0].upper()])
    chosen = rng.sample(values, rng.randint(0, len(values)))
    return chosen if pick < 0.9 else [*chosen, "fax"]


_MATCHING = {"[A-Z]{3}-[0-9]+": "ABC-12", r"\w+": "abc_1", "[a-z ]*": "ab c", "(yes|no)": "no"}
VALID_NAMES = [name for name in NAMES if name.strip() and len(name) <= 120 and "\t" not in name]


def _valid_answer(rng: random.Random, fact: dict[str, Any], kickoff: dt.date) -> Any:
    """An answer the fact accepts (dates after the kickoff and after each other)."""
    kind = fact["type"]
    if kind == "integer":
        return str(rng.randint(fact.get("min", -10), fact.get("max", 250)))
    if kind == "boolean":
        return rng.choice(["true", "false", "Yes", "n"])
    if kind == "date":
        return (kickoff + dt.timedelta(days=rng.randint(400, 800))).isoformat()
    if kind == "text":
        return _MATCHING.get(fact.get("pattern", ""), rng.choice(TEXTS[:2] + TEXTS[3:]))
    values = [c["value"] if isinstance(c, dict) else c for c in fact["choices"]]
    if kind == "choice":
        return rng.choice(values)
    return rng.sample(values, rng.randint(1, len(values)))


def _form(rng: random.Random, playbook: Playbook, files: dict[str, Any]) -> dict[str, Any]:
    """A filled form: mostly one the playbook accepts, sometimes one with mistakes."""
    facts = files["playbook.yaml"]["facts"]
    day = _date(rng)
    if rng.random() < 0.65:
        answers = {fact["name"]: _valid_answer(rng, fact, day) for fact in facts}
        # Later date facts come after earlier ones: 'after' rules only point backwards.
        for offset, fact in enumerate(f for f in facts if f["type"] == "date"):
            answers[fact["name"]] = (day + dt.timedelta(days=400 + 30 * offset)).isoformat()
            if not fact["required"] and rng.random() < 0.4:
                answers[fact["name"]] = ""  # unanswered: tasks counted from it have no date
        return {
            "name": rng.choice(VALID_NAMES),
            "kickoff": day.isoformat(),
            "answers": answers,
            "roles": {role.id: rng.choice(PEOPLE) for role in playbook.meta.roles},
        }
    kickoff = (
        day.isoformat()
        if rng.random() < 0.9
        else rng.choice(["2027-02-29", "", "3000-01-01", "1899-12-31", " 2027-03-01 "])
    )
    return {
        "name": rng.choice(NAMES),
        "kickoff": kickoff,
        "answers": {fact["name"]: _raw_answer(rng, fact) for fact in facts if rng.random() < 0.95},
        "roles": {role.id: rng.choice(PEOPLE) for role in playbook.meta.roles},
    }


def fill_case(
    rng: random.Random, playbook: Playbook, text: str, today: dt.date
) -> dict[str, Any] | None:
    """A project started from a valid form, with progress recorded on a random part of its
    tasks; expected: its checklist, as the project page's data holds it."""
    data = yaml.safe_load(text)
    tasks = [item.id for item in playbook.items if item.id.startswith("task-")]
    risks = [item.id for item in playbook.items if item.id.startswith("risk-")]
    status: dict[str, Any] = {}
    for task_id in rng.sample(tasks, rng.randint(0, len(tasks))) + rng.sample(
        risks, rng.randint(0, len(risks))
    ):
        state = rng.choice(["done", "done", "n/a", "open"])
        entry: dict[str, Any] = {"state": state}
        if state == "done" and rng.random() < 0.7:
            entry["date"] = _date(rng)
        if rng.random() < 0.3:
            entry["note"] = rng.choice(["in-house build", "vendor: Acme, Inc."])
        status[task_id] = entry
    data["status"] = status
    kickoff = data["kickoff"]
    data["risks"] = {
        risk_id: _override(rng, tasks, kickoff)
        for risk_id in rng.sample(risks, rng.randint(0, len(risks)))
    }
    if rng.random() < 0.6:
        # Near the kickoff, so that some tasks are overdue, some due soon, some later.
        today = kickoff + dt.timedelta(days=rng.randint(-20, 300))
    raw = yaml.safe_dump(data, sort_keys=False, allow_unicode=True).encode("utf-8")
    try:
        project = validate_project_document(
            parse_document(raw, Path("p.yaml"), "p.yaml"), {playbook.id: playbook}
        )
    except ContentError:
        return None
    return {
        "kind": "fill",
        "input": {
            "playbook": playbook.id,
            "project": project_input(project),
            "today": today.isoformat(),
        },
        "expected": checklist_data(fill(project, today)),
    }


def _override(rng: random.Random, tasks: list[str], kickoff: dt.date) -> dict[str, Any]:
    """A project's view of a risk: any of the inherent ratings, a residual or a log of
    assessments (unsorted, several on one day), a target, a proximity, mitigating tasks."""
    override: dict[str, Any] = {}
    if rng.random() < 0.3:
        override["likelihood"] = rng.randint(1, 5)
    if rng.random() < 0.3:
        override["impact"] = rng.randint(1, 5)
    pick = rng.random()
    if pick < 0.3:
        override["residual"] = {"likelihood": rng.randint(1, 5), "impact": rng.randint(1, 5)}
    elif pick < 0.75:
        days = [kickoff + dt.timedelta(days=rng.randint(-10, 200)) for _ in range(3)]
        # Few days, so equal dates are common; few ratings, so equal scores (steady) are too.
        ratings = [(rng.randint(1, 5), rng.randint(1, 5)) for _ in range(2)]
        override["assessments"] = [
            {
                "date": rng.choice(days),
                "likelihood": likelihood,
                "impact": impact,
                **({"note": "looked again"} if rng.random() < 0.3 else {}),
            }
            for likelihood, impact in (rng.choice(ratings) for _ in range(rng.randint(1, 5)))
        ]
    if rng.random() < 0.4:
        override["target"] = rng.randint(1, 25)
    if rng.random() < 0.4:
        override["proximity"] = (
            kickoff + dt.timedelta(days=rng.randint(0, 400))
            if rng.random() < 0.5
            else rng.choice(PHASES)
        )
    if rng.random() < 0.35:
        override["mitigated_by"] = _mitigating(rng, tasks, empty=0.25)
    if rng.random() < 0.2:
        override["note"] = "watch it"
    return override


def reporting_defaults_case() -> dict[str, Any]:
    return {
        "kind": "reporting_defaults",
        "input": {},
        "expected": {"reporting": reporting_data(Reporting()), "measures": list(MEASURES)},
    }


# --- project files and marks -----------------------------------------------------------------

_PROJECT_HEAD = "# Demo project\nname: Harbour Bank\nplaybook: demo\nkickoff: 2027-02-01\n"


def _project_file(rng: random.Random, ids: list[str]) -> str:
    """A hand-written project file: comments, block or empty or missing status, odd endings."""
    shape = rng.choice(["block", "block", "multi-line", "empty", "missing"])
    lines = [_PROJECT_HEAD.rstrip("\n"), "facts: {team_size: 12}"]
    if shape == "empty":
        lines.append("status: {}" + rng.choice(["", "  # nothing yet"]))
    elif shape != "missing":
        lines.append("status:")
        for item_id in rng.sample(ids, rng.randint(1, len(ids))):
            if shape == "multi-line" and rng.random() < 0.5:
                lines += [f"  {item_id}:", "    state: done", "    date: 2027-02-03"]
            else:
                comment = rng.choice(["", "", "  # agreed in the steering committee", "\t# why"])
                lines.append(f"  {item_id}: {{state: n/a, note: 'it''s in-house'}}{comment}")
            if rng.random() < 0.3:
                lines.append(rng.choice(["  # a comment", "", "# a comment at column 1"]))
    if rng.random() < 0.5:
        lines.append("risks: {}  # none yet")
    newline = rng.choice(["\n", "\n", "\r\n"])
    text = newline.join(lines) + (newline if rng.random() < 0.8 else "")
    return ("\ufeff" if rng.random() < 0.1 else "") + text


def _marks(rng: random.Random, ids: list[str]) -> list[Mark]:
    marks = []
    for item_id in rng.sample(ids, rng.randint(1, len(ids))):
        state = rng.choice(["done", "n/a", "open"])
        date = _date(rng) if state == "done" or rng.random() < 0.2 else None
        note = rng.choice(["", "", "in-house build", "vendor: Acme, Inc.", 'said "no"', "yes"])
        marks.append(Mark(item_id, state, date, note))  # type: ignore[arg-type]
    return marks


def mark_case(rng: random.Random) -> dict[str, Any]:
    ids = [f"item-{n}" for n in range(rng.randint(1, 6))]
    text = _project_file(rng, ids)
    document = parse_document(text.encode("utf-8"), Path("p.yaml"), "p.yaml")
    anchors = status_anchors(document)
    marks = _marks(rng, ids)
    return {
        "kind": "mark",
        "input": {
            "text": text,
            "anchors": anchors.as_json(),
            "marks": [mark.as_json() for mark in marks],
        },
        "expected": {"text": apply_marks(text, anchors, marks)},
    }


# --- self-assessments --------------------------------------------------------------------------

# Ids YAML would read as something else ('2027' a number, 'no' a boolean) are written quoted.
PRACTICE_IDS = ["scope", "risk-log", "2027", "no", "null", "team-talk", "a", "vendors"]
AREAS = ["governance", "risk", "change-management", "other", None, None]
ACTIONS = [
    "Review the register monthly",
    "yes",
    'Ask the sponsor: "why?"',
    "Straße & Ærø — 2nd run",
    "#1 priority",
    "it's agreed",
    "x" * 300,
]


def _assessment(
    rng: random.Random, practices: list[PracticeRef], day: dt.date
) -> PracticeAssessment:
    scored = rng.sample(practices, rng.randint(1, len(practices)))
    scores = {p.id: rng.randint(0, 4) for p in sorted(scored, key=practices.index)}
    actions = {p: rng.choice(ACTIONS) for p in scores if rng.random() < 0.3}
    return PracticeAssessment(date=day, scores=scores, actions=actions)


def _flow_entry(entry: PracticeAssessment) -> str:
    def mapping(values: dict[str, Any]) -> str:
        return ", ".join(
            f"{yaml_scalar(key)}: {yaml_scalar(value)}" for key, value in values.items()
        )

    actions = f", actions: {{{mapping(entry.actions)}}}" if entry.actions else ""
    return f"- {{date: {entry.date.isoformat()}, scores: {{{mapping(entry.scores)}}}{actions}}}"


def _assessed_file(rng: random.Random, log: list[PracticeAssessment], shape: str) -> str:
    """A hand-written project file holding ``log`` in the given shape."""
    lines = [_PROJECT_HEAD.rstrip("\n"), "facts: {team_size: 12}"]
    if rng.random() < 0.5:
        lines.append("status: {}")
    if shape == "empty":
        lines.append("assessments: []" + rng.choice(["", "  # none yet"]))
    elif shape == "flow":
        lines.append(f"assessments: [{_flow_entry(log[0])[2:]}]")
    elif shape == "block":
        lines.append("assessments:" + rng.choice(["", "  # oldest first"]))
        indent = rng.choice(["  ", "  ", "", "    "])
        for entry in log:
            if rng.random() < 0.4:
                lines.append(indent + _flow_entry(entry))
            else:
                new = NewAssessment(
                    entry.date, tuple(entry.scores.items()), tuple(entry.actions.items())
                )
                lines += assessment_lines(new, indent)
            if rng.random() < 0.3:
                lines.append(rng.choice(["", indent + "# with the sponsor", "# at column 1"]))
    if rng.random() < 0.5:
        lines.append(rng.choice(["risks: {}  # none yet", "# the end", "archived: {}"]))
    newline = rng.choice(["\n", "\n", "\r\n"])
    text = newline.join(lines) + (newline if rng.random() < 0.8 else "")
    return ("\ufeff" if rng.random() < 0.1 else "") + text


def assess_case(rng: random.Random) -> dict[str, Any]:
    ids = rng.sample(PRACTICE_IDS, rng.randint(1, 6))
    practices = [PracticeRef(i, f"Practice {i}", rng.choice(AREAS)) for i in ids]
    shape = rng.choice(["missing", "empty", "block", "block", "block", "flow"])
    log: list[PracticeAssessment] = []
    day = dt.date(2027, 1, 1) + dt.timedelta(days=rng.randint(0, 400))
    if shape in ("block", "flow"):
        for _ in range(1 if shape == "flow" else rng.randint(1, 4)):
            log.append(_assessment(rng, practices, day))
            day += dt.timedelta(days=rng.randint(1, 60))
    text = _assessed_file(rng, log, shape)
    anchors = assessment_anchors(parse_document(text.encode("utf-8"), Path("p.yaml"), "p.yaml"))
    new = _assessment(rng, practices, day)
    order = {p.id: index for index, p in enumerate(practices)}
    assessment = NewAssessment(
        new.date,
        tuple(sorted(new.scores.items(), key=lambda pair: order[pair[0]])),
        tuple(sorted(new.actions.items(), key=lambda pair: order[pair[0]])),
    )
    case: dict[str, Any] = {
        "kind": "assess",
        "input": {
            "practices": [practice_data(p) for p in practices],
            "assessments": [log_entry_data(entry) for entry in log],
            "text": text,
            "anchors": anchors.as_json(),
            "assessment": assessment.as_json(),
        },
    }
    try:
        edited = add_assessment(text, anchors, assessment)
    except ValueError as error:
        return {**case, "error": {"message": str(error)}}
    maturity = maturity_summary(practices, [*log, assessment.as_model()])
    return {**case, "expected": {"text": edited, "maturity": maturity}}


def make_cases(seed: int = SEED) -> dict[str, Any]:
    """``{"playbooks": {id: data}, "cases": [...]}``; a kickoff case names its playbook."""
    rng = random.Random(seed)
    playbooks: dict[str, Any] = {}
    cases: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for number in range(PLAYBOOKS):
            files = _playbook_files(rng, number)
            playbook = _validated(root, number, files, _holidays(rng))
            if playbook is None:
                continue
            playbooks[playbook.id] = playbook_data(playbook)
            texts: list[str] = []
            for _ in range(FORMS_PER_PLAYBOOK):
                form = _form(rng, playbook, files)
                today = _date(rng)
                expected = kickoff_form(playbook, form, today)
                if expected["text"] is not None:
                    texts.append(expected["text"])
                cases.append(
                    {
                        "kind": "kickoff",
                        "input": {
                            "playbook": playbook.id,
                            "form": form,
                            "today": today.isoformat(),
                        },
                        "expected": expected,
                    }
                )
            for text in texts[:FILLS_PER_PLAYBOOK]:
                case = fill_case(rng, playbook, text, _date(rng))
                if case is not None:
                    cases.append(case)
    cases += [mark_case(rng) for _ in range(MARK_CASES)]
    cases.append(reporting_defaults_case())
    # A generator of their own, so that the cases above stay as they were.
    assessing = random.Random(f"assess-{seed}")
    cases += [assess_case(assessing) for _ in range(ASSESS_CASES)]
    numbered = [{"id": index, **case} for index, case in enumerate(cases)]
    return {"seed": seed, "playbooks": playbooks, "cases": numbered}


def cases_text(suite: dict[str, Any]) -> str:
    """JSON with one playbook and one case a line: small, and a change shows as a line diff."""

    def one(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    playbooks = ",\n".join(f"{one(key)}:{one(value)}" for key, value in suite["playbooks"].items())
    cases = ",\n".join(one(case) for case in suite["cases"])
    return f'{{"seed":{suite["seed"]},\n"playbooks":{{\n{playbooks}}},\n"cases":[\n{cases}]}}\n'


if __name__ == "__main__":
    CASES_FILE.parent.mkdir(parents=True, exist_ok=True)
    made = make_cases()
    CASES_FILE.write_text(cases_text(made), encoding="utf-8")
    cases = made["cases"]
    kinds = {
        kind: sum(1 for c in cases if c["kind"] == kind)
        for kind in ("kickoff", "fill", "mark", "reporting_defaults", "assess")
    }
    print(f"wrote {len(cases)} cases to {CASES_FILE}: {kinds}")
