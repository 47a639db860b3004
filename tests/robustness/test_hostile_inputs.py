"""The hostile review's cases, each run through the CLI: the exit code, one line per problem
(then the count), never a traceback, and the tree untouched where that applies."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from tests.support.cli import NO_PROMPTS, invoke, kickoff_args, problem_lines
from tests.support.files import replace_in, snapshot

PLAYBOOK = "playbooks/sample"
PROJECT = "projects/harbour-bank.yaml"
TEAM_SIZE = "fact 'team_size': Give the head count as a whole number."
FAQ_TEMPLATE_FAILED = (
    "mine/faq.md.j2:3: template failed while rendering playbooks/sample/faqs/what-is-scope.md"
)
NO_ATTRIBUTE = "'generator.model.items.Faq object' has no attribute 'nothing'"


# --- mkdocs.yml ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "      projects_dir: projects\n",
            "      projects_dir: projects\n      today: 2027-13-45\n",
            "mkdocs.yml:55: 'today': 2027-13-45: month 13 does not exist",
        ),
        (
            "theme:\n",
            "theme:\n  custom_dir: 42\n",
            "mkdocs.yml:8: 'theme.custom_dir' must be a folder path (text), got 42",
        ),
        (
            "theme:\n",
            "theme:\n  custom_dir: nowhere\n",
            "mkdocs.yml:8: 'theme.custom_dir' 'nowhere' is not a folder in the project",
        ),
        (
            "theme:\n",
            "theme:\n  custom_dir: /etc\n",
            "mkdocs.yml:8: 'theme.custom_dir' must be a relative path inside the project folder, "
            "got '/etc'",
        ),
        (
            "      projects_dir: projects\n",
            "      projects_dir: projects\n      colour: blue\n",
            "mkdocs.yml:55: unknown option 'colour' of the playbook plugin; options: "
            "playbooks_dir, projects_dir, templates_dir, today, history_file",
        ),
        (
            "      projects_dir: projects\n",
            "      projects_dir: projects\n      today: 9999-12-31\n",
            "mkdocs.yml:55: 'today': 9999-12-31 is out of range; use a date between 1900-01-01 "
            "and 2999-12-31",
        ),
        (
            "theme:\n",
            "x0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
            + "".join(f"x{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]\n" for n in range(1, 10))
            + "theme:\n",
            "mkdocs.yml:1:1: document expands to more than 250,000 values (an alias bomb?); "
            "refusing to load it",
        ),
    ],
    ids=[
        "impossible-today",
        "custom-dir-number",
        "custom-dir-missing",
        "custom-dir-absolute",
        "unknown-option",
        "today-out-of-range",
        "alias-bomb",
    ],
)
@pytest.mark.parametrize("command", [["validate"], ["build"], ["checklist", "harbour-bank"]])
def test_bad_mkdocs_yml_is_one_line_with_its_line(
    sample_project: Path, old: str, new: str, expected: str, command: list[str]
) -> None:
    replace_in(sample_project / "mkdocs.yml", old, new)
    result = invoke(sample_project, *command)
    assert result.exit_code == 1, result.stderr
    assert problem_lines(result) == [expected]


def test_mkdocs_yml_as_a_list_is_one_line(sample_project: Path) -> None:
    (sample_project / "mkdocs.yml").write_text("- site_name: x\n")
    result = invoke(sample_project, "build")
    assert result.exit_code == 1
    assert problem_lines(result) == [
        "mkdocs.yml:1:1: expected a mapping of settings (key: value), got a list"
    ]


def test_mkdocs_yml_leading_out_of_the_project_is_not_read(sample_project: Path) -> None:
    outside = sample_project.parent / "outside.yml"
    outside.write_text((sample_project / "mkdocs.yml").read_text().replace("PMO", "Elsewhere"))
    (sample_project / "mkdocs.yml").unlink()
    (sample_project / "mkdocs.yml").symlink_to(outside)
    result = invoke(sample_project, "build")
    assert result.exit_code == 1
    assert problem_lines(result) == ["mkdocs.yml: points outside the project"]
    assert not (sample_project / "site").exists()


@pytest.mark.parametrize("when", ["9999-12-31", "0001-01-03", "1899-12-31", "3000-01-01"])
@pytest.mark.parametrize("command", [["status", "harbour-bank"], ["checklist", "harbour-bank"]])
def test_a_today_out_of_range_is_a_usage_error(
    sample_project: Path, command: list[str], when: str
) -> None:
    """Due dates and trends counted from a far day would overflow Python's dates."""
    result = invoke(sample_project, *command, "--today", when)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        f"Error: Invalid value for '--today': {when} is out of range; use a date between "
        "1900-01-01 and 2999-12-31"
    )


