// @ts-check
import assert from "node:assert/strict";
import { test } from "node:test";

import { checklistView } from "../../generator/workbench/checklist-page.js";

/** @typedef {import("../../generator/workbench/checklist-page.js").ProjectPageData} ProjectPageData */

/**
 * A project page's data: prepare <- meet <- follow-up; other-phase applies, skipped does not.
 * @returns {ProjectPageData}
 */
function pageData() {
  /**
   * @param {string} id
   * @param {string} due
   * @param {string} state
   */
  const row = (id, due, state) => ({
    id,
    phase: "plan",
    title: `Title of ${id}`,
    owner_role: "pm",
    owner: "",
    due,
    state,
    done_on: "",
    note: "",
  });
  return {
    slug: "p",
    name: "P",
    file: "projects/p.yaml",
    playbook_version: "1.0.0",
    playbook: {
      id: "demo",
      version: "1.0.0",
      roles: [{ id: "pm", title: "Project manager" }],
      tasks: [
        { id: "prepare" },
        { id: "meet", depends_on: ["prepare", "skipped"] },
        { id: "follow-up", depends_on: ["meet"] },
        { id: "skipped" },
        { id: "undated", depends_on: [] },
      ],
    },
    project: { kickoff: "2027-02-01", roles: {}, status: { meet: { state: "open", date: "", note: "" } } },
    checklist: {
      tasks: [
        row("prepare", "2027-01-25", "overdue"),
        row("meet", "2027-02-01", "blocked"),
        row("follow-up", "2027-02-08", "blocked"),
        row("undated", "", "open"),
      ],
    },
    text: "",
    anchors: { section: "missing" },
  };
}

/**
 * @param {Record<string, {state: "open" | "done" | "n/a", note: string}>} changes
 */
function states(changes) {
  const view = checklistView(pageData(), changes, "2027-03-01", "2027-03-01");
  return {
    rows: Object.fromEntries(view.rows.map((row) => [row.id, [row.state, row.blocked_by]])),
    overdue: view.counts.overdue,
  };
}

test("the live checklist shows what the build did: blocked tasks and their blockers", () => {
  assert.deepEqual(states({}), {
    rows: {
      prepare: ["overdue", []],
      meet: ["blocked", ["prepare"]], // skipped does not apply: left out
      "follow-up": ["blocked", ["meet"]],
      undated: ["open", []], // no due date: never overdue
    },
    overdue: 1,
  });
});

test("ticking a dependency unblocks what waits for it, at once", () => {
  const done = states({ prepare: { state: "done", note: "" } });
  assert.deepEqual(done.rows.meet, ["overdue", []]);
  assert.deepEqual(done.rows["follow-up"], ["blocked", ["meet"]]);
  assert.equal(done.overdue, 1);
  const both = states({ prepare: { state: "n/a", note: "" }, meet: { state: "done", note: "" } });
  assert.deepEqual(both.rows.meet, ["done", []]);
  assert.deepEqual(both.rows["follow-up"], ["overdue", []]);
  assert.equal(both.overdue, 1);
});
