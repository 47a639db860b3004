// @ts-check
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  ConditionSyntaxError,
  MAX_DEPTH,
  evaluate,
  factNames,
  literalValue,
  parse,
} from "../../generator/workbench/conditions.js";

/** @typedef {import("../../generator/workbench/conditions.js").Node} Node */

/**
 * @param {string} name
 * @param {number} offset
 * @returns {Node}
 */
const fact = (name, offset) => ({ type: "fact", name, offset });

/** The answers of tests/model/test_conditions.py. */
const ANSWERS = {
  regulated: true,
  team_size: 12,
  industry: "banking",
  channels: ["web", "mobile"],
  go_live: "2027-06-01",
  sponsor_name: "Ada",
};

// --- parsing ----------------------------------------------------------------------------------

test("a bare fact name", () => {
  assert.deepEqual(parse("regulated"), fact("regulated", 0));
});

test("'and' binds tighter than 'or'; parentheses override; chains are flat", () => {
  assert.deepEqual(parse("a and b or c"), {
    type: "bool",
    op: "or",
    operands: [{ type: "bool", op: "and", operands: [fact("a", 0), fact("b", 6)] }, fact("c", 11)],
  });
  assert.deepEqual(parse("a and (b or c)"), {
    type: "bool",
    op: "and",
    operands: [fact("a", 0), { type: "bool", op: "or", operands: [fact("b", 7), fact("c", 12)] }],
  });
  assert.deepEqual(parse("a or b or c"), {
    type: "bool",
    op: "or",
    operands: [fact("a", 0), fact("b", 5), fact("c", 10)],
  });
});

test("'not' applies to the nearest comparison", () => {
  assert.deepEqual(parse("not a and b"), {
    type: "bool",
    op: "and",
    operands: [{ type: "not", operand: fact("a", 4) }, fact("b", 10)],
  });
  assert.deepEqual(parse("not not a"), {
    type: "not",
    operand: { type: "not", operand: fact("a", 8) },
  });
});

test("'not in' is one operator", () => {
  assert.deepEqual(parse("industry not in ['retail']"), {
    type: "compare",
    fact: fact("industry", 0),
    op: "not in",
    value: { type: "list", items: [{ type: "text", value: "retail" }] },
  });
});

test("literals of every type", () => {
  /** @type {[string, unknown, string][]} */
  const cases = [
    ["x == 'text'", "text", "text"],
    ['x == "double"', "double", "text"],
    ["x == 'it\\'s'", "it's", "text"],
    ['x == "say \\"hi\\""', 'say "hi"', "text"],
    ["x == 'end\\\\'", "end\\", "text"],
    ["x == ''", "", "text"],
    ["x == 'a\nb'", "a\nb", "text"], // a line break inside quotes is kept
    ["city == 'Zürich'", "Zürich", "text"],
    ["x == 42", 42, "integer"],
    ["x == -7", -7, "integer"],
    ["x == -0", 0, "integer"],
    ["x == ١٢", 12, "integer"], // Python's \d and int() take any decimal digit
    ["x == 2028-02-29", "2028-02-29", "date"],
    ["x == true", true, "boolean"],
    ["x == false", false, "boolean"],
    ["x in [1, 'a', 2027-01-01, true]", [1, "a", "2027-01-01", true], "list"],
    ["x in ['only']", ["only"], "list"],
    ["x in [1,]", [1], "list"], // a trailing comma
    ["x in [[1], [2, 3]]", [[1], [2, 3]], "list"],
  ];
  for (const [source, value, type] of cases) {
    const node = parse(source);
    assert.equal(node.type, "compare", source);
    if (node.type === "compare") {
      assert.equal(node.value.type, type, source);
      assert.deepEqual(literalValue(node.value), value, source);
    }
  }
  const zero = parse("x == -0");
  assert.ok(zero.type === "compare" && Object.is(literalValue(zero.value), 0));
});

test("every operator parses", () => {
  for (const op of ["==", "!=", "<", "<=", ">", ">=", "in", "not in", "contains"]) {
    assert.deepEqual(parse(`x ${op} [1]`), {
      type: "compare",
      fact: fact("x", 0),
      op,
      value: { type: "list", items: [{ type: "integer", value: 1 }] },
    });
  }
});

test("whitespace is optional around symbols, and may be any Unicode space", () => {
  assert.deepEqual(parse("(team_size>=10)"), {
    type: "compare",
    fact: fact("team_size", 1),
    op: ">=",
    value: { type: "integer", value: 10 },
  });
  assert.deepEqual(parse("x\u3000==\u30001 \u3000\n"), {
    type: "compare",
    fact: fact("x", 0),
    op: "==",
    value: { type: "integer", value: 1 },
  });
});

test("factNames lists every reference with its offset", () => {
  const refs = factNames(parse("regulated and (team_size > 5 or not industry in ['x'])"));
  assert.deepEqual(refs, [fact("regulated", 0), fact("team_size", 15), fact("industry", 36)]);
});

