// @ts-check
import assert from "node:assert/strict";
import { test } from "node:test";

import { withDefaults } from "../../generator/workbench/answers.js";
import { PHASES, applies, fill } from "../../generator/workbench/fill.js";

/** @typedef {import("../../generator/workbench/fill.js").Playbook} Playbook */
/** @typedef {import("../../generator/workbench/fill.js").Project} Project */

// A playbook and project made and filled by the Python (validate, then resolve.project.fill,
// then render.workbench.checklist_data): every rule of fill in one case. Kickoff 2027-03-01 is
// a Monday; today is 2027-03-10.
/** @type {Playbook} */
const PLAYBOOK = {
  "id": "p1",
  "title": "Demo",
  "version": "1.0.0",
  "phases": [
    "initiate",
    "plan",
    "execute",
    "monitor",
    "close"
  ],
  "bands": {
    "medium": 5,
    "high": 10,
    "critical": 16
  },
  "roles": [
    {
      "id": "pm",
      "title": "Project manager",
      "description": ""
    },
    {
      "id": "sponsor",
      "title": "Sponsor",
      "description": ""
    }
  ],
  "facts": [
    {
      "name": "regulated",
      "type": "boolean",
      "prompt": null,
      "help": "",
      "choices": [],
      "default": null,
      "required": true,
      "invalid_message": null,
      "min": null,
      "max": null,
      "pattern": null,
      "after": null
    },
    {
      "name": "team_size",
      "type": "integer",
      "prompt": null,
      "help": "",
      "choices": [],
      "default": null,
      "required": true,
      "invalid_message": null,
      "min": null,
      "max": null,
      "pattern": null,
      "after": null
    },
    {
      "name": "channels",
      "type": "multi-choice",
      "prompt": null,
      "help": "",
      "choices": [
        {
          "value": "web",
          "label": "web"
        },
        {
          "value": "mobile",
          "label": "mobile"
        }
      ],
      "default": null,
      "required": false,
      "invalid_message": null,
      "min": null,
      "max": null,
      "pattern": null,
      "after": null
    }
  ],
  "tasks": [
    {
      "id": "alpha",
      "title": "alpha review",
      "phase": "plan",
      "owner_role": "sponsor",
      "due": "+1w",
      "condition": null,
      "page": "playbooks/p1/tasks/alpha/"
    },
    {
      "id": "appoint",
      "title": "Appoint sponsor",
      "phase": "initiate",
      "owner_role": "sponsor",
      "due": "-10d",
      "condition": null,
      "page": "playbooks/p1/tasks/appoint/"
    },
    {
      "id": "archive",
      "title": "\ue000 archive",
      "phase": "close",
      "owner_role": "pm",
      "due": "+4w",
      "condition": null,
      "page": "playbooks/p1/tasks/archive/"
    },
    {
      "id": "big-team",
      "title": "Big team",
      "phase": "execute",
      "owner_role": "pm",
      "due": "+5d",
      "condition": "team_size > 10",
      "page": "playbooks/p1/tasks/big-team/"
    },
    {
      "id": "closing",
      "title": "Closing",
      "phase": "close",
      "owner_role": "pm",
      "due": "+4w",
      "condition": "not regulated",
      "page": "playbooks/p1/tasks/closing/"
    },
    {
      "id": "filing",
      "title": "Regulator filing",
      "phase": "execute",
      "owner_role": "pm",
      "due": "+2w",
      "condition": "regulated",
      "page": "playbooks/p1/tasks/filing/"
    },
    {
      "id": "mobile",
      "title": "Mobile tests",
      "phase": "monitor",
      "owner_role": "pm",
      "due": "+3w",
      "condition": "channels contains 'mobile'",
      "page": "playbooks/p1/tasks/mobile/"
    },
    {
      "id": "party",
      "title": "😀 launch party",
      "phase": "close",
      "owner_role": "pm",
      "due": "+4w",
      "condition": null,
      "page": "playbooks/p1/tasks/party/"
    },
    {
      "id": "zebra",
      "title": "Zebra check",
      "phase": "plan",
      "owner_role": "pm",
      "due": "+1w",
      "condition": null,
      "page": "playbooks/p1/tasks/zebra/"
    }
  ],
  "risks": [
    {
      "id": "attrition",
      "title": "Attrition",
      "phase": null,
      "owner_role": "sponsor",
      "likelihood": 3,
      "impact": 4,
      "condition": null,
      "page": "playbooks/p1/risks/attrition/",
      "response": "mitigate",
      "category": "delivery"
    },
    {
      "id": "scope-creep",
      "title": "Scope creep",
      "phase": null,
      "owner_role": "pm",
      "likelihood": 3,
      "impact": 4,
      "condition": "team_size > 10",
      "page": "playbooks/p1/risks/scope-creep/",
      "response": "mitigate",
      "category": "delivery"
    },
    {
      "id": "small",
      "title": "Small thing",
      "phase": null,
      "owner_role": "pm",
      "likelihood": 2,
      "impact": 2,
      "condition": null,
      "page": "playbooks/p1/risks/small/",
      "response": "mitigate",
      "category": "delivery"
    },
    {
      "id": "unused",
      "title": "Unused",
      "phase": null,
      "owner_role": "pm",
      "likelihood": 5,
      "impact": 5,
      "condition": "not regulated",
      "page": "playbooks/p1/risks/unused/",
      "response": "mitigate",
      "category": "delivery"
    },
    {
      "id": "vendor",
      "title": "vendor failure",
      "phase": null,
      "owner_role": "sponsor",
      "likelihood": 1,
      "impact": 1,
      "condition": null,
      "page": "playbooks/p1/risks/vendor/",
      "response": "mitigate",
      "category": "delivery"
    }
  ]
};