def test_quoted_today_in_mkdocs_yml_is_a_date(sample_project: Path) -> None:
    replace_in(
        sample_project / "mkdocs.yml",
        "      projects_dir: projects\n",
        "      projects_dir: projects\n      today: '2027-03-01'\n",
    )
    result = invoke(sample_project, "status", "harbour-bank")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == (
        "Harbour Bank <b>Core</b> Renewal (sample 1.0.0), kickoff 2027-02-01, as of 2027-03-01"
    )


# --- no tracebacks ------------------------------------------------------------------------------


def test_a_300_character_slug_is_a_usage_error(sample_project: Path) -> None:
    result = invoke(
        sample_project,
        *kickoff_args("X", *NO_PROMPTS, "--set", "industry=banking", "--slug", "a" * 300),
    )
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: slug 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa... (300 characters)' must be kebab-case "
        "(letters, digits and hyphens) of at most 60 characters\n"
    )


def test_a_huge_hexadecimal_fact_is_a_content_problem(sample_project: Path) -> None:
    replace_in(sample_project / PROJECT, "team_size: 12", "team_size: 0x" + "f" * 400)
    result = invoke(sample_project, "validate")
    assert result.exit_code == 1
    assert problem_lines(result) == [
        f"{PROJECT}:8:14: number 0xffffffff...ffffff (402 characters) is too large "
        "(at most 18 digits)"
    ]


@pytest.mark.parametrize("address", ["127.0.0.1:99999", "127.0.0.1:0", "nohost", ":8000"])
def test_serve_on_an_impossible_port_is_a_usage_error(sample_project: Path, address: str) -> None:
    result = invoke(sample_project, "serve", "-a", address)
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: -a/--dev-addr must be HOST:PORT with a port from 1 to 65535, got '{address}'\n"
    )


def test_serve_on_a_port_in_use_is_a_usage_error(sample_project: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = invoke(sample_project, "serve", "-a", f"127.0.0.1:{port}")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        f"Error: cannot serve on 127.0.0.1:{port}: Address already in use"
    )


def test_schema_into_proc_is_one_line(sample_project: Path) -> None:
    result = invoke(sample_project, "schema", "--out", "/proc/x")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: cannot write beside /proc/x: No such file or directory; nothing was changed\n"
    )


# --- hostile text -------------------------------------------------------------------------------

ONE_LINE = " (for a long value in YAML, write it on one line or use '>-')"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "name: Harbour Bank <b>Core</b> Renewal",
            'name: "Harbour\\nBank"',
            f"{PROJECT}:1:7: 'name': must be one line of text, but holds the control character "
            f"\\n at character 8{ONE_LINE}",
        ),
        (
            "pm: Lee [Chen](javascript:alert(1))",
            'pm: "Lee\\x1b[31mChen"',
            f"{PROJECT}:10:7: 'pm': must be one line of text, but holds the control character "
            f"\\x1b at character 4{ONE_LINE}",
        ),
        (
            "owner: Dana Ruiz",
            'owner: "Dana\\rRuiz"',
            f"{PROJECT}:15:50: 'owner': must be one line of text, but holds the control "
            f"character \\r at character 5{ONE_LINE}",
        ),
        (
            "name: Harbour Bank <b>Core</b> Renewal",
            'name: "Harbour\\0Bank"',
            f"{PROJECT}:1:7: text holds a NUL character ('\\0'); remove it",
        ),
    ],
    ids=["newline-in-name", "escape-in-role", "carriage-return-in-owner", "nul-escape"],
)
def test_control_characters_in_single_line_fields_are_refused(
    sample_project: Path, old: str, new: str, expected: str
) -> None:
    replace_in(sample_project / PROJECT, old, new)
    result = invoke(sample_project, "validate")
    assert result.exit_code == 1
    assert problem_lines(result) == [expected]
    assert "\x1b" not in result.stderr and "\r" not in result.stderr


