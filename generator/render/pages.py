"""Render stage: the resolved site model to Markdown pages, via Jinja templates kept as files."""

from __future__ import annotations

import hashlib
import posixpath
import re
import zlib
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError
from markupsafe import Markup

from generator.errors import ContentError, Problem
from generator.load.paths import OUTSIDE, display_path
from generator.model.fields import PHASES
from generator.render.environment import (
    TemplateOutside,
    html_environment,
    override_digest,
    page_environment,
)
from generator.render.filters import page_url, relative_path
from generator.render.limits import TemplateLimitError

FRAGMENT = "<!-- playbook-fragment {} -->"
_PLACEHOLDER = re.compile(r"<!-- playbook-fragment (\d+) -->")
# Markup that ``once`` made, held once for every page that shows it (see ``fill_fragments``).
# Named by a digest of its template and key, the same in every build: a page kept from an
# earlier build (``render.reuse``) still names the right markup.
SHARED = "<!-- playbook-shared {} -->"
_SHARED_PLACEHOLDER = re.compile(r"<!-- playbook-shared ([0-9a-f]+) -->")
# What a page holds behind placeholders: its fragments, and the shared markup they name.
Deferred = tuple[dict[str, bytes], dict[str, str]]

# The browser workbench as one script (``generator.publish.bundle`` writes it into the site).
WORKBENCH_SCRIPT = "assets/javascripts/workbench.js"


def workbench_src(page_path: str, directory_urls: bool) -> str:
    """The workbench script's address relative to a page, as the built site spells both."""
    here = page_url(page_path, directory_urls)
    return relative_path(WORKBENCH_SCRIPT, posixpath.dirname(here))


def pack_fragment(html: str) -> bytes:
    """A deferred fragment as it is held until its page is filled in: compressed, since a build
    holds every project page's tables (about 100 MB of HTML at 300 projects) while MkDocs
    builds, when its memory peaks."""
    return zlib.compress(html.encode("utf-8"), 1)


def unpack_fragment(packed: bytes) -> str:
    return zlib.decompress(packed).decode("utf-8")


def fill_fragments(
    html: str, fragments: Mapping[str, bytes], shared: Mapping[str, str] | None = None
) -> str:
    """A page's HTML with its deferred fragments (``pack_fragment``) in place of their
    placeholders, then the shared markup (``PageRenderer.shared``) in place of its own."""
    if fragments:
        html = _PLACEHOLDER.sub(lambda match: unpack_fragment(fragments[match[1]]), html)
    if not shared:
        return html
    return _SHARED_PLACEHOLDER.sub(lambda match: shared[match[1]], html)


