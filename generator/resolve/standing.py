"""Where an item of a filled-in checklist stands, as data, and its words in any language.

`playbook impact` compares two checklists of one project: a task's due date before and after,
a risk's score and band, whether an item applies. Its reports say so in words: the text report
in English, the Markdown report in the site's language. Both word a ``Standing`` with
``standing_words``, given the catalogue's translations (English: none).
"""

from __future__ import annotations

import datetime as dt
import gettext as gettext_module
from dataclasses import dataclass
from typing import Literal

from generator.model.messages import N_

StandingKind = Literal["none", "not-applicable", "title", "task", "risk", "scope", "done"]

# A state worth saying beside what an item is: an open item is just what it is.
_STATES = {"done": N_("done"), "n/a": N_("n/a")}


@dataclass(frozen=True)
class Standing:
    """One side of a change to one item.

    ``none``: nothing to say (the item is new, or gone). ``not-applicable``: the item does
    not apply to the project. ``title``: the item's title (``text``). ``task``: due on
    ``due`` (or no due date yet). ``risk``: ``score`` in ``band``. ``scope``: a scope
    section. ``done``: marked done, on ``due`` when the project says when. ``brief`` leaves
    the words "due" and "score" out, where the column says what the value is; ``state`` is
    said after what the item is when it is done or n/a.
    """

    kind: StandingKind
    text: str = ""
    due: dt.date | None = None
    score: int | None = None
    band: str | None = None
    state: str = "open"
    brief: bool = False


NONE = Standing("none")
NOT_APPLICABLE = Standing("not-applicable")


def standing_words(
    standing: Standing, translations: gettext_module.NullTranslations | None = None
) -> str:
    """``standing`` in words: 'due 2027-02-01', 'score 12 (high)', '10 (high)', 'does not
    apply', 'due 2027-02-15, n/a' ... in English, or in ``translations``' language."""
    say = (translations or gettext_module.NullTranslations()).gettext
    kind = standing.kind
    if kind == "none":
        return ""
    if kind == "title":
        return standing.text
    if kind == "not-applicable":
        return say(N_("does not apply"))
    if kind == "done":
        due = standing.due
        return say(N_("done %(date)s")) % {"date": due} if due else say(N_("done"))
    if kind == "task":
        due = standing.due
        if due is None:
            shown = say(N_("no due date"))
        else:
            shown = str(due) if standing.brief else say(N_("due %(date)s")) % {"date": due}
    elif kind == "risk":
        band = say(standing.band) if standing.band else ""  # gettext("") is the header
        message = N_("%(score)s (%(band)s)") if standing.brief else N_("score %(score)s (%(band)s)")
        shown = say(message) % {"score": standing.score, "band": band}
    else:
        shown = say(N_("scope section"))
    state = _STATES.get(standing.state)
    if state is None:
        return shown
    return say(N_("%(standing)s, %(state)s")) % {"standing": shown, "state": say(state)}
