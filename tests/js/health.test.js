// @ts-check
import assert from "node:assert/strict";
import { test } from "node:test";

import { fill } from "../../generator/workbench/fill.js";
import {
  DEFAULT_REPORTING,
  GREEN_REASON,
  MEASURES,
  daysBetween,
  lastUpdate,
  ragOf,
} from "../../generator/workbench/health.js";

/** @typedef {import("../../generator/workbench/fill.js").Playbook} Playbook */
/** @typedef {import("../../generator/workbench/fill.js").Project} Project */
/** @typedef {import("../../generator/workbench/health.js").Reporting} Reporting */

// Kickoff Monday 2027-03-01: kick-off due that day, plan a week later, build four weeks later.
// The critical risk is mitigated by build; the high one by nothing.
/** @type {Playbook} */
const PLAYBOOK = {
  bands: { medium: 5, high: 10, critical: 16 },
  roles: [
    { id: "pm", title: "Project manager" },
    { id: "sponsor", title: "Sponsor" },
  ],
  facts: [{ name: "launch", type: "date", required: false }],
  tasks: [
    { id: "kick", title: "Kick off", phase: "initiate", owner_role: "pm", due: "0d" },
    { id: "plan", title: "Plan", phase: "plan", owner_role: "pm", due: "+1w", decision: true },
    { id: "build", title: "Build", phase: "execute", owner_role: "pm", due: "+4w" },
  ],
  risks: [
    { id: "crit", title: "Critical", owner_role: "pm", likelihood: 4, impact: 5, mitigated_by: ["build"] },
    { id: "high", title: "High", owner_role: "pm", likelihood: 3, impact: 4 },
  ],
};
/** @type {Project} */
const PROJECT = { kickoff: "2027-03-01", roles: { pm: "Lee Chen", sponsor: "Ada" } };

/**
 * @param {Partial<Reporting>} reporting
 * @returns {Playbook}
 */
const reporting = (reporting) => ({ ...PLAYBOOK, reporting: { ...DEFAULT_REPORTING, ...reporting } });

/**
 * @param {string} when
 * @param {string} because
 */
const rule = (when, because) => ({ when, because });

test("red wins over amber, amber over green; the reasons are the winning colour's", () => {
  const rules = {
    red: [rule("overdue > 5", "Far behind.")],
    amber: [rule("overdue > 0", "Behind."), rule("blocked > 0", "Blocked.")],
  };
  assert.deepEqual(ragOf(rules, { overdue: 6, blocked: 1 }), { rag: "red", reasons: ["Far behind."] });
  assert.deepEqual(ragOf(rules, { overdue: 2, blocked: 1 }), {
    rag: "amber",
    reasons: ["Behind.", "Blocked."],
  });
  assert.deepEqual(ragOf(rules, { overdue: 0, blocked: 0 }), { rag: "green", reasons: [GREEN_REASON] });
  assert.deepEqual(ragOf({ red: [], amber: [] }, { overdue: 9 }), { rag: "green", reasons: [GREEN_REASON] });
});

test("every holding rule of the colour gives its reason, in order, each once", () => {
  const rules = {
    red: [
      rule("overdue > 0", "Late."),
      rule("blocked > 0", "Never shown: it does not hold."),
      rule("not (progress >= 50)", "Slow."),
      rule("overdue in [1, 2, 3]", "Late."),
    ],
    amber: [rule("overdue > 0", "Amber is not reached.")],
  };
  assert.deepEqual(ragOf(rules, { overdue: 2, blocked: 0, progress: 10 }), {
    rag: "red",
    reasons: ["Late.", "Slow."],
  });
});

test("a bare measure holds when it is not zero", () => {
  const rules = { red: [rule("rising_risks", "Rising.")], amber: [] };
  assert.equal(ragOf(rules, { rising_risks: 0 }).rag, "green");
  assert.equal(ragOf(rules, { rising_risks: 1 }).rag, "red");
});

test("the default rules: a high risk without mitigation is amber, overdue work too", () => {
  const onTime = fill(PLAYBOOK, PROJECT, "2027-03-01").health;
  assert.equal(onTime.rag, "amber");
  assert.deepEqual(onTime.reasons, ["A high risk has no mitigation under way."]);
  assert.equal(onTime.measures.critical_unmitigated, 0); // build is planned, on time
  assert.equal(onTime.measures.high_unmitigated, 1);
  const late = fill(PLAYBOOK, PROJECT, "2027-04-01").health;
  assert.equal(late.rag, "red"); // build is overdue: the critical risk's mitigation is late
  assert.deepEqual(late.reasons, ["A critical risk has no mitigation under way."]);
  assert.equal(late.measures.overdue, 3);
});

test("the measures are Python's, in Python's order", () => {
  const health = fill(PLAYBOOK, PROJECT, "2027-03-02").health;
  assert.deepEqual(Object.keys(health.measures), [...MEASURES]);
  assert.deepEqual(health.measures, {
    overdue: 1,
    blocked: 0,
    due_soon: 1,
    progress: 0,
    critical_risks: 1,
    high_risks: 1,
    critical_unmitigated: 0,
    high_unmitigated: 1,
    rising_risks: 0,
    days_since_update: 1,
  });
});

