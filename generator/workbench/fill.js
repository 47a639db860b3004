// @ts-check
/**
 * A playbook filled in with one project's facts, roles and status (port of `fill` in
 * generator/resolve/project.py): the tasks and risks that apply, each task with its owner,
 * due date, state and the risks it mitigates, each risk with its score, band, overrides,
 * residual score, target, trend and mitigation (risks.js), in Python's order, the counts the
 * checklist shows, and the project's health (health.js).
 *
 * A task's state, first match wins: done or n/a as the project records it; blocked while a
 * task it depends on applies and is neither done nor n/a; overdue when due before today (a
 * blocked task never is, nor one without a due date); open.
 * @module
 */

import { evaluate, parse } from "./conditions.js";
import { healthOf } from "./health.js";
import { mitigatingIds, mitigationOf, residualOf } from "./risks.js";
import { dueDates } from "./schedule.js";
import { bandOf } from "./scoring.js";
import { compareText } from "./text.js";

/** @typedef {import("./answers.js").Fact} Fact */
/** @typedef {import("./answers.js").Answer} Answer */
/** @typedef {import("./conditions.js").Node} Node */
/** @typedef {import("./scoring.js").RiskBands} RiskBands */
/** @typedef {import("./scoring.js").Band} Band */
/** @typedef {import("./health.js").Reporting} Reporting */
/** @typedef {import("./health.js").Health} Health */
/** @typedef {import("./risks.js").MitigationState} MitigationState */
/** @typedef {import("./risks.js").Trend} Trend */

/** generator/model/fields.py PHASES, in order. */
export const PHASES = Object.freeze(["initiate", "plan", "execute", "monitor", "close"]);

/** @typedef {{id: string, title: string, description?: string}} Role */
/**
 * A task; `due` as the playbook writes it ('-10d', 'target_go_live-4w', 'after x +1w');
 * `decision` when it is a decision someone must take.
 * @typedef {{id: string, title: string, phase: string, owner_role: string, due: string,
 *   depends_on?: readonly string[], condition?: string | null, page?: string,
 *   decision?: boolean}} Task
 */
/**
 * A risk; `mitigated_by` the tasks whose work reduces it, `target` the score mitigation
 * aims for.
 * @typedef {{id: string, title: string, phase?: string | null, owner_role: string,
 *   likelihood: number, impact: number, condition?: string | null, page?: string,
 *   response?: string | null, category?: string | null,
 *   mitigated_by?: readonly string[], target?: number | null}} Risk
 */
/**
 * The playbook as the page embeds it; tasks and risks each in the playbook's item order;
 * `holidays` the organization's calendar (dates written YYYY-MM-DD); `reporting` its RAG
 * rules, PM role, go-live fact and stale limit (health.js DEFAULT_REPORTING when absent).
 * @typedef {{id?: string, title?: string, version?: string, phases?: readonly string[],
 *   bands: RiskBands, roles?: readonly Role[], facts?: readonly Fact[],
 *   holidays?: readonly string[], tasks: readonly Task[], risks: readonly Risk[],
 *   reporting?: Reporting}} Playbook
 */
/** @typedef {{state: string, date?: string | null, note?: string | null}} ItemStatus */
/** @typedef {{likelihood: number, impact: number}} Rated */
/** @typedef {{date: string, likelihood: number, impact: number, note?: string}} Assessment */
/**
 * The project's view of a risk: inherent likelihood and impact, where it stands after
 * mitigation (`residual`, or the latest of `assessments`), its target score, when it could
 * strike (`proximity`: a date or a phase), and the tasks that mitigate it in this project
 * (instead of the playbook's, even when empty).
 * @typedef {{likelihood?: number | null, impact?: number | null, owner?: string | null,
 *   note?: string | null, residual?: Rated | null, assessments?: readonly Assessment[],
 *   target?: number | null, proximity?: string | null,
 *   mitigated_by?: readonly string[] | null}} RiskOverride
 */
/**
 * A project; `facts` with defaults applied (answers.js withDefaults).
 * @typedef {{kickoff: string, facts?: Readonly<Record<string, Answer | null | undefined>>,
 *   roles?: Readonly<Record<string, string>>, status?: Readonly<Record<string, ItemStatus>>,
 *   risks?: Readonly<Record<string, RiskOverride>>}} Project
 */
/**
 * A task of the checklist; `due` is "" when it has none, `state` one of open, overdue,
 * blocked, done, n/a.
 * @typedef {{id: string, phase: string, title: string, owner_role: string, owner: string,
 *   due: string, state: string, done_on: string, note: string}} TaskRow
 */
