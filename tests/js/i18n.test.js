// @ts-check
import assert from "node:assert/strict";
import { afterEach, test } from "node:test";

import { assessAreaText } from "../../generator/workbench/assess-page.js";
import { facetsStatusText } from "../../generator/workbench/facets.js";
import { N_, formatMessage, gettext, localDecimal, ngettext, useMessages } from "../../generator/workbench/i18n.js";
import { kickoffCountsText } from "../../generator/workbench/kickoff-page.js";
import { portfolioCountText, portfolioSortedText } from "../../generator/workbench/portfolio-page.js";
import { registerFilterText } from "../../generator/workbench/register.js";

/**
 * A catalogue as a German page embeds it (generator/render/i18n.py workbench_catalogue).
 * @type {import("../../generator/workbench/i18n.js").Catalogue}
 */
const GERMAN = {
  language: "de",
  plural: { one: 0, other: 1 },
  decimal: ",",
  messages: {
    "up from %(score)s": "gestiegen von %(score)s",
    "Show every risk": "Alle Risiken anzeigen",
    "%(num)d task": ["%(num)d Aufgabe", "%(num)d Aufgaben"],
    "%(num)d risk": ["%(num)d Risiko", "%(num)d Risiken"],
    "%(tasks)s and %(risks)s apply.": "%(tasks)s und %(risks)s treffen zu.",
    "%(shown)s of %(num)d project shown": ["%(shown)s von %(num)d Projekt angezeigt", "%(shown)s von %(num)d Projekten angezeigt"],
    "Projects, sorted by %(column)s, descending": "Projekte, nach %(column)s absteigend sortiert",
    "Sorted by %(column)s, descending.": "Nach %(column)s absteigend sortiert.",
    "Showing %(num)d risk at likelihood %(likelihood)s and impact %(impact)s.": [
      "%(num)d Risiko mit Wahrscheinlichkeit %(likelihood)s und Auswirkung %(impact)s wird angezeigt.",
      "%(num)d Risiken mit Wahrscheinlichkeit %(likelihood)s und Auswirkung %(impact)s werden angezeigt.",
    ],
    "Showing all %(num)d item": ["%(num)d Eintrag angezeigt", "Alle %(num)d Einträge angezeigt"],
    "Showing %(shown)d of %(num)d item": ["%(shown)d von %(num)d Eintrag angezeigt", "%(shown)d von %(num)d Einträgen angezeigt"],
    "Copy": "",
    "%(num)d day": ["%(num)d Tag", ""],
  },
};

afterEach(() => useMessages(null));

test("without a catalogue (English, or no page), a message is its own text", () => {
  assert.equal(gettext("Show every risk"), "Show every risk");
  assert.equal(ngettext("%(num)d task", "%(num)d tasks", 1), "%(num)d task");
  assert.equal(ngettext("%(num)d task", "%(num)d tasks", 0), "%(num)d tasks");
  assert.equal(ngettext("%(num)d task", "%(num)d tasks", 2), "%(num)d tasks");
  assert.equal(N_("initiate"), "initiate");
});

test("with a catalogue, a message is its translation", () => {
  useMessages(GERMAN);
  assert.equal(gettext("Show every risk"), "Alle Risiken anzeigen");
  assert.equal(ngettext("%(num)d task", "%(num)d tasks", 1), "%(num)d Aufgabe");
  assert.equal(ngettext("%(num)d task", "%(num)d tasks", 0), "%(num)d Aufgaben");
  assert.equal(ngettext("%(num)d task", "%(num)d tasks", 7), "%(num)d Aufgaben");
});

test("a message the catalogue lacks or leaves empty shows in English", () => {
  useMessages(GERMAN);
  assert.equal(gettext("Not in the catalogue"), "Not in the catalogue");
  assert.equal(gettext("Copy"), "Copy");
  assert.equal(ngettext("%(num)d day", "%(num)d days", 1), "%(num)d Tag");
  assert.equal(ngettext("%(num)d day", "%(num)d days", 3), "%(num)d days");
  // A plural message asked for as a singular one is not confused with it.
  assert.equal(gettext("%(num)d task"), "%(num)d task");
});

test("the language's plural rule chooses the form, through the catalogue's categories", () => {
  // Polish: 1 is "one", 2-4 "few", 5 and on "many"; the catalogue's forms are in that order.
  useMessages({
    language: "pl",
    plural: { one: 0, few: 1, many: 2, other: 2 },
    messages: { "%(num)d task": ["%(num)d zadanie", "%(num)d zadania", "%(num)d zadań"] },
  });
  const said = [1, 2, 4, 5, 12, 22].map((n) => ngettext("%(num)d task", "%(num)d tasks", n));
  assert.deepEqual(said, ["%(num)d zadanie", "%(num)d zadania", "%(num)d zadania", "%(num)d zadań", "%(num)d zadań", "%(num)d zadania"]);
});

