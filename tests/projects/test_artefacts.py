"""`playbook template PROJECT TEMPLATE`: one artefact template filled in for a project, as
Markdown, a printable HTML page or a Word document, to standard output or through the output
guard into a file (generator.projects.artefacts)."""

from __future__ import annotations

import io
from pathlib import Path

import docx

from tests.support.cli import AS_OF, invoke
from tests.support.files import replace_in

DECISION_LOG = (
    "# Decision log\n"
    "\n"
    "Project: **Harbour Bank &lt;b&gt;Core&lt;/b&gt; Renewal** · kept by Lee "
    "\\[Chen\\](javascript:alert(1)) · sponsor: *\\[to be completed: Executive sponsor\\]*\n"
    "\n"
    "## Decisions\n"
    "\n"
    "| Decision | Owner | Due | State |\n"
    "| --- | --- | --- | --- |\n"
    "| Appoint the sponsor | Lee \\[Chen\\](javascript:alert(1)) | 2027-01-22 | done |\n"
    "| Hold the kickoff meeting | Lee \\[Chen\\](javascript:alert(1)) | 2027-02-01 | overdue |\n"
    "| Notify the regulator | *\\[to be completed: Executive sponsor\\]* | 2027-02-15 | n/a |\n"
    "\n"
    "\n"
    "---\n"
    "\n"
    "_Harbour Bank &lt;b&gt;Core&lt;/b&gt; Renewal · prepared from the playbook Sample playbook "
    "1.0.0, as of 2027-03-01._\n"
)


def test_a_template_filled_in_is_written_to_standard_output(sample_project: Path) -> None:
    result = invoke(sample_project, "template", "harbour-bank", "decision-log", "--today", AS_OF)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == DECISION_LOG
    assert result.stderr == ""


def test_the_html_page_of_one_template(sample_project: Path) -> None:
    result = invoke(sample_project, "template", "harbour-bank", "decision-log", "--format", "html")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("<!doctype html>\n")
    assert "<title>Decision log: Harbour Bank &lt;b&gt;Core&lt;/b&gt; Renewal</title>" in (
        result.stdout
    )
    assert '<nav aria-label="Documents">' not in result.stdout  # one document: no contents


def test_a_word_document_needs_a_file(sample_project: Path) -> None:
    result = invoke(sample_project, "template", "harbour-bank", "decision-log", "--format", "docx")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: --format docx writes a binary file: name it with -o FILE (-o /dev/stdout to "
        "pipe it)\n"
    )


def test_a_word_document_is_written_the_same_twice(sample_project: Path, tmp_path: Path) -> None:
    written = []
    for name in ("one.docx", "two.docx"):
        target = tmp_path / name
        result = invoke(
            sample_project,
            *("template", "harbour-bank", "decision-log", "--format", "docx"),
            *("-o", str(target), "--today", AS_OF),
        )
        assert result.exit_code == 0, result.stderr
        assert result.stdout == f"Wrote {target}\n"
        written.append(target.read_bytes())
    assert written[0] == written[1]
    document = docx.Document(io.BytesIO(written[0]))
    assert [p.text for p in document.paragraphs][:3] == [
        "Decision log",
        "Project: Harbour Bank <b>Core</b> Renewal · kept by Lee [Chen](javascript:alert(1)) · "
        "sponsor: [to be completed: Executive sponsor]",
        "Decisions",
    ]


def test_an_unknown_template_lists_the_projects_templates(sample_project: Path) -> None:
    result = invoke(sample_project, "template", "harbour-bank", "decision-logs")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: no template 'decision-logs' for project 'harbour-bank' in the playbook 'sample'; "
        "its templates: decision-log\n"
    )


def test_a_template_that_does_not_apply_says_when_it_does(sample_project: Path) -> None:
    replace_in(
        sample_project / "playbooks" / "sample" / "templates.yaml",
        "    audience: The steering committee\n",
        "    audience: The steering committee\n    condition: industry == 'retail'\n",
    )
    result = invoke(sample_project, "template", "harbour-bank", "decision-log")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: template 'decision-log' does not apply to project 'harbour-bank' (it applies "
        "when: industry == 'retail')\n"
    )


def test_the_file_can_never_be_an_input(sample_project: Path) -> None:
    target = sample_project / "playbooks" / "sample" / "templates.yaml"
    before = target.read_bytes()
    result = invoke(sample_project, "template", "harbour-bank", "decision-log", "-o", str(target))
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: -o '{target}' lies inside the playbooks folder; writing it would overwrite an "
        "input. Choose another file (nothing was written)\n"
    )
    assert target.read_bytes() == before


def test_an_unknown_format_is_a_usage_error(sample_project: Path) -> None:
    result = invoke(sample_project, "template", "harbour-bank", "decision-log", "--format", "pdf")
    assert result.exit_code == 2
    assert "'pdf' is not one of 'md', 'docx', 'html'" in result.stderr
