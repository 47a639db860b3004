"""A synthetic organization in the real file format, for the benchmark.

``write_organization(root, items, projects)`` writes the repository's ``mkdocs.yml`` and theme
overrides, a home page, playbooks of up to 500 items (every kind, cross-links, conditions on the
facts, fill-in templates) and projects (facts, roles, ticked tasks, risk overrides). The text is
PMO prose from a small word list and a seeded generator: the same arguments write the same files.

    python -m benchmarks.synthetic DIR [--items 5000] [--projects 300]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]
TODAY = dt.date(2027, 3, 1)  # builds and checklists run with --today: "overdue" is reproducible
PLAYBOOK_ITEMS = 500
# The word list: {slot} in a sentence or title takes one of its words ({Slot}: capitalised).
WORDS: dict[str, list[str]] = yaml.safe_load("""
noun: [stakeholder map, business case, benefits register, risk register, decision log, change
  request, scope baseline, milestone plan, release plan, product backlog, status report, RACI
  matrix, communication plan, training plan, cutover plan, rollback plan, test strategy, data
  migration, integration design, vendor contract, service level, budget forecast, resource plan,
  dependency map, quality gate, acceptance criteria, handover pack, operating model, target
  architecture, security baseline, audit trail]
adj: [realistic, shared, signed-off, lightweight, detailed, written, visible, phased, funded,
  measurable, prioritised, documented, tested, weekly, cross-team, single]
verb: [agree, review, baseline, publish, prioritise, track, escalate, refresh, validate, sign off,
  plan, test, simplify, communicate, reconcile, rehearse]
problem: [delay, overrun, rework, surprise, handover gap, missed dependency, late decision,
  unplanned cost, quality defect, resource conflict, scope dispute]
team: [delivery team, PMO, architecture board, change network, operations team, finance team,
  vendor team, service desk, business owners]
meeting: [steering committee, weekly stand-up, monthly review, stage gate, sprint review,
  portfolio board, risk review, release readiness review]
milestone: [kickoff, design sign-off, build complete, system test, user acceptance, go-live,
  cutover weekend, hypercare exit, project closure]
period: [week, fortnight, month, quarter, sprint, stage]
role: [executive sponsor, programme manager, PMO lead, solution architect, change lead,
  compliance officer, product owner]
industry: [banking, insurance, retail, healthcare, public sector, manufacturing]
n: ['2', '3', '5', '10']
tag: [governance, budget, schedule, scope, quality, vendors, procurement, people, training, data,
  communication, stakeholders, integration, security, compliance, architecture, testing, cutover,
  benefits, reporting, agile, change, cloud, KPIs, RAID]
person: [Dana Ruiz, Lee Chen, Sam Okafor, Priya Nair, Tom Becker, Maria Lopez, Élodie Martin,
  Kenji Watanabe, Fatima Zahra, Ines Costa]
theme: [Digital transformation, Cloud migration, ERP roll-out, Data platform, Customer channels,
  Regulatory change, Vendor transition, Agile delivery]
subject: [Core Banking, Claims Platform, Online Store, Patient Portal, ERP, Billing, Data
  Warehouse, Contact Centre, Supply Chain, HR Self-Service, Identity]
action: [Revamp, Cloud Move, Roll-out, Consolidation, Modernisation, Replacement]
condition: [regulated, not regulated, uses_vendors, "industry in ['banking', 'insurance']",
  team_size >= 50, channels contains 'mobile', regulated and team_size >= 20,
  target_go_live <= 2028-06-30]
sentence:
  - Agree the {noun} with the {role} before {milestone}.
  - Without a {adj} {noun}, the {team} cannot {verb} the {noun2} on time.
  - The PMO tracks the {noun} in the {noun2} and reviews it at every {meeting}.
  - Teams that {verb} the {noun} early report fewer cases of {problem} near {milestone}.
  - Record each change to the {noun} with an owner, a date and the reason.
  - If the {noun} changes, update the {noun2} and tell the {team} the same {period}.
  - Review the {noun} with the {team} every {period}, and keep the outcome visible.
  - Most cases of {problem} start as a small gap in the {noun}.
  - Allow {n} days for the {noun} in each {period}.
  - Ask the {role} to {verb} the {noun} in writing, not in a hallway conversation.
  - Link the {noun} to the {noun2} so that nobody has to reconcile them by hand.
  - "Keep the {noun} short: a page that the {role} reads beats forty pages that nobody does."
  - Escalate to the {meeting} when the {noun} slips by more than one {period}.
question:
  - Who decides on the {noun}?
  - How will we know that the {noun} is {adj} enough?
  - When does the {meeting} review the {noun}?
  - What happens to the {noun2} if the {noun} slips?
