"""A synthetic organization in the real file format, sized in site pages, for the benchmark.

``write_organization(root, pages)`` writes ``mkdocs.yml`` (a copy of the repository's),
``content/index.md``, ``playbooks/<id>/`` (``playbook.yaml`` and every kind file) and
``projects/*.yaml``. The text is varied PMO prose from a seeded generator, items link to each
other, some carry conditions on the playbook's facts, and projects record task statuses and
risk overrides. The same seed and size always give the same files.

    python -m benchmarks.synthetic DIR [--size 5k] [--seed 2027]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from benchmarks import vocabulary as v
from benchmarks.presets import PRESETS, Layout, layout_for, pages_of
from benchmarks.prose import Prose, slug
from generator.model.fields import PHASES, SCOPE_SECTIONS

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SEED = 2027
# kind name -> (file, top-level key, share of a playbook's items)
KIND_FILES: dict[str, tuple[str, str, float]] = {
    "practice": ("practices.yaml", "practices", 0.20),
    "risk": ("risks.yaml", "risks", 0.20),
    "case-study": ("case-studies.yaml", "case_studies", 0.10),
    "faq": ("faqs.yaml", "faqs", 0.15),
    "scope": ("scope.yaml", "scope", 0.10),
    "task": ("tasks.yaml", "tasks", 0.25),
}
CONDITIONED_KINDS = ("risk", "task", "scope")
CONDITION_SHARE = 0.25
# Due offsets by phase, in days from kickoff.
DUE_WINDOWS = {
    "initiate": (-21, -1),
    "plan": (0, 21),
    "execute": (21, 140),
    "monitor": (28, 280),
    "close": (210, 420),
}
FIRST_KICKOFF = dt.date(2027, 1, 4)
TODAY = dt.date(2027, 3, 1)  # the benchmark builds with --today, so "overdue" is reproducible


@dataclass(frozen=True)
class Organization:
    """What was written, and what the measures need to know about it."""

    root: Path
    layout: Layout
    playbook_ids: tuple[str, ...]
    project_slugs: tuple[str, ...]
    checklist_project: str  # a project of the big playbook, with facts that keep most items
    big_playbook: str


class Flow(list[str]):
    """A short list written on one line, like ``tags: [budget, scope]``."""


class FlowMap(dict[str, Any]):
    """A small mapping written on one line, like ``{state: done, date: 2027-01-20}``."""


class _Dumper(yaml.SafeDumper):
    """Written like the hand-made files: block style, ``|`` for multi-line text, no aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _represent_flow(dumper: yaml.SafeDumper, value: Flow) -> yaml.SequenceNode:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=True)


def _represent_flow_map(dumper: yaml.SafeDumper, value: FlowMap) -> yaml.MappingNode:
    return dumper.represent_mapping("tag:yaml.org,2002:map", value, flow_style=True)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(Flow, _represent_flow)
_Dumper.add_representer(FlowMap, _represent_flow_map)


def _dump(path: Path, data: Any, schema: str | None = None) -> None:
    header = "# Synthetic benchmark content (benchmarks/synthetic.py); regenerate, do not edit.\n"
    if schema:
        header = f"# yaml-language-server: $schema={schema}\n" + header
    body = yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=100,
        indent=2,
        default_flow_style=False,
    )
    path.write_text(header + body, encoding="utf-8")


def kind_counts(total: int) -> dict[str, int]:
    """Split ``total`` items over the six kinds by share, at least one of each."""
    raw = {kind: max(1.0, total * share) for kind, (_, _, share) in KIND_FILES.items()}
    counts = {kind: int(value) for kind, value in raw.items()}
    order = sorted(raw, key=lambda kind: raw[kind] - counts[kind], reverse=True)
    index = 0
    while sum(counts.values()) < total:
        counts[order[index % len(order)]] += 1
        index += 1
    while sum(counts.values()) > total:
        biggest = max(counts, key=lambda kind: counts[kind])
        counts[biggest] -= 1
    return counts


