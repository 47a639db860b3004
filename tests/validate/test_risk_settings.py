"""A playbook's risk settings: bands and the appetite that heat maps draw as a line."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.playbooks import DEFAULT_FILES, only_problem, validate, write_playbook

PLAYBOOK = DEFAULT_FILES["playbook.yaml"]


def test_appetite_is_read(tmp_path: Path) -> None:
    folder = write_playbook(tmp_path, {"playbook.yaml": PLAYBOOK + "risk_appetite: 9\n"})
    assert validate(tmp_path, folder).meta.risk_appetite == 9


@pytest.mark.parametrize("appetite", ["0", "26", "high", "9.5"])
def test_appetite_outside_the_scores_is_refused(tmp_path: Path, appetite: str) -> None:
    folder = write_playbook(tmp_path, {"playbook.yaml": PLAYBOOK + f"risk_appetite: {appetite}\n"})

    problem = only_problem(tmp_path, folder)

    assert (problem.path, problem.line) == ("playbooks/demo/playbook.yaml", 25)
    assert "risk_appetite" in problem.message
