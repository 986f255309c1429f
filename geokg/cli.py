"""geokg command line. PLACEHOLDER: `extract` only, minimal reading; the foundation issue completes it."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from geokg.schemas import Document


def _read(paths: list[str]) -> list[Document]:
    docs = []
    for p in paths:
        path = Path(p)
        files = sorted(f for f in path.rglob("*") if f.is_file()) if path.is_dir() else [path]
        for f in files:
            if f.suffix == ".jsonl":
                for n, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
                    if line.strip():
                        rec = json.loads(line)
                        docs.append(Document(doc_id=str(rec.get("id") or f"{f.stem}#{n}"), text=rec["text"],
                                             source=str(f)))
            else:
                docs.append(Document(doc_id=f.stem, text=f.read_text(encoding="utf-8"), source=str(f)))
    return docs


@click.group()
def main() -> None:
    """geokg: news text in, a knowledge graph of geopolitical actors out."""


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["json", "jsonl"]), default="jsonl")
@click.option("--model", default=None)
def extract(inputs: tuple[str, ...], fmt: str, model: str | None) -> None:
    """Extract entities and relations from INPUT files."""
    from geokg.pipeline import Extractor

    recs = [r.model_dump(mode="json") for r in Extractor(model).extract(_read(list(inputs)))]
    if fmt == "jsonl":
        for r in recs:
            sys.stdout.write(json.dumps(r, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(json.dumps(recs[0] if len(recs) == 1 else recs, ensure_ascii=False, indent=2) + "\n")
