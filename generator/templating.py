"""Render stage, part one: the sandboxed Jinja environments.

Every template is rendered in a ``SandboxedEnvironment`` because organizations override page
templates and authors write fill-in text: neither may reach Python internals. Autoescaping
is on, and ``finalize`` escapes plain values for Markdown as well as HTML, so a project named
``<script>`` or ``[x](javascript:...)`` shows as text. Templates mark trusted author Markdown
with the ``md`` filter.
"""

from __future__ import annotations

import ctypes
import faulthandler
import json
import math
import os
import posixpath
import re
import resource
import sys
import threading
import time
import traceback
import types
from collections.abc import Callable, Collection, Generator, Iterable, Iterator
from functools import lru_cache, update_wrapper
from itertools import islice
from pathlib import Path
from typing import Any, TextIO, TypeVar, cast

import jinja2
import jinja2.filters as jinja_filters
import markdown
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment, SandboxedFormatter
from markupsafe import EscapeFormatter, Markup, escape

from generator.scheduling import describe_offset

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|{}#])")
# What would start a list item at the beginning of a line ("- x", "+ x", "1. x", "1) x").
_BLOCK_START = re.compile(r"^(\s*)([-+]|\d+[.)])(?=\s|$)")
_LINE_BREAK = re.compile(r"\r\n|[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]")


def markdown_text(value: Any) -> Any:
    """Escape a plain value so that Markdown shows it literally (and HTML cannot run).

    The value stays inside the line it is written on: a line break becomes ``<br>`` (a break
    inside the same paragraph or table cell), so no value can start a heading, a table row
    or a list of its own.
    """
    if isinstance(value, Markup) or not isinstance(value, str):
        return value
    # Markdown first: HTML escaping then adds entities such as '&#39;', whose '#' must stay.
    escaped = _BLOCK_START.sub(_escape_block_start, _MARKDOWN_SPECIAL.sub(r"\\\1", value))
    return Markup(_LINE_BREAK.sub("<br>", str(escape(escaped))))


def _escape_block_start(match: re.Match[str]) -> str:
    marker = match[2]
    escaped = f"{marker[:-1]}\\{marker[-1]}" if marker[0].isdigit() else f"\\{marker}"
    return match[1] + escaped


def trusted_markdown(value: str) -> Markup:
    """Author-written Markdown from a playbook: passed through as Markdown."""
    return Markup(value)


def table_cell(value: Any) -> Markup:
    """A value inside a Markdown table row: escaped, with line breaks kept inside the cell."""
    return Markup(markdown_text(value))


def html_text(value: Any) -> Markup:
    """Escape for a raw-HTML context, where Markdown backslash escapes would show."""
    return escape(str(value))


def code_span(value: Any) -> Markup:
    """A Markdown code span; its content is literal, so it needs a fence, not escaping."""
    text = str(value)
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return Markup(f"{fence}{pad}{text}{pad}{fence}")


def theme_title(value: Any) -> str:
    """A page title as MkDocs themes print it: raw, into <title>, the header and navigation.

    Markdown and HTML escaping cannot survive that trip (Material even un-escapes with
    ``striptags``), so angle brackets become look-alike quotes and the title stays text.
    """
    text = " ".join(str(value).split())
    return text.replace("<", "\u2039").replace(">", "\u203a")


def yaml_value(value: Any) -> Markup:
    """A JSON scalar or list is valid YAML: used for front matter."""
    return Markup(json.dumps(value, ensure_ascii=False, sort_keys=True, default=str))


def indent_markdown(value: Any, width: int = 4) -> Markup:
    """Indent continuation lines so Markdown stays inside a list item or admonition."""
    _refuse_over(width, MAX_WIDTH, "an indent of {} characters")
    text = value if isinstance(value, Markup) else markdown_text(value)
    pad = " " * width
    lines = str(text).splitlines()
    return Markup(
        "\n".join([lines[0], *[pad + line if line else "" for line in lines[1:]]]) if lines else ""
    )