def test_a_control_character_in_a_title_is_refused_at_its_line(sample_project: Path) -> None:
    replace_in(
        sample_project / PLAYBOOK / "faqs.yaml",
        "title: What is scope?",
        'title: "What\\nis scope?"',
    )
    result = invoke(sample_project, "validate")
    assert result.exit_code == 1
    assert problem_lines(result) == [
        f"{PLAYBOOK}/faqs.yaml:3:12: 'title': must be one line of text, but holds the control "
        f"character \\n at character 5{ONE_LINE}"
    ]


def test_messages_show_control_characters_escaped(sample_project: Path) -> None:
    # An unknown key holding an escape sequence would colour (or clear) the terminal.
    replace_in(sample_project / PROJECT, "roles:", '"bad\\x1b[2Jkey": 1\nroles:')
    result = invoke(sample_project, "validate")
    assert result.exit_code == 1
    assert "\x1b" not in result.stderr
    assert problem_lines(result) == [
        f"{PROJECT}:9:1: unknown key 'bad\\x1b[2Jkey'; allowed keys: archived, assessments, "
        "facts, kickoff, name, playbook, playbook_version, risks, roles, status"
    ]


def test_a_multiline_note_cannot_add_rows_or_headings(sample_project: Path) -> None:
    replace_in(
        sample_project / PROJECT,
        "note: \"<script>alert('x')</script> not needed\"",
        'note: "first\\n| injected | row |\\n# Heading\\n[link](http://x)"',
    )
    result = invoke(sample_project, "checklist", "harbour-bank", "--format", "md")
    assert result.exit_code == 0, result.stderr
    markdown = result.stdout
    # The note stays in its cell: the pipes, the heading and the link are escaped text.
    assert (
        "| Notify the regulator | Executive sponsor | 2027-02-15 | n/a | "
        "first<br>\\| injected \\| row \\|<br>\\# Heading<br>\\[link\\](http://x) |"
    ) in markdown.splitlines()
    assert "\n| injected" not in markdown
    assert "\n# Heading" not in markdown
    assert "[link](http://x)" not in markdown


# --- dates as people write them -----------------------------------------------------------------


def test_quoted_dates_are_dates_everywhere(sample_project: Path) -> None:
    replace_in(sample_project / PROJECT, "kickoff: 2027-02-01", "kickoff: '2027-02-01'")
    replace_in(sample_project / PROJECT, "date: 2027-01-20", 'date: "2027-01-20"')
    assert invoke(sample_project, "validate").exit_code == 0
    result = invoke(sample_project, "status", "harbour-bank", "--today", "2027-03-01")
    assert result.exit_code == 0, result.stderr


def test_an_impossible_kickoff_names_what_is_wrong(sample_project: Path) -> None:
    replace_in(sample_project / PROJECT, "kickoff: 2027-02-01", "kickoff: 2027-13-45")
    result = invoke(sample_project, "validate")
    assert result.exit_code == 1
    assert problem_lines(result) == [
        f"{PROJECT}:4:10: 'kickoff': 2027-13-45: month 13 does not exist"
    ]


# --- every error in one run ---------------------------------------------------------------------


