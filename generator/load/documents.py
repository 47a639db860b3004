"""Load stage: YAML files to plain Python data plus the source position of every key and value.

Loading is deliberately stricter than ``yaml.safe_load``: duplicate keys, keys that are not
text, multi-document streams, object-constructing tags, merge keys and alias-expansion bombs
are all refused with a message that names the file and the line.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from generator.errors import ContentError, Problem
from generator.model.dates import DateError, in_range

# Large enough for a 500-item playbook, small enough that nobody waits on a runaway file.
MAX_FILE_BYTES = 2 * 1024 * 1024
# Counts nodes after alias expansion, so "billion laughs" stops after this many, not 10**9.
MAX_NODES = 250_000

PathKey = tuple[str | int, ...]

_SafeLoader: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_ALLOWED_SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
_STR_TAG = "tag:yaml.org,2002:str"
# No field takes a number this large; bigger ones are typos or attempts to exhaust the machine.
MAX_INTEGER = 10**18 - 1
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MAP_TAG = "tag:yaml.org,2002:map"
# Under `serve` (``keeping_parsed``), files parsed already, by what was asked and a digest of
# their bytes: an edit to one playbook file validates its playbook and projects again, but
# parses only that file. A build loads each file once: keeping them would only add to its
# peak memory. Bounded, so a long session over many folders keeps only the recent ones.
MAX_PARSED_KEPT = 4096
_parsed: OrderedDict[tuple[Path, str, bool, int], tuple[bytes, Document]] = OrderedDict()
_keeping = False


class Position(NamedTuple):
    """A line and column, both from 1 (a tuple: hundreds of thousands are made per build)."""

    line: int
    column: int


@dataclass(frozen=True)
class Document:
    """One loaded YAML file: its data and where each part of it came from."""

    path: Path
    display: str
    data: Any
    value_positions: dict[PathKey, Position] = field(default_factory=dict)
    key_positions: dict[PathKey, Position] = field(default_factory=dict)
    # Problems that did not stop loading (a duplicate key keeps its first value, a refused tag
    # becomes empty), so that validation can still report everything else in the same run.
    problems: list[Problem] = field(default_factory=list)
    # The file's text as read (with its byte order mark, if any), for edits that keep every byte.
    text: str = ""

    def position(self, path: PathKey, *, prefer_key: bool = False) -> Position:
        """The closest known position for ``path``: the value (or key), else its parent."""
        probe = path
        while True:
            if prefer_key and probe in self.key_positions:
                return self.key_positions[probe]
            if probe in self.value_positions:
                return self.value_positions[probe]
            if probe in self.key_positions:
                return self.key_positions[probe]
            if not probe:
                return Position(1, 1)
            probe = probe[:-1]

    def problem(self, path: PathKey, message: str, *, prefer_key: bool = False) -> Problem:
        pos = self.position(path, prefer_key=prefer_key)
        return Problem(self.display, pos.line, pos.column, message)


def load_document(
    path: Path, display: str, *, max_bytes: int = MAX_FILE_BYTES, lenient: bool = False
) -> Document:
    """Read and parse one YAML file, or raise ContentError describing every problem found.

    With ``lenient``, problems that leave usable data (see ``Document.problems``) are returned
    with the document instead of raised; the caller must report them.
    """
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise ContentError(
                [
                    Problem(
                        display,
                        None,
                        None,
                        f"file is {size:,} bytes; the limit is {max_bytes:,} bytes",
                    )
                ]
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise ContentError(
            [Problem(display, None, None, f"cannot read file: {exc.strerror}")]
        ) from None
    if not _keeping:
        return parse_document(raw, path, display, max_bytes=max_bytes, lenient=lenient)
    key, digest = (path, display, lenient, max_bytes), hashlib.blake2b(raw, digest_size=16).digest()
    kept = _parsed.get(key)
    if kept is not None and kept[0] == digest:
        _parsed.move_to_end(key)
        return kept[1]  # documents are never changed after parsing: sharing one is safe
    document = parse_document(raw, path, display, max_bytes=max_bytes, lenient=lenient)
    _parsed[key] = (digest, document)
    if len(_parsed) > MAX_PARSED_KEPT:
        _parsed.popitem(last=False)
    return document


@contextlib.contextmanager
def keeping_parsed() -> Iterator[None]:
    """While inside (`playbook serve`), an unchanged file is parsed once; all is forgotten on
    the way out."""
    global _keeping
    _keeping = True
    try:
        yield
    finally:
        _keeping = False
        _parsed.clear()


def parse_document(
    raw: bytes,
    path: Path,
    display: str,
    *,
    max_bytes: int = MAX_FILE_BYTES,
    lenient: bool = False,
) -> Document:
    """Parse YAML bytes (see ``load_document``); separate so tests and fuzzers need no file."""
    if len(raw) > max_bytes:
        raise ContentError(
            [
                Problem(
                    display,
                    None,
                    None,
                    f"file is {len(raw):,} bytes; the limit is {max_bytes:,} bytes",
                )
            ]
        )
    text = _decode(raw, display)
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise ContentError(
            [Problem(display, line, None, "file contains a NUL byte; is it binary?")]
        )
    try:
        nodes = list(yaml.compose_all(text, Loader=_SafeLoader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = _yaml_message(exc)
        if mark is None:
            raise ContentError([Problem(display, None, None, message)]) from None
        raise ContentError([Problem(display, mark.line + 1, mark.column + 1, message)]) from None
    except yaml.YAMLError as exc:
        raise ContentError([Problem(display, None, None, f"invalid YAML: {exc}")]) from None
    except RecursionError:
        raise ContentError([Problem(display, None, None, "YAML is nested too deeply")]) from None

    documents = [node for node in nodes if node is not None and not _is_null(node)]
    if not documents:
        raise ContentError([Problem(display, 1, 1, "file is empty; expected a YAML mapping")])
    if len(nodes) > 1:
        second_line = _second_document_line(text)
        raise ContentError(
            [
                Problem(
                    display,
                    second_line,
                    1 if second_line else None,
                    f"file holds {len(nodes)} YAML documents (separated by '---'); "
                    "expected exactly one",
                )
            ]
        )
    builder = _Builder(display)
    data = builder.build(documents[0])
    if builder.problems and (builder.fatal or not lenient):
        raise ContentError(builder.problems)
    return Document(
        path,
        display,
        data,
        builder.value_positions,
        builder.key_positions,
        builder.problems,
        raw.decode("utf-8"),
    )


def _second_document_line(text: str) -> int | None:
    """The line of the '---' that starts the second document, for the error message."""
    seen_content = False
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith("---") and seen_content:
            return number
        if (line.strip() and not line.startswith(("#", "%", "---"))) or line.startswith("---"):
            seen_content = True
    return None


def _is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null"


def _decode(raw: bytes, display: str) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        line_start = raw[before.rfind(b"\n") + 1 : exc.start]
        column = len(line_start.decode("utf-8", errors="replace")) + 1
        raise ContentError(
            [
                Problem(
                    display,
                    line,
                    column,
                    f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save it as UTF-8",
                )
            ]
        ) from None
    return text.removeprefix("\ufeff")


def _shorten(text: str) -> str:
    return text if len(text) <= 24 else f"{text[:10]}...{text[-6:]} ({len(text)} characters)"


def _yaml_message(exc: yaml.MarkedYAMLError) -> str:
    parts = [part for part in (exc.context, exc.problem) if part]
    return "invalid YAML: " + ", ".join(parts) if parts else "invalid YAML"


class _NodeLimitExceeded(Exception):
    pass


class _Builder:
    """Turns a composed node tree into plain data, recording positions and refusing unsafe input."""

    def __init__(self, display: str) -> None:
        self.display = display
        self.problems: list[Problem] = []
        self.value_positions: dict[PathKey, Position] = {}
        self.key_positions: dict[PathKey, Position] = {}
        self._constructor = yaml.constructor.SafeConstructor()
        self._count = 0
        self._active: set[int] = set()
        self.fatal = False  # the data cannot be used at all (an alias bomb, runaway nesting)

    def build(self, node: yaml.Node) -> Any:
        try:
            return self._build(node, ())
        except _NodeLimitExceeded:
            self.fatal = True
            self.problems = [
                Problem(
                    self.display,
                    node.start_mark.line + 1,
                    node.start_mark.column + 1,
                    f"document expands to more than {MAX_NODES:,} values "
                    "(an alias bomb?); refusing to load it",
                )
            ]
            return None
        except RecursionError:
            self.fatal = True
            self.problems = [Problem(self.display, None, None, "YAML is nested too deeply")]
            return None

    def _error(self, node: yaml.Node, message: str) -> None:
        mark = node.start_mark
        self.problems.append(Problem(self.display, mark.line + 1, mark.column + 1, message))

    def _build(self, node: yaml.Node, path: PathKey) -> Any:
        self._count += 1
        if self._count > MAX_NODES:
            raise _NodeLimitExceeded
        # Positions are only recorded the first time a path is seen (aliases revisit nodes).
        # A block scalar (| or >) is located at its first content line, where its text starts.
        mark = node.start_mark
        if path not in self.value_positions:
            if isinstance(node, yaml.ScalarNode) and node.style in ("|", ">"):
                self.value_positions[path] = Position(mark.line + 2, 1)
            else:
                self.value_positions[path] = Position(mark.line + 1, mark.column + 1)
        if id(node) in self._active:
            self._error(
                node,
                "an alias refers to the collection that contains it; "
                "recursive YAML is not supported",
            )
            return None
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node)
        self._active.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                if node.tag != _SEQ_TAG:
                    self._error(node, f"the YAML tag '{node.tag}' is not allowed")
                    return None
                return [
                    self._build(child, (*path, index)) for index, child in enumerate(node.value)
                ]
            if isinstance(node, yaml.MappingNode):
                return self._mapping(node, path)
        finally:
            self._active.discard(id(node))
        self._error(node, "unsupported YAML node")
        return None

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        if node.tag == _STR_TAG:  # most values: no constructor needed for plain text
            if "\x00" in node.value:
                self._error(node, "text holds a NUL character ('\\0'); remove it")
                return None
            return node.value
        if node.tag not in _ALLOWED_SCALAR_TAGS:
            self._error(
                node,
                f"the YAML tag '{node.tag}' is not allowed; "
                "only plain text, numbers, booleans and dates are",
            )
            return None
        try:
            value = self._constructor.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, OverflowError) as exc:
            if node.tag == _TIMESTAMP_TAG:
                # '2027-13-45' looks like a date but is none: keep the text, so the field that
                # expects a date can say what is wrong with it ("month 13 does not exist").
                return str(node.value)
            self._error(node, f"invalid value {node.value!r}: {exc}")
            return None
        if isinstance(value, dt.date):
            try:
                in_range(value)
            except DateError:  # kept as text: the field that expects a date says why
                return str(node.value)
        if isinstance(value, str) and "\x00" in value:
            self._error(node, "text holds a NUL character ('\\0'); remove it")
            return None
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_INTEGER:
            self._error(node, f"number {_shorten(node.value)} is too large (at most 18 digits)")
            return None
        if isinstance(value, float) and value != value:  # NaN equals nothing, not even itself
            self._error(node, "'.nan' is not a number any field accepts")
            return None
        return value

    def _mapping(self, node: yaml.MappingNode, path: PathKey) -> dict[str, Any]:
        if node.tag != _MAP_TAG:
            self._error(node, f"the YAML tag '{node.tag}' is not allowed")
            return {}
        result: dict[str, Any] = {}
        first_seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self._error(key_node, "merge keys ('<<') are not supported; write the keys out")
                continue
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != "tag:yaml.org,2002:str":
                shown = key_node.value if isinstance(key_node, yaml.ScalarNode) else "a collection"
                self._error(key_node, f"keys must be text, got {shown!r}; put quotes around it")
                continue
            key = str(key_node.value)
            if key in first_seen:
                self._error(
                    key_node,
                    f"duplicate key '{key}' (first defined on line "
                    f"{first_seen[key]}); YAML keeps only one of them",
                )
                continue
            first_seen[key] = key_node.start_mark.line + 1
            child_path = (*path, key)
            self.key_positions[child_path] = Position(
                key_node.start_mark.line + 1, key_node.start_mark.column + 1
            )
            result[key] = self._build(value_node, child_path)
        return result
