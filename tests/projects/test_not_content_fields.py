"""An item's owner, review date and source are not its content: changing them changes no
fingerprint, so it needs no new playbook version and shows no change to projects."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.model.kinds import KINDS, Kind
from generator.projects.history import fingerprint
from tests.support.playbooks import DEFAULT_FILES, validate, write_playbook


def hashes(root: Path, files: dict[str, str]) -> dict[str, str]:
    playbook = validate(root, write_playbook(root, files))
    return {item_id: entry["hash"] for item_id, entry in fingerprint(playbook).items()}


@pytest.mark.parametrize("kind", KINDS, ids=[kind.name for kind in KINDS])
def test_source_owner_and_review_leave_the_fingerprint_alone(tmp_path: Path, kind: Kind) -> None:
    text = DEFAULT_FILES[kind.file_name]
    before = hashes(tmp_path / "before", {})
    noted = text + "    source: General PMO practice\n    owner: pm\n    reviewed: 2027-01-04\n"

    assert hashes(tmp_path / "noted", {kind.file_name: noted}) == before


@pytest.mark.parametrize("kind", KINDS, ids=[kind.name for kind in KINDS])
def test_a_change_of_content_changes_the_fingerprint(tmp_path: Path, kind: Kind) -> None:
    text = DEFAULT_FILES[kind.file_name]
    item_id = text.split("  - id: ", 1)[1].split("\n", 1)[0]
    before = hashes(tmp_path / "before", {})
    retitled = text.replace("    title: ", "    title: Renamed ", 1)

    after = hashes(tmp_path / "after", {kind.file_name: retitled})

    assert [changed for changed in before if after[changed] != before[changed]] == [item_id]
