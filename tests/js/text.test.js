// @ts-check
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  codePoints,
  compareText,
  digitValue,
  isDigit,
  isSpace,
  parseDecimal,
  repr,
  splitWords,
  strip,
} from "../../generator/workbench/text.js";

test("compareText orders by code point, like Python's str comparison", () => {
  assert.equal(compareText("a", "b"), -1);
  assert.equal(compareText("b", "a"), 1);
  assert.equal(compareText("abc", "abc"), 0);
  assert.equal(compareText("", ""), 0);
  assert.equal(compareText("ab", "abc"), -1);
  assert.equal(compareText("abc", "ab"), 1);
  assert.equal(compareText("B", "a"), -1); // upper case first
  assert.equal(compareText("z", "é"), -1);
  // U+E000 is below U+1F600 as a code point, but its UTF-16 unit is above the surrogates.
  assert.equal("\ue000" < "😀", false);
  assert.equal(compareText("\ue000", "😀"), -1);
  assert.equal(compareText("😀", "\uffff"), 1);
  assert.equal(compareText("a😀", "a\ue000"), 1);
});

test("sorting with compareText matches Python's sorted()", () => {
  // sorted(["😀", "\ue000", "b", "B", "é", "", "\uffff"]) in Python:
  const python = ["", "B", "b", "é", "\ue000", "\uffff", "😀"];
  assert.deepEqual(["😀", "\ue000", "b", "B", "é", "", "\uffff"].sort(compareText), python);
});

test("strip removes Python's whitespace, not JavaScript's", () => {
  assert.equal(strip("  a b \t\n"), "a b");
  assert.equal(strip("\x1c\x1d\x1e\x1fx\x85"), "x"); // trim() keeps these
  assert.equal(strip("\ufeffx"), "\ufeffx"); // trim() removes the BOM; Python does not
  assert.equal(strip("\u00a0\u2000\u3000x\u202f\u205f"), "x");
  assert.equal(strip("   "), "");
  assert.equal(strip(""), "");
  assert.ok(isSpace("\x85"));
  assert.ok(!isSpace("\ufeff"));
  assert.ok(!isSpace("\u200b"));
});

test("splitWords is Python's str.split()", () => {
  assert.deepEqual(splitWords("  tab\there  and\u3000more "), ["tab", "here", "and", "more"]);
  assert.deepEqual(splitWords(""), []);
  assert.deepEqual(splitWords(" \x1c "), []);
  assert.deepEqual(splitWords("a\ufeffb"), ["a\ufeffb"]);
});

test("decimal digits of any script, as Python's \\d and int() take them", () => {
  assert.ok(isDigit("7"));
  assert.ok(isDigit("٧")); // Arabic-Indic
  assert.ok(isDigit("７")); // fullwidth
  assert.ok(isDigit("𝟗")); // mathematical bold
  assert.ok(!isDigit("²")); // superscript two is not decimal (Python agrees)
  assert.ok(!isDigit("a"));
  assert.ok(!isDigit(undefined));
  assert.equal(digitValue("٧"), 7);
  assert.equal(digitValue("０"), 0);
  assert.equal(digitValue("𝟗"), 9);
  assert.equal(digitValue("𝟘"), 0); // U+1D7D8, the third of five runs of ten in a row
  assert.equal(parseDecimal("-٤٢"), -42);
  assert.equal(parseDecimal("2０24"), 2024);
  assert.ok(Object.is(parseDecimal("-0"), 0));
});

test("repr quotes and escapes like Python's repr() of a str", () => {
  assert.equal(repr("abc"), "'abc'");
  assert.equal(repr(""), "''");
  assert.equal(repr("it's"), `"it's"`);
  assert.equal(repr(`it's "x"`), `'it\\'s "x"'`);
  assert.equal(repr('"'), `'"'`);
  assert.equal(repr("\\"), "'\\\\'");
  assert.equal(repr("\t\n\r"), "'\\t\\n\\r'");
  assert.equal(repr("\x00\x1f\x7f"), "'\\x00\\x1f\\x7f'");
  assert.equal(repr("\x85\xa0é"), "'\\x85\\xa0é'");
  assert.equal(repr("\u200b\u2028\ufeff"), "'\\u200b\\u2028\\ufeff'");
  assert.equal(repr("😀Zürich"), "'😀Zürich'");
  assert.equal(repr("\u{e0001}"), "'\\U000e0001'");
  assert.equal(repr("\ud800"), "'\\ud800'"); // a lone surrogate
  assert.equal(repr(" "), "' '");
});

test("codePoints splits astral characters as one", () => {
  assert.deepEqual(codePoints("a😀b"), ["a", "😀", "b"]);
});
