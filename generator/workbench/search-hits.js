// @ts-check
/**
 * Material for MkDocs' search, on every page: pages that match the whole query come first, and
 * each hit says which playbook and kind it is from ("Digital Transformation PMO Playbook ·
 * Risk").
 *
 * Ranking. Material's search worker (lunr) scores by tf-idf and finds pages with any of the
 * query's words, so a page with one rare word can outrank a page with all of them. Material
 * marks, for each document of a hit (the page and its sections), which query terms it matched;
 * a page matches the whole query when every term is matched somewhere on it. The worker's
 * results are put in that order on their way to Material's page code: pages that match the
 * whole query first, then the others, each in Material's order. Their scores are raised by
 * the best score, so Enter in the search box (which opens the best-scored hit) opens the first.
 *
 * Where a hit is from: a line under its title, from its address
 * (`playbooks/<playbook>/<kind>/<item>`) and the titles the build embeds.
 *
 * `generator/pipeline.py` writes this module with that data as its own small script
 * (`assets/javascripts/search-hits.js`), which `overrides/main.html` loads before Material's
 * bundle starts the search worker. On Zensical, whose search works and looks otherwise,
 * nothing here applies: its results have another shape and another list, and are left alone.
 *
 * No imports: the script is this module alone. The pure functions come first
 * (tests/js/search-hits.test.js), the page's code after.
 * @module
 */

/**
 * A document of Material's search results: a page, or a section of it (`#anchor`).
 * @typedef {object} SearchHitDocument
 * @property {string} location the page's address from the site's root, then `#anchor`
 * @property {number} score
 * @property {Record<string, boolean>} terms each query term: whether this document matched it
 */

/**
 * What the build embeds: each playbook's title by its id, each kind's name by its folder.
 * @typedef {object} SearchHitsData
 * @property {Record<string, string>} playbooks e.g. {"digital-transformation": "Digital..."}
 * @property {Record<string, string>} kinds e.g. {"risks": "Risk", "faqs": "FAQ"}
 */

/** Material's message type for search results (SearchMessageType.RESULT). */
const SEARCH_HITS_RESULT = 3;

/**
 * @param {unknown} value
 * @returns {value is SearchHitDocument}
 */
function searchHitsIsDocument(value) {
  if (value === null || typeof value !== "object") {
    return false;
  }
  const doc = /** @type {Record<string, unknown>} */ (value);
  return (
    typeof doc.location === "string" &&
    typeof doc.score === "number" &&
    doc.terms !== null &&
    typeof doc.terms === "object"
  );
}

/**
 * Whether a hit (a page's documents) matches the whole query: every term that any of them
 * reports is matched by at least one. (Material leaves out stop words it did not find.)
 * @param {SearchHitDocument[]} hit
 * @returns {boolean}
 */
export function searchHitsWhole(hit) {
  /** @type {Map<string, boolean>} */
  const matched = new Map();
  for (const doc of hit) {
    for (const [term, found] of Object.entries(doc.terms)) {
      matched.set(term, matched.get(term) === true || found === true);
    }
  }
  return Array.from(matched.values()).every(Boolean);
}

/**
 * Material's hits with the pages that match the whole query first, each part in the order it
 * had. The whole matches' scores are raised by the best score of all, so the order and the
 * scores agree, and their documents no longer list the terms they miss: Material shows those
 * as "Missing: ..." under each document, which a page that has every term elsewhere does not
 * miss. Anything that is not a list of hits in Material's shape comes back as it was, and so
 * do hits none of which match the whole query.
 * @param {unknown} hits
 * @returns {unknown}
 */
export function searchHitsRanked(hits) {
  if (
    !Array.isArray(hits) ||
    !hits.every((hit) => Array.isArray(hit) && hit.length > 0 && hit.every(searchHitsIsDocument))
  ) {
    return hits;
  }
  const typed = /** @type {SearchHitDocument[][]} */ (hits);
  const whole = typed.filter(searchHitsWhole);
  if (whole.length === 0) {
    return hits;
  }
  const best = Math.max(0, ...typed.flat().map((doc) => doc.score));
  /** @param {SearchHitDocument} doc */
  const raised = (doc) => ({
    ...doc,
    score: doc.score + best,
    terms: Object.fromEntries(Object.entries(doc.terms).filter(([, found]) => found === true)),
  });
  return [
    ...whole.map((hit) => hit.map(raised)),
    ...typed.filter((hit) => !whole.includes(hit)),
  ];
}

/**
 * A message from Material's search worker with its results ranked (`searchHitsRanked`); any
 * other message (or another engine's) comes back as it was, the very same object.
 * @param {unknown} message
 * @returns {unknown}
 */
export function searchHitsMessage(message) {
  if (message === null || typeof message !== "object") {
    return message;
  }
  const { type, data } = /** @type {{type?: unknown, data?: unknown}} */ (message);
  if (type !== SEARCH_HITS_RESULT || data === null || typeof data !== "object") {
    return message;
  }
  const items = /** @type {{items?: unknown}} */ (data).items;
  const ranked = searchHitsRanked(items);
  if (ranked === items) {
    return message;
  }
  return { ...message, data: { ...data, items: ranked } };
}

