"""General limits on every sandboxed render: time, memory and output size.

Specific checks (``generator.render.sandbox``) refuse the big operations nobody needs; these
limits stop whatever they miss, however it is written: a watchdog thread stops a render that
runs longer than ``TIME_LIMIT`` in any thread, the address space may grow by at most
``MEMORY_HEADROOM`` while it runs, and a page may not exceed ``MAX_OUTPUT`` characters.
"""

from __future__ import annotations

import ctypes
import faulthandler
import os
import resource
import sys
import threading
import time
import traceback
from collections.abc import Callable, Generator
from itertools import islice
from pathlib import Path
from types import TracebackType
from typing import Any, TextIO, TypeVar, cast

import jinja2

_T = TypeVar("_T")


# Limits on one render of a sandboxed template. A page renders in milliseconds; the issue asks
# that any template end within 10 s and 1 GB.
TIME_LIMIT = 5.0  # seconds: then the rendering thread gets TemplateTimeout


HARD_LIMIT = 8.0  # seconds: then the process ends, for C code that never reaches a bytecode


MEMORY_HEADROOM = 512 * 1024 * 1024  # bytes of address space a render may add


MAX_OUTPUT = 10_000_000  # characters of one rendered page


_TICK = 0.5  # seconds between the watchdog's checks, while templates render


_BATCH = 256  # output parts joined before the output size is checked


class TemplateLimitError(Exception):
    """A sandboxed template ran past a limit on time, memory or output, and was stopped."""

    def __init__(self, limit: str) -> None:
        self.limit = limit  # "took longer than 5 s", for "template <limit> while rendering x"
        super().__init__(f"template {limit}; it was stopped")


class TemplateTimeout(BaseException):
    """Raised in a rendering thread once its deadline passes.

    A BaseException, like KeyboardInterrupt, so that no ``except Exception`` in code a template
    calls can swallow it.
    """


# Raises an exception in another thread at its next bytecode; works in any thread (MkDocs
# ``serve`` renders outside the main thread, where SIGALRM cannot reach).
_set_async_exc = ctypes.pythonapi.PyThreadState_SetAsyncExc


class _Render:
    __slots__ = ("fired", "started", "thread")

    def __init__(self, thread: int, started: float) -> None:
        self.thread = thread
        self.started = started
        self.fired = False


