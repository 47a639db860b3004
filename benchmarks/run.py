"""Run the performance benchmark and write report.md and report.json.

    python -m benchmarks.run [--size tiny|1k|2k|5k|all|PAGES] [--out benchmarks/out]
                             [--skip-browser] [--profile] [--builds N] [--seed N] [--keep]
                             [--live-code]

Each size gets a fresh synthetic organization (``benchmarks.synthetic``) in a temporary folder,
which is removed at the end unless ``--keep`` is given. The generator measured is a copy of
generator/ frozen at the start (``benchmarks.snapshot``), unless ``--live-code`` is given.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.machine import generator_digest, machine_info, source_state
from benchmarks.measures import MEASURES_BY_KEY
from benchmarks.presets import MAIN_SIZES, PRESETS, pages_of
from benchmarks.profiling import profile_generator
from benchmarks.report import Report, write_reports
from benchmarks.scaling import doubling_cost
from benchmarks.size_run import SizeResult, build_seconds_only, measure_size
from benchmarks.snapshot import freeze, frozen_env, in_child
from benchmarks.stages import warm_up
from benchmarks.synthetic import DEFAULT_SEED, TODAY, write_organization
from benchmarks.targets import TARGETS

REPO = Path(__file__).resolve().parents[1]
DEFAULT_OUT = REPO / "benchmarks" / "out"
PROFILE_SIZE = "5k"
COMMAND_ENV = "PLAYBOOK_BENCH_COMMAND"  # the command as typed, for the report


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.run",
        description="Measure build time, memory, page and search index sizes, checklist and "
        "search latency on synthetic organizations.",
    )
    parser.add_argument(
        "--size",
        default=None,
        help=f"{', '.join(PRESETS)}, all ({', '.join(MAIN_SIZES)}) or a page count "
        f"(default: all; with --profile, {PROFILE_SIZE})",
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="report folder")
    parser.add_argument(
        "--skip-browser", action="store_true", help="do not measure search in Chromium"
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="profile the generator's stages (cProfile) and write profile.txt instead",
    )
    parser.add_argument(
        "--builds",
        type=int,
        default=1,
        help="build each size this many times and keep the median (default 1)",
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="synthetic content seed")
    parser.add_argument(
        "--keep", action="store_true", help="keep the generated organizations and sites"
    )
    parser.add_argument(
        "--live-code",
        action="store_true",
        help="import generator/ where it is, instead of a copy frozen at the start "
        "(edits made during the run then change what is measured)",
    )
    return parser


def _sizes(option: str | None) -> tuple[str, ...]:
    if option is None or option == "all":
        return MAIN_SIZES
    pages_of(option)  # reject unknown names early
    return (option,)


def _scaling(
    results: list[SizeResult], work: Path, seed: int, builds: int
) -> tuple[dict[str, dict[str, float]], dict[str, str]]:
    """For each size, the cost of 2x content against the next smaller one (or a half size)."""
    scaling: dict[str, dict[str, float]] = {}
    bases: dict[str, str] = {}
    previous: tuple[str, int, float, float] | None = None
    for result in results:
        pages = result.site.pages
        if previous is None:
            half = max(30, result.org.layout.pages // 2)
            _log(f"[{result.label}] building a half-size organization ({half} pages) for scaling")
            base_pages, base_build, base_stages = build_seconds_only(
                half, work / f"{result.label}-half", seed=seed, builds=builds
            )
            bases[result.label] = f"a half-size build ({base_pages:,} pages)"
        else:
            label, base_pages, base_build, base_stages = previous
            bases[result.label] = f"{label} ({base_pages:,} pages)"
        scaling[result.label] = {
            "scaling_2x": doubling_cost(base_pages, base_build, pages, result.build.wall_seconds),
            "scaling_2x_generator": doubling_cost(
                base_pages, base_stages, pages, result.stages.total
            ),
        }
        previous = (result.label, pages, result.build.wall_seconds, result.stages.total)
    return scaling, bases


def _profile(size: str, out: Path, work: Path, seed: int) -> None:
    pages = pages_of(size)
    _log(f"[profile] generating an organization of {pages} pages")
    org = write_organization(work / "profile-org", pages, seed)
    _log("[profile] running the generator's stages under cProfile")
    state = source_state()
    title = (
        f"size {size}, commit {state['git_commit']} "
        f"(+{state['generator_uncommitted_files']} uncommitted in generator/), "
        f"measured {state['generator_measured']}, digest {state['generator_digest']}"
    )
    path = profile_generator(org.root, TODAY, out / "profile.txt", title)
    print(f"Wrote {path}")


def _benchmark(args: argparse.Namespace, work: Path, command: str) -> None:
    sizes = _sizes(args.size)
    machine = {**machine_info(), **source_state()}
    _log("[warm-up] one untimed pass of the generator's stages")
    warm_up(write_organization(work / "warm-up", PRESETS["tiny"], args.seed).root, TODAY)
    results: list[SizeResult] = []
    for size in sizes:
        result = measure_size(
            size,
            pages_of(size),
            work / size,
            seed=args.seed,
            browser=not args.skip_browser,
            builds=args.builds,
            log=_log,
        )
        results.append(result)
        if not args.keep:  # sites of several hundred MB: do not keep them all
            shutil.rmtree(work / size / "site")
    scaling, bases = _scaling(results, work, args.seed, args.builds)
    measures: dict[str, dict[str, float | None]] = {}
    details = {}
    for result in results:
        measures[result.label] = {**result.measures(), **scaling[result.label]}
        details[result.label] = {**result.details(), "scaling_base": bases[result.label]}
    chromium = next((r.search.chromium_version for r in results if r.search), None)
    machine["chromium"] = chromium or "not used"
    machine["generator_changed_during_run"] = str(
        generator_digest() != machine["generator_digest"]
    ).lower()
    if machine["generator_changed_during_run"] == "true":
        _log("WARNING: generator/ changed during the run; the figures mix versions")
    report = Report(command, machine, sizes, measures, details)
    json_path, md_path = write_reports(report, args.out)
    verdict = sizes[-1]
    for target in TARGETS:
        value = measures[verdict][target.measure]
        unit = MEASURES_BY_KEY[target.measure].unit
        shown = "not measured" if value is None else f"{value:.3g} {unit}"
        status = {True: "met", False: "NOT MET", None: "not measured"}[target.met(value)]
        print(f"{target.label:55} {shown:>18}  {status}")
    print(f"Wrote {md_path} and {json_path}")


def _command(arguments: list[str]) -> str:
    return " ".join(["python -m benchmarks.run", *arguments])


def _run_on_frozen_code(arguments: list[str], out: Path) -> int:
    """Run this command again in a child that imports a frozen copy of generator/."""
    work = Path(tempfile.mkdtemp(prefix="playbook-bench-code-"))
    try:
        code = freeze(work)
        _log(f"Measuring a copy of generator/ frozen in {code}")
        env = {**frozen_env(code), COMMAND_ENV: _command(arguments)}
        # The child's paths must not depend on the current folder: give it an absolute --out.
        child = subprocess.run(
            [sys.executable, "-m", "benchmarks.run", *arguments, "--out", str(out.resolve())],
            env=env,
            check=False,
        )
        return child.returncode
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main(argv: list[str] | None = None) -> None:
    arguments = sys.argv[1:] if argv is None else argv
    args = _parser().parse_args(arguments)
    if not args.live_code and not in_child():
        raise SystemExit(_run_on_frozen_code(arguments, args.out))
    command = os.environ.get(COMMAND_ENV, _command(arguments))
    work = Path(tempfile.mkdtemp(prefix="playbook-bench-"))
    try:
        if args.profile:
            _profile(args.size or PROFILE_SIZE, args.out, work, args.seed)
        else:
            _benchmark(args, work, command)
    finally:
        if args.keep:
            _log(f"Kept the organizations and sites in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
