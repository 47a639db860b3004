// @ts-check
/**
 * Dates as people write them (port of generator/model/dates.py), and the day arithmetic the
 * schedule needs.
 *
 * A date is a 'YYYY-MM-DD' string (years 0001 to 9999, like Python's datetime.date). The
 * arithmetic counts days with integers only: no Date object, so no local time zone, no
 * daylight saving and no two-digit-year surprises.
 * @module
 */

import { N_, englishText, phrase } from "./i18n.js";
import { codePoints, parseDecimal, repr, strip } from "./text.js";

/**
 * A value that is not a real date. Its message is Python's, word for word; `phrase` is the
 * same in a form the page shows in its own language.
 */
export class DateError extends Error {
  /** @param {import("./i18n.js").Phrase} said */
  constructor(said) {
    super(englishText(said));
    this.name = "DateError";
    this.phrase = said;
  }
}

/** calendar.month_name, in English, January at 1 (marked for the catalogue). */
export const MONTH_NAMES = Object.freeze([
  "",
  N_("January"),
  N_("February"),
  N_("March"),
  N_("April"),
  N_("May"),
  N_("June"),
  N_("July"),
  N_("August"),
  N_("September"),
  N_("October"),
  N_("November"),
  N_("December"),
]);

// Python's \d takes any decimal digit ('２０２８-０３-０１' is a date to parse_iso_date).
const WRITTEN = /^(\p{Nd}{4})-(\p{Nd}{2})-(\p{Nd}{2})$/u;
/** generator/model/dates.py MIN_DATE and MAX_DATE: the range of every date the tool reads. */
export const EARLIEST = "1900-01-01";
export const LATEST = "2999-12-31";
const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * @param {number} year
 * @returns {boolean}
 */
function isLeap(year) {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

/**
 * calendar.monthrange(year, month)[1].
 * @param {number} year
 * @param {number} month 1 to 12
 * @returns {number}
 */
export function daysInMonth(year, month) {
  if (month === 2) {
    return isLeap(year) ? 29 : 28;
  }
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * @param {number} year
 * @param {number} month
 * @param {number} day
 * @returns {string}
 */
function format(year, month, day) {
  return (
    String(year).padStart(4, "0") +
    "-" +
    String(month).padStart(2, "0") +
    "-" +
    String(day).padStart(2, "0")
  );
}

/**
 * Python's parse_iso_date: 'YYYY-MM-DD' (surrounding whitespace allowed) to the date,
 * normalised to ASCII digits, or a DateError with the same message as Python's.
 * @param {string} text
 * @returns {string}
 * @throws {DateError}
 */
export function parseIsoDate(text) {
  const stripped = strip(text);
  const match = WRITTEN.exec(stripped);
  if (match === null) {
    const points = codePoints(stripped);
    const shown = points.length <= 40 ? stripped : points.slice(0, 37).join("") + "...";
    throw new DateError(phrase(N_("%(text)s is not a date written YYYY-MM-DD"), { text: repr(shown) }));
  }
  const year = parseDecimal(match[1]);
  const month = parseDecimal(match[2]);
  const day = parseDecimal(match[3]);
  if (year < 1) {
    throw new DateError(phrase(N_("%(date)s: year %(year)s does not exist"), { date: stripped, year }));
  }
  if (month < 1 || month > 12) {
    throw new DateError(phrase(N_("%(date)s: month %(month)s does not exist"), { date: stripped, month }));
  }
  const days = daysInMonth(year, month);
  if (day < 1 || day > days) {
    throw new DateError(
      phrase(N_("%(date)s: day %(day)s does not exist (%(month)s %(year)s has %(days)s days)"), {
        date: stripped,
        day,
        month: phrase(MONTH_NAMES[month]),
        year,
        days,
      }),
    );
  }
  const date = format(year, month, day);
  if (date < EARLIEST || date > LATEST) {
    throw new DateError(
      phrase(N_("%(date)s is out of range; use a date between %(low)s and %(high)s"), {
        date,
        low: EARLIEST,
        high: LATEST,
      }),
    );
  }
  return date;
}

/**
 * Whether text is a real date written exactly 'YYYY-MM-DD' in ASCII digits (what
 * date.isoformat() writes, and what date.fromisoformat() reads back).
 * @param {string} text
 * @returns {boolean}
 */
export function isIsoDate(text) {
  const match = ISO.exec(text);
  if (match === null) {
    return false;
  }
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/**
 * Days from 1970-01-01 (proleptic Gregorian calendar), after Howard Hinnant's days_from_civil.
 * @param {string} iso
 * @returns {number}
 */
function toDays(iso) {
  if (!isIsoDate(iso)) {
    throw new TypeError(`not a date written YYYY-MM-DD: ${JSON.stringify(iso)}`);
  }
  const month = Number(iso.slice(5, 7));
  const day = Number(iso.slice(8, 10));
  const year = Number(iso.slice(0, 4)) - (month <= 2 ? 1 : 0);
  const era = Math.floor(year / 400);
  const yearOfEra = year - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra =
    yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/**
 * The date a number of days from 1970-01-01 (Hinnant's civil_from_days).
 * @param {number} days
 * @returns {string}
 */
function fromDays(days) {
  const shifted = days + 719468;
  const era = Math.floor(shifted / 146097);
  const dayOfEra = shifted - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36524) -
      Math.floor(dayOfEra / 146096)) /
      365,
  );
  const dayOfYear =
    dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthIndex = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthIndex + 2) / 5) + 1;
  const month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  if (year < 1 || year > 9999) {
    // Python's OverflowError: datetime.date has no day outside these years.
    throw new RangeError("date value out of range");
  }
  return format(year, month, day);
}

/**
 * The date `days` days after `iso` (before it when negative): date + timedelta(days=n).
 * @param {string} iso a date written YYYY-MM-DD
 * @param {number} days a whole number
 * @returns {string}
 * @throws {RangeError} beyond 9999-12-31 or before 0001-01-01
 */
export function addDays(iso, days) {
  if (!Number.isInteger(days)) {
    throw new TypeError(`not a whole number of days: ${days}`);
  }
  return fromDays(toDays(iso) + days);
}

/**
 * The day of the week like Python's date.weekday(): Monday 0 ... Sunday 6.
 * @param {string} iso
 * @returns {number}
 */
export function weekday(iso) {
  // 1970-01-01 was a Thursday (3).
  return (((toDays(iso) + 3) % 7) + 7) % 7;
}
