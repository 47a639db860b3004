"""`playbook checklist`: a project's checklist in any export format, to a file or stdout."""

from __future__ import annotations

from pathlib import Path

from generator.errors import UsageError
from generator.projects.files import load_filled
from generator.publish.atomic import write_bytes_atomic, write_into
from generator.publish.guard import guard_output_file
from generator.settings import Settings


def export_checklist(
    settings: Settings, reference: str, fmt: str, output: str | None, *, base: Path
) -> str | None:
    """A project's checklist in ``fmt``: returned when ``output`` is None, else written there.

    ``output`` is checked before anything is done: it can never be a playbook, a project or
    any other input. A FIFO or a terminal is written into; a file is replaced atomically (its
    symlink, if it is one, stays). A binary format (xlsx) needs ``output``: it is never
    returned as text for standard output.
    """
    from generator.export.registry import format_named
    from generator.render.pages import PageRenderer

    export_format = format_named(fmt)
    if output is None and export_format.binary:
        raise UsageError(
            f"--format {fmt} writes a binary file: name it with -o FILE (-o /dev/stdout to pipe it)"
        )
    target = (
        guard_output_file(settings, output, option="-o", base=base) if output is not None else None
    )
    filled = load_filled(settings, reference)
    renderer = PageRenderer(settings.templates_path, settings.root, language=settings.language)
    if target is None:
        text = export_format.write(filled, renderer)
        assert isinstance(text, str)  # binary formats were refused above
        return text
    data = export_format.write_bytes(filled, renderer)
    if target.stream:
        write_into(target.path, data)
    else:
        write_bytes_atomic(target.path, data)
    return None
