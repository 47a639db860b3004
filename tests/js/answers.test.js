// @ts-check
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  AnswerError,
  MAX_INTEGER,
  NOT_ONE_LINE,
  afterProblems,
  choiceValues,
  coerceAnswer,
  formAnswers,
  withDefaults,
} from "../../generator/workbench/answers.js";
import { englishText, localText, useMessages } from "../../generator/workbench/i18n.js";

/** @typedef {import("../../generator/workbench/answers.js").Fact} Fact */

/** @typedef {import("../../generator/workbench/i18n.js").Phrase} Phrase */

/**
 * @param {Record<string, Phrase>} problems
 * @returns {Record<string, string>}
 */
function english(problems) {
  return Object.fromEntries(Object.entries(problems).map(([key, said]) => [key, englishText(said)]));
}

/**
 * afterProblems in Python's words.
 * @param {Parameters<typeof afterProblems>} args
 */
function afterText(...args) {
  return english(afterProblems(...args));
}

/**
 * formAnswers with its problems in Python's words.
 * @param {Parameters<typeof formAnswers>} args
 */
function formText(...args) {
  const { values, errors } = formAnswers(...args);
  return { values, errors: english(errors) };
}

/**
 * Fact fields, raw answer, and what generator/validate/answers.py coerce_answer makes of it
 * (the table was produced by running the Python).
 * @type {[Omit<Fact, "name">, unknown, {value?: unknown, error?: string}][]}
 */
