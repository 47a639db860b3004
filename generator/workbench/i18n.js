// @ts-check
/**
 * The workbench's own text in the site's language: the same message catalogue as the page
 * templates (generator/locale/, see generator/render/i18n.py). A page that loads the workbench
 * in a language other than English holds the messages its JavaScript uses, as JSON:
 *
 *   <script type="application/json" data-pb-messages>
 *   {"language": "de", "plural": {"one": 0, "other": 1}, "decimal": ",",
 *    "messages": {"Copy": "Kopieren", "%(num)d task": ["%(num)d Aufgabe", "%(num)d Aufgaben"]}}
 *   </script>
 *
 * English pages hold none: a message is its own English text. A message the catalogue does
 * not have (or has not translated yet) shows in English too.
 *
 * Only text people read goes through here, never data: the project file and the command line
 * the page hands back stay byte for byte what the Python code writes.
 *
 * `make messages` finds the messages in `gettext("...")` and `ngettext("...", "...", n)`
 * calls, so their arguments are plain string literals.
 * @module
 */

/**
 * The catalogue as a page embeds it.
 * @typedef {object} Catalogue
 * @property {string} language
 * @property {Record<string, number>} plural which form each plural category takes
 *   (Intl.PluralRules' one, few, many, other...)
 * @property {string} [decimal] what separates a number's decimals (CLDR's, from Python)
 * @property {Record<string, string | string[]>} messages a translation, or its plural forms
 */

/** @type {Catalogue | null} */
let i18nCatalogue = null;

/**
 * The catalogue to use from now on (tests; pages read theirs from the document).
 * @param {Catalogue | null} catalogue null: read the page's again on the next message
 */
export function useMessages(catalogue) {
  i18nCatalogue = catalogue;
}

/**
 * The catalogue: the one set with `useMessages`, else the page's embedded ones merged, else
 * none (English).
 * @returns {Catalogue}
 */
function i18nMessages() {
  if (i18nCatalogue !== null) {
    return i18nCatalogue;
  }
  /** @type {Catalogue} */
  const found = { language: "en", plural: {}, decimal: ".", messages: {} };
  if (typeof document !== "undefined") {
    for (const element of document.querySelectorAll("script[type='application/json'][data-pb-messages]")) {
      try {
        const data = JSON.parse(element.textContent ?? "null");
        if (data !== null && typeof data === "object") {
          found.language = typeof data.language === "string" ? data.language : found.language;
          found.decimal = typeof data.decimal === "string" ? data.decimal : found.decimal;
          Object.assign(found.plural, data.plural ?? {});
          Object.assign(found.messages, data.messages ?? {});
        }
      } catch {
        // A broken catalogue: the page shows English rather than nothing.
      }
    }
  }
  i18nCatalogue = found;
  return found;
}

/**
 * Mark a message for the catalogue where it is defined, to be translated (with `gettext`)
 * where it is shown: words that are data until then, such as a phase or a band.
 * @param {string} message
 * @returns {string}
 */
export function N_(message) {
  return message;
}

/**
 * A message in the page's language.
 * @param {string} message its English text
 * @returns {string}
 */
export function gettext(message) {
  const translated = i18nMessages().messages[message];
  return typeof translated === "string" && translated !== "" ? translated : message;
}

/**
 * A message with a plural form, for `count`: English chooses `singular` for 1, `plural` else;
 * another language chooses by its own rule (Intl.PluralRules, mapped to the catalogue's forms).
 * @param {string} singular
 * @param {string} plural
 * @param {number} count
 * @returns {string}
 */
export function ngettext(singular, plural, count) {
  const catalogue = i18nMessages();
  const forms = catalogue.messages[singular];
  if (Array.isArray(forms)) {
    let index = count === 1 ? 0 : 1;
    try {
      const category = new Intl.PluralRules(catalogue.language).select(count);
      index = catalogue.plural[category] ?? index;
    } catch {
      // A language the browser does not know: English's rule.
    }
    const form = forms[index];
    if (typeof form === "string" && form !== "") {
      return form;
    }
  }
  return count === 1 ? singular : plural;
}

/**
 * A number written with a decimal point ("2.5", as the shared logic gives it) with the page's
 * decimal symbol instead ("2,5" in German).
 * @param {string} number
 * @returns {string}
 */
export function localDecimal(number) {
  return number.replace(".", i18nMessages().decimal ?? ".");
}

/**
 * A message's `%(name)s` (or `%(name)d`) placeholders filled in, and `%%` as `%`, as Python's
 * `%` operator does for the templates. A placeholder without a value stays as it is.
 * @param {string} message
 * @param {Record<string, string | number>} values
 * @returns {string}
 */
export function formatMessage(message, values) {
  return message.replace(/%(?:%|\(([A-Za-z_][A-Za-z0-9_]*)\)[sd])/g, (whole, name) => {
    if (name === undefined) {
      return "%";
    }
    return Object.hasOwn(values, name) ? String(values[name]) : whole;
  });
}

/**
 * Text made by logic that the parity suite compares with Python's, to be shown later in the
 * page's language: an English message with `%(name)s` placeholders and their values. A value
 * may be a phrase itself (a word to translate, such as a month), and a `verbatim` phrase is
 * an author's own text, shown as written. `englishText` gives Python's words, byte for byte;
 * `localText` gives the page's.
 * @typedef {{message: string, values: Readonly<Record<string, PhraseValue>>, verbatim: boolean}} Phrase
 * @typedef {string | number | Phrase} PhraseValue
 */

/**
 * A message (marked for the catalogue with `N_` where it is written) and its values.
 * @param {string} message
 * @param {Readonly<Record<string, PhraseValue>>} [values]
 * @returns {Phrase}
 */
export function phrase(message, values = {}) {
  return { message, values, verbatim: false };
}

/**
 * An author's own text (a playbook's `invalid_message`, a role's title): never translated,
 * never formatted.
 * @param {string} text
 * @returns {Phrase}
 */
export function verbatim(text) {
  return { message: text, values: {}, verbatim: true };
}

/**
 * @param {Phrase} said
 * @param {(message: string) => string} translate
 * @returns {string}
 */
function phraseText(said, translate) {
  if (said.verbatim) {
    return said.message;
  }
  /** @type {Record<string, string | number>} */
  const values = {};
  for (const [name, value] of Object.entries(said.values)) {
    values[name] = typeof value === "object" ? phraseText(value, translate) : value;
  }
  return formatMessage(translate(said.message), values);
}

/**
 * A phrase in English, as the Python code words it.
 * @param {Phrase} said
 * @returns {string}
 */
export function englishText(said) {
  return phraseText(said, (message) => message);
}

/**
 * A phrase in the page's language.
 * @param {Phrase} said
 * @returns {string}
 */
export function localText(said) {
  return phraseText(said, gettext);
}
