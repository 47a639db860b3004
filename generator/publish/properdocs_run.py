"""ProperDocs building the site in a process of its own: ``python -m
generator.publish.properdocs_run REQUEST`` (started by ``generator.publish.engines``).

ProperDocs, a fork of MkDocs 1.x, makes ``mkdocs`` and every ``mkdocs.*`` import load its own
modules (``properdocs.replacement``), for the whole process. In a fresh interpreter that happens
before Material or our plugin is imported, so they all run on ProperDocs, while the process
that runs `playbook` keeps MkDocs. Nothing here may import MkDocs before ``main`` has run that
replacement.

REQUEST is a file the parent wrote: the settings, the staging folder to build into, and the
pages and HTML fragments the pipeline has rendered. The plugin is pinned to them, as under
MkDocs (``publish.site``), so both engines build from the same pages. The parent writes the
downloads over their placeholders once this process is done.
"""

from __future__ import annotations

import logging
import pickle
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TypedDict

from generator.errors import PlaybookError
from generator.settings import Settings


class Request(TypedDict):
    settings: Settings
    site_dir: Path  # the staging folder the parent made; it is swapped in when we succeed
    pages: dict[str, str]
    fragments: dict[str, dict[str, bytes]]
    shared: dict[str, str]
    strict: bool
    offline: bool
    verbose: bool
    report: Path  # where a failure is described in one line, for the parent's message


def write_request(path: Path, request: Request) -> None:
    path.write_bytes(pickle.dumps(request, protocol=pickle.HIGHEST_PROTOCOL))


def main(argv: Sequence[str]) -> int:
    import properdocs.replacement  # noqa: F401  # first: mkdocs.* is properdocs.* from here on

    # The parent wrote this file into a private temporary folder, for this process only.
    request: Request = pickle.loads(Path(argv[0]).read_bytes())
    _log_like_properdocs(request["verbose"])
    try:
        _build(request)
    except PlaybookError as error:
        request["report"].write_text(str(error), encoding="utf-8")
        return error.exit_code
    return 0


def _build(request: Request) -> None:
    from mkdocs.commands.build import build
    from mkdocs.exceptions import MkDocsException

    from generator.errors import OutputError
    from generator.publish.background import Background
    from generator.publish.site import GeneratedSite, pinned_config, write_files

    settings = request["settings"]
    # The downloads are made, and written, by the parent (see the module's docstring).
    nothing: Background[dict[str, str | bytes]] = Background(dict, finish=write_files)
    generated = GeneratedSite(request["pages"], request["fragments"], nothing, request["shared"])
    try:
        site_dir = Path(request["site_dir"])
        build(
            pinned_config(
                settings, site_dir, generated, strict=request["strict"], offline=request["offline"]
            )
        )
    except MkDocsException as error:
        raise OutputError(
            f"the site was not built by ProperDocs (the previous site is untouched): {error}"
        ) from None


def _log_like_properdocs(verbose: bool) -> None:
    """As `properdocs build` sets up logging: its own logger and MkDocs' (which Material and
    plugins use) on standard error, so that --strict counts the warnings of both."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logger = logging.getLogger("properdocs")
    logger.handlers[:] = [handler]
    logger.setLevel(logging.DEBUG if verbose else logging.INFO)
    logger.propagate = False
    legacy = logging.getLogger("mkdocs")
    legacy.parent = logger
    legacy.setLevel(logging.NOTSET)
    legacy.propagate = True


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
