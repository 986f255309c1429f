"""Actor checks at scale: build records for a JSONL sample of real articles and count the known failure kinds.

    python benchmarks/check_actors_at_scale.py [SAMPLE.jsonl] [--limit N] [--examples K]

Default sample: ``../shared/corpus/news-sample.jsonl`` (records with ``text`` and ``date``). Prints, for each
check, the count and a few examples; each count should be zero or explained (README, "Actors at scale"):

1. persons whose name ends in a company legal form or contains a currency/unit ("Siemens AG", "U.S. Dlrs");
2. entity ids that contain a title word (``person:high-commissioner-...``);
3. surname-only mentions of dated gazetteer leaders: which leader they went to, and any whose offices do not
   fit the document's date;
4. person nodes that are a single given name ("Ivan");
5. persons with a country/capital/city mention glued to their name ("Sofia" of "Sofia Haddad" as Bulgaria);
6. organisation nodes whose mentions name different countries ("Liberation Front of Morocco/India" merged).

It also prints the throughput of the entity pipeline (relations off) over the sample.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

from geokg.extractors._gazetteer import load_gazetteer
from geokg.schemas import Document

from geokg import Extractor

DEFAULT = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus" / "news-sample.jsonl"


def main() -> int:  # noqa: C901  (one report, read top to bottom)
    ap = argparse.ArgumentParser()
    ap.add_argument("sample", nargs="?", default=str(DEFAULT))
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--examples", type=int, default=8)
    args = ap.parse_args()
    rows = [json.loads(line) for line in Path(args.sample).read_text(encoding="utf-8").splitlines() if line.strip()]
    if args.limit:
        rows = rows[: args.limit]
    docs = [Document(doc_id=str(r.get("id") or i), text=r["text"], date=r.get("date")) for i, r in enumerate(rows)]
    ex = Extractor(relations=False)
    gaz = load_gazetteer(ex.nlp)
    lex = gaz.lexicon
    t0 = time.perf_counter()
    recs = [r for r in ex.extract(docs) if hasattr(r, "entities")]
    secs = time.perf_counter() - t0
    words = sum(len(d.text.split()) for d in docs)
    out = print

    company = {w.rstrip(".").lower() for w in lex["company_suffixes"]}
    units = {u.lower() for u in lex["units"]}
    # one-word titles ("president", "gen", "king"): a person id must not carry one
    title_words = {t.rstrip(".").lower() for t in lex["person_titles"] if " " not in t}
    country_words = {k for k, (eid, kind) in gaz.phrases.items() if kind in ("country", "capital", "demonym")}
    leaders = {eid for eid, info in gaz.entities.items() if info.get("offices")}
    dates = {d.doc_id: d.date for d in docs}
    texts = {d.doc_id: d.text for d in docs}

    checks: dict[str, list[str]] = defaultdict(list)
    surname_to: Counter = Counter()
    org_countries: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for rec in recs:
        date = dates.get(rec.doc_id)
        places = {(m.start, m.end): e for e in rec.entities if e.type in ("country", "location") for m in e.mentions}
        for e in rec.entities:
            toks = e.name.split()
            if e.type == "person":
                last = toks[-1].rstrip(".").lower() if toks else ""
                if (len(toks) > 1 and last in company) or any(t.lower().strip(".") in units for t in toks):
                    checks["1 person named like a company or an amount"].append(f"{e.id} ({rec.doc_id})")
                if len(toks) == 1 and toks[0] in gaz.given and e.id not in gaz.entities:
                    checks["4 single given name as a person"].append(f"{e.id} ({rec.doc_id})")
                text = texts[rec.doc_id]
                for m in e.mentions:
                    for (s, t), p in places.items():
                        w = text[s:t]
                        # "Sofia| Haddad" (a given name read as the capital), "Jose |Concepcion" (a family name
                        # read as the city): one space between, the place a single word
                        before = t + 1 == m.start and text[t] == " " and w in gaz.given
                        after = m.end + 1 == s and text[m.end] == " " and " " not in w
                        demonym = gaz.phrases.get((w,), ("", ""))[1] == "demonym"  # "Argentine X" is right
                        before, after = before and not demonym, after and not demonym
                        if before or after:
                            checks["5 place glued to a person's name"].append(
                                f"{p.id} + {e.id} ({rec.doc_id}): {text[min(s, m.start):max(t, m.end)]!r}")
            parts = set(e.id.split(":", 1)[1].split("-"))
            if e.type == "person" and parts & title_words and e.id not in gaz.entities:
                checks["2 id contains a title word"].append(f"{e.id} ({rec.doc_id})")
            if e.id in leaders:
                offices = gaz.entities[e.id]["offices"]
                for m in e.mentions:
                    if len(m.text.split()) == 1:
                        surname_to[(m.text, e.id)] += 1
                        if date and not any(o["start"] <= str(date)[:10] <= (o["end"] or "9999") for o in offices) \
                                and (m.text,) in gaz.ambiguous:
                            checks["3 shared surname went to a leader not in office that day"].append(
                                f"{m.text!r} -> {e.id} on {date} ({rec.doc_id})")
            if e.type == "organization":
                for m in e.mentions:
                    mt = tuple(m.text.split())
                    k = 0
                    while k < len(mt):  # longest country name or demonym at each word ("West German")
                        for L in (3, 2, 1):
                            if mt[k : k + L] in country_words:
                                org_countries[e.id][gaz.phrases[mt[k : k + L]][0]].add(rec.doc_id)
                                k += L
                                break
                        else:
                            k += 1
    for oid, cs in org_countries.items():
        if len(cs) > 1:
            checks["6 organisation node with different countries in its names"].append(
                f"{oid}: {', '.join(sorted(cs))}")

    out(f"{len(recs)} records, {words} words in {secs:.1f}s: {words / max(secs, 1e-9):,.0f} words/s (entities only)")
    for name in ("1 person named like a company or an amount", "2 id contains a title word",
                 "3 shared surname went to a leader not in office that day", "4 single given name as a person",
                 "5 place glued to a person's name", "6 organisation node with different countries in its names"):
        items = checks.get(name, [])
        out(f"\n[{name}] {len(items)}")
        for x in items[: args.examples]:
            out(f"  {x}")
    out("\n[surname-only mentions of dated gazetteer leaders -> leader]")
    for (text, eid), c in surname_to.most_common(args.examples * 3):
        out(f"  {text!r} -> {eid}: {c}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
