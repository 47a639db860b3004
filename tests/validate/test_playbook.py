"""generator.validate.playbook: one playbook folder to a typed Playbook, or every problem."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.model import conditions
from generator.model.items import Practice, Risk
from generator.model.kinds import KINDS
from generator.model.playbook import Origin
from tests.support.playbooks import (
    DEFAULT_FILES,
    DEFAULT_ITEM_COUNT,
    FOLDER,
    PLAYBOOK_HEAD,
    WITHOUT_FACT_USERS,
    item_file,
    only_problem,
    task,
    validate,
    validation_problems,
    write_playbook,
    yaml_text,
)

PLAYBOOK = f"{FOLDER}/playbook.yaml"
RISKS = f"{FOLDER}/risks.yaml"
TASKS = f"{FOLDER}/tasks.yaml"
SCOPE = f"{FOLDER}/scope.yaml"
PRACTICES = f"{FOLDER}/practices.yaml"
FAQS = f"{FOLDER}/faqs.yaml"
NOT_AN_OFFSET = (
    "'due': must be an offset from kickoff ('-10d', '0d', '+2w'), from a date fact "
    "('target_go_live-4w') or from another task ('after design-signoff +1w')"
)
END_OF_PRINT = "unexpected end of template, expected 'end of print statement'."


def risk(**fields: str) -> str:
    """A risks.yaml with one valid risk (16 lines), each field replaceable; '' drops a field."""
    defaults = {
        "id": "scope-creep",
        "title": "Scope creep",
        "summary": "Requirements keep growing.",
        "category": "delivery",
        "description": "Every department adds its wish list.",
        "likelihood": "3",
        "impact": "4",
        "warning_signs": "\n      - New requests arrive every week.",
        "response": "mitigate",
        "mitigation": "\n      - Put every change through change control.",
        "owner_role": "pm",
        "practices": "[]",
        "condition": "team_size > 10",
    }
    return item_file("risks", {**defaults, **fields})


def scope(template: str) -> str:
    """A scope.yaml with one section; ``template`` is written from line 7 on, after 'template:'."""
    return DEFAULT_FILES["scope.yaml"].partition("    template:")[0] + f"    template: {template}\n"


# --- a clean playbook ----------------------------------------------------------------------


def test_clean_playbook_validates(tmp_path: Path) -> None:
    folder = write_playbook(tmp_path)

    playbook = validate(tmp_path, folder)

    assert playbook.id == "demo"
    assert playbook.folder == folder
    assert len(playbook.items) == DEFAULT_ITEM_COUNT
    assert [type(item) for item in playbook.items] == [kind.item_model for kind in KINDS]
    assert [role.id for role in playbook.meta.roles] == ["pm", "sponsor"]
    assert isinstance(playbook.item("scope-creep"), Risk)
    assert playbook.has("weekly-status") and not playbook.has("nope")
    assert set(playbook.conditions) == {"scope-creep"}
    assert playbook.origins["scope-creep"] == Origin(RISKS, 2, 5)
    assert playbook.origins["weekly-status"] == Origin(PRACTICES, 2, 5)


def test_items_are_ordered_by_kind_then_id(tmp_path: Path) -> None:
    folder = write_playbook(
        tmp_path,
        {
            "practices.yaml": """
            practices:
              - id: zebra
                title: Z
                summary: Z.
                why: Z.
                how: [z]
              - id: alpha
                title: A
                summary: A.
                why: A.
                how: [a]
        """,
        },
    )

    playbook = validate(tmp_path, folder)

    practices = [item.id for item in playbook.items if isinstance(item, Practice)]
    assert practices == ["alpha", "zebra"]
    assert playbook.items[0].id == "alpha"


def test_playbook_with_only_playbook_yaml_is_valid(tmp_path: Path) -> None:
    item_files = [kind.file_name for kind in KINDS]
    folder = write_playbook(tmp_path, dict.fromkeys(item_files))

    assert validate(tmp_path, folder).items == ()


def test_references_between_files_resolve(tmp_path: Path) -> None:
    folder = write_playbook(
        tmp_path,
        {
            "risks.yaml": risk(practices="[weekly-status]", related="[hold-kickoff]"),
        },
    )

    playbook = validate(tmp_path, folder)

    scope_creep = playbook.item("scope-creep")
    assert isinstance(scope_creep, Risk)
    assert scope_creep.practices == ["weekly-status"]
    assert scope_creep.related == ["hold-kickoff"]


# --- keys and types --------------------------------------------------------------------------


def test_misspelt_key_suggests_the_right_one(tmp_path: Path) -> None:
    folder = write_playbook(tmp_path, {"risks.yaml": risk().replace(" title:", " titel:")})

    problems = validation_problems(tmp_path, folder)

    assert [(p.path, p.line, p.column, p.message) for p in problems] == [
        (RISKS, 2, 5, "missing required field 'title' in a risk"),
        (RISKS, 3, 5, "unknown key 'titel' (did you mean 'title'?)"),
    ]


def test_misspelt_key_in_playbook_yaml_fact(tmp_path: Path) -> None:
    folder = write_playbook(
        tmp_path,
        {
            "playbook.yaml": PLAYBOOK_HEAD
            + yaml_text("""
        facts:
          - name: regulated
            typ: boolean
    """)
        },
    )

    problems = validation_problems(tmp_path, folder)

    assert [(p.path, p.line, p.column, p.message) for p in problems] == [
        (PLAYBOOK, 11, 5, "missing required field 'type'"),
        (PLAYBOOK, 12, 5, "unknown key 'typ' (did you mean 'type'?)"),
    ]


def test_unknown_key_without_a_close_match_lists_the_allowed_keys(tmp_path: Path) -> None:
    folder = write_playbook(
        tmp_path,
        {
            "faqs.yaml": DEFAULT_FILES["faqs.yaml"].replace(
                "    question:", "    colour: red\n    question:"
            )
        },
    )

    problem = only_problem(tmp_path, folder)

    assert (problem.path, problem.line, problem.column) == (FAQS, 5, 5)
    assert problem.message == (
        "unknown key 'colour'; allowed keys: "
        "answer, id, industries, owner, phase, question, related, reviewed, source, summary, "
        "tags, title"
    )


def test_unknown_top_level_key(tmp_path: Path) -> None:
    folder = write_playbook(tmp_path, {"tasks.yaml": task() + "task: []\n"})

    problem = only_problem(tmp_path, folder)

    assert (problem.path, problem.line, problem.column) == (TASKS, 8, 1)
    assert problem.message == "unknown key 'task'; tasks.yaml holds one key, 'tasks'"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("high", "'likelihood' must be a whole number, got 'high'"),
        ('"3"', "'likelihood' must be a whole number, got '3'"),
        ("true", "'likelihood' must be a whole number, got true (a boolean)"),
        ("[3]", "'likelihood' must be a whole number, got a list"),
        ("7", "'likelihood' must be at most 5, got 7 (a number)"),
        ("0", "'likelihood' must be at least 1, got 0 (a number)"),
    ],
    ids=["word", "quoted-number", "boolean", "list", "too-high", "too-low"],
)
def test_likelihood_must_be_an_integer_from_1_to_5(
    tmp_path: Path, value: str, message: str
) -> None:
    folder = write_playbook(tmp_path, {"risks.yaml": risk(likelihood=value)})

    problem = only_problem(tmp_path, folder)

    assert (problem.path, problem.line, problem.column) == (RISKS, 7, 17)
    assert problem.message == message


@pytest.mark.parametrize(
    ("due", "message"),
    [
        ("10 days", f"{NOT_AN_OFFSET}, got '10 days'"),
        ("+1m", f"{NOT_AN_OFFSET}, got '+1m'"),
        ("3", "'due' must be text, got 3 (a number)"),
    ],
)
def test_due_must_be_an_offset(tmp_path: Path, due: str, message: str) -> None:
    folder = write_playbook(tmp_path, {"tasks.yaml": task(due=due)})

    problem = only_problem(tmp_path, folder)

    assert (problem.path, problem.line, problem.column) == (TASKS, 7, 10)
    assert problem.message == message


def test_missing_required_field_is_reported_at_the_item(tmp_path: Path) -> None:
    folder = write_playbook(tmp_path, {"risks.yaml": risk(impact="")})

    problem = only_problem(tmp_path, folder)

    assert (problem.path, problem.line, problem.column) == (RISKS, 2, 5)
    assert problem.message == "missing required field 'impact' in a risk"


def test_missing_list_key_names_the_file_kind(tmp_path: Path) -> None:
    folder = write_playbook(tmp_path, {"tasks.yaml": "title: not a task list\n"})

    problems = validation_problems(tmp_path, folder)

    assert [str(p) for p in problems] == [
        f"{TASKS}:1:1: missing required key 'tasks'",
        f"{TASKS}:1:1: unknown key 'title'; tasks.yaml holds one key, 'tasks'",
    ]


def test_file_that_is_not_a_mapping(tmp_path: Path) -> None:
    folder = write_playbook(tmp_path, {"risks.yaml": "- just\n- a list\n"})

    problem = only_problem(tmp_path, folder)

    assert (problem.path, problem.line, problem.column) == (RISKS, 1, 1)
    assert problem.message == "expected a mapping with the single key 'risks' holding a list"


def test_loading_errors_are_reported_with_the_display_path(tmp_path: Path) -> None:
    folder = write_playbook(tmp_path, {"risks.yaml": "risks: []\nrisks: []\n"})

    problem = only_problem(tmp_path, folder)

    assert (problem.path, problem.line, problem.column) == (RISKS, 2, 1)
    assert problem.message == (
        "duplicate key 'risks' (first defined on line 1); YAML keeps only one of them"
    )


# --- ids and references ----------------------------------------------------------------------


def test_duplicate_id_within_one_file(tmp_path: Path) -> None:
    folder = write_playbook(tmp_path, {"tasks.yaml": task() + task().removeprefix("tasks:\n")})

    problem = only_problem(tmp_path, folder)

    assert (problem.path, problem.line, problem.column) == (TASKS, 8, 9)
    assert problem.message == f"duplicate id 'hold-kickoff' (already used in {TASKS}:2)"


def test_duplicate_id_across_files_names_the_first_location(tmp_path: Path) -> None:
    folder = write_playbook(tmp_path, {"tasks.yaml": task(id="weekly-status")})

    problem = only_problem(tmp_path, folder)

    assert (problem.path, problem.line, problem.column) == (TASKS, 2, 9)
    assert problem.message == f"duplicate id 'weekly-status' (already used in {PRACTICES}:2)"


def test_dangling_related_id(tmp_path: Path) -> None:
    folder = write_playbook(tmp_path, {"tasks.yaml": task(related="[scope-creep, nothing-here]")})

    problem = only_problem(tmp_path, folder)

    assert (problem.path, problem.line, problem.column) == (TASKS, 8, 28)
    assert problem.message == "related id 'nothing-here' does not exist in this playbook"


def test_item_related_to_itself(tmp_path: Path) -> None:
    folder = write_playbook(tmp_path, {"tasks.yaml": task(related="\n      - hold-kickoff")})

    problem = only_problem(tmp_path, folder)

    assert (problem.path, problem.line, problem.column) == (TASKS, 9, 9)
    assert problem.message == "an item cannot be related to itself"


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("hold-kickoff", "practice id 'hold-kickoff' is not a best practice in this playbook"),
        ("no-such-practice", "practice id 'no-such-practice' does not exist in this playbook"),
    ],
)
def test_risk_practices_must_be_best_practices(tmp_path: Path, target: str, message: str) -> None:
    folder = write_playbook(tmp_path, {"risks.yaml": risk(practices=f"[weekly-status, {target}]")})

    problem = only_problem(tmp_path, folder)

    assert (problem.path, problem.line, problem.column) == (RISKS, 15, 32)
    assert problem.message == message


def test_unknown_owner_role(tmp_path: Path) -> None:
    folder = write_playbook(tmp_path, {"tasks.yaml": task(owner_role="cto")})

    problem = only_problem(tmp_path, folder)

    assert (problem.path, problem.line, problem.column) == (TASKS, 6, 17)
    assert problem.message == "unknown role 'cto'; roles declared in playbook.yaml: pm, sponsor"


# --- conditions --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("condition", "message"),
    [
        (
            "team_size >",
            "condition 'team_size >': expected a value ('text', number, date, "
            "true/false or [list]) (at character 12)",
        ),
        ("regulated and", "condition 'regulated and': expected a fact name (at character 14)"),
        ("(regulated", "condition '(regulated': expected ')' (at character 11)"),
        ("regulated @ x", "condition 'regulated @ x': unexpected character '@' (at character 11)"),
    ],
)
def test_condition_syntax_error(tmp_path: Path, condition: str, message: str) -> None:
    folder = write_playbook(tmp_path, {"risks.yaml": risk(condition=f'"{condition}"')})

    problem = only_problem(tmp_path, folder)

    assert (problem.path, problem.line, problem.column) == (RISKS, 16, 16)
    assert problem.message == message


def test_condition_with_unknown_fact(tmp_path: Path) -> None:
    folder = write_playbook(tmp_path, {"risks.yaml": risk(condition="headcount > 10")})

    problem = only_problem(tmp_path, folder)

    assert (problem.path, problem.line, problem.column) == (RISKS, 16, 16)
    assert problem.message == (
        "condition uses unknown fact 'headcount' (known facts: "
        "channels, go_live, industry, regulated, team_size)"
    )


@pytest.mark.parametrize(
    ("condition", "message"),
    [
        (
            "team_size == 'big'",
            "'team_size' is an integer fact; 'big' is not an integer value "
            "(expected a whole number)",
        ),
        (
            "regulated == 1",
            "'regulated' is a boolean fact; 1 is not a boolean value (expected true or false)",
        ),
        (
            "industry == 'mining'",
            "'industry' is a choice fact; 'mining' is not one of the choices of 'industry': "
            "banking, retail",
        ),
        ("industry > 'banking'", "'>' only works on integer and date facts; 'industry' is choice"),
        (
            "industry contains 'banking'",
            "'contains' only works on multi-choice facts; 'industry' is choice",
        ),
        (
            "industry in 'banking'",
            "'industry in' needs a [list] of values; 'industry' is a choice fact, so each value "
            "must be one of 'banking', 'retail'",
        ),
        (
            "go_live < '2027-01-01'",
            "'go_live' is a date fact; '2027-01-01' is not a date value "
            "(expected a date written YYYY-MM-DD, without quotes)",
        ),
    ],
    ids=[
        "integer-vs-text",
        "boolean-vs-number",
        "not-a-choice",
        "order-on-choice",
        "contains-on-choice",
        "in-without-list",
        "date-vs-text",
    ],
)
def test_condition_type_mismatch(tmp_path: Path, condition: str, message: str) -> None:
    folder = write_playbook(tmp_path, {"risks.yaml": risk(condition=f'"{condition}"')})

    problem = only_problem(tmp_path, folder)

    assert (problem.path, problem.line, problem.column) == (RISKS, 16, 16)
    assert problem.message == message


def test_valid_conditions_are_kept_parsed(tmp_path: Path) -> None:
    folder = write_playbook(
        tmp_path,
        {
            "tasks.yaml": task(condition="\"channels contains 'web' and go_live >= 2027-01-01\""),
        },
    )

    playbook = validate(tmp_path, folder)

    node = playbook.conditions["hold-kickoff"]
    assert conditions.evaluate(node, {"channels": ["web"], "go_live": dt.date(2027, 3, 1)}) is True
    assert conditions.evaluate(node, {"channels": ["mobile"]}) is False


def test_condition_with_non_ascii_choice(tmp_path: Path) -> None:
    """Regression: literals were decoded with 'unicode_escape', mangling non-ASCII text."""
    folder = write_playbook(
        tmp_path,
        {
            "playbook.yaml": PLAYBOOK_HEAD
            + yaml_text("""
            facts:
              - name: region
                type: choice
                choices: [Zürich, Genève]
        """),
            **WITHOUT_FACT_USERS,
            "tasks.yaml": task(condition="\"region == 'Zürich'\""),
        },
    )

    playbook = validate(tmp_path, folder)

    node = playbook.conditions["hold-kickoff"]
    assert conditions.evaluate(node, {"region": "Zürich"}) is True
    assert conditions.evaluate(node, {"region": "Genève"}) is False


def test_condition_with_a_broken_escape_is_a_content_error(tmp_path: Path) -> None:
    """Regression: a truncated '\\x' escape raises UnicodeDecodeError instead of a Problem."""
    folder = write_playbook(tmp_path, {"risks.yaml": risk(condition="\"industry == '\\\\x4'\"")})

    problem = only_problem(tmp_path, folder)

    assert (problem.path, problem.line, problem.column) == (RISKS, 16, 16)
    assert problem.message == (
        "condition \"industry == '\\\\x4'\": unknown escape '\\x' in text; "
        "only \\' \\\" and \\\\ are allowed (at character 14)"
    )


# --- scope fill-in templates -------------------------------------------------------------------


def test_scope_template_syntax_error_on_one_line(tmp_path: Path) -> None:
    folder = write_playbook(tmp_path, {"scope.yaml": scope('"{{ project.name"')})

    problem = only_problem(tmp_path, folder)

    assert (problem.path, problem.line, problem.column) == (SCOPE, 7, None)
    assert problem.message == f"template syntax error: {END_OF_PRINT}"


def test_scope_template_syntax_error_in_a_block(tmp_path: Path) -> None:
    folder = write_playbook(
        tmp_path,
        {
            "scope.yaml": scope("|\n      Objectives of {{ project.name }}:\n\n      {% if x %}\n"),
        },
    )

    problem = only_problem(tmp_path, folder)

    assert (problem.path, problem.line, problem.column) == (SCOPE, 10, None)
    assert problem.message == (
        "template syntax error: Unexpected end of template. Jinja was looking for the following "
        "tags: 'elif' or 'else' or 'endif'. The innermost block that needs to be closed is 'if'."
    )


def test_scope_template_syntax_error_in_a_stripped_block(tmp_path: Path) -> None:
    """Regression: with '|-' the template has no newline, and the line is reported one too early."""
    folder = write_playbook(tmp_path, {"scope.yaml": scope("|-\n      {{ project.name")})

    problem = only_problem(tmp_path, folder)

    assert (problem.path, problem.line, problem.column) == (SCOPE, 8, None)
    assert problem.message == f"template syntax error: {END_OF_PRINT}"


@pytest.mark.parametrize(
    ("template", "message"),
    [
        (
            '"{{ facts.nope }}"',
            "template uses unknown fact 'nope'; known: "
            "channels, go_live, industry, regulated, team_size",
        ),
        ('"{{ roles.cto }}"', "template uses unknown role 'cto'; known: pm, sponsor"),
        (
            '"{{ project.budget }}"',
            "template uses unknown project attribute 'budget'; "
            "known: kickoff, name, playbook_version, slug",
        ),
        (
            '"{{ settings }}"',
            "template uses unknown variable 'settings'; use facts, playbook, project, roles",
        ),
        (
            "\"{{ ''.__class__ }}\"",
            "template may not access '__class__': internal attributes are blocked",
        ),
        (
            '"{{ project._secret }}"',
            "template may not access '_secret': internal attributes are blocked",
        ),
    ],
    ids=[
        "unknown-fact",
        "unknown-role",
        "unknown-project-attribute",
        "unknown-variable",
        "dunder",
        "private",
    ],
)
def test_scope_template_names_are_checked(tmp_path: Path, template: str, message: str) -> None:
    folder = write_playbook(tmp_path, {"scope.yaml": scope(template)})

    problem = only_problem(tmp_path, folder)

    assert (problem.path, problem.line, problem.column) == (SCOPE, 7, 15)
    assert problem.message == message


def test_scope_template_may_use_a_for_loop(tmp_path: Path) -> None:
    """Regression: Jinja's built-in 'loop' variable is reported as an unknown variable."""
    folder = write_playbook(
        tmp_path,
        {
            "scope.yaml": scope(
                '"{% for role in roles %}{{ loop.index }}. {{ role }} {% endfor %}"'
            ),
        },
    )

    playbook = validate(tmp_path, folder)

    assert playbook.has("scope-objectives")


