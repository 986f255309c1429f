"""Read and write graphs: node-link JSON, GraphML (safe parsing), GEXF, CSV and Neo4j Cypher."""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import networkx as nx
from geokg.graph._atomic import atomic_write
from geokg.schemas.errors import GraphFormatError, InputError
from geokg.schemas.graph import graph_data_problem, has_nonfinite, nonfinite_path

__all__ = [
    "EXPORT_FORMATS",
    "export_graph",
    "read_graph",
    "to_scalar_attrs",
    "write_csv",
    "write_cypher",
    "write_gexf",
    "write_graphml",
    "write_json",
]

EXPORT_FORMATS = ("graphml", "gexf", "json", "csv", "cypher")

# XML 1.0 allows only these characters; anything else (NUL, most C0 controls, lone surrogates,
# U+FFFE/U+FFFF) makes the document invalid.
_XML_ILLEGAL = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# Attributes geokg stores as lists/dicts; used to decode GraphML files that lack the geokg marker.
_JSON_ATTRS = {"aliases", "evidence", "modalities", "attributes", "derived_from", "documents", "warnings"}
_JSON_MARKER = "geokg_json_attrs"
_EDGE_ID = "graphml_id"
_NODE_DEFAULTS: dict[str, Any] = {"aliases": [], "iso3": None, "country": None}
_EDGE_DEFAULTS: dict[str, Any] = {
    "first_seen": None,
    "last_seen": None,
    "cameo": None,
    "plover": None,
    "quad_class": None,
    "score": None,
    "evidence": [],
    "attributes": {},
    "derived_from": [],
}


def xml_safe(text: str) -> str:
    """Remove characters that XML 1.0 cannot carry.

    Examples:
        >>> xml_safe("a\\x00b\\x1bc")
        'abc'
    """
    return _XML_ILLEGAL.sub("", text)


def to_scalar_attrs(attrs: Mapping[str, Any]) -> dict[str, Any]:
    """Turn one attribute dict into GraphML/GEXF-safe scalars (the one place this is decided).

    Lists, tuples and dicts become JSON strings, ``None`` is dropped, strings lose XML-illegal
    control characters, and non-finite floats are dropped.

    Examples:
        >>> to_scalar_attrs({"aliases": ["Damascus"], "iso3": None, "name": "Syr\\x01ia", "weight": 2})
        {'aliases': '["Damascus"]', 'name': 'Syria', 'weight': 2}
    """
    out: dict[str, Any] = {}
    for key, value in attrs.items():
        if value is None:
            continue
        if isinstance(value, (list, tuple, dict, set)):
            value = sorted(value) if isinstance(value, set) else value
            value = xml_safe(json.dumps(value, ensure_ascii=False, default=str))
        elif isinstance(value, bool | int):
            pass
        elif isinstance(value, float):
            if not math.isfinite(value):
                continue
        else:
            value = xml_safe(str(value))
        out[xml_safe(str(key))] = value
    return out


def _json_attr_names(G: nx.MultiDiGraph) -> dict[str, list[str]]:
    def names(items: Any) -> list[str]:
        return sorted({k for d in items for k, v in d.items() if isinstance(v, (list, tuple, dict, set))})

    return {
        "graph": names([G.graph]),
        "node": names(d for _, d in G.nodes(data=True)),
        "edge": names(d for *_, d in G.edges(data=True)),
    }


def _scalar_copy(G: nx.MultiDiGraph, *, labels: bool, edge_ids: bool = False) -> nx.MultiDiGraph:
    """A copy of ``G`` with scalar attributes only and XML-safe node ids (for GraphML and GEXF)."""
    H = nx.MultiDiGraph()
    H.graph.update(to_scalar_attrs(G.graph))
    H.graph[_JSON_MARKER] = json.dumps(_json_attr_names(G))
    for n, d in G.nodes(data=True):
        attrs = to_scalar_attrs(d)
        if labels and "label" not in attrs:
            attrs["label"] = xml_safe(str(d.get("name") or n))
        H.add_node(xml_safe(str(n)), **attrs)
    for i, (u, v, k, d) in enumerate(G.edges(keys=True, data=True)):
        attrs = to_scalar_attrs(d)
        if edge_ids:
            # GraphML edge ids must be unique in the document (Gephi drops repeats); the key is the relation.
            attrs[_EDGE_ID] = f"e{i}"
        if labels and "label" not in attrs:
            attrs["label"] = xml_safe(str(d.get("relation") or k))
        H.add_edge(xml_safe(str(u)), xml_safe(str(v)), key=xml_safe(str(k)), **attrs)
    return H


