// @ts-check
/**
 * The kickoff page of a playbook: its form (written by the build, see
 * generator/render/templates/kickoff-form.html.j2) checked as `playbook kickoff` checks
 * answers, a live preview of the checklist, and the project file handed back: downloaded,
 * copied, or proposed in the repository. The file is the very one the command line writes
 * for the same answers (`kickoffCommand` shows that command).
 *
 * Everything the user typed reaches the page as text (textContent, form values), never as
 * HTML.
 * @module
 */

import { NOT_ONE_LINE, formAnswers, withDefaults } from "./answers.js";
import { DateError, parseIsoDate } from "./dates.js";
import { fill } from "./fill.js";
import { N_, formatMessage, gettext, localText, ngettext, phrase, verbatim } from "./i18n.js";
import {
  copyText,
  downloadText,
  embeddedJson,
  forgetStored,
  localToday,
  makeElement,
  readStored,
  shellWord,
  linkErrorSummary,
  showFieldError,
  whenReady,
  writeStored,
} from "./page.js";
import { projectText } from "./projectfile.js";
import { slugify } from "./slugs.js";
import { codePoints, splitWords, strip } from "./text.js";

/** @typedef {import("./answers.js").Fact} Fact */
/** @typedef {import("./answers.js").Answer} Answer */
/** @typedef {import("./fill.js").Filled} Filled */
/** @typedef {import("./fill.js").Role} Role */
/**
 * A playbook as the kickoff page embeds it (generator/render/workbench.py playbook_data).
 * @typedef {import("./fill.js").Playbook & {id: string, title: string, version: string,
 *   phases: string[], roles: Role[], facts: Fact[]}} KickoffPlaybook
 */
/**
 * A filled form: what each field holds (a list of values for multi-choice).
 * @typedef {{name: string, kickoff: string, answers: Record<string, string | string[]>,
 *   roles: Record<string, string>}} KickoffForm
 */
/**
 * What a filled form gives: per-field errors (keys `name`, `kickoff`, `role:<id>`,
 * `fact:<name>`), the slug, and, when there is no error, the project file and its checklist.
 * The answers that are valid are there too, for the preview of an unfinished form.
 * @typedef {{errors: Record<string, import("./i18n.js").Phrase>, slug: string, text: string | null,
 *   checklist: Filled | null, name: string, kickoff: string | null,
 *   values: Record<string, Answer>, roles: Record<string, string>}} KickoffResult
 */

/** The phases and bands the preview shows, translated where they are shown. */
const KICKOFF_WORDS = [
  N_("initiate"),
  N_("plan"),
  N_("execute"),
  N_("monitor"),
  N_("close"),
  N_("low"),
  N_("medium"),
  N_("high"),
  N_("critical"),
];

/**
 * A word of the preview (a phase, a band) in the page's language.
 * @param {string} word
 * @returns {string}
 */
function kickoffWord(word) {
  return KICKOFF_WORDS.includes(word) ? gettext(word) : word;
}

/**
 * A word with its first letter in capitals, as a heading starts.
 * @param {string} word
 * @returns {string}
 */