test("a language the browser does not know falls back to English's rule", () => {
  useMessages({ language: "not a language!", plural: {}, messages: { a: ["one", "many"] } });
  assert.equal(ngettext("a", "b", 1), "one");
  assert.equal(ngettext("a", "b", 2), "many");
});

test("formatMessage fills in %(name)s and %(name)d, and writes %% as %", () => {
  assert.equal(formatMessage("%(done)s of %(num)d done, 100%%", { done: 3, num: 4 }), "3 of 4 done, 100%");
  assert.equal(formatMessage("%(a)s%(a)s", { a: "x" }), "xx");
  assert.equal(formatMessage("no value: %(missing)s", {}), "no value: %(missing)s");
  assert.equal(formatMessage("%(x)s", { x: "%(y)s" }), "%(y)s"); // a value is not read again
  assert.equal(formatMessage("not ours: %s %d %(x)r", { x: 1 }), "not ours: %s %d %(x)r");
});

test("the pages' text reads the same in English as before", () => {
  assert.equal(kickoffCountsText(1, 2, ""), "1 task and 2 risks apply.");
  assert.equal(kickoffCountsText(3, 1, "2027-03-01"), "3 tasks and 1 risk apply; the first task is due 2027-03-01.");
  assert.equal(portfolioCountText(2, 3), "2 of 3 projects shown");
  assert.equal(portfolioCountText(1, 1), "1 of 1 project shown");
  assert.deepEqual(portfolioSortedText("Progress", "ascending"), {
    caption: "Projects, sorted by Progress, ascending",
    status: "Sorted by Progress, ascending.",
  });
  assert.equal(registerFilterText(2, "3", "4"), "Showing 2 risks at likelihood 3 and impact 4.");
  assert.equal(registerFilterText(1, "5", "1"), "Showing 1 risk at likelihood 5 and impact 1.");
  assert.equal(facetsStatusText(20, 20), "Showing all 20 items");
  assert.equal(facetsStatusText(0, 1), "Showing 0 of 1 item");
});

test("the pages' text reads in the catalogue's language", () => {
  useMessages(GERMAN);
  assert.equal(kickoffCountsText(1, 2, ""), "1 Aufgabe und 2 Risiken treffen zu.");
  assert.equal(portfolioCountText(2, 3), "2 von 3 Projekten angezeigt");
  assert.equal(portfolioCountText(1, 1), "1 von 1 Projekt angezeigt");
  assert.deepEqual(portfolioSortedText("Fortschritt", "descending"), {
    caption: "Projekte, nach Fortschritt absteigend sortiert",
    status: "Nach Fortschritt absteigend sortiert.",
  });
  assert.equal(registerFilterText(1, "4", "3"), "1 Risiko mit Wahrscheinlichkeit 4 und Auswirkung 3 wird angezeigt.");
  assert.equal(facetsStatusText(20, 20), "Alle 20 Einträge angezeigt");
  assert.equal(facetsStatusText(1, 1), "1 Eintrag angezeigt");
  assert.equal(facetsStatusText(3, 20), "3 von 20 Einträgen angezeigt");
  assert.equal(facetsStatusText(0, 1), "0 von 1 Eintrag angezeigt");
  // Untranslated: the first task's date sentence is not in this catalogue, so it is English.
  assert.equal(kickoffCountsText(1, 1, "2027-03-01"), "1 Aufgabe and 1 Risiko apply; the first task is due 2027-03-01.");
});

test("a decimal is written with the page's decimal symbol; the shared logic keeps a point", () => {
  /** @type {import("../../generator/workbench/assess.js").AreaSummary} */
  const area = { area: "risk-management", practices: 2, assessed: 2, now: "2.5", previous: "1.0", trend: "up", actions: [] };
  assert.equal(localDecimal("2.5"), "2.5");
  assert.equal(assessAreaText(area), "Risk management: 2.5, up from 1.0");
  useMessages(GERMAN);
  assert.equal(localDecimal("2.5"), "2,5");
  assert.equal(localDecimal("10"), "10");
  assert.equal(assessAreaText(area), "Risk management: 2,5, gestiegen von 1,0");
  // A catalogue without a decimal symbol (an older page): a point, as in English.
  useMessages({ language: "fr", plural: {}, messages: {} });
  assert.equal(localDecimal("2.5"), "2.5");
});
