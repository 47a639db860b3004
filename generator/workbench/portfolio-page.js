// @ts-check
/**
 * The portfolio page (projects/): its table of projects sorted by any column (each column
 * header becomes a button, the sorted one says so with aria-sort), and filtered by RAG status,
 * by flag (stale, upgrade available) and by a project's name or PM, with a live region saying
 * how many projects are shown.
 *
 * Without JavaScript the table is complete in its default order (red first, then amber, then
 * green, then by name, as generator/render/templates/portfolio-table.html.j2 writes it) and the
 * filters, rendered `hidden`, stay hidden. The rows carry what this reads: each cell's sort
 * value in `data-value`, the row's `data-rag`, `data-flags` and `data-search`.
 *
 * The pure functions come first (tests/js/portfolio-page.test.js), the page's code after.
 * @module
 */

import { formatMessage, gettext, ngettext } from "./i18n.js";
import { makeElement, whenReady } from "./page.js";

/**
 * A row of the table, as read from its data attributes.
 * @typedef {object} PortfolioRow
 * @property {number} index its place in the default order
 * @property {string[]} values each column's sort value, "" when it has none
 * @property {string} rag red, amber or green
 * @property {string[]} flags "stale", "upgrade"
 * @property {string} search the project's name and PM
 */

/**
 * What the filters ask for.
 * @typedef {object} PortfolioFilter
 * @property {string} text a part of the name or PM ("" for any)
 * @property {string[]} rags the RAG statuses shown
 * @property {string} flag "" for any project, else the flag a project must have
 */

/** @typedef {"ascending" | "descending"} PortfolioDirection */
/** @typedef {"text" | "number"} PortfolioSortType */

/**
 * Compare two sort values of one column. An empty value (no next due task, no open risk, no
 * earlier build) goes last whichever the direction.
 * @param {string} a
 * @param {string} b
 * @param {PortfolioSortType} type
 * @param {PortfolioDirection} direction
 * @returns {number}
 */
export function portfolioCompare(a, b, type, direction) {
  if (a === "" || b === "") {
    return (a === "" ? 1 : 0) - (b === "" ? 1 : 0);
  }
  const order =
    type === "number"
      ? Math.sign(Number(a) - Number(b))
      : a.localeCompare(b, "en", { sensitivity: "base", numeric: true });
  return direction === "ascending" ? order : -order;
}

/**
 * The rows sorted by one column; rows that tie keep their default order.
 * @param {PortfolioRow[]} rows
 * @param {number} column
 * @param {PortfolioSortType} type
 * @param {PortfolioDirection} direction
 * @returns {PortfolioRow[]}
 */
export function portfolioSorted(rows, column, type, direction) {
  return [...rows].sort(
    (one, other) =>
      portfolioCompare(one.values[column] ?? "", other.values[column] ?? "", type, direction) ||
      one.index - other.index,
  );
}

/**
 * Text as the filter compares it: lower case, accents dropped, spaces collapsed.
 * @param {string} text
 * @returns {string}
 */
