"""Read inputs as a stream of :class:`~geokg.schemas.Document` (or :class:`~geokg.errors.DocumentError`).

Every input is untrusted. The readers guarantee:

- **Nothing crashes, nothing is lost.** A bad file or a bad JSON line becomes one ``DocumentError`` whose
  ``doc_id`` is where the problem is (``corpus/records.jsonl:3``) and whose reason says what is wrong and
  what to do; the stream goes on with the next document.
- **Bounded memory.** Sizes are checked before a file is read (``stat``), FIFOs and devices are read in
  chunks and abandoned past the limit, JSONL is streamed line by line with a bounded line length, JSON
  nesting is bounded. ``/dev/zero`` or a multi-gigabyte file is refused, not read.
- **Encodings are detected, never silently garbled.** UTF-8 (with or without BOM), UTF-16/UTF-32 with a
  BOM, UTF-16 without a BOM, a ``<meta charset>`` in HTML, then Windows-1252 / Latin-1; anything but plain
  UTF-8 adds a warning to the record. Binary files (images, PDF, archives, executables, random bytes) are
  refused; a stray NUL in good text is replaced by a space (offsets stay aligned) with a warning.
- **Nothing is opened that the user did not name.** File paths inside JSON records are data, never opened;
  directories are walked without following a symbolic link twice (loops are reported, not followed);
  FIFOs, sockets and devices inside directories are skipped (only read when named on the command line).
"""

from __future__ import annotations

import errno
import json
import os
import re
import stat
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from geokg.errors import DocumentError, InputError
from geokg.schemas import Document

__all__ = [
    "DEFAULT_MAX_CHARS",
    "MAX_JSON_DEPTH",
    "TEXT_SUFFIXES",
    "decode_bytes",
    "html_to_text",
    "iter_documents",
    "markdown_to_text",
]

DEFAULT_MAX_CHARS = 5_000_000
#: Deepest JSON nesting accepted in a record (a record needs 2 or 3 levels).
MAX_JSON_DEPTH = 32
TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text", ".html", ".htm", ".json", ".jsonl", ".ndjson"}
_JSONL = {".jsonl", ".ndjson"}
_HTML = {".html", ".htm"}
_MARKDOWN = {".md", ".markdown"}
_CHUNK = 1 << 16
_SAMPLE = 1 << 16

# Leading bytes of common binary formats, with what to tell the user.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document; convert it to text first (e.g. with pdftotext)"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (or .docx/.xlsx/.epub); export it as text first"),
    (b"\x1f\x8b", "gzip-compressed data; decompress it first"),
    (b"BZh", "bzip2-compressed data; decompress it first"),
    (b"\xfd7zXZ\x00", "xz-compressed data; decompress it first"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\x7fELF", "an executable program"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document; save it as text first"),
    (b"SQLite format 3\x00", "an SQLite database"),
)
_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f]")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", re.I)


# ------------------------------------------------------------------------------------------- decoding


def _bytes_limit(max_chars: int, factor: int = 4) -> int:
    # A character takes at most 4 bytes in UTF-8, UTF-16 and UTF-32; plus a BOM.
    return factor * max_chars + 4


def _utf16_without_bom(sample: bytes) -> str | None:
    """``utf-16-le``/``utf-16-be`` when the NUL bytes sit on one side of each pair, as in mostly-ASCII text."""
    if len(sample) < 8:
        return None
    half = len(sample) // 2
    even, odd = sample[0 : 2 * half : 2].count(0), sample[1 : 2 * half : 2].count(0)
    codec = None
    if odd > 0.3 * half and even < 0.02 * half:
        codec = "utf-16-le"
    elif even > 0.3 * half and odd < 0.02 * half:
        codec = "utf-16-be"
    if codec is None:
        return None
    # and it must read as text: binary data can have NULs on one side too
    text = sample[: 2 * half].decode(codec, errors="replace")
    readable = sum(c.isprintable() or c in "\n\r\t" for c in text)
    return codec if readable >= 0.95 * len(text) else None