""")
WORDS["noun2"] = WORDS["noun"]
TITLES = {
    "practice": ("{Verb} the {noun} before {milestone}", "Keep a {adj} {noun}"),
    "risk": ("{Noun} causes {problem} at {milestone}", "{Problem} in the {noun}"),
    "case_studies": ("{Industry} PMO fixes its {noun}", "{Noun} turnaround in {industry}"),
    "faq": ("Who owns the {noun}?", "When should we {verb} the {noun}?"),
    "scope": ("{Noun} for the {team}", "The {noun} and the {noun2}"),
    "task": ("{Verb} the {noun}", "{Verb} the {noun} with the {team}"),
}
# Each kind's share of a playbook's items, in twentieths.
SHARES = {"task": 5, "risk": 4, "practice": 4, "faq": 3, "scope": 2, "case_studies": 2}
KINDS = [kind for kind, share in SHARES.items() for _ in range(share)]
FILES = {"practice": "practices", "risk": "risks", "faq": "faqs", "task": "tasks"}
PHASES = ("initiate", "plan", "execute", "monitor", "close")
DUE_DAYS = {"initiate": (-21, -1), "plan": (0, 21), "execute": (21, 140), "monitor": (28, 280)}
PLAYBOOK = yaml.safe_load("""
roles:
  - {id: sponsor, title: Executive sponsor}
  - {id: pm, title: Programme manager}
  - {id: pmo-lead, title: PMO lead}
  - {id: architect, title: Solution architect}
  - {id: change-lead, title: Change management lead}
facts:
  - {name: industry, type: choice, prompt: 'Which industry?', choices: [banking, insurance, other]}
  - {name: regulated, type: boolean, prompt: 'Is it regulated?'}
  - {name: uses_vendors, type: boolean, prompt: 'Will vendors deliver part of it?', default: true}
  - {name: team_size, type: integer, prompt: 'How many people work on it at its peak?',
     invalid_message: 'Enter a whole number, for example 12 or 80.'}
  - {name: channels, type: multi-choice, prompt: 'Which customer channels does it change?',
     choices: [web, mobile, store, branch], required: false}
  - {name: target_go_live, type: date, prompt: 'Target go-live date?', required: false}
risk_bands: {medium: 5, high: 10, critical: 16}
""")
ROLES = [role["id"] for role in PLAYBOOK["roles"]]
SCOPE_TEMPLATE = """\
Sponsor: {{ roles.sponsor }} · Programme manager: {{ roles.pm }} · Kickoff: {{ project.kickoff }}

| # | Item | Owner | Date |
|---|------|-------|------|
| 1 | | | |
{% if facts.regulated %}
- **Regulatory approvals:** _list them_
{% endif %}
"""
_SLOT = re.compile(r"\{(\w+)\}")


class Writer:
    """PMO prose from one ``random.Random``: titles, sentences, paragraphs, lists."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def say(self, template: str) -> str:
        def pick(match: re.Match[str]) -> str:
            word = self.rng.choice(WORDS[match[1].lower()])
            return word[0].upper() + word[1:] if match[1][0].isupper() else word

        text = _SLOT.sub(pick, template)
        return text[0].upper() + text[1:]

    def sentences(self, low: int, high: int) -> str:
        count = self.rng.randint(low, high)
        return " ".join(self.say(self.rng.choice(WORDS["sentence"])) for _ in range(count))

    def bullets(self, low: int, high: int) -> list[str]:
        return [self.sentences(1, 1) for _ in range(self.rng.randint(low, high))]

    def paragraphs(self, low: int, high: int) -> str:
        """Markdown: a few paragraphs, now and then a bold phrase or a short list."""
        blocks = [self.sentences(2, 5) for _ in range(self.rng.randint(low, high))]
        if self.rng.random() < 0.3:
            blocks[0] += f" The **{self.rng.choice(WORDS['noun'])}** is where it goes wrong."
        if self.rng.random() < 0.35:
            blocks.append("\n".join(f"- {line}" for line in self.bullets(2, 4)))
        return "\n\n".join(blocks) + "\n"


def slug(text: str, limit: int = 60) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:limit].rstrip("-")


