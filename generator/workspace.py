"""Where things are in a project folder, and the settings every stage shares."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from generator.errors import UsageError
from generator.paths import inside


@dataclass(frozen=True)
class Settings:
    """What the CLI options and the MkDocs plugin's config both boil down to."""

    root: Path
    playbooks_dir: str = "playbooks"
    projects_dir: str = "projects"
    content_dir: str = "content"
    templates_dir: str | None = None
    today: dt.date | None = None  # fixes "overdue" so builds are reproducible

    @property
    def playbooks_path(self) -> Path:
        return inside(self.root, self.playbooks_dir, "playbooks folder")

    @property
    def projects_path(self) -> Path:
        return inside(self.root, self.projects_dir, "projects folder")

    @property
    def content_path(self) -> Path:
        return inside(self.root, self.content_dir, "content folder")

    @property
    def templates_path(self) -> Path | None:
        if self.templates_dir is None:
            return None
        path = inside(self.root, self.templates_dir, "templates folder")
        if not path.is_dir():
            raise UsageError(
                f"templates folder '{self.templates_dir}' does not exist in {self.root}"
            )
        return path

    def check_root(self) -> None:
        if not self.root.is_dir():
            raise UsageError(f"project folder '{self.root}' does not exist")
        if not self.playbooks_path.is_dir():
            raise UsageError(
                f"no '{self.playbooks_dir}/' folder in {self.root}; "
                "is --root pointing at a playbook project?"
            )