def _declared_charset(raw: bytes) -> str | None:
    import codecs

    m = _META_CHARSET.search(raw[:4096])
    if not m:
        return None
    try:
        return codecs.lookup(m.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None


def decode_bytes(raw: bytes, *, html: bool = False) -> tuple[str, str | None]:
    """Decode document bytes; return (text, warning or None).

    Plain UTF-8 needs no warning; every other decision (BOM-less UTF-16, a legacy code page, invalid bytes
    replaced) is stated in the warning so the record says how its text was read.

    Examples:
        >>> decode_bytes("Zürich".encode("utf-8"))
        ('Zürich', None)
        >>> decode_bytes("Zürich".encode("utf-16"))
        ('Zürich', None)
        >>> decode_bytes("Zürich".encode("cp1252"))
        ('Zürich', 'not valid UTF-8; decoded as Windows-1252 (check accented letters)')
    """
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            body = raw[len(bom) :]
            try:
                return body.decode(codec), None
            except UnicodeDecodeError:
                # e.g. a lone surrogate in UTF-16: keep the text, mark the damage
                text = body.decode(codec, errors="replace")
                return text, f"invalid {codec.upper()} sequences (e.g. lone surrogates) replaced with U+FFFD"
    # ASCII in UTF-16 is valid UTF-8 too (with a NUL every other byte): look at the NULs first.
    codec16 = _utf16_without_bom(raw[:_SAMPLE]) if b"\x00" in raw[:_SAMPLE] else None
    if codec16:
        text = raw.decode(codec16, errors="replace")
        return text, f"no byte-order mark; read as {codec16.upper()}"
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    if html:
        declared = _declared_charset(raw)
        if declared and declared not in ("utf-8", "utf_8"):
            try:
                return raw.decode(declared), f"not UTF-8; decoded as {declared} (declared by the page)"
            except (UnicodeDecodeError, LookupError):
                pass
    # Mostly UTF-8 with a few broken bytes (a paste from another program): keep the UTF-8, mark the damage.
    text = raw.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - raw.count(b"\xef\xbf\xbd")
    good = len(re.findall("[^\x00-\x7f\ufffd]", text))
    if good >= 2 * bad:
        return text, f"{bad} invalid UTF-8 byte sequence(s) replaced with U+FFFD"
    try:
        return raw.decode("cp1252"), "not valid UTF-8; decoded as Windows-1252 (check accented letters)"
    except UnicodeDecodeError:
        return raw.decode("latin-1"), "not valid UTF-8; decoded as Latin-1 (check accented letters)"


def _binary_kind(raw: bytes) -> str | None:
    """What a binary file looks like, or None for text (by magic bytes, then by NUL/control characters)."""
    for magic, what in _MAGIC:
        if raw.startswith(magic):
            return what
    if any(raw.startswith(bom) for bom, _ in _BOMS) or _utf16_without_bom(raw[:_SAMPLE]):
        return None
    sample = raw[:_SAMPLE].decode("latin-1")
    n = len(_CONTROL.findall(sample))
    # One stray NUL in good text is damage, not binary; binary data has control bytes throughout.
    if (n >= 2 and n > 0.10 * len(sample)) or (n > 8 and n > 0.01 * len(sample)):
        return "control bytes throughout"
    return None


def _clean(text: str, warning: str | None) -> tuple[str, list[str]]:
    """Replace NULs (which some tools choke on) by spaces, so offsets stay aligned; collect warnings."""
    warnings = [warning] if warning else []
    if text.startswith("\ufeff"):
        # A second BOM after decoding (e.g. UTF-8 BOM inside UTF-16): one invisible character, keep offsets.
        text = " " + text[1:]
    nuls = text.count("\x00")
    if nuls:
        text = text.replace("\x00", " ")
        warnings.append(f"{nuls} NUL character(s) replaced by spaces")
    return text, warnings


# --------------------------------------------------------------------------------------- HTML, Markdown

_HTML_DROP = (
    "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed", "canvas",
    "nav", "aside", "form", "button", "select", "textarea", "footer", "dialog", "head",
)  # fmt: skip
_HTML_BLOCK = (
    "p", "div", "br", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
    "section", "article", "main", "blockquote", "pre", "figure", "figcaption", "header", "hr", "address",
)  # fmt: skip


def html_to_text(html: str) -> tuple[str, str | None]:
    """Main text of an HTML page and its ``<title>``.

    Parsed with selectolax (the Lexbor HTML5 parser, which copes with any tag soup). Scripts, styles,
    navigation, asides, forms, footers and hidden elements are dropped; when the page has a ``<main>`` or
    ``<article>``, only that is kept. Block elements become paragraph breaks.

    Examples:
        >>> html_to_text("<html><head><title>T</title><script>x()</script></head>"
        ...              "<body><nav>Home | World</nav><p>Hello <b>world</b></p></body></html>")
        ('Hello world', 'T')
    """
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(html)
    title_node = tree.css_first("title")
    title = " ".join(title_node.text().split()) if title_node is not None else None
    for node in tree.css('[hidden], [aria-hidden="true"], [role="navigation"], [role="banner"]'):
        node.decompose()
    tree.strip_tags(list(_HTML_DROP))
    root = tree.css_first("main") or None
    articles = tree.css("article")
    if root is None and articles:
        root = max(articles, key=lambda n: len(n.text()))
    if root is None:
        root = tree.body
    if root is None:
        return "", title or None
    for node in root.css(",".join(_HTML_BLOCK)):
        node.insert_before("\n\n")
        node.insert_after("\n\n")
    text = root.text(deep=True, separator="")
    lines = [" ".join(line.split()) for line in text.split("\n")]
    out = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return out, title or None


_MD_PATTERNS = (
    re.compile(r"\A---\n.*?\n---\n", re.S),  # YAML front matter
    re.compile(r"<!--.*?-->", re.S),  # HTML comments
    re.compile(r"^```.*?$|^~~~.*?$", re.M),  # code fence lines
    re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)"),  # images
    re.compile(r"(?<=\])\([^)\n]*\)"),  # link targets [text](url) -> keep text
    re.compile(r"^\s{0,3}(#{1,6}|>+|[*+-](?=\s)|\d+[.)](?=\s))", re.M),  # headings, quotes, list markers
    re.compile(r"(\*\*|__|~~|`+)"),  # emphasis, strike, inline code
    re.compile(r"^\s{0,3}([-*_]\s*){3,}$", re.M),  # horizontal rules
    re.compile(r"[\[\]]"),  # link brackets
)


