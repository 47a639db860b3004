// @ts-check
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  facetsCounts,
  facetsFromQuery,
  facetsMatch,
  facetsOfItem,
  facetsStatusText,
  facetsToQuery,
} from "../../generator/workbench/facets.js";

/** @typedef {import("../../generator/workbench/facets.js").FacetValues} FacetValues */

/**
 * Four risks as a kind index lists them: phase, category and industry (one has two industries,
 * one none, one no phase).
 * @type {FacetValues[]}
 */
const RISKS = [
  { phase: ["plan"], category: ["technology"], industry: ["banking"] },
  { phase: ["execute"], category: ["technology"], industry: ["banking", "insurance"] },
  { phase: ["execute"], category: ["people"] },
  { category: ["delivery"], industry: ["retail"] },
];
/** What the form offers, in its order. */
const OPTIONS = {
  phase: ["plan", "execute"],
  category: ["delivery", "people", "technology"],
  industry: ["banking", "insurance", "retail"],
};
const NONE = { phase: [], category: [], industry: [] };

/**
 * The indexes of the risks a selection shows.
 * @param {FacetValues} selection
 * @returns {number[]}
 */
const shown = (selection) =>
  RISKS.flatMap((risk, index) => (facetsMatch(risk, selection) ? [index] : []));

test("an item's facets are read from its data attribute; anything else reads as none", () => {
  assert.deepEqual(facetsOfItem('{"phase": ["plan"], "industry": ["banking", "retail"]}'), {
    phase: ["plan"],
    industry: ["banking", "retail"],
  });
  assert.deepEqual(facetsOfItem('{"phase": ["plan", 3], "area": "governance"}'), { phase: ["plan"] });
  assert.deepEqual(facetsOfItem(null), {});
  assert.deepEqual(facetsOfItem("not json"), {});
  assert.deepEqual(facetsOfItem('["plan"]'), {});
  assert.deepEqual(facetsOfItem("null"), {});
});

test("nothing checked shows every item", () => {
  assert.deepEqual(shown(NONE), [0, 1, 2, 3]);
  assert.deepEqual(shown({}), [0, 1, 2, 3]);
});

test("values of one facet widen the list (OR)", () => {
  assert.deepEqual(shown({ ...NONE, phase: ["plan"] }), [0]);
  assert.deepEqual(shown({ ...NONE, phase: ["plan", "execute"] }), [0, 1, 2]);
  assert.deepEqual(shown({ ...NONE, industry: ["insurance", "retail"] }), [1, 3]);
});

test("values of different facets narrow it (AND); an item without the facet does not pass", () => {
  assert.deepEqual(shown({ ...NONE, phase: ["execute"], industry: ["banking"] }), [1]);
  assert.deepEqual(shown({ ...NONE, phase: ["plan", "execute"], category: ["technology"] }), [0, 1]);
  assert.deepEqual(shown({ ...NONE, phase: ["execute"], category: ["delivery"] }), []);
  assert.deepEqual(shown({ ...NONE, industry: ["banking"] }), [0, 1]);
});

test("counts with nothing checked are the number of items with each value", () => {
  assert.deepEqual(facetsCounts(RISKS, NONE, OPTIONS), {
    phase: { plan: 1, execute: 2 },
    category: { delivery: 1, people: 1, technology: 2 },
    industry: { banking: 2, insurance: 1, retail: 1 },
  });
});

test("a value's count is what it shows with the other facets' filters as they are", () => {
  // Phase execute checked: the other facets count only execute's items; phase itself still
  // counts every item, since ticking plan too would add plan's.
  assert.deepEqual(facetsCounts(RISKS, { ...NONE, phase: ["execute"] }, OPTIONS), {
    phase: { plan: 1, execute: 2 },
    category: { delivery: 0, people: 1, technology: 1 },
    industry: { banking: 1, insurance: 1, retail: 0 },
  });
  assert.deepEqual(
    facetsCounts(RISKS, { ...NONE, phase: ["execute"], industry: ["banking"] }, OPTIONS),
    {
      phase: { plan: 1, execute: 1 },
      category: { delivery: 0, people: 0, technology: 1 },
      industry: { banking: 1, insurance: 1, retail: 0 },
    },
  );
});

test("the address gives the filters, kept to the values the form offers, in its order", () => {
  assert.deepEqual(facetsFromQuery("?industry=retail&phase=execute&phase=plan", OPTIONS), {
    phase: ["plan", "execute"],
    category: [],
    industry: ["retail"],
  });
  assert.deepEqual(facetsFromQuery("?phase=someday&colour=red&q=risk", OPTIONS), NONE);
  assert.deepEqual(facetsFromQuery("", OPTIONS), NONE);
  assert.deepEqual(facetsFromQuery("?cadence=per+phase", { cadence: ["per phase"] }), {
    cadence: ["per phase"],
  });
});

test("the filters go into the address, in place of the old ones, other parameters kept", () => {
  assert.equal(
    facetsToQuery("?phase=close&h=vendor", { ...NONE, phase: ["plan", "execute"], industry: ["banking"] }),
    "?h=vendor&phase=plan&phase=execute&industry=banking",
  );
  assert.equal(facetsToQuery("?phase=plan", NONE), "");
  assert.equal(facetsToQuery("", { cadence: ["per phase"] }), "?cadence=per+phase");
  const query = facetsToQuery("", { industry: ["a&b=c"] });
  assert.deepEqual(facetsFromQuery(query, { industry: ["a&b=c"] }), { industry: ["a&b=c"] });
});

test("the status line says how many items are shown", () => {
  assert.equal(facetsStatusText(20, 20), "Showing all 20 items");
  assert.equal(facetsStatusText(3, 20), "Showing 3 of 20 items");
  assert.equal(facetsStatusText(0, 20), "Showing 0 of 20 items");
  assert.equal(facetsStatusText(1, 1), "Showing all 1 item");
  assert.equal(facetsStatusText(0, 1), "Showing 0 of 1 item");
});
