// @ts-check
/**
 * A kind's index page (risks, tasks, practices, ...): its items filtered by facet, combined.
 *
 * The page (generator/render/templates/kind-index-facets.html.j2) lists every item, each with
 * its facet values in `data-pb-facets` (JSON: facet -> values). Without JavaScript it shows the
 * facet values as links to their tag pages and the whole list. Here those links give way to
 * the form, rendered `hidden`: checkboxes by facet, each with a count.
 *
 * - Within a facet the checked values widen the list (OR): phase plan or execute.
 * - Across facets they narrow it (AND): (plan or execute) and banking.
 * - A value's count is how many items it would show with the other facets' filters as they
 *   are: what ticking it adds, as on a shop's filters.
 * - A status line (role=status) says how many items are shown; screen readers announce it.
 * - The address keeps the filters (`?phase=plan&phase=execute&industry=banking`), so a
 *   filtered list can be linked to and survives a reload; other parameters are kept.
 *
 * The pure functions come first (tests/js/facets.test.js), the page's code after.
 * @module
 */

import { formatMessage, ngettext } from "./i18n.js";
import { whenReady } from "./page.js";

/** Facet -> its values (an item's values, or the values a filter asks for). */
/** @typedef {Record<string, string[]>} FacetValues */

/** Facet -> value -> count. */
/** @typedef {Record<string, Record<string, number>>} FacetCounts */

/**
 * An item's facet values, read from its `data-pb-facets` (JSON); {} when absent or unreadable.
 * @param {string | null | undefined} text
 * @returns {FacetValues}
 */
export function facetsOfItem(text) {
  /** @type {unknown} */
  let data;
  try {
    data = JSON.parse(text ?? "");
  } catch {
    return {};
  }
  /** @type {FacetValues} */
  const values = {};
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    return values;
  }
  for (const [facet, list] of Object.entries(data)) {
    if (Array.isArray(list)) {
      values[facet] = list.filter((value) => typeof value === "string");
    }
  }
  return values;
}

/**
 * Whether an item passes the filters: for every facet with a checked value, the item has one
 * of the checked values (facets with nothing checked do not filter). `except` leaves one
 * facet out, for that facet's counts.
 * @param {FacetValues} item
 * @param {FacetValues} selection
 * @param {string} [except]
 * @returns {boolean}
 */
export function facetsMatch(item, selection, except = "") {
  return Object.entries(selection).every(
    ([facet, wanted]) =>
      facet === except ||
      wanted.length === 0 ||
      (item[facet] ?? []).some((value) => wanted.includes(value)),
  );
}

/**
 * Every value's count: how many items have the value and pass the filters of the other facets.
 * @param {FacetValues[]} items
 * @param {FacetValues} selection
 * @param {FacetValues} options facet -> the values the form offers
 * @returns {FacetCounts}
 */
export function facetsCounts(items, selection, options) {
  /** @type {FacetCounts} */
  const counts = {};
  for (const [facet, values] of Object.entries(options)) {
    const passing = items.filter((item) => facetsMatch(item, selection, facet));
    counts[facet] = {};
    for (const value of values) {
      counts[facet][value] = passing.filter((item) => (item[facet] ?? []).includes(value)).length;
    }
  }
  return counts;
}

/**
 * The filters an address asks for (`?phase=plan&phase=execute`), kept to the values the form
 * offers, in the form's order; every offered facet has a list, empty when nothing is asked.
 * @param {string} search the address's query, e.g. location.search
 * @param {FacetValues} options facet -> the values the form offers
 * @returns {FacetValues}
 */
export function facetsFromQuery(search, options) {
  const params = new URLSearchParams(search);
  /** @type {FacetValues} */
  const selection = {};
  for (const [facet, values] of Object.entries(options)) {
    const asked = params.getAll(facet);
    selection[facet] = values.filter((value) => asked.includes(value));
  }
  return selection;
}

/**
 * The address's query with the filters in place of any the address had, its other parameters
 * (a search's `q` or `h`) kept as they were: "" for none, else "?...".
 * @param {string} search
 * @param {FacetValues} selection
 * @returns {string}
 */
export function facetsToQuery(search, selection) {
  const params = new URLSearchParams(search);
  for (const [facet, values] of Object.entries(selection)) {
    params.delete(facet);
    for (const value of values) {
      params.append(facet, value);
    }
  }
  const text = params.toString();
  return text === "" ? "" : `?${text}`;
}

/**
 * What the status line says: "Showing all 20 items", "Showing 3 of 20 items".
 * @param {number} shown
 * @param {number} total
 * @returns {string}
 */
