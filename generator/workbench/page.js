// @ts-check
/**
 * What the two pages of the workbench share (the kickoff form and a project's clickable
 * checklist): shell quoting, the local date, the browser's storage, and handing a file over
 * (download, clipboard). Pure helpers first, the DOM ones after.
 *
 * Every name here is global inside the bundled script (generator/publish/bundle.py): keep
 * them specific.
 * @module
 */

import { gettext } from "./i18n.js";

/**
 * One word for a POSIX shell: as is when it holds nothing the shell reads, else quoted.
 * @param {string} text
 * @returns {string}
 */
export function shellWord(text) {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(text)) {
    return text;
  }
  return "'" + text.replaceAll("'", "'\"'\"'") + "'";
}

/**
 * The date on the browser's clock, in its time zone, written YYYY-MM-DD.
 * @param {Date} [now]
 * @returns {string}
 */
export function localToday(now = new Date()) {
  return (
    String(now.getFullYear()).padStart(4, "0") +
    "-" +
    String(now.getMonth() + 1).padStart(2, "0") +
    "-" +
    String(now.getDate()).padStart(2, "0")
  );
}

/**
 * "1 task", "3 tasks".
 * @param {number} count
 * @param {string} noun
 * @returns {string}
 */
export function countOf(count, noun) {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

/**
 * A value kept in the browser's storage, or null (none, unreadable, or storage refused, as in
 * some private windows).
 * @param {string} key
 * @returns {unknown}
 */
export function readStored(key) {
  try {
    const text = globalThis.localStorage.getItem(key);
    return text === null ? null : JSON.parse(text);
  } catch {
    return null;
  }
}

/**
 * Keep a value in the browser's storage; false when the browser refuses.
 * @param {string} key
 * @param {unknown} value
 * @returns {boolean}
 */
export function writeStored(key, value) {
  try {
    globalThis.localStorage.setItem(key, JSON.stringify(value));
    return true;
  } catch {
    return false;
  }
}

/** @param {string} key */
export function forgetStored(key) {
  try {
    globalThis.localStorage.removeItem(key);
  } catch {
    // Nothing was kept, then.
  }
}

/**
 * Run `start` once the document is parsed (at once when it already is).
 * @param {() => void} start
 */
export function whenReady(start) {
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start, { once: true });
  } else {
    start();
  }
}

/**
 * A new element with attributes and children; text is only ever set as text.
 * @param {string} tag
 * @param {Record<string, string | boolean>} [attributes] true sets an empty attribute, false none
 * @param {(Node | string)[]} [children]
 * @returns {HTMLElement}
 */
export function makeElement(tag, attributes = {}, children = []) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === true) {
      element.setAttribute(name, "");
    } else if (value !== false) {
      element.setAttribute(name, value);
    }
  }
  element.append(...children);
  return element;
}

/**
 * Shows ``message`` on one group of a form (GOV.UK style), or clears it when null: the error
 * line under the label, the group's error state, and what a screen reader hears on the field
 * (its hint and error as its description; invalid, for a single field). The kickoff form and
 * the self-assessment form both use it.
 * @param {HTMLElement} group the element with `data-pb-field`
 * @param {string | null} message
 * @param {string} fieldSelector the group's field, where it has no fieldset
 */
export function showFieldError(group, message, fieldSelector) {
  const slot = group.querySelector(".pb-error-message");
  const fieldset = group.querySelector("fieldset");
  /** @type {HTMLElement | null} */
  const described = fieldset ?? group.querySelector(fieldSelector);
  const hint = group.querySelector(".pb-hint");
  group.classList.toggle("pb-form-group--error", message !== null);
  if (slot !== null) {
    slot.replaceChildren();
    if (message !== null) {
      slot.append(makeElement("span", { class: "pb-visually-hidden" }, [`${gettext("Error:")} `]), message);
    }
    slot.toggleAttribute("hidden", message === null);
  }
  if (described === null) {
    return;
  }
  const ids = [hint?.id, message !== null ? slot?.id : undefined].filter(Boolean);
  if (ids.length > 0) {
    described.setAttribute("aria-describedby", ids.join(" "));
  } else {
    described.removeAttribute("aria-describedby");
  }
  if (fieldset === null && message !== null) {
    described.setAttribute("aria-invalid", "true");
  } else {
    described.removeAttribute("aria-invalid");
  }
}

/**
 * Makes an error summary's links move to their fields as GOV.UK's do: the field's label or
 * legend scrolled into view (a bare jump would hide it under the header), then the field focused.
 * @param {HTMLElement} summary holds links with `data-pb-focus` naming a field's id
 */
export function linkErrorSummary(summary) {
  summary.addEventListener("click", (event) => {
    const link = event.target instanceof Element ? event.target.closest("a[data-pb-focus]") : null;
    if (!(link instanceof HTMLElement)) {
      return;
    }
    const field = document.getElementById(link.dataset.pbFocus ?? "");
    if (field === null) {
      return;
    }
    event.preventDefault();
    const group = field.closest(".pb-form-group");
    (group?.querySelector("legend, label") ?? field).scrollIntoView({ block: "start" });
    field.focus({ preventScroll: true });
  });
}

/**
 * The JSON a page embeds in `<script type="application/json" id=...>`, or null.
 * @param {string} id
 * @returns {unknown}
 */
export function embeddedJson(id) {
  const element = document.getElementById(id);
  if (element === null) {
    return null;
  }
  return JSON.parse(element.textContent ?? "null");
}

/**
 * Hand a text over as a file download, byte for byte (UTF-8, no byte order mark).
 * @param {string} text
 * @param {string} fileName
 */
export function downloadText(text, fileName) {
  const blob = new Blob([text], { type: "application/yaml;charset=utf-8" });
  const url = URL.createObjectURL(blob);
  const link = makeElement("a", { href: url, download: fileName, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started from the click; the address may go once it is read.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * Put a text on the clipboard: the Clipboard API where the page may use it, else the older
 * copy command on a hidden text area. False when neither works.
 * @param {string} text
 * @returns {Promise<boolean>}
 */
export async function copyText(text) {
  try {
    if (globalThis.navigator.clipboard && globalThis.isSecureContext) {
      await globalThis.navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // Refused (no permission, page not focused): try the older way.
  }
  const area = /** @type {HTMLTextAreaElement} */ (
    makeElement("textarea", { readonly: true, "aria-hidden": "true", class: "pb-offscreen" })
  );
  area.value = text;
  document.body.append(area);
  area.select();
  let copied = false;
  try {
    copied = document.execCommand("copy");
  } catch {
    copied = false;
  }
  area.remove();
  return copied;
}