export function portfolioFolded(text) {
  return text
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * Whether a row passes the filters.
 * @param {PortfolioRow} row
 * @param {PortfolioFilter} filter
 * @returns {boolean}
 */
export function portfolioMatches(row, filter) {
  if (!filter.rags.includes(row.rag)) {
    return false;
  }
  if (filter.flag !== "" && !row.flags.includes(filter.flag)) {
    return false;
  }
  const wanted = portfolioFolded(filter.text);
  return wanted === "" || portfolioFolded(row.search).includes(wanted);
}

/**
 * What the live region says: "2 of 3 projects shown".
 * @param {number} shown
 * @param {number} total
 * @returns {string}
 */
export function portfolioCountText(shown, total) {
  const message = ngettext("%(shown)s of %(num)d project shown", "%(shown)s of %(num)d projects shown", total);
  return formatMessage(message, { shown, num: total });
}

/**
 * How the table is sorted, as its caption and the live region say it: the column's label and
 * the direction in words.
 * @param {string} label
 * @param {PortfolioDirection} direction
 * @returns {{caption: string, status: string}}
 */
export function portfolioSortedText(label, direction) {
  const values = { column: label };
  return direction === "ascending"
    ? {
        caption: formatMessage(gettext("Projects, sorted by %(column)s, ascending"), values),
        status: formatMessage(gettext("Sorted by %(column)s, ascending."), values),
      }
    : {
        caption: formatMessage(gettext("Projects, sorted by %(column)s, descending"), values),
        status: formatMessage(gettext("Sorted by %(column)s, descending."), values),
      };
}

/**
 * The direction a click on a column's button sorts in: the other way when the table is
 * already sorted by that column, else ascending.
 * @param {number} column
 * @param {number} sortedColumn
 * @param {PortfolioDirection} sortedDirection
 * @returns {PortfolioDirection}
 */
export function portfolioNextDirection(column, sortedColumn, sortedDirection) {
  if (column === sortedColumn) {
    return sortedDirection === "ascending" ? "descending" : "ascending";
  }
  return "ascending";
}

// --- The page ---------------------------------------------------------------------------------

/**
 * A row of the table as its data attributes describe it.
 * @param {HTMLTableRowElement} tr
 * @param {number} index
 * @returns {PortfolioRow}
 */
function portfolioRowOf(tr, index) {
  return {
    index,
    values: Array.from(tr.cells, (cell) => cell.getAttribute("data-value") ?? ""),
    rag: tr.getAttribute("data-rag") ?? "",
    flags: (tr.getAttribute("data-flags") ?? "").split(/\s+/).filter((flag) => flag !== ""),
    search: tr.getAttribute("data-search") ?? "",
  };
}

/** The portfolio page's table, sortable and filterable; nothing happens on other pages. */
export function initPortfolioPage() {
  const table = document.getElementById("pb-portfolio-table");
  const filters = document.getElementById("pb-portfolio-filters");
  const count = document.getElementById("pb-portfolio-count");
  const caption = document.getElementById("pb-portfolio-caption");
  const textBox = document.getElementById("pb-portfolio-text");
  const flagSelect = document.getElementById("pb-portfolio-flag");
  if (
    !(table instanceof HTMLTableElement) ||
    table.tHead === null ||
    table.tBodies.length !== 1 ||
    filters === null ||
    count === null ||
    !(textBox instanceof HTMLInputElement) ||
    !(flagSelect instanceof HTMLSelectElement)
  ) {
    return;
  }
  const body = table.tBodies[0];
  const headers = Array.from(table.tHead.rows[0].cells);
  const trs = Array.from(body.rows);
  const rows = trs.map(portfolioRowOf);
  const ragBoxes = /** @type {HTMLInputElement[]} */ (
    Array.from(filters.querySelectorAll("input[type=checkbox][name=pb-portfolio-rag]"))
  );
  let sortedColumn = headers.findIndex((th) => th.hasAttribute("aria-sort"));
  /** @type {PortfolioDirection} */
  let sortedDirection = "ascending";

  /** @returns {PortfolioFilter} */
  const currentFilter = () => ({
    text: textBox.value,
    rags: ragBoxes.filter((box) => box.checked).map((box) => box.value),
    flag: flagSelect.value,
  });

  /** @param {string} [before] said first, e.g. how the table is now sorted */
  const applyFilter = (before = "") => {
    const filter = currentFilter();
    let shown = 0;
    rows.forEach((row, index) => {
      const visible = portfolioMatches(row, filter);
      trs[index].hidden = !visible;
      shown += visible ? 1 : 0;
    });
    count.textContent = before + portfolioCountText(shown, rows.length);
  };

  /**
   * @param {number} column
   * @param {PortfolioDirection} direction
   */
  const sortBy = (column, direction) => {
    const type = headers[column].getAttribute("data-sort") === "number" ? "number" : "text";
    const order = portfolioSorted(rows, column, type, direction);
    body.append(...order.map((row) => trs[row.index]));
    headers.forEach((th, index) => {
      if (index === column) {
        th.setAttribute("aria-sort", direction);
      } else {
        th.removeAttribute("aria-sort");
      }
    });
    sortedColumn = column;
    sortedDirection = direction;
    const label = headers[column].textContent?.trim() ?? "";
    const said = portfolioSortedText(label, direction);
    if (caption !== null) {
      caption.textContent = said.caption;
    }
    applyFilter(`${said.status} `);
  };

  headers.forEach((th, column) => {
    const label = th.textContent?.trim() ?? "";
    const button = makeElement("button", { type: "button", class: "pb-sort" }, [
      label,
      makeElement("span", { class: "pb-sort__icon", "aria-hidden": "true" }),
    ]);
    button.addEventListener("click", () =>
      sortBy(column, portfolioNextDirection(column, sortedColumn, sortedDirection)),
    );
    th.replaceChildren(button);
  });
  textBox.addEventListener("input", () => applyFilter());
  flagSelect.addEventListener("change", () => applyFilter());
  for (const box of ragBoxes) {
    box.addEventListener("change", () => applyFilter());
  }
  filters.hidden = false;
  applyFilter();
}

if (typeof document !== "undefined") {
  whenReady(initPortfolioPage);
}
