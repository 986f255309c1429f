"""Shared fixtures (the only place for them)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def nlp():
    """The default offline pipeline, built once per test session."""
    from geokg.extractors import build_pipeline

    return build_pipeline()


@pytest.fixture(scope="session")
def extractor(nlp):
    """An Extractor sharing the session pipeline."""
    from geokg.pipeline import Extractor

    return Extractor(nlp=nlp)


@pytest.fixture
def extract(extractor):
    """Extract one record from a string: ``extract("Russia threatened Georgia.")``."""
    from geokg.schemas import Document

    def run(text: str, doc_id: str = "t"):
        return next(extractor.extract([Document(doc_id=doc_id, text=text)]))

    return run
