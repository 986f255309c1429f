"""Input readers (geokg._io): encodings, HTML, Markdown, JSON/JSONL, binary, sizes, links, devices."""

from __future__ import annotations

import json
import os
import resource
import sys
import threading
from pathlib import Path

import pytest

from geokg._io import decode_bytes, html_to_text, iter_documents, markdown_to_text
from geokg.errors import DocumentError, InputError

TEXT = "Russia met Syria in Zürich on Monday."


def read(*paths, **kw) -> list:
    return list(iter_documents([str(p) for p in paths], **kw))


def one(path, **kw):
    (item,) = read(path, **kw)
    return item


def error(path, **kw) -> DocumentError:
    item = one(path, **kw)
    assert isinstance(item, DocumentError), item
    return item


# ------------------------------------------------------------------------------------------ encodings


@pytest.mark.parametrize(
    ("name", "data", "warning"),
    [
        ("utf8.txt", TEXT.encode("utf-8"), None),
        ("bom.txt", b"\xef\xbb\xbf" + TEXT.encode("utf-8"), None),
        ("utf16.txt", TEXT.encode("utf-16"), None),
        ("utf16be-bom.txt", b"\xfe\xff" + TEXT.encode("utf-16-be"), None),
        ("utf32.txt", TEXT.encode("utf-32"), None),
        ("utf16le.txt", TEXT.encode("utf-16-le"), "UTF-16-LE"),
        ("utf16be.txt", TEXT.encode("utf-16-be"), "UTF-16-BE"),
        ("cp1252.txt", (TEXT + " \u201cquoted\u201d").encode("cp1252"), "Windows-1252"),
    ],
)
def test_reader_decodes_encodings_and_says_so(tmp_path, name, data, warning):
    (tmp_path / name).write_bytes(data)
    doc = one(tmp_path / name)
    assert doc.text.startswith(TEXT), doc.text
    if warning is None:
        assert doc.warnings == []
    else:
        assert len(doc.warnings) == 1 and warning in doc.warnings[0]


def test_reader_latin1_never_garbles_silently(tmp_path):
    # 0x81 is undefined in Windows-1252: Latin-1 takes over, and the record says so
    (tmp_path / "l1.txt").write_bytes("Fran\xe7ois \x81 met Syria.".encode("latin-1"))
    doc = one(tmp_path / "l1.txt")
    assert doc.text.startswith("François") and "Latin-1" in doc.warnings[0]


def test_reader_mostly_utf8_with_a_broken_byte_keeps_the_utf8(tmp_path):
    (tmp_path / "mixed.txt").write_bytes("Zürich, Genève, Köln: ".encode() + b"\xff" + b" Russia met Syria.")
    doc = one(tmp_path / "mixed.txt")
    assert doc.text.startswith("Zürich, Genève, Köln: \ufffd") and "invalid UTF-8" in doc.warnings[0]


def test_reader_lone_surrogate_in_utf16_is_replaced_and_reported(tmp_path):
    raw = b"\xff\xfe" + "Russia ".encode("utf-16-le") + b"\x00\xd8" + "met Syria.".encode("utf-16-le")
    (tmp_path / "lone.txt").write_bytes(raw)
    doc = one(tmp_path / "lone.txt")
    assert doc.text == "Russia \ufffdmet Syria." and "lone surrogates" in doc.warnings[0]
    doc.text.encode("utf-8")  # the record can always be written out


def test_reader_stray_nul_is_kept_as_a_space_with_offsets_aligned(tmp_path):
    (tmp_path / "nul.txt").write_bytes(b"Russia met\x00 Syria.")
    doc = one(tmp_path / "nul.txt")
    assert doc.text == "Russia met  Syria." and "NUL" in doc.warnings[0]
    assert doc.text[12:17] == "Syria"  # same offset as in the file


def test_decode_bytes_html_meta_charset(tmp_path):
    raw = '<meta charset="windows-1251"><p>Россия</p>'.encode("cp1251")
    text, warning = decode_bytes(raw, html=True)
    assert "Россия" in text and "cp1251" in warning


# --------------------------------------------------------------------------------------------- binary


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "PNG image"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "pdftotext"),
        (b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 40, "ZIP archive"),
        (b"\x1f\x8b\x08\x00" + b"\x00" * 20, "gzip"),
        (b"\x7fELF\x02\x01\x01" + b"\x00" * 50, "executable"),
        (bytes(range(256)) * 8, "control bytes"),
        (b"\x00\x01\x02PNG", "control bytes"),
    ],
)
def test_reader_refuses_binary_files_with_what_they_look_like(tmp_path, data, what):
    (tmp_path / "file.txt").write_bytes(data)
    err = error(tmp_path / "file.txt")
    assert err.doc_id == str(tmp_path / "file.txt") and "binary file" in err.reason and what in err.reason


def test_reader_random_bytes_are_binary(tmp_path):
    (tmp_path / "r.txt").write_bytes(os.urandom(5000))
    assert "binary file" in error(tmp_path / "r.txt").reason


# ------------------------------------------------------------------------------------- HTML, Markdown


