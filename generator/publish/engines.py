"""The engines that build the site, in one registry: `playbook build --engine NAME`.

- ``mkdocs`` (the default): MkDocs with Material and our plugin, in this process
  (``publish.site``).
- ``properdocs``: ProperDocs, a fork of MkDocs 1.x, with the same plugin pinned to the same
  pages. It takes over every ``mkdocs.*`` import of the process that loads it, so it runs in a
  process of its own (``publish.properdocs_run``).
- ``zensical``: Zensical runs no custom plugin: it builds the plain tree that `playbook render`
  writes, rendered for it into a temporary folder outside the project, without directory URLs
  (see ``_zensical``).

Whatever the engine, the site is built into the staging folder of ``atomic_directory`` (Zensical
into its temporary tree, from which the site is moved into that staging folder), and swapped in
place of the folder the output guard allowed only when the build succeeded. An engine in another
process runs with a time limit; its output goes to a temporary file, of which only the end is
read back (shown when it fails, or with --verbose).
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO

import yaml

from generator.errors import OutputError, UsageError, printable
from generator.publish.atomic import atomic_directory
from generator.publish.guard import MARKER, MARKER_TEXT
from generator.publish.offline import OFFLINE_ENV
from generator.publish.properdocs_run import Request, write_request
from generator.publish.site import (
    GeneratedSite,
    build_site,
    environment_variable,
    require_content,
    write_downloads,
)
from generator.publish.tree import render_tree
from generator.settings import Settings

DEFAULT_ENGINE = "mkdocs"
# An engine in another process is stopped after this long (a 5,000-page site builds in minutes).
ENGINE_TIMEOUT = 3600.0
# How much of the end of an engine's output is read back and shown.
OUTPUT_TAIL = 16 * 1024
# Where Zensical writes the site: the tree's mkdocs.yml has no site_dir (``plain_mkdocs_config``
# drops it), so Zensical's default applies, inside the tree (it refuses a site_dir outside).
ZENSICAL_SITE_DIR = "site"
INSTALL_HINT = "pip install 'playbook[engines]'"
# Our Python, running a module; -P: nothing is imported from the folder it runs in.
PYTHON = (sys.executable, "-P", "-m")
# Colours in an engine's output (Zensical's do not heed NO_COLOR), taken out before it is shown.
_COLOUR = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


@dataclass(frozen=True)
class BuildRequest:
    """One build, as the pipeline asks for it; an engine calls for the input it builds from."""

    settings: Settings
    target: Path  # allowed by the output guard; replaced whole when the build succeeds
    site: Callable[[], GeneratedSite]  # the pages our plugin adds (``pipeline.generate_site``)
    # Every generated file for these settings, for the plain tree (``pipeline.generate_pages``).
    tree: Callable[[Settings], Mapping[str, str | bytes]]
    strict: bool = True
    offline: bool = False
    verbose: bool = False
    timeout: float = ENGINE_TIMEOUT


@dataclass(frozen=True)
class Engine:
    """An engine: how it builds, and what it supports (the README's "Engines" table)."""

    name: str
    title: str
    builds: Callable[[BuildRequest], None] = field(repr=False)
    module: str | None  # the package it needs beside ours (None: MkDocs, always installed)
    process: str  # where it runs: "in process", or "subprocess"
    plugin: bool  # runs our MkDocs plugin (else: builds the `playbook render` tree)
    offline: bool  # `--offline`: a site that works from file://, search included

    def build(self, request: BuildRequest) -> None:
        self.builds(request)


def engine_named(name: str, *, offline: bool = False) -> Engine:
    """The engine called ``name``, checked before anything is written: a UsageError when there
    is no such engine, its package is not installed, or it cannot do what is asked."""
    engine = ENGINES.get(name)
    if engine is None:
        choices = ", ".join(ENGINE_NAMES)
        raise UsageError(f"--engine '{name}' is not an engine; choose one of {choices}")
    if engine.module is not None and importlib.util.find_spec(engine.module) is None:
        raise UsageError(
            f"--engine {name} needs {engine.title}, which is not installed: {INSTALL_HINT}"
        )
    if offline and not engine.offline:
        raise UsageError(f"--offline is not supported with --engine {name}")
    return engine


# --- MkDocs ---------------------------------------------------------------------------------


def _mkdocs(request: BuildRequest) -> None:
    build_site(
        request.settings,
        request.target,
        request.site(),
        strict=request.strict,
        offline=request.offline,
    )


# --- ProperDocs -----------------------------------------------------------------------------


def _properdocs(request: BuildRequest) -> None:
    settings = request.settings
    if settings.config_path is None:
        raise UsageError(f"no mkdocs.yml in {settings.root}")
    require_content(settings)
    generated = request.site()  # its downloads are being made meanwhile, in a second process
    environment = dict(os.environ)
    if request.offline:
        environment[OFFLINE_ENV] = "true"
    with (
        tempfile.TemporaryDirectory(prefix="playbook-properdocs-") as temporary,
        atomic_directory(request.target, marker=(MARKER, MARKER_TEXT)) as staging,
    ):
        order, report = Path(temporary) / "request", Path(temporary) / "report"
        write_request(
            order,
            Request(
                settings=settings,
                site_dir=staging,
                pages=generated.pages,
                fragments=generated.fragments,
                shared=generated.shared,
                strict=request.strict,
                offline=request.offline,
                verbose=request.verbose,
                report=report,
            ),
        )
        command = [*PYTHON, "generator.publish.properdocs_run", str(order)]
        run_engine(
            "ProperDocs",
            command,
            cwd=Path(temporary),  # every path it is given is absolute
            env=environment,
            timeout=request.timeout,
            verbose=request.verbose,
            report=report,
        )
        write_downloads(generated, staging)


# --- Zensical -------------------------------------------------------------------------------


def _zensical(request: BuildRequest) -> None:
    # Zensical takes a relative link in a page's HTML as relative to the page's source file and
    # rebases it; MkDocs leaves it as written. The links our pages carry in HTML (Related,
    # Referenced by, ...) are relative to the page's URL, so with directory URLs they would
    # point one folder too high. Without them, a page and its source share a folder.
    settings = replace(request.settings, use_directory_urls=False)
    pages = request.tree(settings)
    with tempfile.TemporaryDirectory(prefix="playbook-zensical-") as temporary:
        tree = Path(temporary) / "tree"
        # The tree's mkdocs.yml is read as `playbook render` reads it; offline turns on
        # Material's offline plugin there, as it does for MkDocs.
        with environment_variable(OFFLINE_ENV, "true" if request.offline else None):
            render_tree(settings, tree, pages)
        _without_directory_urls(tree / "mkdocs.yml")
        with atomic_directory(request.target, marker=(MARKER, MARKER_TEXT)) as staging:
            command = [*PYTHON, "zensical", "build", "-f", str(tree / "mkdocs.yml")]
            run_engine(
                "Zensical",
                [*command, "--strict"] if request.strict else command,
                cwd=tree,
                timeout=request.timeout,
                verbose=request.verbose,
            )
            built = tree / ZENSICAL_SITE_DIR
            if not (built / "index.html").is_file():
                raise OutputError(
                    f"Zensical wrote no {ZENSICAL_SITE_DIR}/index.html into its tree; "
                    "the previous site is untouched"
                )
            for entry in sorted(built.iterdir()):
                shutil.move(entry, staging / entry.name)


def _without_directory_urls(config_file: Path) -> None:
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    config["use_directory_urls"] = False
    config_file.write_text(
        yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8"
    )


# --- Running an engine in another process ---------------------------------------------------


def run_engine(
    title: str,
    command: Sequence[str],
    *,
    cwd: Path,
    env: Mapping[str, str] | None = None,
    timeout: float = ENGINE_TIMEOUT,
    verbose: bool = False,
    report: Path | None = None,
) -> None:
    """Run ``command`` in its own process group, without input, for at most ``timeout`` seconds.

    Its output (standard output and error together) goes to a temporary file; only its last
    ``OUTPUT_TAIL`` bytes are read back, and shown on standard error when it fails or with
    ``verbose``. A failure is an OutputError (a UsageError when the process exits with 2 and
    wrote ``report``), in one line: the ``report`` it wrote, else the output's last line.
    """
    environment = {**(env if env is not None else os.environ), "NO_COLOR": "1"}
    with tempfile.TemporaryFile() as output:
        try:
            process = subprocess.Popen(
                list(command),
                cwd=cwd,
                env=environment,
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group, stopped whole
            )
        except OSError as error:
            raise OutputError(f"cannot run {title}: {error.strerror or error}") from None
        try:
            code = process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            _stop(process)
            raise OutputError(
                f"{title} did not finish within {timeout:g} s and was stopped; "
                "the previous site is untouched"
            ) from None
        except BaseException:  # interrupted (Ctrl-C): leave no engine running behind us
            _stop(process)
            raise
        tail = _tail(output)
    if verbose or code != 0:
        sys.stderr.write(tail if tail.endswith("\n") or not tail else tail + "\n")
    if code == 0:
        return
    said = report.read_text(encoding="utf-8").strip() if report and report.is_file() else ""
    if said and code == UsageError.exit_code:
        raise UsageError(said)
    if said:
        raise OutputError(said)
    how = f"was killed by signal {-code}" if code < 0 else f"failed (exit code {code})"
    last = next((line for line in reversed(tail.splitlines()) if line.strip()), "no output")
    raise OutputError(
        f"{title} {how}; the previous site is untouched. Its last line: {printable(last.strip())}"
    )


def _stop(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def _tail(output: IO[bytes]) -> str:
    size = output.seek(0, os.SEEK_END)
    output.seek(max(0, size - OUTPUT_TAIL))
    text = _COLOUR.sub("", output.read().decode("utf-8", errors="replace"))
    if size > OUTPUT_TAIL:
        first_whole_line = text.partition("\n")[2] or text
        text = f"[... the first {size - OUTPUT_TAIL:,} bytes are not shown]\n{first_whole_line}"
    return text


# --- The registry ---------------------------------------------------------------------------

ENGINES: dict[str, Engine] = {
    engine.name: engine
    for engine in (
        Engine(
            "mkdocs",
            "MkDocs + Material",
            _mkdocs,
            module=None,
            process="in process",
            plugin=True,
            offline=True,
        ),
        Engine(
            "properdocs",
            "ProperDocs",
            _properdocs,
            module="properdocs",
            process="subprocess",
            plugin=True,
            offline=True,
        ),
        Engine(
            "zensical",
            "Zensical",
            _zensical,
            module="zensical",
            process="subprocess",
            plugin=False,
            offline=True,
        ),
    )
}
ENGINE_NAMES = tuple(ENGINES)
