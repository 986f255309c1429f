"""The graph file schema (CONTRACT.md "Graph"): what a ``graph.json`` written by ``geokg build`` may contain.

Graph files are shared between colleagues and edited by hand, so every reader validates them against these
models before any query runs: a wrong type, a NaN or an Infinity becomes one message naming the field
(``edges[3] (country:SYR -> country:RUS, arms_buyer_of).weight``), never a traceback later on.

Known attributes are typed; unknown ones are allowed (GraphML from other tools, attributes added by users),
but may not hold NaN or Infinity either.

Examples:
    >>> data = {"directed": True, "multigraph": True, "graph": {},
    ...         "nodes": [{"id": "country:SYR", "type": "country", "name": "Syria"}],
    ...         "edges": [{"source": "country:SYR", "target": "country:SYR", "key": "met_with", "weight": "heavy"}]}
    >>> print(graph_data_problem(data))  # doctest: +ELLIPSIS
    edges[0] (country:SYR -> country:SYR, met_with).weight: Input should be a valid integer, ... (got 'heavy')
"""

from __future__ import annotations

import math
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, NonNegativeInt, ValidationError

__all__ = [
    "GraphData",
    "GraphEdge",
    "GraphEvidence",
    "GraphNode",
    "graph_data_problem",
    "has_nonfinite",
    "nonfinite_path",
]

EntityType = Literal["country", "person", "organization", "location"]
Modality = Literal["asserted", "reported", "hedged", "negated", "planned"]
QuadClass = Literal["verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict", "none"]

_OPEN = ConfigDict(extra="allow", allow_inf_nan=False)


class GraphEvidence(BaseModel):
    """One evidence item of an edge."""

    model_config = _OPEN

    doc_id: str | None = None
    text: str = ""
    start: NonNegativeInt | None = None
    end: NonNegativeInt | None = None
    modality: Modality | None = None
    attributed_to: str | None = None
    confidence: float | None = Field(default=None, ge=0.0, le=1.0)
    derived_from: str | None = None


class GraphNode(BaseModel):
    """A node of ``graph.json``: an entity id with its attributes."""

    model_config = _OPEN

    id: str = Field(min_length=1)
    type: EntityType | None = None
    name: str | None = None
    aliases: list[str] = Field(default_factory=list)
    iso3: str | None = None
    country: str | None = None
    mentions: NonNegativeInt = 0
    documents: NonNegativeInt = 0


class GraphEdge(BaseModel):
    """An edge of ``graph.json``: one relation label between two entities, with all its evidence."""

    model_config = _OPEN

    source: str
    target: str
    key: str | None = None
    relation: str | None = Field(default=None, pattern=r"^[a-z][a-z0-9_]*$")
    weight: NonNegativeInt = 0
    modalities: dict[Modality, NonNegativeInt] = Field(default_factory=dict)
    modality: Modality | None = None
    claimed: bool = True
    symmetric: bool = False
    derived: bool = False
    derived_from: list[str] = Field(default_factory=list)
    confidence: float | None = Field(default=None, ge=0.0, le=1.0)
    first_seen: str | None = None
    last_seen: str | None = None
    cameo: str | None = None
    plover: str | None = None
    quad_class: QuadClass | None = None
    score: float | None = Field(default=None, ge=-10.0, le=10.0)
    evidence: list[GraphEvidence] = Field(default_factory=list)
    attributes: dict[str, Any] = Field(default_factory=dict)


class _DocumentInfo(BaseModel):
    model_config = _OPEN

    title: str | None = None
    date: str | None = None
    source: str | None = None


class _GraphAttrs(BaseModel):
    model_config = _OPEN

    name: str | None = None
    documents: dict[str, _DocumentInfo | None] = Field(default_factory=dict)
    warnings: list[str] = Field(default_factory=list)


