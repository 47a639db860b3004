"""``playbook build`` in a child process, with timers around the generator's own functions.

The child runs ``generator.cli:main`` (what the ``playbook`` script runs) after wrapping the
pipeline's functions with timers, so the build measures both its wall time and how much of it
the generator spent, counting every call the build really makes:

    python -m benchmarks.timed_build TIMINGS.json --root DIR build --site-dir SITE --today DATE

The wrappers cost two ``perf_counter`` calls per wrapped call, a few dozen calls per build.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from benchmarks.process import python_env, run_measured

F = TypeVar("F", bound=Callable[..., Any])

# Functions of generator.pipeline, by the name the pipeline calls them.
TIMED = (
    "load_catalog",
    "resolve_site",
    "render_site",
    "fill_projects",
    "render_projects",
    "generate_pages",
)


@dataclass(frozen=True)
class BuildRun:
    wall_seconds: float
    peak_rss_bytes: int
    generator_seconds: float  # outermost generator calls only, so nothing is counted twice
    calls: dict[str, int]
    seconds: dict[str, float]  # inclusive time per function


class _Timers:
    def __init__(self) -> None:
        self.depth = 0
        self.outer = 0.0
        self.calls: dict[str, int] = {}
        self.seconds: dict[str, float] = {}

    def wrap(self, name: str, function: F) -> F:
        @functools.wraps(function)
        def timed(*args: Any, **kwargs: Any) -> Any:
            self.depth += 1
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                elapsed = time.perf_counter() - start
                self.depth -= 1
                self.calls[name] = self.calls.get(name, 0) + 1
                self.seconds[name] = self.seconds.get(name, 0.0) + elapsed
                if self.depth == 0:
                    self.outer += elapsed

        return timed  # type: ignore[return-value]

    def install(self) -> None:
        import generator.pipeline
        import generator.plugin

        for name in TIMED:
            setattr(generator.pipeline, name, self.wrap(name, getattr(generator.pipeline, name)))
        # The plugin imported generate_pages by name before we wrapped it.
        setattr(generator.plugin, "generate_pages", generator.pipeline.generate_pages)  # noqa: B010

    def as_json(self) -> dict[str, Any]:
        return {"generator_seconds": self.outer, "calls": self.calls, "seconds": self.seconds}


def main(argv: list[str]) -> None:
    """Child side: ``TIMINGS.json`` then the ``playbook`` command line."""
    timings_path, cli_args = Path(argv[0]), argv[1:]
    timers = _Timers()
    timers.install()
    from generator.cli import main as playbook

    try:
        playbook(args=cli_args, prog_name="playbook")
    finally:
        timings_path.write_text(json.dumps(timers.as_json(), indent=2), encoding="utf-8")


def run_timed_build(root: Path, site_dir: Path, today: dt.date, timings: Path) -> BuildRun:
    """Parent side: build ``root`` into ``site_dir`` in a fresh child process."""
    run = run_measured(
        [
            sys.executable,
            "-m",
            "benchmarks.timed_build",
            str(timings),
            "--root",
            str(root),
            "build",
            "--site-dir",
            str(site_dir),
            "--today",
            today.isoformat(),
        ],
        env=python_env(),
    ).check()
    data = json.loads(timings.read_text(encoding="utf-8"))
    return BuildRun(
        run.wall_seconds,
        run.peak_rss_bytes,
        float(data["generator_seconds"]),
        {name: int(count) for name, count in data["calls"].items()},
        {name: float(seconds) for name, seconds in data["seconds"].items()},
    )


if __name__ == "__main__":
    main(sys.argv[1:])
