// @ts-check
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  portfolioCompare,
  portfolioCountText,
  portfolioFolded,
  portfolioMatches,
  portfolioNextDirection,
  portfolioSorted,
} from "../../generator/workbench/portfolio-page.js";

/** @typedef {import("../../generator/workbench/portfolio-page.js").PortfolioRow} PortfolioRow */

// The columns as the page writes them: project, PM, progress, next due, RAG rank, trend.
const NAME = 0;
const PM = 1;
const PROGRESS = 2;
const NEXT_DUE = 3;
const RAG = 4;
const TREND = 5;

/**
 * Three projects in the page's default order: red, amber, green.
 * @returns {PortfolioRow[]}
 */
function rows() {
  return [
    { index: 0, values: ["Zeta rollout", "Ann", "40", "2027-03-04", "0", "-5"], rag: "red", flags: ["stale"], search: "Zeta rollout Ann" },
    { index: 1, values: ["alpha migration", "", "9", "", "1", ""], rag: "amber", flags: [], search: "alpha migration " },
    { index: 2, values: ["Beta Café", "Zoë Brun", "100", "2027-02-01", "2", "10"], rag: "green", flags: ["upgrade", "stale"], search: "Beta Café Zoë Brun" },
  ];
}

/**
 * @param {PortfolioRow[]} sorted
 * @returns {number[]}
 */
const order = (sorted) => sorted.map((row) => row.index);

test("numbers sort as numbers, not as text (9 before 40 before 100)", () => {
  assert.deepEqual(order(portfolioSorted(rows(), PROGRESS, "number", "ascending")), [1, 0, 2]);
  assert.deepEqual(order(portfolioSorted(rows(), PROGRESS, "number", "descending")), [2, 0, 1]);
});

test("text sorts ignoring case, and the other way when descending", () => {
  assert.deepEqual(order(portfolioSorted(rows(), NAME, "text", "ascending")), [1, 2, 0]);
  assert.deepEqual(order(portfolioSorted(rows(), NAME, "text", "descending")), [0, 2, 1]);
});

test("a row without a value goes last, ascending or descending", () => {
  assert.deepEqual(order(portfolioSorted(rows(), NEXT_DUE, "text", "ascending")), [2, 0, 1]);
  assert.deepEqual(order(portfolioSorted(rows(), NEXT_DUE, "text", "descending")), [0, 2, 1]);
  assert.deepEqual(order(portfolioSorted(rows(), TREND, "number", "descending")), [2, 0, 1]);
  assert.deepEqual(order(portfolioSorted(rows(), PM, "text", "ascending")), [0, 2, 1]);
});

test("the RAG column ascending is the default order: red, amber, green", () => {
  assert.deepEqual(order(portfolioSorted(rows(), RAG, "number", "ascending")), [0, 1, 2]);
  assert.deepEqual(order(portfolioSorted(rows(), RAG, "number", "descending")), [2, 1, 0]);
});

test("rows that tie keep their default order", () => {
  const tied = rows().map((row) => ({ ...row, values: row.values.map(() => "7") }));
  assert.deepEqual(order(portfolioSorted(tied, PROGRESS, "number", "descending")), [0, 1, 2]);
  assert.equal(portfolioCompare("a", "A", "text", "ascending"), 0);
  assert.equal(portfolioCompare("item 10", "item 9", "text", "ascending"), 1);
});

test("a column sorts ascending first, then flips at each press", () => {
  assert.equal(portfolioNextDirection(PROGRESS, RAG, "ascending"), "ascending");
  assert.equal(portfolioNextDirection(RAG, RAG, "ascending"), "descending");
  assert.equal(portfolioNextDirection(RAG, RAG, "descending"), "ascending");
});

test("the filters: RAG statuses, a flag, and a part of the name or PM", () => {
  const all = { text: "", rags: ["red", "amber", "green"], flag: "" };
  /** @param {Partial<import("../../generator/workbench/portfolio-page.js").PortfolioFilter>} change */
  const shown = (change) =>
    rows()
      .filter((row) => portfolioMatches(row, { ...all, ...change }))
      .map((row) => row.index);
  assert.deepEqual(shown({}), [0, 1, 2]);
  assert.deepEqual(shown({ rags: ["red", "green"] }), [0, 2]);
  assert.deepEqual(shown({ rags: [] }), []);
  assert.deepEqual(shown({ flag: "stale" }), [0, 2]);
  assert.deepEqual(shown({ flag: "upgrade" }), [2]);
  assert.deepEqual(shown({ flag: "stale", rags: ["red"] }), [0]);
  assert.deepEqual(shown({ text: "MIGRATION" }), [1]);
  assert.deepEqual(shown({ text: "  zoe  " }), [2]); // the PM, accents and spaces aside
  assert.deepEqual(shown({ text: "cafe brun" }), []); // a part, not words in any order
  assert.deepEqual(shown({ text: "ann" }), [0]);
});

test("text is folded: case, accents and runs of spaces", () => {
  assert.equal(portfolioFolded("  Beta   CAFÉ\tZoë "), "beta cafe zoe");
});

test("the live region says how many projects are shown", () => {
  assert.equal(portfolioCountText(2, 3), "2 of 3 projects shown");
  assert.equal(portfolioCountText(0, 3), "0 of 3 projects shown");
  assert.equal(portfolioCountText(1, 1), "1 of 1 project shown");
});