def markdown_to_text(md: str) -> str:
    """Mask Markdown markup with spaces, keeping every offset into the file's text.

    Headings, list and quote markers, emphasis, link targets, images, code fences, front matter and
    HTML comments become spaces (newlines are kept), so character offsets in the records point at the
    same place in the ``.md`` file as in the text that was analysed.

    Examples:
        >>> markdown_to_text("## Talks\\n**Russia** met [Syria](http://x.y).")
        '   Talks\\n  Russia   met  Syria             .'
    """

    def blank(m: re.Match[str]) -> str:
        return re.sub(r"[^\n]", " ", m.group(0))

    for pattern in _MD_PATTERNS:
        md = pattern.sub(blank, md)
    return md


# --------------------------------------------------------------------------------------------- records


def _depth_ok(value: Any, limit: int = MAX_JSON_DEPTH) -> bool:
    stack = [(value, 1)]
    while stack:
        v, d = stack.pop()
        if d > limit:
            return False
        if isinstance(v, dict):
            stack.extend((x, d + 1) for x in v.values())
        elif isinstance(v, list):
            stack.extend((x, d + 1) for x in v)
    return True


def _loads(text: str) -> Any:
    """``json.loads`` with bounded nesting; raises ValueError with a user-facing reason."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not valid JSON ({exc.msg}; line {exc.lineno}, column {exc.colno})") from None
    except RecursionError:
        raise ValueError(f"JSON nested deeper than {MAX_JSON_DEPTH} levels; a record is an object with 'text'") \
            from None
    if not _depth_ok(value):
        raise ValueError(f"JSON nested deeper than {MAX_JSON_DEPTH} levels; a record is an object with 'text'")
    return value


def _meta(rec: dict[str, Any], key: str) -> str | None:
    value = rec.get(key)
    if value is None:
        return None
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return str(value)
    raise ValueError(f"field {key!r} is {_json_type(value)}; expected a string")


def _record(rec: Any, fallback_id: str, where: str, source: str, max_chars: int, warnings: list[str]) -> Document:
    """One JSON record -> Document. Only ``text`` is read as text; any other field, paths included, is data."""
    if not isinstance(rec, dict):
        raise DocumentError(where, f"JSON record is {_json_type(rec)}; expected an object with a 'text' string")
    raw_id = rec.get("id", rec.get("doc_id"))
    if raw_id is not None and not (isinstance(raw_id, (str, int)) and not isinstance(raw_id, bool)):
        raise DocumentError(where, f"'id' is {_json_type(raw_id)}; expected a string or a number")
    doc_id = str(raw_id) if raw_id not in (None, "") else fallback_id
    text = rec.get("text")
    if not isinstance(text, str):
        got = "has no 'text' field" if "text" not in rec else f"has a 'text' that is {_json_type(text)}"
        raise DocumentError(where, f"record {doc_id!r} {got}; each record needs a 'text' string")
    try:
        meta = {k: _meta(rec, k) for k in ("title", "date", "url")}
    except ValueError as exc:
        raise DocumentError(where, f"record {doc_id!r}: {exc}") from None
    text, more = _clean(text, None)
    _check(where, text, max_chars)
    return Document(doc_id=doc_id, text=text, source=source, warnings=[*warnings, *more], **meta)


def _json_type(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "a boolean", type(None): "null"}.get(
        type(value), "a number"
    )


def _check(where: str, text: str, max_chars: int) -> None:
    if not text.strip():
        raise DocumentError(where, "empty document (no text); add text or remove the file")
    if len(text) > max_chars:
        raise DocumentError(where, f"{len(text):,} characters, over the limit of {max_chars:,} "
                                   f"(split the document, or raise --max-chars)")


# ----------------------------------------------------------------------------------------------- files


class _TooBig(Exception):
    pass


def _read_bounded(f: IO[bytes], limit: int) -> bytes:
    """Read at most ``limit`` bytes; raise _TooBig past it (works for FIFOs and endless devices)."""
    parts, size = [], 0
    while True:
        chunk = f.read(min(_CHUNK, limit + 1 - size))
        if not chunk:
            return b"".join(parts)
        parts.append(chunk)
        size += len(chunk)
        if size > limit:
            raise _TooBig
        if size == len(chunk) and _binary_kind(chunk):
            # Refuse binary streams (/dev/urandom, /dev/zero) on the first chunk rather than the last.
            return b"".join(parts)


def _too_big(where: str, max_chars: int, what: str = "file") -> DocumentError:
    return DocumentError(where, f"{what} is larger than --max-chars {max_chars:,} characters allows; "
                                f"split it, or raise --max-chars")


def _os_reason(exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "symbolic link loop; fix or remove the link"
    if exc.errno == errno.ENOENT:
        return "file disappeared or is a dangling link; check the path"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied; check the file's permissions"
    if exc.errno == errno.EISDIR:
        return "is a directory"
    return f"cannot read ({exc.strerror or exc}); check the file"


def _decode_doc(raw: bytes, suffix: str, where: str) -> tuple[str, list[str]]:
    kind = _binary_kind(raw)
    if kind:
        what, _, todo = kind.partition("; ")
        todo = todo or "geokg reads text, Markdown, HTML or JSON records"
        raise DocumentError(where, f"binary file ({what}); {todo}")
    text, warning = decode_bytes(raw, html=suffix in _HTML)
    return _clean(text, warning)


def _docs_from_bytes(raw: bytes, suffix: str, stem: str, where: str, source: str,
                     max_chars: int) -> Iterator[Document | DocumentError]:
    try:
        text, warnings = _decode_doc(raw, suffix, where)
    except DocumentError as err:
        yield err
        return
    if suffix == ".json":
        yield from _json_docs(text, stem, where, source, max_chars, warnings)
        return
    if suffix in _JSONL:
        yield from _jsonl_lines(enumerate(text.splitlines(), 1), stem, where, source, max_chars, warnings)
        return
    title = None
    if suffix in _HTML:
        text, title = html_to_text(text)
        if not text.strip():
            yield DocumentError(where, "HTML page has no visible text (only scripts, navigation or markup)")
            return
    elif suffix in _MARKDOWN:
        text = markdown_to_text(text)
    try:
        _check(where, text, max_chars)
    except DocumentError as err:
        yield err
        return
    yield Document(doc_id=stem, text=text, source=source, title=title, warnings=warnings)


def _json_docs(text: str, stem: str, where: str, source: str, max_chars: int,
               warnings: list[str]) -> Iterator[Document | DocumentError]:
    try:
        data = _loads(text)
    except ValueError as exc:
        yield DocumentError(where, f"{exc}; fix the file (for many records, JSONL isolates a bad one)")
        return
    recs = data if isinstance(data, list) else [data]
    for n, rec in enumerate(recs, 1):
        one = len(recs) == 1
        try:
            yield _record(rec, stem if one else f"{stem}#{n}", where if one else f"{where}[{n}]", source,
                          max_chars, warnings)
        except DocumentError as err:
            yield err


def _jsonl_lines(lines: Any, stem: str, where: str, source: str, max_chars: int,
                 warnings: list[str]) -> Iterator[Document | DocumentError]:
    for n, line in lines:
        if isinstance(line, DocumentError):
            yield line
            continue
        if not line.strip():
            continue
        at = f"{where}:{n}"
        try:
            rec = _loads(line)
        except ValueError as exc:
            yield DocumentError(at, f"{exc}; fix or remove the line (the other lines are read)")
            continue
        try:
            yield _record(rec, f"{stem}#{n}", at, source, max_chars, warnings)
        except DocumentError as err:
            yield err


def _stream_jsonl(f: IO[bytes], stem: str, where: str, source: str,
                  max_chars: int) -> Iterator[Document | DocumentError]:
    """Stream a UTF-8/legacy JSONL file line by line; a line is read only up to the record size limit."""
    limit = _bytes_limit(max_chars, 8) + 65536  # JSON escapes make a record longer than its text

    def lines() -> Iterator[tuple[int, Any]]:
        n = 0
        while True:
            raw = f.readline(limit + 1)
            if not raw:
                return
            n += 1
            if len(raw) > limit and not raw.endswith(b"\n"):
                while True:  # skip the rest of the over-long line without keeping it
                    rest = f.readline(_CHUNK)
                    if not rest or rest.endswith(b"\n"):
                        break
                yield n, _too_big(f"{where}:{n}", max_chars, "the line")
                continue
            if n == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            if b"\x00" in raw and _binary_kind(raw):
                yield n, DocumentError(f"{where}:{n}", "binary data; fix or remove the line")
                continue
            text, warning = decode_bytes(raw)
            text, more = _clean(text, warning)
            yield n, (text, more)

    for n, item in lines():
        if isinstance(item, DocumentError):
            yield item
            continue
        text, more = item
        yield from _jsonl_lines([(n, text)], stem, where, source, max_chars, more)


def _read_path(path: Path, where: str, max_chars: int, *, named: bool) -> Iterator[Document | DocumentError]:
    """Read one file. ``named``: given on the command line (FIFOs and devices are read then, bounded)."""
    suffix = path.suffix.lower()
    stem = path.stem or path.name
    factor = {".json": 8, ".html": 16, ".htm": 16}.get(suffix, 4)
    limit = _bytes_limit(max_chars, factor)
    try:
        st = path.stat()
    except OSError as exc:
        if path.is_symlink() and exc.errno == errno.ENOENT:
            try:
                target = os.readlink(path)
            except OSError:
                target = "?"
            yield DocumentError(where, f"dangling symbolic link (to {target!r}, which does not exist); "
                                       f"fix or remove the link")
        else:
            yield DocumentError(where, _os_reason(exc))
        return
    if stat.S_ISDIR(st.st_mode):
        return
    regular = stat.S_ISREG(st.st_mode)
    if not regular and not named:
        yield DocumentError(where, "not a regular file (FIFO, socket or device); name it on the command "
                                   "line to read it")
        return
    if regular and suffix not in _JSONL and st.st_size > limit:
        err = _too_big(where, max_chars, f"file ({st.st_size:,} bytes)")
        if suffix == ".json":  # a big collection of records streams fine as JSONL
            err = DocumentError(where, err.reason.replace("; split it,", "; write the records as JSONL (one per "
                                                                         "line), split the file,"))
        yield err
        return
    try:
        f = path.open("rb")
    except OSError as exc:
        yield DocumentError(where, _os_reason(exc))
        return
    with f:
        try:
            head = b""
            if suffix in _JSONL:
                head = f.read(4096)
                if not (any(head.startswith(b) for b, c in _BOMS if c != "utf-8") or _utf16_without_bom(head)):
                    # the common case: stream line by line, whatever the file's size
                    yield from _stream_jsonl(_Prefixed(head, f), stem, where, str(path), max_chars)
                    return
            raw = head + _read_bounded(f, limit - len(head))
        except _TooBig:
            yield _too_big(where, max_chars)
            return
        except OSError as exc:
            yield DocumentError(where, _os_reason(exc))
            return
    yield from _docs_from_bytes(raw, suffix, stem, where, str(path), max_chars)


class _Prefixed:
    """A binary reader that first returns bytes already read (for sniffing) then the rest of the file."""

    def __init__(self, head: bytes, f: IO[bytes]) -> None:
        self.head, self.f = head, f

    def readline(self, limit: int) -> bytes:
        if not self.head:
            return self.f.readline(limit)
        i = self.head.find(b"\n")
        if 0 <= i < limit:
            line, self.head = self.head[: i + 1], self.head[i + 1 :]
            return line
        if len(self.head) >= limit:
            line, self.head = self.head[:limit], self.head[limit:]
            return line
        line, self.head = self.head, b""
        return line + self.f.readline(limit - len(line))


def _walk(root: Path, notes: list[str] | None) -> Iterator[tuple[Path, bool]]:
    """Files under ``root`` in sorted path order, depth first: (path, is_problem_entry).

    Never follows a directory twice. The order is that of ``sorted(root.rglob("*"))``, so document ids given to
    repeated stems do not depend on how the tree is walked.
    """
    seen: set[tuple[int, int]] = set()
    yield from _visit(root, seen, notes)


def _visit(d: Path, seen: set[tuple[int, int]], notes: list[str] | None) -> Iterator[tuple[Path, bool]]:
    """One directory of the depth-first walk of :func:`_walk`."""
    try:
        st = d.stat()
    except OSError:
        yield d, True
        return
    key = (st.st_dev, st.st_ino)
    if key in seen:
        if notes is not None:
            notes.append(f"skipped {d} (a link back to a directory already read)")
        return
    seen.add(key)
    try:
        entries = sorted(os.scandir(d), key=lambda e: e.name)
    except OSError:
        yield d, True
        return
    for e in entries:
        if e.name.startswith("."):
            continue
        p = Path(e.path)
        try:
            is_dir = e.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            yield from _visit(p, seen, notes)
            continue
        if e.is_symlink() and not p.exists():
            yield p, True  # dangling or looping link: reported whatever its name
            continue
        if p.suffix.lower() not in TEXT_SUFFIXES:
            if notes is not None:
                notes.append(f"skipped {p} (unknown extension {p.suffix or '(none)'}; "
                             f"geokg reads {', '.join(sorted(TEXT_SUFFIXES))})")
            continue
        yield p, False


def _stdin_docs(max_chars: int) -> Iterator[Document | DocumentError]:
    try:
        raw = _read_bounded(sys.stdin.buffer, _bytes_limit(max_chars))
    except _TooBig:
        yield _too_big("-", max_chars, "standard input")
        return
    except (OSError, ValueError, AttributeError) as exc:
        yield DocumentError("-", f"cannot read standard input ({exc})")
        return
    yield from _docs_from_bytes(raw, ".txt", "-", "-", "-", max_chars)


def iter_documents(inputs: list[str], *, max_chars: int = DEFAULT_MAX_CHARS,
                   notes: list[str] | None = None) -> Iterator[Document | DocumentError]:
    """Yield documents from files, directories (recursively, sorted) and ``-`` (standard input).

    A bad document becomes a :class:`~geokg.errors.DocumentError` whose ``doc_id`` is its location
    (``path`` or ``path:line``) and whose ``reason`` says what is wrong and what to do; the stream goes on.
    Skipped files (unknown extensions, hidden files, a link back to a directory already read) are
    appended to ``notes``.

    Raises:
        geokg.errors.InputError: an input path does not exist at all (checked before anything is read).

    Examples:
        >>> import tempfile, pathlib
        >>> d = pathlib.Path(tempfile.mkdtemp())
        >>> _ = (d / "a.txt").write_text("Russia met Syria.")
        >>> _ = (d / "b.jsonl").write_text('{"id": "x", "text": "Iran met Iraq."}\\n{broken\\n')
        >>> [getattr(x, "doc_id") for x in iter_documents([str(d)])]
        ['a', 'x', '...b.jsonl:2']
    """
    for item in inputs:
        if item != "-" and not os.path.lexists(item):
            raise InputError(f"input not found: {item}; check the path")
    for item in inputs:
        if item == "-":
            yield from _stdin_docs(max_chars)
            continue
        path = Path(item)
        if path.is_dir():
            for f, problem in _walk(path, notes):
                if problem and f.is_dir():
                    yield DocumentError(str(f), "cannot list directory (permission denied?); check it")
                    continue
                yield from _read_path(f, str(f), max_chars, named=False)
        else:
            yield from _read_path(path, item, max_chars, named=True)
