// @ts-check
/**
 * The "this item applies when ..." language (port of generator/model/conditions.py): the
 * tokenizer, the parser with the same messages and offsets, and `evaluate`.
 *
 *     expr    := or
 *     or      := and ("or" and)*
 *     and     := not ("and" not)*
 *     not     := "not" not | compare
 *     compare := NAME [OP literal]       OP: == != < <= > >= in "not in" contains
 *              | "(" expr ")"
 *     literal := STRING | NUMBER | DATE | true | false | "[" literal ("," literal)* "]"
 *
 * Offsets count code points, as Python's do (not UTF-16 units).
 *
 * Facts' values: text and choice -> string, integer -> number, boolean -> boolean,
 * date -> 'YYYY-MM-DD', multi-choice -> string[], unanswered -> absent, undefined or null.
 * @module
 */

import { isIsoDate } from "./dates.js";
import { codePoints, compareText, isDigit, isSpace, parseDecimal, repr } from "./text.js";

/** Parentheses and 'not's; deeper is a mistake, and would exhaust the stack. */
export const MAX_DEPTH = 32;

/** A condition that does not parse; `offset` is the code point where the problem is. */
export class ConditionSyntaxError extends Error {
  /**
   * @param {string} message
   * @param {number} offset
   */
  constructor(message, offset) {
    super(message);
    this.name = "ConditionSyntaxError";
    this.offset = offset;
  }
}

/**
 * @typedef {"==" | "!=" | "<" | "<=" | ">" | ">=" | "in" | "not in" | "contains"} Operator
 */

/**
 * A literal, tagged with its type: Python tells a list literal (a tuple) from a list of
 * answers, and an integer from a boolean, so the evaluation needs to as well.
 * @typedef {{type: "text", value: string}
 *   | {type: "integer", value: number}
 *   | {type: "boolean", value: boolean}
 *   | {type: "date", value: string}
 *   | {type: "list", items: Literal[]}} Literal
 */

/** @typedef {{type: "fact", name: string, offset: number}} FactRef */
/** @typedef {{type: "compare", fact: FactRef, op: Operator, value: Literal}} Compare */
/** @typedef {{type: "not", operand: Node}} Not */
/** @typedef {{type: "bool", op: "and" | "or", operands: Node[]}} BoolOp */
/** @typedef {FactRef | Compare | Not | BoolOp} Node */

/** @typedef {string | number | boolean | readonly string[]} FactValue */
/** @typedef {Readonly<Record<string, FactValue | null | undefined>>} Facts */

/** @typedef {"date" | "number" | "string" | "op" | "word" | "end"} TokenKind */
/** @typedef {{kind: TokenKind, text: string, offset: number}} Token */

const KEYWORDS = new Set(["and", "or", "not", "in", "contains", "true", "false"]);
const COMPARISONS = new Set(["==", "!=", "<", "<=", ">", ">=", "in", "not in", "contains"]);
const TWO_CHARACTER_OPS = ["==", "!=", "<=", ">="];
const ONE_CHARACTER_OPS = ["<", ">", "(", ")", "[", "]", ","];

/**
 * @param {string | undefined} character
 * @returns {boolean}
 */
function isWordStart(character) {
  return character !== undefined && /^[A-Za-z_]$/.test(character);
}

/**
 * @param {string | undefined} character
 * @returns {boolean}
 */
function isWordPart(character) {
  return character !== undefined && /^[A-Za-z0-9_]$/.test(character);
}

/**
 * The token starting at `start` (after whitespace), tried in the order of Python's
 * alternation: date, number, string, op, word. Its length in code points, or null.
 * @param {string[]} points
 * @param {number} start
 * @returns {{kind: TokenKind, end: number} | null}
 */
