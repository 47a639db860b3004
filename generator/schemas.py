"""JSON Schemas generated from the models, one per file kind, for editors and other tools."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from generator.kinds import KINDS
from generator.models import PlaybookMeta, ProjectFile

SCHEMA_BASE_URI = "https://playbook.invalid/schemas/"  # an id, never fetched


def schema_models() -> dict[str, type[BaseModel]]:
    models: dict[str, type[BaseModel]] = {"playbook": PlaybookMeta, "project": ProjectFile}
    models.update({kind.url_segment: kind.file_model for kind in KINDS})
    return models


def schema_for(name: str, model: type[BaseModel]) -> dict[str, Any]:
    schema = model.model_json_schema(mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{SCHEMA_BASE_URI}{name}.schema.json",
        **schema,
    }


def write_schemas(out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, model in sorted(schema_models().items()):
        path = out_dir / f"{name}.schema.json"
        path.write_text(
            json.dumps(schema_for(name, model), indent=2, sort_keys=True) + "\n", encoding="utf-8"
        )
        written.append(path)
    return written
