"""The kinds of playbook item: where each lives on disk and on the site."""

from __future__ import annotations

from dataclasses import dataclass

from generator.model import items as models
from generator.model.fields import Model
from generator.model.messages import N_


@dataclass(frozen=True)
class Kind:
    name: str  # used in exports and messages, e.g. "case-study"
    file_name: str  # file inside a playbook folder
    list_key: str  # the single top-level key of that file
    file_model: type[Model]
    item_model: type[models.ItemBase]
    url_segment: str  # folder of the kind's pages on the site
    singular: str
    plural: str

    @property
    def article_singular(self) -> str:
        """'a risk', 'a FAQ', 'an artefact template': for messages."""
        word = self.singular if self.singular.isupper() else self.singular.lower()
        return f"{'an' if word[0] in 'aeiou' else 'a'} {word}"


KINDS: tuple[Kind, ...] = (
    Kind(
        "practice",
        "practices.yaml",
        "practices",
        models.PracticesFile,
        models.Practice,
        "practices",
        N_("Best practice"),
        N_("Best practices"),
    ),
    Kind(
        "risk",
        "risks.yaml",
        "risks",
        models.RisksFile,
        models.Risk,
        "risks",
        N_("Risk"),
        N_("Risks"),
    ),
    Kind(
        "case-study",
        "case-studies.yaml",
        "case_studies",
        models.CaseStudiesFile,
        models.CaseStudy,
        "case-studies",
        N_("Case study"),
        N_("Case studies"),
    ),
    Kind("faq", "faqs.yaml", "faqs", models.FaqsFile, models.Faq, "faqs", N_("FAQ"), N_("FAQs")),
    Kind(
        "scope",
        "scope.yaml",
        "scope",
        models.ScopeFile,
        models.ScopeSection,
        "scope",
        N_("Scope section"),
        N_("Scope template"),
    ),
    Kind(
        "task",
        "tasks.yaml",
        "tasks",
        models.TasksFile,
        models.Task,
        "tasks",
        N_("Kickoff task"),
        N_("Kickoff tasks"),
    ),
    Kind(
        "template",
        "templates.yaml",
        "templates",
        models.TemplatesFile,
        models.Template,
        "templates",
        N_("Artefact template"),
        N_("Artefact templates"),
    ),
)
KINDS_BY_NAME = {kind.name: kind for kind in KINDS}
KINDS_BY_FILE = {kind.file_name: kind for kind in KINDS}
PLAYBOOK_FILE = "playbook.yaml"


def kind_of(item: models.ItemBase) -> Kind:
    for kind in KINDS:
        if type(item) is kind.item_model:
            return kind
    raise TypeError(f"not a playbook item: {type(item).__name__}")