class _PlaybookBuilder:
    """One playbook's items: titles and ids first, then fields that link to other items."""

    def __init__(self, rng: random.Random, playbook_id: str, items: int) -> None:
        self.rng = rng
        self.id = playbook_id
        self.prose = Prose(rng, tuple(title for _, title in v.ROLES))
        self.role_ids = tuple(role for role, _ in v.ROLES)
        self.skeleton: list[tuple[str, str, str]] = []  # (kind, id, title)
        titles: set[str] = set()
        ids: set[str] = set()
        for kind, count in kind_counts(items).items():
            for _ in range(count):
                title = self._unique_title(kind, titles)
                item_id = self._unique_id(slug(title), ids)
                self.skeleton.append((kind, item_id, title))
        self.ids = tuple(item_id for _, item_id, _ in self.skeleton)
        self.practice_ids = tuple(i for kind, i, _ in self.skeleton if kind == "practice")

    def _unique_title(self, kind: str, seen: set[str]) -> str:
        title = self.prose.title(kind)
        for _ in range(20):
            if title not in seen:
                break
            title = self.prose.title(kind)
        base, number = title, 2
        while title in seen:
            title, number = f"{base} ({number})", number + 1
        seen.add(title)
        return title

    @staticmethod
    def _unique_id(base: str, seen: set[str]) -> str:
        item_id, number = base, 2
        while item_id in seen:
            item_id, number = f"{base}-{number}", number + 1
        seen.add(item_id)
        return item_id

    def files(self) -> dict[str, list[dict[str, Any]]]:
        builders: dict[str, Callable[[str, str], dict[str, Any]]] = {
            "practice": self._practice,
            "risk": self._risk,
            "case-study": self._case_study,
            "faq": self._faq,
            "scope": self._scope,
            "task": self._task,
        }
        files: dict[str, list[dict[str, Any]]] = {kind: [] for kind in KIND_FILES}
        for kind, item_id, title in self.skeleton:
            files[kind].append(builders[kind](item_id, title))
        return files

    def _base(self, item_id: str, title: str, phase: str | None) -> dict[str, Any]:
        others = [other for other in self.ids if other != item_id]
        related = self.rng.sample(others, min(len(others), self.rng.randint(2, 5)))
        data: dict[str, Any] = {
            "id": item_id,
            "title": title,
            "summary": self.prose.sentences(1, 2),
            "tags": Flow(self.prose.tags()),
        }
        if phase is not None:
            data["phase"] = phase
        data["related"] = related
        return data

    def _phase(self) -> str:
        return self.rng.choice(PHASES)

    def _maybe_condition(self, data: dict[str, Any]) -> None:
        if self.rng.random() < CONDITION_SHARE:
            data["condition"] = self.rng.choice(v.CONDITIONS)

    def _practice(self, item_id: str, title: str) -> dict[str, Any]:
        data = self._base(item_id, title, self._phase())
        data["why"] = self.prose.paragraphs(1, 3)
        data["how"] = self.prose.bullet_texts(3, 6)
        data["pitfalls"] = self.prose.bullet_texts(1, 3)
        return data

    def _risk(self, item_id: str, title: str) -> dict[str, Any]:
        data = self._base(item_id, title, self._phase())
        data["category"] = self.rng.choice(v.RISK_CATEGORIES)
        data["description"] = self.prose.paragraphs(1, 2)
        data["likelihood"] = self.rng.randint(1, 5)
        data["impact"] = self.rng.randint(1, 5)
        data["warning_signs"] = self.prose.bullet_texts(2, 4)
        data["response"] = self.rng.choice(v.RESPONSES)
        data["mitigation"] = self.prose.bullet_texts(2, 5)
        data["owner_role"] = self.rng.choice(self.role_ids)
        if self.practice_ids:
            count = min(len(self.practice_ids), self.rng.randint(1, 2))
            data["practices"] = self.rng.sample(self.practice_ids, count)
        self._maybe_condition(data)
        return data

    def _case_study(self, item_id: str, title: str) -> dict[str, Any]:
        data = self._base(item_id, title, self._phase())
        industry = self.rng.choice(v.INDUSTRIES)
        size = self.rng.choice(("Regional", "National", "Global", "Mid-sized", "Public"))
        data["organization_type"] = f"{size} {industry.replace('-', ' ')} organisation"
        data["industry"] = industry
        data["challenge"] = self.prose.paragraphs(1, 2)
        data["pmo_role"] = self.prose.paragraphs(1, 1)
        data["approach"] = self.prose.bullet_texts(3, 5)
        data["outcome"] = self.prose.paragraphs(1, 2)
        data["metrics"] = [
            {
                "name": self.rng.choice(v.NOUNS).capitalize() + " lead time",
                "value": f"{self.rng.randint(5, 60)}% shorter",
                "illustrative": self.rng.random() < 0.5,
            }
            for _ in range(self.rng.randint(0, 3))
        ]
        data["lessons"] = self.prose.bullet_texts(2, 4)
        if self.rng.random() < 0.5:
            data["source"] = "Internal lessons-learned review (synthetic benchmark content)."
        return data

    def _faq(self, item_id: str, title: str) -> dict[str, Any]:
        data = self._base(item_id, title, self._phase() if self.rng.random() < 0.7 else None)
        data["question"] = title if title.endswith("?") else f"{title}?"
        data["answer"] = self.prose.paragraphs(1, 3)
        return data

    def _scope(self, item_id: str, title: str) -> dict[str, Any]:
        data = self._base(item_id, title, self.rng.choice(("initiate", "plan")))
        data["section"] = self.rng.choice(SCOPE_SECTIONS)
        data["guidance"] = self.prose.paragraphs(1, 2)
        data["questions"] = [self.prose.question() for _ in range(self.rng.randint(2, 4))]
        data["template"] = (
            "Sponsor: {{ roles.sponsor }} · Programme manager: {{ roles.pm }} · "
            "Kickoff: {{ project.kickoff }}\n\n"
            "Industry: {{ facts.industry }}; team of about {{ facts.team_size }} people.\n\n"
            "| # | Item | Owner | Date |\n|---|------|-------|------|\n| 1 | | | |\n| 2 | | | |\n"
            "{% if facts.regulated %}\n- **Regulatory approvals:** _list them_\n{% endif %}\n"
        )
        self._maybe_condition(data)
        return data

    def _task(self, item_id: str, title: str) -> dict[str, Any]:
        phase = self._phase()
        data = self._base(item_id, title, phase)
        data["owner_role"] = self.rng.choice(self.role_ids)
        low, high = DUE_WINDOWS[phase]
        days = self.rng.randint(low, high)
        data["due"] = f"{days // 7:+d}w" if days % 7 == 0 and days else f"{days:+d}d"
        data["description"] = self.prose.paragraphs(1, 1)
        self._maybe_condition(data)
        return data


