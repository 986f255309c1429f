"""The layers run one way: schemas <- extractors, graph <- geokg (API, CLI, engines).

Checked on the source with ``ast`` (every ``import`` and ``from ... import``, also inside functions), so a
lazy import cannot hide a violation.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: folder in the repository -> (its package, the geokg packages it may import besides itself)
LAYERS = {
    "schemas": ("geokg.schemas", set()),
    "extractors": ("geokg.extractors", {"geokg.schemas"}),
    "graph": ("geokg.graph", {"geokg.schemas"}),
    "src/geokg": ("geokg", {"geokg.schemas", "geokg.extractors", "geokg.graph"}),
}
#: third-party imports a layer must never make
FORBIDDEN = {"graph": {"spacy", "thinc"}, "schemas": {"spacy", "thinc", "networkx"}}


def _imports(source: str) -> list[tuple[int, str]]:
    out = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            out += [(node.lineno, node.module)]
            if node.module == "geokg":  # "from geokg import extractor" names a submodule
                out += [(node.lineno, f"geokg.{a.name}") for a in node.names]
    return out


def _layer_of(module: str) -> str | None:
    """The geokg package a module belongs to (``geokg.graph._io`` -> ``geokg.graph``)."""
    if module != "geokg" and not module.startswith("geokg."):
        return None
    parts = module.split(".")
    if len(parts) >= 2 and parts[1] in ("schemas", "extractors", "graph"):
        return ".".join(parts[:2])
    return "geokg"


def violations(folder: str, files: dict[str, str]) -> list[str]:
    """Every import in ``files`` (name -> source) that the layer ``folder`` may not make."""
    own, allowed = LAYERS[folder]
    bad = []
    for name, source in files.items():
        for line, module in _imports(source):
            top = module.split(".")[0]
            if top in FORBIDDEN.get(folder, set()):
                bad.append(f"{folder}/{name}:{line} imports {module}")
            layer = _layer_of(module)
            if layer is None or layer == own or layer in allowed:
                continue
            if own == "geokg" and layer == "geokg":
                continue
            may = sorted(allowed) or "nothing of ours"
            bad.append(f"{folder}/{name}:{line} imports {module} ({own} may import only {may})")
    return bad


@pytest.mark.parametrize("folder", sorted(LAYERS))
def test_layers_imports_run_one_way(folder):
    files = {str(p.relative_to(ROOT / folder)): p.read_text(encoding="utf-8") for p in (ROOT / folder).rglob("*.py")}
    assert files, f"no Python files under {folder}/"
    assert violations(folder, files) == []


@pytest.mark.parametrize(
    ("folder", "source", "culprit"),
    [
        ("graph", "from geokg.errors import GeokgError\n", "geokg.errors"),
        ("graph", "def f():\n    import spacy\n", "spacy"),
        ("extractors", "from geokg.graph import build_graph\n", "geokg.graph"),
        ("schemas", "from geokg.extractors import build_pipeline\n", "geokg.extractors"),
        ("schemas", "import networkx as nx\n", "networkx"),
        ("extractors", "from geokg import extractor\n", "geokg.extractor"),
    ],
)
def test_layers_check_catches_a_violation(folder, source, culprit):
    found = violations(folder, {"planted.py": source})
    assert len(found) >= 1 and culprit in found[0]


def test_layers_check_allows_the_layer_below():
    assert violations("graph", {"ok.py": "from geokg.schemas.errors import GraphFormatError\nimport networkx\n"}) == []
    assert violations("src/geokg", {"ok.py": "from geokg.graph import build_graph\nfrom geokg import errors\n"}) == []