# --- the playbook folder and playbook.yaml -----------------------------------------------------


def test_playbook_id_must_match_its_folder(tmp_path: Path) -> None:
    folder = write_playbook(tmp_path, playbook_id="other")

    problem = only_problem(tmp_path, folder)

    assert (problem.path, problem.line, problem.column) == ("playbooks/other/playbook.yaml", 1, 5)
    assert problem.message == "playbook id 'demo' must match its folder name 'other'"


def test_unexpected_file_in_the_folder(tmp_path: Path) -> None:
    folder = write_playbook(tmp_path, {"risk.yaml": "risks: []\n"})

    problem = only_problem(tmp_path, folder)

    assert (problem.path, problem.line, problem.column) == (f"{FOLDER}/risk.yaml", None, None)
    assert problem.message == (
        "unexpected file in a playbook folder; expected one of playbook.yaml, practices.yaml, "
        "risks.yaml, case-studies.yaml, faqs.yaml, scope.yaml, tasks.yaml, templates.yaml"
    )


def test_yml_extension_is_not_silently_ignored(tmp_path: Path) -> None:
    folder = write_playbook(tmp_path, {"risks.yaml": None, "risks.yml": risk()})

    problem = only_problem(tmp_path, folder)

    assert (problem.path, problem.line, problem.column) == (f"{FOLDER}/risks.yml", None, None)
    assert problem.message == "rename to risks.yaml: playbook files end in .yaml"


