"""The editing loop: how long after saving a YAML file `playbook serve` shows the change.

    python -m benchmarks.editing_loop [--size 1k] [--edits 5] [--full]

Generates a synthetic organization, starts `playbook serve` on 127.0.0.1, opens an item page in
Chromium (with MkDocs' live reload), then edits that item's title in its YAML file and times
until the new title is on screen. Reports the median over several edits. `--full` measures a
serve that rebuilds every page instead of only the pages whose content changed.
"""

from __future__ import annotations

import argparse
import json
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml
from playwright.sync_api import sync_playwright

from benchmarks.chromium import LAUNCH_ARGS, chromium_path
from benchmarks.synthetic import write_organization

REPO = Path(__file__).resolve().parents[1]
SIZES = {"tiny": 60, "1k": 1_000, "2k": 2_000, "5k": 5_000}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _first_risk(root: Path) -> tuple[Path, str, str]:
    """A risks file, the id of its first risk and that risk's title."""
    risks_file = sorted((root / "playbooks").glob("*/risks.yaml"))[0]
    data = yaml.safe_load(risks_file.read_text(encoding="utf-8"))
    first = data["risks"][0]
    return risks_file, first["id"], first["title"]


def _wait_until_serving(url: str, process: subprocess.Popen[bytes], limit: float) -> None:
    import urllib.request

    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("playbook serve exited early")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # loopback only
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError("playbook serve did not start in time")


def measure(size: str, edits: int, full: bool) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="playbook-edit-") as temporary:
        root = Path(temporary) / "org"
        write_organization(root, SIZES[size])
        risks_file, risk_id, title = _first_risk(root)
        playbook_id = risks_file.parent.name
        port = _free_port()
        command = [
            sys.executable,
            "-c",
            "from generator.cli import main; main()",
            "--root",
            str(root),
            "serve",
            "-a",
            f"127.0.0.1:{port}",
        ]
        if full:
            command.append("--full")
        server = subprocess.Popen(
            command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        base = f"http://127.0.0.1:{port}/"
        page_url = f"{base}playbooks/{playbook_id}/risks/{risk_id}/"
        timings: list[float] = []
        try:
            started = time.monotonic()
            _wait_until_serving(page_url, server, limit=600)
            first_build = time.monotonic() - started
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=chromium_path(), args=LAUNCH_ARGS
                )
                page = browser.new_page()
                page.goto(page_url)
                text = risks_file.read_text(encoding="utf-8")
                current = title
                for number in range(1, edits + 1):
                    new_title = f"{title} (edit {number})"
                    text = text.replace(f"title: {current}", f"title: {new_title}", 1)
                    page.wait_for_timeout(1500)  # let the watcher settle between edits
                    saved = time.monotonic()
                    risks_file.write_text(text, encoding="utf-8")
                    page.locator("h1", has_text=f"(edit {number})").wait_for(timeout=120_000)
                    timings.append(time.monotonic() - saved)
                    current = new_title
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=30)
    return {
        "size": size,
        "pages": SIZES[size],
        "mode": "full" if full else "incremental",
        "first_build_and_start_s": round(first_build, 2),
        "edit_to_screen_s": [round(t, 2) for t in timings],
        "median_edit_to_screen_s": round(statistics.median(timings), 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.editing_loop", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--size", choices=sorted(SIZES), default="1k")
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--full", action="store_true", help="rebuild every page on each edit")
    args = parser.parse_args()
    print(json.dumps(measure(args.size, args.edits, args.full), indent=2))


if __name__ == "__main__":
    main()
