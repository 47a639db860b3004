"""The message catalogue as the tests read it (generator/locale/): the German translation, and
where an English message of ours shows in a page's text."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from generator.model.messages import LOCALE_DIR, catalogue_path

POT = LOCALE_DIR / "messages.pot"
GERMAN = catalogue_path("de")
# A placeholder of a message: %(name)s, %(name)d, or %% for a percent sign.
PLACEHOLDER = re.compile(r"%(?:%|\(\w+\)[sd])")


def read_catalogue(path: Path) -> Catalog:
    with path.open("rb") as file:
        return read_po(file)


def message_key(message_id: Any) -> str:
    """A message's id: its singular for a message with a plural form."""
    return message_id if isinstance(message_id, str) else str(message_id[0])


def forms(value: Any) -> list[str]:
    """A message's id or translation as a list: one string, or its plural forms."""
    return [value] if isinstance(value, str) else [str(form) for form in value]


def message_pattern(message: str) -> re.Pattern[str]:
    """Where an English message shows in a text: its words, a number for each %(name)d and any
    value for each %(name)s, and no letter or hyphen right before or after ("No" is not in
    "No-Go"). A message in lower case may show capitalized ("initiate" as a heading)."""
    pattern = ""
    for index, part in enumerate(re.split(r"(%\(\w+\)[sd]|%%)", message)):
        if index % 2 == 0:
            words = re.escape(" ".join(part.split())) if part.strip() else re.escape(part)
            # The spaces around a message's words stay: "%(a)s of %(b)s" is not in "Kick-off".
            before = r"\s" if part.strip() and part[:1].isspace() else ""
            after = r"\s" if part.strip() and part[-1:].isspace() else ""
            pattern += before + words + after
        else:
            pattern += {"%%": "%"}.get(part, r"\d+" if part.endswith("d") else ".+?")
    if message[:1].islower():
        pattern = f"(?i:{pattern[:1]}){pattern[1:]}" if pattern[:1].isalpha() else pattern
    return re.compile(r"(?<![\w-])" + pattern + r"(?![\w-])")


def english_patterns() -> dict[str, re.Pattern[str]]:
    """Every English message whose German translation differs (in more than the case of its
    first letter), as a pattern to look for; a message of placeholders and punctuation only
    has nothing to find."""
    patterns = {}
    for message in read_catalogue(GERMAN):
        if not message.id:
            continue
        german = {form[:1].lower() + form[1:] for form in forms(message.string)}
        for english in forms(message.id):
            if english[:1].lower() + english[1:] in german:
                continue
            if PLACEHOLDER.sub("", english).strip(" .,:;()"):
                patterns[english] = message_pattern(english)
    return patterns


def shown_text(page: str) -> str:
    """What a reader sees or hears of a generated page (Markdown or HTML): its text, titles and
    labels, without front matter, scripts (the embedded data), tags, link targets, attribute
    lists and a code block's language."""
    text = re.sub(r"\A---\n.*?\n---\n", "", page, flags=re.DOTALL)
    text = re.sub(r"^```\w*$", "", text, flags=re.MULTILINE)
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", text, flags=re.DOTALL)
    said = re.findall(r'\b(?:title|aria-label)="([^"]*)"', text)
    text = re.sub(r"<[^>]*>", " ", text)
    text = re.sub(r"\]\([^)\s]*\)", "] ", text)
    text = re.sub(r"\{[^{}]*\}", " ", text)
    return " ".join(html.unescape(" ".join([text, *said])).split())


def english_in(text: str, patterns: Mapping[str, re.Pattern[str]]) -> list[str]:
    """The English messages ``text`` shows."""
    return sorted(english for english, pattern in patterns.items() if pattern.search(text))
