// @ts-check
/**
 * Due dates (port of generator/model/offsets.py offset_days and
 * generator/resolve/schedule.py due_date): kickoff plus a task's offset, moved back to the
 * Friday before when it lands on a Saturday or Sunday.
 * @module
 */

import { addDays, weekday } from "./dates.js";
import { parseDecimal, repr } from "./text.js";

/** An offset that is not written like '-10d', '0d' or '+2w' (Python raises ValueError). */
export class OffsetError extends Error {
  /** @param {string} message */
  constructor(message) {
    super(message);
    this.name = "OffsetError";
  }
}

// Python's `$` also matches before a final newline, and its \d takes any decimal digit.
const OFFSET = /^([+-]?)(\p{Nd}{1,3})([dw])\n?$/u;

/**
 * '-10d' -> -10, '+2w' -> 14.
 * @param {string} offset
 * @returns {number}
 * @throws {OffsetError}
 */
export function offsetDays(offset) {
  const match = OFFSET.exec(offset);
  if (match === null) {
    throw new OffsetError(`not an offset: ${repr(offset)}`);
  }
  const days = parseDecimal(match[2]) * (match[3] === "w" ? 7 : 1);
  return match[1] === "-" ? 0 - days : days; // 0 - 0 is 0, where -0 would be -0
}

/**
 * Kickoff plus offset, moved back to Friday when it lands on a weekend.
 * @param {string} kickoff a date written YYYY-MM-DD
 * @param {string} offset
 * @returns {string} a date written YYYY-MM-DD
 */
export function dueDate(kickoff, offset) {
  const day = addDays(kickoff, offsetDays(offset));
  const dayOfWeek = weekday(day);
  if (dayOfWeek >= 5) {
    // Saturday is 5, Sunday 6
    return addDays(day, -(dayOfWeek - 4));
  }
  return day;
}
