"""The Jinja environments: page templates (Markdown), the kickoff pack (HTML), fill-in text.

The organization's override folder comes first, then our templates. Templates an
organization or an author wrote run in the bounded sandbox (``generator.render.sandbox``): they
cannot reach Python internals or exhaust the machine. Autoescaping is on, and ``finalize``
escapes plain values for Markdown as well as HTML, so a project named ``<script>`` or
``[x](javascript:...)`` shows as text. Templates mark trusted author Markdown with ``md``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from generator.model.offsets import describe_offset
from generator.render.filters import (
    BAND_COLORS,
    answer_text,
    code_span,
    html_text,
    indent_markdown,
    markdown_text,
    markdown_to_html,
    relative_href,
    relative_url,
    sections_to_html,
    table_cell,
    theme_title,
    trusted_markdown,
    yaml_value,
)
from generator.render.i18n import install_language
from generator.render.sandbox import BoundedSandbox


def _configure(env: _Env) -> _Env:
    env.globals["band_colors"] = BAND_COLORS
    env.filters["url"] = relative_url
    env.filters["href"] = relative_href
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


class TemplateOutside(jinja2.TemplateError):
    """An override template that is a symlink to a file outside the templates folder.

    Not a TemplateNotFound: the loader must refuse it, not fall back to the built-in one.
    """

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


class _ContainedLoader(jinja2.FileSystemLoader):
    """The organization's templates, never a file that a symlink leads to outside their folder."""

    def __init__(self, folder: Path) -> None:
        super().__init__(folder)
        self.folder = folder.resolve()

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        real = Path(filename).resolve()
        if real != self.folder and self.folder not in real.parents:
            raise TemplateOutside(filename)
        return source, filename, uptodate


def _loader(override_dir: Path | None) -> jinja2.BaseLoader:
    loaders: list[jinja2.BaseLoader] = []
    if override_dir is not None:
        loaders.append(_ContainedLoader(override_dir))
    loaders.append(jinja2.PackageLoader("generator.render", "templates"))
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
        extensions=["jinja2.ext.i18n"],
        **options,
    )


def override_digest(override_dir: Path | None) -> str:
    """A digest of the override folder's files (names and bytes): the environments are cached
    by it, so a template edited under `serve` is compiled again on the next build."""
    digest = hashlib.blake2b(digest_size=16)
    if override_dir is not None and override_dir.is_dir():
        for path in sorted(override_dir.rglob("*")):
            if path.is_file():
                name = path.relative_to(override_dir).as_posix()
                digest.update(f"\0{name}\0".encode() + path.read_bytes())
    return digest.hexdigest()


@lru_cache(maxsize=8)
def page_environment(
    override_dir: Path | None, language: str = "en", overrides: str = ""
) -> jinja2.Environment:
    """Page templates: the organization's override folder first, then the built-in ones; their
    own text in ``language`` (``generator.render.i18n``).

    With an override folder, every page template runs in the sandbox: an organization's
    template (or one it imports) is content it wrote. Without one, only our own templates run,
    and they skip the sandbox's per-attribute checks, which cost about half of rendering.
    Cached so templates are compiled once per process, not once per page, while the override
    folder's files are the same (``overrides``: their ``override_digest``).
    """
    env = _configure(_file_environment(override_dir, finalize=markdown_text))
    install_language(env, language)
    return env


@lru_cache(maxsize=8)
def html_environment(
    override_dir: Path | None, language: str = "en", overrides: str = ""
) -> jinja2.Environment:
    """HTML templates (the kickoff pack): plain HTML autoescaping, same override folder and
    language.

    Sandboxed when an override folder is set, as ``page_environment`` explains.
    """
    env = _file_environment(override_dir)
    env.filters["markdown"] = markdown_to_html
    env.filters["sections_html"] = sections_to_html
    _configure(env)
    install_language(env, language)
    return env


@lru_cache(maxsize=4096)
def compiled_fill_in(source: str) -> jinja2.Template:
    """Fill-in text compiled once, however many projects use it."""
    return fill_in_environment().from_string(source)


@lru_cache(maxsize=1)
def fill_in_environment() -> SandboxedEnvironment:
    """Fill-in text written by playbook authors (scope templates): in their words, so without
    the catalogue of ours (no gettext functions)."""
    env = BoundedSandbox(
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        finalize=markdown_text,
        keep_trailing_newline=True,
    )
    return _configure(env)
