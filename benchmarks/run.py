"""Run the benchmark: print the Markdown table the README shows, and write report.json.

    python -m benchmarks.run [--sizes 1000,2000,5000] [--projects 300] [--quick] [--out DIR]

Each size is a fresh synthetic organization of that many item pages and ``--projects`` projects,
in a temporary folder. ``--quick`` runs each measure once or twice instead of 3 to 5 times.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import hashlib
import itertools
import json
import math
import os
import platform
import subprocess
import sys
import tempfile
from importlib import metadata
from pathlib import Path
from typing import Any

import yaml

from benchmarks import browser, measure
from benchmarks.synthetic import at_least, write_organization

REPO = Path(__file__).resolve().parents[1]
EDIT_PAGES = 1000  # the editing loop runs at the size nearest to this
# key: label, unit, target (limit, the item pages it is judged at or 0 for every size)
MEASURES: dict[str, tuple[str, str, tuple[float, int] | None]] = {
    "site_pages": ("site pages built", "pages", None),
    "build_s": ("`playbook build`", "s", (40, 5000)),
    "mkdocs_s": ("plain `mkdocs build` of the render tree", "s", None),
    "ratio": ("ratio playbook / MkDocs", "x", (1.10, 5000)),
    "generator_share_pct": ("generator's share of the build", "%", (10, 5000)),
    "build_rss_mb": ("peak RSS, `playbook build`", "MB", (500, 5000)),
    "mkdocs_rss_mb": ("peak RSS, plain `mkdocs build`", "MB", None),
    "render_s": ("`playbook render`", "s", None),
    "stage_load_validate_s": ("stage: load + validate", "s", None),
    "stage_resolve_s": ("stage: resolve", "s", None),
    "stage_render_s": ("stage: render", "s", None),
    "stage_exports_s": ("stage: exports", "s", None),
    "stage_total_s": ("stages: `generate_pages` in all", "s", None),
    "search_first_result_s": ("first search result in Chromium", "s", None),
    "search_ready_s": ("search ready after page load", "s", None),
    "checklist_md_s": ("`playbook checklist --format md`", "s", (0.5, 0)),
    "checklist_csv_s": ("`playbook checklist --format csv`", "s", (0.5, 0)),
    "checklist_ics_s": ("`playbook checklist --format ics`", "s", (0.5, 0)),
    "edit_to_screen_s": ("editing loop: save → on screen", "s", (2.5, EDIT_PAGES)),
    "edit_project_s": ("editing loop, a project file: save → on screen", "s", None),
    "edit_page_s": ("editing loop, a page of content: save → on screen", "s", None),
    "preview_items": ("items in the largest playbook (kickoff page)", "items", None),
    "preview_update_ms": ("kickoff form: change → preview on screen", "ms", (50, 0)),
    "kickoff_page_kb_gz": ("kickoff page's JS + data, starter playbook, gzipped", "kB", (150, 0)),
    "build_2x": ("`playbook build` time for 2x pages", "x", None),
    "mkdocs_2x": ("plain MkDocs time for 2x pages", "x", None),
}


def _log(message: str) -> None:
    print(f"{dt.datetime.now():%H:%M:%S} {message}", file=sys.stderr, flush=True)


def _git(*args: str) -> str:
    # --no-optional-locks: even `git status` must not write to the repository.
    command = ["git", "--no-optional-locks", "-C", str(REPO), *args]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout.strip()


def generator_digest() -> str:
    """Of generator/ as it is now: others may edit it while a long run measures it."""
    digest = hashlib.sha256()
    for path in sorted((REPO / "generator").rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def machine() -> dict[str, Any]:
    cpuinfo = Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines()
    cpu = next((line.split(":", 1)[1].strip() for line in cpuinfo if "model name" in line), "")
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": _git("rev-parse", "--short", "HEAD") + ("+dirty" * bool(_git("status", "-s"))),
        "cpu": cpu or platform.processor(),
        "cores": len(os.sched_getaffinity(0)),
        "ram_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1e9, 1),
        "load_average": os.getloadavg()[0],  # other work on the machine skews every figure
        "os": platform.platform(),
        "python": platform.python_version(),
        "mkdocs": metadata.version("mkdocs"),
        "material": metadata.version("mkdocs-material"),
        "generator_digest": generator_digest(),
    }


def measure_size(items: int, projects: int, work: Path, quick: bool, edit: bool) -> dict[str, Any]:
    root = work / "org"
    _log(f"[{items}] writing {items:,} item pages and {projects} projects")
    project = write_organization(root, items, projects)
    assert project is not None  # --projects is at least 1
    _log(f"[{items}] playbook build beside plain mkdocs build")
    result: dict[str, Any] = {"items": items, "projects": projects}
    result |= measure.builds(root, work, runs=1 if quick else 3)
    _log(f"[{items}] the generator's stages")
    result |= measure.stages(root, passes=1 if quick else 3)
    _log(f"[{items}] playbook checklist {project}")
    result |= measure.checklists(root, project, runs=1 if quick else 5)
    _log(f"[{items}] search in Chromium")
    result |= browser.search(work / "site", queries=2 if quick else 5)
    _log(f"[{items}] kickoff page preview in Chromium")
    result |= workbench(root, work / "site", changes=3 if quick else 10)
    if edit:  # last: it edits the organization's files
        _log(f"[{items}] editing loop under playbook serve")
        result["edit_to_screen_s"] = browser.editing_loop(root, edits=2 if quick else 5)
        result["edit_project_s"] = browser.editing_loop(root, 2 if quick else 5, what="project")
        result["edit_page_s"] = browser.editing_loop(root, 2 if quick else 5, what="page")
    return result


def workbench(root: Path, site: Path, changes: int) -> dict[str, Any]:
    """The kickoff form's preview on the organization's largest playbook, and the weight of
    the starter playbook's kickoff page: its script and its data, gzipped as a server sends
    them."""
    sizes = {
        folder.name: sum(
            len(yaml.safe_load(path.read_text(encoding="utf-8")).popitem()[1] or [])
            for path in folder.glob("*.yaml")
            if path.name != "playbook.yaml"
        )
        for folder in sorted((root / "playbooks").iterdir())
        if (folder / "playbook.yaml").is_file()
    }
    largest = max(sizes, key=lambda name: (sizes[name], name))
    return {
        "preview_items": sizes[largest],
        "preview_update_ms": browser.preview_update(site, largest, changes),
        "kickoff_page_kb_gz": starter_kickoff_weight() / 1000,
    }


def starter_kickoff_weight() -> int:
    """Bytes, gzipped, of the workbench script and the starter playbook's embedded data."""
    from generator.publish.bundle import workbench_bundle
    from generator.render.workbench import as_script_json, playbook_data
    from generator.validate.playbook import validate_playbook

    playbook = validate_playbook(REPO / "playbooks" / "digital-transformation", REPO)
    data = as_script_json(playbook_data(playbook)).encode("utf-8")
    return len(gzip.compress(workbench_bundle().encode("utf-8"), 9)) + len(gzip.compress(data, 9))


