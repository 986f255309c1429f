"""Read inputs as a stream of :class:`~geokg.schemas.Document` (or :class:`~geokg.errors.DocumentError`).

Bad input is reported per document and never stops the stream: empty or whitespace-only text, binary files
(NUL bytes), text that is not UTF-8 (UTF-8 with or without BOM and UTF-16 with a BOM are read; anything else
is decoded as Windows-1252 with a warning in the record, so nothing is lost), files over ``max_chars``,
malformed JSON lines and records without ``text``.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from geokg.errors import DocumentError, InputError
from geokg.schemas import Document

__all__ = ["DEFAULT_MAX_CHARS", "TEXT_SUFFIXES", "iter_documents", "decode_bytes", "html_to_text"]

DEFAULT_MAX_CHARS = 5_000_000
TEXT_SUFFIXES = {".txt", ".md", ".text", ".html", ".htm", ".json", ".jsonl", ".ndjson"}


def decode_bytes(raw: bytes) -> tuple[str, str | None]:
    """Decode document bytes; return (text, warning or None).

    Examples:
        >>> decode_bytes("Zürich".encode("utf-8"))
        ('Zürich', None)
        >>> decode_bytes("Zürich".encode("cp1252"))[1]
        'not valid UTF-8; decoded as Windows-1252'
    """
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace"), None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16"), None
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace"), "not valid UTF-8; decoded as Windows-1252"


class _Text(HTMLParser):
    _SKIP = {"script", "style", "noscript", "template", "head", "svg"}
    _BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article", "blockquote",
              "title", "header", "footer"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0
        self.title: str | None = None
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self.skip += 1
        if tag == "title":
            self._in_title = True
        if tag in self._BLOCK:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP and self.skip:
            self.skip -= 1
        if tag == "title":
            self._in_title = False
        if tag in self._BLOCK:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title = (self.title or "") + data.strip()
        elif not self.skip:
            self.parts.append(data)


def html_to_text(html: str) -> tuple[str, str | None]:
    """Visible text of an HTML page (scripts and styles dropped) and its <title>.

    Examples:
        >>> html_to_text("<html><head><title>T</title><script>x()</script></head><p>Hello <b>world</b></p></html>")
        ('Hello world', 'T')
    """
    p = _Text()
    p.feed(html)
    p.close()
    text = "".join(p.parts)
    lines = [" ".join(line.split()) for line in text.split("\n")]
    out = "\n".join(lines)
    while "\n\n\n" in out:
        out = out.replace("\n\n\n", "\n\n")
    return out.strip(), p.title


def _check(doc_id: str, text: str, max_chars: int) -> None:
    if not text.strip():
        raise DocumentError(doc_id, "empty document (no text)")
    if len(text) > max_chars:
        raise DocumentError(doc_id, f"document has {len(text):,} characters, over the limit of {max_chars:,} "
                                    f"(split it, or raise --max-chars)")


def _record(rec: Any, fallback_id: str, source: str, max_chars: int, warning: str | None) -> Document:
    if not isinstance(rec, dict):
        raise DocumentError(fallback_id, f"JSON record is a {type(rec).__name__}, expected an object with 'text'")
    doc_id = str(rec.get("id") or rec.get("doc_id") or fallback_id)
    text = rec.get("text")
    if not isinstance(text, str):
        raise DocumentError(doc_id, "JSON record has no 'text' string")
    _check(doc_id, text, max_chars)
    meta = {k: (str(rec[k]) if rec.get(k) is not None else None) for k in ("title", "date", "url")}
    return Document(doc_id=doc_id, text=text, source=source, **meta)


def _read_jsonl(path: Path, stem: str, max_chars: int) -> Iterator[Document | DocumentError]:
    """Stream a JSONL file line by line (corpora can be far larger than memory)."""
    try:
        f = path.open("rb")
    except OSError as exc:
        yield DocumentError(stem, f"cannot read {path}: {exc.strerror or exc}")
        return
    with f:
        for n, raw in enumerate(f, 1):
            if not raw.strip():
                continue
            line, warning = decode_bytes(raw[3:] if n == 1 and raw.startswith(b"\xef\xbb\xbf") else raw)
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                yield DocumentError(f"{stem}#{n}", f"line {n} is not valid JSON ({exc.msg})")
                continue
            try:
                yield _with_warning(_record(rec, f"{stem}#{n}", str(path), max_chars, warning), warning)
            except DocumentError as err:
                yield err


def _read_file(path: Path, max_chars: int, stem: str | None = None) -> Iterator[Document | DocumentError]:
    stem = stem or path.stem
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        yield from _read_jsonl(path, stem, max_chars)
        return
    try:
        size = path.stat().st_size
        if suffix != ".json" and size > 4 * max_chars + 4:
            yield DocumentError(stem, f"file is {size:,} bytes, over the limit of {max_chars:,} characters "
                                      f"(split it, or raise --max-chars)")
            return
        raw = path.read_bytes()
    except OSError as exc:
        yield DocumentError(stem, f"cannot read {path}: {exc.strerror or exc}")
        return
    yield from _read_bytes(raw, suffix, stem, str(path), max_chars)


def _read_bytes(raw: bytes, suffix: str, stem: str, source: str, max_chars: int) -> Iterator[Document | DocumentError]:
    if b"\x00" in raw[:8192] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        yield DocumentError(stem, "binary file (NUL bytes); expected text, HTML or JSON")
        return
    text, warning = decode_bytes(raw)
    if suffix == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            yield DocumentError(stem, f"not valid JSON ({exc.msg} at line {exc.lineno})")
            return
        recs = data if isinstance(data, list) else [data]
        for n, rec in enumerate(recs, 1):
            try:
                yield _with_warning(_record(rec, stem if len(recs) == 1 else f"{stem}#{n}", source, max_chars,
                                            warning), warning)
            except DocumentError as err:
                yield err
        return
    title = None
    if suffix in (".html", ".htm"):
        text, title = html_to_text(text)
    try:
        _check(stem, text, max_chars)
    except DocumentError as err:
        yield err
        return
    yield _with_warning(Document(doc_id=stem, text=text, source=source, title=title), warning)


def _with_warning(doc: Document, warning: str | None) -> Document:
    return doc.model_copy(update={"warnings": [*doc.warnings, warning]}) if warning else doc


def iter_documents(inputs: list[str], *, max_chars: int = DEFAULT_MAX_CHARS,
                   notes: list[str] | None = None) -> Iterator[Document | DocumentError]:
    """Yield documents from files, directories (recursively, sorted) and ``-`` (standard input).

    Raises:
        geokg.errors.InputError: an input path does not exist (checked before anything is read).
    """
    for item in inputs:
        if item != "-" and not Path(item).exists():
            raise InputError(f"input not found: {item}")
    for item in inputs:
        if item == "-":
            raw = sys.stdin.buffer.read()
            yield from _read_bytes(raw, ".txt", "-", "-", max_chars)
            continue
        path = Path(item)
        if path.is_dir():
            for f in sorted(p for p in path.rglob("*") if p.is_file()):
                rel = f.relative_to(path)
                if any(part.startswith(".") for part in rel.parts):
                    continue
                if f.suffix.lower() not in TEXT_SUFFIXES:
                    if notes is not None:
                        notes.append(f"skipped {f} (unknown extension {f.suffix or '(none)'})")
                    continue
                yield from _read_file(f, max_chars)
        else:
            yield from _read_file(path, max_chars)
