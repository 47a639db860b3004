// @ts-check
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  kickoffByPhase,
  kickoffCountsText,
  kickoffFirstDue,
  kickoffRiskMeta,
  kickoffTaskMeta,
} from "../../generator/workbench/kickoff-page.js";

test("the first due date is the earliest one; tasks without a date do not count", () => {
  assert.equal(kickoffFirstDue([]), "");
  assert.equal(kickoffFirstDue([{ due: "" }, { due: "" }]), "");
  assert.equal(kickoffFirstDue([{ due: "2027-03-05" }, { due: "" }, { due: "2027-02-28" }]), "2027-02-28");
  assert.equal(kickoffFirstDue([{ due: "" }, { due: "2027-03-05" }]), "2027-03-05");
});

test("the first due date is what sorting the dates gave", () => {
  const tasks = ["2028-01-01", "", "2027-12-31", "2027-01-09", "", "2027-01-10"].map((due) => ({ due }));
  const sorted = tasks.map((task) => task.due).filter((due) => due !== "");
  sorted.sort();
  assert.equal(kickoffFirstDue(tasks), sorted[0]);
});

test("a task's line names its owner, else its role's title, else the role, and its due date", () => {
  const titles = new Map([["pm", "Project manager"]]);
  assert.equal(
    kickoffTaskMeta({ owner: "Ann", owner_role: "pm", due: "2027-03-01" }, titles),
    "Ann · due 2027-03-01",
  );
  assert.equal(
    kickoffTaskMeta({ owner: "", owner_role: "pm", due: "2027-03-01" }, titles),
    "Project manager · due 2027-03-01",
  );
  assert.equal(kickoffTaskMeta({ owner: "", owner_role: "qa", due: "" }, titles), "qa · no due date yet");
});

test("a risk's line gives its score and how it is made, then a space before the band", () => {
  assert.equal(kickoffRiskMeta({ score: 12, likelihood: 3, impact: 4 }), "score 12 (3 × 4) ");
});

test("tasks group by phase, each group in the tasks' order", () => {
  const tasks = [
    { id: "a", phase: "plan" },
    { id: "b", phase: "initiate" },
    { id: "c", phase: "plan" },
  ];
  const groups = kickoffByPhase(tasks);
  assert.deepEqual([...groups.keys()], ["plan", "initiate"]);
  assert.deepEqual(
    groups.get("plan")?.map((task) => task.id),
    ["a", "c"],
  );
  assert.equal(groups.get("close"), undefined);
});

test("the counts line says how many tasks and risks apply and when the first is due", () => {
  assert.equal(kickoffCountsText(1, 2, ""), "1 task and 2 risks apply.");
  assert.equal(
    kickoffCountsText(3, 1, "2027-03-01"),
    "3 tasks and 1 risk apply; the first task is due 2027-03-01.",
  );
});
