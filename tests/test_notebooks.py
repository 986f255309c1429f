"""Execute every notebook in notebooks/ (they are documentation that must keep working)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

# Appended to the quick start before it runs: what a reader of the notebook is promised, checked.
QUICKSTART_CHECKS = f"""
assert len(records) == {len(list(EXAMPLES.glob("*.txt")))}, len(records)
assert all(r.entities for r in records) and sum(len(r.relations) for r in records) > 20
assert find_paths(G, 'India', 'Russia')[0].hops[0].evidence
page = out.read_text()
assert 'id="graph-data"' in page and 'India' in page and 'http://' not in page.split('<script>')[0]
print('checks passed')
"""


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_executes(path):
    import nbclient
    import nbformat

    nb = nbformat.read(path, as_version=4)
    if path.name == "quickstart.ipynb":
        nb.cells.append(nbformat.v4.new_code_cell(QUICKSTART_CHECKS))
    nbclient.NotebookClient(nb, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}}).execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    texts = ["".join(o.get("text", "")) for o in outputs]
    assert any("India" in t and ("-->" in t or "<--" in t) for t in texts), texts
    if path.name == "quickstart.ipynb":
        assert texts[-1] == "checks passed\n"


def test_notebooks_are_valid_and_use_only_the_public_api():
    import nbformat

    assert NOTEBOOKS, "notebooks/ should hold at least one notebook"
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        nbformat.validate(nb)
        code = [c.source for c in nb.cells if c.cell_type == "code"]
        assert code, f"{path.name} has no code"
        for source in code:
            for node in ast.walk(ast.parse(source)):
                if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("geokg"):
                    private = [p for p in node.module.split(".") if p.startswith("_")]
                    private += [a.name for a in node.names if a.name.startswith("_")]
                    assert not private, f"{path.name} imports private {node.module}: {private}"
