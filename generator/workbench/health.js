// @ts-check
/**
 * A project's health (port of generator/resolve/health.py): its measures, its RAG status with
 * the reasons the playbook's rules give, its current phase, next due task, top risk, PM,
 * go-live date, and whether it has gone stale.
 *
 * The RAG rules are conditions over the measures (conditions.js, the facts' language): red
 * when any red rule holds, else amber when any amber rule holds, else green. The reasons are
 * those of every rule of that colour that holds, in the playbook's order, each once.
 * @module
 */

import { evaluate, parse } from "./conditions.js";
import { addDays, isIsoDate } from "./dates.js";
import { compareText } from "./text.js";

/** @typedef {import("./conditions.js").Node} Node */
/** @typedef {import("./fill.js").Playbook} Playbook */
/** @typedef {import("./fill.js").Project} Project */
/** @typedef {import("./fill.js").TaskRow} TaskRow */
/** @typedef {import("./fill.js").RiskRow} RiskRow */

/** "Due soon": open tasks due from today up to this many days ahead. */
export const DUE_SOON_DAYS = 14;
export const GREEN_REASON = "No red or amber rule holds.";

/** generator/model/reporting.py MEASURES, in order: what a RAG rule can test. */
export const MEASURES = Object.freeze([
  "overdue",
  "blocked",
  "due_soon",
  "progress",
  "critical_risks",
  "high_risks",
  "critical_unmitigated",
  "high_unmitigated",
  "rising_risks",
  "days_since_update",
]);

/** @typedef {{when: string, because: string}} RagRule */
/** @typedef {{red: readonly RagRule[], amber: readonly RagRule[]}} RagRules */
/**
 * The playbook's `reporting:` (generator/render/workbench.py reporting_data).
 * @typedef {{rag: RagRules, pm_role: string | null, go_live: string | null,
 *   stale_after_days: number}} Reporting
 */

/**
 * generator/model/reporting.py's defaults (DEFAULT_RAG), for a playbook given without its
 * `reporting`; the pages always embed the playbook's own. The parity suite checks they agree.
 * @type {Reporting}
 */
export const DEFAULT_REPORTING = Object.freeze({
  rag: Object.freeze({
    red: Object.freeze([
      { when: "critical_unmitigated > 0", because: "A critical risk has no mitigation under way." },
      { when: "overdue > 5", because: "More than five tasks are overdue." },
    ]),
    amber: Object.freeze([
      { when: "overdue > 0", because: "Tasks are overdue." },
      { when: "high_unmitigated > 0", because: "A high risk has no mitigation under way." },
      { when: "rising_risks > 0", because: "A risk is getting worse." },
    ]),
  }),
  pm_role: null,
  go_live: null,
  stale_after_days: 30,
});

/** @typedef {"red" | "amber" | "green"} RagColour */
/**
 * A project's health as the checklist data holds it (generator/render/workbench.py
 * health_data): `next_due` and `top_risk` are ids ("" when none), `go_live` "" when unknown.
 * @typedef {{measures: Record<string, number>, rag: RagColour, reasons: string[],
 *   phase: string, next_due: string, top_risk: string, pm: string, go_live: string,
 *   last_update: string, stale: boolean, due_soon: string[]}} Health
 */

/** @type {Map<string, Node>} */
const RAG_CONDITIONS = new Map();

/**
 * @param {string} source a rule's `when`, checked when the playbook was validated
 * @returns {Node}
 */
function ragCondition(source) {
  let node = RAG_CONDITIONS.get(source);
  if (node === undefined) {
    node = parse(source);
    RAG_CONDITIONS.set(source, node);
  }
  return node;
}

/**
 * The colour and its reasons: the first colour, red then amber, with a rule that holds.
 * @param {RagRules} rules
 * @param {Readonly<Record<string, number>>} measures
 * @returns {{rag: RagColour, reasons: string[]}}
 */
export function ragOf(rules, measures) {
  /** @type {["red" | "amber", readonly RagRule[]][]} */
  const colours = [
    ["red", rules.red],
    ["amber", rules.amber],
  ];
  for (const [colour, colourRules] of colours) {
    const reasons = colourRules
      .filter((rule) => evaluate(ragCondition(rule.when), measures))
      .map((rule) => rule.because);
    if (reasons.length > 0) {
      return { rag: colour, reasons: [...new Set(reasons)] };
    }
  }
  return { rag: "green", reasons: [GREEN_REASON] };
}

/**
 * Days from 0001-01-01 to a date written YYYY-MM-DD (Date's calendar is the proleptic
 * Gregorian one, as Python's; setUTCFullYear keeps years below 100 as written).
 * @param {string} iso
 * @returns {number}
 */
function dayNumber(iso) {
  const day = new Date(0);
  day.setUTCFullYear(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10)));
  return Math.round(day.getTime() / 86_400_000);
}

/**
 * Python's `(b - a).days` for two dates written YYYY-MM-DD.
 * @param {string} a
 * @param {string} b
 * @returns {number}
 */
export function daysBetween(a, b) {
  return dayNumber(b) - dayNumber(a);
}

/**
 * Rows by (due date, lower-cased title), stable: Python's sort(key=(due, title.lower())).
 * @param {TaskRow} a
 * @param {TaskRow} b
 * @returns {number}
 */
function byDueThenTitle(a, b) {
  return compareText(a.due, b.due) || compareText(a.title.toLowerCase(), b.title.toLowerCase());
}

/**
 * Whether a task or risk is still to be dealt with (neither done nor n/a).
 * @param {{state: string}} row
 * @returns {boolean}
 */
