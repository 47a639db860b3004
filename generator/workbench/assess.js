// @ts-check
/**
 * Self-assessment of a project's practices (port of generator/resolve/maturity.py, and of the
 * checks of generator/projects/assess.py): maturity per practice area from the project's
 * assessments, the form's answers checked, and the new assessment added to the project file
 * byte for byte as `playbook assess` writes it. Pure: data in, data out.
 *
 * Maturity, per practice area (a practice's `area`, or `other` without one; areas in
 * alphabetical order, `other` last): the average score of the area's practices scored in the
 * latest assessment, the same in the one before, the trend between them (compared as shown,
 * to one decimal, rounded half up) and the latest assessment's actions for the area.
 * @module
 */

import { NOT_ONE_LINE } from "./answers.js";
import { DateError, parseIsoDate } from "./dates.js";
import { formatMessage, gettext, localText } from "./i18n.js";
import { shellWord } from "./page.js";
import { linesOf, yamlScalar } from "./projectfile.js";
import { codePoints, strip } from "./text.js";

/** The area of a practice that names none. */
export const OTHER_AREA = "other";
/** The longest action, in characters (code points), as the project file's model allows. */
export const MAX_ACTION = 300;

/**
 * A practice as the form needs it: its id, title and area (null: none).
 * @typedef {{id: string, title?: string, area?: string | null}} AssessPractice
 */
/**
 * An assessment: its date, and scores and actions as [practice, value] pairs in the order
 * they are written (pairs, because an object would put an id such as '2027' first).
 * @typedef {{date: string, scores: readonly (readonly [string, number])[],
 *   actions?: readonly (readonly [string, string])[]}} AssessEntry
 */
/**
 * Where a project file's `assessments` are (generator/resolve/maturity.py AssessmentAnchors):
 * `block` (the new entry goes at line index `insert_at`, indented by `indent`), `empty`
 * (`assessments: []` on line index `section_line`), `missing` or `flow` (not editable).
 * @typedef {{section: "block" | "empty" | "missing" | "flow", section_line?: number,
 *   insert_at?: number, indent?: string}} AssessAnchors
 */
/**
 * One practice area's maturity, as Python's AreaMaturity.summary() gives it.
 * @typedef {{area: string, practices: number, assessed: number, now: string,
 *   previous: string, trend: "" | "up" | "down" | "steady",
 *   actions: {practice: string, text: string}[]}} AreaSummary
 */
/** @typedef {{latest: string, previous: string, areas: AreaSummary[]}} MaturitySummary */

/**
 * `total / count` in tenths, rounded half up (2.25 -> 23).
 * @param {number} total
 * @param {number} count
 * @returns {number}
 */
export function maturityTenths(total, count) {
  return Math.floor((20 * total + count) / (2 * count));
}

/**
 * 25 -> "2.5"; null -> "".
 * @param {number | null} tenths
 * @returns {string}
 */
export function tenthsText(tenths) {
  return tenths === null ? "" : `${Math.floor(tenths / 10)}.${tenths % 10}`;
}

/**
 * Areas in alphabetical order, `other` last.
 * @param {string} a
 * @param {string} b
 * @returns {number}
 */
