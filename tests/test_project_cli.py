"""The per-project commands through click's CliRunner: kickoff, checklist and status."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

from generator.cli import main
from generator.export.registry import FORMAT_NAMES, export
from generator.model.project import Project
from generator.render.pages import PageRenderer
from generator.validate.playbook import validate_playbook
from generator.validate.project import validate_project
from tests.helpers_playbook import write_playbook
from tests.support.project import filled_project

PLAYBOOK = """
    id: demo
    title: Demo playbook
    description: A playbook with a fact of every type.
    version: "1.0.0"
    roles:
      - {id: pm, title: Project manager}
      - {id: sponsor, title: Executive sponsor}
    facts:
      - name: regulated
        type: boolean
        prompt: Is the project regulated?
        default: false
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
"""

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


@pytest.fixture
def root(tmp_path: Path) -> Path:
    project_root = tmp_path / "root"
    write_playbook(project_root, {"playbook.yaml": PLAYBOOK})
    return project_root


def _run(root: Path, *args: str, input: str | None = None) -> Result:
    result = CliRunner().invoke(main, ["--root", str(root), *args], input=input)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    return result


def _kickoff(root: Path, name: str, *args: str, input: str | None = None) -> Result:
    return _run(root, "kickoff", "--playbook", "demo", *args, "--", name, input=input)


def _validate(root: Path, slug: str) -> Project:
    playbook = validate_playbook(root / "playbooks" / "demo", root)
    return validate_project(root / "projects" / f"{slug}.yaml", root, {"demo": playbook})


def _files(folder: Path) -> set[str]:
    return {path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file()}


# --- kickoff without prompts ------------------------------------------------------------------


def test_kickoff_writes_the_project_and_prints_file_and_page(root: Path) -> None:
    result = _kickoff(root, "Harbour Bank", *ALL_ANSWERS, "--no-input")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "Created projects/harbour-bank.yaml",
        "Its page: site/projects/harbour-bank/index.html (run `playbook build` to publish it)",
        "Recorded the playbook's version in playbooks/demo/history/1.0.0.json (commit it too)",
    ]
    assert (root / "projects" / "harbour-bank.yaml").is_file()
    assert (root / "playbooks" / "demo" / "history" / "1.0.0.json").is_file()


def test_second_kickoff_does_not_record_the_snapshot_again(root: Path) -> None:
    assert _kickoff(root, "First", *ALL_ANSWERS, "--no-input").exit_code == 0
    result = _kickoff(root, "Second", *ALL_ANSWERS, "--no-input")
    assert result.exit_code == 0, result.stderr
    assert "Recorded" not in result.stdout
    assert "Created projects/second.yaml" in result.stdout


def test_written_file_validates_and_round_trips_typed_facts(root: Path) -> None:
    assert _kickoff(root, "Harbour Bank", *ALL_ANSWERS, "--no-input").exit_code == 0
    project = _validate(root, "harbour-bank")
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
    project = _validate(root, "small")
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
    assert _validate(root, "p").name == name


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
    assert f"Created projects/{slug}.yaml" in result.stdout
    created = _files(root.parent) - before
    assert created == {f"root/projects/{slug}.yaml", "root/playbooks/demo/history/1.0.0.json"}


@pytest.mark.parametrize("slug", ["../evil", "Evil", "a_b", "a--b", "-a", "/abs"])
def test_bad_slug_option_is_exit_2(root: Path, slug: str) -> None:
    before = _files(root.parent)
    result = _kickoff(root, "Name", *ALL_ANSWERS, "--slug", slug, "--no-input")
    assert result.exit_code == 2
    assert "kebab-case" in result.stderr
    assert _files(root.parent) == before


def test_existing_project_is_not_overwritten_without_force(root: Path) -> None:
    assert _kickoff(root, "Harbour Bank", *ALL_ANSWERS, "--no-input").exit_code == 0
    path = root / "projects" / "harbour-bank.yaml"
    path.write_text(path.read_text() + "# my notes\n", encoding="utf-8")
    before = path.read_bytes()
    result = _kickoff(root, "Harbour Bank", *ALL_ANSWERS, "--no-input")
    assert result.exit_code == 2
    assert "projects/harbour-bank.yaml already exists" in result.stderr
    assert "--force" in result.stderr
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
    assert _validate(root, "harbour-bank").facts["industry"] == "retail"
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
    assert f"missing answers for required facts: {missing} " in result.stderr
    assert not (root / "projects" / "harbour-bank.yaml").exists()


def test_no_input_without_kickoff_date_is_exit_2(root: Path) -> None:
    result = _kickoff(root, "Harbour Bank", *ALL_ANSWERS[2:], "--no-input")
    assert result.exit_code == 2
    assert "missing --kickoff YYYY-MM-DD" in result.stderr


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
    assert "unknown fact 'industy' in playbook 'demo' (did you mean 'industry'?)" in result.stderr
    assert not (root / "projects").exists() or not any((root / "projects").iterdir())


def test_unknown_role_suggests_the_closest(root: Path) -> None:
    result = _kickoff(root, "Harbour Bank", *ALL_ANSWERS, "--role", "sponsr=Ada Obi", "--no-input")
    assert result.exit_code == 2
    assert "unknown role 'sponsr' in playbook 'demo' (did you mean 'sponsor'?)" in result.stderr


def test_unknown_playbook_is_exit_2(root: Path) -> None:
    result = _run(root, "kickoff", "X", "--playbook", "nope", *ALL_ANSWERS, "--no-input")
    assert result.exit_code == 2
    assert "no playbook 'nope' in playbooks/ (playbooks: demo)" in result.stderr


@pytest.mark.parametrize("assignment", ["industry", "=banking"])
def test_malformed_set_is_exit_2(root: Path, assignment: str) -> None:
    result = _kickoff(root, "Harbour Bank", *ALL_ANSWERS, "--set", assignment, "--no-input")
    assert result.exit_code == 2
    assert "expected NAME=VALUE" in result.stderr


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
        ("channels=web,fax", "--set channels=web,fax: expected any of: web, mobile, branch"),
    ],
)
def test_invalid_set_value_without_input_is_exit_2(
    root: Path, assignment: str, message: str
) -> None:
    result = _kickoff(root, "Harbour Bank", *ALL_ANSWERS, "--set", assignment, "--no-input")
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert not (root / "projects" / "harbour-bank.yaml").exists()


# --- kickoff with prompts ---------------------------------------------------------------------


def test_prompts_ask_for_every_missing_fact(root: Path) -> None:
    answers = (
        "\n".join(
            [
                "",  # regulated: accept the default (false)
                "lots",
                "12",  # team_size: invalid, then valid
                "insurance",
                "banking",  # industry: invalid, then valid
                "branch, web",  # channels
                "",  # go_live: optional, left unanswered
            ]
        )
        + "\n"
    )
    result = _kickoff(root, "Harbour Bank", "--kickoff", "2027-02-01", "--input", input=answers)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    for question in (
        "Is the project regulated? [false]",
        "How many people?",
        "Which industry? [banking / retail]",
        "Which channels? [web, mobile, branch]",
        "Target go-live date?",
    ):
        assert question in out, question
    assert "Count everyone on the core team." in out  # the fact's help text
    assert out.count("How many people?") == 2
    assert out.count("Which industry?") == 2
    assert "Give the head count as a whole number." in result.stderr
    assert "expected one of: banking, retail" in result.stderr
    project = _validate(root, "harbour-bank")
    assert dict(project.facts) == {
        "regulated": False,
        "team_size": 12,
        "industry": "banking",
        "channels": ["web", "branch"],
        "go_live": None,
    }


def test_prompts_ask_only_for_what_is_missing(root: Path) -> None:
    result = _kickoff(
        root,
        "Harbour Bank",
        "--kickoff",
        "2027-02-01",
        "--set",
        "team_size=5",
        "--set",
        "industry=retail",
        "--input",
        input="yes\n\n2027-09-30\n",
    )
    assert result.exit_code == 0, result.stderr
    assert "How many people?" not in result.stdout
    assert "Which industry?" not in result.stdout
    project = _validate(root, "harbour-bank")
    assert dict(project.facts) == {
        "regulated": True,
        "team_size": 5,
        "industry": "retail",
        "channels": None,
        "go_live": dt.date(2027, 9, 30),
    }


def test_prompts_reask_an_invalid_set_value(root: Path) -> None:
    result = _kickoff(
        root,
        "Harbour Bank",
        "--kickoff",
        "2027-02-01",
        "--set",
        "team_size=lots",
        "--set",
        "industry=retail",
        "--set",
        "regulated=no",
        "--input",
        input="7\n\n\n",
    )
    assert result.exit_code == 0, result.stderr
    assert "team_size: Give the head count as a whole number." in result.stderr
    assert result.stdout.count("How many people?") == 1
    assert _validate(root, "harbour-bank").facts["team_size"] == 7


def test_prompts_ask_for_the_kickoff_date(root: Path) -> None:
    answers = "2027-02-30\n2027-02-01\n\n12\nbanking\n\n\n"
    result = _kickoff(root, "Harbour Bank", "--input", input=answers)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count("Kickoff date (YYYY-MM-DD)") == 2
    assert "2027-02-30: day 30 does not exist (February 2027 has 28 days)" in result.stderr
    assert _validate(root, "harbour-bank").file.kickoff == dt.date(2027, 2, 1)


def test_prompts_accept_a_default_on_empty_input(root: Path) -> None:
    playbook = PLAYBOOK.replace(
        "        prompt: Which industry?\n",
        "        prompt: Which industry?\n        default: retail\n",
    )
    write_playbook(root, {"playbook.yaml": playbook})
    result = _kickoff(
        root,
        "Harbour Bank",
        "--kickoff",
        "2027-02-01",
        "--set",
        "team_size=3",
        "--input",
        input="\n\n\n\n",
    )
    assert result.exit_code == 0, result.stderr
    assert "Which industry? [banking / retail] [retail]" in result.stdout
    facts = _validate(root, "harbour-bank").facts
    assert (facts["regulated"], facts["industry"]) == (False, "retail")


# --- checklist --------------------------------------------------------------------------------


@pytest.fixture
def sample(sample_project: Path) -> Path:
    return sample_project


def _expected_export(root: Path, fmt: str, today: dt.date) -> str:
    return export(filled_project(root, "harbour-bank", today), fmt, PageRenderer(None))


@pytest.mark.parametrize("fmt", FORMAT_NAMES)
def test_checklist_to_stdout(sample: Path, fmt: str) -> None:
    result = _run(sample, "checklist", "harbour-bank", "--format", fmt, "--today", "2027-03-01")
    assert result.exit_code == 0, result.stderr
    expected = _expected_export(sample, fmt, dt.date(2027, 3, 1))
    assert result.stdout_bytes == expected.encode("utf-8")


def test_checklist_defaults_to_markdown(sample: Path) -> None:
    result = _run(sample, "checklist", "harbour-bank", "--today", "2027-03-01")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("# Harbour Bank &lt;b&gt;Core&lt;/b&gt; Renewal: kickoff")


@pytest.mark.parametrize("fmt", FORMAT_NAMES)
def test_checklist_to_a_file_matches_stdout(sample: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / "exports" / f"checklist.{fmt}"
    to_file = _run(
        sample,
        "checklist",
        "harbour-bank",
        "--format",
        fmt,
        "--today",
        "2027-03-01",
        "-o",
        str(out),
    )
    assert to_file.exit_code == 0, to_file.stderr
    assert to_file.stdout == ""
    assert f"Wrote {out}" in to_file.stderr
    to_stdout = _run(sample, "checklist", "harbour-bank", "--format", fmt, "--today", "2027-03-01")
    assert out.read_bytes() == to_stdout.stdout_bytes
    assert [path.name for path in out.parent.iterdir()] == [out.name]  # no temporary left


def test_checklist_output_replaces_an_existing_file(sample: Path, tmp_path: Path) -> None:
    out = tmp_path / "checklist.csv"
    out.write_text("old content that is longer than nothing\n" * 100)
    result = _run(
        sample,
        "checklist",
        "harbour-bank",
        "--format",
        "csv",
        "-o",
        str(out),
        "--today",
        "2027-03-01",
    )
    assert result.exit_code == 0, result.stderr
    assert out.read_bytes().decode("utf-8").startswith("\ufeffid,kind,")
    assert "old content" not in out.read_text(encoding="utf-8")


def test_checklist_by_file_reference(sample: Path) -> None:
    by_slug = _run(sample, "checklist", "harbour-bank", "--format", "json", "--today", "2027-03-01")
    by_path = _run(
        sample,
        "checklist",
        "projects/harbour-bank.yaml",
        "--format",
        "json",
        "--today",
        "2027-03-01",
    )
    assert by_path.exit_code == 0, by_path.stderr
    assert by_path.stdout == by_slug.stdout


def test_checklist_of_unknown_project_is_exit_2(sample: Path) -> None:
    result = _run(sample, "checklist", "nope")
    assert result.exit_code == 2
    assert "no project file projects/nope.yaml" in result.stderr
    assert result.stdout == ""


def test_checklist_with_unknown_format_is_exit_2(sample: Path) -> None:
    result = _run(sample, "checklist", "harbour-bank", "--format", "pdf")
    assert result.exit_code == 2


@pytest.mark.parametrize(
    "reference",
    [
        "../outside.yaml",
        "projects/../../outside.yaml",
        "ABS",
        "Harbour Bank",
        "../outside",
        "playbooks/x.yaml",
    ],
)
def test_checklist_refuses_references_outside_projects(sample: Path, reference: str) -> None:
    outside = sample.parent / "outside.yaml"
    shutil.copy(sample / "projects" / "harbour-bank.yaml", outside)
    if reference == "ABS":
        reference = str(outside)
    result = _run(sample, "checklist", reference, "--format", "json")
    assert result.exit_code == 2, result.stdout
    assert result.stdout == ""
    assert "Renewal" not in result.stderr  # the outside file was never read


def test_checklist_refuses_a_symlink_out_of_the_projects_folder(sample: Path) -> None:
    outside = sample.parent / "outside.yaml"
    shutil.copy(sample / "projects" / "harbour-bank.yaml", outside)
    (sample / "projects" / "link.yaml").symlink_to(outside)
    result = _run(sample, "checklist", "link", "--format", "json")
    assert result.exit_code == 2
    assert result.stdout == ""


def test_checklist_of_an_invalid_project_is_exit_1(sample: Path) -> None:
    path = sample / "projects" / "harbour-bank.yaml"
    path.write_text(
        path.read_text().replace("appoint-sponsor: {state: done", "appoint-sponsr: {state: done")
    )
    result = _run(sample, "checklist", "harbour-bank")
    assert result.exit_code == 1
    assert (
        "projects/harbour-bank.yaml:12:3: unknown item 'appoint-sponsr' in playbook "
        "'sample' (did you mean 'appoint-sponsor'?)"
    ) in result.stderr.splitlines()
    assert result.stderr.splitlines()[-1] == "1 problem in 1 file"
    assert result.stdout == ""


# --- status -----------------------------------------------------------------------------------


def test_status_lists_progress_and_overdue_items(sample: Path) -> None:
    result = _run(sample, "status", "harbour-bank", "--today", "2027-03-01")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "Harbour Bank <b>Core</b> Renewal (sample 1.0.0), kickoff 2027-02-01, as of 2027-03-01",
        "Progress: 50% (1 of 2 tasks done)",
        "Overdue (1):",
        "  2027-02-01  kickoff-meeting: Hold the kickoff meeting (Lee [Chen](javascript:alert(1)))",
        "The project follows the playbook's current version (1.0.0).",
    ]


def test_status_before_anything_is_due(sample: Path) -> None:
    result = _run(sample, "status", "harbour-bank", "--today", "2027-01-01")
    assert result.exit_code == 0, result.stderr
    assert "Overdue: none" in result.stdout.splitlines()
    assert "Progress: 50% (1 of 2 tasks done)" in result.stdout


def test_status_lists_every_overdue_item_with_its_owner(sample: Path) -> None:
    path = sample / "projects" / "harbour-bank.yaml"
    text = path.read_text().replace("{state: done, date: 2027-01-20}", "{state: open}")
    path.write_text(text.replace("{state: n/a, note:", "{state: open, note:"))
    result = _run(sample, "status", "harbour-bank", "--today", "2027-03-01")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "Progress: 0% (0 of 3 tasks done)" in lines
    assert "Overdue (3):" in lines
    start = lines.index("Overdue (3):")
    assert lines[start + 1 : start + 4] == [
        "  2027-01-22  appoint-sponsor: Appoint the sponsor (Lee [Chen](javascript:alert(1)))",
        "  2027-02-01  kickoff-meeting: Hold the kickoff meeting (Lee [Chen](javascript:alert(1)))",
        "  2027-02-15  regulator-notice: Notify the regulator (Executive sponsor)",
    ]


def test_status_of_unknown_project_is_exit_2(sample: Path) -> None:
    result = _run(sample, "status", "nope")
    assert result.exit_code == 2
    assert "no project file projects/nope.yaml" in result.stderr


def test_kickoff_then_checklist_and_status(root: Path) -> None:
    assert _kickoff(root, "Harbour Bank", *ALL_ANSWERS, "--no-input").exit_code == 0
    status = _run(root, "status", "harbour-bank", "--today", "2027-02-01")
    assert status.exit_code == 0, status.stderr
    assert "Progress: 0% (0 of 1 tasks done)" in status.stdout
    assert "Overdue: none" in status.stdout
    csv_result = _run(root, "checklist", "harbour-bank", "--format", "csv", "--today", "2027-02-02")
    assert csv_result.exit_code == 0, csv_result.stderr
    lines = csv_result.stdout.splitlines()
    assert lines[1].startswith(
        "hold-kickoff,task,initiate,Hold the kickoff meeting,pm,Lee Chen,2027-02-01,overdue,"
    )
    assert lines[2].startswith("scope-creep,risk,")
