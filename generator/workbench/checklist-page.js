// @ts-check
/**
 * A project's page, made clickable: each task of the checklist gets a checkbox (done) and a
 * way to mark it n/a with a note. The changes are kept in the browser (per project and
 * playbook version) until they reach the project file, which the page hands back edited
 * exactly as `playbook mark` edits it (projectfile.js applyMarks, the same rules as Python).
 * Progress and overdue counts follow every change, and so does blocked (fill.js's rule: an
 * open task waits while a task it depends on is neither done nor n/a); filters show one
 * role's tasks, the open ones (blocked included) or the overdue ones.
 *
 * Without JavaScript the page stays the static checklist the build wrote.
 * @module
 */

import { formatMessage, gettext, N_, ngettext } from "./i18n.js";
import {
  downloadText,
  embeddedJson,
  forgetStored,
  localToday,
  makeElement,
  readStored,
  shellWord,
  whenReady,
  writeStored,
} from "./page.js";
import { isFinished } from "./fill.js";
import { applyMarks } from "./projectfile.js";

/** @typedef {import("./projectfile.js").Mark} Mark */

// The states a task's cell shows, for the catalogue: they are data until shown (gettext).
const CHECKLIST_STATE_WORDS = [N_("open"), N_("done"), N_("n/a"), N_("overdue"), N_("blocked")];
/** @typedef {import("./projectfile.js").StatusAnchors} StatusAnchors */
/** @typedef {"open" | "done" | "n/a"} ItemState */
/** @typedef {{state: ItemState, note: string}} Change what the user set for one task */
/**
 * A project as its page embeds it (generator/render/workbench.py project_page_data).
 * @typedef {{
 *   slug: string,
 *   name: string,
 *   file: string,
 *   playbook_version: string,
 *   playbook: {id: string, version: string, roles: {id: string, title: string}[],
 *     tasks: {id: string, depends_on?: readonly string[]}[]},
 *   project: {kickoff: string, roles: Record<string, string>,
 *     status: Record<string, {state: ItemState, date: string, note: string}>},
 *   checklist: {tasks: import("./fill.js").TaskRow[]},
 *   text: string,
 *   anchors: StatusAnchors,
 * }} ProjectPageData
 */
/**
 * One task as the page shows it now: its state with the user's changes (open, done, n/a,
 * blocked or overdue), the tasks it waits for while blocked, the day it was done, its note,
 * and whether it differs from the project file.
 * @typedef {{id: string, state: string, blocked_by: string[], done_on: string, note: string,
 *   changed: boolean}} LiveRow
 */

/**
 * @param {ProjectPageData} data
 * @param {string} id
 */
function checklistFileStatus(data, id) {
  return Object.hasOwn(data.project.status, id) ? data.project.status[id] : null;
}

/**
 * The checklist with the user's changes, as of `today` (the browser's date, for a task done
 * now) and `asOf` (the date overdue is judged against).
 * @param {ProjectPageData} data
 * @param {Readonly<Record<string, Change>>} changes
 * @param {string} today
 * @param {string} asOf
 * @returns {{rows: LiveRow[], counts: {tasks: number, counted: number, done: number,
 *   overdue: number, progress: number, changed: number}}}
 */
export function checklistView(data, changes, today, asOf) {
  /** @param {string} id */
  const liveState = (id) =>
    Object.hasOwn(changes, id) ? changes[id].state : (checklistFileStatus(data, id)?.state ?? "open");
  const applicable = new Set(data.checklist.tasks.map((task) => task.id));
  const dependencies = new Map(data.playbook.tasks.map((task) => [task.id, task.depends_on ?? []]));
  const rows = data.checklist.tasks.map((task) => {
    const entry = checklistFileStatus(data, task.id);
    const fileState = entry?.state ?? "open";
    const fileNote = entry?.note ?? "";
    const change = Object.hasOwn(changes, task.id) ? changes[task.id] : null;
    const state = change?.state ?? fileState;
    const note = change?.note ?? fileNote;
    const waitsFor =
      state === "open"
        ? [...new Set(dependencies.get(task.id) ?? [])].filter(
            (id) => applicable.has(id) && !isFinished(liveState(id)),
          )
        : [];
    /** @type {string} */
    let shown = state;
    if (waitsFor.length > 0) {
      shown = "blocked";
    } else if (state === "open" && task.due !== "" && task.due < asOf) {
      shown = "overdue";
    }
    return {
      id: task.id,
      state: shown,
      blocked_by: waitsFor,
      done_on: state !== "done" ? "" : fileState === "done" ? (entry?.date ?? "") : today,
      note,
      changed: state !== fileState || note !== fileNote,
    };
  });
  const counted = rows.filter((row) => row.state !== "n/a");
  const done = counted.filter((row) => row.state === "done").length;
  return {
    rows,
    counts: {
      tasks: rows.length,
      counted: counted.length,
      done,
      overdue: rows.filter((row) => row.state === "overdue").length,
      progress: counted.length > 0 ? Math.floor((100 * done) / counted.length) : 100,
      changed: rows.filter((row) => row.changed).length,
    },
  };
}