@jinja2.pass_context
def relative_url(context: jinja2.runtime.Context, target: str) -> Markup:
    """A link from the page being rendered (``page_path``) to another docs-relative path."""
    return Markup(relative_path(target, posixpath.dirname(context["page_path"])))


@lru_cache(maxsize=65536)
def relative_path(target: str, start: str) -> str:
    """``posixpath.relpath`` for paths that are already clean and docs-relative.

    The standard one resolves both against the working directory on every call, which was
    the largest single cost of rendering a large site.
    """
    target_parts = target.split("/")
    start_parts = start.split("/") if start else []
    common = 0
    for mine, theirs in zip(start_parts, target_parts, strict=False):
        if mine != theirs:
            break
        common += 1
    parts = [".."] * (len(start_parts) - common) + target_parts[common:]
    return "/".join(parts) or "."


def answer_text(value: Any) -> str:
    """A project's answer to a fact, as a reader would say it."""
    if value is None or value == []:
        return "(not answered)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(str(entry) for entry in value)
    return str(value)


# Light fills that keep black text above 4.5:1 contrast.
BAND_COLORS = {"low": "#c8e6c9", "medium": "#fff59d", "high": "#ffcc80", "critical": "#ef9a9a"}


def _configure(env: _Env) -> _Env:
    env.globals["band_colors"] = BAND_COLORS
    env.filters["url"] = relative_url
    env.filters["offset_text"] = describe_offset
    env.filters["answer"] = answer_text
    env.filters["md"] = trusted_markdown
    env.filters["html"] = html_text
    env.filters["code"] = code_span
    env.filters["cell"] = table_cell
    env.filters["theme_title"] = theme_title
    env.filters["yaml"] = yaml_value
    env.filters["indent_md"] = indent_markdown
    return env


_Env = TypeVar("_Env", bound=jinja2.Environment)
_T = TypeVar("_T")


# Limits on what one sandboxed template may build. Far above what any page needs, far below
# what hurts: each check runs before the operation, so a refused one costs nothing.
MAX_WIDTH = 10_000  # padding, format widths and precisions, indents, rounding digits, bytes
MAX_ITEMS = 100_000  # characters or items from one repetition or batch (Jinja's range limit)
MAX_INT_BITS = 4096  # an integer result: 1,233 digits

_SEQUENCES = (str, bytes, bytearray, list, tuple)
_PADDING_METHODS = frozenset({"ljust", "rjust", "center", "zfill"})
_GUARDED_CALLS = _PADDING_METHODS | {"expandtabs", "to_bytes", "from_bytes"}
# One printf-style conversion: %(key)-08.3f, %*d, %%.
_PRINTF_SPEC = re.compile(r"%(\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d*))?[hlL]?(.?)", re.DOTALL)
_DIGITS = re.compile(r"\d+")


def _amount(number: int) -> str:
    if number.bit_length() > 64:
        return f"about 10^{int(number.bit_length() * 0.30103)}"
    return f"{number:,}"


def _refuse_over(number: Any, limit: int, what: str) -> None:
    """Refuse ``number`` when it is an integer over ``limit``; ``what`` has a {} for it."""
    if isinstance(number, int) and number > limit:
        raise SecurityError(
            f"{what.format(_amount(number))} is not allowed: the limit is {limit:,}"
        )


def _check_digits(text: str, what: str) -> None:
    """Every number written in a format (a width, a precision) stays within MAX_WIDTH."""
    for run in _DIGITS.findall(text):
        digits = run.lstrip("0")
        if len(digits) > 18:  # int() of a long digit string is slow; it is over anyway
            raise SecurityError(
                f"{what} of about 10^{len(digits) - 1} is not allowed: the limit is {MAX_WIDTH:,}"
            )
        _refuse_over(int(digits or "0"), MAX_WIDTH, what + " of {}")


