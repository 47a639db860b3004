"""Asking in the terminal, for `playbook kickoff`; ``generator.projects.kickoff`` decides what
to ask and checks the answers.

Everything shown comes from the playbook, so every line goes through ``printable``: control
characters are shown escaped, never sent to the terminal raw.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import click
import markdown

from generator.errors import printable


class TerminalPrompter:
    def explain(self, help_markdown: str) -> None:
        """A question's help (Markdown), as plain text, dimmed."""
        for line in markdown_text(help_markdown).split("\n"):
            click.echo(click.style(printable(line), dim=True) if line else "")

    def show(self, text: str) -> None:
        click.echo("\n".join(printable(line) for line in text.split("\n")))

    def ask(self, question: str) -> str:
        answer: str = click.prompt(printable(question), default="", show_default=False)
        return answer

    def complain(self, message: str) -> None:
        click.echo(printable(f"  {message}"), err=True)


def markdown_text(source: str) -> str:
    """Markdown as the plain text a terminal shows: no markup left, ``[text](url)`` as
    ``text (url)``, list items as ``- item``, paragraphs apart by a blank line.

    Control characters pass through unchanged; the caller makes each line ``printable``.
    """
    if not source.strip():
        return ""
    html = markdown.markdown(source, extensions=["tables", "sane_lists"])
    parser = _PlainText()
    parser.feed(html)
    parser.close()
    return parser.text()


_BLOCKS = frozenset(
    {"p", "div", "pre", "blockquote", "table", "tr", "hr", "h1", "h2", "h3", "h4", "h5", "h6"}
)
_LISTS = frozenset({"ul", "ol"})
_HIDDEN = frozenset({"script", "style", "template"})
_SPACES = re.compile(r"\s+")


class _PlainText(HTMLParser):
    """The text of Markdown's HTML, laid out in lines."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._out: list[str] = []
        self._line_start = True  # nothing but indentation on the current line yet
        self._hidden = 0
        self._pre = 0
        self._lists: list[list[int]] = []  # per open list: [numbered (0/1), items so far]
        self._links: list[tuple[str, int]] = []  # per open link: (href, where its text starts)

    def text(self) -> str:
        lines = [line.rstrip() for line in "".join(self._out).split("\n")]
        return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")

    def _newline(self, blank: bool = False) -> None:
        text = "".join(self._out)
        if not text:
            return
        wanted = "\n\n" if blank else "\n"
        trailing = len(text) - len(text.rstrip("\n"))
        if trailing < len(wanted):
            self._out.append(wanted[trailing:])
        self._line_start = True

    def _emit(self, text: str) -> None:
        if self._line_start:
            text = text.lstrip(" ")
            if not text:
                return
            self._line_start = False
        elif self._out and self._out[-1].endswith(" "):
            text = text.lstrip(" ")
        if text:
            self._out.append(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self._hidden += 1
        elif self._hidden:
            return
        elif tag in _LISTS:
            self._newline(blank=not self._lists)
            self._lists.append([int(tag == "ol"), 0])
        elif tag == "li":
            self._newline()
            indent = "  " * (len(self._lists) - 1)
            marker = "-"
            if self._lists:
                self._lists[-1][1] += 1
                numbered, count = self._lists[-1]
                marker = f"{count}." if numbered else "-"
            self._out.append(f"{indent}{marker} ")
            self._line_start = True
        elif tag in _BLOCKS:
            self._newline(blank=True)
            if tag == "pre":
                self._pre += 1
        elif tag == "br":
            self._newline()
        elif tag == "a":
            self._links.append((dict(attrs).get("href") or "", len(self._out)))
        elif tag == "img":
            alt = dict(attrs).get("alt")
            if alt:
                self._emit(alt)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in ("br", "img", "hr"):
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self._hidden = max(0, self._hidden - 1)
        elif self._hidden:
            return
        elif tag in _LISTS:
            if self._lists:
                self._lists.pop()
            self._newline(blank=not self._lists)
        elif tag in _BLOCKS:
            if tag == "pre":
                self._pre = max(0, self._pre - 1)
            self._newline(blank=True)
        elif tag == "a" and self._links:
            href, start = self._links.pop()
            label = "".join(self._out[start:]).strip()
            if href and href != label and f"({href})" not in label:
                self._emit(f" ({href})")

    def handle_data(self, data: str) -> None:
        if self._hidden:
            return
        if self._pre:
            for number, line in enumerate(data.split("\n")):
                if number:
                    self._out.append("\n")
                    self._line_start = True
                if line:
                    self._out.append(f"    {line}")
                    self._line_start = False
            return
        self._emit(_SPACES.sub(" ", data))
