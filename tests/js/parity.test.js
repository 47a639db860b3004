// @ts-check
/**
 * The parity suite, JavaScript's half: every case in tests/fixtures/parity/cases.json, which
 * records what the Python implementation makes of its input, must come out of the JavaScript
 * port (generator/workbench/) the same, key order included. Python's half is
 * tests/parity/test_parity.py; `python -m tests.support.parity` rewrites the file.
 *
 * Format (JSON):
 *
 *     {"seed": 20261201,                         // optional: how the generator made them
 *      "playbooks": {"<id>": {...}},             // optional: playbooks that cases name by id
 *      "cases": [{"id": 0, "kind": "...", "input": {...}, "expected": ...}, ...]}
 *
 * `input` holds the call's arguments by name. A case whose call must fail has
 * `"error": {"message": "...", "offset": 12}` instead of `expected` (`offset` only for
 * condition syntax errors). The kinds, and the JavaScript each runs:
 *
 * - kickoff        {playbook: id or playbook, form, today}  kickoffResult(...) of
 *                  kickoff-page.js -> its {errors, slug, text, checklist}
 * - mark           {text, anchors, marks}                    -> {text: applyMarks(...)}
 * - fill           {playbook: id or playbook, project, today} fill(...)
 * - with_defaults  {playbook: id or playbook, facts}         withDefaults(...)
 * - due_date       {kickoff, offset}                         dueDate(...)
 * - offset_days    {offset}                                  offsetDays(...)
 * - parse_iso_date {text}                                    parseIsoDate(...)
 * - add_days       {date, days}                              addDays(...)
 * - weekday        {date}                                    weekday(...)
 * - condition      {source, facts}                           evaluate(parse(source), facts)
 * - fact_names     {source}                     factNames(parse(source)) as [{name, offset}]
 * - slug           {name}                                    slugify(...)
 * - is_slug        {text}                                    isSlug(...)
 * - coerce         {fact, raw}                               coerceAnswer(...)
 * - after_problems {facts, answers, kickoff}                 afterProblems(...)
 * - form_answers   {facts, raw, kickoff}        formAnswers(...) as [values, errors]
 * - band           {score, bands}                            bandOf(...)
 * - yaml_scalar    {value}                                   yamlScalar(...)
 * - project_text   {project: {name, playbook, kickoff, facts, roles}}  projectText(...)
 * - reporting_defaults {}              {reporting: DEFAULT_REPORTING, measures: MEASURES}
 * - assess         {practices, assessments, text, anchors, assessment}
 *                  -> {text: addAssessment(text, anchors, assessment),
 *                      maturity: maturitySummary(practices, [...assessments, assessment])}
 *
 * An unknown kind fails, so the generator and this harness cannot drift apart silently. A
 * missing file fails too: the suite is only as good as its cases. PARITY_CASES=<path> runs
 * another file instead (e.g. one just generated, before it replaces the fixture).
 */

import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

import { afterProblems, coerceAnswer, formAnswers, withDefaults } from "../../generator/workbench/answers.js";
import { addAssessment, maturitySummary } from "../../generator/workbench/assess.js";
import { evaluate, factNames, parse } from "../../generator/workbench/conditions.js";
import { addDays, parseIsoDate, weekday } from "../../generator/workbench/dates.js";
import { fill } from "../../generator/workbench/fill.js";
import { englishText } from "../../generator/workbench/i18n.js";
import { DEFAULT_REPORTING, MEASURES } from "../../generator/workbench/health.js";
import { kickoffResult } from "../../generator/workbench/kickoff-page.js";
import { applyMarks, projectText, yamlScalar } from "../../generator/workbench/projectfile.js";
import { dueDate, offsetDays } from "../../generator/workbench/schedule.js";
import { bandOf } from "../../generator/workbench/scoring.js";
import { isSlug, slugify } from "../../generator/workbench/slugs.js";

// PARITY_CASES=path runs another file of cases (a fresh one, before it replaces the fixture).
const CASES_FILE =
  process.env.PARITY_CASES ??
  fileURLToPath(new URL("../fixtures/parity/cases.json", import.meta.url));

/**
 * @typedef {{id: number | string, kind: string, input: any, expected?: unknown,
 *   error?: {message: string, offset?: number}}} Case
 */
/** @typedef {{seed?: number, playbooks?: Record<string, any>, cases: Case[]}} Suite */

/**
 * @param {Suite} suite
 * @param {unknown} playbook an id in suite.playbooks, or the playbook itself
 * @returns {any}
 */
function playbookOf(suite, playbook) {
  if (typeof playbook !== "string") {
    return playbook;
  }
  const found = suite.playbooks?.[playbook];
  assert.ok(found !== undefined, `the case names playbook '${playbook}', which the file lacks`);
  return found;
}