const COERCED = [
  [{"type": "text"}, "Harbour", {"value": "Harbour"}],
  [{"type": "text"}, " pad ", {"value": " pad "}],
  [{"type": "text"}, "", {"error": "expected some text"}],
  [{"type": "text"}, "  ", {"error": "expected some text"}],
  [{"type": "text"}, "a\nb", {"error": "expected one line of text, without control characters"}],
  [{"type": "text"}, "a\u0085", {"error": "expected one line of text, without control characters"}],
  [{"type": "text"}, "bidi\u202e", {"error": "expected one line of text, without control characters"}],
  [{"type": "text"}, "tab\tx", {"error": "expected one line of text, without control characters"}],
  [{"type": "text"}, "\u2028", {"error": "expected some text"}],
  [{"type": "text"}, 5, {"error": "expected some text"}],
  [{"type": "text"}, null, {"error": "expected some text"}],
  [{"type": "text", "required": false}, "", {"value": ""}],
  [{"type": "text", "required": false}, "  ", {"value": "  "}],
  [{"type": "text", "required": false}, "x", {"value": "x"}],
  [{"type": "text", "pattern": "[A-Z]{3}-[0-9]+", "required": false}, "ABC-12", {"value": "ABC-12"}],
  [{"type": "text", "pattern": "[A-Z]{3}-[0-9]+", "required": false}, "abc-12", {"error": "expected text matching the pattern [A-Z]{3}-[0-9]+"}],
  [{"type": "text", "pattern": "[A-Z]{3}-[0-9]+", "required": false}, "", {"value": ""}],
  [{"type": "text", "pattern": "[A-Z]{3}-[0-9]+", "required": false}, "ABC-١٢", {"error": "expected text matching the pattern [A-Z]{3}-[0-9]+"}],
  [{"type": "text", "pattern": "[A-Z]{3}-[0-9]+", "required": false}, "ABC-12 ", {"error": "expected text matching the pattern [A-Z]{3}-[0-9]+"}],
  [{"type": "text", "pattern": "\\d+"}, "12", {"value": "12"}],
  [{"type": "text", "pattern": "\\d+"}, "١٢", {"error": "expected text matching the pattern \\d+"}],
  [{"type": "text", "pattern": "\\s*x\\s*"}, " x ", {"value": " x "}],
  [{"type": "text", "pattern": "\\s*x\\s*"}, "\u00a0x", {"error": "expected text matching the pattern \\s*x\\s*"}],
  [{"type": "text", "pattern": "\\s*x\\s*"}, "x\u3000", {"error": "expected text matching the pattern \\s*x\\s*"}],
  [{"type": "text", "pattern": "[]a]+"}, "]a]", {"value": "]a]"}],
  [{"type": "text", "pattern": "[]a]+"}, "b", {"error": "expected text matching the pattern []a]+"}],
  [{"type": "text", "pattern": "a{,2}"}, "aa", {"value": "aa"}],
  [{"type": "text", "pattern": "a{,2}"}, "aaa", {"error": "expected text matching the pattern a{,2}"}],
  [{"type": "text", "pattern": "a{,2}"}, "a{,2}", {"error": "expected text matching the pattern a{,2}"}],
  [{"type": "text", "pattern": ".{2}"}, "😀😀", {"value": "😀😀"}],
  [{"type": "text", "pattern": ".{2}"}, "😀", {"error": "expected text matching the pattern .{2}"}],
  [{"type": "text", "pattern": "\\w+"}, "abc_1", {"value": "abc_1"}],
  [{"type": "text", "pattern": "\\w+"}, "é", {"error": "expected text matching the pattern \\w+"}],
  [{"type": "text", "pattern": "yes|no"}, "yes", {"value": "yes"}],
  [{"type": "text", "pattern": "yes|no"}, "no", {"value": "no"}],
  [{"type": "text", "pattern": "yes|no"}, "yesno", {"error": "expected text matching the pattern yes|no"}],
  [{"type": "text", "pattern": "[A-Z]+", "invalid_message": "Use capitals."}, "abc", {"error": "Use capitals."}],
  [{"type": "integer"}, "42", {"value": 42}],
  [{"type": "integer"}, " 42 ", {"value": 42}],
  [{"type": "integer"}, "+7", {"value": 7}],
  [{"type": "integer"}, "-0", {"value": 0}],
  [{"type": "integer"}, "007", {"value": 7}],
  [{"type": "integer"}, "1.5", {"error": "expected a whole number"}],
  [{"type": "integer"}, "12a", {"error": "expected a whole number"}],
  [{"type": "integer"}, "", {"error": "expected a whole number"}],
  [{"type": "integer"}, "١٢", {"error": "expected a whole number"}],
  [{"type": "integer"}, "1e3", {"error": "expected a whole number"}],
  [{"type": "integer"}, "999999999999999", {"value": 999999999999999}],
  [{"type": "integer"}, "1000000000000000", {"error": "expected a whole number"}],
  [{"type": "integer"}, 42, {"value": 42}],
  [{"type": "integer"}, -3, {"value": -3}],
  [{"type": "integer"}, 1.5, {"error": "expected a whole number"}],
  [{"type": "integer"}, true, {"error": "expected a whole number"}],
  [{"type": "integer"}, null, {"error": "expected a whole number"}],
  [{"type": "integer"}, 999999999999999, {"value": 999999999999999}],
  [{"type": "integer"}, 1000000000000000, {"error": "expected a whole number of at most 15 digits"}],
  [{"type": "integer", "min": 1, "max": 9}, "0", {"error": "expected a whole number from 1 to 9"}],
  [{"type": "integer", "min": 1, "max": 9}, "1", {"value": 1}],
  [{"type": "integer", "min": 1, "max": 9}, "9", {"value": 9}],
  [{"type": "integer", "min": 1, "max": 9}, "10", {"error": "expected a whole number from 1 to 9"}],
  [{"type": "integer", "min": 1, "max": 9}, 9, {"value": 9}],
  [{"type": "integer", "min": 1}, -3, {"error": "expected a whole number of at least 1"}],
  [{"type": "integer", "min": 1}, "1", {"value": 1}],
  [{"type": "integer", "max": 9}, "10", {"error": "expected a whole number of at most 9"}],
  [{"type": "integer", "min": 1, "invalid_message": "At least one person."}, "0", {"error": "At least one person."}],
  [{"type": "integer", "min": 1, "invalid_message": "At least one person."}, "x", {"error": "At least one person."}],
  [{"type": "boolean"}, "true", {"value": true}],
  [{"type": "boolean"}, "False", {"value": false}],
  [{"type": "boolean"}, "YES", {"value": true}],
  [{"type": "boolean"}, " y ", {"value": true}],
  [{"type": "boolean"}, "n", {"value": false}],
  [{"type": "boolean"}, "on", {"value": true}],
  [{"type": "boolean"}, "OFF", {"value": false}],
  [{"type": "boolean"}, "1", {"value": true}],
  [{"type": "boolean"}, "0", {"value": false}],
  [{"type": "boolean"}, "maybe", {"error": "expected true or false"}],
  [{"type": "boolean"}, "", {"error": "expected true or false"}],
  [{"type": "boolean"}, true, {"value": true}],
  [{"type": "boolean"}, false, {"value": false}],
  [{"type": "boolean"}, 1, {"error": "expected true or false"}],
  [{"type": "boolean"}, null, {"error": "expected true or false"}],
  [{"type": "date"}, "2028-02-29", {"value": "2028-02-29"}],
  [{"type": "date"}, " 2027-06-01 ", {"value": "2027-06-01"}],
  [{"type": "date"}, "2027-02-29", {"error": "2027-02-29: day 29 does not exist (February 2027 has 28 days)"}],
  [{"type": "date"}, "2027-13-01", {"error": "2027-13-01: month 13 does not exist"}],
  [{"type": "date"}, "31/01/2027", {"error": "'31/01/2027' is not a date written YYYY-MM-DD"}],
  [{"type": "date"}, "２０２７-０６-０１", {"value": "2027-06-01"}],
  [{"type": "date"}, 20270601, {"error": "expected a date written YYYY-MM-DD"}],
  [{"type": "date"}, null, {"error": "expected a date written YYYY-MM-DD"}],
  [{"type": "date", "min": "2027-01-01", "max": "2027-12-31"}, "2027-01-01", {"value": "2027-01-01"}],
  [{"type": "date", "min": "2027-01-01", "max": "2027-12-31"}, "2027-12-31", {"value": "2027-12-31"}],
  [{"type": "date", "min": "2027-01-01", "max": "2027-12-31"}, "2028-01-01", {"error": "expected a date from 2027-01-01 to 2027-12-31"}],
  [{"type": "date", "min": "2027-01-01", "max": "2027-12-31"}, "2026-12-31", {"error": "expected a date from 2027-01-01 to 2027-12-31"}],
  [{"type": "date", "min": "2027-01-01"}, "2026-12-31", {"error": "expected a date on or after 2027-01-01"}],
  [{"type": "date", "max": "2027-01-01"}, "2027-01-02", {"error": "expected a date on or before 2027-01-01"}],
  [{"type": "choice", "choices": [{"value": "banking", "label": "Banking and finance"}, "retail"]}, "banking", {"value": "banking"}],
  [{"type": "choice", "choices": [{"value": "banking", "label": "Banking and finance"}, "retail"]}, " retail ", {"value": "retail"}],
  [{"type": "choice", "choices": [{"value": "banking", "label": "Banking and finance"}, "retail"]}, "Banking and finance", {"error": "expected one of: banking, retail"}],
  [{"type": "choice", "choices": [{"value": "banking", "label": "Banking and finance"}, "retail"]}, "Retail", {"error": "expected one of: banking, retail"}],
  [{"type": "choice", "choices": [{"value": "banking", "label": "Banking and finance"}, "retail"]}, "", {"error": "expected one of: banking, retail"}],
  [{"type": "choice", "choices": [{"value": "banking", "label": "Banking and finance"}, "retail"]}, ["banking"], {"error": "expected one of: banking, retail"}],
  [{"type": "multi-choice", "choices": ["web", "mobile", {"value": "store", "label": "Store"}]}, "web, mobile", {"value": ["web", "mobile"]}],
  [{"type": "multi-choice", "choices": ["web", "mobile", {"value": "store", "label": "Store"}]}, "mobile,web,web", {"value": ["web", "mobile"]}],
  [{"type": "multi-choice", "choices": ["web", "mobile", {"value": "store", "label": "Store"}]}, " store ,, web ", {"value": ["web", "store"]}],
  [{"type": "multi-choice", "choices": ["web", "mobile", {"value": "store", "label": "Store"}]}, "", {"value": []}],
  [{"type": "multi-choice", "choices": ["web", "mobile", {"value": "store", "label": "Store"}]}, ",", {"value": []}],
  [{"type": "multi-choice", "choices": ["web", "mobile", {"value": "store", "label": "Store"}]}, "web, fax", {"error": "expected any of: web, mobile, store (comma-separated)"}],
  [{"type": "multi-choice", "choices": ["web", "mobile", {"value": "store", "label": "Store"}]}, "Store", {"error": "expected any of: web, mobile, store (comma-separated)"}],
  [{"type": "multi-choice", "choices": ["web", "mobile", {"value": "store", "label": "Store"}]}, ["store", "web", "web"], {"value": ["web", "store"]}],
  [{"type": "multi-choice", "choices": ["web", "mobile", {"value": "store", "label": "Store"}]}, [], {"value": []}],
  [{"type": "multi-choice", "choices": ["web", "mobile", {"value": "store", "label": "Store"}]}, ["fax"], {"error": "expected any of: web, mobile, store (comma-separated)"}],
  [{"type": "multi-choice", "choices": ["web", "mobile", {"value": "store", "label": "Store"}]}, [1], {"error": "expected any of: web, mobile, store (comma-separated)"}],
  [{"type": "multi-choice", "choices": ["web", "mobile", {"value": "store", "label": "Store"}]}, "web", {"value": ["web"]}],
  [{"type": "multi-choice", "choices": ["web", "mobile", {"value": "store", "label": "Store"}]}, null, {"error": "expected any of: web, mobile, store (comma-separated)"}],
];

