"""render_html: escaping, no remote resources, focus/max_nodes, and a real render in headless chromium."""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from geokg.graph import build_graph, render_html

from geokg.errors import EntityNotFound

_spec = importlib.util.spec_from_file_location("graph_records", Path(__file__).with_name("_records.py"))
R = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(R)

SYR, RUS, GEO, ISR = "country:SYR", "country:RUS", "country:GEO", "country:ISR"
XSS = "<script>alert(1)</script>"
BREAKOUT = "</script><img src=x onerror=alert(2)>"
CHROMIUM = "/usr/bin/chromium"


def _evil_graph():
    evil = "person:evil"
    rels = [
        R.relation(evil, "met_with", SYR, f"He said {BREAKOUT} and {XSS} & left <!-- now"),
        R.relation(SYR, "arms_buyer_of", RUS, "Damascus buys Russian jets.", modality="reported"),
        R.relation(RUS, "deployed_forces_to", GEO, "Russian forces moved into Georgia."),
        R.relation(ISR, "arms_supplier_of", GEO, "Israel did not sell drones to Georgia.", modality="negated"),
    ]
    ents = [
        R.entity(evil, name=XSS, aliases=[BREAKOUT]),
        R.entity(SYR),
        R.entity(RUS),
        R.entity(GEO),
        R.entity(ISR),
    ]
    return build_graph([R.record(f"doc{XSS}", rels, entities=ents)])


def _payload(html: str) -> dict:
    m = re.search(r'<script id="graph-data" type="application/json">(.*?)</script>', html, re.S)
    assert m, "graph data block missing"
    return json.loads(m.group(1))


def test_render_html_escapes_document_strings(tmp_path):
    html = render_html(_evil_graph(), tmp_path / "m.html", title=f"Map {XSS}").read_text()
    assert XSS not in html
    assert BREAKOUT not in html
    assert "<img" not in html and "<!-- now" not in html
    assert "<title>Map &lt;script&gt;alert(1)&lt;/script&gt;</title>" in html
    # exactly our own script elements: vis-network, the JSON block, the page script
    assert len(re.findall(r"<script\b", html)) == 3
    data = _payload(html)
    node = next(n for n in data["nodes"] if n["id"] == "person:evil")
    assert node["label"] == XSS and node["aliases"] == [BREAKOUT]  # the text survives, as data
    edge = next(e for e in data["edges"] if e["relation"] == "met_with")
    assert BREAKOUT in edge["evidence"][0]["text"] and edge["evidence"][0]["doc_id"] == f"doc{XSS}"


def test_render_html_page_script_never_uses_html_sinks():
    template = (Path(__file__).resolve().parents[2] / "graph" / "templates" / "map.html").read_text()
    page_script = template.rsplit("<script>", 1)[1]
    assert not re.search(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(", page_script)


def test_render_html_loads_no_remote_resources(tmp_path):
    html = render_html(_evil_graph(), tmp_path / "m.html").read_text()
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", html, re.I)
    assert not re.search(r"""@import|url\(\s*["']?(?:https?:)?//""", html, re.I)
    assert "sourceMappingURL" not in html
    assert "default-src 'none'" in html  # the CSP forbids fetching anything, should something slip in


def test_render_html_styles_unclaimed_and_conflict_edges(tmp_path):
    data = _payload(render_html(_evil_graph(), tmp_path / "m.html").read_text())
    by_rel = {e["relation"]: e for e in data["edges"]}
    assert by_rel["arms_supplier_of"]["dashes"] is True and by_rel["arms_supplier_of"]["claimed"] is False
    assert by_rel["deployed_forces_to"]["dashes"] is False
    assert by_rel["deployed_forces_to"]["color"] != by_rel["arms_buyer_of"]["color"]
    assert by_rel["met_with"]["arrows"] == "" and by_rel["arms_buyer_of"]["arrows"] == "to"


def test_render_html_focus_and_max_nodes_note_hidden_actors(tmp_path):
    G = _evil_graph()
    data = _payload(render_html(G, tmp_path / "f.html", focus="georgia", hops=1).read_text())
    assert {n["id"] for n in data["nodes"]} == {GEO, RUS, ISR}
    data = _payload(render_html(G, tmp_path / "m.html", max_nodes=2).read_text())
    assert len(data["nodes"]) == 2 and data["hidden"] == 3
    assert "3 less-connected actors hidden" in data["summary"]
    data = _payload(render_html(G, tmp_path / "r.html", relations=["deployed_forces_to"]).read_text())
    assert {n["id"] for n in data["nodes"]} == {GEO, RUS} and data["relations"] == ["deployed_forces_to"]
    with pytest.raises(EntityNotFound):
        render_html(G, tmp_path / "x.html", focus="Mordor")


def _dump_dom(tmp_path, url: str) -> tuple[str, subprocess.CompletedProcess]:
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium); CI installs it")
    cmd = [
        CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium"),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--no-first-run",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}",
        "--window-size=1400,900",
        "--virtual-time-budget=10000",
        "--dump-dom",
        url,
    ]
    run = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)
    return run.stdout, run


@pytest.mark.browser
def test_render_html_draws_the_network_in_headless_chromium(tmp_path):
    page = render_html(_evil_graph(), tmp_path / "map.html")
    dom, run = _dump_dom(tmp_path, page.as_uri())
    map_div = re.search(r'<div id="map"[^>]*>', dom)
    assert 'data-geokg-rendered="true"' in dom, (run.returncode, map_div, run.stderr[-1500:], len(dom))
    assert 'data-nodes="5"' in dom and "<canvas" in dom
    body = re.sub(r'<script id="graph-data".*?</script>', "", dom, flags=re.S)
    assert XSS not in body and "<img" not in body  # document text never became markup


@pytest.mark.browser
def test_render_html_actor_panel_lists_negated_relations_with_their_modality(tmp_path):
    page = render_html(_evil_graph(), tmp_path / "map.html")
    dom, run = _dump_dom(tmp_path, page.as_uri() + "#select=" + ISR)
    panel = dom.split('<div id="details">', 1)[-1]
    assert "<h2>Israel</h2>" in panel, run.stderr[-1500:]
    row = re.search(r'<div class="ev unclaimed" data-modality="negated">(.*?)</div>', panel, re.S)
    assert row, panel[:2000]
    assert "arms_supplier_of" in row.group(1) and "negated · not fact" in row.group(1)


def test_render_html_survives_nan_and_infinity(tmp_path):
    G = _evil_graph()
    G.nodes[SYR]["mentions"] = float("nan")
    G.edges[SYR, RUS, "arms_buyer_of"]["score"] = float("inf")
    html = render_html(G, tmp_path / "m.html").read_text()
    data = _payload(html)  # strict JSON: a NaN would make the browser's JSON.parse fail
    assert "NaN" not in html.split('type="application/json">')[1].split("</script>")[0]
    assert {n["id"] for n in data["nodes"]} >= {SYR, RUS}
