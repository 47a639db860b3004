"""Property tests: whatever the YAML holds, the only failure is a ContentError that points at it.

Every structure is generated, serialised with ``yaml.safe_dump`` and loaded back through the
real loader, so positions are real. The invariants checked on every Problem: it names the file,
its line (when set) lies inside the file, and it prints as exactly one line.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
import shutil
import string
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from generator.errors import ContentError, Problem
from generator.export.registry import FORMAT_NAMES, export
from generator.load.documents import Document, parse_document
from generator.model import conditions
from generator.model.items import Metric
from generator.model.kinds import KINDS, KINDS_BY_NAME
from generator.model.playbook import Fact, Playbook, PlaybookMeta, RiskBands, Role
from generator.model.project import ItemStatus, ProjectFile, RiskOverride
from generator.render.pages import PageRenderer
from generator.resolve.project import fill
from generator.validate.conditions import check as check_condition
from generator.validate.messages import validate_model
from generator.validate.playbook import _validate_kind_file, validate_playbook
from generator.validate.project import validate_project_document
from tests.support.fixtures import SAMPLE, fixture_copy
from tests.support.playbooks import write_playbook

TODAY = dt.date(2027, 3, 1)
SAMPLE_FOLDER = "playbooks/sample"
# YAML's own line breaks: a Problem's line counts these, not only "\n".
_YAML_LINE_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")

PROPERTY_SETTINGS = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
FLOW_SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


# --- strategies ---------------------------------------------------------------------------

_MODELS = [kind.item_model for kind in KINDS] + [
    PlaybookMeta,
    ProjectFile,
    Role,
    Fact,
    Metric,
    RiskBands,
    ItemStatus,
    RiskOverride,
]
# Real field names make the structures reach deep into the models instead of stopping at the
# first unknown key.
FIELD_NAMES = sorted(
    {name for model in _MODELS for name in model.model_fields} | {k.list_key for k in KINDS}
)
PLAUSIBLE = [
    "sample",
    "1.0.0",
    "pm",
    "sponsor",
    "done",
    "n/a",
    "open",
    "-10d",
    "+2w",
    "0d",
    "banking",
    "retail",
    "mitigate",
    "delivery",
    "objectives",
    "initiate",
    "plan",
    "scope-creep",
    "appoint-sponsor",
    "define-scope",
    "industry",
    "regulated",
    "team_size",
    "text",
    "choice",
    "boolean",
    "integer",
    "regulated and industry == 'banking'",
    "{{ project.name }}",
    "{{ facts.nope }}",
    "{% if %}",
    "",
    " ",
    "a\nb",
    "first line\n\n{{ facts.nope }}\n{% endif %}",
    "{{ project.name }}\n{% for x in %}",
    "{{ ''.__class__ }}",
    "{{ 1 / 0 }}",
    "{{ roles.sponsor }} {{ facts.industry | upper }}",
]

keys = st.one_of(st.sampled_from(FIELD_NAMES), st.text(max_size=12))
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-3, max_value=30),
    st.floats(),
    st.text(max_size=20),
    st.sampled_from(PLAUSIBLE),
    st.dates(),
    st.datetimes(),
)
values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(keys, children, max_size=5),
    ),
    max_leaves=25,
)


def _dump(data: Any) -> str:
    return yaml.safe_dump(data, sort_keys=False, default_flow_style=False)


def _line_count(text: str) -> int:
    return len(_YAML_LINE_BREAK.split(text))


def _check_problems(problems: Iterable[Problem], files: dict[str, str]) -> None:
    """Each Problem names one of ``files`` (display path -> text) and a line inside it."""
    problems = list(problems)
    assert problems, "a ContentError must list at least one problem"
    for problem in problems:
        assert problem.path in files, (problem, sorted(files))
        if problem.line is not None:
            # +1: a value at the very end of a file without a final newline.
            assert 1 <= problem.line <= _line_count(files[problem.path]) + 1, problem
        if problem.column is not None:
            assert problem.column >= 1, problem
        assert problem.message.strip(), problem
        shown = str(problem)
        assert "\n" not in shown and "\r" not in shown, shown


def _document(text: str, display: str) -> Document | None:
    """The loaded document, or None after checking the loader's problems."""
    try:
        return parse_document(text.encode("utf-8"), Path(display), display)
    except ContentError as error:
        _check_problems(error.problems, {display: text})
        return None


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return fixture_copy(tmp_path_factory.mktemp("properties") / "project", "sample")


