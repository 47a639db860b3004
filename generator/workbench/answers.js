// @ts-check
/**
 * A project's answers to a playbook's questionnaire (port of generator/validate/answers.py):
 * coercion and checking one fact at a time, `after` between dates, the whole kickoff form at
 * once, and defaults. Messages are Python's, word for word.
 *
 * Answers: text and choice -> string, integer -> number, boolean -> boolean,
 * date -> 'YYYY-MM-DD', multi-choice -> string[] (in the order of the choices).
 *
 * A problem is a Phrase (i18n.js): its English text is Python's message, and the kickoff page
 * shows it in the page's language. An author's `invalid_message` is shown as written.
 * @module
 */

import { DateError, parseIsoDate } from "./dates.js";
import { N_, englishText, phrase, verbatim } from "./i18n.js";
import { strip } from "./text.js";

/** @typedef {"text" | "integer" | "boolean" | "date" | "choice" | "multi-choice"} FactType */
/** @typedef {{value: string, label: string}} Choice */
/** @typedef {string | number | boolean | string[]} Answer */

/**
 * A fact of the playbook's questionnaire, as the page embeds it. Only `name` and `type` are
 * needed; the rest default as in the Python model (required: true, everything else unset).
 * @typedef {{
 *   name: string,
 *   type: FactType,
 *   prompt?: string | null,
 *   help?: string,
 *   choices?: readonly (string | Choice)[],
 *   default?: Answer | null,
 *   required?: boolean,
 *   invalid_message?: string | null,
 *   min?: number | string | null,
 *   max?: number | string | null,
 *   pattern?: string | null,
 *   after?: string | null,
 * }} Fact
 */

/** @typedef {import("./i18n.js").Phrase} Phrase */

/** An answer that does not fit its fact: the message is Python's, `phrase` the page's. */
export class AnswerError extends Error {
  /** @param {Phrase} said */
  constructor(said) {
    super(englishText(said));
    this.name = "AnswerError";
    this.phrase = said;
  }
}

/** Whole numbers are counts and sizes: more digits than this is a typo or an attack. */
export const MAX_DIGITS = 15;
const INTEGER = new RegExp(`^[+-]?[0-9]{1,${MAX_DIGITS}}$`);
/** The largest whole number an answer may be; exact as a JavaScript number (below 2**53). */
export const MAX_INTEGER = 10 ** MAX_DIGITS - 1;
const TRUE = new Set(["true", "yes", "y", "1", "on"]);
const FALSE = new Set(["false", "no", "n", "0", "off"]);

/**
 * generator/model/fields.py NOT_ONE_LINE: line breaks, other control characters and
 * bidirectional overrides.
 */