// --- syntax errors -----------------------------------------------------------------------------

const VALUE = "expected a value ('text', number, date, true/false or [list])";
const ESCAPE = (/** @type {string} */ c) =>
  `unknown escape '\\${c}' in text; only \\' \\" and \\\\ are allowed`;

test("syntax errors report Python's message and offset", () => {
  /** @type {[string, string, number][]} */
  const cases = [
    ["", "expected a fact name", 0],
    ["   ", "expected a fact name", 3],
    ["and", "expected a fact name", 0],
    ["true", "expected a fact name", 0],
    ["not", "expected a fact name", 3],
    ["regulated and", "expected a fact name", 13],
    ["regulated or or x", "expected a fact name", 13],
    ["'banking' == industry", "expected a fact name", 0],
    ["team_size >", VALUE, 11],
    ["industry == retail", VALUE, 12],
    ["(regulated", "expected ')'", 10],
    ["regulated)", "unexpected ')'", 9],
    ["team_size > 10 11", "unexpected '11'", 15],
    ["regulated not", "unexpected 'not'", 10],
    ["x not y", "unexpected 'not'", 2],
    ["x == 2027-01-011", "unexpected '1'", 15],
    ["regulated @ x", "unexpected character '@'", 10],
    ["x ! y", "unexpected character '!'", 2],
    ["industry == 'bank", "unexpected character \"'\"", 12],
    ["x == 'a\\\nb'", "unexpected character \"'\"", 5], // a backslash cannot escape a newline
    ["team_size = 3", "unexpected character '='", 10],
    ["team_size => 3", "unexpected character '='", 10],
    ["x in [1, 2", "expected ','", 10],
    ["x in [", VALUE, 6],
    ["x in [,]", VALUE, 6],
    ["go_live > 2027-02-30", "'2027-02-30' is not a real date", 10],
    ["go_live > 2027-13-01", "'2027-13-01' is not a real date", 10],
    ["go_live > 0000-01-01", "'0000-01-01' is not a real date", 10],
    ["x == ٢٠٢٤-٠١-٠١", "'٢٠٢٤-٠١-٠١' is not a real date", 5], // fromisoformat wants ASCII
    ["industry == '\\x4'", ESCAPE("x"), 13],
    ['x == "\\q"', ESCAPE("q"), 6],
    // Python checks every backslash, also one just escaped: '\\n' is refused at the second.
    ["x == '\\\\n'", ESCAPE("n"), 7],
    ["x == 'back\\\\slash'", ESCAPE("s"), 11],
  ];
  for (const [source, message, offset] of cases) {
    assert.throws(() => parse(source), { name: "ConditionSyntaxError", message, offset }, source);
  }
  assert.throws(() => parse("@"), ConditionSyntaxError);
});

test("offsets count code points, as Python's do", () => {
  assert.throws(() => parse("😀 == 1"), { message: "unexpected character '😀'", offset: 0 });
  assert.throws(() => parse("x == 1 😀"), { message: "unexpected character '😀'", offset: 7 });
  assert.throws(() => parse("x == '😀' y"), { message: "unexpected 'y'", offset: 9 });
  assert.throws(() => parse("x == '😀\\q'"), { message: ESCAPE("q"), offset: 7 });
  assert.throws(() => parse("x == '😀\\q'"), { message: ESCAPE("q"), offset: 7 });
  assert.throws(() => parse("x\u200b"), { message: "unexpected character '\\u200b'", offset: 1 });
});

test(`nesting is limited to ${MAX_DEPTH} levels`, () => {
  assert.equal(MAX_DEPTH, 32);
  parse("not ".repeat(32) + "a");
  parse("(".repeat(32) + "a" + ")".repeat(32));
  parse("not (".repeat(16) + "a" + ")".repeat(16));
  const message = "nested more than 32 levels deep";
  assert.throws(() => parse("not ".repeat(33) + "a"), { message, offset: 132 });
  assert.throws(() => parse("(".repeat(33) + "a" + ")".repeat(33)), { message, offset: 33 });
  assert.throws(() => parse("not (".repeat(17) + "a" + ")".repeat(17)), { message, offset: 84 });
  assert.throws(() => parse("(".repeat(5000)), { message }); // no stack overflow
});

// --- evaluation --------------------------------------------------------------------------------