@pytest.fixture(scope="module")
def sample_playbook(workspace: Path) -> Playbook:
    return validate_playbook(workspace / SAMPLE_FOLDER, workspace)


@pytest.fixture(scope="module")
def demo_playbook(tmp_path_factory: pytest.TempPathFactory) -> Playbook:
    """The helpers' playbook: it declares a fact of every type but text."""
    root = tmp_path_factory.mktemp("demo")
    return validate_playbook(write_playbook(root), root)


# --- (a) the loader -----------------------------------------------------------------------


def _parse_only_content_error(raw: bytes) -> None:
    display = "playbooks/sample/risks.yaml"
    try:
        document = parse_document(raw, Path(display), display)
    except ContentError as error:
        text = raw.decode("utf-8", errors="replace").removeprefix("\ufeff")
        _check_problems(error.problems, {display: text})
        return
    for position in [*document.value_positions.values(), *document.key_positions.values()]:
        assert position.line >= 1
        assert position.column >= 1


YAML_PIECES = [
    *":-?[]{},#&*!|>'\"%@` \n\t",
    "a",
    "1",
    "1.5",
    "~",
    "<<",
    "---",
    "...",
    "- ",
    ": ",
    "key: ",
    "&a ",
    "*a",
    "!!str ",
    "!!binary ",
    "!!set ",
    "!!omap ",
    "!!python/object:os.system ",
    "!custom ",
    "%YAML 1.1\n",
    "%TAG ! tag:x,2000:\n",
    "2027-02-30",
    "2027-02-01 10:00:00",
    "\ufeff",
    "\x00",
    "\x85",
    "\u2028",
    "\ud7ff",
]


@PROPERTY_SETTINGS
@given(text=st.text())
def test_any_text_gives_a_document_or_a_content_error(text: str) -> None:
    _parse_only_content_error(text.encode("utf-8"))


@PROPERTY_SETTINGS
@given(raw=st.binary(max_size=400))
def test_any_bytes_give_a_document_or_a_content_error(raw: bytes) -> None:
    _parse_only_content_error(raw)


@PROPERTY_SETTINGS
@given(pieces=st.lists(st.sampled_from(YAML_PIECES), max_size=40))
@example(pieces=["a: ", "&a ", "[", "*a", "]"])  # an alias inside its own anchor
@example(pieces=["<<", ": ", "{", "a", ": ", "1", "}"])  # a merge key
@example(pieces=["- ", "!!python/object:os.system ", "a"])  # an object-constructing tag
@example(pieces=["a", ": ", "2027-02-30"])  # an impossible date
def test_yaml_like_text_gives_a_document_or_a_content_error(pieces: list[str]) -> None:
    _parse_only_content_error("".join(pieces).encode("utf-8"))


# --- (b) any structure, as every file kind --------------------------------------------------


@PROPERTY_SETTINGS
@given(data=values)
@example(data={"id": "x", "title": [], "related": [{"a": 1}]})
@example(data=[{"likelihood": True, "impact": 2.5, "due": dt.datetime(2027, 1, 1, 10)}])
def test_any_structure_as_a_kind_file_gives_only_problems(data: Any) -> None:
    for kind in KINDS:
        display = f"{SAMPLE_FOLDER}/{kind.file_name}"
        for payload in (data, {kind.list_key: data}, {kind.list_key: [data, data]}):
            text = _dump(payload)
            document = _document(text, display)
            if document is None:
                continue
            _items, invalid, problems = _validate_kind_file(kind, document)
            assert all(isinstance(entry, dict) for _path, entry in invalid)
            if problems:
                _check_problems(problems, {display: text})


@PROPERTY_SETTINGS
@given(data=values)
def test_any_structure_as_playbook_yaml_gives_only_problems(data: Any) -> None:
    display = f"{SAMPLE_FOLDER}/playbook.yaml"
    for payload in (data, {"id": "sample", "roles": data}, {"facts": [data]}):
        text = _dump(payload)
        document = _document(text, display)
        if document is None:
            continue
        parsed, problems = validate_model(document, PlaybookMeta, "playbook.yaml")
        assert (parsed is None) == bool(problems)
        if problems:
            _check_problems(problems, {display: text})


