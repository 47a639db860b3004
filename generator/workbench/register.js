// @ts-check
/**
 * The risk register on a project's page, filtered to one cell of the heat map: each cell with
 * risks links to `#register-l<likelihood>-i<impact>`; this shows only that cell's rows (those
 * whose `data-cell` is `l<likelihood>-i<impact>`) and says so, with a way back to every risk.
 * Any other address shows every row; one that names a row of the register (a task's link to
 * a risk it mitigates, `#pb-risk-<id>`) brings that row into view, which the browser could
 * not do while the row was hidden. Without JavaScript the links lead to the register.
 * @module
 */

import { formatMessage, gettext, ngettext } from "./i18n.js";
import { makeElement, whenReady } from "./page.js";

const REGISTER_CELL = /^#register-l([1-5])-i([1-5])$/;

/**
 * The cell of the heat map an address names, as rows' `data-cell` write it, or null.
 * @param {string} hash the address's fragment, with its `#`
 * @returns {string | null}
 */
export function registerCellOf(hash) {
  const match = REGISTER_CELL.exec(hash);
  return match === null ? null : `l${match[1]}-i${match[2]}`;
}

/**
 * The id an address's fragment names (percent-decoded), or null when it names none.
 * @param {string} hash the address's fragment, with its `#`
 * @returns {string | null}
 */
export function registerTargetOf(hash) {
  if (hash.length < 2) {
    return null;
  }
  try {
    return decodeURIComponent(hash.slice(1));
  } catch {
    return null;
  }
}

/**
 * What the register says when it shows one cell's rows: "Showing 2 risks at likelihood 3 and
 * impact 4."
 * @param {number} shown
 * @param {string} likelihood
 * @param {string} impact
 * @returns {string}
 */
export function registerFilterText(shown, likelihood, impact) {
  const message = ngettext(
    "Showing %(num)d risk at likelihood %(likelihood)s and impact %(impact)s.",
    "Showing %(num)d risks at likelihood %(likelihood)s and impact %(impact)s.",
    shown,
  );
  return formatMessage(message, { num: shown, likelihood, impact });
}

/**
 * Show the rows of the cell named in the address (all rows when none is).
 * @param {HTMLElement} register the element around the register's table
 * @param {boolean} moveFocus whether to move the focus to the filter's message
 */
function showRegisterCell(register, moveFocus) {
  const status = register.querySelector(".risk-register__filter");
  if (!(status instanceof HTMLElement)) {
    return;
  }
  const match = REGISTER_CELL.exec(globalThis.location.hash);
  const cell = registerCellOf(globalThis.location.hash);
  let shown = 0;
  for (const row of register.querySelectorAll("tbody tr[data-cell]")) {
    const visible = cell === null || row.getAttribute("data-cell") === cell;
    row.toggleAttribute("hidden", !visible);
    shown += visible ? 1 : 0;
  }
  status.replaceChildren();
  status.hidden = cell === null;
  if (match === null) {
    const id = registerTargetOf(globalThis.location.hash);
    const target = id === null ? null : document.getElementById(id);
    if (moveFocus && target !== null && register.contains(target)) {
      target.scrollIntoView({ block: "start" });
    }
    return;
  }
  const showAll = makeElement("button", { type: "button", class: "md-button" }, [
    gettext("Show every risk"),
  ]);
  showAll.addEventListener("click", () => {
    globalThis.history.replaceState(null, "", "#risk-register");
    showRegisterCell(register, false);
    showAll.blur();
  });
  status.append(registerFilterText(shown, match[1], match[2]) + " ", showAll);
  status.tabIndex = -1;
  if (moveFocus) {
    status.focus();
  }
}

/** The project page's register, once its document is there; nothing happens elsewhere. */
export function initRegisterPage() {
  const register = document.getElementById("risk-register-table");
  if (register === null) {
    return;
  }
  showRegisterCell(register, false);
  globalThis.addEventListener("hashchange", () => showRegisterCell(register, true));
}

if (typeof document !== "undefined") {
  whenReady(initRegisterPage);
}