test("a residual score moves a risk out of its inherent band for the measures", () => {
  /** @type {Project} */
  const assessed = {
    ...PROJECT,
    risks: {
      crit: {
        assessments: [
          { date: "2027-03-02", likelihood: 1, impact: 2 },
          { date: "2027-03-03", likelihood: 2, impact: 2 },
        ],
      },
    },
  };
  const health = fill(PLAYBOOK, assessed, "2027-03-04").health;
  assert.equal(health.measures.critical_risks, 0);
  assert.equal(health.measures.rising_risks, 1); // 2 then 4
  assert.equal(health.top_risk, "high"); // 12 now beats the critical risk's 4
  assert.equal(health.last_update, "2027-03-03");
});

test("stale once days since the last update reach the playbook's limit", () => {
  /** @param {string} today */
  const health = (today) => fill(reporting({ stale_after_days: 7 }), PROJECT, today).health;
  assert.equal(health("2027-03-07").measures.days_since_update, 6);
  assert.equal(health("2027-03-07").stale, false);
  assert.equal(health("2027-03-08").stale, true);
  assert.equal(fill(PLAYBOOK, PROJECT, "2027-03-30").health.stale, false); // 29 days < 30
  assert.equal(fill(PLAYBOOK, PROJECT, "2027-03-31").health.stale, true);
});

test("the last update is the latest status date or assessment, else the kickoff", () => {
  assert.equal(lastUpdate(PROJECT), "2027-03-01");
  /** @type {Project} */
  const updated = {
    ...PROJECT,
    status: { kick: { state: "done", date: "2027-03-09" }, plan: { state: "n/a", date: "" } },
    risks: { high: { assessments: [{ date: "2027-03-05", likelihood: 1, impact: 1 }] } },
  };
  assert.equal(lastUpdate(updated), "2027-03-09");
  const health = fill(reporting({ stale_after_days: 7 }), updated, "2027-03-10").health;
  assert.equal(health.measures.days_since_update, 1);
  assert.equal(health.stale, false);
  // A kickoff still ahead is no days ago, not a negative count.
  assert.equal(fill(PLAYBOOK, PROJECT, "2027-02-20").health.measures.days_since_update, 0);
});

test("the PM: the playbook's pm_role, else a role with id pm, else nobody", () => {
  assert.equal(fill(PLAYBOOK, PROJECT, "2027-03-01").health.pm, "Lee Chen");
  assert.equal(fill(reporting({ pm_role: "sponsor" }), PROJECT, "2027-03-01").health.pm, "Ada");
  /** @type {Playbook} */
  const noPm = { ...PLAYBOOK, roles: [{ id: "lead", title: "Lead" }] };
  assert.equal(fill(noPm, { ...PROJECT, roles: { pm: "Lee Chen" } }, "2027-03-01").health.pm, "");
  assert.equal(fill(PLAYBOOK, { kickoff: "2027-03-01" }, "2027-03-01").health.pm, "");
});

test("go-live: the answered date fact, else the latest due date, else none", () => {
  const withFact = reporting({ go_live: "launch" });
  const answered = { ...PROJECT, facts: { launch: "2027-09-30" } };
  assert.equal(fill(withFact, answered, "2027-03-01").health.go_live, "2027-09-30");
  assert.equal(fill(withFact, PROJECT, "2027-03-01").health.go_live, "2027-03-29");
  assert.equal(fill(PLAYBOOK, answered, "2027-03-01").health.go_live, "2027-03-29");
  assert.equal(fill({ ...PLAYBOOK, tasks: [] }, PROJECT, "2027-03-01").health.go_live, "");
});

test("phase, next due, due soon and top risk leave done and n/a work out", () => {
  /** @type {Project} */
  const progressed = {
    ...PROJECT,
    status: { kick: { state: "done" }, plan: { state: "n/a" }, crit: { state: "done" } },
  };
  const health = fill(PLAYBOOK, progressed, "2027-03-02").health;
  assert.equal(health.phase, "execute");
  assert.equal(health.next_due, "build");
  assert.deepEqual(health.due_soon, []); // build is due 2027-03-29, beyond 14 days
  assert.equal(health.top_risk, "high");
  const soon = fill(PLAYBOOK, progressed, "2027-03-15").health;
  assert.deepEqual(soon.due_soon, ["build"]); // exactly 14 days ahead
  const everything = {
    ...PROJECT,
    status: Object.fromEntries(["kick", "plan", "build", "crit", "high"].map((id) => [id, { state: "done" }])),
  };
  const finished = fill(PLAYBOOK, everything, "2027-03-02").health;
  assert.deepEqual([finished.phase, finished.next_due, finished.top_risk], ["", "", ""]);
  assert.equal(finished.measures.progress, 100);
});

test("fill marks decisions and names the risks a task mitigates", () => {
  const filled = fill(PLAYBOOK, PROJECT, "2027-03-01");
  assert.deepEqual(
    filled.tasks.map((row) => [row.id, row.decision, row.mitigates]),
    [
      ["kick", false, []],
      ["plan", true, []],
      ["build", false, ["crit"]],
    ],
  );
  assert.deepEqual(
    filled.risks.map((row) => [row.id, row.mitigated_by, row.mitigation]),
    [
      ["crit", ["build"], "planned"],
      ["high", [], "none"],
    ],
  );
});

test("days between two dates, across leap days and centuries", () => {
  assert.equal(daysBetween("2028-02-28", "2028-03-01"), 2);
  assert.equal(daysBetween("2027-02-28", "2027-03-01"), 1);
  assert.equal(daysBetween("2100-02-28", "2100-03-01"), 1);
  assert.equal(daysBetween("2027-03-10", "2027-03-01"), -9);
  assert.equal(daysBetween("0001-01-01", "0002-01-01"), 365);
  assert.equal(daysBetween("0099-12-31", "0100-01-01"), 1);
});