@FLOW_SETTINGS
@given(file_name=st.sampled_from(["playbook.yaml", *(k.file_name for k in KINDS)]), data=values)
def test_any_structure_in_a_playbook_folder_gives_a_playbook_or_problems(
    workspace: Path, file_name: str, data: Any
) -> None:
    """The whole folder flow: one file replaced, the playbook validated as the CLI does."""
    folder = workspace.parent / "folder-flow" / "playbooks" / "sample"
    root = folder.parent.parent
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(workspace / SAMPLE_FOLDER, folder)
    (folder / file_name).write_text(_dump(data), encoding="utf-8")
    texts = {
        f"{SAMPLE_FOLDER}/{path.name}": path.read_text(encoding="utf-8")
        for path in folder.glob("*.yaml")
    }
    try:
        validate_playbook(folder, root)
    except ContentError as error:
        _check_problems(error.problems, texts)


# --- projects -------------------------------------------------------------------------------

ITEM_IDS = [
    "appoint-sponsor",
    "kickoff-meeting",
    "regulator-notice",
    "scope-creep",
    "banking-cutover",
    "define-scope",
    "weekly-status",
    "hold-kickoff",
]
fact_values = st.one_of(
    values,
    st.sampled_from(["banking", "retail", "web", "mobile", "true", "no", "12", "2027-05-01"]),
    st.lists(st.sampled_from(["web", "mobile", "tv"]), max_size=3),
)
statuses = st.one_of(
    values,
    st.fixed_dictionaries(
        {"state": st.sampled_from(["open", "done", "n/a"])},
        optional={"date": st.dates(), "note": st.text(max_size=30)},
    ),
)
overrides = st.one_of(
    values,
    st.fixed_dictionaries(
        {},
        optional={
            "likelihood": st.integers(min_value=0, max_value=6),
            "impact": st.integers(min_value=0, max_value=6),
            "owner": st.text(max_size=20),
            "note": st.text(max_size=20),
        },
    ),
)
# Kickoff dates stay in a range where every due date exists; the calendar's ends are tested
# separately below (test_kickoff_at_the_ends_of_the_calendar_*).
kickoffs = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31))
projects = st.fixed_dictionaries(
    {
        "name": st.one_of(st.text(min_size=1, max_size=40), values),
        "playbook": st.one_of(st.sampled_from(["sample", "demo"]), values),
        "playbook_version": st.one_of(st.sampled_from(["1.0.0", "0.9.0", "2.0.0"]), values),
        "kickoff": st.one_of(kickoffs, values),
    },
    optional={
        "facts": st.dictionaries(
            st.one_of(
                st.sampled_from(
                    ["industry", "regulated", "team_size", "channels", "go_live", "nope"]
                ),
                keys,
            ),
            fact_values,
            max_size=5,
        ),
        "roles": st.one_of(
            values,
            st.dictionaries(st.sampled_from(["pm", "sponsor", "Boss", "pmo"]), scalars),
        ),
        "status": st.one_of(
            values, st.dictionaries(st.one_of(st.sampled_from(ITEM_IDS), keys), statuses)
        ),
        "risks": st.one_of(
            values, st.dictionaries(st.one_of(st.sampled_from(ITEM_IDS), keys), overrides)
        ),
        "extra": values,
    },
)


def _filled_exports(document: Document, playbooks: dict[str, Playbook]) -> None:
    """Validate a project; when valid, fill it and write every export format."""
    project = validate_project_document(document, playbooks)
    filled = fill(project, TODAY)
    renderer = PageRenderer(None)
    for fmt in FORMAT_NAMES:
        assert isinstance(export(filled, fmt, renderer), str | bytes)


@PROPERTY_SETTINGS
@given(data=st.one_of(values, projects))
@example(data={"name": "X", "playbook": "sample", "playbook_version": "1.0.0", "kickoff": 5})
def test_any_project_file_gives_a_project_or_problems(
    sample_playbook: Playbook, demo_playbook: Playbook, data: Any
) -> None:
    display = "projects/generated.yaml"
    text = _dump(data)
    document = _document(text, display)
    if document is None:
        return
    try:
        _filled_exports(document, {"sample": sample_playbook, "demo": demo_playbook})
    except ContentError as error:
        _check_problems(error.problems, {display: text})


VALID_PROJECT = {
    "name": "Calendar Edge",
    "playbook": "sample",
    "playbook_version": "1.0.0",
    "facts": {"industry": "banking", "regulated": True},
}


