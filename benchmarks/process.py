"""Run a command in a child process and measure its wall time and its own peak memory."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CODE_ENV = "PLAYBOOK_BENCH_CODE"  # see benchmarks.snapshot


@dataclass(frozen=True)
class ProcessRun:
    args: tuple[str, ...]
    returncode: int
    wall_seconds: float
    peak_rss_bytes: int  # of this child alone (os.wait4), not of earlier children
    stdout: str
    stderr: str

    def check(self) -> ProcessRun:
        if self.returncode != 0:
            raise RuntimeError(
                f"{' '.join(self.args)} exited with {self.returncode}:\n{self.stderr[-4000:]}"
            )
        return self


def run_measured(
    args: Sequence[str], *, cwd: Path | None = None, env: Mapping[str, str] | None = None
) -> ProcessRun:
    """Run ``args`` to completion. Output goes to files, so a chatty child never blocks."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        child = subprocess.Popen(args, stdout=out, stderr=err, cwd=cwd, env=env)
        # wait4 returns this child's own resource usage, unlike RUSAGE_CHILDREN (a maximum
        # over every child so far).
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return ProcessRun(
            tuple(args),
            child.returncode,
            wall,
            usage.ru_maxrss * 1024,  # Linux reports kilobytes
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
        )


def python_env() -> dict[str, str]:
    """The environment for children that import ``benchmarks`` and ``generator``.

    A frozen copy of generator/ (``benchmarks.snapshot``), when there is one, comes first.
    """
    env = dict(os.environ)
    paths = [env.get(CODE_ENV), str(REPO), env.get("PYTHONPATH")]
    env["PYTHONPATH"] = os.pathsep.join(filter(None, paths))
    return env


def tool(name: str) -> list[str]:
    """A console script of the current environment (``playbook``, ``mkdocs``)."""
    script = Path(sys.executable).parent / name
    if script.is_file():
        return [str(script)]
    if name == "playbook":  # generator.cli has no __main__ block
        return [sys.executable, "-c", "import sys; from generator.cli import main; main()"]
    return [sys.executable, "-m", name]