class _Watchdog:
    """One daemon thread that stops renders past their deadline, in whatever thread they run.

    Starting a render costs a lock and a dict entry, not a thread: the watchdog ticks every
    _TICK while renders run and waits for an event otherwise. Two tiers:

    1. at TIME_LIMIT, ``TemplateTimeout`` is raised in the rendering thread, whose render
       reports the template and line;
    2. C code that holds the GIL (a regular expression that backtracks for hours) never reaches
       a bytecode, and blocks the watchdog as well. For that, faulthandler's timer, a C thread
       that needs no GIL, runs while renders do and is set to HARD_LIMIT after the oldest
       one started: if a render is still running then, it prints every thread's stack (the
       template file among them) and ends the process with exit code 1. Arming it starts a
       thread, so it stays armed from one render to the next and is cancelled by a tick that
       finds no render running.
    """

    def __init__(self) -> None:
        self._reset(backstop=sys.__stderr__)
        os.register_at_fork(after_in_child=self._after_fork)

    def _reset(self, backstop: TextIO | None) -> None:
        self._lock = threading.Lock()
        self._renders: dict[int, _Render] = {}
        self._busy = False  # a render started since the last tick
        self._awake = False  # the thread ticks, rather than waiting for _wake
        self._armed = False  # faulthandler's timer runs
        self._backstop = backstop  # where faulthandler writes; None: no second tier
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None

    def _after_fork(self) -> None:
        # A child has none of the parent's threads, and faulthandler's timer state is stuck
        # there if it ran: such a child does without the second tier.
        self._reset(backstop=None if self._armed else self._backstop)

    def enter(self) -> _Render | None:
        """Start the clock for this thread; None inside a render (the outer deadline holds)."""
        thread = threading.get_ident()
        with self._lock:
            if thread in self._renders:
                return None
            render = _Render(thread, time.monotonic())
            self._renders[thread] = render
            self._busy = True
            if not self._armed:
                self._arm(HARD_LIMIT)
            if not self._awake:  # the first render after a pause
                self._awake = self._start()
        return render

    def leave(self, render: _Render | None) -> None:
        """Stop the clock. Safe to call twice: the timeout may arrive while leaving."""
        if render is None:
            return
        with self._lock:
            if self._renders.get(render.thread) is render:
                del self._renders[render.thread]
                if render.fired:  # a timeout not raised yet must not hit the caller's code
                    _set_async_exc(ctypes.c_ulong(render.thread), None)

    def _start(self) -> bool:
        if self._thread is None or not self._thread.is_alive():
            thread = threading.Thread(target=self._run, name="template-watchdog", daemon=True)
            try:
                thread.start()
            except RuntimeError:  # no memory for a thread now: the next render tries again
                return False
            self._thread = thread
        self._wake.set()
        return True

    def _run(self) -> None:
        while True:
            try:
                self._wake.wait()
                time.sleep(_TICK)
                self._tick()
            except Exception:  # e.g. MemoryError while a render holds the cap: next tick
                pass

    def _tick(self) -> None:
        now = time.monotonic()
        with self._lock:
            for render in self._renders.values():
                if not render.fired and now - render.started >= TIME_LIMIT:
                    render.fired = True
                    _set_async_exc(ctypes.c_ulong(render.thread), ctypes.py_object(TemplateTimeout))
            if self._renders:
                self._arm(min(r.started for r in self._renders.values()) + HARD_LIMIT - now)
            else:
                self._disarm()
                if not self._busy:  # a whole tick without renders: wait for the next one
                    self._awake = False
                    self._wake.clear()
            self._busy = False

    def _arm(self, seconds: float) -> None:
        if self._backstop is None:
            return
        try:
            faulthandler.dump_traceback_later(max(seconds, 0.1), file=self._backstop, exit=True)
            self._armed = True
        except (RuntimeError, MemoryError):  # no thread now (the old timer is gone): retry
            self._armed = False
        except (ValueError, OSError, AttributeError):  # no usable stderr: first tier only
            self._backstop = None

    def _disarm(self) -> None:
        if self._armed:
            faulthandler.cancel_dump_traceback_later()
            self._armed = False


_WATCHDOG = _Watchdog()


