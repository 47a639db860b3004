"""No output option can delete or overwrite an input: every command, every output option,
pointed at every input folder, at the root and above it, directly, through `..` and through a
symlink. Each is refused with exit code 2 and one line, and the project is left byte for byte
as it was (`.git` included)."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

import generator
from generator.publish.guard import MARKER
from tests.support.cli import invoke
from tests.support.files import snapshot

PROJECT_FILE = "projects/harbour-bank.yaml"


@pytest.fixture
def project(sample_project: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The sample project with every kind of input: a git folder, template overrides, a theme
    custom_dir and schemas; the current folder is the project, as when a user runs playbook."""
    (sample_project / ".git").mkdir()
    (sample_project / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (sample_project / "overrides").mkdir()
    (sample_project / "overrides" / "main.html").write_text("{% extends 'base.html' %}\n")
    (sample_project / "templates").mkdir()
    (sample_project / "templates" / "faq.md.j2").write_text("# {{ item.title }}\n")
    (sample_project / "schemas").mkdir()
    (sample_project / "schemas" / "faqs.schema.json").write_text("{}\n")
    (sample_project / "content" / "guide").mkdir()
    (sample_project / "content" / "guide" / "page.md").write_text("# Guide\n")
    (sample_project / "to-content").symlink_to("content")
    (sample_project / "generator" / "render").mkdir(parents=True)  # the tool's code, in the repo
    (sample_project / "generator" / "render" / "page.md.j2").write_text("# {{ title }}\n")
    monkeypatch.chdir(sample_project)
    return sample_project


# Each folder an output option may name, and why it is refused (None: the name is empty).
FOLDER_TARGETS = [
    (".", "is the project folder"),
    ("", None),
    ("./", "is the project folder"),
    ("content", "is the content folder"),
    ("content/guide", "lies inside the content folder"),
    ("content/new-folder", "lies inside the content folder"),
    ("playbooks", "is the playbooks folder"),
    ("playbooks/sample", "lies inside the playbooks folder"),
    ("projects", "is the projects folder"),
    ("overrides", "is the overrides folder"),
    ("templates", "is the templates folder"),
    (".git", "is the git repository"),
    (".git/objects", "lies inside the git repository"),
    ("generator", "is the generator's code"),
    ("generator/render", "lies inside the generator's code"),
    ("site/../content", "is the content folder"),
    ("playbooks/../projects", "is the projects folder"),
    ("to-content", "is the content folder"),
    ("to-content/guide", "lies inside the content folder"),
    ("..", "holds the project folder"),
    ("../..", "holds the project folder"),
    ("/", "holds the project folder"),
]


def refusal(option: str, target: str, where: str | None) -> str:
    """The one line that refuses ``option`` naming the output folder ``target``."""
    if where is None:
        return f"Error: {option} is empty; name a folder for the output\n"
    return (
        f"Error: {option} '{target}' {where}; the output would replace it. Choose another folder "
        "(nothing was written)\n"
    )


def folder_commands(target: str) -> list[list[str]]:
    return [
        ["build", "--site-dir", target],
        ["build", "--site-dir", target, "--force"],
        ["render", "--out", target],
        ["render", "--out", target, "--force"],
        ["schema", "--out", target],
        ["schema", "--out", target, "--force"],
    ]


@pytest.mark.parametrize(("target", "where"), FOLDER_TARGETS)
def test_no_output_folder_option_reaches_an_input(
    project: Path, target: str, where: str | None
) -> None:
    before = snapshot(project)
    for command in folder_commands(target):
        result = invoke(project, "--templates", "templates", *command)
        assert result.exit_code == 2, (command, result.stderr)
        assert result.stderr == refusal(command[1], target, where), command
        assert snapshot(project) == before, command


@pytest.mark.parametrize(
    ("target", "where"),
    [("schemas", "is the schemas folder"), ("schemas/sub", "lies inside the schemas folder")],
)
def test_the_schemas_folder_is_an_input_of_build_and_render(
    project: Path, target: str, where: str
) -> None:
    before = snapshot(project)
    for command in folder_commands(target)[:4]:  # build and render, not schema
        result = invoke(project, *command)
        assert result.exit_code == 2, (command, result.stderr)
        assert result.stderr == refusal(command[1], target, where), command
    assert snapshot(project) == before


@pytest.mark.parametrize(
    ("site_dir", "where"),
    [
        (".", "is the project folder"),
        ("''", None),
        ("content", "is the content folder"),
        ("projects", "is the projects folder"),
        ("playbooks", "is the playbooks folder"),
        ("overrides", "is the overrides folder"),
        (".git", "is the git repository"),
        ("..", "holds the project folder"),
        ("/", "holds the project folder"),
    ],
)
def test_site_dir_in_mkdocs_yml_cannot_reach_an_input(
    project: Path, site_dir: str, where: str | None
) -> None:
    config = project / "mkdocs.yml"
    config.write_text(config.read_text() + f"site_dir: {site_dir}\n")
    before = snapshot(project)
    result = invoke(project, "build")
    assert result.exit_code == 2, result.stderr
    assert result.stderr == refusal("site_dir (mkdocs.yml)", site_dir, where)
    assert snapshot(project) == before


@pytest.mark.parametrize(
    ("target", "why"),
    [
        (PROJECT_FILE, "lies inside the projects folder"),
        ("playbooks/sample/risks.yaml", "lies inside the playbooks folder"),
        ("playbooks/sample/new.csv", "lies inside the playbooks folder"),
        ("mkdocs.yml", "is the configuration file mkdocs.yml"),
        ("content/index.md", "lies inside the content folder"),
        ("to-content/index.md", "lies inside the content folder"),
        ("templates/faq.md.j2", "lies inside the templates folder"),
        ("overrides/main.html", "lies inside the overrides folder"),
        ("schemas/faqs.schema.json", "lies inside the schemas folder"),
        (".git/HEAD", "lies inside the git repository"),
        ("generator/render/page.md.j2", "lies inside the generator's code"),
        ("projects/../playbooks/sample/faqs.yaml", "lies inside the playbooks folder"),
        (".", None),
        ("content", None),
        ("", None),
    ],
)
def test_checklist_output_cannot_overwrite_an_input(
    project: Path, target: str, why: str | None
) -> None:
    before = snapshot(project)
    result = invoke(project, "--templates", "templates", "checklist", "harbour-bank", "-o", target)
    assert result.exit_code == 2, result.stderr
    if not target:
        assert result.stderr == "Error: -o is empty; name a file for the output\n"
    elif why is None:
        assert result.stderr == f"Error: -o '{target}' is a folder, not a file\n"
    else:
        assert result.stderr == (
            f"Error: -o '{target}' {why}; writing it would overwrite an input. Choose another "
            "file (nothing was written)\n"
        )
    assert snapshot(project) == before


def test_a_symlink_to_an_input_file_is_refused(project: Path) -> None:
    (project / "export.csv").symlink_to(PROJECT_FILE)
    before = snapshot(project)
    result = invoke(project, "checklist", "harbour-bank", "--format", "csv", "-o", "export.csv")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: -o 'export.csv' lies inside the projects folder; writing it would overwrite "
        "an input. Choose another file (nothing was written)\n"
    )
    assert snapshot(project) == before


