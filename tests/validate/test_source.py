"""Every item may say where it comes from: ``source``, one line."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.model.kinds import KINDS, Kind
from tests.support.playbooks import DEFAULT_FILES, validate, validation_problems, write_playbook

SOURCE = "Based on 'The Role of PMOs in Digital Transformation Projects'"


def with_line(kind: Kind, line: str) -> dict[str, str]:
    """The demo file of ``kind`` with ``line`` added as the last field of its one item."""
    text = DEFAULT_FILES[kind.file_name]
    return {kind.file_name: text + f"    {line}\n"}


@pytest.mark.parametrize("kind", KINDS, ids=[kind.name for kind in KINDS])
def test_every_kind_reads_its_source(tmp_path: Path, kind: Kind) -> None:
    folder = write_playbook(tmp_path, with_line(kind, f'source: "{SOURCE}"'))

    items = [item for item in validate(tmp_path, folder).items if isinstance(item, kind.item_model)]

    assert [item.source for item in items] == [SOURCE]


@pytest.mark.parametrize("kind", KINDS, ids=[kind.name for kind in KINDS])
def test_an_item_without_a_source_has_none(tmp_path: Path, kind: Kind) -> None:
    folder = write_playbook(tmp_path)

    items = [item for item in validate(tmp_path, folder).items if isinstance(item, kind.item_model)]

    assert [item.source for item in items] == [None]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            '"First line\\nsecond line"',
            "'source': must be one line of text, but holds the control character \\n at "
            "character 11 (for a long value in YAML, write it on one line or use '>-')",
        ),
        ("[a, b]", "'source' must be text, got a list"),
        ('""', "'source': String should have at least 1 character, got ''"),
    ],
)
@pytest.mark.parametrize("kind", KINDS, ids=[kind.name for kind in KINDS])
def test_a_source_must_be_one_line_of_text(
    tmp_path: Path, kind: Kind, value: str, message: str
) -> None:
    folder = write_playbook(tmp_path, with_line(kind, f"source: {value}"))
    line = DEFAULT_FILES[kind.file_name].count("\n") + 1

    problems = validation_problems(tmp_path, folder)

    assert [(p.path.rsplit("/", 1)[-1], p.line) for p in problems] == [(kind.file_name, line)]
    assert problems[0].message == message
