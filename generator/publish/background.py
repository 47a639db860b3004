"""Work done in a second process while MkDocs builds the site in this one.

MkDocs builds on one core; a project's downloads (CSV, JSON, calendar, kickoff pack, Markdown)
need nothing MkDocs produces, so they are made on the other core in the meantime and written
into the site once MkDocs is done (under `serve`, once they are ready: ``publish.serving``).
Where processes cannot be forked, the work runs in this process when its result is first asked
for.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import weakref
from collections.abc import Callable
from typing import Generic, TypeVar

from generator.errors import ContentError, OutputError, PlaybookError

T = TypeVar("T")


class Background(Generic[T]):
    """``work()`` started now in a forked process; ``result()`` waits for it."""

    def __init__(self, work: Callable[[], T]) -> None:
        self._work = work
        self._done: tuple[bool, T] | None = None
        self._reader = None
        self._process = None
        if "fork" in multiprocessing.get_all_start_methods():
            context = multiprocessing.get_context("fork")
            self._reader, writer = context.Pipe(duplex=False)
            self._process = context.Process(target=_run, args=(work, writer), daemon=True)
            self._process.start()
            writer.close()
            # A result nobody asks for (a build that failed first, a page-only render) must not
            # leave the child blocked on a full pipe, holding its parent's output open.
            weakref.finalize(self, _stop, self._process, self._reader)

    def result(self) -> T:
        if self._done is None:
            self._done = (True, self._receive() if self._reader is not None else self._work())
        return self._done[1]

    def cancel(self) -> None:
        """Stop the work if it is still running: ``result()`` then raises ``OutputError``."""
        if self._process is not None and self._process.is_alive():
            self._process.kill()

    def _receive(self) -> T:
        assert self._reader is not None and self._process is not None
        try:
            kind, payload = pickle.loads(self._reader.recv_bytes())
        except EOFError:
            raise OutputError("the process making the downloads ended unexpectedly") from None
        finally:
            self._reader.close()
            self._process.join()
        if kind == "content":
            raise ContentError(payload)
        if kind == "error":
            raise OutputError(payload)
        result: T = payload
        return result


def _stop(process: multiprocessing.process.BaseProcess, reader: object) -> None:
    if process.is_alive():
        process.kill()
    process.join()
    reader.close()  # type: ignore[attr-defined]


def _run(work: Callable[[], object], writer: object) -> None:
    try:
        message: tuple[str, object] = ("ok", work())
    except ContentError as error:
        message = ("content", list(error.problems))
    except PlaybookError as error:
        message = ("error", str(error))
    except BaseException as error:  # reported by the parent, which owns the exit code
        message = ("error", f"{type(error).__name__}: {error}")
    writer.send_bytes(pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL))  # type: ignore[attr-defined]
    writer.close()  # type: ignore[attr-defined]
    os._exit(0)  # no atexit handlers or flushes of the parent's state in the child