test("coerceAnswer gives Python's value or message for every type and constraint", () => {
  for (const [fields, raw, result] of COERCED) {
    /** @type {Fact} */
    const fact = { name: "answer", ...fields };
    const label = `${JSON.stringify(fields)} ${JSON.stringify(raw)}`;
    if (result.error !== undefined) {
      assert.throws(() => coerceAnswer(fact, raw), { name: "AnswerError", message: result.error }, label);
    } else {
      assert.deepStrictEqual(coerceAnswer(fact, raw), result.value, label);
    }
  }
});

test("'-0' is 0, not -0", () => {
  assert.ok(Object.is(coerceAnswer({ name: "n", type: "integer" }, "-0"), 0));
  assert.ok(Object.is(coerceAnswer({ name: "n", type: "integer" }, -0), 0));
});

test("whole numbers stay exact: at most 15 digits", () => {
  assert.equal(MAX_INTEGER, 999999999999999);
  assert.ok(Number.isSafeInteger(MAX_INTEGER));
  assert.equal(coerceAnswer({ name: "n", type: "integer" }, "-999999999999999"), -MAX_INTEGER);
  assert.throws(() => coerceAnswer({ name: "n", type: "integer" }, -1e15), {
    message: "expected a whole number of at most 15 digits",
  });
  assert.throws(() => coerceAnswer({ name: "n", type: "integer" }, Number.NaN), AnswerError);
  assert.throws(() => coerceAnswer({ name: "n", type: "integer" }, Infinity), AnswerError);
});

