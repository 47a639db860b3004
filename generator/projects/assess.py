"""`playbook assess`: add a dated self-assessment of the playbook's practices to a project file.

The project page's self-assessment form hands back the same file: both write it with
``generator.resolve.maturity.add_assessment``, which adds the new entry's lines after the last
assessment and leaves every other line as it was. The file is replaced atomically, and only
when the edited text reads back as the same project with exactly this assessment added;
anything refused leaves it untouched.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from generator.errors import ContentError, UsageError
from generator.load.documents import parse_document
from generator.model.fields import NOT_ONE_LINE
from generator.model.project import Project
from generator.projects.files import load_project, project_path
from generator.publish.atomic import write_text_atomic
from generator.resolve.maturity import (
    AreaMaturity,
    NewAssessment,
    add_assessment,
    assessment_anchors,
    maturity_of_log,
    practices_of,
)
from generator.settings import Settings
from generator.validate.messages import unknown_names
from generator.validate.project import validate_project_document

SCORES = "0 (not at all) to 4 (fully, and improving)"
MAX_ACTION = 300  # characters, as the project file's model allows


def assess_project(
    settings: Settings,
    reference: str,
    scores: Sequence[str],
    actions: Sequence[str] = (),
    *,
    on: dt.date | None = None,
) -> str:
    """Add the assessment of ``on`` (default: today) with ``scores`` (``PRACTICE=N``) and
    ``actions`` (``PRACTICE=TEXT``); refuse, naming every problem at once, anything that would
    not make a valid file."""
    project = load_project(settings, reference)
    date = on or settings.today or dt.date.today()
    assessment = _new_assessment(project, scores, actions, date)
    path = project_path(settings, reference)
    anchors = assessment_anchors(parse_document(project.text.encode("utf-8"), path, project.source))
    if anchors.section == "flow":
        raise UsageError(
            f"{project.source}: 'assessments' is written in brackets (flow style); put each "
            "assessment on lines of its own ('  - date: ...'), then run assess again"
        )
    refused = UsageError(
        f"cannot add to {project.source} in place without changing other content (anchors, "
        "aliases or an odd layout?); write 'assessments' in plain block style, then run "
        "assess again"
    )
    try:
        text = add_assessment(project.text, anchors, assessment)
    except ValueError:  # an 'assessments: []' line it cannot take apart
        raise refused from None
    try:
        edited = validate_project_document(
            parse_document(text.encode("utf-8"), path, project.source),
            {project.playbook.id: project.playbook},
        )
    except ContentError:
        raise refused from None
    before = project.file.model_dump(exclude={"assessments"})
    if edited.file.model_dump(exclude={"assessments"}) != before or edited.file.assessments != [
        *project.file.assessments,
        assessment.as_model(),
    ]:
        raise refused
    write_text_atomic(path, text)
    return _report(project, edited, assessment)


def _new_assessment(
    project: Project, scores: Sequence[str], actions: Sequence[str], date: dt.date
) -> NewAssessment:
    """The assessment the options give, or a UsageError naming every problem with them."""
    playbook = project.playbook
    practices = [practice.id for practice in practices_of(playbook)]
    problems: list[str] = []
    unknown: list[str] = []
    scored: dict[str, int] = {}
    for given in scores:
        practice, sep, value = given.partition("=")
        if not sep:
            problems.append(f"--score '{given}': write PRACTICE=SCORE, like monitor-progress=3")
        elif practice not in practices:
            unknown.append(practice)
        elif practice in scored:
            problems.append(f"--score gives '{practice}' twice")
        elif value not in ("0", "1", "2", "3", "4"):
            problems.append(f"--score {practice}='{value}': a score is {SCORES}")
        else:
            scored[practice] = int(value)
    named = {given.partition("=")[0] for given in scores}
    written: dict[str, str] = {}
    for given in actions:
        practice, sep, value = given.partition("=")
        text = value.strip()
        if not sep:
            problems.append(f"--action '{given}': write PRACTICE=TEXT, like monitor-progress=...")
        elif practice not in practices:
            unknown.append(practice)
        elif practice in written:
            problems.append(f"--action gives '{practice}' twice")
        elif practice not in named:
            problems.append(f"--action for '{practice}' needs its score: add --score {practice}=N")
        elif not text:
            problems.append(f"--action for '{practice}' is empty")
        elif NOT_ONE_LINE.search(text):
            problems.append(
                f"--action for '{practice}' must be one line, without control characters"
            )
        elif len(text) > MAX_ACTION:
            problems.append(
                f"--action for '{practice}' is too long (at most {MAX_ACTION} characters)"
            )
        else:
            written[practice] = text
    if unknown:
        where = f"playbook '{playbook.id}'"
        problems.insert(
            0, unknown_names("practice", list(dict.fromkeys(unknown)), practices, where)
        )
    if not scores:
        problems.append(f"give at least one --score PRACTICE=N, N from {SCORES}")
    log = project.file.assessments
    if any(entry.date == date for entry in log):
        problems.append(
            f"{project.source} already has an assessment on {date}; give another --date, or "
            "edit that one in the file"
        )
    elif log and date < log[-1].date:
        problems.append(
            f"the latest assessment in {project.source} is of {log[-1].date}; a new one must "
            f"come after it (assessments are kept oldest first), not on {date}"
        )
    if problems:
        raise UsageError("; ".join(problems))
    order = {practice: index for index, practice in enumerate(practices)}
    return NewAssessment(
        date,
        tuple(sorted(scored.items(), key=lambda pair: order[pair[0]])),
        tuple(sorted(written.items(), key=lambda pair: order[pair[0]])),
    )


def _report(before: Project, after: Project, assessment: NewAssessment) -> str:
    scored, acted = len(assessment.scores), len(assessment.actions)
    lines = [
        f"Recorded the self-assessment of {assessment.date} in {before.source}: "
        f"{scored} practice{'s' if scored != 1 else ''} scored, "
        f"{acted} action{'s' if acted != 1 else ''}.",
        "Maturity by practice area (0 to 4):",
    ]
    areas = maturity_of_log(practices_of(after.playbook), after.file.assessments)
    lines += [f"  {area.label}: {_change(area)}" for area in areas if area.now is not None]
    return "\n".join(lines) + "\n"


def _change(area: AreaMaturity) -> str:
    if area.previous is None:
        return f"{area.now_text} (not assessed before)"
    if area.trend == "steady":
        return f"{area.now_text} (steady)"
    return f"{area.now_text} ({area.trend} from {area.previous_text})"
