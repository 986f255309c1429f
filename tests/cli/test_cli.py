"""End-to-end tests of the geokg command line (subprocesses, as a user runs it)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
GEOKG = [str(Path(sys.executable).parent / "geokg")]


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([*GEOKG, *args], capture_output=True, text=True, input=stdin, timeout=300, check=False)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("out")
    proc = run("build", str(EXAMPLES), "--out", str(out), "--no-progress")
    assert proc.returncode == 0, proc.stderr
    return out


def test_cli_extract_follows_the_record(tmp_path):
    doc = tmp_path / "story.txt"
    doc.write_text("Israel recalled its military consultants from Georgia, officials said.")
    proc = run("extract", str(doc), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    rec = json.loads(proc.stdout)
    assert rec["doc_id"] == "story" and rec["source"].endswith("story.txt")
    ids = {e["id"] for e in rec["entities"]}
    assert {"country:ISR", "country:GEO"} <= ids
    rel = next(r for r in rec["relations"] if r["relation"] == "recalled_consultants_from")
    assert (rel["head"], rel["tail"], rel["modality"]) == ("country:ISR", "country:GEO", "reported")
    ev = rel["evidence"][0]
    assert doc.read_text()[ev["start"] : ev["end"]] == ev["text"]


def test_cli_extract_jsonl_ids_and_stdin(tmp_path):
    f = tmp_path / "batch.jsonl"
    f.write_text(json.dumps({"id": "a1", "text": "Russia threatened Ukraine."}) + "\n"
                 + json.dumps({"text": "Iran met Iraq."}) + "\n")
    proc = run("extract", str(f))
    assert proc.returncode == 0, proc.stderr
    assert [json.loads(x)["doc_id"] for x in proc.stdout.splitlines()] == ["a1", "batch#2"]
    proc = run("extract", "-", stdin="France praised Germany.")
    assert json.loads(proc.stdout)["doc_id"] == "-"


def test_cli_extract_reports_bad_documents_and_keeps_the_rest(tmp_path):
    (tmp_path / "good.txt").write_text("Russia attacked Ukraine.")
    (tmp_path / "empty.txt").write_text("   \n")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02PNG")
    (tmp_path / "latin.txt").write_bytes("Fran\xe7ois met officials in Paris.".encode("latin-1"))
    (tmp_path / "lines.jsonl").write_text('{"id": "ok", "text": "Chad and Niger met."}\n{broken\n{"id": "nt"}\n')
    proc = run("extract", str(tmp_path))
    assert proc.returncode == 1
    ids = [json.loads(x)["doc_id"] for x in proc.stdout.splitlines()]
    assert ids == ["latin", "ok", "good"] or sorted(ids) == ["good", "latin", "ok"]
    for name in ("empty", "binary", "lines#2", "nt"):
        assert re.search(rf"^geokg: {re.escape(name)}: ", proc.stderr, re.M), proc.stderr
    latin = next(json.loads(x) for x in proc.stdout.splitlines() if json.loads(x)["doc_id"] == "latin")
    assert any("Windows-1252" in w for w in latin["warnings"])
    assert "Traceback" not in proc.stderr


def test_cli_usage_errors_exit_2(tmp_path):
    proc = run("extract", str(tmp_path / "missing.txt"))
    assert proc.returncode == 2 and "input not found" in proc.stderr and "Traceback" not in proc.stderr
    proc = run("extract", str(EXAMPLES), "--model", "no_such_pipeline_xyz")
    assert proc.returncode == 2 and "no_such_pipeline_xyz" in proc.stderr
    proc = run("path", str(tmp_path / "nope.json"), "a", "b")
    assert proc.returncode == 2


def test_cli_build_writes_four_outputs(built):
    # besides the four outputs, only the hidden state folder (record store, published generation)
    assert sorted(p.name for p in built.iterdir()) == [".geokg", "extractions.jsonl", "graph.graphml", "graph.html",
                                                        "graph.json"]
    G = nx.read_graphml(built / "graph.graphml")
    assert G.number_of_nodes() > 20 and G.number_of_edges() > 20
    html = (built / "graph.html").read_text()
    assert not re.search(r"""<(script|link)[^>]+(src|href)\s*=\s*["']?https?://""", html)
    assert len((built / "extractions.jsonl").read_text().splitlines()) == len(list(EXAMPLES.glob("*.txt")))