function isOpenRow(row) {
  return row.state !== "done" && row.state !== "n/a";
}

/**
 * The residual score once assessed, else the inherent one.
 * @param {RiskRow} risk
 * @returns {number}
 */
export function currentScore(risk) {
  return risk.residual_score ?? risk.score;
}

/**
 * The band of the current score.
 * @param {RiskRow} risk
 * @returns {string}
 */
export function currentBand(risk) {
  return (risk.residual_score !== null ? risk.residual_band : risk.band) ?? "";
}

/**
 * The latest status change or risk assessment, or the kickoff.
 * @param {Project} project
 * @returns {string}
 */
export function lastUpdate(project) {
  let latest = project.kickoff;
  /** @param {string | null | undefined} day */
  const see = (day) => {
    if (day !== null && day !== undefined && day !== "" && day > latest) {
      latest = day;
    }
  };
  for (const entry of Object.values(project.status ?? {})) {
    see(entry.date);
  }
  for (const override of Object.values(project.risks ?? {})) {
    for (const assessment of override.assessments ?? []) {
      see(assessment.date);
    }
  }
  return latest;
}

/**
 * The person in the PM's role: the playbook's `pm_role`, else a role with id `pm`; "" when
 * there is none or nobody is named.
 * @param {Playbook} playbook
 * @param {Reporting} reporting
 * @param {Project} project
 * @returns {string}
 */
function pmOf(playbook, reporting, project) {
  let role = reporting.pm_role;
  if (role === null) {
    role = (playbook.roles ?? []).some((declared) => declared.id === "pm") ? "pm" : null;
  }
  const roles = project.roles ?? {};
  return role !== null && Object.hasOwn(roles, role) ? roles[role] : "";
}

/**
 * The go-live date: the answer to the playbook's `go_live` date fact, else the latest due
 * date of the tasks; "" when there is neither.
 * @param {Reporting} reporting
 * @param {Project} project
 * @param {readonly TaskRow[]} tasks
 * @returns {string}
 */
function goLiveOf(reporting, project, tasks) {
  const facts = project.facts ?? {};
  if (reporting.go_live !== null && Object.hasOwn(facts, reporting.go_live)) {
    const value = facts[reporting.go_live];
    if (typeof value === "string" && isIsoDate(value)) {
      return value;
    }
  }
  let latest = "";
  for (const row of tasks) {
    if (row.due !== "" && row.due > latest) {
      latest = row.due;
    }
  }
  return latest;
}

/**
 * The project's health on `today`, from its filled rows (fill.js, in fill's order).
 * @param {Playbook} playbook
 * @param {Project} project
 * @param {string} today a date written YYYY-MM-DD
 * @param {readonly TaskRow[]} tasks
 * @param {readonly RiskRow[]} risks
 * @param {readonly string[]} phases the phases in order
 * @returns {Health}
 */
export function healthOf(playbook, project, today, tasks, risks, phases) {
  const reporting = playbook.reporting ?? DEFAULT_REPORTING;
  const counted = tasks.filter((row) => row.state !== "n/a");
  const done = counted.filter((row) => row.state === "done").length;
  const openTasks = tasks.filter(isOpenRow);
  const openRisks = risks.filter(isOpenRow);
  const soon = addDays(today, DUE_SOON_DAYS);
  const dueSoon = openTasks
    .filter((row) => row.due !== "" && today <= row.due && row.due <= soon)
    .sort(byDueThenTitle);
  const updated = lastUpdate(project);
  /** @param {RiskRow} risk */
  const unmitigated = (risk) => risk.mitigation === "none" || risk.mitigation === "late";
  /** @param {string} band */
  const inBand = (band) => openRisks.filter((risk) => currentBand(risk) === band);
  /** @type {Record<string, number>} */
  const measures = {
    overdue: tasks.filter((row) => row.state === "overdue").length,
    blocked: tasks.filter((row) => row.state === "blocked").length,
    due_soon: dueSoon.length,
    progress: counted.length > 0 ? Math.floor((100 * done) / counted.length) : 100,
    critical_risks: inBand("critical").length,
    high_risks: inBand("high").length,
    critical_unmitigated: inBand("critical").filter(unmitigated).length,
    high_unmitigated: inBand("high").filter(unmitigated).length,
    rising_risks: openRisks.filter((risk) => risk.trend === "up").length,
    days_since_update: Math.max(0, daysBetween(updated, today)),
  };
  const { rag, reasons } = ragOf(reporting.rag, measures);
  // The first of the smallest, as Python's min(): the rows are in fill's order.
  const upcoming = openTasks.filter((row) => row.due !== "" && row.due >= today);
  const nextDue = upcoming.reduce(
    (best, row) => (best === null || byDueThenTitle(row, best) < 0 ? row : best),
    /** @type {TaskRow | null} */ (null),
  );
  const topRisk = openRisks.reduce(
    (best, risk) =>
      best === null ||
      currentScore(risk) > currentScore(best) ||
      (currentScore(risk) === currentScore(best) &&
        compareText(risk.title.toLowerCase(), best.title.toLowerCase()) < 0)
        ? risk
        : best,
    /** @type {RiskRow | null} */ (null),
  );
  return {
    measures,
    rag,
    reasons,
    phase: phases.find((phase) => openTasks.some((row) => row.phase === phase)) ?? "",
    next_due: nextDue?.id ?? "",
    top_risk: topRisk?.id ?? "",
    pm: pmOf(playbook, reporting, project),
    go_live: goLiveOf(reporting, project, tasks),
    last_update: updated,
    stale: measures.days_since_update >= reporting.stale_after_days,
    due_soon: dueSoon.map((row) => row.id),
  };
}
