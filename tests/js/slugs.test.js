// @ts-check
import assert from "node:assert/strict";
import { test } from "node:test";

import { isSlug, slugify } from "../../generator/workbench/slugs.js";

/** Name, slug: checked against generator/model/slugs.py. */
const SLUGS = [
  ["Harbour Bank", "harbour-bank"],
  ["Straße 5 — Ærø", "strasse-5-aero"],
  ["Œuvre Łódź Đakovo þing", "oeuvre-lodz-dakovo-thing"],
  ["ÅNGSTRÖM Café", "angstrom-cafe"],
  ["Zoë's Bank: phase 2", "zoe-s-bank-phase-2"],
  ["ﬁnance ①²", "finance-12"], // NFKD: ligature, circled and superscript digits
  ["Ǆemal", "dzemal"],
  ["İstanbul", "istanbul"],
  ["🚀 Launch", "launch"],
  ["  spaced   out  ", "spaced-out"],
  ["MiXeD CaSe 2028", "mixed-case-2028"],
  ["tab\there", "tab-here"],
  ["日本語", "project"],
  ["", "project"],
  ["..", "project"],
  ["---", "project"],
  ["!@#$%^&*()_+={}[]|\\:;\"<>,.?/~`", "project"],
  ["ß".repeat(31), "s".repeat(60)],
  ["æ".repeat(30) + "x", "ae".repeat(30)],
];

test("slugify spells out, folds to ASCII, and joins words with hyphens", () => {
  for (const [name, slug] of SLUGS) {
    assert.equal(slugify(name), slug, name);
  }
});

test("slugs are cut at 60 characters, never ending with a hyphen", () => {
  assert.equal(slugify("a".repeat(61)), "a".repeat(60));
  assert.equal(slugify("x".repeat(60) + "yz"), "x".repeat(60));
  assert.equal(slugify("a".repeat(59) + " b"), "a".repeat(59));
  assert.equal(slugify("a".repeat(59) + "-bccccc"), "a".repeat(59));
  for (const [name] of SLUGS) {
    const slug = slugify(name);
    assert.ok(slug.length <= 60 && isSlug(slug), name);
  }
});

test("isSlug is kebab-case (and, like Python's $, allows one final newline)", () => {
  for (const slug of ["a", "a-b", "2027", "core-banking-revamp", "abc\n"]) {
    assert.ok(isSlug(slug), JSON.stringify(slug));
  }
  for (const text of ["", "A", "a_b", "a--b", "-a", "a-", "abc\n\n", "a\r\n", "../evil", "é"]) {
    assert.ok(!isSlug(text), JSON.stringify(text));
  }
});
