"""Record models (CONTRACT.md "Extraction record") and the relation ontology entry."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

__all__ = [
    "ENTITY_TYPES",
    "MODALITIES",
    "Dateline",
    "Document",
    "Entity",
    "Evidence",
    "Extraction",
    "Mention",
    "Ontology",
    "OntologyEntry",
    "Relation",
    "json_schema",
]

EntityType = Literal["country", "person", "organization", "location"]
Modality = Literal["asserted", "reported", "hedged", "negated", "planned"]
ENTITY_TYPES: tuple[str, ...] = ("country", "person", "organization", "location")
MODALITIES: tuple[str, ...] = ("asserted", "reported", "hedged", "negated", "planned")

_RECORD = ConfigDict(extra="forbid", frozen=True)


class Document(BaseModel):
    """One input document as read: its text plus optional metadata."""

    model_config = _RECORD

    doc_id: str = Field(min_length=1)
    text: str
    source: str | None = None
    title: str | None = None
    date: str | None = None
    url: str | None = None
    warnings: list[str] = Field(default_factory=list, description="problems met while reading, e.g. encoding")


class Mention(BaseModel):
    """A span of the document text that names an entity (character offsets, end exclusive)."""

    model_config = _RECORD

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str

    @model_validator(mode="after")
    def _ordered(self) -> Mention:
        if self.end < self.start:
            raise ValueError(f"mention end {self.end} is before its start {self.start}")
        return self


class Entity(BaseModel):
    """A resolved actor: one stable id per real-world country, person, organisation or place.

    Examples:
        >>> Entity(id="country:SYR", type="country", name="Syria", iso3="SYR").id
        'country:SYR'
    """

    model_config = _RECORD

    id: str = Field(pattern=r"^(country|person|organization|location):\S+$")
    type: EntityType
    name: str
    iso3: str | None = None
    country: str | None = Field(default=None, description="entity id of the country a place or body is in")
    aliases: list[str] = Field(default_factory=list)
    mentions: list[Mention] = Field(default_factory=list)


class Evidence(BaseModel):
    """The sentence (or clause) that supports a relation, with character offsets into the document."""

    model_config = _RECORD

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str


class Relation(BaseModel):
    """A typed, directed claim between two entities, with its modality and evidence.

    Examples:
        >>> r = Relation(head="country:ISR", relation="recalled_consultants_from", tail="country:GEO",
        ...              evidence=[Evidence(start=0, end=5, text="Israel")])
        >>> r.modality
        'asserted'
    """

    model_config = _RECORD

    head: str
    relation: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    tail: str
    modality: Modality = "asserted"
    attributed_to: str | None = None
    confidence: float = Field(default=0.5, ge=0.0, le=1.0)
    evidence: list[Evidence] = Field(default_factory=list)
    attributes: dict[str, Any] = Field(default_factory=dict)


class Dateline(BaseModel):
    """The place a wire story is filed from ("LONDON, March 16 -"): where it is written and what it names."""

    model_config = _RECORD

    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    entity: str | None = Field(None, description="entity id of the place (or its country, standing for the state)")


class Extraction(BaseModel):
    """Everything extracted from one document (one line of `geokg extract --format jsonl`)."""

    model_config = _RECORD

    doc_id: str
    source: str | None = None
    title: str | None = None
    date: str | None = None
    dateline: Dateline | None = Field(None, description="the story's dateline place, when it has one")
    entities: list[Entity] = Field(default_factory=list)
    relations: list[Relation] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)


class OntologyEntry(BaseModel):
    """One relation type of the ontology, loaded from data (extractors/data/ontology.yaml)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    label: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    description: str
    symmetric: bool = False
    inverse: str | None = None
    head_types: list[EntityType]
    tail_types: list[EntityType]
    cameo: str = Field(description="CAMEO root code, two digits")
    plover: str = Field(description="PLOVER event type")
    quad_class: Literal["verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict", "none"]
    score: float = Field(ge=-10.0, le=10.0, description="cooperation (+) / conflict (-) score, Goldstein-like")
    triggers: dict[str, list[str]] = Field(
        default_factory=dict, description="trigger lexicon by construction (verbs, nouns, preps, ...)"
    )


class Ontology(BaseModel):
    """The whole relation ontology; labels are unique."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int = 1
    relations: list[OntologyEntry]

    @model_validator(mode="after")
    def _unique(self) -> Ontology:
        seen: set[str] = set()
        for entry in self.relations:
            if entry.label in seen:
                raise ValueError(f"relation label {entry.label!r} is defined twice")
            seen.add(entry.label)
        labels = seen
        for entry in self.relations:
            if entry.inverse and entry.inverse not in labels:
                raise ValueError(f"{entry.label!r} names inverse {entry.inverse!r}, which is not defined")
        return self

    def get(self, label: str) -> OntologyEntry | None:
        """Return the entry for ``label`` or None."""
        for entry in self.relations:
            if entry.label == label:
                return entry
        return None


def json_schema() -> dict[str, Any]:
    """Return the JSON Schema of the extraction record (what `geokg schema` prints).

    Examples:
        >>> json_schema()["title"]
        'Extraction'
    """
    return Extraction.model_json_schema()
