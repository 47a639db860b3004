// @ts-check
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  MarkError,
  applyMarks,
  linesOf,
  projectText,
  statusEntry,
  yamlScalar,
} from "../../generator/workbench/projectfile.js";

/** Value, and how generator/model/projectfile.py yaml_scalar writes it. */
const SCALARS = [
  ["banking", "banking"],
  ["Harbour Bank", "Harbour Bank"],
  ["Lee O'Brien", "Lee O'Brien"],
  ["R&D (phase 2) / ops + more", "R&D (phase 2) / ops + more"],
  ["v1.0", "v1.0"],
  ["n/a", "n/a"],
  ["", "\"\""],
  [" leading", "\" leading\""],
  ["trailing ", "\"trailing \""],
  ["note: with a colon", "\"note: with a colon\""],
  ["a#b", "\"a#b\""],
  ["say \"hi\"", "\"say \\\"hi\\\"\""],
  ["back\\slash", "\"back\\\\slash\""],
  ["two\nlines", "\"two\\nlines\""],
  ["tab\there", "\"tab\\there\""],
  ["yes", "\"yes\""],
  ["No", "\"No\""],
  ["ON", "\"ON\""],
  ["off", "\"off\""],
  ["True", "\"True\""],
  ["null", "\"null\""],
  ["y", "\"y\""],
  ["n", "\"n\""],
  ["~", "\"~\""],
  ["12", "\"12\""],
  ["1.0.0", "\"1.0.0\""],
  ["2027-03-01", "\"2027-03-01\""],
  ["-", "\"-\""],
  ["[web]", "\"[web]\""],
  ["'quoted'", "\"'quoted'\""],
  ["Zürich", "\"Zürich\""],
  ["emoji 🎉", "\"emoji 🎉\""],
  ["del\u007f", "\"del\\u007f\""],
  ["nel\u0085line", "\"nel\\u0085line\""],
  ["line\u2028sep", "\"line\\u2028sep\""],
  ["\ufeffbom", "\"\\ufeffbom\""],
  ["not a char \ufffe", "\"not a char \\ufffe\""],
  ["\uffff", "\"\\uffff\""],
  ["\u0000\u001f", "\"\\u0000\\u001f\""],
  ["lone \ud800", "\"lone \\ud800\""],
  [true, "true"],
  [false, "false"],
  [0, "0"],
  [-12, "-12"],
  [[], "[]"],
  [["web", "mobile"], "[web, mobile]"],
  [["a, b", "yes", "c"], "[\"a, b\", \"yes\", c]"],
];

test("yamlScalar writes values as Python's yaml_scalar does", () => {
  for (const [value, written] of SCALARS) {
    assert.equal(yamlScalar(/** @type {any} */ (value)), written, JSON.stringify(value));
  }
});

test("statusEntry quotes ids and notes that YAML would misread", () => {
  assert.equal(
    statusEntry({ item_id: "no", state: "done", date: "2027-03-01", note: 'said "no"' }),
    '"no": {state: done, date: 2027-03-01, note: "said \\"no\\""}',
  );
  assert.equal(statusEntry({ item_id: "2027", state: "n/a" }), '"2027": {state: n/a}');
  assert.equal(statusEntry({ item_id: "a", state: "open", date: null, note: "" }), "a: {state: open}");
});