test("NOT_ONE_LINE is generator/model/fields.py's", () => {
  for (const bad of ["\x00", "\n", "\x1f", "\x7f", "\x85", "\x9f", "\u2028", "\u2029", "\u202a", "\u202e", "\u2066", "\u2069"]) {
    assert.ok(NOT_ONE_LINE.test(`a${bad}b`), JSON.stringify(bad));
  }
  for (const fine of [" ", "\xa0", "é", "\u200b", "\u2065", "\u206a", "😀"]) {
    assert.ok(!NOT_ONE_LINE.test(fine), JSON.stringify(fine));
  }
});

test("choiceValues reads plain and labelled choices", () => {
  const fact = /** @type {Fact} */ ({
    name: "industry",
    type: "choice",
    choices: [{ value: "banking", label: "Banking" }, "retail"],
  });
  assert.deepEqual(choiceValues(fact), ["banking", "retail"]);
  assert.deepEqual(choiceValues({ name: "x", type: "text" }), []);
});

/** @type {Fact[]} */
const DATES = [
  { name: "design", type: "date", after: "kickoff", prompt: "Design sign-off?" },
  { name: "answer", type: "date", after: "design" },
];

test("after compares with the kickoff and with other facts (Python's test)", () => {
  assert.deepEqual(afterText(DATES, { design: "2027-03-01" }, "2027-03-01"), {
    design: "expected a date after the kickoff (2027-03-01)",
  });
  assert.deepEqual(
    afterText(DATES, { design: "2027-03-02", answer: "2027-03-02" }, "2027-03-01"),
    { answer: "expected a date after 'Design sign-off?' (2027-03-02)" },
  );
  assert.deepEqual(
    afterText(DATES, { design: "2027-03-02", answer: "2027-03-03" }, "2027-03-01"),
    {},
  );
});