def test_html_keeps_the_article_and_drops_scripts_styles_navigation():
    page = """<!DOCTYPE html><html><head><title>World | News</title><style>p {color: red}</style>
    <script>var x = "Russia attacked Georgia";</script></head><body>
    <header><nav><a href="/">Home</a> <a href="/world">World</a></nav></header>
    <aside>Most read: Chad threatened Niger</aside>
    <article><h1>Talks in Ankara</h1><p>Turkey <b>met</b> Sweden &amp; Finland.</p><p>Second&nbsp;paragraph.</p>
    <div hidden>Hidden: Iran sanctioned Iraq</div><noscript>Enable JS</noscript></article>
    <footer>(c) 2024 Cookie policy</footer><form><input value="Search"></form></body></html>"""
    text, title = html_to_text(page)
    assert title == "World | News"
    assert text == "Talks in Ankara\n\nTurkey met Sweden & Finland.\n\nSecond paragraph."


def test_html_without_article_uses_the_body_and_survives_tag_soup():
    text, title = html_to_text("<p>Russia <i>met<p>Syria</b></div></table>" + "<div>" * 5000 + "deep")
    assert title is None and text.split() == ["Russia", "met", "Syria", "deep"]


def test_html_file_with_no_visible_text_is_reported(tmp_path):
    (tmp_path / "s.html").write_text("<html><script>alert(1)</script><nav>Home</nav></html>")
    assert "no visible text" in error(tmp_path / "s.html").reason


def test_markdown_is_masked_in_place(tmp_path):
    md = "---\ntitle: x\n---\n# Talks\n\n* **Russia** met [Syria](https://example.org/a?b=c).\n"
    text = markdown_to_text(md)
    assert len(text) == len(md) and text.count("\n") == md.count("\n")
    assert text.split() == ["Talks", "Russia", "met", "Syria", "."]
    (tmp_path / "a.md").write_text(md)
    doc = one(tmp_path / "a.md")
    assert doc.text[md.index("Syria") :].startswith("Syria")


# ------------------------------------------------------------------------------------------ JSON(L)


def test_jsonl_bad_lines_are_named_with_file_and_line_and_the_rest_kept(tmp_path):
    lines = [
        {"id": "a", "text": "Russia met Syria."},
        "{broken",
        {"id": "nt"},
        {"text": 5},
        [1, 2],
        {"id": {"x": 1}, "text": "x"},
        {"text": "Iran met Iraq.", "title": ["not", "a", "string"]},
        "",
        {"text": "Chad met Niger.", "date": "2024-01-02"},
    ]
    f = tmp_path / "recs.jsonl"
    f.write_text("\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n")
    items = read(f)
    docs = [x for x in items if not isinstance(x, DocumentError)]
    errs = {x.doc_id: x.reason for x in items if isinstance(x, DocumentError)}
    assert [(d.doc_id, d.date) for d in docs] == [("a", None), ("recs#9", "2024-01-02")]
    assert sorted(errs) == [f"{f}:{n}" for n in (2, 3, 4, 5, 6, 7)]
    assert "not valid JSON" in errs[f"{f}:2"] and "fix or remove the line" in errs[f"{f}:2"]
    assert "has no 'text' field" in errs[f"{f}:3"] and "is a number" in errs[f"{f}:4"]
    assert "is a list" in errs[f"{f}:5"] and "'id' is an object" in errs[f"{f}:6"]
    assert "'title' is a list" in errs[f"{f}:7"]


def test_json_nesting_is_bounded_without_recursion_error(tmp_path):
    (tmp_path / "deep.json").write_text("[" * 200_000 + "]" * 200_000)
    (tmp_path / "deep.jsonl").write_text('{"text": "Russia met Syria."}\n' + '{"a":' * 100 + "1" + "}" * 100 + "\n")
    assert "nested deeper than 32 levels" in error(tmp_path / "deep.json").reason
    items = read(tmp_path / "deep.jsonl")
    assert items[0].text == "Russia met Syria." and "nested deeper" in items[1].reason


def test_jsonl_overlong_line_is_skipped_without_being_read_whole(tmp_path):
    f = tmp_path / "long.jsonl"
    f.write_text(json.dumps({"text": "x" * 100_000}) + "\n" + json.dumps({"text": "Russia met Syria."}) + "\n")
    items = read(f, max_chars=1000)
    assert isinstance(items[0], DocumentError) and items[0].doc_id == f"{f}:1" and "--max-chars" in items[0].reason
    assert items[1].text == "Russia met Syria."


def test_json_list_items_are_named(tmp_path):
    f = tmp_path / "list.json"
    f.write_text(json.dumps([{"text": "Russia met Syria."}, {"id": 3, "text": ""}]))
    a, b = read(f)
    assert a.doc_id == "list#1" and b.doc_id == f"{f}[2]" and "empty" in b.reason


