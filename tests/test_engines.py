"""Engines give the same result wherever extraction runs (issues 11 and 13)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli._corpus import article, build, outputs, write_jsonl

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def _failures(stderr: str) -> list[str]:
    return sorted(x for x in stderr.splitlines() if x.startswith("geokg: ") and "documents read" not in x)


@pytest.fixture(scope="module")
def mixed(tmp_path_factory) -> Path:
    """Good documents with bad ones among them: empty, binary, malformed JSON, no text."""
    d = tmp_path_factory.mktemp("mixed")
    write_jsonl(d / "good.jsonl", 0, 40)
    (d / "empty.txt").write_text("")
    (d / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)  # an image, not text
    (d / "broken.jsonl").write_text('{"id": "fine", "text": "' + article(99) + '"}\n{oops\n{"id": "notext"}\n')
    return d


def test_engines_two_workers_report_failures_exactly_like_one_process(mixed, tmp_path):
    one = build(str(mixed), "--out", str(tmp_path / "one"))
    two = build(str(mixed), "--out", str(tmp_path / "two"), "--workers", "2", "--batch-size", "4")
    assert one.exit_code == two.exit_code == 1
    assert _failures(one.stderr) == _failures(two.stderr)
    assert len(_failures(one.stderr)) == 4
    assert outputs(tmp_path / "one") == outputs(tmp_path / "two")


def test_engines_missing_aliases_file_is_one_line_with_workers(tmp_path):
    res = build(str(EXAMPLES), "--out", str(tmp_path / "o"), "--workers", "2", "--aliases", str(tmp_path / "no.yaml"))
    assert res.exit_code == 2
    assert "alias file not found" in res.stderr and "Traceback" not in res.stderr
    assert not (tmp_path / "o" / "graph.json").exists()


@pytest.mark.slow
def test_engines_dask_local_cluster_equals_the_local_engine(tmp_path):
    pytest.importorskip("distributed")
    local, dask = tmp_path / "local", tmp_path / "dask"
    assert build(str(EXAMPLES), "--out", str(local)).exit_code == 0
    res = build(str(EXAMPLES), "--out", str(dask), "--engine", "dask", "--workers", "2", "--batch-size", "2")
    assert res.exit_code == 0, res.stderr
    assert "Traceback" not in res.stderr
    assert outputs(dask) == outputs(local)


def test_engines_dask_unreachable_scheduler_is_a_clear_error(tmp_path, monkeypatch):
    pytest.importorskip("distributed")
    from geokg.engines import dask as dask_engine

    monkeypatch.setattr(dask_engine, "CONNECT_TIMEOUT", 1)  # nothing listens on port 9: no need to wait 10 s
    res = build(str(EXAMPLES), "--out", str(tmp_path / "o"), "--engine", "dask", "--scheduler", "tcp://127.0.0.1:9")
    assert res.exit_code == 2 and "cannot reach the Dask scheduler" in res.stderr


def test_engines_scheduler_needs_the_dask_engine(tmp_path):
    res = build(str(EXAMPLES), "--out", str(tmp_path / "o"), "--scheduler", "tcp://127.0.0.1:8786")
    assert res.exit_code == 2 and "--engine dask" in res.stderr


_RENDER = """
import sys
from geokg.graph import build_graph, render_html
recs = [{"doc_id": f"d{i}", "relations": [{"head": f"country:A{i % 26:02d}", "relation": "met_with",
         "tail": f"person:p-{i}", "evidence": [{"start": 0, "end": 1, "text": "x"}]}]} for i in range(120)]
render_html(build_graph(recs), sys.argv[1], max_nodes=40)
render_html(build_graph(recs), sys.argv[2], focus="country:A03", hops=1)
"""


def test_engines_outputs_do_not_depend_on_the_hash_seed(tmp_path):
    # every process has its own string hash seed; a build's bytes (here: the map of a graph larger than
    # max_nodes, and a focused map) must not depend on it, or resumed and parallel builds differ
    pages = {}
    for seed in ("1", "2"):
        files = [tmp_path / f"{seed}-max.html", tmp_path / f"{seed}-focus.html"]
        subprocess.run([sys.executable, "-c", _RENDER, *map(str, files)], check=True, timeout=120,
                       env={**os.environ, "PYTHONHASHSEED": seed})
        pages[seed] = [f.read_bytes() for f in files]
    assert pages["1"] == pages["2"]
