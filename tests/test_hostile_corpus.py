"""Issue 12, "Done when": a corpus of bad inputs mixed with good documents through one ``geokg build``.

Every good document ends up in the graph, every bad one is named on stderr by its file name with a reason,
the exit status is 1, there is no traceback and no partial output, and memory stays under 1 GB.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

GEOKG = str(Path(sys.executable).parent / "geokg")
MAX_CHARS = 20_000

# file name -> text of a good document (each names its own pair of countries)
GOOD = {
    "utf8.txt": b"Russia threatened Georgia on Monday, officials said.",
    "bom.txt": b"\xef\xbb\xbf" + b"France praised Germany for its support.",
    "utf16.txt": "Japan met the Philippines in Manila to discuss maritime security.".encode("utf-16"),
    "utf16-nobom.txt": "Kenya met Ethiopia in Nairobi on Tuesday.".encode("utf-16-le"),
    "cp1252.txt": "Mali\u2019s junta accused France of interference, the minister said.".encode("cp1252"),
    "stray-nul.txt": b"India met Brazil in New Delhi.\x00 Talks went on.",
    "page.html": b"<html><head><title>Talks</title><script>var s='Iran attacked Iraq';</script></head><body>"
                 b"<nav>Home | World</nav><article><p>Egypt met Jordan in Cairo.</p></article></body></html>",
    "notes.md": b"# Visit\n\n**Poland** hosted *Ukraine* in Warsaw.\n",
    "single.json": json.dumps({"id": "single-json", "text": "Chile met Peru in Lima."}).encode(),
}
GOOD_LINES = [{"id": "line-ok-1", "text": "Canada met Mexico in Ottawa."},
              {"text": "Spain praised Portugal for its help."}]


def _write_corpus(root: Path) -> dict[str, str]:
    """Write good and bad files; return {bad file name: expected reason fragment}."""
    for name, data in GOOD.items():
        (root / name).write_bytes(data)
    bad: dict[str, str] = {}

    def put(name: str, data: bytes, reason: str) -> None:
        (root / name).write_bytes(data)
        bad[name] = reason

    put("empty.txt", b"", "empty document")
    put("blank.md", b"  \n\t\n", "empty document")
    put("image.txt", b"\x89PNG\r\n\x1a\n" + os.urandom(2000), "PNG image")
    put("report.txt", b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n", "PDF document")
    put("archive.md", b"PK\x03\x04" + os.urandom(500), "ZIP archive")
    put("compressed.html", gzip.compress(b"<p>Russia met Syria.</p>" * 10), "gzip")
    put("program.txt", b"\x7fELF\x02\x01\x01\x00" + os.urandom(500), "executable")
    put("noise.txt", os.urandom(4000), "binary file")
    put("zeros.txt", b"\x00" * 4096, "binary file")
    put("database.txt", b"SQLite format 3\x00" + b"\x00" * 100, "SQLite")
    put("photo.md", b"\xff\xd8\xff\xe0" + os.urandom(300), "JPEG")
    put("too-long.txt", b"Russia met Syria. " * 2000, "--max-chars")
    put("deep.json", b"[" * 30_000 + b"]" * 30_000, "nested deeper")
    put("broken.json", b'{"text": "Russia met', "not valid JSON")
    put("no-text.json", b'{"id": "x", "body": "Russia met Syria."}', "no 'text' field")
    put("numbers.json", b"[1, 2]", "JSON record is a number")
    put("script-only.html", b"<html><script>alert('Russia attacked Syria')</script><nav>Home</nav></html>",
        "no visible text")
    long_line = json.dumps({"text": "x" * (12 * MAX_CHARS)}).encode()
    put("long-line.jsonl", long_line + b"\n", "--max-chars")
    with (root / "huge.txt").open("wb") as f:
        f.truncate(2 * 1024**3)  # sparse: 2 GB on paper, nothing on disk
    bad["huge.txt"] = "--max-chars"
    (root / "dangling.txt").symlink_to(root / "does-not-exist.txt")
    bad["dangling.txt"] = "dangling symbolic link"
    (root / "loop.txt").symlink_to(root / "loop.txt")
    bad["loop.txt"] = "symbolic link loop"
    os.mkfifo(root / "pipe.txt")
    bad["pipe.txt"] = "not a regular file"
    lines = [
        json.dumps(GOOD_LINES[0]),
        "{broken json",
        json.dumps({"text": 42}),
        '{"a":' * 200 + "1" + "}" * 200,
        json.dumps({"id": {"nested": True}, "text": "x"}),
        json.dumps({"text": ""}),
        json.dumps(GOOD_LINES[1]),
    ]
    (root / "records.jsonl").write_text("\n".join(lines) + "\n")
    bad.update({
        "records.jsonl:2": "not valid JSON",
        "records.jsonl:3": "is a number",
        "records.jsonl:4": "nested deeper",
        "records.jsonl:5": "'id' is an object",
        "records.jsonl:6": "empty document",
    })
    return bad


@pytest.mark.slow
def test_build_on_a_hostile_corpus_keeps_every_good_document_and_names_every_bad_one(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    bad = _write_corpus(corpus)
    assert len(bad) >= 25
    out = tmp_path / "out"
    # A small wrapper reports the peak memory of the geokg process alone.
    wrapper = (
        "import resource, subprocess, sys\n"
        "p = subprocess.run(sys.argv[1:], capture_output=True, text=True, errors='replace')\n"
        "sys.stdout.write(p.stdout); sys.stderr.write(p.stderr)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stdout)\n"
        "sys.exit(p.returncode)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", wrapper, GEOKG, "build", str(corpus), "--out", str(out), "--no-progress",
         "--max-chars", str(MAX_CHARS)],
        capture_output=True, text=True, timeout=600, check=False,
    )
    peak_kib = int(proc.stdout.strip().splitlines()[-1])
    print(f"hostile corpus: {len(bad)} bad inputs, {len(GOOD) + len(GOOD_LINES)} good documents, "
          f"peak memory {peak_kib / 1024:.0f} MiB")
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    assert peak_kib < 1024 * 1024, f"peak memory {peak_kib} KiB"

    lines = proc.stderr.splitlines()
    for where, reason in bad.items():
        named = [line for line in lines if re.match(rf"geokg: {re.escape(str(corpus / where))}(\[\d+\]|:\d+)?: ", line)]
        assert named, f"{where} is not named on stderr:\n{proc.stderr}"
        assert reason in named[0], (where, named[0])

    # every good document is in the graph, whole
    outputs = sorted(p.name for p in out.iterdir() if p.name != ".geokg")  # .geokg: the record store
    assert outputs == ["extractions.jsonl", "graph.graphml", "graph.html", "graph.json"]
    records = [json.loads(x) for x in (out / "extractions.jsonl").read_text().splitlines()]
    sources = sorted(Path(r["source"]).name for r in records)
    assert sources == sorted([*GOOD, "records.jsonl", "records.jsonl"])
    graph = json.loads((out / "graph.json").read_text())
    assert len(graph["graph"]["documents"]) == len(records)
    nodes = {n["id"] for n in graph["nodes"]}
    expected = {"country:RUS", "country:GEO", "country:FRA", "country:DEU", "country:JPN", "country:PHL",
                "country:KEN", "country:ETH", "country:MLI", "country:IND", "country:BRA", "country:EGY",
                "country:JOR", "country:POL", "country:UKR", "country:CHL", "country:PER", "country:CAN",
                "country:MEX", "country:ESP", "country:PRT"}
    assert expected <= nodes, expected - nodes
    assert "country:IRQ" not in nodes  # the script in page.html was not read as text
    warnings = {Path(r["source"]).name: r["warnings"] for r in records}
    assert any("Windows-1252" in w for w in warnings["cp1252.txt"])
    assert any("UTF-16-LE" in w for w in warnings["utf16-nobom.txt"])
    assert any("NUL" in w for w in warnings["stray-nul.txt"])