/**
 * The marks for the tasks the user changed, in the playbook's item order, as `playbook mark`
 * makes them: done is dated `today` unless the task was done already (it keeps its date).
 * @param {ProjectPageData} data
 * @param {Readonly<Record<string, Change>>} changes
 * @param {string} today
 * @returns {Mark[]}
 */
export function checklistMarks(data, changes, today) {
  const applicable = new Set(data.checklist.tasks.map((task) => task.id));
  /** @type {Mark[]} */
  const marks = [];
  for (const task of data.playbook.tasks) {
    if (!applicable.has(task.id) || !Object.hasOwn(changes, task.id)) {
      continue;
    }
    const entry = checklistFileStatus(data, task.id);
    const { state, note } = changes[task.id];
    if (state === (entry?.state ?? "open") && note === (entry?.note ?? "")) {
      continue;
    }
    const kept = entry !== null && entry.state === state ? entry.date || null : null;
    marks.push({ item_id: task.id, state, date: kept ?? (state === "done" ? today : null), note });
  }
  return marks;
}

/**
 * The `playbook mark` commands that make the same edit, one per mark.
 * @param {ProjectPageData} data
 * @param {Mark[]} marks
 * @returns {string[]}
 */
export function checklistCommands(data, marks) {
  return marks.map((mark) => {
    const entry = checklistFileStatus(data, mark.item_id);
    let command = `playbook mark ${shellWord(data.slug)} ${shellWord(mark.item_id)} --state ${shellWord(mark.state)}`;
    if (mark.date) {
      command += ` --date ${mark.date}`;
    }
    const note = mark.note ?? "";
    if (note !== (entry?.note ?? "")) {
      command += ` --note ${note === "" ? "''" : shellWord(note)}`;
    }
    return command;
  });
}

/**
 * The user's changes kept in the browser, keeping only what still makes sense.
 * @param {unknown} stored
 * @param {Set<string>} ids
 * @returns {Record<string, Change>}
 */
function checklistChangesFrom(stored, ids) {
  /** @type {Record<string, Change>} */
  const changes = {};
  if (stored === null || typeof stored !== "object") {
    return changes;
  }
  const kept = /** @type {{changes?: unknown}} */ (stored).changes;
  if (kept === null || typeof kept !== "object") {
    return changes;
  }
  for (const [id, value] of Object.entries(kept)) {
    const change = /** @type {{state?: unknown, note?: unknown}} */ (value ?? {});
    if (
      ids.has(id) &&
      (change.state === "open" || change.state === "done" || change.state === "n/a") &&
      typeof change.note === "string"
    ) {
      changes[id] = { state: change.state, note: change.note };
    }
  }
  return changes;
}

/**
 * The project's page, once its document is there; nothing happens on other pages.
 */
