"""The `playbook` command through click's CliRunner: exit codes, messages, options."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from generator.cli import main


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def test_validate_clean_project_exits_0(sample_project: Path) -> None:
    code, out, _ = _run("--root", str(sample_project), "validate")
    assert code == 0
    assert out == "OK: 1 playbook, 9 items, 1 project.\n"


def test_validate_reports_every_problem_and_exits_1(sample_project: Path) -> None:
    risks = sample_project / "playbooks" / "sample" / "risks.yaml"
    text = risks.read_text().replace("likelihood: 4", "likelihood: 9").replace("titel", "x")
    risks.write_text(text.replace("    title: Scope creep", "    titel: Scope creep"))
    code, _, err = _run("--root", str(sample_project), "validate")
    assert code == 1
    lines = err.splitlines()
    assert "playbooks/sample/risks.yaml:3:5: unknown key 'titel' (did you mean 'title'?)" in lines
    assert any(
        line.startswith("playbooks/sample/risks.yaml:9:17: 'likelihood' must be") for line in lines
    )
    assert lines[-1] == "3 problems in 1 file"  # the two above, and the now-missing title
    assert "Traceback" not in err


def test_missing_root_is_a_usage_error_exit_2(tmp_path: Path) -> None:
    code, _, err = _run("--root", str(tmp_path / "nowhere"), "validate")
    assert code == 2
    assert "does not exist" in err


def test_folder_without_playbooks_is_a_usage_error(tmp_path: Path) -> None:
    code, _, err = _run("--root", str(tmp_path), "validate")
    assert code == 2
    assert "no 'playbooks/' folder" in err


def test_unknown_option_is_exit_2(sample_project: Path) -> None:
    code, _, _ = _run("--root", str(sample_project), "validate", "--bogus")
    assert code == 2


def test_build_writes_site(sample_project: Path) -> None:
    code, out, err = _run("--root", str(sample_project), "build")
    assert code == 0, err
    assert (sample_project / "site" / "playbooks" / "sample" / "index.html").is_file()
    assert "Site built in" in out


def test_build_with_bad_content_exits_1_without_touching_site(sample_project: Path) -> None:
    (sample_project / "site").mkdir()
    (sample_project / "site" / "keep.html").write_text("old")
    (sample_project / "site" / ".playbook-output").write_text("a previous build")
    faqs = sample_project / "playbooks" / "sample" / "faqs.yaml"
    faqs.write_text(faqs.read_text().replace("answer:", "answr:"))
    code, _, err = _run("--root", str(sample_project), "build")
    assert code == 1
    assert "unknown key 'answr' (did you mean 'answer'?)" in err
    assert (sample_project / "site" / "keep.html").read_text() == "old"


def test_render_writes_markdown_tree(sample_project: Path, tmp_path: Path) -> None:
    out = tmp_path / "md"
    code, stdout, err = _run("--root", str(sample_project), "render", "--out", str(out))
    assert code == 0, err
    assert (out / "mkdocs.yml").is_file()
    assert (out / "docs" / "playbooks" / "sample" / "faqs" / "what-is-scope.md").is_file()
    assert "mkdocs build -f" in stdout


def test_missing_templates_folder_is_a_usage_error(sample_project: Path, tmp_path: Path) -> None:
    code, _, err = _run(
        "--root",
        str(sample_project),
        "--templates",
        "nope",
        "render",
        "--out",
        str(tmp_path / "md"),
    )
    assert code == 2
    assert err == "Error: --templates 'nope' is not a folder in the project\n"


def test_templates_folder_outside_project_is_refused(sample_project: Path, tmp_path: Path) -> None:
    code, _, err = _run(
        "--root",
        str(sample_project),
        "--templates",
        "../elsewhere",
        "render",
        "--out",
        str(tmp_path / "md"),
    )
    assert code == 2
    assert "must be a relative path inside" in err


def test_schema_command_writes_one_schema_per_file_kind(tmp_path: Path) -> None:
    code, _, _ = _run("schema", "--out", str(tmp_path))
    assert code == 0
    names = sorted(path.name for path in tmp_path.glob("*.schema.json"))
    assert names == [
        f"{n}.schema.json"
        for n in sorted(
            ["playbook", "project", "practices", "risks", "case-studies", "faqs", "scope", "tasks"]
        )
    ]
    risks = json.loads((tmp_path / "risks.schema.json").read_text())
    risk = risks["$defs"]["Risk"]
    assert risk["additionalProperties"] is False
    assert {"id", "likelihood", "response"} <= set(risk["required"])


def test_committed_schemas_are_up_to_date(tmp_path: Path) -> None:
    _run("schema", "--out", str(tmp_path))
    committed = Path(__file__).resolve().parents[1] / "schemas"
    for fresh in tmp_path.glob("*.schema.json"):
        assert (committed / fresh.name).read_text() == fresh.read_text(), (
            f"schemas/{fresh.name} is stale: run `playbook schema --out schemas`"
        )
