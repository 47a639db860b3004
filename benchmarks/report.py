"""report.json and report.md: every measure per size, and each target met or not."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.measures import MEASURES, MEASURES_BY_KEY
from benchmarks.targets import TARGETS

COUNT_UNITS = {"pages", "items", "projects", "files", "entries", "rows", "calls"}


@dataclass(frozen=True)
class Report:
    command: str
    machine: dict[str, str | int | float]
    sizes: tuple[str, ...]  # smallest first; targets are judged at the last one
    measures: dict[str, dict[str, float | None]]  # size -> measure key -> value
    details: dict[str, dict[str, Any]]  # size -> what the numbers were taken on

    @property
    def verdict_size(self) -> str:
        return self.sizes[-1]


def _format(value: float | None, unit: str) -> str:
    if value is None:
        return "not measured"
    if unit in COUNT_UNITS:
        return f"{round(value):,}"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}" if abs(value) >= 0.1 else f"{value:.3f}"


def _mark(met: bool | None) -> str:
    return {True: "met", False: "not met", None: "not measured"}[met]


def as_json(report: Report) -> dict[str, Any]:
    return {
        "command": report.command,
        "machine": report.machine,
        "sizes": list(report.sizes),
        "units": {measure.key: measure.unit for measure in MEASURES},
        "measures": report.measures,
        "targets": [
            {
                "measure": target.measure,
                "target": target.label,
                "limit": target.limit,
                "unit": MEASURES_BY_KEY[target.measure].unit,
                "values": {size: report.measures[size][target.measure] for size in report.sizes},
                "met": {
                    size: target.met(report.measures[size][target.measure]) for size in report.sizes
                },
                "judged_at": report.verdict_size,
                "met_at_judged_size": target.met(
                    report.measures[report.verdict_size][target.measure]
                ),
            }
            for target in TARGETS
        ],
        "details": report.details,
    }


def as_markdown(report: Report) -> str:
    sizes = report.sizes
    machine = report.machine
    lines = [
        "# Playbook performance benchmark",
        "",
        f"Run on {machine['date']} with `{report.command}`.",
        "",
        f"Machine: {machine['nproc']} CPUs ({machine['cpu_model']}), {machine['ram_gb']} GB RAM, "
        f"{machine['os']}; Python {machine['python']}, MkDocs {machine['mkdocs']}, "
        f"Material {machine['mkdocs_material']}; load average at start "
        f"{machine['load_average_at_start']}.",
        "",
        f"Code: commit {machine.get('git_commit')} with "
        f"{machine.get('generator_uncommitted_files')} uncommitted file(s) in generator/; "
        f"measured {machine.get('generator_measured')} (digest {machine.get('generator_digest')}).",
        "",
        *(
            [
                "**Warning: generator/ changed while the benchmark ran; these figures mix "
                "versions of the code. Run it again.**",
                "",
            ]
            if machine.get("generator_changed_during_run") == "true"
            else []
        ),
        f"## Targets (judged at {report.verdict_size})",
        "",
        "| Target | " + " | ".join(sizes) + f" | At {report.verdict_size} |",
        "| --- | " + " | ".join("---:" for _ in sizes) + " | --- |",
    ]
    for target in TARGETS:
        unit = MEASURES_BY_KEY[target.measure].unit
        cells = []
        for size in sizes:
            value = report.measures[size][target.measure]
            cells.append(f"{_format(value, unit)} {unit} ({_mark(target.met(value))})")
        verdict = target.met(report.measures[report.verdict_size][target.measure])
        lines.append(f"| {target.label} | " + " | ".join(cells) + f" | **{_mark(verdict)}** |")
    lines += [
        "",
        "## Every measure",
        "",
        "| Measure | Unit | " + " | ".join(sizes) + " |",
        "| --- | --- | " + " | ".join("---:" for _ in sizes) + " |",
    ]
    for measure in MEASURES:
        cells = [_format(report.measures[size].get(measure.key), measure.unit) for size in sizes]
        lines.append(f"| {measure.label} | {measure.unit} | " + " | ".join(cells) + " |")
    lines += ["", "## What each measure means", ""]
    lines += [f"- **{measure.label}** (`{measure.key}`): {measure.meaning}" for measure in MEASURES]
    lines += ["", "## Details", ""]
    for size in sizes:
        detail = report.details[size]
        organization = detail.get("organization", {})
        lines.append(
            f"- **{size}**: {organization.get('playbooks')} playbooks "
            f"(items: {organization.get('items_per_playbook')}), "
            f"{organization.get('projects')} projects; checklist project "
            f"`{detail.get('checklist_project')}`; largest page `{detail.get('largest_page')}`; "
            f"scaling measured against {detail.get('scaling_base')}."
        )
    return "\n".join(lines) + "\n"


def write_reports(report: Report, out: Path) -> tuple[Path, Path]:
    out.mkdir(parents=True, exist_ok=True)
    json_path, md_path = out / "report.json", out / "report.md"
    json_path.write_text(
        json.dumps(as_json(report), indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    md_path.write_text(as_markdown(report), encoding="utf-8")
    return json_path, md_path