test("projectText writes Python's file, byte for byte", () => {
  /** @type {import("../../generator/workbench/projectfile.js").NewProject["playbook"]} */
  const playbook = {"id": "p0", "version": "1.2.0", "facts": [{"name": "regulated", "type": "boolean", "prompt": null, "help": "", "choices": [], "default": null, "required": true, "invalid_message": null, "min": null, "max": null, "pattern": null, "after": null}, {"name": "team_size", "type": "integer", "prompt": null, "help": "", "choices": [], "default": null, "required": true, "invalid_message": null, "min": null, "max": null, "pattern": null, "after": null}, {"name": "go_live", "type": "date", "prompt": null, "help": "", "choices": [], "default": null, "required": false, "invalid_message": null, "min": null, "max": null, "pattern": null, "after": null}, {"name": "channels", "type": "multi-choice", "prompt": null, "help": "", "choices": [{"value": "web", "label": "web"}, {"value": "mobile", "label": "mobile"}], "default": null, "required": false, "invalid_message": null, "min": null, "max": null, "pattern": null, "after": null}, {"name": "note", "type": "text", "prompt": null, "help": "", "choices": [], "default": null, "required": false, "invalid_message": null, "min": null, "max": null, "pattern": null, "after": null}, {"name": "industry", "type": "choice", "prompt": null, "help": "", "choices": [{"value": "banking", "label": "banking"}, {"value": "no", "label": "no"}], "default": null, "required": false, "invalid_message": null, "min": null, "max": null, "pattern": null, "after": null}], "roles": [{"id": "sponsor", "title": "Sponsor", "description": ""}, {"id": "pm", "title": "Project manager", "description": ""}, {"id": "ops", "title": "Ops", "description": ""}]};
  const text = projectText({
    name: "Zoë's Bank: phase 2",
    playbook,
    kickoff: "2027-03-01",
    facts: {
      channels: ["mobile"],
      team_size: 12,
      regulated: false,
      go_live: "2028-02-29",
      note: 'said: "yes"',
      industry: "no",
    },
    roles: { pm: "Lee Chen", sponsor: "no", ops: "" },
  });
  assert.equal(text, "# yaml-language-server: $schema=../schemas/project.schema.json\n# Kickoff checklist of \"Zoë's Bank: phase 2\", made by `playbook kickoff` from the playbook\n# \"p0\". Record progress under `status`, e.g.\n#   status:\n#     appoint-sponsor: {state: done, date: 2027-03-01}\n#     vendor-due-diligence: {state: n/a, note: in-house build}\n# and adjust a risk's score under `risks`, e.g.\n#   risks:\n#     legacy-integration: {likelihood: 4, impact: 5, owner: Lee Chen}\nname: \"Zoë's Bank: phase 2\"\nplaybook: p0\nplaybook_version: \"1.2.0\"\nkickoff: 2027-03-01\nfacts:\n  regulated: false\n  team_size: 12\n  go_live: 2028-02-29\n  channels: [mobile]\n  note: \"said: \\\"yes\\\"\"\n  industry: \"no\"\nroles:\n  sponsor: \"no\"\n  pm: Lee Chen\nstatus: {}\nrisks: {}\n");
  const bare = projectText({ name: "x", playbook, kickoff: "2027-03-01", facts: { note: null }, roles: {} });
  assert.ok(bare.endsWith('kickoff: 2027-03-01\nfacts: {}\nroles: {}\nstatus: {}\nrisks: {}\n'));
});

test("linesOf splits after every YAML line break, keeping it", () => {
  assert.deepEqual(linesOf("a\r\nb\rc\x85d\u2028e\u2029f\n\ng"), [
    "a\r\n",
    "b\r",
    "c\x85",
    "d\u2028",
    "e\u2029",
    "f\n",
    "\n",
    "g",
  ]);
  assert.deepEqual(linesOf(""), []);
});

// --- applyMarks, with the anchors of tests/model/test_projectfile.py -----------------------------

const BLOCK = "name: x\nstatus:\n  a: {state: open}\n  b:\n    state: done\n    date: 2027-01-01\n# end\n";
/** @type {import("../../generator/workbench/projectfile.js").StatusAnchors} */
const BLOCK_ANCHORS = { section: "block", section_line: 1, entries: { a: [2, 3], b: [3, 6] }, insert_at: 6 };

test("replaces a one-line entry", () => {
  assert.equal(
    applyMarks(BLOCK, BLOCK_ANCHORS, [{ item_id: "a", state: "done", date: "2027-03-01" }]),
    BLOCK.replace("  a: {state: open}", "  a: {state: done, date: 2027-03-01}"),
  );
});

test("replaces a multi-line entry with one line", () => {
  assert.equal(
    applyMarks(BLOCK, BLOCK_ANCHORS, [{ item_id: "b", state: "n/a", note: "skip" }]),
    "name: x\nstatus:\n  a: {state: open}\n  b: {state: n/a, note: skip}\n# end\n",
  );
});

test("adds entries at the insert line, in the order given", () => {
  const marks = [
    { item_id: "c", state: /** @type {const} */ ("open") },
    { item_id: "b", state: /** @type {const} */ ("open") },
    { item_id: "d", state: /** @type {const} */ ("done"), date: "2027-03-01" },
  ];
  assert.equal(
    applyMarks(BLOCK, BLOCK_ANCHORS, marks),
    "name: x\nstatus:\n  a: {state: open}\n  b: {state: open}\n  c: {state: open}\n" +
      "  d: {state: done, date: 2027-03-01}\n# end\n",
  );
  assert.equal(applyMarks(BLOCK, BLOCK_ANCHORS, []), BLOCK);
});

