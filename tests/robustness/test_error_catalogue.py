"""The error catalogue: every kind of bad input gives exit code 1, one line per problem naming
the file and line (and column where known), and never a traceback."""

from __future__ import annotations

import resource
from pathlib import Path

import pytest

from tests.support.cli import NO_PROMPTS, invoke, kickoff_args, problem_lines
from tests.support.files import replace_in

PLAYBOOK = "playbooks/sample"
FAQS = f"{PLAYBOOK}/faqs.yaml"
# The sample's practice links to the FAQ what-is-scope: once faqs.yaml has no such FAQ, the link
# is reported too, in the same run.
NO_FAQ = (
    f"{PLAYBOOK}/practices.yaml:7:28: related id 'what-is-scope' does not exist in this playbook"
)

BILLION_LAUGHS = "\n".join(
    ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    + [f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]" for i in range(8)]
    + ["faqs: *i", ""]
)

# (case, content of faqs.yaml, every problem line)
CASES = [
    (
        "malformed-yaml",
        "faqs:\n  - id: x\n   title: y\n",
        [
            f"{FAQS}:3:4: invalid YAML: while parsing a block collection, did not find expected "
            "'-' indicator",
            NO_FAQ,
        ],
    ),
    (
        "duplicate-key",
        "faqs:\n  - id: a\n    title: T\n    title: U\n    summary: S\n    question: Q\n"
        "    answer: A\n",
        [
            f"{FAQS}:4:5: duplicate key 'title' (first defined on line 3); YAML keeps only one "
            "of them",
            NO_FAQ,
        ],
    ),
    (
        "wrong-type",
        "faqs:\n  - id: a\n    title: [T]\n    summary: S\n    question: Q\n    answer: A\n",
        [f"{FAQS}:3:12: 'title' must be text, got a list", NO_FAQ],
    ),
    (
        "unknown-key",
        "faqs:\n  - id: a\n    title: T\n    summary: S\n    question: Q\n    answr: A\n",
        [
            f"{FAQS}:2:5: missing required field 'answer' in a FAQ",
            f"{FAQS}:6:5: unknown key 'answr' (did you mean 'answer'?)",
            NO_FAQ,
        ],
    ),
    (
        "missing-field",
        "faqs:\n  - id: what-is-scope\n    title: T\n    summary: S\n    question: Q\n",
        [f"{FAQS}:2:5: missing required field 'answer' in a FAQ"],
    ),
    (
        "dangling-reference",
        "faqs:\n  - id: what-is-scope\n    title: T\n    summary: S\n    question: Q\n"
        "    answer: A\n    related: [nowhere]\n",
        [f"{FAQS}:7:15: related id 'nowhere' does not exist in this playbook"],
    ),
    (
        "duplicate-id-across-files",
        "faqs:\n  - id: scope-creep\n    title: T\n    summary: S\n    question: Q\n"
        "    answer: A\n",
        [
            NO_FAQ,
            f"{PLAYBOOK}/risks.yaml:2:9: duplicate id 'scope-creep' (already used in {FAQS}:2)",
            # The project's override now names the FAQ, which has no score.
            "projects/harbour-bank.yaml:15:3: 'scope-creep' is not a risk, so it has no score to "
            "override",
        ],
    ),
    (
        "non-utf8",
        b"faqs:\n  - id: caf\xe9\n",
        [f"{FAQS}:2:12: file is not valid UTF-8 (byte 0xe9); save it as UTF-8", NO_FAQ],
    ),
    ("empty-file", "", [f"{FAQS}:1:1: file is empty; expected a YAML mapping", NO_FAQ]),
    (
        "comments-only",
        "# nothing yet\n",
        [f"{FAQS}:1:1: file is empty; expected a YAML mapping", NO_FAQ],
    ),
    (
        "several-documents",
        "faqs: []\n---\nfaqs: []\n",
        [
            f"{FAQS}:2:1: file holds 2 YAML documents (separated by '---'); expected exactly one",
            NO_FAQ,
        ],
    ),
    (
        "non-string-key",
        "faqs: []\n1: one\n",
        [f"{FAQS}:2:1: keys must be text, got '1'; put quotes around it", NO_FAQ],
    ),
    (
        "python-tag",
        "faqs: !!python/object/apply:os.system ['echo pwned']\n",
        [
            f"{FAQS}:1:7: the YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not "
            "allowed",
            NO_FAQ,
        ],
    ),
    (
        "alias-bomb",
        BILLION_LAUGHS,
        [
            f"{FAQS}:1:1: document expands to more than 250,000 values (an alias bomb?); "
            "refusing to load it",
            NO_FAQ,
        ],
    ),
]


@pytest.mark.parametrize(("case", "content", "expected"), CASES, ids=[case[0] for case in CASES])
def test_bad_playbook_input(
    sample_project: Path, case: str, content: str | bytes, expected: list[str]
) -> None:
    target = sample_project / FAQS
    if isinstance(content, bytes):
        target.write_bytes(content)
    else:
        target.write_text(content, encoding="utf-8")
    result = invoke(sample_project, "validate")
    assert result.exit_code == 1, result.stderr
    assert problem_lines(result) == expected


def test_file_over_size_limit_is_refused_with_the_limit(sample_project: Path) -> None:
    (sample_project / FAQS).write_text("faqs: []\n" + "# padding\n" * 300_000)
    result = invoke(sample_project, "validate")
    assert result.exit_code == 1
    assert problem_lines(result) == [
        f"{FAQS}: file is 3,000,009 bytes; the limit is 2,097,152 bytes",
        NO_FAQ,
    ]


