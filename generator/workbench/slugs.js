// @ts-check
/**
 * Slugs (port of generator/model/slugs.py): the kebab-case file and URL names of projects,
 * made from what people call them.
 * @module
 */

// Python's `$` also matches before a final newline: is_slug("abc\n") is true there too.
const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*\n?$/;

/**
 * Kebab-case: item ids, playbook ids and project slugs all follow it.
 * @param {string} text
 * @returns {boolean}
 */
export function isSlug(text) {
  return SLUG.test(text);
}

/** Letters that Unicode does not decompose into ASCII. */
const SPELL_OUT = new Map([
  ["ß", "ss"],
  ["æ", "ae"],
  ["Æ", "AE"],
  ["ø", "o"],
  ["Ø", "O"],
  ["œ", "oe"],
  ["Œ", "OE"],
  ["ł", "l"],
  ["Ł", "L"],
  ["đ", "d"],
  ["Đ", "D"],
  ["þ", "th"],
]);

/**
 * A safe file and URL name: ASCII kebab-case, never empty, never '..'.
 * @param {string} name
 * @returns {string}
 */
export function slugify(name) {
  let spelled = "";
  for (const character of name) {
    spelled += SPELL_OUT.get(character) ?? character;
  }
  // NFKD, then drop everything outside ASCII (Python: .encode("ascii", "ignore")). Lowering
  // after that touches ASCII only, where toLowerCase() and str.lower() agree.
  const ascii = spelled.normalize("NFKD").replace(/[^\x00-\x7f]/g, "");
  const slug = trimHyphens(trimHyphens(ascii.toLowerCase().replace(/[^a-z0-9]+/g, "-")).slice(0, 60));
  return slug || "project";
}

/**
 * @param {string} text
 * @returns {string}
 */
function trimHyphens(text) {
  return text.replace(/^-+|-+$/g, "");
}
