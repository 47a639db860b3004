// @ts-check
/**
 * A risk of one project (port of generator/resolve/risks.py): its residual score and trend
 * from the project's assessments, and how far the tasks that mitigate it are.
 *
 * How far a risk's mitigating tasks are, first match wins (generator/resolve/rows.py):
 * "none" when no mitigating task applies (or every one is n/a); "complete" when every one is
 * done; "late" when one is overdue; "under way" when one is done; "planned" otherwise.
 * "none" and "late" count as no mitigation under way.
 * @module
 */

/** @typedef {import("./fill.js").RiskOverride} RiskOverride */
/** @typedef {import("./fill.js").Rated} Rated */

/** @typedef {"none" | "planned" | "under way" | "late" | "complete"} MitigationState */
/** @typedef {"up" | "down" | "steady" | ""} Trend */

/** generator/resolve/rows.py MITIGATION_STATES, in order. */
export const MITIGATION_STATES = Object.freeze(["none", "planned", "under way", "late", "complete"]);
/** The states that count as no mitigation under way (the RAG measures' *_unmitigated). */
export const UNMITIGATED = Object.freeze(["none", "late"]);

/**
 * Where a risk stands after mitigation: `rated` null when never assessed, `assessedOn` the
 * latest assessment's date ("" without a log), `trend` against the assessment before it.
 * @typedef {{rated: Rated | null, assessedOn: string, trend: Trend}} Residual
 */

/**
 * The latest assessment (by date; of equal dates, the one written last) and the trend from
 * the one before it; or the `residual` written without a log.
 * @param {RiskOverride | undefined} override
 * @returns {Residual}
 */
export function residualOf(override) {
  if (override === undefined) {
    return { rated: null, assessedOn: "", trend: "" };
  }
  const assessments = override.assessments ?? [];
  if (assessments.length === 0) {
    return { rated: override.residual ?? null, assessedOn: "", trend: "" };
  }
  // Array.prototype.sort is stable, like Python's sorted: equal dates keep the written order.
  // Dates written YYYY-MM-DD sort as text in calendar order.
  const log = [...assessments].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const latest = log[log.length - 1];
  /** @type {Trend} */
  let trend = "";
  if (log.length > 1) {
    const before = log[log.length - 2].likelihood * log[log.length - 2].impact;
    const score = latest.likelihood * latest.impact;
    trend = score > before ? "up" : score < before ? "down" : "steady";
  }
  const rated = { likelihood: latest.likelihood, impact: latest.impact };
  return { rated, assessedOn: latest.date, trend };
}

/**
 * The tasks that mitigate the risk: the project's list when it gives one (an empty one
 * included), else the playbook's; each once, in the order written.
 * @param {{mitigated_by?: readonly string[] | null}} risk
 * @param {RiskOverride | undefined} override
 * @returns {string[]}
 */
export function mitigatingIds(risk, override) {
  const written = override?.mitigated_by ?? null;
  return [...new Set(written === null ? (risk.mitigated_by ?? []) : written)];
}

/**
 * How far the applicable tasks among `ids` are; a task that does not apply (not in `tasks`)
 * is left out, an n/a one is kept in `tasks` but not counted.
 * @template {{id: string, state: string}} T
 * @param {readonly string[]} ids
 * @param {ReadonlyMap<string, T>} tasks the applicable tasks by id
 * @returns {{tasks: T[], done: number, total: number, state: MitigationState}}
 */
export function mitigationOf(ids, tasks) {
  /** @type {T[]} */
  const rows = [];
  for (const id of ids) {
    const row = tasks.get(id);
    if (row !== undefined) {
      rows.push(row);
    }
  }
  const counted = rows.filter((row) => row.state !== "n/a");
  const done = counted.filter((row) => row.state === "done").length;
  /** @type {MitigationState} */
  let state;
  if (counted.length === 0) {
    state = "none";
  } else if (done === counted.length) {
    state = "complete";
  } else if (counted.some((row) => row.state === "overdue")) {
    state = "late";
  } else if (done > 0) {
    state = "under way";
  } else {
    state = "planned";
  }
  return { tasks: rows, done, total: counted.length, state };
}
