"""Render stage, part one: the sandboxed Jinja environments.

Every template is rendered in a ``SandboxedEnvironment`` because organizations override page
templates and authors write fill-in text: neither may reach Python internals. Autoescaping
is on, and ``finalize`` escapes plain values for Markdown as well as HTML, so a project named
``<script>`` or ``[x](javascript:...)`` shows as text. Templates mark trusted author Markdown
with the ``md`` filter.
"""

from __future__ import annotations

import json
import posixpath
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import jinja2
import markdown
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup, escape

from generator.scheduling import describe_offset

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|{}])")


def markdown_text(value: Any) -> Any:
    """Escape a plain value so that Markdown shows it literally (and HTML cannot run)."""
    if isinstance(value, Markup) or not isinstance(value, str):
        return value
    html_safe = str(escape(value))
    return Markup(_MARKDOWN_SPECIAL.sub(r"\\\1", html_safe))


def trusted_markdown(value: str) -> Markup:
    """Author-written Markdown from a playbook: passed through as Markdown."""
    return Markup(value)


def table_cell(value: Any) -> Markup:
    """A value inside a Markdown table row: escaped, with line breaks kept inside the cell."""
    text = markdown_text(value)
    return Markup(str(text).replace("\r\n", "\n").replace("\n", "<br>"))


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


def answer_text(value: Any) -> str:
    """A project's answer to a fact, as a reader would say it."""
    if value is None or value == []:
        return "(not answered)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(str(entry) for entry in value)
    return str(value)


# Light fills that keep black text above 4.5:1 contrast.
BAND_COLORS = {"low": "#c8e6c9", "medium": "#fff59d", "high": "#ffcc80", "critical": "#ef9a9a"}


def _configure(env: _Env) -> _Env:
    env.globals["band_colors"] = BAND_COLORS
    env.filters["url"] = relative_url
    env.filters["offset_text"] = describe_offset
    env.filters["answer"] = answer_text
    env.filters["md"] = trusted_markdown
    env.filters["html"] = html_text
    env.filters["code"] = code_span
    env.filters["cell"] = table_cell
    env.filters["theme_title"] = theme_title
    env.filters["yaml"] = yaml_value
    env.filters["indent_md"] = indent_markdown
    return env


_Env = TypeVar("_Env", bound=jinja2.Environment)


class BoundedSandbox(SandboxedEnvironment):
    """Jinja's sandbox, plus limits on operators that can build huge values.

    ``{{ 'x' * 10**9 }}`` is safe from code execution but would exhaust memory; templates
    never need results that large.
    """

    intercepted_binops = frozenset(["*", "**"])
    MAX_REPEAT = 10_000
    MAX_EXPONENT = 64

    def call_binop(
        self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any
    ) -> Any:
        if operator == "**" and isinstance(right, int) and abs(right) > self.MAX_EXPONENT:
            raise SecurityError(f"exponent {right} is larger than {self.MAX_EXPONENT}")
        if operator == "*":
            sized, count = (left, right) if isinstance(left, str | list | tuple) else (right, left)
            if (
                isinstance(sized, str | list | tuple)
                and isinstance(count, int)
                and (count * max(len(sized), 1) > self.MAX_REPEAT * 10)
            ):
                raise SecurityError(f"repeating a value {count} times is not allowed")
        return super().call_binop(context, operator, left, right)


def _loader(override_dir: Path | None) -> jinja2.BaseLoader:
    loaders: list[jinja2.BaseLoader] = []
    if override_dir is not None:
        loaders.append(jinja2.FileSystemLoader(override_dir))
    loaders.append(jinja2.PackageLoader("generator", "templates"))
    return jinja2.ChoiceLoader(loaders)


def _file_environment(override_dir: Path | None, **options: Any) -> jinja2.Environment:
    """An environment for templates kept as files, sandboxed when an organization overrides."""
    environment_class = jinja2.Environment if override_dir is None else BoundedSandbox
    return environment_class(
        loader=_loader(override_dir),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
        **options,
    )


@lru_cache(maxsize=8)
def page_environment(override_dir: Path | None) -> jinja2.Environment:
    """Page templates: the organization's override folder first, then the built-in ones.

    With an override folder, every page template runs in the sandbox: an organization's
    template (or one it imports) is content it wrote. Without one, only our own templates run,
    and they skip the sandbox's per-attribute checks, which cost about half of rendering.
    Cached so templates are compiled once per process, not once per page.
    """
    return _configure(_file_environment(override_dir, finalize=markdown_text))


@lru_cache(maxsize=1)
def _markdown_converter() -> markdown.Markdown:
    return markdown.Markdown(extensions=["tables", "sane_lists"])


def markdown_to_html(value: str) -> Markup:
    """Markdown (already escaped where it holds user values) to HTML, for the kickoff pack.

    One converter, reset between documents: building a new one costs more than converting.
    """
    return Markup(_markdown_converter().reset().convert(str(value)))


@lru_cache(maxsize=8)
def html_environment(override_dir: Path | None) -> jinja2.Environment:
    """HTML templates (the kickoff pack): plain HTML autoescaping, same override folder.

    Sandboxed when an override folder is set, as ``page_environment`` explains.
    """
    env = _file_environment(override_dir)
    env.filters["markdown"] = markdown_to_html
    return _configure(env)


@lru_cache(maxsize=4096)
def compiled_fill_in(source: str) -> jinja2.Template:
    """Fill-in text compiled once, however many projects use it."""
    return fill_in_environment().from_string(source)


@lru_cache(maxsize=1)
def fill_in_environment() -> SandboxedEnvironment:
    """Fill-in text written by playbook authors (scope templates)."""
    env = BoundedSandbox(
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        finalize=markdown_text,
        keep_trailing_newline=True,
    )
    return _configure(env)