test("evaluate with answers", () => {
  /** @type {[string, boolean][]} */
  const cases = [
    ["regulated", true],
    ["not regulated", false],
    ["not not regulated", true],
    ["regulated == true", true],
    ["regulated == false", false],
    ["team_size == 12", true],
    ["team_size != 12", false],
    ["team_size > 11", true],
    ["team_size > 12", false],
    ["team_size >= 12", true],
    ["team_size < 12", false],
    ["team_size <= 12", true],
    ["team_size > -1", true],
    ["industry == 'banking'", true],
    ['industry == "retail"', false],
    ["industry != 'retail'", true],
    ["industry in ['retail', 'banking']", true],
    ["industry in ['retail']", false],
    ["industry not in ['retail']", true],
    ["industry not in ['banking']", false],
    ["channels contains 'web'", true],
    ["channels contains 'store'", false],
    ["go_live == 2027-06-01", true],
    ["go_live != 2027-06-01", false],
    ["go_live > 2027-05-31", true],
    ["go_live >= 2027-06-02", false],
    ["go_live < 2027-06-02", true],
    ["go_live <= 2027-05-31", false],
    ["regulated and team_size > 100", false],
    ["regulated or team_size > 100", true],
    ["regulated or team_size > 100 and industry == 'retail'", true],
    ["(regulated or team_size > 100) and industry == 'retail'", false],
    ["not regulated or industry == 'banking'", true],
    ["not (regulated or industry == 'retail')", false],
    ["not regulated and industry == 'banking'", false],
    ["team_size > 10 and (industry == 'retail' or channels contains 'mobile')", true],
  ];
  for (const [source, expected] of cases) {
    assert.equal(evaluate(parse(source), ANSWERS), expected, source);
  }
});

test("an unanswered fact satisfies only '!=' and 'not in'", () => {
  /** @type {[string, boolean][]} */
  const cases = [
    ["regulated", false],
    ["not regulated", true],
    ["regulated == false", false],
    ["team_size > 10", false],
    ["team_size <= 10", false],
    ["team_size == 0", false],
    ["industry == 'banking'", false],
    ["industry != 'banking'", true],
    ["industry in ['banking']", false],
    ["industry not in ['banking']", true],
    ["channels contains 'web'", false],
    ["go_live < 2030-01-01", false],
    ["regulated or industry != 'retail'", true],
  ];
  const nulls = Object.fromEntries(Object.keys(ANSWERS).map((name) => [name, null]));
  const undefineds = Object.fromEntries(Object.keys(ANSWERS).map((name) => [name, undefined]));
  for (const [source, expected] of cases) {
    for (const facts of [{}, nulls, undefineds]) {
      assert.equal(evaluate(parse(source), facts), expected, source);
    }
  }
});

test("a bare fact is true when answered and truthy, like Python's bool()", () => {
  /** @type {[Record<string, import("../../generator/workbench/conditions.js").FactValue>, boolean][]} */
  const cases = [
    [{ team_size: 0 }, false],
    [{ channels: [] }, false],
    [{ sponsor_name: "" }, false],
    [{ regulated: false }, false],
    [{ team_size: 1 }, true],
    [{ team_size: -1 }, true],
    [{ channels: ["web"] }, true],
    [{ sponsor_name: " " }, true],
    [{ go_live: "2027-06-01" }, true],
  ];
  for (const [answers, expected] of cases) {
    const [name] = Object.keys(answers);
    assert.equal(evaluate(parse(name), answers), expected, JSON.stringify(answers));
  }
});

test("facts are own properties only: a condition cannot reach Object's", () => {
  assert.equal(evaluate(parse("constructor"), {}), false);
  assert.equal(evaluate(parse("toString != 'x'"), {}), true);
  assert.equal(evaluate(parse("__proto__"), {}), false);
});

test("ill-typed comparisons give Python's answer, or false where Python raises", () => {
  // Python: bool is an int, so 1 == True; a list never equals a [list] literal (a tuple).
  assert.equal(evaluate(parse("n == true"), { n: 1 }), true);
  assert.equal(evaluate(parse("n > false"), { n: true }), true);
  assert.equal(evaluate(parse("b == 1"), { b: true }), true);
  assert.equal(evaluate(parse("tags == ['a']"), { tags: ["a"] }), false);
  assert.equal(evaluate(parse("tags != ['a']"), { tags: ["a"] }), true);
  assert.equal(evaluate(parse("tags in [['a']]"), { tags: ["a"] }), false);
  assert.equal(evaluate(parse("tags contains ['a']"), { tags: ["a"] }), false);
  assert.equal(evaluate(parse("t contains 'a'"), { t: "abc" }), false); // only lists contain
  assert.equal(evaluate(parse("t in 'hello'"), { t: "ell" }), true); // Python: a substring
  assert.equal(evaluate(parse("t not in 'hello'"), { t: "x" }), true);
  assert.equal(evaluate(parse("t == 1"), { t: "1" }), false);
  // Python raises TypeError for these; here they are false.
  assert.equal(evaluate(parse("t < 1"), { t: "a" }), false);
  assert.equal(evaluate(parse("n in 5"), { n: 5 }), false);
  assert.equal(evaluate(parse("n not in 5"), { n: 5 }), false);
  assert.equal(evaluate(parse("tags < ['a']"), { tags: ["a"] }), false);
});

test("text is ordered by code point, like Python's str", () => {
  assert.equal(evaluate(parse("t < '\ue000'"), { t: "😀" }), false);
  assert.equal(evaluate(parse("t > '\ue000'"), { t: "😀" }), true);
  assert.equal(evaluate(parse("t < 'a'"), { t: "B" }), true);
});
