"""The site's own text in the site's language: the message catalogue (``generator/locale/``,
see ``generator.model.messages``) for the page templates and the browser workbench.

The templates write their text as ``{{ _("Risk register") }}`` (or ``{% trans %}``), with
``%(name)s`` placeholders for values: ``{{ _("As of %(day)s", day=filled.today) }}``, and
``ngettext("%(num)d task", "%(num)d tasks", count)``. The values are escaped as
``{{ value }}`` would be (for Markdown and HTML on a Markdown page); the message itself is ours,
so it passes as written. A message that must be escaped like a value instead (a page title in
the front matter, which MkDocs reads as plain text) is written ``N_("...") | ui``. Text made
in Python that pages show (a kind's name, a state, a trend word, a default RAG reason) goes
through the ``ui`` filter too: translated when the catalogue has it, escaped like any value.

The workbench's JavaScript (``generator/workbench/i18n.js``) gets the same catalogue: the
messages the JavaScript uses are embedded as JSON in the pages that load it. English needs
nothing embedded: its messages are the text itself.

An organization's override templates get the same functions (their own text is theirs to
write in any language). Fill-in text that playbook authors write (scope templates) gets none of
this: it is content, in the authors' language.
"""

from __future__ import annotations

import gettext as gettext_module
import json
import re
from collections.abc import Callable, Mapping
from functools import lru_cache
from io import BytesIO
from typing import Any

import jinja2
from babel import Locale, UnknownLocaleError
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import get_decimal_symbol
from babel.support import NullTranslations, Translations
from markupsafe import Markup

from generator.model.messages import DOMAIN, N_, SOURCE_LANGUAGE, Nn_, catalogue_path
from generator.model.offsets import parse_due
from generator.render.filters import answer_text
from generator.resolve.maturity import tenths_text
from generator.resolve.standing import standing_words

# Where the workbench's modules are, as the catalogue's locations name them.
WORKBENCH_SOURCES = "generator/workbench/"

# Python-made words that pages show, defined in modules that keep them as data (an export or
# the project file writes them as they are): marked here so the catalogue has them, translated
# by the ``ui`` filter where a page shows them. tests/render/test_i18n.py checks that every
# value of those modules is here.
SHOWN_WORDS = (
    # A task's state (generator.resolve.rows.Row.shown_state).
    N_("open"),
    N_("done"),
    N_("n/a"),
    N_("overdue"),
    N_("blocked"),
    # A risk's band (generator.model.playbook RiskBands).
    N_("low"),
    N_("medium"),
    N_("high"),
    N_("critical"),
    # A risk's response (generator.model.items.Risk).
    N_("avoid"),
    N_("mitigate"),
    N_("transfer"),
    N_("accept"),
    N_("escalate"),
    # How often a practice is done (generator.model.items.Cadence).
    N_("once"),
    N_("per phase"),
    N_("weekly"),
    N_("fortnightly"),
    N_("monthly"),
    N_("quarterly"),
    N_("ongoing"),
    # How far a risk's mitigation is (generator.resolve.rows.MITIGATION_STATES).
    N_("none"),
    N_("planned"),
    N_("under way"),
    N_("late"),
    N_("complete"),
    # A risk's trend in words (generator.resolve.rows.TREND_WORDS).
    N_("worse"),
    N_("better"),
    N_("unchanged"),
    # A practice area's maturity trend (generator.resolve.maturity.TRENDS).
    N_("up"),
    N_("down"),
    N_("steady"),
    # A project's RAG status (generator.model.reporting.RagColour).
    N_("red"),
    N_("amber"),
    N_("green"),
    # The phases (generator.model.fields.PHASES).
    N_("initiate"),
    N_("plan"),
    N_("execute"),
    N_("monitor"),
    N_("close"),
    # The type of a kickoff fact (generator.model.playbook.FactType).
    N_("text"),
    N_("integer"),
    N_("boolean"),
    N_("date"),
    N_("choice"),
    N_("multi-choice"),
    # The reason of a green status (generator.resolve.health.GREEN_REASON).
    N_("No red or amber rule holds."),
    # The owner of items that name none (generator.resolve.freshness.NO_OWNER).
    N_("No owner"),
    # The months of the portfolio's timeline (generator.render.projects.MONTHS).
    N_("Jan"),
    N_("Feb"),
    N_("Mar"),
    N_("Apr"),
    N_("May"),
    N_("Jun"),
    N_("Jul"),
    N_("Aug"),
    N_("Sep"),
    N_("Oct"),
    N_("Nov"),
    N_("Dec"),
)

# A placeholder the messages may hold: %(name)s or %(name)d, and %% for a percent sign. Nothing
# else: no width or precision, which a template could make huge.
_PLACEHOLDER = re.compile(r"%(?:%|\([A-Za-z_][A-Za-z0-9_]*\)[sd])")
_COUNT_UNIT = re.compile(r"(?P<count>[0-9]{1,3})(?P<unit>[dw])$")


