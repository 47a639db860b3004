// @ts-check
import assert from "node:assert/strict";
import { test } from "node:test";

import { addDays, weekday } from "../../generator/workbench/dates.js";
import {
  OffsetError,
  dueDate,
  dueDates,
  offsetDays,
  parseDue,
  workingDay,
} from "../../generator/workbench/schedule.js";

test("offsetDays reads days and weeks, before or after kickoff", () => {
  /** @type {[string, number][]} */
  const offsets = [
    ["0d", 0],
    ["+0d", 0],
    ["0w", 0],
    ["1d", 1],
    ["+1d", 1],
    ["-1d", -1],
    ["10d", 10],
    ["-10d", -10],
    ["1w", 7],
    ["+2w", 14],
    ["-3w", -21],
    ["999d", 999],
    ["-999w", -6993],
    ["007d", 7],
    ["٢w", 14], // Python's \d and int() take any decimal digit
    ["+2w\n", 14], // Python's $ matches before a final newline
  ];
  for (const [offset, days] of offsets) {
    assert.equal(offsetDays(offset), days, offset);
  }
  assert.ok(Object.is(offsetDays("-0d"), 0), "-0d is 0, not -0");
});

test("offsetDays refuses anything else, naming it as Python's repr", () => {
  for (const offset of ["", "5", "d", "+-5d", "--5d", "5m", "5D", "1000d", "5 d", " 5d", "5.5d", "+w", "-10", "2 weeks", "it's"]) {
    const shown = offset === "it's" ? `"it's"` : `'${offset}'`;
    assert.throws(() => offsetDays(offset), { name: "OffsetError", message: `not an offset: ${shown}` });
  }
  assert.throws(() => offsetDays("1d\n\n"), OffsetError);
});

// Kickoff 2027-03-01 is a Monday.
test("due dates on weekdays are kickoff plus the offset", () => {
  const cases = [
    ["2027-03-01", "0d", "2027-03-01"],
    ["2027-03-01", "+4d", "2027-03-05"],
    ["2027-03-01", "+7d", "2027-03-08"],
    ["2027-03-01", "+2w", "2027-03-15"],
    ["2027-03-01", "-1w", "2027-02-22"],
    ["2027-03-01", "-10d", "2027-02-19"],
    ["2027-03-01", "+52w", "2028-02-28"],
    ["2027-03-01", "+999d", "2029-11-23"],
    ["2027-03-01", "-999d", "2024-06-05"],
  ];
  for (const [kickoff, offset, due] of cases) {
    assert.equal(dueDate(kickoff, offset), due, `${kickoff} ${offset}`);
  }
});

test("due dates across month ends, year ends and 29 February", () => {
  const cases = [
    ["2027-01-31", "+1d", "2027-02-01"], // Sunday kickoff, Monday 1 February
    ["2027-02-26", "+3d", "2027-03-01"], // 2027 is not a leap year
    ["2028-02-28", "+1d", "2028-02-29"], // leap day, a Tuesday
    ["2028-02-29", "+1d", "2028-03-01"],
    ["2028-03-01", "-1d", "2028-02-29"],
    ["2028-02-29", "+1w", "2028-03-07"],
    ["2027-12-30", "+1d", "2027-12-31"],
    ["2027-12-31", "+1d", "2027-12-31"], // Saturday 1 January 2028 goes back a year
    ["2027-12-31", "+2d", "2027-12-31"], // Sunday 2 January 2028 too
    ["2027-12-31", "+3d", "2028-01-03"],
    ["2028-01-03", "-1d", "2027-12-31"],
    ["2027-04-30", "+1d", "2027-04-30"], // Saturday 1 May -> Friday 30 April
  ];
  for (const [kickoff, offset, due] of cases) {
    assert.equal(dueDate(kickoff, offset), due, `${kickoff} ${offset}`);
  }
});

test("weekend due dates move back to the Friday before", () => {
  const cases = [
    ["2027-03-01", "+5d", "2027-03-05"], // Saturday -> Friday
    ["2027-03-01", "+6d", "2027-03-05"], // Sunday -> Friday
    ["2027-03-01", "-2d", "2027-02-26"], // Saturday before kickoff -> Friday
    ["2027-03-01", "-1d", "2027-02-26"], // Sunday before kickoff -> Friday
    ["2027-03-06", "0d", "2027-03-05"], // kickoff itself on a Saturday
    ["2027-03-07", "0d", "2027-03-05"], // kickoff itself on a Sunday
    ["2027-03-06", "+1w", "2027-03-12"],
    ["2027-03-07", "-2w", "2027-02-19"],
    ["2024-03-02", "-2d", "2024-02-29"], // Thursday 29 February is not moved
    ["2024-03-02", "0d", "2024-03-01"],
  ];
  for (const [kickoff, offset, due] of cases) {
    const result = dueDate(kickoff, offset);
    assert.equal(result, due, `${kickoff} ${offset}`);
    assert.ok(weekday(result) <= 4);
  }
});

