"""The error catalogue: every kind of bad input gives exit code 1, one line per problem naming
the file and line (and column where known), and never a traceback."""

from __future__ import annotations

import re
import resource
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from generator.cli import main

PLAYBOOK = "playbooks/sample"


def _validate(root: Path, *extra: str) -> Result:
    result = CliRunner().invoke(main, ["--root", str(root), *extra, "validate"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output + result.stderr
    return result


def _problems(result: Result) -> list[str]:
    lines = result.stderr.splitlines()
    assert lines and re.fullmatch(r"\d+ problems? in \d+ files?", lines[-1]), result.stderr
    return lines[:-1]


BILLION_LAUGHS = "\n".join(
    ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    + [f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]" for i in range(8)]
    + ["faqs: *i", ""]
)

# (case, file, content, expected start of the one problem line)
CASES = [
    ("malformed-yaml", "faqs.yaml", "faqs:\n  - id: x\n   title: y\n", f"{PLAYBOOK}/faqs.yaml:3:"),
    (
        "duplicate-key",
        "faqs.yaml",
        "faqs:\n  - id: a\n    title: T\n    title: U\n    summary: S\n    question: Q\n"
        "    answer: A\n",
        f"{PLAYBOOK}/faqs.yaml:4:5: duplicate key 'title' (first defined on line 3)",
    ),
    (
        "wrong-type",
        "faqs.yaml",
        "faqs:\n  - id: a\n    title: [T]\n    summary: S\n    question: Q\n    answer: A\n",
        f"{PLAYBOOK}/faqs.yaml:3:12: 'title' must be text, got a list",
    ),
    (
        "unknown-key",
        "faqs.yaml",
        "faqs:\n  - id: a\n    title: T\n    summary: S\n    question: Q\n    answr: A\n",
        f"{PLAYBOOK}/faqs.yaml:6:5: unknown key 'answr' (did you mean 'answer'?)",
    ),
    (
        "missing-field",
        "faqs.yaml",
        "faqs:\n  - id: what-is-scope\n    title: T\n    summary: S\n    question: Q\n",
        f"{PLAYBOOK}/faqs.yaml:2:5: missing required field 'answer' in a FAQ",
    ),
    (
        "dangling-reference",
        "faqs.yaml",
        "faqs:\n  - id: what-is-scope\n    title: T\n    summary: S\n    question: Q\n"
        "    answer: A\n    related: [nowhere]\n",
        f"{PLAYBOOK}/faqs.yaml:7:15: related id 'nowhere' does not exist in this playbook",
    ),
    (
        "duplicate-id-across-files",
        "faqs.yaml",
        "faqs:\n  - id: scope-creep\n    title: T\n    summary: S\n    question: Q\n"
        "    answer: A\n",
        f"{PLAYBOOK}/risks.yaml:2:9: duplicate id 'scope-creep' (already used in ",
    ),
    (
        "non-utf8",
        "faqs.yaml",
        b"faqs:\n  - id: caf\xe9\n",
        f"{PLAYBOOK}/faqs.yaml:2:12: file is not valid UTF-8",
    ),
    ("empty-file", "faqs.yaml", "", f"{PLAYBOOK}/faqs.yaml:1:1: file is empty"),
    ("comments-only", "faqs.yaml", "# nothing yet\n", f"{PLAYBOOK}/faqs.yaml:1:1: file is empty"),
    (
        "several-documents",
        "faqs.yaml",
        "faqs: []\n---\nfaqs: []\n",
        f"{PLAYBOOK}/faqs.yaml:2:1: file holds 2 YAML documents",
    ),
    (
        "non-string-key",
        "faqs.yaml",
        "faqs: []\n1: one\n",
        f"{PLAYBOOK}/faqs.yaml:2:1: keys must be text, got '1'",
    ),
    (
        "python-tag",
        "faqs.yaml",
        "faqs: !!python/object/apply:os.system ['echo pwned']\n",
        f"{PLAYBOOK}/faqs.yaml:1:7: the YAML tag 'tag:yaml.org,2002:python/object/apply:os.system'"
        " is not allowed",
    ),
    ("alias-bomb", "faqs.yaml", BILLION_LAUGHS, f"{PLAYBOOK}/faqs.yaml:1:1: document expands to"),
]


@pytest.mark.parametrize(
    ("case", "name", "content", "expected"), CASES, ids=[case[0] for case in CASES]
)
def test_bad_playbook_input(
    sample_project: Path, case: str, name: str, content: str | bytes, expected: str
) -> None:
    target = sample_project / PLAYBOOK / name
    if isinstance(content, bytes):
        target.write_bytes(content)
    else:
        target.write_text(content, encoding="utf-8")
    result = _validate(sample_project)
    assert result.exit_code == 1, result.stderr
    problems = _problems(result)
    assert any(line.startswith(expected) for line in problems), problems
    assert all(line.count(":") >= 2 for line in problems)


def test_file_over_size_limit_is_refused_with_the_limit(sample_project: Path) -> None:
    target = sample_project / PLAYBOOK / "faqs.yaml"
    target.write_text("faqs: []\n" + "# padding\n" * 300_000)
    result = _validate(sample_project)
    assert result.exit_code == 1
    assert f"{PLAYBOOK}/faqs.yaml: file is 3,000,009 bytes; the limit is 2,097,152 bytes" in (
        _problems(result)
    )


def test_alias_bomb_is_refused_fast_and_small(sample_project: Path) -> None:
    (sample_project / PLAYBOOK / "faqs.yaml").write_text(BILLION_LAUGHS)
    before_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result = _validate(sample_project)
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before_rss) / 1024
    assert result.exit_code == 1
    assert grown_mb < 200, f"peak memory grew by {grown_mb:.0f} MB"


def test_override_template_syntax_error_names_template_file_and_line(sample_project: Path) -> None:
    overrides = sample_project / "overrides"
    overrides.mkdir()
    (overrides / "risk.md.j2").write_text("# {{ item.title }}\n\n{% for x in %}\n")
    result = _validate(sample_project, "--templates", "overrides")
    assert result.exit_code == 1
    [problem] = _problems(result)
    assert problem.startswith("overrides/risk.md.j2:3: template syntax error")


def test_override_template_reaching_python_internals_is_blocked(sample_project: Path) -> None:
    overrides = sample_project / "overrides"
    overrides.mkdir()
    (overrides / "faq.md.j2").write_text("# x\n\n{{ ''.__class__.__mro__[1].__subclasses__() }}\n")
    result = _validate(sample_project, "--templates", "overrides")
    assert result.exit_code == 1
    [problem] = _problems(result)
    assert "faq.md.j2:3: template blocked by the sandbox" in problem
    assert "__class__" in problem


def test_fill_in_text_reaching_python_internals_is_blocked(sample_project: Path) -> None:
    scope = sample_project / PLAYBOOK / "scope.yaml"
    scope.write_text(
        scope.read_text().replace("{{ project.name }} will", "{{ ''.__class__.__mro__ }} will")
    )
    result = _validate(sample_project)
    assert result.exit_code == 1
    [problem] = _problems(result)
    assert problem.startswith(f"{PLAYBOOK}/scope.yaml:9:")
    assert "may not access '__" in problem


@pytest.mark.parametrize(
    "reference", ["../outside", "/etc/passwd.yaml", "../../x.yaml", "projects/../../x.yaml"]
)
def test_project_references_leaving_the_tree_are_refused(
    sample_project: Path, reference: str
) -> None:
    result = CliRunner().invoke(main, ["--root", str(sample_project), "checklist", reference])
    assert result.exit_code == 2
    assert "Traceback" not in result.output + result.stderr
    assert reference.split("/")[-1].split(".")[0] in result.stderr or "inside" in result.stderr


def test_symlink_leading_out_of_the_tree_is_refused(sample_project: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.yaml"
    secret.write_text("faqs: []\n")
    target = sample_project / PLAYBOOK / "faqs.yaml"
    target.unlink()
    target.symlink_to(secret)
    result = _validate(sample_project)
    assert result.exit_code == 1
    assert any("points outside the project" in line for line in _problems(result))


def test_project_symlink_out_of_the_tree_is_refused(sample_project: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text((sample_project / "projects" / "harbour-bank.yaml").read_text())
    (sample_project / "projects" / "sneaky.yaml").symlink_to(outside)
    result = CliRunner().invoke(main, ["--root", str(sample_project), "checklist", "sneaky"])
    assert result.exit_code == 2
    assert "outside" in result.stderr


def test_slug_with_dot_dot_is_refused(sample_project: Path) -> None:
    result = CliRunner().invoke(
        main,
        [
            "--root",
            str(sample_project),
            "kickoff",
            "X",
            "--playbook",
            "sample",
            "--kickoff",
            "2027-02-01",
            "--set",
            "industry=banking",
            "--no-input",
            "--slug",
            "../../evil",
        ],
    )
    assert result.exit_code == 2
    assert "must be kebab-case" in result.stderr
    assert not (sample_project.parent / "evil.yaml").exists()


def test_content_symlink_out_of_the_tree_is_refused(sample_project: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.md"
    secret.write_text("# Not for the intranet\n")
    (sample_project / "content" / "leak.md").symlink_to(secret)
    result = CliRunner().invoke(main, ["--root", str(sample_project), "build"])
    assert result.exit_code == 1
    assert "content/leak.md" in result.stderr or "leak.md" in result.stderr
    assert "points outside the project" in result.stderr
    rendered = CliRunner().invoke(
        main, ["--root", str(sample_project), "render", "--out", str(tmp_path / "out")]
    )
    assert rendered.exit_code == 1
    assert not (tmp_path / "out").exists()


def test_fill_in_text_cannot_build_huge_values(sample_project: Path) -> None:
    scope = sample_project / PLAYBOOK / "scope.yaml"
    scope.write_text(scope.read_text().replace("{{ project.name }} will", "{{ 'x' * 10**9 }} will"))
    result = _validate(sample_project)
    assert result.exit_code == 1
    [problem] = _problems(result)
    assert "scope.yaml" in problem and "not allowed" in problem
