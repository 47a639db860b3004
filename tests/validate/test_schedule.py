"""generator.validate.schedule and .calendar: what due dates count from, depends_on, circles,
the order of dependent tasks (warnings), and the organization's calendar.

The demo playbook's facts: regulated (boolean), team_size (integer), industry (choice),
channels (multi-choice) and go_live (an optional date). Its other items: weekly-status (a
practice), scope-creep (a risk), scope-objectives, bank-modernisation, why-a-pmo.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import pipeline
from generator.errors import ContentError
from generator.validate.playbook import check_playbook
from tests.support.playbooks import (
    FOLDER,
    validate,
    validation_problems,
    write_playbook,
    yaml_text,
)
from tests.support.project import project_settings

TASKS = f"{FOLDER}/tasks.yaml"


def tasks_file(*entries: str) -> str:
    """A tasks.yaml with one task a line (flow mappings), from line 2."""
    return "tasks:\n" + "".join(f"  - {{{entry}}}\n" for entry in entries)


def task(task_id: str, due: str = "0d", depends_on: str = "") -> str:
    fields = f"id: {task_id}, title: T {task_id}, summary: s, phase: plan, owner_role: pm"
    fields += f", due: '{due}'"
    return fields + (f", depends_on: {depends_on}" if depends_on else "")


def at(entries: tuple[str, ...], number: int, text: str, shift: int = 0) -> str:
    """``file:line:column`` of ``text`` (plus ``shift`` characters) in the ``number``-th task
    (from 1) of ``tasks_file(*entries)``."""
    line = tasks_file(*entries).splitlines()[number]
    return f"{TASKS}:{number + 1}:{line.index(text) + 1 + shift}"


AFTER = "'after"  # where a quoted 'after ...' due date starts


def problems_of(tmp_path: Path, *entries: str) -> list[str]:
    folder = write_playbook(tmp_path, {"tasks.yaml": tasks_file(*entries)})
    return [str(problem) for problem in validation_problems(tmp_path, folder)]


def warnings_of(tmp_path: Path, *entries: str) -> list[str]:
    folder = write_playbook(tmp_path, {"tasks.yaml": tasks_file(*entries)})
    check = check_playbook(folder, tmp_path)
    assert check.problems == ()
    return [str(warning) for warning in check.warnings]


# --- valid schedules --------------------------------------------------------------------------


def test_every_form_of_due_date_and_dependencies_are_valid(tmp_path: Path) -> None:
    folder = write_playbook(
        tmp_path,
        {
            "tasks.yaml": tasks_file(
                task("a", "-1w"),
                task("b", "go_live-4w"),
                task("c", "after a +1w", "[a]"),
                task("d", "after b +0d", "[a, c]"),
            )
        },
    )
    playbook = validate(tmp_path, folder)
    assert [item.id for item in playbook.items if item.id in "abcd"] == ["a", "b", "c", "d"]


# --- due dates that count from facts ----------------------------------------------------------


@pytest.mark.parametrize(
    ("due", "message"),
    [
        (
            "go_lve-4w",
            "unknown fact 'go_lve' in 'due' (did you mean 'go_live'?); a due date counts from "
            "kickoff, a task or a date fact (date facts in playbook.yaml: go_live)",
        ),
        (
            "team_size+1w",
            "'due' counts from 'team_size', an integer fact; it must count from a date fact "
            "(date facts in playbook.yaml: go_live)",
        ),
        (
            "industry-1d",
            "'due' counts from 'industry', a choice fact; it must count from a date fact (date "
            "facts in playbook.yaml: go_live)",
        ),
    ],
)
def test_a_due_date_counts_from_a_known_date_fact(tmp_path: Path, due: str, message: str) -> None:
    entries = (task("a", due),)
    assert problems_of(tmp_path, *entries) == [f"{at(entries, 1, repr(due))}: {message}"]


def test_without_date_facts_the_message_says_so(tmp_path: Path) -> None:
    playbook_yaml = yaml_text(
        """
        id: demo
        title: Demo playbook
        description: A small playbook used by the tests.
        version: "1.0.0"
        roles:
          - {id: pm, title: Project manager}
        facts:
          - {name: regulated, type: boolean}
        """
    )
    folder = write_playbook(
        tmp_path,
        {
            "playbook.yaml": playbook_yaml,
            "tasks.yaml": tasks_file(task("a", "go_live-1d")),
            "risks.yaml": None,
            "scope.yaml": None,
        },
    )
    (problem,) = validation_problems(tmp_path, folder)
    assert problem.message == (
        "unknown fact 'go_live' in 'due'; a due date counts from kickoff, a task or a date fact "
        "(playbook.yaml declares no date fact)"
    )


# --- due dates that count from tasks, and depends_on ------------------------------------------


def test_unknown_tasks_are_reported_with_a_suggestion(tmp_path: Path) -> None:
    entries = (task("prepare"), task("meet", "after prepar +1w", "[prepare, prepair, ghost]"))
    assert problems_of(tmp_path, *entries) == [
        f"{at(entries, 2, AFTER)}: unknown task 'prepar' in 'due' (did you mean 'prepare'?); "
        "it must name a task of this playbook by its id",
        f"{at(entries, 2, 'prepair')}: unknown task 'prepair' in depends_on (did you mean "
        "'prepare'?); it must name a task of this playbook by its id",
        f"{at(entries, 2, 'ghost')}: unknown task 'ghost' in depends_on; it must name a task of "
        "this playbook by its id",
    ]


def test_only_tasks_have_due_dates_and_can_be_depended_on(tmp_path: Path) -> None:
    entries = (task("a", "after scope-creep +1d", "[weekly-status]"),)
    assert problems_of(tmp_path, *entries) == [
        f"{at(entries, 1, AFTER)}: 'due' names 'scope-creep', which is a risk, not a task; "
        "only a task has a due date",
        f"{at(entries, 1, 'weekly')}: depends_on names 'weekly-status', which is a best "
        "practice, not a task; only a task can be depended on",
    ]


def test_a_task_cannot_count_from_or_depend_on_itself(tmp_path: Path) -> None:
    entries = (task("a", "after a +1d", "[a]"),)
    assert problems_of(tmp_path, *entries) == [
        f"{at(entries, 1, AFTER)}: 'due' counts from this task itself ('after a'); it must "
        "count from kickoff, a date fact or another task",
        f"{at(entries, 1, '[a]', 1)}: task 'a' depends on itself; depends_on lists other tasks "
        "that must be done first",
    ]


def test_a_circle_through_after_and_depends_on_is_reported_once(tmp_path: Path) -> None:
    entries = (
        task("a", "after c +1d"),
        task("b", "+1w", "[a]"),
        task("c", "after b +1d"),
        task("d", "+1w", "[c]"),  # waits for the circle, is not in it
    )
    assert problems_of(tmp_path, *entries) == [
        f"{at(entries, 1, AFTER)}: circular schedule: 'a' is due after 'c', 'c' is due after "
        "'b', 'b' depends on 'a'; a task cannot wait for itself, so drop one of these "
        "dependencies or count the due date from something else",
    ]


def test_a_circle_of_dependencies_alone(tmp_path: Path) -> None:
    entries = (task("x", "0d", "[y]"), task("y", "0d", "[x]"))
    (message,) = problems_of(tmp_path, *entries)
    assert message == (
        f"{at(entries, 1, '[y]', 1)}: circular schedule: 'x' depends on 'y', 'y' depends on "
        "'x'; a task cannot wait for itself, so drop one of these dependencies or count the due "
        "date from something else"
    )


def test_several_circles_each_reported(tmp_path: Path) -> None:
    entries = (
        task("a", "0d", "[b]"),
        task("b", "0d", "[a]"),
        task("c", "after d +1d"),
        task("d", "after c +1d"),
    )
    found = problems_of(tmp_path, *entries)
    assert [line.split(": ", 1)[0] for line in found] == [
        at(entries, 1, "[b]", 1),
        at(entries, 3, AFTER),
    ]


def test_invalid_tasks_still_have_their_schedule_checked(tmp_path: Path) -> None:
    found = problems_of(
        tmp_path,
        task("a") + ", owner_role: 7",
        "id: b, title: B, summary: s, phase: nope, owner_role: pm, due: 'after ghost +1d', "
        "depends_on: [gost]",
    )
    assert any("unknown task 'ghost' in 'due'" in line for line in found), found
    assert any("unknown task 'gost' in depends_on" in line for line in found), found
    assert any("'phase' must be one of" in line for line in found), found


def test_a_reference_to_an_invalid_task_is_not_called_unknown(tmp_path: Path) -> None:
    found = problems_of(tmp_path, task("a", "after b +1d", "[b]"), task("b") + ", phase: 9")
    assert len(found) == 1 and "'phase'" in found[0], found


def test_a_bad_due_date_says_what_is_expected(tmp_path: Path) -> None:
    entries = (task("a", "after b 1w"),)
    assert problems_of(tmp_path, *entries) == [
        f"{at(entries, 1, AFTER)}: 'due': must be an offset from kickoff ('-10d', '0d', "
        "'+2w'), from a date fact ('target_go_live-4w') or from another task ('after "
        "design-signoff +1w'), got 'after b 1w'"
    ]


# --- warnings: a task due before what it depends on -------------------------------------------


def test_a_task_due_before_its_dependency_is_a_warning(tmp_path: Path) -> None:
    entries = (
        task("late", "+2w"),
        task("early", "+1w", "[late]"),
        task("fact-late", "go_live+3d"),
        task("fact-early", "go_live-1w", "[fact-late]"),
        task("chained", "after early -1w", "[late]"),  # +0d from kickoff
        task("mixed", "-9w", "[fact-late]"),  # kickoff and go_live: cannot tell
        task("same-day", "+2w", "[late]"),
        task("later", "after late +1d", "[late]"),
    )
    assert warnings_of(tmp_path, *entries) == [
        f"{at(entries, 2, '[late]', 1)}: 'early' is due 7 days before 'late', which it depends "
        "on (both count from kickoff): it would be blocked past its own due date; make it due "
        "no earlier than 'late', or drop the dependency",
        f"{at(entries, 4, '[fact', 1)}: 'fact-early' is due 10 days before 'fact-late', which "
        "it depends on (both count from 'go_live'): it would be blocked past its own due date; "
        "make it due no earlier than 'fact-late', or drop the dependency",
        f"{at(entries, 5, '[late]', 1)}: 'chained' is due 14 days before 'late', which it "
        "depends on (both count from kickoff): it would be blocked past its own due date; make "
        "it due no earlier than 'late', or drop the dependency",
    ]


def test_validate_prints_schedule_warnings_and_succeeds(tmp_path: Path) -> None:
    entries = (task("late", "+2w"), task("e", "0d", "[late]"))
    write_playbook(tmp_path, {"tasks.yaml": tasks_file(*entries)})
    validated = pipeline.validate(project_settings(tmp_path))
    assert validated.warning_lines() == [
        f"{at(entries, 2, '[late]', 1)}: warning: 'e' is due 14 days before 'late', which it "
        "depends on (both count from kickoff): it would be blocked past its own due date; make "
        "it due no earlier than 'late', or drop the dependency"
    ]
    assert validated.summary.startswith("OK: 1 playbook")


# --- the calendar -----------------------------------------------------------------------------


def test_the_calendar_gives_every_playbook_its_holidays(tmp_path: Path) -> None:
    (tmp_path / "calendar.yaml").write_text(
        "# Our days off\nholidays:\n  - 2027-12-24\n  - '2027-12-31'\n", encoding="utf-8"
    )
    playbook = validate(tmp_path, write_playbook(tmp_path))
    assert sorted(day.isoformat() for day in playbook.holidays) == ["2027-12-24", "2027-12-31"]


def test_without_a_calendar_there_are_no_holidays(tmp_path: Path) -> None:
    assert validate(tmp_path, write_playbook(tmp_path)).holidays == frozenset()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "holidays:\n  - 2027-12-24\n  - 2027-02-30\n",
            "calendar.yaml:3:5: 'holidays': 2027-02-30: day 30 does not exist",
        ),
        (
            "holidays:\n  - 2027-12-24\n  - 2027-12-24\n",
            "calendar.yaml:3:5: holiday 2027-12-24 is listed twice (first at line 2); list each "
            "day once",
        ),
        ("holiday: [2027-12-24]\n", "calendar.yaml:1:1: unknown key 'holiday' (did you mean "),
        ("holidays: 2027-12-24\n", "calendar.yaml:1:11: 'holidays' must be a list"),
    ],
)
def test_calendar_problems_name_their_line(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "calendar.yaml").write_text(text, encoding="utf-8")
    found = [str(problem) for problem in validation_problems(tmp_path, write_playbook(tmp_path))]
    assert len(found) == 1 and found[0].startswith(message), found


def test_a_calendar_problem_fails_validate(tmp_path: Path) -> None:
    write_playbook(tmp_path)
    (tmp_path / "calendar.yaml").write_text("holidays: [tomorrow]\n", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        pipeline.validate(project_settings(tmp_path))
    assert [problem.path for problem in caught.value.problems] == ["calendar.yaml"]