def test_missing_playbook_yaml(tmp_path: Path) -> None:
    folder = write_playbook(tmp_path, {"playbook.yaml": None})

    problem = only_problem(tmp_path, folder)

    assert (problem.path, problem.line, problem.column) == (PLAYBOOK, None, None)
    assert problem.message == "missing playbook.yaml (id, title, description, version, roles)"


def test_unparsable_playbook_yaml_is_not_also_reported_missing(tmp_path: Path) -> None:
    folder = write_playbook(tmp_path, {"playbook.yaml": "id: [demo\n"})

    problem = only_problem(tmp_path, folder)

    assert (problem.path, problem.line, problem.column) == (PLAYBOOK, 2, 1)
    assert problem.message == (
        "invalid YAML: while parsing a flow sequence, did not find expected ',' or ']'"
    )


@pytest.mark.parametrize(
    ("version", "message"),
    [
        ("1.2", "'version' must be text, got 1.2 (a number)"),
        ("1", "'version' must be text, got 1 (a number)"),
        ('"1.2"', "'version' must be a version such as '1.2.0' (in quotes), got '1.2'"),
    ],
    ids=["unquoted-float", "unquoted-integer", "two-parts"],
)
def test_bad_version(tmp_path: Path, version: str, message: str) -> None:
    folder = write_playbook(
        tmp_path,
        {
            "playbook.yaml": DEFAULT_FILES["playbook.yaml"].replace('"1.0.0"', version),
        },
    )

    problem = only_problem(tmp_path, folder)

    assert (problem.path, problem.line, problem.column) == (PLAYBOOK, 4, 10)
    assert problem.message == message