def _fields(w: Writer, kind: str, phase: str, practices: list[str]) -> dict[str, Any]:
    """The fields of one item beyond those every kind has."""
    rng = w.rng
    if kind == "practice":
        return {"why": w.paragraphs(1, 3), "how": w.bullets(3, 6), "pitfalls": w.bullets(1, 3)}
    if kind == "risk":
        return {
            "category": rng.choice(("technology", "people", "financial", "vendor", "data")),
            "description": w.paragraphs(1, 2),
            "likelihood": rng.randint(1, 5),
            "impact": rng.randint(1, 5),
            "warning_signs": w.bullets(2, 4),
            "response": rng.choice(("avoid", "mitigate", "transfer", "accept", "escalate")),
            "mitigation": w.bullets(2, 5),
            "owner_role": rng.choice(ROLES),
            "practices": rng.sample(practices, min(2, len(practices))),
        }
    if kind == "case_studies":
        industry = rng.choice(("banking", "insurance", "retail", "healthcare"))
        return {
            "organization_type": f"Regional {industry} organisation",
            "industry": industry,
            "challenge": w.paragraphs(1, 2),
            "pmo_role": w.paragraphs(1, 1),
            "approach": w.bullets(3, 5),
            "outcome": w.paragraphs(1, 2),
            "metrics": [{"name": "Lead time", "value": f"-{rng.randint(5, 60)}%"}],
            "lessons": w.bullets(2, 4),
        }
    if kind == "faq":
        return {"question": w.say(rng.choice(WORDS["question"])), "answer": w.paragraphs(1, 3)}
    if kind == "scope":
        return {
            "section": rng.choice(("objectives", "in-scope", "deliverables", "constraints")),
            "guidance": w.paragraphs(1, 2),
            "questions": [w.say(rng.choice(WORDS["question"])) for _ in range(rng.randint(2, 4))],
            "template": SCOPE_TEMPLATE,
        }
    days = rng.randint(*DUE_DAYS.get(phase, (140, 420)))
    due = f"{days // 7:+d}w" if days % 7 == 0 and days else f"{days:+d}d"
    return {"owner_role": rng.choice(ROLES), "due": due, "description": w.paragraphs(1, 1)}


def _playbook(folder: Path, index: int, items: int, seed: int) -> dict[str, list[str]]:
    """Write one playbook folder; return its item ids by kind."""
    w = Writer(random.Random(f"{seed}:{index}"))
    rng = w.rng
    skeleton: list[tuple[str, str, str]] = []  # kind, id, title: links need every id first
    ids: dict[str, list[str]] = {kind: [] for kind in TITLES}
    seen: set[str] = set()
    for number in range(items):
        kind = KINDS[number * 7 % len(KINDS)]  # 7 and 20 are coprime: every slot, mixed
        title = w.say(rng.choice(TITLES[kind]))
        item_id = slug(title)
        while item_id in seen:
            item_id = f"{slug(title)}-{rng.randint(2, 999)}"
        seen.add(item_id)
        skeleton.append((kind, item_id, title))
        ids[kind].append(item_id)
    every = [item_id for _, item_id, _ in skeleton]
    files: dict[str, list[dict[str, Any]]] = {kind: [] for kind in TITLES}
    for kind, item_id, title in skeleton:
        phase = rng.choice(PHASES[:2] if kind == "scope" else PHASES)
        item: dict[str, Any] = {"id": item_id, "title": title, "phase": phase}
        item["summary"] = w.sentences(1, 2)
        item["tags"] = Flow(sorted(rng.sample(WORDS["tag"], rng.randint(1, 4))))
        item["related"] = [other for other in rng.sample(every, min(5, items)) if other != item_id]
        item |= _fields(w, kind, phase, ids["practice"])
        if kind in ("risk", "task", "scope") and rng.random() < 0.25:
            item["condition"] = rng.choice(WORDS["condition"])
        files[kind].append(item)
    folder.mkdir(parents=True)
    theme = WORDS["theme"][index % len(WORDS["theme"])]
    meta = {"id": folder.name, "title": f"{theme} playbook {index + 1}"}
    meta |= {"description": w.paragraphs(2, 3), "version": "1.0.0", **PLAYBOOK}
    _dump(folder / "playbook.yaml", meta, "playbook")
    for kind, entries in files.items():
        key = FILES.get(kind, kind)
        _dump(folder / f"{key.replace('_', '-')}.yaml", {key: entries}, key.replace("_", "-"))
    return ids


