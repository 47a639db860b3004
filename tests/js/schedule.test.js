// @ts-check
import assert from "node:assert/strict";
import { test } from "node:test";

import { addDays, weekday } from "../../generator/workbench/dates.js";
import { OffsetError, dueDate, offsetDays } from "../../generator/workbench/schedule.js";

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