export const NOT_ONE_LINE = /[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/**
 * The values of a choice or multi-choice fact, in order.
 * @param {Fact} fact
 * @returns {string[]}
 */
export function choiceValues(fact) {
  return (fact.choices ?? []).map((choice) => (typeof choice === "string" ? choice : choice.value));
}

/**
 * The fact's own message when it has one, else what was expected.
 * @param {Fact} fact
 * @param {Phrase} expected
 * @returns {Phrase}
 */
function problemOf(fact, expected) {
  return fact.invalid_message ? verbatim(fact.invalid_message) : expected;
}

/**
 * @param {Fact} fact
 * @param {string} message marked with N_ for the catalogue
 * @param {Readonly<Record<string, import("./i18n.js").PhraseValue>>} [values]
 * @returns {AnswerError}
 */
function fail(fact, message, values = {}) {
  return new AnswerError(problemOf(fact, phrase(message, values)));
}

/**
 * Turn a typed-in string (or a value from the project file) into the fact's type, or throw
 * AnswerError. The answer must also keep to the fact's `min`, `max` and `pattern`.
 * @param {Fact} fact
 * @param {unknown} raw
 * @returns {Answer}
 * @throws {AnswerError}
 */
export function coerceAnswer(fact, raw) {
  const value = coerce(fact, raw);
  if (fact.type === "integer" || fact.type === "date") {
    checkBounds(fact, /** @type {number | string} */ (value));
  }
  const pattern = fact.type === "text" ? (fact.pattern ?? null) : null;
  if (pattern !== null && value !== "" && !fullMatch(pattern, /** @type {string} */ (value))) {
    throw fail(fact, N_("expected text matching the pattern %(pattern)s"), { pattern });
  }
  return value;
}

/**
 * @param {Fact} fact
 * @param {number | string} value
 */
function checkBounds(fact, value) {
  const low = fact.min ?? null;
  const high = fact.max ?? null;
  if ((low === null || value >= low) && (high === null || value <= high)) {
    return;
  }
  if (fact.type === "integer") {
    if (low !== null && high !== null) {
      throw fail(fact, N_("expected a whole number from %(low)s to %(high)s"), { low, high });
    }
    if (low !== null) {
      throw fail(fact, N_("expected a whole number of at least %(low)s"), { low });
    }
    throw fail(fact, N_("expected a whole number of at most %(high)s"), { high: high ?? "" });
  }
  if (low !== null && high !== null) {
    throw fail(fact, N_("expected a date from %(low)s to %(high)s"), { low, high });
  }
  if (low !== null) {
    throw fail(fact, N_("expected a date on or after %(low)s"), { low });
  }
  throw fail(fact, N_("expected a date on or before %(high)s"), { high: high ?? "" });
}

/** @type {Map<string, RegExp | null>} */
const PATTERNS = new Map();

/**
 * Python's re.fullmatch(pattern, value, re.ASCII) for the portable patterns the playbook
 * check allows (no lookbehind, named groups, inline flags, \A \Z \p).
 *
 * With the 'u' flag when the pattern allows it, so that '.' and classes take one code point
 * like Python (else one UTF-16 unit); re.ASCII's \d \w \b are ASCII in JavaScript too. What
 * the translation below evens out: \s (ASCII under re.ASCII, Unicode in JavaScript), a ']'
 * first in a class (a character for Python, an empty class for JavaScript) and {,n}.
 * @param {string} pattern
 * @param {string} value
 * @returns {boolean}
 */
function fullMatch(pattern, value) {
  let compiled = PATTERNS.get(pattern);
  if (compiled === undefined) {
    compiled = null;
    const source = "^(?:" + portable(pattern) + ")$";
    for (const flags of ["u", ""]) {
      try {
        compiled = new RegExp(source, flags);
        break;
      } catch {
        // not valid with these flags: try the next
      }
    }
    PATTERNS.set(pattern, compiled);
  }
  // A pattern Python takes and JavaScript cannot read matches nothing.
  return compiled !== null && compiled.test(value);
}

const ASCII_SPACE = "\\t\\n\\v\\f\\r ";

/**
 * A Python pattern rewritten so JavaScript reads it the same (see fullMatch).
 * @param {string} pattern
 * @returns {string}
 */
function portable(pattern) {
  let out = "";
  let inClass = false;
  let classStart = -1;
  for (let index = 0; index < pattern.length; index += 1) {
    const character = pattern[index];
    if (character === "\\" && index + 1 < pattern.length) {
      const escaped = pattern[index + 1];
      index += 1;
      if (escaped === "s") {
        out += inClass ? ASCII_SPACE : `[${ASCII_SPACE}]`;
      } else if (escaped === "S" && !inClass) {
        out += `[^${ASCII_SPACE}]`;
      } else {
        out += "\\" + escaped;
      }
      continue;
    }
    if (inClass) {
      if (character === "]" && index === classStart) {
        out += "\\]"; // Python: a ']' first in a class is the character itself
        continue;
      }
      if (character === "]") {
        inClass = false;
      }
      out += character;
      continue;
    }
    if (character === "[") {
      inClass = true;
      classStart = pattern[index + 1] === "^" ? index + 2 : index + 1;
      out += character;
      continue;
    }
    if (character === "{") {
      const minimumLeftOut = /^\{,(\d+)\}/.exec(pattern.slice(index));
      if (minimumLeftOut !== null) {
        out += `{0,${minimumLeftOut[1]}}`;
        index += minimumLeftOut[0].length - 1;
        continue;
      }
    }
    out += character;
  }
  return out;
}

/**
 * @param {Fact} fact
 * @param {unknown} raw
 * @returns {Answer}
 */
function coerce(fact, raw) {
  switch (fact.type) {
    case "text":
      if (typeof raw !== "string" || ((fact.required ?? true) && strip(raw) === "")) {
        throw fail(fact, N_("expected some text"));
      }
      if (NOT_ONE_LINE.test(raw)) {
        throw fail(fact, N_("expected one line of text, without control characters"));
      }
      return raw;
    case "integer":
      if (typeof raw === "number") {
        if (!Number.isInteger(raw)) {
          throw fail(fact, N_("expected a whole number"));
        }
        if (Math.abs(raw) > MAX_INTEGER) {
          throw fail(fact, N_("expected a whole number of at most %(digits)s digits"), { digits: MAX_DIGITS });
        }
        return raw + 0;
      }
      if (typeof raw === "string" && INTEGER.test(strip(raw))) {
        return Number(strip(raw)) + 0; // + 0: '-0' is 0
      }
      throw fail(fact, N_("expected a whole number"));
    case "boolean":
      if (typeof raw === "boolean") {
        return raw;
      }
      if (typeof raw === "string") {
        const word = strip(raw).toLowerCase();
        if (TRUE.has(word) || FALSE.has(word)) {
          return TRUE.has(word);
        }
      }
      throw fail(fact, N_("expected true or false"));
    case "date":
      if (typeof raw === "string") {
        try {
          return parseIsoDate(raw);
        } catch (error) {
          if (error instanceof DateError) {
            throw new AnswerError(problemOf(fact, error.phrase));
          }
          throw error;
        }
      }
      throw fail(fact, N_("expected a date written YYYY-MM-DD"));
    case "choice": {
      const choices = choiceValues(fact);
      if (typeof raw === "string" && choices.includes(strip(raw))) {
        return strip(raw);
      }
      throw fail(fact, N_("expected one of: %(choices)s"), { choices: choices.join(", ") });
    }
    default: {
      // multi-choice: a list, or comma-separated text typed at a prompt
      const choices = choiceValues(fact);
      const values =
        typeof raw === "string"
          ? raw
              .split(",")
              .map(strip)
              .filter((value) => value !== "")
          : raw;
      if (
        Array.isArray(values) &&
        values.every((value) => typeof value === "string" && choices.includes(value))
      ) {
        const chosen = new Set(values);
        return choices.filter((choice) => chosen.has(choice));
      }
      throw fail(fact, N_("expected any of: %(choices)s (comma-separated)"), { choices: choices.join(", ") });
    }
  }
}

/**
 * @param {Readonly<Record<string, unknown>>} record
 * @param {string} key
 * @returns {unknown}
 */
function answerOf(record, key) {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/**
 * Date facts answered no later than the date they must come after, with why.
 * `after: kickoff` compares with the kickoff date; `after: <fact>` with that fact's answer,
 * when it has one.
 * @param {readonly Fact[]} facts
 * @param {Readonly<Record<string, unknown>>} answers
 * @param {string | null | undefined} kickoff a date written YYYY-MM-DD, or none
 * @returns {Record<string, Phrase>}
 */
export function afterProblems(facts, answers, kickoff) {
  /** @type {Map<string, Fact>} */
  const declared = new Map(facts.map((fact) => [fact.name, fact]));
  // Python asks isinstance(value, date); here a date is a string answering a date fact.
  const isDate = (/** @type {Fact | undefined} */ fact, /** @type {unknown} */ value) =>
    fact !== undefined && fact.type === "date" && typeof value === "string";
  /** @type {Record<string, Phrase>} */
  const problems = {};
  for (const fact of facts) {
    const value = answerOf(answers, fact.name);
    if (fact.after === null || fact.after === undefined || !isDate(fact, value)) {
      continue;
    }
    /** @type {unknown} */
    let other;
    let what;
    let otherIsDate;
    if (fact.after === "kickoff") {
      other = kickoff;
      what = phrase(N_("the kickoff"));
      otherIsDate = typeof kickoff === "string";
    } else {
      const afterFact = declared.get(fact.after);
      other = answerOf(answers, fact.after);
      what = verbatim(`'${afterFact?.prompt || fact.after}'`);
      otherIsDate = isDate(afterFact, other);
    }
    if (otherIsDate && /** @type {string} */ (value) <= /** @type {string} */ (other)) {
      const expected = phrase(N_("expected a date after %(what)s (%(date)s)"), {
        what,
        date: /** @type {string} */ (other),
      });
      problems[fact.name] = problemOf(fact, expected);
    }
  }
  return problems;
}

/**
 * A whole questionnaire answered at once, as the kickoff form sends it (Python's
 * form_answers). `raw` holds what each field holds: text (a list of values for
 * multi-choice). A blank field is no answer: an error for a required fact, left out
 * otherwise. Returns the answers and, per fact, the problem to show beside its field.
 * @param {readonly Fact[]} facts
 * @param {Readonly<Record<string, unknown>>} raw
 * @param {string | null | undefined} kickoff a date written YYYY-MM-DD, or none
 * @returns {{values: Record<string, Answer>, errors: Record<string, Phrase>}}
 */
export function formAnswers(facts, raw, kickoff) {
  /** @type {Record<string, Answer>} */
  const values = {};
  /** @type {Record<string, Phrase>} */
  const errors = {};
  for (const fact of facts) {
    const given = answerOf(raw, fact.name);
    if (
      given === undefined ||
      given === null ||
      (Array.isArray(given) && given.length === 0) ||
      (typeof given === "string" && strip(given) === "")
    ) {
      if (fact.required ?? true) {
        errors[fact.name] = problemOf(fact, phrase(N_("an answer is required")));
      }
      continue;
    }
    try {
      values[fact.name] = coerceAnswer(fact, given);
    } catch (error) {
      if (!(error instanceof AnswerError)) {
        throw error;
      }
      errors[fact.name] = error.phrase;
    }
  }
  for (const [name, problem] of Object.entries(afterProblems(facts, values, kickoff))) {
    if (!Object.hasOwn(errors, name)) {
      errors[name] = problem;
    }
  }
  return { values, errors };
}

/**
 * The facts a project's conditions see: its answers, then each unanswered fact's default,
 * as the Python validate step applies them (generator/validate/project.py). An unanswered
 * optional fact without a default is null; an unanswered required one stays out (Python
 * reports it as a problem).
 * @param {{facts: readonly Fact[]}} playbook
 * @param {Readonly<Record<string, Answer | null | undefined>>} facts answers, already coerced
 * @returns {Record<string, Answer | null>}
 */
export function withDefaults(playbook, facts) {
  const declared = new Set(playbook.facts.map((fact) => fact.name));
  /** @type {Record<string, Answer | null>} */
  const result = {};
  for (const [name, value] of Object.entries(facts)) {
    if (declared.has(name) && value !== undefined) {
      result[name] = value;
    }
  }
  for (const fact of playbook.facts) {
    if (Object.hasOwn(result, fact.name)) {
      continue;
    }
    if (fact.default !== undefined && fact.default !== null) {
      result[fact.name] = coerceAnswer(fact, fact.default);
    } else if (!(fact.required ?? true)) {
      result[fact.name] = null;
    }
  }
  return result;
}
