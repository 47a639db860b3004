"""Where Debian's Chromium is, and how to launch it here: shared by the browser tests, the
benchmark and the screenshot script.

Playwright's own browser download does not work on our machines, so everything launches the
system Chromium through ``executable_path``.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
# Without these, Chromium tries to reach Google's services at start-up.
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
]
MISSING = "Chromium is not installed: run `scripts/ensure-chromium` (make test does)"


def find_chromium() -> str | None:
    """``PLAYBOOK_CHROMIUM``, else Debian's usual paths, else ``chromium`` on the PATH."""
    for candidate in (os.environ.get("PLAYBOOK_CHROMIUM"), *CANDIDATES):
        if candidate and Path(candidate).is_file():
            return candidate
    return shutil.which("chromium")


def chromium_path() -> str:
    found = find_chromium()
    if found is None:
        raise RuntimeError(MISSING)
    return found
