// @ts-check
import assert from "node:assert/strict";
import { test } from "node:test";

import { BANDS, bandOf } from "../../generator/workbench/scoring.js";

test("a score is in the highest band whose threshold it reaches", () => {
  const bands = { medium: 5, high: 10, critical: 16 };
  /** @type {[number, string][]} */
  const expected = [
    [1, "low"],
    [4, "low"],
    [5, "medium"],
    [9, "medium"],
    [10, "high"],
    [15, "high"],
    [16, "critical"],
    [25, "critical"],
  ];
  for (const [score, band] of expected) {
    assert.equal(bandOf(score, bands), band, String(score));
  }
  assert.equal(bandOf(1, { medium: 1, high: 2, critical: 3 }), "medium");
  assert.deepEqual(BANDS, ["low", "medium", "high", "critical"]);
});
