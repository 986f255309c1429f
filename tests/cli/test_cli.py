"""The geokg command line, through click's CliRunner (in process, one pipeline for the module).

A few end-to-end tests at the bottom start a real ``geokg`` process, as a user runs it.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from geokg.cli import main
from tests.cli._corpus import outputs

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
GEOKG = str(Path(sys.executable).parent / "geokg")


def cli(*args: object, input: str | bytes | None = None):
    """Run ``geokg ARGS`` in process; the result has exit_code, stdout and stderr."""
    return CliRunner().invoke(main, [str(a) for a in args], input=input, catch_exceptions=False)


def one_line_error(result, code: int = 2) -> str:
    """The result is a one-line error with exit status ``code`` and no traceback; return the line."""
    lines = result.stderr.strip().splitlines()
    assert result.exit_code == code, (result.exit_code, result.stderr)
    assert len(lines) == 1 and lines[0].startswith("geokg: error: "), result.stderr
    assert "Traceback" not in result.stderr and ".tmp" not in result.stderr
    return lines[0]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("out")
    result = cli("build", EXAMPLES, "--out", out, "--no-progress")
    assert result.exit_code == 0, result.stderr
    return out


# ------------------------------------------------------------------------------------------ extract


def test_cli_extract_follows_the_record(tmp_path):
    doc = tmp_path / "story.txt"
    doc.write_text("Israel recalled its military consultants from Georgia, officials said.")
    result = cli("extract", doc, "--format", "json")
    assert result.exit_code == 0, result.stderr
    rec = json.loads(result.stdout)
    assert rec["doc_id"] == "story" and rec["source"].endswith("story.txt")
    assert {"country:ISR", "country:GEO"} <= {e["id"] for e in rec["entities"]}
    rel = next(r for r in rec["relations"] if r["relation"] == "recalled_consultants_from")
    assert (rel["head"], rel["tail"], rel["modality"]) == ("country:ISR", "country:GEO", "reported")
    ev = rel["evidence"][0]
    assert doc.read_text()[ev["start"] : ev["end"]] == ev["text"]


def test_cli_extract_jsonl_ids_and_stdin(tmp_path):
    f = tmp_path / "batch.jsonl"
    f.write_text(json.dumps({"id": "a1", "text": "Russia threatened Ukraine."}) + "\n"
                 + json.dumps({"text": "Iran met Iraq."}) + "\n")
    result = cli("extract", f)
    assert result.exit_code == 0, result.stderr
    assert [json.loads(x)["doc_id"] for x in result.stdout.splitlines()] == ["a1", "batch#2"]
    result = cli("extract", "-", input="France praised Germany.")
    rec = json.loads(result.stdout)
    assert rec["doc_id"] == "-" and {"country:FRA", "country:DEU"} <= {e["id"] for e in rec["entities"]}


def test_cli_extract_names_each_bad_file_and_keeps_the_rest(tmp_path):
    (tmp_path / "good.txt").write_text("Russia attacked Ukraine.")
    (tmp_path / "empty.txt").write_text("   \n")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02PNG")
    (tmp_path / "latin.txt").write_bytes("Fran\xe7ois met officials in Paris.".encode("latin-1"))
    (tmp_path / "lines.jsonl").write_text('{"id": "ok", "text": "Chad and Niger met."}\n{broken\n{"id": "nt"}\n')
    result = cli("extract", tmp_path)
    assert result.exit_code == 1
    assert sorted(json.loads(x)["doc_id"] for x in result.stdout.splitlines()) == ["good", "latin", "ok"]
    expected = {
        "empty.txt": "empty document",
        "binary.txt": "binary file",
        "lines.jsonl:2": "not valid JSON",
        "lines.jsonl:3": "no 'text' field",
    }
    for where, reason in expected.items():
        assert re.search(rf"^geokg: \S*{re.escape(where)}: .*{reason}", result.stderr, re.M), result.stderr
    assert len(result.stderr.strip().splitlines()) == len(expected)
    latin = next(json.loads(x) for x in result.stdout.splitlines() if json.loads(x)["doc_id"] == "latin")
    assert any("Windows-1252" in w for w in latin["warnings"])


def test_cli_huge_document_is_refused_and_the_rest_go_on(tmp_path):
    (tmp_path / "huge.txt").write_text("Russia met Syria. " * 2000)
    (tmp_path / "small.txt").write_text("Russia met Syria.")
    result = cli("extract", tmp_path, "--max-chars", "5000")
    assert result.exit_code == 1
    assert re.search(r"^geokg: \S*huge\.txt: .*--max-chars", result.stderr, re.M), result.stderr
    assert [json.loads(x)["doc_id"] for x in result.stdout.splitlines()] == ["small"]


# ------------------------------------------------------------------------------------- user mistakes


def test_cli_user_mistakes_are_one_line_and_exit_2(tmp_path, built):
    graph = built / "graph.json"
    (tmp_path / "file").write_text("x")
    mistakes = {
        ("extract", tmp_path / "missing.txt"): "input not found",
        ("extract", EXAMPLES, "--model", "no_such_pipeline_xyz"): "no_such_pipeline_xyz",
        ("extract", EXAMPLES, "--aliases", tmp_path / "nope.yaml"): "nope.yaml",
        ("extract", EXAMPLES, "--max-chars", "0"): "--max-chars",
        ("extract",): "missing argument",
        ("path", tmp_path / "nope.json", "a", "b"): "nope.json",
        ("path", tmp_path, "a", "b"): "is a directory",
        ("path", graph, "India", "Russia", "--max-hops", "lots"): "--max-hops",
        ("path", graph, "India", "Russia", "--bogus"): "no such option",
        ("path", graph, "India", "Russia", "--relation", "attack"): "Did you mean 'attacked'",
        ("path", graph, "India", "Russia", "--exclude-relation", "nonsense"): "unknown relation label 'nonsense'",
        ("neighbors", graph, "Niger", "--type", "countri"): "Did you mean 'country'",
        ("neighbors", graph, "Mordor"): "'Mordor' is not in the graph",
        ("render", graph, "--out", tmp_path): "is a directory",
        ("render", graph, "--out", tmp_path / "m.html", "--relation", "met"): "Did you mean 'met_with'",
        ("export", graph, "--to", "csv", "--out", tmp_path / "file"): "is a file",
        ("export", graph, "--to", "gexf", "--out", tmp_path): "is a directory",
        ("export", graph, "--to", "json", "--out", tmp_path / "file" / "g.json"): "is a file, not a directory",
        ("export", graph, "--to", "xlsx", "--out", tmp_path / "g"): "'xlsx'",
        ("pth", graph): "Did you mean 'path'",
    }
    for args, fragment in mistakes.items():
        line = one_line_error(cli(*args))
        assert fragment in line, (args, line)


def test_cli_unknown_entity_suggests_only_close_names(built):
    line = one_line_error(cli("path", built / "graph.json", "Indai", "Russia"))
    assert "'Indai' is not in the graph. Did you mean 'India'?" in line
    line = one_line_error(cli("path", built / "graph.json", "Narnia", "Russia"))
    assert line.endswith("'Narnia' is not in the graph.")


def test_cli_internal_error_says_how_to_report_and_verbose_shows_the_traceback(built, monkeypatch):
    import geokg.graph

    def broken(G, **kw):
        raise RuntimeError("boom")

    monkeypatch.setattr(geokg.graph, "graph_stats", broken)
    result = cli("stats", built / "graph.json")
    assert result.exit_code == 3
    assert "internal error: RuntimeError: boom" in result.stderr and "please report it on" in result.stderr
    assert "Traceback" not in result.stderr and "--verbose" in result.stderr
    result = cli("--verbose", "stats", built / "graph.json")
    assert result.exit_code == 3 and "Traceback (most recent call last)" in result.stderr


def test_cli_closed_pipe_is_not_an_internal_error(built, monkeypatch):
    import geokg.graph

    def gone(G, **kw):
        raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(geokg.graph, "graph_stats", gone)
    result = cli("stats", built / "graph.json")  # click quietens a closed pipe (geokg ... | head) itself
    assert result.exit_code == 1 and result.stderr == ""


def test_cli_schema_of_the_graph_file():
    schema = json.loads(cli("schema", "--graph").stdout)
    assert {"nodes", "edges"} <= set(schema["properties"]) and "GraphEdge" in schema["$defs"]


def test_cli_write_errors_name_the_target_not_the_temporary_file(built, tmp_path, monkeypatch):
    def refuse(src, dst):
        raise PermissionError(13, "Permission denied", str(src))

    monkeypatch.setattr(os, "replace", refuse)
    out = tmp_path / "g.graphml"
    line = one_line_error(cli("export", built / "graph.json", "--to", "graphml", "--out", out))
    assert line == f"geokg: error: cannot write {out}: Permission denied"
    assert not list(tmp_path.iterdir())  # and no temporary file is left behind


# ------------------------------------------------------------------------------------- graph files

NODE = {"id": "country:SYR", "type": "country", "name": "Syria", "aliases": ["Damascus"], "mentions": 1,
        "documents": 1}
EDGE = {"source": "country:SYR", "target": "country:RUS", "key": "arms_buyer_of", "relation": "arms_buyer_of",
        "weight": 1, "evidence": [{"doc_id": "d", "text": "Syria buys.", "start": 0, "end": 11,
                                   "modality": "asserted"}]}


def _graph_text(node: dict | None = None, edge: dict | None = None) -> str:
    nodes = [{**NODE, **(node or {})}, {"id": "country:RUS", "type": "country", "name": "Russia"}]
    data = {"directed": True, "multigraph": True, "graph": {}, "nodes": nodes, "edges": [{**EDGE, **(edge or {})}]}
    return json.dumps(data)


HAND_EDITED = {
    "weight.json": (_graph_text(edge={"weight": "heavy"}), r"edges\[0\] \(country:SYR -> country:RUS, "
                                                          r"arms_buyer_of\)\.weight: .*integer.*'heavy'"),
    "evidence.json": (_graph_text(edge={"evidence": "x"}), r"edges\[0\].*\.evidence: .*list.*'x'"),
    "aliases.json": (_graph_text(node={"aliases": 5}), r"nodes\[0\] \(country:SYR\)\.aliases: .*list"),
    "nan.json": (_graph_text(edge={"weight": 1}).replace('"weight": 1', '"weight": NaN'),
                 r"edges\[0\].*\.weight: .*finite"),
    "infinity.json": (_graph_text(edge={"score": 1.5}).replace('"score": 1.5', '"score": Infinity'),
                      r"edges\[0\].*\.score: .*finite"),
    "extra-nan.json": (_graph_text(node={"population": 1.5}).replace("1.5", "-Infinity"),
                       r"nodes\[0\]\.population: NaN and Infinity are not allowed"),
    "truncated.json": (_graph_text()[:150], r"ends early \(truncated\?\)"),
    "type.json": (_graph_text(node={"type": "planet"}), r"nodes\[0\] \(country:SYR\)\.type: .*'planet'"),
}


def test_cli_hand_edited_graph_files_are_one_line_and_exit_2(built, tmp_path):
    files = {name: (tmp_path / name, pattern) for name, (text, pattern) in HAND_EDITED.items()}
    for path, _ in files.values():
        path.write_text(HAND_EDITED[path.name][0])
    gexf = tmp_path / "graph.gexf"
    assert cli("export", built / "graph.json", "--to", "gexf", "--out", gexf).exit_code == 0
    files["graph.gexf"] = (gexf, r"expected a geokg graph \(graph.json or GraphML\), got GEXF")
    for path, pattern in files.values():
        for args in (
            ("stats", path),
            ("path", path, "Syria", "Russia"),
            ("neighbors", path, "Syria"),
            ("render", path, "--out", tmp_path / "m.html"),
            ("export", path, "--to", "json", "--out", tmp_path / "g.json"),
        ):
            line = one_line_error(cli(*args))
            assert re.search(re.escape(path.name) + ": .*" + pattern, line), (args, line)
    assert not (tmp_path / "m.html").exists() and not (tmp_path / "g.json").exists()


# ------------------------------------------------------------------------------------ build, queries


def test_cli_build_writes_four_outputs(built):
    # besides the four outputs, only the hidden state folder (record store, published generation)
    assert sorted(p.name for p in built.iterdir()) == [".geokg", "extractions.jsonl", "graph.graphml",
                                                        "graph.html", "graph.json"]
    data = json.loads((built / "graph.json").read_text())
    G = nx.read_graphml(built / "graph.graphml")
    assert {n["id"] for n in data["nodes"]} == set(G.nodes) and len(data["edges"]) == G.number_of_edges()
    assert G.number_of_nodes() > 20 and G.number_of_edges() > 20
    html = (built / "graph.html").read_text()
    assert not re.search(r"""<(script|link)[^>]+(src|href)\s*=\s*["']?https?://""", html)
    assert 'id="graph-data"' in html and "India" in html
    lines = (built / "extractions.jsonl").read_text().splitlines()
    assert sorted(json.loads(x)["doc_id"] for x in lines) == sorted(p.stem for p in EXAMPLES.glob("*.txt"))