def _json_default(value: Any) -> Any:
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=str)
    if isinstance(value, tuple):
        return list(value)
    return str(value)


def _refuse_nonfinite(G: nx.MultiDiGraph, path: str | Path) -> None:
    """NaN and Infinity are refused on write, as on read: a map or a reader downstream cannot use them."""
    items = (("graph", G.graph), *((f"node {n!r}", d) for n, d in G.nodes(data=True)),
             *((f"edge {u!r} -> {v!r} ({k})", d) for u, v, k, d in G.edges(keys=True, data=True)))
    for where, attrs in items:
        if has_nonfinite(attrs):
            raise GraphFormatError(f"refusing to write {path}: {where} has NaN or Infinity at "
                                   f"{nonfinite_path(attrs)!r}; use a number or None")


def write_json(G: nx.MultiDiGraph, path: str | Path) -> Path:
    """Write ``G`` as lossless node-link JSON (``graph.json``), atomically.

    Examples:
        >>> import tempfile, pathlib
        >>> G = nx.MultiDiGraph(); G.add_edge("country:SYR", "country:RUS", key="met_with", weight=1)
        'met_with'
        >>> p = write_json(G, pathlib.Path(tempfile.mkdtemp()) / "graph.json")
        >>> read_graph(p).edges(keys=True) == G.edges(keys=True)
        True
    """
    data = nx.node_link_data(G, edges="edges")
    # The file must be one that read_graph accepts. Validate the data as it is (fast); only when that fails
    # is it compared in its JSON form (sets, tuples and other objects are written as lists and strings).
    if graph_data_problem(data, check_nonfinite=False):
        data = json.loads(json.dumps(data, default=_json_default))
        problem = graph_data_problem(data, check_nonfinite=False)
        if problem:
            raise GraphFormatError(f"refusing to write {path}: it would not be a valid geokg graph: {problem}")
    try:
        with atomic_write(path) as f:
            json.dump(data, f, ensure_ascii=False, indent=1, allow_nan=False, default=_json_default)
            f.write("\n")
    except ValueError as exc:  # allow_nan=False met a NaN or Infinity: nothing was written
        if "JSON compliant" not in str(exc):
            raise
        _refuse_nonfinite(G, path)
        raise GraphFormatError(f"refusing to write {path}: NaN or Infinity in the graph") from exc
    return Path(path)


def write_graphml(G: nx.MultiDiGraph, path: str | Path) -> Path:
    """Write GraphML that Gephi, yEd, Cytoscape and ``networkx.read_graphml`` open, atomically.

    List and dict attributes (aliases, evidence, modalities) are JSON-encoded strings; the names of
    those attributes are kept in the graph attribute ``geokg_json_attrs`` so :func:`read_graph` decodes
    them. Nodes and edges get a ``label`` (name / relation) for viewers.

    Examples:
        >>> import tempfile, pathlib
        >>> G = nx.MultiDiGraph(); G.add_node("country:SYR", name="Syria", aliases=["Damascus"])
        >>> p = write_graphml(G, pathlib.Path(tempfile.mkdtemp()) / "g.graphml")
        >>> nx.read_graphml(p).nodes["country:SYR"]["aliases"]
        '["Damascus"]'
    """
    _refuse_nonfinite(G, path)
    H = _scalar_copy(G, labels=True, edge_ids=True)
    buf = io.BytesIO()
    nx.write_graphml_xml(H, buf, encoding="utf-8", infer_numeric_types=True, edge_id_from_attribute=_EDGE_ID)
    with atomic_write(path, "wb") as f:
        # A raw CR would come back as LF (XML end-of-line handling); a character reference survives.
        f.write(buf.getvalue().replace(b"\r", b"&#13;"))
    return Path(path)


