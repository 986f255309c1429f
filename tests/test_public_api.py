"""Pin the public API: changing it must be a deliberate act."""

from __future__ import annotations

import geokg.graph
import geokg.schemas

import geokg


def test_public_api_geokg_all_is_pinned():
    assert sorted(geokg.__all__) == sorted([
        "DataFileError", "Document", "DocumentError", "Entity", "EntityNotFound", "Evidence", "Extraction",
        "Extractor", "GeokgError", "GraphFormatError", "InputError", "Mention", "ModelNotFound", "Relation",
        "__version__", "doc_to_extraction", "extract_text",
    ])
    for name in geokg.__all__:
        assert getattr(geokg, name) is not None


def test_public_api_schemas_and_graph_export_what_they_list():
    for mod in (geokg.schemas, geokg.graph):
        for name in mod.__all__:
            assert hasattr(mod, name), f"{mod.__name__}.{name}"


def test_public_api_graph_does_not_import_spacy(tmp_path):
    import subprocess
    import sys

    code = "import sys, geokg.graph, geokg.errors; print('spacy' in sys.modules)"
    # run outside the checkout so the installed package is imported, not the source folder
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=tmp_path).stdout
    assert out.strip() == "False"
