// @ts-check
import assert from "node:assert/strict";
import { test } from "node:test";

import { assessAreaLabel, assessAreaText } from "../../generator/workbench/assess-page.js";
import {
  AssessmentError,
  MAX_ACTION,
  addAssessment,
  assessmentCommand,
  assessmentLines,
  assessmentResult,
  formOrder,
  maturitySummary,
  maturityTenths,
  tenthsText,
} from "../../generator/workbench/assess.js";

/** @typedef {import("../../generator/workbench/assess.js").AssessData} AssessData */

// In the playbook's order (by id); the form shows them by area: governance, risk, other.
const PRACTICES = [
  { id: "cadence", title: "Set a cadence", area: "governance" },
  { id: "no-area", title: "Practice without an area", area: null },
  { id: "register", title: "Keep a register", area: "risk" },
  { id: "scope", title: "Define scope", area: "governance" },
];

/** @returns {AssessData} */
function formData() {
  return {
    practices: PRACTICES,
    assessments: [
      { date: "2027-02-01", scores: [["scope", 1], ["register", 3]], actions: [] },
      { date: "2027-03-01", scores: [["cadence", 2], ["scope", 3]], actions: [["scope", "Agree it"]] },
    ],
    anchors: { section: "block", section_line: 1, insert_at: 9, indent: "  " },
  };
}

test("an average is shown to one decimal, rounded half up, in integers", () => {
  assert.deepEqual(
    [
      maturityTenths(9, 4), // 2.25
      maturityTenths(7, 3), // 2.333
      maturityTenths(1, 3),
      maturityTenths(2, 3),
      maturityTenths(0, 5),
      maturityTenths(4, 1),
      maturityTenths(5, 2),
    ],
    [23, 23, 3, 7, 0, 40, 25],
  );
  assert.deepEqual([tenthsText(23), tenthsText(0), tenthsText(40), tenthsText(null)], ["2.3", "0.0", "4.0", ""]);
});

test("maturity per area: alphabetical, other last, now against the assessment before", () => {
  const practices = [...PRACTICES, { id: "named-other", title: "Named other", area: "other" }];
  const summary = maturitySummary(practices, [
    { date: "2027-01-01", scores: [["register", 4], ["no-area", 1]] },
    { date: "2027-02-01", scores: [["scope", 1], ["register", 3], ["no-area", 2]], actions: [["no-area", "later"]] },
    {
      date: "2027-03-01",
      scores: [["cadence", 2], ["scope", 3], ["register", 2], ["named-other", 2]],
      actions: [["scope", "Agree it"], ["cadence", "Weekly"]],
    },
  ]);
  assert.deepEqual(summary, {
    latest: "2027-03-01",
    previous: "2027-02-01",
    areas: [
      {
        area: "governance",
        practices: 2,
        assessed: 2,
        now: "2.5",
        previous: "1.0",
        trend: "up",
        actions: [
          { practice: "cadence", text: "Weekly" },
          { practice: "scope", text: "Agree it" },
        ],
      },
      { area: "risk", practices: 1, assessed: 1, now: "2.0", previous: "3.0", trend: "down", actions: [] },
      // A practice without an area and one whose area is "other" count together.
      { area: "other", practices: 2, assessed: 1, now: "2.0", previous: "2.0", trend: "steady", actions: [] },
    ],
  });
});

test("an area the latest assessment left out has no score now, and no trend", () => {
  const summary = maturitySummary(PRACTICES, [
    { date: "2027-02-01", scores: [["register", 3]] },
    { date: "2027-03-01", scores: [["scope", 2]] },
  ]);
  assert.deepEqual(
    summary.areas.map((area) => [area.area, area.assessed, area.now, area.previous, area.trend]),
    [
      ["governance", 1, "2.0", "", ""],
      ["risk", 0, "", "3.0", ""],
      ["other", 0, "", "", ""],
    ],
  );
  assert.deepEqual(maturitySummary(PRACTICES, []), {
    latest: "",
    previous: "",
    areas: [
      { area: "governance", practices: 2, assessed: 0, now: "", previous: "", trend: "", actions: [] },
      { area: "risk", practices: 1, assessed: 0, now: "", previous: "", trend: "", actions: [] },
      { area: "other", practices: 1, assessed: 0, now: "", previous: "", trend: "", actions: [] },
    ],
  });
});

