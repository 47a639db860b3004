"""Seeded, varied PMO prose: titles, sentences, paragraphs and lists for synthetic items.

Everything comes from one ``random.Random``, so the same seed always writes the same text.
"""

from __future__ import annotations

import random
import re

from benchmarks import vocabulary as v

_SENTENCES = (
    "Agree the {noun} with the {role} before {milestone}.",
    "Without a {adj} {noun}, the {team} cannot {verb} the {noun2} on time.",
    "The PMO tracks the {noun} in the {noun2} and reviews it at every {meeting}.",
    "Teams that {verb} the {noun} early report fewer cases of {problem} near {milestone}.",
    "A {adj} {noun} often hides a {problem} that only shows at {milestone}.",
    "Record each change to the {noun} with an owner, a date and the reason.",
    "A {adj} {noun} gives the {role} the evidence needed to {verb} the {noun2}.",
    "If the {noun} changes, update the {noun2} and tell the {team} the same {period}.",
    "Review the {noun} with the {team} every {period}, and keep the outcome visible.",
    "Most {problems} start as a small gap in the {noun}.",
    "Allow {number} to {number2} days for the {noun} in each {period}.",
    "Ask the {role} to {verb} the {noun} in writing, not in a hallway conversation.",
    "Link the {noun} to the {noun2} so that nobody has to reconcile them by hand.",
    "When the {team} and the {team2} disagree on the {noun}, the {meeting} decides.",
    "Keep the {noun} short: a page that the {role} reads beats forty pages that nobody does.",
    "An {adj_an} {noun} makes the {meeting} faster and the decisions easier to explain.",
    "Check the {noun} against what actually happened at the last {milestone}.",
    "Escalate to the {meeting} when the {noun} slips by more than one {period}.",
)

_QUESTIONS = (
    "Who decides on the {noun}?",
    "How will we know that the {noun} is {adj} enough?",
    "Which part of the {team} owns the {noun}?",
    "When does the {meeting} review the {noun}?",
    "What happens to the {noun2} if the {noun} slips?",
    "Does the {role} agree with the {noun}?",
)

_TITLE_PATTERNS = {
    "practice": (
        "{Verb} the {noun} before {milestone}",
        "Keep a {adj} {noun}",
        "{Verb} the {noun} with the {team}",
        "Make the {noun} {adj}",
        "Use the {noun} to drive the {meeting}",
    ),
    "risk": (
        "{Noun} causes {problem} at {milestone}",
        "{Problem} in the {noun}",
        "The {team} misses the {noun}",
        "{Noun} is not {adj} before {milestone}",
        "{Problem} from the {team}",
    ),
    "case-study": (
        "{Noun} turnaround at a {industry} organisation",
        "How a {industry} PMO fixed its {noun}",
        "{Industry} programme recovers its {noun}",
        "A {adj} {noun} for a {industry} group",
    ),
    "faq": (
        "Who owns the {noun}?",
        "When should we {verb} the {noun}?",
        "How detailed must the {noun} be?",
        "What goes into the {noun}?",
        "How often do we {verb} the {noun}?",
    ),
    "scope": (
        "{Section}: {noun}",
        "{Section} of the {noun}",
        "{Section} for the {team}",
    ),
    "task": (
        "{Verb} the {noun}",
        "{Verb} the {noun} with the {team}",
        "Prepare the {noun} for the {meeting}",
        "{Verb} the {adj} {noun}",
    ),
}


_ARTICLE = re.compile(r"\b([Aa]) (?=(?:[aeioAEIO]|up|un[^i])\w*)")


def plural(noun: str) -> str:
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    return noun + ("es" if noun.endswith(("s", "sh", "ch", "x")) else "s")


def with_articles(text: str) -> str:
    """Fix "a" before a vowel sound: "a up-to-date plan" -> "an up-to-date plan"."""
    return _ARTICLE.sub(lambda match: match.group(1) + "n ", text)


def lower_first(text: str) -> str:
    """Lower-case the first letter ("Executive sponsor"), unless an acronym ("PMO lead")."""
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


def slug(text: str, limit: int = 72) -> str:
    """Kebab-case, ASCII, at most ``limit`` characters (item ids allow 80)."""
    words = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return words[:limit].rstrip("-") or "item"


class Prose:
    """A source of sentences, titles and lists, deterministic for a given ``random.Random``."""

    def __init__(self, rng: random.Random, role_titles: tuple[str, ...]) -> None:
        self.rng = rng
        self.role_titles = role_titles

    def _slots(self) -> dict[str, str]:
        pick = self.rng.choice
        noun, noun2 = self.rng.sample(v.NOUNS, 2)
        team, team2 = self.rng.sample(v.TEAMS, 2)
        adj = pick(v.ADJECTIVES)
        number = self.rng.randint(1, 5)
        return {
            "noun": noun,
            "noun2": noun2,
            "Noun": noun[0].upper() + noun[1:],
            "adj": adj,
            "adj_an": pick(("agreed", "early", "independent", "up-to-date")),
            "verb": pick(v.VERBS),
            "Verb": pick(v.VERBS).capitalize(),
            "problem": pick(v.PROBLEMS),
            "problems": plural(pick(v.PROBLEMS)),
            "Problem": pick(v.PROBLEMS).capitalize(),
            "team": team,
            "team2": team2,
            "meeting": pick(v.MEETINGS),
            "milestone": pick(v.MILESTONES),
            "period": pick(v.PERIODS),
            "role": lower_first(pick(self.role_titles)),
            "industry": pick(v.INDUSTRIES[:-1]),
            "Industry": pick(v.INDUSTRIES[:-1]).replace("-", " ").capitalize(),
            "number": str(number),
            "number2": str(number + self.rng.randint(1, 4)),
            "Section": pick(("Objectives", "Boundaries", "Deliverables", "Measures")),
        }

    def sentence(self) -> str:
        return with_articles(self.rng.choice(_SENTENCES).format(**self._slots()))

    def sentences(self, low: int, high: int) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(low, high)))

    def question(self) -> str:
        return with_articles(self.rng.choice(_QUESTIONS).format(**self._slots()))

    def title(self, kind: str) -> str:
        text = with_articles(self.rng.choice(_TITLE_PATTERNS[kind]).format(**self._slots()))
        return text[0].upper() + text[1:]

    def paragraphs(self, low: int, high: int) -> str:
        """Markdown: a few paragraphs, now and then a bold phrase or a short list."""
        blocks = []
        for _ in range(self.rng.randint(low, high)):
            text = self.sentences(2, 5)
            if self.rng.random() < 0.3:
                noun = self.rng.choice(v.NOUNS)
                text += f" The **{noun}** is where this usually goes wrong."
            blocks.append(text)
        if self.rng.random() < 0.35:
            blocks.append("\n".join(f"- {self.sentence()}" for _ in range(self.rng.randint(2, 4))))
        return "\n\n".join(blocks) + "\n"

    def bullet_texts(self, low: int, high: int) -> list[str]:
        return [self.sentence() for _ in range(self.rng.randint(low, high))]

    def tags(self) -> list[str]:
        return sorted(self.rng.sample(v.TAGS, self.rng.randint(1, 4)))
