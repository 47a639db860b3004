"""generator.projects.checklist: `playbook checklist` exports one project, to stdout or a file."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from generator.export.registry import BINARY_FORMAT_NAMES, FORMAT_NAMES, export, export_bytes
from generator.render.pages import PageRenderer
from tests.support.cli import AS_OF, checklist, invoke, problem_lines
from tests.support.files import replace_in
from tests.support.project import filled_project

# A binary format (xlsx) is refused on standard output: tests/export/test_trackers.py.
TEXT_FORMAT_NAMES = [fmt for fmt in FORMAT_NAMES if fmt not in BINARY_FORMAT_NAMES]


@pytest.mark.parametrize("fmt", TEXT_FORMAT_NAMES)
def test_checklist_to_stdout(sample_project: Path, fmt: str) -> None:
    result = checklist(sample_project, "--format", fmt)
    assert result.exit_code == 0, result.stderr
    filled = filled_project(sample_project, "harbour-bank", dt.date.fromisoformat(AS_OF))
    text = export(filled, fmt, PageRenderer(None))
    assert isinstance(text, str)
    assert result.stdout_bytes == text.encode("utf-8")


def test_checklist_defaults_to_markdown(sample_project: Path) -> None:
    result = checklist(sample_project)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == checklist(sample_project, "--format", "md").stdout
    assert result.stdout.splitlines()[0] == (
        "# Harbour Bank &lt;b&gt;Core&lt;/b&gt; Renewal: kickoff checklist"
    )


@pytest.mark.parametrize("fmt", FORMAT_NAMES)
def test_checklist_to_a_file_matches_the_export(
    sample_project: Path, tmp_path: Path, fmt: str
) -> None:
    out = tmp_path / "exports" / f"checklist.{fmt}"
    to_file = checklist(sample_project, "--format", fmt, "-o", str(out))
    assert to_file.exit_code == 0, to_file.stderr
    assert to_file.stdout == ""
    assert to_file.stderr == f"Wrote {out}\n"
    filled = filled_project(sample_project, "harbour-bank", dt.date.fromisoformat(AS_OF))
    assert out.read_bytes() == export_bytes(filled, fmt, PageRenderer(None))
    if fmt not in BINARY_FORMAT_NAMES:
        assert out.read_bytes() == checklist(sample_project, "--format", fmt).stdout_bytes
    assert [path.name for path in out.parent.iterdir()] == [out.name]  # no temporary left


def test_checklist_output_replaces_an_existing_file(sample_project: Path, tmp_path: Path) -> None:
    out = tmp_path / "checklist.csv"
    out.write_text("old content that is longer than nothing\n" * 100)
    result = checklist(sample_project, "--format", "csv", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert out.read_bytes() == checklist(sample_project, "--format", "csv").stdout_bytes


def test_checklist_by_file_reference(sample_project: Path) -> None:
    by_slug = checklist(sample_project, "--format", "json")
    by_path = checklist(sample_project, "--format", "json", project="projects/harbour-bank.yaml")
    assert by_path.exit_code == 0, by_path.stderr
    assert by_path.stdout == by_slug.stdout


def test_checklist_of_unknown_project_is_exit_2(sample_project: Path) -> None:
    result = invoke(sample_project, "checklist", "nope")
    assert result.exit_code == 2
    assert result.stderr == "Error: no project file projects/nope.yaml\n"
    assert result.stdout == ""


def test_checklist_with_unknown_format_is_exit_2(sample_project: Path) -> None:
    result = invoke(sample_project, "checklist", "harbour-bank", "--format", "pdf")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "Error: Invalid value for '--format': 'pdf' is not one of 'csv', 'jira-csv', 'xlsx', "
        "'json', 'ics', 'ics-todo', 'html', 'md'."
    )


@pytest.mark.parametrize(
    ("reference", "message"),
    [
        ("../outside.yaml", "project file '../outside.yaml' must be a relative path inside ROOT"),
        (
            "projects/../../outside.yaml",
            "project file 'projects/../../outside.yaml' must be a relative path inside ROOT",
        ),
        ("ABS", "project file 'ABS' must be a relative path inside ROOT"),
        ("Harbour Bank", "'Harbour Bank' is not a project slug (like 'core-banking-revamp')"),
        ("../outside", "'../outside' is not a project slug (like 'core-banking-revamp')"),
        ("playbooks/x.yaml", "project file 'playbooks/x.yaml' is not in projects/"),
    ],
)
def test_checklist_refuses_references_outside_projects(
    sample_project: Path, reference: str, message: str
) -> None:
    outside = sample_project.parent / "outside.yaml"
    shutil.copy(sample_project / "projects" / "harbour-bank.yaml", outside)
    if reference == "ABS":
        reference = str(outside)
    result = invoke(sample_project, "checklist", reference, "--format", "json")
    assert result.exit_code == 2, result.stdout
    assert result.stdout == ""
    # One line, and nothing from the outside file: it was never read.
    expected = message.replace("ABS", reference).replace("ROOT", str(sample_project))
    assert result.stderr == f"Error: {expected}\n"


def test_checklist_refuses_a_symlink_out_of_the_projects_folder(sample_project: Path) -> None:
    outside = sample_project.parent / "outside.yaml"
    shutil.copy(sample_project / "projects" / "harbour-bank.yaml", outside)
    (sample_project / "projects" / "link.yaml").symlink_to(outside)
    result = invoke(sample_project, "checklist", "link", "--format", "json")
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: project file 'link.yaml' leads outside {sample_project / 'projects'}\n"
    )
    assert result.stdout == ""


def test_checklist_of_an_invalid_project_is_exit_1(sample_project: Path) -> None:
    replace_in(
        sample_project / "projects" / "harbour-bank.yaml",
        "appoint-sponsor: {state: done",
        "appoint-sponsr: {state: done",
    )
    result = invoke(sample_project, "checklist", "harbour-bank")
    assert result.exit_code == 1
    assert problem_lines(result) == [
        "projects/harbour-bank.yaml:12:3: unknown item 'appoint-sponsr' in playbook "
        "'sample' (did you mean 'appoint-sponsor'?)"
    ]
    assert result.stderr.splitlines()[-1] == "1 problem in 1 file"
    assert result.stdout == ""