def test_seven_planted_errors_are_found_in_one_run(sample_project: Path) -> None:
    faqs = sample_project / PLAYBOOK / "faqs.yaml"
    replace_in(faqs, "title: What is scope?", "title: What is scope?\n    title: Again")  # 1
    replace_in(faqs, "question:", "questoin:")  # 2 (and the missing question)
    risks = sample_project / PLAYBOOK / "risks.yaml"
    replace_in(risks, "likelihood: 4", "likelihood: 9")  # 3
    replace_in(risks, "owner_role: pm", "owner_role: cfo", 1)  # 4
    tasks = sample_project / PLAYBOOK / "tasks.yaml"
    text = tasks.read_text()
    tasks.write_text(text.replace("    phase:", "    related: [nowhere]\n    phase:", 1))  # 5
    replace_in(sample_project / PROJECT, "team_size: 12", "team_size: many")  # 6
    replace_in(sample_project / PROJECT, "appoint-sponsor:", "apoint-sponsor:")  # 7
    result = invoke(sample_project, "validate")
    assert result.exit_code == 1
    # Seven planted errors, and the question the misspelt key leaves missing.
    assert problem_lines(result) == [
        f"{PLAYBOOK}/faqs.yaml:2:5: missing required field 'question' in a FAQ",
        f"{PLAYBOOK}/faqs.yaml:4:5: duplicate key 'title' (first defined on line 3); YAML keeps "
        "only one of them",
        f"{PLAYBOOK}/faqs.yaml:6:5: unknown key 'questoin' (did you mean 'question'?)",
        f"{PLAYBOOK}/risks.yaml:9:17: 'likelihood' must be at most 5, got 9 (a number)",
        f"{PLAYBOOK}/risks.yaml:16:17: unknown role 'cfo'; roles declared in playbook.yaml: pm, "
        "sponsor",
        f"{PLAYBOOK}/tasks.yaml:5:15: related id 'nowhere' does not exist in this playbook",
        f"{PROJECT}:8:14: {TEAM_SIZE}",
        f"{PROJECT}:12:3: unknown item 'apoint-sponsor' in playbook 'sample' (did you mean "
        "'appoint-sponsor'?)",
    ]
    assert result.stderr.splitlines()[-1] == "8 problems in 4 files"


def test_projects_are_checked_when_their_playbook_has_problems(sample_project: Path) -> None:
    replace_in(sample_project / PLAYBOOK / "risks.yaml", "likelihood: 4", "likelihood: 9")
    replace_in(sample_project / PROJECT, "team_size: 12", "team_size: many")
    result = invoke(sample_project, "validate")
    assert result.exit_code == 1
    assert problem_lines(result) == [
        f"{PLAYBOOK}/risks.yaml:9:17: 'likelihood' must be at most 5, got 9 (a number)",
        f"{PROJECT}:8:14: {TEAM_SIZE}",
    ]


def test_projects_whose_playbook_cannot_load_are_skipped_with_a_note(
    sample_project: Path,
) -> None:
    replace_in(sample_project / PLAYBOOK / "playbook.yaml", 'version: "1.0.0"', "version: 1")
    result = invoke(sample_project, "validate")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-2:] == [
        f"note: {PROJECT}: not checked, because its playbook 'sample' cannot be loaded "
        "(see its problems)",
        "1 problem in 1 file",
    ]


def test_kickoff_reports_every_unknown_fact(sample_project: Path) -> None:
    unknown = ("--set", "industy=banking", "--set", "colour=blue", "--set", "regulted=yes")
    result = invoke(sample_project, *kickoff_args("X", *NO_PROMPTS, *unknown))
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: unknown facts in playbook 'sample': 'industy' (did you mean 'industry'?), "
        "'colour', 'regulted' (did you mean 'regulated'?)\n"
    )


# --- one source of settings ---------------------------------------------------------------------


def _override_faq_template(root: Path, folder: str, text: str) -> None:
    (root / folder).mkdir()
    (root / folder / "faq.md.j2").write_text(text)


def test_templates_option_reaches_the_build(sample_project: Path) -> None:
    _override_faq_template(sample_project, "mine", "# {{ item.title }}\n\nFROM MY TEMPLATE\n")
    result = invoke(sample_project, "--templates", "mine", "build")
    assert result.exit_code == 0, result.stderr
    page = sample_project / "site" / PLAYBOOK / "faqs" / "what-is-scope" / "index.html"
    assert "FROM MY TEMPLATE" in page.read_text()


def test_validate_uses_templates_dir_from_mkdocs_yml(sample_project: Path) -> None:
    _override_faq_template(sample_project, "mine", "# {{ item.title }}\n\n{{ item.nothing() }}\n")
    replace_in(
        sample_project / "mkdocs.yml",
        "      projects_dir: projects\n",
        "      projects_dir: projects\n      templates_dir: mine\n",
    )
    for command in ("validate", "build"):
        result = invoke(sample_project, command)
        assert result.exit_code == 1, (command, result.stderr)
        assert problem_lines(result) == [f"{FAQ_TEMPLATE_FAILED}: {NO_ATTRIBUTE}"], command