class PageRenderer:
    """Renders named templates, turning every template failure into a ContentError."""

    def __init__(
        self,
        override_dir: Path | None,
        root: Path | None = None,
        *,
        collect: bool = False,
        directory_urls: bool = True,
        defer_fragments: bool = False,
        language: str = "en",
    ) -> None:
        """``root`` shows template paths relative to the project. With ``collect``, a failing
        page renders as empty and its problem is kept in ``problems`` (once per template line),
        so `validate` can report every template problem in one run. ``language`` is the one
        the site's own text is written in (``Settings.language``)."""
        self.override_dir = override_dir
        self.root = root
        self.directory_urls = directory_urls
        # With ``defer_fragments``, a page holds a placeholder (an HTML comment, which Markdown
        # passes through at no cost) and the fragment waits here, by page, until the MkDocs
        # plugin puts it into the page's HTML (``fill_fragments``), compressed until then.
        self.defer_fragments = defer_fragments
        self.fragments: dict[str, dict[str, bytes]] = {}
        # What ``once`` rendered in this build, by template and key; with ``defer_fragments``
        # the markup itself waits here, once, and pages hold a placeholder (a project page's
        # self-assessment form repeats every practice: hundreds of kB a page, held once).
        self._once: dict[tuple[str, Any], Markup] = {}
        self.shared: dict[str, str] = {}
        self.collect = collect
        self.problems: dict[tuple[str, int | None], Problem] = {}
        self.language = language
        self.overrides = override_digest(override_dir)
        self.env: jinja2.Environment = page_environment(override_dir, language, self.overrides)
        self.html_env: jinja2.Environment = html_environment(override_dir, language, self.overrides)

    def stamp(self) -> tuple[object, ...]:
        """What, besides a page's data, its Markdown depends on: the override templates' bytes
        and the options. Equal stamps render equal data to equal pages (``render.reuse``)."""
        return (
            str(self.override_dir),
            self.overrides,
            self.language,
            self.directory_urls,
            self.defer_fragments,
            self.collect,
        )

    def check_overrides(self) -> list[Problem]:
        """Syntax problems (and symlinks out) of every override template, used or not."""
        if self.override_dir is None:
            return []
        problems = []
        for path in sorted(self.override_dir.rglob("*.j2")):
            name = path.relative_to(self.override_dir).as_posix()
            for env in (self.env, self.html_env):
                try:
                    env.get_template(name)
                except Exception as error:  # reported like a failure while rendering
                    problems.append(self._problem(error, name, name))
                    break
        return problems

    def render(self, template_name: str, page_path: str, **context: Any) -> str:
        """A Markdown page; ``page_path`` (docs-relative) anchors its relative links.

        Its template may insert HTML fragments (``html_fragment(name, ...)``): large tables are
        written as HTML, which MkDocs passes through, rather than as Markdown tables, which
        cost MkDocs far more to parse than the rest of the page.
        """

        def html_fragment(name: str, **fragment_context: Any) -> Markup:
            fragment = self._render(self.html_env, name, page_path, fragment_context).strip()
            if not self.defer_fragments:
                return Markup(f"\n{fragment}\n")
            on_page = self.fragments.setdefault(page_path, {})
            key = str(len(on_page))
            on_page[key] = pack_fragment(fragment)
            return Markup(f"\n{FRAGMENT.format(key)}\n")

        return self._render(
            self.env, template_name, page_path, {**context, "html_fragment": html_fragment}
        )

    def deferred(self, page_path: str) -> Deferred:
        """What a rendered page holds behind placeholders: its fragments, and the shared
        markup they name (for ``adopt``)."""
        fragments = self.fragments.get(page_path, {})
        shared = {
            name: self.shared[name]
            for fragment in fragments.values()
            for name in _SHARED_PLACEHOLDER.findall(unpack_fragment(fragment))
        }
        return dict(fragments), shared

    def adopt(self, page_path: str, fragments: dict[str, bytes], shared: dict[str, str]) -> None:
        """Hold a page rendered in an earlier build: its fragments and the shared markup they
        name (``deferred``), as if it had been rendered now."""
        if fragments:
            self.fragments[page_path] = dict(fragments)
        self.shared.update(shared)

    def render_html(self, template_name: str, **context: Any) -> str:
        """A standalone HTML document (plain HTML escaping, no Markdown)."""
        return self._render(self.html_env, template_name, template_name, context)

    def _once_function(self, env: jinja2.Environment, page_path: str) -> Any:
        def once(template_name: str, key: Any, **context: Any) -> Markup:
            """``template_name`` rendered once per ``key`` in this build, and the same markup
            on every page that asks again: for markup that hundreds of pages repeat, such as
            a form's fields. The template sees only ``context``, not the page (no relative
            links, which differ from page to page), so the key must name all it shows."""
            cache_key = (template_name, key)  # a key that cannot be hashed fails the page
            found = self._once.get(cache_key)
            if found is None:
                shown = f"{page_path} (shared: {template_name})"
                found = Markup(self._render(env, template_name, shown, context, page=False))
                if self.defer_fragments:
                    name = hashlib.blake2b(repr(cache_key).encode(), digest_size=8).hexdigest()
                    self.shared[name] = found
                    found = Markup(SHARED.format(name))
                self._once[cache_key] = found
            return found

        return once

    def _render(
        self,
        env: jinja2.Environment,
        template_name: str,
        page_path: str,
        context: dict[str, Any],
        *,
        page: bool = True,
    ) -> str:
        try:
            template = env.get_template(template_name)
            if page:
                context = {
                    **context,
                    "page_path": page_path,
                    "once": self._once_function(env, page_path),
                }
            return template.render(phases=PHASES, directory_urls=self.directory_urls, **context)
        except ContentError:
            raise  # a fragment's own problem, already named at its template's line
        except Exception as error:  # templates are organization code: report, never crash
            problem = self._problem(error, template_name, page_path)
            stopped = isinstance(error, TemplateLimitError)
        # A template stopped at a limit would cost as much again on each page that uses it, so
        # the first stop ends the run: the limits hold for the whole run, not for each page.
        if not self.collect or stopped:
            raise ContentError([problem])
        self.problems.setdefault((problem.path, problem.line), problem)
        return ""

    def _problem(self, error: Exception, template_name: str, page_path: str) -> Problem:
        if isinstance(error, jinja2.TemplateSyntaxError):
            where = self._shown(error.filename or error.name or template_name)
            return Problem(where, error.lineno, None, f"template syntax error: {error.message}")
        if isinstance(error, TemplateOutside):
            return Problem(self._shown(str(error.name)), None, None, OUTSIDE)
        if isinstance(error, jinja2.TemplateNotFound):
            return Problem(template_name, None, None, f"template not found: {error.name}")
        where, line = _template_frame(error.__traceback__, template_name)
        if isinstance(error, TemplateLimitError):
            message = f"template {error.limit} while rendering {page_path}; it was stopped"
        else:
            kind = "blocked by the sandbox" if isinstance(error, SecurityError) else "failed"
            message = f"template {kind} while rendering {page_path}: {error}"
        return Problem(self._shown(where), line, None, message)

    def _shown(self, filename: str) -> str:
        path = Path(filename)
        return display_path(path, self.root) if path.is_absolute() else filename


def _template_frame(tb: TracebackType | None, fallback: str) -> tuple[str, int | None]:
    """The innermost template file and line in a traceback (Jinja maps frames to templates)."""
    found: tuple[str, int | None] = (fallback, None)
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2") or filename == "<template>":
            found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return found
