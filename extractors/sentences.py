"""``geokg_sentences``: a rule-based sentence splitter for news text on ``spacy.blank("en")``.

spaCy's Sentencizer splits after every "." token; news text is full of abbreviations ("Gen.", "Lt. Col.",
"U.S.") and paragraph breaks that carry more signal than punctuation. This component:

- starts a sentence after ``.``, ``!``, ``?`` (and closing quotes/brackets that follow them) unless the
  token before the period is a known abbreviation or an initial ("George W. Bush");
- always starts a sentence after a blank line (headlines, datelines and bylines become their own sentences).
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import numpy
from geokg.schemas.errors import DataFileError
from pydantic import BaseModel, ConfigDict, Field
from spacy.language import Language
from spacy.tokens import Doc

__all__ = ["SentenceSplitter", "make_sentences"]

DATA_FILE = Path(__file__).resolve().parent / "data" / "sentences.json"


class _SentenceData(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    comment: str = Field("", alias="_comment")
    abbreviations: list[str] = Field(min_length=1)
    sentence_end: list[str] = Field(min_length=1)
    closers: list[str]


@lru_cache(maxsize=4)
def load_sentence_data(path: str | None = None) -> _SentenceData:
    """The splitter's word lists (default ``data/sentences.json``), validated.

    Raises:
        geokg.errors.DataFileError: the file is missing or malformed.
    """
    p = Path(path) if path else DATA_FILE
    try:
        return _SentenceData.model_validate(json.loads(p.read_text(encoding="utf-8")))
    except (OSError, ValueError) as exc:  # pydantic's ValidationError is a ValueError
        raise DataFileError(f"{p}: not a valid sentence-splitting data file: {exc}") from exc


class SentenceSplitter:
    """Set ``token.is_sent_start`` for every token of a Doc."""

    def __init__(self, abbreviations: list[str] | None = None, data_file: str | None = None) -> None:
        data = load_sentence_data(data_file)
        self.abbreviations = {a.lower() for a in (data.abbreviations if abbreviations is None else abbreviations)}
        self.ends = set(data.sentence_end)
        self.closers = set(data.closers)

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if n == 0:
            return doc
        # work on plain lists (token texts and trailing spaces) and write the result back in one array call
        strings = doc.vocab.strings
        words = [strings[o] for o in doc.to_array("ORTH").tolist()]
        space = (doc.to_array("SPACY") == 1).tolist()
        starts = [False] * n
        starts[0] = True
        ends = self.ends
        i = 0
        # only a line break, a sentence-final mark or a word with a period can end a sentence: visit those
        for c in [k for k, w in enumerate(words) if w in ends or w[-1:] == "." or "\n" in w]:
            if c < i:
                continue  # a closer taken with the sentence end before
            i = c
            text = words[i]
            if text.isspace() and text.count("\n") >= 2 and i + 1 < n:
                starts[i + 1] = True
            elif text in ends or (text.endswith(".") and len(text) > 1
                                  and text[:-1].lower() not in self.abbreviations
                                  and not _is_initialism(text)):
                if text == "." and i > 0 and self._is_abbrev(words[i - 1]):
                    continue
                j = i + 1
                # closing quotes/brackets glued to the period belong to this sentence; after a space they open the next
                while j < n and not space[j - 1] and (words[j] in self.closers or words[j] in ends):
                    j += 1
                if j < n:
                    if words[j].isspace() and j + 1 < n:
                        j += 1
                    nxt = words[j]
                    if not nxt.islower() or nxt[:1] in '"“':
                        starts[j] = True
                i = j
        # SENT_START: 1 starts a sentence, -1 does not (spaCy stores both in uint64 arrays)
        arr = numpy.array([1 if x else -1 for x in starts], dtype="int64").astype("uint64").reshape(-1, 1)
        doc.from_array(["SENT_START"], arr)
        return doc

    def _is_abbrev(self, text: str) -> bool:
        t = text.lower()
        return t in self.abbreviations or (len(t) == 1 and text.isupper())


def _is_initialism(text: str) -> bool:
    """True for tokens like "U.S." or "W." that end in a period but do not end a sentence."""
    core = text[:-1]
    return len(core) <= 1 or "." in core


@Language.factory(
    "geokg_sentences",
    assigns=["token.is_sent_start"],
    default_config={"abbreviations": None, "data_file": None},
)
def make_sentences(nlp: Language, name: str, abbreviations: list[str] | None, data_file: str | None
                   ) -> SentenceSplitter:
    """Build the sentence splitter (``abbreviations`` replaces the data file's list; ``data_file`` another file)."""
    return SentenceSplitter(abbreviations=abbreviations, data_file=data_file)
