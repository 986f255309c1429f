"""The relation component's word lists (``extractors/data/relation_lexicon.yaml``), validated once."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from geokg.schemas.errors import DataFileError
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

__all__ = ["RelationLexicon", "load_relation_lexicon"]

DEFAULT = Path(__file__).resolve().parent / "data" / "relation_lexicon.yaml"


class _Words(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RoleWords(_Words):
    """How titles before and after a name are read."""

    title_modifiers: frozenset[str]
    not_current: frozenset[str]
    deputy_words: frozenset[str]
    member_heads: tuple[str, ...]
    state_titles: tuple[str, ...]
    stop: frozenset[str]
    dateline_pattern: str
    org_nouns: frozenset[str]
    edge_nouns: frozenset[str]
    subunit_nouns: frozenset[str]
    state_body_words: frozenset[str]
    led_groups: frozenset[str]
    member_groups: frozenset[str]
    listing_words: frozenset[str]
    leading_verbs: frozenset[str]
    membership_nouns: frozenset[str]

    @field_validator("dateline_pattern")
    @classmethod
    def _compiles(cls, v: str) -> str:
        re.compile(v)
        return v


class ModalityWords(_Words):
    """Negation, hedges, plans and reported speech (lemmas unless said otherwise)."""

    negation: frozenset[str]
    negating_verbs: frozenset[str]
    hedge_modals: frozenset[str]
    hedge_words: frozenset[str]
    hedge_verbs: frozenset[str]
    object_control_verbs: frozenset[str]
    conditional_marks: frozenset[str]
    conditional_pairs: tuple[tuple[str, ...], ...]
    precondition_marks: frozenset[str]
    precondition_words: frozenset[str]
    plan_modals: frozenset[str]
    plan_verbs: frozenset[str]
    plan_words: frozenset[str]
    reporting_verbs: frozenset[str]
    accusation_verbs: frozenset[str]
    nonevent_governors: frozenset[str]
    judging_governors: frozenset[str]
    owner_participles: frozenset[str]
    actor_nouns: frozenset[str]
    carrier_nouns: frozenset[str]
    quantity_nouns: frozenset[str]
    agentive_nouns: frozenset[str]


class FunctionWords(_Words):
    """Function words the word-order rules read."""

    prepositions: frozenset[str]
    determiners: frozenset[str]
    clause_boundaries: frozenset[str]
    be_forms: frozenset[str]
    copulas: frozenset[str]
    possessive_marks: frozenset[str]
    quantifiers: frozenset[str]
    noun_heads: frozenset[str]
    kind_nouns: frozenset[str]
    not_title_words: frozenset[str]
    media_words: frozenset[str]


class RelationLexicon(_Words):
    """All word lists of ``geokg_relations``."""

    roles: RoleWords
    modality: ModalityWords
    words: FunctionWords


def load_relation_lexicon(path: str | Path | None = None) -> RelationLexicon:
    """Return the validated lexicon (default: the bundled one), cached per path.

    Examples:
        >>> "minister" in load_relation_lexicon().roles.state_titles
        True
    """
    return _load(str(Path(path).resolve()) if path else str(DEFAULT))


@lru_cache(maxsize=4)
def _load(path: str) -> RelationLexicon:
    import yaml

    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        return RelationLexicon.model_validate(data)
    except (OSError, yaml.YAMLError) as exc:
        raise DataFileError(f"{path}: cannot read the relation lexicon ({exc})") from exc
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(x) for x in first["loc"])
        raise DataFileError(f"{path}: invalid relation lexicon at {where}: {first['msg']}") from exc
