"""The message catalogue of the site's own text: where it is, and which languages it holds.

Everything the site says in its own words (headings, column names, states, buttons, the
workbench) comes from one gettext catalogue, ``generator/locale/``: ``messages.pot`` holds
every message (extracted by `make messages` from the templates, the Python modules and the
workbench's JavaScript), and ``<language>/LC_MESSAGES/messages.po`` its translation. English is
the messages themselves, so it has no file. ``generator.render.i18n`` reads the catalogue;
mkdocs.yml's ``theme.language`` picks the language (``generator.settings``).

Text made in Python that pages show (a kind's name, a default RAG reason) is marked with
``N_`` (``Nn_`` with a plural form) where it is defined, so that extraction finds it; it is
translated where it is shown.
"""

from __future__ import annotations

from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"
DOMAIN = "messages"
# The language the messages are written in: it needs no catalogue.
SOURCE_LANGUAGE = "en"


def N_(text: str) -> str:
    """Mark ``text`` for the catalogue; it is translated where it is shown, not here."""
    return text


def Nn_(singular: str, plural: str) -> tuple[str, str]:
    """Mark a message with a plural form (``ngettext``'s first two arguments) for the
    catalogue (`make messages` knows it as ``-k Nn_:1,2``)."""
    return singular, plural


def catalogue_path(language: str) -> Path:
    """The translation of the messages into ``language`` (a file that may not exist)."""
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def shipped_languages() -> tuple[str, ...]:
    """English, and every language with a catalogue, in order."""
    found = sorted(
        folder.name
        for folder in LOCALE_DIR.iterdir()
        if folder.is_dir() and catalogue_path(folder.name).is_file()
    )
    return (SOURCE_LANGUAGE, *(name for name in found if name != SOURCE_LANGUAGE))


def catalogue_language(wanted: str) -> str | None:
    """The shipped language for mkdocs.yml's ``theme.language`` (``de``, ``de-CH``, ``de_AT``
    -> ``de``), or None when there is none."""
    shipped = shipped_languages()
    if wanted in shipped:
        return wanted
    base = wanted.replace("_", "-").split("-", 1)[0].lower()
    return base if base in shipped else None