test("due dates never fall on a weekend and never move later", () => {
  for (let days = -30; days <= 30; days += 1) {
    const offset = `${days < 0 ? "-" : "+"}${Math.abs(days)}d`;
    const raw = addDays("2027-12-27", days);
    const result = dueDate("2027-12-27", offset);
    assert.ok(weekday(result) < 5, offset);
    assert.ok(result <= raw && addDays(result, 2) >= raw, offset);
    if (weekday(raw) < 5) {
      assert.equal(result, raw, offset);
    }
  }
});

test("dueDate refuses bad offsets", () => {
  assert.throws(() => dueDate("2027-03-01", "next week"), { message: "not an offset: 'next week'" });
});

// --- due dates from a date fact or another task, and holidays ---------------------------------

test("parseDue reads the three forms", () => {
  /** @type {[string, import("../../generator/workbench/schedule.js").Due][]} */
  const cases = [
    ["-10d", { days: -10, fact: null, task: null }],
    ["0d", { days: 0, fact: null, task: null }],
    ["+2w", { days: 14, fact: null, task: null }],
    ["target_go_live-4w", { days: -28, fact: "target_go_live", task: null }],
    ["target_go_live+0d", { days: 0, fact: "target_go_live", task: null }],
    ["after-2w", { days: -14, fact: "after", task: null }],
    ["after design-signoff +1w", { days: 7, fact: null, task: "design-signoff" }],
    ["after task-2 -3d", { days: -3, fact: null, task: "task-2" }],
  ];
  for (const [due, expected] of cases) {
    assert.deepEqual(parseDue(due), expected, due);
  }
  assert.ok(Object.is(parseDue("-0d").days, 0));
  for (const due of ["", "target_go_live4w", "after x 1w", "after  x +1w", "after X +1w", "+2w\n", "٢w", "1000d"]) {
    assert.throws(() => parseDue(due), OffsetError, JSON.stringify(due));
  }
});

test("workingDay moves back over weekends and holidays", () => {
  const holidays = new Set(["2027-03-05", "2027-12-23", "2027-12-24", "2027-12-27", "2027-12-28", "2028-02-29"]);
  const cases = [
    ["2027-03-03", "2027-03-03"], // a Wednesday
    ["2027-03-05", "2027-03-04"], // a Friday holiday
    ["2027-03-06", "2027-03-04"], // Saturday after a Friday holiday
    ["2027-03-07", "2027-03-04"],
    ["2027-12-28", "2027-12-22"], // a run across a weekend
    ["2028-02-29", "2028-02-28"], // 29 February
    ["2028-03-01", "2028-03-01"],
  ];
  for (const [day, expected] of cases) {
    assert.equal(workingDay(day, holidays), expected, day);
  }
  assert.equal(workingDay("2027-03-06"), "2027-03-05");
  assert.equal(dueDate("2027-03-01", "+4d", new Set(["2027-03-05"])), "2027-03-04");
  assert.throws(() => workingDay("0001-01-01", new Set(["0001-01-01"])), RangeError);
});

test("dueDates counts from kickoff, date facts and other tasks", () => {
  const tasks = [
    { id: "a", due: "+1w" },
    { id: "b", due: "go_live-4w" }, // Thursday 2 September
    { id: "c", due: "after b +1d" }, // Friday 3 September
    { id: "d", due: "after c +1d" }, // Saturday: Friday 3 September
    { id: "e", due: "after d +3d" }, // Monday 6 September
    { id: "f", due: "gone-1d" }, // an unanswered fact: no due date
    { id: "g", due: "after f +1d" }, // nor after it
    { id: "h", due: "after ghost +1d" },
    { id: "x", due: "after y +1d" }, // a circle (validation refuses it): no due date
    { id: "y", due: "after x +1d" },
  ];
  const found = dueDates(tasks, "2027-03-01", { go_live: "2027-09-30", gone: null });
  assert.deepEqual(Object.fromEntries(found), {
    a: "2027-03-08",
    b: "2027-09-02",
    c: "2027-09-03",
    d: "2027-09-03",
    e: "2027-09-06",
    f: "",
    g: "",
    h: "",
    x: "",
    y: "",
  });
  const holidays = new Set(["2027-09-02", "2027-09-06"]);
  const moved = dueDates(tasks.slice(1, 5), "2027-03-01", { go_live: "2027-09-30" }, holidays);
  // b: Thursday 2 September is a holiday, so Wednesday 1st; c and d land on the 2nd, so the
  // 1st too; e: Saturday 4th, so Friday 3rd.
  assert.deepEqual(Object.fromEntries(moved), { b: "2027-09-01", c: "2027-09-01", d: "2027-09-01", e: "2027-09-03" });
  // Beyond the calendar: no due date, like Python's OverflowError.
  assert.equal(dueDates([{ id: "z", due: "end+2w" }], "2027-03-01", { end: "9999-12-25" }).get("z"), "");
  // Long chains need no recursion.
  const chain = [{ id: "t0", due: "0d" }];
  for (let index = 1; index < 5000; index += 1) {
    chain.push({ id: `t${index}`, due: `after t${index - 1} +1d` });
  }
  assert.notEqual(dueDates(chain.reverse(), "2027-03-01", {}).get("t4999"), "");
});