def write_gexf(G: nx.MultiDiGraph, path: str | Path) -> Path:
    """Write GEXF 1.2 (Gephi's own format) with scalar attributes, atomically.

    Examples:
        >>> import tempfile, pathlib
        >>> G = nx.MultiDiGraph(); G.add_edge("a:x", "a:y", key="met_with", evidence=[{"text": "t"}])
        'met_with'
        >>> p = write_gexf(G, pathlib.Path(tempfile.mkdtemp()) / "g.gexf")
        >>> nx.read_gexf(p).number_of_edges()
        1
    """
    _refuse_nonfinite(G, path)
    H = _scalar_copy(G, labels=True)
    buf = io.BytesIO()
    nx.write_gexf(H, buf, encoding="utf-8")
    with atomic_write(path, "wb") as f:
        # A raw CR would come back as LF (XML end-of-line handling); a character reference survives.
        f.write(buf.getvalue().replace(b"\r", b"&#13;"))
    return Path(path)


def _csv_cell(value: Any) -> Any:
    """Neutralise spreadsheet formula injection: text starting with = + - @ (or tab/CR) gets a quote."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple, dict)):
        value = json.dumps(value, ensure_ascii=False)
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


NODE_COLUMNS = ("id", "type", "name", "aliases", "iso3", "country", "mentions", "documents", "degree")
EDGE_COLUMNS = (
    "source",
    "target",
    "relation",
    "symmetric",
    "claimed",
    "modality",
    "weight",
    "modalities",
    "first_seen",
    "last_seen",
    "cameo",
    "plover",
    "quad_class",
    "score",
    "confidence",
    "derived",
    "evidence_count",
    "first_doc_id",
    "first_evidence",
)


def write_csv(G: nx.MultiDiGraph, path: str | Path) -> list[Path]:
    """Write ``nodes.csv`` and ``edges.csv`` into the directory ``path`` (created when missing).

    One row per node and one row per edge (relation label between two entities). Aliases are joined
    with ``"; "``, ``modalities`` is JSON, and each edge row carries its evidence count plus the first
    evidence sentence and its doc id (the full evidence lives in ``graph.json``). Cells that a
    spreadsheet would run as a formula (starting with ``= + - @``) are prefixed with ``'``.

    Returns:
        The two paths written.

    Examples:
        >>> import tempfile, pathlib
        >>> G = nx.MultiDiGraph(); G.add_node("person:x", name="=HYPERLINK(1)")
        >>> nodes, edges = write_csv(G, pathlib.Path(tempfile.mkdtemp()) / "out")
        >>> "'=HYPERLINK(1)" in nodes.read_text()
        True
    """
    _refuse_nonfinite(G, path)
    out = Path(path)
    if out.exists() and not out.is_dir():
        raise InputError(f"{out}: CSV export writes nodes.csv and edges.csv into a directory; this is a file")
    out.mkdir(parents=True, exist_ok=True)
    nodes_path, edges_path = out / "nodes.csv", out / "edges.csv"
    with atomic_write(nodes_path) as f:
        w = csv.writer(f)
        w.writerow(NODE_COLUMNS)
        for n, d in sorted(G.nodes(data=True), key=lambda x: str(x[0])):
            row = {**d, "id": n, "aliases": "; ".join(d.get("aliases") or []), "degree": G.degree(n)}
            w.writerow([_csv_cell(row.get(c)) for c in NODE_COLUMNS])
    with atomic_write(edges_path) as f:
        w = csv.writer(f)
        w.writerow(EDGE_COLUMNS)
        for u, v, k, d in sorted(G.edges(keys=True, data=True), key=lambda x: (str(x[0]), str(x[1]), str(x[2]))):
            evidence = d.get("evidence") or []
            first = evidence[0] if evidence else {}
            row = {
                **d,
                "source": u,
                "target": v,
                "relation": d.get("relation", k),
                "evidence_count": len(evidence),
                "first_doc_id": first.get("doc_id"),
                "first_evidence": first.get("text"),
            }
            w.writerow([_csv_cell(row.get(c)) for c in EDGE_COLUMNS])
    return [nodes_path, edges_path]


_CYPHER_ESCAPES = {"\\": "\\\\", "'": "\\'", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}
# Quotes and backslash, C0/C1 controls, line/paragraph separators and lone surrogates.
_CYPHER_UNSAFE = re.compile("[\\\\'\"\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def cypher_string(text: str) -> str:
    """Quote ``text`` as a Cypher string literal (backslash escapes; every control character escaped).

    Examples:
        >>> print(cypher_string("O'Brien \\\\ said\\n"))
        'O\\'Brien \\\\ said\\n'
    """
    return (
        "'" + _CYPHER_UNSAFE.sub(lambda m: _CYPHER_ESCAPES.get(m.group(), f"\\u{ord(m.group()):04x}"), str(text)) + "'"
    )


def _cypher_name(name: str) -> str:
    """Quote an identifier (label, relationship type, property key) with backticks."""
    return "`" + xml_safe(str(name)).replace("`", "``") + "`"


def _cypher_value(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else None
    if isinstance(value, (list, tuple)) and all(isinstance(x, str) for x in value):
        return "[" + ", ".join(cypher_string(x) for x in value) + "]"
    if isinstance(value, (list, tuple, dict)):
        # Neo4j properties cannot hold maps or mixed lists: keep them as JSON text.
        return cypher_string(json.dumps(value, ensure_ascii=False, default=str))
    return cypher_string(str(value))


def _cypher_props(attrs: Mapping[str, Any], var: str) -> str:
    parts = []
    for key, value in attrs.items():
        lit = _cypher_value(value)
        if lit is not None:
            parts.append(f"{var}.{_cypher_name(key)} = {lit}")
    return ", ".join(parts)


def write_cypher(G: nx.MultiDiGraph, path: str | Path) -> Path:
    """Write Neo4j Cypher that MERGEs every node (``:Entity:<Type>`` by ``id``) and relationship.

    Relationship types are the upper-cased relation labels; symmetric relations are written once, in
    their canonical direction, with ``symmetric = true``. Evidence and modality counts are JSON text.
    Run it with ``cypher-shell -f graph.cypher``.

    Examples:
        >>> import tempfile, pathlib
        >>> G = nx.MultiDiGraph(); G.add_node("person:o-brien", type="person", name="O'Brien")
        >>> p = write_cypher(G, pathlib.Path(tempfile.mkdtemp()) / "g.cypher")
        >>> "O\\\\'Brien" in p.read_text()
        True
    """
    _refuse_nonfinite(G, path)
    lines = [
        f"// geokg export: {G.number_of_nodes()} nodes, {G.number_of_edges()} relationships",
        "CREATE CONSTRAINT geokg_entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE;",
    ]
    for n, d in G.nodes(data=True):
        label = str(d.get("type") or "entity").capitalize()
        props = _cypher_props({k: v for k, v in d.items() if k != "id"}, "n")
        stmt = f"MERGE (n:Entity {{id: {cypher_string(str(n))}}}) SET n:{_cypher_name(label)}"
        lines.append(stmt + (f", {props}" if props else "") + ";")
    for u, v, k, d in G.edges(keys=True, data=True):
        rel_type = re.sub(r"\W", "_", str(d.get("relation") or k)).upper() or "RELATED_TO"
        props = _cypher_props(d, "r")
        lines.append(
            f"MATCH (a:Entity {{id: {cypher_string(str(u))}}}), (b:Entity {{id: {cypher_string(str(v))}}}) "
            f"MERGE (a)-[r:{_cypher_name(rel_type)}]->(b)" + (f" SET {props}" if props else "") + ";"
        )
    with atomic_write(path) as f:
        f.write("\n".join(lines) + "\n")
    return Path(path)


def export_graph(G: nx.MultiDiGraph, fmt: str, path: str | Path) -> Path | list[Path]:
    """Write ``G`` in ``fmt`` (one of ``graphml``, ``gexf``, ``json``, ``csv``, ``cypher``).

    Raises:
        ValueError: ``fmt`` is not a known format.

    Examples:
        >>> import tempfile, pathlib
        >>> export_graph(nx.MultiDiGraph(), "json", pathlib.Path(tempfile.mkdtemp()) / "g.json").name
        'g.json'
    """
    writers = {
        "graphml": write_graphml,
        "gexf": write_gexf,
        "json": write_json,
        "csv": write_csv,
        "cypher": write_cypher,
    }
    try:
        writer = writers[fmt.lower()]
    except KeyError:
        raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}") from None
    return writer(G, path)


# ----------------------------------------------------------------------------------------- reading


def read_graph(path: str | Path) -> nx.MultiDiGraph:
    """Read a ``graph.json`` (node-link) or ``.graphml`` file into a MultiDiGraph, validating it first.

    The file's format is recognised from its content (not its name). GraphML is parsed with defusedxml:
    any DTD (billion laughs, external entities) and XInclude are refused. Node-link JSON and geokg's own
    GraphML are validated against :mod:`geokg.schemas.graph`; NaN and Infinity are refused everywhere.
    JSON-encoded list/dict attributes of GraphML are decoded back.

    Raises:
        geokg.errors.InputError: the file cannot be read (missing, a directory, no permission).
        geokg.errors.GraphFormatError: the file is not a graph geokg can read; the one-line message says
            what was expected, what was found, and names the bad field.

    Examples:
        >>> import tempfile, pathlib
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "bad.json"
        >>> _ = p.write_text('{"nodes": [{"id": "country:SYR", "aliases": 5}], "edges": []}')
        >>> try:
        ...     read_graph(p)
        ... except GraphFormatError as e:
        ...     print(str(e).split(": ", 1)[1])
        not a valid geokg graph: nodes[0] (country:SYR).aliases: Input should be a valid list (got 5)
    """
    p = Path(path)
    if p.is_dir():
        raise InputError(f"{p}: is a directory; expected a graph file such as {p / 'graph.json'}")
    try:
        raw = p.read_bytes()
    except OSError as exc:
        reason = "not found" if isinstance(exc, FileNotFoundError) else (exc.strerror or str(exc))
        raise InputError(f"{p}: cannot read graph file ({reason}); give the graph.json written by geokg build") \
            from exc
    kind = _sniff(raw)
    if kind == "xml":
        return _read_graphml(p, raw)
    if kind == "json":
        return _read_json(p, raw)
    raise GraphFormatError(f"{p}: expected a geokg graph (graph.json or GraphML), got {kind}")


_EXPECTED = "expected a geokg graph (graph.json or GraphML)"


def _sniff(raw: bytes) -> str:
    """'json', 'xml', or a description of what the file is instead."""
    body = raw.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not body:
        return "an empty file"
    head = body[:2048].lower()
    if b"\x00" in raw[:4096]:
        return "binary data"
    if head.startswith(b"<!doctype html") or b"<html" in head:
        return "an HTML page (geokg render/build output?); give graph.json instead"
    if body[:1] == b"<":
        return "xml"
    if body[:1] in (b"{", b"["):
        return "json"
    if head.startswith(b"//") or b"merge (" in head or b"create constraint" in head:
        return "Cypher statements; give graph.json instead"
    first = head.split(b"\n", 1)[0]
    if first.startswith((b"id,", b"source,")):
        return "CSV; give graph.json instead"
    return "text that is neither JSON nor XML"


def _json_problem(p: Path, text: str, exc: json.JSONDecodeError) -> GraphFormatError:
    # A geokg records file (extractions.jsonl) is a common mix-up: one JSON object per line.
    if exc.msg == "Extra data":
        try:
            first = json.loads(text.split("\n", 1)[0])
        except ValueError:
            first = None
        if isinstance(first, dict) and "doc_id" in first:
            return GraphFormatError(f"{p}: {_EXPECTED}, got extraction records (JSONL); "
                                    f"use the graph.json that geokg build writes beside them")
    truncated = exc.pos >= len(text.rstrip()) or exc.msg.startswith("Unterminated string")
    what = "JSON that ends early (truncated?)" if truncated else "invalid JSON"
    return GraphFormatError(f"{p}: {_EXPECTED}, got {what}: {exc.msg} (line {exc.lineno}, column {exc.colno})")


def _read_json(p: Path, raw: bytes) -> nx.MultiDiGraph:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise GraphFormatError(f"{p}: {_EXPECTED}, got text that is not UTF-8 "
                               f"({exc.reason} at byte {exc.start})") from exc
    constants: list[str] = []

    def constant(name: str) -> float:
        constants.append(name)
        return float(name.replace("Infinity", "inf"))

    try:
        data = json.loads(text, parse_constant=constant)
    except json.JSONDecodeError as exc:
        raise _json_problem(p, text, exc) from exc
    except RecursionError as exc:
        raise GraphFormatError(f"{p}: {_EXPECTED}, got JSON nested too deeply to be a graph") from exc
    if isinstance(data, dict) and "doc_id" in data and "nodes" not in data:
        raise GraphFormatError(f"{p}: {_EXPECTED}, got an extraction record; "
                               f"use the graph.json that geokg build writes")
    if not isinstance(data, dict) or not isinstance(data.get("nodes"), list):
        got = "a JSON list" if isinstance(data, list) else "a JSON object without a 'nodes' list" \
            if isinstance(data, dict) else f"a JSON {type(data).__name__}"
        raise GraphFormatError(f"{p}: not node-link graph data ({_EXPECTED}: an object with 'nodes' and "
                               f"'edges' lists; got {got})")
    edges_key = "edges" if "edges" in data else "links" if "links" in data else None
    if edges_key is None or not isinstance(data[edges_key], list):
        raise GraphFormatError(f"{p}: not node-link graph data (expected an 'edges' list beside 'nodes')")
    # NaN/Infinity can only be there if the parser met one of those tokens: only then is the data searched.
    problem = graph_data_problem(data, edges_key=edges_key, check_nonfinite=bool(constants)) or _dangling_edge(
        data, edges_key
    )
    if problem:
        raise GraphFormatError(f"{p}: not a valid geokg graph: {problem}")
    try:
        G = nx.node_link_graph(data, directed=True, multigraph=True, edges=edges_key)
    except (KeyError, TypeError, ValueError, nx.NetworkXError) as exc:
        raise GraphFormatError(f"{p}: cannot build a graph from the node-link data: {exc}") from exc
    return G if isinstance(G, nx.MultiDiGraph) else nx.MultiDiGraph(G)


def _dangling_edge(data: dict[str, Any], edges_key: str) -> str | None:
    ids = {n["id"] for n in data["nodes"]}
    for i, e in enumerate(data[edges_key]):
        for end in ("source", "target"):
            if e[end] not in ids:
                return f"{edges_key}[{i}].{end}: {e[end]!r} is not one of the nodes"
    return None


_XINCLUDE = "{http://www.w3.org/2001/XInclude}"


def _unsafe_xml_reason(raw: bytes, exc: Exception) -> str:
    name = type(exc).__name__
    if b"<!ENTITY" in raw and (b"SYSTEM" in raw or b"PUBLIC" in raw):
        what = "an external entity (it could read local files or the network)"
    elif b"<!ENTITY" in raw:
        what = "entity declarations (they can expand without bound: billion laughs)"
    else:
        what = "a DTD (<!DOCTYPE ...>)"
    return f"unsafe GraphML refused ({name}): the file declares {what}; geokg never reads DTDs or entities"


def _read_graphml(p: Path, raw: bytes) -> nx.MultiDiGraph:
    import defusedxml.ElementTree as DET
    from defusedxml import DefusedXmlException

    try:
        root = DET.fromstring(raw, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise GraphFormatError(f"{p}: {_unsafe_xml_reason(raw, exc)}") from exc
    except Exception as exc:  # noqa: BLE001 - any parse failure is a format error for the user
        raise GraphFormatError(f"{p}: {_EXPECTED}, got XML that is not well-formed: {exc}") from exc
    tag = root.tag.rsplit("}", 1)[-1]
    if tag == "gexf":
        raise GraphFormatError(f"{p}: {_EXPECTED}, got GEXF (Gephi's format, which geokg writes but does not "
                               f"read); use graph.json or graph.graphml")
    if tag != "graphml":
        raise GraphFormatError(f"{p}: {_EXPECTED}, got XML whose root is <{tag}>, not <graphml>")
    if any(el.tag.startswith(_XINCLUDE) for el in root.iter()):
        raise GraphFormatError(f"{p}: unsafe GraphML refused: it uses XInclude (xi:include could pull in "
                               f"local files or URLs); remove the xi:include elements")
    try:
        # Safe now: the document has no DTD and no XInclude, and the stdlib parser fetches nothing else.
        G = nx.parse_graphml(raw, node_type=str, edge_key_type=str, force_multigraph=True)
    except Exception as exc:  # noqa: BLE001
        raise GraphFormatError(f"{p}: not valid GraphML: {exc}") from exc
    G = G if isinstance(G, nx.MultiDiGraph) else nx.MultiDiGraph(G)
    geokg_file = _decode_graphml_attrs(G)
    if geokg_file:
        # geokg's own GraphML: edges are keyed by relation label again, as in graph.json.
        H = nx.MultiDiGraph()
        H.graph.update(G.graph)
        H.add_nodes_from(G.nodes(data=True))
        for u, v, k, d in G.edges(keys=True, data=True):
            d.pop(_EDGE_ID, None)
            H.add_edge(u, v, key=d.get("relation", k), **d)
        G = H
    data = nx.node_link_data(G, edges="edges")
    # Other tools' GraphML carries attributes of its own kinds: only geokg's files must match the schema.
    problem = graph_data_problem(data) if geokg_file else _nonfinite_problem(data)
    if problem:
        raise GraphFormatError(f"{p}: not a valid geokg graph: {problem}")
    return G


def _nonfinite_problem(data: Any) -> str | None:
    if not has_nonfinite(data):
        return None
    return f"{nonfinite_path(data)}: NaN and Infinity are not allowed in a graph file; use a number or null"


def _decode_graphml_attrs(G: nx.MultiDiGraph) -> bool:
    """Decode JSON-encoded attributes in place; True when the file was written by geokg."""
    marker = G.graph.pop(_JSON_MARKER, None)
    try:
        names = json.loads(marker) if isinstance(marker, str) else None
    except ValueError:
        names = None
    geokg_file = isinstance(names, dict)
    if not geokg_file:
        names = {"graph": _JSON_ATTRS, "node": _JSON_ATTRS, "edge": _JSON_ATTRS}

    def decode(d: dict[str, Any], keys: Any) -> None:
        for key in set(keys or ()) & set(d):
            value = d[key]
            if isinstance(value, str) and value[:1] in "[{":
                try:
                    d[key] = json.loads(value)
                except ValueError:
                    pass

    decode(G.graph, names.get("graph"))
    for _, d in G.nodes(data=True):
        decode(d, names.get("node"))
        if geokg_file:
            if d.get("label") == d.get("name"):
                d.pop("label", None)
            for key, default in _NODE_DEFAULTS.items():
                d.setdefault(key, json.loads(json.dumps(default)))
    for _, _, d in G.edges(data=True):
        decode(d, names.get("edge"))
        if geokg_file:
            if d.get("label") == d.get("relation"):
                d.pop("label", None)
            for key, default in _EDGE_DEFAULTS.items():
                d.setdefault(key, json.loads(json.dumps(default)))
    return geokg_file
