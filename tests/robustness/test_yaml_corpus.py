"""Every input of a YAML corpus, fed as a playbook file and as a project file.

Each must end cleanly: exit 0 or 1, any message naming the file, never a traceback. The corpus
is the YAML Test Suite in ../shared/yaml-corpus (not in this repo; PLAYBOOK_YAML_CORPUS names
another place). In CI (CI set) a missing corpus fails the run. A clone without shared/ beside
it (a newcomer's machine) runs the same checks on our own hard cases instead, in the same
layout, each with the message it must give in either place: tests/fixtures/yaml-edge.
"""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from tests.support.fixtures import FIXTURES, REPO, fixture_copy

NAMED = os.environ.get("PLAYBOOK_YAML_CORPUS")
SHARED = Path(NAMED) if NAMED else REPO.parent / "shared" / "yaml-corpus"
# CI always has shared/ beside the clone, and a corpus named on purpose must be there;
# elsewhere, our own cases stand in for a missing shared/.
MUST_EXIST = bool(NAMED or os.environ.get("CI"))
CORPUS = SHARED if MUST_EXIST or (SHARED / "manifest.tsv").is_file() else FIXTURES / "yaml-edge"


def _cases() -> list[dict[str, str]]:
    """Each case's row: ``id``, ``expect`` (``fail``: it must be rejected) and, in our own
    cases, ``as_playbook`` and ``as_project``: what the message must say in either place."""
    manifest = CORPUS / "manifest.tsv"
    if not manifest.is_file():
        # Collected at import time: a missing corpus must fail loudly, not shrink the suite.
        return [{"id": "missing-corpus", "expect": "ok"}]
    with manifest.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


CASES = _cases()


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return fixture_copy(tmp_path_factory.mktemp("corpus") / "project", "sample")


def _check(workspace: Path, target: Path, case: dict[str, str], message: str | None) -> None:
    case_id = case["id"]
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
    if case["expect"] == "fail":
        # A spec-compliant parser rejects it; so must we (never silently accept it).
        assert result.exit_code == 1, f"{case_id} must be rejected"
    if message:  # our own cases say why they are rejected, in the file's own line
        assert any(line.startswith(shown) and message in line for line in problem_lines), (
            f"{case_id}: expected {message!r} in:\n{result.stderr}"
        )


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_corpus_case_as_playbook_file(workspace: Path, case: dict[str, str]) -> None:
    target = workspace / "playbooks" / "sample" / "faqs.yaml"
    _check(workspace, target, case, case.get("as_playbook"))


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_corpus_case_as_project_file(workspace: Path, case: dict[str, str]) -> None:
    _check(workspace, workspace / "projects" / "harbour-bank.yaml", case, case.get("as_project"))
