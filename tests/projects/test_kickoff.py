"""generator.projects.kickoff: `playbook kickoff` writes a new project file, from options or
prompts, through click's CliRunner."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from click.testing import Result

from tests.support.cli import invoke, kickoff_args
from tests.support.playbooks import PLAYBOOK_HEAD, write_playbook, yaml_text
from tests.support.project import validated_project

# The demo playbook with a fact of every type, each with its prompt.
PLAYBOOK = PLAYBOOK_HEAD + yaml_text("""
    facts:
      - name: regulated
        type: boolean
        default: false
        prompt: Is the project regulated?
      - name: team_size
        type: integer
        prompt: How many people?
        help: Count everyone on the core team.
        invalid_message: Give the head count as a whole number.
      - name: industry
        type: choice
        prompt: Which industry?
        choices: [banking, retail]
      - name: channels
        type: multi-choice
        prompt: Which channels?
        choices: [web, mobile, branch]
        required: false
      - name: go_live
        type: date
        prompt: Target go-live date?
        required: false
""")

ALL_ANSWERS = (
    "--kickoff",
    "2027-02-01",
    "--set",
    "regulated=yes",
    "--set",
    "team_size=12",
    "--set",
    "industry=banking",
    "--set",
    "channels=mobile, web",
    "--set",
    "go_live=2028-02-29",
    "--role",
    "pm=Lee Chen",
)


# What a kickoff of "Harbour Bank" prints last, after any prompts.
CREATED = [
    "Created projects/harbour-bank.yaml",
    "Its page: site/projects/harbour-bank/index.html (run `playbook build` to publish it)",
    "Recorded the playbook's version in playbooks/demo/history/1.0.0.json (commit it too)",
]
HELP = "Count everyone on the core team."


@pytest.fixture
def root(tmp_path: Path) -> Path:
    project_root = tmp_path / "root"
    write_playbook(project_root, {"playbook.yaml": PLAYBOOK})
    return project_root


def _kickoff(root: Path, name: str, *args: str, input: str | None = None) -> Result:
    return invoke(root, *kickoff_args(name, *args, playbook="demo"), input=input)


def _prompted(root: Path, *answers: str, input: str) -> Result:
    """A kickoff on 2027-02-01 that asks for every fact ``answers`` (FACT=VALUE) leave out."""
    sets = [arg for answer in answers for arg in ("--set", answer)]
    return _kickoff(root, "Harbour Bank", "--kickoff", "2027-02-01", *sets, "--input", input=input)


def _files(folder: Path) -> set[str]:
    return {path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file()}


# --- kickoff without prompts ------------------------------------------------------------------


def test_kickoff_writes_the_project_and_prints_file_and_page(root: Path) -> None:
    result = _kickoff(root, "Harbour Bank", *ALL_ANSWERS, "--no-input")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == CREATED
    assert (root / "projects" / "harbour-bank.yaml").is_file()
    assert (root / "playbooks" / "demo" / "history" / "1.0.0.json").is_file()


def test_second_kickoff_does_not_record_the_snapshot_again(root: Path) -> None:
    assert _kickoff(root, "First", *ALL_ANSWERS, "--no-input").exit_code == 0
    result = _kickoff(root, "Second", *ALL_ANSWERS, "--no-input")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "Created projects/second.yaml",
        "Its page: site/projects/second/index.html (run `playbook build` to publish it)",
    ]


def test_written_file_validates_and_round_trips_typed_facts(root: Path) -> None:
    assert _kickoff(root, "Harbour Bank", *ALL_ANSWERS, "--no-input").exit_code == 0
    project = validated_project(root, "harbour-bank")
    assert project.name == "Harbour Bank"
    assert project.file.kickoff == dt.date(2027, 2, 1)
    assert project.file.playbook_version == "1.0.0"
    assert dict(project.facts) == {
        "regulated": True,
        "team_size": 12,
        "industry": "banking",
        "channels": ["web", "mobile"],
        "go_live": dt.date(2028, 2, 29),
    }
    assert project.file.roles == {"pm": "Lee Chen"}
    # Written with real YAML types, not strings that only happen to coerce.
    data = yaml.safe_load((root / "projects" / "harbour-bank.yaml").read_text(encoding="utf-8"))
    facts = data["facts"]
    assert facts["regulated"] is True
    assert type(facts["team_size"]) is int
    assert facts["go_live"] == dt.date(2028, 2, 29)
    assert facts["channels"] == ["web", "mobile"]
    assert data["kickoff"] == dt.date(2027, 2, 1)
    assert data["playbook_version"] == "1.0.0"
    assert data["status"] == {} and data["risks"] == {}


def test_written_file_leaves_unanswered_optional_facts_out(root: Path) -> None:
    result = _kickoff(
        root,
        "Small",
        "--kickoff",
        "2027-02-01",
        "--set",
        "team_size=3",
        "--set",
        "industry=retail",
        "--no-input",
    )
    assert result.exit_code == 0, result.stderr
    data = yaml.safe_load((root / "projects" / "small.yaml").read_text(encoding="utf-8"))
    assert data["facts"] == {"regulated": False, "team_size": 3, "industry": "retail"}
    project = validated_project(root, "small")
    assert project.facts["channels"] is None
    assert project.facts["go_live"] is None


@pytest.mark.parametrize(
    "name",
    [
        "Project: Phase #2",
        "yes",
        "123",
        "2027-02-01",
        "'quoted' and \"double\"",
        "Café Ørsted",
        "null",
        "- dash",
        "[brackets] {braces}",
        "50% & <b>bold</b>",
    ],
)
def test_names_round_trip(root: Path, name: str) -> None:
    result = _kickoff(root, name, *ALL_ANSWERS, "--slug", "p", "--no-input")
    assert result.exit_code == 0, result.stderr
    assert validated_project(root, "p").name == name


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Café Déjà Vu!", "cafe-deja-vu"),
        ("Core Banking: Phase 2 (2027)", "core-banking-phase-2-2027"),
        ("../../etc/passwd", "etc-passwd"),
        ("../x", "x"),
        ("..", "project"),
        ("a/b\\c", "a-b-c"),
        ("北京", "project"),
        ("  Many   spaces  ", "many-spaces"),
        ("x" * 70, "x" * 60),
    ],
)
def test_slug_is_derived_from_the_name(root: Path, name: str, slug: str) -> None:
    before = _files(root.parent)
    result = _kickoff(root, name, *ALL_ANSWERS, "--no-input")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == f"Created projects/{slug}.yaml"
    created = _files(root.parent) - before
    assert created == {f"root/projects/{slug}.yaml", "root/playbooks/demo/history/1.0.0.json"}


@pytest.mark.parametrize("slug", ["../evil", "Evil", "a_b", "a--b", "-a", "/abs"])
def test_bad_slug_option_is_exit_2(root: Path, slug: str) -> None:
    before = _files(root.parent)
    result = _kickoff(root, "Name", *ALL_ANSWERS, "--slug", slug, "--no-input")
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: slug '{slug}' must be kebab-case (letters, digits and hyphens) of at most 60 "
        "characters\n"
    )
    assert _files(root.parent) == before


def test_existing_project_is_not_overwritten_without_force(root: Path) -> None:
    assert _kickoff(root, "Harbour Bank", *ALL_ANSWERS, "--no-input").exit_code == 0
    path = root / "projects" / "harbour-bank.yaml"
    path.write_text(path.read_text() + "# my notes\n", encoding="utf-8")
    before = path.read_bytes()
    result = _kickoff(root, "Harbour Bank", *ALL_ANSWERS, "--no-input")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: projects/harbour-bank.yaml already exists; choose another name (or --slug), or "
        "pass --force to replace it\n"
    )
    assert path.read_bytes() == before
    assert result.stdout == ""


def test_force_replaces_the_existing_project(root: Path) -> None:
    assert _kickoff(root, "Harbour Bank", *ALL_ANSWERS, "--no-input").exit_code == 0
    path = root / "projects" / "harbour-bank.yaml"
    path.write_text(path.read_text() + "# my notes\n", encoding="utf-8")
    args = [arg.replace("industry=banking", "industry=retail") for arg in ALL_ANSWERS]
    result = _kickoff(root, "Harbour Bank", *args, "--force", "--no-input")
    assert result.exit_code == 0, result.stderr
    assert "# my notes" not in path.read_text()
    assert validated_project(root, "harbour-bank").facts["industry"] == "retail"
    assert [p.name for p in path.parent.iterdir()] == ["harbour-bank.yaml"]


@pytest.mark.parametrize(
    ("omit", "missing"),
    [
        (("industry",), "industry"),
        (("team_size",), "team_size"),
        (("team_size", "industry"), "team_size, industry"),
    ],
)
def test_no_input_with_a_missing_required_fact_is_exit_2(
    root: Path, omit: tuple[str, ...], missing: str
) -> None:
    args = [arg for arg in ALL_ANSWERS if arg.split("=")[0] not in omit]
    args = [
        arg for index, arg in enumerate(args) if not (arg == "--set" and args[index + 1] == "--set")
    ]
    result = _kickoff(root, "Harbour Bank", *args, "--no-input")
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: missing answers for required facts: {missing} (give them with --set FACT=VALUE)\n"
    )
    assert not (root / "projects" / "harbour-bank.yaml").exists()


def test_no_input_without_kickoff_date_is_exit_2(root: Path) -> None:
    result = _kickoff(root, "Harbour Bank", *ALL_ANSWERS[2:], "--no-input")
    assert result.exit_code == 2
    assert result.stderr == "Error: missing --kickoff YYYY-MM-DD\n"


@pytest.mark.parametrize(
    ("kickoff", "reason"),
    [
        ("2027-02-30", "2027-02-30: day 30 does not exist (February 2027 has 28 days)"),
        ("2027-13-45", "2027-13-45: month 13 does not exist"),
        ("01/02/2027", "'01/02/2027' is not a date written YYYY-MM-DD"),
        ("tomorrow", "'tomorrow' is not a date written YYYY-MM-DD"),
    ],
)
def test_bad_kickoff_option_is_exit_2(root: Path, kickoff: str, reason: str) -> None:
    result = _kickoff(root, "Harbour Bank", "--kickoff", kickoff, *ALL_ANSWERS[2:], "--no-input")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == f"Error: Invalid value for '--kickoff': {reason}"


def test_unknown_fact_suggests_the_closest(root: Path) -> None:
    result = _kickoff(root, "Harbour Bank", *ALL_ANSWERS, "--set", "industy=banking", "--no-input")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: unknown fact 'industy' in playbook 'demo' (did you mean 'industry'?)\n"
    )
    assert not (root / "projects").exists()


def test_unknown_role_suggests_the_closest(root: Path) -> None:
    result = _kickoff(root, "Harbour Bank", *ALL_ANSWERS, "--role", "sponsr=Ada Obi", "--no-input")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: unknown role 'sponsr' in playbook 'demo' (did you mean 'sponsor'?)\n"
    )


def test_unknown_playbook_is_exit_2(root: Path) -> None:
    result = invoke(root, "kickoff", "X", "--playbook", "nope", *ALL_ANSWERS, "--no-input")
    assert result.exit_code == 2
    assert result.stderr == "Error: no playbook 'nope' in playbooks/ (playbooks: demo)\n"


@pytest.mark.parametrize("assignment", ["industry", "=banking"])
def test_malformed_set_is_exit_2(root: Path, assignment: str) -> None:
    result = _kickoff(root, "Harbour Bank", *ALL_ANSWERS, "--set", assignment, "--no-input")
    assert result.exit_code == 2
    assert result.stderr == f"Error: --set: expected NAME=VALUE, got '{assignment}'\n"


@pytest.mark.parametrize(
    ("assignment", "message"),
    [
        ("team_size=lots", "--set team_size=lots: Give the head count as a whole number."),
        ("team_size=1.5", "--set team_size=1.5: Give the head count as a whole number."),
        ("team_size=--5", "--set team_size=--5: Give the head count as a whole number."),
        ("industry=insurance", "--set industry=insurance: expected one of: banking, retail"),
        ("regulated=maybe", "--set regulated=maybe: expected true or false"),
        (
            "go_live=2028-02-30",
            "--set go_live=2028-02-30: 2028-02-30: day 30 does not exist "
            "(February 2028 has 29 days)",
        ),
        (
            "channels=web,fax",
            "--set channels=web,fax: expected any of: web, mobile, branch (comma-separated)",
        ),
    ],
)
def test_invalid_set_value_without_input_is_exit_2(
    root: Path, assignment: str, message: str
) -> None:
    result = _kickoff(root, "Harbour Bank", *ALL_ANSWERS, "--set", assignment, "--no-input")
    assert result.exit_code == 2
    assert result.stderr == f"Error: invalid answers:   {message}\n"
    assert not (root / "projects" / "harbour-bank.yaml").exists()


# --- kickoff with prompts ---------------------------------------------------------------------

# After the facts: Enter for each role (nobody assigned), then Enter to write the file.
NO_ROLES_AND_WRITE = "\n\n\n"
ROLE_PROMPTS = [
    "Who plays each role? (Enter skips)",
    "Project manager: ",
    "Executive sponsor: ",
]


def _after_summary(stdout: str) -> list[str]:
    """The lines from the confirmation on."""
    lines = stdout.splitlines()
    return lines[next(i for i, line in enumerate(lines) if line.startswith("Write ")) :]


def test_prompts_ask_for_every_missing_fact(root: Path) -> None:
    answers = (
        "\n".join(
            [
                "",  # regulated: accept the default (false)
                "lots",
                "12",  # team_size: invalid, then valid
                "insurance",
                "Banking",  # industry: invalid, then valid (in any case)
                "3, web",  # channels: by number and by value
                "",  # go_live: optional, left unanswered
                "Lee Chen",  # pm
                "",  # sponsor: skipped
                "y",  # write the file
            ]
        )
        + "\n"
    )
    result = _prompted(root, input=answers)
    assert result.exit_code == 0, result.stderr
    # Each question with the answer typed (CliRunner echoes it), the fact's help text before
    # its question (once), the choices numbered, an invalid answer asked again, then the roles,
    # a summary and the confirmation.
    assert result.stdout.splitlines() == [
        "Is the project regulated? [y/N]: ",
        HELP,
        "How many people?: lots",
        "How many people?: 12",
        "  1. banking",
        "  2. retail",
        "Which industry?: insurance",
        "Which industry?: Banking",
        "  1. web",
        "  2. mobile",
        "  3. branch",
        "Which channels? (comma-separated, Enter skips): 3, web",
        "Target go-live date? (YYYY-MM-DD, Enter skips): ",
        *ROLE_PROMPTS[:1],
        "Project manager: Lee Chen",
        "Executive sponsor: ",
        "",
        "Harbour Bank: Demo playbook 1.0.0, kickoff 2027-02-01",
        "Answers:",
        "  Is the project regulated?  no",
        "  How many people?           12",
        "  Which industry?            banking",
        "  Which channels?            web, branch",
        "  Target go-live date?       (not answered)",
        "Roles:",
        "  Project manager            Lee Chen",
        "  Executive sponsor          (not assigned)",
        "1 task and 1 risk apply; the first task is due 2027-02-01.",
        "Write projects/harbour-bank.yaml? [Y/n]: y",
        *CREATED,
    ]
    assert result.stderr.splitlines() == [
        "  Give the head count as a whole number.",
        "  expected one of: banking, retail",
    ]
    project = validated_project(root, "harbour-bank")
    assert dict(project.facts) == {
        "regulated": False,
        "team_size": 12,
        "industry": "banking",
        "channels": ["web", "branch"],
        "go_live": None,
    }
    assert project.file.roles == {"pm": "Lee Chen"}


def test_prompts_ask_only_for_what_is_missing(root: Path) -> None:
    result = _prompted(
        root, "team_size=5", "industry=retail", input="yes\n\n2027-09-30\n" + NO_ROLES_AND_WRITE
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[:9] == [
        "Is the project regulated? [y/N]: yes",
        "  1. web",
        "  2. mobile",
        "  3. branch",
        "Which channels? (comma-separated, Enter skips): ",
        "Target go-live date? (YYYY-MM-DD, Enter skips): 2027-09-30",
        *ROLE_PROMPTS,
    ]
    assert _after_summary(result.stdout) == ["Write projects/harbour-bank.yaml? [Y/n]: ", *CREATED]
    project = validated_project(root, "harbour-bank")
    assert dict(project.facts) == {
        "regulated": True,
        "team_size": 5,
        "industry": "retail",
        "channels": None,
        "go_live": dt.date(2027, 9, 30),
    }
    assert project.file.roles == {}


def test_prompts_reask_an_invalid_set_value(root: Path) -> None:
    result = _prompted(
        root, "team_size=lots", "industry=retail", "regulated=no", input="7\n\n\n\n\n\n"
    )
    assert result.exit_code == 0, result.stderr
    assert result.stderr == "  team_size: Give the head count as a whole number.\n"
    assert result.stdout.splitlines()[:7] == [
        HELP,
        "How many people?: 7",
        "  1. web",
        "  2. mobile",
        "  3. branch",
        "Which channels? (comma-separated, Enter skips): ",
        "Target go-live date? (YYYY-MM-DD, Enter skips): ",
    ]
    assert validated_project(root, "harbour-bank").facts["team_size"] == 7


def test_prompts_reask_a_date_that_must_come_after_another(root: Path) -> None:
    playbook = PLAYBOOK.replace(
        "    prompt: Target go-live date?\n",
        "    prompt: Target go-live date?\n    after: kickoff\n",
    )
    write_playbook(root, {"playbook.yaml": playbook})
    sets = ("team_size=5", "industry=retail", "regulated=no", "channels=web")
    # Given with --set: named in the message; typed in: not named.
    result = _prompted(
        root, *sets, "go_live=2027-01-01", input="2027-02-01\n2027-03-01\n" + NO_ROLES_AND_WRITE
    )
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines() == [
        "  go_live: expected a date after the kickoff (2027-02-01)",
        "  expected a date after the kickoff (2027-02-01)",
    ]
    assert result.stdout.splitlines()[:2] == [
        "Target go-live date? (YYYY-MM-DD, Enter skips): 2027-02-01",
        "Target go-live date? (YYYY-MM-DD, Enter skips): 2027-03-01",
    ]
    assert validated_project(root, "harbour-bank").facts["go_live"] == dt.date(2027, 3, 1)


def test_prompts_ask_for_the_kickoff_date(root: Path) -> None:
    answers = "2027-02-30\n2027-02-01\n\n12\nbanking\n\n\n" + NO_ROLES_AND_WRITE
    result = _kickoff(root, "Harbour Bank", "--input", input=answers)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[:2] == [
        "Kickoff date (YYYY-MM-DD): 2027-02-30",
        "Kickoff date (YYYY-MM-DD): 2027-02-01",
    ]
    assert result.stderr == "  2027-02-30: day 30 does not exist (February 2027 has 28 days)\n"
    assert validated_project(root, "harbour-bank").file.kickoff == dt.date(2027, 2, 1)


def test_prompts_accept_a_default_on_empty_input(root: Path) -> None:
    playbook = PLAYBOOK.replace(
        "    prompt: Which industry?\n",
        "    prompt: Which industry?\n    default: retail\n",
    )
    write_playbook(root, {"playbook.yaml": playbook})
    result = _prompted(root, "team_size=3", input="\n\n\n\n" + NO_ROLES_AND_WRITE)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[:10] == [
        "Is the project regulated? [y/N]: ",
        "  1. banking",
        "  2. retail",
        "Which industry? [retail]: ",
        "  1. web",
        "  2. mobile",
        "  3. branch",
        "Which channels? (comma-separated, Enter skips): ",
        "Target go-live date? (YYYY-MM-DD, Enter skips): ",
        *ROLE_PROMPTS[:1],
    ]
    facts = validated_project(root, "harbour-bank").facts
    assert (facts["regulated"], facts["industry"]) == (False, "retail")


def test_prompts_do_not_ask_for_roles_given_and_can_write_nothing(root: Path) -> None:
    result = _kickoff(
        root, "Harbour Bank", *ALL_ANSWERS, "--role", "sponsor=Ada Obi", "--input", input="n\n"
    )
    assert result.exit_code == 0, result.stderr
    assert "Project manager" not in result.stdout.split("Roles:")[0]
    assert _after_summary(result.stdout) == [
        "Write projects/harbour-bank.yaml? [Y/n]: n",
        "Nothing written.",
    ]
    assert not (root / "projects").exists()
    assert not (root / "playbooks" / "demo" / "history").exists()


def test_prompts_ask_before_replacing_a_project(root: Path) -> None:
    assert _kickoff(root, "Harbour Bank", *ALL_ANSWERS, "--no-input").exit_code == 0
    before = (root / "projects" / "harbour-bank.yaml").read_text(encoding="utf-8")
    result = _kickoff(root, "Harbour Bank", *ALL_ANSWERS, "--force", "--input", input="\nno\n")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[-2:] == [
        "Replace projects/harbour-bank.yaml? [Y/n]: no",
        "Nothing written.",
    ]
    assert (root / "projects" / "harbour-bank.yaml").read_text(encoding="utf-8") == before


def test_prompts_reask_a_name_on_more_than_one_line(root: Path) -> None:
    result = _kickoff(
        root, "Harbour Bank", *ALL_ANSWERS, "--input", input="Ada\x1bObi\nAda Obi\n\n"
    )
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ("  the name must be one line of text without control characters\n")
    assert validated_project(root, "harbour-bank").file.roles == {
        "pm": "Lee Chen",
        "sponsor": "Ada Obi",
    }


def test_kickoff_then_checklist_and_status(root: Path) -> None:
    assert _kickoff(root, "Harbour Bank", *ALL_ANSWERS, "--no-input").exit_code == 0
    status = invoke(root, "status", "harbour-bank", "--today", "2027-02-01")
    assert status.exit_code == 0, status.stderr
    assert status.stdout.splitlines() == [
        "Harbour Bank (demo 1.0.0), kickoff 2027-02-01, as of 2027-02-01",
        "Progress: 0% (0 of 1 tasks done)",
        "Overdue: none",
        "The project follows the playbook's current version (1.0.0).",
    ]
    csv_result = invoke(
        root, "checklist", "harbour-bank", "--format", "csv", "--today", "2027-02-02"
    )
    assert csv_result.exit_code == 0, csv_result.stderr
    # A day later the kickoff meeting is overdue; the risk applies (team_size 12 > 10).
    assert csv_result.stdout.splitlines()[1:] == [
        "hold-kickoff,task,initiate,Hold the kickoff meeting,pm,Lee Chen,2027-02-01,overdue"
        ",,,,,,,,",
        "scope-creep,risk,,Scope creep,pm,Lee Chen,,open,,,3,4,12,high,mitigate,delivery",
    ]
