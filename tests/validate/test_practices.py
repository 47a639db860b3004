"""A practice's metadata: its area, effort, people, cadence and key questions."""

from __future__ import annotations

from pathlib import Path

from generator.model.items import Practice
from tests.support.playbooks import DEFAULT_FILES, validate, validation_problems, write_playbook

PRACTICES = DEFAULT_FILES["practices.yaml"]
FIRST_NEW_LINE = PRACTICES.count("\n") + 1


def test_metadata_is_read(tmp_path: Path) -> None:
    folder = write_playbook(
        tmp_path,
        {
            "practices.yaml": PRACTICES
            + "    area: governance\n    effort: 2-hour workshop\n    people: [pm, sponsor]\n"
            "    cadence: per phase\n    key_questions:\n"
            "      - {id: named-sponsor, text: Is there a named sponsor?, scale: yes-no}\n"
            "      - {id: sponsor-time, text: How much time does the sponsor give?}\n"
        },
    )
    practice = validate(tmp_path, folder).item("weekly-status")
    assert isinstance(practice, Practice)
    assert (practice.area, practice.effort, practice.people, practice.cadence) == (
        "governance",
        "2-hour workshop",
        ["pm", "sponsor"],
        "per phase",
    )
    assert [(q.id, q.scale) for q in practice.key_questions] == [
        ("named-sponsor", "yes-no"),
        ("sponsor-time", "0-4"),
    ]


def test_every_problem_of_the_metadata_in_one_run(tmp_path: Path) -> None:
    folder = write_playbook(
        tmp_path,
        {
            "practices.yaml": PRACTICES
            + "    people: [pm, cto]\n    cadence: daily\n    key_questions:\n"
            "      - {id: same, text: One?}\n      - {id: same, text: Two?, scale: 1-10}\n"
        },
    )

    problems = [(p.line, p.message) for p in validation_problems(tmp_path, folder)]

    assert problems == [
        (FIRST_NEW_LINE, "unknown role 'cto'; roles declared in playbook.yaml: pm, sponsor"),
        (
            FIRST_NEW_LINE + 1,
            "'cadence' must be one of 'once', 'per phase', 'weekly', 'fortnightly', 'monthly', "
            "'quarterly' or 'ongoing', got 'daily'",
        ),
        (FIRST_NEW_LINE + 4, "'scale' must be one of 'yes-no' or '0-4', got '1-10'"),
    ]
    folder = write_playbook(
        tmp_path / "roles",
        {
            "practices.yaml": PRACTICES + "    key_questions:\n"
            "      - {id: same, text: One?}\n      - {id: same, text: Two?}\n"
        },
    )
    problems = [(p.line, p.message) for p in validation_problems(tmp_path / "roles", folder)]
    assert problems == [
        (2, "key_questions: each question needs an id of its own"),
    ]