/**
 * A hit's page from the site's root ("playbooks/x/risks/y/"), or null when the address is
 * not below the root.
 * @param {string} href the hit's address, absolute
 * @param {string} root the site's root address, absolute, ending in "/"
 * @returns {string | null}
 */
export function searchHitsPath(href, root) {
  const path = href.split("#")[0].split("?")[0];
  return path.startsWith(root) ? path.slice(root.length) : null;
}

/**
 * Where a page is from: "<playbook> · <kind>" for a playbook's item, the playbook's title for
 * its other pages (its overview, its kickoff form), "" for any other page.
 * @param {string} path the page from the site's root, as `searchHitsPath` gives it
 * @param {SearchHitsData} data
 * @returns {string}
 */
export function searchHitsLabel(path, data) {
  const match = /^playbooks\/([^/]+)\/(?:([^/]+)\/([^/]+))?/.exec(path);
  if (match === null || !Object.hasOwn(data.playbooks, match[1])) {
    return "";
  }
  const playbook = data.playbooks[match[1]];
  const [, , segment, item] = match;
  if (segment !== undefined && item !== "index.html" && Object.hasOwn(data.kinds, segment)) {
    return `${playbook} · ${data.kinds[segment]}`;
  }
  return playbook;
}

// --- The page ---------------------------------------------------------------------------------

/** Material's search worker: assets/javascripts/workers/search.<hash>.min.js */
const SEARCH_HITS_WORKER = /(^|\/)workers\/search\.[^/]*\.js(\?|#|$)/;

/**
 * Make every search worker the page starts hand its results over ranked. Material's bundle
 * starts its worker as it loads: this must run first. From file:// the Worker is the
 * iframe-worker shim (an EventTarget too), which this wraps the same way.
 * @param {{Worker?: unknown}} scope the window
 */
export function searchHitsWrapWorker(scope) {
  const Original = /** @type {typeof Worker | undefined} */ (scope.Worker);
  if (typeof Original !== "function") {
    return;
  }
  class RankedSearchWorker extends Original {
    /**
     * @param {string | URL} url
     * @param {WorkerOptions} [options]
     */
    constructor(url, options) {
      super(url, options);
      if (!SEARCH_HITS_WORKER.test(String(url))) {
        return;
      }
      /** @type {WeakSet<Event>} */
      const passed = new WeakSet();
      // Registered before Material's own listener, so it sees each message first: a message
      // it ranks is stopped and sent on again, ranked.
      this.addEventListener("message", (event) => {
        if (passed.has(event) || !(event instanceof MessageEvent)) {
          return;
        }
        const data = searchHitsMessage(event.data);
        if (data === event.data) {
          return;
        }
        event.stopImmediatePropagation();
        const ranked = new MessageEvent("message", { data });
        passed.add(ranked);
        this.dispatchEvent(ranked);
      });
    }
  }
  scope.Worker = RankedSearchWorker;
}

/**
 * The site's root address: Material's configuration names it relative to the page.
 * @returns {string | null}
 */
function searchHitsRoot() {
  const config = document.getElementById("__config");
  try {
    const base = JSON.parse(config?.textContent ?? "null")?.base;
    if (typeof base !== "string") {
      return null;
    }
    const root = new URL(base, globalThis.location.href).href;
    return root.endsWith("/") ? root : `${root}/`;
  } catch {
    return null;
  }
}

/**
 * Put the line saying where it is from under the title of a hit Material has listed.
 * @param {Element} item an `li.md-search-result__item`
 * @param {SearchHitsData} data
 * @param {string} root
 */
function searchHitsLabelItem(item, data, root) {
  const link = item.querySelector(":scope > a.md-search-result__link");
  const title = link?.querySelector("h1");
  if (!(link instanceof HTMLAnchorElement) || !title || link.querySelector(".pb-search-hit")) {
    return;
  }
  const path = searchHitsPath(link.href, root);
  const label = path === null ? "" : searchHitsLabel(path, data);
  if (label !== "") {
    const line = document.createElement("p");
    line.className = "pb-search-hit";
    line.textContent = label;
    title.after(line);
  }
}

/**
 * Label each hit Material lists, as it lists them (ten at first, more as the list scrolls).
 * @param {SearchHitsData} data
 */
function searchHitsLabelResults(data) {
  const list = document.querySelector(".md-search-result__list");
  const root = searchHitsRoot();
  if (list === null || root === null) {
    return;
  }
  const label = () => {
    for (const item of Array.from(list.children)) {
      searchHitsLabelItem(item, data, root);
    }
  };
  new MutationObserver(label).observe(list, { childList: true });
  label();
}

/**
 * Everything above, once per page: the worker now (before Material's bundle), the labels once
 * the page is parsed.
 * @param {SearchHitsData} data
 */
export function installSearchHits(data) {
  const scope = /** @type {{playbookSearchHits?: boolean, Worker?: unknown}} */ (globalThis);
  if (scope.playbookSearchHits === true) {
    return;
  }
  scope.playbookSearchHits = true;
  searchHitsWrapWorker(scope);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", () => searchHitsLabelResults(data), {
      once: true,
    });
  } else {
    searchHitsLabelResults(data);
  }
}
