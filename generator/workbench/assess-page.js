// @ts-check
/**
 * The self-assessment form on a project's page (project-maturity-form.html.j2): once sent, it
 * shows what is wrong beside each field and in a summary that leads to the fields (and keeps
 * them up to date as the form changes); once right, the maturity with the new assessment, the
 * lines it adds to the project file, the file itself to download, byte for byte what
 * `playbook assess` writes (assess.js), and that command.
 *
 * The file's text, its name and the project's slug come from the checklist's data
 * (checklist-page.js); the practices, the assessments and where they are in the file from the
 * form's own. Without JavaScript the form stays hidden and the page shows the command.
 * @module
 */

import {
  OTHER_AREA,
  AssessmentError,
  addAssessment,
  assessmentCommand,
  assessmentLines,
  assessmentResult,
} from "./assess.js";
import { formatMessage, gettext, localDecimal, N_ } from "./i18n.js";
import { downloadText, embeddedJson, localToday, linkErrorSummary, makeElement, showFieldError, whenReady } from "./page.js";

/** @typedef {import("./assess.js").AssessData} AssessData */
/** @typedef {import("./assess.js").AssessEntry} AssessEntry */
/** @typedef {import("./assess.js").AreaSummary} AreaSummary */

// An area's trend in words (the page's table says them too), for the catalogue.
const MATURITY_TREND_WORDS = [N_("up"), N_("down"), N_("steady")];

/**
 * `change-management` -> `Change management`, as the page's headings write an area (the
 * practices of no area are "Other", in the page's language).
 * @param {string} area
 * @returns {string}
 */
