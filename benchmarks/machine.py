"""The machine and software a benchmark ran on, for the report."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import platform
import subprocess
from importlib import metadata
from pathlib import Path

import generator

REPO = Path(__file__).resolve().parents[1]


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


def generator_digest(folder: Path | None = None) -> str:
    """A digest of a generator/ folder (default: the one imported), code and templates."""
    folder = folder or Path(generator.__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(folder).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def source_state() -> dict[str, str | int]:
    """The commit, uncommitted files of generator/, and which generator/ is measured."""

    def git(*args: str) -> str:
        try:
            return subprocess.run(
                ["git", "-C", str(REPO), *args], capture_output=True, text=True, check=True
            ).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            return ""

    changed = git("status", "--porcelain", "--", "generator")
    measured = Path(generator.__file__).resolve().parent
    return {
        "git_commit": git("rev-parse", "--short", "HEAD") or "unknown",
        "generator_uncommitted_files": len(changed.splitlines()),
        "generator_measured": (
            "generator/ of the repository"
            if measured == REPO / "generator"
            else "a copy of generator/ frozen at the start"
        ),
        "generator_digest": generator_digest(measured),
        "repository_generator_digest_at_start": generator_digest(REPO / "generator"),
    }
