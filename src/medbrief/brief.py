"""The Brief: the JSON contract of `ask` (see DESIGN.md). Keep field names stable; add, never rename.

`brief.schema.json` beside this module is generated from these models (`medbrief schema` prints it;
a test keeps the two equal).
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Support(_Model):
    """Where a statement comes from: the exact span of a stored passage."""

    ref: int = Field(description="Reference number this support belongs to.")
    passage_id: str
    start: int = Field(ge=0, description="Character offset into the stored passage text.")
    end: int = Field(ge=0)
    quote: str = Field(description="The stored passage text between start and end, verbatim.")


class Statement(_Model):
    """One sentence of the brief, cited and checkable."""

    text: str
    citations: list[int]
    support: list[Support]
    facet: str | None = None
    grade: str | None = Field(default=None, description="Guideline grade or category, as the source gives it.")
    evidence: str | None = Field(default=None, description="Guideline evidence type or level, as given.")


class Block(_Model):
    heading: str | None = None
    statements: list[Statement]


class BriefSection(_Model):
    tier: Literal["guideline", "label", "research"]
    title: str
    blocks: list[Block]


class Reference(_Model):
    n: int
    doc_id: str
    tier: Literal["guideline", "label", "research"]
    title: str
    source: str
    url: str | None = None
    date: str | None = None
    study_type: str | None = None
    version: str | None = None
    manufacturer: str | None = None
    labels_agreeing: int | None = Field(default=None, description="Labels in the corpus that share this label's text.")
    body: str | None = None
    year: int | None = None
    grade: str | None = None


class CorpusInfo(_Model):
    documents: int
    passages: int
    built: str | None = None


class Brief(_Model):
    question: str
    drugs: list[str]
    facets: list[str]
    sections: list[BriefSection]
    references: list[Reference]
    notes: list[str]
    corpus: CorpusInfo

    def to_json_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json")


def generated_schema() -> dict[str, Any]:
    """The JSON Schema of the Brief, generated from the models."""
    schema = Brief.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://medbrief.invalid/brief.schema.json"
    return schema


@cache
def shipped_schema() -> dict[str, Any]:
    """The schema file shipped in the package."""
    text = resources.files("medbrief").joinpath("brief.schema.json").read_text(encoding="utf-8")
    return dict(json.loads(text))


# Set by the test suite (tests/conftest.py): every brief a test composes is then checked against the schema, also
# where a command validates only what it prints as JSON (`medbrief ask --json`; see `pipeline.ask`).
VALIDATE_EVERY_BRIEF = False


@cache
def _validator() -> Any:
    import jsonschema  # imported here: only a brief printed as JSON (or served) pays for it

    cls = jsonschema.validators.validator_for(shipped_schema())
    # The schema itself is not checked against the metaschema here (~0.02 s per process): it is generated and
    # shipped with the package, and a test checks it (tests/cli/test_cli.py).
    return cls(shipped_schema())


def validate(data: dict[str, Any]) -> None:
    """Validate a Brief dict against the shipped schema; raises jsonschema.ValidationError."""
    _validator().validate(data)