/**
 * A task as fill gives it: `decision` when it is a decision to take, `mitigates` the
 * applicable risks it mitigates, in the register's order.
 * @typedef {TaskRow & {decision: boolean, mitigates: string[]}} FilledTaskRow
 */
/**
 * A risk of the register: inherent likelihood, impact, score and band; residual ones (null
 * until assessed) with the latest assessment's date ("" without one); target score and band
 * (null when none); proximity ("" when unknown); trend (up, down, steady, or "" with fewer
 * than two assessments); the applicable tasks that mitigate it and how far they are.
 * @typedef {{id: string, title: string, owner_role: string, owner: string,
 *   likelihood: number, impact: number, score: number, band: Band, state: string,
 *   note: string, residual_likelihood: number | null, residual_impact: number | null,
 *   residual_score: number | null, residual_band: Band | null, assessed_on: string,
 *   target: number | null, target_band: Band | null, proximity: string, trend: Trend,
 *   mitigated_by: string[], mitigation_done: number, mitigation_total: number,
 *   mitigation: MitigationState}} RiskRow
 */
/**
 * @typedef {{tasks: number, risks: number, done: number, overdue: number,
 *   progress: number}} Counts
 */
/**
 * @typedef {{tasks: FilledTaskRow[], risks: RiskRow[], counts: Counts, health: Health}} Filled
 */

/** @type {Map<string, Node>} */
const PARSED = new Map();

/**
 * @param {string} source
 * @returns {Node}
 */
function parsed(source) {
  let node = PARSED.get(source);
  if (node === undefined) {
    node = parse(source);
    PARSED.set(source, node);
  }
  return node;
}

/**
 * @template T
 * @param {Readonly<Record<string, T>> | undefined} record
 * @param {string} key
 * @returns {T | undefined}
 */
function entryOf(record, key) {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}

/**
 * Whether an item applies: no condition, or its condition holds for the facts.
 * @param {{condition?: string | null}} item
 * @param {Readonly<Record<string, Answer | null | undefined>>} facts
 * @returns {boolean}
 */
export function applies(item, facts) {
  return item.condition === null || item.condition === undefined
    ? true
    : evaluate(parsed(item.condition), facts);
}

/**
 * Sort by keys computed once per row (Python's sort(key=...)); stable, like Python's.
 * @template T
 * @param {T[]} rows
 * @param {(row: T) => (number | string)[]} key
 * @returns {T[]}
 */
function sortBy(rows, key) {
  const keyed = rows.map((row) => ({ row, key: key(row) }));
  keyed.sort((a, b) => {
    for (let index = 0; index < a.key.length; index += 1) {
      const x = a.key[index];
      const y = b.key[index];
      const order =
        typeof x === "number" && typeof y === "number"
          ? Math.sign(x - y)
          : compareText(String(x), String(y));
      if (order !== 0) {
        return order;
      }
    }
    return 0;
  });
  return keyed.map((entry) => entry.row);
}

/**
 * Python's title.lower(). toLowerCase() is close enough: both apply Unicode's full lowercase
 * mapping (and the final sigma rule); they can differ only where their Unicode versions do.
 * @param {string} title
 * @returns {string}
 */
function lower(title) {
  return title.toLowerCase();
}

/**
 * The playbook filled in for one project, on `today`.
 * @param {Playbook} playbook
 * @param {Project} project
 * @param {string} today a date written YYYY-MM-DD
 * @returns {Filled}
 */
export function fill(playbook, project, today) {
  const facts = project.facts ?? {};
  const dues = dueDates(playbook.tasks, project.kickoff, facts, new Set(playbook.holidays ?? []));
  const applicable = playbook.tasks.filter((task) => applies(task, facts));
  const applicableIds = new Set(applicable.map((task) => task.id));
  /** @type {FilledTaskRow[]} */
  const tasks = applicable.map((task) =>
    taskRow(task, project, today, dues.get(task.id) ?? "", blockedBy(task, project, applicableIds)),
  );
  /** @type {RiskRow[]} */
  const risks = [];
  for (const risk of playbook.risks) {
    if (applies(risk, facts)) {
      risks.push(riskRow(risk, project, playbook.bands));
    }
  }
  // An unknown phase (none passes the playbook check) sorts after the known ones.
  const rank = (/** @type {string} */ phase) =>
    PHASES.includes(phase) ? PHASES.indexOf(phase) : PHASES.length;
  const sortedTasks = sortBy(tasks, (row) => [rank(row.phase), row.due || today, lower(row.title)]);
  // Each risk's mitigating tasks narrowed to those that apply, and how far they are.
  const tasksById = new Map(sortedTasks.map((row) => [row.id, row]));
  for (const risk of risks) {
    const mitigation = mitigationOf(risk.mitigated_by, tasksById);
    risk.mitigated_by = mitigation.tasks.map((row) => row.id);
    risk.mitigation_done = mitigation.done;
    risk.mitigation_total = mitigation.total;
    risk.mitigation = mitigation.state;
  }
  const sortedRisks = sortBy(risks, (row) => [-row.score, lower(row.title)]);
  // Each task with the risks it mitigates, in the register's order.
  for (const risk of sortedRisks) {
    for (const id of risk.mitigated_by) {
      tasksById.get(id)?.mitigates.push(risk.id);
    }
  }
  const counted = sortedTasks.filter((row) => row.state !== "n/a");
  const done = counted.filter((row) => row.state === "done").length;
  return {
    tasks: sortedTasks,
    risks: sortedRisks,
    counts: {
      tasks: sortedTasks.length,
      risks: sortedRisks.length,
      done,
      overdue: sortedTasks.filter((row) => row.state === "overdue").length,
      // Percentage of applicable tasks done, rounded down (100 only when all are).
      progress: counted.length > 0 ? Math.floor((100 * done) / counted.length) : 100,
    },
    health: healthOf(playbook, project, today, sortedTasks, sortedRisks, PHASES),
  };
}

