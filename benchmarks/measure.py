"""The measures that run commands: the build beside plain MkDocs, the generator's stages and
checklist latency. Every command runs in a fresh process, so start-up is counted as people see it.

    python -m benchmarks.measure ROOT   # one pass of the stages, as JSON (run by ``stages``)
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.synthetic import TODAY

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent  # the environment's `playbook` and `mkdocs`
# Material prints a banner about its end of life on every build; keep both builds' output alike.
# Commands run as on a user's machine, where Python caches compiled modules (__pycache__): a
# PYTHONDONTWRITEBYTECODE set around the benchmark would make every run compile every module
# again (about 0.2 s of each `playbook checklist`). Both builds are run alike.
ENV = {
    **{key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"},
    "NO_MKDOCS_2_WARNING": "1",
}
# The functions generate_pages calls, by their name in generator.pipeline, and their stage.
STAGES = {
    "load_catalog": "load_validate",
    "resolve_site": "resolve",
    "render_site": "render",
    "fill_projects": "render",
    "render_projects": "render",
    "project_downloads": "exports",
}


def run(*args: object) -> tuple[float, float]:
    """Run a command to completion: its wall time (s) and its own peak RSS (MB).

    The RSS comes from ``wait4``, this child's own usage: ``RUSAGE_CHILDREN`` is a maximum over
    every child so far, so a small build after a big one would report the big one's peak.
    """
    with tempfile.TemporaryFile() as output:  # a file, so a chatty child never blocks on a pipe
        start = time.perf_counter()
        child = subprocess.Popen(
            [str(arg) for arg in args], stdout=output, stderr=subprocess.STDOUT, env=ENV, cwd=REPO
        )
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode:
            output.seek(0)
            log = output.read().decode(errors="replace")[-3000:]
            raise RuntimeError(f"{' '.join(map(str, args))} exited with {child.returncode}:\n{log}")
    return seconds, usage.ru_maxrss * 1024 / 1e6  # Linux reports kilobytes


def builds(root: Path, work: Path, runs: int) -> dict[str, float]:
    """``playbook build`` beside plain ``mkdocs build`` of ``playbook render``'s tree."""
    playbook, tree = BIN / "playbook", work / "tree"
    render_s, _ = run(playbook, "--root", root, "render", "--out", tree)
    ours, plain = [], []
    for _ in range(runs):  # alternated, so a change in the machine's speed hits both alike
        ours.append(
            run(playbook, "--root", root, "build", "--site-dir", work / "site", "--today", TODAY)
        )
        plain.append(run(BIN / "mkdocs", "build", "-f", tree / "mkdocs.yml", "-d", work / "plain"))
    build_s = statistics.median(seconds for seconds, _ in ours)
    mkdocs_s = statistics.median(seconds for seconds, _ in plain)
    return {
        "site_pages": sum(1 for _ in (work / "site").rglob("index.html")),
        "build_s": build_s,
        "mkdocs_s": mkdocs_s,
        "ratio": build_s / mkdocs_s,
        "generator_share_pct": 100 * (build_s - mkdocs_s) / build_s,
        "build_rss_mb": max(rss for _, rss in ours),
        "mkdocs_rss_mb": max(rss for _, rss in plain),
        "render_s": render_s,
    }


def stages(root: Path, passes: int) -> dict[str, float]:
    """The generator's stages, median of ``passes``, each in a fresh process as in a real build
    (a cache filled by an earlier pass would otherwise make the later ones look fast)."""
    command = [sys.executable, "-m", "benchmarks.measure", str(root)]
    results = [
        json.loads(subprocess.run(command, stdout=subprocess.PIPE, check=True, cwd=REPO).stdout)
        for _ in range(passes)
    ]
    return {
        f"stage_{stage}_s": statistics.median(r[stage] for r in results) for stage in results[0]
    }


def checklists(root: Path, project: str, runs: int) -> dict[str, float]:
    """``playbook checklist`` as a project manager runs it, start-up included: median per format."""
    command = (BIN / "playbook", "--root", root, "checklist", project, "--today", TODAY)
    run(*command)  # not counted: writes the compiled-module caches, as any earlier run would
    return {
        f"checklist_{fmt}_s": statistics.median(
            run(*command, "--format", fmt)[0] for _ in range(runs)
        )
        for fmt in ("md", "csv", "ics")
    }


def _stage_pass(root: Path) -> dict[str, float]:
    """One ``generate_pages`` (every page and download, without MkDocs), timed by stage.

    Modules are imported before the clock starts; templates compile inside it, as in a build.
    """
    from generator import pipeline
    from generator.settings import Overrides, load_settings

    seconds = dict.fromkeys(STAGES.values(), 0.0)

    def timed(function: Callable[..., Any], stage: str) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                seconds[stage] += time.perf_counter() - start

        return wrapper

    for name, stage in STAGES.items():  # an AttributeError here: update STAGES to the pipeline
        setattr(pipeline, name, timed(getattr(pipeline, name), stage))
    settings = load_settings(root, Overrides(today=TODAY))
    start = time.perf_counter()
    pipeline.generate_pages(settings)
    return seconds | {"total": time.perf_counter() - start}


if __name__ == "__main__":
    print(json.dumps(_stage_pass(Path(sys.argv[1]))))