export function assessAreaLabel(area) {
  if (area === OTHER_AREA) {
    return gettext("Other");
  }
  const words = area.replaceAll("-", " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * One area's maturity with the new assessment, in words.
 * @param {AreaSummary} area
 * @returns {string}
 */
export function assessAreaText(area) {
  const label = assessAreaLabel(area.area);
  if (area.now === "") {
    return `${label}: ${gettext("not assessed")}`;
  }
  const now = localDecimal(area.now);
  if (area.trend === "" || !MATURITY_TREND_WORDS.includes(area.trend)) {
    return `${label}: ${now}`;
  }
  if (area.trend === "steady") {
    return `${label}: ${now}, ${gettext("steady")}`;
  }
  const from = area.trend === "up" ? gettext("up from %(score)s") : gettext("down from %(score)s");
  return `${label}: ${now}, ${formatMessage(from, { score: localDecimal(area.previous) })}`;
}

/**
 * The project page's form, once its document is there; nothing happens on other pages.
 */
export function initAssessPage() {
  const root = document.getElementById("pb-assess");
  const embedded = embeddedJson("pb-assess-data");
  const checklist = embeddedJson("pb-checklist-data");
  if (root === null || embedded === null || checklist === null) {
    return;
  }
  const data = /** @type {AssessData} */ (embedded);
  const project = /** @type {{slug: string, file: string, text: string}} */ (checklist);
  for (const element of root.querySelectorAll("[data-pb-nojs]")) {
    /** @type {HTMLElement} */ (element).hidden = true;
  }
  for (const element of root.querySelectorAll("[data-pb-app]")) {
    /** @type {HTMLElement} */ (element).hidden = false;
  }
  const form = /** @type {HTMLFormElement} */ (document.getElementById("pb-assess-form"));
  const summary = /** @type {HTMLElement} */ (document.getElementById("pb-assess-errors"));
  const summaryList = /** @type {HTMLElement} */ (summary.querySelector("ul"));
  const dateInput = /** @type {HTMLInputElement} */ (document.getElementById("pb-assess-date"));
  const result = /** @type {HTMLElement} */ (document.getElementById("pb-assess-result"));
  const maturityList = /** @type {HTMLElement} */ (document.getElementById("pb-assess-maturity"));
  const block = /** @type {HTMLElement} */ (document.getElementById("pb-assess-block"));
  const command = /** @type {HTMLElement} */ (document.getElementById("pb-assess-command"));
  const download = /** @type {HTMLButtonElement} */ (document.getElementById("pb-assess-download"));
  const status = /** @type {HTMLElement} */ (document.getElementById("pb-assess-status"));
  const name = project.file.split("/").pop() || `${project.slug}.yaml`;
  if (dateInput.value === "") {
    dateInput.value = localToday();
  }
  /** @type {string | null} the edited file, once the form is right */
  let edited = null;
  /** @type {AssessEntry | null} */
  let made = null;
  let sent = false;

  /** @returns {import("./assess.js").AssessForm} */
  const answers = () => {
    /** @type {Record<string, string>} */
    const scores = {};
    /** @type {Record<string, string>} */
    const actions = {};
    for (const element of form.querySelectorAll('input[type="radio"]:checked')) {
      const radio = /** @type {HTMLInputElement} */ (element);
      if (radio.name.startsWith("score:")) {
        scores[radio.name.slice("score:".length)] = radio.value;
      }
    }
    for (const practice of data.practices) {
      const action = document.getElementById(`pb-assess-${practice.id}-action`);
      actions[practice.id] = action instanceof HTMLInputElement ? action.value : "";
    }
    return { date: dateInput.value, scores, actions };
  };

  let shownErrors = "";
  /** @param {Record<string, string>} errors */
  const showErrors = (errors) => {
    // Unchanged errors stay as they are: a summary link being clicked (as a field loses focus,
    // which sends a change event) must not be replaced under the pointer.
    const key = JSON.stringify(errors);
    if (key === shownErrors) {
      return;
    }
    shownErrors = key;
    summaryList.replaceChildren();
    let wrong = 0;
    for (const group of form.querySelectorAll("[data-pb-field]")) {
      const element = /** @type {HTMLElement} */ (group);
      const key = element.dataset.pbField ?? "";
      const target = element.dataset.pbTarget ?? "";
      const message = Object.hasOwn(errors, key) ? errors[key] : null;
      showFieldError(element, message, "input");
      if (message !== null) {
        wrong += 1;
        // A date's message does not say which field it is about: the summary says it first.
        const about = key === "date" ? `${gettext("Date of the assessment")}: ` : "";
        const link = makeElement("a", { href: `#${target}`, "data-pb-focus": target }, [about + message]);
        summaryList.append(makeElement("li", {}, [link]));
      }
    }
    summary.hidden = wrong === 0;
  };

  /** Check the form; show the errors, or the assessment and the edited file. */
  const refresh = () => {
    const outcome = assessmentResult(data, answers());
    showErrors(outcome.errors);
    edited = null;
    made = outcome.assessment;
    if (made === null || outcome.maturity === null) {
      result.hidden = true;
      return false;
    }
    maturityList.replaceChildren(
      ...outcome.maturity.areas
        .filter((area) => area.now !== "")
        .map((area) => makeElement("li", {}, [assessAreaText(area)])),
    );
    const lines = assessmentLines(made, data.anchors.indent ?? "  ");
    block.textContent = (data.anchors.section === "missing" ? ["assessments:", ...lines] : lines).join("\n");
    command.textContent = assessmentCommand(project.slug, made);
    try {
      edited = addAssessment(project.text, data.anchors, made);
      download.hidden = false;
    } catch (error) {
      if (!(error instanceof AssessmentError)) {
        throw error;
      }
      download.hidden = true;
      status.textContent = formatMessage(
        gettext(
          "This page cannot add it to %(file)s: its assessments are written in brackets (flow style). Put each assessment on lines of its own, or run the command below.",
        ),
        { file: project.file },
      );
    }
    result.hidden = false;
    return true;
  };

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    sent = true;
    status.textContent = "";
    if (refresh()) {
      result.focus();
    } else {
      summary.focus();
      summary.scrollIntoView({ block: "start" });
    }
  });
  const follow = () => {
    if (sent) {
      status.textContent = "";
      refresh();
    }
  };
  form.addEventListener("input", follow);
  form.addEventListener("change", follow);
  download.addEventListener("click", () => {
    if (edited === null || made === null) {
      return;
    }
    downloadText(edited, name);
    status.textContent = formatMessage(
      gettext(
        "Downloaded %(name)s with the assessment of %(date)s. Put it in place of %(file)s in the repository (commit it), and the next build shows the maturity to everyone. Ticks in the checklist above are not in this file: download them there.",
      ),
      { name, date: made.date, file: project.file },
    );
  });
  linkErrorSummary(summary);
}

if (typeof document !== "undefined") {
  whenReady(initAssessPage);
}
