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