class MessageError(jinja2.TemplateError):
    """A message whose placeholders are not of the form %(name)s."""


@lru_cache(maxsize=8)
def read_catalogue(language: str) -> Catalog:
    """The translation of the messages into ``language``, as written in its .po file."""
    with catalogue_path(language).open("rb") as file:
        return read_po(file, locale=language, domain=DOMAIN)


@lru_cache(maxsize=8)
def translations_for(language: str) -> gettext_module.NullTranslations:
    """The messages in ``language``: English is the messages themselves. Read from the .po file
    (compiled in memory, fuzzy entries left out), once per process."""
    if language == SOURCE_LANGUAGE:
        return NullTranslations()
    compiled = BytesIO()
    write_mo(compiled, read_catalogue(language))
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


def check_placeholders(text: str) -> None:
    """Refuse a message with a placeholder other than %(name)s, %(name)d or %%."""
    if "%" in _PLACEHOLDER.sub("", text):
        raise MessageError(
            f"message {text!r}: write placeholders as %(name)s (or %% for a percent sign)"
        )


def format_message(text: str, variables: Mapping[str, Any]) -> str:
    """``text`` with its %(name)s placeholders filled in (and %% as %)."""
    check_placeholders(text)
    return text % dict(variables)


def _gettext_functions(
    translations: gettext_module.NullTranslations, finalize: Callable[[Any], Any]
) -> dict[str, Callable[..., Any]]:
    """Jinja's new-style gettext functions, whose values are escaped by the environment's
    ``finalize`` first, as ``{{ value }}`` would be (Jinja's own only escape them for HTML)."""

    # A message without values reads the same every time: a page with hundreds of form fields
    # asks for the same few labels thousands of times in one build.
    plain: dict[str, Markup] = {}
    checked: set[str] = set()

    def fill(message: str, variables: dict[str, Any]) -> Markup:
        if message not in checked:
            check_placeholders(message)  # before anything is filled in
            checked.add(message)
        shown = {name: finalize(value) for name, value in variables.items()}
        return Markup(message) % shown

    def gettext(message: str, **variables: Any) -> Markup:
        if variables:
            return fill(translations.gettext(message), variables)
        found = plain.get(message)
        if found is None:
            found = plain[message] = fill(translations.gettext(message), {})
        return found

    def ngettext(singular: str, plural: str, num: int, **variables: Any) -> Markup:
        variables.setdefault("num", num)
        return fill(translations.ngettext(singular, plural, num), variables)

    def pgettext(context: str, message: str, **variables: Any) -> Markup:
        return fill(translations.pgettext(context, message), variables)

    def npgettext(context: str, singular: str, plural: str, num: int, **variables: Any) -> Markup:
        variables.setdefault("num", num)
        return fill(translations.npgettext(context, singular, plural, num), variables)

    return {"gettext": gettext, "ngettext": ngettext, "pgettext": pgettext, "npgettext": npgettext}


def offset_words(offset: str, translations: gettext_module.NullTranslations) -> str:
    """A due date in words, in the site's language: '-10d' -> '10 days before kickoff'
    (``generator.model.offsets.describe_offset`` in English)."""
    due = parse_due(offset)
    found = _COUNT_UNIT.search(offset)
    if found is None:  # parse_due accepted it, so it ends in a count and a unit
        raise ValueError(f"not an offset: {offset!r}")
    count = int(found["count"])
    values = {"num": count, "task": due.task, "fact": due.fact}
    if count == 0:
        if due.task:
            return format_message(translations.gettext("when %(task)s is due"), values)
        if due.fact:
            return format_message(translations.gettext("on %(fact)s"), values)
        return translations.gettext("on kickoff day")
    before = due.days < 0
    weeks = found["unit"] == "w"
    forms = _OFFSET_FORMS[(weeks, before, "task" if due.task else "fact" if due.fact else "")]
    return format_message(translations.ngettext(*forms, count), values)