test("the form shows practices by area, in the playbook's order within one", () => {
  assert.deepEqual(
    formOrder(PRACTICES).map((practice) => practice.id),
    ["cadence", "scope", "register", "no-area"],
  );
});

test("an assessment is written in block style, ids and actions quoted where YAML needs it", () => {
  assert.deepEqual(
    assessmentLines(
      {
        date: "2027-03-01",
        scores: [["scope", 3], ["2027", 0], ["no", 4]],
        actions: [["scope", "Agree it"], ["2027", 'say "why"'], ["no", "yes"]],
      },
      "  ",
    ),
    [
      "  - date: 2027-03-01",
      "    scores:",
      "      scope: 3",
      '      "2027": 0',
      '      "no": 4',
      "    actions:",
      "      scope: Agree it",
      '      "2027": "say \\"why\\""',
      '      "no": "yes"',
    ],
  );
  assert.deepEqual(assessmentLines({ date: "2027-03-01", scores: [["a", 1]], actions: [] }, ""), [
    "- date: 2027-03-01",
    "  scores:",
    "    a: 1",
  ]);
});

const NEW = /** @type {const} */ ({ date: "2027-04-01", scores: [["scope", 2]], actions: [] });

test("a new assessment goes after the last entry, before what follows it", () => {
  const text =
    "name: P\nassessments:\n  - date: 2027-03-01\n    scores: {scope: 1}\n  # reviewed\n\nrisks: {}\n";
  assert.equal(
    addAssessment(text, { section: "block", section_line: 1, insert_at: 4, indent: "  " }, NEW),
    "name: P\nassessments:\n  - date: 2027-03-01\n    scores: {scope: 1}\n" +
      "  - date: 2027-04-01\n    scores:\n      scope: 2\n  # reviewed\n\nrisks: {}\n",
  );
});

test("a file without assessments gets them at its end, with its line breaks and byte order mark", () => {
  assert.equal(
    addAssessment("\ufeffname: P\r\nrisks: {}\r\n", { section: "missing" }, NEW),
    "\ufeffname: P\r\nrisks: {}\r\nassessments:\r\n  - date: 2027-04-01\r\n    scores:\r\n      scope: 2\r\n",
  );
  // A file that ends without a line break still does.
  assert.equal(
    addAssessment("name: P\nrisks: {}", { section: "missing" }, NEW),
    "name: P\nrisks: {}\nassessments:\n  - date: 2027-04-01\n    scores:\n      scope: 2",
  );
});

test("'assessments: []' becomes a block and keeps its comment", () => {
  assert.equal(
    addAssessment("name: P\nassessments: []  # none yet\nrisks: {}\n", { section: "empty", section_line: 1 }, NEW),
    "name: P\nassessments:  # none yet\n  - date: 2027-04-01\n    scores:\n      scope: 2\nrisks: {}\n",
  );
  assert.throws(
    () => addAssessment("name: P\nassessments: [] []\n", { section: "empty", section_line: 1 }, NEW),
    new AssessmentError("the 'assessments: []' line cannot be edited"),
  );
});

test("a list in brackets is refused", () => {
  assert.throws(
    () => addAssessment("assessments: [{date: 2027-01-01}]\n", { section: "flow", section_line: 0 }, NEW),
    new AssessmentError("assessments are written in brackets (flow style)"),
  );
});

