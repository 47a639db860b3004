// @ts-check
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  searchHitsLabel,
  searchHitsMessage,
  searchHitsPath,
  searchHitsRanked,
  searchHitsWhole,
} from "../../generator/workbench/search-hits.js";

/** @typedef {import("../../generator/workbench/search-hits.js").SearchHitDocument} SearchHitDocument */

/**
 * A document of a hit as Material's worker sends it.
 * @param {string} location
 * @param {number} score
 * @param {Record<string, boolean>} terms
 * @returns {SearchHitDocument}
 */
const doc = (location, score, terms) => ({ location, score, terms });

// "vendor lock-in" as Material reports it: three pages, in its order (by best score).
const PARTIAL_FIRST = [
  [doc("risks/vendor-delivery/", 22.6, { vendor: true, lock: false })],
  [
    doc("risks/lock-in/#exit", 18.1, { vendor: false, lock: true }),
    doc("risks/lock-in/", 0, {}),
    doc("risks/lock-in/#contract", 9.5, { vendor: true, lock: false }),
  ],
  [doc("faqs/vendors/", 16.4, { vendor: true, lock: false })],
  [doc("faqs/exit/", 3.2, { vendor: true, lock: true })],
];

/**
 * @param {unknown} hits
 * @returns {string[]}
 */
const pages = (hits) =>
  /** @type {SearchHitDocument[][]} */ (hits).map((hit) => hit[0].location.split("#")[0]);

test("a page matches the whole query when each term is matched somewhere on it", () => {
  assert.equal(searchHitsWhole(PARTIAL_FIRST[1]), true); // one section each
  assert.equal(searchHitsWhole(PARTIAL_FIRST[3]), true);
  assert.equal(searchHitsWhole(PARTIAL_FIRST[0]), false);
  // Material leaves out a stop word it did not find: no term left unmatched.
  assert.equal(searchHitsWhole([doc("a/", 1, { risk: true })]), true);
  assert.equal(searchHitsWhole([doc("a/", 1, {})]), true);
});

test("pages that match the whole query come first, each part in Material's order", () => {
  const ranked = searchHitsRanked(PARTIAL_FIRST);
  assert.deepEqual(pages(ranked), ["risks/lock-in/", "faqs/exit/", "risks/vendor-delivery/", "faqs/vendors/"]);
});

test("their scores are raised by the best score, so Enter opens the first hit", () => {
  const ranked = /** @type {SearchHitDocument[][]} */ (searchHitsRanked(PARTIAL_FIRST));
  assert.deepEqual(
    ranked.map((hit) => hit.map((document) => Number(document.score.toFixed(1)))),
    [[40.7, 22.6, 32.1], [25.8], [22.6], [16.4]],
  );
  const scores = ranked.map((hit) => Math.max(...hit.map((document) => document.score)));
  assert.deepEqual(scores, [...scores].sort((a, b) => b - a));
  // The documents themselves are left as they were.
  assert.equal(PARTIAL_FIRST[1][0].score, 18.1);
});

test("a whole match's documents no longer list the terms another document of it has", () => {
  const ranked = /** @type {SearchHitDocument[][]} */ (searchHitsRanked(PARTIAL_FIRST));
  assert.deepEqual(
    ranked[0].map((document) => document.terms),
    [{ lock: true }, {}, { vendor: true }],
  );
  // A partial match keeps Material's "Missing: ..." as it was.
  assert.deepEqual(ranked[2][0].terms, { vendor: true, lock: false });
});

test("when every page matches the whole query, the order stays as it was", () => {
  const every = [PARTIAL_FIRST[3], PARTIAL_FIRST[1]];
  assert.deepEqual(pages(searchHitsRanked(every)), ["faqs/exit/", "risks/lock-in/"]);
});

test("when none does, the hits stay as they were, the very same list", () => {
  const none = [PARTIAL_FIRST[0], PARTIAL_FIRST[2]];
  assert.equal(searchHitsRanked(none), none);
  assert.deepEqual(searchHitsRanked([]), []);
});

test("anything not in Material's shape is left as it was (Zensical's results)", () => {
  for (const other of [
    null,
    "text",
    { items: [] },
    [{ location: "a/", score: 1, terms: {} }], // not a list of lists
    [[{ location: "a/", score: "1", terms: {} }]],
    [[{ location: "a/", score: 1 }]],
    [[]],
  ]) {
    assert.equal(searchHitsRanked(other), other);
  }
});

test("only Material's result messages are ranked; any other message is the same object", () => {
  const message = { type: 3, data: { items: PARTIAL_FIRST, suggest: ["vendor"] } };
  const ranked = /** @type {{type: number, data: {items: unknown, suggest: string[]}}} */ (
    searchHitsMessage(message)
  );
  assert.notEqual(ranked, message);
  assert.equal(ranked.type, 3);
  assert.deepEqual(ranked.data.suggest, ["vendor"]);
  assert.deepEqual(pages(ranked.data.items), pages(searchHitsRanked(PARTIAL_FIRST)));
  for (const other of [
    { type: 1 },
    { type: 2, data: "vendor" },
    { type: 3, data: { items: [{ id: 1 }], total: 1 } },
    { type: 3, data: null },
    { type: 3, data: { items: [PARTIAL_FIRST[0]] } },
    null,
    42,
  ]) {
    assert.equal(searchHitsMessage(other), other);
  }
});

test("a hit's page is its address below the site's root, without query or anchor", () => {
  const root = "http://intranet/pmo/";
  assert.equal(
    searchHitsPath("http://intranet/pmo/playbooks/dt/risks/x/?h=vendor#exit", root),
    "playbooks/dt/risks/x/",
  );
  assert.equal(searchHitsPath("file:///share/site/playbooks/dt/faqs/y.html", "file:///share/site/"), "playbooks/dt/faqs/y.html");
  assert.equal(searchHitsPath("http://intranet/other/", root), null);
});

const DATA = {
  playbooks: { dt: "Digital Transformation PMO Playbook", "cloud-migration": "Cloud migration" },
  kinds: { risks: "Risk", faqs: "FAQ", "case-studies": "Case study" },
};

test("an item says its playbook and kind; a playbook's other pages, its playbook", () => {
  assert.equal(searchHitsLabel("playbooks/dt/risks/vendor-lock-in/", DATA), "Digital Transformation PMO Playbook · Risk");
  assert.equal(searchHitsLabel("playbooks/cloud-migration/faqs/who-pays.html", DATA), "Cloud migration · FAQ");
  assert.equal(searchHitsLabel("playbooks/dt/case-studies/bank/", DATA), "Digital Transformation PMO Playbook · Case study");
  assert.equal(searchHitsLabel("playbooks/dt/", DATA), "Digital Transformation PMO Playbook");
  assert.equal(searchHitsLabel("playbooks/dt/kickoff/", DATA), "Digital Transformation PMO Playbook");
  assert.equal(searchHitsLabel("playbooks/dt/risks/index.html", DATA), "Digital Transformation PMO Playbook");
});

test("other pages say nothing, and names are looked up as data only", () => {
  assert.equal(searchHitsLabel("", DATA), "");
  assert.equal(searchHitsLabel("projects/harbour-bank/", DATA), "");
  assert.equal(searchHitsLabel("playbooks/", DATA), "");
  assert.equal(searchHitsLabel("playbooks/unknown/risks/x/", DATA), "");
  assert.equal(searchHitsLabel("playbooks/constructor/risks/x/", DATA), "");
  assert.equal(searchHitsLabel("playbooks/dt/toString/x/", DATA), "Digital Transformation PMO Playbook");
});
