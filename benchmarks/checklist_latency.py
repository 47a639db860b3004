"""How long a project manager waits for ``playbook checklist PROJECT --format csv``."""

from __future__ import annotations

import datetime as dt
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.process import python_env, run_measured, tool
from generator.export.registry import export
from generator.projects.files import load_filled
from generator.render.pages import PageRenderer
from generator.settings import Settings

RUNS = 5


@dataclass(frozen=True)
class ChecklistLatency:
    project: str
    playbook_items: int
    rows: int  # applicable tasks and risks in the CSV
    cli_seconds: tuple[float, ...]  # whole command in a fresh process, start-up included
    in_process_seconds: tuple[float, ...]  # load_filled + export, modules already imported

    @property
    def cli_median(self) -> float:
        return statistics.median(self.cli_seconds)

    @property
    def in_process_median(self) -> float:
        return statistics.median(self.in_process_seconds)


def measure_checklist(
    root: Path, project: str, today: dt.date, runs: int = RUNS
) -> ChecklistLatency:
    command = [
        *tool("playbook"),
        "--root",
        str(root),
        "checklist",
        project,
        "--format",
        "csv",
        "--today",
        today.isoformat(),
    ]
    cli = [run_measured(command, env=python_env()).check().wall_seconds for _ in range(runs)]
    settings = Settings(root=root, today=today)
    in_process: list[float] = []
    items = rows = 0
    for _ in range(runs):
        start = time.perf_counter()
        filled = load_filled(settings, project)
        export(filled, "csv", PageRenderer(settings.templates_path))
        in_process.append(time.perf_counter() - start)
        items, rows = len(filled.project.playbook.items), len(filled.rows)
    return ChecklistLatency(project, items, rows, tuple(cli), tuple(in_process))
