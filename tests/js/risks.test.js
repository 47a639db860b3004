// @ts-check
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  MITIGATION_STATES,
  UNMITIGATED,
  mitigatingIds,
  mitigationOf,
  residualOf,
} from "../../generator/workbench/risks.js";

/**
 * @param {string} date
 * @param {number} likelihood
 * @param {number} impact
 * @param {string} [note]
 */
const look = (date, likelihood, impact, note = "") => ({ date, likelihood, impact, note });

test("without an override or an assessment a risk has no residual and no trend", () => {
  assert.deepEqual(residualOf(undefined), { rated: null, assessedOn: "", trend: "" });
  assert.deepEqual(residualOf({}), { rated: null, assessedOn: "", trend: "" });
  assert.deepEqual(residualOf({ assessments: [] }), { rated: null, assessedOn: "", trend: "" });
});

test("a residual written without a log has no date and no trend", () => {
  assert.deepEqual(residualOf({ residual: { likelihood: 2, impact: 3 } }), {
    rated: { likelihood: 2, impact: 3 },
    assessedOn: "",
    trend: "",
  });
});

test("one assessment is the residual, with no trend yet", () => {
  assert.deepEqual(residualOf({ assessments: [look("2027-03-01", 4, 5)] }), {
    rated: { likelihood: 4, impact: 5 },
    assessedOn: "2027-03-01",
    trend: "",
  });
});

test("the trend compares the latest score with the one before: up, down, steady", () => {
  /**
   * @param {number} before
   * @param {number} after
   */
  const trend = (before, after) =>
    residualOf({ assessments: [look("2027-03-01", before, 1), look("2027-03-02", after, 1)] })
      .trend;
  assert.equal(trend(2, 3), "up");
  assert.equal(trend(3, 2), "down");
  assert.equal(trend(3, 3), "steady");
  // Scores, not ratings: 2 x 3 and 3 x 2 are the same risk.
  const swapped = residualOf({ assessments: [look("2027-03-01", 2, 3), look("2027-03-02", 3, 2)] });
  assert.equal(swapped.trend, "steady");
});

test("the log is read by date, whatever order it is written in; the file is not reordered", () => {
  const assessments = [look("2027-05-01", 1, 1), look("2027-03-01", 5, 5), look("2027-04-01", 2, 2)];
  const residual = residualOf({ assessments });
  assert.deepEqual(residual.rated, { likelihood: 1, impact: 1 });
  assert.equal(residual.assessedOn, "2027-05-01");
  assert.equal(residual.trend, "down"); // 2 x 2 on 1 April, then 1 x 1
  assert.deepEqual(
    assessments.map((entry) => entry.date),
    ["2027-05-01", "2027-03-01", "2027-04-01"],
  );
});

test("of assessments on one day, the one written last is the latest", () => {
  const residual = residualOf({
    assessments: [look("2027-03-05", 3, 3), look("2027-03-01", 1, 1), look("2027-03-05", 4, 4)],
  });
  assert.deepEqual(residual.rated, { likelihood: 4, impact: 4 });
  assert.equal(residual.trend, "up"); // against 3 x 3, written earlier on the same day
  const reversed = residualOf({
    assessments: [look("2027-03-05", 4, 4), look("2027-03-05", 3, 3)],
  });
  assert.deepEqual(reversed.rated, { likelihood: 3, impact: 3 });
  assert.equal(reversed.trend, "down");
});

test("the project's mitigating tasks replace the playbook's, even none; each once", () => {
  const risk = { mitigated_by: ["a", "b", "a"] };
  assert.deepEqual(mitigatingIds(risk, undefined), ["a", "b"]);
  assert.deepEqual(mitigatingIds(risk, { mitigated_by: null }), ["a", "b"]);
  assert.deepEqual(mitigatingIds(risk, { mitigated_by: ["c", "c", "b"] }), ["c", "b"]);
  assert.deepEqual(mitigatingIds(risk, { mitigated_by: [] }), []);
  assert.deepEqual(mitigatingIds({}, undefined), []);
});

/** @param {Record<string, string>} states task id -> state */
const tasks = (states) => new Map(Object.entries(states).map(([id, state]) => [id, { id, state }]));

test("mitigation states, first match wins: none, complete, late, under way, planned", () => {
  /**
   * @param {string[]} ids
   * @param {Record<string, string>} states
   */
  const state = (ids, states) => mitigationOf(ids, tasks(states)).state;
  assert.equal(state([], {}), "none");
  assert.equal(state(["a", "b"], { a: "n/a", b: "n/a" }), "none");
  assert.equal(state(["a", "b"], { a: "done", b: "n/a" }), "complete");
  assert.equal(state(["a", "b", "c"], { a: "done", b: "overdue", c: "open" }), "late");
  assert.equal(state(["a", "b"], { a: "done", b: "open" }), "under way");
  assert.equal(state(["a", "b"], { a: "done", b: "blocked" }), "under way");
  assert.equal(state(["a", "b"], { a: "open", b: "blocked" }), "planned");
  // A blocked task is never overdue (fill's rule), so it does not make mitigation late.
  assert.equal(state(["a"], { a: "blocked" }), "planned");
});

test("tasks that do not apply are left out; n/a ones are listed but not counted", () => {
  const mitigation = mitigationOf(["gone", "b", "a", "c"], tasks({ a: "done", b: "n/a", c: "open" }));
  assert.deepEqual(
    mitigation.tasks.map((row) => row.id),
    ["b", "a", "c"],
  );
  assert.equal(mitigation.done, 1);
  assert.equal(mitigation.total, 2);
  assert.equal(mitigation.state, "under way");
  assert.equal(mitigationOf(["gone"], tasks({})).state, "none");
});

test("the states are Python's, and none and late count as no mitigation under way", () => {
  assert.deepEqual(MITIGATION_STATES, ["none", "planned", "under way", "late", "complete"]);
  assert.deepEqual(UNMITIGATED, ["none", "late"]);
});
