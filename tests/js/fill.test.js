// @ts-check
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { withDefaults } from "../../generator/workbench/answers.js";
import { PHASES, applies, fill } from "../../generator/workbench/fill.js";

/** @typedef {import("../../generator/workbench/fill.js").Playbook} Playbook */
/** @typedef {import("../../generator/workbench/fill.js").Project} Project */

// A playbook and project made and filled by the Python (validate, then resolve.project.fill,
// then render.workbench.checklist_data): every rule of fill in one case, risks in depth and
// health included. Kickoff 2027-03-01 is a Monday; today is 2027-03-10. Kept as a fixture
// file, read once.
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

test("risks carry residual scores, targets, proximity, trend and mitigation", () => {
  const risks = fill(PLAYBOOK, PROJECT, "2027-03-10").risks;
  /** @param {string} id */
  const risk = (id) => {
    const found = risks.find((row) => row.id === id);
    assert.ok(found !== undefined, id);
    return found;
  };
  // Three assessments, unsorted, two on 2027-03-05: the one written last of those is current.
  const attrition = risk("attrition");
  assert.deepEqual(
    [attrition.residual_score, attrition.residual_band, attrition.assessed_on, attrition.trend],
    [16, "critical", "2027-03-05", "up"],
  );
  assert.deepEqual([attrition.target, attrition.target_band, attrition.proximity], [6, "medium", "2027-04-01"]);
  // The playbook names filing twice, alpha once: each once, in the order written.
  assert.deepEqual(attrition.mitigated_by, ["filing", "alpha"]);
  assert.deepEqual([attrition.mitigation_done, attrition.mitigation_total, attrition.mitigation], [0, 2, "late"]);
  // The project's own list (zebra, n/a) replaces the playbook's (closing, which does not apply).
  const creep = risk("scope-creep");
  assert.deepEqual([creep.mitigated_by, creep.mitigation_total, creep.mitigation], [["zebra"], 0, "none"]);
  assert.deepEqual([creep.residual_score, creep.trend, creep.proximity], [6, "", "execute"]);
  assert.equal(risk("small").mitigation, "complete");
  assert.equal(risk("small").residual_score, null);
  const tasks = fill(PLAYBOOK, PROJECT, "2027-03-10").tasks;
  assert.deepEqual(
    tasks.filter((row) => row.mitigates.length > 0).map((row) => [row.id, row.mitigates]),
    [["appoint", ["small"]], ["alpha", ["attrition"]], ["zebra", ["scope-creep"]], ["big-team", ["vendor"]], ["filing", ["attrition"]]],
  );
  assert.deepEqual(tasks.filter((row) => row.decision).map((row) => row.id), ["filing"]);
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

// --- dependencies, anchored due dates and holidays ---------------------------------------------

/** @type {Playbook} */
const SCHEDULED = {
  bands: { medium: 5, high: 10, critical: 16 },
  holidays: ["2027-02-01"],
  tasks: [
    { id: "prepare", title: "Prepare", phase: "initiate", owner_role: "pm", due: "-1w" },
    { id: "meet", title: "Meet", phase: "initiate", owner_role: "pm", due: "0d", depends_on: ["prepare"] },
    {
      id: "follow-up",
      title: "Follow up",
      phase: "plan",
      owner_role: "pm",
      due: "after meet +1w",
      depends_on: ["meet", "retail-only", "meet"],
    },
    { id: "retail-only", title: "Retail", phase: "plan", owner_role: "pm", due: "-2w", condition: "retail" },
    { id: "after-retail", title: "After retail", phase: "plan", owner_role: "pm", due: "after retail-only +3d" },
    { id: "go-live", title: "Go live", phase: "execute", owner_role: "pm", due: "go_live-2w" },
  ],
  risks: [],
};

/**
 * @param {Record<string, {state: string}>} status
 * @param {Record<string, string | boolean>} [facts]
 */
function scheduled(status, facts = {}) {
  const filled = fill(SCHEDULED, { kickoff: "2027-02-01", facts, status }, "2027-03-01");
  return { filled, rows: Object.fromEntries(filled.tasks.map((row) => [row.id, [row.due, row.state]])) };
}

test("a task waits for its applicable dependencies that are neither done nor n/a", () => {
  const { filled, rows } = scheduled({});
  assert.deepEqual(rows, {
    prepare: ["2027-01-25", "overdue"],
    meet: ["2027-01-29", "blocked"], // Monday 1 February is a holiday; blocked, not overdue
    "follow-up": ["2027-02-05", "blocked"], // retail-only does not apply: left out
    "after-retail": ["2027-01-21", "overdue"], // counts from retail-only, which does not apply
    "go-live": ["", "open"], // go_live unanswered: no due date, never overdue
  });
  assert.equal(filled.counts.overdue, 2);
  assert.equal(filled.counts.done, 0);
});

test("done or n/a unblocks; a finished task is never blocked; open stays blocking", () => {
  assert.equal(scheduled({ prepare: { state: "done" } }).rows.meet[1], "overdue");
  assert.equal(scheduled({ prepare: { state: "n/a" } }).rows.meet[1], "overdue");
  assert.equal(scheduled({ prepare: { state: "open" } }).rows.meet[1], "blocked");
  assert.equal(scheduled({ meet: { state: "done" } }).rows.meet[1], "done");
  assert.equal(scheduled({ meet: { state: "n/a" } }).rows["follow-up"][1], "overdue");
  assert.equal(scheduled({ meet: { state: "open" } }).rows.meet[1], "blocked");
});

test("a task counted from a date fact the project answered", () => {
  assert.deepEqual(scheduled({}, { go_live: "2027-06-19" }).rows["go-live"], ["2027-06-04", "open"]);
});