def test_cli_path_prints_evidence_of_each_hop_and_marks_derived_hops(built):
    result = cli("path", built / "graph.json", "india", "Russia")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("India ") and "Russia" in result.stdout and "[india_russia_oil]" in result.stdout
    result = cli("path", built / "graph.json", "India", "Russia", "--json")
    hops = json.loads(result.stdout)[0]["hops"]
    assert hops and all(h["evidence"] for h in hops) and all("derived" in h for h in hops)
    result = cli("path", built / "graph.json", "India", "Russia", "--relation", "met_with")
    assert result.exit_code == 0 and "(derived from Narendra Modi's relation)" in result.stdout
    (hop,) = json.loads(cli("path", built / "graph.json", "India", "Russia", "--relation", "met_with",
                            "--json").stdout)[0]["hops"]
    assert hop["derived"] is True and hop["derived_from"] == ["person:narendra-modi"]


def test_cli_path_not_found_exits_1(built):
    result = cli("path", built / "graph.json", "India", "Russia", "--relation", "attacked")
    assert result.exit_code == 1 and "no path from 'India' to 'Russia'" in result.stderr


def test_cli_neighbors_stats_export_render(built, tmp_path):
    graph = built / "graph.json"
    G = nx.node_link_graph(json.loads(graph.read_text()), edges="edges")
    result = cli("neighbors", graph, "Turkey", "--json")
    rows = json.loads(result.stdout)
    assert result.exit_code == 0 and "country:SWE" in {r["id"] for r in rows}
    assert {r["id"] for r in rows} == set(G.predecessors("country:TUR")) | set(G.successors("country:TUR"))
    rows = json.loads(cli("neighbors", graph, "Turkey", "--type", "person", "--json").stdout)
    assert rows and all(r["type"] == "person" for r in rows)
    stats = json.loads(cli("stats", graph, "--json").stdout)
    assert (stats["nodes"], stats["edges"], stats["documents"]) == (G.number_of_nodes(), G.number_of_edges(), 5)
    for fmt, name in (("graphml", "g.graphml"), ("gexf", "g.gexf"), ("json", "g.json"), ("cypher", "g.cypher"),
                      ("csv", "csv")):
        result = cli("export", graph, "--to", fmt, "--out", tmp_path / name)
        assert result.exit_code == 0 and result.stderr == f"geokg: wrote {tmp_path / name}\n", result.stderr
    assert set(nx.read_gexf(tmp_path / "g.gexf").nodes) == set(G.nodes)
    assert json.loads((tmp_path / "g.json").read_text()) == json.loads(graph.read_text())
    cypher = (tmp_path / "g.cypher").read_text()
    assert cypher.count("MERGE (n:Entity") == G.number_of_nodes()
    assert len((tmp_path / "csv" / "nodes.csv").read_text().splitlines()) == G.number_of_nodes() + 1
    result = cli("render", graph, "--out", tmp_path / "m.html", "--focus", "Russia")
    html = (tmp_path / "m.html").read_text()
    assert result.exit_code == 0 and "within 2 hops of Russia" in html
    result = cli("stats", built / "graph.graphml")
    assert result.exit_code == 0 and f"actors: {G.number_of_nodes()}" in result.stdout


