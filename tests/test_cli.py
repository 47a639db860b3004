"""The `playbook` command through click's CliRunner: exit codes, messages, options."""

from __future__ import annotations

import json
from pathlib import Path

from tests.support.cli import invoke, problem_lines
from tests.support.files import replace_in
from tests.support.fixtures import REPO

SCHEMAS = [
    f"{kind}.schema.json"
    for kind in sorted(
        [
            "playbook",
            "project",
            "calendar",
            "practices",
            "risks",
            "case-studies",
            "faqs",
            "scope",
            "tasks",
            "templates",
        ]
    )
]


def test_validate_clean_project_exits_0(sample_project: Path) -> None:
    result = invoke(sample_project, "validate")
    assert result.exit_code == 0
    assert result.stdout == "OK: 1 playbook, 10 items, 1 project.\n"


def test_validate_reports_every_problem_and_exits_1(sample_project: Path) -> None:
    risks = sample_project / "playbooks" / "sample" / "risks.yaml"
    replace_in(risks, "likelihood: 4", "likelihood: 9")
    replace_in(risks, "    title: Scope creep", "    titel: Scope creep")
    result = invoke(sample_project, "validate")
    assert result.exit_code == 1
    # The two planted problems, and the title the misspelt key leaves missing.
    assert problem_lines(result) == [
        "playbooks/sample/risks.yaml:2:5: missing required field 'title' in a risk",
        "playbooks/sample/risks.yaml:3:5: unknown key 'titel' (did you mean 'title'?)",
        "playbooks/sample/risks.yaml:9:17: 'likelihood' must be at most 5, got 9 (a number)",
    ]
    assert result.stderr.splitlines()[-1] == "3 problems in 1 file"


def test_missing_root_is_a_usage_error_exit_2(tmp_path: Path) -> None:
    result = invoke(tmp_path / "nowhere", "validate")
    assert result.exit_code == 2
    assert result.stderr == f"Error: project folder '{tmp_path / 'nowhere'}' does not exist\n"


def test_folder_without_playbooks_is_a_usage_error(tmp_path: Path) -> None:
    result = invoke(tmp_path, "validate")
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: no 'playbooks/' folder in {tmp_path}; is --root pointing at a playbook project?\n"
    )


def test_unknown_option_is_exit_2(sample_project: Path) -> None:
    result = invoke(sample_project, "validate", "--bogus")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == "Error: No such option '--bogus'."


def test_build_writes_site(sample_project: Path) -> None:
    result = invoke(sample_project, "build")
    assert result.exit_code == 0, result.stderr
    assert (sample_project / "site" / "playbooks" / "sample" / "index.html").is_file()
    assert result.stdout == f"Site built in {sample_project / 'site'}\n"


def test_build_with_bad_content_exits_1_without_touching_site(sample_project: Path) -> None:
    (sample_project / "site").mkdir()
    (sample_project / "site" / "keep.html").write_text("old")
    (sample_project / "site" / ".playbook-output").write_text("a previous build")
    replace_in(sample_project / "playbooks" / "sample" / "faqs.yaml", "answer:", "answr:")
    result = invoke(sample_project, "build")
    assert result.exit_code == 1
    assert problem_lines(result) == [
        "playbooks/sample/faqs.yaml:2:5: missing required field 'answer' in a FAQ",
        "playbooks/sample/faqs.yaml:6:5: unknown key 'answr' (did you mean 'answer'?)",
    ]
    assert (sample_project / "site" / "keep.html").read_text() == "old"


def test_render_writes_markdown_tree(sample_project: Path, tmp_path: Path) -> None:
    out = tmp_path / "md"
    result = invoke(sample_project, "render", "--out", str(out))
    assert result.exit_code == 0, result.stderr
    assert (out / "mkdocs.yml").is_file()
    assert (out / "docs" / "playbooks" / "sample" / "faqs" / "what-is-scope.md").is_file()
    assert result.stdout == (
        f"Rendered 43 generated pages into {out}; build it with: mkdocs build -f "
        f"{out / 'mkdocs.yml'}\n"
    )


def test_missing_templates_folder_is_a_usage_error(sample_project: Path, tmp_path: Path) -> None:
    result = invoke(sample_project, "--templates", "nope", "render", "--out", str(tmp_path / "md"))
    assert result.exit_code == 2
    assert result.stderr == "Error: --templates 'nope' is not a folder in the project\n"


def test_templates_folder_outside_project_is_refused(sample_project: Path, tmp_path: Path) -> None:
    result = invoke(
        sample_project, "--templates", "../elsewhere", "render", "--out", str(tmp_path / "md")
    )
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: --templates must be a relative path inside the project folder, got '../elsewhere'\n"
    )


def test_schema_command_writes_one_schema_per_file_kind(tmp_path: Path) -> None:
    assert invoke(None, "schema", "--out", str(tmp_path)).exit_code == 0
    assert sorted(path.name for path in tmp_path.glob("*.schema.json")) == SCHEMAS
    risks = json.loads((tmp_path / "risks.schema.json").read_text())
    risk = risks["$defs"]["Risk"]
    assert risk["additionalProperties"] is False
    assert risk["required"] == [
        "id",
        "title",
        "summary",
        "category",
        "description",
        "likelihood",
        "impact",
        "warning_signs",
        "response",
        "mitigation",
        "owner_role",
    ]


def test_committed_schemas_are_up_to_date(tmp_path: Path) -> None:
    # Every schema is compared, so a schema the command stopped writing fails too.
    assert invoke(None, "schema", "--out", str(tmp_path)).exit_code == 0
    for name in SCHEMAS:
        assert (REPO / "schemas" / name).read_text() == (tmp_path / name).read_text(), (
            f"schemas/{name} is stale: run `playbook schema --out schemas`"
        )