def test_unquoted_three_part_version_is_text(tmp_path: Path) -> None:
    folder = write_playbook(
        tmp_path,
        {
            "playbook.yaml": DEFAULT_FILES["playbook.yaml"].replace('"1.0.0"', "1.2.0"),
        },
    )

    assert validate(tmp_path, folder).meta.version == "1.2.0"


@pytest.mark.parametrize(
    ("fact", "message"),
    [
        ("type: integer\n    default: many", "default: expected a whole number"),
        ("type: integer\n    default: true", "default: expected a whole number"),
        ("type: boolean\n    default: maybe", "default: expected true or false"),
        ("type: choice\n    choices: [a, b]\n    default: c", "default: expected one of: a, b"),
        (
            "type: multi-choice\n    choices: [a, b]\n    default: [a, c]",
            "default: expected any of: a, b (comma-separated)",
        ),
        ("type: date\n    default: soon", "default: 'soon' is not a date written YYYY-MM-DD"),
        (
            "type: integer\n    invalid_message: Enter a headcount.\n    default: lots",
            "default: Enter a headcount.",
        ),
    ],
    ids=[
        "integer",
        "integer-vs-boolean",
        "boolean",
        "choice",
        "multi-choice",
        "date",
        "invalid-message",
    ],
)
def test_fact_default_must_match_its_type(tmp_path: Path, fact: str, message: str) -> None:
    folder = write_playbook(
        tmp_path,
        {
            "playbook.yaml": PLAYBOOK_HEAD + "facts:\n  - name: answer\n    " + fact + "\n",
            **WITHOUT_FACT_USERS,
        },
    )

    problem = only_problem(tmp_path, folder)

    default_line = 12 + fact.count("\n")
    assert (problem.path, problem.line, problem.column) == (PLAYBOOK, default_line, 14)
    assert problem.message == message


