"""The JSON files the tool keeps (playbook version snapshots, the portfolio's history): read
with a size limit, never hanging on a FIFO, and every way they can be broken reported as a
problem of the file, never a traceback."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

from generator.errors import ContentError, Problem

# Says why a file is not valid: (line or None, reason) -> the error to raise.
Invalid = Callable[[int | None, str], ContentError]


def read_json_file(path: Path, shown: str, limit: int, invalid: Invalid) -> Any | None:
    """The parsed JSON of ``path`` (``shown`` in messages); None when it is not there (or is
    a dangling symlink). A file over ``limit`` bytes, not UTF-8 or not JSON is ``invalid``."""
    raw = _read_limited(path, shown, limit, invalid)
    if raw is None:
        return None
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise invalid(line, f"not UTF-8 text (byte 0x{raw[exc.start]:02x})") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise invalid(exc.lineno, f"invalid JSON: {exc.msg}") from None
    except RecursionError:
        raise invalid(None, "invalid JSON: nested too deeply") from None
    except ValueError:  # the only other one: an integer with more digits than Python converts
        raise invalid(None, "invalid JSON: a number has too many digits") from None


def _read_limited(path: Path, shown: str, limit: int, invalid: Invalid) -> bytes | None:
    try:
        # Non-blocking, so a FIFO in place of the file cannot hang the command.
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise _unreadable(shown, exc) from None
    try:
        info = os.fstat(handle)
        if stat.S_ISDIR(info.st_mode):
            raise invalid(None, "it is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise invalid(None, "it is not a regular file")
        if info.st_size > limit:
            raise invalid(None, too_large(info.st_size, limit))
        with os.fdopen(handle, "rb", closefd=False) as stream:
            raw = stream.read(limit + 1)
    except OSError as exc:
        raise _unreadable(shown, exc) from None
    finally:
        os.close(handle)
    if len(raw) > limit:  # it grew after the size check
        raise invalid(None, too_large(len(raw), limit))
    return raw


def too_large(size: int, limit: int) -> str:
    return f"file is {size:,} bytes; the limit is {limit:,}"


def _unreadable(shown: str, error: OSError) -> ContentError:
    reason = (error.strerror or str(error)).lower()
    return ContentError([Problem(shown, None, None, f"cannot read file: {reason}")])


def json_type(value: Any) -> str:
    """A JSON value's kind, as messages name it."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return "null" if value is None else "nothing"