/**
 * Whether a recorded state finishes a task: done or n/a.
 * @param {string | undefined} state
 * @returns {boolean}
 */
export function isFinished(state) {
  return state === "done" || state === "n/a";
}

/**
 * The applicable tasks `task` depends on that are neither done nor n/a (none when the task
 * itself is done or n/a), in depends_on's order, each once.
 * @param {Task} task
 * @param {Project} project
 * @param {ReadonlySet<string>} applicable
 * @returns {string[]}
 */
function blockedBy(task, project, applicable) {
  if (isFinished(entryOf(project.status, task.id)?.state)) {
    return [];
  }
  return [...new Set(task.depends_on ?? [])].filter(
    (id) => applicable.has(id) && !isFinished(entryOf(project.status, id)?.state),
  );
}

/**
 * @param {Task} task
 * @param {Project} project
 * @param {string} today
 * @param {string} due "" when the task has no due date
 * @param {string[]} waitsFor what blockedBy gives
 * @returns {FilledTaskRow}
 */
function taskRow(task, project, today, due, waitsFor) {
  const status = entryOf(project.status, task.id);
  let state = "open";
  if (status !== undefined && status.state !== "open") {
    state = status.state;
  } else if (waitsFor.length > 0) {
    state = "blocked";
  } else if (due !== "" && due < today) {
    state = "overdue";
  }
  return {
    id: task.id,
    phase: task.phase,
    title: task.title,
    owner_role: task.owner_role,
    owner: entryOf(project.roles, task.owner_role) ?? "",
    due,
    state,
    done_on: status?.date ?? "",
    note: status?.note ?? "",
    decision: task.decision ?? false,
    mitigates: [], // filled in once the risks are known
  };
}

/**
 * @param {Risk} risk
 * @param {Project} project
 * @param {RiskBands} bands
 * @returns {RiskRow}
 */
function riskRow(risk, project, bands) {
  const status = entryOf(project.status, risk.id);
  const override = entryOf(project.risks, risk.id);
  // Python's `or`: an override of None (or 0, or '') leaves the playbook's value.
  const likelihood = override?.likelihood || risk.likelihood;
  const impact = override?.impact || risk.impact;
  const score = likelihood * impact;
  const residual = residualOf(override);
  const rated = residual.rated;
  // Python's `or`: the project's target, else the playbook's (a score is never 0).
  const target = override?.target || risk.target || null;
  return {
    id: risk.id,
    title: risk.title,
    owner_role: risk.owner_role,
    owner: override?.owner || entryOf(project.roles, risk.owner_role) || "",
    likelihood,
    impact,
    score,
    band: bandOf(score, bands),
    state: status?.state ?? "open",
    note: [status?.note ?? "", override?.note ?? ""].filter((part) => part !== "").join(" "),
    residual_likelihood: rated?.likelihood ?? null,
    residual_impact: rated?.impact ?? null,
    residual_score: rated !== null ? rated.likelihood * rated.impact : null,
    residual_band: rated !== null ? bandOf(rated.likelihood * rated.impact, bands) : null,
    assessed_on: residual.assessedOn,
    target,
    target_band: target !== null ? bandOf(target, bands) : null,
    proximity: override?.proximity ?? "",
    trend: residual.trend,
    mitigated_by: mitigatingIds(risk, override), // narrowed to what applies in fill
    mitigation_done: 0,
    mitigation_total: 0,
    mitigation: "none",
  };
}