@pytest.mark.parametrize("fact_type", ["choice", "multi-choice"])
def test_choice_fact_needs_choices(tmp_path: Path, fact_type: str) -> None:
    folder = write_playbook(
        tmp_path,
        {
            "playbook.yaml": PLAYBOOK_HEAD + f"facts:\n  - name: industry\n    type: {fact_type}\n",
            **WITHOUT_FACT_USERS,
        },
    )

    problem = only_problem(tmp_path, folder)

    assert (problem.path, problem.line, problem.column) == (PLAYBOOK, 11, 5)
    assert problem.message == f"'facts': a '{fact_type}' fact needs a list of choices"


def test_choices_on_a_non_choice_fact(tmp_path: Path) -> None:
    folder = write_playbook(
        tmp_path,
        {
            "playbook.yaml": PLAYBOOK_HEAD + "facts:\n  - name: size\n    type: integer\n"
            "    choices: [small, large]\n",
            **WITHOUT_FACT_USERS,
        },
    )

    problem = only_problem(tmp_path, folder)

    assert (problem.path, problem.line, problem.column) == (PLAYBOOK, 11, 5)
    assert problem.message == "'facts': choices only apply to 'choice' and 'multi-choice' facts"


def test_duplicate_role_and_fact(tmp_path: Path) -> None:
    folder = write_playbook(
        tmp_path,
        {
            "playbook.yaml": PLAYBOOK_HEAD
            + yaml_text("""
              - id: pm
                title: Another project manager
            facts:
              - name: size
                type: integer
              - name: size
                type: text
        """),
            **WITHOUT_FACT_USERS,
        },
    )

    problems = validation_problems(tmp_path, folder)

    assert [(p.path, p.line, p.column, p.message) for p in problems] == [
        (PLAYBOOK, 10, 9, "duplicate role 'pm'"),
        (PLAYBOOK, 15, 11, "duplicate fact 'size'"),
    ]