def _playbook_meta(playbook_id: str, title: str, rng: random.Random) -> dict[str, Any]:
    prose = Prose(rng, tuple(title for _, title in v.ROLES))
    return {
        "id": playbook_id,
        "title": title,
        "description": prose.paragraphs(2, 3),
        "version": "1.0.0",
        "roles": [
            {"id": role, "title": role_title, "description": prose.sentences(1, 2)}
            for role, role_title in v.ROLES
        ],
        "facts": [
            {
                "name": "industry",
                "type": "choice",
                "prompt": "Which industry is the organization in?",
                "choices": list(v.INDUSTRIES),
            },
            {
                "name": "regulated",
                "type": "boolean",
                "prompt": "Is the programme subject to sector regulation?",
            },
            {
                "name": "uses_vendors",
                "type": "boolean",
                "prompt": "Will external vendors deliver part of the work?",
                "default": True,
            },
            {
                "name": "team_size",
                "type": "integer",
                "prompt": "Roughly how many people work on the programme at its peak?",
                "invalid_message": "Enter a whole number, for example 12 or 80.",
            },
            {
                "name": "channels",
                "type": "multi-choice",
                "prompt": "Which customer channels does it change?",
                "choices": list(v.CHANNELS),
                "required": False,
            },
            {
                "name": "target_go_live",
                "type": "date",
                "prompt": "What is the target go-live date?",
                "required": False,
            },
        ],
        "risk_bands": {"medium": 5, "high": 10, "critical": 16},
    }


