"""Downloads under `playbook serve`: written into the site when they are ready, after the page.

In a build, MkDocs' last step waits for the downloads (``write_downloads``): a site is
complete or not written. Under `serve`, waiting would hold every edit's reload until hundreds
of projects' spreadsheets and calendars were made again, so the build hands them to a thread
that writes them when the second process is done. Only the newest build's downloads are
written: a new build stops the previous one's work, and a late writer that finds a newer
build has started writes nothing.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from generator.errors import PlaybookError
from generator.load.documents import keeping_parsed
from generator.publish.site import GeneratedSite, write_downloads

_log = logging.getLogger("mkdocs.plugins.playbook")


class LateDownloads:
    """The newest build's downloads, written by a thread once made."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._generation = 0
        self._pending: tuple[GeneratedSite, threading.Thread] | None = None

    def deliver(self, generated: GeneratedSite, site_dir: str | Path) -> None:
        self.cancel()
        with self._lock:
            self._generation += 1
            generation = self._generation
        thread = threading.Thread(
            target=self._write, args=(generated, Path(site_dir), generation), daemon=True
        )
        self._pending = (generated, thread)
        thread.start()

    def cancel(self) -> None:
        """Stop the previous build's downloads, and wait for its writer to give up."""
        pending, self._pending = self._pending, None
        if pending is not None:
            generated, thread = pending
            with self._lock:
                self._generation += 1  # whatever that writer has made is now stale
            generated.downloads.cancel()
            thread.join()

    def wait(self) -> None:
        """Wait until the newest build's downloads are written (tests, and a server stopping)."""
        if self._pending is not None:
            self._pending[1].join()

    def _write(self, generated: GeneratedSite, site_dir: Path, generation: int) -> None:
        try:
            generated.downloads.ready()
            with self._lock:  # a newer build waits until this one's files are whole
                if generation == self._generation:
                    write_downloads(generated, site_dir)
        except PlaybookError as error:
            with self._lock:
                if generation == self._generation:
                    _log.warning(f"playbook: the projects' downloads were not made: {error}")


late_downloads = LateDownloads()
_serving = False


@contextlib.contextmanager
def serving() -> Iterator[None]:
    """While inside (`playbook serve`), builds write their downloads late, and files are
    parsed again only when their bytes change."""
    global _serving
    _serving = True
    try:
        with keeping_parsed():
            yield
    finally:
        _serving = False
        stop_late_downloads()


def is_serving() -> bool:
    return _serving


def deliver_downloads(generated: GeneratedSite, site_dir: str | Path) -> None:
    """Write the downloads over their placeholders: now in a build, when ready under serve."""
    if _serving:
        late_downloads.deliver(generated, site_dir)
    else:
        write_downloads(generated, site_dir)


def stop_late_downloads() -> None:
    """Stop the downloads still being made for the previous build, and wait for their writer:
    a new build is starting (they are stale), or the server is stopping (MkDocs then removes
    its temporary site, and nothing may be written into it any more)."""
    late_downloads.cancel()


def stop_downloads_on_shutdown(server: Any) -> Any:
    """MkDocs' serve removes its temporary site right after its server shuts down (also when it
    could not start): late downloads stop first, or they would write into a folder being
    removed. (Not the plugins' ``on_shutdown``: MkDocs keeps a plugin that has it alive
    across builds, with the previous build's pages.)"""
    stop = server.shutdown

    def shutdown_after_downloads(*args: Any, **kwargs: Any) -> Any:
        stop_late_downloads()
        return stop(*args, **kwargs)

    server.shutdown = shutdown_after_downloads
    return server
