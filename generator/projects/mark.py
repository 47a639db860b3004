"""`playbook mark`: record items' progress in a project file, editing only their lines.

The project page's checklist hands back the same file: both edit the text with
``generator.model.projectfile.apply_marks``, so every comment, the key order and every other
line stay as they were.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from generator.errors import ContentError, UsageError
from generator.load.documents import parse_document
from generator.model.project import ItemStatus
from generator.model.projectfile import Mark, apply_marks
from generator.projects.files import load_project, project_path
from generator.publish.atomic import write_text_atomic
from generator.settings import Settings
from generator.validate.messages import unknown_names
from generator.validate.project import validate_project_document


def mark_items(
    settings: Settings,
    reference: str,
    item_ids: Sequence[str],
    state: str,
    *,
    on: dt.date | None,
    note: str | None,
) -> str:
    """Set the state of ``item_ids``; ``done`` is dated today unless ``on`` is given, and each
    item keeps its note unless ``note`` is given (``""`` clears it)."""
    project = load_project(settings, reference)
    playbook = project.playbook
    unknown = [item_id for item_id in item_ids if not playbook.has(item_id)]
    if unknown:
        raise UsageError(
            unknown_names(
                "item", unknown, [item.id for item in playbook.items], f"playbook '{playbook.id}'"
            )
        )
    if project.anchors.section == "flow":
        raise UsageError(
            f"{project.source}: 'status' is written on one line (flow style); put each entry "
            "on its own line, then run mark again"
        )
    today = settings.today or dt.date.today()
    order = {item.id: index for index, item in enumerate(playbook.items)}
    marks = []
    for item_id in sorted(set(item_ids), key=order.__getitem__):
        entry = project.file.status.get(item_id)
        # Marking an item again in the state it has keeps its date: nothing new happened.
        kept = entry.date if entry is not None and entry.state == state else None
        date = on or kept or (today if state == "done" else None)
        kept_note = entry.note if entry is not None else ""
        marks.append(Mark(item_id, state, date, kept_note if note is None else note))  # type: ignore[arg-type]
    refused = UsageError(
        f"cannot edit {project.source} in place without changing other content "
        "(anchors or aliases?); write 'status' in plain block style, then run mark again"
    )
    try:
        text = apply_marks(project.text, project.anchors, marks)
    except ValueError:  # a 'status: {}' line it cannot take apart
        raise refused from None
    path = project_path(settings, reference)
    # The edited file must read back as the same project with only these entries changed.
    try:
        edited = validate_project_document(
            parse_document(text.encode("utf-8"), path, project.source), {playbook.id: playbook}
        )
    except ContentError:  # e.g. an alias whose anchor was on a replaced entry
        raise refused from None
    expected = dict(project.file.status)
    expected.update({m.item_id: _status(m) for m in marks})
    if (
        edited.file.model_dump(exclude={"status"}) != project.file.model_dump(exclude={"status"})
        or edited.file.status != expected
    ):
        raise refused
    write_text_atomic(path, text)
    shown = ", ".join(m.item_id for m in marks)
    return f"Marked {shown} as {state} in {project.source}.\n"


def _status(mark: Mark) -> ItemStatus:
    return ItemStatus(state=mark.state, date=mark.date, note=mark.note)