# Every form of an offset: (in weeks, before, anchored on) -> (singular, plural).
_OFFSET_FORMS: dict[tuple[bool, bool, str], tuple[str, str]] = {
    (False, True, ""): Nn_("%(num)d day before kickoff", "%(num)d days before kickoff"),
    (False, False, ""): Nn_("%(num)d day after kickoff", "%(num)d days after kickoff"),
    (True, True, ""): Nn_("%(num)d week before kickoff", "%(num)d weeks before kickoff"),
    (True, False, ""): Nn_("%(num)d week after kickoff", "%(num)d weeks after kickoff"),
    (False, True, "fact"): Nn_("%(num)d day before %(fact)s", "%(num)d days before %(fact)s"),
    (False, False, "fact"): Nn_("%(num)d day after %(fact)s", "%(num)d days after %(fact)s"),
    (True, True, "fact"): Nn_("%(num)d week before %(fact)s", "%(num)d weeks before %(fact)s"),
    (True, False, "fact"): Nn_("%(num)d week after %(fact)s", "%(num)d weeks after %(fact)s"),
    (False, True, "task"): Nn_(
        "%(num)d day before %(task)s is due",
        "%(num)d days before %(task)s is due",
    ),
    (False, False, "task"): Nn_(
        "%(num)d day after %(task)s is due",
        "%(num)d days after %(task)s is due",
    ),
    (True, True, "task"): Nn_(
        "%(num)d week before %(task)s is due",
        "%(num)d weeks before %(task)s is due",
    ),
    (True, False, "task"): Nn_(
        "%(num)d week after %(task)s is due",
        "%(num)d weeks after %(task)s is due",
    ),
}


@lru_cache(maxsize=8)
def decimal_symbol(language: str) -> str:
    """What separates a number's decimals in ``language`` (CLDR, through Babel): ``.`` in
    English, ``,`` in German; ``.`` for a language Babel does not know."""
    try:
        return str(get_decimal_symbol(Locale.parse(language)))
    except (UnknownLocaleError, ValueError):
        return "."


def _plural_indexes(language: str, catalogue: Catalog) -> dict[str, int]:
    """Which plural form (msgstr[i]) each of the browser's plural categories
    (``Intl.PluralRules``: one, few, other...) takes, from the catalogue's Plural-Forms."""
    try:
        rule = Locale.parse(language).plural_form
    except (UnknownLocaleError, ValueError):
        return {}
    choose = gettext_module.c2py(catalogue.plural_expr)
    indexes: dict[str, int] = {}
    for number in range(1000):
        indexes.setdefault(rule(number), choose(number))
    return dict(sorted(indexes.items()))


@lru_cache(maxsize=8)
def workbench_catalogue(language: str) -> dict[str, Any]:
    """What the workbench needs of the catalogue: the language, which plural form each plural
    category takes, its decimal symbol, and the translation of each message the JavaScript uses
    (a list of forms for a plural one). Fuzzy and untranslated messages are left out: they show
    in English."""
    if language == SOURCE_LANGUAGE:
        return {"language": language, "plural": {}, "decimal": ".", "messages": {}}
    catalogue = read_catalogue(language)
    messages: dict[str, str | list[str]] = {}
    for message in catalogue:
        used = any(path.startswith(WORKBENCH_SOURCES) for path, _ in message.locations)
        if not message.id or not used or message.fuzzy or not message.string:
            continue
        if isinstance(message.id, tuple | list):
            forms = [str(form) for form in message.string]
            if all(forms):
                messages[str(message.id[0])] = forms
        else:
            messages[str(message.id)] = str(message.string)
    return {
        "language": language,
        "plural": _plural_indexes(language, catalogue),
        "decimal": decimal_symbol(language),
        "messages": dict(sorted(messages.items())),
    }


@lru_cache(maxsize=8)
def workbench_messages(language: str) -> Markup:
    """The element a page that loads the workbench holds its messages in (nothing in English,
    whose messages are the text itself). Found by its attribute, so a page may hold several."""
    if language == SOURCE_LANGUAGE:
        return Markup("")
    text = json.dumps(
        workbench_catalogue(language), ensure_ascii=False, sort_keys=True, separators=(",", ":")
    )
    # Safe inside <script>: no "<", ">" or "&" can close it (as render.workbench.as_script_json).
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(f'<script type="application/json" data-pb-messages>{text}</script>')


def install_language(env: jinja2.Environment, language: str) -> None:
    """The page templates' gettext functions, their ``ui``, ``offset_text``, ``standing`` and
    ``answer`` filters and the workbench's messages, in ``language`` (English: the messages as
    written)."""
    translations = translations_for(language)
    env.install_gettext_translations(translations, newstyle=True)  # type: ignore[attr-defined]
    finalize: Callable[[Any], Any] = env.finalize or (lambda value: value)
    env.globals.update(_gettext_functions(translations, finalize))
    env.globals["N_"] = lambda message: message  # marks a message that ``ui`` translates
    env.globals["language"] = language
    env.globals["workbench_messages"] = workbench_messages(language)

    def ui(value: Any) -> Any:
        """Python-made text a page shows, translated when the catalogue has it."""
        return translations.gettext(value) if isinstance(value, str) and value else value

    env.filters["ui"] = ui
    env.filters["offset_text"] = lambda offset: offset_words(offset, translations)
    env.filters["standing"] = lambda standing: standing_words(standing, translations)
    decimal = decimal_symbol(language)
    env.filters["tenths"] = lambda value: tenths_text(value, decimal)
    env.filters["answer"] = lambda value: answer_text(value, translations.gettext)