/**
 * Problems as Python words them: the page shows them in its own language, the suite compares
 * their English text.
 * @param {Record<string, import("../../generator/workbench/i18n.js").Phrase>} problems
 * @returns {Record<string, string>}
 */
function englishRecord(problems) {
  return Object.fromEntries(Object.entries(problems).map(([key, said]) => [key, englishText(said)]));
}

/** @type {Record<string, (input: any, suite: Suite) => unknown>} */
const KINDS = {
  kickoff: (input, suite) => {
    const result = kickoffResult(playbookOf(suite, input.playbook), input.form, input.today);
    // What the case records; the page's result also keeps the form's values for its preview.
    return { errors: englishRecord(result.errors), slug: result.slug, text: result.text, checklist: result.checklist };
  },
  mark: (input) => ({ text: applyMarks(input.text, input.anchors, input.marks) }),
  fill: (input, suite) => fill(playbookOf(suite, input.playbook), input.project, input.today),
  with_defaults: (input, suite) => withDefaults(playbookOf(suite, input.playbook), input.facts),
  due_date: (input) => dueDate(input.kickoff, input.offset),
  offset_days: (input) => offsetDays(input.offset),
  parse_iso_date: (input) => parseIsoDate(input.text),
  add_days: (input) => addDays(input.date, input.days),
  weekday: (input) => weekday(input.date),
  condition: (input) => evaluate(parse(input.source), input.facts),
  fact_names: (input) =>
    factNames(parse(input.source)).map((ref) => ({ name: ref.name, offset: ref.offset })),
  slug: (input) => slugify(input.name),
  is_slug: (input) => isSlug(input.text),
  coerce: (input) => coerceAnswer(input.fact, input.raw),
  after_problems: (input) => englishRecord(afterProblems(input.facts, input.answers, input.kickoff)),
  form_answers: (input) => {
    const { values, errors } = formAnswers(input.facts, input.raw, input.kickoff);
    return [values, englishRecord(errors)];
  },
  band: (input) => bandOf(input.score, input.bands),
  yaml_scalar: (input) => yamlScalar(input.value),
  project_text: (input, suite) =>
    projectText({ ...input.project, playbook: playbookOf(suite, input.project.playbook) }),
  // The browser's copy of Python's defaults, for a playbook given without its `reporting`.
  reporting_defaults: () => ({ reporting: DEFAULT_REPORTING, measures: MEASURES }),
  assess: (input) => ({
    text: addAssessment(input.text, input.anchors, input.assessment),
    maturity: maturitySummary(input.practices, [...input.assessments, input.assessment]),
  }),
};

/** @returns {Suite} */
function readSuite() {
  assert.ok(
    existsSync(CASES_FILE),
    `no parity cases at ${CASES_FILE}: run \`python -m tests.support.parity\` to write them`,
  );
  /** @type {Suite} */
  const suite = JSON.parse(readFileSync(CASES_FILE, "utf8"));
  assert.ok(Array.isArray(suite.cases) && suite.cases.length > 0, "the file holds no cases");
  return suite;
}

/**
 * @param {Case} parityCase
 * @param {Suite} suite
 */
function check(parityCase, suite) {
  const run = KINDS[parityCase.kind];
  assert.ok(run !== undefined, `unknown kind '${parityCase.kind}' (known: ${Object.keys(KINDS).join(", ")})`);
  if (parityCase.error !== undefined) {
    /** @type {unknown} */
    let thrown = null;
    /** @type {unknown} */
    let returned;
    try {
      returned = run(parityCase.input, suite);
    } catch (error) {
      thrown = error;
    }
    assert.ok(thrown instanceof Error, `expected an error, got ${JSON.stringify(returned)}`);
    const got = /** @type {Error & {offset?: number}} */ (thrown);
    assert.equal(got.message, parityCase.error.message);
    if (parityCase.error.offset !== undefined) {
      assert.equal(got.offset, parityCase.error.offset);
    }
    return;
  }
  assert.ok("expected" in parityCase, "a case needs 'expected' or 'error'");
  const actual = run(parityCase.input, suite);
  assert.deepStrictEqual(actual, parityCase.expected);
  // Same values in the same key order: the JSON the page would show or send is the same.
  assert.equal(JSON.stringify(actual), JSON.stringify(parityCase.expected));
}

test("every parity case gives Python's result", () => {
  const suite = readSuite();
  /** @type {string[]} */
  const failures = [];
  for (const parityCase of suite.cases) {
    try {
      check(parityCase, suite);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      failures.push(`case ${parityCase.id} (${parityCase.kind}): ${message}`);
    }
  }
  // One test for the whole file (hundreds of subtests would drown the report), every
  // failing case named, the first few in full.
  assert.equal(
    failures.length,
    0,
    `${failures.length} of ${suite.cases.length} cases differ from Python:\n\n` +
      failures.slice(0, 5).join("\n\n") +
      (failures.length > 5 ? `\n\n... and ${failures.length - 5} more` : ""),
  );
});
