"""Every input of the YAML Test Suite, fed as a playbook file and as a project file.

Each must end cleanly: exit 0 or 1, any message naming the file, never a traceback. The corpus
lives in ../shared/yaml-corpus (not in this repo). In CI (CI set) a missing corpus fails the
run. A clone without shared/ beside it (a newcomer's machine) runs the same checks on our own
hard cases instead, in the same layout: tests/fixtures/yaml-edge.
"""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from tests.support.fixtures import FIXTURES, REPO, fixture_copy

SHARED = Path(os.environ.get("PLAYBOOK_YAML_CORPUS", REPO.parent / "shared" / "yaml-corpus"))
OWN = FIXTURES / "yaml-edge"
# CI always has shared/ beside the clone; elsewhere, our own cases stand in for it.
CORPUS = SHARED if (SHARED / "manifest.tsv").is_file() or os.environ.get("CI") else OWN


def _cases() -> list[tuple[str, str]]:
    manifest = CORPUS / "manifest.tsv"
    if not manifest.is_file():
        # Collected at import time: a missing corpus must fail loudly, not shrink the suite.
        return [("missing-corpus", "ok")]
    with manifest.open(encoding="utf-8", newline="") as handle:
        return [(row["id"], row["expect"]) for row in csv.DictReader(handle, delimiter="\t")]


CASES = _cases()


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return fixture_copy(tmp_path_factory.mktemp("corpus") / "project", "sample")


def _check(workspace: Path, target: Path, case_id: str, expect: str) -> None:
    source = CORPUS / "cases" / f"{case_id}.yaml"
    if not source.is_file():
        pytest.fail(
            f"the YAML corpus is missing: expected {source} (the shared/ folder beside "
            "the checkout, or set PLAYBOOK_YAML_CORPUS)"
        )
    original = target.read_bytes()
    target.write_bytes(source.read_bytes())
    try:
        result = CliRunner().invoke(main, ["--root", str(workspace), "validate"])
    finally:
        target.write_bytes(original)
    shown = target.relative_to(workspace).as_posix()
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"{case_id}: {result.exception!r}"
    )
    assert "Traceback" not in result.output + result.stderr
    assert result.exit_code in (0, 1), (case_id, result.exit_code, result.stderr)
    if result.exit_code == 1:
        problem_lines = result.stderr.splitlines()[:-1]
        assert problem_lines, result.stderr
        assert all(
            line.startswith(shown) or line.startswith("playbooks/") for line in problem_lines
        ), result.stderr
        assert any(line.startswith(shown) for line in problem_lines), result.stderr
    if expect == "fail":
        # A spec-compliant parser rejects it; so must we (never silently accept it).
        assert result.exit_code == 1, f"{case_id} must be rejected"


@pytest.mark.parametrize(("case_id", "expect"), CASES, ids=[case for case, _ in CASES])
def test_corpus_case_as_playbook_file(workspace: Path, case_id: str, expect: str) -> None:
    _check(workspace, workspace / "playbooks" / "sample" / "faqs.yaml", case_id, expect)


@pytest.mark.parametrize(("case_id", "expect"), CASES, ids=[case for case, _ in CASES])
def test_corpus_case_as_project_file(workspace: Path, case_id: str, expect: str) -> None:
    _check(workspace, workspace / "projects" / "harbour-bank.yaml", case_id, expect)