# --- many problems at once ---------------------------------------------------------------------


def test_every_problem_in_every_file_is_reported_in_one_run(tmp_path: Path) -> None:
    folder = write_playbook(
        tmp_path,
        {
            "tasks.yaml": task(owner_role="cto", due="soon"),
            "risks.yaml": risk(likelihood="9", related="[ghost]"),
            "practices.yaml": DEFAULT_FILES["practices.yaml"].replace(
                "how:\n      - Send a one-page note every Friday.", "how: []"
            ),
            "faqs.yaml": "faqs:\n  - id: x\n    id: y\n",
            "notes.yaml": "a: 1\n",
        },
    )

    problems = validation_problems(tmp_path, folder)

    assert [str(p) for p in problems] == [
        # The file with a duplicate key still reports its other problems.
        f"{FOLDER}/faqs.yaml:2:5: missing required field 'answer' in a FAQ",
        f"{FOLDER}/faqs.yaml:2:5: missing required field 'question' in a FAQ",
        f"{FOLDER}/faqs.yaml:2:5: missing required field 'summary' in a FAQ",
        f"{FOLDER}/faqs.yaml:2:5: missing required field 'title' in a FAQ",
        f"{FOLDER}/faqs.yaml:3:5: duplicate key 'id' (first defined on line 2); "
        "YAML keeps only one of them",
        f"{FOLDER}/notes.yaml: unexpected file in a playbook folder; expected one of "
        "playbook.yaml, practices.yaml, risks.yaml, case-studies.yaml, faqs.yaml, scope.yaml, "
        "tasks.yaml, templates.yaml",
        f"{PRACTICES}:6:10: 'how' must not be empty",
        f"{RISKS}:7:17: 'likelihood' must be at most 5, got 9 (a number)",
        # Invalid items still have their references checked, in the same run.
        f"{RISKS}:17:15: related id 'ghost' does not exist in this playbook",
        f"{TASKS}:6:17: unknown role 'cto'; roles declared in playbook.yaml: pm, sponsor",
        f"{TASKS}:7:10: {NOT_AN_OFFSET}, got 'soon'",
    ]