def _check_printf(template: str | bytes, values: Any) -> None:
    """Widths and precisions of ``template % values``, including ``*`` ones taken from values."""
    text = template.decode("latin-1") if isinstance(template, bytes) else template
    if "%" not in text:
        return
    positional = list(values) if isinstance(values, tuple) else [values]
    index = 0
    for match in _PRINTF_SPEC.finditer(text):
        key, width, precision, conversion = match.groups()
        for number, what in ((width, "a format width"), (precision, "a format precision")):
            if number == "*":
                if index < len(positional):
                    _refuse_over(positional[index], MAX_WIDTH, what + " of {}")
                index += 1
            elif number:
                _check_digits(number, what)
        if key is None and conversion != "%":
            index += 1


def _check_call(obj: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """Builtin methods whose numeric argument sets the size of what they build."""
    name = getattr(obj, "__name__", None)
    if name not in _GUARDED_CALLS:
        return
    owner = getattr(obj, "__self__", None)
    if isinstance(owner, str | bytes | bytearray):
        if name in _PADDING_METHODS and args:
            _refuse_over(args[0], MAX_WIDTH, "padding to {} characters")
        elif name == "expandtabs":
            _refuse_over(args[0] if args else kwargs.get("tabsize"), MAX_WIDTH, "a tab size of {}")
    elif isinstance(owner, int) and name == "to_bytes":
        _refuse_over(args[0] if args else kwargs.get("length"), MAX_WIDTH, "{} bytes")
    elif isinstance(owner, type) and issubclass(owner, int) and name == "from_bytes":
        data = args[0] if args else kwargs.get("bytes", b"")
        if isinstance(data, bytes | bytearray):
            _refuse_over(len(data) * 8, MAX_INT_BITS, "a number of {} bits")


def _check_product(left: Any, right: Any) -> None:
    if isinstance(left, int) and isinstance(right, int):
        _refuse_over(left.bit_length() + right.bit_length(), MAX_INT_BITS, "a number of {} bits")
        return
    sized, count = (left, right) if isinstance(left, _SEQUENCES) else (right, left)
    if isinstance(sized, _SEQUENCES) and isinstance(count, int) and count > 1:
        _refuse_over(count * len(sized), MAX_ITEMS, "repeating a value to {} characters or items")


def _check_power(base: Any, exponent: Any) -> None:
    if not (isinstance(base, int) and isinstance(exponent, int)) or exponent < 1 or abs(base) < 2:
        return
    # Estimated from the operands' sizes, before Python spends minutes computing it.
    _refuse_over(exponent, MAX_INT_BITS, "an exponent of {}")
    bits = int(exponent * math.log2(abs(base))) + 1  # the result's bit_length, about
    _refuse_over(bits, MAX_INT_BITS, "a number of {} bits")


class _BoundedFormatter(SandboxedFormatter):
    """``str.format`` in the sandbox, refusing huge widths such as ``{:>999999999}``."""

    def format_field(self, value: Any, format_spec: str) -> Any:
        if format_spec:
            _check_digits(format_spec, "a format width or precision")
        return super().format_field(value, format_spec)


class _BoundedEscapeFormatter(_BoundedFormatter, EscapeFormatter):
    pass


def _center(value: str, width: int = 80) -> str:
    _refuse_over(width, MAX_WIDTH, "padding to {} characters")
    return jinja_filters.do_center(value, width)


def _indent(s: str, width: int | str = 4, first: bool = False, blank: bool = False) -> str:
    _refuse_over(width, MAX_WIDTH, "an indent of {} characters")
    return jinja_filters.do_indent(s, width, first, blank)


def _format(value: str, *args: Any, **kwargs: Any) -> str:
    _check_printf(str(value), kwargs or args)
    return jinja_filters.do_format(value, *args, **kwargs)


def _batch(value: Iterable[Any], linecount: int, fill_with: Any = None) -> Iterator[list[Any]]:
    _refuse_over(linecount, MAX_ITEMS, "a batch of {} items")
    return jinja_filters.do_batch(value, linecount, fill_with)


def _slice(value: Collection[Any], slices: int, fill_with: Any = None) -> Iterator[list[Any]]:
    _refuse_over(slices, MAX_ITEMS, "slicing into {} parts")
    return jinja_filters.sync_do_slice(value, slices, fill_with)


def _round(value: float, precision: int = 0, method: Any = "common") -> float:
    if isinstance(precision, int):
        _refuse_over(abs(precision), MAX_WIDTH, "rounding to {} digits")
    return jinja_filters.do_round(value, precision, method)


def _int(value: Any, default: int = 0, base: int = 10) -> int:
    number = jinja_filters.do_int(value, default, base)
    if isinstance(number, int):  # or the caller's default, whatever it is
        _refuse_over(number.bit_length(), MAX_INT_BITS, "a number of {} bits")
    return number


@jinja2.pass_eval_context
def _tojson(eval_ctx: jinja2.nodes.EvalContext, value: Any, indent: int | None = None) -> Markup:
    _refuse_over(indent, MAX_WIDTH, "an indent of {} characters")
    return jinja_filters.do_tojson(eval_ctx, value, indent)


# Filters whose numeric argument sets the size of what they build (truncate and wordwrap only
# ever shorten or break lines, so they need no bound).
_BOUNDED_FILTERS: dict[str, Callable[..., Any]] = {
    "center": _center,
    "indent": _indent,
    "format": _format,
    "batch": _batch,
    "slice": _slice,
    "round": _round,
    "int": _int,
    "tojson": _tojson,
}


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


def _within_limits(work: Callable[[], _T]) -> _T:
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
        return _within_limits(lambda: self._render_bounded(context))

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
        except (Exception, TemplateTimeout):
            self.environment.handle_exception()  # maps the traceback to template lines
        return "".join(chunks)


class BoundedSandbox(SandboxedEnvironment):
    """Jinja's sandbox, plus limits on operations that build huge values or run for ever.

    ``{{ 'x' * 10**9 }}`` is safe from code execution but would exhaust memory; templates
    never need results that large. Operators, builtin methods and filters that size their
    result from a number are checked before they run; whatever slips past those (a loop of a
    billion steps, a value doubled thirty times) meets the limits of ``LimitedTemplate``.
    """

    intercepted_binops = frozenset(["*", "**", "%"])
    template_class = LimitedTemplate

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters.update(_BOUNDED_FILTERS)

    # Compiling evaluates filters on constants ({{ 'a...'|replace('a', 'b...') }}), so it gets
    # the same limits as rendering; a filter failing here is simply left for the render.
    def _parse(self, source: str, name: str | None, filename: str | None) -> jinja2.nodes.Template:
        parse = super()._parse
        return _within_limits(lambda: parse(source, name, filename))

    def _generate(
        self,
        source: jinja2.nodes.Template,
        name: str | None,
        filename: str | None,
        defer_init: bool = False,
    ) -> str:
        generate = super()._generate
        return _within_limits(lambda: generate(source, name, filename, defer_init))

    def call_binop(
        self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any
    ) -> Any:
        if operator == "*":
            _check_product(left, right)
        elif operator == "**":
            _check_power(left, right)
        elif isinstance(left, str | bytes):  # "%": printf-style formatting
            _check_printf(left, right)
        return super().call_binop(context, operator, left, right)

    def call(self, context: jinja2.runtime.Context, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        _check_call(obj, args, kwargs)
        return super().call(context, obj, *args, **kwargs)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """Jinja's ``str.format`` wrapper, with a formatter that bounds widths."""
        is_method = isinstance(value, types.MethodType | types.BuiltinMethodType)
        if not is_method or value.__name__ not in ("format", "format_map"):
            return None
        text: Any = value.__self__
        if not isinstance(text, str):
            return None
        text_type: type[str] = type(text)
        is_format_map = value.__name__ == "format_map"
        formatter: _BoundedFormatter = (
            _BoundedEscapeFormatter(self, escape=text.escape)
            if isinstance(text, Markup)
            else _BoundedFormatter(self)
        )

        def wrapper(*args: Any, **kwargs: Any) -> str:
            if is_format_map:
                if kwargs:
                    raise TypeError("format_map() takes no keyword arguments")
                if len(args) != 1:
                    raise TypeError(f"format_map() takes exactly one argument ({len(args)} given)")
                return text_type(formatter.vformat(text, (), args[0]))
            return text_type(formatter.vformat(text, args, kwargs))

        return update_wrapper(wrapper, value)


class TemplateOutside(jinja2.TemplateError):
    """An override template that is a symlink to a file outside the templates folder.

    Not a TemplateNotFound: the loader must refuse it, not fall back to the built-in one.
    """

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


class _ContainedLoader(jinja2.FileSystemLoader):
    """The organization's templates, never a file that a symlink leads to outside their folder."""

    def __init__(self, folder: Path) -> None:
        super().__init__(folder)
        self.folder = folder.resolve()

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        real = Path(filename).resolve()
        if real != self.folder and self.folder not in real.parents:
            raise TemplateOutside(filename)
        return source, filename, uptodate


def _loader(override_dir: Path | None) -> jinja2.BaseLoader:
    loaders: list[jinja2.BaseLoader] = []
    if override_dir is not None:
        loaders.append(_ContainedLoader(override_dir))
    loaders.append(jinja2.PackageLoader("generator", "templates"))
    return jinja2.ChoiceLoader(loaders)


def _file_environment(override_dir: Path | None, **options: Any) -> jinja2.Environment:
    """An environment for templates kept as files, sandboxed when an organization overrides."""
    environment_class = jinja2.Environment if override_dir is None else BoundedSandbox
    return environment_class(
        loader=_loader(override_dir),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
        **options,
    )


@lru_cache(maxsize=8)
def page_environment(override_dir: Path | None) -> jinja2.Environment:
    """Page templates: the organization's override folder first, then the built-in ones.

    With an override folder, every page template runs in the sandbox: an organization's
    template (or one it imports) is content it wrote. Without one, only our own templates run,
    and they skip the sandbox's per-attribute checks, which cost about half of rendering.
    Cached so templates are compiled once per process, not once per page.
    """
    return _configure(_file_environment(override_dir, finalize=markdown_text))


@lru_cache(maxsize=1)
def _markdown_converter() -> markdown.Markdown:
    return markdown.Markdown(extensions=["tables", "sane_lists"])


def markdown_to_html(value: str) -> Markup:
    """Markdown (already escaped where it holds user values) to HTML, for the kickoff pack.

    One converter, reset between documents: building a new one costs more than converting.
    """
    return Markup(_markdown_converter().reset().convert(str(value)))


@lru_cache(maxsize=8)
def html_environment(override_dir: Path | None) -> jinja2.Environment:
    """HTML templates (the kickoff pack): plain HTML autoescaping, same override folder.

    Sandboxed when an override folder is set, as ``page_environment`` explains.
    """
    env = _file_environment(override_dir)
    env.filters["markdown"] = markdown_to_html
    return _configure(env)


@lru_cache(maxsize=4096)
def compiled_fill_in(source: str) -> jinja2.Template:
    """Fill-in text compiled once, however many projects use it."""
    return fill_in_environment().from_string(source)


@lru_cache(maxsize=1)
def fill_in_environment() -> SandboxedEnvironment:
    """Fill-in text written by playbook authors (scope templates)."""
    env = BoundedSandbox(
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        finalize=markdown_text,
        keep_trailing_newline=True,
    )
    return _configure(env)