def test_a_template_error_during_build_keeps_its_file_and_line(sample_project: Path) -> None:
    _override_faq_template(sample_project, "mine", "# x\n\n{{ 1 // 0 }}\n")
    result = invoke(sample_project, "--templates", "mine", "build")
    assert result.exit_code == 1
    # The template's own file and line, not MkDocs' BuildError.
    assert problem_lines(result) == [f"{FAQ_TEMPLATE_FAILED}: integer division or modulo by zero"]


# --- symlinks cannot bring the outside in ---------------------------------------------------


def test_an_override_template_linking_outside_is_refused(
    sample_project: Path, tmp_path: Path
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    (sample_project / "mine").mkdir()
    (sample_project / "mine" / "faq.md.j2").symlink_to(secret)
    before = snapshot(sample_project)
    result = invoke(sample_project, "--templates", "mine", "build")
    assert result.exit_code == 1
    assert problem_lines(result) == ["mine/faq.md.j2: points outside the project"]
    assert snapshot(sample_project) == before


def test_a_custom_dir_linking_outside_is_refused(sample_project: Path, tmp_path: Path) -> None:
    (tmp_path / "theme").mkdir()
    (sample_project / "overrides").symlink_to(tmp_path / "theme")
    replace_in(sample_project / "mkdocs.yml", "theme:\n", "theme:\n  custom_dir: overrides\n")
    result = invoke(sample_project, "build")
    assert result.exit_code == 1
    assert problem_lines(result) == [
        "mkdocs.yml:8: 'theme.custom_dir' 'overrides': points outside the project"
    ]


def test_a_file_in_custom_dir_linking_outside_is_refused(
    sample_project: Path, tmp_path: Path
) -> None:
    (tmp_path / "main.html").write_text("{{ config }}")
    (sample_project / "overrides").mkdir()
    (sample_project / "overrides" / "main.html").symlink_to(tmp_path / "main.html")
    replace_in(sample_project / "mkdocs.yml", "theme:\n", "theme:\n  custom_dir: overrides\n")
    result = invoke(sample_project, "build")
    assert result.exit_code == 1
    assert problem_lines(result) == ["overrides/main.html: points outside the project"]


def test_a_project_file_linking_outside_is_refused(sample_project: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text((sample_project / PROJECT).read_text())
    (sample_project / "projects" / "sneaky.yaml").symlink_to(outside)
    result = invoke(sample_project, "validate")
    assert result.exit_code == 1
    assert problem_lines(result) == ["projects/sneaky.yaml: points outside the project"]


def test_template_problems_come_in_the_same_run_as_content_problems(sample_project: Path) -> None:
    _override_faq_template(sample_project, "mine", "# x\n\n{{ item.nothing() }}\n")
    (sample_project / "mine" / "unused.md.j2").write_text("{% for %}\n")
    replace_in(sample_project / PROJECT, "team_size: 12", "team_size: many")
    result = invoke(sample_project, "--templates", "mine", "validate")
    assert result.exit_code == 1
    assert problem_lines(result) == [
        f"{FAQ_TEMPLATE_FAILED}: {NO_ATTRIBUTE}",
        "mine/unused.md.j2:1: template syntax error: Expected an expression, got 'end of "
        "statement block'",
        f"{PROJECT}:8:14: {TEAM_SIZE}",
    ]


def test_an_export_never_reads_a_template_linking_outside(
    sample_project: Path, tmp_path: Path
) -> None:
    secret = tmp_path / "checklist.md.j2"
    secret.write_text("TOP SECRET")
    (sample_project / "mine").mkdir()
    (sample_project / "mine" / "checklist.md.j2").symlink_to(secret)
    result = invoke(sample_project, "--templates", "mine", "checklist", "harbour-bank")
    assert result.exit_code == 1
    assert "TOP SECRET" not in result.output
    assert problem_lines(result) == ["mine/checklist.md.j2: points outside the project"]