/** @type {Project} */
const PROJECT = {
  "kickoff": "2027-03-01",
  "facts": {
    "regulated": true,
    "team_size": 12,
    "channels": [
      "web"
    ]
  },
  "roles": {
    "pm": "Lee Chen"
  },
  "status": {
    "appoint": {
      "state": "done",
      "date": "2027-02-20",
      "note": "signed"
    },
    "zebra": {
      "state": "n/a",
      "date": "",
      "note": "in-house"
    },
    "big-team": {
      "state": "open",
      "date": "",
      "note": ""
    },
    "vendor": {
      "state": "done",
      "date": "",
      "note": "handled"
    }
  },
  "risks": {
    "vendor": {
      "likelihood": 5,
      "impact": 4,
      "owner": "Acme Ltd",
      "note": "watch"
    },
    "small": {}
  }
};

const EXPECTED = {
  "tasks": [
    {
      "id": "appoint",
      "phase": "initiate",
      "title": "Appoint sponsor",
      "owner_role": "sponsor",
      "owner": "",
      "due": "2027-02-19",
      "state": "done",
      "done_on": "2027-02-20",
      "note": "signed"
    },
    {
      "id": "alpha",
      "phase": "plan",
      "title": "alpha review",
      "owner_role": "sponsor",
      "owner": "",
      "due": "2027-03-08",
      "state": "overdue",
      "done_on": "",
      "note": ""
    },
    {
      "id": "zebra",
      "phase": "plan",
      "title": "Zebra check",
      "owner_role": "pm",
      "owner": "Lee Chen",
      "due": "2027-03-08",
      "state": "n/a",
      "done_on": "",
      "note": "in-house"
    },
    {
      "id": "big-team",
      "phase": "execute",
      "title": "Big team",
      "owner_role": "pm",
      "owner": "Lee Chen",
      "due": "2027-03-05",
      "state": "overdue",
      "done_on": "",
      "note": ""
    },
    {
      "id": "filing",
      "phase": "execute",
      "title": "Regulator filing",
      "owner_role": "pm",
      "owner": "Lee Chen",
      "due": "2027-03-15",
      "state": "open",
      "done_on": "",
      "note": ""
    },
    {
      "id": "archive",
      "phase": "close",
      "title": "\ue000 archive",
      "owner_role": "pm",
      "owner": "Lee Chen",
      "due": "2027-03-29",
      "state": "open",
      "done_on": "",
      "note": ""
    },
    {
      "id": "party",
      "phase": "close",
      "title": "😀 launch party",
      "owner_role": "pm",
      "owner": "Lee Chen",
      "due": "2027-03-29",
      "state": "open",
      "done_on": "",
      "note": ""
    }
  ],
  "risks": [
    {
      "id": "vendor",
      "title": "vendor failure",
      "owner_role": "sponsor",
      "owner": "Acme Ltd",
      "likelihood": 5,
      "impact": 4,
      "score": 20,
      "band": "critical",
      "state": "done",
      "note": "handled watch"
    },
    {
      "id": "attrition",
      "title": "Attrition",
      "owner_role": "sponsor",
      "owner": "",
      "likelihood": 3,
      "impact": 4,
      "score": 12,
      "band": "high",
      "state": "open",
      "note": ""
    },
    {
      "id": "scope-creep",
      "title": "Scope creep",
      "owner_role": "pm",
      "owner": "Lee Chen",
      "likelihood": 3,
      "impact": 4,
      "score": 12,
      "band": "high",
      "state": "open",
      "note": ""
    },
    {
      "id": "small",
      "title": "Small thing",
      "owner_role": "pm",
      "owner": "Lee Chen",
      "likelihood": 2,
      "impact": 2,
      "score": 4,
      "band": "low",
      "state": "open",
      "note": ""
    }
  ],
  "counts": {
    "tasks": 7,
    "risks": 4,
    "done": 1,
    "overdue": 2,
    "progress": 16
  }
};

test("fill gives Python's rows, in Python's order, and its counts", () => {
  const filled = fill(PLAYBOOK, PROJECT, "2027-03-10");
  assert.deepStrictEqual(filled, EXPECTED);
  assert.equal(JSON.stringify(filled), JSON.stringify(EXPECTED)); // key order too
});

