"""generator.load.documents: strict YAML loading with the position of every key and value."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from generator.errors import ContentError, Problem
from generator.load import documents as loading
from generator.load.documents import MAX_NODES, Document, Position, load_document
from tests.support.playbooks import yaml_text

SHOWN = "playbooks/demo/risks.yaml"


def write(tmp_path: Path, content: str | bytes) -> Path:
    path = tmp_path / "risks.yaml"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(yaml_text(content), encoding="utf-8")
    return path


def load(tmp_path: Path, content: str | bytes, **kwargs: int) -> Document:
    return load_document(write(tmp_path, content), SHOWN, **kwargs)


def load_problems(tmp_path: Path, content: str | bytes, **kwargs: int) -> list[Problem]:
    with pytest.raises(ContentError) as caught:
        load(tmp_path, content, **kwargs)
    return caught.value.problems


def only_problem(tmp_path: Path, content: str | bytes, **kwargs: int) -> Problem:
    problems = load_problems(tmp_path, content, **kwargs)
    assert len(problems) == 1, "\n".join(map(str, problems))
    return problems[0]


# --- valid input -------------------------------------------------------------------------


def test_valid_mapping_records_key_and_value_positions(tmp_path: Path) -> None:
    doc = load(
        tmp_path,
        """
        # a comment on line 1
        title: Scope creep
        likelihood: 3
        tags:
          - scope
          - change control
        owner:
            role: pm
    """,
    )

    assert doc.data == {
        "title": "Scope creep",
        "likelihood": 3,
        "tags": ["scope", "change control"],
        "owner": {"role": "pm"},
    }
    assert doc.display == SHOWN
    assert doc.key_positions[("title",)] == Position(2, 1)
    assert doc.value_positions[("title",)] == Position(2, 8)
    assert doc.value_positions[("likelihood",)] == Position(3, 13)
    assert doc.key_positions[("tags",)] == Position(4, 1)
    assert doc.value_positions[("tags", 0)] == Position(5, 5)
    assert doc.value_positions[("tags", 1)] == Position(6, 5)
    assert doc.key_positions[("owner", "role")] == Position(8, 5)
    assert doc.value_positions[("owner", "role")] == Position(8, 11)


def test_position_falls_back_to_the_closest_known_parent(tmp_path: Path) -> None:
    doc = load(
        tmp_path,
        """
        risks:
          - id: a
            title: A
    """,
    )

    assert doc.position(("risks", 0, "impact")) == Position(2, 5)
    assert doc.position(("risks", 0, "title"), prefer_key=True) == Position(3, 5)
    assert doc.position(("nothing", "here")) == Position(1, 1)
    assert str(doc.problem(("risks", 0, "title"), "bad")) == f"{SHOWN}:3:12: bad"


def test_byte_order_mark_is_accepted_and_does_not_shift_columns(tmp_path: Path) -> None:
    doc = load(tmp_path, "\ufefftitle: With BOM\n".encode())

    assert doc.data == {"title": "With BOM"}
    assert doc.value_positions[("title",)] == Position(1, 8)


def test_dates_are_parsed_as_dates(tmp_path: Path) -> None:
    doc = load(
        tmp_path,
        """
        kickoff: 2028-02-29
        quoted: "2028-02-29"
    """,
    )

    assert doc.data["kickoff"] == dt.date(2028, 2, 29)
    assert type(doc.data["kickoff"]) is dt.date
    assert doc.data["quoted"] == "2028-02-29"


def test_impossible_date_stays_text_for_the_field_to_explain(tmp_path: Path) -> None:
    # The field that expects a date then says what is wrong ("day 30 does not exist").
    doc = load(
        tmp_path,
        """
        title: x
        kickoff: 2027-02-30
    """,
    )

    assert doc.data["kickoff"] == "2027-02-30"
    assert doc.value_positions[("kickoff",)] == Position(2, 10)


def test_quoted_keys_that_look_like_numbers_are_text(tmp_path: Path) -> None:
    doc = load(
        tmp_path,
        """
        "1": one
        "yes": two
    """,
    )

    assert doc.data == {"1": "one", "yes": "two"}


# --- refused input -------------------------------------------------------------------------


def test_duplicate_key_is_reported_at_the_second_key(tmp_path: Path) -> None:
    problem = only_problem(
        tmp_path,
        """
        title: First
        summary: Something
        title: Second
    """,
    )

    assert (problem.path, problem.line, problem.column) == (SHOWN, 3, 1)
    assert problem.message == (
        "duplicate key 'title' (first defined on line 1); YAML keeps only one of them"
    )


def test_duplicate_key_in_a_nested_mapping(tmp_path: Path) -> None:
    problem = only_problem(
        tmp_path,
        """
        risks:
          - id: a
            title: A
            id: b
    """,
    )

    assert (problem.line, problem.column) == (4, 5)
    assert problem.message == (
        "duplicate key 'id' (first defined on line 2); YAML keeps only one of them"
    )


@pytest.mark.parametrize(
    ("content", "column", "shown"),
    [
        ("title: x\n1: one\n", 1, "'1'"),
        ("title: x\nyes: one\n", 1, "'yes'"),
        ("title: x\n~: one\n", 1, "'~'"),
        ("title: x\n3.5: one\n", 1, "'3.5'"),
        ("title: x\n? [a, b]\n: one\n", 3, "'a collection'"),
    ],
    ids=["integer", "yaml-1.1-boolean", "null", "float", "sequence"],
)
def test_keys_must_be_text(tmp_path: Path, content: str, column: int, shown: str) -> None:
    problem = only_problem(tmp_path, content)

    assert (problem.path, problem.line, problem.column) == (SHOWN, 2, column)
    assert problem.message == f"keys must be text, got {shown}; put quotes around it"


def test_merge_keys_are_refused(tmp_path: Path) -> None:
    problem = only_problem(
        tmp_path,
        """
        base: &base
          owner_role: pm
        risk:
          <<: *base
          title: x
    """,
    )

    assert (problem.path, problem.line, problem.column) == (SHOWN, 4, 3)
    assert problem.message == "merge keys ('<<') are not supported; write the keys out"


# On a scalar the message says what may stand there instead; on a collection nothing may.
SCALARS = "; only plain text, numbers, booleans and dates are"


@pytest.mark.parametrize(
    ("content", "column", "tag", "rest"),
    [
        (
            "title: x\nrun: !!python/object/apply:os.system ['echo hi']\n",
            6,
            "tag:yaml.org,2002:python/object/apply:os.system",
            "",
        ),
        (
            "title: x\nrun: !!python/name:os.system\n",
            6,
            "tag:yaml.org,2002:python/name:os.system",
            SCALARS,
        ),
        ("title: x\nrun: !foo bar\n", 6, "!foo", SCALARS),
        ("title: x\nrun: !foo {a: 1}\n", 6, "!foo", ""),
        ("title: x\nrun: !!binary aGk=\n", 6, "tag:yaml.org,2002:binary", SCALARS),
        ("title: x\nrun: !!set {a, b}\n", 6, "tag:yaml.org,2002:set", ""),
    ],
    ids=["python-apply", "python-name", "local-scalar", "local-mapping", "binary", "set"],
)
def test_tags_are_refused(tmp_path: Path, content: str, column: int, tag: str, rest: str) -> None:
    problem = only_problem(tmp_path, content)

    assert (problem.path, problem.line, problem.column) == (SHOWN, 2, column)
    assert problem.message == f"the YAML tag '{tag}' is not allowed{rest}"


def test_python_tag_is_never_executed(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    only_problem(tmp_path, f"x: !!python/object/apply:os.system ['touch {marker}']\n")

    assert not marker.exists()


def test_several_refusals_in_one_file_are_all_reported(tmp_path: Path) -> None:
    problems = load_problems(
        tmp_path,
        """
        a: 1
        a: 2
        1: x
        b: !foo y
    """,
    )

    assert [(p.line, p.column) for p in problems] == [(2, 1), (3, 1), (4, 4)]


@pytest.mark.parametrize(
    ("content", "line"),
    [
        ("title: x\n---\ntitle: y\n", 2),
        ("---\ntitle: x\n---\ntitle: y\n", 3),
        ("title: x\n---\ntitle: y\n---\ntitle: z\n", 2),
    ],
    ids=["two", "two-with-leading-marker", "three"],
)
def test_multi_document_streams_are_refused(tmp_path: Path, content: str, line: int) -> None:
    problem = only_problem(tmp_path, content)

    assert (problem.path, problem.line, problem.column) == (SHOWN, line, 1)
    documents = content.count("title:")
    assert problem.message == (
        f"file holds {documents} YAML documents (separated by '---'); expected exactly one"
    )


def test_single_document_with_explicit_markers_is_fine(tmp_path: Path) -> None:
    doc = load(tmp_path, "---\ntitle: x\n...\n")

    assert doc.data == {"title": "x"}
    assert doc.value_positions[("title",)] == Position(2, 8)


@pytest.mark.parametrize(
    "content",
    ["", "\n\n", "# only a comment\n\n   # and another\n"],
    ids=["empty", "blank-lines", "comments-only"],
)
def test_empty_files_are_refused(tmp_path: Path, content: str) -> None:
    problem = only_problem(tmp_path, content.encode())

    assert (problem.path, problem.line, problem.column) == (SHOWN, 1, 1)
    assert problem.message == "file is empty; expected a YAML mapping"


@pytest.mark.parametrize(
    ("raw", "line", "column", "byte"),
    [
        (b"title: caf\xe9\n", 1, 11, "0xe9"),
        (b"title: x\nsummary: ok\n  \xff\n", 3, 3, "0xff"),
        (b"\xfe\xfft\x00i\x00", 1, 1, "0xfe"),
    ],
    ids=["latin-1", "third-line", "utf-16"],
)
def test_non_utf8_bytes_are_reported_with_line_and_column(
    tmp_path: Path, raw: bytes, line: int, column: int, byte: str
) -> None:
    problem = only_problem(tmp_path, raw)

    assert (problem.path, problem.line, problem.column) == (SHOWN, line, column)
    assert problem.message == f"file is not valid UTF-8 (byte {byte}); save it as UTF-8"


def test_nul_byte_is_reported_on_its_line(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, b"title: x\nsummary: y\nnote: a\x00b\n")

    assert (problem.path, problem.line, problem.column) == (SHOWN, 3, None)
    assert problem.message == "file contains a NUL byte; is it binary?"


def test_file_over_the_size_limit_is_refused_before_parsing(tmp_path: Path) -> None:
    # Invalid YAML on purpose: the size check must come first.
    content = b"title: [unclosed\n" + b"x" * 100
    problem = only_problem(tmp_path, content, max_bytes=100)

    assert (problem.path, problem.line, problem.column) == (SHOWN, None, None)
    assert problem.message == f"file is {len(content)} bytes; the limit is 100 bytes"


def test_file_exactly_at_the_size_limit_is_loaded(tmp_path: Path) -> None:
    content = b"title: " + b"x" * 93
    assert len(content) == 100

    assert load(tmp_path, content, max_bytes=100).data == {"title": "x" * 93}


def test_missing_file_is_a_content_error(tmp_path: Path) -> None:
    with pytest.raises(ContentError) as caught:
        load_document(tmp_path / "nope.yaml", "playbooks/demo/nope.yaml")

    [problem] = caught.value.problems
    assert (problem.path, problem.line, problem.column) == ("playbooks/demo/nope.yaml", None, None)
    assert problem.message == "cannot read file: No such file or directory"


def billion_laughs(levels: int = 9) -> str:
    lines = ["lol0: &lol0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for level in range(1, levels + 1):
        aliases = ", ".join([f"*lol{level - 1}"] * 10)
        lines.append(f"lol{level}: &lol{level} [{aliases}]")
    return "\n".join(lines) + "\n"


def test_alias_bomb_is_refused_after_a_bounded_amount_of_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Counted, not timed: the loader gives up after MAX_NODES values, not after 10**9 of them.
    visited = 0
    build = loading._Builder._build

    def counting(self: loading._Builder, node: Any, path: Any) -> Any:
        nonlocal visited
        visited += 1
        return build(self, node, path)

    monkeypatch.setattr(loading._Builder, "_build", counting)
    problems = load_problems(tmp_path, billion_laughs())

    assert visited == MAX_NODES + 1
    [problem] = problems
    assert (problem.path, problem.line, problem.column) == (SHOWN, 1, 1)
    assert problem.message == (
        f"document expands to more than {MAX_NODES:,} values (an alias bomb?); refusing to load it"
    )


def test_a_few_honest_aliases_are_fine(tmp_path: Path) -> None:
    doc = load(
        tmp_path,
        """
        owners: &owners [pm, sponsor]
        backup: *owners
    """,
    )

    assert doc.data == {"owners": ["pm", "sponsor"], "backup": ["pm", "sponsor"]}
    assert doc.value_positions[("backup", 1)] == Position(1, 22)


@pytest.mark.parametrize(
    ("content", "line", "column"),
    [
        ("title: x\nloop: &a [*a]\n", 2, 7),
        ("title: x\nloop: &a {self: *a}\n", 2, 7),
    ],
    ids=["sequence", "mapping"],
)
def test_recursive_alias_is_refused(tmp_path: Path, content: str, line: int, column: int) -> None:
    problem = only_problem(tmp_path, content)

    assert (problem.path, problem.line, problem.column) == (SHOWN, line, column)
    assert problem.message == (
        "an alias refers to the collection that contains it; recursive YAML is not supported"
    )


@pytest.mark.parametrize(
    ("content", "line", "column", "message"),
    [
        (
            "title: x\ntags: [a, b\nsummary: y\n",
            3,
            8,
            "while parsing a flow sequence, did not find expected ',' or ']'",
        ),
        ("title: x\nsummary: a: b\n", 2, 11, "mapping values are not allowed in this context"),
        ("title: x\n  summary: y\n", 2, 10, "mapping values are not allowed in this context"),
        (
            "title: 'unclosed\n",
            2,
            1,
            "while scanning a quoted scalar, found unexpected end of stream",
        ),
        ("title: x\nalias: *nowhere\n", 2, 8, "found undefined alias"),
        (
            "title: x\n\tsummary: y\n",
            2,
            1,
            "while scanning a plain scalar, found a tab character that violates indentation",
        ),
    ],
    ids=[
        "unclosed-flow",
        "colon-in-plain",
        "bad-indent",
        "unclosed-quote",
        "undefined-alias",
        "tab",
    ],
)
def test_malformed_yaml_reports_the_parsers_position(
    tmp_path: Path, content: str, line: int, column: int, message: str
) -> None:
    problem = only_problem(tmp_path, content)

    assert (problem.path, problem.line, problem.column) == (SHOWN, line, column)
    assert problem.message == f"invalid YAML: {message}"


def test_problem_renders_as_path_line_column_message(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, "a: 1\na: 2\n")

    assert str(problem) == (
        f"{SHOWN}:2:1: duplicate key 'a' (first defined on line 1); YAML keeps only one of them"
    )


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    """The bytes of every file parsed, in order."""
    seen: list[bytes] = []
    parse = loading.parse_document

    def counted(raw: bytes, *args: Any, **kwargs: Any) -> Document:
        seen.append(raw)
        return parse(raw, *args, **kwargs)

    monkeypatch.setattr(loading, "parse_document", counted)
    return seen


def test_outside_serve_every_load_parses_and_nothing_is_kept(
    tmp_path: Path, parsed: list[bytes]
) -> None:
    """A build loads each file once anyway: keeping what it parsed would only raise its peak
    memory."""
    first = load(tmp_path, "title: Vendor lock-in\n")
    again = load_document(tmp_path / "risks.yaml", SHOWN)
    assert (again is first, again == first) == (False, True)
    assert (len(parsed), len(loading._parsed)) == (2, 0)


def test_under_serve_an_unchanged_file_is_parsed_once_and_an_edited_one_again(
    tmp_path: Path, parsed: list[bytes]
) -> None:
    with loading.keeping_parsed():
        first = load(tmp_path, "title: Vendor lock-in\n")
        assert load_document(tmp_path / "risks.yaml", SHOWN) is first
        assert parsed == [b"title: Vendor lock-in\n"]
        edited = load(tmp_path, "title: Vendor lock-out\n")
        assert (edited.data, len(parsed)) == ({"title": "Vendor lock-out"}, 2)
        # Asked differently, the file is parsed for that request: another name shown, lenient.
        assert load_document(tmp_path / "risks.yaml", "other.yaml").display == "other.yaml"
        assert load_document(tmp_path / "risks.yaml", SHOWN, lenient=True) is not edited
        assert len(parsed) == 4
        assert load_document(tmp_path / "risks.yaml", SHOWN) is edited
    assert len(loading._parsed) == 0  # forgotten when serve stops


def test_under_serve_the_least_recently_used_files_go_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(loading, "MAX_PARSED_KEPT", 2)
    for name in "abc":
        (tmp_path / f"{name}.yaml").write_text(f"title: {name}\n", encoding="utf-8")
    with loading.keeping_parsed():
        for name in "aba":  # a, b, then a again: b is now the least recently used
            load_document(tmp_path / f"{name}.yaml", f"{name}.yaml")
        load_document(tmp_path / "c.yaml", "c.yaml")
        assert [key[1] for key in loading._parsed] == ["a.yaml", "c.yaml"]