@pytest.mark.parametrize("kickoff", [dt.date.max, dt.date.min], ids=["max", "min"])
def test_kickoff_at_the_ends_of_the_calendar_is_a_problem_not_a_crash(
    sample_playbook: Playbook, kickoff: dt.date
) -> None:
    """A kickoff whose due dates fall outside the calendar (year 1 or 9999) is a content
    problem at the project's kickoff line, never an OverflowError from date arithmetic."""
    display = "projects/calendar-edge.yaml"
    text = _dump({**VALID_PROJECT, "kickoff": kickoff})
    document = parse_document(text.encode("utf-8"), Path(display), display)
    with pytest.raises(ContentError) as caught:
        _filled_exports(document, {"sample": sample_playbook})
    assert [str(problem) for problem in caught.value.problems] == [
        f"{display}:7:10: 'kickoff': {kickoff.isoformat()} is out of range; use a date between "
        "1900-01-01 and 2999-12-31"
    ]


# --- (c) one field of a valid item replaced by anything -------------------------------------


def _sample_items(kind_name: str) -> list[dict[str, Any]]:
    kind = KINDS_BY_NAME[kind_name]
    path = SAMPLE / SAMPLE_FOLDER / kind.file_name
    # The project's own loader: plain PyYAML refuses the sample's `[... finish?]`.
    items: list[dict[str, Any]] = parse_document(path.read_bytes(), path, path.name).data[
        kind.list_key
    ]
    return items


def _three_items(kind_name: str) -> list[dict[str, Any]]:
    """Three valid items; the middle one is mutated. Nothing in the sample refers to it."""
    items = _sample_items(kind_name)
    if kind_name == "risk":  # [scope-creep, banking-cutover, spare]
        spare = {**copy.deepcopy(items[1]), "id": "spare-risk"}
        return [items[0], items[1], spare]
    if kind_name == "task":  # [appoint-sponsor, regulator-notice, kickoff-meeting]
        return [items[0], items[2], items[1]]
    # scope: [scope-objectives, a second section, spare]
    second = {**copy.deepcopy(items[0]), "id": "scope-constraints", "section": "constraints"}
    spare = {**copy.deepcopy(items[0]), "id": "scope-spare", "section": "assumptions"}
    return [items[0], second, spare]


def _mutable_fields(kind_name: str) -> list[str]:
    model = KINDS_BY_NAME[kind_name].item_model
    return [*model.model_fields, "unexpected_key"]


@pytest.fixture(scope="module")
def mutation_root(workspace: Path) -> Path:
    root = workspace.parent / "mutation"
    shutil.copytree(workspace, root)
    return root


def _check_mutation(root: Path, kind_name: str, field: str, value: Any) -> None:
    kind = KINDS_BY_NAME[kind_name]
    items = _three_items(kind_name)
    items[1] = {**copy.deepcopy(items[1]), field: value}
    # One dump per item, so each item's line range is known exactly.
    chunks = [_dump([item]) for item in items]
    text = f"{kind.list_key}:\n" + "".join(chunks)
    first = 2 + chunks[0].count("\n")
    last = first + chunks[1].count("\n") - 1
    folder = root / SAMPLE_FOLDER
    (folder / kind.file_name).write_text(text, encoding="utf-8")
    display = f"{SAMPLE_FOLDER}/{kind.file_name}"
    try:
        playbook = validate_playbook(folder, root)
    except ContentError as error:
        _check_problems(error.problems, {display: text})
        outside = [p for p in error.problems if p.line is None or not first <= p.line <= last]
        assert not outside, (
            f"problems must point at the mutated item (lines {first}-{last}):\n"
            + "\n".join(map(str, outside))
            + "\n---\n"
            + text
        )
        return
    # A valid playbook: the sample project fills and exports, or reports a content problem.
    project_text = (root / "projects" / "harbour-bank.yaml").read_text(encoding="utf-8")
    document = parse_document(project_text.encode(), Path("harbour-bank.yaml"), "p.yaml")
    try:
        _filled_exports(document, {"sample": playbook})
    except ContentError as error:
        _check_problems(error.problems, {"p.yaml": project_text, display: text})


@FLOW_SETTINGS
@given(data=st.data(), value=values)
@pytest.mark.parametrize("kind_name", ["risk", "task", "scope"])
def test_one_field_of_a_valid_item_replaced_by_anything(
    mutation_root: Path, kind_name: str, data: st.DataObject, value: Any
) -> None:
    field = data.draw(st.sampled_from(_mutable_fields(kind_name)), label="field")
    try:
        _check_mutation(mutation_root, kind_name, field, value)
    finally:
        original = SAMPLE / SAMPLE_FOLDER / KINDS_BY_NAME[kind_name].file_name
        shutil.copyfile(original, mutation_root / SAMPLE_FOLDER / original.name)