def test_cli_build_failure_leaves_previous_outputs_untouched(built, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(built, out)
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    assert sorted(before) == ["extractions.jsonl", "graph.graphml", "graph.html", "graph.json"]
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "blank.txt").write_text("")
    result = cli("build", empty, "--out", out, "--no-progress")
    assert result.exit_code == 1 and "blank.txt" in result.stderr
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before


def test_cli_schema_and_ontology():
    assert json.loads(cli("schema").stdout)["title"] == "Extraction"
    result = cli("ontology")
    assert result.exit_code == 0 and len(result.stdout.splitlines()) == 23
    assert re.search(r"^arms_buyer_of +country.* --> .*CAMEO \d\d", result.stdout, re.M)


def test_cli_build_with_two_workers_matches_one(built, tmp_path):
    result = cli("build", EXAMPLES, "--out", tmp_path, "--workers", "2", "--no-progress")
    assert result.exit_code == 0, result.stderr
    assert len(outputs(built)) == 4 and outputs(tmp_path) == outputs(built)  # the same bytes, all four files


# ------------------------------------------------------------------------------------ help examples


def _help_examples() -> list[str]:
    texts = [cli("--help").stdout]
    texts += [cli(name, "--help").stdout for name in sorted(main.commands)]
    out = []
    for text in texts:
        for line in text.splitlines():
            line = line.strip()
            if line.startswith("geokg ") or line.startswith("cat "):
                out.append(line.split("  #", 1)[0].strip())
    return out


