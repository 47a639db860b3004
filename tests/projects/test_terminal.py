"""`playbook kickoff` in a real terminal: the command runs on a pseudo-terminal, so it asks
(stdin is a tty), and the test types the answers as a person would.

Every wait has a timeout: a prompt that never comes fails the test instead of hanging it.
"""

from __future__ import annotations

import codecs
import datetime as dt
import os
import re
import select
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from generator.projects.terminal import markdown_text
from tests.support.fixtures import fixture_text
from tests.support.playbooks import PLAYBOOK_HEAD, WITHOUT_FACT_USERS, write_playbook, yaml_text

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")

# The demo playbook with a role described, help in Markdown, labelled choices and an `after`.
PLAYBOOK = fixture_text("playbook-terminal", "playbook.yaml")

HELP = (
    "Count everyone on the core team; see the staffing guide (https://example.com/staffing) "
    "and round up."
)
TIMEOUT = 20.0  # seconds to wait for one prompt (the first includes starting Python)
_ESCAPES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


class Terminal:
    """A command on a pseudo-terminal: wait for text, type lines, read what it showed."""

    def __init__(self, args: list[str]) -> None:
        self._master, slave = os.openpty()
        try:
            self.process = subprocess.Popen(
                args, stdin=slave, stdout=slave, stderr=slave, close_fds=True
            )
        finally:
            os.close(slave)
        self._raw = b""
        self._seen = 0  # how much of the output the test has waited past
        self._ended = False

    @property
    def output(self) -> str:
        """Everything shown so far, as text: no colours, no carriage returns."""
        text = codecs.decode(self._raw, "utf-8", "replace")
        return _ESCAPES.sub("", text).replace("\r", "")

    def expect(self, text: str) -> str:
        """Wait until ``text`` is shown; return what was shown up to and including it."""
        deadline = time.monotonic() + TIMEOUT
        while text not in self.output[self._seen :]:
            if self._ended or not self._read(deadline - time.monotonic()):
                raise AssertionError(
                    f"{'the command ended' if self._ended else 'timed out'} waiting for "
                    f"{text!r}; it showed:\n{self.output[self._seen :]}"
                )
        end = self.output.index(text, self._seen) + len(text)
        shown, self._seen = self.output[self._seen : end], end
        return shown

    def type(self, line: str) -> None:
        os.write(self._master, f"{line}\n".encode())

    def answer(self, prompt: str, line: str) -> str:
        """Wait for ``prompt``, type ``line``; return what was shown before the answer."""
        shown = self.expect(prompt)
        self.type(line)
        return shown

    def finish(self) -> tuple[int, str]:
        """Wait for the command to end: its exit code, and what it showed since the last wait."""
        deadline = time.monotonic() + TIMEOUT
        while not self._ended:
            if not self._read(deadline - time.monotonic()):
                raise AssertionError(f"the command did not end; it showed:\n{self.output}")
        code = self.process.wait(timeout=TIMEOUT)
        assert "Traceback" not in self.output, self.output
        return code, self.output[self._seen :]

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=TIMEOUT)
        os.close(self._master)

    def _read(self, timeout: float) -> bool:
        """Read what is ready (False when nothing came in time)."""
        if timeout <= 0:
            return False
        ready, _, _ = select.select([self._master], [], [], timeout)
        if not ready:
            return False
        try:
            chunk = os.read(self._master, 65536)
        except OSError:  # Linux: EIO once the command has ended and closed the terminal
            chunk = b""
        if not chunk:
            self._ended = True
        self._raw += chunk
        return True


def _playbook_command() -> list[str]:
    script = Path(sys.executable).with_name("playbook")
    if script.is_file():
        return [str(script)]
    return [sys.executable, "-c", "from generator.cli import main; main()"]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    project_root = tmp_path / "root"
    write_playbook(project_root, {"playbook.yaml": PLAYBOOK})
    return project_root


def _start(root: Path, *options: str) -> Terminal:
    """`playbook --root ROOT kickoff "Harbour Bank" --playbook demo --kickoff 2027-02-01 ...`"""
    return Terminal(
        [
            *_playbook_command(),
            *("--root", str(root), "kickoff", "Harbour Bank", "--playbook", "demo"),
            *("--kickoff", "2027-02-01", *options),
        ]
    )


