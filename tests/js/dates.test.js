// @ts-check
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  DateError,
  MONTH_NAMES,
  addDays,
  daysInMonth,
  isIsoDate,
  parseIsoDate,
  weekday,
} from "../../generator/workbench/dates.js";

/**
 * @param {string} text
 * @param {string} message
 */
function refused(text, message) {
  assert.throws(() => parseIsoDate(text), { name: "DateError", message });
  assert.throws(() => parseIsoDate(text), DateError);
}

test("real dates parse to YYYY-MM-DD", () => {
  assert.equal(parseIsoDate("2027-03-01"), "2027-03-01");
  assert.equal(parseIsoDate("2028-02-29"), "2028-02-29"); // leap year
  assert.equal(parseIsoDate("2000-02-29"), "2000-02-29"); // divisible by 400
  assert.equal(parseIsoDate("1900-01-01"), "1900-01-01"); // the earliest date the tool reads
  assert.equal(parseIsoDate("2999-12-31"), "2999-12-31"); // and the latest
  assert.equal(parseIsoDate("2027-01-31"), "2027-01-31");
  assert.equal(parseIsoDate("2027-04-30"), "2027-04-30");
});

test("surrounding whitespace is Python's", () => {
  assert.equal(parseIsoDate("  2027-03-01\n"), "2027-03-01");
  assert.equal(parseIsoDate("\x1c2027-03-01\x85"), "2027-03-01");
  refused("\ufeff2027-03-01", "'\\ufeff2027-03-01' is not a date written YYYY-MM-DD");
});

test("digits of other scripts are read like Python's \\d and int() read them", () => {
  assert.equal(parseIsoDate("２０２８-０２-２９"), "2028-02-29");
  assert.equal(parseIsoDate("٢٠٢٧-٠٣-٠١"), "2027-03-01");
  refused(
    "２０２７-０２-３０",
    "２０２７-０２-３０: day 30 does not exist (February 2027 has 28 days)",
  );
});

test("days that do not exist say why", () => {
  refused("2027-02-29", "2027-02-29: day 29 does not exist (February 2027 has 28 days)");
  refused("1900-02-29", "1900-02-29: day 29 does not exist (February 1900 has 28 days)");
  refused("2028-02-30", "2028-02-30: day 30 does not exist (February 2028 has 29 days)");
  refused("2027-04-31", "2027-04-31: day 31 does not exist (April 2027 has 30 days)");
  refused("2027-06-31", "2027-06-31: day 31 does not exist (June 2027 has 30 days)");
  refused("2027-01-00", "2027-01-00: day 0 does not exist (January 2027 has 31 days)");
  refused("2027-12-32", "2027-12-32: day 32 does not exist (December 2027 has 31 days)");
  refused("0099-02-30", "0099-02-30: day 30 does not exist (February 99 has 28 days)");
  refused(" 2027-13-01 ", "2027-13-01: month 13 does not exist");
  refused("2027-00-10", "2027-00-10: month 0 does not exist");
  refused("0000-01-01", "0000-01-01: year 0 does not exist");
});

test("real dates outside 1900-01-01 to 2999-12-31 are out of range, as in Python", () => {
  const range = "is out of range; use a date between 1900-01-01 and 2999-12-31";
  refused("1899-12-31", `1899-12-31 ${range}`);
  refused("0001-01-01", `0001-01-01 ${range}`);
  refused("3000-01-01", `3000-01-01 ${range}`);
  refused("9999-12-31", `9999-12-31 ${range}`);
});