def _project(
    rng: random.Random, name: str, playbook: str, ids: dict[str, list[str]]
) -> dict[str, Any]:
    kickoff = dt.date(2026, 10, 5) + dt.timedelta(weeks=rng.randint(0, 20))
    facts = {
        "industry": rng.choice(("banking", "insurance", "other")),
        "regulated": rng.random() < 0.5,
        "uses_vendors": rng.random() < 0.8,
        "team_size": rng.randint(5, 120),
        "channels": Flow(sorted(rng.sample(("web", "mobile", "store", "branch"), 2))),
        "target_go_live": kickoff + dt.timedelta(weeks=rng.randint(30, 90)),
    }
    status: dict[str, FlowMap] = {}
    for task in ids["task"]:
        done, draw = kickoff + dt.timedelta(days=rng.randint(-21, 14)), rng.random()
        if draw < 0.35 and done <= TODAY:
            status[task] = FlowMap(state="done", date=done)
        elif draw < 0.40:
            status[task] = FlowMap(state="n/a", note="not needed for this programme")
    risks = {
        risk: FlowMap(likelihood=rng.randint(1, 5), impact=rng.randint(1, 5))
        for risk in rng.sample(ids["risk"], min(3, len(ids["risk"])))
    }
    people = rng.sample(WORDS["person"], len(ROLES) - 1)  # one role left open, as in real life
    return {
        "name": name,
        "playbook": playbook,
        "playbook_version": "1.0.0",
        "kickoff": kickoff,
        "facts": facts,
        "roles": dict(zip(ROLES, people, strict=False)),
        "status": status,
        "risks": risks,
    }


def write_organization(root: Path, items: int, projects: int, seed: int = 2027) -> str | None:
    """Write ``items`` item pages and ``projects`` projects into ``root`` (a new folder).

    Returns the slug of the project with the longest checklist, the one whose checklist is timed
    (None without projects).
    """
    root.mkdir(parents=True)
    # The repository's site setup (theme overrides, stylesheet); its pages link to its playbooks.
    shutil.copyfile(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "overrides", root / "overrides")
    shutil.copytree(REPO / "content", root / "content", ignore=shutil.ignore_patterns("*.md"))
    home = "# The PMO playbook (synthetic)\n\n[Playbooks](playbooks/index.md), [projects]"
    (root / "content" / "index.md").write_text(home + "(projects/index.md).\n", encoding="utf-8")
    count, playbooks = -(-items // PLAYBOOK_ITEMS), {}  # as even as can be
    for index in range(count):
        folder, size = root / "playbooks" / f"playbook-{index + 1:02d}", items // count
        playbooks[folder.name] = _playbook(folder, index, size + (index < items % count), seed)
    rng, slugs = random.Random(f"{seed}:projects"), []
    names = [f"{subject} {action}" for action in WORDS["action"] for subject in WORDS["subject"]]
    (root / "projects").mkdir()
    for index in range(projects):
        name = names[index % len(names)] + (f" {index // len(names) + 1}" * (index >= len(names)))
        playbook = list(playbooks)[index % len(playbooks)]
        data = _project(rng, name, playbook, playbooks[playbook])
        if index == 0:  # facts under which most conditions hold: the longest checklist
            data["facts"] |= {"industry": "banking", "regulated": True, "uses_vendors": True}
            data["facts"] |= {"team_size": 65, "target_go_live": dt.date(2028, 3, 31)}
        slugs.append(slug(name, 80))
        _dump(root / "projects" / f"{slugs[-1]}.yaml", data, "project", "../schemas")
    return slugs[0] if slugs else None


class Flow(list[str]):
    """A short list written on one line, like ``tags: [budget, scope]``."""


class FlowMap(dict[str, Any]):
    """A small mapping written on one line, like ``{state: done, date: 2027-01-20}``."""


class _Dumper(yaml.SafeDumper):
    """Written like the hand-made files: block style, ``|`` for multi-line text, no aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


_Dumper.add_representer(
    str, lambda d, s: d.represent_scalar("tag:yaml.org,2002:str", s, "|" if "\n" in s else None)
)
_Dumper.add_representer(Flow, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", v, True))
_Dumper.add_representer(FlowMap, lambda d, v: d.represent_mapping("tag:yaml.org,2002:map", v, True))


def _dump(path: Path, data: Any, schema: str, schemas: str = "../../schemas") -> None:
    text = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
    header = f"# yaml-language-server: $schema={schemas}/{schema}.schema.json\n"
    path.write_text(header + text, encoding="utf-8")


def at_least(least: int) -> Callable[[str], int]:
    """An argparse type: a whole number of at least ``least``."""

    def parse(value: str) -> int:
        if not value.isdigit() or int(value) < least:
            raise argparse.ArgumentTypeError(
                f"expected a whole number of at least {least}, not {value!r}"
            )
        return int(value)

    return parse


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.synthetic")
    parser.add_argument("root", type=Path, help="a folder to create")
    parser.add_argument("--items", type=at_least(1), default=5000)
    parser.add_argument("--projects", type=at_least(0), default=300)
    args = parser.parse_args()
    write_organization(args.root, args.items, args.projects)
    print(f"Wrote {args.items} items and {args.projects} projects into {args.root}")


if __name__ == "__main__":
    main()