function matchToken(points, start) {
  const at = (/** @type {number} */ index) => points[index];
  // date: \d{4}-\d{2}-\d{2}
  const digitsAt = (/** @type {number[]} */ indexes) => indexes.every((i) => isDigit(at(i)));
  if (
    digitsAt([start, start + 1, start + 2, start + 3]) &&
    at(start + 4) === "-" &&
    digitsAt([start + 5, start + 6]) &&
    at(start + 7) === "-" &&
    digitsAt([start + 8, start + 9])
  ) {
    return { kind: "date", end: start + 10 };
  }
  // number: -?\d+
  let index = at(start) === "-" ? start + 1 : start;
  if (isDigit(at(index))) {
    while (isDigit(at(index))) {
      index += 1;
    }
    return { kind: "number", end: index };
  }
  // string: '(?:[^'\\]|\\.)*' or "(?:[^"\\]|\\.)*" where . is anything but a newline
  const quote = at(start);
  if (quote === "'" || quote === '"') {
    index = start + 1;
    while (index < points.length) {
      const character = at(index);
      if (character === quote) {
        return { kind: "string", end: index + 1 };
      }
      if (character === "\\") {
        if (index + 1 >= points.length || at(index + 1) === "\n") {
          break;
        }
        index += 2;
      } else {
        index += 1;
      }
    }
  }
  // op
  const pair = (at(start) ?? "") + (at(start + 1) ?? "");
  if (TWO_CHARACTER_OPS.includes(pair)) {
    return { kind: "op", end: start + 2 };
  }
  if (ONE_CHARACTER_OPS.includes(at(start))) {
    return { kind: "op", end: start + 1 };
  }
  // word: [A-Za-z_][A-Za-z0-9_]*
  if (isWordStart(at(start))) {
    index = start + 1;
    while (isWordPart(at(index))) {
      index += 1;
    }
    return { kind: "word", end: index };
  }
  return null;
}

/**
 * @param {string} source
 * @returns {Token[]}
 */
function tokenize(source) {
  const points = codePoints(source);
  /** @type {Token[]} */
  const tokens = [];
  let position = 0;
  while (position < points.length) {
    let start = position;
    while (start < points.length && isSpace(points[start])) {
      start += 1;
    }
    if (start === points.length) {
      break;
    }
    const found = matchToken(points, start);
    if (found === null) {
      throw new ConditionSyntaxError(`unexpected character ${repr(points[start])}`, start);
    }
    tokens.push({ kind: found.kind, text: points.slice(start, found.end).join(""), offset: start });
    position = found.end;
  }
  tokens.push({ kind: "end", text: "", offset: points.length });
  return tokens;
}

/**
 * Quoted text; the only escapes are \' \" and \\ (no code points, nothing clever).
 * Like Python's, the check looks at every backslash, even one just escaped: '\\n' is refused.
 * @param {Token} token
 * @returns {string}
 */
function unquote(token) {
  const inner = codePoints(token.text).slice(1, -1);
  for (let index = 0; index + 1 < inner.length; index += 1) {
    const next = inner[index + 1];
    if (inner[index] === "\\" && next !== "'" && next !== '"' && next !== "\\") {
      throw new ConditionSyntaxError(
        `unknown escape '\\${next}' in text; only \\' \\" and \\\\ are allowed`,
        token.offset + 1 + index,
      );
    }
  }
  let text = "";
  for (let index = 0; index < inner.length; index += 1) {
    // re.sub(r"\\(.)", r"\1"): a backslash and the character after it (not a newline).
    if (inner[index] === "\\" && index + 1 < inner.length && inner[index + 1] !== "\n") {
      index += 1;
    }
    text += inner[index];
  }
  return text;
}

class Parser {
  /** @param {string} source */
  constructor(source) {
    this.tokens = tokenize(source);
    this.index = 0;
    this.depth = 0;
  }

  /**
   * One more level of parentheses or 'not'.
   * @template T
   * @param {() => T} inner
   * @returns {T}
   */
  nested(inner) {
    this.depth += 1;
    try {
      if (this.depth > MAX_DEPTH) {
        throw new ConditionSyntaxError(
          `nested more than ${MAX_DEPTH} levels deep`,
          this.current.offset,
        );
      }
      return inner();
    } finally {
      this.depth -= 1;
    }
  }

  /** @returns {Token} */
  get current() {
    // Past the end only after an error was raised at the end token; keep returning it.
    return this.tokens[Math.min(this.index, this.tokens.length - 1)];
  }

  /** @returns {Token} */
  advance() {
    const token = this.current;
    this.index += 1;
    return token;
  }

