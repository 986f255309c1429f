"""Small made-up corpora for the build tests (our own sentences; no third-party text)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from geokg.cli import main

COUNTRIES = ["Russia", "Syria", "Turkey", "Sweden", "India", "China", "Japan", "Brazil", "Kenya", "Egypt",
             "Iran", "Israel", "France", "Germany", "Poland", "Ukraine", "Mexico", "Peru", "Chile", "Ghana"]
PATTERNS = [
    "{a} and {b} signed a trade agreement on day {n}.",
    "{a} accused {b} of violating the ceasefire, officials said on day {n}.",
    "The foreign minister of {a} met her counterpart from {b} in the capital on day {n}.",
    "{a} threatened {b} with sanctions after the talks collapsed on day {n}.",
    "{a} withdrew its troops from {b} on day {n}, the ministry said.",
]


def article(n: int, sentences: int = 4) -> str:
    """A short made-up news text; different ``n`` give different texts."""
    out = []
    for k in range(sentences):
        a = COUNTRIES[(n + k) % len(COUNTRIES)]
        b = COUNTRIES[(n * 7 + 3 * k + 1) % len(COUNTRIES)]
        if a == b:
            b = COUNTRIES[(COUNTRIES.index(a) + 1) % len(COUNTRIES)]
        out.append(PATTERNS[(n + k) % len(PATTERNS)].format(a=a, b=b, n=n))
    return " ".join(out)


def write_jsonl(path: Path, first: int, count: int, sentences: int = 4) -> Path:
    """A JSONL corpus of ``count`` articles with ids ``doc<first>`` ..."""
    with path.open("w", encoding="utf-8") as f:
        for n in range(first, first + count):
            f.write(json.dumps({"id": f"doc{n}", "text": article(n, sentences)}) + "\n")
    return path


OUTPUTS = ("extractions.jsonl", "graph.json", "graph.graphml", "graph.html")


def outputs(out: Path) -> dict[str, bytes]:
    """The bytes of the four outputs of a build directory (missing ones are absent)."""
    return {n: (out / n).read_bytes() for n in OUTPUTS if (out / n).exists()}


def build(*args: str):
    """Run ``geokg build ARGS --no-progress`` in-process; return click's Result."""
    return CliRunner().invoke(main, ["build", *args, "--no-progress"], catch_exceptions=False)