export function facetsStatusText(shown, total) {
  return shown === total
    ? formatMessage(ngettext("Showing all %(num)d item", "Showing all %(num)d items", total), {
        num: total,
      })
    : formatMessage(
        ngettext("Showing %(shown)d of %(num)d item", "Showing %(shown)d of %(num)d items", total),
        { shown, num: total },
      );
}

// --- The page ---------------------------------------------------------------------------------

/**
 * What holds a table or list on the page: Material wraps each table in boxes of its own (to
 * scroll it sideways), whose first one follows the table's heading.
 * @param {Element} group
 * @returns {Element}
 */
function facetsGroupBox(group) {
  let box = group;
  while (
    box.parentElement !== null &&
    box.parentElement.children.length === 1 &&
    box.parentElement.matches(".md-typeset__scrollwrap, .md-typeset__table")
  ) {
    box = box.parentElement;
  }
  return box;
}

/**
 * The page's filters: nothing happens on a page without them (or without a list to filter).
 * @param {Document} page
 */
export function initFacets(page = document) {
  const form = page.getElementById("pb-facets-form");
  const tags = page.getElementById("pb-facets-tags");
  const status = page.getElementById("pb-facets-status");
  const clear = page.getElementById("pb-facets-clear");
  if (!(form instanceof HTMLFormElement) || status === null || form.dataset.pbReady === "yes") {
    return;
  }
  const elements = Array.from(page.querySelectorAll("[data-pb-facets]"));
  if (elements.length === 0) {
    return;
  }
  form.dataset.pbReady = "yes"; // once, even if the script is on the page twice
  const items = elements.map((element) => facetsOfItem(element.getAttribute("data-pb-facets")));
  const groups = Array.from(page.querySelectorAll("[data-pb-facet-group]"));
  const boxes = /** @type {HTMLInputElement[]} */ (
    Array.from(form.querySelectorAll("input[type=checkbox]"))
  );
  /** @type {FacetValues} */
  const options = {};
  for (const box of boxes) {
    (options[box.name] ??= []).push(box.value);
  }

  /** @returns {FacetValues} */
  const selected = () => {
    /** @type {FacetValues} */
    const selection = {};
    for (const facet of Object.keys(options)) {
      selection[facet] = boxes
        .filter((box) => box.name === facet && box.checked)
        .map((box) => box.value);
    }
    return selection;
  };

  /** @param {boolean} remember whether to put the filters in the address */
  const apply = (remember) => {
    const selection = selected();
    let shown = 0;
    elements.forEach((element, index) => {
      const visible = facetsMatch(items[index], selection);
      /** @type {HTMLElement} */ (element).hidden = !visible;
      shown += visible ? 1 : 0;
    });
    // A table or list with nothing left to show goes, with the heading just above it.
    for (const group of groups) {
      const empty = group.querySelector("[data-pb-facets]:not([hidden])") === null;
      const box = facetsGroupBox(group);
      /** @type {HTMLElement} */ (group).hidden = empty;
      /** @type {HTMLElement} */ (box).hidden = empty;
      const heading = box.previousElementSibling;
      if (heading instanceof HTMLHeadingElement) {
        heading.hidden = empty;
      }
    }
    const counts = facetsCounts(items, selection, options);
    for (const box of boxes) {
      const count = box.labels?.[0]?.querySelector(".pb-facets__count");
      if (count) {
        count.textContent = `(${counts[box.name]?.[box.value] ?? 0})`;
      }
    }
    status.textContent = facetsStatusText(shown, items.length);
    if (clear !== null) {
      clear.hidden = Object.values(selection).every((values) => values.length === 0);
    }
    if (remember) {
      const query = facetsToQuery(globalThis.location.search, selection);
      try {
        globalThis.history.replaceState(
          globalThis.history.state,
          "",
          `${globalThis.location.pathname}${query}${globalThis.location.hash}`,
        );
      } catch {
        // Some browsers refuse to change a file:// address; the filters still work.
      }
    }
  };

  const wanted = facetsFromQuery(globalThis.location.search, options);
  for (const box of boxes) {
    box.checked = (wanted[box.name] ?? []).includes(box.value);
    box.addEventListener("change", () => apply(true));
  }
  clear?.addEventListener("click", () => {
    for (const box of boxes) {
      box.checked = false;
    }
    apply(true);
    boxes[0]?.focus();
  });
  form.addEventListener("submit", (event) => event.preventDefault());
  if (tags !== null) {
    tags.hidden = true;
  }
  form.hidden = false;
  apply(false);
  // Once more after the theme's own start (it wraps each table in boxes of its own), so an
  // emptied table's boxes go too.
  globalThis.setTimeout(() => apply(false), 0);
}

if (typeof document !== "undefined") {
  whenReady(() => initFacets());
}
