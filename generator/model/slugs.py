"""Slugs: the kebab-case file and URL names of projects, made from what people call them."""

from __future__ import annotations

import re
import unicodedata

# Kebab-case: item ids, playbook ids and project slugs all follow it.
SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
_SLUG = re.compile(SLUG_PATTERN)


def is_slug(text: str) -> bool:
    return _SLUG.match(text) is not None


# Letters that Unicode does not decompose into ASCII.
_SPELL_OUT = str.maketrans(
    {
        "ß": "ss",
        "æ": "ae",
        "Æ": "AE",
        "ø": "o",
        "Ø": "O",
        "œ": "oe",
        "Œ": "OE",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "þ": "th",
    }
)


_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(name: str) -> str:
    """A safe file and URL name: ASCII kebab-case, never empty, never '..'."""
    spelled = name.translate(_SPELL_OUT)
    ascii_name = unicodedata.normalize("NFKD", spelled).encode("ascii", "ignore").decode("ascii")
    slug = _NOT_SLUG.sub("-", ascii_name.lower()).strip("-")[:60].strip("-")
    return slug or "project"
