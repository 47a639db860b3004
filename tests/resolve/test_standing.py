"""What an item was and becomes, in words (generator.resolve.standing): English as the text
report has always said it, German from the catalogue."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.render.i18n import translations_for
from generator.resolve.standing import NONE, NOT_APPLICABLE, Standing, standing_words

DAY = dt.date(2027, 2, 15)
NA = Standing("task", due=DAY, state="n/a")
DONE_RISK = Standing("risk", score=6, band="medium", state="done")

CASES = [
    (NONE, "", ""),
    (NOT_APPLICABLE, "does not apply", "trifft nicht zu"),
    (Standing("title", "Run the kickoff"), "Run the kickoff", "Run the kickoff"),
    (Standing("task", due=DAY), "due 2027-02-15", "fällig am 2027-02-15"),
    (Standing("task", due=DAY, brief=True), "2027-02-15", "2027-02-15"),
    (Standing("task"), "no due date", "kein Fälligkeitsdatum"),
    (Standing("task", brief=True), "no due date", "kein Fälligkeitsdatum"),
    (NA, "due 2027-02-15, n/a", "fällig am 2027-02-15, entfällt"),
    (Standing("task", due=DAY, state="open"), "due 2027-02-15", "fällig am 2027-02-15"),
    (Standing("risk", score=12, band="high"), "score 12 (high)", "Risikowert 12 (hoch)"),
    (Standing("risk", score=20, band="critical", brief=True), "20 (critical)", "20 (kritisch)"),
    (Standing("risk", score=6, band="severe", brief=True), "6 (severe)", "6 (severe)"),
    (DONE_RISK, "score 6 (medium), done", "Risikowert 6 (mittel), erledigt"),
    (Standing("scope"), "scope section", "Abschnitt zum Projektumfang"),
    (Standing("done", due=DAY), "done 2027-02-15", "erledigt am 2027-02-15"),
    (Standing("done"), "done", "erledigt"),
]  # fmt: skip


@pytest.mark.parametrize(("standing", "english", "german"), CASES)
def test_a_standing_in_words(standing: Standing, english: str, german: str) -> None:
    assert standing_words(standing) == english
    assert standing_words(standing, translations_for("en")) == english
    assert standing_words(standing, translations_for("de")) == german


def test_a_risk_without_a_band_never_shows_the_catalogues_header() -> None:
    # gettext("") would be the catalogue's header: a risk without a band says nothing for it.
    assert standing_words(Standing("risk", score=3, band=""), translations_for("de")) == (
        "Risikowert 3 ()"
    )
