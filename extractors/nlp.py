"""Assemble the default offline pipeline, or plug geokg's components into a user's trained pipeline."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import spacy
from geokg.extractors import _doc  # noqa: F401  (extensions)
from geokg.extractors.unwrap import UnwrapTokenizer
from spacy.language import Language

__all__ = ["build_pipeline"]


def build_pipeline(
    model: str | Path | None = None,
    *,
    alias_file: str | Path | None = None,
    relations: bool = True,
    fast: bool = False,
    syntax_model: str | Path | None = None,
) -> Language:
    """Return a spaCy pipeline with geokg's components.

    Args:
        model: None for the default rule- and gazetteer-based pipeline on ``spacy.blank("en")``, or the
            name or path of an installed trained spaCy pipeline whose tagger/parser/NER geokg then uses.
        alias_file: optional YAML or JSON file of user actors that add to or override the gazetteer.
        relations: add the relation component (False gives entities only, e.g. for benchmarks).
        fast: leave out geokg's tagger and parser (``geokg_syntax``); relation rules then read word order only.
        syntax_model: path of another tagger+parser pipeline for ``geokg_syntax`` (default: the bundled one).

    Raises:
        geokg.errors.ModelNotFound: ``model`` is neither an installed package nor a pipeline directory.

    Examples:
        >>> nlp = build_pipeline()
        >>> [name for name in nlp.pipe_names if name.startswith("geokg")]
        ['geokg_sentences', 'geokg_actors', 'geokg_syntax', 'geokg_relations']
    """
    if model is None:
        nlp = spacy.blank("en")
        _split_abbreviation_pairs(nlp)
    else:
        try:
            nlp = spacy.load(model)
        except OSError as exc:
            from geokg.schemas.errors import ModelNotFound

            raise ModelNotFound(
                f"spaCy pipeline {str(model)!r} is not installed and is not a pipeline directory "
                f"(install it with pip, or leave out --model for the offline default)"
            ) from exc
    if not isinstance(nlp.tokenizer, UnwrapTokenizer):
        nlp.tokenizer = UnwrapTokenizer(nlp.tokenizer)
    if not (nlp.has_pipe("parser") or nlp.has_pipe("senter") or nlp.has_pipe("sentencizer")):
        nlp.add_pipe("geokg_sentences", first=True)
    if "lemmatizer" not in nlp.pipe_names:
        _add_lookup_lemmatizer(nlp)
    actor_cfg: dict[str, Any] = {}
    if alias_file is not None:
        actor_cfg["alias_file"] = str(alias_file)
    nlp.add_pipe("geokg_actors", config=actor_cfg)
    if relations and not fast and not nlp.has_pipe("parser"):
        # a user's trained pipeline with its own parser has parsed every sentence already
        nlp.add_pipe("geokg_syntax", config={"model": str(syntax_model) if syntax_model else None})
    if relations:
        nlp.add_pipe("geokg_relations")
    return nlp


def _split_abbreviation_pairs(nlp: Language) -> None:
    """Split a hyphen between an abbreviation and a capitalised word, as spaCy does between two words:
    "the U.S.-Japan agreement" is "U.S." "-" "Japan" like "the Canada-Japan agreement" ("U.S.-backed" stays)."""
    from spacy.util import compile_infix_regex

    infixes = [*nlp.Defaults.infixes, r"(?<=[A-Z]\.)[-–](?=[A-Z])"]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer


def _add_lookup_lemmatizer(nlp: Language) -> None:
    """Add lookup lemmas from spacy-lookups-data (installed, no download); see ``geokg_lemmas``."""
    nlp.add_pipe("geokg_lemmas", name="lemmatizer")
