"""JSON Schemas generated from the models, one per file kind, for editors and other tools."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from generator.model.calendar import CalendarFile
from generator.model.kinds import KINDS
from generator.model.playbook import PlaybookMeta
from generator.model.project import ProjectFile

SCHEMA_BASE_URI = "https://playbook.invalid/schemas/"  # an id, never fetched


def schema_models() -> dict[str, type[BaseModel]]:
    models: dict[str, type[BaseModel]] = {
        "playbook": PlaybookMeta,
        "project": ProjectFile,
        "calendar": CalendarFile,
    }
    models.update({kind.url_segment: kind.file_model for kind in KINDS})
    return models


def schema_for(name: str, model: type[BaseModel]) -> dict[str, Any]:
    schema = model.model_json_schema(mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{SCHEMA_BASE_URI}{name}.schema.json",
        **schema,
    }


def schema_texts() -> dict[str, str]:
    """Each schema file's name and text."""
    return {
        f"{name}.schema.json": json.dumps(schema_for(name, model), indent=2, sort_keys=True) + "\n"
        for name, model in sorted(schema_models().items())
    }


def holds_only_schemas(folder: Path) -> bool:
    """A folder of ours to replace: nothing in it but JSON Schemas."""
    return all(entry.name.endswith(".schema.json") for entry in folder.iterdir())