def _write_playbook(
    folder: Path, playbook_id: str, title: str, items: int, seed: int
) -> dict[str, list[str]]:
    """Write one playbook folder; return its item ids by kind."""
    rng = random.Random(f"{seed}:{playbook_id}")
    folder.mkdir(parents=True)
    _dump(
        folder / "playbook.yaml",
        _playbook_meta(playbook_id, title, rng),
        "../../schemas/playbook.schema.json",
    )
    builder = _PlaybookBuilder(rng, playbook_id, items)
    ids: dict[str, list[str]] = {}
    for kind, entries in builder.files().items():
        file_name, key, _ = KIND_FILES[kind]
        schema = f"../../schemas/{file_name.replace('.yaml', '.schema.json')}"
        _dump(folder / file_name, {key: entries}, schema)
        ids[kind] = [entry["id"] for entry in entries]
    return ids


def _project(
    rng: random.Random, name: str, playbook_id: str, ids: dict[str, list[str]], *, keep_most: bool
) -> dict[str, Any]:
    kickoff = FIRST_KICKOFF + dt.timedelta(weeks=rng.randint(0, 20))
    if keep_most:  # facts under which most conditions hold
        facts: dict[str, Any] = {
            "industry": "banking",
            "regulated": True,
            "uses_vendors": True,
            "team_size": 65,
            "channels": Flow(["web", "mobile", "branch"]),
            "target_go_live": dt.date(2028, 3, 31),
        }
    else:
        facts = {
            "industry": rng.choice(v.INDUSTRIES),
            "regulated": rng.random() < 0.5,
            "uses_vendors": rng.random() < 0.8,
            "team_size": rng.randint(5, 120),
            "channels": Flow(sorted(rng.sample(v.CHANNELS, rng.randint(0, 3)))),
        }
        if rng.random() < 0.5:
            facts["target_go_live"] = kickoff + dt.timedelta(weeks=rng.randint(30, 90))
    people = list(v.PEOPLE)
    rng.shuffle(people)
    roles = {role: people[index] for index, (role, _) in enumerate(v.ROLES) if index % 4 != 3}
    status: dict[str, Any] = {}
    for task_id in ids["task"]:
        draw = rng.random()
        done = kickoff + dt.timedelta(days=rng.randint(-21, 14))
        if draw < 0.35 and done <= TODAY:
            status[task_id] = FlowMap(state="done", date=done)
        elif draw < 0.40:
            status[task_id] = FlowMap(state="n/a", note="not needed for this programme")
        elif draw < 0.45:
            status[task_id] = FlowMap(state="open", note="waiting for the steering committee")
    overrides = {
        risk_id: FlowMap(
            likelihood=rng.randint(1, 5), impact=rng.randint(1, 5), owner=rng.choice(v.PEOPLE)
        )
        for risk_id in rng.sample(ids["risk"], min(3, len(ids["risk"])))
    }
    return {
        "name": name,
        "playbook": playbook_id,
        "playbook_version": "1.0.0",
        "kickoff": kickoff,
        "facts": facts,
        "roles": roles,
        "status": status,
        "risks": overrides,
    }


def _project_names(count: int) -> list[str]:
    names = [
        f"{subject} {action}" for action in v.PROGRAMME_ACTIONS for subject in v.PROGRAMME_SUBJECTS
    ]
    return [
        names[index % len(names)] + (f" {index // len(names) + 1}" if index >= len(names) else "")
        for index in range(count)
    ]


HOME_PAGE = """\
---
hide:
  - navigation
---
# The PMO playbook (synthetic benchmark)

This site is generated from synthetic playbooks to measure how the generator and MkDocs scale.

- [Playbooks](playbooks/index.md) lists every playbook.
- [Tags](tags/index.md) groups items by topic and facet.
- [Portfolio](projects/index.md) lists every project's kickoff checklist.
"""


