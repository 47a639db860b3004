"""A tiny, code-free expression language for "this item applies when ...".

Grammar (kept small enough to evaluate in a browser later):

    expr    := or
    or      := and ("or" and)*
    and     := not ("and" not)*
    not     := "not" not | compare
    compare := NAME [OP literal]       OP: == != < <= > >= in "not in" contains
             | "(" expr ")"
    literal := STRING | NUMBER | DATE | true | false | "[" literal ("," literal)* "]"

A bare NAME is true when the fact is answered and truthy. Nothing is ever ``eval``-ed.

The grammar and its meaning live here; ``generator.validate.conditions`` checks a condition
against the playbook's facts.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

MAX_DEPTH = 32  # parentheses and 'not's; deeper is a mistake, and would exhaust the stack

Literal_ = str | int | bool | dt.date | tuple[Any, ...]


class ConditionSyntaxError(ValueError):
    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.offset = offset


@dataclass(frozen=True)
class FactRef:
    name: str
    offset: int


@dataclass(frozen=True)
class Compare:
    fact: FactRef
    op: str
    value: Literal_


@dataclass(frozen=True)
class Not:
    operand: Node


@dataclass(frozen=True)
class BoolOp:
    op: str  # "and" | "or"
    operands: tuple[Node, ...]


Node = FactRef | Compare | Not | BoolOp

_TOKEN = re.compile(
    r"""\s*(?:
        (?P<date>\d{4}-\d{2}-\d{2})
      | (?P<number>-?\d+)
      | (?P<string>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")
      | (?P<op>==|!=|<=|>=|<|>|\(|\)|\[|\]|,)
      | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
    )""",
    re.VERBOSE,
)
_KEYWORDS = {"and", "or", "not", "in", "contains", "true", "false"}
_COMPARISONS = {"==", "!=", "<", "<=", ">", ">=", "in", "not in", "contains"}


@dataclass(frozen=True)
class _Token:
    kind: str
    text: str
    offset: int


def _tokenize(source: str) -> list[_Token]:
    tokens: list[_Token] = []
    position = 0
    while position < len(source):
        if source[position:].strip() == "":
            break
        match = _TOKEN.match(source, position)
        if match is None or match.end() == position:
            offset = len(source[position:]) - len(source[position:].lstrip()) + position
            raise ConditionSyntaxError(f"unexpected character {source[offset]!r}", offset)
        kind = match.lastgroup or ""
        text = match.group(kind)
        tokens.append(_Token(kind, text, match.start(kind)))
        position = match.end()
    tokens.append(_Token("end", "", len(source)))
    return tokens


class _Parser:
    def __init__(self, source: str) -> None:
        self.tokens = _tokenize(source)
        self.index = 0
        self.depth = 0

    @contextlib.contextmanager
    def _nested(self) -> Iterator[None]:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ConditionSyntaxError(
                f"nested more than {MAX_DEPTH} levels deep", self.current.offset
            )
        try:
            yield
        finally:
            self.depth -= 1

    @property
    def current(self) -> _Token:
        return self.tokens[self.index]

    def _advance(self) -> _Token:
        token = self.current
        self.index += 1
        return token

    def _is(self, text: str) -> bool:
        return self.current.kind in ("op", "word") and self.current.text == text

    def _expect(self, text: str) -> None:
        if not self._is(text):
            raise ConditionSyntaxError(f"expected '{text}'", self.current.offset)
        self._advance()

    def parse(self) -> Node:
        node = self._or()
        if self.current.kind != "end":
            raise ConditionSyntaxError(f"unexpected '{self.current.text}'", self.current.offset)
        return node

    def _or(self) -> Node:
        operands = [self._and()]
        while self._is("or"):
            self._advance()
            operands.append(self._and())
        return operands[0] if len(operands) == 1 else BoolOp("or", tuple(operands))

    def _and(self) -> Node:
        operands = [self._not()]
        while self._is("and"):
            self._advance()
            operands.append(self._not())
        return operands[0] if len(operands) == 1 else BoolOp("and", tuple(operands))

    def _not(self) -> Node:
        if self._is("not"):
            self._advance()
            with self._nested():
                return Not(self._not())
        return self._compare()

    def _compare(self) -> Node:
        if self._is("("):
            self._advance()
            with self._nested():
                node = self._or()
            self._expect(")")
            return node
        token = self.current
        if token.kind != "word" or token.text in _KEYWORDS:
            raise ConditionSyntaxError("expected a fact name", token.offset)
        self._advance()
        fact = FactRef(token.text, token.offset)
        op = self._operator()
        if op is None:
            return fact
        return Compare(fact, op, self._literal())

    def _operator(self) -> str | None:
        token = self.current
        if token.kind == "op" and token.text in _COMPARISONS:
            self._advance()
            return token.text
        if token.kind == "word" and token.text in ("in", "contains"):
            self._advance()
            return token.text
        if self._is("not") and self.tokens[self.index + 1].text == "in":
            self.index += 2
            return "not in"
        return None

    def _literal(self) -> Literal_:
        token = self._advance()
        if token.kind == "string":
            return _unquote(token)
        if token.kind == "number":
            return int(token.text)
        if token.kind == "date":
            try:
                return dt.date.fromisoformat(token.text)
            except ValueError:
                raise ConditionSyntaxError(
                    f"'{token.text}' is not a real date", token.offset
                ) from None
        if token.kind == "word" and token.text in ("true", "false"):
            return token.text == "true"
        if token.kind == "op" and token.text == "[":
            values: list[Any] = []
            while not self._is("]"):
                values.append(self._literal())
                if not self._is("]"):
                    self._expect(",")
            self._advance()
            return tuple(values)
        raise ConditionSyntaxError(
            "expected a value ('text', number, date, true/false or [list])", token.offset
        )


def _unquote(token: _Token) -> str:
    """Quoted text; the only escapes are \\' \\" and \\\\ (no code points, nothing clever)."""
    inner = token.text[1:-1]
    bad = re.search(r"\\([^'\"\\])", inner)
    if bad is not None:
        raise ConditionSyntaxError(
            f"unknown escape '\\{bad.group(1)}' in text; only \\' \\\" and \\\\ are allowed",
            token.offset + 1 + bad.start(),
        )
    return re.sub(r"\\(.)", r"\1", inner)


def parse(source: str) -> Node:
    """Parse a condition, raising ConditionSyntaxError with the offset of the problem."""
    return _Parser(source).parse()


def fact_names(node: Node) -> list[FactRef]:
    if isinstance(node, FactRef):
        return [node]
    if isinstance(node, Compare):
        return [node.fact]
    if isinstance(node, Not):
        return fact_names(node.operand)
    return [ref for operand in node.operands for ref in fact_names(operand)]


# --- "can never be true" ------------------------------------------------------------------------
#
# Why a few representative values per fact decide satisfiability exactly: every comparison, and
# every bare fact name, tests exactly one fact, so the answers to different facts are
# independent and only the combination of their truth values matters. For one fact, each test
# compares with a literal (or tests truthiness), so the fact's possible values fall into a few
# classes on which every test of the condition gives the same result; one value per class is
# enough:
# - boolean: True, False;
# - integer: each literal and 0 (the bare name tests `!= 0`), each of them ±1 (a value strictly
#   between two neighbouring points, and below/above all of them, when such a value exists);
# - date: the same with ±1 day (and one arbitrary date when none is compared: any date is true);
# - text: each literal, '' (false as a bare name) and one non-empty text differing from all;
# - choice: each choice compared with, plus one that is not (any choice is true as a bare name);
# - multi-choice: every subset of the choices tested with `contains`, each with and without
#   one untested choice (which only matters to the bare name, false for the empty list);
# - None as well when an optional fact (required: false, no default) may be left unanswered.
# The domains over-approximate what answers.py accepts (e.g. a required text is never blank):
# that can only miss a never-true condition, never reject one that can hold.


def evaluate(node: Node, facts: dict[str, Any]) -> bool:
    """True when the condition holds for a project's answered facts."""
    if isinstance(node, FactRef):
        return bool(facts.get(node.name))
    if isinstance(node, Not):
        return not evaluate(node.operand, facts)
    if isinstance(node, BoolOp):
        results = (evaluate(operand, facts) for operand in node.operands)
        return all(results) if node.op == "and" else any(results)
    return _compare(node, facts.get(node.fact.name))


def _compare(node: Compare, actual: Any) -> bool:
    if actual is None:
        return node.op in ("!=", "not in")
    expected = node.value
    match node.op:
        case "==":
            return bool(actual == expected)
        case "!=":
            return bool(actual != expected)
        case "in":
            return actual in expected  # type: ignore[operator]
        case "not in":
            return actual not in expected  # type: ignore[operator]
        case "contains":
            return isinstance(actual, list) and expected in actual
        case "<":
            return bool(actual < expected)
        case "<=":
            return bool(actual <= expected)
        case ">":
            return bool(actual > expected)
        case ">=":
            return bool(actual >= expected)
    raise AssertionError(f"unknown operator {node.op}")
