"""Property-based tests (hypothesis, derandomised, bounded): readers, the extractor and the exporters.

- Readers: any bytes, under any suffix, give Documents or DocumentErrors, never an exception; text is
  always writable as UTF-8 and within --max-chars.
- Extractor: arbitrary Unicode (controls, right-to-left marks, emoji, zero-width joiners, lone surrogates,
  very long tokens) never raises, and every offset slices its text exactly.
- Exporters: graphs with such strings round-trip through graph.json exactly and through GraphML, CSV and
  Cypher up to the characters XML cannot carry.
"""

from __future__ import annotations

import csv
import json
import re
import tempfile
from pathlib import Path

import networkx as nx
import pytest
from geokg.graph import build_graph, read_graph, write_csv, write_cypher, write_graphml, write_json
from geokg.graph._io import xml_safe
from geokg.schemas import Document, Extraction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geokg._io import decode_bytes, html_to_text, iter_documents, markdown_to_text
from geokg.errors import DocumentError

PROFILE = settings(derandomize=True, database=None, deadline=None, max_examples=40,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

SPECIAL = [
    "\x00", "\x01", "\x07", "\x1b", "\x7f", "\x85", "\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u202a",
    "\u202e", "\u2066", "\u2069", "\u2028", "\u2029", "\ufeff", "\ufffe", "\uffff", "\ud800", "\udfff", "\ud83d",
    "👩‍👩‍👧", "🇸🇾", "ﷺ", "\u0301", "Ω", "İ", "ß", "\t", "\r\n", "\n\n",
]
WORDS = ["Russia", "Syria", "met", "threatened", "Israel", "Georgia", "Damascus", "said", "not", "the", ".", ",",
         "President", "Vladimir", "Putin", "U.S.", "NATO", "sanctions", "on", "Monday", "'s", "(", ")", '"']

special = st.sampled_from(SPECIAL)
anything = st.text(alphabet=st.characters(), max_size=40)
long_token = st.integers(min_value=200, max_value=6_000).map(lambda n: "x" * n)
pieces = st.one_of(st.sampled_from(WORDS), special, anything, long_token)
texts = st.lists(pieces, max_size=40).map(" ".join)


# ------------------------------------------------------------------------------------------ readers


@PROFILE
@given(raw=st.one_of(st.binary(max_size=3000), texts.map(lambda t: t.encode("utf-16", "surrogatepass")),
                     texts.map(lambda t: t.encode("utf-8", "surrogatepass"))),
       suffix=st.sampled_from([".txt", ".md", ".html", ".json", ".jsonl"]))
def test_property_readers_never_raise_and_give_writable_text(raw, suffix):
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / f"doc{suffix}"
        path.write_bytes(raw)
        for item in iter_documents([str(path)], max_chars=5000):
            assert isinstance(item, (Document, DocumentError))
            if isinstance(item, Document):
                item.text.encode("utf-8")  # no lone surrogate ever leaves a reader
                assert item.text.strip() and len(item.text) <= 5000
            else:
                assert item.doc_id.startswith(str(path)) and item.reason


@PROFILE
@given(raw=st.binary(max_size=5000))
def test_property_decode_bytes_is_total(raw):
    text, warning = decode_bytes(raw, html=True)
    assert isinstance(text, str) and (warning is None or isinstance(warning, str))
    text.encode("utf-8", "surrogatepass")


@PROFILE
@given(text=texts, tags=st.lists(st.sampled_from(["<p>", "</p>", "<script>", "</script>", "<nav>", "<article>",
                                                   "<!--", "-->", "<br>", "<b>", "<div hidden>", "&amp;", "&#0;",
                                                   "<![CDATA[", "<svg>", "<style>"]), max_size=20))
def test_property_html_and_markdown_never_raise(text, tags):
    page = "".join(f"{t}{w}" for t, w in zip(tags, text.split(" ") + [""] * len(tags), strict=False)) + text
    out, title = html_to_text(page)
    assert isinstance(out, str) and (title is None or isinstance(title, str))
    md = markdown_to_text(text)
    assert len(md) == len(text) and md.count("\n") == text.count("\n")


# ---------------------------------------------------------------------------------------- extractor


def _check_offsets(text: str, rec: Extraction) -> None:
    for ent in rec.entities:
        for m in ent.mentions:
            assert 0 <= m.start <= m.end <= len(text) and text[m.start : m.end] == m.text, (ent.id, m)
    for rel in rec.relations:
        assert rel.head and rel.tail and rel.relation
        for ev in rel.evidence:
            assert 0 <= ev.start <= ev.end <= len(text) and text[ev.start : ev.end] == ev.text, (rel, ev)


@settings(PROFILE, max_examples=50)
@given(text=texts)
def test_property_extractor_never_raises_and_offsets_slice_the_text(extractor, text):
    (rec,) = extractor.extract([Document(doc_id="p", text=text)])
    assert isinstance(rec, Extraction), rec
    analysed = re.sub("[\ud800-\udfff]", "\ufffd", text)  # lone surrogates become U+FFFD, offsets kept
    _check_offsets(analysed, rec)
    json.dumps(rec.model_dump(mode="json"), ensure_ascii=False).encode("utf-8")


def test_property_extractor_known_sentences_with_noise(extractor):
    # a fixed check that the noise does not just make the extractor find nothing
    text = "\u200f Russia threatened Georgia 👩‍👩‍👧 on Monday.\x07 \u202eIran met Iraq.\u202c"
    (rec,) = extractor.extract([Document(doc_id="p", text=text)])
    _check_offsets(text, rec)
    assert ("country:RUS", "threatened", "country:GEO") in {(r.head, r.relation, r.tail) for r in rec.relations}


# an invisible format character glued to a name (RLM, ZWJ, ZWSP, soft hyphen) must not hide the name (found by
# the property tests)
@pytest.mark.parametrize("text", ["\u200fRussia threatened Georgia.", "Russia\u200d threatened Georgia.",
                                  "Rus\u200bsia threatened Georgia.", "Russia\u00ad threatened Georgia."])
def test_property_extractor_names_with_glued_invisible_characters(extractor, text):
    (rec,) = extractor.extract([Document(doc_id="p", text=text)])
    _check_offsets(text, rec)
    assert ("country:RUS", "threatened", "country:GEO") in {(r.head, r.relation, r.tail) for r in rec.relations}


# ---------------------------------------------------------------------------------------- exporters

ids = st.sampled_from(["country:SYR", "country:RUS", "country:GEO", "person:ivan-petrov", "organization:un-x"])
labels = st.sampled_from(["met_with", "threatened", "arms_buyer_of", "leader_of", "supports"])
safe_text = texts.map(lambda t: re.sub("[\ud800-\udfff]", "\ufffd", t)[:300])


@st.composite
def records(draw):
    out = []
    for i in range(draw(st.integers(1, 3))):
        ents = {e: draw(safe_text) or e for e in draw(st.lists(ids, min_size=1, max_size=4, unique=True))}
        rels = []
        for _ in range(draw(st.integers(0, 4))):
            text = draw(safe_text)
            rels.append({"head": draw(ids), "relation": draw(labels), "tail": draw(ids),
                         "modality": draw(st.sampled_from(["asserted", "negated", "hedged", "reported"])),
                         "evidence": [{"start": 0, "end": len(text), "text": text}]})
        out.append({"doc_id": f"d{i}{draw(safe_text)[:20]}", "title": draw(st.none() | safe_text),
                    "entities": [{"id": e, "type": e.split(":")[0], "name": n, "aliases": [draw(safe_text)]}
                                 for e, n in ents.items()],
                    "relations": rels})
    return out


def _xml_clean(obj):
    """What GraphML carries back: scalars lose XML-illegal characters; lists and dicts travel as JSON text,
    whose escapes keep control characters (only the few that JSON leaves raw, e.g. U+FFFE, are lost)."""
    if isinstance(obj, str):
        return xml_safe(obj)
    if isinstance(obj, (list, dict)):
        return json.loads(xml_safe(json.dumps(obj, ensure_ascii=False)))
    return obj


@settings(PROFILE, max_examples=25)
@given(recs=records())
def test_property_exports_round_trip(recs):
    G = build_graph(recs)
    with tempfile.TemporaryDirectory() as d:
        d = Path(d)
        H = read_graph(write_json(G, d / "graph.json"))
        assert dict(H.nodes(data=True)) == dict(G.nodes(data=True))
        assert sorted(H.edges(keys=True, data=True), key=repr) == sorted(G.edges(keys=True, data=True), key=repr)
        assert H.graph == G.graph

        X = read_graph(write_graphml(G, d / "graph.graphml"))
        want = {xml_safe(n): {k: _xml_clean(v) for k, v in a.items() if v is not None}
                for n, a in G.nodes(data=True)}
        got = {n: {k: v for k, v in a.items() if v is not None} for n, a in X.nodes(data=True)}
        assert got == want
        want_edges = sorted((xml_safe(u), xml_safe(v), k, json.dumps(_xml_clean(a), sort_keys=True, default=str))
                            for u, v, k, a in G.edges(keys=True, data=True))
        got_edges = sorted((u, v, k, json.dumps({x: y for x, y in a.items() if y is not None or x in
                                                 dict(G.edges[u, v, k])}, sort_keys=True, default=str))
                           for u, v, k, a in X.edges(keys=True, data=True))
        assert [e[:3] for e in got_edges] == [e[:3] for e in want_edges]

        nodes_csv, edges_csv = write_csv(G, d / "csv")
        with nodes_csv.open(newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        unquote = {n: (a.get("name") or "") for n, a in G.nodes(data=True)}
        assert sorted(r["id"].removeprefix("'") if r["id"] not in unquote else r["id"] for r in rows) == sorted(G)
        for r in rows:
            name = r["name"][1:] if r["name"][:1] == "'" and unquote[r["id"]][:1] in "=+-@\t\r" else r["name"]
            assert name == unquote[r["id"]]
        with edges_csv.open(newline="", encoding="utf-8") as f:
            edge_rows = list(csv.DictReader(f))
        assert len(edge_rows) == G.number_of_edges()

        cypher = write_cypher(G, d / "g.cypher").read_text(encoding="utf-8")
        assert cypher.count("MERGE (n:Entity") == G.number_of_nodes()
        assert cypher.count("MERGE (a)-[r:") == G.number_of_edges()
        assert all(line.endswith(";") or line.startswith("//") for line in cypher.splitlines())


def test_property_profile_is_derandomised():
    assert PROFILE.derandomize and PROFILE.database is None and PROFILE.max_examples <= 100
    assert nx.__version__  # networkx is importable in the graph layer tests too