# --- (d) the condition language -------------------------------------------------------------

CONDITION_PIECES = [
    "a",
    "regulated",
    "industry",
    "team_size",
    "channels",
    "go_live",
    " and ",
    " or ",
    "not ",
    " not in ",
    " in ",
    " contains ",
    "==",
    "!=",
    "<",
    "<=",
    ">",
    ">=",
    "(",
    ")",
    "[",
    "]",
    ",",
    "'banking'",
    '"web"',
    "'a\\'b'",
    "'\\n'",
    "'",
    '"',
    "\\",
    "12",
    "-3",
    "2027-05-01",
    "2027-02-30",
    "true",
    "false",
    " ",
    "\t",
    "\n",
    "é",
    "\u0661",  # ARABIC-INDIC DIGIT ONE: \d matches it
]


def _condition_text() -> st.SearchStrategy[str]:
    return st.one_of(
        st.text(max_size=80),
        st.text(alphabet=string.printable, max_size=80),
        st.lists(st.sampled_from(CONDITION_PIECES), max_size=30).map("".join),
    )


def _well_typed_facts(playbook: Playbook) -> st.SearchStrategy[dict[str, Any]]:
    by_type: dict[str, Any] = {
        "text": st.text(max_size=10),
        "integer": st.integers(min_value=-(10**6), max_value=10**6),
        "boolean": st.booleans(),
        "date": st.dates(),
    }
    fields: dict[str, st.SearchStrategy[Any]] = {}
    for fact in playbook.meta.facts:
        if fact.type == "choice":
            strategy = st.sampled_from(fact.choices)
        elif fact.type == "multi-choice":
            strategy = st.lists(st.sampled_from(fact.choices), unique=True)
        else:
            strategy = by_type[fact.type]
        fields[fact.name] = st.one_of(st.none(), strategy)
    return st.fixed_dictionaries(fields)


@PROPERTY_SETTINGS
@given(source=_condition_text(), data=st.data())
def test_condition_parser_raises_only_syntax_errors(
    demo_playbook: Playbook, source: str, data: st.DataObject
) -> None:
    try:
        node = conditions.parse(source)
    except conditions.ConditionSyntaxError as error:
        assert 0 <= error.offset <= len(source)
        assert str(error).strip()
        return
    facts = {fact.name: fact for fact in demo_playbook.meta.facts}
    problems = check_condition(node, facts)
    assert all(isinstance(problem, str) and problem for problem in problems)
    if not problems:
        # A condition that checks clean evaluates for any well-typed answers.
        answers = data.draw(_well_typed_facts(demo_playbook), label="facts")
        assert isinstance(conditions.evaluate(node, answers), bool)


@pytest.mark.parametrize("depth", [120, 245])
def test_deeply_nested_condition_is_a_syntax_error(depth: int) -> None:
    """Within the 500-character limit of a condition, nesting must not exhaust the stack: the
    parser stops at a fixed depth (a RecursionError would fail the test)."""
    source = "(" * depth + "regulated" + ")" * depth
    assert len(source) <= 500
    with pytest.raises(conditions.ConditionSyntaxError) as caught:
        conditions.parse(source)
    assert (str(caught.value), caught.value.offset) == ("nested more than 32 levels deep", 33)


def test_deeply_nested_condition_in_a_playbook_is_a_content_problem(tmp_path: Path) -> None:
    """Through validate_playbook, as `playbook validate` runs it: a Problem, never a crash."""
    root = fixture_copy(tmp_path / "project", "sample")
    tasks = root / SAMPLE_FOLDER / "tasks.yaml"
    nested = "(" * 245 + "regulated" + ")" * 245
    tasks.write_text(
        tasks.read_text(encoding="utf-8").replace("condition: regulated", f'condition: "{nested}"'),
        encoding="utf-8",
    )
    with pytest.raises(ContentError) as caught:
        validate_playbook(root / SAMPLE_FOLDER, root)
    assert [str(problem) for problem in caught.value.problems] == [
        f"{SAMPLE_FOLDER}/tasks.yaml:21:16: condition '{nested}': nested more than 32 levels "
        "deep (at character 34)"
    ]
