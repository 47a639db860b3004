"""generator.render.environment: an organization's override folder comes before our templates."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import ContentError
from tests.support.project import project_settings, render_tree


def test_override_template_replaces_built_in(sample_project: Path, tmp_path: Path) -> None:
    overrides = sample_project / "overrides"
    overrides.mkdir()
    (overrides / "faq.md.j2").write_text(
        "# {{ item.question }}\n\nOverridden: {{ item.answer | md }}\n"
    )
    out = tmp_path / "rendered"
    render_tree(project_settings(sample_project, templates_dir="overrides"), out)
    page = (out / "docs" / "playbooks" / "sample" / "faqs" / "what-is-scope.md").read_text()
    # Our template's filters still apply: the question escaped, the answer as Markdown.
    assert page == (
        "# What does &#34;scope&#34; mean here?\n\n"
        "Overridden: The **work** the project will do, and:\n\n- what it will not do.\n\n"
    )


def test_an_override_edited_between_two_builds_in_one_process_is_used(
    sample_project: Path, tmp_path: Path
) -> None:
    """As under `serve`: templates are compiled once per process, but again once edited (in
    the same second too: it is their bytes that count, not their time)."""
    overrides = sample_project / "overrides"
    overrides.mkdir()
    template = overrides / "faq.md.j2"
    settings = project_settings(sample_project, templates_dir="overrides")
    page = Path("docs", "playbooks", "sample", "faqs", "what-is-scope.md")
    firsts = []
    for text in ("First: {{ item.question }}\n", "Second: {{ item.question }}\n"):
        template.write_text(text)
        render_tree(settings, tmp_path / text[:5])
        firsts.append((tmp_path / text[:5] / page).read_text().split(":")[0])
    assert firsts == ["First", "Second"]


def test_override_template_syntax_error_names_file_and_line(sample_project: Path) -> None:
    overrides = sample_project / "overrides"
    overrides.mkdir()
    (overrides / "faq.md.j2").write_text("# {{ item.question }}\n\n{% if %}\n")
    with pytest.raises(ContentError) as caught:
        render_tree(
            project_settings(sample_project, templates_dir="overrides"), sample_project / "out"
        )
    [problem] = caught.value.problems
    assert (problem.path, problem.line, problem.column) == ("overrides/faq.md.j2", 3, None)
    assert (
        problem.message
        == "template syntax error: Expected an expression, got 'end of statement block'"
    )