def _run_example(line: str) -> None:
    """Run one help example: ``geokg ...``, with ``cat FILE |``, ``> FILE`` and ``&& open ...`` understood."""
    for part in line.split("&&"):
        words = shlex.split(part)
        if words[0] == "open":  # macOS's "open the map": nothing to run here
            continue
        stdin = None
        if words[0] == "cat":
            pipe = words.index("|")
            stdin = Path(words[1]).read_bytes()
            words = words[pipe + 1 :]
        redirect = None
        if ">" in words:
            redirect = Path(words[words.index(">") + 1])
            words = words[: words.index(">")]
        assert words[0] == "geokg", line
        result = cli(*words[1:], input=stdin)
        assert result.exit_code == 0, (line, result.stderr)
        if redirect is not None:
            redirect.write_text(result.stdout)


def test_cli_every_help_example_runs_on_the_bundled_examples(tmp_path, monkeypatch):
    (tmp_path / "examples").symlink_to(EXAMPLES)
    monkeypatch.chdir(tmp_path)
    examples = _help_examples()
    assert len(examples) >= 15 and "geokg build examples --out out" in examples
    # the Quick start builds out/ first; every other example reads it
    for line in sorted(examples, key=lambda x: not x.startswith("geokg build")):
        _run_example(line)
    nodes = {n["id"] for n in json.loads((tmp_path / "out" / "graph.json").read_text())["nodes"]}
    assert {"country:IND", "country:RUS"} <= nodes
    assert "country:IND" in (tmp_path / "map.html").read_text()


