"""Jinja's sandbox, bounded: operations that would build huge values are refused before they
allocate anything (repetition, padding, format widths, big powers and products), and the
filters that can do the same are replaced by bounded versions."""

from __future__ import annotations

import math
import re
import types
from collections.abc import Callable, Collection, Iterable, Iterator
from functools import update_wrapper
from typing import Any

import jinja2
import jinja2.filters as jinja_filters
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment, SandboxedFormatter
from markupsafe import EscapeFormatter, Markup

from generator.render.limits import LimitedTemplate, within_limits

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


def refuse_over(number: Any, limit: int, what: str) -> None:
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
        refuse_over(int(digits or "0"), MAX_WIDTH, what + " of {}")


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
                    refuse_over(positional[index], MAX_WIDTH, what + " of {}")
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
            refuse_over(args[0], MAX_WIDTH, "padding to {} characters")
        elif name == "expandtabs":
            refuse_over(args[0] if args else kwargs.get("tabsize"), MAX_WIDTH, "a tab size of {}")
    elif isinstance(owner, int) and name == "to_bytes":
        refuse_over(args[0] if args else kwargs.get("length"), MAX_WIDTH, "{} bytes")
    elif isinstance(owner, type) and issubclass(owner, int) and name == "from_bytes":
        data = args[0] if args else kwargs.get("bytes", b"")
        if isinstance(data, bytes | bytearray):
            refuse_over(len(data) * 8, MAX_INT_BITS, "a number of {} bits")


def _check_product(left: Any, right: Any) -> None:
    if isinstance(left, int) and isinstance(right, int):
        refuse_over(left.bit_length() + right.bit_length(), MAX_INT_BITS, "a number of {} bits")
        return
    sized, count = (left, right) if isinstance(left, _SEQUENCES) else (right, left)
    if isinstance(sized, _SEQUENCES) and isinstance(count, int) and count > 1:
        refuse_over(count * len(sized), MAX_ITEMS, "repeating a value to {} characters or items")


def _check_power(base: Any, exponent: Any) -> None:
    if not (isinstance(base, int) and isinstance(exponent, int)) or exponent < 1 or abs(base) < 2:
        return
    # Estimated from the operands' sizes, before Python spends minutes computing it.
    refuse_over(exponent, MAX_INT_BITS, "an exponent of {}")
    bits = int(exponent * math.log2(abs(base))) + 1  # the result's bit_length, about
    refuse_over(bits, MAX_INT_BITS, "a number of {} bits")


class _BoundedFormatter(SandboxedFormatter):
    """``str.format`` in the sandbox, refusing huge widths such as ``{:>999999999}``."""

    def format_field(self, value: Any, format_spec: str) -> Any:
        if format_spec:
            _check_digits(format_spec, "a format width or precision")
        return super().format_field(value, format_spec)


class _BoundedEscapeFormatter(_BoundedFormatter, EscapeFormatter):
    pass


def _center(value: str, width: int = 80) -> str:
    refuse_over(width, MAX_WIDTH, "padding to {} characters")
    return jinja_filters.do_center(value, width)


def _indent(s: str, width: int | str = 4, first: bool = False, blank: bool = False) -> str:
    refuse_over(width, MAX_WIDTH, "an indent of {} characters")
    return jinja_filters.do_indent(s, width, first, blank)


def _format(value: str, *args: Any, **kwargs: Any) -> str:
    _check_printf(str(value), kwargs or args)
    return jinja_filters.do_format(value, *args, **kwargs)


def _batch(value: Iterable[Any], linecount: int, fill_with: Any = None) -> Iterator[list[Any]]:
    refuse_over(linecount, MAX_ITEMS, "a batch of {} items")
    return jinja_filters.do_batch(value, linecount, fill_with)


def _slice(value: Collection[Any], slices: int, fill_with: Any = None) -> Iterator[list[Any]]:
    refuse_over(slices, MAX_ITEMS, "slicing into {} parts")
    return jinja_filters.sync_do_slice(value, slices, fill_with)


def _round(value: float, precision: int = 0, method: Any = "common") -> float:
    if isinstance(precision, int):
        refuse_over(abs(precision), MAX_WIDTH, "rounding to {} digits")
    return jinja_filters.do_round(value, precision, method)


def _int(value: Any, default: int = 0, base: int = 10) -> int:
    number = jinja_filters.do_int(value, default, base)
    if isinstance(number, int):  # or the caller's default, whatever it is
        refuse_over(number.bit_length(), MAX_INT_BITS, "a number of {} bits")
    return number


@jinja2.pass_eval_context
def _tojson(eval_ctx: jinja2.nodes.EvalContext, value: Any, indent: int | None = None) -> Markup:
    refuse_over(indent, MAX_WIDTH, "an indent of {} characters")
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
        return within_limits(lambda: parse(source, name, filename))

    def _generate(
        self,
        source: jinja2.nodes.Template,
        name: str | None,
        filename: str | None,
        defer_init: bool = False,
    ) -> str:
        generate = super()._generate
        return within_limits(lambda: generate(source, name, filename, defer_init))

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