function kickoffCapitalized(word) {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/**
 * How many tasks and risks apply, and when the first task is due ("" for none).
 * @param {number} tasks
 * @param {number} risks
 * @param {string} firstDue
 * @returns {string}
 */
export function kickoffCountsText(tasks, risks, firstDue) {
  const values = {
    tasks: formatMessage(ngettext("%(num)d task", "%(num)d tasks", tasks), { num: tasks }),
    risks: formatMessage(ngettext("%(num)d risk", "%(num)d risks", risks), { num: risks }),
    date: firstDue,
  };
  const message =
    firstDue === ""
      ? gettext("%(tasks)s and %(risks)s apply.")
      : gettext("%(tasks)s and %(risks)s apply; the first task is due %(date)s.");
  return formatMessage(message, values);
}

/**
 * The earliest due date of the tasks ("" when none has one): dates written YYYY-MM-DD
 * compare as text.
 * @param {readonly {due: string}[]} tasks
 * @returns {string}
 */
export function kickoffFirstDue(tasks) {
  let first = "";
  for (const task of tasks) {
    if (task.due !== "" && (first === "" || task.due < first)) {
      first = task.due;
    }
  }
  return first;
}

/**
 * What the preview says under a task: who does it and when it is due.
 * @param {{owner: string, owner_role: string, due: string}} row
 * @param {ReadonlyMap<string, string>} titles role id -> role title
 * @returns {string}
 */
export function kickoffTaskMeta(row, titles) {
  return (
    `${row.owner || titles.get(row.owner_role) || row.owner_role} · ` +
    (row.due ? formatMessage(gettext("due %(date)s"), { date: row.due }) : gettext("no due date yet"))
  );
}

/**
 * What the preview says under a risk, before its band: its score and how it is made.
 * @param {{score: number, likelihood: number, impact: number}} row
 * @returns {string}
 */
export function kickoffRiskMeta(row) {
  return (
    formatMessage(gettext("score %(score)s (%(likelihood)s × %(impact)s)"), {
      score: row.score,
      likelihood: row.likelihood,
      impact: row.impact,
    }) + " "
  );
}

/**
 * The tasks grouped by phase, each group in the tasks' order.
 * @template {{phase: string}} T
 * @param {readonly T[]} tasks
 * @returns {Map<string, T[]>}
 */
export function kickoffByPhase(tasks) {
  /** @type {Map<string, T[]>} */
  const groups = new Map();
  for (const task of tasks) {
    const group = groups.get(task.phase);
    if (group === undefined) {
      groups.set(task.phase, [task]);
    } else {
      group.push(task);
    }
  }
  return groups;
}

/**
 * Makes `parent`'s children exactly `nodes`, in that order, moving or removing only the
 * children out of place (a preview redrawn in place keeps the elements that did not change).
 * @param {Node} parent
 * @param {readonly Node[]} nodes distinct nodes
 */
function kickoffPlaceChildren(parent, nodes) {
  let cursor = parent.firstChild;
  for (const node of nodes) {
    if (node === cursor) {
      cursor = cursor.nextSibling;
    } else {
      parent.insertBefore(node, cursor);
    }
  }
  while (cursor !== null) {
    const next = cursor.nextSibling;
    parent.removeChild(cursor);
    cursor = next;
  }
}

/**
 * Gives an element `text` as its one text node, unless it already reads so.
 * @param {Element} element
 * @param {string} text
 */
function kickoffSetText(element, text) {
  if (element.textContent !== text) {
    element.replaceChildren(text);
  }
}

/** generator/validate/answers.py MAX_NAME_LENGTH: a project's name, a person's name. */
const KICKOFF_NAME_LIMIT = 120;

/**
 * generator/validate/answers.py one_line_problem: the problem of a name that is empty,
 * holds a control character or is too long (in code points), else null.
 * @param {import("./i18n.js").Phrase} what the project name, or a role's title
 * @param {string} value
 * @param {number} limit
 * @returns {import("./i18n.js").Phrase | null}
 */
function kickoffLineProblem(what, value, limit) {
  if (strip(value) === "") {
    return phrase(N_("%(what)s is empty"), { what });
  }
  if (NOT_ONE_LINE.test(value)) {
    return phrase(N_("%(what)s must be one line of text without control characters"), { what });
  }
  const length = codePoints(value).length;
  if (length > limit) {
    return phrase(N_("%(what)s is %(length)s characters long; the limit is %(limit)s"), { what, length, limit });
  }
  return null;
}

/**
 * The answers as the command line takes them (generator/projects/form.py `_as_given`): text
 * trimmed, as `--set` trims it, and a blank optional fact given its default, as a fact left
 * out of `--set` gets it.
 * @param {readonly Fact[]} facts
 * @param {Readonly<Record<string, unknown>>} given
 * @returns {Record<string, unknown>}
 */
function kickoffAnswers(facts, given) {
  /** @type {Record<string, unknown>} */
  const answers = {};
  for (const fact of facts) {
    let answer = Object.hasOwn(given, fact.name) ? given[fact.name] : "";
    if (fact.type === "text" && typeof answer === "string") {
      answer = strip(answer);
    }
    const blank = Array.isArray(answer)
      ? answer.length === 0
      : typeof answer === "string" && strip(answer) === "";
    const fallback = kickoffDefaultAsTyped(fact);
    if (blank && fact.required === false && fallback !== null) {
      answer = fallback;
    }
    answers[fact.name] = answer;
  }
  return answers;
}

/**
 * A filled form checked as `playbook kickoff` checks it (generator/projects/form.py
 * kickoff_form is the Python reference): the same messages, the same file.
 * @param {KickoffPlaybook} playbook
 * @param {KickoffForm} form
 * @param {string} today a date written YYYY-MM-DD: what the checklist counts as overdue from
 * @returns {KickoffResult}
 */
export function kickoffResult(playbook, form, today) {
  /** @type {Record<string, import("./i18n.js").Phrase>} */
  const errors = {};
  const name = splitWords(form.name).join(" ");
  const nameProblem = kickoffLineProblem(phrase(N_("the project name")), name, KICKOFF_NAME_LIMIT);
  if (nameProblem !== null) {
    errors.name = nameProblem;
  }
  /** @type {string | null} */
  let kickoff = null;
  try {
    kickoff = parseIsoDate(form.kickoff);
  } catch (error) {
    if (!(error instanceof DateError)) {
      throw error;
    }
    errors.kickoff = error.phrase;
  }
  /** @type {Record<string, string>} */
  const roles = {};
  for (const role of playbook.roles) {
    const given = Object.hasOwn(form.roles, role.id) ? form.roles[role.id] : "";
    const person = splitWords(given).join(" ");
    if (person === "") {
      continue;
    }
    const problem = kickoffLineProblem(verbatim(role.title), person, KICKOFF_NAME_LIMIT);
    if (problem === null) {
      roles[role.id] = person;
    } else {
      errors[`role:${role.id}`] = problem;
    }
  }
  const answers = kickoffAnswers(playbook.facts, form.answers);
  const { values, errors: factErrors } = formAnswers(playbook.facts, answers, kickoff);
  for (const [fact, message] of Object.entries(factErrors)) {
    errors[`fact:${fact}`] = message;
  }
  /** @type {KickoffResult} */
  const result = {
    errors,
    slug: slugify(name),
    text: null,
    checklist: null,
    name,
    kickoff,
    values,
    roles,
  };
  if (Object.keys(errors).length > 0 || kickoff === null) {
    return result;
  }
  result.text = projectText({ name, playbook, kickoff, facts: values, roles });
  try {
    result.checklist = fill(
      playbook,
      { kickoff, facts: withDefaults(playbook, values), roles, status: {}, risks: {} },
      today,
    );
  } catch (error) {
    // A kickoff so late that a due date falls after the year 9999: the file is still the
    // command line's; the preview says why it has no checklist.
    if (!(error instanceof RangeError)) {
      throw error;
    }
  }
  return result;
}

/**
 * An answer as `--set FACT=VALUE` gives it.
 * @param {Answer} value
 * @returns {string}
 */
function kickoffCommandValue(value) {
  if (Array.isArray(value)) {
    return value.join(",");
  }
  return String(value);
}

/**
 * The `playbook kickoff` command that writes the same file as a valid form.
 * @param {KickoffPlaybook} playbook
 * @param {KickoffResult} result
 * @returns {string}
 */
export function kickoffCommand(playbook, result) {
  const options = [`--playbook ${shellWord(playbook.id)}`];
  options.push(`--kickoff ${result.kickoff ?? "YYYY-MM-DD"}`);
  for (const fact of playbook.facts) {
    if (Object.hasOwn(result.values, fact.name)) {
      options.push(`--set ${shellWord(`${fact.name}=${kickoffCommandValue(result.values[fact.name])}`)}`);
    }
  }
  for (const role of playbook.roles) {
    if (Object.hasOwn(result.roles, role.id)) {
      options.push(`--role ${shellWord(`${role.id}=${result.roles[role.id]}`)}`);
    }
  }
  options.push("--no-input");
  // A name that starts with '-' would read as an option: it then goes last, after '--'.
  const name = shellWord(result.name);
  const lines = result.name.startsWith("-")
    ? ["playbook kickoff", ...options, `-- ${name}`]
    : [`playbook kickoff ${name}`, ...options];
  return lines.join(" \\\n    ");
}

/**
 * The branch that mkdocs.yml's edit_uri names ('edit/main/docs/', '-/edit/main/docs/',
 * 'blob/main/docs/', or a whole URL ending so); 'main' when it names none.
 * @param {string} editUri
 * @returns {string}
 */
function kickoffBranchOf(editUri) {
  const match = /(?:^|\/)(?:-\/)?(?:edit|blob|tree)\/([^/?#]+)/.exec(editUri);
  return match === null ? "main" : match[1];
}

/**
 * The address that opens the repository's "new file" page with the project file filled in,
 * on GitHub and GitLab (github.com, gitlab.com); null for any other host.
 * @param {string} repoUrl mkdocs.yml repo_url
 * @param {string} editUri mkdocs.yml edit_uri
 * @param {string} slug
 * @param {string} text the project file
 * @returns {string | null}
 */
export function proposeUrl(repoUrl, editUri, slug, text) {
  /** @type {URL} */
  let url;
  try {
    url = new URL(repoUrl);
  } catch {
    return null;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    return null;
  }
  const parts = url.pathname
    .replace(/\.git\/?$/, "")
    .split("/")
    .filter((part) => part !== "");
  const branch = encodeURIComponent(kickoffBranchOf(editUri));
  const file = encodeURIComponent(`projects/${slug}.yaml`).replaceAll("%2F", "/");
  const content = encodeURIComponent(text);
  const host = url.hostname.toLowerCase();
  if ((host === "github.com" || host === "www.github.com") && parts.length >= 2) {
    const repository = parts.slice(0, 2).map(encodeURIComponent).join("/");
    return `https://github.com/${repository}/new/${branch}?filename=${file}&value=${content}`;
  }
  if ((host === "gitlab.com" || host === "www.gitlab.com") && parts.length >= 2) {
    const end = parts.indexOf("-");
    const project = (end === -1 ? parts : parts.slice(0, end)).map(encodeURIComponent).join("/");
    return `https://gitlab.com/${project}/-/new/${branch}?file_name=${file}&content=${content}`;
  }
  return null;
}

/**
 * What a fact's default is as a field holds it, for a blank optional field: the command line
 * gives such a fact its default, and so does the form.
 * @param {Fact} fact
 * @returns {string | string[] | null}
 */
function kickoffDefaultAsTyped(fact) {
  const value = fact.default;
  if (value === undefined || value === null) {
    return null;
  }
  if (Array.isArray(value)) {
    return value.map(String);
  }
  return String(value);
}

/**
 * @typedef {{name: string, kickoff: string, answers: Record<string, string | string[]>,
 *   roles: Record<string, string>}} Draft what the fields hold, as typed
 */

/**
 * The kickoff page, once its document is there; nothing happens on other pages.
 */
export function initKickoffPage() {
  const root = document.getElementById("pb-kickoff-page");
  const data = embeddedJson("pb-kickoff-data");
  const form = document.getElementById("pb-kickoff-form");
  if (root === null || data === null || !(form instanceof HTMLFormElement)) {
    return;
  }
  const playbook = /** @type {KickoffPlaybook} */ (data);
  const draftKey = `playbook:kickoff:${playbook.id}@${playbook.version}`;
  const summary = /** @type {HTMLElement} */ (document.getElementById("pb-error-summary"));
  const summaryList = /** @type {HTMLElement} */ (summary.querySelector("ul"));
  const status = /** @type {HTMLElement} */ (document.getElementById("pb-status"));
  const previewBody = /** @type {HTMLElement} */ (document.getElementById("pb-preview-body"));
  const propose = /** @type {HTMLAnchorElement | null} */ (
    root.querySelector("[data-pb-action=propose]")
  );
  const repoUrl = root.dataset.repoUrl ?? "";
  const editUri = root.dataset.editUri ?? "";
  /** Errors are shown once the user has tried to hand the file over; then they follow edits. */
  let showing = false;
  const title = document.title;

  for (const element of root.querySelectorAll("[data-pb-nojs]")) {
    element.setAttribute("hidden", "");
  }
  for (const element of root.querySelectorAll("[data-pb-app]")) {
    element.removeAttribute("hidden");
  }
  const canPropose = proposeUrl(repoUrl, editUri, "project", "") !== null;
  if (propose !== null) {
    propose.hidden = !canPropose;
  }

  // The form's fields by name, found once: the form is written by the build and no field
  // comes or goes while the page is open.
  /** @type {Map<string, (HTMLInputElement | HTMLSelectElement)[]>} */
  const fieldsByName = new Map();
  for (const element of Array.from(form.elements)) {
    if (element instanceof HTMLInputElement || element instanceof HTMLSelectElement) {
      const named = fieldsByName.get(element.name);
      if (named === undefined) {
        fieldsByName.set(element.name, [element]);
      } else {
        named.push(element);
      }
    }
  }

  /**
   * @param {string} name
   * @returns {(HTMLInputElement | HTMLSelectElement)[]}
   */
  const fieldsNamed = (name) => fieldsByName.get(name) ?? [];

  /**
   * What one field holds: the text, the checked value ('' for none), or the checked values.
   * @param {string} name
   * @returns {string | string[]}
   */
  const valueOf = (name) => {
    const fields = fieldsNamed(name);
    if (fields.length === 1 && !(fields[0] instanceof HTMLInputElement && kickoffIsChoice(fields[0]))) {
      return fields[0].value;
    }
    const checked = fields.filter((field) => field instanceof HTMLInputElement && field.checked);
    if (fields.some((field) => field instanceof HTMLInputElement && field.type === "checkbox")) {
      return checked.map((field) => field.value);
    }
    return checked.length > 0 ? checked[0].value : "";
  };

  /**
   * Put a value back into a field (from a draft).
   * @param {string} name
   * @param {unknown} value
   */
  const setValue = (name, value) => {
    for (const field of fieldsNamed(name)) {
      if (field instanceof HTMLInputElement && kickoffIsChoice(field)) {
        field.checked = Array.isArray(value) ? value.includes(field.value) : field.value === value;
      } else if (typeof value === "string") {
        field.value = value;
      }
    }
  };

  /** @returns {Draft} */
  const typed = () => {
    /** @type {Draft} */
    const draft = { name: "", kickoff: "", answers: {}, roles: {} };
    draft.name = /** @type {string} */ (valueOf("name"));
    draft.kickoff = /** @type {string} */ (valueOf("kickoff"));
    for (const fact of playbook.facts) {
      draft.answers[fact.name] = valueOf(`fact:${fact.name}`);
    }
    for (const role of playbook.roles) {
      draft.roles[role.id] = /** @type {string} */ (valueOf(`role:${role.id}`));
    }
    return draft;
  };

  /**
   * The form as `kickoffResult` reads it.
   * @param {Draft} draft
   * @returns {KickoffForm}
   */
  const asForm = (draft) => ({
    name: draft.name,
    kickoff: draft.kickoff,
    answers: { ...draft.answers },
    roles: { ...draft.roles },
  });

  /** @param {Draft} [draft] what the fields hold, when already read */
  const check = (draft = typed()) => {
    const filledIn = asForm(draft);
    let today = localToday();
    try {
      today = parseIsoDate(filledIn.kickoff);
    } catch {
      // Until the kickoff date is valid, the preview counts from today.
    }
    return { result: kickoffResult(playbook, filledIn, today), today };
  };

  /** @param {Record<string, import("./i18n.js").Phrase>} errors */
  const showErrors = (errors) => {
    summaryList.replaceChildren();
    let wrong = 0;
    for (const group of root.querySelectorAll("[data-pb-field]")) {
      const element = /** @type {HTMLElement} */ (group);
      const key = element.dataset.pbField ?? "";
      const target = element.dataset.pbTarget ?? "";
      const message = Object.hasOwn(errors, key) ? localText(errors[key]) : null;
      showFieldError(element, message, "input, select");
      if (message !== null) {
        wrong += 1;
        // The messages of a date or a fact do not say which field they are about: the summary
        // says it before the message.
        const label = element.dataset.pbLabel ?? "";
        const about = key === "kickoff" || key.startsWith("fact:") ? `${label}: ` : "";
        const link = makeElement("a", { href: `#${target}`, "data-pb-focus": target }, [about + message]);
        summaryList.append(makeElement("li", {}, [link]));
      }
    }
    summary.hidden = wrong === 0;
    // As GOV.UK pages do, the title says there are errors: screen readers announce it first.
    document.title = (wrong > 0 ? `${gettext("Error:")} ` : "") + title;
  };

  // The preview is redrawn in place: its elements are kept (tasks and risks by id, the other
  // parts by what they are) and only what changed is written, so that typing stays quick on
  // a large playbook. The DOM is the same as one built afresh.
  /** @type {Map<string, HTMLElement>} */
  const previewParts = new Map();
  /** @typedef {{li: HTMLElement, title: HTMLElement, meta: HTMLElement}} KickoffTaskItem */
  /** @typedef {{li: HTMLElement, title: HTMLElement, meta: HTMLElement, band: HTMLElement}} KickoffRiskItem */
  /** @type {Map<string, KickoffTaskItem>} */
  const taskItems = new Map();
  /** @type {Map<string, KickoffRiskItem>} */
  const riskItems = new Map();
  const roleTitles = new Map(playbook.roles.map((role) => [role.id, role.title]));

  /**
   * The part of the preview known as `key`, made once.
   * @param {string} key
   * @param {() => HTMLElement} make
   * @returns {HTMLElement}
   */
  const previewPart = (key, make) => {
    let element = previewParts.get(key);
    if (element === undefined) {
      element = make();
      previewParts.set(key, element);
    }
    return element;
  };

  /**
   * @param {import("./fill.js").FilledTaskRow} row
   * @param {Set<string>} used the ids shown so far in this redraw
   * @returns {HTMLElement}
   */
  const taskItem = (row, used) => {
    const meta = kickoffTaskMeta(row, roleTitles);
    // An id met twice (no valid playbook has one) gets an element of its own.
    const entry = used.has(row.id) ? undefined : taskItems.get(row.id);
    if (entry !== undefined) {
      kickoffSetText(entry.title, row.title);
      kickoffSetText(entry.meta, meta);
      used.add(row.id);
      return entry.li;
    }
    const title = makeElement("span", { class: "pb-preview__item" }, [row.title]);
    const metaElement = makeElement("span", { class: "pb-preview__meta" }, [meta]);
    const li = makeElement("li", {}, [title, metaElement]);
    if (!used.has(row.id)) {
      taskItems.set(row.id, { li, title, meta: metaElement });
      used.add(row.id);
    }
    return li;
  };

  /**
   * @param {import("./fill.js").RiskRow} row
   * @param {Set<string>} used the ids shown so far in this redraw
   * @returns {HTMLElement}
   */
  const riskItem = (row, used) => {
    const meta = kickoffRiskMeta(row);
    const bandClass = `pb-band pb-band--${row.band}`;
    const bandText = kickoffWord(row.band);
    const entry = used.has(row.id) ? undefined : riskItems.get(row.id);
    if (entry !== undefined) {
      kickoffSetText(entry.title, row.title);
      if (entry.band.className !== bandClass) {
        entry.band.setAttribute("class", bandClass);
      }
      kickoffSetText(entry.band, bandText);
      const first = entry.meta.firstChild;
      if (!(first instanceof Text) || first.data !== meta || entry.meta.childNodes.length !== 2) {
        entry.meta.replaceChildren(meta, entry.band);
      }
      used.add(row.id);
      return entry.li;
    }
    const title = makeElement("span", { class: "pb-preview__item" }, [row.title]);
    const band = makeElement("span", { class: bandClass }, [bandText]);
    const metaElement = makeElement("span", { class: "pb-preview__meta" }, [meta, band]);
    const li = makeElement("li", {}, [title, metaElement]);
    if (!used.has(row.id)) {
      riskItems.set(row.id, { li, title, meta: metaElement, band });
      used.add(row.id);
    }
    return li;
  };

  /**
   * @param {HTMLElement} body
   * @param {KickoffResult} result
   * @param {string} today
   */
  const renderPreview = (body, result, today) => {
    /** @type {Filled} */
    let filled;
    try {
      filled =
        result.checklist ??
        fill(
          playbook,
          {
            kickoff: result.kickoff ?? today,
            facts: withDefaults(playbook, result.values),
            roles: result.roles,
            status: {},
            risks: {},
          },
          today,
        );
    } catch (error) {
      body.replaceChildren(
        makeElement("p", { class: "pb-preview__note" }, [
          formatMessage(gettext("The preview cannot be shown for these answers: %(error)s"), {
            error: String(error),
          }),
        ]),
      );
      return;
    }
    /** @type {HTMLElement[]} */
    const parts = [];
    const counts = kickoffCountsText(filled.counts.tasks, filled.counts.risks, kickoffFirstDue(filled.tasks));
    const countsElement = previewPart("counts", () => makeElement("p", { class: "pb-preview__counts" }, [counts]));
    kickoffSetText(countsElement, counts);
    parts.push(countsElement);
    const complete = Object.keys(result.errors).length === 0;
    if (!complete) {
      const note =
        result.kickoff === null
          ? gettext(
              "Some answers are missing or not valid yet: this is what applies with the answers given so far, with due dates counted from today.",
            )
          : gettext("Some answers are missing or not valid yet: this is what applies with the answers given so far.");
      const noteElement = previewPart("note", () => makeElement("p", { class: "pb-preview__note" }, [note]));
      kickoffSetText(noteElement, note);
      parts.push(noteElement);
    }
    const phases = kickoffByPhase(filled.tasks);
    /** @type {Set<string>} */
    const usedTasks = new Set();
    for (const phase of playbook.phases) {
      const rows = phases.get(phase);
      if (rows === undefined || rows.length === 0) {
        continue;
      }
      const items = rows.map((row) => taskItem(row, usedTasks));
      const list = previewPart(`list:${phase}`, () => makeElement("ul", { class: "pb-preview__list" }));
      kickoffPlaceChildren(list, items);
      parts.push(
        previewPart(`heading:${phase}`, () => makeElement("h3", {}, [kickoffCapitalized(kickoffWord(phase))])),
        list,
      );
    }
    if (filled.risks.length > 0) {
      /** @type {Set<string>} */
      const usedRisks = new Set();
      const items = filled.risks.map((row) => riskItem(row, usedRisks));
      const list = previewPart("list:risks", () => makeElement("ul", { class: "pb-preview__list" }));
      kickoffPlaceChildren(list, items);
      parts.push(previewPart("heading:risks", () => makeElement("h3", {}, [gettext("Risks")])), list);
    }
    parts.push(
      previewPart("heading:command", () => makeElement("h3", {}, [gettext("The same with the command line")])),
    );
    if (complete) {
      const command = kickoffCommand(playbook, result);
      const pre = previewPart("command", () =>
        makeElement("pre", { class: "pb-preview__command" }, [makeElement("code", {}, [command])]),
      );
      kickoffSetText(/** @type {HTMLElement} */ (pre.firstElementChild), command);
      parts.push(pre);
    } else {
      parts.push(
        previewPart("command-later", () =>
          makeElement("p", {}, [gettext("The command appears here once every answer is valid.")]),
        ),
      );
    }
    kickoffPlaceChildren(body, parts);
  };

  /** @param {Draft} [draft] what the fields hold, when already read */
  const refresh = (draft) => {
    const { result, today } = check(draft);
    renderPreview(previewBody, result, today);
    if (showing) {
      showErrors(result.errors);
    }
    if (propose !== null && canPropose && result.text !== null) {
      propose.href = /** @type {string} */ (proposeUrl(repoUrl, editUri, result.slug, result.text));
    }
    return result;
  };

  /** @param {string} message */
  const say = (message) => {
    status.textContent = message;
  };

  /**
   * The result, when every answer is valid; else the errors are shown and focus goes to
   * their summary.
   * @returns {KickoffResult | null}
   */
  const attempt = () => {
    showing = true;
    const result = refresh();
    if (result.text === null) {
      say("");
      summary.hidden = false;
      summary.focus();
      summary.scrollIntoView({ block: "start" });
      return null;
    }
    return result;
  };

  /** @param {Draft} [draft] what the fields hold, when already read */
  const saveDraft = (draft = typed()) => {
    writeStored(draftKey, draft);
  };

  const restoreDraft = () => {
    const draft = readStored(draftKey);
    if (draft === null || typeof draft !== "object") {
      return false;
    }
    const saved = /** @type {Partial<Draft>} */ (draft);
    setValue("name", saved.name ?? "");
    setValue("kickoff", saved.kickoff ?? "");
    for (const fact of playbook.facts) {
      if (saved.answers && Object.hasOwn(saved.answers, fact.name)) {
        setValue(`fact:${fact.name}`, saved.answers[fact.name]);
      }
    }
    for (const role of playbook.roles) {
      if (saved.roles && Object.hasOwn(saved.roles, role.id)) {
        setValue(`role:${role.id}`, saved.roles[role.id]);
      }
    }
    return true;
  };

  // "input" comes for every kind of field: text, radio buttons, checkboxes, selects.
  form.addEventListener("input", () => {
    const draft = typed();
    saveDraft(draft);
    refresh(draft);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const result = attempt();
    if (result === null || result.text === null) {
      return;
    }
    downloadText(result.text, `${result.slug}.yaml`);
    say(
      formatMessage(
        gettext(
          "Downloaded %(file)s. Add it to the projects folder of the repository (or propose it there): the next build gives the project its page.",
        ),
        { file: `${result.slug}.yaml` },
      ),
    );
  });
  root.querySelector("[data-pb-action=copy]")?.addEventListener("click", async () => {
    const result = attempt();
    if (result === null || result.text === null) {
      return;
    }
    const copied = await copyText(result.text);
    say(
      copied
        ? formatMessage(gettext("Copied the project file: paste it into %(file)s in the repository."), {
            file: `projects/${result.slug}.yaml`,
          })
        : gettext("The browser did not let the page copy: use Download project file instead."),
    );
  });
  propose?.addEventListener("click", (event) => {
    const result = attempt();
    if (result === null || result.text === null) {
      event.preventDefault();
      return;
    }
    propose.href = /** @type {string} */ (proposeUrl(repoUrl, editUri, result.slug, result.text));
    say(gettext("The repository opens in a new tab, with the project file ready to propose."));
  });
  root.querySelector("[data-pb-action=clear]")?.addEventListener("click", () => {
    form.reset();
    forgetStored(draftKey);
    showing = false;
    showErrors({});
    refresh();
    say(gettext("The form is cleared, and so is the draft kept in this browser."));
  });
  linkErrorSummary(summary);

  if (restoreDraft()) {
    say(gettext("Your answers from last time are back (kept in this browser): Clear the form empties it."));
  }
  refresh();
}

/**
 * A radio button or a checkbox.
 * @param {HTMLInputElement} field
 * @returns {boolean}
 */
function kickoffIsChoice(field) {
  return field.type === "radio" || field.type === "checkbox";
}

if (typeof document !== "undefined") {
  whenReady(initKickoffPage);
}