class GraphData(BaseModel):
    """NetworkX node-link data of a geokg MultiDiGraph (``edges`` or the older ``links``)."""

    model_config = _OPEN

    directed: bool = True
    multigraph: bool = True
    graph: _GraphAttrs = Field(default_factory=_GraphAttrs)
    nodes: list[GraphNode]
    edges: list[GraphEdge]


def has_nonfinite(value: Any) -> bool:
    """True when ``value`` holds a NaN or an Infinity anywhere (a fast walk; no paths are built).

    Examples:
        >>> has_nonfinite({"a": [1.0, {"b": float("inf")}]}), has_nonfinite({"a": [1.0, "nan"]})
        (True, False)
    """
    stack = [value]
    isfinite = math.isfinite
    while stack:
        v = stack.pop()
        if type(v) is float:
            if not isfinite(v):
                return True
        elif isinstance(v, dict):
            stack.extend(v.values())
        elif isinstance(v, (list, tuple)):
            stack.extend(v)
        elif isinstance(v, float) and not isfinite(v):
            return True
    return False


def nonfinite_path(value: Any, path: str = "") -> str | None:
    """Where ``value`` holds a NaN or an Infinity (``edges[2].score``), or None.

    Examples:
        >>> nonfinite_path({"nodes": [{"id": "a", "x": float("nan")}]})
        'nodes[0].x'
    """
    stack: list[tuple[Any, str]] = [(value, path)]
    while stack:
        v, p = stack.pop()
        if isinstance(v, float) and not math.isfinite(v):
            return p or "(value)"
        if isinstance(v, dict):
            stack.extend((x, f"{p}.{k}" if p else str(k)) for k, x in reversed(list(v.items())))
        elif isinstance(v, (list, tuple)):
            stack.extend((x, f"{p}[{i}]") for i, x in reversed(list(enumerate(v))))
    return None


def _where(loc: tuple[Any, ...], data: Any) -> str:
    out = ""
    cur: Any = data
    for i, part in enumerate(loc):
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
        try:
            cur = cur[part]
        except (KeyError, IndexError, TypeError):
            cur = None
        if i == 1 and loc[0] in ("nodes", "edges") and isinstance(cur, dict):
            if loc[0] == "nodes" and isinstance(cur.get("id"), str):
                out += f" ({cur['id']!s:.60})"
            elif loc[0] == "edges":
                key = cur.get("key", cur.get("relation"))
                out += f" ({cur.get('source')!s:.40} -> {cur.get('target')!s:.40}{', ' + str(key) if key else ''})"
    return out


def graph_data_problem(data: Any, *, edges_key: str = "edges", check_nonfinite: bool = True) -> str | None:
    """Validate node-link graph data; return a one-line description of the first problem, or None.

    The line names the field (with the node id or the edge's endpoints), says what was expected and
    what was found, and counts further problems. ``check_nonfinite=False`` skips the search for NaN and
    Infinity in attributes the schema does not know (for callers that already know there are none, e.g.
    a JSON parser that met no NaN/Infinity token).
    """
    if not isinstance(data, dict):
        return f"expected a JSON object with 'nodes' and 'edges', got {type(data).__name__}"
    if edges_key != "edges":
        data = {**{k: v for k, v in data.items() if k != edges_key}, "edges": data.get(edges_key)}
    try:
        GraphData.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        first = errors[0]
        where = _where(tuple(first["loc"]), data) or "graph"
        got = first.get("input")
        shown = "" if first["type"] == "missing" else f" (got {_short(got)})"
        more = f" (and {len(errors) - 1} more problem{'s' if len(errors) > 2 else ''})" if len(errors) > 1 else ""
        return f"{where}: {first['msg']}{shown}{more}"
    if check_nonfinite and has_nonfinite(data):
        return f"{nonfinite_path(data)}: NaN and Infinity are not allowed in a graph file; use a number or null"
    return None


def _short(value: Any) -> str:
    if isinstance(value, (dict, list)):
        kind = "an object" if isinstance(value, dict) else "a list"
        return f"{kind} of {len(value)}"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