  /**
   * @param {string} text
   * @returns {boolean}
   */
  is(text) {
    return (this.current.kind === "op" || this.current.kind === "word") && this.current.text === text;
  }

  /** @param {string} text */
  expect(text) {
    if (!this.is(text)) {
      throw new ConditionSyntaxError(`expected '${text}'`, this.current.offset);
    }
    this.advance();
  }

  /** @returns {Node} */
  parse() {
    const node = this.or();
    if (this.current.kind !== "end") {
      throw new ConditionSyntaxError(`unexpected '${this.current.text}'`, this.current.offset);
    }
    return node;
  }

  /** @returns {Node} */
  or() {
    const operands = [this.and()];
    while (this.is("or")) {
      this.advance();
      operands.push(this.and());
    }
    return operands.length === 1 ? operands[0] : { type: "bool", op: "or", operands };
  }

  /** @returns {Node} */
  and() {
    const operands = [this.not()];
    while (this.is("and")) {
      this.advance();
      operands.push(this.not());
    }
    return operands.length === 1 ? operands[0] : { type: "bool", op: "and", operands };
  }

  /** @returns {Node} */
  not() {
    if (this.is("not")) {
      this.advance();
      return this.nested(() => ({ type: "not", operand: this.not() }));
    }
    return this.compare();
  }

  /** @returns {Node} */
  compare() {
    if (this.is("(")) {
      this.advance();
      const node = this.nested(() => this.or());
      this.expect(")");
      return node;
    }
    const token = this.current;
    if (token.kind !== "word" || KEYWORDS.has(token.text)) {
      throw new ConditionSyntaxError("expected a fact name", token.offset);
    }
    this.advance();
    /** @type {FactRef} */
    const fact = { type: "fact", name: token.text, offset: token.offset };
    const op = this.operator();
    if (op === null) {
      return fact;
    }
    return { type: "compare", fact, op, value: this.literal() };
  }

  /** @returns {Operator | null} */
  operator() {
    const token = this.current;
    if (token.kind === "op" && COMPARISONS.has(token.text)) {
      this.advance();
      return /** @type {Operator} */ (token.text);
    }
    if (token.kind === "word" && (token.text === "in" || token.text === "contains")) {
      this.advance();
      return token.text;
    }
    if (this.is("not") && this.tokens[this.index + 1].text === "in") {
      this.index += 2;
      return "not in";
    }
    return null;
  }

  /** @returns {Literal} */
  literal() {
    const token = this.advance();
    if (token.kind === "string") {
      return { type: "text", value: unquote(token) };
    }
    if (token.kind === "number") {
      return { type: "integer", value: parseDecimal(token.text) };
    }
    if (token.kind === "date") {
      // date.fromisoformat() reads ASCII digits only, and only real dates.
      if (!isIsoDate(token.text)) {
        throw new ConditionSyntaxError(`'${token.text}' is not a real date`, token.offset);
      }
      return { type: "date", value: token.text };
    }
    if (token.kind === "word" && (token.text === "true" || token.text === "false")) {
      return { type: "boolean", value: token.text === "true" };
    }
    if (token.kind === "op" && token.text === "[") {
      /** @type {Literal[]} */
      const items = [];
      while (!this.is("]")) {
        items.push(this.literal());
        if (!this.is("]")) {
          this.expect(",");
        }
      }
      this.advance();
      return { type: "list", items };
    }
    throw new ConditionSyntaxError(
      "expected a value ('text', number, date, true/false or [list])",
      token.offset,
    );
  }
}

/**
 * Parse a condition, throwing ConditionSyntaxError with the offset of the problem.
 * @param {string} source
 * @returns {Node}
 * @throws {ConditionSyntaxError}
 */
export function parse(source) {
  return new Parser(source).parse();
}

/**
 * Every fact the condition names, in order, with its offset.
 * @param {Node} node
 * @returns {FactRef[]}
 */
export function factNames(node) {
  switch (node.type) {
    case "fact":
      return [node];
    case "compare":
      return [node.fact];
    case "not":
      return factNames(node.operand);
    default:
      return node.operands.flatMap(factNames);
  }
}

/**
 * A literal as a plain value: text, number, boolean, 'YYYY-MM-DD' or an array of them.
 * @param {Literal} literal
 * @returns {unknown}
 */
