// @ts-check
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { withDefaults } from "../../generator/workbench/answers.js";
import { PHASES, applies, fill } from "../../generator/workbench/fill.js";

/** @typedef {import("../../generator/workbench/fill.js").Playbook} Playbook */
/** @typedef {import("../../generator/workbench/fill.js").Project} Project */

// A playbook and project made and filled by the Python (validate, then resolve.project.fill,
// then render.workbench.checklist_data): every rule of fill in one case. Kickoff 2027-03-01 is
// a Monday; today is 2027-03-10. Kept as a fixture file, read once.
const CASE = JSON.parse(
  readFileSync(new URL("../fixtures/workbench/fill-case.json", import.meta.url), "utf8"),
);
/** @type {Playbook} */
const PLAYBOOK = CASE.playbook;
/** @type {Project} */
const PROJECT = CASE.project;
const EXPECTED = CASE.expected;

test("fill gives Python's rows, in Python's order, and its counts", () => {
  const filled = fill(PLAYBOOK, PROJECT, "2027-03-10");
  assert.deepStrictEqual(filled, EXPECTED);
  assert.equal(JSON.stringify(filled), JSON.stringify(EXPECTED)); // key order too
});

test("tasks sort by phase, due date, then lower-cased title by code point", () => {
  const ids = fill(PLAYBOOK, PROJECT, "2027-03-10").tasks.map((row) => row.id);
  // 'alpha review' before 'Zebra check' (same phase and day); U+E000 before U+1F600,
  // which JavaScript's own < would put the other way round.
  assert.deepEqual(ids, ["appoint", "alpha", "zebra", "big-team", "filing", "archive", "party"]);
});

test("risks sort by score, highest first, then title", () => {
  const risks = fill(PLAYBOOK, PROJECT, "2027-03-10").risks;
  assert.deepEqual(
    risks.map((row) => [row.id, row.score, row.band]),
    [["vendor", 20, "critical"], ["attrition", 12, "high"], ["scope-creep", 12, "high"], ["small", 4, "low"]],
  );
});

test("only items whose condition holds apply", () => {
  assert.ok(applies({ condition: null }, {}));
  assert.ok(applies({}, {}));
  assert.ok(applies({ condition: "regulated" }, { regulated: true }));
  assert.ok(!applies({ condition: "regulated" }, {}));
  const unregulated = fill(PLAYBOOK, { ...PROJECT, facts: { ...PROJECT.facts, regulated: false } }, "2027-03-10");
  assert.ok(unregulated.tasks.some((row) => row.id === "closing"));
  assert.ok(!unregulated.tasks.some((row) => row.id === "filing"));
  assert.ok(unregulated.risks.some((row) => row.id === "unused"));
});

test("a task due today is not overdue; one due yesterday is", () => {
  const onTheDay = fill(PLAYBOOK, PROJECT, "2027-03-08").tasks.find((row) => row.id === "alpha");
  assert.equal(onTheDay?.state, "open");
  const dayAfter = fill(PLAYBOOK, PROJECT, "2027-03-09").tasks.find((row) => row.id === "alpha");
  assert.equal(dayAfter?.state, "overdue");
});

test("progress is rounded down, leaves n/a out, and is 100 when nothing counts", () => {
  /** @type {Playbook} */
  const three = {
    bands: { medium: 5, high: 10, critical: 16 },
    tasks: ["a", "b", "c"].map((id) => ({ id, title: id, phase: "plan", owner_role: "pm", due: "0d" })),
    risks: [],
  };
  /**
   * @param {Record<string, {state: string}>} status
   * @returns {import("../../generator/workbench/fill.js").Counts}
   */
  const counts = (status) => fill(three, { kickoff: "2027-03-01", status }, "2027-03-01").counts;
  assert.equal(counts({ a: { state: "done" }, b: { state: "done" } }).progress, 66);
  assert.equal(counts({ a: { state: "done" } }).progress, 33);
  assert.equal(counts({ a: { state: "done" }, b: { state: "n/a" } }).progress, 50);
  assert.equal(counts({ a: { state: "n/a" }, b: { state: "n/a" }, c: { state: "n/a" } }).progress, 100);
  assert.equal(counts({}).progress, 0);
  assert.deepEqual(fill({ ...three, tasks: [] }, { kickoff: "2027-03-01" }, "2027-03-01").counts, {
    tasks: 0,
    risks: 0,
    done: 0,
    overdue: 0,
    progress: 100,
  });
});

test("status, roles and overrides are read as own properties only", () => {
  /** @type {Playbook} */
  const playbook = {
    bands: { medium: 5, high: 10, critical: 16 },
    tasks: [{ id: "constructor", title: "T", phase: "plan", owner_role: "toString", due: "0d" }],
    risks: [{ id: "constructor", title: "R", owner_role: "toString", likelihood: 1, impact: 1 }],
  };
  const filled = fill(playbook, { kickoff: "2027-03-01" }, "2027-03-01");
  assert.equal(filled.tasks[0].state, "open");
  assert.equal(filled.tasks[0].owner, "");
  assert.equal(filled.risks[0].owner, "");
  assert.equal(filled.risks[0].score, 1);
});

test("fill takes the facts with defaults applied by withDefaults", () => {
  /** @type {Playbook} */
  const playbook = {
    bands: { medium: 5, high: 10, critical: 16 },
    facts: [{ name: "regulated", type: "boolean", default: true }],
    tasks: [{ id: "t", title: "T", phase: "plan", owner_role: "pm", due: "0d", condition: "regulated" }],
    risks: [],
  };
  const project = { kickoff: "2027-03-01", facts: withDefaults({ facts: playbook.facts ?? [] }, {}) };
  assert.equal(fill(playbook, project, "2027-03-01").tasks.length, 1);
  assert.equal(fill(playbook, { kickoff: "2027-03-01", facts: {} }, "2027-03-01").tasks.length, 0);
});

test("the phases are Python's", () => {
  assert.deepEqual(PHASES, ["initiate", "plan", "execute", "monitor", "close"]);
});