# ------------------------------------------------------------------------- end to end (subprocesses)


@pytest.mark.slow
def test_e2e_build_then_path_as_a_user_runs_it(tmp_path):
    out = tmp_path / "out"
    proc = subprocess.run([GEOKG, "build", str(EXAMPLES), "--out", str(out)], capture_output=True, text=True,
                          timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr
    assert re.fullmatch(r"geokg: 5 documents read: 5 kept, 0 failed; \d+ actors, \d+ relations in [\d.]+s -> .*\n",
                        proc.stderr), proc.stderr
    proc = subprocess.run([GEOKG, "path", str(out / "graph.json"), "India", "Russia"], capture_output=True,
                          text=True, timeout=120, check=False)
    assert proc.returncode == 0 and proc.stdout.startswith("India ")


@pytest.mark.slow
def test_e2e_stdin_pipe_and_a_usage_error(tmp_path):
    proc = subprocess.run([GEOKG, "extract", "-"], input="Russia threatened Georgia.", capture_output=True,
                          text=True, timeout=120, check=False)
    rel = json.loads(proc.stdout)["relations"][0]
    assert proc.returncode == 0 and (rel["head"], rel["relation"], rel["tail"]) == (
        "country:RUS", "threatened", "country:GEO")
    proc = subprocess.run([GEOKG, "stats", str(tmp_path)], capture_output=True, text=True, timeout=60,
                          check=False)
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1 and "is a directory" in proc.stderr
