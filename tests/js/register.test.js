// @ts-check
import assert from "node:assert/strict";
import { test } from "node:test";

import { registerCellOf, registerTargetOf } from "../../generator/workbench/register.js";

test("registerCellOf reads a heat map cell's address as the rows' data-cell writes it", () => {
  assert.equal(registerCellOf("#register-l3-i4"), "l3-i4");
  assert.equal(registerCellOf("#register-l5-i1"), "l5-i1");
});

test("registerCellOf names no cell for any other address", () => {
  for (const hash of [
    "",
    "#",
    "#risk-register",
    "#pb-risk-scope-creep",
    "#register-l0-i4",
    "#register-l6-i1",
    "#register-l3-i4x",
    "#register-l3",
  ]) {
    assert.equal(registerCellOf(hash), null, hash);
  }
});

test("registerTargetOf gives the id an address names, decoded", () => {
  assert.equal(registerTargetOf("#pb-risk-scope-creep"), "pb-risk-scope-creep");
  assert.equal(registerTargetOf("#pb-risk-caf%C3%A9"), "pb-risk-café");
  assert.equal(registerTargetOf(""), null);
  assert.equal(registerTargetOf("#"), null);
  assert.equal(registerTargetOf("#%E0%A4%A"), null); // not valid percent-encoding
});