def _doubling(results: list[dict[str, Any]], key: str) -> None:
    """Time for twice the pages, from each size and the one before: 2 ** (ln t2/t1 / ln n2/n1)."""
    for before, after in itertools.pairwise(results):
        exponent = math.log(after[key] / before[key]) / math.log(after["items"] / before["items"])
        after[key.replace("_s", "_2x")] = 2**exponent


def _cell(value: float | None, unit: str, target: tuple[float, int] | None, items: int) -> str:
    if value is None:
        return "-"
    text = f"{value:,.0f}" if unit in ("pages", "MB", "items") else f"{value:.2f}"
    if target and target[1] in (0, items):
        text += " (met)" if value <= target[0] else " (**not met**)"
    return text


def table(report: dict[str, Any]) -> str:
    m, results = report["machine"], report["results"]
    lines = [
        f"Commit `{m['commit']}`, {m['date']}, `{report['command']}`: {m['cpu']}, {m['cores']} "
        f"cores, {m['ram_gb']} GB RAM, load average {m['load_average']:.2f} at the start; "
        f"{m['os']}, Python {m['python']}, MkDocs {m['mkdocs']}, Material {m['material']}, "
        f"Chromium {m['chromium']}. {report['projects']} projects at every size.",
        "",
        *(["**generator/ changed during the run: run it again.**", ""] * m["generator_changed"]),
        "| Item pages | Target | " + " | ".join(f"{r['items']:,}" for r in results) + " |",
        "| --- | --- | " + " | ".join("---:" for _ in results) + " |",
    ]
    for key, (label, unit, target) in MEASURES.items():
        limit = f"≤ {target[0]:g} {unit}" if target else ""
        limit += f" at {target[1]:,}" if target and target[1] else ""
        cells = [_cell(r.get(key), unit, target, r["items"]) for r in results]
        row = [f"{label[0].upper()}{label[1:]} ({unit})", limit, *cells]
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__)
    parser.add_argument("--sizes", default="1000,2000,5000", help="item pages, comma-separated")
    # At least one: a checklist and an editing loop are timed on a project.
    parser.add_argument("--projects", type=at_least(1), default=300)
    parser.add_argument("--quick", action="store_true", help="one or two runs of each measure")
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "out")
    args = parser.parse_args()
    sizes = sorted(int(size) for size in args.sizes.split(","))
    edit_at = min(sizes, key=lambda items: abs(items - EDIT_PAGES))
    report: dict[str, Any] = {"command": " ".join(["python -m benchmarks.run", *sys.argv[1:]])}
    report |= {"machine": machine(), "projects": args.projects, "results": []}
    for items in sizes:
        with tempfile.TemporaryDirectory(prefix=f"playbook-bench-{items}-") as work:
            result = measure_size(items, args.projects, Path(work), args.quick, items == edit_at)
        report["machine"]["chromium"] = result.pop("chromium")
        report["results"].append(result)
    report["machine"]["generator_changed"] = (
        generator_digest() != report["machine"]["generator_digest"]
    )
    _doubling(report["results"], "build_s")
    _doubling(report["results"], "mkdocs_s")
    report["measures"] = {
        key: dict(zip(("label", "unit", "target"), spec, strict=True))
        for key, spec in MEASURES.items()
    }
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "report.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(table(report))
    _log(f"wrote {args.out / 'report.json'}")


if __name__ == "__main__":
    main()
