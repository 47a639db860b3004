"""Asking in the terminal, for `playbook kickoff`; ``generator.projects.kickoff`` decides what
to ask and checks the answers."""

from __future__ import annotations

import click

from generator.errors import printable


class TerminalPrompter:
    def ask(self, question: str, help_text: str, default: str | None) -> str:
        if help_text:
            click.echo(click.style(printable(help_text), dim=True))
        answer: str = click.prompt(
            printable(question), default=default or "", show_default=bool(default)
        )
        return answer

    def complain(self, message: str) -> None:
        click.echo(printable(f"  {message}"), err=True)
