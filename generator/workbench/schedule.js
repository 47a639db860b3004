// @ts-check
/**
 * Due dates (port of generator/model/offsets.py and generator/resolve/schedule.py): kickoff, a
 * date fact or another task's due date, plus the task's offset, moved back to the last working
 * day when it lands on a Saturday, a Sunday or a holiday of the organization's calendar.
 *
 * A task counted from a date fact the project has not answered has no due date (""); so has a
 * task counted from a task that has none, and one whose date would fall outside the years 1
 * to 9999. A task counted from another task counts from that task's date whether or not that
 * task applies to the project.
 * @module
 */

import { addDays, isIsoDate, weekday } from "./dates.js";
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
// generator/model/offsets.py _DUE: ASCII digits, the whole text.
const DUE =
  /^(?:after ([a-z0-9]+(?:-[a-z0-9]+)*) (?=[+-])|([a-z][a-z0-9_]*)(?=[+-]))?([+-]?)([0-9]{1,3})([dw])$/;

/**
 * A task's `due` read: `days` from kickoff, from the date fact `fact`, or from the due date of
 * the task `task` (at most one of the two is not null).
 * @typedef {{days: number, fact: string | null, task: string | null}} Due
 */

/**
 * '-10d' -> -10, '+2w' -> 14: an offset from kickoff only.
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
 * '-10d' -> {days: -10}, 'target_go_live-4w' -> {days: -28, fact: 'target_go_live'},
 * 'after design-signoff +1w' -> {days: 7, task: 'design-signoff'}.
 * @param {string} text
 * @returns {Due}
 * @throws {OffsetError}
 */
export function parseDue(text) {
  const match = DUE.exec(text);
  if (match === null) {
    throw new OffsetError(`not a due date: ${repr(text)}`);
  }
  const days = Number(match[4]) * (match[5] === "w" ? 7 : 1);
  return {
    days: match[3] === "-" ? 0 - days : days,
    fact: match[2] ?? null,
    task: match[1] ?? null,
  };
}

/**
 * The day itself when it is a working day, else the last working day before it.
 * @param {string} day a date written YYYY-MM-DD
 * @param {ReadonlySet<string>} [holidays] dates written YYYY-MM-DD
 * @returns {string}
 * @throws {RangeError} before 0001-01-01
 */
export function workingDay(day, holidays = new Set()) {
  let current = day;
  // Saturday is 5, Sunday 6
  while (weekday(current) >= 5 || holidays.has(current)) {
    current = addDays(current, -1);
  }
  return current;
}

/**
 * Kickoff plus an offset from kickoff, moved back to a working day.
 * @param {string} kickoff a date written YYYY-MM-DD
 * @param {string} offset
 * @param {ReadonlySet<string>} [holidays]
 * @returns {string} a date written YYYY-MM-DD
 */
export function dueDate(kickoff, offset, holidays = new Set()) {
  return workingDay(addDays(kickoff, offsetDays(offset)), holidays);
}

/**
 * Every task's due date by id ("" for none), applicable or not (port of due_dates).
 * @param {readonly {id: string, due: string}[]} tasks
 * @param {string} kickoff a date written YYYY-MM-DD
 * @param {Readonly<Record<string, unknown>>} facts the project's answers (dates as YYYY-MM-DD)
 * @param {ReadonlySet<string>} [holidays]
 * @returns {Map<string, string>}
 */
export function dueDates(tasks, kickoff, facts, holidays = new Set()) {
  /** @type {Map<string, Due>} */
  const schedules = new Map();
  for (const task of tasks) {
    schedules.set(task.id, parseDue(task.due));
  }
  /** @type {Map<string, string>} */
  const dates = new Map();
  for (const first of schedules.keys()) {
    // Follow the chain of anchors to a task whose date is known or counts from no task, then
    // date the chain from that end.
    /** @type {string[]} */
    const chain = [];
    const onChain = new Set();
    /** @type {string | null} */
    let current = first;
    while (current !== null && schedules.has(current) && !dates.has(current)) {
      if (onChain.has(current)) {
        break; // a circle: none of it has a date
      }
      chain.push(current);
      onChain.add(current);
      current = /** @type {Due} */ (schedules.get(current)).task;
    }
    for (const id of chain.reverse()) {
      dates.set(id, dateOf(/** @type {Due} */ (schedules.get(id)), dates, kickoff, facts, holidays));
    }
  }
  return dates;
}

/**
 * @param {Due} due
 * @param {ReadonlyMap<string, string>} dates
 * @param {string} kickoff
 * @param {Readonly<Record<string, unknown>>} facts
 * @param {ReadonlySet<string>} holidays
 * @returns {string}
 */
function dateOf(due, dates, kickoff, facts, holidays) {
  /** @type {string} */
  let start = kickoff;
  if (due.task !== null) {
    start = dates.get(due.task) ?? "";
  } else if (due.fact !== null) {
    const value = Object.hasOwn(facts, due.fact) ? facts[due.fact] : undefined;
    start = typeof value === "string" && isIsoDate(value) ? value : "";
  }
  if (start === "") {
    return "";
  }
  try {
    return workingDay(addDays(start, due.days), holidays);
  } catch (error) {
    if (error instanceof RangeError) {
      return ""; // before year 1 or after 9999
    }
    throw error;
  }
}
