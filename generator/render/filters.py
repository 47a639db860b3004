"""Filters and escaping for the page templates: plain values are escaped for Markdown and
HTML (``markdown_text`` is every template's ``finalize``), author Markdown passes with ``md``."""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any

import jinja2
import markdown
from markupsafe import Markup, escape

from generator.model.messages import N_
from generator.render.sandbox import MAX_WIDTH, refuse_over

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|{}#])")


# What would start a list item at the beginning of a line ("- x", "+ x", "1. x", "1) x").
_BLOCK_START = re.compile(r"^(\s*)([-+]|\d+[.)])(?=\s|$)")


_LINE_BREAK = re.compile(r"\r\n|[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]")


def markdown_text(value: Any) -> Any:
    """Escape a plain value so that Markdown shows it literally (and HTML cannot run).

    The value stays inside the line it is written on: a line break becomes ``<br>`` (a break
    inside the same paragraph or table cell), so no value can start a heading, a table row
    or a list of its own.
    """
    if isinstance(value, Markup) or not isinstance(value, str):
        return value
    # Markdown first: HTML escaping then adds entities such as '&#39;', whose '#' must stay.
    escaped = _BLOCK_START.sub(_escape_block_start, _MARKDOWN_SPECIAL.sub(r"\\\1", value))
    return Markup(_LINE_BREAK.sub("<br>", str(escape(escaped))))


def _escape_block_start(match: re.Match[str]) -> str:
    marker = match[2]
    escaped = f"{marker[:-1]}\\{marker[-1]}" if marker[0].isdigit() else f"\\{marker}"
    return match[1] + escaped


def trusted_markdown(value: str) -> Markup:
    """Author-written Markdown from a playbook: passed through as Markdown."""
    return Markup(value)


def table_cell(value: Any) -> Markup:
    """A value inside a Markdown table row: escaped, with line breaks kept inside the cell."""
    return Markup(markdown_text(value))


def html_text(value: Any) -> Markup:
    """Escape for a raw-HTML context, where Markdown backslash escapes would show."""
    return escape(str(value))


def code_span(value: Any) -> Markup:
    """A Markdown code span; its content is literal, so it needs a fence, not escaping."""
    text = str(value)
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return Markup(f"{fence}{pad}{text}{pad}{fence}")


def theme_title(value: Any) -> str:
    """A page title as MkDocs themes print it: raw, into <title>, the header and navigation.

    Markdown and HTML escaping cannot survive that trip (Material even un-escapes with
    ``striptags``), so angle brackets become look-alike quotes and the title stays text.
    """
    text = " ".join(str(value).split())
    return text.replace("<", "\u2039").replace(">", "\u203a")


def yaml_value(value: Any) -> Markup:
    """A JSON scalar or list is valid YAML: used for front matter."""
    return Markup(json.dumps(value, ensure_ascii=False, sort_keys=True, default=str))


def indent_markdown(value: Any, width: int = 4) -> Markup:
    """Indent continuation lines so Markdown stays inside a list item or admonition."""
    refuse_over(width, MAX_WIDTH, "an indent of {} characters")
    text = value if isinstance(value, Markup) else markdown_text(value)
    pad = " " * width
    lines = str(text).splitlines()
    return Markup(
        "\n".join([lines[0], *[pad + line if line else "" for line in lines[1:]]]) if lines else ""
    )


@jinja2.pass_context
def relative_url(context: jinja2.runtime.Context, target: str) -> Markup:
    """A link from the page being rendered (``page_path``) to another docs-relative path."""
    return Markup(relative_path(target, posixpath.dirname(context["page_path"])))


@jinja2.pass_context
def relative_href(context: jinja2.runtime.Context, target: str) -> Markup:
    """A link from the page being rendered to another page, as the built site spells it.

    For raw HTML in a page, which MkDocs passes through without rewriting ``.md`` links:
    ``playbooks/x/risks/y.md`` becomes ``../../playbooks/x/risks/y/`` (or ``.../y.html``
    without directory URLs).
    """
    directory_urls = context.get("directory_urls", True)
    here = page_url(context["page_path"], directory_urls)
    return Markup(relative_path(page_url(target, directory_urls), posixpath.dirname(here)))


def page_url(path: str, directory_urls: bool) -> str:
    """A page's address in the built site, from its docs-relative Markdown path."""
    stem = path.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return f"{stem}/" if directory_urls else f"{stem}.html"


@lru_cache(maxsize=65536)
def relative_path(target: str, start: str) -> str:
    """``posixpath.relpath`` for paths that are already clean and docs-relative.

    The standard one resolves both against the working directory on every call, which was
    the largest single cost of rendering a large site.
    """
    target_parts = target.split("/")
    start_parts = start.split("/") if start else []
    common = 0
    for mine, theirs in zip(start_parts, target_parts, strict=False):
        if mine != theirs:
            break
        common += 1
    parts = [".."] * (len(start_parts) - common) + target_parts[common:]
    return "/".join(parts) or "."


def answer_text(value: Any, translate: Callable[[str], str] = str) -> str:
    """A project's answer to a fact, as a reader would say it (``translate``: in the site's
    language, see ``generator.render.i18n``)."""
    if value is None or value == []:
        return translate(N_("(not answered)"))
    if isinstance(value, bool):
        return translate(N_("yes")) if value else translate(N_("no"))
    if isinstance(value, list):
        return ", ".join(str(entry) for entry in value)
    return str(value)


# Light fills that keep black text above 4.5:1 contrast.
BAND_COLORS = {"low": "#c8e6c9", "medium": "#fff59d", "high": "#ffcc80", "critical": "#ef9a9a"}


@lru_cache(maxsize=1)
def _markdown_converter() -> markdown.Markdown:
    return markdown.Markdown(extensions=["tables", "sane_lists"])


def markdown_to_html(value: str) -> Markup:
    """Markdown (already escaped where it holds user values) to HTML, for the kickoff pack.

    One converter, reset between documents: building a new one costs more than converting.
    """
    return Markup(_markdown_converter().reset().convert(str(value)))


def sections_to_html(sections: Iterable[Any]) -> Markup:
    """Titled Markdown sections (``.title``, ``.text``) as HTML, converted in one pass.

    A project's scope has dozens of short sections; converting each alone spent most of the
    time in the converter's fixed cost per document. Headings go in as raw HTML blocks.
    """
    document = "".join(
        f"<h3>{escape(section.title)}</h3>\n\n{section.text}\n\n" for section in sections
    )
    return markdown_to_html(document)