test("tasks sort by phase, due date, then lower-cased title by code point", () => {
  const ids = fill(PLAYBOOK, PROJECT, "2027-03-10").tasks.map((row) => row.id);
  // 'alpha review' before 'Zebra check' (same phase and day); U+E000 before U+1F600,
  // which JavaScript's own < would put the other way round.
  assert.deepEqual(ids, ["appoint", "alpha", "zebra", "big-team", "filing", "archive", "party"]);
});

test("risks sort by score, highest first, then title", () => {
  const risks = fill(PLAYBOOK, PROJECT, "2027-03-10").risks;
  assert.deepEqual(
    risks.map((row) => [row.id, row.score, row.band]),
    [["vendor", 20, "critical"], ["attrition", 12, "high"], ["scope-creep", 12, "high"], ["small", 4, "low"]],
  );
});

test("only items whose condition holds apply", () => {
  assert.ok(applies({ condition: null }, {}));
  assert.ok(applies({}, {}));
  assert.ok(applies({ condition: "regulated" }, { regulated: true }));
  assert.ok(!applies({ condition: "regulated" }, {}));
  const unregulated = fill(PLAYBOOK, { ...PROJECT, facts: { ...PROJECT.facts, regulated: false } }, "2027-03-10");
  assert.ok(unregulated.tasks.some((row) => row.id === "closing"));
  assert.ok(!unregulated.tasks.some((row) => row.id === "filing"));
  assert.ok(unregulated.risks.some((row) => row.id === "unused"));
});

test("a task due today is not overdue; one due yesterday is", () => {
  const onTheDay = fill(PLAYBOOK, PROJECT, "2027-03-08").tasks.find((row) => row.id === "alpha");
  assert.equal(onTheDay?.state, "open");
  const dayAfter = fill(PLAYBOOK, PROJECT, "2027-03-09").tasks.find((row) => row.id === "alpha");
  assert.equal(dayAfter?.state, "overdue");
});

test("progress is rounded down, leaves n/a out, and is 100 when nothing counts", () => {
  /** @type {Playbook} */
  const three = {
    bands: { medium: 5, high: 10, critical: 16 },
    tasks: ["a", "b", "c"].map((id) => ({ id, title: id, phase: "plan", owner_role: "pm", due: "0d" })),
    risks: [],
  };
  /**
   * @param {Record<string, {state: string}>} status
   * @returns {import("../../generator/workbench/fill.js").Counts}
   */
  const counts = (status) => fill(three, { kickoff: "2027-03-01", status }, "2027-03-01").counts;
  assert.equal(counts({ a: { state: "done" }, b: { state: "done" } }).progress, 66);
  assert.equal(counts({ a: { state: "done" } }).progress, 33);
  assert.equal(counts({ a: { state: "done" }, b: { state: "n/a" } }).progress, 50);
  assert.equal(counts({ a: { state: "n/a" }, b: { state: "n/a" }, c: { state: "n/a" } }).progress, 100);
  assert.equal(counts({}).progress, 0);
  assert.deepEqual(fill({ ...three, tasks: [] }, { kickoff: "2027-03-01" }, "2027-03-01").counts, {
    tasks: 0,
    risks: 0,
    done: 0,
    overdue: 0,
    progress: 100,
  });
});

test("status, roles and overrides are read as own properties only", () => {
  /** @type {Playbook} */
  const playbook = {
    bands: { medium: 5, high: 10, critical: 16 },
    tasks: [{ id: "constructor", title: "T", phase: "plan", owner_role: "toString", due: "0d" }],
    risks: [{ id: "constructor", title: "R", owner_role: "toString", likelihood: 1, impact: 1 }],
  };
  const filled = fill(playbook, { kickoff: "2027-03-01" }, "2027-03-01");
  assert.equal(filled.tasks[0].state, "open");
  assert.equal(filled.tasks[0].owner, "");
  assert.equal(filled.risks[0].owner, "");
  assert.equal(filled.risks[0].score, 1);
});

test("fill takes the facts with defaults applied by withDefaults", () => {
  /** @type {Playbook} */
  const playbook = {
    bands: { medium: 5, high: 10, critical: 16 },
    facts: [{ name: "regulated", type: "boolean", default: true }],
    tasks: [{ id: "t", title: "T", phase: "plan", owner_role: "pm", due: "0d", condition: "regulated" }],
    risks: [],
  };
  const project = { kickoff: "2027-03-01", facts: withDefaults({ facts: playbook.facts ?? [] }, {}) };
  assert.equal(fill(playbook, project, "2027-03-01").tasks.length, 1);
  assert.equal(fill(playbook, { kickoff: "2027-03-01", facts: {} }, "2027-03-01").tasks.length, 0);
});

test("the phases are Python's", () => {
  assert.deepEqual(PHASES, ["initiate", "plan", "execute", "monitor", "close"]);
});