export function literalValue(literal) {
  return literal.type === "list" ? literal.items.map(literalValue) : literal.value;
}

/**
 * @param {Facts} facts
 * @param {string} name
 * @returns {FactValue | null}
 */
function lookUp(facts, name) {
  // Own properties only: a condition naming 'constructor' must not find Object's.
  return Object.hasOwn(facts, name) ? (facts[name] ?? null) : null;
}

/**
 * Python's bool(): None, False, 0, '' and [] are false.
 * @param {FactValue | null} value
 * @returns {boolean}
 */
function truthy(value) {
  if (value === null) {
    return false;
  }
  if (typeof value === "string" || Array.isArray(value)) {
    return value.length > 0;
  }
  if (typeof value === "number") {
    return value !== 0 && !Number.isNaN(value);
  }
  return Boolean(value);
}

/**
 * True when the condition holds for a project's answered facts.
 * @param {Node} node
 * @param {Facts} facts
 * @returns {boolean}
 */
export function evaluate(node, facts) {
  switch (node.type) {
    case "fact":
      return truthy(lookUp(facts, node.name));
    case "not":
      return !evaluate(node.operand, facts);
    case "bool":
      return node.op === "and"
        ? node.operands.every((operand) => evaluate(operand, facts))
        : node.operands.some((operand) => evaluate(operand, facts));
    default:
      return compareFact(node, lookUp(facts, node.fact.name));
  }
}

/**
 * Python's `value == literal`. A list of answers never equals a literal (Python compares a
 * list with a tuple: never equal); bool is an int (true == 1).
 * @param {FactValue} value
 * @param {Literal} literal
 * @returns {boolean}
 */
function equals(value, literal) {
  switch (literal.type) {
    case "integer":
    case "boolean":
      return (
        (typeof value === "number" || typeof value === "boolean") &&
        Number(value) === Number(literal.value)
      );
    case "text":
    case "date":
      // A date answer and a text answer are both strings here; Python tells them apart, but a
      // checked condition never compares a text fact with a date (or a date fact with text).
      return typeof value === "string" && value === literal.value;
    default:
      return false;
  }
}

/**
 * Python's `value in literal`; null where Python raises TypeError (ill-typed conditions,
 * which the playbook check refuses): the comparison is then false.
 * @param {FactValue} value
 * @param {Literal} literal
 * @returns {boolean | null}
 */
function within(value, literal) {
  if (literal.type === "list") {
    return literal.items.some((item) => equals(value, item));
  }
  if (literal.type === "text") {
    return typeof value === "string" ? literal.value.includes(value) : null;
  }
  return null;
}

/**
 * Python's ordering of `value` and `literal`; null where Python raises TypeError.
 * @param {FactValue} value
 * @param {Literal} literal
 * @returns {number | null}
 */
function order(value, literal) {
  if (literal.type === "integer" || literal.type === "boolean") {
    if (typeof value === "number" || typeof value === "boolean") {
      return Number(value) - Number(literal.value);
    }
    return null;
  }
  if (literal.type === "text" || literal.type === "date") {
    // 'YYYY-MM-DD' strings sort like the dates they name.
    return typeof value === "string" ? compareText(value, literal.value) : null;
  }
  return null;
}

/**
 * @param {Compare} node
 * @param {FactValue | null} actual
 * @returns {boolean}
 */
function compareFact(node, actual) {
  if (actual === null) {
    return node.op === "!=" || node.op === "not in";
  }
  const expected = node.value;
  switch (node.op) {
    case "==":
      return equals(actual, expected);
    case "!=":
      return !equals(actual, expected);
    case "in":
      return within(actual, expected) === true;
    case "not in":
      return within(actual, expected) === false;
    case "contains":
      return Array.isArray(actual) && actual.some((item) => equals(item, expected));
    default: {
      const difference = order(actual, expected);
      if (difference === null || Number.isNaN(difference)) {
        return false;
      }
      switch (node.op) {
        case "<":
          return difference < 0;
        case "<=":
          return difference <= 0;
        case ">":
          return difference > 0;
        default:
          return difference >= 0;
      }
    }
  }
}