export function initChecklistPage() {
  const root = document.getElementById("pb-checklist");
  const embedded = embeddedJson("pb-checklist-data");
  if (root === null || embedded === null) {
    return;
  }
  const data = /** @type {ProjectPageData} */ (embedded);
  const storageKey = `playbook:checklist:${data.slug}@${data.playbook_version}`;
  const builtAsOf = root.dataset.asOf ?? "";
  const ids = new Set(data.checklist.tasks.map((task) => task.id));
  const tasks = new Map(data.checklist.tasks.map((task) => [task.id, task]));
  const roleTitles = new Map(data.playbook.roles.map((role) => [role.id, role.title]));
  const stored = readStored(storageKey);
  let changes = checklistChangesFrom(stored, ids);
  const storedRole =
    stored !== null && typeof stored === "object"
      ? /** @type {{role?: unknown}} */ (stored).role
      : "";
  const editable = data.anchors.section !== "flow";

  /** The browser's date; overdue is judged against it, or against the build's when later. */
  const dates = () => {
    const today = localToday();
    return { today, asOf: builtAsOf > today ? builtAsOf : today };
  };

  // --- the controls -------------------------------------------------------------------
  const roleSelect = /** @type {HTMLSelectElement} */ (
    makeElement("select", { id: "pb-filter-role", class: "pb-select" }, [
      makeElement("option", { value: "" }, [gettext("Everyone")]),
      ...data.playbook.roles.map((role) => {
        const person = data.project.roles[role.id];
        return makeElement("option", { value: role.id }, [
          person ? formatMessage(gettext("%(role)s (%(person)s)"), { role: role.title, person }) : role.title,
        ]);
      }),
    ])
  );
  if (typeof storedRole === "string" && roleTitles.has(storedRole)) {
    roleSelect.value = storedRole;
  }
  const openOnly = /** @type {HTMLInputElement} */ (
    makeElement("input", { type: "checkbox", id: "pb-filter-open", class: "pb-choice__input" })
  );
  const overdueOnly = /** @type {HTMLInputElement} */ (
    makeElement("input", { type: "checkbox", id: "pb-filter-overdue", class: "pb-choice__input" })
  );
  const shownCount = makeElement("p", { class: "pb-filters__count", "aria-live": "polite" });
  const filters = makeElement("div", { class: "pb-filters", role: "group", "aria-label": gettext("Filter the checklist") }, [
    makeElement("div", { class: "pb-filters__field" }, [
      makeElement("label", { for: "pb-filter-role", class: "pb-label" }, [gettext("Mine: tasks of")]),
      roleSelect,
    ]),
    makeElement("div", { class: "pb-choice" }, [
      openOnly,
      makeElement("label", { for: "pb-filter-open", class: "pb-choice__label" }, [gettext("Open only")]),
    ]),
    makeElement("div", { class: "pb-choice" }, [
      overdueOnly,
      makeElement("label", { for: "pb-filter-overdue", class: "pb-choice__label" }, [gettext("Overdue only")]),
    ]),
    shownCount,
  ]);
  root.append(filters);

  const bannerText = makeElement("p", { class: "pb-banner__text" });
  const downloadButton = makeElement(
    "button",
    { type: "button", class: "md-button md-button--primary", "data-pb-action": "download" },
    [gettext("Download updated project file")],
  );
  const discardButton = makeElement("button", { type: "button", class: "md-button", "data-pb-action": "discard" }, [
    gettext("Discard changes"),
  ]);
  const commands = makeElement("code");
  const bannerStatus = makeElement("p", { class: "pb-status", role: "status" });
  const banner = makeElement("div", { class: "pb-banner", id: "pb-banner", hidden: true }, [
    bannerText,
    editable
      ? makeElement("p", {}, [
          formatMessage(
            gettext(
              "They are kept in this browser only. Download the updated file and put it in place of %(file)s in the repository (commit it), and the next build shows them to everyone.",
            ),
            { file: data.file },
          ),
        ])
      : makeElement("p", { class: "pb-banner__flow" }, [
          formatMessage(
            gettext(
              "This page cannot write them into %(file)s: its status entries are written on one line (flow style). Put each entry under status on its own line, or run the commands below in a copy of the repository.",
            ),
            { file: data.file },
          ),
        ]),
    makeElement("div", { class: "pb-actions" }, editable ? [downloadButton, discardButton] : [discardButton]),
    makeElement("details", { class: "pb-banner__commands", open: !editable }, [
      makeElement("summary", {}, [gettext("The same with the command line")]),
      makeElement("pre", {}, [commands]),
    ]),
    bannerStatus,
  ]);
  const progress = document.querySelector("progress.playbook-progress");
  const anchor = progress?.closest("p") ?? progress ?? root;
  anchor.after(banner);

  // Each row of the static tables gets its controls.
  /** @type {Map<string, {row: HTMLTableRowElement, done: HTMLInputElement, na: HTMLInputElement,
   *   note: HTMLInputElement, noteText: HTMLElement, state: HTMLElement}>} */
  const controls = new Map();
  for (const element of document.querySelectorAll("tr[data-pb-item]")) {
    const row = /** @type {HTMLTableRowElement} */ (element);
    const id = row.dataset.pbItem ?? "";
    const task = tasks.get(id);
    if (task === undefined || row.cells.length < 5) {
      continue;
    }
    const [titleCell, , , stateCell, noteCell] = Array.from(row.cells);
    const link = titleCell.querySelector("a");
    const done = /** @type {HTMLInputElement} */ (
      makeElement("input", { type: "checkbox", class: "pb-check", id: `pb-done-${id}` })
    );
    if (link !== null) {
      link.id = `pb-title-${id}`;
      done.setAttribute("aria-labelledby", link.id);
    } else {
      done.setAttribute("aria-label", task.title);
    }
    titleCell.prepend(done);
    const hidden = () => makeElement("span", { class: "pb-visually-hidden" }, [formatMessage(gettext(" for %(task)s"), { task: task.title })]);
    const na = /** @type {HTMLInputElement} */ (
      makeElement("input", { type: "checkbox", class: "pb-choice__input", id: `pb-na-${id}` })
    );
    const note = /** @type {HTMLInputElement} */ (
      makeElement("input", { type: "text", class: "pb-input", id: `pb-note-${id}`, autocomplete: "off" })
    );
    const noteText = makeElement("span", { class: "pb-note-text" });
    noteCell.replaceChildren(
      noteText,
      makeElement("details", { class: "pb-edit" }, [
        makeElement("summary", {}, [gettext("N/A or note"), hidden()]),
        makeElement("div", { class: "pb-edit__body" }, [
          makeElement("div", { class: "pb-choice" }, [
            na,
            makeElement("label", { for: `pb-na-${id}`, class: "pb-choice__label" }, [gettext("Not applicable"), hidden()]),
          ]),
          makeElement("label", { for: `pb-note-${id}`, class: "pb-label" }, [gettext("Note"), hidden()]),
          note,
        ]),
      ]),
    );
    const state = makeElement("span", { class: "pb-state" });
    stateCell.replaceChildren(state);
    controls.set(id, { row, done, na, note, noteText, state });
  }

  // --- showing the state --------------------------------------------------------------
  const summaryProgress = document.getElementById("pb-summary-progress");
  const summaryOverdue = document.getElementById("pb-summary-overdue");
  const summaryAsOf = document.getElementById("pb-summary-as-of");

  const render = () => {
    const { today, asOf } = dates();
    const view = checklistView(data, changes, today, asOf);
    for (const live of view.rows) {
      const control = controls.get(live.id);
      if (control === undefined) {
        continue;
      }
      control.done.checked = live.state === "done";
      control.na.checked = live.state === "n/a";
      if (document.activeElement !== control.note) {
        control.note.value = live.note;
      }
      control.noteText.textContent = live.note;
      const label =
        live.state === "done" && live.done_on
          ? formatMessage(gettext("done (%(date)s)"), { date: live.done_on })
          : CHECKLIST_STATE_WORDS.includes(live.state)
            ? gettext(live.state)
            : live.state;
      control.state.replaceChildren(live.state === "overdue" ? makeElement("strong", {}, [label]) : label);
      if (live.blocked_by.length > 0) {
        const titles = live.blocked_by.map((id) => tasks.get(id)?.title ?? id);
        control.state.append(" ", makeElement("span", { class: "pb-waits" }, [formatMessage(gettext("(waits for: %(tasks)s)"), { tasks: titles.join(", ") })]));
      }
      if (live.changed) {
        control.state.append(" ", makeElement("span", { class: "pb-changed" }, [gettext("changed")]));
      }
      control.row.classList.toggle("pb-row--changed", live.changed);
      control.row.dataset.pbState = live.state;
    }
    const counts = view.counts;
    if (summaryProgress !== null) {
      summaryProgress.replaceChildren(
        makeElement("strong", {}, [`${counts.progress}%`]),
        " ",
        formatMessage(gettext("(%(done)s of %(total)s tasks done)"), { done: counts.done, total: counts.counted }),
      );
    }
    if (summaryOverdue !== null) {
      summaryOverdue.textContent = String(counts.overdue);
    }
    if (summaryAsOf !== null) {
      summaryAsOf.textContent = asOf;
    }
    if (progress instanceof HTMLProgressElement) {
      progress.value = counts.progress;
      progress.textContent = `${counts.progress}%`;
      progress.setAttribute(
        "aria-label",
        formatMessage(gettext("Progress: %(percent)s%% of tasks done"), { percent: counts.progress }),
      );
    }
    const marks = checklistMarks(data, changes, today);
    banner.hidden = counts.changed === 0;
    bannerText.textContent = formatMessage(
      ngettext(
        "%(num)d change is not yet in the project file.",
        "%(num)d changes are not yet in the project file.",
        counts.changed,
      ),
      { num: counts.changed },
    );
    commands.textContent = checklistCommands(data, marks).join("\n");
    applyFilters(view.rows);
  };

  /** @param {LiveRow[]} rows */
  const applyFilters = (rows) => {
    const role = roleSelect.value;
    let shown = 0;
    for (const live of rows) {
      const control = controls.get(live.id);
      const task = tasks.get(live.id);
      if (control === undefined || task === undefined) {
        continue;
      }
      const visible =
        (role === "" || task.owner_role === role) &&
        (!openOnly.checked || ["open", "overdue", "blocked"].includes(live.state)) &&
        (!overdueOnly.checked || live.state === "overdue");
      control.row.hidden = !visible;
      shown += visible ? 1 : 0;
    }
    // A phase with no task left to show loses its table and its heading.
    for (const table of document.querySelectorAll("table")) {
      const rowsHere = Array.from(table.querySelectorAll("tr[data-pb-item]"));
      if (rowsHere.length === 0) {
        continue;
      }
      const empty = rowsHere.every((row) => /** @type {HTMLElement} */ (row).hidden);
      const box = table.closest(".md-typeset__scrollwrap") ?? table;
      /** @type {HTMLElement} */ (box).hidden = empty;
      const heading = box.previousElementSibling;
      if (heading instanceof HTMLHeadingElement) {
        heading.hidden = empty;
      }
    }
    shownCount.textContent = formatMessage(
      shown === rows.length
        ? ngettext("Showing all %(num)d task.", "Showing all %(num)d tasks.", rows.length)
        : ngettext("Showing %(shown)s of %(num)d task.", "Showing %(shown)s of %(num)d tasks.", rows.length),
      { shown, num: rows.length },
    );
  };

  const save = () => {
    const kept = Object.keys(changes).length > 0 || roleSelect.value !== "";
    if (kept) {
      writeStored(storageKey, { changes, role: roleSelect.value });
    } else {
      forgetStored(storageKey);
    }
  };

  /**
   * @param {string} id
   * @param {Partial<Change>} update
   */
  const change = (id, update) => {
    const { today, asOf } = dates();
    const current = checklistView(data, changes, today, asOf).rows.find((row) => row.id === id);
    if (current === undefined) {
      return;
    }
    const state = /** @type {ItemState} */ (
      current.state === "overdue" || current.state === "blocked" ? "open" : current.state
    );
    const next = { state, note: current.note, ...update };
    const entry = checklistFileStatus(data, id);
    changes = { ...changes };
    if (next.state === (entry?.state ?? "open") && next.note === (entry?.note ?? "")) {
      delete changes[id];
    } else {
      changes[id] = next;
    }
    bannerStatus.textContent = "";
    save();
    render();
  };

  for (const [id, control] of controls) {
    control.done.addEventListener("change", () => {
      change(id, { state: control.done.checked ? "done" : "open" });
    });
    control.na.addEventListener("change", () => {
      change(id, { state: control.na.checked ? "n/a" : "open" });
    });
    control.note.addEventListener("input", () => {
      change(id, { note: control.note.value });
    });
  }
  for (const filter of [roleSelect, openOnly, overdueOnly]) {
    filter.addEventListener("change", () => {
      save();
      render();
    });
  }
  downloadButton.addEventListener("click", () => {
    const { today } = dates();
    const marks = checklistMarks(data, changes, today);
    const name = data.file.split("/").pop() || `${data.slug}.yaml`;
    downloadText(applyMarks(data.text, data.anchors, marks), name);
    bannerStatus.textContent = formatMessage(
      ngettext(
        "Downloaded %(name)s with %(num)d change. Put it in place of %(file)s in the repository; once the site is rebuilt, choose Discard changes here.",
        "Downloaded %(name)s with %(num)d changes. Put it in place of %(file)s in the repository; once the site is rebuilt, choose Discard changes here.",
        marks.length,
      ),
      { name, num: marks.length, file: data.file },
    );
  });
  discardButton.addEventListener("click", () => {
    changes = {};
    save();
    render();
    bannerStatus.textContent = "";
    roleSelect.focus();
  });
  render();
}

if (typeof document !== "undefined") {
  whenReady(initChecklistPage);
}