def test_alias_bomb_is_refused_fast_and_small(sample_project: Path) -> None:
    (sample_project / FAQS).write_text(BILLION_LAUGHS)
    before_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result = invoke(sample_project, "validate")
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before_rss) / 1024
    assert result.exit_code == 1
    assert grown_mb < 200, f"peak memory grew by {grown_mb:.0f} MB"


def test_override_template_syntax_error_names_template_file_and_line(sample_project: Path) -> None:
    overrides = sample_project / "overrides"
    overrides.mkdir()
    (overrides / "risk.md.j2").write_text("# {{ item.title }}\n\n{% for x in %}\n")
    result = invoke(sample_project, "--templates", "overrides", "validate")
    assert result.exit_code == 1
    assert problem_lines(result) == [
        "overrides/risk.md.j2:3: template syntax error: Expected an expression, got 'end of "
        "statement block'"
    ]


def test_override_template_reaching_python_internals_is_blocked(sample_project: Path) -> None:
    overrides = sample_project / "overrides"
    overrides.mkdir()
    (overrides / "faq.md.j2").write_text("# x\n\n{{ ''.__class__.__mro__[1].__subclasses__() }}\n")
    result = invoke(sample_project, "--templates", "overrides", "validate")
    assert result.exit_code == 1
    assert problem_lines(result) == [
        "overrides/faq.md.j2:3: template blocked by the sandbox while rendering "
        "playbooks/sample/faqs/what-is-scope.md: access to attribute '__class__' of 'str' object "
        "is unsafe."
    ]


def test_fill_in_text_reaching_python_internals_is_blocked(sample_project: Path) -> None:
    replace_in(
        sample_project / PLAYBOOK / "scope.yaml",
        "{{ project.name }} will",
        "{{ ''.__class__.__mro__ }} will",
    )
    result = invoke(sample_project, "validate")
    assert result.exit_code == 1
    assert problem_lines(result) == [
        f"{PLAYBOOK}/scope.yaml:9:1: template may not access '__mro__': internal attributes "
        "are blocked"
    ]


@pytest.mark.parametrize(
    ("reference", "message"),
    [
        ("../outside", "'../outside' is not a project slug (like 'core-banking-revamp')"),
        ("/etc/passwd.yaml", "project file '/etc/passwd.yaml' must be a relative path inside ROOT"),
        ("../../x.yaml", "project file '../../x.yaml' must be a relative path inside ROOT"),
        (
            "projects/../../x.yaml",
            "project file 'projects/../../x.yaml' must be a relative path inside ROOT",
        ),
    ],
)
def test_project_references_leaving_the_tree_are_refused(
    sample_project: Path, reference: str, message: str
) -> None:
    result = invoke(sample_project, "checklist", reference)
    assert result.exit_code == 2
    assert result.stderr == f"Error: {message.replace('ROOT', str(sample_project))}\n"


def test_symlink_leading_out_of_the_tree_is_refused(sample_project: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.yaml"
    secret.write_text("faqs: []\n")
    target = sample_project / FAQS
    target.unlink()
    target.symlink_to(secret)
    result = invoke(sample_project, "validate")
    assert result.exit_code == 1
    assert problem_lines(result) == [f"{FAQS}: points outside the project", NO_FAQ]


def test_project_symlink_out_of_the_tree_is_refused(sample_project: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text((sample_project / "projects" / "harbour-bank.yaml").read_text())
    (sample_project / "projects" / "sneaky.yaml").symlink_to(outside)
    result = invoke(sample_project, "checklist", "sneaky")
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: project file 'sneaky.yaml' leads outside {sample_project / 'projects'}\n"
    )


def test_slug_with_dot_dot_is_refused(sample_project: Path) -> None:
    result = invoke(
        sample_project,
        *kickoff_args("X", *NO_PROMPTS, "--set", "industry=banking", "--slug", "../../evil"),
    )
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: slug '../../evil' must be kebab-case (letters, digits and hyphens) of at most 60 "
        "characters\n"
    )
    assert not (sample_project.parent / "evil.yaml").exists()


def test_content_symlink_out_of_the_tree_is_refused(sample_project: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.md"
    secret.write_text("# Not for the intranet\n")
    (sample_project / "content" / "leak.md").symlink_to(secret)
    result = invoke(sample_project, "build")
    assert result.exit_code == 1
    assert problem_lines(result) == ["content/leak.md: points outside the project"]
    rendered = invoke(sample_project, "render", "--out", str(tmp_path / "out"))
    assert rendered.exit_code == 1
    assert problem_lines(rendered) == ["content/leak.md: points outside the project"]
    assert not (tmp_path / "out").exists()


def test_fill_in_text_cannot_build_huge_values(sample_project: Path) -> None:
    replace_in(
        sample_project / PLAYBOOK / "scope.yaml",
        "{{ project.name }} will",
        "{{ 'x' * 10**9 }} will",
    )
    result = invoke(sample_project, "validate")
    assert result.exit_code == 1
    assert problem_lines(result) == [
        f"{PLAYBOOK}/scope.yaml:2:5: fill-in text of 'scope-objectives' failed for project "
        "'Harbour Bank <b>Core</b> Renewal': repeating a value to 1,000,000,000 characters or "
        "items is not allowed: the limit is 100,000"
    ]
