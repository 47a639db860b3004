// @ts-check
/**
 * The project file as text (port of generator/model/projectfile.py and project_text in
 * generator/projects/writer.py): how values are written, a new project's file, and the
 * one-line edit of status entries that the clickable checklist makes. Pure: text in, text
 * out, the same bytes as Python.
 * @module
 */

/** @typedef {import("./answers.js").Fact} Fact */
/** @typedef {import("./answers.js").Answer} Answer */

// Text written without quotes only when no YAML reader could take it for anything else.
const PLAIN = /^[A-Za-z][A-Za-z0-9 ._/()&+'-]*$/;
const YAML_WORDS = new Set(["y", "n", "yes", "no", "on", "off", "true", "false", "null"]);
// What JSON leaves as is but YAML cannot hold in a quoted string (lone surrogates are
// escaped by JSON.stringify already, as Python's substitution does).
const UNWRITABLE = /[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]/g;

/**
 * One value as project files write it (lists in flow style: `[web, mobile]`). A string is
 * text: write a date (a 'YYYY-MM-DD' string here, a date object in Python) as it is, without
 * this function.
 * @param {string | number | boolean | readonly (string | number | boolean)[]} value
 * @returns {string}
 */
export function yamlScalar(value) {
  if (typeof value === "boolean") {
    return value ? "true" : "false";
  }
  if (typeof value === "number") {
    return String(value);
  }
  if (Array.isArray(value)) {
    return "[" + value.map((item) => yamlScalar(item)).join(", ") + "]";
  }
  const text = /** @type {string} */ (value);
  if (PLAIN.test(text) && !text.endsWith(" ") && !YAML_WORDS.has(text.toLowerCase())) {
    return text;
  }
  return JSON.stringify(text).replace(
    UNWRITABLE,
    (found) => "\\u" + found.charCodeAt(0).toString(16).padStart(4, "0"),
  );
}

const HEADER = (/** @type {string} */ name, /** @type {string} */ playbook, /** @type {string} */ today) =>
  "# yaml-language-server: $schema=../schemas/project.schema.json\n" +
  `# Kickoff checklist of "${name}", made by \`playbook kickoff\` from the playbook\n` +
  `# "${playbook}". Record progress under \`status\`, e.g.\n` +
  "#   status:\n" +
  `#     appoint-sponsor: {state: done, date: ${today}}\n` +
  "#     vendor-due-diligence: {state: n/a, note: in-house build}\n" +
  "# and adjust a risk's score under `risks`, e.g.\n" +
  "#   risks:\n" +
  "#     legacy-integration: {likelihood: 4, impact: 5, owner: Lee Chen}\n";

/**
 * A new project, as `playbook kickoff` and the kickoff form write it.
 * @typedef {{
 *   name: string,
 *   playbook: {id: string, version: string, facts: readonly Fact[],
 *     roles: readonly {id: string, title?: string, description?: string}[]},
 *   kickoff: string,
 *   facts: Readonly<Record<string, Answer | null | undefined>>,
 *   roles: Readonly<Record<string, string>>,
 * }} NewProject
 */

/**
 * The new project file, byte for byte (Python's project_text): facts in the questionnaire's
 * order, roles in the playbook's order, every value through yamlScalar.
 * @param {NewProject} project
 * @returns {string}
 */
export function projectText(project) {
  const { playbook } = project;
  const header = HEADER(project.name.replaceAll("\n", " "), playbook.id, project.kickoff);
  /** @type {[string, string][]} */
  const facts = [];
  for (const fact of playbook.facts) {
    const value = Object.hasOwn(project.facts, fact.name) ? project.facts[fact.name] : null;
    if (value !== null && value !== undefined) {
      // A date answer is a 'YYYY-MM-DD' string here: written as it is, like Python's date.
      const written =
        fact.type === "date" && typeof value === "string" ? value : yamlScalar(value);
      facts.push([fact.name, written]);
    }
  }
  /** @type {[string, string][]} */
  const roles = [];
  for (const role of playbook.roles) {
    const person = Object.hasOwn(project.roles, role.id) ? project.roles[role.id] : "";
    if (person) {
      roles.push([role.id, yamlScalar(person)]);
    }
  }
  const lines = [
    `name: ${yamlScalar(project.name)}`,
    `playbook: ${yamlScalar(playbook.id)}`,
    `playbook_version: ${yamlScalar(playbook.version)}`,
    `kickoff: ${project.kickoff}`,
    ...mapping("facts", facts),
    ...mapping("roles", roles),
    "status: {}",
    "risks: {}",
  ];
  return header + lines.join("\n") + "\n";
}

/**
 * @param {string} key
 * @param {[string, string][]} entries name and written value
 * @returns {string[]}
 */
function mapping(key, entries) {
  if (entries.length === 0) {
    return [`${key}: {}`];
  }
  return [`${key}:`, ...entries.map(([name, written]) => `  ${name}: ${written}`)];
}

/**
 * Where a project file's `status` entries are, as line indexes (from 0) of its text
 * (generator/load/anchors.py finds them when the file is read). `section` is `block`,
 * `empty` (`status: {}`), `missing` (no `status` key) or `flow` (not editable). Left out,
 * the others default as in Python's StatusAnchors: -1, no entries, -1 and two spaces.
 * @typedef {{
 *   section: "block" | "empty" | "missing" | "flow",
 *   section_line?: number,
 *   entries?: Readonly<Record<string, readonly [number, number] | readonly number[]>>,
 *   insert_at?: number,
 *   indent?: string,
 *   comments?: Readonly<Record<string, string>>,
 * }} StatusAnchors
 */

/**
 * A status entry as it is to be written: `{state: done, date: 2027-03-01, note: ...}`.
 * @typedef {{item_id: string, state: "open" | "done" | "n/a", date?: string | null,
 *   note?: string}} Mark
 */

/** A file whose status entries cannot be edited line by line (Python raises ValueError). */
export class MarkError extends Error {
  /** @param {string} message */
  constructor(message) {
    super(message);
    this.name = "MarkError";
  }
}

/**
 * One status entry on one line.
 * @param {Mark} mark
 * @returns {string}
 */
export function statusEntry(mark) {
  const parts = [`state: ${yamlScalar(mark.state)}`];
  if (mark.date !== null && mark.date !== undefined) {
    parts.push(`date: ${mark.date}`);
  }
  if (mark.note) {
    parts.push(`note: ${yamlScalar(mark.note)}`);
  }
  // Ids are kebab-case, but 'no', 'null' or '2027' would be read as a boolean, null or number.
  return `${yamlScalar(mark.item_id)}: {${parts.join(", ")}}`;
}

const BREAK = /\r\n|\r|\n/;
// `status: {}`, also with an anchor or a tag (`status: !!map { }`) or the key in quotes.
const EMPTY_SECTION =
  /^(?<lead>[ \t]*(?:status|"status"|'status')[ \t]*:(?:[ \t]+[&!][^ \t{]*)*)[ \t]*\{[ \t]*\}(?<rest>[ \t]*(#.*)?)$/;
// What YAML counts as a line break, so that line indexes agree with the loader's positions.
const LINE = /[^\r\n\x85\u2028\u2029]*(?:\r\n|[\r\n\x85\u2028\u2029])|[^\r\n\x85\u2028\u2029]+$/g;
const ENDING = /[\r\n\x85\u2028\u2029]+$/;

/**
 * The lines of `text`, each with its line break (the last may have none).
 * @param {string} text
 * @returns {string[]}
 */
export function linesOf(text) {
  return Array.from(text.matchAll(LINE), (match) => match[0]);
}

/**
 * @param {string} line
 * @returns {string}
 */
function content(line) {
  return line.replace(ENDING, "");
}

/**
 * @param {string} line
 * @returns {string}
 */
function ending(line) {
  return line.slice(content(line).length);
}

/**
 * `text` with each mark's entry written on one line: in place of the entry's lines when it
 * has one, else added after the last entry. Every other line stays as it was.
 * @param {string} text
 * @param {StatusAnchors} anchors
 * @param {readonly Mark[]} marks
 * @returns {string}
 * @throws {MarkError} for a file whose entries are on the key's line (flow style)
 */
export function applyMarks(text, anchors, marks) {
  if (anchors.section === "flow") {
    throw new MarkError("status is written on one line (flow style)");
  }
  const sectionLine = anchors.section_line ?? -1;
  const entries = anchors.entries ?? {};
  const indent = anchors.indent ?? "  ";
  const comments = anchors.comments ?? {};
  const bom = text.startsWith("\ufeff") ? "\ufeff" : "";
  const lines = linesOf(text.slice(bom.length));
  const found = BREAK.exec(text);
  const newline = found !== null ? found[0] : "\n";
  /** @type {string[]} */
  const added = [];
  for (const mark of marks) {
    const span = Object.hasOwn(entries, mark.item_id) ? entries[mark.item_id] : undefined;
    if (span === undefined) {
      added.push(indent + statusEntry(mark) + newline);
      continue;
    }
    const [first, end] = span;
    // The comment at the end of the entry's first line stays with it.
    const comment = Object.hasOwn(comments, mark.item_id) ? comments[mark.item_id] : "";
    lines[first] = indent + statusEntry(mark) + comment + ending(lines[end - 1]);
    for (let index = first + 1; index < end; index += 1) {
      lines[index] = "";
    }
  }
  if (added.length > 0) {
    let at;
    if (anchors.section === "empty") {
      const match = EMPTY_SECTION.exec(content(lines[sectionLine]));
      if (match === null || match.groups === undefined) {
        throw new MarkError("the 'status: {}' line cannot be edited");
      }
      lines[sectionLine] =
        match.groups.lead + match.groups.rest + ending(lines[sectionLine]);
      at = sectionLine + 1;
    } else if (anchors.section === "missing") {
      at = lines.length;
      added.unshift("status:" + newline);
    } else {
      at = anchors.insert_at ?? -1;
    }
    let before = at; // the line above the new entries: not one emptied above
    while (before > 0 && !lines[before - 1]) {
      before -= 1;
    }
    if (before > 0 && !ending(lines[before - 1])) {
      lines[before - 1] += newline;
      if (at === lines.length) {
        // the file ended without a line break: it still does
        added[added.length - 1] = content(added[added.length - 1]);
      }
    }
    lines.splice(at, 0, ...added);
  }
  return bom + lines.join("");
}