class _AddressSpaceCap:
    """Lowers the soft RLIMIT_AS around renders, so that a huge allocation raises MemoryError.

    The soft limit goes to the current address space plus MEMORY_HEADROOM while any render
    runs (renders may nest or run in several threads: the outermost one lowers and restores),
    and goes back to its previous value afterwards; an unprivileged process may raise a soft
    limit up to the hard one. Without /proc (macOS does not enforce RLIMIT_AS anyway), time
    and output limits remain.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._depth = 0
        self._saved: tuple[int, int] | None = None
        self._statm: tuple[int, int] | None = None  # (pid, fd): reading an open fd is cheap
        self._page = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
        self._size = (0.0, 0)  # (when, bytes): the last reading of the address space
        self._usable = Path("/proc/self/statm").exists()

    def lower(self) -> None:
        """Call inside ``try``, with ``restore`` in its ``finally``."""
        with self._lock:
            self._depth += 1
            if self._depth > 1 or not self._usable:
                return
            try:
                soft, hard = resource.getrlimit(resource.RLIMIT_AS)
                cap = self._address_space() + MEMORY_HEADROOM
                if hard != resource.RLIM_INFINITY:
                    cap = min(cap, hard)
                if soft == resource.RLIM_INFINITY or cap < soft:  # never raise a lower limit
                    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
                    self._saved = (soft, hard)
            except (OSError, ValueError):  # no /proc, or a limit the kernel refuses
                pass

    def restore(self) -> None:
        with self._lock:
            self._depth = max(self._depth - 1, 0)
            if self._depth == 0 and self._saved is not None:
                saved, self._saved = self._saved, None
                try:
                    resource.setrlimit(resource.RLIMIT_AS, saved)
                except (OSError, ValueError):  # the hard limit went below it meanwhile
                    hard = resource.getrlimit(resource.RLIMIT_AS)[1]
                    resource.setrlimit(resource.RLIMIT_AS, (hard, hard))

    def _address_space(self) -> int:
        # Read at most every 50 ms: pages render back to back, and the address space does not
        # grow by anything like the headroom between two of them.
        now = time.monotonic()
        if now - self._size[0] < 0.05:
            return self._size[1]
        pid = os.getpid()
        if self._statm is None or self._statm[0] != pid:  # a forked child reads its own
            self._statm = (pid, os.open("/proc/self/statm", os.O_RDONLY | os.O_CLOEXEC))
        size = int(os.pread(self._statm[1], 64, 0).split()[0]) * self._page
        self._size = (now, size)
        return size


_ADDRESS_SPACE = _AddressSpaceCap()


def within_limits(work: Callable[[], _T]) -> _T:
    """``work()`` under the address space cap and the watchdog; their errors as TemplateLimitError.

    The cap is outermost and the clock innermost: a timeout can arrive until the clock stops,
    and must not skip restoring the cap.
    """
    try:
        try:
            _ADDRESS_SPACE.lower()
            render = _WATCHDOG.enter()
            try:
                try:
                    return work()
                finally:
                    _WATCHDOG.leave(render)
            except TemplateTimeout as stopped:
                _WATCHDOG.leave(render)
                if render is None:  # the deadline of an outer render in this thread: it reports
                    raise
                raise _stopped(f"took longer than {TIME_LIMIT:g} s", stopped) from None
        finally:
            _ADDRESS_SPACE.restore()  # before anything else runs under the cap
    except MemoryError as error:
        raise _stopped(
            f"needed more than {MEMORY_HEADROOM // 2**20:,} MB of memory", error
        ) from None


def _stopped(limit: str, cause: BaseException) -> TemplateLimitError:
    """The error for a render stopped by a limit, keeping where it was stopped.

    Its frames are cleared: they hold what the template built (a value of 500 MB, say), and
    only their file names and line numbers are needed.
    """
    traceback.clear_frames(cause.__traceback__)
    return TemplateLimitError(limit).with_traceback(cause.__traceback__)


class LimitedTemplate(jinja2.Template):
    """A sandboxed template whose ``render`` stops at the time, memory and output limits."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        context = self.new_context(dict(*args, **kwargs))
        return within_limits(lambda: self._render_bounded(context))

    def _render_bounded(self, context: jinja2.runtime.Context) -> str:
        chunks: list[str] = []
        size = 0
        stream = cast(Generator[str, None, None], self.root_render_func(context))
        try:
            # Parts are counted in batches (a page has tens to thousands), so that joining them
            # stays in C; a batch past the limit adds at most _BATCH parts to it.
            while batch := list(islice(stream, _BATCH)):
                chunk = "".join(batch)
                size += len(chunk)
                if size > MAX_OUTPUT:
                    # Raised where the template is, so that the error names its line.
                    stream.throw(TemplateLimitError(f"wrote more than {MAX_OUTPUT:,} characters"))
                chunks.append(chunk)
        except (Exception, TemplateTimeout) as error:
            error.__traceback__ = _numbered(error.__traceback__)
            self.environment.handle_exception()  # maps the traceback to template lines
        return "".join(chunks)


def _numbered(entry: TracebackType | None) -> TracebackType | None:
    """The traceback with a line number on every entry.

    A timeout delivered between two instructions can leave an entry without one (``None``),
    on which Jinja's mapping to template lines fails with a TypeError instead of naming the
    line; such an entry takes its frame's current line, or the function's first.
    """
    entries: list[TracebackType] = []
    while entry is not None:
        entries.append(entry)
        entry = entry.tb_next
    if all(item.tb_lineno is not None for item in entries):
        return entries[0] if entries else None
    rebuilt: TracebackType | None = None
    for item in reversed(entries):
        line = item.tb_lineno or item.tb_frame.f_lineno or item.tb_frame.f_code.co_firstlineno
        rebuilt = TracebackType(rebuilt, item.tb_frame, item.tb_lasti, line)
    return rebuilt