test("after: no kickoff, no other answer, or another type is no problem", () => {
  assert.deepEqual(afterText(DATES, { design: "2027-01-01" }, null), {});
  assert.deepEqual(afterText(DATES, { answer: "2027-01-01" }, "2027-03-01"), {});
  /** @type {Fact[]} */
  const facts = [
    { name: "note", type: "text" },
    { name: "when", type: "date", after: "note", invalid_message: "Too early." },
    { name: "then", type: "date", after: "elsewhere" },
    { name: "later", type: "date", after: "when" },
  ];
  // 'note' is text, not a date; 'elsewhere' is not a fact of the playbook.
  assert.deepEqual(
    afterText(facts, { note: "2030-01-01", when: "2027-01-01", then: "2027-01-01", elsewhere: "2030-01-01" }, null),
    {},
  );
  assert.deepEqual(afterText(facts, { when: "2027-01-02", later: "2027-01-02" }, null), {
    later: "expected a date after 'when' (2027-01-02)",
  });
  assert.deepEqual(
    afterText([{ name: "when", type: "date", after: "kickoff", invalid_message: "Too early." }], { when: "2027-01-01" }, "2027-01-01"),
    { when: "Too early." },
  );
});

/** @type {Fact[]} */
const FORM = [
  { name: "regulated", type: "boolean" },
  { name: "team_size", type: "integer", min: 1, invalid_message: null },
  { name: "channels", type: "multi-choice", choices: ["web", "mobile"], required: false },
  { name: "code", type: "text", pattern: "[A-Z]{3}", required: false },
  { name: "design", type: "date", after: "kickoff", required: false, prompt: "Design?" },
  { name: "sponsor", type: "text", invalid_message: "Who pays?" },
];

test("formAnswers: values, and per field what is wrong", () => {
  const raw = {
    regulated: "yes",
    team_size: "0",
    channels: ["mobile", "web"],
    code: "ABCD",
    design: "2027-02-01",
  };
  assert.deepStrictEqual(formText(FORM, raw, "2027-03-01"), {
    values: { regulated: true, channels: ["web", "mobile"], design: "2027-02-01" },
    errors: {
      team_size: "expected a whole number of at least 1",
      code: "expected text matching the pattern [A-Z]{3}",
      sponsor: "Who pays?",
      design: "expected a date after the kickoff (2027-03-01)",
    },
  });
});

test("formAnswers: a blank field is no answer", () => {
  const blank = { regulated: "  ", team_size: null, channels: [], code: "", design: "\u3000" };
  assert.deepStrictEqual(formText(FORM, blank, null), {
    values: {},
    errors: {
      regulated: "an answer is required",
      team_size: "an answer is required",
      sponsor: "Who pays?",
    },
  });
  const fine = { regulated: "n", team_size: " 12 ", sponsor: "Ada", design: "2027-03-02" };
  assert.deepStrictEqual(formText(FORM, fine, "2027-03-01"), {
    values: { regulated: false, team_size: 12, design: "2027-03-02", sponsor: "Ada" },
    errors: {},
  });
});

