"""`playbook checklist`: a project's checklist in any export format, to a file or stdout."""

from __future__ import annotations

from pathlib import Path

from generator.projects.files import load_filled
from generator.publish.atomic import write_into, write_text_atomic
from generator.publish.guard import guard_output_file
from generator.settings import Settings


def export_checklist(
    settings: Settings, reference: str, fmt: str, output: str | None, *, base: Path
) -> str | None:
    """A project's checklist in ``fmt``: returned when ``output`` is None, else written there.

    ``output`` is checked before anything is done: it can never be a playbook, a project or
    any other input. A FIFO or a terminal is written into; a file is replaced atomically (its
    symlink, if it is one, stays).
    """
    from generator.export.registry import export
    from generator.render.pages import PageRenderer

    target = (
        guard_output_file(settings, output, option="-o", base=base) if output is not None else None
    )
    filled = load_filled(settings, reference)
    text = export(filled, fmt, PageRenderer(settings.templates_path, settings.root))
    if target is None:
        return text
    if target.stream:
        write_into(target.path, text.encode("utf-8"))
    else:
        write_text_atomic(target.path, text)
    return None