def test_reference_problems_in_several_files_are_sorted(tmp_path: Path) -> None:
    folder = write_playbook(
        tmp_path,
        {
            "tasks.yaml": task(owner_role="cto", related="[ghost]"),
            "risks.yaml": risk(owner_role="ceo", condition="nope"),
        },
    )

    problems = validation_problems(tmp_path, folder)

    assert [str(p) for p in problems] == [
        f"{RISKS}:14:17: unknown role 'ceo'; roles declared in playbook.yaml: pm, sponsor",
        f"{RISKS}:16:16: condition uses unknown fact 'nope' (known facts: channels, go_live, "
        "industry, regulated, team_size)",
        f"{TASKS}:6:17: unknown role 'cto'; roles declared in playbook.yaml: pm, sponsor",
        f"{TASKS}:8:15: related id 'ghost' does not exist in this playbook",
    ]


def test_one_bad_item_neither_hides_the_next_nor_breaks_references_to_it(tmp_path: Path) -> None:
    second = task(id="send-invites", owner_role="cto").removeprefix("tasks:\n")
    folder = write_playbook(
        tmp_path,
        {
            "tasks.yaml": task(due="soon") + second,
            "faqs.yaml": DEFAULT_FILES["faqs.yaml"] + "    related: [hold-kickoff]\n",
        },
    )

    problems = validation_problems(tmp_path, folder)

    assert [str(p) for p in problems] == [
        f"{TASKS}:7:10: {NOT_AN_OFFSET}, got 'soon'",
        f"{TASKS}:12:17: unknown role 'cto'; roles declared in playbook.yaml: pm, sponsor",
    ]
