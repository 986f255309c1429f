"""Read hard-wrapped text (wire copy, e-mail, PDF) exactly like the same text unwrapped.

A line break inside a paragraph is layout, not language: "Finance Minister Henri\\nMarchand" is one name.
spaCy's tokenizer keeps such a newline as a whitespace token, which splits names, titles and clauses for every
component after it. :class:`UnwrapTokenizer` tokenizes the text with each single in-paragraph newline read as
a space. The replacement keeps the text's length, so every character offset still points into the original
text (records slice evidence from the document as read). Blank lines, a newline before
indentation (a new paragraph in wire copy) and a newline after a line with no lower-case letter (a headline
or a dateline in capitals) are kept, so paragraph, headline and dateline boundaries stay where they were.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from spacy.tokens import Doc

__all__ = ["UnwrapTokenizer", "unwrap"]

# a newline between two non-space characters, optionally with trailing spaces before it
_WRAP = re.compile(r"(?<=\S)([ \t]*)\r?\n(?=[^\s])")


def unwrap(text: str) -> str:
    """Return ``text`` with in-paragraph line breaks read as spaces (same length).

    Examples:
        >>> unwrap("Finance Minister Henri\\nMarchand said.\\n\\nNEW PARAGRAPH")
        'Finance Minister Henri Marchand said.\\n\\nNEW PARAGRAPH'
        >>> len(unwrap("a\\r\\nb")) == len("a\\r\\nb")
        True
        >>> unwrap("OUTPUT FALLS\\nOSLO 1996-08-22\\nOutput fell in\\nJuly.")
        'OUTPUT FALLS\\nOSLO 1996-08-22\\nOutput fell in July.'
    """
    if "\n" not in text:
        return text

    def join(m: re.Match[str]) -> str:
        line = text[text.rfind("\n", 0, m.start()) + 1 : m.start()]
        if not any(c.islower() for c in line):  # a headline or a dateline line ends here
            return m.group(0)
        return m.group(1) + " " * (len(m.group(0)) - len(m.group(1)))

    return _WRAP.sub(join, text)


class UnwrapTokenizer:
    """Wrap a spaCy tokenizer so that hard-wrapped text tokenizes as unwrapped text (offsets unchanged)."""

    def __init__(self, tokenizer: Callable[[str], Doc]) -> None:
        self.inner = tokenizer

    def __call__(self, text: str) -> Doc:
        return self.inner(unwrap(text))

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterator[Doc]:
        for text in texts:
            yield self(text)

    def __getattr__(self, name: str) -> Any:  # vocab, rules, to_bytes/from_disk ...: the inner tokenizer's
        if name == "inner":
            raise AttributeError(name)
        return getattr(self.inner, name)