test("CRLF files stay CRLF; a byte order mark and a missing final break stay", () => {
  assert.equal(
    applyMarks(BLOCK.replaceAll("\n", "\r\n"), BLOCK_ANCHORS, [
      { item_id: "b", state: "open" },
      { item_id: "c", state: "done" },
    ]),
    "name: x\r\nstatus:\r\n  a: {state: open}\r\n  b: {state: open}\r\n  c: {state: done}\r\n# end\r\n",
  );
  assert.equal(
    applyMarks(
      "\ufeffname: x\nstatus:\n  a: {state: open}",
      { section: "block", section_line: 1, entries: { a: [2, 3] }, insert_at: 3 },
      [{ item_id: "b", state: "open" }],
    ),
    "\ufeffname: x\nstatus:\n  a: {state: open}\n  b: {state: open}",
  );
});

test("uses the indent given", () => {
  const anchors = /** @type {const} */ ({ section: "block", section_line: 0, entries: { a: [1, 2] }, insert_at: 2, indent: "    " });
  assert.equal(
    applyMarks("status:\n    a: {state: open}\n", anchors, [
      { item_id: "a", state: "done" },
      { item_id: "b", state: "open" },
    ]),
    "status:\n    a: {state: done}\n    b: {state: open}\n",
  );
});

test("an empty section becomes a block and keeps its comment", () => {
  assert.equal(
    applyMarks("name: x\nstatus: {}  # none yet\nrisks: {}\n", { section: "empty", section_line: 1 }, [
      { item_id: "a", state: "open" },
      { item_id: "b", state: "open" },
    ]),
    "name: x\nstatus:  # none yet\n  a: {state: open}\n  b: {state: open}\nrisks: {}\n",
  );
  for (const [line, becomes] of [
    ["status: {}", "status:"],
    ["status:{}", "status:"],
    ["status: { }", "status:"],
    ["status : {}   # spaced", "status :   # spaced"],
    ["status: !!map {}", "status: !!map"],
    ["status: &progress {}  # c", "status: &progress  # c"],
    ['"status": {}', '"status":'],
    ["'status': {}", "'status':"],
  ]) {
    assert.equal(
      applyMarks(`name: x\n${line}\n`, { section: "empty", section_line: 1 }, [{ item_id: "a", state: "open" }]),
      `name: x\n${becomes}\n  a: {state: open}\n`,
      line,
    );
  }
  // ... and at the end of a file without a final line break, adds none
  assert.equal(
    applyMarks("name: x\nstatus: {}", { section: "empty", section_line: 1 }, [{ item_id: "a", state: "open" }]),
    "name: x\nstatus:\n  a: {state: open}",
  );
  assert.equal(applyMarks("status: {}\n", { section: "empty", section_line: 0 }, []), "status: {}\n");
});

test("a missing section is added at the end", () => {
  assert.equal(
    applyMarks("name: x\n# last comment\n", { section: "missing" }, [{ item_id: "a", state: "open" }]),
    "name: x\n# last comment\nstatus:\n  a: {state: open}\n",
  );
  assert.equal(
    applyMarks("name: x", { section: "missing" }, [{ item_id: "a", state: "open" }]),
    "name: x\nstatus:\n  a: {state: open}",
  );
});

test("entries emptied by a replacement are not where new ones go after", () => {
  const text = "status:\n  a: {state: open}\n  b:\n    state: done\n";
  const anchors = /** @type {const} */ ({ section: "block", section_line: 0, entries: { a: [1, 2], b: [2, 4] }, insert_at: 4 });
  assert.equal(
    applyMarks(text, anchors, [
      { item_id: "b", state: "open" },
      { item_id: "c", state: "open" },
    ]),
    "status:\n  a: {state: open}\n  b: {state: open}\n  c: {state: open}\n",
  );
});

test("flow style, and an empty-section line it cannot take apart, are refused", () => {
  assert.throws(() => applyMarks("status: {a: {state: open}}\n", { section: "flow", section_line: 0 }, []), {
    name: "MarkError",
    message: "status is written on one line (flow style)",
  });
  assert.throws(
    () => applyMarks("{name: x, status: {}}\n", { section: "empty", section_line: 0 }, [{ item_id: "a", state: "open" }]),
    MarkError,
  );
});