def test_cli_path_prints_evidence_of_each_hop(built):
    proc = run("path", str(built / "graph.json"), "india", "Russia")
    assert proc.returncode == 0, proc.stderr
    assert "India" in proc.stdout and "Russia" in proc.stdout and '"' in proc.stdout
    proc = run("path", str(built / "graph.json"), "India", "Russia", "--json")
    hops = json.loads(proc.stdout)[0]["hops"]
    assert hops and all(h["evidence"] for h in hops)


def test_cli_unknown_entity_suggests(built):
    proc = run("path", str(built / "graph.json"), "Indai", "Russia")
    assert proc.returncode == 2
    assert "'Indai' is not in the graph" in proc.stderr and "India" in proc.stderr


def test_cli_neighbors_stats_export_render(built, tmp_path):
    proc = run("neighbors", str(built / "graph.json"), "Turkey", "--json")
    assert proc.returncode == 0 and json.loads(proc.stdout)
    proc = run("stats", str(built / "graph.json"), "--json")
    assert json.loads(proc.stdout)["nodes"] > 20
    for fmt, name in (("graphml", "g.graphml"), ("gexf", "g.gexf"), ("json", "g.json"), ("cypher", "g.cypher"),
                      ("csv", "csv")):
        proc = run("export", str(built / "graph.json"), "--to", fmt, "--out", str(tmp_path / name))
        assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "csv" / "edges.csv").exists()
    proc = run("render", str(built / "graph.json"), "--out", str(tmp_path / "m.html"), "--focus", "Russia")
    assert proc.returncode == 0 and (tmp_path / "m.html").stat().st_size > 1000
    proc = run("stats", str(built / "graph.graphml"))
    assert proc.returncode == 0 and "actors" in proc.stdout


def test_cli_build_failure_leaves_previous_outputs_untouched(built, tmp_path):
    out = tmp_path / "out"
    assert run("build", str(EXAMPLES), "--out", str(out), "--no-progress").returncode == 0
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "blank.txt").write_text("")
    proc = run("build", str(empty), "--out", str(out), "--no-progress")
    assert proc.returncode == 1
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before


def test_cli_schema_and_ontology():
    proc = run("schema")
    assert json.loads(proc.stdout)["title"] == "Extraction"
    proc = run("ontology")
    assert "arms_buyer_of" in proc.stdout and "CAMEO" in proc.stdout


def test_cli_huge_document_is_refused_and_the_rest_go_on(tmp_path):
    (tmp_path / "huge.txt").write_text("Russia met Syria. " * 2000)
    (tmp_path / "small.txt").write_text("Russia met Syria.")
    proc = run("extract", str(tmp_path), "--max-chars", "5000")
    assert proc.returncode == 1
    assert "huge: " in proc.stderr and "over the limit" in proc.stderr
    assert [json.loads(x)["doc_id"] for x in proc.stdout.splitlines()] == ["small"]


def test_cli_build_with_two_workers_matches_one(tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    assert run("build", str(EXAMPLES), "--out", str(one), "--no-progress").returncode == 0
    proc = run("build", str(EXAMPLES), "--out", str(two), "--workers", "2", "--no-progress")
    assert proc.returncode == 0, proc.stderr
    a = json.loads((one / "graph.json").read_text())
    b = json.loads((two / "graph.json").read_text())
    assert sorted(n["id"] for n in a["nodes"]) == sorted(n["id"] for n in b["nodes"])
    assert len(a["edges"]) == len(b["edges"])