test("text that is not written YYYY-MM-DD is shown as Python's repr, cut at 40", () => {
  refused("01/02/2027", "'01/02/2027' is not a date written YYYY-MM-DD");
  refused("tomorrow", "'tomorrow' is not a date written YYYY-MM-DD");
  refused("2027-1-5", "'2027-1-5' is not a date written YYYY-MM-DD");
  refused("", "'' is not a date written YYYY-MM-DD");
  refused("   ", "'' is not a date written YYYY-MM-DD");
  refused("it's", `"it's" is not a date written YYYY-MM-DD`);
  refused("a\tb", "'a\\tb' is not a date written YYYY-MM-DD");
  refused("12027-01-01", "'12027-01-01' is not a date written YYYY-MM-DD");
  refused("a".repeat(40), `'${"a".repeat(40)}' is not a date written YYYY-MM-DD`);
  refused("a".repeat(41), `'${"a".repeat(37)}...' is not a date written YYYY-MM-DD`);
  // 40 code points, 80 UTF-16 units: not cut
  refused("😀".repeat(40), `'${"😀".repeat(40)}' is not a date written YYYY-MM-DD`);
  refused("😀".repeat(41), `'${"😀".repeat(37)}...' is not a date written YYYY-MM-DD`);
});

test("calendar helpers", () => {
  assert.equal(MONTH_NAMES[2], "February");
  assert.equal(MONTH_NAMES[12], "December");
  assert.equal(daysInMonth(2028, 2), 29);
  assert.equal(daysInMonth(2100, 2), 28);
  assert.equal(daysInMonth(2027, 11), 30);
  assert.ok(isIsoDate("2028-02-29"));
  assert.ok(!isIsoDate("2027-02-29"));
  assert.ok(!isIsoDate(" 2027-01-01"));
  assert.ok(!isIsoDate("٢٠٢٧-٠٣-٠١"));
  assert.ok(!isIsoDate("0000-01-01"));
});

test("addDays crosses month ends, year ends and 29 February", () => {
  assert.equal(addDays("2027-01-31", 1), "2027-02-01");
  assert.equal(addDays("2027-02-28", 1), "2027-03-01");
  assert.equal(addDays("2028-02-28", 1), "2028-02-29");
  assert.equal(addDays("2028-02-29", 1), "2028-03-01");
  assert.equal(addDays("2028-03-01", -1), "2028-02-29");
  assert.equal(addDays("2027-12-31", 1), "2028-01-01");
  assert.equal(addDays("2028-01-01", -1), "2027-12-31");
  assert.equal(addDays("2027-03-01", 0), "2027-03-01");
  assert.equal(addDays("2027-03-01", 999), "2029-11-24");
  assert.equal(addDays("2027-03-01", -6993), "2008-01-07");
  assert.equal(addDays("2000-02-28", 366), "2001-02-28");
  assert.equal(addDays("1900-02-28", 1), "1900-03-01");
  assert.equal(addDays("0001-01-01", 365), "0002-01-01");
  assert.equal(addDays("9999-12-30", 1), "9999-12-31");
});

test("addDays refuses days outside 0001-9999, like Python's OverflowError", () => {
  assert.throws(() => addDays("9999-12-31", 1), { name: "RangeError", message: "date value out of range" });
  assert.throws(() => addDays("0001-01-01", -1), RangeError);
  assert.throws(() => addDays("2027-02-30", 1), TypeError);
  assert.throws(() => addDays("2027-03-01", 1.5), TypeError);
});

test("weekday counts from Monday 0, like date.weekday()", () => {
  assert.equal(weekday("2027-03-01"), 0); // Monday
  assert.equal(weekday("2027-03-05"), 4); // Friday
  assert.equal(weekday("2027-03-06"), 5); // Saturday
  assert.equal(weekday("2027-03-07"), 6); // Sunday
  assert.equal(weekday("1970-01-01"), 3); // Thursday
  assert.equal(weekday("1969-12-31"), 2);
  assert.equal(weekday("0001-01-01"), 0);
  assert.equal(weekday("2028-02-29"), 1);
  assert.equal(weekday("9999-12-31"), 4);
});

test("no local time zone is involved", () => {
  const zone = process.env.TZ;
  try {
    for (const tz of ["Pacific/Kiritimati", "Pacific/Pago_Pago", "America/Sao_Paulo"]) {
      process.env.TZ = tz;
      assert.equal(addDays("2027-03-13", 1), "2027-03-14");
      assert.equal(weekday("2027-10-31"), 6);
    }
  } finally {
    if (zone === undefined) {
      delete process.env.TZ;
    } else {
      process.env.TZ = zone;
    }
  }
});
