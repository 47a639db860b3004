"""`playbook template`: one of the playbook's artefact templates filled in for a project, as
Markdown, a printable HTML page or a Word document, to standard output or a file."""

from __future__ import annotations

from pathlib import Path

from generator.errors import UsageError
from generator.export.artefacts import documents, docx_of, html_page
from generator.model.items import Template
from generator.projects.files import load_filled
from generator.publish.atomic import write_bytes_atomic, write_into
from generator.publish.guard import guard_output_file
from generator.render.artefacts import project_artefact
from generator.render.pages import PageRenderer
from generator.resolve.project import FilledProject
from generator.settings import Settings


def write_artefact(
    settings: Settings,
    reference: str,
    template_id: str,
    fmt: str,
    output: str | None,
    *,
    base: Path,
) -> str:
    """The template ``template_id`` filled in for the project ``reference``, in ``fmt`` (md,
    html or docx): returned when ``output`` is None, else written there (checked first like
    `playbook checklist -o`: never over an input) and "Wrote FILE" returned. A Word document
    needs ``output``: it is never returned as text."""
    if fmt == "docx" and output is None:
        raise UsageError(
            "--format docx writes a binary file: name it with -o FILE (-o /dev/stdout to pipe it)"
        )
    target = (
        guard_output_file(settings, output, option="-o", base=base) if output is not None else None
    )
    filled = load_filled(settings, reference)
    artefact = project_artefact(filled, template_id)
    if artefact is None:
        raise UsageError(_not_offered(filled, template_id))
    renderer = PageRenderer(settings.templates_path, settings.root, language=settings.language)
    (document,) = documents(filled, renderer, [artefact])
    data: str | bytes
    if fmt == "docx":
        data = docx_of(filled, document)
    elif fmt == "html":
        data = html_page(filled, renderer, [document])
    else:
        data = document.markdown
    if target is None:
        assert isinstance(data, str)
        return data
    content = data if isinstance(data, bytes) else data.encode("utf-8")
    if target.stream:
        write_into(target.path, content)
    else:
        write_bytes_atomic(target.path, content)
    return f"Wrote {output}\n"


def _not_offered(filled: FilledProject, template_id: str) -> str:
    """Why a template is not offered to the project: it does not exist, or does not apply."""
    project = filled.project
    playbook = project.playbook
    if playbook.has(template_id) and isinstance(item := playbook.item(template_id), Template):
        return (
            f"template '{template_id}' does not apply to project '{project.slug}' "
            f"(it applies when: {item.condition})"
        )
    offered = ", ".join(template.id for template in filled.templates) or "none"
    return (
        f"no template '{template_id}' for project '{project.slug}' in the playbook "
        f"'{playbook.id}'; its templates: {offered}"
    )