function compareAreas(a, b) {
  if ((a === OTHER_AREA) !== (b === OTHER_AREA)) {
    return a === OTHER_AREA ? 1 : -1;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The practices in the order the form shows them: by area (alphabetical, `other` last), in the
 * playbook's order within an area.
 * @param {readonly AssessPractice[]} practices
 * @returns {AssessPractice[]}
 */
export function formOrder(practices) {
  const rank = new Map(practices.map((practice, index) => [practice.id, index]));
  return [...practices].sort(
    (a, b) =>
      compareAreas(a.area || OTHER_AREA, b.area || OTHER_AREA) ||
      /** @type {number} */ (rank.get(a.id)) - /** @type {number} */ (rank.get(b.id)),
  );
}

/**
 * @param {readonly AssessPractice[]} members
 * @param {AssessEntry | null} entry
 * @returns {number | null}
 */
function areaAverage(members, entry) {
  if (entry === null) {
    return null;
  }
  const scores = new Map(entry.scores);
  const found = members.filter((practice) => scores.has(practice.id));
  if (found.length === 0) {
    return null;
  }
  const total = found.reduce((sum, practice) => sum + /** @type {number} */ (scores.get(practice.id)), 0);
  return maturityTenths(total, found.length);
}

/**
 * Maturity per practice area from the assessments, oldest first.
 * @param {readonly AssessPractice[]} practices the playbook's, in its order
 * @param {readonly AssessEntry[]} assessments
 * @returns {MaturitySummary}
 */
export function maturitySummary(practices, assessments) {
  /** @type {Map<string, AssessPractice[]>} */
  const byArea = new Map();
  for (const practice of practices) {
    const area = practice.area || OTHER_AREA;
    const members = byArea.get(area) ?? [];
    members.push(practice);
    byArea.set(area, members);
  }
  const latest = assessments.length > 0 ? assessments[assessments.length - 1] : null;
  const previous = assessments.length > 1 ? assessments[assessments.length - 2] : null;
  const latestScores = new Map(latest?.scores ?? []);
  const latestActions = new Map(latest?.actions ?? []);
  const areas = [...byArea.keys()].sort(compareAreas).map((area) => {
    const members = /** @type {AssessPractice[]} */ (byArea.get(area));
    const now = areaAverage(members, latest);
    const before = areaAverage(members, previous);
    /** @type {AreaSummary["trend"]} */
    let trend = "";
    if (now !== null && before !== null) {
      trend = now > before ? "up" : now < before ? "down" : "steady";
    }
    return {
      area,
      practices: members.length,
      assessed: members.filter((practice) => latestScores.has(practice.id)).length,
      now: tenthsText(now),
      previous: tenthsText(before),
      trend,
      actions: members
        .filter((practice) => latestActions.has(practice.id))
        .map((practice) => ({
          practice: practice.id,
          text: /** @type {string} */ (latestActions.get(practice.id)),
        })),
    };
  });
  return { latest: latest?.date ?? "", previous: previous?.date ?? "", areas };
}

// --- Writing the assessment -------------------------------------------------------------------

/** A file whose assessments cannot be added to line by line (Python raises ValueError). */
export class AssessmentError extends Error {
  /** @param {string} message */
  constructor(message) {
    super(message);
    this.name = "AssessmentError";
  }
}

/**
 * The new entry, a line each (without line breaks).
 * @param {AssessEntry} assessment
 * @param {string} indent
 * @returns {string[]}
 */
export function assessmentLines(assessment, indent) {
  const lines = [`${indent}- date: ${assessment.date}`, `${indent}  scores:`];
  for (const [practice, score] of assessment.scores) {
    lines.push(`${indent}    ${yamlScalar(practice)}: ${score}`);
  }
  const actions = assessment.actions ?? [];
  if (actions.length > 0) {
    lines.push(`${indent}  actions:`);
    for (const [practice, text] of actions) {
      lines.push(`${indent}    ${yamlScalar(practice)}: ${yamlScalar(text)}`);
    }
  }
  return lines;
}

const FIRST_BREAK = /\r\n|\r|\n/;
const LINE_ENDING = /[\r\n\x85\u2028\u2029]+$/;
// `assessments: []`, also with an anchor or a tag, or the key in quotes.
const EMPTY_LOG =
  /^(?<lead>[ \t]*(?:assessments|"assessments"|'assessments')[ \t]*:(?:[ \t]+[&!][^ \t[]*)*)[ \t]*\[[ \t]*\](?<rest>[ \t]*(#.*)?)$/;

/**
 * @param {string} line
 * @returns {string}
 */
function lineEnding(line) {
  const found = LINE_ENDING.exec(line);
  return found === null ? "" : found[0];
}

/**
 * `text` with `assessment` added after the last entry of `assessments`: `assessments: []`
 * becomes a block, a file without `assessments` gets one at its end. Every other line stays.
 * @param {string} text
 * @param {AssessAnchors} anchors
 * @param {AssessEntry} assessment
 * @returns {string}
 * @throws {AssessmentError} for a list in brackets (flow style)
 */
export function addAssessment(text, anchors, assessment) {
  if (anchors.section === "flow") {
    throw new AssessmentError("assessments are written in brackets (flow style)");
  }
  const sectionLine = anchors.section_line ?? -1;
  const bom = text.startsWith("\ufeff") ? "\ufeff" : "";
  const lines = linesOf(text.slice(bom.length));
  const found = FIRST_BREAK.exec(text);
  const newline = found !== null ? found[0] : "\n";
  const added = assessmentLines(assessment, anchors.indent ?? "  ").map((line) => line + newline);
  let at;
  if (anchors.section === "empty") {
    const line = lines[sectionLine];
    const match = EMPTY_LOG.exec(line.slice(0, line.length - lineEnding(line).length));
    if (match === null || match.groups === undefined) {
      throw new AssessmentError("the 'assessments: []' line cannot be edited");
    }
    lines[sectionLine] = match.groups.lead + (match.groups.rest ?? "") + lineEnding(line);
    at = sectionLine + 1;
  } else if (anchors.section === "missing") {
    at = lines.length;
    added.unshift("assessments:" + newline);
  } else {
    at = anchors.insert_at ?? -1;
  }
  if (at > 0 && lineEnding(lines[at - 1]) === "") {
    lines[at - 1] += newline;
    if (at === lines.length) {
      // the file ended without a line break: it still does
      added[added.length - 1] = added[added.length - 1].replace(LINE_ENDING, "");
    }
  }
  lines.splice(at, 0, ...added);
  return bom + lines.join("");
}

// --- The form -------------------------------------------------------------------------------

/**
 * What the project page embeds for the form (Maturity.form_data in Python).
 * @typedef {{practices: AssessPractice[], assessments: AssessEntry[], anchors: AssessAnchors}}
 *   AssessData
 */
/**
 * The form as filled: the date as typed, each practice's chosen score ("" for not assessed,
 * else "0" to "4") and action as typed.
 * @typedef {{date: string, scores: Readonly<Record<string, string>>,
 *   actions: Readonly<Record<string, string>>}} AssessForm
 */
/**
 * What the form makes of its answers: messages by field (`date`, `score:<id>`,
 * `action:<id>`), and without any, the assessment, its lines and the maturity with it.
 * @typedef {{errors: Record<string, string>, assessment: AssessEntry | null,
 *   maturity: MaturitySummary | null}} AssessResult
 */

/**
 * Check the form as `playbook assess` checks its options (a real date after the latest
 * assessment, at least one score, an action only with its practice's score, one line of at
 * most MAX_ACTION characters), and make the assessment in the playbook's order.
 * @param {AssessData} data
 * @param {AssessForm} form
 * @returns {AssessResult}
 */
export function assessmentResult(data, form) {
  /** @type {Record<string, string>} */
  const errors = {};
  let date = "";
  if (strip(form.date) === "") {
    errors.date = gettext("Enter the date of the assessment");
  } else {
    try {
      date = parseIsoDate(form.date);
    } catch (error) {
      if (!(error instanceof DateError)) {
        throw error;
      }
      errors.date = localText(error.phrase);
    }
  }
  const log = data.assessments;
  const latest = log.length > 0 ? log[log.length - 1].date : "";
  if (date !== "" && log.some((entry) => entry.date === date)) {
    errors.date = formatMessage(gettext("There is already an assessment on %(date)s: choose another date"), { date });
  } else if (date !== "" && latest !== "" && date < latest) {
    errors.date = formatMessage(gettext("The date must be after %(date)s, the date of the latest assessment"), {
      date: latest,
    });
  }
  /** @type {[string, number][]} */
  const scores = [];
  /** @type {[string, string][]} */
  const actions = [];
  for (const practice of data.practices) {
    const chosen = Object.hasOwn(form.scores, practice.id) ? form.scores[practice.id] : "";
    const scored = ["0", "1", "2", "3", "4"].includes(chosen);
    if (scored) {
      scores.push([practice.id, Number(chosen)]);
    }
    const typed = Object.hasOwn(form.actions, practice.id) ? form.actions[practice.id] : "";
    const action = strip(typed);
    const field = `action:${practice.id}`;
    const title = practice.title ?? practice.id;
    if (action === "") {
      continue;
    }
    if (!scored) {
      errors[`score:${practice.id}`] = formatMessage(gettext("Choose a score for %(practice)s, or clear its action"), {
        practice: title,
      });
    } else if (NOT_ONE_LINE.test(action)) {
      errors[field] = formatMessage(gettext("The action for %(practice)s must be one line, without control characters"), {
        practice: title,
      });
    } else if (codePoints(action).length > MAX_ACTION) {
      errors[field] = formatMessage(gettext("The action for %(practice)s must be %(max)s characters or fewer"), {
        practice: title,
        max: MAX_ACTION,
      });
    } else {
      actions.push([practice.id, action]);
    }
  }
  const first = formOrder(data.practices)[0];
  if (scores.length === 0 && first !== undefined && !Object.keys(errors).some((key) => key.startsWith("score:"))) {
    errors[`score:${first.id}`] = gettext("Choose a score for at least one practice");
  }
  if (Object.keys(errors).length > 0) {
    return { errors, assessment: null, maturity: null };
  }
  const assessment = { date, scores, actions };
  return { errors, assessment, maturity: maturitySummary(data.practices, [...log, assessment]) };
}

/**
 * The `playbook assess` command that makes the same edit.
 * @param {string} slug
 * @param {AssessEntry} assessment
 * @returns {string}
 */
export function assessmentCommand(slug, assessment) {
  const parts = [`playbook assess ${shellWord(slug)} --date ${assessment.date}`];
  for (const [practice, score] of assessment.scores) {
    parts.push(`--score ${shellWord(`${practice}=${score}`)}`);
  }
  for (const [practice, text] of assessment.actions ?? []) {
    parts.push(`--action ${shellWord(`${practice}=${text}`)}`);
  }
  return parts.join(" \\\n    ");
}