def _copy_site_setup(root: Path) -> None:
    """The repository's mkdocs.yml, its theme overrides and the non-page files of content/.

    The hand-written pages are left out: they link to the repository's own playbooks.
    """
    shutil.copyfile(REPO / "mkdocs.yml", root / "mkdocs.yml")
    config = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ConfigLoader)
    theme = config.get("theme") if isinstance(config, dict) else None
    custom_dir = theme.get("custom_dir") if isinstance(theme, dict) else None
    if isinstance(custom_dir, str) and (REPO / custom_dir).is_dir():
        shutil.copytree(REPO / custom_dir, root / custom_dir)
    docs_dir = config.get("docs_dir", "docs") if isinstance(config, dict) else "docs"
    source = REPO / str(docs_dir)
    target = root / "content"
    if str(docs_dir) != "content":
        raise ValueError(f"expected docs_dir: content in mkdocs.yml, got {docs_dir!r}")
    if source.is_dir():
        shutil.copytree(source, target, ignore=shutil.ignore_patterns("*.md"), dirs_exist_ok=True)
    target.mkdir(exist_ok=True)


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, whose ``!!python/name:`` and ``!ENV`` tags are not needed here."""


def _ignore_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> None:
    return None


_ConfigLoader.add_multi_constructor("!", _ignore_tag)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", _ignore_tag)


def write_organization(root: Path, pages: int, seed: int = DEFAULT_SEED) -> Organization:
    """Write a whole organization of about ``pages`` site pages into ``root`` (created)."""
    layout = layout_for(pages)
    root.mkdir(parents=True, exist_ok=True)
    _copy_site_setup(root)
    (root / "content" / "index.md").write_text(HOME_PAGE, encoding="utf-8")
    playbooks = root / "playbooks"
    playbooks.mkdir(exist_ok=True)
    ids: list[str] = []
    item_ids: dict[str, dict[str, list[str]]] = {}
    for index, items in enumerate(layout.playbook_items):
        theme = v.PLAYBOOK_THEMES[index % len(v.PLAYBOOK_THEMES)]
        volume = index // len(v.PLAYBOOK_THEMES) + 1
        title = f"{theme} playbook" + (f", volume {volume}" if volume > 1 else "")
        playbook_id = f"{slug(theme)}-{index + 1:02d}"
        item_ids[playbook_id] = _write_playbook(
            playbooks / playbook_id, playbook_id, title, items, seed
        )
        ids.append(playbook_id)
    projects = root / "projects"
    projects.mkdir(exist_ok=True)
    rng = random.Random(f"{seed}:projects")
    slugs: list[str] = []
    for index, name in enumerate(_project_names(layout.projects)):
        # Every other project follows the big playbook; the rest go round the others.
        others = ids[1:] or ids
        playbook_id = ids[0] if index % 2 == 0 else others[(index // 2) % len(others)]
        data = _project(rng, name, playbook_id, item_ids[playbook_id], keep_most=index == 0)
        project_slug = slug(name, 80)
        _dump(projects / f"{project_slug}.yaml", data, "../schemas/project.schema.json")
        slugs.append(project_slug)
    return Organization(root, layout, tuple(ids), tuple(slugs), slugs[0], ids[0])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("root", type=Path, help="folder to write the organization into")
    parser.add_argument(
        "--size", default="5k", help=f"{', '.join(PRESETS)} or a page count (default 5k)"
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    if args.root.exists() and any(args.root.iterdir()):
        parser.error(f"{args.root} is not empty")
    org = write_organization(args.root, pages_of(args.size), args.seed)
    print(
        f"Wrote {len(org.playbook_ids)} playbooks ({org.layout.items} items) and "
        f"{len(org.project_slugs)} projects: {org.layout.expected_pages} pages, into {org.root}"
    )


if __name__ == "__main__":
    main()
