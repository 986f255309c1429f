"""Every document read is in the graph, named as failed, or counted as an exact duplicate (issue 13)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.cli._corpus import article, build

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"


def _ids(out: Path) -> list[str]:
    return [json.loads(x)["doc_id"] for x in (out / "extractions.jsonl").read_text().splitlines()]


def _counts(stderr: str) -> dict[str, int]:
    m = re.search(r"(\d+) documents read: (\d+) kept.*?, (\d+) failed(?:, (\d+) exact duplicates)?", stderr)
    assert m, stderr
    read, kept, failed, dups = (int(x or 0) for x in m.groups())
    return {"read": read, "kept": kept, "failed": failed, "duplicates": dups}


def test_build_same_stems_and_repeated_ids_keep_every_document(tmp_path):
    corpus = tmp_path / "corpus"
    for rel, n in (("a/report.txt", 1), ("b/report.txt", 2), ("b/report.md", 3), ("report.txt", 4)):
        (corpus / rel).parent.mkdir(parents=True, exist_ok=True)
        (corpus / rel).write_text(article(n))
    # a JSON record whose id repeats a file stem
    (corpus / "records.jsonl").write_text(json.dumps({"id": "report", "text": article(5)}) + "\n")
    out = tmp_path / "out"
    res = build(str(corpus), "--out", str(out))
    assert res.exit_code == 0, res.stderr
    ids = _ids(out)
    assert len(ids) == len(set(ids)) == 5
    # the first keeps its name; the others get path-relative ids, then the content hash
    # (read in sorted order: a/report.txt, b/report.md, b/report.txt, records.jsonl, report.txt)
    assert ids[:3] == ["report", "b/report", "b/report.txt"]
    assert re.fullmatch(r"report#[0-9a-f]{8}", ids[3])
    assert ids[4] == "report.txt"
    assert _counts(res.stderr) == {"read": 5, "kept": 5, "failed": 0, "duplicates": 0}
    graph = json.loads((out / "graph.json").read_text())
    assert len(graph["graph"]["documents"]) == 5
    assert "is taken; this document is" in res.stderr


def test_build_same_examples_twice_keeps_five_and_reports_five_duplicates(tmp_path):
    out = tmp_path / "out"
    res = build(str(EXAMPLES), str(EXAMPLES), "--out", str(out))
    assert res.exit_code == 0, res.stderr
    assert _counts(res.stderr) == {"read": 10, "kept": 5, "failed": 0, "duplicates": 5}
    assert res.stderr.count("counted once") == 6  # five notes and the summary
    assert len(_ids(out)) == 5


def test_build_counts_add_up_with_failures_and_duplicates(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "empty.txt").write_text("   ")
    (corpus / "binary.txt").write_bytes(b"\x00\x01\x02")
    (corpus / "one.txt").write_text(article(1))
    (corpus / "same.md").write_text(article(1))
    (corpus / "two.txt").write_text(article(2))
    (corpus / "bad.jsonl").write_text('{"id": "x", "text": "' + article(3) + '"}\n{not json\n')
    out = tmp_path / "out"
    res = build(str(corpus), "--out", str(out))
    assert res.exit_code == 1
    c = _counts(res.stderr)
    assert c == {"read": 7, "kept": 3, "failed": 3, "duplicates": 1}
    assert c["read"] == c["kept"] + c["failed"] + c["duplicates"]
    # each failure is named by the file a user must fix (and the line, for JSONL)
    for name in ("empty.txt: ", "binary.txt: ", "bad.jsonl:2: "):
        assert re.search(rf"^geokg: \S*{re.escape(name)}", res.stderr, re.M), res.stderr
    assert sorted(_ids(out)) == ["one", "two", "x"]