def test_a_foreign_folder_is_replaced_only_with_force(project: Path, tmp_path: Path) -> None:
    foreign = tmp_path / "documents"
    foreign.mkdir()
    (foreign / "letter.txt").write_text("keep me")
    result = invoke(project, "render", "--out", str(foreign))
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: --out '{foreign}' is not empty and was not written by playbook; choose an "
        "empty folder, or pass --force to replace it (nothing was written)\n"
    )
    assert (foreign / "letter.txt").read_text() == "keep me"

    result = invoke(project, "render", "--out", str(foreign), "--force")
    assert result.exit_code == 0, result.stderr
    assert not (foreign / "letter.txt").exists()
    assert (foreign / MARKER).is_file()


def test_our_own_output_is_replaced_without_force(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "tree"
    assert invoke(project, "render", "--out", str(out)).exit_code == 0
    (out / "docs" / "stale.md").write_text("from an older run")
    assert invoke(project, "render", "--out", str(out)).exit_code == 0
    assert not (out / "docs" / "stale.md").exists()
    assert sorted(p.name for p in tmp_path.iterdir() if "tree" in p.name) == [".tree.lock", "tree"]


def test_the_site_marks_itself_and_a_rebuild_needs_no_force(project: Path) -> None:
    assert invoke(project, "build").exit_code == 0
    assert (project / "site" / MARKER).is_file()
    result = invoke(project, "build")
    assert result.exit_code == 0, result.stderr


def test_schema_output_into_the_schemas_folder_is_allowed(project: Path) -> None:
    result = invoke(project, "schema", "--out", "schemas")
    assert result.exit_code == 0, result.stderr
    assert sorted(path.name for path in (project / "schemas").iterdir()) == [
        "calendar.schema.json",
        "case-studies.schema.json",
        "faqs.schema.json",
        "playbook.schema.json",
        "practices.schema.json",
        "project.schema.json",
        "risks.schema.json",
        "scope.schema.json",
        "tasks.schema.json",
        "templates.schema.json",
    ]


def test_checklist_into_a_fifo_writes_into_it(project: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    result = invoke(project, "checklist", "harbour-bank", "--format", "json", "-o", str(fifo))
    reader.join(timeout=30)
    assert result.exit_code == 0, result.stderr
    assert fifo.is_fifo()
    assert received == [
        invoke(project, "checklist", "harbour-bank", "--format", "json").stdout_bytes
    ]


def test_checklist_into_a_symlink_keeps_the_symlink(project: Path, tmp_path: Path) -> None:
    real = tmp_path / "exports" / "latest.csv"
    real.parent.mkdir()
    real.write_text("old")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    result = invoke(project, "checklist", "harbour-bank", "--format", "csv", "-o", str(link))
    assert result.exit_code == 0, result.stderr
    assert link.is_symlink()
    assert real.read_bytes() == (
        invoke(project, "checklist", "harbour-bank", "--format", "csv").stdout_bytes
    )


def test_checklist_to_dev_stdout_is_written_into(project: Path) -> None:
    # A character device: written into, never replaced by a regular file.
    result = invoke(project, "checklist", "harbour-bank", "--format", "csv", "-o", "/dev/null")
    assert result.exit_code == 0, result.stderr
    assert Path("/dev/null").is_char_device()


def test_no_output_reaches_the_running_tool_s_code(project: Path) -> None:
    """Wherever the package runs from (here, this checkout's generator/), outside the project."""
    installed = Path(generator.__file__).resolve().parent
    result = invoke(project, "build", "--site-dir", str(installed / "templates-out"), "--force")
    assert result.exit_code == 2
    assert result.stderr == refusal(
        "--site-dir", str(installed / "templates-out"), "lies inside the generator's installed code"
    )
    assert not (installed / "templates-out").exists()