@pytest.fixture
def kickoff(root: Path) -> Iterator[Terminal]:
    """A kickoff asking every fact and role."""
    terminal = _start(root)
    try:
        yield terminal
    finally:
        terminal.close()


def _lines(shown: str) -> list[str]:
    return [line.rstrip() for line in shown.strip("\n").split("\n")]


def _written(root: Path) -> dict[str, object]:
    data = yaml.safe_load((root / "projects" / "harbour-bank.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_a_whole_kickoff_typed_in_a_terminal(root: Path, kickoff: Terminal) -> None:
    kickoff.answer("Is the project regulated? [y/N]: ", "Y")
    # The help, once, as plain text; an answer out of bounds is asked again, without it.
    assert _lines(kickoff.answer("How many people?: ", "0")) == ["Y", HELP, "How many people?:"]
    assert _lines(kickoff.answer("How many people?: ", "12")) == [
        "0",
        "  expected a whole number of at least 1",
        "How many people?:",
    ]
    # Choices numbered, with their labels; picked by number.
    assert _lines(kickoff.answer("Which industry?: ", "1")) == [
        "12",
        "  1. Banking and finance (banking)",
        "  2. retail",
        "Which industry?:",
    ]
    # Several at once: by label in any case and by value in any case.
    channels = "Which channels? (comma-separated, Enter skips): "
    assert _lines(kickoff.answer(channels, "mobile APP, WEB")) == [
        "1",
        "  1. web",
        "  2. Mobile app (mobile)",
        "  3. branch",
        channels.rstrip(),
    ]
    # A date that must come after the kickoff is asked again.
    go_live = "Target go-live date? (YYYY-MM-DD, Enter skips): "
    kickoff.answer(go_live, "2027-01-15")
    assert "  expected a date after the kickoff (2027-02-01)" in kickoff.expect(go_live)
    kickoff.type("2027-09-30")
    # The roles, each by its title, the description as help; Enter skips one.
    assert _lines(kickoff.answer("Project manager: ", "Lee Chen")) == [
        "2027-09-30",
        "Who plays each role? (Enter skips)",
        "Runs the plan day to day.",
        "Project manager:",
    ]
    kickoff.answer("Executive sponsor: ", "")
    summary = kickoff.answer("Write projects/harbour-bank.yaml? [Y/n]: ", "y")
    # The echo of the empty answer, a blank line, then the summary.
    assert summary.startswith("\n\nHarbour Bank")
    assert _lines(summary) == [
        "Harbour Bank: Demo playbook 1.0.0, kickoff 2027-02-01",
        "Answers:",
        "  Is the project regulated?  yes",
        "  How many people?           12",
        "  Which industry?            Banking and finance",
        "  Which channels?            web, Mobile app",
        "  Target go-live date?       2027-09-30",
        "Roles:",
        "  Project manager            Lee Chen",
        "  Executive sponsor          (not assigned)",
        "1 task and 1 risk apply; the first task is due 2027-02-01.",
        "Write projects/harbour-bank.yaml? [Y/n]:",
    ]
    code, rest = kickoff.finish()
    assert code == 0, rest
    assert _lines(rest)[1:] == [
        "Created projects/harbour-bank.yaml",
        "Its page: site/projects/harbour-bank/index.html (run `playbook build` to publish it)",
        "Recorded the playbook's version in playbooks/demo/history/1.0.0.json (commit it too)",
    ]
    assert HELP in kickoff.output and kickoff.output.count(HELP) == 1
    assert "`core`" not in kickoff.output and "**" not in kickoff.output
    written = _written(root)
    assert written["facts"] == {
        "regulated": True,
        "team_size": 12,
        "industry": "banking",
        "channels": ["web", "mobile"],
        "go_live": dt.date(2027, 9, 30),
    }
    assert written["roles"] == {"pm": "Lee Chen"}


def test_answering_no_writes_nothing(root: Path, kickoff: Terminal) -> None:
    kickoff.answer("[y/N]: ", "")
    kickoff.answer("How many people?: ", "3")
    kickoff.answer("Which industry?: ", "RETAIL")
    kickoff.answer("Which channels?", "")
    kickoff.answer("Target go-live date?", "")
    kickoff.answer("Project manager: ", "")
    kickoff.answer("Executive sponsor: ", "Ada Obi")
    summary = _lines(kickoff.answer("Write projects/harbour-bank.yaml? [Y/n]: ", "n"))
    assert "  Which industry?            retail" in summary
    assert "  Which channels?            (not answered)" in summary
    assert "  Project manager            (not assigned)" in summary
    assert "  Executive sponsor          Ada Obi" in summary
    # The risk applies to teams of more than 10 only.
    assert "1 task and 0 risks apply; the first task is due 2027-02-01." in summary
    code, rest = kickoff.finish()
    assert code == 0, rest
    assert _lines(rest) == ["n", "Nothing written."]
    assert not (root / "projects").exists()
    assert not (root / "playbooks" / "demo" / "history").exists()


def test_roles_given_as_options_are_not_asked(root: Path) -> None:
    terminal = _start(
        root,
        *("--role", "pm=Lee Chen", "--role", "sponsor=Ada Obi"),
        *("--set", "regulated=no", "--set", "team_size=4", "--set", "industry=retail"),
        *("--set", "channels=web", "--set", "go_live=2027-06-01"),
    )
    try:
        shown = _lines(terminal.answer("Write projects/harbour-bank.yaml? [Y/n]: ", ""))
        code, rest = terminal.finish()
    finally:
        terminal.close()
    assert code == 0, rest
    assert "Who plays each role? (Enter skips)" not in shown
    assert "  Project manager            Lee Chen" in shown
    assert "Created projects/harbour-bank.yaml" in rest
    assert _written(root)["roles"] == {"pm": "Lee Chen", "sponsor": "Ada Obi"}


def test_yes_no_questions_show_their_default(root: Path) -> None:
    write_playbook(
        root,
        {
            **WITHOUT_FACT_USERS,
            "playbook.yaml": PLAYBOOK_HEAD
            + yaml_text("""
                facts:
                  - name: funded
                    type: boolean
                    default: true
                    prompt: Is it funded?
                  - name: regulated
                    type: boolean
                    prompt: Is it regulated?
            """),
        },
    )
    terminal = _start(root, "--role", "pm=Lee Chen", "--role", "sponsor=Ada Obi")
    try:
        terminal.answer("Is it funded? [Y/n]: ", "")
        # No default: Enter is not an answer.
        terminal.answer("Is it regulated? [y/n]: ", "")
        assert "  expected true or false" in terminal.answer("Is it regulated? [y/n]: ", "N")
        summary = _lines(terminal.answer("[Y/n]: ", "yes"))
        code, rest = terminal.finish()
    finally:
        terminal.close()
    assert code == 0, rest
    assert summary[-8:] == [
        "Answers:",
        "  Is it funded?      yes",
        "  Is it regulated?   no",
        "Roles:",
        "  Project manager    Lee Chen",
        "  Executive sponsor  Ada Obi",
        "1 task and 0 risks apply; the first task is due 2027-02-01.",
        "Write projects/harbour-bank.yaml? [Y/n]:",
    ]
    assert _written(root)["facts"] == {"funded": True, "regulated": False}


@pytest.mark.parametrize(
    ("source", "text"),
    [
        ("Use `playbook build`.", "Use playbook build."),
        ("**Bold**, _em_ and *em*.", "Bold, em and em."),
        ("See [the guide](https://example.com/g).", "See the guide (https://example.com/g)."),
        ("<https://example.com>", "https://example.com"),
        ("One.\n\nTwo:\n\n- a\n- b\n\n1. c", "One.\n\nTwo:\n\n- a\n- b\n\n1. c"),
        ("Hidden <script>alert(1)</script>text &amp; more", "Hidden text & more"),
        ("    code  kept", "    code  kept"),
        ("", ""),
    ],
)
def test_help_markdown_as_plain_text(source: str, text: str) -> None:
    assert markdown_text(source) == text
