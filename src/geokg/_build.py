"""Orchestration for ``geokg build``: write the four outputs atomically, and extract in worker processes."""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import Any

from geokg.graph._atomic import atomic_write
from geokg.schemas import Extraction

__all__ = ["write_outputs", "extract_chunk"]

OUTPUTS = ("extractions.jsonl", "graph.json", "graph.graphml", "graph.html")


def write_outputs(records: list[Extraction], out_dir: Path, *, title: str | None = None) -> Any:
    """Build the graph and write extractions.jsonl, graph.json, graph.graphml and graph.html into ``out_dir``.

    Everything is first written to hidden temporary files in ``out_dir``; only when all four are complete are
    they renamed into place, so a failure leaves the previous outputs (if any) untouched.
    """
    from geokg.graph import build_graph, render_html, write_graphml, write_json
    from geokg.schemas import load_ontology

    out_dir.mkdir(parents=True, exist_ok=True)
    G = build_graph(records, ontology=load_ontology())
    tmp = {name: out_dir / f".{name}.partial" for name in OUTPUTS}
    try:
        with atomic_write(tmp["extractions.jsonl"]) as f:
            for rec in records:
                f.write(json.dumps(rec.model_dump(mode="json"), ensure_ascii=False) + "\n")
        write_json(G, tmp["graph.json"])
        write_graphml(G, tmp["graph.graphml"])
        render_html(G, tmp["graph.html"], title=title or f"geokg map: {len(records)} documents")
        for name, t in tmp.items():
            os.replace(t, out_dir / name)
    finally:
        for t in tmp.values():
            with contextlib.suppress(FileNotFoundError):
                t.unlink()
    return G


_WORKER: dict[str, Any] = {}


def extract_chunk(docs: list[Any], settings: tuple[str | None, str | None, int]) -> list[Any]:
    """Extract a chunk of documents in a worker process (one pipeline per process, built on first use)."""
    from geokg.extractor import Extractor

    key = repr(settings)
    if key not in _WORKER:
        model, alias_file, max_chars = settings
        ex = Extractor(model, alias_file=alias_file)
        ex.nlp.max_length = max(ex.nlp.max_length, max_chars + 1)
        _WORKER[key] = ex
    return list(_WORKER[key].extract(docs))