def test_paths_inside_json_records_are_never_opened(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("Russia attacked Georgia.")
    f = tmp_path / "r.jsonl"
    f.write_text(json.dumps({"text": str(secret), "path": str(secret), "file": str(secret), "url": secret.as_uri(),
                             "source": str(secret)}) + "\n")
    opened: list[str] = []
    active = [True]

    def hook(event, args):
        if active[0] and event == "open" and args and isinstance(args[0], (str, bytes, os.PathLike)):
            opened.append(os.fsdecode(args[0]))

    sys.addaudithook(hook)  # audit hooks cannot be removed: this one switches itself off
    try:
        (doc,) = read(f)
    finally:
        active[0] = False
    assert doc.text == str(secret) and doc.source == str(f)
    assert str(secret) not in opened and str(f) in opened


# ---------------------------------------------------------------------------------- sizes and devices


def test_huge_sparse_file_is_refused_before_reading(tmp_path):
    f = tmp_path / "huge.txt"
    with f.open("wb") as fh:
        fh.truncate(3 * 1024**3)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    err = error(f)
    assert "--max-chars" in err.reason and "3,221,225,472 bytes" in err.reason
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 50_000  # KiB: nothing was read


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_endless_devices_named_on_the_command_line_are_refused(device):
    if not Path(device).exists():
        pytest.skip(f"no {device}")
    err = error(device)
    assert err.doc_id == device and "binary file" in err.reason


def test_endless_text_stream_is_refused_past_the_limit(tmp_path):
    fifo = tmp_path / "feed.txt"
    os.mkfifo(fifo)

    def feed():
        try:
            with open(fifo, "wb") as w:
                for _ in range(10_000):
                    w.write(b"Russia met Syria. " * 100)
        except BrokenPipeError:
            pass  # the reader stopped reading: that is the point

    t = threading.Thread(target=feed, daemon=True)
    t.start()
    err = error(fifo, max_chars=10_000)
    t.join(10)
    assert "--max-chars" in err.reason


def test_fifo_named_on_the_command_line_is_read_but_skipped_in_a_directory(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    t = threading.Thread(target=lambda: Path(fifo).write_text(TEXT), daemon=True)
    t.start()
    assert one(fifo).text == TEXT
    t.join(5)
    err = error(tmp_path)
    assert err.doc_id == str(fifo) and "not a regular file" in err.reason


def test_stdin_is_bounded(monkeypatch):
    import io

    class Stdin:
        buffer = io.BytesIO(b"Russia met Syria. " * 10_000)

    monkeypatch.setattr(sys, "stdin", Stdin)
    err = error("-", max_chars=1000)
    assert err.doc_id == "-" and "standard input" in err.reason


# -------------------------------------------------------------------------------- files and directories


def test_missing_input_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="input not found: .*nope.txt; check the path"):
        read(tmp_path / "nope.txt")


def test_links_loops_and_cycles_are_reported_not_followed(tmp_path):
    (tmp_path / "good.txt").write_text(TEXT)
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "up").symlink_to(tmp_path)  # a cycle through a directory link
    (tmp_path / "sub" / "again.txt").symlink_to(tmp_path / "good.txt")
    notes: list[str] = []
    items = read(tmp_path, notes=notes)
    docs = sorted(x.doc_id for x in items if not isinstance(x, DocumentError))
    errs = {Path(x.doc_id).name: x.reason for x in items if isinstance(x, DocumentError)}
    assert docs == ["again", "good"]
    assert "dangling symbolic link" in errs["dangling.txt"] and "nowhere.txt" in errs["dangling.txt"]
    assert "symbolic link loop" in errs["loop"]
    assert any("up" in n and "already read" in n for n in notes)
    # a dangling link named on the command line is reported the same way, not a crash
    assert "dangling" in error(tmp_path / "dangling.txt").reason


def test_unreadable_file_is_reported_with_what_to_do(tmp_path, monkeypatch):
    f = tmp_path / "locked.txt"
    f.write_text(TEXT)

    def denied(self, *a, **kw):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "open", denied)
    err = error(f)
    assert err.doc_id == str(f) and "permission denied; check the file's permissions" in err.reason


def test_unknown_extensions_and_hidden_files_are_skipped_with_a_note(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT)
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    (tmp_path / ".hidden.txt").write_text(TEXT)
    notes: list[str] = []
    assert [d.doc_id for d in read(tmp_path, notes=notes)] == ["a"]
    assert len(notes) == 1 and "photo.jpg" in notes[0] and "unknown extension .jpg" in notes[0]


def test_empty_files_are_reported(tmp_path):
    for name, data in (("e.txt", b""), ("w.txt", b" \n\t "), ("e.json", b"{}"), ("e.md", b"# \n")):
        (tmp_path / name).write_bytes(data)
    errs = {Path(x.doc_id).name: x.reason for x in read(tmp_path)}
    assert set(errs) == {"e.txt", "w.txt", "e.json", "e.md"}
    assert "empty document" in errs["e.txt"] and "no 'text' field" in errs["e.json"]


def test_reader_ascii_utf16_without_bom_is_not_mistaken_for_utf8_with_nuls(tmp_path):
    (tmp_path / "a16.txt").write_bytes("Kenya met Ethiopia in Nairobi.".encode("utf-16-le"))
    doc = one(tmp_path / "a16.txt")
    assert doc.text == "Kenya met Ethiopia in Nairobi." and doc.warnings == ["no byte-order mark; read as UTF-16-LE"]
