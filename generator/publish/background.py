"""Work done in a second process while MkDocs builds the site in this one.

MkDocs builds on one core; a project's downloads (CSV, JSON, calendar, kickoff pack, Markdown)
need nothing MkDocs produces, so they are made on the other core in the meantime. The second
process also writes them into the site once MkDocs is done (``finish``): hundreds of projects'
files never travel back to this process, whose memory is the build's peak. Where processes
cannot be forked, the work runs in this process when its result is first asked for.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import pickle
import signal
import sys
import weakref
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from generator.errors import ContentError, OutputError, PlaybookError

T = TypeVar("T")
_PR_SET_PDEATHSIG = 1  # from <sys/prctl.h>


class Background(Generic[T]):
    """``work()`` started now in a forked process.

    Without ``finish``, ``result()`` waits for the work and returns its result. With it, the
    result stays in the child: ``ready()`` waits for the work, and ``finish(argument)`` runs
    ``finish(result, argument)`` there and waits for it.
    """

    def __init__(
        self, work: Callable[[], T], finish: Callable[[T, Any], None] | None = None
    ) -> None:
        self._work = work
        self._finish = finish
        self._done: tuple[bool, T] | None = None
        self._ready = False
        self._failure: PlaybookError | None = None
        self._reader: Any = None
        self._sender: Any = None
        self._process: Any = None
        if "fork" in multiprocessing.get_all_start_methods():
            context = multiprocessing.get_context("fork")
            self._reader, writer = context.Pipe(duplex=False)
            inbox, self._sender = context.Pipe(duplex=False)
            self._process = context.Process(
                target=_run,
                args=(work, finish, writer, inbox, (self._reader, self._sender), os.getpid()),
            )
            self._process.daemon = True
            self._process.start()
            writer.close()
            inbox.close()
            # A result nobody asks for (a build that failed first, a page-only render) must not
            # leave the child blocked on a full pipe, holding its parent's output open.
            weakref.finalize(self, _stop, os.getpid(), self._process, self._reader, self._sender)

    def result(self) -> T:
        if self._done is None:
            self._done = (True, self._receive() if self._reader is not None else self._work())
        return self._done[1]

    def ready(self) -> None:
        """Wait until the work is done (with ``finish``); raise its error if it failed."""
        if self._failure is not None:
            raise self._failure
        if self._ready:
            return
        try:
            if self._reader is None:
                self.result()
            else:
                self._receive(close=False)
        except PlaybookError as error:
            self._failure = error  # asked again (by ``finish``), the same answer
            raise
        self._ready = True

    def finish(self, argument: Any) -> None:
        """Run ``finish(result, argument)`` where the result is, and wait for it."""
        assert self._finish is not None
        self.ready()
        if self._reader is None:
            self._finish(self.result(), argument)
            return
        with contextlib.suppress(OSError):  # the child has gone: receiving says why
            self._sender.send_bytes(pickle.dumps(argument, protocol=pickle.HIGHEST_PROTOCOL))
        self._receive()

    def cancel(self) -> None:
        """Stop the work if it is still running: what waits for it then raises ``OutputError``."""
        if self._process is not None and self._process.is_alive():
            self._process.kill()

    def _receive(self, *, close: bool = True) -> Any:
        assert self._reader is not None and self._process is not None
        try:
            kind, payload = pickle.loads(self._reader.recv_bytes())
        except (EOFError, OSError):
            close = True
            raise OutputError("the process making the downloads ended unexpectedly") from None
        finally:
            if close:
                self._reader.close()
                self._sender.close()
                self._process.join()
        if kind == "content":
            raise ContentError(payload)
        if kind == "error":
            raise OutputError(payload)
        return payload


def _stop(owner: int, process: multiprocessing.process.BaseProcess, *pipes: Any) -> None:
    if os.getpid() != owner:  # a later child of the same parent (under `serve`) collecting it
        return
    if process.is_alive():
        process.kill()
    process.join()
    for pipe in pipes:
        pipe.close()


def _run(
    work: Callable[[], object],
    finish: Callable[[object, object], None] | None,
    writer: Any,
    inbox: Any,
    parent_ends: tuple[Any, Any],
    parent: int,
) -> None:
    _die_with_parent(parent)
    for end in parent_ends:  # so that the parent's exit is an end of file here
        end.close()
    try:
        value = work()
        if finish is None:
            message: tuple[str, object] = ("ok", value)
        else:
            writer.send_bytes(pickle.dumps(("ready", None)))
            try:
                argument = pickle.loads(inbox.recv_bytes())
            except EOFError:  # nobody wants it any more
                os._exit(0)
            finish(value, argument)
            message = ("ok", None)
    except ContentError as error:
        message = ("content", list(error.problems))
    except PlaybookError as error:
        message = ("error", str(error))
    except BaseException as error:  # reported by the parent, which owns the exit code
        message = ("error", f"{type(error).__name__}: {error}")
    with contextlib.suppress(OSError):  # a parent that has gone wants no answer
        writer.send_bytes(pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL))
        writer.close()
    os._exit(0)  # no atexit handlers or flushes of the parent's state in the child


def _die_with_parent(parent: int) -> None:
    """On Linux, the kernel kills this child when its parent dies (a stopped `serve`, a build
    killed by its caller): nobody is left to want the downloads."""
    if sys.platform == "linux":
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the line above
        os._exit(0)