test("formAnswers: a field's own error wins over its 'after' problem", () => {
  /** @type {Fact[]} */
  const facts = [{ name: "d", type: "date", after: "kickoff", max: "2027-01-01" }];
  assert.deepStrictEqual(formText(facts, { d: "2027-06-01" }, "2027-03-01"), {
    values: {},
    errors: { d: "expected a date on or before 2027-01-01" },
  });
});

test("formAnswers reads own fields only", () => {
  /** @type {Fact[]} */
  const facts = [{ name: "constructor", type: "text", required: false }];
  assert.deepStrictEqual(formText(facts, {}, null), { values: {}, errors: {} });
});

test("withDefaults: answers, then defaults, then null for optional facts", () => {
  const playbook = {
    facts: /** @type {Fact[]} */ ([
      { name: "regulated", type: "boolean", default: false },
      { name: "team_size", type: "integer", default: 5 },
      { name: "go_live", type: "date", default: "2028-02-29", required: false },
      { name: "channels", type: "multi-choice", choices: ["web", "mobile"], default: ["mobile", "web"] },
      { name: "note", type: "text", required: false },
      { name: "industry", type: "choice", choices: ["banking"] },
    ]),
  };
  const facts = withDefaults(playbook, { team_size: 12, stray: "x" });
  assert.deepStrictEqual(facts, {
    team_size: 12,
    regulated: false,
    go_live: "2028-02-29",
    channels: ["web", "mobile"],
    note: null,
  });
  assert.deepEqual(Object.keys(facts), ["team_size", "regulated", "go_live", "channels", "note"]);
});

test("problems show in the page's language; an author's message and a prompt as written", () => {
  useMessages({
    language: "de",
    plural: {},
    messages: {
      "expected a whole number of at least %(low)s": "erwartet eine ganze Zahl ab %(low)s",
      "expected a date after %(what)s (%(date)s)": "erwartet ein Datum nach %(what)s (%(date)s)",
      "the kickoff": "dem Kick-off",
      "%(date)s: day %(day)s does not exist (%(month)s %(year)s has %(days)s days)":
        "%(date)s: Tag %(day)s gibt es nicht (%(month)s %(year)s hat %(days)s Tage)",
      February: "Februar",
      "an answer is required": "eine Antwort ist nötig",
    },
  });
  try {
    const facts = /** @type {Fact[]} */ ([
      { name: "size", type: "integer", min: 1 },
      { name: "design", type: "date", after: "kickoff", prompt: "Sign-off %(date)s?" },
      { name: "answer", type: "date", after: "design" },
      { name: "when", type: "date" },
      { name: "sponsor", type: "text", invalid_message: "Who pays? 100%(x)s" },
      { name: "owner", type: "text" },
    ]);
    const raw = { size: "0", design: "2027-03-01", answer: "2027-03-01", when: "2027-02-30", owner: "" };
    const { errors } = formAnswers(facts, raw, "2027-03-01");
    const shown = Object.fromEntries(Object.entries(errors).map(([key, said]) => [key, localText(said)]));
    assert.deepStrictEqual(shown, {
      size: "erwartet eine ganze Zahl ab 1",
      design: "erwartet ein Datum nach dem Kick-off (2027-03-01)",
      answer: "erwartet ein Datum nach 'Sign-off %(date)s?' (2027-03-01)",
      when: "2027-02-30: Tag 30 gibt es nicht (Februar 2027 hat 28 Tage)",
      sponsor: "Who pays? 100%(x)s",
      owner: "eine Antwort ist nötig",
    });
    // The English text, which the parity suite compares with Python's, is unchanged by the page's language.
    assert.equal(englishText(errors.when), "2027-02-30: day 30 does not exist (February 2027 has 28 days)");
    // A prompt is the author's: kept as written, placeholders and all, in either language.
    const after = afterProblems(facts, { design: "2027-03-02", answer: "2027-03-02" }, "2027-03-01");
    assert.equal(localText(after.answer), "erwartet ein Datum nach 'Sign-off %(date)s?' (2027-03-02)");
    assert.equal(englishText(after.answer), "expected a date after 'Sign-off %(date)s?' (2027-03-02)");
  } finally {
    useMessages(null);
  }
});