test("the form's answers give the assessment in the playbook's order, actions stripped", () => {
  const result = assessmentResult(formData(), {
    date: " 2027-04-02 ",
    scores: { scope: "4", cadence: "1", register: "", "no-area": "0" },
    actions: { scope: "  Keep it up ", register: "   ", cadence: "" },
  });
  assert.deepEqual(result.errors, {});
  assert.deepEqual(result.assessment, {
    date: "2027-04-02",
    scores: [["cadence", 1], ["no-area", 0], ["scope", 4]],
    actions: [["scope", "Keep it up"]],
  });
  assert.deepEqual(
    result.maturity?.areas.map((area) => [area.area, area.now, area.previous, area.trend]),
    [
      ["governance", "2.5", "2.5", "steady"],
      ["risk", "", "", ""],
      ["other", "0.0", "", ""],
    ],
  );
});

test("every problem of the form is named at its field", () => {
  const long = "🚀".repeat(MAX_ACTION + 1);
  const result = assessmentResult(formData(), {
    date: "2027-02-30",
    scores: { cadence: "2" },
    actions: { scope: "Agree it", cadence: "two\tlines", register: "x" },
  });
  assert.deepEqual(result, {
    errors: {
      date: "2027-02-30: day 30 does not exist (February 2027 has 28 days)",
      "score:scope": "Choose a score for Define scope, or clear its action",
      "action:cadence": "The action for Set a cadence must be one line, without control characters",
      "score:register": "Choose a score for Keep a register, or clear its action",
    },
    assessment: null,
    maturity: null,
  });
  const tooLong = assessmentResult(formData(), { date: "2027-04-01", scores: { scope: "1" }, actions: { scope: long } });
  assert.deepEqual(tooLong.errors, {
    "action:scope": `The action for Define scope must be ${MAX_ACTION} characters or fewer`,
  });
  // 300 characters are fine, though an emoji is two UTF-16 units.
  const fits = assessmentResult(formData(), {
    date: "2027-04-01",
    scores: { scope: "1" },
    actions: { scope: "🚀".repeat(MAX_ACTION) },
  });
  assert.deepEqual(fits.errors, {});
});

test("the date is needed, real, new and after the latest assessment", () => {
  /** @param {string} date */
  const dateError = (date) => assessmentResult(formData(), { date, scores: { scope: "1" }, actions: {} }).errors.date;
  assert.equal(dateError(""), "Enter the date of the assessment");
  assert.equal(dateError("  "), "Enter the date of the assessment");
  assert.equal(dateError("1 March"), "'1 March' is not a date written YYYY-MM-DD");
  assert.equal(dateError("2027-03-01"), "There is already an assessment on 2027-03-01: choose another date");
  assert.equal(dateError("2027-02-01"), "There is already an assessment on 2027-02-01: choose another date");
  assert.equal(dateError("2027-02-15"), "The date must be after 2027-03-01, the date of the latest assessment");
  assert.equal(dateError("2027-03-02"), undefined);
});

test("without a score, the first practice the form shows says so", () => {
  const result = assessmentResult(formData(), { date: "2027-04-01", scores: { scope: "" }, actions: {} });
  assert.deepEqual(result.errors, { "score:cadence": "Choose a score for at least one practice" });
});

test("the command makes the same edit", () => {
  assert.equal(
    assessmentCommand("core-banking", {
      date: "2027-04-01",
      scores: [["scope", 2], ["2027", 0]],
      actions: [["scope", "Agree it with O'Brien"]],
    }),
    "playbook assess core-banking --date 2027-04-01 \\\n" +
      "    --score scope=2 \\\n" +
      "    --score 2027=0 \\\n" +
      "    --action 'scope=Agree it with O'\"'\"'Brien'",
  );
});

test("an area's maturity in words", () => {
  /**
   * @param {string} now
   * @param {string} previous
   * @param {"" | "up" | "down" | "steady"} trend
   */
  const text = (now, previous, trend) =>
    assessAreaText({ area: "change-management", practices: 2, assessed: 1, actions: [], now, previous, trend });
  assert.equal(assessAreaLabel("change-management"), "Change management");
  assert.deepEqual(
    [text("2.5", "1.0", "up"), text("2.5", "2.5", "steady"), text("1.0", "", ""), text("", "", "")],
    [
      "Change management: 2.5, up from 1.0",
      "Change management: 2.5, steady",
      "Change management: 1.0",
      "Change management: not assessed",
    ],
  );
});
