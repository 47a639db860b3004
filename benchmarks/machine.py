"""The machine and software a benchmark ran on, for the report."""

from __future__ import annotations

import datetime as dt
import os
import platform
from importlib import metadata
from pathlib import Path


def _proc_field(path: str, field: str) -> str:
    try:
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            name, _, value = line.partition(":")
            if name.strip() == field:
                return value.strip()
    except OSError:
        pass
    return "unknown"


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def machine_info() -> dict[str, str | int | float]:
    memory = _proc_field("/proc/meminfo", "MemTotal")  # "24684232 kB"
    ram_gb = int(memory.split()[0]) * 1024 / 1e9 if memory[:1].isdigit() else 0.0
    load_1m, _, _ = os.getloadavg()
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "nproc": len(os.sched_getaffinity(0)),
        "cpu_model": _proc_field("/proc/cpuinfo", "model name"),
        "ram_gb": round(ram_gb, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
        "mkdocs": _version("mkdocs"),
        "mkdocs_material": _version("mkdocs-material"),
        "pydantic": _version("pydantic"),
        "jinja2": _version("jinja2"),
        "playbook": _version("playbook"),
        "load_average_at_start": round(load_1m, 2),
    }
