"""Help in the editor: every property of every JSON Schema has a description and an example,
and every example is a value the models accept."""

from __future__ import annotations

import json
import typing
from collections.abc import Iterator
from typing import Annotated, Any

import pytest
from pydantic import BaseModel, Field, TypeAdapter, ValidationError

from generator.model.fields import ItemId, Model
from generator.publish.schemas import schema_for, schema_models, schema_texts

# Keywords whose values are schemas, or lists or mappings of schemas. Values of other keywords
# (`examples`, `default`, `enum`, ...) are data, and a key named `properties` inside them is not
# a schema's.
_SCHEMA = ("items", "additionalProperties", "not", "contains", "propertyNames")
_SCHEMA_LISTS = ("anyOf", "oneOf", "allOf", "prefixItems")
_SCHEMA_MAPPINGS = ("$defs", "properties", "patternProperties")


def properties_without_help(schema: dict[str, Any], where: str = "#") -> list[str]:
    """The path of each property, anywhere in ``schema``, that lacks a description or
    examples, with what it lacks."""
    missing = []
    for name, prop in schema.get("properties", {}).items():
        lacks = [key for key in ("description", "examples") if not prop.get(key)]
        if lacks:
            missing.append(f"{where}/properties/{name}: no {' and no '.join(lacks)}")
    for key in _SCHEMA:
        if isinstance(schema.get(key), dict):
            missing += properties_without_help(schema[key], f"{where}/{key}")
    for key in _SCHEMA_LISTS:
        for index, sub in enumerate(schema.get(key, [])):
            missing += properties_without_help(sub, f"{where}/{key}/{index}")
    for key in _SCHEMA_MAPPINGS:
        for name, sub in schema.get(key, {}).items():
            missing += properties_without_help(sub, f"{where}/{key}/{name}")
    return missing


def test_every_property_of_every_schema_has_a_description_and_an_example() -> None:
    texts = schema_texts()
    assert len(texts) == 10
    missing = [
        f"{name} {path}"
        for name, text in sorted(texts.items())
        for path in properties_without_help(json.loads(text))
    ]
    assert missing == []


def test_the_check_reaches_nested_models_and_array_items() -> None:
    class Inner(Model):
        label: str
        weight: int = Field(default=1, description="How much it counts.")

    class Entry(Model):
        name: str = Field(description="A name.", examples=["x"])
        inner: list[Inner] = Field(default_factory=list, description="Inner ones.")

    class File(Model):
        entries: list[Entry] = Field(description="The entries.", examples=[[]])
        by_id: dict[str, Inner] = Field(default_factory=dict, examples=[{}])

    assert properties_without_help(schema_for("file", File)) == [
        "#/properties/by_id: no description",
        "#/$defs/Entry/properties/inner: no examples",
        "#/$defs/Inner/properties/label: no description and no examples",
        "#/$defs/Inner/properties/weight: no examples",
    ]


def test_the_check_reaches_inline_objects_inside_arrays_and_unions() -> None:
    schema = {
        "type": "object",
        "properties": {
            "rows": {
                "description": "Rows.",
                "examples": [[]],
                "items": {"type": "object", "properties": {"cell": {"description": "A cell."}}},
            },
            "either": {
                "description": "One or the other.",
                "examples": [1],
                "anyOf": [{"type": "object", "properties": {"x": {"examples": [1]}}}],
            },
            "sample": {
                "description": "Data, not a schema.",
                "examples": [{"properties": {"not-a-property": {}}}],
            },
        },
    }

    assert properties_without_help(schema) == [
        "#/properties/rows/items/properties/cell: no examples",
        "#/properties/either/anyOf/0/properties/x: no description",
    ]


# --- every example is valid -----------------------------------------------------------------


def _models_in(annotation: Any) -> Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
        return
    for argument in typing.get_args(annotation):
        yield from _models_in(argument)


def invalid_examples(models: list[type[BaseModel]]) -> list[str]:
    """Each example, of every field of these models and the models inside them, that the
    field's type refuses (strictly, as the loader validates files)."""
    seen: set[type[BaseModel]] = set()
    invalid: list[str] = []
    pending = list(models)
    while pending:
        model = pending.pop()
        if model in seen:
            continue
        seen.add(model)
        for name, field in model.model_fields.items():
            adapter: TypeAdapter[Any] = TypeAdapter(Annotated[field.annotation, field])
            for example in field.examples or []:
                try:
                    adapter.validate_python(example, strict=True)
                except ValidationError:
                    invalid.append(f"{model.__name__}.{name}: {example!r}")
            pending += _models_in(field.annotation)
    return sorted(invalid)


def test_every_example_is_a_valid_value() -> None:
    models = list(schema_models().values())
    assert invalid_examples(models) == []


@pytest.mark.parametrize(
    ("annotation", "example"),
    [(ItemId, "Not An Id"), (int, "3"), (list[ItemId], ["ok", "NOT OK"])],
)
def test_an_invalid_example_is_named(annotation: Any, example: Any) -> None:
    class Sample(Model):
        value: annotation = Field(description="A value.", examples=[example])  # type: ignore[valid-type]

    class Holder(Model):
        samples: list[Sample] = Field(description="Samples.", examples=[[]])

    assert invalid_examples([Holder]) == [f"Sample.value: {example!r}"]
